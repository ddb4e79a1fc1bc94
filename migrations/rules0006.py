"""The billing rules migration 0006 makes the database enforce for every writer (the store,
the quick ``fcc start``, any other program): one list of conditions, written once and turned
into SQLite triggers (``RAISE(ABORT, ...)``) or PostgreSQL trigger functions (one per table,
raising ``integrity_constraint_violation`` so both drivers report an IntegrityError).

What they keep:

- ``time_entry``: an entry an open (pending or approved) approval or an active invoice link
  covers is never superseded, voided or given another end; no entry starts inside an open
  approval's period for that approval's client (the effective client, through project and
  client merges, as the report core resolves them); ``invoice_ref`` is set only to the number
  of the issued invoice whose active link covers the entry (and never on a new row).
- ``invoice``: born a draft, never deleted; a draft is free, and leaves that state only to be
  issued (number, year, seq as just taken from ``invoice_sequence``, issue and due dates,
  seller, buyer, issued_at set) or voided; an issued one only becomes paid (with its date) or
  void (with when and why), a paid one only void; nothing else of it ever changes.
- ``invoice_line``: written only while its invoice is a draft. ``invoice_entry``: added only to
  a draft, never deleted, and only released (active true -> false) once its invoice is void.
- ``approval``: never deleted; its client, period, zone, submission and timesheet (written
  once, while pending) never change; status only pending -> approved, rejected or withdrawn,
  and approved -> withdrawn once no live invoice is made from it. ``approval_entry`` /
  ``approval_total``: added only while the approval is pending, never changed or deleted.
- ``invoice_sequence``: never deleted; starts at 0 or 1 and ``last_seq`` only grows by one.

The order a writer follows (one transaction each; ``tests/store/billing_rows.py`` does it):

- submit: insert the approval pending (with its timesheet, or '' and set once later while
  pending), then its ``approval_entry`` and ``approval_total`` rows; then decide.
- create an invoice: insert the draft, its lines and links (a credit note too: a draft first).
- issue: take the number (``INSERT`` the sequence row at 0 on first use, then ``UPDATE ...
  SET last_seq = last_seq + 1``), then set the invoice's status, number, year, seq, dates,
  seller, buyer and issued_at in one ``UPDATE``, then each covered entry's ``invoice_ref``.
- void a draft: the invoice's status first, then release its links.
- void an issued invoice: issue the credit note, void the invoice, release its links,
  withdraw its approval, and only then supersede the entries (a frozen entry refuses it).

Messages are constant one-line texts (SQLite's RAISE takes a literal) saying what is refused
and what to do; the store refuses first, under the writer lock, with messages naming the
approval or invoice.
"""

from __future__ import annotations

from dataclasses import dataclass

ENTRY_MSG = ("time entry frozen by an open approval or an invoice: reject or withdraw the "
             "approval, or void the invoice, before correcting it")
PERIOD_MSG = ("period frozen by an open approval of this client: reject or withdraw the "
              "approval before adding time to it")
INVOICE_REF_MSG = ("invoice_ref is set only by issuing the invoice that covers the entry "
                   "(fcc invoice issue)")
INVOICE_MSG = ("an invoice is born a draft, never deleted and, once issued, never edited: it "
               "goes draft -> issued -> paid, or to void (fcc invoice void), and a credit note "
               "corrects it")
LINE_MSG = ("invoice lines change only while the invoice is a draft: void it (fcc invoice "
            "void) and create a new one")
LINK_MSG = ("an invoice covers entries added while it is a draft, and releases them only once "
            "it is void (fcc invoice void)")
APPROVAL_MSG = ("an approval is never deleted or rewritten: only its status moves, pending -> "
                "approved, rejected or withdrawn, approved -> withdrawn once its invoice is void")
APPROVAL_ROWS_MSG = ("the entries and totals of an approval are fixed when it is submitted: "
                     "reject or withdraw it and submit again")
SEQUENCE_MSG = ("invoice numbers are gapless: invoice_sequence starts at 0 or 1, its last_seq "
                "only grows by one, and it is never deleted")
