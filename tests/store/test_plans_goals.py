"""Goals (one per kind and cycle) and their measures: add, edit, record typed values, remove; bad
input names the field and writes nothing — on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from fcc.store.errors import InvalidInput, UnknownId, UnknownName
from tests.store.board_helpers import count, last_batch
from tests.store.helpers import q
from tests.store.plan_helpers import MONDAY, at_week, pinned, plan_state


@pytest.fixture
def plans(store):
    pinned(store).start_cycle(MONDAY)
    return store


def test_one_goal_per_kind_set_twice_changes_it(plans, target):
    business = plans.set_goal("business", "Bill 12k", why="Runway for the studio")
    personal = plans.set_goal("Personal", "Run a half marathon")
    assert (business.kind, business.title, business.why) == (
        "business", "Bill 12k", "Runway for the studio")
    assert (personal.kind, personal.why, personal.measures, personal.tactics) == (
        "personal", "", (), ())
    again = plans.set_goal("business", "Bill 15k")
    assert (again.id, again.title, again.why) == (business.id, "Bill 15k",
                                                   "Runway for the studio")
    [(entity, _i, action, before, after)] = last_batch(target)
    assert (entity, action, before["title"], after["title"]) == (
        "goal", "update", "Bill 12k", "Bill 15k")
    assert [g.kind for g in plans.goals()] == ["business", "personal"]
    assert count(target, "goal") == 2


def test_goal_bad_input(plans, target):
    before = plan_state(target)
    for call, field in [
        (lambda: plans.set_goal("health", "x"), "kind"),
        (lambda: plans.set_goal("business", ""), "title"),
        (lambda: plans.set_goal("business", "x", why="a\x00b"), "why"),
        (lambda: plans.remove_goal("family"), "goal"),
    ]:
        with pytest.raises(InvalidInput) as err:
            call()
        assert err.value.field == field
    with pytest.raises(UnknownName):
        plans.set_goal("business", "x", cycle="Nope")
    assert plan_state(target) == before


def test_measures_lag_and_lead_with_defaults(plans, target):
    plans.create_client({"name": "Acme"})
    plans.create_project({"name": "Site", "client": "Acme"})
    plans.set_goal("business", "Bill 12k")
    lag = plans.add_measure("business", "lag", "Billed revenue", target="12000",
                            source="billed", scope={"clients": ["acme"]})
    lead = plans.add_measure("business", "lead", "Client hours", target=25, source="hours",
                             scope={"projects": ["Acme/Site"], "tags": ["deep", "Deep"]})
    calls = plans.add_measure("business", "lead", "Sales calls", target="5", unit="calls")
    assert (lag.period, lag.unit, lag.target, lag.computed) == (
        "cycle", "EUR", Decimal("12000.00"), True)
    assert (lead.period, lead.unit, lead.scope_label) == (
        "week", "h", "project:Acme/Site, tag:deep")
    assert lag.scope_label == "client:Acme"
    [[scope]] = q(target, "SELECT scope FROM measure WHERE id = ?", (lead.id,))
    assert json.loads(scope) == {"projects": [plans.find_project("Acme/Site").id],
                                 "tags": ["deep"]}
    assert (calls.unit, calls.source, calls.actual) == ("calls", "manual", None)
    [goal] = [g for g in plans.goals() if g.kind == "business"]
    assert [m.name for m in goal.measures] == ["Billed revenue", "Client hours", "Sales calls"]


def test_measure_bad_input_names_the_field(plans, target):
    plans.set_goal("business", "Bill 12k")
    before = plan_state(target)
    for kwargs, field in [
        ({"kind": "result"}, "kind"),
        ({"name": ""}, "name"),
        ({"target": "-5"}, "target"),
        ({"target": "lots"}, "target"),
        ({"source": "guess"}, "source"),
        ({"period": "month"}, "period"),
        ({"unit": "x" * 21}, "unit"),
        ({"scope": {"tags": ["x"]}}, "scope"),  # a typed measure has no scope
        ({"source": "hours", "scope": {"planets": ["x"]}}, "planets"),
    ]:
        args = {"kind": "lead", "name": "Calls", **kwargs}
        goal_kind, name = args.pop("kind"), args.pop("name")
        with pytest.raises(InvalidInput) as err:
            plans.add_measure("business", goal_kind, name, **args)
        assert err.value.field == field, kwargs
    with pytest.raises(UnknownName):
        plans.add_measure("business", "lag", "x", source="billed", scope={"clients": ["Nobody"]})
    with pytest.raises(UnknownId):
        plans.add_measure("business", "lag", "x", source="hours", scope={"cards": [404]})
    with pytest.raises(UnknownId, match="no personal goal"):
        plans.add_measure("personal", "lag", "x")
    assert plan_state(target) == before


def test_record_typed_values_for_the_cycle_and_the_weeks(plans, clock, target):
    plans.set_goal("personal", "Half marathon")
    lag = plans.add_measure("personal", "lag", "Half marathon (min)", target=119)
    lead = plans.add_measure("personal", "lead", "Runs", target=3, unit="runs")
    assert plans.record_measure(lag.id, "131").actual == Decimal("131.00")  # the cycle's
    recorded = plans.record_measure(lead.id, 2)  # this week's (week 1)
    assert recorded.actual == Decimal("2.00") and recorded.weeks[0] == Decimal("2.00")
    assert plans.record_measure(lead.id, 3).weeks[0] == Decimal("3.00")  # typed again
    assert q(target, "SELECT week, value FROM measure_value WHERE measure_id = ? ",
             (lead.id,)) in ([(1, Decimal("3.00"))], [(1, 3)])
    at_week(clock, MONDAY, 2)
    now = plans.record_measure(f"#{lead.id}", "1.5")
    assert now.actual == Decimal("1.50") and now.weeks[:3] == (
        Decimal("3.00"), Decimal("1.50"), None)
    plans.record_measure(lead.id, 4, week="W1")
    assert plans.goals()[0].measures[1].weeks[0] == Decimal("4.00")
    for value, week, field in [("-1", None, "value"), ("x", None, "value"), (1, 13, "week")]:
        with pytest.raises(InvalidInput) as err:
            plans.record_measure(lead.id, value, week=week)
        assert err.value.field == field
    hours = plans.add_measure("personal", "lead", "Training hours", source="hours")
    with pytest.raises(InvalidInput, match="computed from hours"):
        plans.record_measure(hours.id, 5)


def test_edit_and_remove_measures(plans, target):
    plans.set_goal("business", "Bill 12k")
    measure = plans.add_measure("business", "lead", "Calls", target=5)
    plans.record_measure(measure.id, 2)
    edited = plans.edit_measure(measure.id, {"name": "Sales calls", "target": None,
                                             "unit": "calls"})
    assert (edited.name, edited.target, edited.unit) == ("Sales calls", None, "calls")
    computed = plans.edit_measure(measure.id, {"source": "hours", "scope": {"tags": ["sales"]}})
    assert (computed.source, computed.scope) == ("hours", {"tags": ["sales"]})
    with pytest.raises(InvalidInput) as err:
        plans.edit_measure(measure.id, {"source": "manual"})  # a scope is left: refused
    assert err.value.field == "scope"
    with pytest.raises(InvalidInput) as err:
        plans.edit_measure(measure.id, {"colour": "red"})
    assert err.value.field == "colour"
    plans.remove_measure(measure.id)
    assert count(target, "measure") == 0 and count(target, "measure_value") == 0
    assert {(e, a) for e, _i, a, _b, _x in last_batch(target)} == {
        ("measure_value", "delete"), ("measure", "delete")}
    with pytest.raises(UnknownId):
        plans.remove_measure(measure.id)


def test_remove_goal_takes_its_measures_and_tactics_keeps_its_done_items(plans, target):
    plans.set_goal("business", "Bill 12k")
    plans.add_measure("business", "lag", "Billed", target=12000)
    plans.add_tactic("business", "Weekly pitch", weeks="1-3")
    done = plans.add_item("Invoice Acme", goal="business")
    plans.check_item(done.id)
    assert plans.week_plan().quota == 2 and plans.week_plan(3).quota == 1
    plans.remove_goal("business")
    assert plans.goals() == []
    assert count(target, "tactic") == 0 and count(target, "measure") == 0
    week = plans.week_plan()
    assert [(i.title, i.goal_id, i.done) for i in week.items] == [("Invoice Acme", None, True)]
    assert (week.quota, plans.week_plan(3).quota) == (1, 0)


def test_goal_score_counts_its_items_so_far(plans, clock):
    plans.set_goal("business", "Bill 12k")
    a = plans.add_item("A", goal="business")
    plans.add_item("B", goal="business")
    plans.add_item("Later", goal="business", week=5)
    plans.check_item(a.id)
    [goal] = plans.goals()
    assert goal.score == Decimal("50.00")


def test_a_goal_by_id_is_found_in_its_own_cycle(plans, target):
    plans.start_cycle("2027-02-22", name="Spring")
    spring = plans.set_goal("business", "Plan spring", cycle="Spring")
    plans.set_goal("business", "Bill 12k")  # the current cycle's
    measure = plans.add_measure(spring.id, "lag", "Leads", target=10)
    tactic = plans.add_tactic(f"#{spring.id}", "Outreach", weeks="1-2")
    assert (measure.goal_id, tactic.goal_id) == (spring.id, spring.id)
    assert [x.id for x in plans.tactics(spring.id)] == [tactic.id]
    with pytest.raises(UnknownId, match="no goal"):
        plans.add_measure(spring.id, "lag", "x", cycle=plans.cycle().id)  # not in that one
    plans.remove_goal(spring.id)
    assert [g.title for g in plans.goals("Spring")] == []
    assert [g.title for g in plans.goals()] == ["Bill 12k"]
