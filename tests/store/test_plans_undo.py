"""``undo`` after each plan verb puts every plan table back exactly as it was (rows made are gone,
rows deleted are back with their ids, rows changed have their old values, scores true again) —
on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest

from fcc.store.api import Store
from tests.store.helpers import q
from tests.store.plan_helpers import MONDAY, at_week, pinned, plan_state

Ids = dict[str, int]
VERBS: list[tuple[str, Callable[[Store, Ids], Any]]] = [
    ("set_vision", lambda s, i: s.set_vision(body="Calmer", horizon_years=4)),
    ("start_cycle", lambda s, i: s.start_cycle("2027-05-24", name="Summer")),
    ("rename_cycle", lambda s, i: s.rename_cycle("Spring", "Spring 2027")),
    ("delete_cycle", lambda s, i: s.delete_cycle("Spring")),
    ("set_goal_new", lambda s, i: s.set_goal("personal", "Run", cycle="Spring")),
    ("set_goal_change", lambda s, i: s.set_goal("business", "Bill 15k", why="More")),
    ("remove_goal", lambda s, i: s.remove_goal("business")),
    ("add_measure", lambda s, i: s.add_measure("business", "lead", "Calls", target=5)),
    ("edit_measure", lambda s, i: s.edit_measure(i["lead"], {"name": "Pitches",
                                                             "target": "7"})),
    ("remove_measure", lambda s, i: s.remove_measure(i["lead"])),
    ("record_measure_new", lambda s, i: s.record_measure(i["lag"], 900)),
    ("record_measure_again", lambda s, i: s.record_measure(i["lead"], 4)),
    ("add_tactic", lambda s, i: s.add_tactic("business", "Newsletter", weeks="2-5")),
    ("edit_tactic", lambda s, i: s.edit_tactic(i["tactic"], {"weeks": "3-6",
                                                             "title": "Pitch more"})),
    ("remove_tactic", lambda s, i: s.remove_tactic(i["tactic"])),
    ("add_item", lambda s, i: s.add_item("Ad hoc", goal="business")),
    ("edit_item", lambda s, i: s.edit_item(i["item"], {"title": "Renamed", "goal": None})),
    ("check_item", lambda s, i: s.check_item(i["item"])),
    ("uncheck_item", lambda s, i: s.uncheck_item(i["done"])),
    ("drop_item", lambda s, i: s.drop_item(i["done"], "client cancelled")),
    ("set_quota", lambda s, i: s.set_quota(2, 9)),
    ("set_quota_late_week", lambda s, i: s.set_quota(12, 2)),
]


@pytest.fixture
def setup(store, clock) -> tuple[Store, Ids]:
    pinned(store)
    store.set_vision(title="North", body="A studio")
    store.start_cycle(MONDAY, name="Winter")
    store.start_cycle("2027-02-22", name="Spring")
    store.set_goal("business", "Bill 12k", why="Runway")
    store.set_goal("business", "Plan", cycle="Spring")
    # the draft has a bit of everything, so deleting it (and undoing that) touches every table
    spring_lag = store.add_measure("business", "lag", "Leads", target=10, cycle="Spring")
    store.record_measure(spring_lag.id, 1)
    store.add_tactic("business", "Outreach", weeks="1-2", cycle="Spring")
    store.add_item("Prepare", week=1, goal="business", cycle="Spring")
    store.add_note("An idea for spring", week=1, cycle="Spring")
    lag = store.add_measure("business", "lag", "Billed", target=12000)
    lead = store.add_measure("business", "lead", "Calls", target=5)
    store.record_measure(lead.id, 2)
    tactic = store.add_tactic("business", "Pitch", weeks="1-4")
    item = store.add_item("Write", goal="business")
    done = store.add_item("Send")
    store.check_item(done.id)
    at_week(clock, MONDAY, 1, day=2)
    return store, {"lag": lag.id, "lead": lead.id, "tactic": tactic.id, "item": item.id,
                   "done": done.id}


@pytest.mark.parametrize(("name", "verb"), VERBS, ids=[n for n, _ in VERBS])
def test_undo_puts_every_plan_table_back(setup, target, name, verb):
    store, ids = setup
    before = plan_state(target)
    verb(store, ids)
    assert plan_state(target) != before, f"{name} changed nothing"
    assert stored_scores(target) == true_scores(target)
    change = store.undo()
    assert change.message.startswith("undid: ")
    assert plan_state(target) == before
    assert stored_scores(target) == true_scores(target)


def stored_scores(target) -> dict[int, Decimal | None]:
    return {i: None if s is None else Decimal(str(s)).quantize(Decimal("0.01"))
            for i, s in q(target, "SELECT id, score FROM weekly_plan")}


def true_scores(target) -> dict[int, Decimal | None]:
    """Each week's score from its rows: min(done, quota) / quota, half up (rule 2)."""
    done = dict(q(target, "SELECT weekly_plan_id, COUNT(*) FROM plan_item WHERE done "
                  "GROUP BY weekly_plan_id"))
    out: dict[int, Decimal | None] = {}
    for plan, quota in q(target, "SELECT id, quota FROM weekly_plan"):
        out[plan] = None if not quota else (Decimal(100 * min(done.get(plan, 0), quota))
                                            / quota).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return out


def test_undo_of_a_check_in_a_week_whose_quota_no_longer_follows(setup, target, clock):
    store, ids = setup
    at_week(clock, MONDAY, 2)  # week 1 has ended: its quota is history
    before = plan_state(target)
    store.drop_item(ids["item"], "late")
    pitch = next(i for i in store.week_plan(1).items if i.tactic_id == ids["tactic"])
    store.check_item(pitch.id)
    store.undo()
    store.undo()
    assert plan_state(target) == before


def test_undo_of_the_first_vision_unlinks_the_cycles(store, target):
    pinned(store).start_cycle(MONDAY)
    before = plan_state(target)
    store.set_vision(body="A studio")
    assert q(target, "SELECT vision_id FROM cycle") != [(None,)]
    store.undo()
    assert plan_state(target) == before