TRUNCATE_MSG = ("approvals and invoices are never deleted: reject, withdraw or void them "
                "instead")

OPEN = "('pending', 'approved')"

# Invoice columns that never change once it is issued (all but its status and what the
# paid and void transitions set).
INVOICE_FROZEN = (
    "id", "uuid", "kind", "client_id", "approval_id", "credit_for_id", "number", "year", "seq",
    "currency", "period_start", "period_end", "start_utc", "end_utc", "zone", "group_by",
    "issue_date", "due_date", "subtotal", "tax_rate", "tax", "total", "reverse_charge",
    "seller", "buyer", "note", "created_at", "issued_at",
)
APPROVAL_FROZEN = ("id", "uuid", "client_id", "period_start", "period_end", "start_utc",
                   "end_utc", "zone", "submitted_at")


@dataclass(frozen=True)
class Rule:
    name: str  # the SQLite trigger's name
    table: str
    event: str  # INSERT, UPDATE or DELETE
    when: str  # refused when true; {ne} is "IS NOT" (SQLite) or "IS DISTINCT FROM"
    message: str


def _changed(columns: tuple[str, ...]) -> str:
    return " OR ".join(f"NEW.{c} {{ne}} OLD.{c}" for c in columns)


def _draft(ref: str) -> str:
    return f"NOT EXISTS (SELECT 1 FROM invoice WHERE id = {ref}.invoice_id AND status = 'draft')"


def _pending(ref: str) -> str:
    return (f"NOT EXISTS (SELECT 1 FROM approval WHERE id = {ref}.approval_id "
            "AND status = 'pending')")


_FROZEN_ENTRY = f"""(NEW.superseded_by_id {{ne}} OLD.superseded_by_id
     OR NEW.voided_at {{ne}} OLD.voided_at OR NEW.end_utc {{ne}} OLD.end_utc)
 AND (EXISTS (SELECT 1 FROM approval_entry ae JOIN approval a ON a.id = ae.approval_id
              WHERE ae.entry_id = OLD.id AND a.status IN {OPEN})
      OR EXISTS (SELECT 1 FROM invoice_entry ie WHERE ie.entry_id = OLD.id AND ie.active))"""

# The entry's effective client: its project's (or the project it was merged into), or the
# client that one was merged into; compared with the approval's client, resolved alike.
_IN_OPEN_PERIOD = f"""EXISTS (SELECT 1 FROM approval a JOIN client ac ON ac.id = a.client_id
 WHERE a.status IN {OPEN} AND NEW.start_utc >= a.start_utc AND NEW.start_utc < a.end_utc
   AND COALESCE(ac.merged_into_id, ac.id) = (
     SELECT COALESCE(c.merged_into_id, c.id) FROM project p
     JOIN project ep ON ep.id = COALESCE(p.merged_into_id, p.id)
     JOIN client c ON c.id = ep.client_id WHERE p.id = NEW.project_id))"""

_REF_UNEARNED = """OLD.invoice_ref IS NULL AND NEW.invoice_ref IS NOT NULL
 AND NOT EXISTS (SELECT 1 FROM invoice_entry ie JOIN invoice i ON i.id = ie.invoice_id
                 WHERE ie.entry_id = NEW.id AND ie.active AND i.status = 'issued'
                   AND i.number = NEW.invoice_ref)"""

_ISSUED_AS_DUE = """NEW.number IS NOT NULL AND NEW.year IS NOT NULL AND NEW.seq IS NOT NULL
     AND NEW.issue_date IS NOT NULL AND NEW.due_date IS NOT NULL AND NEW.issued_at IS NOT NULL
     AND NEW.seller <> '{{}}' AND NEW.buyer <> '{{}}'
     AND EXISTS (SELECT 1 FROM invoice_sequence s WHERE s.kind = NEW.kind
                 AND s.year = NEW.year AND s.last_seq = NEW.seq)"""

