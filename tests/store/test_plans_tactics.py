"""Tactics: their items live in the weeks of their range that have not ended; editing the weeks
adds and removes items, a new title or card reaches the open ones; removing keeps the history —
on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from fcc.store.errors import InvalidInput, UnknownId
from tests.store.board_helpers import count
from tests.store.helpers import q
from tests.store.plan_helpers import MONDAY, at_week, pinned, plan_state


@pytest.fixture
def plans(store):
    pinned(store).start_cycle(MONDAY)
    store.set_goal("business", "Bill 12k")
    store.set_goal("personal", "Half marathon")
    return store


def weeks_of(target, tactic_id: int) -> list[int]:
    return [w for (w,) in q(target, "SELECT p.week FROM plan_item i JOIN weekly_plan p "
                            "ON p.id = i.weekly_plan_id WHERE i.tactic_id = ? ORDER BY p.week",
                            (tactic_id,))]


def quotas(plans) -> list[int]:
    return [w.quota for w in plans.scores().weeks]


def test_add_puts_an_item_in_each_week_of_its_range(plans, target):
    plans.create_board("Work")
    card = plans.add_card({"title": "Pitch deck"})
    tactic = plans.add_tactic("business", "Pitch two leads", weeks="W2-W4", card=card.id)
    assert (tactic.first_week, tactic.last_week, tactic.weeks_label, tactic.card_title) == (
        2, 4, "W2-W4", "Pitch deck")
    assert weeks_of(target, tactic.id) == [2, 3, 4]
    assert quotas(plans)[:5] == [0, 1, 1, 1, 0]
    [item] = plans.week_plan(3).items
    assert (item.title, item.tactic_id, item.goal_kind, item.work_item_id) == (
        "Pitch two leads", tactic.id, "business", card.id)
    every = plans.add_tactic("personal", "Long run", weeks="all")
    assert every.weeks_label == "every week" and weeks_of(target, every.id) == list(range(1, 13))
    assert [x.title for x in plans.tactics()] == ["Pitch two leads", "Long run"]
    assert [x.title for x in plans.tactics("personal")] == ["Long run"]
    [goal] = [g for g in plans.goals() if g.kind == "personal"]
    assert [x.id for x in goal.tactics] == [every.id]


def test_items_only_in_weeks_that_have_not_ended(plans, clock, target):
    at_week(clock, MONDAY, 3, day=2)  # Wednesday of week 3: weeks 1 and 2 have ended
    tactic = plans.add_tactic("business", "Follow up", weeks="1-4")
    assert weeks_of(target, tactic.id) == [3, 4]
    assert quotas(plans)[:4] == [0, 0, 1, 1]


def test_edit_weeks_adds_and_removes_items(plans, clock, target):
    tactic = plans.add_tactic("business", "Pitch", weeks="1-4")
    plans.check_item(plans.week_plan(1).items[0].id)
    plans.drop_item(plans.week_plan(4).items[0].id, "holiday")
    at_week(clock, MONDAY, 2)  # week 1 has ended
    edited = plans.edit_tactic(tactic.id, {"weeks": "3-6"})
    assert (edited.first_week, edited.last_week) == (3, 6)
    # week 1 (ended, done) stays; week 2 (open, now uncovered) goes; week 4's dropped item
    # stays; weeks 5 and 6 are new
    assert weeks_of(target, tactic.id) == [1, 3, 4, 5, 6]
    assert quotas(plans)[:7] == [1, 0, 1, 0, 1, 1, 0]


def test_edit_title_and_card_reach_open_items_not_done_ones(plans, clock, target):
    plans.create_board("Work")
    card = plans.add_card({"title": "Deck"})
    tactic = plans.add_tactic("business", "Pitch", weeks="1-3")
    done = plans.week_plan(2).items[0]
    plans.check_item(done.id)
    plans.edit_tactic(tactic.id, {"title": "Pitch twice", "card": card.id,
                                  "project": None})
    rows = q(target, "SELECT p.week, i.title, i.work_item_id FROM plan_item i JOIN weekly_plan "
             "p ON p.id = i.weekly_plan_id WHERE i.tactic_id = ? ORDER BY p.week", (tactic.id,))
    assert rows == [(1, "Pitch twice", card.id), (2, "Pitch", None), (3, "Pitch twice", card.id)]


def test_remove_deletes_open_items_of_weeks_not_ended_and_keeps_the_rest(plans, clock, target):
    tactic = plans.add_tactic("business", "Pitch", weeks="1-5")
    plans.check_item(plans.week_plan(3).items[0].id)
    plans.drop_item(plans.week_plan(5).items[0].id, "holiday")
    at_week(clock, MONDAY, 2)
    plans.remove_tactic(tactic.id)
    rows = q(target, "SELECT p.week, i.tactic_id, i.done FROM plan_item i JOIN weekly_plan p "
             "ON p.id = i.weekly_plan_id ORDER BY p.week")
    # week 1 has ended: history; week 3's is done; weeks 2 and 4 (open) and 5 (dropped) go
    assert [(w, tid, bool(d)) for w, tid, d in rows] == [(1, None, False), (3, None, True)]
    assert quotas(plans)[:6] == [1, 0, 1, 0, 0, 0]
    assert count(target, "tactic") == 0
    with pytest.raises(UnknownId):
        plans.remove_tactic(tactic.id)


def test_tactic_bad_input_names_the_field(plans, target):
    before = plan_state(target)
    for call, field in [
        (lambda: plans.add_tactic("business", ""), "title"),
        (lambda: plans.add_tactic("business", "x", weeks="0-3"), "weeks"),
        (lambda: plans.add_tactic("business", "x", weeks="5-2"), "weeks"),
        (lambda: plans.add_tactic("business", "x", weeks="soon"), "weeks"),
        (lambda: plans.add_tactic("business", "x", card="abc"), "card"),
        (lambda: plans.add_tactic("health", "x"), "goal"),
        (lambda: plans.add_tactic("business", "x", project=""), "project"),
        (lambda: plans.edit_tactic("x", {"title": "y"}), "tactic"),
    ]:
        with pytest.raises(InvalidInput) as err:
            call()
        assert err.value.field == field
    with pytest.raises(UnknownId):
        plans.add_tactic("business", "x", card=404)
    tactic = plans.add_tactic("business", "Pitch", weeks="1")
    before = plan_state(target)
    with pytest.raises(InvalidInput) as err:
        plans.edit_tactic(tactic.id, {"when": "later"})
    assert err.value.field == "when"
    assert plan_state(target) == before


def test_a_tactic_links_a_project(plans):
    plans.create_client({"name": "Acme"})
    plans.create_project({"name": "Site", "client": "Acme"})
    tactic = plans.add_tactic("business", "Site audit", weeks="2", project="acme/site")
    assert (tactic.project, tactic.weeks_label) == ("Acme/Site", "W2")
    assert plans.edit_tactic(tactic.id, {"project": None}).project is None
