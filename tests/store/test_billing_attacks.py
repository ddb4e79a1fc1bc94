"""The reviewer's attacks on the billing loop, both backends: each test is a bug found by
using it as a freelancer would, fixed on h-prev."""

from __future__ import annotations

import datetime as dt

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
