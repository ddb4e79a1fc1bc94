"""``fcc`` draws its first frame from a plain-sqlite3 read and opens the store right after.

The first frame's figures must be the store's own (or the strip would jump a moment later),
the read must step aside whenever it is unsure, and the app must work the same once the
store has opened — including when opening it fails.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from fcc.store.api import Store
from fcc.store.clock import FrozenClock
from fcc.store.demo import seed_demo
from fcc.store.errors import FccError
from fcc.store.firstframe import first_frame
from fcc.store.quick import Handover
from fcc.store.target import resolve_target
from fcc.tui.app import make_app
from fcc.tui.quickargs import parse_app_args
from fcc.tui.screens.main import build_timers_view
from fcc.tui.widgets.status import StatusStrip
from fcc.tui.widgets.timers import EntryTable, RunningTimers
from tests.conftest import FROZEN_AT

NOW = dt.datetime.fromisoformat(FROZEN_AT)  # Monday 2026-11-23 10:30 UTC
H = dt.timedelta(hours=1)
D = dt.timedelta(days=1)


@pytest.fixture(autouse=True)
def _zone(monkeypatch):
    monkeypatch.setenv("FCC_ZONE", "Europe/Berlin")


def open_at(path: Path, at: dt.datetime, overrides: dict[str, str] | None = None) -> Store:
    return Store.open(resolve_target(str(path), environ={}), FrozenClock(at),
                      overrides=overrides)


@pytest.fixture(scope="module")
def busy(tmp_path_factory) -> Path:
    """The demo (four weeks, a card timer running) plus the awkward cases: a merged project,
    a client-less one, an entry across midnight, a voided and an amended entry today, two
    timers running in parallel, and a saved session."""
    path = tmp_path_factory.mktemp("ff") / "busy.db"
    with open_at(path, NOW) as s:
        seed_demo(s)
    with open_at(path, NOW - 2 * D) as s:
        s.create_project({"name": "Solo"})
        s.create_project({"name": "Old"})
        s.add_entry("Old", NOW - 2 * D - 5 * H, NOW - 2 * D - 4 * H, note="merged away")
        s.merge_project("Old", "Solo")
    with open_at(path, NOW) as s:
        s.add_entry("Solo", NOW - 12 * H, NOW - 9 * H, note="across midnight in Berlin")
        voided = s.add_entry("Solo", NOW - 9 * H, NOW - 8 * H).entry
        assert voided is not None
        s.void_entry(voided.id, "duplicate")
        amended = s.add_entry("Solo", NOW - 8 * H, NOW - 7 * H, note="before").entry
        assert amended is not None
        s.amend_entry(amended.id, end=NOW - 6.5 * H, note="after")
        s.set_setting("allow_parallel", "true")
        s.start_timer("Solo", note="[bold]literal[/] ☕")
        s.save_session("default", last_pane="reports", selection={"entry": 3},
                       filters={"chart_days": 14})
    return path


@pytest.mark.parametrize("later", [dt.timedelta(0), 20 * H, 3 * D + 9 * H, 6 * D + 13 * H])
@pytest.mark.parametrize("overrides", [None, {"zone": "America/New_York", "week_start": "sunday"},
                                       {"zone": "Asia/Tokyo", "week_start": "wednesday"}])
def test_the_first_frame_shows_what_the_store_shows(busy, later, overrides):
    at = NOW + later
    first = first_frame(str(busy), at, overrides=overrides)
    assert first is not None
    with open_at(busy, at, overrides) as s:
        view = build_timers_view(s, at, entries=False)
        assert len(first.running) == 2
        assert first.running == tuple(s.running()) == view.running
        assert (first.today_seconds, first.week_seconds) == (view.today_seconds,
                                                             view.week_seconds)
        assert (first.zone, first.week_start) == (view.zone, view.week_start)
        assert first.counter == s.change_counter()
        assert first.session == s.load_session()
        assert first.session is not None and first.session.last_pane == "reports"


def test_an_entry_ending_after_now_counts_as_the_store_counts_it(tmp_path):
    """Another machine whose clock runs ahead can write an entry that ends after our now."""
    path = tmp_path / "ahead.db"
    with open_at(path, NOW + 2 * H) as ahead:
        ahead.create_project({"name": "Solo"})
        ahead.add_entry("Solo", NOW - H, NOW + H)
        ahead.add_entry("Solo", NOW - 30 * H, NOW - 29 * H)  # last week in Berlin
    first = first_frame(str(path), NOW)
    assert first is not None
    with open_at(path, NOW) as s:
        view = build_timers_view(s, NOW, entries=False)
    assert (first.today_seconds, first.week_seconds) == (view.today_seconds,
                                                         view.week_seconds) == (7200, 7200)


def test_the_first_frame_steps_aside_when_unsure(tmp_path, busy):
    now = NOW
    with pytest.raises(Handover, match="^no database file$"):
        first_frame(str(tmp_path / "missing.db"), now)
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE x (y)").connection.commit()
    with pytest.raises(Handover, match="^SQLite: no such table"):
        first_frame(str(other), now)  # not an fcc database
    old = tmp_path / "old.db"
    old.write_bytes(busy.read_bytes())
    conn = sqlite3.connect(old)
    conn.execute("DELETE FROM fcc_schema_migrations WHERE version = "
                 "(SELECT MAX(version) FROM fcc_schema_migrations)")
    conn.commit()
    conn.close()
    with pytest.raises(Handover, match="^schema version"):
        first_frame(str(old), now)  # the store must migrate it first


def test_a_broken_saved_session_reads_as_empty(tmp_path, busy):
    path = tmp_path / "broken.db"
    path.write_bytes(busy.read_bytes())
    conn = sqlite3.connect(path)
    conn.execute("UPDATE session_state SET selection = '[1, 2]', filters = '{nope'")
    conn.commit()
    conn.close()
    first = first_frame(str(path), NOW)
    assert first is not None and first.session is not None
    assert (first.session.selection, first.session.filters) == ({}, {})
    with open_at(path, NOW) as s:
        assert first.session == s.load_session()


def test_app_arguments_for_the_quick_launch():
    assert parse_app_args([]) == (None, None)
    assert parse_app_args(["--db", "x.db", "-w", "side"]) == ("x.db", "side")
    assert parse_app_args(["--db=x.db", "--workspace=side"]) == ("x.db", "side")
    for other in (["--help"], ["--version"], ["--db"], ["--db", "-w"], ["log"], ["-x", "1"],
                  ["-w=side"]):  # click reads that value as "=side": the full path decides
        assert parse_app_args(other) is None


def strip_of(app) -> str:
    return str(app.main.query_one(StatusStrip).render())


async def test_the_app_draws_from_the_first_frame_then_opens_the_store(tmp_path, busy):
    path = tmp_path / "app.db"
    path.write_bytes(busy.read_bytes())
    clock = FrozenClock(NOW + 5 * 60 * dt.timedelta(seconds=1))
    first = first_frame(str(path), clock.now())
    assert first is not None
    seen_before_open: list[str] = []
    opened: list[Store] = []

    def opener() -> Store:  # on the store's thread: what the screen shows is read on the UI's
        seen_before_open.append(app.call_from_thread(strip_of, app))
        seen_before_open.append(app.call_from_thread(
            lambda: str(app.main.query_one(RunningTimers).render())))
        opened.append(open_at(path, clock.now()))
        return opened[0]

    app = make_app(opener, clock, first=first)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            assert len(opened) == 1  # once, right after the first frame
            # Before the store opened, the strip and the running timers were already drawn,
            # with the figures the store then confirmed.
            strip, running = seen_before_open
            assert "Solo" in strip and "today" in strip
            assert "[bold]literal[/] ☕" in running
            assert strip_of(app) == strip
            assert app.main.pane == "reports"  # the saved session, read before the store
            assert app.main.query_one(EntryTable).row_count > 0  # the full view followed
            assert len(opened[0].running()) == 2
            await pilot.press("2", "s")  # the keys work on the store opened after the frame
            assert opened[0].running() == []
            assert "no timer running" in strip_of(app)
            await pilot.press("ctrl+q")
        assert app.return_code == 0
        assert app.opened_store is opened[0]
    finally:
        for s in opened:
            s.close()


async def test_a_store_that_fails_to_open_ends_the_app_with_its_error(tmp_path, busy):
    clock = FrozenClock(NOW)
    first = first_frame(str(busy), NOW)

    calls: list[int] = []

    def opener() -> Store:
        calls.append(1)
        raise FccError("database: the disk went away")

    app = make_app(opener, clock, first=first)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.main.poll_changes()  # a poll (or the forgotten-timer check) does not try again
        app.main.action_toggle_timer()  # nor does a key typed before the store opened
    assert calls == [1]
    assert app.open_error is not None and "disk went away" in str(app.open_error)
    assert app.return_code == app.open_error.exit_code != 0
    assert app.opened_store is None
