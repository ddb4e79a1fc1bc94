"""Invoices as the database keeps them (0006's triggers), attacked with raw SQL on SQLite and
PostgreSQL: an invoice is born a draft and never deleted; a draft is free, and is issued only
with its number just taken from the gapless sequence and its dates and parties set; an issued
one only becomes paid or void, a paid one only void, and nothing else of it changes; lines
change only on drafts; links are added to drafts only, never deleted, and released only once
the invoice is void; the sequence only counts up by one. Each refused write leaves every row
as it was; each allowed one passes."""

from __future__ import annotations

import pytest

from fcc.migrations.rules0006 import INVOICE_MSG, LINE_MSG, LINK_MSG, SEQUENCE_MSG
from tests.store.billing_rows import (
    ISSUE_SQL,
    PARTY,
    T0,
    acme,
    add_invoice,
    add_line,
    issue,
    new_id,
    next_seq,
    unchanged,
    void_by_credit,
)
from tests.store.helpers import q

__all__ = ["acme"]  # the fixture

WHERE = "WHERE id = ?"
PAID = "UPDATE invoice SET status = 'paid', paid_date = ? WHERE id = ?"
VOID = "UPDATE invoice SET status = 'void', voided_at = ?, void_reason = ? WHERE id = ?"


def state(target, invoice: int) -> tuple:
    """Status, number, paid date (as text) and void reason."""
    status, number, paid, reason = q(target, "SELECT status, number, paid_date, void_reason "
                                             "FROM invoice WHERE id = ?", (invoice,))[0]
    return status, number, None if paid is None else str(paid), reason


@pytest.fixture
def draft(target, acme) -> int:
    return add_invoice(target, acme["client"], acme["entries"][:2])


# --- a draft ---------------------------------------------------------------------------------


def test_an_invoice_is_born_a_draft(target, acme, draft):
    assert state(target, draft) == ("draft", None, None, None)
    next_seq(target, "invoice")  # even with its number taken
    unchanged(target, "INSERT INTO invoice (uuid, client_id, status, number, year, seq, "
                      "currency, period_start, period_end, start_utc, end_utc, zone, group_by, "
                      "issue_date, due_date, subtotal, tax, total, reverse_charge, seller, buyer, "
                      "note, created_at, issued_at) VALUES (?, ?, 'issued', '2026-0001', 2026, "
                      "1, 'EUR', '2026-11-01', '2026-11-30', 1, 2, 'UTC', 'project', "
                      "'2026-12-01', '2026-12-15', 0, 0, 0, FALSE, '{}', '{}', '', ?, ?)",
              (new_id(), acme["client"], T0, T0), match=INVOICE_MSG)


def test_a_draft_is_free_until_issued(target, draft):
    q(target, "UPDATE invoice SET subtotal = 250, total = 250, note = 'recounted', "
              "group_by = 'day', currency = 'USD' WHERE id = ?", (draft,))
    add_line(target, draft, position=1)
    q(target, "UPDATE invoice_line SET amount = 150 WHERE invoice_id = ? AND position = 1",
      (draft,))
    q(target, "DELETE FROM invoice_line WHERE invoice_id = ? AND position = 1", (draft,))
    assert q(target, "SELECT count(*) FROM invoice_line WHERE invoice_id = ?", (draft,)) == [(1,)]


def test_a_draft_is_voided_and_releases_its_entries(target, acme, draft):
    q(target, VOID, (T0, "made by mistake", draft))
    q(target, "UPDATE invoice_entry SET active = FALSE WHERE invoice_id = ?", (draft,))
    again = add_invoice(target, acme["client"], acme["entries"][:2])  # the entries are free
    assert issue(target, again) == "2026-0001"


def test_a_draft_is_never_paid_nor_deleted(target, draft):
    unchanged(target, PAID, ("2026-12-20", draft), match=INVOICE_MSG)
    unchanged(target, f"DELETE FROM invoice {WHERE}", (draft,), match=INVOICE_MSG)


# --- issuing ---------------------------------------------------------------------------------


