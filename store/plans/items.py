"""What the plan writers share beyond :mod:`fcc.store.plans.base`: finding a goal, and adding or
removing a week's item with the quota following the plan (rule 1 of the contract) and the score
kept true (rule 2). Tactics, the week's verbs and the review's recommit / break down use these,
so the rule lives in one place."""

from __future__ import annotations

from typing import Any

from fcc.store import records_plans as rp
from fcc.store import tables as t
from fcc.store.errors import InvalidInput, UnknownId
from fcc.store.plans.base import PlanBase


class PlanItemWrites(PlanBase):
    def _goal_row(self, cycle: t.Cycle, ref: object, *, field: str = "goal") -> t.Goal:
        """A goal of ``cycle`` by kind (business, personal) or id (``12`` / ``#12``)."""
        text = str(ref).strip().lstrip("#").lower() if isinstance(ref, (int, str)) else ""
        if isinstance(ref, bool) or not text:
            raise InvalidInput(field, "business, personal or a goal id", ref)
        if text in rp.GOAL_KINDS:
            row = t.Goal.get_or_none((t.Goal.cycle == cycle.id) & (t.Goal.kind == text))
            if row is None:
                raise UnknownId(f"{field}: {cycle.name} has no {text} goal yet (set one with "
                                f"`fcc plan goal set {text} TITLE`)")
            return row
        if not (text.isascii() and text.isdigit()):
            raise InvalidInput(field, "business, personal or a goal id", ref)
        found = t.Goal.get_or_none(t.Goal.id == int(text))
        if found is None or found.cycle_id != cycle.id:
            raise UnknownId(f"{field}: no goal #{text} in {cycle.name}")
        return found

    def _goal_cycle(self, goal: object, cycle: object) -> t.Cycle:
        """The cycle a goal reference is read in: the one given, else a goal id's own (a
        draft's goal by id needs no --cycle), else the current one."""
        text = str(goal).strip().lstrip("#") if isinstance(goal, (int, str)) else ""
        if cycle is None and not isinstance(goal, bool) and text.isascii() and text.isdigit():
            row = t.Goal.get_or_none(t.Goal.id == int(text))
            if row is not None:
                return t.Cycle.get_by_id(row.cycle_id)
        return self._cycle_row(cycle)

    def _follows(self, plan: t.WeeklyPlan, cycle: t.Cycle) -> bool:
        """Whether the week's quota still follows its items: unlocked and not ended."""
        return not plan.locked and not self._week_ended(cycle, plan.week)

    def _new_item(self, cycle: t.Cycle, plan: t.WeeklyPlan, title: str,
                  **values: Any) -> t.PlanItem:
        """An item at the bottom of the week; the quota one higher while it follows the plan;
        the score rewritten."""
        bottom = (t.PlanItem.select(t.PlanItem.position)
                  .where(t.PlanItem.weekly_plan == plan.id)
                  .order_by(t.PlanItem.position.desc()).limit(1).scalar())
        item = self._create_row("plan_item", t.PlanItem, weekly_plan=plan.id, title=title,
                                position=0 if bottom is None else int(bottom) + 1, **values)
        plan = t.WeeklyPlan.get_by_id(plan.id)
        if self._follows(plan, cycle):
            plan = self._set_row("weekly_plan", plan, quota=plan.quota + 1)
        self._rescore(plan)
        return item

    def _unplan(self, cycle: t.Cycle, item: t.PlanItem, *, drop_reason: str | None = None
                ) -> t.PlanItem | None:
        """Drop an item (with a reason) or remove it (``None``); the quota one lower while it
        follows the plan (never below 0). Returns the dropped row."""
        plan = t.WeeklyPlan.get_by_id(item.weekly_plan_id)
        out: t.PlanItem | None = None
        was_planned = item.dropped_at is None  # a dropped item left the quota already
        if drop_reason is None:
            for successor in t.PlanItem.select().where(t.PlanItem.origin == item.id):
                self._set_row("plan_item", successor, origin=None)  # logged, not the FK's
            self._delete_row("plan_item", item)
        else:
            out = self._set_row("plan_item", item, dropped_at=self.clock.now(),
                                drop_reason=drop_reason, done=False, done_at=None)
        if was_planned and self._follows(plan, cycle) and plan.quota > 0:
            plan = self._set_row("weekly_plan", plan, quota=plan.quota - 1)
        self._rescore(plan)
        return out

    def _item_cycle(self, item: t.PlanItem) -> tuple[t.Cycle, t.WeeklyPlan]:
        plan = t.WeeklyPlan.get_by_id(item.weekly_plan_id)
        return t.Cycle.get_by_id(plan.cycle_id), plan

    def _open_weeks(self, cycle: t.Cycle, first: int, last: int) -> list[int]:
        """The weeks ``first``-``last`` that have not ended."""
        return [w for w in range(first, last + 1) if not self._week_ended(cycle, w)]

    def _tactic_items(self, tactic: t.Tactic, weeks: list[int], *,
                      dropped: bool = False) -> list[t.PlanItem]:
        """The tactic's items in ``weeks`` not done, and not dropped unless ``dropped``."""
        if not weeks:
            return []
        where = ((t.PlanItem.tactic == tactic.id) & t.WeeklyPlan.week.in_(weeks)
                 & (t.PlanItem.done == False))  # noqa: E712
        if not dropped:
            where &= t.PlanItem.dropped_at.is_null()
        return list(t.PlanItem.select(t.PlanItem)
                    .join(t.WeeklyPlan, on=(t.WeeklyPlan.id == t.PlanItem.weekly_plan))
                    .where(where).order_by(t.PlanItem.id.desc()))

    def _remove_tactic_row(self, cycle: t.Cycle, tactic: t.Tactic) -> None:
        """Delete a tactic: its items not done in the weeks not ended go (dropped ones too;
        the quota follows the others); done and past ones stay, without it."""
        for item in self._tactic_items(tactic, self._open_weeks(cycle, 1, rp.WEEKS),
                                       dropped=True):
            self._unplan(cycle, item)
        for item in t.PlanItem.select().where(t.PlanItem.tactic == tactic.id):
            self._set_row("plan_item", item, tactic=None)  # logged, not the FK's SET NULL
        self._delete_row("tactic", tactic)
