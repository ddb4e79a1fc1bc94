"""A 12-week cycle lived through the store's verbs on a frozen clock, for the Plan pane's tests
and snapshots: it starts on Monday 5 October 2026, so the tests' clock (Monday 23 November)
is in week 8; weeks 1-6 are reviewed, week 7 waits for its review, weeks 7-12 are locked."""

from __future__ import annotations

import datetime as dt

import pytest

from fcc.store.plans.fields import measure_spec
from tests.tui.conftest import NOW

START = dt.date(2026, 10, 5)
UTC = dt.UTC


def monday(week: int) -> dt.datetime:
    day = START + dt.timedelta(weeks=week - 1)
    return dt.datetime(day.year, day.month, day.day, 8, 0, tzinfo=UTC)


def item_id(store, title: str, week: int | None = None) -> int:
    return next(i.id for i in store.week_plan(week).items if i.title == title)


def live_cycle(s, clock) -> None:
    """Goals with a billed lag, an hours lead and a typed lead, three tactics (one on card
    #1), weeks 1-7 lived: the sales calls done every week, the long run in even weeks, the
    proposal (W8 only) not yet. Week 7's review is due; card #1 has 1:30 tracked this week."""
    s.create_client({"name": "Acme"})
    s.create_project({"name": "Website", "client": "Acme"})
    s.create_board("Client work", project="Acme/Website")
    s.add_card({"title": "Proposal for Globex"})
    clock.set(monday(1))
    s.start_cycle(START, name="Q4 2026")
    s.set_goal("business", "Land 3 retainer clients", why="steady income")
    s.add_measure("business", "lag", **measure_spec("Billed revenue = 12000 EUR from billed"))
    s.add_measure("business", "lead", **measure_spec("Client hours = 25 h per week from hours"))
    s.add_measure("business", "lead", **measure_spec("Sales calls = 5 per week"))
    s.set_goal("personal", "Run a half marathon")
    s.add_tactic("business", "Five sales calls", weeks="all")
    s.add_tactic("personal", "Long run", weeks="all")
    s.add_tactic("business", "Send the Globex proposal", weeks="8", card=1)
    for week in range(1, 8):
        clock.set(monday(week) + dt.timedelta(days=2))
        if week > 1:
            s.finish_review(week - 1, f"W{week - 1}: kept going" if week != 4 else "")
        s.check_item(item_id(s, "Five sales calls", week))
        if week % 2 == 0:
            s.check_item(item_id(s, "Long run", week))
    clock.set(NOW)
    s.add_entry(None, NOW - dt.timedelta(hours=2), NOW - dt.timedelta(minutes=30), card=1)
    s.add_note("Globex wants the proposal by Friday")


@pytest.fixture
def planned(home_store, clock):
    live_cycle(home_store, clock)
    return home_store
