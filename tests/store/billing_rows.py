"""Billing rows written in raw SQL, as any program could write them: clients, projects and
entries, approvals with their covered entries and totals, invoices with lines and links, and
the steps (issue, void by a credit note) in the order the rules (migration 0006) allow.
Shared by the rule tests and the migration tests."""

from __future__ import annotations

import datetime as dt
import json
import uuid

import pytest

from tests.store.helpers import q, raw
from tests.store.test_rules import refused

NOV = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
NOV_START = int(NOV.timestamp())  # the period 2026-11-01 .. 2026-11-30, in UTC
NOV_END = int(dt.datetime(2026, 12, 1, tzinfo=dt.UTC).timestamp())
DAY = 86_400
T0 = NOV_END + 7 * DAY  # when things are written
PARTY = json.dumps({"name": "Jo Freelance"})


def new_id() -> str:
    return str(uuid.uuid4())


def add_client(target, name: str, merged_into: int | None = None) -> int:
    return q(target, "INSERT INTO client (uuid, name, currency, archived, merged_into_id, "
                     "created_at, updated_at) VALUES (?, ?, 'EUR', FALSE, ?, ?, ?) RETURNING id",
             (new_id(), name, merged_into, T0, T0))[0][0]


def add_project(target, name: str, client: int | None,
                merged_into: int | None = None) -> int:
    return q(target, "INSERT INTO project (uuid, client_id, name, status, archived, "
                     "merged_into_id, created_at, updated_at) "
                     "VALUES (?, ?, ?, 'active', FALSE, ?, ?, ?) RETURNING id",
             (new_id(), client, name, merged_into, T0, T0))[0][0]


ENTRY_SQL = ("INSERT INTO time_entry (uuid, project_id, start_utc, end_utc, zone, note, tags, "
             "billable, rate, currency, created_at) "
             "VALUES (?, ?, ?, ?, 'UTC', 'work', '[]', TRUE, 100, 'EUR', ?) RETURNING id")


def add_entry(target, project: int, start: int, seconds: int | None = 3600) -> int:
    end = None if seconds is None else start + seconds
    return q(target, ENTRY_SQL, (new_id(), project, start, end, T0))[0][0]


def add_approval(target, client: int, entries: list[int], status: str = "pending", *,
                 start: str = "2026-11-01", end: str = "2026-11-30",
                 bounds: tuple[int, int] = (NOV_START, NOV_END),
                 timesheet: str = "# Timesheet") -> int:
    """Submitted with its covered entries and total (only a pending one takes them), then
    decided when ``status`` says so."""
    approval = q(target, "INSERT INTO approval (uuid, client_id, period_start, period_end, "
                         "status, submitted_at, note, start_utc, end_utc, zone, timesheet) "
                         "VALUES (?, ?, ?, ?, 'pending', ?, '', ?, ?, 'UTC', ?) RETURNING id",
                 (new_id(), client, start, end, T0, *bounds, timesheet))[0][0]
    for entry in entries:
        q(target, "INSERT INTO approval_entry (uuid, approval_id, entry_id) VALUES (?, ?, ?)",
          (new_id(), approval, entry))
    q(target, "INSERT INTO approval_total (uuid, approval_id, currency, seconds, "
              "billed_seconds, amount) VALUES (?, ?, 'EUR', ?, ?, ?)",
      (new_id(), approval, 3600 * len(entries), 3600 * len(entries), 100 * len(entries)))
    if status != "pending":
        decide(target, approval, status)
    return approval


def decide(target, approval: int, status: str) -> None:
    q(target, "UPDATE approval SET status = ?, decided_at = ? WHERE id = ?",
      (status, T0 + 60, approval))


def add_invoice(target, client: int, entries: list[int], *, approval: int | None = None,
                kind: str = "invoice", credit_for: int | None = None) -> int:
    """A draft with one line and its links."""
    invoice = q(target, "INSERT INTO invoice (uuid, kind, client_id, approval_id, credit_for_id, "
                        "status, currency, period_start, period_end, start_utc, end_utc, zone, "
                        "group_by, subtotal, tax, total, reverse_charge, seller, buyer, note, "
                        "created_at) VALUES (?, ?, ?, ?, ?, 'draft', 'EUR', '2026-11-01', "
                        "'2026-11-30', ?, ?, 'UTC', 'project', ?, 0, ?, FALSE, '{}', '{}', '', "
                        "?) RETURNING id",
                (new_id(), kind, client, approval, credit_for, NOV_START, NOV_END,
                 100 * len(entries), 100 * len(entries), T0))[0][0]
    add_line(target, invoice)
    for entry in entries:
        q(target, "INSERT INTO invoice_entry (uuid, invoice_id, entry_id, active) "
                  "VALUES (?, ?, ?, TRUE)", (new_id(), invoice, entry))
    return invoice


def add_line(target, invoice: int, position: int = 0) -> None:
    q(target, "INSERT INTO invoice_line (uuid, invoice_id, position, description, seconds, "
              "billed_seconds, rate, amount) VALUES (?, ?, ?, 'Web', 3600, 3600, 100, 100)",
      (new_id(), invoice, position))


def next_seq(target, kind: str, year: int = 2026) -> int:
    """Take the next number of ``kind`` in ``year``, as the issuing transaction does."""
    if not q(target, "SELECT 1 FROM invoice_sequence WHERE kind = ? AND year = ?", (kind, year)):
        q(target, "INSERT INTO invoice_sequence (uuid, kind, year, last_seq) VALUES (?, ?, ?, 0)",
          (new_id(), kind, year))
    q(target, "UPDATE invoice_sequence SET last_seq = last_seq + 1 WHERE kind = ? AND year = ?",
      (kind, year))
    return q(target, "SELECT last_seq FROM invoice_sequence WHERE kind = ? AND year = ?",
             (kind, year))[0][0]


