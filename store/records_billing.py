"""What the billing verbs hand out: approvals of timesheets, invoices and credit notes, the
seller's settings, and the unbilled amount per client.

Amounts are ``Decimal`` to the cent (never floats); a credit note's amounts are positive (its
``kind`` says they are credited). Dates are the user's local dates; instants are aware UTC
datetimes.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from fcc.store.money import hours

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import TypeVar, dataclass_transform

    _T = TypeVar("_T")

    @dataclass_transform(frozen_default=True, kw_only_default=True)
    def record(cls: type[_T]) -> type[_T]: ...
else:
    from fcc.store.recordtype import record

APPROVAL_STATUSES = ("pending", "approved", "rejected", "withdrawn")
INVOICE_STATUSES = ("draft", "issued", "paid", "void")
LINE_GROUPS = ("project", "card", "day")
DEFAULT_NUMBER_PATTERN = "{year}-{seq:04}"
DEFAULT_CREDIT_PATTERN = "CN-{year}-{seq:04}"
DEFAULT_PAYMENT_TERMS = 30  # days, when neither the client nor the config says


@record
class Party:
    """A seller's or a buyer's details as an invoice prints them."""

    name: str = ""
    address: str = ""  # lines separated by "\n"
    tax_id: str = ""
    email: str = ""
    bank: str = ""  # the seller's: IBAN, BIC, bank name... as one text (lines by "\n")


@record
class BillingSettings:
    """The config file's ``[seller]`` and ``[invoice]`` tables (this machine's)."""

    seller: Party = Party()
    number_pattern: str = DEFAULT_NUMBER_PATTERN
    credit_pattern: str = DEFAULT_CREDIT_PATTERN
    payment_terms: int = DEFAULT_PAYMENT_TERMS
    group_by: str = "project"


@record
class MoneyTotal:
    """Raw and billed time and the amount in one currency."""

    currency: str
    seconds: int
    billed_seconds: int
    amount: Decimal

    @property
    def hours(self) -> Decimal:
        return hours(self.billed_seconds)


@record
class Approval:
    id: int
    uuid: str
    client_id: int
    client: str
    period_start: dt.date  # local, both ends included
    period_end: dt.date
    start: dt.datetime  # [start, end) in UTC: the period in ``zone``
    end: dt.datetime
    zone: str
    status: str  # pending, approved, rejected, withdrawn
    submitted_at: dt.datetime
    decided_at: dt.datetime | None
    note: str
    totals: tuple[MoneyTotal, ...]  # as submitted; they never change
    entry_nos: tuple[int, ...]  # the entries it covers (their numbers)
    timesheet: str = ""  # the Markdown sent
    invoice_ids: tuple[int, ...] = ()

    @property
    def open(self) -> bool:
        """Pending or approved: its entries and period are frozen."""
        return self.status in ("pending", "approved")

    @property
    def label(self) -> str:
        return f"approval {self.id}"


@record
class InvoiceLine:
    position: int
    description: str
    currency: str
    seconds: int
    billed_seconds: int
    rate: Decimal | None
    amount: Decimal
    project_id: int | None = None
    card_id: int | None = None
    day: dt.date | None = None

    @property
    def hours(self) -> Decimal:
        """Billed hours to two places, as printed."""
        return hours(self.billed_seconds)


@record
class Invoice:
    id: int
    uuid: str
    kind: str  # invoice, credit
    status: str  # draft, issued, paid, void
    number: str | None  # set on issue
    client_id: int
    client: str
    currency: str
    period_start: dt.date
    period_end: dt.date
    group_by: str
    issue_date: dt.date | None
    due_date: dt.date | None
    paid_date: dt.date | None
    subtotal: Decimal
    tax_rate: Decimal | None  # percent
    tax: Decimal
    total: Decimal
    reverse_charge: bool
    seller: Party
    buyer: Party
    note: str
    created_at: dt.datetime
    issued_at: dt.datetime | None
    voided_at: dt.datetime | None
    void_reason: str | None
    lines: tuple[InvoiceLine, ...]
    entry_nos: tuple[int, ...]  # the entries it covers (their numbers)
    approval_id: int | None = None
    credit_for_id: int | None = None  # a credit note: the invoice it cancels
    credit_for_number: str | None = None
    credited_by: str | None = None  # an invoice voided by a credit note: that note's number

    @property
    def label(self) -> str:
        """Its number, or ``draft 7`` before it is issued."""
        return self.number or f"draft {self.id}"

    def overdue(self, today: dt.date) -> bool:
        """An issued invoice unpaid past its due date (a credit note is never owed)."""
        return (self.kind == "invoice" and self.status == "issued"
                and self.due_date is not None and self.due_date < today)


@record
class Unbilled:
    """A client's billable time not on any invoice (that is not void), per currency."""

    client_id: int
    client: str
    currency: str
    seconds: int
    billed_seconds: int
    amount: Decimal
    needs_approval: bool = False
    approved_amount: Decimal = Decimal("0.00")  # of it, covered by an approved approval
