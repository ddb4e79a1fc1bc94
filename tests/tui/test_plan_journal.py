"""The journal screen by keys: the week's thread, a note added, a search over the cycle, the
weeks around it; notes are shown literally."""

from __future__ import annotations

from textual.widgets import Input

from fcc.tui.app import make_app
from fcc.tui.screens.plan_journal import JournalScreen
from tests.tui.plan_world import planned
from tests.tui.test_plan_pane import open_plan

__all__ = ["planned"]  # the fixture


def thread(screen: JournalScreen) -> str:
    return str(screen.query_one("#journal-thread").render())


async def test_j_shows_the_week_s_thread_and_n_adds_a_note(planned, clock):
    s = planned
    app = make_app(s, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_plan(app, pilot)
        await pilot.press("j")
        journal = app.screen
        assert isinstance(journal, JournalScreen)
        assert journal.data.week == 8
        assert "Globex wants the proposal by Friday" in thread(journal)
        await pilot.press("n", *"Sent a draft [bold]today[/bold]", "enter")
        notes = s.journal(week=8)
        assert [n.body for n in notes][-1] == "Sent a draft [bold]today[/bold]"
        assert "Sent a draft [bold]today[/bold]" in thread(journal)  # literally
        assert journal.query_one("#journal-note", Input).value == ""
        await pilot.press("escape")  # leaves the line
        assert isinstance(app.screen, JournalScreen)
        await pilot.press("left_square_bracket")
        assert journal.data.week == 7
        assert "W6: kept going" not in thread(journal)
        await pilot.press("left_square_bracket")
        assert journal.data.week == 6
        assert "W6: kept going" in thread(journal) and "review" in thread(journal)
        await pilot.press("escape")
        assert app.screen is app.main


async def test_slash_searches_the_cycle_s_notes_casefolded(planned, clock):
    s = planned
    app = make_app(s, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_plan(app, pilot)
        await pilot.press("j", "slash", *"KEPT GOING", "enter")
        journal = app.screen
        assert isinstance(journal, JournalScreen)
        assert journal.data.search == "KEPT GOING"
        weeks = sorted(n.week for n in journal.data.notes)
        assert weeks == [1, 2, 4, 5, 6]  # week 3 was reviewed without a text
        assert "W1" in thread(journal)
        await pilot.press("escape")  # the search closes: the week's thread again
        assert journal.data.search == "" and journal.data.week == 8
        await pilot.press("escape")
        assert app.screen is app.main
