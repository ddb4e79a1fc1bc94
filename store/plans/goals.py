"""Goals (one business and one personal per cycle) and their lag and lead measures, typed or bound
to fcc's data."""

from __future__ import annotations

import json
from typing import Any

from fcc.store import records_plans as rp
from fcc.store import tables as t
from fcc.store.boards import fields
from fcc.store.errors import InvalidInput, UnknownId
from fcc.store.names import check_name_text, check_note_text, name_key
from fcc.store.plans.build import goal_records
from fcc.store.plans.fields import SCOPE_KEYS, target_value
from fcc.store.plans.items import PlanItemWrites
from fcc.store.plans.measures import MeasureReadVerbs

MEASURE_KEYS = ("name", "kind", "target", "unit", "source", "period", "scope")
UNIT_MAX = 20


class GoalVerbs(PlanItemWrites, MeasureReadVerbs):
    """set_goal, remove_goal, goals, add_measure, edit_measure, remove_measure, record_measure."""

    # --- goals -------------------------------------------------------------------------------

    def set_goal(self, kind: str, title: str, *, why: str | None = None,
                 cycle: object = None) -> rp.Goal:
        """The cycle's goal of that kind, made or changed (a cycle has one of each)."""
        which = _goal_kind(kind)
        text = fields.title(title)
        reason = None if why is None else _text(why, "why")
        with self._plan_change("plan goal set") as batch:
            row = self._ensure_midpoint(self._cycle_row(cycle))
            goal = t.Goal.get_or_none((t.Goal.cycle == row.id) & (t.Goal.kind == which))
            if goal is None:
                goal = self._create_row("goal", t.Goal, cycle=row.id, kind=which, title=text,
                                        why=reason or "")
                batch.message = f"set the {which} goal of {row.name}: {text}"
            else:
                changes: dict[str, Any] = {"title": text}
                if reason is not None:
                    changes["why"] = reason
                goal = self._set_row("goal", goal, **changes)
                batch.message = f"change the {which} goal of {row.name}: {text}"
        return self._goal_records(row, [goal.id])[0]

    def remove_goal(self, kind_or_id: object, cycle: object = None) -> None:
        """Remove a goal with its measures and tactics (its tactics' open items in weeks not
        ended go too; its other items stay, without a goal)."""
        with self._plan_change("plan goal remove") as batch:
            row = self._ensure_midpoint(self._goal_cycle(kind_or_id, cycle))
            goal = self._goal_row(row, kind_or_id)
            for tactic in t.Tactic.select().where(t.Tactic.goal == goal.id).order_by(t.Tactic.id):
                self._remove_tactic_row(row, tactic)
            for item in t.PlanItem.select().where(t.PlanItem.goal == goal.id):
                self._set_row("plan_item", item, goal=None)
            for measure in t.Measure.select().where(t.Measure.goal == goal.id):
                self._delete_measure_row(measure)
            self._delete_row("goal", goal)
            batch.message = f"remove the {goal.kind} goal of {row.name}: {goal.title}"

    def goals(self, cycle: object = None) -> list[rp.Goal]:
        """The cycle's goals, business first, with measures (and actuals), tactics, score."""
        row = self._cycle_row(cycle)
        ids = [g.id for g in t.Goal.select(t.Goal.id).where(t.Goal.cycle == row.id)]
        return self._goal_records(row, ids)

    def _goal_records(self, cycle: t.Cycle, ids: list[int]) -> list[rp.Goal]:
        return goal_records(self, cycle, ids)

    # --- measures ----------------------------------------------------------------------------

    def add_measure(self, goal: object, kind: str, name: str, *, target: object = None,
                    unit: str = "", source: str = "manual", period: str | None = None,
                    scope: dict[str, Any] | None = None, cycle: object = None) -> rp.Measure:
        """A lag (the result) or lead (an action) measure of a goal; typed by hand
        (``manual``) or computed from tracked ``hours`` or the ``billed`` amount on a scope."""
        which = _choice(kind, rp.MEASURE_KINDS, "kind")
        label = _measure_name(name)
        aim = None if target is None else target_value(target, "target")
        whence = _choice(source, rp.MEASURE_SOURCES, "source")
        every = (_choice(period, rp.MEASURE_PERIODS, "period") if period is not None
                 else ("cycle" if which == "lag" else "week"))
        measure_unit = _unit(unit)
        if not measure_unit and whence == "hours":
            measure_unit = "h"
        elif not measure_unit and whence == "billed":
            measure_unit = self.prefs.currency
        if scope and whence == "manual":
            raise InvalidInput("scope", "no scope for a typed measure (only 'hours' and "
                               "'billed' ones are computed on a scope)", scope)
        with self._plan_change("plan measure add") as batch:
            row = self._ensure_midpoint(self._goal_cycle(goal, cycle))
            goal_row = self._goal_row(row, goal)
            stored = self._scope(scope)
            bottom = (t.Measure.select(t.Measure.position).where(t.Measure.goal == goal_row.id)
                      .order_by(t.Measure.position.desc()).limit(1).scalar())
            measure = self._create_row(
                "measure", t.Measure, goal=goal_row.id, kind=which, name=label, unit=measure_unit,
                target=aim, source=whence, period=every, scope=json.dumps(stored),
                position=0 if bottom is None else int(bottom) + 1)
            batch.message = f"add {which} measure {label} to the {goal_row.kind} goal"
        return self._measure_record(measure.id)

    def edit_measure(self, measure_id: object, changes: dict[str, Any]) -> rp.Measure:
        fields.check_keys(changes, MEASURE_KEYS)
        values: dict[str, Any] = {}
        if "name" in changes:
            values["name"] = _measure_name(changes["name"])
        if "kind" in changes:
            values["kind"] = _choice(changes["kind"], rp.MEASURE_KINDS, "kind")
        if "target" in changes:
            values["target"] = (None if changes["target"] is None
                                else target_value(changes["target"], "target"))
        if "unit" in changes:
            values["unit"] = _unit(changes["unit"] or "")
        if "source" in changes:
            values["source"] = _choice(changes["source"], rp.MEASURE_SOURCES, "source")
        if "period" in changes:
            values["period"] = _choice(changes["period"], rp.MEASURE_PERIODS, "period")
        with self._plan_change("plan measure edit") as batch:
            row = self._measure_row(measure_id)
            self._ensure_midpoint(self._measure_cycle(row))
            source = values.get("source", row.source)
            if "scope" in changes:
                values["scope"] = json.dumps(self._scope(changes["scope"]))
            scoped = json.loads(values.get("scope", row.scope) or "{}")
            if scoped and source == "manual":
                raise InvalidInput("scope", "no scope for a typed measure (only 'hours' and "
                                   "'billed' ones are computed on a scope)", changes.get("scope"))
            row = self._set_row("measure", row, **values)
            batch.message = f"edit measure {row.name}"
        return self._measure_record(row.id)

    def remove_measure(self, measure_id: object) -> None:
        with self._plan_change("plan measure remove") as batch:
            row = self._measure_row(measure_id)
            self._ensure_midpoint(self._measure_cycle(row))
            self._delete_measure_row(row)
            batch.message = f"remove measure {row.name}"

    def record_measure(self, measure_id: object, value: object, *,
                       week: object = None) -> rp.Measure:
        """Type a measure's value: for a week (1-12; default today's for a weekly measure) or
        the whole cycle (0; the default for a cycle measure). Typed measures only."""
        amount = target_value(value, "value")
        with self._plan_change("plan measure record") as batch:
            row = self._measure_row(measure_id)
            cycle = self._ensure_midpoint(self._measure_cycle(row))
            if row.source != "manual":
                raise InvalidInput("measure", f"a typed measure ({row.name} is computed from "
                                   f"{row.source}: its values come from fcc's data)",
                                   measure_id)
            if week is None:
                number = 0 if row.period == "cycle" else self._plan_week(cycle, None)
            elif week in (0, "0"):
                number = 0
            else:
                number = self._check_week(week)
            old = t.MeasureValue.get_or_none((t.MeasureValue.measure == row.id)
                                             & (t.MeasureValue.week == number))
            if old is None:
                self._create_row("measure_value", t.MeasureValue, measure=row.id, week=number,
                                 value=amount, recorded_at=self.clock.now())
            else:
                self._set_row("measure_value", old, value=amount, recorded_at=self.clock.now())
            when = "the cycle" if number == 0 else f"week {number}"
            batch.message = f"record {row.name} = {amount} for {when}"
        return self._measure_record(row.id)

    # --- helpers -----------------------------------------------------------------------------

    def _measure_row(self, ref: object) -> t.Measure:
        text = str(ref).strip().lstrip("#") if isinstance(ref, (int, str)) else ""
        if isinstance(ref, bool) or not (text.isascii() and text.isdigit()):
            raise InvalidInput("measure", "a measure id like 3", ref)
        row = t.Measure.get_or_none(t.Measure.id == int(text))
        if row is None:
            raise UnknownId(f"measure: no measure #{text}")
        return row

    def _measure_cycle(self, row: t.Measure) -> t.Cycle:
        return t.Cycle.get_by_id(t.Goal.get_by_id(row.goal_id).cycle_id)

    def _measure_record(self, measure_id: int) -> rp.Measure:
        row = self._measure_row(measure_id)
        found = self._measure_records([row.goal_id], self._measure_cycle(row))
        return next(m for m in found[row.goal_id] if m.id == measure_id)

    def _delete_measure_row(self, row: t.Measure) -> None:
        for value in t.MeasureValue.select().where(t.MeasureValue.measure == row.id):
            self._delete_row("measure_value", value)
        self._delete_row("measure", row)

    def _scope(self, scope: object) -> dict[str, list[Any]]:
        """A measure's scope with clients, projects and cards as ids (checked), tags as
        written (once each, by name_key)."""
        if scope is None:
            return {}
        if not isinstance(scope, dict):
            raise InvalidInput("scope", "projects, clients, cards or tags to count", scope)
        fields.check_keys(scope, SCOPE_KEYS)
        out: dict[str, list[Any]] = {}
        for key in SCOPE_KEYS:
            given = scope.get(key) or []
            if isinstance(given, (str, int)):
                given = [given]
            if not isinstance(given, (list, tuple)):
                raise InvalidInput("scope", f"a list of {key}", given)
            ids: list[Any] = []
            for ref in given:
                if key == "tags":
                    try:
                        tag = fields.tags([ref])[0] if isinstance(ref, str) else None
                    except InvalidInput:
                        tag = None
                    if tag is None:
                        raise InvalidInput("scope", "tags by name, like deep", ref)
                    if all(name_key(tag) != name_key(x) for x in ids):
                        ids.append(tag)
                    continue
                found = self._scope_id(key, ref)
                if found not in ids:
                    ids.append(found)
            if ids:
                out[key] = ids
        return out

    def _scope_id(self, key: str, ref: object) -> int:
        number = ref if isinstance(ref, int) and not isinstance(ref, bool) else None
        if key == "cards":
            return self._card_row(ref, field="scope").id
        model = t.Client if key == "clients" else t.Project
        if number is not None:
            if model.get_or_none(model.id == number) is None:
                raise UnknownId(f"scope: no {key[:-1]} with id {number}")
            return number
        if not isinstance(ref, str):
            raise InvalidInput("scope", f"a {key[:-1]} name or id", ref)
        if key == "clients":
            return int(self._client_row(ref).id)
        return int(self._project_row(ref).id)


