"""The billing tables (0006): approvals of timesheets, invoices, credit notes, their lines,
the entries they cover and the gapless numbering. Imported through ``fcc.store.tables``
(``t.Invoice``), whose tables these build on; the rules the database enforces for them
(triggers) are in ``migrations/m0006_billing.py``.
"""

from __future__ import annotations

import peewee as pw

from fcc.store.fields import UtcField
from fcc.store.tables import BaseTable, Client, Project, TimeEntry, WorkItem

APPROVAL_STATUSES = ("pending", "approved", "rejected", "withdrawn")
OPEN_APPROVAL = ("pending", "approved")  # these freeze their entries and period
INVOICE_STATUSES = ("draft", "issued", "paid", "void")
INVOICE_KINDS = ("invoice", "credit")
LINE_GROUPS = ("project", "card", "day")


def _money(column: str) -> pw.DecimalField:
    return pw.DecimalField(max_digits=12, decimal_places=2, auto_round=True,
                           constraints=[pw.Check(f"{column} >= 0")])


def _money_or_none(column: str) -> pw.DecimalField:
    return pw.DecimalField(max_digits=12, decimal_places=2, auto_round=True, null=True,
                           constraints=[pw.Check(f"{column} >= 0")])


class Approval(BaseTable):
    """A client's approval of one period's timesheet. Pending or approved, it freezes the
    entries it covers and the client's period (no entry added or started in it)."""

    client = pw.ForeignKeyField(Client, on_delete="RESTRICT", backref="approvals")
    client_id: int
    period_start = pw.DateField()  # local dates, both included
    period_end = pw.DateField()
    status = pw.CharField(
        max_length=10, default="pending",
        constraints=[pw.Check("status IN ('pending', 'approved', 'rejected', 'withdrawn')")],
    )
    submitted_at = UtcField()
    decided_at = UtcField(null=True)
    note = pw.TextField(default="")
    # The period as instants (0006): [start_utc, end_utc) in ``zone``, the zone at submission.
    start_utc = UtcField()
    end_utc = UtcField()
    zone = pw.CharField(max_length=64, default="UTC")
    timesheet = pw.TextField(default="")  # the Markdown sent to the client

    class Meta:
        constraints = [
            pw.Check("period_end >= period_start"),
            pw.Check("end_utc > start_utc"),
            pw.Check("(status = 'pending') = (decided_at IS NULL)"),
        ]


class ApprovalEntry(BaseTable):
    """An entry version an approval covers."""

    approval = pw.ForeignKeyField(Approval, on_delete="RESTRICT", backref="entries")
    approval_id: int
    entry = pw.ForeignKeyField(TimeEntry, on_delete="RESTRICT", backref="approvals")
    entry_id: int

    class Meta:
        indexes = ((("approval", "entry"), True),)


class ApprovalTotal(BaseTable):
    """An approval's totals in one currency, as submitted (never change)."""

    approval = pw.ForeignKeyField(Approval, on_delete="RESTRICT", backref="totals")
    approval_id: int
    currency = pw.CharField(max_length=3)
    seconds = pw.BigIntegerField()
    billed_seconds = pw.BigIntegerField()
    amount = _money("amount")

    class Meta:
        indexes = ((("approval", "currency"), True),)


