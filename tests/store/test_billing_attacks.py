"""The reviewer's attacks on the billing loop, both backends: each test is a bug found by
using it as a freelancer would, fixed on h-prev."""

from __future__ import annotations

import datetime as dt

import pytest

from fcc.store.errors import BillingLocked, InvalidInput
from fcc.store.rounding import parse_rounding
from tests.store.test_invoices import W47, world  # noqa: F401  (the fixture)


def test_a_credit_note_is_never_overdue(world, clock):  # noqa: F811
    """A credit note is due on its issue day and never paid: it is not money owed, so
    ``fcc invoice list`` must not mark it OVERDUE once that day has passed."""
    inv = world.issue_invoice(world.create_invoice("Acme", start=W47[0], end=W47[1]).id)
    cn = world.void_invoice(inv.number, "wrong rate")
    clock.advance(days=10)
    today = world.today()
    assert cn.due_date is not None and cn.due_date < today
    assert not world.invoice(cn.number).overdue(today)
    assert world.invoices(overdue=True) == []


def test_an_invoice_from_an_approval_is_what_was_approved(world):  # noqa: F811
    """The approval's totals are what the client signed: a rounding rule changed or a
    project moved to another client after approving must not make the invoice from it say
    anything else (it said 0.00 with no line for a moved project, while covering its
    entries) — the invoice is refused, naming both amounts, and nothing is written."""
    a = world.submit_approval("Acme", *W47)
    world.decide_approval(a.id, "approved")
    approved = {m.currency: m.amount for m in world.approval(a.id).totals}
    world.set_client("Acme", rounding=parse_rounding("30:up:entry", "rounding"))
    with pytest.raises(BillingLocked, match=rf"approval {a.id} .* was approved at "
                                            rf"{approved['EUR']} EUR, and its entries now "
                                            r"price at \d+\.\d\d EUR"):
        world.create_invoice("Acme", approval=a.id)
    assert world.invoices() == []
    world.set_client("Acme", rounding=None)
    world.set_project("Acme/App", client="Globex")
    with pytest.raises(BillingLocked, match=rf"approval {a.id} .* was approved at"):
        world.create_invoice("Acme", approval=a.id)
    world.set_project("Globex/App", client="Acme")
    inv = world.create_invoice("Acme", approval=a.id)
    assert inv.subtotal == approved["EUR"] and inv.lines


def test_an_entry_is_in_one_open_approval_at_most(world):  # noqa: F811
    """A project moved to another client while an approval of the first covers its entries:
    the second client's approval of the same days took those entries again (two open
    approvals over one entry, each to be invoiced)."""
    a = world.submit_approval("Acme", *W47)
    world.set_project("Acme/App", client="Globex")
    b = world.submit_approval("Globex", *W47)
    assert not set(world.approval(a.id).entry_nos) & set(world.approval(b.id).entry_nos)
    assert world.e["app"] not in world.approval(b.id).entry_nos


def test_an_issue_date_is_not_in_the_future_nor_before_the_last_number(world):  # noqa: F811
    """``fcc invoice issue 2 --date 2030-05-01`` (a typo) took number 2030-0001 for good, and a
    back-dated issue numbered 2026-0002 on a day before 2026-0001's: numbers follow their
    issue dates, which are not in the future (as paid's date is not)."""
    first = world.create_invoice("Acme", start=W47[0], end=W47[0])
    second = world.create_invoice("Acme", start=W47[0] + dt.timedelta(days=1), end=W47[1])
    with pytest.raises(InvalidInput, match=r"^date: expected a day that is not in the future "
                                           r"\(today is 2026-11-23\), got '2030-05-01'"):
        world.issue_invoice(first.id, on=dt.date(2030, 5, 1))
    issued = world.issue_invoice(first.id, on=dt.date(2026, 11, 20))
    assert issued.number == "2026-0001"
    with pytest.raises(InvalidInput, match=r"^date: expected a day on or after 2026-11-20 "
                                           r"\(2026-0001's issue date: numbers follow their "
                                           r"dates\), got '2026-11-19'"):
        world.issue_invoice(second.id, on=dt.date(2026, 11, 19))
    assert world.invoice(second.id).status == "draft"
    assert world.issue_invoice(second.id, on=dt.date(2026, 11, 20)).number == "2026-0002"
