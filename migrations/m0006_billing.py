"""0006 — billing: client approvals of timesheets, invoices and credit notes.

- ``client``: ``address``, ``tax_id``, ``payment_terms`` (days; NULL: the config's default),
  ``tax_rate`` (percent; NULL: no tax line), ``reverse_charge`` (the invoice says the buyer
  accounts for the tax), ``needs_approval`` (invoices only from approved timesheets).
- ``approval``: the period in epoch seconds (``start_utc``/``end_utc``, its ``zone`` at
  submission), ``timesheet`` (the document sent, Markdown), status ``withdrawn`` (a pending one
  taken back, or an approved one whose invoice was voided); one pending-or-approved approval per
  client and period (a partial unique index: a rejected period can be submitted again).
- ``approval_entry``: the entry versions an approval covers (frozen while it is pending or
  approved); ``approval_total``: its totals per currency (raw, billed seconds, amount).
- ``invoice``: drafts, issued invoices and credit notes (``kind``), numbered on issue from
  ``invoice_sequence`` (gapless per kind and year), with the seller's and buyer's details as
  they were on the day (JSON) and totals; ``invoice_line``: billed hours x rate, grouped by
  project, card or day; ``invoice_entry``: the entries an invoice covers (``active`` until the
  invoice is voided; an entry is on at most one active invoice).

The rules the database enforces for every writer (triggers on both backends, listed in
``fcc.migrations.rules0006``): frozen entries and periods of open approvals, invoices born
drafts and never edited once issued, lines and links only on drafts, approvals that only move
their status, gapless numbering.

``down()`` drops the new tables, columns and rules and puts ``approval`` back as version 5 had
it (withdrawn approvals become rejected; ``DOWN_NOTE`` says what is lost).
"""

from __future__ import annotations

import uuid

import peewee as pw

from fcc.migrations import rules0006

VERSION = 6
NAME = "billing"

DOWN_NOTE = ("invoices, credit notes, their numbering and the entries they cover, approvals' "
             "covered entries, totals and timesheets, and the clients' address, tax id, payment "
             "terms, tax rate and approval settings are lost; withdrawn approvals become "
             "rejected; invoiced entries keep their invoice reference")


# --- frozen tables (as at version 6) -------------------------------------------------------

class _Base(pw.Model):
    id = pw.AutoField()
    uuid = pw.UUIDField(unique=True, default=uuid.uuid4)

    class Meta:
        legacy_table_names = False


class Client(_Base):
    pass


class Project(_Base):
    pass


class WorkItem(_Base):
    pass


class TimeEntry(_Base):
    pass


def _money(column: str) -> pw.DecimalField:
    return pw.DecimalField(max_digits=12, decimal_places=2, auto_round=True,
                           constraints=[pw.Check(f"{column} >= 0")])


def _money_or_none(column: str) -> pw.DecimalField:
    return pw.DecimalField(max_digits=12, decimal_places=2, auto_round=True, null=True,
                           constraints=[pw.Check(f"{column} >= 0")])


class Approval(_Base):
    client = pw.ForeignKeyField(Client, on_delete="RESTRICT", backref="approvals")
    period_start = pw.DateField()
    period_end = pw.DateField()
    status = pw.CharField(
        max_length=10, default="pending",
        constraints=[pw.Check("status IN ('pending', 'approved', 'rejected', 'withdrawn')")],
    )
    submitted_at = pw.BigIntegerField()
    decided_at = pw.BigIntegerField(null=True)
    note = pw.TextField(default="")
    start_utc = pw.BigIntegerField()
    end_utc = pw.BigIntegerField()
    zone = pw.CharField(max_length=64, default="UTC")
    timesheet = pw.TextField(default="")

    class Meta:
        constraints = [
            pw.Check("period_end >= period_start"),
            pw.Check("end_utc > start_utc"),
            pw.Check("(status = 'pending') = (decided_at IS NULL)"),
        ]


class ApprovalEntry(_Base):
    approval = pw.ForeignKeyField(Approval, on_delete="RESTRICT", backref="entries")
    entry = pw.ForeignKeyField(TimeEntry, on_delete="RESTRICT", backref="approvals")

    class Meta:
        indexes = ((("approval", "entry"), True),)


