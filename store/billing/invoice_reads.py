"""Invoices as records: reading them back (a few queries for any number of invoices), finding
one by id or number, and what the activity log keeps of one."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import peewee as pw

from fcc.store import records as rec
from fcc.store import records_billing as rb
from fcc.store import tables as t
from fcc.store.billing.base import BillingBase
from fcc.store.errors import InvalidInput, UnknownId
from fcc.store.money import money
from fcc.store.recordtype import fields_of
from fcc.store.rows import tuples
from fcc.store.sql.boards import as_date

ZERO = Decimal("0.00")


class InvoiceReads(BillingBase):
    def invoices(self, *, status: str | None = None, unpaid: bool = False,
                 overdue: bool = False, client: str | None = None) -> list[rb.Invoice]:
        """Invoices and credit notes, newest first. ``status``: draft, issued, paid or void;
        ``unpaid``: issued and not paid; ``overdue``: unpaid past the due date (today in the
        user's zone); ``client``: a client's name (its merged clients' invoices too)."""
        if status is not None and status not in rb.INVOICE_STATUSES:
            raise InvalidInput("status", "one of " + ", ".join(rb.INVOICE_STATUSES), status)
        inv = t.Invoice
        where = [inv.id > 0]
        if status is not None:
            where.append(inv.status == status)
        if unpaid or overdue:
            where.append((inv.status == "issued") & (inv.kind == "invoice"))
        if overdue:
            where.append(inv.due_date < self.today())
        if client is not None:
            cid = self._client_row(client).id
            merged = t.Client.select(t.Client.id).where(
                (t.Client.id == cid) | (t.Client.merged_into == cid))
            where.append(inv.client.in_(merged))
        return self._invoice_records(*where)

    def invoice(self, ref: int | str) -> rb.Invoice:
        """One invoice or credit note by its number (``2026-0003``) or its id (``7``)."""
        return self._invoice_records(t.Invoice.id == self._invoice_id(ref))[0]

    # --- internals ---------------------------------------------------------------------------

    def _invoice_id(self, ref: int | str) -> int:
        """The id an invoice reference names: a number as issued, else an id."""
        if isinstance(ref, str):
            text = " ".join(ref.split())
            found = t.Invoice.select(t.Invoice.id).where(t.Invoice.number == text).scalar()
            if found is not None:
                return int(found)
            text = text.removeprefix("draft ").strip()
        else:
            text = str(ref)
        if isinstance(ref, bool) or not text.isascii() or not text.isdigit() or len(text) > 18:
            raise InvalidInput("invoice", "an invoice number like 2026-0003 or an id like 7",
                               ref)
        found = t.Invoice.select(t.Invoice.id).where(t.Invoice.id == int(text)).scalar()
        if found is None:
            raise UnknownId(f"invoice: no invoice with number or id {text}")
        return int(found)

    def _invoice_records(self, *where: Any) -> list[rb.Invoice]:
        inv = t.Invoice
        rows = list(inv.select().where(*where).order_by(inv.id.desc()))
        if not rows:
            return []
        ids = [r.id for r in rows]
        names = _client_names({r.client_id for r in rows})
        # Lines and covered entries straight from the cursor: a list of a year's invoices has
        # tens of thousands of links, which peewee's row conversion made seconds of.
        listed = ",".join(str(int(i)) for i in ids)
        currency = {r.id: r.currency for r in rows}
        cur = self.db.cursor()
        cur.execute("SELECT invoice_id, position, description, seconds, billed_seconds, rate, "
                    f"amount, project_id, work_item_id, day FROM invoice_line WHERE invoice_id "
                    f"IN ({listed}) ORDER BY invoice_id, position")
        lines: dict[int, list[rb.InvoiceLine]] = {}
        for iid, pos, text, sec, billed, rate, amount, pid, card, day in cur.fetchall():
            lines.setdefault(int(iid), []).append(rb.InvoiceLine(
                position=int(pos), description=text, currency=currency[iid], seconds=int(sec),
                billed_seconds=int(billed), rate=money(rate), amount=money(amount) or ZERO,
                project_id=pid, card_id=card, day=None if day is None else as_date(day)))
        cur.execute("SELECT ie.invoice_id, COALESCE(e.entry_no, e.id) FROM invoice_entry ie "
                    f"JOIN time_entry e ON e.id = ie.entry_id WHERE ie.invoice_id IN ({listed}) "
                    "ORDER BY ie.id")
        numbers: dict[int, list[int]] = {}
        for iid, number in cur.fetchall():
            numbers.setdefault(int(iid), []).append(int(number))
        others = inv.alias("others")
        credited: dict[int, str] = dict(tuples(
            others.select(others.credit_for, others.number).where(others.credit_for.in_(ids))))
        wanted = {r.credit_for_id for r in rows if r.credit_for_id is not None}
        credit_for: dict[int, str] = dict(tuples(
            others.select(others.id, others.number).where(others.id.in_(wanted))))
        return [_record(r, names, tuple(lines.get(r.id, ())), tuple(numbers.get(r.id, ())),
                        credit_for.get(r.credit_for_id or 0), credited.get(r.id)) for r in rows]


def _client_names(ids: set[int]) -> dict[int, tuple[int, str]]:
    """Client id -> (effective id, effective name): merges resolved (chains are flat)."""
    c, s = t.Client, t.Client.alias("survivor")
    query = (c.select(c.id, pw.fn.COALESCE(s.id, c.id), pw.fn.COALESCE(s.name, c.name))
             .join(s, pw.JOIN.LEFT_OUTER, on=(s.id == c.merged_into)).where(c.id.in_(ids)))
    return {int(cid): (int(eid), name) for cid, eid, name in tuples(query)}


def _party(text: str | None) -> rb.Party:
    data = json.loads(text or "{}")
    known = fields_of(rb.Party)
    return rb.Party(**{k: str(v) for k, v in data.items() if k in known})


def _record(r: t.Invoice, names: dict[int, tuple[int, str]], lines: tuple[rb.InvoiceLine, ...],
            entry_nos: tuple[int, ...], credit_for: str | None,
            credited_by: str | None) -> rb.Invoice:
    client_id, client = names[r.client_id]
    return rb.Invoice(
        id=r.id, uuid=str(r.uuid), kind=r.kind, status=r.status, number=r.number,
        client_id=client_id, client=client, currency=r.currency,
        period_start=as_date(r.period_start), period_end=as_date(r.period_end),
        group_by=r.group_by,
        issue_date=None if r.issue_date is None else as_date(r.issue_date),
        due_date=None if r.due_date is None else as_date(r.due_date),
        paid_date=None if r.paid_date is None else as_date(r.paid_date),
        subtotal=money(r.subtotal) or ZERO, tax_rate=money(r.tax_rate),
        tax=money(r.tax) or ZERO, total=money(r.total) or ZERO,
        reverse_charge=bool(r.reverse_charge), seller=_party(r.seller), buyer=_party(r.buyer),
        note=r.note, created_at=r.created_at, issued_at=r.issued_at, voided_at=r.voided_at,
        void_reason=r.void_reason, lines=lines, entry_nos=entry_nos,
        approval_id=r.approval_id, credit_for_id=r.credit_for_id,
        credit_for_number=credit_for, credited_by=credited_by)


def logged(invoice: rb.Invoice) -> dict[str, Any]:
    """What the activity log keeps of an invoice: every field (lines and parties as plain
    data; the log writes any other value as its text)."""
    return rec.as_dict(invoice)
