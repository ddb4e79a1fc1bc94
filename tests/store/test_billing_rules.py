"""The billing rules as the database keeps them (0006's triggers), attacked with raw SQL from
outside the store on SQLite and PostgreSQL: entries an open approval or an invoice covers stay
as they are, an open approval's period takes no new time of its client, an approval only moves
its status, its entries and totals are fixed, and invoice_ref names the issued invoice.
Each refused write leaves every row as it was; each allowed one passes.
(Invoices, their lines, links and numbering: test_billing_rules_invoices.py.)"""

from __future__ import annotations

import pytest

from fcc.migrations.rules0006 import (
    APPROVAL_MSG,
    APPROVAL_ROWS_MSG,
    ENTRY_MSG,
    INVOICE_REF_MSG,
    PERIOD_MSG,
    TRUNCATE_MSG,
)
from tests.store.billing_rows import (
    DAY,
    ENTRY_SQL,
    NOV_END,
    NOV_START,
    T0,
    acme,
    add_approval,
    add_client,
    add_entry,
    add_invoice,
    add_project,
    decide,
    issue,
    new_id,
    rows,
    snapshot,
    supersede,
    unchanged,
    void_by_credit,
)
from tests.store.helpers import q
from tests.store.test_rules import refused

__all__ = ["acme"]  # the fixture

SUPERSEDE = "UPDATE time_entry SET superseded_by_id = ? WHERE id = ?"
VOID = "UPDATE time_entry SET voided_at = ?, void_reason = 'duplicate' WHERE id = ?"


def corrections(target, entry: int) -> list[tuple[str, tuple]]:
    other = add_entry(target, q(target, "SELECT project_id FROM time_entry WHERE id = ?",
                                (entry,))[0][0], T0 + DAY)  # outside every period
    return [(SUPERSEDE, (other, entry)), (VOID, (T0, entry))]


# --- entries an open approval covers ---------------------------------------------------------


@pytest.mark.parametrize("status", ["pending", "approved"])
def test_an_open_approval_freezes_its_entries(target, acme, status):
    first, second, _ = acme["entries"]
    add_approval(target, acme["client"], [first, second], status)
    for entry in (first, second):
        for sql, params in corrections(target, entry):
            unchanged(target, sql, params, match=ENTRY_MSG)
        before = snapshot(target)
        with pytest.raises(Exception, match="frozen by an open approval"):
            supersede(target, entry, note="amended")  # the store's way, in one transaction
        assert snapshot(target) == before  # the whole transaction rolled back
    # What the approval does not cover stays free (outside its period: no new time inside).
    q(target, VOID, (T0, acme["other_entry"]))


@pytest.mark.parametrize("end", ["rejected", "withdrawn"])
def test_rejecting_or_withdrawing_unlocks(target, acme, end):
    first, second, _ = acme["entries"]
    approval = add_approval(target, acme["client"], [first, second])
    decide(target, approval, end)
    q(target, VOID, (T0, first))
    new = supersede(target, second, note="amended")  # a new version inside the period too
    assert q(target, "SELECT note FROM time_entry WHERE id = ?", (new,)) == [("amended",)]
    add_entry(target, acme["web"], NOV_START + DAY)


def test_a_covered_timer_is_not_stopped(target, acme):
    # A stopped entry's end never changes (0001); a running one an approval covers (no store
    # submits one) keeps running until the approval is closed.
    running = add_entry(target, acme["web"], NOV_END - 600, seconds=None)
    approval = add_approval(target, acme["client"], [running])
    stop = "UPDATE time_entry SET end_utc = ? WHERE id = ?"
    unchanged(target, stop, (NOV_END, running), match=ENTRY_MSG)
    decide(target, approval, "rejected")
    q(target, stop, (NOV_END, running))


def test_a_running_entry_outside_the_period_still_stops(target, acme):
    add_approval(target, acme["client"], acme["entries"][:2])
    running = add_entry(target, acme["web"], T0, seconds=None)
    q(target, "UPDATE time_entry SET end_utc = ? WHERE id = ?", (T0 + 600, running))


