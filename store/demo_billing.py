"""The demo's billing: weekly timesheets its clients approved (or not), and invoices in every
state — paid, issued and overdue, issued and not yet due, a draft, and one voided by its
credit note.

Everything is written in the order the store's verbs would write it, step by step in story
time, so every rule the database keeps (migration 0006's triggers) holds at each step: an
approval is born pending with its covered entries and totals, then decided; an invoice is born
a draft with its lines and entries, then numbered from ``invoice_sequence`` (gapless per kind
and year), then paid or voided; a voided invoice releases its entries, its approval is
withdrawn and each entry gets a fresh version free to be billed again. Totals come from the
report core over exactly the covered entries (as the verbs price them), so an invoice's total
is the sum of its lines to the cent.

Weeks are counted back from the current one (its Monday in UTC, as the rest of the seed
counts); story times are clamped to now. It draws from its own generator (``SEED + 15``).
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from fcc.store import records as rec
from fcc.store import records_billing as rb
from fcc.store import tables as t
from fcc.store.billing.approvals import _logged, _timesheet
from fcc.store.billing.base import COVERABLE
from fcc.store.billing.invoice_reads import logged
from fcc.store.billing.invoices import LINE_KEYS, _buyer, _json, _line, _tax
from fcc.store.demo_data import (
    APPROVALS,
    CLIENT_BILLING,
    DAY,
    HOUR,
    INVOICES,
    MINUTE,
    SEED,
    SELLER,
    UTC,
    VOID_REASON,
)
from fcc.store.when import day_start, local_date

if TYPE_CHECKING:
    from fcc.store.api import Store

    Insert = Callable[[type[t.BaseTable], list[dict[str, Any]]], list[int]]
    Log = Callable[..., None]


def client_billing(key: str) -> dict[str, Any]:
    """A demo client's billing columns (address, tax id, terms, tax rate...)."""
    values: dict[str, Any] = dict(CLIENT_BILLING[key])
    rate = values["tax_rate"]
    values["tax_rate"] = None if rate is None else Decimal(str(rate))
    return values


def demo_seller() -> rb.Party:
    """The demo's freelancer, as the seller of its invoices (``fcc demo`` issues as her when
    the config file names no seller)."""
    return rb.Party(**SELLER)


@dataclass(frozen=True)
class BillingCounts:
    approvals: int
    invoices: int  # credit notes included
    versions: int  # entries' fresh versions (after a void)


