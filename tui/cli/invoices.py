"""``fcc invoice ...``: invoices and credit notes — create a draft, issue it (its number), mark it
paid, void it (a credit note), list, show and export them.

Each writing command is one store verb (one change in the activity log) and one line saying
what it did. An invoice is named by its number (``2026-0003``) or its id (a draft has no
number: ``7``). A period is ``--period 2026-11``, ``--week 2026-W47`` or ``--from 2026-11-01
--to 2026-11-30`` (local dates, both included), as ``fcc approval submit`` takes it. Bad input
exits 2 naming the flag; a refusal (a frozen or voided invoice, an approval not approved)
exits 1.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import click

from fcc.store.errors import InvalidInput
from fcc.store.visible import json_text
from fcc.tui.cli.approvals import _plain, period_of
from fcc.tui.cli.base import ID, FccGroup, Options, say, store_for
from fcc.tui.cli.flags import FLAGS
from fcc.tui.cli.invoice_export import export_cmd

if TYPE_CHECKING:
    from fcc.store import records_billing as rb
    from fcc.store.api import Store

GROUPS = ("project", "card", "day")
STATUSES = ("draft", "issued", "paid", "void")
INVOICE_FLAGS = {**FLAGS, "start": "--from", "end": "--to", "approval": "--approval",
                 "period": "--period", "currency": "--currency", "group_by": "--group-by",
                 "date": "--date", "invoice": "REF", "status": "--status"}


class InvoiceGroup(FccGroup):
    flags = INVOICE_FLAGS


@click.group("invoice", cls=InvoiceGroup)
def invoice_group() -> None:
    """Invoices and credit notes: create a draft, issue, mark paid, void, list, show, export.

    A draft freezes its entries; issuing gives it the next number of the year; an issued
    invoice never changes: void it with a credit note and invoice again.
    Example: fcc invoice create Acme --period 2026-11 && fcc invoice issue 1
    """


invoice_group.add_command(export_cmd)


# --- writing ---------------------------------------------------------------------------------


@invoice_group.command("create")
@click.argument("client")
@click.option("--approval", "approval_id", type=ID, metavar="ID",
              help="From this approved approval (fcc approval list).")
@click.option("--period", metavar="YYYY-MM", help="A month, e.g. 2026-11.")
@click.option("--week", metavar="YYYY-Www", help="An ISO week, e.g. 2026-W47.")
@click.option("--from", "start", metavar="DATE", help="First day, e.g. 2026-11-01.")
@click.option("--to", "end", metavar="DATE", help="Last day (included), e.g. 2026-11-30.")
@click.option("--group-by", "group_by", type=click.Choice(GROUPS),
              help="One line per project, card or day (and rate); default: the config "
                   "file's [invoice] group_by, else project.")
@click.option("--currency", metavar="CODE",
              help="The currency to invoice when the entries are in several.")
@click.option("--note", default="", help="A note printed on the invoice.")
@click.pass_obj
def create_cmd(opts: Options, client: str, approval_id: int | None, period: str | None,
               week: str | None, start: str | None, end: str | None, group_by: str | None,
               currency: str | None, note: str) -> None:
    """A draft invoice for CLIENT: from an approved approval, or from a period's billable
    entries that are stopped and not invoiced (clients that need no approval).

    \b
    Examples:
      fcc invoice create Acme --period 2026-11
      fcc invoice create Acme --approval 3 --group-by day
      fcc invoice create Acme --from 2026-11-01 --to 2026-11-15 --currency USD
    """
    first = last = None
    if approval_id is None:
        first, last = period_of(period, week, start, end)
    elif period or week or start or end:
        raise InvalidInput("--approval", "either --approval or a period, not both",
                           approval_id)
    with store_for(opts) as store:
        made = store.create_invoice(client, approval=approval_id, start=first, end=last,
                                    group_by=group_by, currency=currency, note=note)
    say(f"created {made.label}: {_summary(made)}; issue it with: fcc invoice issue {made.id}")


@invoice_group.command("issue")
@click.argument("ref", metavar="REF")
@click.option("--date", "on", metavar="DATE", help="The issue date (default: today).")
@click.pass_obj
def issue_cmd(opts: Options, ref: str, on: str | None) -> None:
    """Give draft REF its number and dates, and send it out: it never changes again.

    Example: fcc invoice issue 7 --date 2026-12-01
    """
    with store_for(opts) as store:
        done = store.issue_invoice(ref, on=_date(store, on))
    say(f"issued invoice {done.number}: {_summary(done)}, due {done.due_date}")


@invoice_group.command("paid")
@click.argument("ref", metavar="REF")
@click.option("--date", "on", metavar="DATE", help="The day it was paid (default: today).")
@click.pass_obj
def paid_cmd(opts: Options, ref: str, on: str | None) -> None:
    """Record that invoice REF was paid.  Example: fcc invoice paid 2026-0003 --date yesterday"""
    with store_for(opts) as store:
        done = store.mark_invoice_paid(ref, on=_date(store, on))
    say(f"invoice {done.label} paid on {done.paid_date}: {_summary(done)}")


@invoice_group.command("void")
@click.argument("ref", metavar="REF")
@click.option("--reason", required=True, help="Why (printed on the credit note).")
@click.pass_obj
def void_cmd(opts: Options, ref: str, reason: str) -> None:
    """Void a draft, or cancel an issued invoice with a credit note: its entries are free to
    correct and invoice again, and the approval it came from is withdrawn.

    Example: fcc invoice void 2026-0003 --reason 'wrong rate'
    """
    with store_for(opts) as store:
        done = store.void_invoice(ref, reason)
    if done.kind == "credit":
        say(f"voided invoice {done.credit_for_number} by credit note {done.number}: "
            f"{_summary(done)}; its entries are free to correct and invoice again")
    else:
        say(f"voided {done.label}; its entries are free again")


# --- reading ---------------------------------------------------------------------------------


@invoice_group.command("list")
@click.option("--unpaid", is_flag=True, help="Only issued invoices not paid yet.")
@click.option("--overdue", is_flag=True, help="Only unpaid invoices past their due date.")
@click.option("--status", type=click.Choice(STATUSES), help="Only those in this state.")
@click.option("--client", help="Only this client's.")
@click.option("--format", "fmt", type=click.Choice(("table", "json")), default="table")
@click.pass_obj
def list_cmd(opts: Options, unpaid: bool, overdue: bool, status: str | None,
             client: str | None, fmt: str) -> None:
    """Invoices and credit notes, newest first; OVERDUE marks unpaid ones past due.

    Example: fcc invoice list --unpaid
    """
    with store_for(opts, create=False) as store:
        found = store.invoices(status=status, unpaid=unpaid, overdue=overdue, client=client)
        today = store.today()
    if fmt == "json":
        click.echo(json_text([invoice_row(i, today) for i in found], indent=2))
        return
    if not found:
        which = " overdue" if overdue else " unpaid" if unpaid else ""
        say(f"no{which} invoices; make one with: fcc invoice create CLIENT --period 2026-11")
        return
    from fcc.tui.plaintable import Output, table

    rows = [[_plain(i.label), _plain(i.client), _state(i, today), _day(i.issue_date),
             _day(i.due_date), f"{'-' if i.kind == 'credit' else ''}{i.total} {i.currency}"]
            for i in found]
    out = Output()
    out.write(table(out, ("invoice", "client", "status", "issued", "due", "total"), rows,
                    rights=(False, False, False, False, False, True),
                    wraps=(False, True, False, False, False, False)))


@invoice_group.command("show")
@click.argument("ref", metavar="REF")
@click.option("--format", "fmt", type=click.Choice(("table", "json")), default="table")
@click.pass_obj
def show_cmd(opts: Options, ref: str, fmt: str) -> None:
    """Invoice REF: its state, dates, parties, lines and totals.

    Example: fcc invoice show 2026-0003   (fcc invoice export 2026-0003 writes the document)
    """
    with store_for(opts, create=False) as store:
        inv = store.invoice(ref)
        today = store.today()
    if fmt == "json":
        click.echo(json_text(invoice_row(inv, today), indent=2))
        return
    title = "credit note" if inv.kind == "credit" else "invoice"
    say(f"{title} {inv.label}: {_plain(inv.client)}, {_state(inv, today)}")
    if inv.credit_for_number:
        say(f"cancels invoice {inv.credit_for_number}")
    if inv.credited_by:
        say(f"cancelled by credit note {inv.credited_by}: {_plain(inv.void_reason or '')}")
    elif inv.status == "void":
        say(f"void: {_plain(inv.void_reason or '')}")
    say(f"period {inv.period_start} to {inv.period_end}; issued {_day(inv.issue_date)}, due "
        f"{_day(inv.due_date)}" + (f", paid {inv.paid_date}" if inv.paid_date else ""))
    if inv.approval_id is not None:
        say(f"from approval {inv.approval_id}")
    from fcc.tui.plaintable import SECTION, Output, table

    rows: list[list[str] | None] = [
        [_plain(x.description), str(x.hours), "-" if x.rate is None else str(x.rate),
         str(x.amount)] for x in inv.lines]
    rows.append(SECTION)
    rows.append(["subtotal", "", "", str(inv.subtotal)])
    if inv.reverse_charge:
        rows.append(["tax: reverse charge (the recipient accounts for it)", "", "",
                     str(inv.tax)])
    elif inv.tax_rate is not None:
        rows.append([f"tax {inv.tax_rate}%", "", "", str(inv.tax)])
    rows.append([f"total {inv.currency}", "", "", str(inv.total)])
    out = Output()
    out.write(table(out, ("line", "hours", "rate", "amount"), rows,
                    rights=(False, True, True, True), wraps=(True, False, False, False),
                    bold_from=len(inv.lines) + 1))
    if inv.note:
        say("note: " + _plain(inv.note.replace("\n", " / ")))
    say(f"entries: {', '.join(map(str, inv.entry_nos)) or '-'}")


def invoice_row(inv: rb.Invoice, today: dt.date) -> dict[str, Any]:
    """An invoice as JSON (stable field names; amounts as strings, never floats)."""
    from fcc.store.limits import iso_z
    from fcc.store.recordtype import as_plain_dict

    def day(value: dt.date | None) -> str | None:
        return None if value is None else value.isoformat()

    def money(value: Any) -> str | None:
        return None if value is None else str(value)

    return {
        "id": inv.id, "uuid": inv.uuid, "kind": inv.kind, "status": inv.status,
        "number": inv.number, "label": inv.label, "client": inv.client,
        "client_id": inv.client_id, "currency": inv.currency,
        "period_start": day(inv.period_start), "period_end": day(inv.period_end),
        "group_by": inv.group_by, "issue_date": day(inv.issue_date),
        "due_date": day(inv.due_date), "paid_date": day(inv.paid_date),
        "overdue": inv.overdue(today), "subtotal": money(inv.subtotal),
        "tax_rate": money(inv.tax_rate), "tax": money(inv.tax), "total": money(inv.total),
        "reverse_charge": inv.reverse_charge, "seller": as_plain_dict(inv.seller),
        "buyer": as_plain_dict(inv.buyer), "note": inv.note,
        "created_at": iso_z(inv.created_at),
        "issued_at": None if inv.issued_at is None else iso_z(inv.issued_at),
        "voided_at": None if inv.voided_at is None else iso_z(inv.voided_at),
        "void_reason": inv.void_reason,
        "lines": [{"position": x.position, "description": x.description,
                   "seconds": x.seconds, "billed_seconds": x.billed_seconds,
                   "hours": str(x.hours), "rate": money(x.rate), "amount": money(x.amount),
                   "project_id": x.project_id, "card_id": x.card_id, "day": day(x.day)}
                  for x in inv.lines],
        "entry_nos": list(inv.entry_nos), "approval_id": inv.approval_id,
        "credit_for_id": inv.credit_for_id, "credit_for_number": inv.credit_for_number,
        "credited_by": inv.credited_by,
    }


def _state(inv: rb.Invoice, today: dt.date) -> str:
    """The status in words; an unpaid invoice past due says OVERDUE (and by how long)."""
    if inv.overdue(today):
        assert inv.due_date is not None
        late = (today - inv.due_date).days
        return f"OVERDUE {late} day{'s' if late != 1 else ''}"
    if inv.kind == "credit":
        return f"credit note for {inv.credit_for_number}"
    return inv.status


def _summary(inv: rb.Invoice) -> str:
    count = len(inv.entry_nos)
    entries = "" if inv.kind == "credit" else f"{count} entr{'y' if count == 1 else 'ies'}, "
    return _plain(f"{inv.client}, {inv.period_start} to {inv.period_end}, {entries}"
                  f"{inv.total} {inv.currency}")


def _day(value: dt.date | None) -> str:
    return "-" if value is None else value.isoformat()


def _date(store: Store, text: str | None) -> dt.date | None:
    """``--date``: 2026-11-30, today, yesterday... as the user's local date."""
    if text is None:
        return None
    from fcc.store.when import local_date, parse_when

    instant = parse_when(text, now=store.clock.now(), zone=store.prefs.zone, field="--date")
    return local_date(instant, store.prefs.zone)


COMMANDS = [invoice_group]
