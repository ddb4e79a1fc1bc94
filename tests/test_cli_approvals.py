"""``fcc approval`` through the real ``fcc``, on both backends: submit a past period, list
and show it (JSON pinned), the refusals of a frozen entry and period (exit 1, one line naming
the approval), approve, reject and withdraw, the timesheet written to a file, the quick
``fcc start`` handing a frozen period to the store, and bad input in one line naming the flag
(exit 2).

The commands run on the real clock: the periods are in 2025 (long over), or today in a zone
where it is midday (``midday_zone``) for the start refused today."""

from __future__ import annotations

import datetime as dt
import json
from zoneinfo import ZoneInfo

from tests import test_cli_boards as boards
from tests.conftest import midday_zone
from tests.test_cli import fcc as run
from tests.test_cli_boards import cli

anydb, db = boards.anydb, boards.db  # the fixtures: a database on both backends, a SQLite one

APPROVAL_FIELDS = ["id", "uuid", "client", "client_id", "period_start", "period_end", "start",
                   "end", "zone", "status", "submitted_at", "decided_at", "note", "totals",
                   "entry_nos", "invoice_ids"]


def seeded(where) -> None:
    cli(where, "client", "add", "Acme", "--rate", "100", "--currency", "EUR")
    cli(where, "project", "add", "Website", "--client", "Acme")
    cli(where, "project", "add", "Admin")
    cli(where, "add", "Website", "--from", "2025-03-03 09:00", "--to", "2025-03-03 11:30",
        "--note", "landing page")
    cli(where, "add", "Website", "--from", "2025-03-04 09:00", "--to", "2025-03-04 10:00")
    cli(where, "add", "Website", "--from", "2025-03-05 09:00", "--to", "2025-03-05 10:00",
        "--no-billable")
    cli(where, "add", "Admin", "--from", "2025-03-06 09:00", "--to", "2025-03-06 10:00")


def test_submit_list_show_refuse_and_approve(anydb):
    seeded(anydb)
    out = cli(anydb, "approval", "submit", "Acme", "--period", "2025-03", "--note", "March")
    assert out == ("submitted approval 1: Acme, 2025-03-01 to 2025-03-31, pending, 2 entries, "
                   "350.00 EUR (3.50 h)\n")
    (row,) = json.loads(cli(anydb, "approval", "list", "--format", "json"))
    assert list(row) == APPROVAL_FIELDS
    assert (row["status"], row["entry_nos"], row["note"], row["zone"]) == (
        "pending", [1, 2], "March", "Europe/Berlin")
    assert (row["start"], row["end"]) == ("2025-02-28T23:00:00Z", "2025-03-31T22:00:00Z")
    assert row["totals"] == [{"currency": "EUR", "seconds": 12600, "billed_seconds": 12600,
                              "hours": "3.50", "amount": "350.00"}]
    shown = json.loads(cli(anydb, "approval", "show", "1", "--format", "json"))
    assert [e["note"] for e in shown["entries"]] == ["landing page", ""]
    table = cli(anydb, "approval", "list", "--pending")
    assert "2025-03-01 to 2025-03-31" in table and "350.00 EUR (3.50 h)" in table

    label = "approval 1 (Acme, 2025-03-01 to 2025-03-31, pending)"
    assert cli(anydb, "amend", "1", "--note", "x", code=1) == (
        f"entry 1 is in {label}: reject or withdraw it first (fcc approval reject|withdraw 1)")
    assert label in cli(anydb, "void", "2", "--reason", "dup", code=1)
    assert label in cli(anydb, "add", "Website", "--from", "2025-03-10 09:00", "--to",
                        "2025-03-10 10:00", code=1)
    assert label in cli(anydb, "amend", "3", "--billable", code=1)  # not covered, in the period
    cli(anydb, "amend", "4", "--note", "another client's")  # free

    out = cli(anydb, "approval", "approve", "1", "--note", "Thanks")
    assert out.startswith("approved approval 1: Acme, 2025-03-01 to 2025-03-31, approved")
    assert cli(anydb, "approval", "list", "--pending").startswith("no approvals pending")
    assert "approved" in cli(anydb, "approval", "show", "1")
    assert cli(anydb, "approval", "reject", "1", code=1) == (
        "approval 1 is approved: only a pending approval is rejected")
    assert "approval 1 (Acme, 2025-03-01 to 2025-03-31, approved)" in cli(
        anydb, "split", "1", "--at", "2025-03-03 10:00", code=1)


