"""``context`` on both backends: the cycle, its goals and a week's plan, and the cards in
progress (not in their board's first column nor a done one, or with a running timer; never
archived or deleted) with their descriptions, the minutes of the last 7 days and their last 5
entries — narrowed to a card or a project."""

from __future__ import annotations

import datetime as dt

import pytest

from fcc.store.errors import InvalidInput, UnknownId, UnknownName
from tests.store.plan_helpers import MONDAY, pinned

UTC = dt.UTC


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.fixture
def world(store, clock):
    s = pinned(store)
    s.create_client({"name": "Acme", "hourly_rate": "100"})
    s.create_project({"name": "Website", "client": "Acme"})
    s.create_project({"name": "Shop", "client": "Acme"})
    s.create_board("Work", columns=["To do", "Doing", "Review", "Done"])
    s.create_board("Shop board", project="Acme/Shop", columns=["Backlog", "Building", "Live"])

    def card(title: str, column: str, board: str = "Work", **extra):
        return s.add_card({"title": title, "board": board, "column": column, **extra}).id

    cards = {
        "todo": card("Collect requirements", "To do"),
        "doing": card("Build the landing page", "Doing", project="Acme/Website",
                      description="Hero, pricing table.\n\nAsk **Ann** for copy."),
        "review": card("Fix the footer", "Review"),
        "done": card("Launch the blog", "Done"),
        "timed": card("Answer the RFP", "To do"),
        "archived": card("Old idea", "Doing"),
        "deleted": card("Mistake", "Doing"),
        "shop": card("Checkout flow", "Building", board="Shop board"),
        "backlog": card("Gift cards", "Backlog", board="Shop board"),
    }
    s.archive_card(cards["archived"])
    s.delete_card(cards["deleted"])

    def entry(card_key: str, start: str, end: str, note: str = ""):
        return s.add_entry("Acme/Website", at(start), at(end), card=cards[card_key],
                           note=note).entry

    entry("doing", "2026-11-10 09:00", "2026-11-10 10:00", "too old to count")
    entry("doing", "2026-11-16 10:00", "2026-11-16 11:00", "half of it counts")
    entry("doing", "2026-11-18 09:00", "2026-11-18 11:00", "layout")
    entry("doing", "2026-11-19 09:00", "2026-11-19 09:45")
    voided = entry("doing", "2026-11-19 12:00", "2026-11-19 16:00", "wrong card")
    s.void_entry(voided.no, "wrong card")
    entry("doing", "2026-11-20 14:00", "2026-11-20 15:00", "copy")
    entry("doing", "2026-11-21 08:00", "2026-11-21 08:30", "review")
    entry("review", "2026-11-22 08:00", "2026-11-22 09:30")
    s.start_timer("Acme/Website", card=cards["timed"], at=clock.now() - dt.timedelta(minutes=40))
    return s, cards


def test_cards_in_progress_with_recent_time(world):
    s, cards = world
    ctx = s.context()
    assert [c.id for c in ctx.cards] == [cards["timed"], cards["doing"], cards["review"],
                                         cards["shop"]]
    timed, doing, review, shop = ctx.cards
    assert (timed.running, timed.minutes_recent, timed.column) == (True, 40, "To do")
    assert [(e.minutes, e.note) for e in timed.entries] == [(40, "")]
    # 30 of the 16th's hour (7 days back from 10:30), then 120 + 45 + 60 + 30; voided: none.
    assert (doing.running, doing.minutes_recent) == (False, 285)
    assert (doing.board, doing.column, doing.project) == ("Work", "Doing", "Acme/Website")
    assert doing.description.startswith("Hero, pricing table.")
    assert [(e.start, e.minutes, e.note) for e in doing.entries] == [
        (at("2026-11-21 08:00"), 30, "review"), (at("2026-11-20 14:00"), 60, "copy"),
        (at("2026-11-19 09:00"), 45, ""), (at("2026-11-18 09:00"), 120, "layout"),
        (at("2026-11-16 10:00"), 60, "half of it counts")]
    assert review.minutes_recent == 90 and review.project is None
    assert (shop.project, shop.minutes_recent, shop.entries) == ("Acme/Shop", 0, ())
    assert ctx.recent_days == 7


def test_one_card_or_one_project(world):
    s, cards = world
    [only] = s.context(card=f"#{cards['todo']}").cards  # wherever it is
    assert (only.id, only.column, only.running, only.entries) == (
        cards["todo"], "To do", False, ())
    assert [c.id for c in s.context(project="Acme/Shop").cards] == [cards["shop"]]
    assert [c.id for c in s.context(project="Acme/Website").cards] == [cards["doing"]]
    with pytest.raises(UnknownId):
        s.context(card=999)
    with pytest.raises(UnknownName):
        s.context(project="Initech/Nothing")


def test_an_archived_board_s_cards_are_not_in_progress(world):
    s, cards = world
    s.archive_board("Shop board")
    assert cards["shop"] not in [c.id for c in s.context().cards]
    assert [c.id for c in s.context(card=cards["shop"]).cards] == [cards["shop"]]


def test_no_cycle_still_lists_the_cards(world):
    s, _cards = world
    ctx = s.context()
    assert (ctx.cycle, ctx.goals, ctx.week) == (None, (), None)
    assert len(ctx.cards) == 4
    with pytest.raises(InvalidInput) as err:
        s.context(week=14)
    assert err.value.field == "week"


def test_the_cycle_its_goals_and_a_week(world, clock):
    s, cards = world
    s.start_cycle(MONDAY - dt.timedelta(weeks=2))  # today is in week 3
    s.set_goal("business", "Reach 12k billed", why="A buffer for the winter")
    s.add_measure("business", "lag", "Billed revenue", target="12000", source="billed")
    s.add_measure("business", "lead", "Client hours", target="25", source="hours",
                  period="week", scope={"clients": ["Acme"]})
    item = s.add_item("Ship the landing page", card=cards["doing"], goal="business")
    s.check_item(item.id)
    s.add_item("Send the RFP answer", card=cards["timed"])
    s.add_item("Plan week 4", week=4)
    ctx = s.context()
    assert (ctx.cycle.week, ctx.cycle.state) == (3, "current")
    [goal] = ctx.goals
    assert goal.why == "A buffer for the winter"
    lag, lead = goal.measures
    assert lag.actual is not None and lag.actual > 0
    assert str(lead.actual) == "0.67"  # this week: the running 40 minutes
    assert (ctx.week.week, ctx.week.quota, ctx.week.done, str(ctx.week.score)) == (
        3, 2, 1, "50.00")
    assert [i.title for i in ctx.week.items] == ["Ship the landing page",
                                                 "Send the RFP answer"]
    assert [i.title for i in s.context(week=4).week.items] == ["Plan week 4"]


def test_at_most_50_cards_running_and_busiest_first(world, clock):
    s, cards = world
    extra = [s.add_card({"title": f"Task {n}", "board": "Work", "column": "Review"}).id
             for n in range(50)]
    busy = extra[-1]
    s.add_entry("Acme/Website", at("2026-11-22 10:00"), at("2026-11-22 15:00"), card=busy)
    listed = [c.id for c in s.context().cards]
    assert len(listed) == 50
    assert listed[:3] == [cards["timed"], busy, cards["doing"]]
    assert listed[3:] == sorted(listed[3:], key=lambda i: (i != cards["review"], i))
