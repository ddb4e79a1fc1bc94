"""Pilot tests: every Timers action through the keyboard, on a real SQLite file and a frozen
clock. What the app shows is checked, and so is what the database holds afterwards."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from textual.widgets import Input

from fcc.store.errors import InvalidInput
from fcc.tui.app import PALETTE, FccApp, binding_ids, help_rows, make_app
from fcc.tui.screens.help import HelpScreen
from fcc.tui.screens.main import MainScreen
from fcc.tui.screens.modals import (
    BreakModal,
    EntryModal,
    ForgottenModal,
    PickerModal,
    SplitModal,
    VoidModal,
    rank,
)
from fcc.tui.widgets.panes import PaneBar
from fcc.tui.widgets.status import StatusStrip
from fcc.tui.widgets.timers import EntryTable, RunningTimers, TimersPane

NOW = dt.datetime(2026, 11, 23, 10, 30, tzinfo=dt.UTC)
H = dt.timedelta(hours=1)


async def submit(pilot) -> None:
    """Enter in the focused field submits the form."""
    await pilot.press("enter")
    await pilot.pause()


def main_of(app: FccApp) -> MainScreen:
    return app.main


def status_text(app: FccApp) -> str:
    return str(app.main.query_one(StatusStrip).render())


async def test_panes_switch_with_1_to_4_and_the_session_comes_back(world, clock):
    app = make_app(world, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()  # the list fills right after the first frame
        assert main_of(app).pane == "timers"
        for key, pane in (("1", "boards"), ("3", "plan"), ("4", "reports"), ("2", "timers")):
            await pilot.press(key)
            assert main_of(app).pane == pane
            assert app.main.query_one(PaneBar).current == pane
        await pilot.press("4", "c", "ctrl+q")
    assert app.return_code == 0
    session = world.load_session()
    assert session is not None and session.last_pane == "reports"
    again = make_app(world, clock)
    async with again.run_test(size=(100, 30)) as pilot:
        await pilot.pause()  # the list fills right after the first frame
        assert main_of(again).pane == "reports"
        await pilot.press("ctrl+q")


async def test_t_resumes_the_selected_entry_then_stops_it(world, clock):
    app = make_app(world, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()  # the list fills right after the first frame
        assert "no timer running" in status_text(app)
        assert app.main.query_one(TimersPane).selected_entry() is not None
        await pilot.press("t")
        running = world.running()
        assert [(e.project, e.note) for e in running] == [("Acme/Website", "morning work")]
        assert "● Acme/Website" in status_text(app)
        clock.advance(minutes=25)
        app.main.tick()
        await pilot.pause()
        assert "0:25:00" in status_text(app)
        assert "today 1:25" in status_text(app)
        await pilot.press("t")
        assert world.running() == []
        assert "no timer running" in status_text(app)
        await pilot.press("s")  # nothing runs: a warning, no change
        assert len(world.entries()) == 2


async def test_capital_t_picks_a_project_by_fuzzy_search(world, clock):
    app = make_app(world, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()  # the list fills right after the first frame
        await pilot.press("T")
        assert isinstance(app.screen, PickerModal)
        await pilot.press("a", "d", "m", "enter", "enter")  # the second skips note and tags
        assert [e.project for e in world.running()] == ["Admin"]
        await pilot.press("T")
        await pilot.press(*"acwb", "enter", "enter")  # letters in order: Acme/Website
        assert [e.project for e in world.running()] == ["Acme/Website"]
        await pilot.press("s")
        assert world.running() == []


def test_fuzzy_ranking_prefers_substrings_then_recency(world):
    picks = world.picks()
    assert [p.label for p in picks][:1] == ["Acme/Website"]  # tracked most recently
    assert [p.label for _, p in rank(picks, "adm")] == ["Admin"]
    assert [p.label for _, p in rank(picks, "zzz")] == []


async def test_amend_changes_the_entry_and_keeps_the_old_version(world, clock):
    entry = world.entries()[0]
    app = make_app(world, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()  # the list fills right after the first frame
        await pilot.press("a")
        modal = app.screen
        assert isinstance(modal, EntryModal)
        modal.query_one("#field-start", Input).value = "tomorrow 9:00"
        await submit(pilot)
        assert isinstance(app.screen, EntryModal)  # refused: stays open, says why
        assert "start" in str(modal.query_one("#error-start").render()).lower(), [
            (e.id, str(e.render())) for e in modal.query(".error")] + [str(app.focused)]
        assert world.entries()[0].id == entry.id
        modal.query_one("#field-start", Input).value = "2026-11-23 08:15"
        modal.query_one("#field-note", Input).value = "morning work, amended"
        await submit(pilot)
        assert isinstance(app.screen, MainScreen), [str(e.render()) for e in modal.query(".error")]
    now = world.entries()
    assert [(e.note, e.start.strftime("%H:%M")) for e in now] == [
        ("morning work, amended", "07:15")]
    assert [v.note for v in world.history(now[0].id)] == ["morning work", "morning work, amended"]


async def test_escape_cancels_a_modal_without_writing(world, clock):
    before = world.change_counter()
    app = make_app(world, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()  # the list fills right after the first frame
        for key in ("a", "n", "x", "b", "v"):
            await pilot.press(key)
            assert app.screen is not app.main
            await pilot.press("escape")
            assert isinstance(app.screen, MainScreen)
    assert world.change_counter() == before


async def test_add_a_past_entry_with_field_errors_first(world, clock):
    app = make_app(world, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()  # the list fills right after the first frame
        await pilot.press("n")
        modal = app.screen
        assert isinstance(modal, EntryModal)
        modal.query_one("#field-project", Input).value = "Admin"
        modal.query_one("#field-start", Input).value = "7:00"
        modal.query_one("#field-end", Input).value = ""  # (pre-filled: now)
        await submit(pilot)
        assert "end" in str(modal.query_one("#error-end").render())
        modal.query_one("#field-end", Input).value = "7:45"
        modal.query_one("#field-project", Input).value = "Nope"
        await submit(pilot)
        assert "Nope" in str(modal.query_one("#error-project").render())
        modal.query_one("#field-project", Input).value = "Admin"
        await submit(pilot)
        assert isinstance(app.screen, MainScreen)
    added = [e for e in world.entries() if e.project == "Admin"]
    assert [(e.start.strftime("%H:%M"), e.end and e.end.strftime("%H:%M")) for e in added] == [
        ("06:00", "06:45")]


async def test_split_break_void_undo_and_resume(world, clock):
    app = make_app(world, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()  # the list fills right after the first frame
        await pilot.press("x")
        assert isinstance(app.screen, SplitModal)
        await pilot.press(*"9:00", "enter")
        assert [e.end.strftime("%H:%M") for e in world.entries() if e.end] == ["08:00", "08:30"]
        await pilot.press("up")  # the cursor stays on the first part (it keeps the number)
        await pilot.press("b")
        assert isinstance(app.screen, BreakModal)
        app.screen.query_one("#field-start", Input).value = "9:10"
        app.screen.query_one("#field-end", Input).value = "9:20"
        await submit(pilot)
        assert len(world.entries()) == 3
        await pilot.press("v")
        assert isinstance(app.screen, VoidModal)
        await pilot.press("enter")  # no reason: refused
        assert "reason" in str(app.screen.query_one("#error-reason").render())
        await pilot.press(*"dup", "enter")
        assert len(world.entries()) == 2
        await pilot.press("u")
        assert len(world.entries()) == 3
        await pilot.press("r")
        assert len(world.running()) == 1


@pytest.fixture
def forgotten(home_store):
    home_store.create_project({"name": "Admin"})
    home_store.start_timer("Admin", at=NOW - 11 * H)
    return home_store


async def test_a_forgotten_timer_asks_on_launch(forgotten, clock):
    world = forgotten
    clock.advance(minutes=1)
    app = make_app(world, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, ForgottenModal)
        assert modal.query_one("#field-at", Input).value  # the last activity as default
        modal.query_one("#field-at", Input).value = "2026-11-23 08:00"
        await submit(pilot)
        assert isinstance(app.screen, MainScreen)
    stopped = [e for e in world.entries() if e.project == "Admin"]
    assert stopped[0].end is not None and stopped[0].end.strftime("%H:%M") == "07:00"


@pytest.mark.parametrize(("button", "running", "entries"), [("#keep", 1, 1), ("#discard", 0, 0)])
async def test_a_forgotten_timer_can_be_kept_or_discarded(forgotten, clock, button, running,
                                                          entries):
    world = forgotten
    app = make_app(world, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ForgottenModal)
        for _ in range(50):  # a click before the first layout lands nowhere
            if app.screen.query(button) and app.screen.query_one(button).region:
                break
            await pilot.pause(0.02)
        await pilot.click(button)
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
    assert len(world.running()) == running
    assert len(world.entries()) == entries


async def test_another_process_change_shows_without_a_key(world, clock, tmp_path):
    app = make_app(world, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()  # the list fills right after the first frame
        assert "no timer running" in status_text(app)
        fcc = Path(sys.executable).with_name("fcc")
        env = {**os.environ, "FCC_DB": str(tmp_path / "fcc.db"), "FCC_ZONE": "Europe/Berlin"}
        done = subprocess.run([str(fcc), "start", "Admin"], env=env, capture_output=True,
                              text=True, timeout=30)
        assert done.returncode == 0, done.stderr
        app.main.poll_changes()  # what the one-second interval runs
        await pilot.pause()
        assert "● Admin" in status_text(app)
        assert "Admin" in str(app.main.query_one(RunningTimers).render())


async def test_user_text_is_shown_literally(home_store, clock):
    s = home_store
    s.create_project({"name": "[bold]x[red"})
    rtl = "עבודה על האתר"
    s.add_entry("[bold]x[red", NOW - 2 * H, NOW - H, note="[red " + rtl + " 🚀 " + "y" * 5000)
    s.start_timer("[bold]x[red", note="[/] [link=x]")
    app = make_app(s, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        table = app.main.query_one(EntryTable)
        cells = [str(c) for row in range(table.row_count) for c in table.get_row_at(row)]
        assert any(c.startswith("[bold]x[red") for c in cells)
        assert any(c.startswith("[red " + rtl + " 🚀") for c in cells)
        assert "[bold]x[red" in status_text(app)
        assert "[/] [link=x]" in str(app.main.query_one(RunningTimers).render())


async def test_help_is_built_from_the_real_and_remapped_bindings(world, clock):
    app = make_app(world, clock, keymap={"timer.toggle": "f2", "pane.reports": "f4"})
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()  # the list fills right after the first frame
        rows = help_rows(app.screen)
        keys = {binding_id: key for _, key, _, binding_id in rows}
        assert keys["timer.toggle"] == "f2"
        assert keys["timer.stop"] == "s"
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.press("f2")
        assert len(world.running()) == 1
        await pilot.press("f4")
        assert app.main.pane == "reports"


def test_an_unknown_binding_id_or_theme_is_refused(world, clock):
    with pytest.raises(InvalidInput, match="keys.timer.nope"):
        make_app(world, clock, keymap={"timer.nope": "x"})
    with pytest.raises(InvalidInput, match="tui.theme"):
        make_app(world, clock, theme="no-such-theme")
    assert {"timer.toggle", "timer.pick", "timer.stop", "app.quit", "app.help",
            "app.palette", "pane.timers", "timers.amend"} <= set(binding_ids())


def test_the_config_file_knows_every_binding_id():
    """The config file is checked whole without Textual: its list must be the app's."""
    from fcc.store.configfile import BINDING_IDS

    assert list(BINDING_IDS) == binding_ids()


async def test_the_palette_lists_every_action(world, clock):
    app = make_app(world, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()  # the list fills right after the first frame
        titles = {c.title for c in app.get_system_commands(app.screen)}
        assert {title for _, title, _ in PALETTE} <= titles
        await pilot.press("ctrl+p")
        assert app.screen is not app.main
        await pilot.press(*"stop timer")
        await pilot.press("escape")


async def test_undo_that_cannot_revert_anything_says_so_and_changes_nothing(world, clock):
    """Issue 11: the entry the last change added was voided outside fcc's activity log, so
    there is nothing left to undo: the app says why instead of "undid: ..."."""
    world.db.execute_sql("UPDATE time_entry SET voided_at = end_utc, void_reason = 'by hand'")
    app = make_app(world, clock)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("u")
        await pilot.pause()
        last = list(app._notifications)[-1]
        assert last.severity == "error"
        assert last.message.startswith("cannot undo 'added 1:00 on Acme/Website")
        assert last.message.endswith("its change was already reverted or replaced since; "
                                     "nothing was undone")
    assert world.entries() == []
    assert world.db.execute_sql("SELECT count(*) FROM activity WHERE action = 'undo'"
                                ).fetchone() == (0,)