def test_issuing_takes_the_number_just_given(target, draft):
    # No sequence row yet, or a number the sequence did not give: refused.
    unchanged(target, ISSUE_SQL, ("2026-0001", 1, T0, PARTY, PARTY, draft), match=INVOICE_MSG)
    seq = next_seq(target, "invoice")
    unchanged(target, ISSUE_SQL, ("2026-0002", seq + 1, T0, PARTY, PARTY, draft),
              match=INVOICE_MSG)
    unchanged(target, ISSUE_SQL, ("2026-0001", seq, T0, "{}", PARTY, draft),  # no seller
              match=INVOICE_MSG)
    q(target, ISSUE_SQL, ("2026-0001", seq, T0, PARTY, PARTY, draft))
    assert state(target, draft) == ("issued", "2026-0001", None, None)


@pytest.mark.parametrize("missing", ["issue_date", "due_date", "issued_at", "buyer"])
def test_issuing_needs_its_dates_and_parties(target, draft, missing):
    seq = next_seq(target, "invoice")
    values = {"status": "'issued'", "number": "'2026-0001'", "year": "2026", "seq": str(seq),
              "issue_date": "'2026-12-08'", "due_date": "'2026-12-22'", "issued_at": str(T0),
              "seller": "'{\"name\": \"Jo\"}'", "buyer": "'{\"name\": \"Acme\"}'",
              missing: "'{}'" if missing == "buyer" else "NULL"}
    sets = ", ".join(f"{column} = {value}" for column, value in values.items())
    unchanged(target, f"UPDATE invoice SET {sets} {WHERE}", (draft,), match=INVOICE_MSG)


# --- an issued invoice -----------------------------------------------------------------------


@pytest.fixture
def issued(target, draft) -> int:
    issue(target, draft)
    return draft


@pytest.mark.parametrize("change", [
    "total = total + 1", "subtotal = 0", "tax = 1", "tax_rate = 19", "note = 'edited'",
    "number = '2026-0099'", "seq = 99", "year = 2027", "issue_date = '2026-12-09'",
    "due_date = '2027-01-31'", "seller = '{\"name\": \"someone else\"}'", "buyer = '{}'",
    "currency = 'USD'", "client_id = client_id + 1", "period_end = '2026-12-31'",
    "start_utc = start_utc - 1", "reverse_charge = TRUE", "group_by = 'day'", "kind = 'credit'",
    "issued_at = issued_at + 1", "created_at = 0", "zone = 'Europe/Berlin'",
    "status = 'draft', number = NULL, year = NULL, seq = NULL"])
def test_an_issued_invoice_is_never_edited(target, issued, change):
    unchanged(target, f"UPDATE invoice SET {change} {WHERE}", (issued,), match=INVOICE_MSG)


def test_an_issued_invoice_is_paid_once_then_only_voided(target, issued):
    unchanged(target, f"UPDATE invoice SET status = 'paid', paid_date = ?, note = 'thanks' "
                      f"{WHERE}", ("2026-12-20", issued), match=INVOICE_MSG)
    q(target, PAID, ("2026-12-20", issued))
    for sql, params in ((f"UPDATE invoice SET paid_date = '2026-12-21' {WHERE}", (issued,)),
                        (f"UPDATE invoice SET status = 'issued', paid_date = NULL {WHERE}",
                         (issued,)),
                        (f"DELETE FROM invoice {WHERE}", (issued,)),
                        (f"UPDATE invoice SET status = 'void', voided_at = ?, void_reason = 'x', "
                         f"paid_date = NULL {WHERE}", (T0, issued))):
        unchanged(target, sql, params, match=INVOICE_MSG)
    q(target, VOID, (T0, "refunded", issued))
    assert state(target, issued) == ("void", "2026-0001", "2026-12-20", "refunded")



def test_a_void_needs_its_reason_and_is_final(target, issued):
    unchanged(target, VOID, (T0, "", issued), match=INVOICE_MSG)
    unchanged(target, "UPDATE invoice SET status = 'void', voided_at = ? WHERE id = ?",
              (T0, issued), match=INVOICE_MSG)
    q(target, VOID, (T0, "wrong rate", issued))
    for change in ("void_reason = 'other'", "voided_at = voided_at + 1", "note = 'x'",
                   "status = 'issued', voided_at = NULL, void_reason = NULL",
                   "status = 'paid', paid_date = '2026-12-20', voided_at = NULL"):
        unchanged(target, f"UPDATE invoice SET {change} {WHERE}", (issued,), match=INVOICE_MSG)
    unchanged(target, f"DELETE FROM invoice {WHERE}", (issued,), match=INVOICE_MSG)


