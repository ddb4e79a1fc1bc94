"""Invoices, credit notes, approvals and entries built by hand for the document tests, with
hostile text where text comes from the database."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from fcc.store import records as rec
from fcc.store import records_billing as rb
from fcc.store.recordtype import replace

UTC = dt.UTC
D = Decimal
NON_LATIN = "Zoë Łódź 東京"
SCRIPT = "<script>alert('x')</script>"
HOSTILE = f"{NON_LATIN} {SCRIPT} | **bold** _it_ `code` [link](http://x) &amp; \x1b[2J\x07"
LONG = "Very" + "long" * 60 + " name"

SELLER = rb.Party(name="Ada Lovelace Consulting", address="1 Main St\n10115 Berlin\nGermany",
                  tax_id="DE123456789", email="ada@example.com",
                  bank="IBAN DE02 1203 0000 0000 2020 51\nBIC BYLADEM1001")
BUYER = rb.Party(name=HOSTILE, address="# Not a heading\n- not a list\n1. not numbered\n> no quote",
                 tax_id="PL|123\\456", email="ap@zoe.example")


def line(position: int, description: str, billed: int, rate: str | None, amount: str,
         currency: str = "EUR") -> rb.InvoiceLine:
    return rb.InvoiceLine(position=position, description=description, currency=currency,
                          seconds=billed, billed_seconds=billed,
                          rate=None if rate is None else D(rate), amount=D(amount))


LINES = (
    line(1, "Website | redesign", 36_000, "85.00", "850.00"),
    line(2, HOSTILE, 5_430, "85.00", "128.21"),  # 1.5083 h: printed as 1.51
    line(3, LONG, 900, "120.00", "30.00"),
)


def invoice(**changes: object) -> rb.Invoice:
    """Issued invoice 2026-0003: 1008.21 EUR + 19% tax (191.56) = 1199.77 EUR."""
    base = rb.Invoice(
        id=3, uuid="inv-3", kind="invoice", status="issued", number="2026-0003", client_id=1,
        client=HOSTILE, currency="EUR", period_start=dt.date(2026, 11, 1),
        period_end=dt.date(2026, 11, 30), group_by="project", issue_date=dt.date(2026, 12, 1),
        due_date=dt.date(2026, 12, 31), paid_date=None, subtotal=D("1008.21"),
        tax_rate=D("19.00"), tax=D("191.56"), total=D("1199.77"), reverse_charge=False,
        seller=SELLER, buyer=BUYER, note="Thank you!\n**not bold** <b>nor this</b>",
        created_at=dt.datetime(2026, 12, 1, 9, tzinfo=UTC),
        issued_at=dt.datetime(2026, 12, 1, 9, tzinfo=UTC), voided_at=None, void_reason=None,
        lines=LINES, entry_nos=(1, 2, 3))
    return replace(base, **changes)


def draft(**changes: object) -> rb.Invoice:
    return invoice(**{"id": 7, "status": "draft", "number": None, "issue_date": None,
                      "due_date": None, "issued_at": None, "seller": rb.Party(),
                      "buyer": rb.Party(), **changes})


def credit_note(**changes: object) -> rb.Invoice:
    return invoice(**{"id": 9, "kind": "credit", "number": "CN-2026-0001", "credit_for_id": 3,
                      "credit_for_number": "2026-0003", **changes})


def entry(no: int, start: dt.datetime, end: dt.datetime | None, *, note: str = "",
          card: str | None = None, project: str = "Website",
          currency: str = "EUR") -> rec.Entry:
    return rec.Entry(
        id=100 + no, no=no, uuid=f"e-{no}", project_id=1, project=f"{HOSTILE}/{project}",
        client=HOSTILE, work_item_id=None if card is None else 40 + no, work_item=card,
        start=start, end=end, zone="Europe/Berlin", note=note, tags=(), billable=True,
        rate=D("85.00"), currency=currency, superseded_by=None, voided_at=None,
        void_reason=None, invoice_ref=None, source_key=None, created_at=start)


ENTRIES = [
    # 09:00-19:00 Berlin
    entry(1, dt.datetime(2026, 11, 3, 8, tzinfo=UTC), dt.datetime(2026, 11, 3, 18, tzinfo=UTC),
          note="pipe | in a **note**", card="Card <i>one</i>"),
    # 23:30 to 01:00 the next day, Berlin
    entry(2, dt.datetime(2026, 11, 4, 22, 30, tzinfo=UTC),
          dt.datetime(2026, 11, 5, 0, 0, tzinfo=UTC), note=HOSTILE),
    entry(3, dt.datetime(2026, 11, 20, 13, tzinfo=UTC),
          dt.datetime(2026, 11, 20, 13, 15, tzinfo=UTC), project=NON_LATIN, currency="PLN"),
]


def approval(**changes: object) -> rb.Approval:
    base = rb.Approval(
        id=3, uuid="ap-3", client_id=1, client=HOSTILE, period_start=dt.date(2026, 11, 1),
        period_end=dt.date(2026, 11, 30), start=dt.datetime(2026, 10, 31, 23, tzinfo=UTC),
        end=dt.datetime(2026, 11, 30, 23, tzinfo=UTC), zone="Europe/Berlin", status="pending",
        submitted_at=dt.datetime(2026, 12, 1, 9, tzinfo=UTC), decided_at=None,
        note="Please approve by Friday.",
        totals=(rb.MoneyTotal(currency="EUR", seconds=41_400, billed_seconds=42_300,
                              amount=D("998.75")),
                rb.MoneyTotal(currency="PLN", seconds=900, billed_seconds=900,
                              amount=D("75.00"))),
        entry_nos=(1, 2, 3))
    return replace(base, **changes)