def _goal_kind(value: object) -> str:
    text = value.strip().lower() if isinstance(value, str) else value
    if text not in rp.GOAL_KINDS:
        raise InvalidInput("kind", "business or personal (a cycle has one goal of each)", value)
    return str(text)


def _choice(value: object, allowed: tuple[str, ...], field: str) -> str:
    text = value.strip().lower() if isinstance(value, str) else value
    if text not in allowed:
        raise InvalidInput(field, " or ".join(allowed), value)
    return str(text)


def _measure_name(value: object) -> str:
    if not isinstance(value, str):
        raise InvalidInput("name", "a measure name like Billed revenue", value)
    text = check_name_text(value, "name", "measure name")
    if not text or len(text) > 200:
        raise InvalidInput("name", "a measure name of 1 to 200 characters", value)
    return text


def _unit(value: object) -> str:
    if not isinstance(value, str):
        raise InvalidInput("unit", "a unit like h, EUR or calls", value)
    text = check_name_text(value, "unit", "unit")
    if len(text) > UNIT_MAX:
        raise InvalidInput("unit", f"a unit of at most {UNIT_MAX} characters", value)
    return text


def _text(value: object, field: str) -> str:
    if not isinstance(value, str):
        raise InvalidInput(field, "text", value)
    return check_note_text(value, field, "text").strip()