class ApprovalTotal(_Base):
    approval = pw.ForeignKeyField(Approval, on_delete="RESTRICT", backref="totals")
    currency = pw.CharField(max_length=3)
    seconds = pw.BigIntegerField()
    billed_seconds = pw.BigIntegerField()
    amount = _money("amount")

    class Meta:
        indexes = ((("approval", "currency"), True),)


class Invoice(_Base):
    kind = pw.CharField(max_length=7, default="invoice",
                        constraints=[pw.Check("kind IN ('invoice', 'credit')")])
    client = pw.ForeignKeyField(Client, on_delete="RESTRICT", backref="invoices")
    approval = pw.ForeignKeyField(Approval, null=True, on_delete="RESTRICT", backref="invoices")
    credit_for = pw.ForeignKeyField("self", null=True, on_delete="RESTRICT", backref="credits")
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
    start_utc = pw.BigIntegerField()
    end_utc = pw.BigIntegerField()
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
    created_at = pw.BigIntegerField()
    issued_at = pw.BigIntegerField(null=True)
    voided_at = pw.BigIntegerField(null=True)
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


class InvoiceLine(_Base):
    invoice = pw.ForeignKeyField(Invoice, on_delete="RESTRICT", backref="lines")
    position = pw.IntegerField()
    description = pw.TextField()
    project = pw.ForeignKeyField(Project, null=True, on_delete="RESTRICT", backref="+")
    work_item = pw.ForeignKeyField(WorkItem, null=True, on_delete="RESTRICT", backref="+")
    day = pw.DateField(null=True)
    seconds = pw.BigIntegerField()
    billed_seconds = pw.BigIntegerField()
    rate = _money_or_none("rate")
    amount = _money("amount")

    class Meta:
        indexes = ((("invoice", "position"), True),)


class InvoiceEntry(_Base):
    invoice = pw.ForeignKeyField(Invoice, on_delete="RESTRICT", backref="entries")
    entry = pw.ForeignKeyField(TimeEntry, on_delete="RESTRICT", backref="invoices", index=False)
    active = pw.BooleanField(default=True)

    class Meta:
        indexes = ((("invoice", "entry"), True),)


class InvoiceSequence(_Base):
    """The last number given per kind (invoice, credit) and year: a row lock makes it gapless."""

    kind = pw.CharField(max_length=7)
    year = pw.IntegerField()
    last_seq = pw.IntegerField(default=0)

    class Meta:
        indexes = ((("kind", "year"), True),)


NEW_TABLES: list[type[pw.Model]] = [ApprovalEntry, ApprovalTotal, Invoice, InvoiceLine,
                                    InvoiceEntry, InvoiceSequence]
FROZEN: list[type[pw.Model]] = [Client, Project, WorkItem, TimeEntry, Approval, *NEW_TABLES]

# An entry is on at most one invoice that is not void.
INVOICE_ENTRY_ACTIVE = ("CREATE UNIQUE INDEX invoice_entry_one_active ON invoice_entry "
                        "(entry_id) WHERE active")
# One pending or approved approval per client and period (a rejected one may be sent again).
APPROVAL_OPEN = ("CREATE UNIQUE INDEX approval_one_open ON approval "
                 "(client_id, period_start, period_end) WHERE status IN ('pending', 'approved')")

PENDING_VIEW = """CREATE VIEW pending_approvals AS
SELECT a.id, a.uuid, a.client_id, c.name AS client_name, a.period_start, a.period_end,
       a.submitted_at, a.note
FROM approval a
JOIN client c ON c.id = a.client_id
WHERE a.status = 'pending'"""

CLIENT_COLUMNS = (
    ("address", "TEXT NOT NULL DEFAULT ''"),
    ("tax_id", "VARCHAR(64) NOT NULL DEFAULT ''"),
    ("payment_terms", "INTEGER CHECK (payment_terms BETWEEN 0 AND 365)"),
    ("tax_rate", "DECIMAL(5, 2) CHECK (tax_rate >= 0 AND tax_rate <= 100)"),
    ("reverse_charge", "{bool} NOT NULL DEFAULT {false}"),
    ("needs_approval", "{bool} NOT NULL DEFAULT {false}"),
)


