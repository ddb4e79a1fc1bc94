"""What every plan verb shares: the user's today, finding a cycle, a week's plan and an item by
what users type, the midpoint lock, and keeping a week's score true.

References (contract of issue 14): a cycle by id, by name (``names.name_key``) or by a date in
its 13 weeks (``2026-11-02``); ``None`` for the current cycle (today in its weeks 1-13), else
the next drafted one. Weeks are 1-12 (13: the review week). Items by id (``41`` or ``#41``).

Rules kept here for every writer: the lock is set (``cycle.midpoint_locked_at``) by the first
write after week 6's review or once week 7 has begun (``_ensure_midpoint``), and the database
then refuses quota changes of weeks 7-12 (0005's triggers); a week's ``score`` column is
rewritten in the same transaction as any change of its items or quota (``_rescore``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import ROUND_HALF_UP, Decimal

from fcc.store import records_plans as rp
from fcc.store import tables as t
from fcc.store.base import Batch
from fcc.store.boards.base import BoardBase
from fcc.store.errors import InvalidInput, NoCycle, PlanLocked, UnknownId, UnknownName
from fcc.store.limits import utc_from_epoch
from fcc.store.names import close_matches, name_key
from fcc.store.when import day_start, local_date

NO_CYCLE = "no 12-week cycle yet: start one with `fcc plan cycle start DATE`"


# What the database's triggers say when they refuse a change (0005's midpoint lock, and 0001's
# guard of a locked week, which PostgreSQL runs first), and what the user is told then.
LOCK_REFUSALS = {
    "midpoint lock is permanent": (
        "the midpoint lock is permanent: a cycle's lock and start date never change once it "
        "is set"),
    "locked at the midpoint": (
        "weeks 7-12 are locked at the midpoint: their quotas cannot change, be unlocked or be "
        "removed"),
    "weekly_plan is locked": (
        "weeks 7-12 are locked at the midpoint: their quotas cannot change, be unlocked or be "
        "removed"),
}


class PlanBase(BoardBase):
    @contextmanager
    def _plan_change(self, action: str) -> Iterator[Batch]:
        """``self.change`` for plan writes: a refusal of the midpoint-lock triggers (the
        store checks first; this is for what slips past, e.g. a race) is :class:`PlanLocked`,
        with the database's reason."""
        try:
            with self.change(action) as batch:
                yield batch
        except PlanLocked:
            raise
        except Exception as exc:
            text = " ".join(str(exc).split())
            for phrase, message in LOCK_REFUSALS.items():
                if phrase in text:
                    raise PlanLocked(message) from exc
            raise

    # --- today -----------------------------------------------------------------------------

    def _today(self) -> dt.date:
        """Today in the user's zone (``prefs.zone``)."""
        return self.today()

    # --- cycles ----------------------------------------------------------------------------

    def _cycle_row(self, ref: object = None, *, field: str = "cycle") -> t.Cycle:
        """The cycle ``ref`` names (see the module); ``NoCycle`` when there is none."""
        if ref is None:
            today = self._today()
            rows = list(t.Cycle.select().order_by(t.Cycle.start_date))
            if not rows:
                raise NoCycle(NO_CYCLE)
            for row in rows:
                if row.start_date <= today <= review_end(row.start_date):
                    return row
            ahead = [r for r in rows if r.start_date > today]
            if ahead:
                return ahead[0]
            last = review_end(rows[-1].start_date)
            raise NoCycle(f"no current 12-week cycle (the last ended {last}): start one with "
                          "`fcc plan cycle start DATE`")
        if isinstance(ref, t.Cycle):
            return ref
        if isinstance(ref, int) and not isinstance(ref, bool):
            found_row = t.Cycle.get_or_none(t.Cycle.id == ref)
            if found_row is None:
                raise UnknownId(f"{field}: no cycle with id {ref}")
            return found_row
        if isinstance(ref, dt.date):
            for row in t.Cycle.select():
                if row.start_date <= ref <= review_end(row.start_date):
                    return row
            raise NoCycle(f"{field}: no cycle runs on {ref.isoformat()}")
        if not isinstance(ref, str) or not ref.strip():
            raise InvalidInput(field, "a cycle name, id or a date in it", ref)
        text = ref.strip()
        if text.isascii() and text.isdigit():
            return self._cycle_row(int(text), field=field)
        try:
            return self._cycle_row(dt.date.fromisoformat(text), field=field)
        except ValueError:
            pass
        rows = list(t.Cycle.select())
        found = [r for r in rows if name_key(r.name) == name_key(text)]
        if not found:
            raise UnknownName(f"{field}: no cycle named {ref!r}"
                              + close_matches(text, [r.name for r in rows]))
        return found[0]

    def _week_of(self, cycle: t.Cycle, day: dt.date | None = None) -> int | None:
        """The week (1-13) ``day`` (default today) falls in, None outside the cycle."""
        day = day or self._today()
        offset = (day - cycle.start_date).days
        if offset < 0 or offset >= 7 * rp.REVIEW_WEEK:
            return None
        return offset // 7 + 1

    def _check_week(self, week: object, field: str = "week") -> int:
        if isinstance(week, str) and week.strip().upper().lstrip("W").isdigit():
            week = int(week.strip().upper().lstrip("W"))
        if not isinstance(week, int) or isinstance(week, bool) or not 1 <= week <= rp.WEEKS:
            raise InvalidInput(field, "a week from 1 to 12", week)
        return week

    def _plan_week(self, cycle: t.Cycle, week: object | None, field: str = "week") -> int:
        """``week`` checked, or today's (week 12 in the review week, 1 before the cycle)."""
        if week is not None:
            return self._check_week(week, field)
        now = self._week_of(cycle)
        if now is None:
            return 1 if self._today() < cycle.start_date else rp.WEEKS
        return min(now, rp.WEEKS)

    def _week_ended(self, cycle: t.Cycle, week: int) -> bool:
        return self._today() > cycle.start_date + dt.timedelta(weeks=week, days=-1)

    # --- weekly plans and items ------------------------------------------------------------

    def _plan_row(self, cycle: t.Cycle, week: int) -> t.WeeklyPlan:
        """A cycle's plan row of ``week`` (every cycle has all twelve)."""
        return t.WeeklyPlan.get((t.WeeklyPlan.cycle == cycle.id) & (t.WeeklyPlan.week == week))

    def _item_row(self, ref: object, *, field: str = "item") -> t.PlanItem:
        text = str(ref).strip().lstrip("#") if isinstance(ref, (int, str)) else ""
        if isinstance(ref, bool) or not (text.isascii() and text.isdigit()):
            raise InvalidInput(field, "a plan item number like 41", ref)
        row = t.PlanItem.get_or_none(t.PlanItem.id == int(text))
        if row is None:
            raise UnknownId(f"{field}: no plan item #{text}")
        return row

    def _rescore(self, plan: t.WeeklyPlan) -> None:
        """Rewrite a week's ``score`` from its items and quota (not logged: derived)."""
        done = (t.PlanItem.select().where((t.PlanItem.weekly_plan == plan.id)
                                          & t.PlanItem.done).count())
        score = week_score(plan.quota, done)
        if score != plan.score:
            t.WeeklyPlan.update(score=score).where(t.WeeklyPlan.id == plan.id).execute()

    # --- the midpoint lock -----------------------------------------------------------------

    def _ensure_midpoint(self, cycle: t.Cycle) -> t.Cycle:
        """Set the lock when it is due (week 6 reviewed, or week 7 begun) and not yet set.
        Call inside a change, before writing to the cycle's plans."""
        if cycle.midpoint_locked_at is not None:
            return cycle
        # Dated when it became due (week 6's review, week 7's first local midnight), not by
        # this later write: quota changes were refused from then on (build.lock_due), and a
        # refusal says "locked since" that day.
        due = [utc_from_epoch(self._plan_row(cycle, rp.MIDPOINT_WEEK).reviewed_at)]
        if self._today() >= locks_on(cycle.start_date):
            due.append(day_start(locks_on(cycle.start_date), self.prefs.zone))
        when = [d for d in due if d is not None]
        if when:
            return self._lock_midpoint_row(cycle, min([*when, self.clock.now()]))
        return cycle

    def _lock_midpoint_row(self, cycle: t.Cycle, at: dt.datetime | None = None) -> t.Cycle:
        """Lock weeks 7-12 (0005's trigger sets their ``locked``) as of ``at`` (default: now);
        logged as ``lock``."""
        now = at or self.clock.now()
        t.Cycle.update(midpoint_locked_at=now).where(t.Cycle.id == cycle.id).execute()
        self._log("cycle", cycle.id, "lock", {"midpoint_locked_at": None},
                  {"midpoint_locked_at": now.isoformat()})
        return t.Cycle.get_by_id(cycle.id)

    def _check_quota_open(self, cycle: t.Cycle, plan: t.WeeklyPlan) -> None:
        """Refuse a quota change of a locked week, saying why (the database would too)."""
        if plan.locked or (cycle.midpoint_locked_at is not None and plan.week > rp.MIDPOINT_WEEK):
            when = cycle.midpoint_locked_at
            since = f" since {local_date(when, self.prefs.zone)}" if when else ""
            raise PlanLocked(
                f"week {plan.week} is locked{since}: its quota stays {plan.quota} — the 12-week "
                f"year fixes weeks 7-12 at the midpoint so the second half keeps its commitments")


def review_end(start: dt.date) -> dt.date:
    """The last day of a cycle's week 13 (the review week)."""
    return start + dt.timedelta(weeks=rp.REVIEW_WEEK, days=-1)


def locks_on(start: dt.date) -> dt.date:
    """The first day of week 7: the lock is set by then at the latest."""
    return start + dt.timedelta(weeks=rp.MIDPOINT_WEEK)


def week_score(quota: int, done: int) -> Decimal | None:
    """``min(done, quota) / quota`` in percent, two decimals (half up); None with no quota."""
    if quota <= 0:
        return None
    return (Decimal(100 * min(done, quota)) / quota).quantize(Decimal("0.01"), ROUND_HALF_UP)
