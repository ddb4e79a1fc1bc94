"""The Invoices pane (``5``): invoices and credit notes, newest first, with their state, total
and due date (overdue said in words), and the keys of the billing loop — ``n`` creates a draft
from an approved timesheet or a period, ``i`` issues it (its number), ``p`` marks it paid,
``v`` voids it (an issued one by a credit note), ``e`` exports it, ``enter`` previews it;
``u`` and ``o`` show only the unpaid or the overdue ones.

It holds what it last read (:class:`InvoicesData`, one call on the store's thread) and reads
again when the store changed (the main screen's poll, as the Plan pane does). Every change is
the store's verb (``issue_invoice``, ...) on the store's thread with the list read in the same
call; a refusal is the store's own one-line reason.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static

from fcc.store.when import local_date
from fcc.tui.screens.pane_reads import PaneReads, ReadingPane
from fcc.tui.storework import store_work
from fcc.tui.text import one_line
from fcc.tui.widgets.invoice_list import InvoiceList, signed_total, state_of

if TYPE_CHECKING:
    from fcc.store import records_billing as rb
    from fcc.store.api import Store

EMPTY = ("{new} creates a draft from a client's billable time of a period, or from a timesheet "
         "the client approved (fcc approval submit). Issuing needs your details: the config "
         "file's [seller] table (name, address, tax_id, bank).")
Verb = Callable[["Store"], "rb.Invoice"]  # a change: the invoice it made or changed


@dataclasses.dataclass(frozen=True)
class InvoicesData:
    """One read: the invoices the filter shows, and every unpaid one (for the header)."""

    counter: int
    shown: str  # all, unpaid, overdue
    invoices: tuple[rb.Invoice, ...]
    unpaid: tuple[rb.Invoice, ...]
    today: dt.date
    zone: str = "UTC"

    def invoice(self, invoice_id: int | None) -> rb.Invoice | None:
        return next((i for i in self.invoices if i.id == invoice_id), None)


def read_invoices(store: Store, shown: str) -> InvoicesData:
    counter = store.change_counter()
    unpaid = tuple(store.invoices(unpaid=True))
    zone = store.prefs.zone
    today = local_date(store.clock.now(), zone)
    if shown == "unpaid":
        invoices = unpaid
    elif shown == "overdue":
        invoices = tuple(i for i in unpaid if i.overdue(today))
    else:
        invoices = tuple(store.invoices())
    return InvoicesData(counter, shown, invoices, unpaid, today, zone)


def sums(invoices: tuple[rb.Invoice, ...]) -> str:
    """``1200.00 EUR + 80.00 USD``: totals per currency (never added across currencies)."""
    from decimal import Decimal

    per: dict[str, Decimal] = {}
    for inv in invoices:
        per[inv.currency] = per.get(inv.currency, Decimal("0.00")) + inv.total
    return " + ".join(f"{amount} {currency}" for currency, amount in sorted(per.items()))


class InvoicesPane(ReadingPane, Vertical, can_focus=True):
    """The invoices; its keys ask the store through the app's store work."""

    BINDINGS = [
        Binding("n", "create", "New", id="invoices.create",
                tooltip="Create a draft invoice: a client's approved timesheet or a period"),
        Binding("i", "issue", "Issue", id="invoices.issue",
                tooltip="Issue the draft: it gets its number and can no longer change"),
        Binding("p", "paid", "Paid", id="invoices.paid",
                tooltip="Mark the issued invoice paid (on a date, default today)"),
        Binding("v", "void", "Void", id="invoices.void",
                tooltip="Void the invoice (an issued one by a credit note), with a reason"),
        Binding("e", "export", "Export", id="invoices.export",
                tooltip="Write the invoice to a file: Markdown, HTML or PDF"),
        Binding("u", "filter('unpaid')", "Unpaid", id="invoices.unpaid",
                tooltip="Show only unpaid invoices (again: all)"),
        Binding("o", "filter('overdue')", "Overdue", id="invoices.overdue",
                tooltip="Show only overdue invoices (again: all)"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.data: InvoicesData | None = None
        self.shown = "all"
        self.reads: PaneReads[InvoicesData, str] = PaneReads(
            self, group="invoices-read", key=lambda: self.shown, read=read_invoices,
            seen=lambda: self.data.counter if self.data is not None else -1, show=self._read)
        self._keep: int | None = None  # the invoice the cursor goes to on the next read
        self._ready = False  # mounted (its list exists): reads may be shown

    def compose(self) -> ComposeResult:
        yield Static(Text(" Reading the invoices…", style="dim"), id="invoices-head")
        yield InvoiceList(id="invoice-list")
        yield Static("", id="invoice-detail")

    def on_mount(self) -> None:
        self._ready = True
        self.load(force=True)

    @property
    def table(self) -> InvoiceList:
        return self.query_one(InvoiceList)

    def focus_pane(self) -> None:
        self.table.focus()

    # --- reading ---------------------------------------------------------------------------

    def load(self, *, force: bool = False, keep: int | None = None) -> None:
        """Read the invoices when the store changed since the last read (always: ``force``);
        the cursor goes to ``keep``."""
        if keep is not None:
            self._keep = keep
        if self._ready:  # else its own mount reads them
            self.reads.load(force=force)

    def _read(self, data: InvoicesData) -> None:
        self.show(data, keep=self._keep)
        self._keep = None

    def show(self, data: InvoicesData, *, keep: int | None = None) -> None:
        self.data = data
        self.table.show(data.invoices, data.today, width=self.size.width or self.app.size.width,
                        keep=keep)
        self.query_one("#invoices-head", Static).update(self._head(data))
        self._detail()

    def _head(self, data: InvoicesData) -> Text:
        """``Invoices (7) · unpaid 1680.00 USD · 1 overdue: 960.00 USD``; with a filter, which
        one and the key that shows all again."""
        out = Text(no_wrap=True, overflow="ellipsis")
        out.append(" Invoices", style="bold")
        if data.shown == "all":
            out.append(f" ({len(data.invoices)})")
        else:
            again = self._key(f"invoices.{data.shown}", data.shown[0])
            out.append(f" · only {data.shown} ({len(data.invoices)}; {again} shows all)",
                       style="bold")
        if data.unpaid:
            out.append(f" · unpaid {sums(data.unpaid)}")
        overdue = tuple(i for i in data.unpaid if i.overdue(data.today))
        if overdue:
            out.append(f" · {len(overdue)} overdue: {sums(overdue)}", style="bold red")
        if not data.invoices and data.shown == "all":
            new = self._key("invoices.create", "n")
            out.append(f" · none yet: {new} creates one", style="dim")
        return out

    @on(InvoiceList.RowHighlighted)
    def _moved(self) -> None:
        self._detail()

    def _detail(self) -> None:
        """The line under the list: the selected invoice's period, lines, tax and what
        happened to it."""
        inv = self.data.invoice(self.table.invoice_id) if self.data is not None else None
        detail = self.query_one("#invoice-detail", Static)
        if inv is None or self.data is None:
            empty = self.data is not None and self.data.shown == "all"
            detail.update(Text(EMPTY.format(new=self._key("invoices.create", "n")), style="dim")
                          if empty else "")
            return
        out = Text(no_wrap=False)
        out.append(f"{inv.label} ", style="bold")
        out.append(f"{one_line(inv.client, 40)} · ")
        if inv.issue_date is not None:
            out.append(f"issued {inv.issue_date} · ")
        out.append(f"{inv.period_start} to {inv.period_end} · "
                   f"{len(inv.lines)} line{'s' if len(inv.lines) != 1 else ''} · "
                   f"subtotal {inv.subtotal}")
        if inv.reverse_charge:
            out.append(" · reverse charge")
        elif inv.tax_rate is not None:
            out.append(f" + tax {inv.tax} ({inv.tax_rate.normalize():f} %)")
        out.append(f" = {signed_total(inv)}", style="bold")
        state = state_of(inv, self.data.today)
        if state == "overdue" and inv.due_date is not None:
            out.append(f" · due {inv.due_date}, {(self.data.today - inv.due_date).days} days "
                       "ago", style="bold red")
        if inv.credit_for_number:
            out.append(f" · credits {inv.credit_for_number}")
        if inv.status == "void":
            out.append(f" · void: {one_line(inv.void_reason or '', 60)}")
            if inv.credited_by:
                out.append(f" (credit note {inv.credited_by})")
        detail.update(out)

    def on_resize(self) -> None:
        if self.data is not None:  # the columns follow the width
            self.show(self.data)

    # --- changes ---------------------------------------------------------------------------

    def selected(self, doing: str) -> rb.Invoice | None:
        """The invoice under the cursor, or None after saying there is none."""
        inv = self.data.invoice(self.table.invoice_id) if self.data is not None else None
        if inv is None:
            new = self._key("invoices.create", "n")
            self.notify(f"No invoice to {doing}: move the cursor to one (or {new} creates "
                        "one).", severity="warning", markup=False)
        return inv

    def write(self, verb: Verb, said: Callable[[rb.Invoice], str]) -> None:
        """Run ``verb`` on the store's thread and read the list in the same call; say what it
        did (the cursor goes to the invoice it made), or the store's reason for refusing."""
        shown = self.shown

        def run(store: Store) -> tuple[rb.Invoice, InvoicesData]:
            inv = verb(store)
            return inv, read_invoices(store, shown)

        def done(result: tuple[rb.Invoice, InvoicesData]) -> None:
            inv, data = result
            if self.is_attached and shown == self.shown:
                self.show(data, keep=inv.id)
            self.notify(said(inv), markup=False, timeout=4)

        store_work(self).run(self, run, done, group="invoices-write",
                             failed=self.app.store_failed)  # type: ignore[attr-defined]

    def action_filter(self, which: str) -> None:
        self.shown = "all" if self.shown == which else which
        self.load(force=True)

    def action_create(self) -> None:
        from fcc.tui.screens.invoice_forms import open_create

        open_create(self)

    def action_issue(self) -> None:
        from fcc.tui.screens.card_forms import ConfirmModal

        inv = self.selected("issue")
        if inv is None:
            return
        if inv.status != "draft":
            self.notify(f"{inv.label} is {inv.status}: only a draft is issued.",
                        severity="warning", markup=False)
            return
        invoice_id = inv.id

        def answered(yes: bool | None) -> None:
            if yes:
                self.write(lambda store: store.issue_invoice(invoice_id),
                           lambda done: f"issued {done.label} to {one_line(done.client, 40)}: "
                                        f"{done.total} {done.currency}, due {done.due_date}")

        self.app.push_screen(ConfirmModal(
            f"Issue {inv.label} to {inv.client}: {inv.total} {inv.currency}",
            "It gets its number and can never be edited again (corrections are a credit "
            "note). Issue it?"), answered)

    def action_paid(self) -> None:
        from fcc.tui.screens.invoice_forms import PaidModal

        inv = self.selected("mark paid")
        if inv is not None:
            zone = self.data.zone if self.data is not None else "UTC"
            self.app.push_screen(PaidModal(self.app.clock, inv, zone),  # type: ignore
                                 self.saved)

    def action_void(self) -> None:
        from fcc.tui.screens.invoice_forms import VoidInvoiceModal

        inv = self.selected("void")
        if inv is not None:
            self.app.push_screen(VoidInvoiceModal(self.app.clock, inv),  # type: ignore
                                 self.saved)

    def action_export(self) -> None:
        from fcc.tui.screens.invoice_forms import ExportModal

        inv = self.selected("export")
        if inv is not None:
            self.app.push_screen(ExportModal(self.app.clock, inv),  # type: ignore
                                 self.saved)

    @on(InvoiceList.Chosen)
    def _chosen(self, event: InvoiceList.Chosen) -> None:
        from fcc.tui.screens.invoice_preview import open_preview

        open_preview(self, event.invoice_id)

    def created(self, inv: rb.Invoice | None) -> None:
        """The create dialog made a draft (None: cancelled): the cursor goes to it."""
        if inv is None:
            return
        lines = f"{len(inv.lines)} line{'s' if len(inv.lines) != 1 else ''}"
        issue = self._key("invoices.issue", "i")
        self.notify(f"created {inv.label} for {one_line(inv.client, 40)}: {inv.total} "
                    f"{inv.currency}, {lines}; {issue} issues it", markup=False, timeout=4)
        self.load(force=True, keep=inv.id)