# --- no new time in an open approval's period -----------------------------------------------


@pytest.mark.parametrize("status", ["pending", "approved"])
def test_no_entry_starts_inside_an_open_period_of_its_client(target, acme, status):
    add_approval(target, acme["client"], acme["entries"], status)
    for start in (NOV_START, NOV_START + 5 * DAY, NOV_END - 1):
        unchanged(target, ENTRY_SQL, (new_id(), acme["web"], start, start + 60, T0),
                  match=PERIOD_MSG)
        unchanged(target, ENTRY_SQL, (new_id(), acme["web"], start, None, T0),  # a timer
                  match=PERIOD_MSG)
    # [start, end): the instants around it are free; so is another client's time inside it.
    add_entry(target, acme["web"], NOV_START - 60, 60)
    add_entry(target, acme["web"], NOV_END)
    add_entry(target, acme["site"], NOV_START + 5 * DAY)
    add_entry(target, add_project(target, "Admin", None), NOV_START + 5 * DAY)


def test_merged_projects_and_clients_count_as_the_client(target, acme):
    """The effective client, as the report core resolves merges: a project merged into one of
    Acme's, a project of a client merged into Acme, a project of Acme merged elsewhere."""
    add_approval(target, acme["client"], acme["entries"])
    old_web = add_project(target, "Old web", acme["other"], merged_into=acme["web"])
    absorbed = add_client(target, "Acme GmbH", merged_into=acme["client"])
    gmbh = add_project(target, "GmbH site", absorbed)
    inside = NOV_START + 4 * DAY
    for project in (old_web, gmbh):
        unchanged(target, ENTRY_SQL, (new_id(), project, inside, inside + 60, T0),
                  match=PERIOD_MSG)
    moved = add_project(target, "Moved", acme["client"], merged_into=acme["site"])
    add_entry(target, moved, inside)  # its time now belongs to Other's Site


def test_an_approval_of_a_merged_client_still_freezes_its_period(target, acme):
    gone = add_client(target, "Acme Ltd")
    add_approval(target, gone, [])
    q(target, "UPDATE client SET merged_into_id = ? WHERE id = ?", (acme["client"], gone))
    inside = NOV_START + 6 * DAY
    unchanged(target, ENTRY_SQL, (new_id(), acme["web"], inside, inside + 60, T0),
              match=PERIOD_MSG)


def test_a_closed_approval_frees_its_period(target, acme):
    for status in ("rejected", "withdrawn"):
        add_approval(target, acme["client"], [], status)
    add_entry(target, acme["web"], NOV_START + 7 * DAY)


# --- approvals ------------------------------------------------------------------------------


@pytest.mark.parametrize("status", ["approved", "rejected", "withdrawn"])
def test_a_pending_approval_is_decided_or_withdrawn(target, acme, status):
    approval = add_approval(target, acme["client"], acme["entries"])
    q(target, "UPDATE approval SET note = 'looks right' WHERE id = ?", (approval,))
    decide(target, approval, status)
    assert q(target, "SELECT status, note FROM approval WHERE id = ?", (approval,)) == [
        (status, "looks right")]


@pytest.mark.parametrize(("start", "to"), [
    ("approved", "pending"), ("approved", "rejected"), ("rejected", "pending"),
    ("rejected", "approved"), ("rejected", "withdrawn"), ("withdrawn", "pending"),
    ("withdrawn", "approved"), ("withdrawn", "rejected")])
def test_no_other_status_move(target, acme, start, to):
    approval = add_approval(target, acme["client"], [], start)
    decided = None if to == "pending" else T0 + 300
    unchanged(target, "UPDATE approval SET status = ?, decided_at = ? WHERE id = ?",
              (to, decided, approval), match=APPROVAL_MSG)


