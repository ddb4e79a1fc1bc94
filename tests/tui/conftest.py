from __future__ import annotations

import datetime as dt

import pytest
from textual.pilot import Pilot

from fcc.store.api import Store
from fcc.store.target import resolve_target
from fcc.tui.storework import settled
from tests.conftest import FROZEN_AT

NOW = dt.datetime.fromisoformat(FROZEN_AT)
H = dt.timedelta(hours=1)


@pytest.fixture
def home_store(tmp_path, monkeypatch, clock):
    """A store at ~/fcc.db with HOME in tmp_path, so what the app shows is stable."""
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("FCC_ZONE", "Europe/Berlin")
    store = Store.open(resolve_target(str(tmp_path / "fcc.db"), environ={}), clock)
    yield store
    store.close()


@pytest.fixture
def world(home_store):
    """Acme/Website and Admin, with one entry this morning (3 to 2 hours before the clock)."""
    s = home_store
    s.create_client({"name": "Acme"})
    s.create_project({"name": "Website", "client": "Acme"})
    s.create_project({"name": "Admin"})
    s.add_entry("Acme/Website", NOW - 3 * H, NOW - 2 * H, note="morning work")
    return s


settle = settled  # (the app's own: fcc.tui.storework.settled)


@pytest.fixture(autouse=True)
def keys_wait_for_the_store(monkeypatch):
    """A key (or click, or pause) in a pilot test waits for the store work it started, as a
    person sees the result a few ms later: each key of ``press`` is sent and settled in turn.
    A test that watches the app while the store works sets ``app.settle_in_tests = False``."""
    press, click, pause = Pilot.press, Pilot.click, Pilot.pause

    async def settled(pilot: Pilot) -> None:
        if getattr(pilot.app, "settle_in_tests", True):
            await settle(pilot.app)
            await pilot._wait_for_screen()

    async def press_each(self, *keys: str) -> None:
        for key in keys:
            await press(self, key)
            await settled(self)

    async def click_settled(self, *args, **kwargs):
        done = await click(self, *args, **kwargs)
        await settled(self)
        return done

    async def pause_settled(self, delay: float | None = None) -> None:
        await settled(self)
        await pause(self, delay)

    monkeypatch.setattr(Pilot, "press", press_each)
    monkeypatch.setattr(Pilot, "click", click_settled)
    monkeypatch.setattr(Pilot, "pause", pause_settled)