def _is_postgres(db: pw.Database) -> bool:
    return isinstance(db, pw.PostgresqlDatabase)


# --- the rules (triggers) ------------------------------------------------------------------
# Written once for both backends in ``rules0006`` (the file would outgrow itself here).

def _sqlite_rules() -> list[str]:
    return rules0006.sqlite_rules()


SQLITE_TRIGGERS: tuple[str, ...] = rules0006.SQLITE_TRIGGERS


def _postgres_rules() -> list[str]:
    return rules0006.postgres_rules()


PG_FUNCTIONS: tuple[str, ...] = rules0006.PG_FUNCTIONS
PG_TRIGGERS: tuple[tuple[str, str], ...] = rules0006.PG_TRIGGERS


# --- up / down -----------------------------------------------------------------------------

def up(db: pw.Database) -> None:
    pg = _is_postgres(db)
    for name, spec in CLIENT_COLUMNS:
        spec = spec.format(bool="BOOLEAN" if pg else "INTEGER", false="false" if pg else "0")
        db.execute_sql(f"ALTER TABLE client ADD COLUMN {name} "
                       + (spec.replace("DECIMAL", "NUMERIC") if pg else spec))
    _approval_v6(db, pg)
    with db.bind_ctx(FROZEN):
        db.create_tables(NEW_TABLES, safe=False)
    db.execute_sql(INVOICE_ENTRY_ACTIVE)
    for sql in (_postgres_rules() if pg else _sqlite_rules()):
        db.execute_sql(sql)


def _approval_v6(db: pw.Database, pg: bool) -> None:
    """The new columns (the period's bounds from its dates, in UTC: version 5 kept no zone),
    status ``withdrawn``, and the open-approval index instead of the all-status one."""
    if pg:
        db.execute_sql("ALTER TABLE approval DROP CONSTRAINT approval_status_check")
        db.execute_sql("ALTER TABLE approval ADD CONSTRAINT approval_status_check CHECK "
                       "(status IN ('pending', 'approved', 'rejected', 'withdrawn'))")
        db.execute_sql("DROP INDEX approval_client_id_period_start_period_end")
        for sql in (
            "ALTER TABLE approval ADD COLUMN start_utc BIGINT",
            "ALTER TABLE approval ADD COLUMN end_utc BIGINT",
            "ALTER TABLE approval ADD COLUMN zone VARCHAR(64) NOT NULL DEFAULT 'UTC'",
            "ALTER TABLE approval ADD COLUMN timesheet TEXT NOT NULL DEFAULT ''",
            "UPDATE approval SET start_utc = "
            "CAST(EXTRACT(EPOCH FROM period_start::timestamp) AS BIGINT), "
            "end_utc = CAST(EXTRACT(EPOCH FROM period_end::timestamp) AS BIGINT) + 86400",
            "ALTER TABLE approval ALTER COLUMN start_utc SET NOT NULL",
            "ALTER TABLE approval ALTER COLUMN end_utc SET NOT NULL",
            "ALTER TABLE approval ADD CONSTRAINT approval_end_after_start "
            "CHECK (end_utc > start_utc)",
        ):
            db.execute_sql(sql)
    else:
        # SQLite cannot change a CHECK: the table is rebuilt (no table references it yet, the
        # migrator runs with foreign keys off; the view that reads it is made again).
        db.execute_sql("DROP VIEW pending_approvals")
        db.execute_sql("ALTER TABLE approval RENAME TO approval_v5")
        db.execute_sql("DROP INDEX approval_uuid")
        db.execute_sql("DROP INDEX approval_client_id")
        db.execute_sql("DROP INDEX approval_client_id_period_start_period_end")
        with db.bind_ctx([Client, Approval]):
            db.create_tables([Approval], safe=False)
        db.execute_sql(
            "INSERT INTO approval (id, uuid, client_id, period_start, period_end, status, "
            "submitted_at, decided_at, note, start_utc, end_utc, zone, timesheet) "
            "SELECT id, uuid, client_id, period_start, period_end, status, submitted_at, "
            "decided_at, note, CAST(strftime('%s', period_start) AS INTEGER), "
            "CAST(strftime('%s', period_end) AS INTEGER) + 86400, 'UTC', '' FROM approval_v5")
        db.execute_sql("DROP TABLE approval_v5")
        db.execute_sql(PENDING_VIEW)
    db.execute_sql(APPROVAL_OPEN)


