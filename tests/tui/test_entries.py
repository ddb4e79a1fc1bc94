"""The entry list: billed time per row, words instead of signs, actions that need an entry,
the welcome of an empty database, older days on demand and `g`, and the user's pane keys."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from textual.widgets import Input

from fcc.store.demo import seed_demo
from fcc.store.errors import InvalidInput
from fcc.tui.app import make_app
from fcc.tui.screens.goto import GoToModal
from fcc.tui.screens.main import MainScreen
from fcc.tui.widgets.panes import PaneBar
from fcc.tui.widgets.timers import EntryTable, TimersPane, Welcome

NOW = dt.datetime(2026, 11, 23, 10, 30, tzinfo=dt.UTC)
S = dt.timedelta(seconds=1)
H = dt.timedelta(hours=1)


def rows(app) -> list[tuple[str, list[str]]]:
    table = app.main.query_one(EntryTable)
    return [(str(row.key.value), [str(c) for c in table.get_row_at(i)])
            for i, row in enumerate(table.ordered_rows)]


def entry_row(app, entry_id: int) -> list[str]:
    return dict(rows(app))[f"entry:{entry_id}"]


@pytest.fixture
def rounded(home_store):
    s = home_store
    s.create_project({"name": "Quarter", "rounding": "15:up"})
    s.create_project({"name": "Daily", "rounding": "15:up:day"})
    s.add_entry("Quarter", NOW - 2 * H, NOW - 2 * H + S, note="one second")
    s.add_entry("Quarter", NOW - H, NOW - H + 10 * 60 * S, note="unbilled", billable=False)
    s.add_entry("Daily", NOW - 3 * H, NOW - 3 * H + 5 * 60 * S, note="by the day")
    return s


async def test_each_row_shows_its_billed_time_in_words(rounded, clock):
    by_note = {e.note: e.id for e in rounded.entries()}
    app = make_app(rounded, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.main.wait_until_ready()
        await pilot.pause()
        one = entry_row(app, by_note["one second"])
        assert one[3:] == ["0:00", "0:15"]  # raw and billed side by side
        assert entry_row(app, by_note["unbilled"])[4] == "not billable"
        assert entry_row(app, by_note["by the day"])[4] == "per day"
        header = dict(rows(app))["day:2026-11-23"]
        assert header[2] == "3 entries"
        assert header[4] == "0:30"  # 0:15 for the second, 0:15 for the day-rounded 5 minutes
        assert not any("n/b" in c or "×" in c for _, cells in rows(app) for c in cells)


async def test_an_entry_action_on_a_day_header_asks_for_an_entry(rounded, clock):
    before = rounded.change_counter()
    app = make_app(rounded, clock)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await app.main.wait_until_ready()
        table = app.main.query_one(EntryTable)
        table.move_cursor(row=0)  # the day's header
        await pilot.pause()
        assert app.main.query_one(TimersPane).selected_entry() is None
        for key in ("a", "x", "b", "v", "r", "t"):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, MainScreen), key
        messages = [n.message for n in app._notifications]
        assert any(m.startswith("Select an entry to amend it") for m in messages), messages
        assert any(m.startswith("Select an entry to start on it") for m in messages), messages
    assert rounded.change_counter() == before
    assert rounded.running() == []


async def test_an_empty_database_says_how_to_begin(home_store, clock):
    app = make_app(home_store, clock, keymap={"timer.pick": "f3"})
    async with app.run_test(size=(80, 24)) as pilot:
        await app.main.wait_until_ready()
        await pilot.pause()
        welcome = app.main.query_one(Welcome)
        assert welcome.display and welcome.region.height > 0
        text = str(welcome.render())
        assert "f3" in text and "type a new name to create its project" in text
        assert "^p" in text and "new client / new project" in text
        assert "?" in text and "all keys" in text
    home_store.create_project({"name": "Admin"})
    home_store.add_entry("Admin", NOW - H, NOW)
    again = make_app(home_store, clock)
    async with again.run_test(size=(80, 24)) as pilot:
        await again.main.wait_until_ready()
        await pilot.pause()
        assert again.main.query_one(Welcome).region.height == 0


@pytest.fixture
def demo(home_store):
    seed_demo(home_store)
    return home_store


async def until(pilot, condition, what: str) -> None:
    """Keys reach the list through a few messages: wait (bounded) for what they bring."""
    for _ in range(300):
        if condition():
            break
        await pilot.pause(0.02)
    await pilot.app.main.wait_until_ready()
    await pilot.pause()
    table = pilot.app.main.query_one(EntryTable)
    assert condition(), (what, table.cursor_row, table.row_count, pilot.app.main.loading_days,
                         pilot.app.main.query_one(TimersPane).first_day, pilot.app.focused)


def first_listed_day(app) -> dt.date:
    days = [k for k, _ in rows(app) if k.startswith("day:")]
    return dt.date.fromisoformat(days[-1][4:])


async def test_older_days_load_as_the_cursor_goes_past_the_end(demo, clock):
    app = make_app(demo, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.main.wait_until_ready()
        today = dt.date(2026, 11, 23)
        assert first_listed_day(app) >= today - dt.timedelta(days=7)
        assert rows(app)[-1][0] == "older"
        for back in (14, 21):  # past 7 days, then past 14
            await pilot.press("end")  # onto "older days": a page loads
            await until(pilot, lambda back=back: first_listed_day(app) <= today - dt.timedelta(
                days=back), f"{back} days back")
            # the cursor is on the first newly loaded row, a day's header
            table = app.main.query_one(EntryTable)
            assert str(table.ordered_rows[table.cursor_row].key.value).startswith("day:")
        for _ in range(10):
            if rows(app)[-1][0] != "older":
                break
            first = first_listed_day(app)
            await pilot.press("end")
            await until(pilot, lambda first=first: first_listed_day(app) < first, "a page")
        oldest = min(e.start for e in demo.entries()).astimezone(dt.UTC).date()
        assert first_listed_day(app) <= oldest
        assert len([k for k, _ in rows(app) if k.startswith("entry:")]) == len(demo.entries())


async def test_scrolling_to_the_end_loads_older_days(demo, clock):
    app = make_app(demo, clock)
    async with app.run_test(size=(100, 20)) as pilot:
        await app.main.wait_until_ready()
        first = first_listed_day(app)
        table = app.main.query_one(EntryTable)
        assert table.max_scroll_y > 0
        table.scroll_end(animate=False, immediate=True)  # what the wheel does, all at once
        await until(pilot, lambda: first_listed_day(app) < first, "a page by scrolling")


async def test_g_jumps_to_a_day_30_days_back(demo, clock):
    app = make_app(demo, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.main.wait_until_ready()
        await pilot.press("g")
        assert isinstance(app.screen, GoToModal)
        await pilot.press(*"tomorrow", "enter")
        assert isinstance(app.screen, GoToModal)  # refused, says why
        assert "day: expected" in str(app.screen.query_one("#error-day").render())
        app.screen.query_one("#field-day", Input).value = "2026-10-27"
        await pilot.press("enter")
        table = app.main.query_one(EntryTable)
        await until(pilot, lambda: table.ordered_rows[table.cursor_row].key.value
                    == "day:2026-10-27", "the cursor on Tue 27 Oct")
        assert isinstance(app.screen, MainScreen)
        await pilot.press("g", *"-30d", "enter")
        pane = app.main.query_one(TimersPane)
        await until(pilot, lambda: pane.first_day == dt.date(2026, 10, 24), "30 days back")


async def test_the_pane_bar_shows_the_users_keys(home_store, clock):
    app = make_app(home_store, clock, keymap={"pane.boards": "f2", "pane.reports": "f4"})
    async with app.run_test(size=(80, 24)) as pilot:
        await app.main.wait_until_ready()
        await pilot.pause()
        bar = str(app.main.query_one(PaneBar).render())
        assert "f2 Boards" in bar and "2 Timers" in bar and "f4 Reports" in bar
        assert "1 Boards" not in bar


def test_a_key_already_bound_is_refused_naming_both(home_store, clock):
    with pytest.raises(InvalidInput) as refused:
        make_app(home_store, clock, keymap={"pane.boards": "b"})
    assert str(refused.value) == ("keys.pane.boards: expected a key not bound already "
                                  "('b' is timers.break)")
    make_app(home_store, clock, keymap={"timer.toggle": "s", "timer.stop": "t"})  # a swap
    make_app(home_store, clock, keymap={"app.help": "f1,question_mark"})  # as by default


def test_fcc_refuses_a_remapped_key_that_is_bound_already(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text('[keys]\n"pane.boards" = "b"\n')
    fcc = Path(sys.executable).with_name("fcc")
    env = {**os.environ, "FCC_DB": str(tmp_path / "fcc.db"), "FCC_CONFIG": str(config),
           "HOME": str(tmp_path)}
    done = subprocess.run(["script", "-qec", f"{fcc}", "/dev/null"], env=env,
                          capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    out = done.stdout + done.stderr
    assert done.returncode == 2, out
    assert "keys.pane.boards: expected a key not bound already ('b' is timers.break)" in out
    assert "Traceback" not in out


async def test_a_load_of_older_days_never_shows_data_older_than_the_screen(demo, clock):
    """A page read before a change (here: `s` while it loads) is read again, not shown: the
    stopped timer never comes back on screen; a load replaced by a newer one is dropped."""
    from fcc.tui.screens.main import build_timers_view
    from fcc.tui.widgets.status import StatusStrip

    app = make_app(demo, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        main = app.main
        await main.wait_until_ready()
        since = first_listed_day(app) - dt.timedelta(days=14)
        stale = build_timers_view(demo, clock.now(), since=since)  # read while a timer runs
        assert stale.running
        main._load_token += 1
        token, shown = main._load_token, main._shown
        await pilot.press("s")  # the screen reloads from newer data: no timer
        await until(pilot, lambda: not main.query_one(StatusStrip).view.running, "the stop")
        main.loading_days = True  # as load_days left it
        main._loaded(stale, since, 0, None, token, shown)  # the stale page arrives
        await until(pilot, lambda: first_listed_day(app) <= since, "the page read again")
        assert not main.query_one(StatusStrip).view.running and not main.loading_days
        assert demo.running() == []
        before = rows(app)
        main._loaded(stale, since - dt.timedelta(days=30), 0, None, token, main._shown)
        await pilot.pause()
        assert rows(app) == before  # an outdated load (an older token) changes nothing