ISSUE_SQL = ("UPDATE invoice SET status = 'issued', number = ?, year = 2026, seq = ?, "
             "issue_date = '2026-12-08', due_date = '2026-12-22', issued_at = ?, seller = ?, "
             "buyer = ? WHERE id = ?")


def issue(target, invoice: int, *, set_refs: bool = True) -> str:
    """Number the draft and mark the entries it covers with the number."""
    kind = q(target, "SELECT kind FROM invoice WHERE id = ?", (invoice,))[0][0]
    seq = next_seq(target, kind)
    number = f"{'CN-' if kind == 'credit' else ''}2026-{seq:04}"
    q(target, ISSUE_SQL, (number, seq, T0, PARTY, PARTY, invoice))
    if set_refs:
        q(target, "UPDATE time_entry SET invoice_ref = ? WHERE id IN (SELECT entry_id FROM "
                  "invoice_entry WHERE invoice_id = ? AND active)", (number, invoice))
    return number


def void_by_credit(target, invoice: int) -> tuple[int, list[int]]:
    """Void an issued invoice as the store does: a credit note (a draft, its lines, issued),
    the invoice void, its links released, its approval withdrawn, then each entry it covered
    superseded by a fresh version without the invoice reference. The credit note's id and
    the new versions' ids."""
    client, approval = q(target, "SELECT client_id, approval_id FROM invoice WHERE id = ?",
                         (invoice,))[0]
    credit = add_invoice(target, client, [], kind="credit", credit_for=invoice)
    issue(target, credit)
    q(target, "UPDATE invoice SET status = 'void', voided_at = ?, void_reason = 'wrong rate' "
              "WHERE id = ?", (T0 + 120, invoice))
    entries = [r[0] for r in q(target, "SELECT entry_id FROM invoice_entry WHERE invoice_id = ? "
                                       "AND active ORDER BY entry_id", (invoice,))]
    q(target, "UPDATE invoice_entry SET active = FALSE WHERE invoice_id = ?", (invoice,))
    if approval is not None:
        q(target, "UPDATE approval SET status = 'withdrawn', decided_at = ? WHERE id = ?",
          (T0 + 120, approval))
    return credit, [supersede(target, entry) for entry in entries]


def supersede(target, entry: int, **changes: object) -> int:
    """A new version of the entry (its values, with ``changes``), as the store writes one in
    one transaction: the old row names the new row's reserved id first. The new row's id."""
    columns = ("project_id", "work_item_id", "start_utc", "end_utc", "zone", "note", "tags",
               "billable", "rate", "currency", "parallel")
    with raw(target) as conn:
        pg = target.backend == "postgres"
        ph = "%s" if pg else "?"
        conn.execute("BEGIN" if pg else "BEGIN IMMEDIATE")
        try:
            old = dict(zip(columns, conn.execute(
                f"SELECT {', '.join(columns)} FROM time_entry WHERE id = {ph}", (entry,))
                .fetchone(), strict=True))
            number = conn.execute(f"SELECT COALESCE(entry_no, id) FROM time_entry "
                                  f"WHERE id = {ph}", (entry,)).fetchone()[0]
            new = conn.execute("SELECT nextval(pg_get_serial_sequence('time_entry', 'id'))" if pg
                               else "SELECT max(id) + 1 FROM time_entry").fetchone()[0]
            conn.execute(f"UPDATE time_entry SET superseded_by_id = {ph} WHERE id = {ph}",
                         (new, entry))
            values = {**old, **changes, "id": new, "uuid": new_id(), "entry_no": number,
                      "created_at": T0 + 180}
            conn.execute(f"INSERT INTO time_entry ({', '.join(values)}) "
                         f"VALUES ({', '.join([ph] * len(values))})", tuple(values.values()))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return new


def rows(target, table: str) -> list[tuple]:
    return sorted(map(repr, q(target, f"SELECT * FROM {table}")))


WATCHED = ("client", "project", "time_entry", "approval", "approval_entry", "approval_total",
           "invoice", "invoice_line", "invoice_entry", "invoice_sequence", "activity")


def snapshot(target) -> dict[str, list[str]]:
    """Every row of the tables a billing write may touch."""
    with raw(target) as conn:
        return {name: sorted(map(repr, conn.execute(f"SELECT * FROM {name}").fetchall()))
                for name in WATCHED}


def unchanged(target, sql: str, params: tuple = (), match: str | None = None) -> None:
    """The write is refused (``match`` in the error) and leaves every row as it was."""
    before = snapshot(target)
    refused(target, sql, params, match)
    assert snapshot(target) == before


@pytest.fixture
def acme(store, target):
    """Acme with its project Web and three stopped November entries (the third in the last
    hour of the period), and Other with its project Site and one entry."""
    acme, other = add_client(target, "Acme"), add_client(target, "Other")
    web, site = add_project(target, "Web", acme), add_project(target, "Site", other)
    entries = [add_entry(target, web, NOV_START + 2 * DAY + 9 * 3600),
               add_entry(target, web, NOV_START + 9 * DAY + 9 * 3600),
               add_entry(target, web, NOV_END - 3600)]
    return {"client": acme, "other": other, "web": web, "site": site, "entries": entries,
            "other_entry": add_entry(target, site, NOV_START + 3 * DAY)}
