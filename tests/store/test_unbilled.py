"""store.unbilled(): billable, current, stopped time not on an active invoice, per client and
currency, priced by the report core — on both backends."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from tests.store.helpers import q

BERLIN = ZoneInfo("Europe/Berlin")
H = 3600


def local(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=BERLIN)


@pytest.fixture
def world(store):
    store.set_setting("zone", "Europe/Berlin")
    store.create_client({"name": "acme", "hourly_rate": "100"})
    store.create_client({"name": "Globex", "hourly_rate": "80", "currency": "USD"})
    store.create_project({"name": "Website", "client": "acme"})
    store.create_project({"name": "Portal", "client": "Globex"})
    store.create_project({"name": "Admin"})
    return store


def add(store, project: str, start: str, end: str, **kwargs) -> int:
    return store.add_entry(project, local(start), local(end), **kwargs).entry.id


def summary(store) -> list[tuple]:
    return [(u.client, u.currency, u.seconds, u.billed_seconds, u.amount, u.approved_amount)
            for u in store.unbilled()]


def test_nothing_yet(store):
    assert store.unbilled() == []


def test_per_client_and_currency_sorted_by_name(world):
    add(world, "Website", "2026-11-02 09:00", "2026-11-02 11:30")
    add(world, "Website", "2026-11-03 09:00", "2026-11-03 10:00", billable=False)
    add(world, "Portal", "2026-11-04 09:00", "2026-11-04 10:15")
    add(world, "Admin", "2026-11-05 09:00", "2026-11-05 12:00")  # no client: billed to nobody
    world.set_client("acme", currency="GBP")  # new entries take the new currency
    add(world, "Website", "2026-11-06 09:00", "2026-11-06 10:00")
    assert summary(world) == [
        ("acme", "EUR", int(2.5 * H), int(2.5 * H), Decimal("250.00"), Decimal("0.00")),
        ("acme", "GBP", H, H, Decimal("100.00"), Decimal("0.00")),
        ("Globex", "USD", int(1.25 * H), int(1.25 * H), Decimal("100.00"), Decimal("0.00")),
    ]
    # the same figures as the report of billable time over the same span (clients only)
    report = world.report(local("2026-11-01 00:00"), local("2026-11-07 00:00"), by="client",
                          billable_only=True)
    assert [(x.client, x.currency, x.amount) for x in report.lines
            if x.client] == [
        (u.client, u.currency, u.amount) for u in world.unbilled()]


def test_running_voided_and_superseded_are_left_out(world, clock):
    old = add(world, "Website", "2026-11-02 09:00", "2026-11-02 10:00")
    world.amend_entry(old, end=local("2026-11-02 11:00"))  # the new version counts, once
    gone = add(world, "Website", "2026-11-03 09:00", "2026-11-03 10:00")
    world.void_entry(gone, "duplicate")
    world.start_timer("Website", at=clock.now() - dt.timedelta(hours=1))
    assert summary(world) == [("acme", "EUR", 2 * H, 2 * H, Decimal("200.00"),
                               Decimal("0.00"))]


def test_invoiced_entries_are_not_unbilled(world):
    from fcc.store import records_billing as rb

    world.billing = rb.BillingSettings(seller=rb.Party(name="Me"))
    add(world, "Website", "2026-11-02 09:00", "2026-11-02 10:00")
    add(world, "Website", "2026-11-03 09:00", "2026-11-03 11:00")
    draft = world.create_invoice("acme", start=dt.date(2026, 11, 2), end=dt.date(2026, 11, 2))
    assert summary(world) == [  # a draft freezes its entries: they are on an invoice
        ("acme", "EUR", 2 * H, 2 * H, Decimal("200.00"), Decimal("0.00"))]
    world.void_invoice(draft.id, "wrong day")  # a void draft frees them
    assert summary(world)[0][2] == 3 * H
    issued = world.issue_invoice(world.create_invoice(
        "acme", start=dt.date(2026, 11, 3), end=dt.date(2026, 11, 3)).id)
    assert summary(world) == [("acme", "EUR", H, H, Decimal("100.00"), Decimal("0.00"))]
    world.void_invoice(issued.id, "wrong rate")  # by a credit note: fresh versions, unbilled
    assert summary(world) == [("acme", "EUR", 3 * H, 3 * H, Decimal("300.00"),
                               Decimal("0.00"))]


def test_approved_part_and_needs_approval(world, target):
    add(world, "Website", "2026-11-02 09:00", "2026-11-02 10:00")
    add(world, "Website", "2026-11-20 09:00", "2026-11-20 09:30")
    add(world, "Portal", "2026-11-04 09:00", "2026-11-04 10:00")
    q(target, "UPDATE client SET needs_approval = ? WHERE name = 'Globex'", (True,))
    sent = world.submit_approval("acme", dt.date(2026, 11, 1), dt.date(2026, 11, 15))
    pending = {u.client: u for u in world.unbilled()}
    assert pending["acme"].approved_amount == Decimal("0.00")
    world.decide_approval(sent.id, "approved")
    found = {u.client: u for u in world.unbilled()}
    assert found["acme"].amount == Decimal("150.00")
    assert found["acme"].approved_amount == Decimal("100.00") == sent.totals[0].amount
    assert (found["acme"].needs_approval, found["Globex"].needs_approval) == (False, True)
    assert found["Globex"].approved_amount == Decimal("0.00")
