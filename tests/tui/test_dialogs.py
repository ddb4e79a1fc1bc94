"""Pilot tests of the entry dialogs: an untouched field keeps its exact value (seconds too),
times and durations are read as the command line reads them, errors are shown whole."""

from __future__ import annotations

import datetime as dt

import pytest
from textual.geometry import Region
from textual.widgets import Input, Label

from fcc.tui.app import FccApp, make_app
from fcc.tui.screens.entry_forms import BreakModal, EntryModal, ForgottenModal, SplitModal
from fcc.tui.screens.main import MainScreen
from fcc.tui.widgets.timers import TimersPane

UTC = dt.UTC
NOW = dt.datetime(2026, 11, 23, 10, 30, tzinfo=UTC)  # the frozen clock: 11:30 in Berlin
START = dt.datetime(2026, 11, 22, 19, 50, 18, tzinfo=UTC)  # 20:50:18 in Berlin
END = dt.datetime(2026, 11, 22, 20, 0, 32, tzinfo=UTC)  # 21:00:32: 614 s


@pytest.fixture
def odd(home_store):
    """One entry with seconds on both ends (as a timer started and stopped by key has)."""
    s = home_store
    s.create_client({"name": "Acme"})
    s.create_project({"name": "Website", "client": "Acme"})
    s.create_project({"name": "Admin"})
    s.add_entry("Acme/Website", START, END, note="login bug", tags=["dev"])
    return s


def toasts(app: FccApp) -> list[str]:
    return [n.message for n in app._notifications]


def field(app: FccApp, name: str) -> Input:
    return app.screen.query_one(f"#field-{name}", Input)


def shown(label: Label) -> str:
    """The text a label shows on screen, line by line as rendered (nothing cut)."""
    width, height = label.size
    strips = label.render_lines(Region(0, 0, width, height))
    return " ".join(" ".join(s.text for s in strips).split())


async def settle(app: FccApp, pilot, selector: str) -> None:
    """Until the screen shows ``selector`` (a modal composes a moment after it is pushed)."""
    for _ in range(50):
        if app.screen.query(selector):
            return
        await pilot.pause(0.02)
    raise AssertionError(f"{selector} never showed on {app.screen}")


async def open_form(app: FccApp, pilot, key: str) -> None:
    await pilot.pause()  # the list fills right after the first frame
    await pilot.press(key)
    await pilot.pause()


