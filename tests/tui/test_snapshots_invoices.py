"""Snapshots of the Invoices pane at 80x24 and 120x40 on a frozen clock: no invoices yet, the
list of every state (draft, issued, paid, overdue, void and its credit note; see
invoice_world), the unpaid filter, an invoice's preview and the create dialog with a refusal
(look at each SVG as a picture before updating one)."""

from __future__ import annotations

import pytest

from fcc.tui.app import make_app
from tests.tui.invoice_world import billed
from tests.tui.test_snapshots_boards import SIZES, filled

__all__ = ["billed"]  # the fixture


@pytest.mark.parametrize("size", SIZES)
def test_no_invoices_yet(snap_compare, home_store, clock, size):
    assert snap_compare(make_app(home_store, clock, cursor_blink=False), terminal_size=size,
                        press=["5"], run_before=filled)


# name -> keys on the billed world (after 5: the Invoices pane)
VIEWS = {
    "list": ["5"],
    "overdue_selected": ["5", "down", "down", "down"],
    "unpaid": ["5", "u"],
    "preview": ["5", "down", "down", "enter"],
    "create_refused": ["5", "n", *"Acme", "tab", "ctrl+u", *"2026-07", "enter"],
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("view", list(VIEWS))
def test_invoices(snap_compare, billed, clock, view, size):
    assert snap_compare(make_app(billed, clock, cursor_blink=False), terminal_size=size,
                        press=VIEWS[view], run_before=filled)
