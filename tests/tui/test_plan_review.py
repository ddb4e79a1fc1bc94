"""The weekly review wizard by keys: the score step, each unfinished item recommitted, broken
down or dropped (the store holds each choice at once), the review text, next week's plan."""

from __future__ import annotations

import datetime as dt

import pytest

from fcc.tui.app import make_app
from fcc.tui.screens.plan_forms import DropModal, ItemModal
from fcc.tui.screens.plan_review import ITEM, NEXT, SCORE, TEXT, BreakDownModal, ReviewScreen
from fcc.tui.widgets.plan_items import ItemList
from tests.tui.conftest import NOW
from tests.tui.plan_world import START, monday, planned
from tests.tui.test_plan_pane import open_plan, text_of

__all__ = ["planned"]  # the fixture


@pytest.fixture
def unfinished(planned, clock):
    """Week 7 ends with three unfinished items: the long run, a case study, and the
    portfolio, rolled over from week 4 three times (flagged)."""
    s = planned
    clock.set(monday(4))
    portfolio = s.add_item("Update the portfolio", week=4, goal="business")
    for week in (5, 6, 7):
        clock.set(monday(week))
        portfolio = s.recommit_item(portfolio.id, week=week)
    s.add_item("Write a case study", week=7)
    clock.set(NOW)
    return s


def step_text(screen: ReviewScreen) -> str:
    return str(screen.query_one("#review-body").render())


async def test_the_review_recommits_breaks_down_drops_then_plans_next_week(unfinished, clock):
    s = unfinished
    app = make_app(s, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await open_plan(app, pilot)
        await pilot.press("r")
        review = app.screen
        assert isinstance(review, ReviewScreen)
        assert review.step == SCORE and review.state.week == 7
        assert "W7's execution score" in step_text(review)
        assert "3 unfinished items" in step_text(review)
        await pilot.press("c")  # not on the score step: nothing happens
        assert review.step == SCORE
        await pilot.press("enter")
        assert review.step == ITEM
        titles = [i.title for i in review.unfinished]
        assert sorted(titles) == ["Long run", "Update the portfolio", "Write a case study"]
        for title in titles:
            assert review.step == ITEM
            item = review.unfinished[review.index]
            assert item.title == title
            if title == "Long run":
                await pilot.press("c")
            elif title == "Update the portfolio":
                assert "rolled over 3 times" in step_text(review)
                await pilot.press("d")
                form = app.screen
                assert isinstance(form, DropModal)
                await pilot.press(*"no longer needed", "enter")
            else:
                await pilot.press("b")
                form = app.screen
                assert isinstance(form, BreakDownModal)
                await pilot.press("enter")
                assert "titles" in str(form.query_one("#error-titles").render())
                await pilot.press(*"Outline it; Ask Acme for a quote", "enter")
            assert app.screen is review
        assert review.step == TEXT
        week8 = s.week_plan(8).items
        runs = sorted((i.rolled_over, i.origin_kind) for i in week8 if i.title == "Long run")
        assert runs == [(0, None), (1, "recommit")]  # W8's own tactic item, and W7's carried
        assert {"Outline it", "Ask Acme for a quote"} <= {i.title for i in week8}
        dropped = next(i for i in s.week_plan(7).items if i.title == "Update the portfolio")
        assert dropped.drop_reason == "no longer needed"
        await pilot.press(*"A good week for sales, a bad one for running.")
        await pilot.press("ctrl+s")
        assert review.step == NEXT
        assert s.week_plan(7).reviewed_at is not None
        assert s.week_plan(7).review.startswith("A good week")
        assert any(n.kind == "review" for n in s.journal(week=7))
        items = review.query_one("#review-items", ItemList)
        assert any("Outline it" in line for line in items.lines())
        await pilot.press("n")
        form = app.screen
        assert isinstance(form, ItemModal) and form.week == 8
        await pilot.press(*"Call the physio", "enter")
        assert any(i.title == "Call the physio" for i in s.week_plan(8).items)
        assert any("Call the physio" in line for line in items.lines())
        await pilot.press("escape")
        assert app.screen is app.main
        assert "review due" not in text_of(app, "#plan-head")
        assert pane.data is not None and pane.data.view.review_due is None


async def test_skipping_leaves_the_item_open_and_escape_keeps_what_was_decided(planned, clock):
    s = planned
    app = make_app(s, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_plan(app, pilot)
        await pilot.press("r", "enter")
        review = app.screen
        assert isinstance(review, ReviewScreen) and review.step == ITEM
        assert [i.title for i in review.unfinished] == ["Long run"]
        await pilot.press("s")
        assert review.step == TEXT
        await pilot.press("escape")
        assert app.screen is app.main
        assert s.week_plan(7).reviewed_at is None  # not finished
        state = s.review()
        assert state is not None and [i.title for i in state.unfinished] == ["Long run"]


async def test_week_6_reviewed_before_it_ends_locks_weeks_7_to_12(home_store, clock):
    """Nothing is due (weeks 1-5 reviewed): r reviews the week shown, here week 6 on its
    Friday; the wizard says finishing it locks the second half, and it does."""
    s = home_store
    clock.set(monday(1))
    s.start_cycle(START, name="Spring")
    s.add_item("Draft the offer")
    clock.set(monday(6) + dt.timedelta(days=1))
    s.finish_review(5, "")  # and the lapsed weeks 1-4 with it
    clock.set(monday(6) + dt.timedelta(days=4))
    app = make_app(s, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_plan(app, pilot)
        await pilot.press("r")
        review = app.screen
        assert isinstance(review, ReviewScreen) and review.state.week == 6
        assert review.state.midpoint
        assert "locks the quotas of W7–W12" in step_text(review)
        await pilot.press("enter")
        assert review.step == TEXT  # week 6 had no item to decide on
        assert not s.cycle().locked
        await pilot.press("ctrl+s")
        assert review.step == NEXT
        assert s.cycle().locked
        assert s.week_plan(7).locked


async def test_r_on_an_earlier_week_shown_reviews_that_week(planned, clock):
    app = make_app(planned, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_plan(app, pilot)
        await pilot.press("left_square_bracket", "left_square_bracket", "left_square_bracket",
                          "r")
        review = app.screen
        assert isinstance(review, ReviewScreen) and review.state.week == 5
        assert "W5's execution score" in step_text(review)
