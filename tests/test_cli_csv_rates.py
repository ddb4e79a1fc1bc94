"""`fcc export --format csv` then `fcc import csv` keeps each entry's rate and currency (review
finding 8b: the import gave every entry the new database's rate, null, instead of the 50.00 the
export said), on SQLite and PostgreSQL. A row without a rate gets its project's, as a new entry
does; a row's own rate beats the project's."""

from __future__ import annotations

import json
from decimal import Decimal

from tests.test_cli import fcc as run


def test_the_csv_round_trip_keeps_every_rate(target, tmp_path):
    where = (["--db", str(target.path)] if target.path is not None
             else ["--db", target.url, "--workspace", target.workspace])
    fresh = ["--db", str(tmp_path / "fresh.db")]

    def fcc(*args: str) -> str:
        return run(*args, home=tmp_path).stdout

    fcc(*where, "client", "add", "Acme", "--rate", "50", "--currency", "USD")
    fcc(*where, "project", "add", "Web", "--client", "Acme")
    fcc(*where, "project", "add", "Other")
    fcc(*where, "add", "Web", "--from", "-5h", "--to", "-4h", "--note", "at 50")
    fcc(*where, "project", "set", "Acme/Web", "--rate", "70.25")
    fcc(*where, "add", "Web", "--from", "-4h", "--to", "-3h", "--note", "at 70.25")
    fcc(*where, "add", "Other", "--from", "-3h", "--to", "-2h", "--note", "no rate")
    before = json.loads(fcc(*where, "export"))
    assert [(r["rate"], r["currency"]) for r in before] == [
        ("50.00", "USD"), ("70.25", "USD"), (None, "EUR")]
    csv_file = tmp_path / "all.csv"
    fcc(*where, "export", "--format", "csv", "-o", str(csv_file))

    assert fcc(*fresh, "import", "csv", str(csv_file)).startswith("imported 3 entries")
    assert json.loads(fcc(*fresh, "export")) == before  # ids, uuids, rates: all of it

    # into a database whose project has another rate: the row's rate wins, an empty one
    # is the project's, as for a new entry
    other = ["--db", str(tmp_path / "other.db")]
    fcc(*other, "project", "add", "Other", "--rate", "10")
    handmade = tmp_path / "hand.csv"
    handmade.write_text("project,start,end,rate,currency\n"
                        "Other,2026-11-02T08:00:00Z,2026-11-02T09:00:00Z,12.50,chf\n"
                        "Other,2026-11-02T09:00:00Z,2026-11-02T10:00:00Z,,\n", encoding="utf-8")
    assert fcc(*other, "import", "csv", str(handmade)).startswith("imported 2 entries")
    rows = json.loads(fcc(*other, "export"))
    assert sorted((r["rate"], r["currency"]) for r in rows) == [
        ("10.00", "EUR"), ("12.50", "CHF")]
    report = json.loads(fcc(*other, "report", "--from", "2026-11-01", "--to", "2026-11-03",
                            "--format", "json"))
    assert {Decimal(str(t["amount"])) for t in report["totals"]} == {
        Decimal("10.00"), Decimal("12.50")}


def test_a_bad_rate_or_currency_is_a_bad_record(tmp_path):
    db = ["--db", str(tmp_path / "r.db")]
    handmade = tmp_path / "hand.csv"
    handmade.write_text("project,start,end,rate,currency\n"
                        "P,2026-11-02T08:00:00Z,2026-11-02T09:00:00Z,-1,EUR\n"
                        "P,2026-11-02T09:00:00Z,2026-11-02T10:00:00Z,5,EURO\n"
                        "P,2026-11-02T10:00:00Z,2026-11-02T11:00:00Z,5,eur\n", encoding="utf-8")
    out = run(*db, "import", "csv", str(handmade), "-v", home=tmp_path).stdout.splitlines()
    assert out[0] == "imported 1 entry (1 new project), skipped 2 (already imported: 0, bad: 2)"
    assert out[2].startswith(f"bad: {handmade} line 2: rate: expected ")
    assert out[3] == (f"bad: {handmade} line 3: currency: expected a three-letter ISO 4217 "
                      "currency code like EUR, got 'EURO'")
