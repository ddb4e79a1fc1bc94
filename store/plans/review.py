"""The weekly review: last week's score and unfinished items; recommit, break down or drop each;
the written review; the midpoint lock after week 6's.

The week **due** for review is the latest ended week 1-12 not reviewed yet. A user may also
review another ended week, or the current one (a Friday review: week 6's, done before week 7
begins, is what locks the second half early). Finishing a review marks every earlier week
never reviewed as reviewed too, so one review restarts the habit after a lapse.

Unfinished items are those of the reviewed week not done, not dropped and not carried on yet
(no later item names them as its origin). Each is recommitted (the same item again in a later
week, one roll-over more: flagged from the third), broken down (smaller items in a later week),
or dropped with a reason (``drop_item``). The later week is the current one, or the week after
the reviewed one when that is later.
"""

from __future__ import annotations

import datetime as dt

from fcc.store import records_plans as rp
from fcc.store import tables as t
from fcc.store.boards import fields
from fcc.store.errors import InvalidInput
from fcc.store.names import check_note_text
from fcc.store.plans.build import as_date, lock_due, week_records
from fcc.store.plans.journal import JournalVerbs
from fcc.store.plans.weeks import WeekVerbs
from fcc.store.rows import tuples

REVIEW_MAX = 20_000  # characters, as a journal note
BREAKDOWN_MAX = 20  # smaller items from one