class Invoice(BaseTable):
    """A draft, an issued invoice or a credit note (amounts of a credit note are positive:
    its ``kind`` says they are credited). Never deleted; numbered on issue."""

    kind = pw.CharField(max_length=7, default="invoice",
                        constraints=[pw.Check("kind IN ('invoice', 'credit')")])
    client = pw.ForeignKeyField(Client, on_delete="RESTRICT", backref="invoices")
    client_id: int
    approval = pw.ForeignKeyField(Approval, null=True, on_delete="RESTRICT", backref="invoices")
    approval_id: int | None
    credit_for = pw.ForeignKeyField("self", null=True, on_delete="RESTRICT", backref="credits")
    credit_for_id: int | None
    status = pw.CharField(
        max_length=7, default="draft",
        constraints=[pw.Check("status IN ('draft', 'issued', 'paid', 'void')")],
    )
    number = pw.CharField(max_length=64, null=True, unique=True)
    year = pw.IntegerField(null=True)
    seq = pw.IntegerField(null=True, constraints=[pw.Check("seq > 0")])
    currency = pw.CharField(max_length=3, constraints=[pw.Check("length(currency) = 3")])
    period_start = pw.DateField()
    period_end = pw.DateField()
    start_utc = UtcField()
    end_utc = UtcField()
    zone = pw.CharField(max_length=64, default="UTC")
    group_by = pw.CharField(max_length=7, default="project",
                            constraints=[pw.Check("group_by IN ('project', 'card', 'day')")])
    issue_date = pw.DateField(null=True)
    due_date = pw.DateField(null=True)
    paid_date = pw.DateField(null=True)
    subtotal = _money("subtotal")
    tax_rate = pw.DecimalField(max_digits=5, decimal_places=2, auto_round=True, null=True,
                               constraints=[pw.Check("tax_rate >= 0 AND tax_rate <= 100")])
    tax = _money("tax")
    total = _money("total")
    reverse_charge = pw.BooleanField(default=False)
    seller = pw.TextField(default="{}")  # JSON: the seller's details as on the issue day
    buyer = pw.TextField(default="{}")  # JSON: the client's details as on the issue day
    note = pw.TextField(default="")
    created_at = UtcField()
    issued_at = UtcField(null=True)
    voided_at = UtcField(null=True)
    void_reason = pw.TextField(null=True)

    class Meta:
        constraints = [
            pw.Check("period_end >= period_start"),
            pw.Check("end_utc > start_utc"),
            pw.Check("status <> 'draft' OR number IS NULL"),
            pw.Check("status NOT IN ('issued', 'paid') OR number IS NOT NULL"),
            pw.Check("(number IS NULL) = (seq IS NULL) AND (seq IS NULL) = (year IS NULL)"),
            pw.Check("status <> 'paid' OR paid_date IS NOT NULL"),
            pw.Check("paid_date IS NULL OR status IN ('paid', 'void')"),
            pw.Check("(kind = 'credit') = (credit_for_id IS NOT NULL)"),
            pw.Check("(status = 'void') = (voided_at IS NOT NULL)"),
        ]
        indexes = ((("kind", "year", "seq"), True), (("client", "status"), False))


class InvoiceLine(BaseTable):
    """Billed hours x rate for one project, card or day (and rate)."""

    invoice = pw.ForeignKeyField(Invoice, on_delete="RESTRICT", backref="lines")
    invoice_id: int
    position = pw.IntegerField()
    description = pw.TextField()
    project = pw.ForeignKeyField(Project, null=True, on_delete="RESTRICT", backref="+")
    project_id: int | None
    work_item = pw.ForeignKeyField(WorkItem, null=True, on_delete="RESTRICT", backref="+")
    work_item_id: int | None
    day = pw.DateField(null=True)
    seconds = pw.BigIntegerField()
    billed_seconds = pw.BigIntegerField()
    rate = _money_or_none("rate")
    amount = _money("amount")

    class Meta:
        indexes = ((("invoice", "position"), True),)


class InvoiceEntry(BaseTable):
    """An entry an invoice covers; ``active`` until the invoice is voided."""

    invoice = pw.ForeignKeyField(Invoice, on_delete="RESTRICT", backref="entries")
    invoice_id: int
    entry = pw.ForeignKeyField(TimeEntry, on_delete="RESTRICT", backref="invoices", index=False)
    entry_id: int
    active = pw.BooleanField(default=True)

    class Meta:
        indexes = ((("invoice", "entry"), True),)


class InvoiceSequence(BaseTable):
    """The last number given per kind and year (a row lock on it keeps numbers gapless)."""

    kind = pw.CharField(max_length=7)
    year = pw.IntegerField()
    last_seq = pw.IntegerField(default=0)

    class Meta:
        indexes = ((("kind", "year"), True),)


# Partial indexes, named (the schema diff pairs them with the database's by name).
InvoiceEntry.add_index(InvoiceEntry.index(InvoiceEntry.entry, unique=True,
                                          name="invoice_entry_one_active")
                       .where(InvoiceEntry.active))
Approval.add_index(Approval.index(Approval.client, Approval.period_start, Approval.period_end,
                                  unique=True, name="approval_one_open")
                   .where(Approval.status.in_(OPEN_APPROVAL)))
