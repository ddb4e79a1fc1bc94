"""Snapshots of the Plan pane at 80x24 and 120x40 on a frozen clock: no cycle yet, a new cycle
with nothing planned, the demo cycle in week 8 (its second half locked), the review wizard, a
refused change of a locked week's quota, and the journal (look at each SVG as a picture before
updating one)."""

from __future__ import annotations

import pytest

from fcc.tui.app import make_app
from tests.tui.plan_world import planned
from tests.tui.test_snapshots_boards import SIZES, demo, filled

__all__ = ["demo", "planned"]  # the fixtures


@pytest.mark.parametrize("size", SIZES)
def test_no_cycle_yet(snap_compare, home_store, clock, size):
    assert snap_compare(make_app(home_store, clock, cursor_blink=False), terminal_size=size,
                        press=["3"], run_before=filled)


@pytest.mark.parametrize("size", SIZES)
def test_a_new_cycle_with_nothing_planned(snap_compare, home_store, clock, size):
    """The empty cycle: started today, no goal, no item, no score yet."""
    home_store.start_cycle("2026-11-23")
    assert snap_compare(make_app(home_store, clock, cursor_blink=False), terminal_size=size,
                        press=["3"], run_before=filled)


# name -> keys on the demo cycle (after 3: the Plan pane)
DEMO_VIEWS = {
    "demo": ["3"],
    "demo_quota_refused": ["3", "q", "backspace", "backspace", "9", "enter"],
    "demo_journal": ["3", "j"],
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("view", list(DEMO_VIEWS))
def test_demo_cycle(snap_compare, demo, clock, view, size):
    assert snap_compare(make_app(demo, clock, cursor_blink=False), terminal_size=size,
                        press=DEMO_VIEWS[view], run_before=filled)


# name -> keys on a cycle whose week 7 waits for its review (tests/tui/plan_world.py)
REVIEW_VIEWS = {
    "review_score": ["3", "r"],
    "review_item": ["3", "r", "enter"],
    "review_text": ["3", "r", "enter", "c", *"Sales on track."],
    "review_next_week": ["3", "r", "enter", "c", *"Sales on track.", "ctrl+s"],
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("view", list(REVIEW_VIEWS))
def test_review_wizard(snap_compare, planned, clock, view, size):
    assert snap_compare(make_app(planned, clock, cursor_blink=False), terminal_size=size,
                        press=REVIEW_VIEWS[view], run_before=filled)
