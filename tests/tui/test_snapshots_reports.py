"""Snapshots of the Reports pane at 80x24 and 120x40 on a frozen clock (Monday 2026-11-23,
Berlin), on the demo database with one more timesheet sent to a client: November by each
grouping (three currencies, each total naming its own), the year with its chart by week, an
empty period, the pending approvals, a line's entries and the export dialog (look at each SVG
as a picture before updating one)."""

from __future__ import annotations

import datetime as dt

import pytest

from fcc.tui.app import make_app
from tests.tui.test_snapshots_boards import SIZES, demo, filled

__all__ = ["demo"]  # the fixture


@pytest.fixture
def billed(demo):
    """The demo, with Brightwave's week of 9 November sent for approval too (its week before
    is invoiced, its week after waits for approval already)."""
    demo.submit_approval("Brightwave Labs Inc.", dt.date(2026, 11, 9), dt.date(2026, 11, 15))
    return demo


# name -> keys (after 4: the Reports pane, November 2026 by project)
VIEWS = {
    "by_project": ["4"],
    "by_card": ["4", "tab"],
    "by_day": ["4", "tab", "tab"],
    "by_week": ["4", "tab", "tab", "tab"],
    "by_month": ["4", "tab", "tab", "tab", "tab"],
    "by_client": ["4", "tab", "tab", "tab", "tab", "tab"],
    "year_chart_by_week": ["4", "y"],
    "empty_period": ["4", "right_square_bracket"],
    "entries_of_a_line": ["4", "down", "enter"],
    "export_dialog": ["4", "x"],
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("view", list(VIEWS))
def test_reports_pane(snap_compare, billed, clock, view, size):
    assert snap_compare(make_app(billed, clock, cursor_blink=False), terminal_size=size,
                        press=VIEWS[view], run_before=filled)