class ReviewVerbs(JournalVerbs, WeekVerbs):
    """review, recommit_item, break_down_item, finish_review."""

    def review(self, week: object = None, *, cycle: object = None) -> rp.ReviewState | None:
        """The review of ``week`` (default: the week due; None when none is)."""
        row = self._cycle_row(cycle)
        if week is None:
            number = self._review_due(row)
            if number is None:
                return None
        else:
            number = self._reviewable_week(row, week)
        return self._review_state(row, number)

    def recommit_item(self, item: object, *, week: object = None) -> rp.PlanItem:
        """The unfinished ``item`` again, in a later week (see the module): one roll-over
        more, the same title, goal, tactic and card."""
        with self._plan_change("plan recommit") as batch:
            row = self._item_row(item)
            cycle, plan = self._item_cycle(row)
            cycle = self._ensure_midpoint(cycle)
            self._check_open(row)
            target = self._carry_week(cycle, plan.week, week)
            new = self._new_item(cycle, self._plan_row(cycle, target), row.title,
                                 goal=row.goal_id, tactic=row.tactic_id,
                                 work_item=row.work_item_id, origin=row.id,
                                 origin_kind="recommit", rolled_over=row.rolled_over + 1,
                                 created_at=self.clock.now())
            rolled = row.rolled_over + 1
            flag = f" (rolled over {rolled} times)" if rolled >= rp.ROLLED_FLAG else ""
            batch.message = f"recommit #{row.id} {row.title} to week {target}{flag}"
        return self._item_record(new.id)

    def break_down_item(self, item: object, titles: list[str], *,
                        week: object = None) -> list[rp.PlanItem]:
        """The unfinished ``item`` as smaller ones in a later week (same goal and card; new
        items, not roll-overs)."""
        names = _titles(titles)
        with self._plan_change("plan break down") as batch:
            row = self._item_row(item)
            cycle, plan = self._item_cycle(row)
            cycle = self._ensure_midpoint(cycle)
            self._check_open(row)
            target = self._carry_week(cycle, plan.week, week)
            into = self._plan_row(cycle, target)
            made = [self._new_item(cycle, into, name, goal=row.goal_id,
                                   work_item=row.work_item_id, origin=row.id,
                                   origin_kind="breakdown", rolled_over=0,
                                   created_at=self.clock.now()) for name in names]
            batch.message = (f"break down #{row.id} {row.title} into {len(made)} items "
                             f"in week {target}")
        return [self._item_record(m.id) for m in made]

    def finish_review(self, week: object, text: str = "", *,
                      cycle: object = None) -> rp.WeekPlan:
        """Mark ``week`` reviewed with ``text`` (also a ``review`` note in its journal), and
        every earlier week never reviewed; week 6's locks weeks 7-12. One change."""
        body = _review_text(text)
        with self._plan_change("plan review") as batch:
            row = self._ensure_midpoint(self._cycle_row(cycle))
            number = self._reviewable_week(row, week)
            now = self.clock.now()
            plan = self._plan_row(row, number)
            changes: dict[str, object] = {"reviewed_at": now}
            if body:
                changes["review"] = body
            self._set_row("weekly_plan", plan, **changes)
            lapsed = self._lapsed(row, number)
            for earlier in lapsed:
                self._set_row("weekly_plan", self._plan_row(row, earlier), reviewed_at=now)
            if body:
                self._add_message(row, number, body, "review")
            was_locked = row.midpoint_locked_at is not None
            row = self._ensure_midpoint(row)  # week 6 reviewed: the second half locks
            done = f"review week {number} of {row.name}"
            if lapsed:
                done += f" ({_weeks_text(lapsed)}, never reviewed, marked too)"
            if not was_locked and row.midpoint_locked_at is not None:
                done += "; weeks 7-12 are locked"
            batch.message = done
        [out] = week_records(self, row, [number])
        return out

    # --- shared with the plan view -----------------------------------------------------------

    def _review_due(self, cycle: t.Cycle) -> int | None:
        """The latest ended week 1-12 not reviewed, None when there is none."""
        weeks = [w for (w,) in tuples(t.WeeklyPlan.select(t.WeeklyPlan.week).where(
            (t.WeeklyPlan.cycle == cycle.id) & t.WeeklyPlan.reviewed_at.is_null()))]
        ended = [w for w in weeks if self._week_ended(cycle, w)]
        return max(ended) if ended else None

    # --- internals ---------------------------------------------------------------------------

    def _review_state(self, cycle: t.Cycle, number: int) -> rp.ReviewState:
        [plan] = week_records(self, cycle, [number])
        lapsed = tuple(self._lapsed(cycle, number))
        later = self._next_week(cycle, number)
        # Once week 7 has begun the lock is due whatever the review does (build.lock_due).
        midpoint = (cycle.midpoint_locked_at is None and rp.MIDPOINT_WEEK in (number, *lapsed)
                    and not lock_due(cycle, self._today()))
        return rp.ReviewState(cycle_id=cycle.id, week=number, plan=plan,
                              unfinished=tuple(i for i in plan.items if i.open),
                              lapsed=lapsed, next_week=later, midpoint=midpoint)

    def _reviewable_week(self, cycle: t.Cycle, week: object) -> int:
        number = self._check_week(week)
        today = self._today()
        start = as_date(cycle.start_date) + dt.timedelta(weeks=number - 1)
        if today < start:
            raise InvalidInput("week", f"a week that has begun (week {number} starts on "
                               f"{start.isoformat()})", week)
        return number

    def _lapsed(self, cycle: t.Cycle, number: int) -> list[int]:
        """Weeks before ``number`` never reviewed."""
        return sorted(w for (w,) in tuples(t.WeeklyPlan.select(t.WeeklyPlan.week).where(
            (t.WeeklyPlan.cycle == cycle.id) & t.WeeklyPlan.reviewed_at.is_null()
            & (t.WeeklyPlan.week < number))))

    def _next_week(self, cycle: t.Cycle, reviewed: int) -> int | None:
        """Where unfinished items of ``reviewed`` go: the current week or the one after
        ``reviewed``, whichever is later; None past week 12."""
        now = self._week_of(cycle) or (0 if self._today() < cycle.start_date
                                       else rp.REVIEW_WEEK)
        later = max(now, reviewed + 1)
        return later if later <= rp.WEEKS else None

    def _carry_week(self, cycle: t.Cycle, from_week: int, week: object) -> int:
        if week is None:
            target = self._next_week(cycle, from_week)
            if target is None:
                raise InvalidInput("week", f"a later week of the cycle (week {from_week}'s "
                                   "items have no week 13 to go to: drop them, or plan them "
                                   "in the next cycle)")
            return target
        target = self._check_week(week)
        if target <= from_week:
            raise InvalidInput("week", f"a week after week {from_week}", week)
        if self._week_ended(cycle, target):
            raise InvalidInput("week", f"a week that has not ended (week {target} has ended; "
                               "plan this week or a later one)", week)
        return target

    def _check_open(self, row: t.PlanItem) -> None:
        if row.done:
            raise InvalidInput("item", f"an unfinished item (#{row.id} is done)", row.id)
        if row.dropped_at is not None:
            raise InvalidInput("item", f"an unfinished item (#{row.id} was dropped: "
                               f"{row.drop_reason})", row.id)
        successor = (t.PlanItem.select(t.PlanItem.id, t.PlanItem.origin_kind)
                     .where(t.PlanItem.origin == row.id).first())
        if successor is not None:
            how = "recommitted" if successor.origin_kind == "recommit" else "broken down"
            raise InvalidInput("item", f"an unfinished item (#{row.id} was {how} already, "
                               f"as #{successor.id})", row.id)


def _weeks_text(weeks: list[int]) -> str:
    """``[4]`` -> "week 4"; ``[1, 2, 3]`` -> "weeks 1, 2 and 3"."""
    if len(weeks) == 1:
        return f"week {weeks[0]}"
    return "weeks " + ", ".join(map(str, weeks[:-1])) + f" and {weeks[-1]}"


def _titles(value: object) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)) or not value:
        raise InvalidInput("titles", "one or more smaller items to do instead", value)
    names = [fields.title(v) for v in value]
    if len(names) > BREAKDOWN_MAX:
        raise InvalidInput("titles", f"at most {BREAKDOWN_MAX} smaller items", len(names))
    return names


def _review_text(value: object) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InvalidInput("text", "the review's text", value)
    body = check_note_text(value, "text", "review").strip()
    if len(body) > REVIEW_MAX:
        raise InvalidInput("text", f"a review of at most {REVIEW_MAX} characters")
    return body
