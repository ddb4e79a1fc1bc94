"""The midpoint lock through the store: set by the first write once week 7 has begun or week 6
was reviewed, by hand from week 5; a locked week's quota is refused with the reason and nothing
written; the database's own refusal is a PlanLocked too; undo never takes the lock back — on
SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest

from fcc.store import tables as t
from fcc.store.errors import InvalidInput, PlanLocked
from tests.store.board_helpers import last_batch
from tests.store.helpers import q
from tests.store.plan_helpers import MONDAY, at_week, pinned, plan_state


@pytest.fixture
def plans(store):
    pinned(store).start_cycle(MONDAY)
    return store


def locked_weeks(target) -> list[int]:
    return [w for (w, lk) in q(target, "SELECT week, locked FROM weekly_plan ORDER BY week")
            if lk]


def test_the_first_write_in_week_7_sets_the_lock(plans, clock, target):
    plans.set_quota(8, 4)  # before the midpoint weeks 7-12 are free
    at_week(clock, MONDAY, 7, day=3)
    assert plans.cycle().midpoint_locked_at is None  # a read writes nothing
    assert locked_weeks(target) == []
    # ... but reads weeks 7-12 as locked: the next write locks them before anything else
    assert [w.locked for w in plans.scores().weeks] == [False] * 6 + [True] * 6
    assert plans.week_plan(8).locked
    plans.add_item("Ship v2")
    cycle = plans.cycle()
    # locked since week 7 began (Monday 00:00 in Berlin), not since this later write: that is
    # when quota changes started being refused, and what "locked since" must say
    assert cycle.locked and cycle.midpoint_locked_at == dt.datetime(2027, 1, 3, 23, tzinfo=dt.UTC)
    assert locked_weeks(target) == list(range(7, 13))
    assert [w.locked for w in plans.scores().weeks] == [False] * 6 + [True] * 6
    entities = [(e, a) for e, _i, a, _b, _x in last_batch(target)]
    assert entities[0] == ("cycle", "lock")  # first, before the write it came with
    assert plans.week_plan(8).quota == 4


def test_week_6_s_review_locks_at_the_next_write(plans, clock, target):
    at_week(clock, MONDAY, 6, day=6)  # the last day of week 6
    plans.add_item("Wrap up the half")
    assert plans.cycle().midpoint_locked_at is None
    assert not plans.week_plan(7).locked
    q(target, "UPDATE weekly_plan SET reviewed_at = ? WHERE week = 6",
      (int(clock.now().timestamp()),))  # what finish_review(6) writes
    assert plans.week_plan(7).locked and plans.cycle().midpoint_locked_at is None
    plans.add_item("One more", week=6)
    assert plans.cycle().locked and locked_weeks(target) == list(range(7, 13))


def test_a_locked_week_s_quota_is_refused_with_the_reason(plans, clock, target):
    plans.set_quota(10, 3)
    at_week(clock, MONDAY, 7)
    plans.add_item("Now")  # sets the lock
    before = plan_state(target)
    with pytest.raises(PlanLocked) as err:
        plans.set_quota(10, 5)
    assert str(err.value) == (
        "week 10 is locked since 2027-01-04: its quota stays 3 — the 12-week year fixes weeks "
        "7-12 at the midpoint so the second half keeps its commitments")
    assert plan_state(target) == before
    with pytest.raises(InvalidInput, match="week 5 has ended"):
        plans.set_quota(5, 2)  # an ended week of the first half: history, not locked
    assert plan_state(target) == before


def test_the_refusal_comes_even_with_the_lock_not_yet_written(plans, clock, target):
    at_week(clock, MONDAY, 8)
    before = plan_state(target)
    with pytest.raises(PlanLocked, match="week 9 is locked since 2027-01-04"):  # week 7
        plans.set_quota(9, 5)
    assert plan_state(target) == before  # nothing, not even the lock the write came with


def test_items_still_come_and_go_in_locked_weeks_without_the_quota(plans, clock):
    plans.set_goal("business", "Bill 12k")
    plans.add_tactic("business", "Pitch", weeks="9-10")
    assert plans.week_plan(9).quota == 1
    at_week(clock, MONDAY, 7)
    extra = plans.add_item("Extra", week=9)
    week = plans.week_plan(9)
    assert (week.quota, len(week.items), week.locked) == (1, 2, True)
    plans.drop_item(extra.id, "no need")
    plans.check_item(week.items[0].id)
    week = plans.week_plan(9)
    assert (week.quota, week.done, str(week.score)) == (1, 1, "100.00")


def test_lock_by_hand_from_week_5(plans, clock, target):
    at_week(clock, MONDAY, 4)
    before = plan_state(target)
    with pytest.raises(InvalidInput) as err:
        plans.lock_midpoint()
    assert err.value.field == "cycle" and "in week 4" in str(err.value)
    assert plan_state(target) == before
    at_week(clock, MONDAY, 5, day=1)
    cycle = plans.lock_midpoint()
    assert cycle.locked and locked_weeks(target) == list(range(7, 13))
    assert plans.lock_midpoint().midpoint_locked_at == cycle.midpoint_locked_at  # again: same
    with pytest.raises(PlanLocked):
        plans.set_quota(12, 1)
    assert plans.set_quota(6, 2).quota == 2  # the first half stays free


def test_a_draft_cannot_be_locked(plans):
    plans.start_cycle("2027-02-22", name="Spring")
    with pytest.raises(InvalidInput, match="before its week 1"):
        plans.lock_midpoint("Spring")


def test_undo_never_takes_the_lock_back(plans, clock, target):
    at_week(clock, MONDAY, 5)
    plans.lock_midpoint()
    before = plan_state(target)
    with pytest.raises(PlanLocked, match="the midpoint lock cannot be undone"):
        plans.undo()
    assert plan_state(target) == before
    at_week(clock, MONDAY, 7)  # the lazy lock in a change of its own: that change is kept too
    plans.add_item("x")
    plans.undo()  # the item's change: fine (the lock was set before)
    assert plans.week_plan().items == ()


def test_undo_of_the_write_that_set_the_lock_in_week_7_keeps_the_lock(plans, clock, target):
    """Week 7 has begun: the lock is due by the calendar and the week's first write sets it.
    Undoing that write (a check ticked by mistake on Monday) undoes the write; the lock stays —
    the next write would set it again."""
    item = plans.add_item("Ship v2", week=7)
    at_week(clock, MONDAY, 7)
    before = plan_state(target)
    plans.check_item(item.id)  # the week's first write: sets the lock too
    assert plans.cycle().locked
    change = plans.undo()
    assert change.message == (f"undid: check #{item.id} Ship v2 (the midpoint lock it set "
                              "stays: week 7 has begun)")
    after = plan_state(target)
    assert after["plan_item"] == before["plan_item"]
    assert plans.cycle().locked and locked_weeks(target) == list(range(7, 13))
    assert [w.score for w in plans.scores().weeks][6] == 0
    with pytest.raises(PlanLocked, match="locked at the midpoint"):
        plans.undo()  # the add before it raised week 7's quota, locked now
    assert plan_state(target) == after


def test_undo_of_week_6_s_review_before_week_7_is_refused_whole(plans, clock, target):
    """Locked early (week 6's review, in week 6): undoing it would unlock, so it is refused."""
    at_week(clock, MONDAY, 6, day=4)
    plans.finish_review(6, "")
    before = plan_state(target)
    with pytest.raises(PlanLocked, match="cannot be undone"):
        plans.undo()
    assert plan_state(target) == before
    at_week(clock, MONDAY, 7)  # now the calendar locks anyway: the review goes, the lock stays
    assert plans.undo().message.endswith("(the midpoint lock it set stays: week 7 has begun)")
    assert plans.week_plan(6).reviewed_at is None and plans.cycle().locked


def test_the_database_s_refusal_is_a_plan_locked(plans, clock, target):
    at_week(clock, MONDAY, 5)
    plans.lock_midpoint()
    cycle_id = plans.cycle().id
    before = plan_state(target)
    with pytest.raises(PlanLocked, match="^weeks 7-12 are locked at the midpoint"):
        with plans._plan_change("race"):  # a write that slipped past the store's check
            t.WeeklyPlan.update(quota=9).where(t.WeeklyPlan.week == 11).execute()
    with pytest.raises(PlanLocked, match="^the midpoint lock is permanent"):
        with plans._plan_change("race"):
            t.Cycle.update(midpoint_locked_at=None).where(t.Cycle.id == cycle_id).execute()
    assert plan_state(target) == before


def test_a_cycle_past_its_midpoint_is_never_started(store, target):
    """It would be locked at once with every quota 0 (no week ever scored), and a locked cycle
    is never removed: it would block its 13 weeks for good. Refused, nothing written."""
    plans = pinned(store)
    before = plan_state(target)
    with pytest.raises(InvalidInput) as err:
        plans.start_cycle("2026-10-05", name="Started late")  # today is in its week 8
    assert err.value.field == "start" and "week 7 is still ahead" in str(err.value)
    assert plan_state(target) == before
    with pytest.raises(InvalidInput, match="week 7 is still ahead"):
        plans.start_cycle("2026-10-12")  # today is its week 7's first day: too late as well
    late = plans.start_cycle("2026-10-19")  # week 6: catching up, the lock still ahead
    assert (late.week, late.locked) == (6, False)


def test_undo_refused_by_the_database_is_a_plan_locked(plans, clock, target):
    plans.set_quota(9, 2)
    at_week(clock, MONDAY, 5)
    # another program set the lock (not in fcc's activity log): the undo of the quota reaches
    # the database, whose refusal reads like the store's own
    q(target, "UPDATE cycle SET midpoint_locked_at = ?", (int(clock.now().timestamp()),))
    before = plan_state(target)
    with pytest.raises(PlanLocked) as err:
        plans.undo()
    assert str(err.value) == (
        "cannot undo \"set week 9's quota to 2\": weeks 7-12 are locked at the midpoint: their "
        "quotas cannot change, be unlocked or be removed; nothing was undone")
    assert plan_state(target) == before


def test_a_lock_set_weeks_late_is_dated_when_it_was_due(plans, clock, target):
    """The first write of the cycle since week 6 comes in week 9: the lock is dated from week
    7's first midnight (local), and a refusal says so."""
    at_week(clock, MONDAY, 9, day=2)
    plans.add_item("Back at it")
    assert plans.cycle().midpoint_locked_at == dt.datetime(2027, 1, 3, 23, tzinfo=dt.UTC)
    with pytest.raises(PlanLocked, match="week 10 is locked since 2027-01-04"):
        plans.set_quota(10, 2)


def test_week_6_reviewed_early_dates_the_lock_from_the_review(plans, clock, target):
    at_week(clock, MONDAY, 6, day=5, hour=9)
    reviewed = clock.now()
    q(target, "UPDATE weekly_plan SET reviewed_at = ? WHERE week = 6",
      (int(reviewed.timestamp()),))  # a review written by an fcc that did not lock
    at_week(clock, MONDAY, 8)
    plans.add_item("Later")
    assert plans.cycle().midpoint_locked_at == reviewed


def test_locking_by_hand_once_due_dates_the_lock_when_it_fell_due(plans, clock):
    at_week(clock, MONDAY, 8, day=2)
    assert plans.lock_midpoint().midpoint_locked_at == dt.datetime(2027, 1, 3, 23,
                                                                    tzinfo=dt.UTC)