def down(db: pw.Database) -> None:
    pg = _is_postgres(db)
    if pg:
        for name, table in PG_TRIGGERS:
            db.execute_sql(f"DROP TRIGGER {name} ON {table}")
        for fn in PG_FUNCTIONS:
            db.execute_sql(f"DROP FUNCTION {fn}()")
    else:
        for name in SQLITE_TRIGGERS:
            db.execute_sql(f"DROP TRIGGER {name}")
    with db.bind_ctx(FROZEN):
        db.drop_tables(list(reversed(NEW_TABLES)), safe=False)
    db.execute_sql("DROP INDEX approval_one_open")
    # Version 5 knows no withdrawn approval, and keeps one per client and period whatever
    # its status: of the rows of one period, the newest stays.
    db.execute_sql("UPDATE approval SET status = 'rejected' WHERE status = 'withdrawn'")
    db.execute_sql("DELETE FROM approval WHERE id NOT IN (SELECT MAX(id) FROM approval "
                   "GROUP BY client_id, period_start, period_end)")
    if pg:
        for sql in (
            "ALTER TABLE approval DROP CONSTRAINT approval_end_after_start",
            "ALTER TABLE approval DROP COLUMN timesheet",
            "ALTER TABLE approval DROP COLUMN zone",
            "ALTER TABLE approval DROP COLUMN end_utc",
            "ALTER TABLE approval DROP COLUMN start_utc",
            "ALTER TABLE approval DROP CONSTRAINT approval_status_check",
            "ALTER TABLE approval ADD CONSTRAINT approval_status_check CHECK "
            "(status IN ('pending', 'approved', 'rejected'))",
        ):
            db.execute_sql(sql)
    else:
        db.execute_sql("DROP VIEW pending_approvals")
        db.execute_sql("ALTER TABLE approval RENAME TO approval_v6")
        db.execute_sql("DROP INDEX approval_uuid")
        db.execute_sql("DROP INDEX approval_client_id")
        db.execute_sql("""CREATE TABLE "approval" ("id" INTEGER NOT NULL PRIMARY KEY,
 "uuid" TEXT NOT NULL, "client_id" INTEGER NOT NULL, "period_start" DATE NOT NULL,
 "period_end" DATE NOT NULL,
 "status" VARCHAR(10) NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
 "submitted_at" INTEGER NOT NULL, "decided_at" INTEGER, "note" TEXT NOT NULL,
 FOREIGN KEY ("client_id") REFERENCES "client" ("id") ON DELETE RESTRICT,
 CHECK (period_end >= period_start), CHECK ((status = 'pending') = (decided_at IS NULL)))""")
        db.execute_sql("INSERT INTO approval (id, uuid, client_id, period_start, period_end, "
                       "status, submitted_at, decided_at, note) SELECT id, uuid, client_id, "
                       "period_start, period_end, status, submitted_at, decided_at, note "
                       "FROM approval_v6")
        db.execute_sql("DROP TABLE approval_v6")
        db.execute_sql('CREATE UNIQUE INDEX "approval_uuid" ON "approval" ("uuid")')
        db.execute_sql('CREATE INDEX "approval_client_id" ON "approval" ("client_id")')
        db.execute_sql(PENDING_VIEW)
    db.execute_sql('CREATE UNIQUE INDEX "approval_client_id_period_start_period_end" '
                   'ON "approval" ("client_id", "period_start", "period_end")')
    for name, _spec in reversed(CLIENT_COLUMNS):
        db.execute_sql(f"ALTER TABLE client DROP COLUMN {name}")
