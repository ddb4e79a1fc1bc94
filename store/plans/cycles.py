"""The vision and cycles: set the vision, start (draft) a cycle with its twelve weekly plans, list
and show cycles, rename one, delete a draft, lock the midpoint by hand."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import peewee as pw

from fcc.store import records_plans as rp
from fcc.store import tables as t
from fcc.store.boards import fields
from fcc.store.errors import InvalidInput
from fcc.store.names import check_note_text, name_key
from fcc.store.plans.base import PlanBase, locks_on, review_end
from fcc.store.plans.build import cycle_record, vision_record
from fcc.store.prefs import WEEKDAYS

START_EXPECTED = "a date like 2026-11-30 or monday"
HORIZON_MAX = 50
LOCK_FROM_WEEK = 5  # the lock may be set by hand from week 5 on (week 6's review locks anyway)
# A cycle's plan rows and the rows under them, children first: how a draft is deleted (each
# row logged, so undo brings it back).
_CYCLE_CHILDREN = ("plan_item", "weekly_plan", "measure_value", "measure", "tactic", "goal",
                   "journal_message", "journal_session")


class CycleVerbs(PlanBase):
    """vision, set_vision, start_cycle, cycles, cycle, lock_midpoint, rename_cycle,
    delete_cycle (contract14.md)."""

    # --- the vision --------------------------------------------------------------------------

    def vision(self) -> rp.Vision | None:
        row = t.Vision.select().order_by(t.Vision.id).first()
        return None if row is None else vision_record(row)

    def set_vision(self, *, title: str | None = None, body: str | None = None,
                   three_year: str | None = None,
                   horizon_years: int | str | None = None) -> rp.Vision:
        """Change the vision (made when there is none: a cycle started later links to it)."""
        changes: dict[str, object] = {}
        if title is not None:
            changes["title"] = fields.ref_name(title, "title", limit=200, kind="title")
        if body is not None:
            changes["body"] = _text(body, "body")
        if three_year is not None:
            changes["three_year"] = _text(three_year, "three_year")
        if horizon_years is not None:
            changes["horizon_years"] = _horizon(horizon_years)
        with self._plan_change("plan vision") as batch:
            row = t.Vision.select().order_by(t.Vision.id).first()
            if row is None:
                changes.setdefault("title", "Vision")
                row = self._create_row("vision", t.Vision, **changes)
                # Cycles drafted before the vision existed link to it now.
                for cycle in t.Cycle.select().where(t.Cycle.vision.is_null()):
                    self._set_row("cycle", cycle, vision=row.id)
            else:
                row = self._set_row("vision", row, **changes)
            batch.message = "set the vision"
        return vision_record(row)

    # --- cycles ------------------------------------------------------------------------------

    def start_cycle(self, start: dt.date | str, *, name: str | None = None) -> rp.Cycle:
        """A new cycle from ``start`` (the user's week start) with its twelve weekly plans
        (quota 0). It may lie ahead (a draft); it never overlaps another's thirteen weeks."""
        first = fields.day(start, "start", START_EXPECTED, now=self.clock.now(),
                           zone=self.prefs.zone)
        week_start = self.prefs.week_start
        if first.weekday() != week_start:
            day, given = WEEKDAYS[week_start].capitalize(), WEEKDAYS[first.weekday()].capitalize()
            raise InvalidInput("start", f"a {day} (your week starts on {day}; "
                               f"{first.isoformat()} is a {given})", start)
        if self._today() >= locks_on(first):
            # Its weeks 1-6 would be over and weeks 7-12 locked at once with a quota of 0: no
            # week could ever be scored, and a locked cycle is never removed — it would hold
            # its 13 weeks of the calendar against the cycle meant.
            raise InvalidInput("start", "a start whose week 7 is still ahead (a cycle from "
                               f"{first.isoformat()} would be past its midpoint already: weeks "
                               "7-12 locked with nothing planned, and a locked cycle is never "
                               "removed)", start)
        label = (_cycle_name(name) if name is not None
                 else f"12 weeks from {first.isoformat()}")
        with self._plan_change("plan cycle start") as batch:
            last = review_end(first)
            for other in t.Cycle.select().order_by(t.Cycle.start_date):
                other_end = review_end(other.start_date)
                if other.start_date <= last and first <= other_end:
                    raise InvalidInput(
                        "start", f"a start whose 13 weeks miss {other.name} "
                        f"({other.start_date.isoformat()} to {other_end.isoformat()} with its "
                        "review week): cycles never overlap", first.isoformat())
            self._check_cycle_name_free(label)
            vision = t.Vision.select(t.Vision.id).order_by(t.Vision.id).first()
            row = self._create_row("cycle", t.Cycle, name=label, start_date=first,
                                   vision=None if vision is None else vision.id)
            for week in range(1, rp.WEEKS + 1):
                self._create_row("weekly_plan", t.WeeklyPlan, cycle=row.id, week=week, quota=0)
            batch.message = f"start cycle {label}"
        return cycle_record(row, self._today())

    def cycles(self) -> list[rp.Cycle]:
        today = self._today()
        return [cycle_record(r, today) for r in t.Cycle.select().order_by(t.Cycle.start_date)]

    def cycle(self, ref: object = None) -> rp.Cycle:
        """A cycle by id, name or a date in it; None: the current one (else the next draft)."""
        return cycle_record(self._cycle_row(ref), self._today())

    def rename_cycle(self, cycle: object, name: str) -> rp.Cycle:
        label = _cycle_name(name)
        with self._plan_change("plan cycle rename") as batch:
            row = self._ensure_midpoint(self._cycle_row(cycle))
            self._check_cycle_name_free(label, row.id)
            old = row.name
            row = self._set_row("cycle", row, name=label)
            batch.message = f"rename cycle {old} to {label}"
        return cycle_record(row, self._today())

    def delete_cycle(self, cycle: object) -> None:
        """Delete a drafted cycle (one that has not started) with everything planned in it."""
        with self._plan_change("plan cycle delete") as batch:
            row = self._cycle_row(cycle)
            if row.start_date <= self._today():
                raise InvalidInput("cycle", f"a drafted cycle ({row.name} started on "
                                   f"{row.start_date.isoformat()}; only a draft is deleted)",
                                   cycle)
            for entity in _CYCLE_CHILDREN:
                for child in _children(entity, row.id):
                    self._delete_row(entity, child)
            self._delete_row("cycle", row)
            batch.message = f"delete cycle {row.name}"

    def lock_midpoint(self, cycle: object = None) -> rp.Cycle:
        """Lock weeks 7-12 now (from week 5 on); the lock is set anyway by week 6's review or
        when week 7 begins. Locking a locked cycle changes nothing."""
        with self._plan_change("plan cycle lock") as batch:
            row = self._cycle_row(cycle)
            if row.midpoint_locked_at is None and self._today() >= row.start_date:
                row = self._ensure_midpoint(row)  # due already: dated when it fell due
                if row.midpoint_locked_at is not None:
                    batch.message = f"lock weeks 7-12 of {row.name}"
            if row.midpoint_locked_at is None:
                week = self._week_of(row)
                early = self._today() < row.start_date
                if early or (week is not None and week < LOCK_FROM_WEEK):
                    now = "before its week 1" if early else f"in week {week}"
                    raise InvalidInput(
                        "cycle", f"a cycle in week {LOCK_FROM_WEEK} or later ({row.name} is "
                        f"{now}: weeks 7-12 are locked near the midpoint, once the first half "
                        "shows what a week holds)", cycle)
                row = self._lock_midpoint_row(row)
                batch.message = f"lock weeks 7-12 of {row.name}"
        return cycle_record(row, self._today())

    # --- helpers -----------------------------------------------------------------------------

    def _check_cycle_name_free(self, name: str, row_id: int | None = None) -> None:
        key = name_key(name)
        for other in t.Cycle.select(t.Cycle.id, t.Cycle.name):
            if other.id != row_id and name_key(other.name) == key:
                raise InvalidInput("name", f"a name no other cycle has ({other.name} exists)",
                                   name)


def _cycle_name(value: object) -> str:
    text = fields.ref_name(value, "name", limit=200, kind="cycle name like Q1 2027")
    if text.isascii() and text.isdigit():  # a number names a cycle by its id
        raise InvalidInput("name", "a cycle name that is not only digits", value)
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return text
    raise InvalidInput("name", "a cycle name that is not a date (a date finds the cycle "
                       "running on it)", value)


def _text(value: object, field: str) -> str:
    if not isinstance(value, str):
        raise InvalidInput(field, "text", value)
    return check_note_text(value, field, "text").strip()


def _horizon(value: object) -> int:
    number = value if isinstance(value, int) and not isinstance(value, bool) else None
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        number = int(value.strip())
    if number is None or not 1 <= number <= HORIZON_MAX:
        raise InvalidInput("horizon_years", f"a number of years from 1 to {HORIZON_MAX}", value)
    return number


def _children(entity: str, cycle_id: int) -> list[pw.Model]:
    plans = t.WeeklyPlan.select(t.WeeklyPlan.id).where(t.WeeklyPlan.cycle == cycle_id)
    goals = t.Goal.select(t.Goal.id).where(t.Goal.cycle == cycle_id)
    measures = t.Measure.select(t.Measure.id).where(t.Measure.goal.in_(goals))
    sessions = t.JournalSession.select(t.JournalSession.id).where(
        t.JournalSession.cycle == cycle_id)
    query: dict[str, Callable[[], Any]] = {
        # Later items first: a successor goes before the item it carries on.
        "plan_item": lambda: t.PlanItem.select().where(t.PlanItem.weekly_plan.in_(plans))
        .order_by(t.PlanItem.id.desc()),
        "weekly_plan": lambda: t.WeeklyPlan.select().where(t.WeeklyPlan.cycle == cycle_id),
        "measure_value": lambda: t.MeasureValue.select().where(
            t.MeasureValue.measure.in_(measures)),
        "measure": lambda: t.Measure.select().where(t.Measure.goal.in_(goals)),
        "tactic": lambda: t.Tactic.select().where(t.Tactic.goal.in_(goals)),
        "goal": lambda: t.Goal.select().where(t.Goal.cycle == cycle_id),
        "journal_message": lambda: t.JournalMessage.select().where(
            t.JournalMessage.session.in_(sessions)),
        "journal_session": lambda: t.JournalSession.select().where(
            t.JournalSession.cycle == cycle_id),
    }
    return list(query[entity]())
