"""Cycles and the vision: a cycle starts on the user's week start with its twelve weekly plans,
never overlaps another, is a draft / current / past by today, has a unique name — on SQLite and
PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest

from fcc.store.errors import InvalidInput, NoCycle, UnknownName
from tests.store.board_helpers import count, last_batch
from tests.store.helpers import q
from tests.store.plan_helpers import MONDAY, at_week, pinned, plan_state


@pytest.fixture
def plans(store):
    return pinned(store)


def test_start_makes_twelve_weekly_plans_and_is_current(plans, target):
    cycle = plans.start_cycle(MONDAY)
    assert (cycle.name, cycle.state, cycle.week, cycle.days_left) == (
        "12 weeks from 2026-11-23", "current", 1, 84)
    assert (cycle.end_date, cycle.review_end, cycle.locks_on) == (
        dt.date(2027, 2, 14), dt.date(2027, 2, 21), dt.date(2027, 1, 4))
    assert cycle.midpoint_locked_at is None and not cycle.locked
    rows = q(target, "SELECT week, quota, locked, score FROM weekly_plan WHERE cycle_id = ? "
             "ORDER BY week", (cycle.id,))
    assert [(w, n, bool(lk), s) for w, n, lk, s in rows] == [
        (w, 0, False, None) for w in range(1, 13)]
    batch = last_batch(target)
    assert [(e, a) for e, _i, a, _b, _x in batch] == [("cycle", "create")] + [
        ("weekly_plan", "create")] * 12


def test_start_reads_a_weekday_and_refuses_another_day(plans):
    # Monday 2026-11-23 in Berlin: "monday" is today (the coming one, today included)
    assert plans.start_cycle("monday").start_date == MONDAY
    with pytest.raises(InvalidInput) as err:
        plans.start_cycle("2027-03-03")
    assert err.value.field == "start"
    assert "a Monday (your week starts on Monday; 2027-03-03 is a Wednesday)" in str(err.value)
    with pytest.raises(InvalidInput) as err:
        plans.start_cycle("someday")
    assert err.value.field == "start"


def test_the_week_start_setting_decides_the_start_day(plans):
    plans.set_setting("week_start", "sunday")
    with pytest.raises(InvalidInput, match="a Sunday"):
        plans.start_cycle(MONDAY)
    assert plans.start_cycle("2026-11-29").start_date == dt.date(2026, 11, 29)


def test_cycles_never_overlap_their_thirteen_weeks(plans, target):
    plans.start_cycle(MONDAY)
    before = plan_state(target)
    # week 13 (the review week) of the first is 2027-02-15..21
    with pytest.raises(InvalidInput) as err:
        plans.start_cycle("2027-02-15")
    assert err.value.field == "start" and "12 weeks from 2026-11-23" in str(err.value)
    with pytest.raises(InvalidInput):
        plans.start_cycle("2026-09-07")  # its 13 weeks reach into the first cycle
    assert plan_state(target) == before
    nxt = plans.start_cycle("2027-02-22", name="Spring")
    assert nxt.state == "draft" and nxt.week is None and nxt.days_left is None


def test_draft_current_and_past_and_the_default_cycle(plans, clock):
    now_at = clock.now()
    at_week(clock, dt.date(2026, 8, 24), 1)  # started in its own time (a late start is refused)
    first = plans.start_cycle("2026-08-24", name="Summer")  # ended 2026-11-22 (week 13's end)
    clock.set(now_at)
    now = plans.start_cycle(MONDAY, name="Winter")
    later = plans.start_cycle("2027-02-22", name="Spring")
    assert [(c.name, c.state) for c in plans.cycles()] == [
        ("Summer", "past"), ("Winter", "current"), ("Spring", "draft")]
    assert plans.cycle().id == now.id
    assert plans.cycle("summer").id == first.id  # by name, any case
    assert plans.cycle(str(later.id)).id == later.id
    assert plans.cycle("2027-03-01").id == later.id  # a date in it
    at_week(clock, MONDAY, 13)  # the review week still belongs to the current cycle
    assert plans.cycle().id == now.id and plans.cycle().week == 13
    assert plans.cycle().days_left == 0
    at_week(clock, MONDAY, 14)
    assert plans.cycle().id == later.id and plans.cycle().week == 1
    with pytest.raises(UnknownName, match="no cycle named 'Autumn'"):
        plans.cycle("Autumn")


def test_no_cycle_says_how_to_start_one(plans, clock):
    with pytest.raises(NoCycle, match="fcc plan cycle start"):
        plans.cycle()
    now_at = clock.now()
    at_week(clock, dt.date(2026, 8, 24), 1)
    plans.start_cycle("2026-08-24")
    clock.set(now_at)
    with pytest.raises(NoCycle, match="the last ended 2026-11-22"):
        plans.cycle()
    assert plans.cycle("2026-08-24").state == "past"


def test_names_are_unique_and_checked(plans, target):
    plans.start_cycle(MONDAY, name="Q1")
    with pytest.raises(InvalidInput) as err:
        plans.start_cycle("2027-02-22", name=" q1 ")
    assert err.value.field == "name" and "Q1 exists" in str(err.value)
    for bad in ("", "  ", "123", "2027-01-01", "a\x07b", "x" * 201):
        with pytest.raises(InvalidInput) as err:
            plans.start_cycle("2027-02-22", name=bad)
        assert err.value.field == "name"
    assert count(target, "cycle") == 1
    spring = plans.start_cycle("2027-02-22", name="Spring")
    assert plans.rename_cycle("spring", "Spring 2027").name == "Spring 2027"
    with pytest.raises(InvalidInput, match="Q1 exists"):
        plans.rename_cycle(spring.id, "Q1")


def test_only_a_draft_is_deleted_with_everything_in_it(plans, target):
    now = plans.start_cycle(MONDAY)
    spring = plans.start_cycle("2027-02-22", name="Spring")
    plans.add_item("Prepare", week=1, cycle="Spring")
    with pytest.raises(InvalidInput) as err:
        plans.delete_cycle(now.id)
    assert err.value.field == "cycle" and "only a draft" in str(err.value)
    plans.delete_cycle(spring.id)
    assert [c.name for c in plans.cycles()] == [now.name]
    assert count(target, "weekly_plan") == 12 and count(target, "plan_item") == 0


def test_the_vision_is_one_row_and_cycles_link_to_it(plans, target):
    assert plans.vision() is None
    cycle = plans.start_cycle(MONDAY)
    vision = plans.set_vision(body="A studio of three", three_year="Two retainers")
    assert (vision.title, vision.body, vision.three_year, vision.horizon_years) == (
        "Vision", "A studio of three", "Two retainers", 3)
    assert q(target, "SELECT vision_id FROM cycle WHERE id = ?", (cycle.id,)) == [(vision.id,)]
    again = plans.set_vision(title="North star", horizon_years="5")
    assert (again.id, again.title, again.body, again.horizon_years) == (
        vision.id, "North star", "A studio of three", 5)
    assert count(target, "vision") == 1
    spring = plans.start_cycle("2027-02-22")
    assert q(target, "SELECT vision_id FROM cycle WHERE id = ?", (spring.id,)) == [(vision.id,)]
    for bad in ({"horizon_years": 0}, {"horizon_years": "x"}, {"title": ""},
                {"body": "a\x00b"}):
        with pytest.raises(InvalidInput) as err:
            plans.set_vision(**bad)
        assert err.value.field == next(iter(bad))
