"""A week's plan: its items (from tactics and ad hoc), check / uncheck, drop with a reason,
quota; the scores of the weeks, the goals and the cycle."""

from __future__ import annotations

from typing import Any

from fcc.store import records_plans as rp
from fcc.store import tables as t
from fcc.store.boards import fields
from fcc.store.errors import InvalidInput
from fcc.store.names import check_note_text
from fcc.store.plans.build import item_records, scores_record, week_records
from fcc.store.plans.items import PlanItemWrites

ITEM_KEYS = ("title", "card", "goal")
QUOTA_MAX = 1000


class WeekVerbs(PlanItemWrites):
    """week_plan, add_item, edit_item, check_item, uncheck_item, drop_item, set_quota, scores."""

    # --- reads -------------------------------------------------------------------------------

    def week_plan(self, week: object = None, *, cycle: object = None) -> rp.WeekPlan:
        """A week's plan with its items; None: today's week (12 in the review week)."""
        row = self._cycle_row(cycle)
        [plan] = week_records(self, row, [self._plan_week(row, week)])
        return plan

    def scores(self, cycle: object = None) -> rp.Scores:
        return scores_record(self, self._cycle_row(cycle))

    def _item_record(self, item_id: int) -> rp.PlanItem:
        [item] = item_records(self, t.PlanItem.id == item_id)
        return item

    # --- items -------------------------------------------------------------------------------

    def add_item(self, title: str, *, week: object = None, card: object = None,
                 goal: object = None, cycle: object = None) -> rp.PlanItem:
        """An ad-hoc item at the bottom of the week (today's by default): the current week or
        a later one, never one that has ended."""
        text = fields.title(title)
        card_id = None if card is None else fields.card_id(card)
        with self._plan_change("plan item add") as batch:
            row = self._ensure_midpoint(self._cycle_row(cycle))
            number = self._plan_week(row, week)
            if self._week_ended(row, rp.WEEKS):  # the review week: no later week to plan
                raise InvalidInput("week", f"a week that has not ended ({row.name}: its 12 "
                                   "weeks have ended; plan the next cycle, started with "
                                   "`fcc plan cycle start DATE`)", week)
            if self._week_ended(row, number):
                raise InvalidInput("week", f"a week that has not ended (week {number} has "
                                   "ended; plan this week or a later one)", week)
            if card_id is not None:
                self._card_row(card_id)
            goal_id = None if goal is None else self._goal_row(row, goal).id
            item = self._new_item(row, self._plan_row(row, number), text, work_item=card_id,
                                  goal=goal_id, created_at=self.clock.now())
            batch.message = f"plan {text!r} in week {number}"
        return self._item_record(item.id)

    def edit_item(self, item: object, changes: dict[str, Any]) -> rp.PlanItem:
        """Change an item's title, card or goal (None clears the card or the goal)."""
        fields.check_keys(changes, ITEM_KEYS)
        values: dict[str, Any] = {}
        if "title" in changes:
            values["title"] = fields.title(changes["title"])
        if "card" in changes:
            values["work_item"] = (None if changes["card"] is None
                                   else fields.card_id(changes["card"]))
        with self._plan_change("plan item edit") as batch:
            row = self._item_row(item)
            cycle, _plan = self._item_cycle(row)
            self._ensure_midpoint(cycle)
            if values.get("work_item") is not None:
                self._card_row(values["work_item"])
            if "goal" in changes:
                values["goal"] = (None if changes["goal"] is None
                                  else self._goal_row(cycle, changes["goal"]).id)
            row = self._set_row("plan_item", row, **values)
            batch.message = f"edit plan item #{row.id}"
        return self._item_record(row.id)

    def check_item(self, item: object) -> rp.PlanItem:
        return self._tick(item, True)

    def uncheck_item(self, item: object) -> rp.PlanItem:
        return self._tick(item, False)

    def _tick(self, item: object, done: bool) -> rp.PlanItem:
        with self._plan_change("plan check" if done else "plan uncheck") as batch:
            row = self._item_row(item)
            cycle, plan = self._item_cycle(row)
            self._ensure_midpoint(cycle)
            if row.dropped_at is not None:
                raise InvalidInput("item", f"an item that was not dropped (#{row.id} was "
                                   f"dropped: {row.drop_reason})", item)
            if bool(row.done) != done:
                row = self._set_row("plan_item", row, done=done,
                                    done_at=self.clock.now() if done else None)
                self._rescore(t.WeeklyPlan.get_by_id(plan.id))
            batch.message = f"{'check' if done else 'uncheck'} #{row.id} {row.title}"
        return self._item_record(row.id)

    def drop_item(self, item: object, reason: str) -> rp.PlanItem:
        """Drop an item with a reason: never done, out of the quota while the week follows its
        plan."""
        if not isinstance(reason, str):
            raise InvalidInput("reason", "why the item is dropped (text)", reason)
        why = " ".join(check_note_text(reason, "reason", "reason").split())
        if not why:
            raise InvalidInput("reason", "why the item is dropped (a non-empty reason)", reason)
        with self._plan_change("plan item drop") as batch:
            row = self._item_row(item)
            cycle, _plan = self._item_cycle(row)
            self._ensure_midpoint(cycle)
            if row.dropped_at is not None:
                raise InvalidInput("item", f"an item not dropped yet (#{row.id} was dropped: "
                                   f"{row.drop_reason})", item)
            self._unplan(cycle, row, drop_reason=why)
            batch.message = f"drop #{row.id} {row.title}: {why}"
        return self._item_record(row.id)

    # --- quota -------------------------------------------------------------------------------

    def set_quota(self, week: object, quota: object, *, cycle: object = None) -> rp.WeekPlan:
        """Set a week's committed number of items; refused for a locked week (weeks 7-12 after
        the midpoint) and for a week that has ended."""
        number = _quota(quota)
        with self._plan_change("plan quota") as batch:
            row = self._ensure_midpoint(self._cycle_row(cycle))
            index = self._check_week(week)
            plan = self._plan_row(row, index)
            self._check_quota_open(row, plan)
            if self._week_ended(row, index) and number != plan.quota:
                raise InvalidInput("week", f"a week that has not ended (week {index} has "
                                   f"ended: its quota {plan.quota} is history)", week)
            plan = self._set_row("weekly_plan", plan, quota=number)
            self._rescore(plan)
            batch.message = f"set week {index}'s quota to {number}"
        [out] = week_records(self, row, [index])
        return out


def _quota(value: object) -> int:
    number = value if isinstance(value, int) and not isinstance(value, bool) else None
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        number = int(value.strip())
    if number is None or not 0 <= number <= QUOTA_MAX:
        raise InvalidInput("quota", f"a number of items from 0 to {QUOTA_MAX}", value)
    return number
