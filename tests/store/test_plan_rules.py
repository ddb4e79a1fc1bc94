"""The midpoint lock as the database keeps it (0005's triggers), attacked with raw SQL from
outside the store on SQLite and PostgreSQL: once a cycle's ``midpoint_locked_at`` is set, its
weeks 7-12 keep their quotas, stay locked, stay where they are and stay at all; weeks 1-6 stay
free; the lock itself and the cycle's start never change again."""

from __future__ import annotations

import uuid

import pytest

from fcc.migrations.m0005_plans import CYCLE_MSG, MIDPOINT_MSG
from tests.store.helpers import q
from tests.store.test_rules import refused

T0 = 1_795_000_000  # an epoch second
MIDPOINT = "locked at the midpoint"
PERMANENT = "midpoint lock is permanent"
assert MIDPOINT in MIDPOINT_MSG and PERMANENT in CYCLE_MSG


def add_cycle(target, start: str, name: str, weeks=range(1, 13)) -> int:
    q(target, "INSERT INTO cycle (uuid, name, start_date, created_at) VALUES (?, ?, ?, ?)",
      (str(uuid.uuid4()), name, start, T0))
    cycle = q(target, "SELECT id FROM cycle WHERE name = ?", (name,))[0][0]
    for week in weeks:
        add_week(target, cycle, week)
    return cycle


def add_week(target, cycle: int, week: int, quota: int = 3) -> None:
    q(target, "INSERT INTO weekly_plan (uuid, cycle_id, week, quota, locked, review) "
              "VALUES (?, ?, ?, ?, FALSE, '')", (str(uuid.uuid4()), cycle, week, quota))


def weeks(target, cycle: int) -> dict[int, tuple[int, bool]]:
    rows = q(target, "SELECT week, quota, locked FROM weekly_plan WHERE cycle_id = ?", (cycle,))
    return {week: (quota, bool(locked)) for week, quota, locked in rows}


def lock(target, cycle: int, at: int = T0) -> None:
    q(target, "UPDATE cycle SET midpoint_locked_at = ? WHERE id = ?", (at, cycle))


@pytest.fixture
def cycle(store, target) -> int:
    """A cycle with its twelve weeks (quota 3 each), not locked yet."""
    return add_cycle(target, "2026-11-02", "Q4")


def test_before_the_lock_every_week_is_free(target, cycle):
    for week in (3, 9):
        q(target, "UPDATE weekly_plan SET quota = 5 WHERE cycle_id = ? AND week = ?",
          (cycle, week))
    q(target, "DELETE FROM weekly_plan WHERE cycle_id = ? AND week = 12", (cycle,))
    add_week(target, cycle, 12, quota=1)
    q(target, "UPDATE cycle SET start_date = '2026-11-09' WHERE id = ?", (cycle,))
    assert weeks(target, cycle)[9] == (5, False)
    assert weeks(target, cycle)[12] == (1, False)


def test_setting_the_lock_locks_weeks_7_to_12(target, cycle):
    lock(target, cycle)
    state = weeks(target, cycle)
    assert [w for w, (_, locked) in sorted(state.items()) if locked] == list(range(7, 13))
    assert all(quota == 3 for quota, _ in state.values())


@pytest.mark.parametrize("week", [7, 10, 12])
def test_a_locked_weeks_quota_never_changes(target, cycle, week):
    lock(target, cycle)
    where = "WHERE cycle_id = ? AND week = ?"
    refused(target, f"UPDATE weekly_plan SET quota = 9 {where}", (cycle, week), match="locked")
    refused(target, f"UPDATE weekly_plan SET quota = 0 {where}", (cycle, week), match="locked")
    refused(target, f"UPDATE weekly_plan SET locked = FALSE {where}", (cycle, week),
            match="locked")
    refused(target, f"UPDATE weekly_plan SET quota = 4, locked = FALSE {where}", (cycle, week),
            match="locked")
    assert weeks(target, cycle)[week] == (3, True)


def test_a_locked_week_cannot_move_nor_go(target, cycle):
    other = add_cycle(target, "2027-02-01", "Q1", weeks=range(1, 7))
    lock(target, cycle)
    seven = "WHERE cycle_id = ? AND week = 7"
    # Moving within the cycle, to another cycle, or a free week into the locked half.
    q(target, "DELETE FROM weekly_plan WHERE cycle_id = ? AND week = 6", (cycle,))
    refused(target, f"UPDATE weekly_plan SET week = 6 {seven}", (cycle,), match=MIDPOINT)
    refused(target, f"UPDATE weekly_plan SET cycle_id = ? {seven}", (other, cycle),
            match=MIDPOINT)
    refused(target, "UPDATE weekly_plan SET week = 8, cycle_id = ? WHERE cycle_id = ? "
                    "AND week = 5", (cycle, other), match=MIDPOINT)
    for week in (7, 9, 12):
        refused(target, "DELETE FROM weekly_plan WHERE cycle_id = ? AND week = ?",
                (cycle, week), match=MIDPOINT)
    refused(target, "DELETE FROM weekly_plan WHERE cycle_id = ?", (cycle,), match=MIDPOINT)
    assert sorted(weeks(target, cycle)) == [1, 2, 3, 4, 5, 7, 8, 9, 10, 11, 12]


