"""Invoices and credit notes, both backends: what a draft covers and its lines (the report
core's, to the cent), tax and reverse charge, numbering and due dates, paid, void by a credit
note and invoicing again, every refusal (nothing written), and the activity log."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest

from fcc.store import records_billing as rb
from fcc.store.errors import BillingLocked, FccError, InvalidInput, UnknownId
from tests.store.helpers import q

UTC = dt.UTC
NOV = (dt.date(2026, 11, 1), dt.date(2026, 11, 30))
W47 = (dt.date(2026, 11, 16), dt.date(2026, 11, 22))  # the frozen clock is Monday 11-23
SELLER = rb.Party(name="Jo Freelance", address="Main St 1\n10115 Berlin", tax_id="DE999",
                  email="jo@example.com", bank="IBAN DE00 1234")


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 11, day, hour, minute, tzinfo=UTC)


@pytest.fixture
def world(store):
    store.set_setting("zone", "Europe/Berlin")
    store.billing = rb.BillingSettings(seller=SELLER, payment_terms=30)
    store.create_client({"name": "Acme", "hourly_rate": "100", "currency": "EUR",
                         "address": "1 Road\nSpringfield", "tax_id": "US-1",
                         "payment_terms": 14, "tax_rate": "19"})
    store.create_client({"name": "Globex", "hourly_rate": "80", "currency": "USD"})
    store.create_project({"name": "Website", "client": "Acme"})
    store.create_project({"name": "App", "client": "Acme", "hourly_rate": "120"})
    store.create_project({"name": "Shop", "client": "Globex"})
    store.create_board("Dev", project="Acme/App")
    card = store.add_card({"title": "Checkout", "board": "Dev", "rate": "150"})
    e = {
        "web": store.add_entry("Acme/Website", at(16, 9), at(16, 11)).entry.no,
        "app": store.add_entry("Acme/App", at(17, 13), at(17, 14, 30)).entry.no,
        "free": store.add_entry("Acme/Website", at(18, 9), at(18, 10),
                                billable=False).entry.no,
        "globex": store.add_entry("Globex/Shop", at(17, 9), at(17, 10)).entry.no,
        "october": store.add_entry("Acme/Website", dt.datetime(2026, 10, 30, 9, tzinfo=UTC),
                                   dt.datetime(2026, 10, 30, 10, tzinfo=UTC)).entry.no,
        # Starts on Sunday 22:00 in Berlin, ends on Monday: in week 47, covered whole.
        "late": store.add_entry("Acme/Website", at(22, 21), at(22, 23, 45)).entry.no,
        "web2": store.add_entry("Acme/Website", at(19, 9), at(19, 9, 40)).entry.no,
    }
    e["card"] = store.add_entry(None, at(20, 9), at(20, 10), card=card.id).entry.no
    store.card = card
    store.e = e
    return store


def acme_report(store, **kw):
    """The report of every Acme entry the fixture made in November (no entry starts before
    the 1st and runs into it), over a range that clips none."""
    return store.report(at(1, 0) - dt.timedelta(hours=1), at(23, 0), client="Acme",
                        billable_only=True, **kw)


def test_a_draft_covers_the_periods_billable_entries_priced_as_the_report(world):
    inv = world.create_invoice("Acme", start=NOV[0], end=NOV[1], note="Thanks!")
    e = world.e
    covered = {e["web"], e["app"], e["late"], e["web2"], e["card"]}
    assert set(inv.entry_nos) == covered
    assert (inv.status, inv.number, inv.kind, inv.client, inv.currency) == (
        "draft", None, "invoice", "Acme", "EUR")
    assert (inv.period_start, inv.period_end, inv.group_by, inv.note) == (
        *NOV, "project", "Thanks!")
    assert inv.label == f"draft {inv.id}"
    # One line per project and rate: the card's rate splits App in two.
    rates = {(x.description, x.rate) for x in inv.lines}
    assert rates == {("Website", Decimal("100.00")), ("App", Decimal("120.00")),
                     ("App", Decimal("150.00"))}
    assert inv.subtotal == sum(x.amount for x in inv.lines)
    report = acme_report(world, by="client")
    assert report.totals[0].amount == inv.subtotal
    assert report.totals[0].billed_seconds == sum(x.billed_seconds for x in inv.lines)
    assert inv.tax_rate == Decimal("19.00")
    assert inv.tax == (inv.subtotal * Decimal("0.19")).quantize(Decimal("0.01"))
    assert inv.total == inv.subtotal + inv.tax
    assert world.invoice(inv.id) == inv and world.invoices() == [inv]
    [row] = q(world.target, "SELECT entity_id, action FROM activity WHERE entity = 'invoice'")
    assert row == (str(inv.id), "create")


def test_lines_by_card_and_by_day_total_the_same(world):
    world.set_setting("rounding", "15:up:day")
    by = {g: world.create_invoice("Acme", start=W47[0], end=W47[1], group_by=g)
          for g in ("project",)}
    world.void_invoice(by["project"].id, "try by day")
    by["day"] = world.create_invoice("Acme", start=W47[0], end=W47[1], group_by="day")
    world.void_invoice(by["day"].id, "try by card")
    by["card"] = world.create_invoice("Acme", start=W47[0], end=W47[1], group_by="card")
    assert by["project"].total == by["day"].total
    days = [x.day for x in by["day"].lines]
    assert days == sorted(days) and days[0] == dt.date(2026, 11, 16)
    assert by["day"].lines[0].description == "2026-11-16 (Mon)"
    rng = (at(15, 23), at(23, 0))
    for group, keys in (("project", "client"), ("day", "client"), ("card", "card")):
        report = world.report(*rng, by=keys, client="Acme", billable_only=True)
        assert by[group].subtotal == report.totals[0].amount, group
    descriptions = [x.description for x in by["card"].lines]
    assert f"App: #{world.card.id} Checkout" in descriptions
    assert "Website: (no card)" in descriptions and "App: (no card)" in descriptions


def test_tax_reverse_charge_and_no_tax(world):
    world.set_client("Acme", tax_rate="7.5")
    inv = world.create_invoice("Acme", start=W47[0], end=W47[1])
    assert inv.tax == (inv.subtotal * Decimal("0.075")).quantize(Decimal("0.01"), "ROUND_HALF_UP")
    world.void_invoice(inv.id, "reverse charge")
    world.set_client("Acme", reverse_charge=True)
    inv = world.create_invoice("Acme", start=W47[0], end=W47[1])
    assert (inv.tax_rate, inv.tax, inv.total, inv.reverse_charge) == (
        Decimal("7.50"), Decimal("0.00"), inv.subtotal, True)
    g = world.create_invoice("Globex", start=W47[0], end=W47[1])
    assert (g.tax_rate, g.tax, g.total, g.currency) == (None, Decimal("0.00"), g.subtotal, "USD")
    assert g.lines[0].amount == Decimal("80.00")


def test_issue_numbers_dates_and_snapshots(world, clock):
    draft = world.create_invoice("Acme", start=W47[0], end=W47[1])
    inv = world.issue_invoice(draft.id)
    assert (inv.status, inv.number, inv.issue_date, inv.due_date) == (
        "issued", "2026-0001", dt.date(2026, 11, 23), dt.date(2026, 12, 7))  # Acme: 14 days
    assert inv.seller == SELLER
    assert inv.buyer == rb.Party(name="Acme", address="1 Road\nSpringfield", tax_id="US-1")
    assert inv.issued_at == clock.now() and inv.label == "2026-0001"
    assert {world.entry(n).invoice_ref for n in inv.entry_nos} == {"2026-0001"}
    assert world.invoice("2026-0001") == inv
    # Globex has no terms: the config's; a later issue date takes the next number (issue
    # dates are never in the future: the clock moves on to them).
    clock.advance(days=2)
    g = world.issue_invoice(world.create_invoice("Globex", start=W47[0], end=W47[1]).id,
                            on=dt.date(2026, 11, 25))
    assert (g.number, g.due_date) == ("2026-0002", dt.date(2026, 12, 25))
    # A new year starts again at 1, with the pattern of the config file.
    world.billing = rb.BillingSettings(seller=SELLER, number_pattern="INV/{year}/{seq:03}")
    world.add_entry("Acme/Website", at(21, 9), at(21, 10))
    nxt = world.create_invoice("Acme", start=dt.date(2026, 11, 21), end=dt.date(2026, 11, 21))
    clock.advance(days=40)  # 2027-01-04
    assert world.issue_invoice(nxt.id, on=dt.date(2027, 1, 4)).number == "INV/2027/001"
    assert q(world.target, "SELECT kind, year, last_seq FROM invoice_sequence "
                           "ORDER BY year") == [("invoice", 2026, 2), ("invoice", 2027, 1)]


def test_a_failed_issue_takes_no_number(world):
    draft = world.create_invoice("Acme", start=W47[0], end=W47[1])
    world.billing = rb.BillingSettings()
    counter = world.change_counter()
    with pytest.raises(InvalidInput, match=r"^seller: expected a name in the config file's "
                                           r"\[seller\] table$"):
        world.issue_invoice(draft.id)
    assert world.change_counter() == counter and world.invoice(draft.id).status == "draft"
    world.billing = rb.BillingSettings(seller=SELLER)
    inv = world.issue_invoice(draft.id)
    # A credit pattern that makes the invoice's own number (the config file refuses such a
    # pair; a file edited between two issues could still collide): the credit note is
    # refused whole, and its sequence takes back the number it drew.
    world.billing = rb.BillingSettings(seller=SELLER, credit_pattern="{year}-{seq:04}")
    counter = world.change_counter()
    with pytest.raises(FccError, match=r"^invoice.credit_pattern: '\{year\}-\{seq:04\}' makes "
                                       r"2026-0001 for the credit number 1 of 2026, which "
                                       rf"invoice {inv.id} has already"):
        world.void_invoice(inv.number, "wrong rate")
    assert world.change_counter() == counter
    assert q(world.target, "SELECT kind, last_seq FROM invoice_sequence ORDER BY kind") == [
        ("invoice", 1)]
    assert world.invoice(inv.id).status == "issued"
    world.billing = rb.BillingSettings(seller=SELLER)
    assert world.void_invoice(inv.number, "wrong rate").number == "CN-2026-0001"
    assert world.issue_invoice(world.create_invoice("Acme", start=W47[0], end=W47[1]).id
                               ).number == "2026-0002"


def test_issuing_twice_and_other_state_refusals(world):
    inv = world.issue_invoice(world.create_invoice("Acme", start=W47[0], end=W47[1]).id)
    with pytest.raises(BillingLocked, match="invoice 2026-0001 is issued: only a draft"):
        world.issue_invoice("2026-0001")
    with pytest.raises(UnknownId, match="invoice: no invoice with number or id 42"):
        world.invoice(42)
    with pytest.raises(InvalidInput, match="invoice: expected an invoice number"):
        world.invoice("2026-9999")
    paid = world.mark_invoice_paid(inv.id, on=dt.date(2026, 11, 23))
    assert (paid.status, paid.paid_date) == ("paid", dt.date(2026, 11, 23))
    with pytest.raises(BillingLocked, match="invoice 2026-0001 is paid: only an issued"):
        world.mark_invoice_paid(inv.id)


def test_paid_refusals(world):
    draft = world.create_invoice("Acme", start=W47[0], end=W47[1])
    with pytest.raises(BillingLocked, match=f"draft {draft.id} is draft: only an issued"):
        world.mark_invoice_paid(draft.id)
    world.issue_invoice(draft.id, on=dt.date(2026, 11, 20))
    with pytest.raises(InvalidInput, match=r"date: expected a day that is not in the future "
                                           r"\(today is 2026-11-23\)"):
        world.mark_invoice_paid(draft.id, on=dt.date(2026, 11, 24))
    with pytest.raises(InvalidInput, match=r"date: expected a day on or after the issue date "
                                           r"\(2026-11-20\)"):
        world.mark_invoice_paid(draft.id, on=dt.date(2026, 11, 19))
    cn = world.void_invoice(draft.id, "mistake")
    with pytest.raises(BillingLocked, match="is a credit note"):
        world.mark_invoice_paid(cn.number)


def test_a_draft_freezes_its_entries_and_voiding_frees_them(world):
    draft = world.create_invoice("Acme", start=W47[0], end=W47[1])
    web = world.e["web"]
    with pytest.raises(BillingLocked, match=f"entry {web} is on draft {draft.id}"):
        world.amend_entry(web, note="changed")
    assert world.frozen_entries([web]) == {web: f"draft {draft.id}"}
    with pytest.raises(InvalidInput, match="reason: expected a reason"):
        world.void_invoice(draft.id, "  ")
    void = world.void_invoice(draft.id, "wrong period")
    assert (void.status, void.void_reason, void.kind, void.number) == (
        "void", "wrong period", "invoice", None)
    assert world.frozen_entries([web]) == {}
    world.amend_entry(web, note="changed")
    again = world.create_invoice("Acme", start=W47[0], end=W47[1])
    assert set(again.entry_nos) == set(draft.entry_nos) and again.total == draft.total
    with pytest.raises(BillingLocked, match="is void already"):
        world.void_invoice(draft.id, "twice")


def test_voiding_an_issued_invoice_makes_a_credit_note(world, clock):
    inv = world.issue_invoice(world.create_invoice("Acme", start=W47[0], end=W47[1]).id)
    world.mark_invoice_paid(inv.number)
    clock.advance(days=1)
    cn = world.void_invoice(inv.number, "wrong rate")
    assert (cn.kind, cn.status, cn.number, cn.credit_for_id, cn.credit_for_number) == (
        "credit", "issued", "CN-2026-0001", inv.id, "2026-0001")
    assert (cn.subtotal, cn.tax, cn.total, cn.lines) == (inv.subtotal, inv.tax, inv.total,
                                                         inv.lines)
    assert (cn.issue_date, cn.note, cn.buyer, cn.entry_nos) == (
        dt.date(2026, 11, 24), "wrong rate", inv.buyer, ())
    old = world.invoice(inv.number)
    assert (old.status, old.credited_by, old.paid_date, old.entry_nos) == (
        "void", "CN-2026-0001", dt.date(2026, 11, 23), inv.entry_nos)
    for n in inv.entry_nos:  # a fresh version, the old one keeps its reference
        entry = world.entry(n)
        assert entry.invoice_ref is None
        assert [v.invoice_ref for v in world.history(n)][-2:] == ["2026-0001", None]
    with pytest.raises(BillingLocked, match="is a credit note: it cannot be voided"):
        world.void_invoice(cn.number, "no")
    world.amend_entry(world.e["web"], note="corrected")
    world.set_client_rerated("Acme", at(15, 23), at(23, 0), hourly_rate=Decimal("110"))
    again = world.issue_invoice(world.create_invoice("Acme", start=W47[0], end=W47[1]).id)
    assert again.number == "2026-0002" and again.subtotal > inv.subtotal
    assert world.invoices(status="void") == [old]
    assert [i.number for i in world.invoices()] == ["2026-0002", "CN-2026-0001", "2026-0001"]


def test_invoicing_an_approval(world):
    a = world.submit_approval("Acme", *W47)
    with pytest.raises(BillingLocked, match=f"approval {a.id} .* is not approved: approve it "
                                            f"first .fcc approval approve {a.id}."):
        world.create_invoice("Acme", approval=a.id)
    with pytest.raises(BillingLocked, match=f"entries of this period are in approval {a.id}"):
        world.create_invoice("Acme", start=NOV[0], end=NOV[1])
    world.decide_approval(a.id, "approved")
    with pytest.raises(BillingLocked, match=f"invoice it with --approval {a.id}"):
        world.create_invoice("Acme", start=NOV[0], end=NOV[1])
    with pytest.raises(InvalidInput, match="approval: expected an approval of Globex"):
        world.create_invoice("Globex", approval=a.id)
    with pytest.raises(InvalidInput, match="approval: expected either an approval or a period"):
        world.create_invoice("Acme", approval=a.id, start=NOV[0], end=NOV[1])
    inv = world.create_invoice("Acme", approval=a.id, group_by="day")
    assert (inv.approval_id, inv.period_start, inv.period_end) == (a.id, *W47)
    assert sorted(inv.entry_nos) == sorted(a.entry_nos)
    assert inv.subtotal == a.totals[0].amount  # the approval's totals, to the cent
    with pytest.raises(BillingLocked, match=f"approval {a.id} .* is invoiced already "
                                            f".draft {inv.id}, EUR."):
        world.create_invoice("Acme", approval=a.id)
    with pytest.raises(BillingLocked, match=f"approval {a.id} is invoiced"):
        world.withdraw_approval(a.id)
    issued = world.issue_invoice(inv.id)
    cn = world.void_invoice(issued.number, "client asked for a split")
    after = world.approval(a.id)
    assert after.status == "withdrawn" and cn.number in after.note
    # Free again: the period can be submitted anew, and invoiced from the new approval.
    b = world.submit_approval("Acme", *W47)
    assert sorted(b.entry_nos) == sorted(a.entry_nos)


def test_a_client_that_needs_approval_refuses_a_period(world):
    world.set_client("Acme", needs_approval=True)
    with pytest.raises(BillingLocked, match="Acme needs an approved timesheet: fcc approval "
                                            "submit 'Acme' --from 2026-11-16 --to 2026-11-22"):
        world.create_invoice("Acme", start=W47[0], end=W47[1])
    assert world.invoices() == []


def test_create_refusals_write_nothing(world):
    counter = world.change_counter()
    cases = [
        (dict(start=W47[0]), InvalidInput, "period: expected an approved approval or a period"),
        (dict(start=W47[1], end=W47[0]), InvalidInput, "end: expected a date on or after"),
        (dict(start=W47[0], end=W47[1], group_by="week"), InvalidInput,
         "group_by: expected one of project, card, day"),
        (dict(start=dt.date(2026, 10, 1), end=dt.date(2026, 10, 29)), FccError,
         "nothing to invoice: Acme has no billable entries from 2026-10-01 to 2026-10-29"),
        (dict(start=W47[0], end=W47[1], currency="USD"), InvalidInput,
         r"currency: expected one of EUR \(the currencies of these entries\)"),
        (dict(approval=99), UnknownId, "approval: no approval with id 99"),
    ]
    for kwargs, error, message in cases:
        with pytest.raises(error, match=message):
            world.create_invoice("Acme", **kwargs)
    assert world.change_counter() == counter and world.invoices() == []


def test_one_currency_per_invoice(world):
    world.set_client("Acme", currency="USD")
    world.set_project("Acme/Website", hourly_rate=Decimal("90"))
    usd = world.add_entry("Acme/Website", at(21, 9), at(21, 10)).entry.no
    with pytest.raises(InvalidInput, match="currency: expected one of EUR, USD: one currency "
                                           "per invoice"):
        world.create_invoice("Acme", start=W47[0], end=W47[1])
    dollars = world.create_invoice("Acme", start=W47[0], end=W47[1], currency="usd")
    assert dollars.entry_nos == (usd,) and dollars.total == Decimal("107.10")  # 90 + 19%
    euros = world.create_invoice("Acme", start=W47[0], end=W47[1])  # the rest: EUR only
    assert euros.currency == "EUR" and usd not in euros.entry_nos


def test_lists_and_overdue(world, clock):
    a = world.issue_invoice(world.create_invoice("Acme", start=W47[0], end=W47[1]).id,
                            on=dt.date(2026, 11, 1))  # due 11-15: overdue on the 23rd
    g = world.issue_invoice(world.create_invoice("Globex", start=W47[0], end=W47[1]).id)
    world.add_entry("Acme/App", at(21, 9), at(21, 10))
    d = world.create_invoice("Acme", start=dt.date(2026, 11, 21), end=dt.date(2026, 11, 21))
    assert a.overdue(world.today()) and not g.overdue(world.today())
    assert [i.id for i in world.invoices(overdue=True)] == [a.id]
    assert [i.id for i in world.invoices(unpaid=True)] == [g.id, a.id]
    assert [i.id for i in world.invoices(status="draft")] == [d.id]
    assert [i.id for i in world.invoices(client="acme")] == [d.id, a.id]
    world.mark_invoice_paid(a.id)
    assert world.invoices(overdue=True) == []
    with pytest.raises(InvalidInput, match="status: expected one of draft, issued, paid, void"):
        world.invoices(status="open")


def test_every_step_is_in_the_activity_log(world):
    inv = world.create_invoice("Acme", start=W47[0], end=W47[1])
    world.issue_invoice(inv.id)
    world.mark_invoice_paid(inv.id)
    cn = world.void_invoice(inv.id, "wrong")
    rows = q(world.target, "SELECT entity_id, action, before, after FROM activity "
                           "WHERE entity = 'invoice' ORDER BY id")
    assert [(r[0], r[1]) for r in rows] == [
        (str(inv.id), "create"), (str(inv.id), "issue"), (str(inv.id), "paid"),
        (str(cn.id), "credit"), (str(inv.id), "void")]
    issued = json.loads(rows[1][3])
    assert issued["number"] == "2026-0001" and issued["status"] == "issued"
    assert json.loads(rows[1][2])["status"] == "draft"
    assert json.loads(rows[4][3])["status"] == "void"
    messages = [json.loads(r[0])["message"] for r in q(
        world.target, "SELECT after FROM activity WHERE entity = 'batch' ORDER BY id DESC "
                      "LIMIT 4")]
    assert messages[0] == "voided invoice 2026-0001 by credit note CN-2026-0001: wrong"
    assert messages[1] == "invoice 2026-0001 paid on 2026-11-23"
    assert messages[2].startswith("issued invoice 2026-0001 to Acme: ")
    uninvoiced = q(world.target, "SELECT count(*) FROM activity WHERE entity = 'time_entry' "
                                 "AND action = 'uninvoice'")
    assert uninvoiced == [(len(inv.entry_nos),)]


def test_an_approval_repriced_since_is_not_invoiced(world):
    from fcc.store.rounding import parse_rounding

    a = world.submit_approval("Acme", *W47)
    world.decide_approval(a.id, "approved")
    world.set_project("Acme/Website", rounding=parse_rounding("30:up:entry"))
    with pytest.raises(BillingLocked, match=rf"approval {a.id} .* was approved at "
                                            rf"{a.totals[0].amount} EUR, and its entries now "
                                            r"price at .* \(a rounding rule or the zone changed"):
        world.create_invoice("Acme", approval=a.id)
    world.set_project("Acme/Website", rounding=None)
    assert world.create_invoice("Acme", approval=a.id).subtotal == a.totals[0].amount
