"""Pilot tests of the Plan pane: every key, on a real SQLite file and a frozen clock (a cycle
lived through the store's verbs, see plan_world). What the pane shows is checked, and what the
database holds afterwards."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from textual.widgets import Input

from fcc.tui.app import FccApp, binding_ids, help_rows, make_app
from fcc.tui.screens.plan import PlanPane
from fcc.tui.screens.plan_forms import (
    CycleModal,
    DropModal,
    ItemModal,
    QuotaModal,
    RecordModal,
    VisionModal,
)
from fcc.tui.widgets.keybar import KeyBar
from fcc.tui.widgets.plan_items import ItemList
from fcc.tui.widgets.plan_measures import GoalMeasures
from fcc.tui.widgets.plan_scores import ScoreChart
from tests.tui.plan_world import START, item_id, live_cycle, monday, planned

__all__ = ["planned"]  # the fixture


def pane_of(app: FccApp) -> PlanPane:
    return app.main.query_one(PlanPane)


async def open_plan(app: FccApp, pilot) -> PlanPane:
    await app.main.wait_until_ready()
    await pilot.press("3")
    pane = pane_of(app)
    assert pane.data is not None
    return pane


def text_of(app: FccApp, selector: str) -> str:
    return str(app.main.query_one(selector).render())


def cursor_to(pane: PlanPane, item: int) -> None:
    items = pane.query_one(ItemList)
    items.highlighted = next(i for i, o in enumerate(items.options) if o.id == f"item-{item}")


async def test_no_cycle_says_how_to_start_one_and_the_palette_starts_it(home_store, clock):
    app = make_app(home_store, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        pane = await open_plan(app, pilot)
        assert pane.has_class("-empty")
        assert "No 12-week cycle yet" in text_of(app, "#plan-empty")
        assert "Start a cycle" in text_of(app, "#plan-empty")
        shown = [description for _, _, description, _ in app.main.query_one(KeyBar).items()[0]]
        assert "Done" not in shown and "Add" not in shown  # no item keys without a cycle
        await pilot.press("space", "n")  # nothing happens, nothing breaks
        assert app.screen is app.main
        await pilot.press("ctrl+p", *"start a cycle")
        await pilot.pause(0.3)
        await pilot.press("enter")
        form = app.screen
        assert isinstance(form, CycleModal)
        form.query_one("#field-start", Input).value = "tuesday"
        await pilot.press("enter")
        assert app.screen is form  # not the week start: the store's reason under the field
        assert "start" in str(form.query_one("#error-start").render())
        form.query_one("#field-start", Input).value = "2026-11-23"
        form.query_one("#field-name", Input).value = "Winter push"
        await pilot.press("enter")
        assert not isinstance(app.screen, CycleModal)
        assert [c.name for c in home_store.cycles()] == ["Winter push"]
        assert not pane.has_class("-empty")
        assert "week 1 of 12" in text_of(app, "#plan-head")
        shown = [description for _, _, description, _ in app.main.query_one(KeyBar).items()[0]]
        assert "Done" in shown and "Add" in shown


async def test_the_pane_shows_the_cycle_goals_measures_scores_and_the_week(planned, clock):
    app = make_app(planned, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await open_plan(app, pilot)
        head = text_of(app, "#plan-head")
        assert "Q4 2026" in head and "week 8 of 12" in head and "23–29 Nov" in head
        assert "W7–W12 locked since" in head
        assert "W7 review due" in head
        goals = app.main.query_one(GoalMeasures)
        assert [g.kind for g in goals.goals] == ["business", "personal"]
        shown = str(goals.render())
        assert "Billed revenue" in shown and "Client hours" in shown and "⟳" in shown
        chart = app.main.query_one(ScoreChart)
        assert chart.scores is not None and chart.week == 8
        assert [w.started for w in chart.scores.weeks] == [True] * 8 + [False] * 4
        lines = pane.query_one(ItemList).lines()
        assert lines[0].startswith("Business")
        assert any("Send the Globex proposal" in line and "#1" in line and "1:30" in line
                   for line in lines)
        assert "W8" in text_of(app, "#plan-week") and "this week" in text_of(app, "#plan-week")


async def test_space_checks_and_unchecks_the_item_and_the_score_follows(planned, clock):
    app = make_app(planned, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await open_plan(app, pilot)
        calls = item_id(planned, "Five sales calls", 8)
        cursor_to(pane, calls)
        before = planned.week_plan(8)
        await pilot.press("space")
        after = planned.week_plan(8)
        assert after.done == before.done + 1
        assert next(i for i in after.items if i.id == calls).done
        assert pane.item == calls  # the cursor stays on it
        assert f"{after.done}/{after.quota} done" in text_of(app, "#plan-week")
        assert pane.data is not None and pane.data.week is not None
        assert pane.data.week.score == after.score
        chart = app.main.query_one(ScoreChart)
        assert chart.scores is not None and chart.scores.weeks[7].done == after.done
        await pilot.press("space")
        assert planned.week_plan(8).done == before.done
        await pilot.press("enter")  # enter checks too
        assert next(i for i in planned.week_plan(8).items if i.id == calls).done
        cursor_to(pane, item_id(planned, "Send the Globex proposal", 8))
        await pilot.press("down")  # past the heading of the personal goal
        assert pane.item == item_id(planned, "Long run", 8)


async def test_n_adds_an_item_and_e_edits_it(planned, clock):
    app = make_app(planned, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await open_plan(app, pilot)
        quota = planned.week_plan(8).quota
        await pilot.press("n")
        form = app.screen
        assert isinstance(form, ItemModal)
        await pilot.press("enter")
        assert "title" in str(form.query_one("#error-title").render())
        await pilot.press(*"Invoice Acme")
        form.query_one("#field-goal", Input).value = "hobby"
        await pilot.press("enter")
        assert "goal" in str(form.query_one("#error-goal").render())
        form.query_one("#field-goal", Input).value = "business"
        form.query_one("#field-card", Input).value = "1"
        await pilot.press("enter")
        assert not isinstance(app.screen, ItemModal)
        new = next(i for i in planned.week_plan(8).items if i.title == "Invoice Acme")
        assert (new.goal_kind, new.work_item_id) == ("business", 1)
        assert planned.week_plan(8).quota == quota  # week 8 is locked: the quota stays
        assert any("Invoice Acme" in line for line in pane.query_one(ItemList).lines())
        cursor_to(pane, new.id)
        await pilot.press("e")
        form = app.screen
        assert isinstance(form, ItemModal) and form.item is not None
        form.query_one("#field-title", Input).value = "Invoice Acme for November"
        form.query_one("#field-card", Input).value = ""
        await pilot.press("enter")
        edited = next(i for i in planned.week_plan(8).items if i.id == new.id)
        assert (edited.title, edited.work_item_id) == ("Invoice Acme for November", None)


async def test_d_drops_with_a_reason_and_u_undoes_it(planned, clock):
    app = make_app(planned, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await open_plan(app, pilot)
        run = item_id(planned, "Long run", 8)
        cursor_to(pane, run)
        await pilot.press("d")
        form = app.screen
        assert isinstance(form, DropModal)
        await pilot.press("enter")
        assert "reason" in str(form.query_one("#error-reason").render())
        await pilot.press(*"knee hurts")
        await pilot.press("enter")
        dropped = next(i for i in planned.week_plan(8).items if i.id == run)
        assert dropped.dropped_at is not None and dropped.drop_reason == "knee hurts"
        assert any(line.startswith("[-] Long run") for line in pane.query_one(ItemList).lines())
        await pilot.press("u")
        back = next(i for i in planned.week_plan(8).items if i.id == run)
        assert back.dropped_at is None
        assert any(line.startswith("[ ] Long run") for line in pane.query_one(ItemList).lines())


async def test_brackets_show_other_weeks(planned, clock):
    app = make_app(planned, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await open_plan(app, pilot)
        await pilot.press("left_square_bracket")
        assert pane.data is not None and pane.data.week is not None
        assert pane.data.week.week == 7 and pane.shown_week == 7
        assert "W7" in text_of(app, "#plan-week") and "ended" in text_of(app, "#plan-week")
        assert app.main.query_one(ScoreChart).week == 7
        await pilot.press("right_square_bracket", "right_square_bracket")
        assert pane.data.week.week == 9
        await pilot.press("n", *"Prepare Q1", "enter")  # n adds to the week shown
        assert any(i.title == "Prepare Q1" for i in planned.week_plan(9).items)
        for _ in range(4):
            await pilot.press("right_square_bracket")
        assert pane.data.week.week == 12  # the last week stays
        await pilot.press("left_square_bracket", "left_square_bracket", "left_square_bracket",
                          "left_square_bracket")
        assert pane.data.week.week == 8 and pane.shown_week is None  # today's again


async def test_q_sets_an_open_week_s_quota_and_a_locked_one_says_why_not(planned, clock):
    app = make_app(planned, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await open_plan(app, pilot)
        quota = planned.week_plan(8).quota
        await pilot.press("q")
        form = app.screen
        assert isinstance(form, QuotaModal)
        form.query_one("#field-quota", Input).value = "9"
        await pilot.press("enter")
        assert app.screen is form  # refused: week 8 is locked at the midpoint
        error = str(form.query_one("#error-quota").render())
        assert "week 8 is locked" in error and "weeks 7-12" in error
        assert planned.week_plan(8).quota == quota
        await pilot.press("escape")
        for _ in range(3):
            await pilot.press("left_square_bracket")
        assert pane.data is not None and pane.data.week is not None
        assert pane.data.week.week == 5
        await pilot.press("q")
        form = app.screen
        assert isinstance(form, QuotaModal)
        form.query_one("#field-quota", Input).value = "x"
        await pilot.press("enter")
        assert "quota" in str(form.query_one("#error-quota").render())


async def test_t_starts_a_timer_on_the_item_s_card_and_stops_it(planned, clock):
    app = make_app(planned, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await open_plan(app, pilot)
        cursor_to(pane, item_id(planned, "Send the Globex proposal", 8))
        await pilot.press("t")
        running = planned.running()
        assert [e.work_item_id for e in running] == [1]
        await pilot.press("t")
        assert planned.running() == []
        cursor_to(pane, item_id(planned, "Long run", 8))
        await pilot.press("t")  # no card: said, no timer
        assert planned.running() == []


async def test_a_check_from_another_process_shows_within_a_poll(planned, clock):
    app = make_app(planned, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await open_plan(app, pilot)
        calls = item_id(planned, "Five sales calls", 8)
        planned.check_item(calls)
        await pilot.pause(1.3)
        assert pane.data is not None and pane.data.item(calls) is not None
        assert pane.data.item(calls).done
        assert pane.data.view.scores is not None
        assert pane.data.view.scores.weeks[7].done >= 1
        assert isinstance(pane.data.view.scores.bar, Decimal)


async def test_the_plan_keys_are_remappable_in_help_and_the_palette(planned, clock):
    ids = binding_ids()
    for ident in ("plan.toggle", "plan.new", "plan.edit", "plan.drop", "plan.previous",
                  "plan.next", "plan.quota", "plan.review", "plan.journal"):
        assert ident in ids
    app = make_app(planned, clock, keymap={"plan.toggle": "x"})
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await open_plan(app, pilot)
        rows = help_rows(app.screen)
        assert any(where == "Plan pane" and ident == "plan.toggle" and keys == "x"
                   for where, keys, _, ident in rows)
        calls = item_id(planned, "Five sales calls", 8)
        cursor_to(pane, calls)
        await pilot.press("x")
        assert next(i for i in planned.week_plan(8).items if i.id == calls).done
        titles = {c.title for c in app.get_system_commands(app.screen)}
        assert {"Start a cycle…", "Set goal…", "Add tactic…", "Add measure…",
                "Weekly review…", "Plan journal…"} <= titles


@pytest.fixture
def lived(store, clock, monkeypatch):
    """The lived cycle on both backends (a SQLite file, a PostgreSQL schema)."""
    monkeypatch.setenv("FCC_ZONE", "Europe/Berlin")
    live_cycle(store, clock)
    return store


async def test_the_keys_on_both_backends_check_add_refuse_a_locked_quota_review(lived, clock):
    """PostgreSQL refuses a locked week's quota through its own guard first: the app still
    shows the store's reason under the field."""
    s = lived
    app = make_app(s, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await open_plan(app, pilot)
        calls = item_id(s, "Five sales calls", 8)
        cursor_to(pane, calls)
        await pilot.press("space")
        assert next(i for i in s.week_plan(8).items if i.id == calls).done
        await pilot.press("n", *"Call Globex", "enter")
        assert any(i.title == "Call Globex" for i in s.week_plan(8).items)
        await pilot.press("q", "backspace", "9", "enter")
        form = app.screen
        assert isinstance(form, QuotaModal)
        assert "week 8 is locked" in str(form.query_one("#error-quota").render())
        await pilot.press("escape", "r", "enter", "d", *"rest week", "enter")
        await pilot.press(*"Fine.", "ctrl+s", "escape")
        assert s.week_plan(7).reviewed_at is not None
        assert next(i for i in s.week_plan(7).items if i.title == "Long run").drop_reason \
            == "rest week"
        assert pane.data is not None and pane.data.view.review_due is None


async def test_quitting_on_the_plan_pane_opens_on_it_next_time(planned, clock):
    app = make_app(planned, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_plan(app, pilot)
        await pilot.press("ctrl+q")
    app = make_app(planned, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.main.wait_until_ready()
        await pilot.pause()
        assert app.main.pane == "plan"
        assert pane_of(app).data is not None
        assert "week 8 of 12" in text_of(app, "#plan-head")
        assert app.focused is pane_of(app).query_one(ItemList)


async def palette(app: FccApp, pilot, title: str) -> None:
    await pilot.press("ctrl+p", *title)
    await pilot.pause(0.3)
    await pilot.press("enter")


async def test_record_a_typed_measure_and_the_vision_from_the_palette(planned, clock):
    app = make_app(planned, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await open_plan(app, pilot)
        await palette(app, pilot, "record measure")
        form = app.screen
        assert isinstance(form, RecordModal)
        assert form.field("week") == "8"
        form.query_one("#field-measure", Input).value = "Billed revenue"  # computed
        form.query_one("#field-value", Input).value = "3"
        await pilot.press("enter")
        assert "a typed measure: Sales calls" in str(form.query_one("#error-measure").render())
        form.query_one("#field-measure", Input).value = "sales calls"
        await pilot.press("enter")
        assert not isinstance(app.screen, RecordModal)
        calls = next(m for g in planned.goals() for m in g.measures if m.name == "Sales calls")
        assert calls.actual == Decimal(3) and calls.weeks[7] == Decimal(3)
        goals = pane.query_one(GoalMeasures)
        assert "3/5" in str(goals.render())  # the pane read it again
        await palette(app, pilot, "edit vision")
        form = app.screen
        assert isinstance(form, VisionModal)
        form.query_one("#field-body", Input).value = "A studio that picks its clients"
        form.query_one("#field-three_year", Input).value = "Four retainers, no pitches"
        await pilot.press("enter")
        vision = planned.vision()
        assert vision is not None
        assert (vision.body, vision.three_year) == ("A studio that picks its clients",
                                                    "Four retainers, no pitches")


async def test_help_on_the_review_and_the_journal_lists_their_keys(planned, clock):
    app = make_app(planned, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_plan(app, pilot)
        await pilot.press("r")
        rows = help_rows(app.screen)
        assert {"review.next", "review.close"} <= {ident for *_, ident in rows}
        assert {where for where, *_ in rows} >= {"Weekly review"}
        await pilot.press("escape", "j")
        rows = help_rows(app.screen)
        assert {"journal.note", "journal.search"} <= {ident for *_, ident in rows}
        assert {where for where, *_ in rows} >= {"Journal"}


async def test_after_the_last_cycle_ended_the_pane_says_so_and_how_to_go_on(home_store,
                                                                            clock):
    s = home_store
    clock.set(monday(1))
    s.start_cycle(START, name="Autumn")
    clock.set(monday(14) + dt.timedelta(days=1))  # after week 13, the review week
    app = make_app(s, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        pane = await open_plan(app, pilot)
        assert pane.has_class("-empty")
        text = text_of(app, "#plan-empty")
        assert "Autumn ended on Sun 03 Jan 2027" in text and "Start a cycle" in text


async def test_text_from_the_database_is_shown_literally_never_sent(planned, clock):
    """Markup stays as typed; a terminal escape (the store refuses one, an older file or a
    hand edit may hold one: written here by SQL) is shown, never sent to the terminal."""
    s = planned
    item = s.add_item("[bold]Pay[/bold] now", goal="business")
    s.set_goal("personal", "Run [i]fast[/i]")
    s.drop_item(item_id(s, "Long run", 8), "knee [b]hurts[/b]")
    s.db.execute_sql("UPDATE plan_item SET title = ? WHERE id = ?",
                     ("[bold]Pay[/bold] \x1b]0;pwned\x07 now", item.id))
    app = make_app(s, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await open_plan(app, pilot)
        items, goals = pane.query_one(ItemList), pane.query_one(GoalMeasures)
        shown = "\n".join([items.render_line(y).text for y in range(items.size.height)]
                          + [goals.render_line(y).text for y in range(goals.size.height)])
        assert "[bold]Pay[/bold]" in shown and "[i]fast[/i]" in shown and "[b]hurts[/b]" in shown
        assert "\x1b" not in shown and "\x07" not in shown
        assert "␛]0;pwned␇ now" in shown  # shown as symbols