def test_what_an_approval_covers_never_changes(target, acme):
    approval = add_approval(target, acme["client"], acme["entries"][:1])
    where = "WHERE id = ?"
    for change in ("client_id = ?", "period_start = '2026-10-31'", "period_end = '2026-12-01'",
                   "start_utc = start_utc - 3600", "end_utc = end_utc + 3600",
                   "zone = 'Europe/Berlin'", "submitted_at = submitted_at + 1",
                   "timesheet = 'changed'", "uuid = ?"):
        params = (acme["other"],) if "client" in change else (new_id(),) if "uuid" in change \
            else ()
        unchanged(target, f"UPDATE approval SET {change} {where}", (*params, approval),
                  match=APPROVAL_MSG)
    decide(target, approval, "approved")
    unchanged(target, f"UPDATE approval SET decided_at = decided_at + 1 {where}", (approval,),
              match=APPROVAL_MSG)
    unchanged(target, f"UPDATE approval SET timesheet = '' {where}", (approval,),
              match=APPROVAL_MSG)


def test_a_timesheet_is_written_once_while_pending(target, acme):
    approval = add_approval(target, acme["client"], [], timesheet="")
    sheet = "UPDATE approval SET timesheet = ? WHERE id = ?"
    q(target, sheet, ("# Acme, November", approval))
    unchanged(target, sheet, ("# Acme, November (fixed)", approval), match=APPROVAL_MSG)
    blank = add_approval(target, acme["other"], [], timesheet="")
    decide(target, blank, "approved")
    unchanged(target, sheet, ("# Other", blank), match=APPROVAL_MSG)


def test_approvals_are_never_deleted(target, acme):
    approval = add_approval(target, acme["client"], acme["entries"][:1])
    unchanged(target, "DELETE FROM approval WHERE id = ?", (approval,), match=APPROVAL_MSG)
    decide(target, approval, "rejected")
    unchanged(target, "DELETE FROM approval WHERE id = ?", (approval,), match=APPROVAL_MSG)
    unchanged(target, "DELETE FROM approval", match=APPROVAL_MSG)


def test_an_approved_approval_is_withdrawn_only_once_its_invoice_is_void(target, acme):
    approval = add_approval(target, acme["client"], acme["entries"], "approved")
    invoice = add_invoice(target, acme["client"], acme["entries"], approval=approval)
    withdraw = "UPDATE approval SET status = 'withdrawn', decided_at = ? WHERE id = ?"
    unchanged(target, withdraw, (T0 + 90, approval), match=APPROVAL_MSG)  # its draft lives
    issue(target, invoice)
    unchanged(target, withdraw, (T0 + 90, approval), match=APPROVAL_MSG)
    _, fresh = void_by_credit(target, invoice)  # withdraws it, then supersedes the entries
    assert q(target, "SELECT status FROM approval WHERE id = ?", (approval,)) == [("withdrawn",)]
    assert len(fresh) == 3
    assert q(target, "SELECT count(*) FROM time_entry WHERE id IN (?, ?, ?) AND invoice_ref IS "
                     "NULL AND superseded_by_id IS NULL", tuple(fresh)) == [(3,)]


def test_an_approved_approval_without_invoice_may_be_withdrawn(target, acme):
    approval = add_approval(target, acme["client"], acme["entries"], "approved")
    decide(target, approval, "withdrawn")
    q(target, VOID, (T0, acme["entries"][0]))


# --- covered entries and totals -------------------------------------------------------------


def test_entries_and_totals_are_added_only_while_pending(target, acme):
    first, second, third = acme["entries"]
    approval = add_approval(target, acme["client"], [first])
    q(target, "INSERT INTO approval_entry (uuid, approval_id, entry_id) VALUES (?, ?, ?)",
      (new_id(), approval, second))
    q(target, "INSERT INTO approval_total (uuid, approval_id, currency, seconds, billed_seconds, "
              "amount) VALUES (?, ?, 'USD', 60, 60, 5)", (new_id(), approval))
    decide(target, approval, "approved")
    unchanged(target, "INSERT INTO approval_entry (uuid, approval_id, entry_id) VALUES (?, ?, ?)",
              (new_id(), approval, third), match=APPROVAL_ROWS_MSG)
    unchanged(target, "INSERT INTO approval_total (uuid, approval_id, currency, seconds, "
                      "billed_seconds, amount) VALUES (?, ?, 'GBP', 60, 60, 5)",
              (new_id(), approval), match=APPROVAL_ROWS_MSG)