def test_reject_and_withdraw_free_the_entries(db):
    seeded(db)
    cli(db, "approval", "submit", "Acme", "--week", "2025-W10")
    assert cli(db, "approval", "reject", "1", "--note", "split it").endswith(
        "; its entries are free again\n")
    cli(db, "split", "1", "--at", "2025-03-03 10:00")
    out = cli(db, "approval", "submit", "Acme", "--from", "2025-03-03", "--to", "2025-03-04")
    assert out.startswith("submitted approval 2: Acme, 2025-03-03 to 2025-03-04, pending, "
                          "3 entries")
    cli(db, "approval", "withdraw", "2")
    cli(db, "amend", "1", "--note", "fixed")
    statuses = [(a["id"], a["status"]) for a in json.loads(
        cli(db, "approval", "list", "--format", "json"))]
    assert statuses == [(2, "withdrawn"), (1, "rejected")]
    assert cli(db, "approval", "withdraw", "2", code=1) == (
        "approval 2 is withdrawn already: only a pending or approved one is withdrawn")


def test_the_timesheet_goes_to_a_file(db):
    seeded(db)
    sheet = db.home / "march.md"
    out = cli(db, "approval", "submit", "Acme", "--period", "2025-03", "--output", str(sheet))
    assert out.splitlines()[1] == f"wrote the timesheet (md) to {sheet}"
    text = sheet.read_text()
    assert text.startswith("# Timesheet — Acme, 2025-03-01 to 2025-03-31")
    assert "| 2025-03-03 | 09:00–11:30 | Website | — | landing page | 2.50 |" in text
    assert cli(db, "approval", "show", "1", "--format", "md") == text  # the same document
    page = db.home / "march.html"
    cli(db, "approval", "show", "1", "--output", str(page))
    assert page.read_text().lstrip().lower().startswith("<!doctype html>")
    pdf = db.home / "march.pdf"
    cli(db, "approval", "show", "1", "--format", "pdf", "--output", str(pdf))
    assert pdf.read_bytes().startswith(b"%PDF")
    assert cli(db, "approval", "show", "1", "--format", "pdf", code=2) == (
        "--output: expected a file to write the PDF to, e.g. --output sheet.pdf")
    assert cli(db, "approval", "show", "1", "--output", str(page), code=2).endswith(
        "exists; choose another file or pass --force")
    cli(db, "approval", "show", "1", "--output", str(page), "--force")


def test_bad_input_is_one_line_naming_the_flag(db):
    seeded(db)
    for args, said in [
        ((), "--period: expected one of --period 2026-11, --week 2026-W47 or --from DATE "
             "--to DATE"),
        (("--period", "2025-13"), "--period: expected a month like 2026-11, got '2025-13'"),
        (("--week", "2025-W60"), "--week: expected an ISO week like 2026-W47, got '2025-W60'"),
        (("--from", "2025-03-01"), "--to: expected a date like 2026-11-30 (--from and --to "
                                   "go together)"),
        (("--from", "March", "--to", "2025-03-31"),
         "--from: expected a date like 2026-11-01, got 'March'"),
        (("--period", "2025-03", "--week", "2025-W10"),
         "--period: expected one of --period 2026-11, --week 2026-W47 or --from DATE --to "
         "DATE, got '--period and --week'"),
        (("--from", "2025-03-31", "--to", "2025-03-01"),
         "--to: expected a date on or after the start (2025-03-31), got '2025-03-01'"),
        (("--period", "2999-01"), "--period: expected a period that has ended"),
    ]:
        error = cli(db, "approval", "submit", "Acme", *args, code=2)
        assert error.startswith(said), (args, error)
    assert cli(db, "approval", "submit", "Nobody", "--period", "2025-03", code=2).startswith(
        "client: no client named 'Nobody'")
    assert cli(db, "approval", "approve", "7", code=2) == "approval: no approval with id 7"
    assert cli(db, "approval", "approve", "x", code=2).startswith(
        "ID: expected an approval id like 3 (a whole number")
    assert cli(db, "approval", "submit", "Acme", "--period", "2025-02", code=1) == (
        "nothing to approve: Acme has no billable entries from 2025-02-01 to 2025-02-28 that "
        "are stopped and not invoiced")


def test_the_quick_start_hands_a_frozen_period_to_the_store(db):
    zone = {"FCC_ZONE": midday_zone()}
    today = dt.datetime.now(ZoneInfo(zone["FCC_ZONE"])).date()
    for args in (("client", "add", "Acme"), ("project", "add", "Website", "--client", "Acme"),
                 ("add", "Website", "--from", "-3h", "--to", "-2h")):
        assert run(*db, *args, home=db.home, env=zone).returncode == 0
    assert run(*db, "approval", "submit", "Acme", "--from", str(today), "--to", str(today),
               home=db.home, env=zone).returncode == 0
    out = run(*db, "start", "Website", home=db.home, env=zone, check=False)
    assert out.returncode == 1 and out.stdout == "" and out.stderr.count("\n") == 1
    assert out.stderr.startswith("fcc: error: an entry of Acme starting ")
    assert f"is inside approval 1 (Acme, {today} to {today}, pending)" in out.stderr
    log = json.loads(run(*db, "log", "--format", "json", home=db.home, env=zone).stdout)
    assert [e["status"] for e in log] == ["ok"]  # nothing started, nothing stopped