class BillingSeeder:
    def __init__(self, store: Store, now: dt.datetime, monday: dt.date,
                 clients: dict[str, int], insert: Insert, log: Log) -> None:
        self.store, self.now, self.monday = store, now, monday
        self.zone = store.prefs.zone
        self.clients, self.insert, self.log = clients, insert, log
        self.rng = random.Random(SEED + 15)
        self.projects = store._project_map()
        self.approval_ids: dict[tuple[str, int], int] = {}
        self.last_seq: dict[tuple[str, int], int] = {}
        self.n_invoices = self.n_versions = 0
        self.invoices: dict[int, tuple[int, list[rec.Entry]]] = {}
        self.rows: dict[int, dict[str, Any]] = {}  # invoice id -> its row as written
        self.lines_of: dict[int, list[dict[str, Any]]] = {}
        self.seen: dict[int, dict[str, Any]] = {}  # invoice id -> as last logged
        self.client_rows = {c.id: c for c in t.Client.select()}
        self.seller = _json(demo_seller())

    def uuid(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def week(self, ago: int, day: int = 0, hour: int = 0) -> dt.datetime:
        """``day`` (0 = Monday) of the week ``ago`` weeks back, at ``hour`` UTC, never after
        now."""
        date = self.monday - dt.timedelta(weeks=ago, days=-day)
        return min(dt.datetime.combine(date, dt.time(hour), UTC), self.now)

    def pids(self, client: str) -> tuple[int, ...]:
        cid = self.clients[client]
        return tuple(sorted(raw for raw, p in self.projects.items() if p.cid == cid))

    def period(self, first: int, last: int) -> tuple[dt.date, dt.date, dt.datetime, dt.datetime]:
        """Local dates of the weeks ``first``..``last`` ago and their [start, end) instants."""
        start = self.monday - dt.timedelta(weeks=first)
        end = self.monday - dt.timedelta(weeks=last) + 6 * DAY
        return start, end, day_start(start, self.zone), day_start(end + DAY, self.zone)

    def coverable(self, client: str, lo: dt.datetime, hi: dt.datetime) -> list[rec.Entry]:
        """The client's billable, stopped, not invoiced entries starting in [lo, hi)."""
        where = COVERABLE.format(pids=",".join(map(str, self.pids(client))) or "0")
        return self.store._entries(where, (int(lo.timestamp()), int(hi.timestamp())))

    # --- the story -------------------------------------------------------------------------

    def run(self) -> BillingCounts:
        events: list[tuple[dt.datetime, Callable[[dt.datetime], None]]] = []
        for client, ago, status, note in APPROVALS:
            submitted = self.week(ago, 6, 18)
            events.append((submitted, _bind(self.submit, client, ago)))
            if status != "pending":
                events.append((min(submitted + 15 * HOUR, self.now),
                               _bind(self.decide, client, ago, status, note)))
        for i, (client, approval, (first, last), fate) in enumerate(INVOICES):
            created = self.week(last - 1, 0, 9) + (30 if approval else 60) * MINUTE
            events.append((min(created, self.now),
                           _bind(self.create, i, client, approval, first, last)))
            if fate != "draft":
                issued = created + 5 * MINUTE
                events.append((min(issued, self.now), _bind(self.issue_invoice, i)))
                if fate == "paid":  # on the Friday after
                    events.append((min(issued + 4 * DAY + 6 * HOUR, self.now),
                                   _bind(self.paid, i)))
                elif fate == "void":  # on the Wednesday after
                    events.append((min(issued + 2 * DAY + 2 * HOUR, self.now),
                                   _bind(self.void, i)))
        # Stable: steps at the same instant (clamped to now) keep the story's order.
        for at, step in sorted(events, key=lambda e: e[0]):
            step(at)
        return BillingCounts(approvals=len(self.approval_ids), invoices=self.n_invoices,
                             versions=self.n_versions)

    # --- approvals -------------------------------------------------------------------------

    def submit(self, at: dt.datetime, client: str, ago: int) -> None:
        start, end, lo, hi = self.period(ago, ago)
        covered = self.coverable(client, lo, hi)
        if not covered:
            return
        totals = self.store._price(covered, self.pids(client), self.projects)
        [aid] = self.insert(t.Approval, [dict(
            uuid=self.uuid(), client=self.clients[client], period_start=start, period_end=end,
            status="pending", submitted_at=at, decided_at=None, note="", start_utc=lo,
            end_utc=hi, zone=self.zone, timesheet="")])
        self.insert(t.ApprovalEntry, [dict(uuid=self.uuid(), approval=aid, entry=e.id)
                                      for e in covered])
        self.insert(t.ApprovalTotal, [dict(
            uuid=self.uuid(), approval=aid, currency=m.currency, seconds=m.seconds,
            billed_seconds=m.billed_seconds, amount=m.amount) for m in totals])
        sheet = _timesheet(self.store.approval(aid), covered)
        if sheet:  # written once, while pending
            t.Approval.update(timesheet=sheet).where(t.Approval.id == aid).execute()
        self.approval_ids[client, ago] = aid
        self.log(at, "approval", aid, "submit", None, _logged(self.store.approval(aid)))

    def decide(self, at: dt.datetime, client: str, ago: int, status: str, note: str) -> None:
        if (client, ago) in self.approval_ids:
            aid = self.approval_ids[client, ago]
            self.set_approval(aid, at, status, "approve" if status == "approved" else "reject",
                              note)

    def set_approval(self, aid: int, at: dt.datetime, status: str, action: str,
                     note: str) -> None:
        before = self.store.approval(aid)
        values: dict[str, Any] = {"status": status}
        if before.decided_at is None:
            values["decided_at"] = at
        if note:
            values["note"] = f"{before.note}\n{note}" if before.note else note
        t.Approval.update(values).where(t.Approval.id == aid).execute()
        self.log(at, "approval", aid, action, _logged(before), _logged(self.store.approval(aid)))

    # --- invoices --------------------------------------------------------------------------

    def create(self, at: dt.datetime, i: int, client: str, approval: int | None, first: int,
               last: int) -> None:
        if approval is not None:
            aid = self.approval_ids.get((client, approval))
            if aid is None:
                return
            found = self.store.approval(aid)
            start, end, lo, hi = found.period_start, found.period_end, found.start, found.end
            covered = self.store.approval_entries(aid)
        else:
            aid = None
            start, end, lo, hi = self.period(first, last)
            covered = self.coverable(client, lo, hi)
        if not covered:
            return
        row = self.client_rows[self.clients[client]]
        priced = self.store._priced(covered, self.pids(client), self.projects,
                                    LINE_KEYS["project"])
        lines = [_line(x, n, "project") for n, x in enumerate(priced, 1)]
        subtotal = sum((line["amount"] for line in lines), Decimal("0.00"))
        tax_rate, tax = _tax(subtotal, row.tax_rate, row.reverse_charge)
        invoice = dict(
            uuid=self.uuid(), kind="invoice", client=row.id, approval=aid, credit_for=None,
            status="draft", number=None, year=None, seq=None, currency=covered[0].currency,
            period_start=start, period_end=end, start_utc=lo, end_utc=hi, zone=self.zone,
            group_by="project", issue_date=None, due_date=None, paid_date=None,
            subtotal=subtotal, tax_rate=tax_rate, tax=tax, total=subtotal + tax,
            reverse_charge=row.reverse_charge, seller=self.seller, buyer=_json(_buyer(row)),
            note="", created_at=at, issued_at=None, voided_at=None, void_reason=None)
        iid = self.draft(invoice, lines)
        self.insert(t.InvoiceEntry, [dict(uuid=self.uuid(), invoice=iid, entry=e.id,
                                          active=True) for e in covered])
        self.invoices[i] = (iid, covered)
        self.log(at, "invoice", iid, "create", None, self.logged(iid))

    def issue_invoice(self, at: dt.datetime, i: int) -> None:
        if i in self.invoices:
            iid, covered = self.invoices[i]
            number = self.issue(iid, at)
            t.TimeEntry.update(invoice_ref=number).where(
                t.TimeEntry.id.in_([e.id for e in covered])).execute()

    def paid(self, at: dt.datetime, i: int) -> None:
        if i in self.invoices:
            iid, _covered = self.invoices[i]
            self.update(at, iid, "paid", status="paid", paid_date=local_date(at, self.zone))

    def update(self, at: dt.datetime, iid: int, action: str | None, **values: Any) -> None:
        """Change an invoice's row and log the step (``action``; a credit note is logged
        once issued)."""
        before = self.seen.get(iid)
        t.Invoice.update(values).where(t.Invoice.id == iid).execute()
        self.rows[iid].update(values)
        if action is not None:
            self.log(at, "invoice", iid, action, before, self.logged(iid))

    def logged(self, iid: int) -> dict[str, Any]:
        """What the log keeps of an invoice now (the next step's "before")."""
        self.seen[iid] = logged(self.store.invoice(iid))
        return self.seen[iid]

    def draft(self, invoice: dict[str, Any], lines: list[dict[str, Any]]) -> int:
        [iid] = self.insert(t.Invoice, [invoice])
        self.rows[iid], self.lines_of[iid] = dict(invoice), lines
        self.insert(t.InvoiceLine, [dict(line, uuid=self.uuid(), invoice=iid, position=i)
                                    for i, line in enumerate(lines, 1)])
        self.n_invoices += 1
        return iid

    def issue(self, iid: int, at: dt.datetime) -> str:
        """Number a draft from the sequence of its kind and year and issue it at ``at``."""
        row = self.rows[iid]
        on = local_date(at, self.zone)
        key = (row["kind"], on.year)
        seq = self.last_seq.get(key, 0) + 1
        if seq == 1:
            self.insert(t.InvoiceSequence, [dict(uuid=self.uuid(), kind=row["kind"],
                                                 year=on.year, last_seq=1)])
        else:
            t.InvoiceSequence.update(last_seq=t.InvoiceSequence.last_seq + 1).where(
                (t.InvoiceSequence.kind == row["kind"]) & (t.InvoiceSequence.year == on.year)
            ).execute()
        self.last_seq[key] = seq
        credit = row["kind"] == "credit"
        number = (rb.DEFAULT_CREDIT_PATTERN if credit else rb.DEFAULT_NUMBER_PATTERN).format(
            year=on.year, seq=seq)
        client = self.client_rows[row["client"]]
        own = client.payment_terms
        # (a credit note is due at once)
        terms = 0 if credit else (rb.DEFAULT_PAYMENT_TERMS if own is None else own)
        if not credit:  # today's buyer and seller first (the credit note keeps the invoice's)
            self.update(at, iid, None, seller=self.seller, buyer=_json(_buyer(client)))
        self.update(at, iid, "credit" if credit else "issue", status="issued", number=number,
                    year=on.year, seq=seq, issue_date=on, due_date=on + dt.timedelta(days=terms),
                    issued_at=at)
        return number

    def void(self, at: dt.datetime, i: int) -> None:
        """A credit note for the invoice (its lines and totals, issued at once), then the
        invoice is void, its entries released, its approval withdrawn and each entry given a
        fresh version without the invoice's number."""
        if i not in self.invoices:
            return
        iid, covered = self.invoices[i]
        old = self.rows[iid]
        before = self.seen[iid]
        credit = dict(old, uuid=self.uuid(), kind="credit", approval=None, credit_for=iid,
                      status="draft", number=None, year=None, seq=None, issue_date=None,
                      due_date=None, created_at=at, issued_at=None, note=VOID_REASON)
        number = self.issue(self.draft(credit, self.lines_of[iid]), at)
        t.Invoice.update(status="void", voided_at=at, void_reason=VOID_REASON).where(
            t.Invoice.id == iid).execute()
        self.rows[iid].update(status="void", voided_at=at, void_reason=VOID_REASON)
        t.InvoiceEntry.update(active=False).where(t.InvoiceEntry.invoice == iid).execute()
        self.log(at, "invoice", iid, "void", before, self.logged(iid))
        if old["approval"] is not None:
            self.set_approval(old["approval"], at, "withdrawn", "withdraw",
                              f"invoice {old['number']} voided by credit note {number}")
        for entry in covered:
            self.fresh_version(entry, at)

    def fresh_version(self, entry: rec.Entry, at: dt.datetime) -> None:
        """An identical version of ``entry`` without its invoice number (a correction)."""
        row = t.TimeEntry.get_by_id(entry.id)
        new_id = self.store._next_entry_id()
        values = dict(row.__data__, id=new_id, uuid=self.uuid(), invoice_ref=None,
                      superseded_by=None, entry_no=entry.no, created_at=at)
        # The old row leaves "current" first (the link is checked at commit).
        t.TimeEntry.update(superseded_by=new_id).where(t.TimeEntry.id == entry.id).execute()
        t.TimeEntry.insert(values).execute()
        self.n_versions += 1
        [after] = self.store._entries("e.id = ?", (new_id,))
        self.log(at, "time_entry", entry.id, "uninvoice", rec.as_dict(entry),
                 rec.as_dict(after))


def _bind(step: Callable[..., None], *args: Any) -> Callable[[dt.datetime], None]:
    return lambda at: step(at, *args)
