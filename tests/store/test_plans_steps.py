"""The plan verbs made of other verbs (``store/plans/steps.py``), on both backends: each is one
change — a refusal midway leaves every plan table as it was, one undo takes it all back — and a
refusal names the part it came from (``measure 2``, ``#41``)."""

from __future__ import annotations

import pytest

from fcc.store.errors import InvalidInput, UnknownId, UnknownName
from tests.store.plan_helpers import MONDAY, at_week, pinned, plan_state


@pytest.fixture
def plans(store):
    return pinned(store)


def test_a_goal_with_its_measures_or_nothing(plans, target):
    plans.start_cycle(MONDAY)
    plans.create_client({"name": "Acme"})
    before = plan_state(target)
    with pytest.raises(UnknownName) as err:
        plans.set_goal_with_measures("business", "Grow", why="Freedom", measures=[
            ("lag", {"name": "Billed", "target": 36000, "source": "billed"}),
            ("lead", {"name": "Hours", "target": 25, "source": "hours", "period": "week",
                      "scope": {"clients": ["Nobody"]}})])
    assert str(err.value).startswith("measure 2: ") and "Nobody" in str(err.value)
    assert plan_state(target) == before  # not the goal, not the first measure

    goal = plans.set_goal_with_measures("business", "Grow", why="Freedom", measures=[
        ("lag", {"name": "Billed", "target": 36000, "source": "billed"}),
        ("lead", {"name": "Hours", "target": 25, "source": "hours", "period": "week",
                  "scope": {"clients": ["Acme"]}})])
    assert (goal.title, goal.why) == ("Grow", "Freedom")
    assert [(m.kind, m.name, m.scope_label) for m in goal.measures] == [
        ("lag", "Billed", ""), ("lead", "Hours", "client:Acme")]
    assert plans.undo().message == \
        "undid: set the business goal of 12 weeks from 2026-11-23: Grow with 2 measures"
    assert plan_state(target) == before


def test_a_review_with_its_decisions_or_nothing(plans, clock, target):
    plans.start_cycle(MONDAY)
    bob = plans.add_item("Call Bob").id
    study = plans.add_item("Write case study").id
    invoice = plans.add_item("Fix invoice template").id
    at_week(clock, MONDAY, 2, day=1)
    before = plan_state(target)
    with pytest.raises(InvalidInput) as err:  # the break-down (after the recommit) refused
        plans.review_week(recommit=[bob], break_down={invoice: ["Outline", "x" * 5000]})
    assert err.value.field == f"#{invoice}" and "title of at most" in str(err.value)
    assert plan_state(target) == before
    with pytest.raises(UnknownId):
        plans.review_week(drop={999_999: "gone"})
    with pytest.raises(InvalidInput) as err:  # an item of another week
        plans.review_week(drop={plans.add_item("Later").id: "gone"})
    assert err.value.field == "item" and "an unfinished item of week 1" in str(err.value)
    before = plan_state(target)

    state, made, week = plans.review_week(
        recommit=[bob], drop={f"#{study}": "client cancelled"},
        break_down={invoice: ["Outline", "Draft"]}, text="Too many meetings")
    assert (state.week, week.week, week.review) == (1, 1, "Too many meetings")
    assert [(m.title, m.week, m.origin_id, m.origin_kind) for m in made] == [
        ("Call Bob", 2, bob, "recommit"), ("Outline", 2, invoice, "breakdown"),
        ("Draft", 2, invoice, "breakdown")]
    assert [i.drop_reason for i in plans.week_plan(1).items if i.id == study] == \
        ["client cancelled"]
    assert plans.review() is None
    assert plans.undo().message == "undid: review week 1 (3 items decided)"
    assert plan_state(target) == before
    with pytest.raises(InvalidInput) as err:
        plans.review_week(week=3)
    assert err.value.field == "week"


def test_a_review_deciding_one_item_twice_is_refused(plans, clock, target):
    """``--recommit 5 --drop 5=...``: which one was meant? Refused, naming the item, rather than
    one decision silently winning over the other."""
    plans.start_cycle(MONDAY)
    bob = plans.add_item("Call Bob").id
    at_week(clock, MONDAY, 2, day=1)
    before = plan_state(target)
    with pytest.raises(InvalidInput) as err:
        plans.review_week(recommit=[bob], drop={f"#{bob}": "client cancelled"})
    assert err.value.field == f"#{bob}"
    assert "one decision" in str(err.value) and "recommit" in str(err.value)
    with pytest.raises(InvalidInput) as err:
        plans.review_week(recommit=[bob, f"#{bob}"])
    assert err.value.field == f"#{bob}"
    assert plan_state(target) == before


def test_setting_a_goal_again_updates_its_measures_by_name(plans, target):
    """``fcc plan goal set`` run again (to fix the why, or a target) keeps one measure per kind
    and name — it added a second 'Revenue' each time; typed values stay with the measure."""
    plans.start_cycle(MONDAY)
    first = plans.set_goal_with_measures("business", "Grow", measures=[
        ("lag", {"name": "Revenue", "target": 1000, "unit": "EUR", "period": None,
                 "source": "manual", "scope": {}}),
        ("lead", {"name": "Hours", "target": 20, "unit": "", "period": None,
                  "source": "hours", "scope": {}})])
    lag = next(m for m in first.measures if m.kind == "lag")
    plans.record_measure(lag.id, 300)
    again = plans.set_goal_with_measures("business", "Grow more", why="Runway", measures=[
        ("lag", {"name": "revenue", "target": 1500, "unit": "EUR", "period": None,
                 "source": "manual", "scope": {}}),
        ("lead", {"name": "Hours", "target": 25, "unit": "", "period": None,
                  "source": "hours", "scope": {}}),
        ("lead", {"name": "Calls", "target": 5, "unit": "", "period": "week",
                  "source": "manual", "scope": {}})])
    assert [(m.kind, m.name, m.target, m.unit, m.period) for m in again.measures] == [
        ("lag", "Revenue", 1500, "EUR", "cycle"), ("lead", "Hours", 25, "h", "week"),
        ("lead", "Calls", 5, "", "week")]
    assert next(m for m in again.measures if m.kind == "lag").actual == 300
    before = plan_state(target)
    plans.set_goal_with_measures("business", "Grow more", why="Runway", measures=[
        ("lag", {"name": "Revenue", "target": 1500, "unit": "EUR", "period": None,
                 "source": "manual", "scope": {}})])
    assert plan_state(target)["measure"] == before["measure"]  # the same again: unchanged
