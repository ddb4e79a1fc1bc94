"""The Invoices pane's dialogs: a new draft (``n``: a client, then an approved timesheet or a
period, and how lines are grouped), paid (``p``: the date), void (``v``: the reason; an issued
invoice is voided by a credit note, whose number the dialog's message says) and export (``e``:
format and file).

Each reads what it can itself (a date, a period) and hands the rest to the store's billing
verbs, whose one-line refusal is shown in the dialog: under the field it names, else under the
form (an approval that is not approved, a client that needs one, a period with nothing to bill).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Static

from fcc.store.errors import FccError, InvalidInput
from fcc.tui.screens.forms import FormModal, Job
from fcc.tui.storework import store_work
from fcc.tui.text import one_line

if TYPE_CHECKING:
    from fcc.store import records_billing as rb
    from fcc.store.api import Store
    from fcc.store.clock import Clock
    from fcc.tui.screens.invoices import InvoicesPane

ResultT = TypeVar("ResultT")
GROUPS = ["project", "card", "day"]
FORMATS = ["md", "html", "pdf"]
PERIOD_EXPECTED = ("a month like 2026-11, a week like 2026-W47 or two days like "
                   "2026-11-01..2026-11-15; or empty with an approval")
RANGE = re.compile(r"^\s*(\S+)\s*(?:\.\.|\bto\b|–|—)\s*(\S+)\s*$")
AS_PERIOD = {"--period": "period", "--week": "period", "--from": "period", "--to": "period"}


def parse_period(text: str) -> tuple[dt.date, dt.date] | None:
    """The period a create dialog names, both days included (None: empty): what ``fcc
    approval submit`` reads from --period, --week or --from/--to, typed in one field."""
    from fcc.tui.cli.approvals import period_of

    if not text.strip():
        return None
    days = RANGE.match(text)
    week = "w" in text.casefold()
    try:
        if days:
            start, end = period_of(None, None, days[1], days[2])
        else:
            start, end = period_of(None if week else text, text if week else None, None, None)
    except InvalidInput as exc:
        raise exc.named(AS_PERIOD) from None
    if end < start:
        raise InvalidInput("period", "a first day before the last", text.strip())
    return start, end


def last_month(today: dt.date) -> str:
    """``2026-10`` in November: what is invoiced at the start of a month."""
    before = today.replace(day=1) - dt.timedelta(days=1)
    return f"{before:%Y-%m}"


class InvoiceForm(FormModal[ResultT]):
    """A billing dialog: an error naming one of its fields (the store's name, or the command
    line's flag) goes under it, else under the form."""

    FIELD_NAMES: dict[str, str] = {}  # the store's (or a flag's) field -> this form's
    note = ""  # what saving does, said above the fields (wrapped, whole)

    def compose_fields(self) -> ComposeResult:
        if self.note:
            yield Static(Text(self.note), classes="dialog-note")
        yield from super().compose_fields()

    def show_fcc_error(self, exc: FccError) -> None:
        fields = dict(self.FIELDS)
        if isinstance(exc, InvalidInput):
            name = self.FIELD_NAMES.get(exc.field, exc.field)
        else:
            said = str(exc).split(":", 1)[0].strip()
            name = self.FIELD_NAMES.get(said, said)
        self.show_error(name if name in fields else "", str(exc))


@dataclasses.dataclass(frozen=True)
class CreateForm:
    """What the create dialog shows, read before it opens."""

    clients: list[str]
    approved: list[rb.Approval]  # approved, not invoiced yet
    group_by: str
    today: dt.date


def open_create(pane: InvoicesPane) -> None:
    """``n``: read the clients and the approved timesheets, then open the dialog."""
    from fcc.store.when import local_date

    def read(store: Store) -> CreateForm:
        clients = [c.name for c in store.list_clients()]
        approved = [a for a in store.approvals(status="approved") if not a.invoice_ids]
        return CreateForm(clients, approved, store.billing.group_by,
                          local_date(store.clock.now(), store.prefs.zone))

    def opened(form: CreateForm) -> None:
        pane.app.push_screen(CreateInvoiceModal(pane.app.clock, form),  # type: ignore
                             pane.created)

    store_work(pane).run(pane, read, opened)


class CreateInvoiceModal(InvoiceForm["rb.Invoice"]):
    """A draft invoice for a client: from an approved timesheet, or the client's billable
    entries of a period that are on no invoice yet."""

    TITLE = "New invoice"
    SUBMIT = "Create draft"
    FIELDS = (("client", "Client"), ("period", "Period"), ("approval", "Approval"),
              ("group", "Lines by"))
    COMPLETE = ("client", "group")
    HINTS = {"client": "type to search", "period": "2026-11, or 2026-11-01..2026-11-15",
             "approval": "an approved timesheet (then no period)",
             "group": "project, card or day"}
    FIELD_NAMES = {"client": "client", "start": "period", "end": "period",
                   "--period": "period", "--from": "period", "--to": "period",
                   "approval": "approval", "--approval": "approval", "group_by": "group",
                   "--group-by": "group"}

    def __init__(self, clock: Clock, form: CreateForm) -> None:
        values = {"period": last_month(form.today), "group": form.group_by}
        if len(form.clients) == 1:
            values["client"] = form.clients[0]
        super().__init__(clock, values, names={"client": form.clients, "group": GROUPS})
        self.note = self._approved(form.approved)
        self.approved = form.approved

    @staticmethod
    def _approved(approved: list[rb.Approval]) -> str:
        if not approved:
            return "No approved timesheet waits for an invoice: bill a period."
        shown = "; ".join(f"{a.id} {one_line(a.client, 30)} {a.period_start}..{a.period_end}"
                          for a in approved[:4])
        more = f" and {len(approved) - 4} more" if len(approved) > 4 else ""
        return f"Approved timesheets to invoice: {shown}{more}."

    def submit(self) -> Job[rb.Invoice]:
        client = self.field("client").strip()
        if not client:
            raise InvalidInput("client", "a client's name")
        text = self.field("approval").strip().removeprefix("#")
        approval = None
        if text:
            if not text.isdigit():
                raise InvalidInput("approval", "an approved timesheet's number, or empty",
                                   text)
            approval = int(text)
        period = None if approval is not None and not self.touched("period") \
            else parse_period(self.field("period"))
        if approval is None and period is None:
            raise InvalidInput("period", PERIOD_EXPECTED)
        if approval is not None and period is not None:
            raise InvalidInput("period", "empty with an approval (its period is billed)",
                               self.field("period").strip())
        group = self.field("group").strip().casefold() or None
        if group is not None and group not in GROUPS:
            raise InvalidInput("group", "project, card or day", group)
        start, end = period if period is not None else (None, None)

        def create(store: Store) -> rb.Invoice:
            return store.create_invoice(client, approval=approval, start=start, end=end,
                                        group_by=group)

        return create  # the pane says what it made, with the cursor on it


class PaidModal(InvoiceForm[str]):
    """``p``: an issued invoice paid, on a day (default today)."""

    TITLE = "Mark paid"
    SUBMIT = "Mark paid"
    FIELDS = (("date", "Paid on"),)
    HINTS = {"date": "2026-11-23, today, yesterday, -3d"}
    FIELD_NAMES = {"day": "date", "on": "date", "--date": "date"}

    def __init__(self, clock: Clock, inv: rb.Invoice, zone: str = "UTC") -> None:
        super().__init__(clock, {"date": "today"}, zone=zone,
                         heading=f"{inv.label} · {inv.client} · {inv.total} {inv.currency}"
                                 f" · due {inv.due_date or '—'}")
        self.invoice = inv

    def submit(self) -> Job[str]:
        from fcc.tui.screens.goto import parse_day

        day = parse_day(self.field("date"), self.clock.now(), self.zone)
        invoice_id = self.invoice.id

        def paid(store: Store) -> str:
            inv = store.mark_invoice_paid(invoice_id, on=day)
            return f"{inv.label} paid on {inv.paid_date}: {inv.total} {inv.currency}"

        return paid


class VoidInvoiceModal(InvoiceForm[str]):
    """``v``: void an invoice with a reason; an issued (or paid) one by a credit note."""

    TITLE = "Void invoice"
    SUBMIT = "Void"
    FIELDS = (("reason", "Reason"),)
    HINTS = {"reason": "kept on the credit note and in the history"}

    def __init__(self, clock: Clock, inv: rb.Invoice) -> None:
        what = ("The draft becomes void; its entries can be invoiced again."
                if inv.status == "draft" else
                "A credit note for the same lines and total is issued at once; the entries "
                "get new versions that can be corrected and invoiced again.")
        super().__init__(clock, {}, heading=f"{inv.label} · {inv.client} · {inv.total} "
                                            f"{inv.currency} ({inv.status})")
        self.note = what
        self.invoice = inv
        self.form_title = f"Void {inv.label}"

    def submit(self) -> Job[str]:
        reason = self.field("reason").strip()
        if not reason:
            raise InvalidInput("reason", "why it is voided (kept on the credit note)")
        invoice_id, label = self.invoice.id, self.invoice.label

        def void(store: Store) -> str:
            done = store.void_invoice(invoice_id, reason)
            if done.kind == "credit":
                return f"voided {label} by credit note {done.label}: {done.total} " \
                       f"{done.currency}"
            return f"voided {label}: its entries can be invoiced again"

        return void


class ExportModal(InvoiceForm[str]):
    """``e``: the invoice written to a file as Markdown, HTML or PDF."""

    TITLE = "Export invoice"
    SUBMIT = "Write"
    FIELDS = (("format", "Format"), ("path", "File"))
    COMPLETE = ("format",)
    HINTS = {"format": "md, html or pdf", "path": "where to write it (never overwritten)"}
    FIELD_NAMES = {"--format": "format", "fmt": "format", "--output": "path",
                   "output": "path", "pdf": "format"}

    def __init__(self, clock: Clock, inv: rb.Invoice, folder: Path | None = None) -> None:
        from fcc.store.documents import invoice_file_name

        self.folder = folder if folder is not None else Path.cwd()
        self.file_name = lambda fmt: invoice_file_name(inv, fmt)
        super().__init__(clock, {"format": "md", "path": str(self.folder / self.file_name("md"))},
                         heading=f"{inv.label} · {inv.client} · {inv.total} {inv.currency}",
                         names={"format": FORMATS})
        self.invoice = inv
        self.form_title = f"Export {inv.label}"

    def submit(self) -> Job[str]:
        fmt = self.field("format").strip().casefold().lstrip(".")
        if fmt == "markdown":
            fmt = "md"
        if fmt not in FORMATS:
            raise InvalidInput("format", "md, html or pdf", fmt)
        text = self.field("path").strip()
        if not self.touched("path"):  # the default file follows the format
            text = str(self.folder / self.file_name(fmt))
        if not text:
            raise InvalidInput("path", "a file to write")
        path = Path(text).expanduser()
        invoice_id = self.invoice.id

        def export(store: Store) -> str:
            from fcc.store.documents import render, write_document

            data = render("invoice", store.invoice(invoice_id), fmt)
            written = write_document(path, data)
            return f"wrote {written} ({len(data):,} bytes)"

        return export

    def show_fcc_error(self, exc: FccError) -> None:
        from fcc.store.documents import DocumentPathError

        if isinstance(exc, DocumentPathError):  # the file named: exists, a folder, read-only
            self.show_error("path", str(exc))
            return
        super().show_fcc_error(exc)
