"""Tactics: a goal's actions with the weeks they are due; their items are kept in every week
that has not ended (rule 5 of the contract): past weeks are history and never rewritten."""

from __future__ import annotations

from typing import Any

from fcc.store import records_plans as rp
from fcc.store import tables as t
from fcc.store.boards import fields
from fcc.store.errors import InvalidInput, UnknownId
from fcc.store.plans.build import tactic_records
from fcc.store.plans.fields import weeks_spec
from fcc.store.plans.items import PlanItemWrites

TACTIC_KEYS = ("title", "weeks", "card", "project")


class TacticVerbs(PlanItemWrites):
    """add_tactic, edit_tactic, remove_tactic, tactics."""

    def add_tactic(self, goal: object, title: str, *, weeks: object = "all", card: object = None,
                   project: object = None, cycle: object = None) -> rp.Tactic:
        """A goal's tactic due in ``weeks`` ("1-4", "all"): an item in each of those weeks that
        has not ended (the quotas follow)."""
        text = fields.title(title)
        first, last = weeks_spec(weeks)
        card_id = None if card is None else fields.card_id(card)
        with self._plan_change("plan tactic add") as batch:
            row = self._ensure_midpoint(self._goal_cycle(goal, cycle))
            goal_row = self._goal_row(row, goal)
            if card_id is not None:
                self._card_row(card_id)
            project_id = None if project is None else self._tactic_project(project)
            bottom = (t.Tactic.select(t.Tactic.position).where(t.Tactic.goal == goal_row.id)
                      .order_by(t.Tactic.position.desc()).limit(1).scalar())
            tactic = self._create_row(
                "tactic", t.Tactic, goal=goal_row.id, title=text, first_week=first,
                last_week=last, work_item=card_id, project=project_id,
                position=0 if bottom is None else int(bottom) + 1)
            for week in self._open_weeks(row, first, last):
                self._tactic_item(row, tactic, week)
            batch.message = f"add tactic {text} to the {goal_row.kind} goal"
        return self._tactic_record(tactic.id)

    def edit_tactic(self, tactic_id: object, changes: dict[str, Any]) -> rp.Tactic:
        """Change a tactic's title, weeks, card or project. Weeks: newly covered weeks not
        ended get an item, weeks no longer covered (not ended) lose its open item; a new title
        or card reaches its items not done in weeks not ended."""
        fields.check_keys(changes, TACTIC_KEYS)
        values: dict[str, Any] = {}
        if "title" in changes:
            values["title"] = fields.title(changes["title"])
        if "weeks" in changes:
            values["first_week"], values["last_week"] = weeks_spec(changes["weeks"])
        if "card" in changes:
            values["work_item"] = (None if changes["card"] is None
                                   else fields.card_id(changes["card"]))
        with self._plan_change("plan tactic edit") as batch:
            tactic = self._tactic_row(tactic_id)
            cycle = self._ensure_midpoint(self._tactic_cycle(tactic))
            if values.get("work_item") is not None:
                self._card_row(values["work_item"])
            if "project" in changes:
                values["project"] = (None if changes["project"] is None
                                     else self._tactic_project(changes["project"]))
            old = set(range(tactic.first_week, tactic.last_week + 1))
            tactic = self._set_row("tactic", tactic, **values)
            new = set(range(tactic.first_week, tactic.last_week + 1))
            gone = self._open_weeks(cycle, 1, rp.WEEKS)
            for item in self._tactic_items(tactic, [w for w in gone if w in old - new]):
                self._unplan(cycle, item)
            follow: dict[str, Any] = {}
            if "title" in values:
                follow["title"] = tactic.title
            if "work_item" in values:
                follow["work_item"] = tactic.work_item_id
            if follow:
                for item in self._tactic_items(tactic, [w for w in gone if w in new]):
                    self._set_row("plan_item", item, **follow)
            for week in sorted(w for w in gone if w in new - old):
                self._tactic_item(cycle, tactic, week)
            batch.message = f"edit tactic {tactic.title}"
        return self._tactic_record(tactic.id)

    def remove_tactic(self, tactic_id: object) -> None:
        """Remove a tactic: its open items in weeks not ended go (the quotas follow); done,
        dropped and past items stay, without the tactic."""
        with self._plan_change("plan tactic remove") as batch:
            tactic = self._tactic_row(tactic_id)
            cycle = self._ensure_midpoint(self._tactic_cycle(tactic))
            self._remove_tactic_row(cycle, tactic)
            batch.message = f"remove tactic {tactic.title}"

    def tactics(self, goal: object = None, cycle: object = None) -> list[rp.Tactic]:
        """The cycle's tactics (of one goal when given), business goal's first."""
        row = self._goal_cycle(goal, cycle) if goal is not None else self._cycle_row(cycle)
        if goal is not None:
            return tactic_records(t.Tactic.goal == self._goal_row(row, goal).id)
        goals = list(t.Goal.select(t.Goal.id, t.Goal.kind).where(t.Goal.cycle == row.id))
        order = {g.id: (0 if g.kind == "business" else 1) for g in goals}
        found = tactic_records(t.Tactic.goal.in_(list(order)))
        return sorted(found, key=lambda x: (order[x.goal_id], x.position, x.id))

    # --- helpers -----------------------------------------------------------------------------

    def _tactic_item(self, cycle: t.Cycle, tactic: t.Tactic, week: int) -> t.PlanItem:
        return self._new_item(cycle, self._plan_row(cycle, week), tactic.title,
                              goal=tactic.goal_id, tactic=tactic.id,
                              work_item=tactic.work_item_id, created_at=self.clock.now())

    def _tactic_row(self, ref: object) -> t.Tactic:
        text = str(ref).strip().lstrip("#") if isinstance(ref, (int, str)) else ""
        if isinstance(ref, bool) or not (text.isascii() and text.isdigit()):
            raise InvalidInput("tactic", "a tactic id like 3", ref)
        row = t.Tactic.get_or_none(t.Tactic.id == int(text))
        if row is None:
            raise UnknownId(f"tactic: no tactic #{text}")
        return row

    def _tactic_cycle(self, tactic: t.Tactic) -> t.Cycle:
        return t.Cycle.get_by_id(t.Goal.get_by_id(tactic.goal_id).cycle_id)

    def _tactic_record(self, tactic_id: int) -> rp.Tactic:
        [found] = tactic_records(t.Tactic.id == tactic_id)
        return found

    def _tactic_project(self, ref: object) -> int:
        if isinstance(ref, int) and not isinstance(ref, bool):
            if t.Project.get_or_none(t.Project.id == ref) is None:
                raise UnknownId(f"project: no project with id {ref}")
            return ref
        if not isinstance(ref, str):
            raise InvalidInput("project", "a project name like Acme/Website", ref)
        return int(self._project_row(ref).id)
