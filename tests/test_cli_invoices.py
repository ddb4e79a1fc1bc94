"""``fcc invoice`` and the client's invoice details through the real executable: create, list,
issue, show, paid, void (a credit note), export, the config file's [seller] and [invoice]
tables, and every refusal as one line with its exit code.

The processes run on the real clock: the entries are in last month, the invoices issued
today."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from tests.test_cli import fcc

CONFIG = """\
[seller]
name = "Jo Freelance"
address = "Main St 1\\n10115 Berlin"
tax_id = "DE999"
[invoice]
number_pattern = "INV-{year}-{seq:03}"
payment_terms = 10
"""


def today() -> dt.date:
    """Today in UTC, the zone the fixture sets (as the fcc processes see it)."""
    from fcc.store.clock import SystemClock

    return SystemClock().now().date()


def last_month() -> tuple[dt.date, str]:
    first = today().replace(day=1)
    start = (first - dt.timedelta(days=1)).replace(day=1)
    return start, f"{start:%Y-%m}"


@pytest.fixture
def home(tmp_path: Path) -> Path:
    (tmp_path / "config" / "fcc").mkdir(parents=True)
    (tmp_path / "config" / "fcc" / "config.toml").write_text(CONFIG, encoding="utf-8")
    start, _ = last_month()
    run(tmp_path, "config", "zone", "UTC")
    run(tmp_path, "client", "add", "Acme", "--rate", "100", "--tax-rate", "19", "--terms", "14",
        "--address", "1 Road\\nSpringfield", "--tax-id", "US-1")
    run(tmp_path, "project", "add", "Website", "--client", "Acme")
    for day, span in ((10, ("09:00", "11:30")), (11, ("13:00", "14:15"))):
        run(tmp_path, "add", "Website", "--from", f"{start.replace(day=day)} {span[0]}",
            "--to", f"{start.replace(day=day)} {span[1]}")
    return tmp_path


def run(home: Path, *args: str, code: int = 0) -> str:
    out = fcc(*args, home=home, check=False)
    assert out.returncode == code, (args, out.stdout, out.stderr)
    return out.stdout if code == 0 else out.stderr


def as_json(home: Path, *args: str) -> object:
    return json.loads(run(home, *args, "--format", "json"))


def test_create_issue_pay_and_void(home):
    _, month = last_month()
    year = today().year
    made = run(home, "invoice", "create", "Acme", "--period", month)
    # 2.5 h + 1.25 h at 100: 375.00, and 19% tax
    assert made == (f"created draft 1: Acme, {month}-01 to {last_month()[0]:%Y-%m}-"
                    f"{_month_end(last_month()[0]):%d}, 2 entries, 446.25 EUR; issue it with: "
                    "fcc invoice issue 1\n")
    assert "draft 1" in run(home, "invoice", "list")
    issued = run(home, "invoice", "issue", "1")
    due = today() + dt.timedelta(days=14)
    assert issued == (f"issued invoice INV-{year}-001: Acme, {month}-01 to "
                      f"{_month_end(last_month()[0])}, 2 entries, 446.25 EUR, due {due}\n")
    [row] = as_json(home, "invoice", "list")
    assert (row["number"], row["status"], row["total"], row["tax"], row["subtotal"]) == (
        f"INV-{year}-001", "issued", "446.25", "71.25", "375.00")
    assert (row["seller"]["name"], row["buyer"]["address"], row["due_date"]) == (
        "Jo Freelance", "1 Road\nSpringfield", due.isoformat())
    assert [x["description"] for x in row["lines"]] == ["Website"]
    shown = run(home, "invoice", "show", f"INV-{year}-001")
    assert "tax 19.00%" in shown and "446.25" in shown and "Website" in shown
    assert json.loads(run(home, "log", "--format", "json", "--from", month + "-01"))[0][
        "invoice_ref"] == f"INV-{year}-001"
    paid = run(home, "invoice", "paid", f"INV-{year}-001")
    assert paid.startswith(f"invoice INV-{year}-001 paid on {today()}")
    assert run(home, "invoice", "list", "--unpaid") == (
        "no unpaid invoices; make one with: fcc invoice create CLIENT --period 2026-11\n")
    void = run(home, "invoice", "void", f"INV-{year}-001", "--reason", "wrong rate")
    assert void.startswith(f"voided invoice INV-{year}-001 by credit note CN-{year}-0001: ")
    states = [(i["number"], i["kind"], i["status"]) for i in as_json(home, "invoice", "list")]
    assert states == [(f"CN-{year}-0001", "credit", "issued"),
                      (f"INV-{year}-001", "invoice", "void")]
    document = run(home, "invoice", "export", f"CN-{year}-0001", "--format", "md", "-o", "-")
    assert f"CN-{year}-0001" in document and f"INV-{year}-001" in document
    # The entries are free again: a new draft bills them at the corrected rate.
    run(home, "client", "set", "Acme", "--rate", "110", "--rerate-from", f"{month}-01")
    again = run(home, "invoice", "create", "Acme", "--period", month, "--group-by", "day")
    assert "2 entries, 490.88 EUR" in again  # 412.50 + 19%


def test_overdue_is_marked(home):
    start, month = last_month()
    run(home, "invoice", "create", "Acme", "--from", f"{start}", "--to", f"{start.replace(day=20)}")
    run(home, "invoice", "issue", "1", "--date", f"{start}")  # due on last month's 15th
    listed = run(home, "invoice", "list", "--overdue")
    due = start + dt.timedelta(days=14)
    late = (today() - due).days
    assert f"OVERDUE {late} day" in listed and due.isoformat() in listed
    [row] = as_json(home, "invoice", "list", "--overdue")
    assert row["overdue"] is True


REFUSALS = [
    (["invoice", "create", "Acme"], 2, "fcc: error: --period: expected one of --period "
                                       "2026-11, --week 2026-W47 or --from DATE --to DATE\n"),
    (["invoice", "create", "Acme", "--approval", "1", "--period", "2026-11"], 2,
     "fcc: error: --approval: expected either --approval or a period, not both, got 1\n"),
    (["invoice", "create", "Acme", "--period", "2026-13"], 2,
     "fcc: error: --period: expected a month like 2026-11, got '2026-13'\n"),
    (["invoice", "create", "Acme", "--period", "2026-11", "--group-by", "week"], 2,
     "fcc: error: --group-by: expected one of project, card, day"),
    (["invoice", "create", "Nobody", "--period", "2026-11"], 2,
     "fcc: error: client: no client named 'Nobody'"),
    (["invoice", "create", "Acme", "--period", "2020-01"], 1,
     "fcc: error: nothing to invoice: Acme has no billable entries from 2020-01-01 to "
     "2020-01-31 that are stopped and not invoiced\n"),
    (["invoice", "issue", "7"], 2, "fcc: error: invoice: no invoice with number or id 7\n"),
    (["invoice", "void", "1"], 2, "fcc: error: --reason: expected a reason (required)\n"),
    (["invoice", "paid", "1", "--date", "someday"], 2, "fcc: error: --date: expected"),
]


def test_refusals_are_one_line(home):
    for args, code, message in REFUSALS:
        error = run(home, *args, code=code)
        assert error.startswith(message) and error.count("\n") == 1, (args, error)
    assert run(home, "invoice", "list") == (
        "no invoices; make one with: fcc invoice create CLIENT --period 2026-11\n")


def test_a_draft_is_not_paid_and_an_issued_one_not_issued_again(home):
    _, month = last_month()
    run(home, "invoice", "create", "Acme", "--period", month)
    assert run(home, "invoice", "paid", "1", code=1) == (
        "fcc: error: invoice draft 1 is draft: only an issued invoice is marked paid\n")
    run(home, "invoice", "issue", "1")
    year = today().year
    assert run(home, "invoice", "issue", "1", code=1) == (
        f"fcc: error: invoice INV-{year}-001 is issued: only a draft is issued (an issued "
        "invoice never changes)\n")
    assert "is on invoice" in run(home, "amend", "1", "--note", "x", code=1)


def test_issue_needs_a_seller_and_the_config_is_checked(home):
    config = home / "config" / "fcc" / "config.toml"
    config.write_text("[invoice]\npayment_terms = 10\n", encoding="utf-8")
    _, month = last_month()
    run(home, "invoice", "create", "Acme", "--period", month)
    assert run(home, "invoice", "issue", "1", code=2) == (
        "fcc: error: seller: expected a name in the config file's [seller] table\n")
    config.write_text('[invoice]\nnumber_pattern = "{year}"\n', encoding="utf-8")
    error = run(home, "invoice", "list", code=2)
    assert error.startswith(f"fcc: error: config: {config} line 2: invoice.number_pattern: "
                            "expected a number pattern with {year} and {seq}")
    assert error.endswith("got '{year}'\n") and error.count("\n") == 1


def test_client_invoice_details(home):
    run(home, "client", "set", "Acme", "--terms", "none", "--tax-rate", "7.5",
        "--reverse-charge", "--needs-approval")
    [acme] = as_json(home, "client", "list")
    assert (acme["payment_terms"], acme["tax_rate"], acme["reverse_charge"],
            acme["needs_approval"], acme["address"]) == (None, "7.50", True, True,
                                                         "1 Road\nSpringfield")
    _, month = last_month()
    refused = run(home, "invoice", "create", "Acme", "--period", month, code=1)
    assert refused.startswith("fcc: error: Acme needs an approved timesheet: fcc approval "
                              "submit 'Acme' --from ")
    for args, message in (
            (["--tax-rate", "100.5"], "--tax-rate: expected a tax rate in percent from 0 to 100"),
            (["--tax-rate", "7.555"], "--tax-rate: expected a tax rate in percent"),
            (["--terms", "366"], "--terms: expected payment terms in days, a whole number "
                                 "from 0 to 365"),
            (["--tax-id", "x" * 65], "--tax-id: expected a tax id like DE123456789 of at "
                                     "most 64 characters"),
            (["--address", "a\tb"], "--address: expected a line without control characters")):
        error = run(home, "client", "set", "Acme", *args, code=2)
        assert error.startswith(f"fcc: error: {message}") and error.count("\n") == 1, error


def _month_end(first: dt.date) -> dt.date:
    return (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
