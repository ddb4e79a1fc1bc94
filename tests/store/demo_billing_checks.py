"""What the demo's billing rows must satisfy whatever the clock says (used by test_demo and
test_demo_billing): totals to the cent, one active invoice per entry, gapless numbers, frozen
entries still current, a void invoice's entries free again."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal

from fcc.store import records_billing as rb
from fcc.store import tables as t
from fcc.store.api import Store
from fcc.store.money import CENT


def check_billing(store: Store) -> None:
    now = store.clock.now()
    invoices = list(t.Invoice.select().order_by(t.Invoice.id))
    lines: dict[int, list[t.InvoiceLine]] = {}
    for line in t.InvoiceLine.select().order_by(t.InvoiceLine.invoice, t.InvoiceLine.position):
        lines.setdefault(line.invoice_id, []).append(line)
    links = list(t.InvoiceEntry.select())
    entries = {e.id: e for e in t.TimeEntry.select()}

    # An entry is on at most one invoice that is not void; a void invoice holds none.
    active = Counter(link.entry_id for link in links if link.active)
    assert all(n == 1 for n in active.values())
    status = {i.id: i.status for i in invoices}
    for link in links:
        assert link.active == (status[link.invoice_id] != "void"), link.invoice_id

    for inv in invoices:
        client = t.Client.get_by_id(inv.client_id)
        mine = lines[inv.id]
        # total = sum of the lines to the cent; tax by the client's rate (none when reverse
        # charge); lines are billed hours x rate.
        assert [x.position for x in mine] == list(range(1, len(mine) + 1))
        assert inv.subtotal == sum((x.amount for x in mine), Decimal("0.00"))
        rate = None if inv.reverse_charge else inv.tax_rate
        expected = (Decimal("0.00") if rate is None
                    else (inv.subtotal * rate / 100).quantize(CENT, ROUND_HALF_UP))
        assert inv.tax == expected and inv.total == inv.subtotal + inv.tax, inv.id
        # ... = the report's amount for the same client and period (every invoice of the
        # demo covers all the client's billable time of its period)
        report = store.report(inv.start_utc, inv.end_utc, by="client", client=client.name,
                              billable_only=True)
        [in_report] = [x.amount for x in report.totals if x.currency == inv.currency]
        assert inv.subtotal == in_report, inv.id
        assert inv.created_at <= now and (inv.issued_at is None or inv.issued_at <= now)
        if inv.kind == "credit":
            voided = t.Invoice.get_by_id(inv.credit_for_id)
            assert voided.status == "void" and inv.status == "issued"
            assert (inv.subtotal, inv.tax, inv.total) == (voided.subtotal, voided.tax,
                                                          voided.total)
            assert [(x.description, x.amount) for x in mine] == [
                (x.description, x.amount) for x in lines[voided.id]]
            continue
        covered = [entries[link.entry_id] for link in links if link.invoice_id == inv.id]
        assert covered and {e.currency for e in covered} == {inv.currency}
        for e in covered:
            assert inv.start_utc <= e.start_utc < inv.end_utc and e.billable
            assert e.project.client_id == client.id
        if inv.status == "draft":
            assert inv.number is None and all(e.invoice_ref is None for e in covered)
            assert all(e.superseded_by_id is None for e in covered)
        elif inv.status in ("issued", "paid"):
            # each covered entry carries the number, and is the current version
            assert all(e.invoice_ref == inv.number for e in covered)
            assert all(e.superseded_by_id is None and e.voided_at is None for e in covered)
            terms = client.payment_terms or rb.DEFAULT_PAYMENT_TERMS
            assert inv.due_date == inv.issue_date + dt.timedelta(days=terms)
            assert json.loads(inv.seller)["name"] and json.loads(inv.buyer)["name"] == \
                client.name
        if inv.status == "paid":
            assert inv.issue_date <= inv.paid_date <= now.date()
        if inv.status == "void" and inv.number is None:  # a voided draft: entries free
            assert inv.void_reason and inv.credits.count() == 0
            assert all(e.invoice_ref is None for e in covered)
        elif inv.status == "void":
            # the entries got a fresh version, free of the number, to be billed again
            assert inv.void_reason and inv.credits.count() == 1
            for e in covered:
                fresh = e.superseded_by
                assert fresh.invoice_ref != inv.number and fresh.superseded_by_id is None
                assert (fresh.start_utc, fresh.end_utc, fresh.rate, fresh.project_id) == (
                    e.start_utc, e.end_utc, e.rate, e.project_id)
            if inv.approval_id is not None:
                assert t.Approval.get_by_id(inv.approval_id).status == "withdrawn"
        if inv.approval_id is not None:
            approval = t.Approval.get_by_id(inv.approval_id)
            assert approval.status in ("approved", "withdrawn")
            assert {a.entry_id for a in approval.entries} == {e.id for e in covered}
            [total] = approval.totals
            assert total.amount == inv.subtotal and total.currency == inv.currency

    # Numbers are gapless per kind and year, and the sequence holds the last one given.
    given: dict[tuple[str, int], list[int]] = {}
    for inv in invoices:
        if inv.number is not None:
            given.setdefault((inv.kind, inv.year), []).append(inv.seq)
            pattern = (rb.DEFAULT_CREDIT_PATTERN if inv.kind == "credit"
                       else rb.DEFAULT_NUMBER_PATTERN)
            assert inv.number == pattern.format(year=inv.year, seq=inv.seq)
            assert inv.year == inv.issue_date.year
    assert {(s.kind, s.year): s.last_seq for s in t.InvoiceSequence.select()} == {
        key: len(seqs) for key, seqs in given.items()}
    for seqs in given.values():
        assert sorted(seqs) == list(range(1, len(seqs) + 1))

    # Approvals: their covered entries start in the period and belong to the client; open
    # ones still cover current versions; totals are the report core's over those entries.
    for approval in t.Approval.select():
        assert approval.submitted_at <= now
        assert approval.decided_at is None or approval.submitted_at <= approval.decided_at <= now
        covered = [entries[a.entry_id] for a in approval.entries]
        assert covered
        for e in covered:
            assert approval.start_utc <= e.start_utc < approval.end_utc and e.billable
            assert e.project.client_id == approval.client_id
            if approval.status in ("pending", "approved"):
                assert e.superseded_by_id is None and e.voided_at is None
        if all(e.superseded_by_id is None for e in covered):  # (the report reads current ones)
            priced = store._price(store.approval_entries(approval.id),
                                  tuple(p.id for p in t.Project.select()), store._project_map())
            assert store.approval(approval.id).totals == tuple(priced)

    # Every billing step is in the activity log.
    logged = Counter((a.entity, a.action) for a in t.Activity.select()
                     .where(t.Activity.entity.in_(("approval", "invoice"))))
    assert logged[("approval", "submit")] == t.Approval.select().count()
    assert logged[("invoice", "create")] == sum(1 for i in invoices if i.kind == "invoice")
    assert logged[("invoice", "issue")] == sum(1 for i in invoices if i.kind == "invoice"
                                               and i.number is not None)
    assert logged[("invoice", "credit")] == sum(1 for i in invoices if i.kind == "credit")
    assert logged[("invoice", "paid")] == sum(1 for i in invoices if i.status == "paid")
    assert logged[("invoice", "void")] == sum(1 for i in invoices if i.status == "void")
