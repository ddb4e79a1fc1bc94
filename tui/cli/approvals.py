"""``fcc approval ...``: client approvals of timesheets — submit a period's billable entries,
record the client's answer, withdraw, list and show.

Each writing command is one store verb (one change in the activity log) and one line saying
what it did. A period is ``--period 2026-11`` (a month), ``--week 2026-W47`` (an ISO week) or
``--from 2026-11-01 --to 2026-11-30`` (local dates, both included). The timesheet is written
with ``--output FILE`` (``--format md``, ``html`` or ``pdf``; from the file's suffix when left
out). Bad input exits 2 naming the flag; a refusal (an open approval, a frozen entry) exits 1.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from fcc.store.errors import InvalidInput
from fcc.store.visible import TerminalText, json_text
from fcc.tui.cli.base import ID, FccGroup, Options, say, store_for
from fcc.tui.cli.flags import FLAGS

if TYPE_CHECKING:
    from fcc.store import records_billing as rb
    from fcc.store.api import Store

DOCS = ("md", "html", "pdf")
SHOW_FORMATS = ("table", "json", *DOCS)
STATUSES = ("pending", "approved", "rejected", "withdrawn")
APPROVAL_FLAGS = {**FLAGS, "start": "--from", "end": "--to", "approval": "ID",
                  "client": "CLIENT", "status": "--status"}


class ApprovalGroup(FccGroup):
    flags = APPROVAL_FLAGS


@click.group("approval", cls=ApprovalGroup)
def approval_group() -> None:
    """Client approvals of timesheets: submit a period, approve, reject, withdraw, list, show.

    While an approval is pending or approved its entries cannot be changed and no entry can be
    added for the client inside its period.  Example: fcc approval submit Acme --period 2026-11
    """


# --- the period ------------------------------------------------------------------------------


def period_of(period: str | None, week: str | None, start: str | None,
              end: str | None) -> tuple[dt.date, dt.date]:
    """The local dates (both included) one of ``--period``, ``--week`` or ``--from/--to``
    names; exactly one way must be given."""
    given = [flag for flag, value in (("--period", period), ("--week", week),
                                      ("--from", start or end)) if value]
    if len(given) != 1:
        raise InvalidInput("--period", "one of --period 2026-11, --week 2026-W47 or --from "
                           "DATE --to DATE", " and ".join(given) or None)
    if period:
        found = re.fullmatch(r"\s*(\d{4})-(\d{1,2})\s*", period)
        if not found or not 1 <= int(found[2]) <= 12:
            raise InvalidInput("--period", "a month like 2026-11", period)
        year, month = int(found[1]), int(found[2])
        after = dt.date(year + month // 12, month % 12 + 1, 1)
        return dt.date(year, month, 1), after - dt.timedelta(days=1)
    if week:
        found = re.fullmatch(r"\s*(\d{4})-?W(\d{1,2})\s*", week, re.IGNORECASE)
        try:
            assert found is not None
            monday = dt.date.fromisocalendar(int(found[1]), int(found[2]), 1)
        except (AssertionError, ValueError):
            raise InvalidInput("--week", "an ISO week like 2026-W47", week) from None
        return monday, monday + dt.timedelta(days=6)
    if not (start and end):
        missing = "--to" if start else "--from"
        raise InvalidInput(missing, "a date like 2026-11-30 (--from and --to go together)")
    return _day(start, "--from"), _day(end, "--to")


def _day(text: str, flag: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(flag, "a date like 2026-11-01", text) from None


# --- writing ---------------------------------------------------------------------------------


@approval_group.command("submit")
@click.argument("client")
@click.option("--period", metavar="YYYY-MM", help="A month, e.g. 2026-11.")
@click.option("--week", metavar="YYYY-Www", help="An ISO week, e.g. 2026-W47.")
@click.option("--from", "start", metavar="DATE", help="First day, e.g. 2026-11-01.")
@click.option("--to", "end", metavar="DATE", help="Last day (included), e.g. 2026-11-30.")
@click.option("--note", default="", help="A note for the client.")
@click.option("--format", "fmt", type=click.Choice(DOCS), help="The timesheet's format "
              "(default: from --output's suffix, else md).")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the timesheet to this new file.")
@click.option("--force", is_flag=True, help="Overwrite --output if it exists.")
@click.pass_obj
def submit_cmd(opts: Options, client: str, period: str | None, week: str | None,
               start: str | None, end: str | None, note: str, fmt: str | None,
               output: Path | None, force: bool) -> None:
    """Freeze CLIENT's billable entries of a period for the client to approve.

    Covers the stopped, billable entries not on an invoice that start in the period (whole,
    even when they end after it), with their totals as fcc report prices them.
    Example: fcc approval submit Acme --week 2026-W47 --output w47.pdf
    """
    first, last = period_of(period, week, start, end)
    way = "--period" if period else "--week" if week else None
    with store_for(opts) as store:
        try:
            approval = store.submit_approval(client, first, last, note=note)
        except InvalidInput as exc:  # the period's end, named as the user gave it
            raise exc.named({"start": way, "end": way} if way else APPROVAL_FLAGS) from None
        say(f"submitted approval {approval.id}: {_summary(approval)}")
        if output is not None or fmt is not None:
            _document(store, approval, fmt, output, force)


@approval_group.command("approve")
@click.argument("approval_id", metavar="ID", type=ID)
@click.option("--note", default="", help="The client's words.")
@click.pass_obj
def approve_cmd(opts: Options, approval_id: int, note: str) -> None:
    """Record that the client approved it: its entries stay frozen until invoiced.

    Example: fcc approval approve 3 --note 'Thanks, all fine'
    """
    _decide(opts, approval_id, "approved", note)


@approval_group.command("reject")
@click.argument("approval_id", metavar="ID", type=ID)
@click.option("--note", default="", help="The client's words.")
@click.pass_obj
def reject_cmd(opts: Options, approval_id: int, note: str) -> None:
    """Record that the client rejected it: its entries are free to correct.

    Example: fcc approval reject 3 --note 'split the webhook hours'
    """
    _decide(opts, approval_id, "rejected", note)


def _decide(opts: Options, approval_id: int, status: str, note: str) -> None:
    with store_for(opts) as store:
        done = store.decide_approval(approval_id, status, note=note)
    say(f"{status} approval {done.id}: {_summary(done)}"
        + ("; its entries are free again" if status == "rejected" else ""))


@approval_group.command("withdraw")
@click.argument("approval_id", metavar="ID", type=ID)
@click.option("--note", default="", help="Why.")
@click.pass_obj
def withdraw_cmd(opts: Options, approval_id: int, note: str) -> None:
    """Take back a pending approval (or an approved one not invoiced): its entries are free.

    Example: fcc approval withdraw 3 --note 'forgot Friday'
    """
    with store_for(opts) as store:
        done = store.withdraw_approval(approval_id, note=note)
    say(f"withdrew approval {done.id}: {_summary(done)}; its entries are free again")


# --- reading ---------------------------------------------------------------------------------


@approval_group.command("list")
@click.option("--pending", is_flag=True, help="Only the pending ones.")
@click.option("--status", type=click.Choice(STATUSES), help="Only those in this state.")
@click.option("--client", help="Only this client's.")
@click.option("--format", "fmt", type=click.Choice(("table", "json")), default="table")
@click.pass_obj
def list_cmd(opts: Options, pending: bool, status: str | None, client: str | None,
             fmt: str) -> None:
    """Approvals, newest first.  Example: fcc approval list --pending"""
    if pending and status not in (None, "pending"):
        raise InvalidInput("--status", "pending with --pending (or leave one out)", status)
    with store_for(opts, create=False) as store:
        found = store.approvals(status="pending" if pending else status, client=client)
        zone = store.prefs.zone
    if fmt == "json":
        click.echo(json_text([approval_row(a) for a in found], indent=2))
        return
    if not found:
        say("no approvals" + (" pending" if pending else "") + "; submit a period with: "
            "fcc approval submit CLIENT --period 2026-11")
        return
    from fcc.store.when import format_local
    from fcc.tui.plaintable import Output, table

    rows = [[str(a.id), a.client, f"{a.period_start} to {a.period_end}", a.status,
             str(len(a.entry_nos)), _amounts(a), format_local(a.submitted_at, zone, "%Y-%m-%d")]
            for a in found]
    out = Output()
    out.write(table(out, ("id", "client", "period", "status", "entries", "amount",
                          "submitted"), [[_plain(c) for c in row] for row in rows],
                    rights=(True, False, False, False, True, True, False),
                    wraps=(False, True, False, False, False, False, False)))


@approval_group.command("show")
@click.argument("approval_id", metavar="ID", type=ID)
@click.option("--format", "fmt", type=click.Choice(SHOW_FORMATS), default="table",
              help="table, json, or the timesheet as md, html or pdf.")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the timesheet to this new file.")
@click.option("--force", is_flag=True, help="Overwrite --output if it exists.")
@click.pass_obj
def show_cmd(opts: Options, approval_id: int, fmt: str, output: Path | None,
             force: bool) -> None:
    """An approval: its period, state, totals and the entries it covers.

    Example: fcc approval show 3 --format json
    """
    with store_for(opts, create=False) as store:
        approval = store.approval(approval_id)
        if fmt in DOCS or output is not None:
            _document(store, approval, fmt if fmt in DOCS else None, output, force)
            return
        entries = store.approval_entries(approval.id)
        now, zone = store.clock.now(), store.prefs.zone
    from fcc.tui.readout import log_row, print_log

    if fmt == "json":
        click.echo(json_text({**approval_row(approval),
                              "entries": [log_row(e, now) for e in entries]}, indent=2))
        return
    from fcc.store.when import format_local

    say(f"approval {approval.id}: {_summary(approval)}")
    say(f"submitted {format_local(approval.submitted_at, zone)}"
        + (f", {approval.status} {format_local(approval.decided_at, zone)}"
           if approval.decided_at else "") + f" ({zone})")
    if approval.note:
        say("note: " + _plain(approval.note.replace("\n", " / ")))
    print_log(entries, now, zone, "table")


def approval_row(a: rb.Approval) -> dict[str, Any]:
    """An approval as JSON (stable field names; amounts as strings, never floats)."""
    from fcc.store.limits import iso_z

    return {
        "id": a.id, "uuid": a.uuid, "client": a.client, "client_id": a.client_id,
        "period_start": a.period_start.isoformat(), "period_end": a.period_end.isoformat(),
        "start": iso_z(a.start), "end": iso_z(a.end), "zone": a.zone, "status": a.status,
        "submitted_at": iso_z(a.submitted_at),
        "decided_at": None if a.decided_at is None else iso_z(a.decided_at), "note": a.note,
        "totals": [{"currency": m.currency, "seconds": m.seconds,
                    "billed_seconds": m.billed_seconds, "hours": str(m.hours),
                    "amount": str(m.amount)} for m in a.totals],
        "entry_nos": list(a.entry_nos), "invoice_ids": list(a.invoice_ids),
    }


def _summary(a: rb.Approval) -> str:
    count = len(a.entry_nos)
    return _plain(f"{a.client}, {a.period_start} to {a.period_end}, {a.status}, {count} "
                  f"entr{'y' if count == 1 else 'ies'}, {_amounts(a)}")


def _amounts(a: rb.Approval) -> str:
    return " + ".join(f"{m.amount} {m.currency} ({m.hours} h)" for m in a.totals) or "-"


def _plain(text: str) -> str:
    from fcc.tui.text import one_line

    return one_line(text, 300)


def _document(store: Store, approval: rb.Approval, fmt: str | None, output: Path | None,
              force: bool) -> None:
    """The timesheet in ``fmt`` to ``output`` (or Markdown/HTML to stdout)."""
    from fcc.store import documents

    if fmt is None:
        suffix = output.suffix.lower().lstrip(".") if output is not None else ""
        fmt = {"markdown": "md", "htm": "html"}.get(suffix, suffix)
        if fmt not in DOCS:
            fmt = "md"
    if fmt == "pdf" and output is None:
        raise InvalidInput("--output", "a file to write the PDF to, e.g. --output sheet.pdf")
    data = documents.render("timesheet", approval, fmt,
                            entries=store.approval_entries(approval.id))
    if output is None:  # exact to a pipe; to a terminal with its control characters shown
        import sys

        TerminalText(sys.stdout).write(data.decode("utf-8"))
        return
    written = documents.write_document(output, data, force=force)
    say(f"wrote the timesheet ({fmt}) to {written}")


COMMANDS = [approval_group]
