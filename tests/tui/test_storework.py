"""The store's work runs off the UI loop (issue 12, part 3): on a store whose every SQL
statement takes 300 ms, the app still ticks its clock and answers keys while a reload runs,
and the reload's result is drawn when it arrives. The slowness is SQLite's own: a real file,
and a trace callback on each connection that sleeps before every statement."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import subprocess
import sys
import time
from pathlib import Path

from textual.widgets import ContentSwitcher

from fcc.store.api import Store
from fcc.store.clock import FrozenClock
from fcc.store.db import FccSqliteDatabase
from fcc.store.errors import FccError
from fcc.store.target import resolve_target
from fcc.tui.app import make_app
from fcc.tui.screens.help import HelpScreen
from fcc.tui.screens.main import MainScreen
from fcc.tui.screens.plan import PlanPane
from fcc.tui.widgets.timers import EntryTable, RunningTimers
from tests.tui.conftest import NOW, settle

DELAY = 0.3  # seconds before each SQL statement, once slowed


class SlowDatabase(FccSqliteDatabase):
    """fcc's SQLite database, each statement slowed by ``delay`` seconds (on every thread's
    connection: the app's store thread opens its own)."""

    delay = 0.0
    statements = 0

    def _add_conn_hooks(self, conn) -> None:
        super()._add_conn_hooks(conn)

        def slow(sql: str) -> None:
            if self.delay:
                type(self).statements += 1
                time.sleep(self.delay)

        conn.set_trace_callback(slow)


def running_text(app) -> str:
    return str(app.main.query_one(RunningTimers).render())


def reloading(app) -> bool:
    return any(w.group == "reload" and not w.is_finished for w in app.workers)


async def until(condition, timeout: float = 30.0) -> None:
    give_up = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < give_up, "timed out"
        await asyncio.sleep(0.02)


async def test_a_slow_store_never_stops_the_clock_or_the_keys(tmp_path):
    path = tmp_path / "fcc.db"
    target = resolve_target(str(path), environ={})
    clock = FrozenClock(NOW)
    with Store.open(target, clock) as setup:
        setup.create_project({"name": "Admin"})
        setup.create_project({"name": "Website"})
        setup.start_timer("Admin", at=NOW - dt.timedelta(minutes=10))
    opened: list[Store] = []

    def opener() -> Store:  # the same callable make_app takes from the command line
        opened.append(Store(SlowDatabase(str(path)), target, clock))
        return opened[0]

    app = make_app(opener, clock)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await app.main.wait_until_ready()
            assert "0:10:00" in running_text(app)
            app.settle_in_tests = False  # from here the test watches the app while it works

            # Another terminal starts a second timer; the app's reload then reads it slowly.
            fcc = Path(sys.executable).with_name("fcc")
            env = {**os.environ, "FCC_DB": str(path), "FCC_ZONE": "UTC", "FCC_QUICK": "0"}
            done = subprocess.run(
                [str(fcc), "start", "Website", "--parallel",
                 "--at", (NOW - dt.timedelta(minutes=5)).isoformat()],
                env=env, capture_output=True, text=True, timeout=60)
            assert done.returncode == 0, done.stderr
            SlowDatabase.delay = DELAY
            started = time.monotonic()
            app.main.reload()
            await until(lambda: reloading(app), 5)

            # The clock ticks (a FrozenClock moves only when told; the screen reads it each
            # second) while the reload waits on the database.
            clock.advance(minutes=1)
            await until(lambda: "0:11:00" in running_text(app), 5)
            assert reloading(app) and "Website" not in running_text(app)

            # Keys are answered: help opens and closes, panes switch, all during the reload.
            await pilot.press("question_mark")
            assert isinstance(app.screen, HelpScreen)
            await pilot.press("escape")
            assert isinstance(app.screen, MainScreen)
            await pilot.press("3")
            assert app.main.query_one(ContentSwitcher).current == "plan"
            assert app.focused is app.main.query_one(PlanPane)  # no cycle: the pane has the keys
            await pilot.press("2")
            assert app.main.query_one(ContentSwitcher).current == "timers"
            assert app.focused is app.main.query_one(EntryTable)
            assert reloading(app), "the reload finished too soon to show anything"

            # The reload's result arrives when the slow statements are done.
            await until(lambda: "Website" in running_text(app), 60)
            took = time.monotonic() - started
            assert SlowDatabase.statements >= 3 and took >= 3 * DELAY
            print(f"slow reload: {SlowDatabase.statements} statements, {took:.1f} s")
            assert "0:11:00" in running_text(app) and "0:06:00" in running_text(app)
            SlowDatabase.delay = 0.0
            app.settle_in_tests = True
            await settle(app)
    finally:
        SlowDatabase.delay = 0.0
        for store in opened:
            store.close()


async def test_a_failed_store_call_is_one_notification_in_one_place(world, clock):
    """Every store call that fails outside a dialog comes to FccApp.store_failed: one line,
    no traceback, the app keeps running."""
    app = make_app(world, clock)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.pause()

        def broken(store: Store) -> None:
            raise ValueError("line one\nline two")

        def refused(store: Store) -> None:
            raise FccError("project: no such project")

        app.storework.run(app.main, broken)
        app.storework.run(app.main, refused)
        await pilot.pause()
        shown = [n.message for n in app._notifications]
        assert "ValueError: line one line two" in shown or any(
            m.startswith("ValueError: line one") and "\n" not in m for m in shown), shown
        assert "project: no such project" in shown
        assert app.is_running and isinstance(app.screen, MainScreen)
