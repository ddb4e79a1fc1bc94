"""The app shell on a real SQLite file and a frozen clock."""

from __future__ import annotations

from fcc.store.demo import seed_demo
from fcc.tui.app import DatabaseSummary, make_app


async def test_the_app_shows_the_database_and_quits_with_ctrl_q(home_store, clock):
    home_store.create_client({"name": "Acme"})
    app = make_app(home_store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        summary = app.query_one(DatabaseSummary)
        assert summary.info.location == "~/fcc.db"
        assert summary.info.count("client") == 1
        home_store.create_client({"name": "Beta"})
        await pilot.press("r")
        assert summary.info.count("client") == 2
        await pilot.press("ctrl+q")
    assert app.return_code == 0


def test_snapshot_demo_80x24(snap_compare, home_store, clock):
    seed_demo(home_store)
    assert snap_compare(make_app(home_store, clock), terminal_size=(80, 24))


def test_snapshot_demo_120x40(snap_compare, home_store, clock):
    seed_demo(home_store)
    assert snap_compare(make_app(home_store, clock), terminal_size=(120, 40))
