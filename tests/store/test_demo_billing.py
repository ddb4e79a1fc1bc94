"""The demo's billing rows are what the billing verbs write: invoicing the same entries again
through the store gives the same lines and totals, the activity rows have the verbs' shape,
and the story carries on through the verbs (approve the pending timesheet, invoice it, issue
the draft, mark the overdue invoice paid). Both backends."""

from __future__ import annotations

import json
from decimal import Decimal

from fcc.store import tables as t
from fcc.store.demo_billing import demo_seller
from fcc.store.demo_data import VOID_REASON
from fcc.store.recordtype import replace
from tests.store.demo_billing_checks import check_billing
from tests.store.test_demo import seeded


def lines_of(invoice) -> list[tuple]:
    return [(x.description, x.seconds, x.billed_seconds, x.rate, x.amount)
            for x in invoice.lines]


def logged_keys(action: str, actor: str) -> set[str]:
    row = (t.Activity.select().where((t.Activity.entity == "invoice")
                                     & (t.Activity.action == action) & (t.Activity.actor == actor))
           .order_by(t.Activity.id.desc()).first())
    assert row is not None, (action, actor)
    return set(json.loads(row.after))


def test_invoicing_the_demo_again_gives_the_same_lines(target):
    with seeded(target) as (store, _summary):
        store.billing = replace(store.billing, seller=demo_seller())
        by_state = {(i.kind, i.status): i for i in store.invoices()}
        # The draft (Nordlicht, from its approved timesheet): voided, made again by the verb.
        draft = by_state["invoice", "draft"]
        store.void_invoice(draft.id, "made again by the verb")
        again = store.create_invoice(draft.client, approval=draft.approval_id)
        assert lines_of(again) == lines_of(draft) and again.entry_nos == draft.entry_nos
        assert (again.subtotal, again.tax_rate, again.tax, again.total) == (
            draft.subtotal, draft.tax_rate, draft.tax, draft.total)
        # An issued one from a period (Hollis, reverse charge, not due yet): cancelled by the
        # verb's credit note, then invoiced again from the same period.
        [hollis] = [i for i in store.invoices(unpaid=True) if not i.overdue(store.today())]
        credit = store.void_invoice(hollis.number, "made again by the verb")
        assert lines_of(credit) == lines_of(hollis) and credit.total == hollis.total
        again = store.create_invoice(hollis.client, start=hollis.period_start,
                                     end=hollis.period_end)
        assert lines_of(again) == lines_of(hollis) and again.reverse_charge
        assert (again.subtotal, again.tax, again.total) == (hollis.subtotal, Decimal("0.00"),
                                                           hollis.total)
        issued = store.issue_invoice(again.id)
        # The demo's credit note is the verb's: same lines and totals as the invoice it voids.
        voided = by_state["invoice", "void"]
        demo_credit = store.invoice(voided.credited_by)
        assert lines_of(demo_credit) == lines_of(voided) and demo_credit.total == voided.total
        assert demo_credit.note == VOID_REASON and voided.void_reason == VOID_REASON
        # The activity rows the seed wrote have the keys the verbs write.
        actor = store.actor
        for action in ("create", "issue", "void", "credit"):
            assert logged_keys(action, "demo") == logged_keys(action, actor), action
        assert issued.number is not None
        check_billing(store)


def test_the_story_carries_on_through_the_verbs(target):
    with seeded(target) as (store, _summary):
        store.billing = replace(store.billing, seller=demo_seller())
        [pending] = store.approvals(status="pending")
        store.decide_approval(pending.id, "approved", note="OK")
        made = store.create_invoice(pending.client, approval=pending.id)
        assert made.subtotal == pending.totals[0].amount
        [draft] = [i for i in store.invoices(status="draft") if i.id != made.id]
        issued = store.issue_invoice(draft.id)
        year = issued.issue_date.year
        numbers = sorted(i.number for i in store.invoices() if i.kind == "invoice"
                         and i.number and i.number.startswith(f"{year}-"))
        assert issued.number == numbers[-1]  # the next of the demo's sequence, no gap
        [overdue] = store.invoices(overdue=True)
        paid = store.mark_invoice_paid(overdue.id)
        assert paid.status == "paid" and not store.invoices(overdue=True)
        check_billing(store)
