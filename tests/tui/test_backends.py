"""The app on both backends: the same keys on a SQLite file and on a PostgreSQL schema, and a
change made through another connection (another terminal's `fcc start`) showing up on the
next poll of the change counter."""

from __future__ import annotations

import datetime as dt

import pytest

from fcc.store.api import Store
from fcc.tui.app import make_app
from fcc.tui.widgets.status import StatusStrip

NOW = dt.datetime(2026, 11, 23, 10, 30, tzinfo=dt.UTC)
H = dt.timedelta(hours=1)


@pytest.fixture
def world(store, monkeypatch):
    monkeypatch.setenv("FCC_ZONE", "Europe/Berlin")
    store.create_client({"name": "Acme"})
    store.create_project({"name": "Website", "client": "Acme"})
    store.create_project({"name": "Admin"})
    store.add_entry("Acme/Website", NOW - 3 * H, NOW - 2 * H, note="morning work")
    return store


def strip(app) -> str:
    return str(app.main.query_one(StatusStrip).render())


async def test_pick_stop_and_undo_by_keys(world, clock):
    app = make_app(world, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("T", *"admin", "enter", "enter")  # the second: no note, no tags
        assert [e.project for e in world.running()] == ["Admin"]
        assert "● Admin" in strip(app)
        clock.advance(minutes=30)
        await pilot.press("s")
        assert world.running() == []
        stopped = [e for e in world.entries() if e.project == "Admin"]
        assert [(e.end - e.start) for e in stopped if e.end] == [dt.timedelta(minutes=30)]
        await pilot.press("u")  # undo the stop: it runs again
        await pilot.pause()
        assert [e.project for e in world.running()] == ["Admin"]
        assert "● Admin" in strip(app)
        await pilot.press("ctrl+q")


async def test_another_connection_shows_on_the_next_poll(world, target, clock):
    app = make_app(world, clock)
    other = Store.open(target, clock)  # another terminal, on its own connection
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            assert "no timer running" in strip(app)
            before = world.change_counter()
            other.start_timer("Acme/Website", note="from the CLI")
            assert world.change_counter() > before  # the poll's one query sees it
            app.main.poll_changes()
            await pilot.pause()
            assert "● Acme/Website" in strip(app)
            clock.advance(minutes=10)
            other.stop_timer()
            app.main.poll_changes()
            await pilot.pause()
            assert "no timer running" in strip(app)
            assert "today 1:10" in strip(app)
            await pilot.press("ctrl+q")
    finally:
        other.close()


async def test_the_session_comes_back(world, clock):
    app = make_app(world, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("4", "ctrl+q")
    saved = world.load_session()
    assert saved is not None and saved.last_pane == "reports"
    again = make_app(world, clock)
    async with again.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert again.main.pane == "reports"
        await pilot.press("ctrl+q")
