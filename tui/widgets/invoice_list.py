"""The Invoices pane's list: invoices and credit notes, newest first, one row each — number
(or ``draft N``), client, state, issue and due dates, total with its currency.

An overdue invoice says so in words (``overdue 5d``) as well as in colour; a credit note's
total is shown negative (it takes the amount back) and its state names the invoice it cancels;
a void invoice names the credit note that voided it. Rows are keyed by the invoice's id, so the
cursor stays on its invoice when the list is read again.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from rich.text import Text
from textual.message import Message
from textual.widgets import DataTable
from textual.widgets.data_table import RowDoesNotExist

from fcc.tui.text import literal

if TYPE_CHECKING:
    from fcc.store import records_billing as rb

STATE_STYLE = {"draft": "italic", "issued": "", "paid": "green", "void": "dim",
               "overdue": "bold red", "credit": "magenta"}
# (key, title, width); each column has a cell of padding either side
COLUMNS = (("number", "Number", 12), ("client", "Client", 14), ("state", "State", 11),
           ("issued", "Issued", 10), ("due", "Due", 10), ("total", "Total", 14))
NARROW_AT = 90  # under this many columns the issue date is left to the line under the list
NARROW_CLIENT = 16
WIDE_AT = 110  # from this many columns on the client has more room
WIDE_CLIENT = 28


def layout(width: int) -> tuple[tuple[str, str, int], ...]:
    """The columns shown at ``width`` (the terminal's): at 80 without the issue date."""
    if width < NARROW_AT:
        return tuple((key, title, NARROW_CLIENT if key == "client" else size)
                     for key, title, size in COLUMNS if key != "issued")
    if width >= WIDE_AT:
        return tuple((key, title, WIDE_CLIENT if key == "client" else size)
                     for key, title, size in COLUMNS)
    return COLUMNS


def state_of(inv: rb.Invoice, today: dt.date) -> str:
    """The word the list shows: draft, issued, overdue, paid, void — or credit (a credit
    note)."""
    if inv.kind == "credit":
        return "credit"
    if inv.overdue(today):
        return "overdue"
    return inv.status


def state_text(inv: rb.Invoice, today: dt.date) -> Text:
    state = state_of(inv, today)
    if state == "overdue":
        assert inv.due_date is not None
        words = f"overdue {(today - inv.due_date).days}d"
    elif state == "paid" and inv.paid_date is not None:
        words = f"paid {inv.paid_date:%d %b}"
    else:
        words = state
    return Text(words, style=STATE_STYLE[state], no_wrap=True, overflow="ellipsis")


def signed_total(inv: rb.Invoice) -> str:
    """``1234.50 EUR``; a credit note's ``-1234.50 EUR`` (it is stored positive)."""
    sign = "-" if inv.kind == "credit" and inv.total else ""
    return f"{sign}{inv.total} {inv.currency}"


def _day(day: dt.date | None) -> str:
    return day.isoformat() if day is not None else "—"


class InvoiceList(DataTable[Text]):
    """One row per invoice or credit note; enter posts :class:`Chosen`."""

    class Chosen(Message):
        """Enter (or a click) on a row: preview that invoice."""

        def __init__(self, invoice_id: int) -> None:
            super().__init__()
            self.invoice_id = invoice_id

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=False)
        self._layout: tuple[tuple[str, str, int], ...] = ()

    @property
    def invoice_id(self) -> int | None:
        """The invoice under the cursor (None: the list is empty)."""
        if not self.row_count:
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        return int(key) if key is not None else None

    def _columns(self, width: int) -> None:
        columns = layout(width)
        if columns == self._layout and self.columns:
            return
        self.clear(columns=True)
        self._layout = columns
        for key, title, size in columns:
            self.add_column(Text(title, justify="right") if key == "total" else title,
                            key=key, width=size)

    def show(self, invoices: tuple[rb.Invoice, ...], today: dt.date, *, width: int,
             keep: int | None = None) -> None:
        """Draw ``invoices`` for a terminal ``width`` wide; the cursor stays on ``keep`` (else
        on the invoice it was on)."""
        keep = keep if keep is not None else self.invoice_id
        self._columns(width)
        self.clear()
        shown = {key for key, _, _ in self._layout}
        for inv in invoices:
            cells = {"number": Text(inv.label, style="italic" if inv.number is None else "",
                                    no_wrap=True),
                     "client": literal(inv.client), "state": state_text(inv, today),
                     "issued": Text(_day(inv.issue_date)), "due": Text(_day(inv.due_date)),
                     "total": Text(signed_total(inv), justify="right")}
            self.add_row(*(cell for key, cell in cells.items() if key in shown),
                         key=str(inv.id))
        if keep is not None:
            try:
                self.move_cursor(row=self.get_row_index(str(keep)), animate=False)
            except RowDoesNotExist:  # the invoice is filtered out now: the cursor stays put
                pass

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.post_message(self.Chosen(int(event.row_key.value)))