async def test_amending_only_the_note_keeps_the_seconds(odd, clock):
    app = make_app(odd, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_form(app, pilot, "a")
        assert isinstance(app.screen, EntryModal)
        assert field(app, "start").value == "2026-11-22 20:50:18"  # seconds are shown
        field(app, "note").value = "login bug, fixed"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        new = odd.entries()[0]
        assert (new.start, new.end, new.note) == (START, END, "login bug, fixed")
        assert new.seconds(NOW) == 614
        said = toasts(app)[-1]
        assert "note" in said and "20:50" not in said and "21:00" not in said, said


async def test_an_amend_without_edits_writes_nothing(odd, clock):
    before = odd.change_counter()
    app = make_app(odd, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_form(app, pilot, "a")
        field(app, "tags").value = "dev"  # retyped as it was: no change either
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert toasts(app)[-1] == "nothing changed"
    assert odd.change_counter() == before
    assert len(odd.history(odd.entries()[0].id)) == 1


async def test_amend_end_as_a_duration_and_start_relative(odd, clock):
    app = make_app(odd, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_form(app, pilot, "a")
        field(app, "end").value = "1h30m"  # a duration: after the (unchanged) start
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen), shown(app.screen.query_one("#error-end"))
        assert odd.entries()[0].end == START + dt.timedelta(hours=1, minutes=30)
        await pilot.press("a")
        field(app, "start").value = "yesterday 20:00"
        field(app, "end").value = "-13h"  # relative to now: 21:30 yesterday
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
    entry = odd.entries()[0]
    assert (entry.start, entry.end) == (dt.datetime(2026, 11, 22, 19, 0, tzinfo=UTC),
                                        NOW - dt.timedelta(hours=13))


async def test_add_takes_relative_times_and_durations(odd, clock):
    app = make_app(odd, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_form(app, pilot, "n")
        field(app, "project").value = "Admin"
        field(app, "start").value = "-2h"
        field(app, "end").value = "45m"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
    added = [e for e in odd.entries() if e.project == "Admin"]
    assert [(e.start, e.end) for e in added] == [
        (NOW - dt.timedelta(hours=2), NOW - dt.timedelta(hours=1, minutes=15))]


async def test_split_at_a_time_with_seconds_and_a_break_for_a_duration(odd, clock):
    app = make_app(odd, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_form(app, pilot, "b")
        assert isinstance(app.screen, BreakModal)
        labels = [str(lbl.render()) for lbl in app.screen.query(".field-label").results(Label)]
        assert labels == ["Break from", "To / length"]
        field(app, "start").value = "yesterday 20:52:00"
        field(app, "end").value = "3m"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        parts = sorted(odd.entries(), key=lambda e: e.start)
        assert [(e.start, e.end) for e in parts] == [
            (START, dt.datetime(2026, 11, 22, 19, 52, tzinfo=UTC)),
            (dt.datetime(2026, 11, 22, 19, 55, tzinfo=UTC), END)]
        pane = app.main.query_one(TimersPane)
        assert pane.selected_entry() == parts[0].no  # the cursor follows the entry's number
        await pilot.press("up")  # to the later part (newest first)
        assert pane.selected_entry() == parts[1].no != parts[0].no
        await pilot.press("x")
        assert isinstance(app.screen, SplitModal)
        await pilot.press(*"yesterday 20:58:30", "enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
    ends = sorted(e.end for e in odd.entries() if e.end)
    assert dt.datetime(2026, 11, 22, 19, 58, 30, tzinfo=UTC) in ends and END in ends


async def test_the_forgotten_timer_stops_at_the_exact_default(home_store, clock):
    s = home_store
    clock.set(NOW - dt.timedelta(hours=12))
    s.create_project({"name": "Admin"})
    clock.set(NOW)
    s.start_timer("Admin", at=NOW - dt.timedelta(hours=11))
    clock.set(NOW - dt.timedelta(hours=2, seconds=-17))  # last seen at 08:30:17 UTC
    s.create_client({"name": "Seen"})
    clock.set(NOW)
    app = make_app(s, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot, "#field-at")
        assert isinstance(app.screen, ForgottenModal)
        assert field(app, "at").value.endswith("09:30:17")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
    assert s.entries()[0].end == dt.datetime(2026, 11, 23, 8, 30, 17, tzinfo=UTC)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_whole_error_shows_wrapped(home_store, clock, size):
    s = home_store
    for client in ("Northwind Traders International", "Acme Corporation Worldwide", "Globex"):
        s.create_client({"name": client})
        s.create_project({"name": "Website", "client": client})
    app = make_app(s, clock)
    async with app.run_test(size=size) as pilot:
        await open_form(app, pilot, "n")
        field(app, "start").value = "9:00"
        field(app, "end").value = "9:30"
        for typed, expected in (
                ("Website", "project: expected one of Acme Corporation Worldwide/Website, "
                            "Globex/Website, Northwind Traders International/Website (the name "
                            "is ambiguous), got 'Website'"),
                ("Websiet", "project: no project named 'Websiet'; did you mean Website, "
                            "Globex/Website? (a new one: New project… in the palette, ctrl+p)")):
            field(app, "project").value = typed
            await pilot.pause()
            await pilot.press("enter")  # the name is exact (or matches none): nothing is taken
            await pilot.pause()
            assert field(app, "project").value == typed
            label = app.screen.query_one("#error-project", Label)
            assert " ".join(str(label.render()).split()) == expected
            assert shown(label) == expected  # every word is on screen
            assert label.size.height > 1  # wrapped, not cut at the dialog's edge
            assert app.screen.query_one(".dialog").region.contains_region(label.region)


async def test_add_starts_with_the_gap_since_the_last_entry(odd, clock):
    odd.add_entry("Admin", NOW - dt.timedelta(hours=2, seconds=-7), NOW - dt.timedelta(hours=1,
                                                                                     seconds=-7))
    clock.advance(seconds=12)  # now is 10:30:12 UTC
    app = make_app(odd, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_form(app, pilot, "n")
        assert isinstance(app.screen, EntryModal)
        assert (field(app, "start").value, field(app, "end").value) == (
            "2026-11-23 10:30:07", "2026-11-23 11:30:12")
        field(app, "project").value = "Admin"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
    last = odd.entries()[-1]
    assert (last.start, last.end) == (NOW - dt.timedelta(hours=1, seconds=-7),
                                      NOW + dt.timedelta(seconds=12))


async def test_add_on_a_day_without_entries_leaves_start_empty(home_store, clock):
    home_store.create_project({"name": "Admin"})
    home_store.start_timer("Admin", at=NOW - dt.timedelta(minutes=20))
    app = make_app(home_store, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_form(app, pilot, "n")
        # ends where the running timer started: an added entry must not overlap it
        assert (field(app, "start").value, field(app, "end").value) == ("", "2026-11-23 11:10")
