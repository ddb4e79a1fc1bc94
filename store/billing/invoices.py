"""Billing verbs: invoices and credit notes.

``create_invoice`` makes a **draft** covering a client's entries (``invoice_entry``, active):
those of an approved approval, or — for a client that needs no approval — the billable,
stopped, not invoiced entries starting in a period. Its lines are the report core's, over
exactly those entries, grouped by project, card or day and by rate; one currency per invoice.
A draft freezes its entries as an issued invoice does. ``issue_invoice`` numbers it
(:mod:`fcc.store.billing.numbering`), dates it, snapshots the seller's and the buyer's details
and sets ``invoice_ref`` on each entry; ``mark_invoice_paid`` records the payment;
``void_invoice`` voids a draft, or cancels an issued invoice by a credit note and gives its
entries fresh versions that can be corrected and invoiced again. Invoices are never deleted
and an issued one is never edited. Every step is one change, logged under ``invoice``.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from fcc.store import records as rec
from fcc.store import records_billing as rb
from fcc.store import tables as t
from fcc.store.billing.approvals import ApprovalVerbs, _date, _label
from fcc.store.billing.base import COVERABLE
from fcc.store.billing.invoice_reads import InvoiceReads, logged
from fcc.store.billing.numbering import next_number
from fcc.store.entrytext import clean_note
from fcc.store.errors import BillingLocked, FccError, InvalidInput
from fcc.store.money import CENT
from fcc.store.names import check_note_text
from fcc.store.recordtype import as_plain_dict
from fcc.store.sql.boards import as_date
from fcc.store.sql.locks import approval_label
from fcc.store.sql.reports import Proj
from fcc.store.timers import _values_of
from fcc.store.when import day_start

# An invoice's lines: the report core's keys for each grouping (and the rate, always).
LINE_KEYS = {"project": ("project", "rate"), "card": ("project", "card", "rate"),
             "day": ("day", "rate")}
ZERO = Decimal("0.00")


class InvoiceVerbs(InvoiceReads, ApprovalVerbs):
    def create_invoice(self, client: str, *, approval: int | None = None,
                       start: dt.date | None = None, end: dt.date | None = None,
                       group_by: str | None = None, currency: str | None = None,
                       note: str = "") -> rb.Invoice:
        """A draft invoice for ``client``: from an approved ``approval``, or from the local
        days ``start``..``end`` (both included) for a client that needs no approval. Lines
        grouped by ``group_by`` (project, card or day; default: the config file's) and rate;
        ``currency`` picks one when the entries are in several."""
        group = (group_by or self.billing.group_by).strip().lower()
        if group not in LINE_KEYS:
            raise InvalidInput("group_by", "one of project, card, day", group_by)
        note = clean_note(note)
        if approval is not None and (start is not None or end is not None):
            raise InvalidInput("approval", "either an approval or a period, not both", approval)
        if approval is None:
            if start is None or end is None:
                raise InvalidInput("period", "an approved approval or a period (a month like "
                                   "2026-11, or the first and last day)")
            start, end = _date(start, "start"), _date(end, "end")
            if end < start:
                raise InvalidInput("end", f"a date on or after the start ({start})", str(end))
        with self.change("invoice create") as batch:
            row = self._client_row(client)
            projects, pids = self._client_projects(row.id)
            source: rb.Approval | None = None
            if approval is not None:
                source = self.approval(approval)
                entries = self._approved_entries(source, row)
                first, last = source.period_start, source.period_end
                lo, hi, zone = source.start, source.end, source.zone
            else:
                assert start is not None and end is not None
                if row.needs_approval:
                    raise BillingLocked(
                        f"{row.name} needs an approved timesheet: fcc approval submit "
                        f"'{row.name}' --from {start} --to {end}, then fcc invoice create "
                        f"'{row.name}' --approval ID")
                first, last, zone = start, end, self.prefs.zone
                lo, hi = day_start(start, zone), day_start(end + dt.timedelta(days=1), zone)
                entries = self._entries(COVERABLE.format(pids=",".join(map(str, pids)) or "0"),
                                        (int(lo.timestamp()), int(hi.timestamp())))
                if not entries:
                    raise FccError(f"nothing to invoice: {row.name} has no billable entries "
                                   f"from {start} to {end} that are stopped and not invoiced")
                self._refuse_open_approvals(entries)
            chosen = self._currency_of(entries, currency)
            entries = [e for e in entries if (e.currency or self.prefs.currency) == chosen]
            if source is not None:
                self._refuse_invoiced(source, chosen)
            lines = self._priced(entries, pids, projects, LINE_KEYS[group])
            subtotal = sum((x.amount for x in lines), ZERO)
            if source is not None:
                self._refuse_repriced(source, chosen, subtotal, entries, pids, projects)
            tax_rate, tax = _tax(subtotal, row.tax_rate, bool(row.reverse_charge))
            now = self.clock.now()
            made = t.Invoice.create(
                kind="invoice", client=row.id, approval=source and source.id,
                status="draft", currency=chosen, period_start=first, period_end=last,
                start_utc=lo, end_utc=hi, zone=zone, group_by=group, subtotal=subtotal,
                tax_rate=tax_rate, tax=tax, total=subtotal + tax,
                reverse_charge=bool(row.reverse_charge), buyer=_json(_buyer(row)),
                seller=_json(self.billing.seller), note=note, created_at=now)
            self._insert_lines(made.id, [_line(x, i, group) for i, x in enumerate(lines, 1)])
            # (one executemany: peewee building this insert was most of a month's create)
            self.db.cursor().executemany(self.dialect.sql(
                "INSERT INTO invoice_entry (uuid, invoice_id, entry_id, active) "
                "VALUES (?, ?, ?, ?)"), [(t.new_uuid().hex, made.id, e.id, True)
                                         for e in entries])
            record = self.invoice(made.id)
            self._log("invoice", made.id, "create", None, logged(record))
            batch.message = (f"created draft {made.id} for {row.name}: {len(entries)} "
                             f"entr{'y' if len(entries) == 1 else 'ies'}, {record.total} "
                             f"{chosen}")
        return record

    def issue_invoice(self, invoice: int | str, *, on: dt.date | None = None) -> rb.Invoice:
        """Number a draft (the next of the issue date's year), date it (``on``, default
        today; due after the client's payment terms), keep the seller's and the buyer's
        details as they are today, and set ``invoice_ref`` on each entry it covers."""
        seller = self.billing.seller
        if not seller.name:
            raise InvalidInput("seller", "a name in the config file's [seller] table")
        today = self.today()
        day = today if on is None else _date(on, "date")
        if day > today:  # a typo's year would take that year's number for good
            raise InvalidInput("date", f"a day that is not in the future (today is {today})",
                               str(day))
        with self.change("invoice issue") as batch:
            old = self.invoice(invoice)
            if old.status != "draft":
                raise BillingLocked(f"invoice {old.label} is {old.status}: only a draft is "
                                    "issued (an issued invoice never changes)")
            _refuse_before_last(day)
            row = t.Client.get_by_id(old.client_id)
            terms = row.payment_terms if row.payment_terms is not None \
                else self.billing.payment_terms
            tax_rate, tax = _tax(old.subtotal, row.tax_rate, bool(row.reverse_charge))
            # The draft takes today's buyer and tax first; then it becomes an issued invoice.
            t.Invoice.update(buyer=_json(_buyer(row)), seller=_json(seller),
                             tax_rate=tax_rate, tax=tax, total=old.subtotal + tax,
                             reverse_charge=bool(row.reverse_charge)).where(
                t.Invoice.id == old.id).execute()
            seq, number = next_number("invoice", day.year, self.billing.number_pattern)
            t.Invoice.update(status="issued", number=number, year=day.year, seq=seq,
                             issue_date=day, due_date=day + dt.timedelta(days=terms),
                             issued_at=self.clock.now()).where(t.Invoice.id == old.id).execute()
            active = t.InvoiceEntry.select(t.InvoiceEntry.entry).where(
                (t.InvoiceEntry.invoice == old.id) & t.InvoiceEntry.active)
            t.TimeEntry.update(invoice_ref=number).where(
                t.TimeEntry.id.in_(active) & t.TimeEntry.invoice_ref.is_null()).execute()
            new = self.invoice(old.id)
            self._log("invoice", old.id, "issue", logged(old), logged(new))
            batch.message = (f"issued invoice {number} to {new.client}: {new.total} "
                             f"{new.currency}, due {new.due_date}")
        return new

    def mark_invoice_paid(self, invoice: int | str, *, on: dt.date | None = None) -> rb.Invoice:
        """Record that an issued invoice was paid on ``on`` (default today)."""
        today = self.today()
        day = today if on is None else _date(on, "date")
        if day > today:
            raise InvalidInput("date", f"a day that is not in the future (today is {today})",
                               str(day))
        with self.change("invoice paid") as batch:
            old = self.invoice(invoice)
            if old.kind != "invoice" or old.status != "issued":
                what = "a credit note" if old.kind == "credit" else f"{old.status}"
                raise BillingLocked(f"invoice {old.label} is {what}: only an issued invoice is "
                                    "marked paid")
            assert old.issue_date is not None
            if day < old.issue_date:
                raise InvalidInput("date", f"a day on or after the issue date "
                                   f"({old.issue_date})", str(day))
            t.Invoice.update(status="paid", paid_date=day).where(
                t.Invoice.id == old.id).execute()
            new = self.invoice(old.id)
            self._log("invoice", old.id, "paid", logged(old), logged(new))
            batch.message = f"invoice {old.label} paid on {day}"
        return new

    def void_invoice(self, invoice: int | str, reason: str) -> rb.Invoice:
        """Void a draft (its entries are free again; returned voided), or cancel an issued or
        paid invoice by a credit note (returned): the invoice becomes void, the approval it
        came from is withdrawn, and each entry it covered gets a fresh version without an
        invoice reference, to be corrected and invoiced again."""
        reason = " ".join(check_note_text(reason or "", "reason", "reason").split())
        if not reason:
            raise InvalidInput("reason", "a reason, e.g. 'wrong rate'")
        with self.change("invoice void") as batch:
            old = self.invoice(invoice)
            if old.kind == "credit" or old.status == "void":
                what = "a credit note" if old.kind == "credit" else "void already"
                raise BillingLocked(f"invoice {old.label} is {what}: it cannot be voided")
            covered = self._entries(
                "e.id IN (SELECT entry_id FROM invoice_entry WHERE invoice_id = ? AND active)",
                (old.id,))
            now = self.clock.now()
            credit = None if old.status == "draft" else self._credit_note(old, reason)
            t.Invoice.update(status="void", voided_at=now, void_reason=reason[:500]).where(
                t.Invoice.id == old.id).execute()
            t.InvoiceEntry.update(active=False).where(
                (t.InvoiceEntry.invoice == old.id) & t.InvoiceEntry.active).execute()
            voided = self.invoice(old.id)
            self._log("invoice", old.id, "void", logged(old), logged(voided))
            if credit is None:
                batch.message = f"voided draft {old.id}: {reason}"
                return voided
            if old.approval_id is not None:
                source = self.approval(old.approval_id)
                if source.status == "approved":
                    self._set_approval_status(source, "withdrawn", "withdraw",
                                              f"invoice {old.number} voided by credit note "
                                              f"{credit.number}")
            for entry in covered:
                self._supersede(entry, [_values_of(entry)], "uninvoice")
            batch.message = (f"voided invoice {old.number} by credit note {credit.number}: "
                             f"{reason}")
        return self.invoice(credit.id)

    # --- internals ---------------------------------------------------------------------------

    def _credit_note(self, old: rb.Invoice, reason: str) -> rb.Invoice:
        """The credit note cancelling ``old``: its lines and totals, issued today with the
        credit sequence (made a draft first: lines are only ever added to a draft)."""
        now, day = self.clock.now(), self.today()
        src = t.Invoice.get_by_id(old.id)
        made = t.Invoice.create(
            kind="credit", client=src.client_id, credit_for=old.id, status="draft",
            currency=src.currency, period_start=src.period_start, period_end=src.period_end,
            start_utc=src.start_utc, end_utc=src.end_utc, zone=src.zone,
            group_by=src.group_by, subtotal=src.subtotal, tax_rate=src.tax_rate, tax=src.tax,
            total=src.total, reverse_charge=src.reverse_charge, seller=src.seller,
            buyer=src.buyer, note=reason, created_at=now)
        self._insert_lines(made.id, [
            {"position": x.position, "description": x.description, "project": x.project_id,
             "work_item": x.card_id, "day": x.day, "seconds": x.seconds,
             "billed_seconds": x.billed_seconds, "rate": x.rate, "amount": x.amount}
            for x in old.lines])
        seq, number = next_number("credit", day.year, self.billing.credit_pattern)
        t.Invoice.update(status="issued", number=number, year=day.year, seq=seq,
                         issue_date=day, due_date=day,  # (a credit is due at once)
                         issued_at=now).where(t.Invoice.id == made.id).execute()
        credit = self.invoice(made.id)
        self._log("invoice", made.id, "credit", None, logged(credit))
        return credit

    def _insert_lines(self, invoice_id: int, lines: list[dict[str, Any]]) -> None:
        if lines:
            t.InvoiceLine.insert_many([{**x, "invoice": invoice_id, "uuid": t.new_uuid()}
                                       for x in lines]).execute()

    def _approved_entries(self, source: rb.Approval, row: t.Client) -> list[rec.Entry]:
        if source.client_id != row.id:
            raise InvalidInput("approval", f"an approval of {row.name} (approval {source.id} "
                               f"is {source.client}'s)", source.id)
        if source.status != "approved":
            hint = {"pending": f"approve it first (fcc approval approve {source.id})"}.get(
                source.status, "submit the period again (fcc approval submit)")
            raise BillingLocked(f"{_label(source)} is not approved: {hint}")
        return self.approval_entries(source.id)

    def _refuse_repriced(self, source: rb.Approval, currency: str, subtotal: Decimal,
                         entries: list[rec.Entry], pids: tuple[int, ...],
                         projects: dict[int, Proj]) -> None:
        """An invoice from an approval bills what was approved. Its entries cannot change,
        but a rounding rule or the zone (which days the entries fall on) can; and lines by
        card round day-scope time per card and day, which the approval did not."""
        approved = next((m.amount for m in source.totals if m.currency == currency), None)
        if approved is None or approved == subtotal:
            return
        whole = sum((x.amount for x in self._priced(entries, pids, projects)), ZERO)
        if whole == approved:
            raise BillingLocked(
                f"{_label(source)} was approved at {approved} {currency}; lines by card "
                f"round its day-rounded time per card and day, which bills {subtotal} "
                f"{currency}: group it by project or day (--group-by project)")
        raise BillingLocked(
            f"{_label(source)} was approved at {approved} {currency}, and its entries now "
            f"price at {whole} {currency} (a rounding rule or the zone changed since): "
            f"withdraw it (fcc approval withdraw {source.id}) and submit the period again")

    def _refuse_invoiced(self, source: rb.Approval, currency: str) -> None:
        """One invoice (that is not void) per approval and currency."""
        found = (t.Invoice.select(t.Invoice.id, t.Invoice.number)
                 .where((t.Invoice.approval == source.id) & (t.Invoice.status != "void")
                        & (t.Invoice.currency == currency)).first())
        if found is not None:
            label = found.number or f"draft {found.id}"
            raise BillingLocked(f"{_label(source)} is invoiced already ({label}, {currency})")

    def _refuse_open_approvals(self, entries: list[rec.Entry]) -> None:
        """A period's invoice never takes entries a pending or approved approval covers: an
        approved one is invoiced with --approval, a pending one decided first."""
        ids = ",".join(str(int(e.id)) for e in entries)
        cur = self.db.cursor()
        cur.execute(self.dialect.sql(
            "SELECT a.id, c.name, a.period_start, a.period_end, a.status FROM approval_entry ae "
            "JOIN approval a ON a.id = ae.approval_id JOIN client c ON c.id = a.client_id "
            f"WHERE ae.entry_id IN ({ids}) AND a.status IN ('pending', 'approved') "
            "ORDER BY a.id LIMIT 1"))
        found = cur.fetchone()
        if found is not None:
            aid, name, first, last, status = found
            label = approval_label(aid, name, first, last, status)
            hint = (f"invoice it with --approval {aid}" if status == "approved" else
                    f"approve, reject or withdraw it first (fcc approval approve {aid})")
            raise BillingLocked(f"entries of this period are in {label}: {hint}")

    def _currency_of(self, entries: list[rec.Entry], currency: str | None) -> str:
        found = sorted({e.currency or self.prefs.currency for e in entries})
        if currency is not None:
            wanted = currency.strip().upper()
            if wanted not in found:
                raise InvalidInput("currency", "one of " + ", ".join(found)
                                   + " (the currencies of these entries)", currency)
            return wanted
        if len(found) > 1:
            raise InvalidInput("currency", "one of " + ", ".join(found) + ": one currency "
                               "per invoice (these entries are in " + " and ".join(found)
                               + "; make one invoice for each)")
        return found[0]


def _refuse_before_last(day: dt.date) -> None:
    """Numbers follow their issue dates: no invoice dated before the last one of its year."""
    inv = t.Invoice
    last = (inv.select(inv.number, inv.issue_date)
            .where((inv.kind == "invoice") & (inv.year == day.year) & inv.number.is_null(False))
            .order_by(inv.seq.desc()).first())
    if last is not None and day < as_date(last.issue_date):
        raise InvalidInput("date", f"a day on or after {as_date(last.issue_date)} "
                           f"({last.number}'s issue date: numbers follow their dates)", str(day))


def _tax(subtotal: Decimal, rate: Any, reverse_charge: bool) -> tuple[Decimal | None, Decimal]:
    """(tax rate, tax): the rate in percent (None: no tax line), the tax to the cent, half
    up; with reverse charge the buyer accounts for the tax (0.00 here, the rate kept)."""
    if rate is None:
        return None, ZERO
    percent = Decimal(str(rate)).quantize(CENT)
    if reverse_charge:
        return percent, ZERO
    return percent, (subtotal * percent / 100).quantize(CENT, ROUND_HALF_UP)


def _line(line: rec.ReportLine, position: int, group: str) -> dict[str, Any]:
    """An invoice line (the table's columns) from a line of the report core."""
    if group == "day":
        assert line.day is not None
        description = f"{line.day.isoformat()} ({line.day:%a})"
    elif group == "card":
        what = f"#{line.card_id} {line.card or ''}".rstrip() if line.card_id else "(no card)"
        description = f"{line.project}: {what}"
    else:
        description = line.project or "(no project)"
    return {"position": position, "description": description,
            "project": line.project_id if group != "day" else None,
            "work_item": line.card_id, "day": line.day, "seconds": line.seconds,
            "billed_seconds": line.billed_seconds, "rate": line.rate, "amount": line.amount}


def _buyer(row: t.Client) -> rb.Party:
    return rb.Party(name=row.name, address=row.address or "", tax_id=row.tax_id or "",
                    email=row.email or "")


def _json(party: rb.Party) -> str:
    return json.dumps(as_plain_dict(party), sort_keys=True)


