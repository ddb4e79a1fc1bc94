"""Snapshots of every pane, modal, the help screen and the palette at 80x24 and 120x40, on the
demo data and a frozen clock (look at the HTML report before updating one).

Deterministic by construction: the clock is frozen, no cursor blinks (``cursor_blink=False``),
and the keys are pressed only once the lists show the store's data (``ready``)."""

from __future__ import annotations

import datetime as dt

import pytest

from fcc.store.demo import seed_demo
from fcc.tui.app import make_app

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]

# name -> keys pressed after launch (down, down: past the running entry and Friday's header
# to Friday's newest entry)
VIEWS = {
    "timers": [],
    "boards": ["1"],
    "plan": ["3"],
    "reports": ["4"],
    "help": ["question_mark"],
    "palette": ["ctrl+p"],
    "amend": ["down", "down", "a"],
    "add": ["n"],
    "split": ["down", "down", "x"],
    "break": ["down", "down", "b"],
    "void": ["down", "down", "v"],
    "start_on": ["T"],
    "goto": ["g"],
}


@pytest.fixture
def demo(home_store):
    seed_demo(home_store)
    return home_store


async def filled(pilot) -> None:
    """Before any key: the first frame's lists are filled from the store right after it."""
    await pilot.app.main.wait_until_ready()
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("view", list(VIEWS))
def test_view(snap_compare, demo, clock, view, size):
    assert snap_compare(make_app(demo, clock, cursor_blink=False), terminal_size=size,
                        press=VIEWS[view], run_before=filled)


@pytest.mark.parametrize("size", SIZES)
def test_forgotten_timer_modal(snap_compare, demo, clock, size):
    clock.advance(dt.timedelta(hours=11))  # the demo's running timer is now 11h40m old
    assert snap_compare(make_app(demo, clock, cursor_blink=False), terminal_size=size,
                        run_before=filled)
