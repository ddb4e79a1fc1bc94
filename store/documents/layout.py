"""What a document says, apart from how a format prints it: :class:`Document`, built once from
an invoice (:func:`invoice_document`) or an approval and its entries
(:func:`timesheet_document`), then printed by the Markdown, HTML and PDF writers. Every format
shows the same words and numbers because they all print this one layout.

Every text here is plain, unescaped text (each writer escapes for its format); text from the
database has its control characters, bidi controls and line separators shown already
(:func:`fcc.store.visible.visible`), newlines kept only where a block may have several lines
(an address, a note).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from fcc.store.money import hours
from fcc.store.records import record
from fcc.store.visible import visible
from fcc.store.when import format_local, local_date

TYPE_CHECKING = False
if TYPE_CHECKING:
    from fcc.store import records as rec
    from fcc.store import records_billing as rb
    from fcc.store.records_billing import Party

REVERSE_CHARGE = "Reverse charge: the recipient accounts for the VAT"
DASH = "\u2014"  # an empty cell, a title's aside


@record
class Table:
    """A table: its heads, which columns are numbers (right-aligned), its rows and the total
    rows printed bold under them. ``keep``: columns never wrapped (numbers, dates, times)."""

    heads: tuple[str, ...]
    numeric: tuple[bool, ...]
    rows: tuple[tuple[str, ...], ...]
    totals: tuple[tuple[str, ...], ...] = ()
    keep: tuple[bool, ...] = ()

    def kept(self) -> tuple[bool, ...]:
        """Per column: never wrapped (numbers always)."""
        keep = self.keep or (False,) * len(self.numeric)
        return tuple(n or k for n, k in zip(self.numeric, keep, strict=True))


@record
class Block:
    """A labelled block of lines: a party (``From``, ``Bill to``) or a note."""

    label: str
    lines: tuple[str, ...]


@record
class Document:
    kind: str  # invoice, credit, timesheet
    title: str
    status: str  # one line under the title: "Paid on 2026-12-14", "Void: ...", "" when none
    parties: tuple[Block, ...]
    facts: tuple[tuple[str, str], ...]  # label, value: dates, period, currency
    tables: tuple[Table, ...]
    sums: tuple[tuple[str, str], ...]  # label, value under the lines: subtotal, tax, total
    notes: tuple[Block, ...]


def text(value: str | None) -> str:
    """One line of database text as a document shows it: controls shown, white space runs
    (newlines, tabs) as one space."""
    return " ".join(visible(value or "", keep="\t\n").split())


def lines_of(value: str | None) -> tuple[str, ...]:
    """Multi-line database text (an address, a note) as its non-empty lines."""
    shown = visible(value or "", keep="\t\n").replace("\t", " ")
    return tuple(line.strip() for line in shown.split("\n") if line.strip())


def amount(value: Decimal) -> str:
    """Money to two places, as printed (the record's amounts are already cents)."""
    return f"{value:.2f}"


def percent(value: Decimal) -> str:
    """A tax rate without trailing zeros and never in exponent form: 19, 7.5, 0."""
    shown = format(value.normalize(), "f")
    return shown if value else "0"


def period(start: dt.date, end: dt.date) -> str:
    return f"{start.isoformat()} to {end.isoformat()}"


def party_lines(party: Party, *, fallback: str = "") -> tuple[str, ...]:
    """A seller's or buyer's block: name, address lines, tax id, email, bank lines."""
    out: list[str] = [text(party.name or fallback)] if (party.name or fallback) else []
    out.extend(lines_of(party.address))
    if party.tax_id.strip():
        out.append(f"Tax ID: {text(party.tax_id)}")
    if party.email.strip():
        out.append(text(party.email))
    bank = lines_of(party.bank)
    if bank:
        out.append(f"Bank: {bank[0]}")
        out.extend(bank[1:])
    return tuple(out)


# --- invoices and credit notes ------------------------------------------------------------


def invoice_title(inv: rb.Invoice) -> str:
    """``Invoice 2026-0003``, ``Credit note CN-2026-0001 for invoice 2026-0003``, ``Draft
    invoice 7 — not issued``."""
    if inv.kind == "credit":
        name = f"Credit note {text(inv.number)}" if inv.number else f"Draft credit note {inv.id}"
        if inv.credit_for_number:
            name += f" for invoice {text(inv.credit_for_number)}"
        return name
    if inv.number:
        return f"Invoice {text(inv.number)}"
    return f"Draft invoice {inv.id} {DASH} not issued"


def invoice_status(inv: rb.Invoice) -> str:
    """One line under the title: paid, void (and by which credit note, why), or a draft."""
    if inv.status == "void":
        how = f" {DASH} credited by {text(inv.credited_by)}" if inv.credited_by else ""
        why = f": {text(inv.void_reason)}" if inv.void_reason else ""
        return f"Void{how}{why}"
    if inv.status == "paid":
        paid = inv.paid_date.isoformat() if inv.paid_date else "(no date)"
        return f"Paid on {paid}"
    if inv.status == "draft":
        return "Draft: no number yet; not a valid invoice until issued"
    return ""


def invoice_document(inv: rb.Invoice) -> Document:
    cur = text(inv.currency)
    seller = party_lines(inv.seller)
    parties = [Block(label="From", lines=seller)] if seller else []
    parties.append(Block(label="Bill to", lines=party_lines(inv.buyer, fallback=inv.client)))
    facts = [
        ("Number", text(inv.number) if inv.number else "not issued"),
        ("Issue date", inv.issue_date.isoformat() if inv.issue_date else "not issued"),
        ("Due date", inv.due_date.isoformat() if inv.due_date else "not issued"),
        ("Period", period(inv.period_start, inv.period_end)),
        ("Currency", cur),
    ]
    if inv.paid_date:
        facts.append(("Paid", inv.paid_date.isoformat()))
    lines = Table(
        heads=("Description", "Hours", "Rate", f"Amount ({cur})"),
        numeric=(False, True, True, True),
        rows=tuple(
            (text(line.description) or DASH, f"{line.hours:.2f}",
             amount(line.rate) if line.rate is not None else DASH, amount(line.amount))
            for line in sorted(inv.lines, key=lambda line: line.position)),
    )
    if inv.reverse_charge:
        tax = ("Tax (reverse charge)", f"{amount(inv.tax)} {cur}")
    elif inv.tax_rate is not None:
        tax = (f"Tax {percent(inv.tax_rate)}%", f"{amount(inv.tax)} {cur}")
    else:
        tax = ("Tax", f"{amount(inv.tax)} {cur}")
    total = "Total credited" if inv.kind == "credit" else "Total"
    sums = (("Subtotal", f"{amount(inv.subtotal)} {cur}"), tax,
            (total, f"{amount(inv.total)} {cur}"))
    notes = []
    if inv.reverse_charge:
        notes.append(Block(label="", lines=(REVERSE_CHARGE,)))
    if inv.kind == "credit" and inv.credit_for_number:
        notes.append(Block(label="", lines=(f"This credit note cancels invoice "
                                            f"{text(inv.credit_for_number)} in full.",)))
    if lines_of(inv.note):
        notes.append(Block(label="Note", lines=lines_of(inv.note)))
    return Document(kind=inv.kind, title=invoice_title(inv), status=invoice_status(inv),
                    parties=tuple(parties), facts=tuple(facts), tables=(lines,), sums=sums,
                    notes=tuple(notes))


def invoice_file_name(inv: rb.Invoice, fmt: str) -> str:
    """``invoice-2026-0003.pdf``, ``credit-CN-2026-0001.pdf``, ``draft-7.pdf``: a name safe
    on every file system (anything but letters, digits, ``-``, ``_`` and ``.`` becomes
    ``_``)."""
    import re

    kind = "credit" if inv.kind == "credit" else "invoice"
    stem = f"{kind}-{inv.number}" if inv.number else f"draft-{inv.id}"
    stem = re.sub(r"[^A-Za-z0-9._-]", "_", stem).strip(".") or f"{kind}-{inv.id}"
    return f"{stem}.{fmt}"


# --- timesheets ---------------------------------------------------------------------------


def _project(entry: rec.Entry) -> str:
    """The entry's project without its client's name in front (the timesheet is one client's)."""
    label = entry.project
    if entry.client and label.startswith(entry.client + "/"):
        label = label[len(entry.client) + 1:]
    return text(label)


def _times(entry: rec.Entry, zone: str) -> str:
    start = format_local(entry.start, zone, "%H:%M")
    if entry.end is None:
        return f"{start}{DASH}running"
    days = (local_date(entry.end, zone) - local_date(entry.start, zone)).days
    later = f" (+{days})" if days > 0 else ""
    return f"{start}\u2013{format_local(entry.end, zone, '%H:%M')}{later}"


def timesheet_title(approval: rb.Approval) -> str:
    return f"Timesheet {DASH} {text(approval.client)}, " \
           f"{period(approval.period_start, approval.period_end)}"


def timesheet_document(approval: rb.Approval, entries: list[rec.Entry]) -> Document:
    zone = approval.zone
    facts = [("Client", text(approval.client)),
             ("Period", period(approval.period_start, approval.period_end)),
             ("Times in", text(zone)), ("Entries", str(len(entries)))]
    if approval.id:
        facts.insert(0, ("Approval", str(approval.id)))
    facts.append(("Submitted", format_local(approval.submitted_at, zone)))
    facts.append(("Status", approval.status))
    if approval.decided_at is not None:
        facts.append(("Decided", format_local(approval.decided_at, zone)))
    ordered = sorted(entries, key=lambda e: (e.start, e.no))
    rows = tuple(
        (local_date(e.start, zone).isoformat(), _times(e, zone), _project(e) or DASH,
         text(e.work_item) or DASH, text(e.note) or DASH,
         f"{hours(e.seconds(e.end or e.start)):.2f}")
        for e in ordered)
    entry_table = Table(heads=("Date", "Time", "Project", "Card", "Note", "Hours"),
                        numeric=(False, False, False, False, False, True),
                        keep=(True, True, False, False, False, True), rows=rows)
    totals = Table(
        heads=("Currency", "Hours", "Billed hours", "Amount"),
        numeric=(False, True, True, True),
        rows=tuple((text(t.currency), f"{hours(t.seconds):.2f}", f"{hours(t.billed_seconds):.2f}",
                    f"{amount(t.amount)} {text(t.currency)}")
                   for t in approval.totals),
    )
    said = lines_of(approval.note)
    notes = [Block(label="Note", lines=said)] if said else []
    status = {"pending": "Awaiting approval", "approved": "Approved",
              "rejected": "Rejected", "withdrawn": "Withdrawn"}.get(approval.status, "")
    return Document(kind="timesheet", title=timesheet_title(approval), status=status,
                    parties=(), facts=tuple(facts), tables=(entry_table, totals), sums=(),
                    notes=tuple(notes))