_KEEP_PAID_VOID = ("NEW.paid_date {ne} OLD.paid_date OR NEW.voided_at {ne} OLD.voided_at "
                   "OR NEW.void_reason {ne} OLD.void_reason")

_INVOICE_MOVE = f"""CASE WHEN OLD.status = 'draft' THEN NOT (
       NEW.status IN ('draft', 'void') OR (NEW.status = 'issued' AND {_ISSUED_AS_DUE}))
  ELSE {_changed(INVOICE_FROZEN)}
    OR NOT ((NEW.status = OLD.status AND NOT ({_KEEP_PAID_VOID}))
     OR (OLD.status = 'issued' AND NEW.status = 'paid' AND NEW.paid_date IS NOT NULL
         AND NEW.voided_at IS NULL AND NEW.void_reason IS NULL)
     OR (OLD.status IN ('issued', 'paid') AND NEW.status = 'void'
         AND NOT (NEW.paid_date {{ne}} OLD.paid_date) AND NEW.voided_at IS NOT NULL
         AND COALESCE(length(NEW.void_reason), 0) > 0))
  END"""

_APPROVAL_MOVE = f"""{_changed(APPROVAL_FROZEN)}
 OR (NEW.timesheet {{ne}} OLD.timesheet
     AND NOT (OLD.timesheet = '' AND OLD.status = 'pending' AND NEW.status = 'pending'))
 OR (NEW.status = OLD.status AND NEW.decided_at {{ne}} OLD.decided_at)
 OR (NEW.status <> OLD.status AND NOT (
       (OLD.status = 'pending' AND NEW.status IN ('approved', 'rejected', 'withdrawn'))
       OR (OLD.status = 'approved' AND NEW.status = 'withdrawn'
           AND NOT EXISTS (SELECT 1 FROM invoice i WHERE i.approval_id = OLD.id
                           AND i.kind = 'invoice' AND i.status <> 'void'))))"""

_LINK_MOVE = f"""{_changed(("id", "uuid", "invoice_id", "entry_id"))}
 OR (NEW.active {{ne}} OLD.active AND NOT (OLD.active AND NOT NEW.active
     AND EXISTS (SELECT 1 FROM invoice WHERE id = OLD.invoice_id AND status = 'void')))"""

RULES: tuple[Rule, ...] = (
    Rule("time_entry_billing_frozen", "time_entry", "UPDATE", _FROZEN_ENTRY, ENTRY_MSG),
    Rule("time_entry_billing_period", "time_entry", "INSERT", _IN_OPEN_PERIOD, PERIOD_MSG),
    Rule("time_entry_invoice_ref", "time_entry", "UPDATE", _REF_UNEARNED, INVOICE_REF_MSG),
    Rule("time_entry_invoice_ref_new", "time_entry", "INSERT", "NEW.invoice_ref IS NOT NULL",
         INVOICE_REF_MSG),
    Rule("invoice_born_draft", "invoice", "INSERT", "NEW.status <> 'draft'", INVOICE_MSG),
    Rule("invoice_kept", "invoice", "UPDATE", _INVOICE_MOVE, INVOICE_MSG),
    Rule("invoice_no_delete", "invoice", "DELETE", "1 = 1", INVOICE_MSG),
    Rule("invoice_line_insert", "invoice_line", "INSERT", _draft("NEW"), LINE_MSG),
    Rule("invoice_line_update", "invoice_line", "UPDATE", f"{_draft('OLD')} OR {_draft('NEW')}",
         LINE_MSG),
    Rule("invoice_line_delete", "invoice_line", "DELETE", _draft("OLD"), LINE_MSG),
    Rule("invoice_entry_insert", "invoice_entry", "INSERT", _draft("NEW"), LINK_MSG),
    Rule("invoice_entry_update", "invoice_entry", "UPDATE", _LINK_MOVE, LINK_MSG),
    Rule("invoice_entry_no_delete", "invoice_entry", "DELETE", "1 = 1", LINK_MSG),
    Rule("approval_kept", "approval", "UPDATE", _APPROVAL_MOVE, APPROVAL_MSG),
    Rule("approval_no_delete", "approval", "DELETE", "1 = 1", APPROVAL_MSG),
    Rule("approval_entry_insert", "approval_entry", "INSERT", _pending("NEW"), APPROVAL_ROWS_MSG),
    Rule("approval_entry_update", "approval_entry", "UPDATE", "1 = 1", APPROVAL_ROWS_MSG),
    Rule("approval_entry_no_delete", "approval_entry", "DELETE", "1 = 1", APPROVAL_ROWS_MSG),
    Rule("approval_total_insert", "approval_total", "INSERT", _pending("NEW"), APPROVAL_ROWS_MSG),
    Rule("approval_total_update", "approval_total", "UPDATE", "1 = 1", APPROVAL_ROWS_MSG),
    Rule("approval_total_no_delete", "approval_total", "DELETE", "1 = 1", APPROVAL_ROWS_MSG),
    Rule("invoice_sequence_start", "invoice_sequence", "INSERT", "NEW.last_seq NOT IN (0, 1)",
         SEQUENCE_MSG),
    Rule("invoice_sequence_step", "invoice_sequence", "UPDATE",
         f"{_changed(('id', 'uuid', 'kind', 'year'))} OR NEW.last_seq <> OLD.last_seq + 1",
         SEQUENCE_MSG),
    Rule("invoice_sequence_no_delete", "invoice_sequence", "DELETE", "1 = 1", SEQUENCE_MSG),
)