@pytest.mark.parametrize("status", ["pending", "approved", "rejected"])
def test_entries_and_totals_never_change_nor_go(target, acme, status):
    first, second, _ = acme["entries"]
    approval = add_approval(target, acme["client"], [first], status)
    for sql, params in (
            ("UPDATE approval_entry SET entry_id = ? WHERE approval_id = ?", (second, approval)),
            ("DELETE FROM approval_entry WHERE approval_id = ?", (approval,)),
            ("UPDATE approval_total SET amount = amount + 1 WHERE approval_id = ?", (approval,)),
            ("UPDATE approval_total SET seconds = 0 WHERE approval_id = ?", (approval,)),
            ("DELETE FROM approval_total WHERE approval_id = ?", (approval,))):
        unchanged(target, sql, params, match=APPROVAL_ROWS_MSG)
    assert len(rows(target, "approval_entry")) == 1


# --- the invoice reference ------------------------------------------------------------------


def test_invoice_ref_names_the_issued_invoice_that_covers_the_entry(target, acme):
    first, second, third = acme["entries"]
    invoice = add_invoice(target, acme["client"], [first, second])
    ref = "UPDATE time_entry SET invoice_ref = ? WHERE id = ?"
    unchanged(target, ref, ("2026-0001", first), match=INVOICE_REF_MSG)  # a draft: no number
    number = issue(target, invoice, set_refs=False)
    unchanged(target, ref, ("2026-0002", first), match=INVOICE_REF_MSG)  # not its number
    unchanged(target, ref, (number, third), match=INVOICE_REF_MSG)  # not covered
    q(target, ref, (number, first))
    refused(target, ref, (number + "x", first), match="append-only")  # set once (0001)
    # A link released by a void no longer earns the number.
    void_by_credit(target, invoice)
    unchanged(target, ref, (number, second), match=INVOICE_REF_MSG)


def test_no_entry_is_born_invoiced(target, acme):
    unchanged(target, "INSERT INTO time_entry (uuid, project_id, start_utc, end_utc, zone, note, "
                      "tags, billable, invoice_ref, created_at) VALUES (?, ?, ?, ?, 'UTC', '', "
                      "'[]', TRUE, '2026-0001', ?)",
              (new_id(), acme["web"], T0, T0 + 60, T0), match=INVOICE_REF_MSG)


# --- entries an invoice covers --------------------------------------------------------------


@pytest.mark.parametrize("issued", [False, True])
def test_an_invoice_freezes_its_entries_until_void(target, acme, issued):
    first, second, _ = acme["entries"]
    invoice = add_invoice(target, acme["client"], [first, second])
    if issued:
        issue(target, invoice)
    for sql, params in corrections(target, first):
        unchanged(target, sql, params, match=ENTRY_MSG)
    if issued:
        _, fresh = void_by_credit(target, invoice)
        q(target, VOID, (T0, fresh[0]))
    else:
        q(target, "UPDATE invoice SET status = 'void', voided_at = ?, void_reason = 'redo' "
                  "WHERE id = ?", (T0, invoice))
        q(target, "UPDATE invoice_entry SET active = FALSE WHERE invoice_id = ?", (invoice,))
        q(target, VOID, (T0, first))


def test_billing_tables_are_never_truncated(pg_target, clock):
    from fcc.store.api import Store

    with Store.open(pg_target, clock):
        pass
    client = add_client(pg_target, "Acme")
    add_approval(pg_target, client, [])
    add_invoice(pg_target, client, [])
    for table in ("approval_total", "approval_entry", "approval", "invoice_line",
                  "invoice_entry", "invoice", "invoice_sequence"):
        unchanged(pg_target, f"TRUNCATE {table} CASCADE", match=TRUNCATE_MSG)