def test_a_locked_cycle_still_goes_as_a_whole(target, cycle):
    # The triggers guard a cycle's weeks, not the cycle: deleting it cascades to its weeks
    # after the cycle row is gone, so they see no lock (the store refuses to delete a started
    # cycle; this pins what raw SQL can do).
    lock(target, cycle)
    q(target, "DELETE FROM cycle WHERE id = ?", (cycle,))
    assert weeks(target, cycle) == {}


def test_no_week_7_to_12_is_added_to_a_locked_cycle(target, store):
    cycle = add_cycle(target, "2026-11-02", "Q4", weeks=range(1, 6))
    lock(target, cycle)
    for week in (7, 12):
        with pytest.raises(Exception) as err:
            add_week(target, cycle, week)
        assert MIDPOINT in str(err.value)
    add_week(target, cycle, 6)  # the first half may still be completed
    assert sorted(weeks(target, cycle)) == [1, 2, 3, 4, 5, 6]


def test_weeks_1_to_6_stay_free_after_the_lock(target, cycle):
    lock(target, cycle)
    for week in (1, 6):
        q(target, "UPDATE weekly_plan SET quota = 8 WHERE cycle_id = ? AND week = ?",
          (cycle, week))
    q(target, "DELETE FROM weekly_plan WHERE cycle_id = ? AND week = 2", (cycle,))
    add_week(target, cycle, 2, quota=0)
    state = weeks(target, cycle)
    assert (state[1], state[2], state[6]) == ((8, False), (0, False), (8, False))


def test_a_locked_week_still_takes_its_score_and_review(target, cycle):
    # Items of a locked week are still checked (late ticks count): its score follows them.
    lock(target, cycle)
    q(target, "UPDATE weekly_plan SET score = 66.67, review = 'late ticks', reviewed_at = ? "
              "WHERE cycle_id = ? AND week = 8", (T0, cycle))
    plan = q(target, "SELECT id FROM weekly_plan WHERE cycle_id = ? AND week = 8", (cycle,))[0][0]
    q(target, "INSERT INTO plan_item (uuid, weekly_plan_id, title, position, done, rolled_over, "
              "drop_reason) VALUES (?, ?, 'call Acme', 0, TRUE, 0, '')",
      (str(uuid.uuid4()), plan))
    row = q(target, "SELECT score, review, quota FROM weekly_plan WHERE id = ?", (plan,))[0]
    assert (str(row[0]), row[1], row[2]) == ("66.67", "late ticks", 3)


def test_the_lock_and_the_start_never_change_again(target, cycle):
    lock(target, cycle, T0)
    where = "WHERE id = ?"
    refused(target, f"UPDATE cycle SET midpoint_locked_at = NULL {where}", (cycle,),
            match=PERMANENT)
    refused(target, f"UPDATE cycle SET midpoint_locked_at = ? {where}", (T0 + 60, cycle),
            match=PERMANENT)
    refused(target, f"UPDATE cycle SET start_date = '2026-11-09' {where}", (cycle,),
            match=PERMANENT)
    q(target, f"UPDATE cycle SET midpoint_locked_at = ? {where}", (T0, cycle))  # the same: kept
    q(target, f"UPDATE cycle SET name = 'Q4 2026' {where}", (cycle,))  # other columns are free
    assert q(target, "SELECT name, midpoint_locked_at, start_date FROM cycle WHERE id = ?",
             (cycle,))[0][:2] == ("Q4 2026", T0)


def test_one_cycles_lock_leaves_another_free(target, cycle):
    other = add_cycle(target, "2027-02-01", "Q1")
    lock(target, cycle)
    q(target, "UPDATE weekly_plan SET quota = 11 WHERE cycle_id = ? AND week = 9", (other,))
    q(target, "DELETE FROM weekly_plan WHERE cycle_id = ? AND week = 12", (other,))
    q(target, "UPDATE cycle SET start_date = '2027-02-08' WHERE id = ?", (other,))
    assert weeks(target, other)[9] == (11, False)
    assert 12 not in weeks(target, other)