# The tables, in the order their PostgreSQL functions are made.
TABLES: tuple[str, ...] = tuple(dict.fromkeys(r.table for r in RULES))
NO_TRUNCATE = ("approval", "approval_entry", "approval_total", "invoice", "invoice_line",
               "invoice_entry", "invoice_sequence")


def _literal(message: str) -> str:
    return "'" + message.replace("'", "''") + "'"


def sqlite_rules() -> list[str]:
    return [f"""CREATE TRIGGER {r.name} BEFORE {r.event} ON {r.table}
WHEN {r.when.format(ne='IS NOT')}
BEGIN SELECT RAISE(ABORT, {_literal(r.message)}); END""" for r in RULES]


SQLITE_TRIGGERS: tuple[str, ...] = tuple(r.name for r in RULES)


def pg_function(table: str) -> str:
    return f"fcc_{table}_billing"


def postgres_rules() -> list[str]:
    raise_ = "RAISE EXCEPTION {} USING ERRCODE = 'integrity_constraint_violation';"
    out = []
    for table in TABLES:
        body = []
        for rule in (r for r in RULES if r.table == table):
            body.append(f"""  IF TG_OP = '{rule.event}' THEN
    IF ({rule.when.format(ne='IS DISTINCT FROM')}) THEN
      {raise_.format(_literal(rule.message))}
    END IF;
  END IF;""")
        events = " OR ".join(dict.fromkeys(r.event for r in RULES if r.table == table))
        out.append(f"""CREATE FUNCTION {pg_function(table)}() RETURNS trigger LANGUAGE plpgsql
AS $fcc$
BEGIN
{chr(10).join(body)}
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END
$fcc$""")
        out.append(f"CREATE TRIGGER {table}_billing BEFORE {events} ON {table} "
                   f"FOR EACH ROW EXECUTE FUNCTION {pg_function(table)}()")
    out.append(f"""CREATE FUNCTION fcc_billing_no_truncate() RETURNS trigger LANGUAGE plpgsql
AS $fcc$
BEGIN
  {raise_.format(_literal(TRUNCATE_MSG))}
END
$fcc$""")
    out += [f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION fcc_billing_no_truncate()"
            for table in NO_TRUNCATE]
    return out


PG_FUNCTIONS: tuple[str, ...] = (*(pg_function(t) for t in TABLES), "fcc_billing_no_truncate")
PG_TRIGGERS: tuple[tuple[str, str], ...] = (
    *((f"{t}_billing", t) for t in TABLES), *((f"{t}_no_truncate", t) for t in NO_TRUNCATE))
