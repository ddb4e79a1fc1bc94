"""Snapshots of the History pane at 80x24 and 120x40 on the demo database and a frozen clock:
the log newest first with the newest batch's changes, an invoice's fields, entries only (f),
and, after a change of the user's own, the latest batch marked and enter asking to undo it
(look at each SVG as a picture before updating one)."""

from __future__ import annotations

import pytest

from fcc.tui.app import make_app
from tests.tui.test_snapshots_boards import SIZES, demo, filled

__all__ = ["demo"]  # the fixture

# name -> keys on the demo database (after 6: the History pane)
VIEWS = {
    "demo": ["6"],
    "demo_invoice": ["6", "down", "down"],
    "demo_entries": ["6", "f"],
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("view", list(VIEWS))
def test_demo_history(snap_compare, demo, clock, view, size):
    assert snap_compare(make_app(demo, clock, cursor_blink=False), terminal_size=size,
                        press=VIEWS[view], run_before=filled)


@pytest.mark.parametrize("size", SIZES)
def test_undo_of_the_latest_change_asks(snap_compare, demo, clock, size):
    clock.advance(minutes=20)
    demo.set_client("Nordlicht Studio GmbH", hourly_rate="110")
    assert snap_compare(make_app(demo, clock, cursor_blink=False), terminal_size=size,
                        press=["6", "enter"], run_before=filled)