def test_the_credit_note_path_passes_every_rule(target, acme, issued):
    credit, fresh = void_by_credit(target, issued)
    assert state(target, credit)[:2] == ("issued", "CN-2026-0001")
    assert state(target, issued)[0] == "void"
    assert q(target, "SELECT count(*) FROM invoice_entry WHERE invoice_id = ? AND active",
             (issued,)) == [(0,)]
    again = add_invoice(target, acme["client"], fresh)
    assert issue(target, again) == "2026-0002"


# --- lines -----------------------------------------------------------------------------------


@pytest.mark.parametrize("status", ["issued", "paid", "void"])
def test_lines_change_only_on_drafts(target, issued, status):
    if status == "paid":
        q(target, PAID, ("2026-12-20", issued))
    if status == "void":
        q(target, VOID, (T0, "wrong rate", issued))
    where = "WHERE invoice_id = ?"
    for sql in ("INSERT INTO invoice_line (uuid, invoice_id, position, description, seconds, "
                "billed_seconds, rate, amount) VALUES (?, ?, 5, 'extra', 60, 60, 100, 1)",
                f"UPDATE invoice_line SET amount = 0 {where}",
                f"UPDATE invoice_line SET description = 'renamed' {where}",
                f"DELETE FROM invoice_line {where}"):
        params = (new_id(), issued) if sql.startswith("INSERT") else (issued,)
        unchanged(target, sql, params, match=LINE_MSG)


def test_a_line_never_moves_to_an_issued_invoice(target, acme, issued):
    other = add_invoice(target, acme["client"], [])
    unchanged(target, "UPDATE invoice_line SET invoice_id = ?, position = 9 WHERE invoice_id = ?",
              (issued, other), match=LINE_MSG)


# --- links -----------------------------------------------------------------------------------


def test_links_are_added_only_to_drafts(target, acme, issued):
    unchanged(target, "INSERT INTO invoice_entry (uuid, invoice_id, entry_id, active) "
                      "VALUES (?, ?, ?, TRUE)", (new_id(), issued, acme["entries"][2]),
              match=LINK_MSG)


@pytest.mark.parametrize("status", ["draft", "issued", "paid"])
def test_links_are_released_only_by_a_void(target, draft, status):
    if status != "draft":
        issue(target, draft)
    if status == "paid":
        q(target, PAID, ("2026-12-20", draft))
    release = "UPDATE invoice_entry SET active = FALSE WHERE invoice_id = ?"
    unchanged(target, release, (draft,), match=LINK_MSG)
    unchanged(target, "DELETE FROM invoice_entry WHERE invoice_id = ?", (draft,), match=LINK_MSG)
    q(target, VOID, (T0, "wrong client", draft))
    q(target, release, (draft,))
    unchanged(target, "UPDATE invoice_entry SET active = TRUE WHERE invoice_id = ?", (draft,),
              match=LINK_MSG)
    unchanged(target, "DELETE FROM invoice_entry WHERE invoice_id = ?", (draft,), match=LINK_MSG)


def test_a_link_never_points_elsewhere(target, acme, draft):
    other = add_invoice(target, acme["client"], [])
    for change, value in (("entry_id", acme["entries"][2]), ("invoice_id", other)):
        unchanged(target, f"UPDATE invoice_entry SET {change} = ? WHERE invoice_id = ?",
                  (value, draft), match=LINK_MSG)


# --- the sequence ----------------------------------------------------------------------------


def test_the_sequence_counts_up_by_one(target, store):
    insert = "INSERT INTO invoice_sequence (uuid, kind, year, last_seq) VALUES (?, ?, ?, ?)"
    unchanged(target, insert, (new_id(), "invoice", 2026, 7), match=SEQUENCE_MSG)
    q(target, insert, (new_id(), "invoice", 2026, 0))
    q(target, insert, (new_id(), "credit", 2026, 1))
    where = "WHERE kind = 'invoice' AND year = 2026"
    for change in ("last_seq = last_seq + 2", "last_seq = last_seq - 1", "last_seq = 0",
                   "year = 2027", "kind = 'other'"):
        unchanged(target, f"UPDATE invoice_sequence SET {change} {where}", match=SEQUENCE_MSG)
    for _ in range(3):
        q(target, f"UPDATE invoice_sequence SET last_seq = last_seq + 1 {where}")
    assert q(target, f"SELECT last_seq FROM invoice_sequence {where}") == [(3,)]
    unchanged(target, f"DELETE FROM invoice_sequence {where}", match=SEQUENCE_MSG)
