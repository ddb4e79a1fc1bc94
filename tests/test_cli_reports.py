"""``fcc report`` and ``fcc export`` through the real executable, one process per command."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from fcc.store.api import Store
from fcc.store.clock import FrozenClock, SystemClock
from fcc.store.reports import EXPORT_FIELDS
from fcc.store.target import Target
from fcc.store.when import period
from tests.conftest import FROZEN_AT

BERLIN = ZoneInfo("Europe/Berlin")
WEEK = ("--from", "2026-11-16", "--to", "2026-11-23")


def fcc(*args: str, home: Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("fcc") or str(Path(sys.executable).with_name("fcc"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("FCC_")}
    env.update(HOME=str(home), XDG_DATA_HOME=str(home / "data"), FCC_ZONE="Europe/Berlin")
    out = subprocess.run([exe, *args], capture_output=True, text=True, env=env, timeout=60,
                         stdin=subprocess.DEVNULL)
    if check:
        assert out.returncode == 0, out.stderr
    return out


def local(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=BERLIN)


@pytest.fixture
def db(target: Target, tmp_path) -> list[str]:
    """A database with a week of work (on both backends); the --db/-w options that open it."""
    store = Store.open(target, FrozenClock(FROZEN_AT))
    try:
        store.set_setting("zone", "Europe/Berlin")
        store.create_client({"name": "Acme", "hourly_rate": "87.33", "rounding": "15:up:entry"})
        store.create_project({"name": "Website", "client": "Acme"})
        store.create_project({"name": "Admin"})
        store.add_entry("Website", local("2026-11-20 22:00"), local("2026-11-21 01:07"),
                        note='says "hi", twice', tags=["dev", "web"])
        store.add_entry("Admin", local("2026-11-21 09:00"), local("2026-11-21 09:07"),
                        billable=False)
        store.add_entry("Website", local("2026-11-13 09:00"), local("2026-11-13 10:00"))
    finally:
        store.close()
    if target.backend == "sqlite":
        return ["--db", str(target.path)]
    assert target.url is not None
    return ["--db", target.url, "-w", target.workspace]


def test_report_json_sums_to_the_cent(db, tmp_path):
    out = fcc(*db, "report", *WEEK, "--by", "client,project", "--format", "json",
              home=tmp_path).stdout
    data = json.loads(out)
    assert (data["from"], data["to"], data["by"]) == (
        "2026-11-15T23:00:00Z", "2026-11-22T23:00:00Z", ["client", "project"])
    assert data["lines"] == [
        {"client": None, "project": "Admin", "seconds": 420, "billed_seconds": 0,
         "amount": "0.00", "currency": "EUR", "hours": "0.00"},
        # 2:00 on Friday, 1:07 -> 1:15 on Saturday: 174.66 + 109.16
        {"client": "Acme", "project": "Website", "seconds": 11220, "billed_seconds": 11700,
         "amount": "283.82", "currency": "EUR", "hours": "3.25"},
    ]
    assert data["totals"] == [{"seconds": 11640, "billed_seconds": 11700, "amount": "283.82",
                               "currency": "EUR", "hours": "3.25"}]
    assert sum(Decimal(line["amount"]) for line in data["lines"]) == Decimal("283.82")


def test_report_by_day_csv_and_repeated_by(db, tmp_path):
    out = fcc(*db, "report", *WEEK, "--by", "project", "--by", "day", "--format", "csv",
              home=tmp_path).stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == ["client", "project", "day", "seconds", "billed_seconds", "amount",
                             "currency", "hours"]
    assert [(r["project"], r["day"], r["seconds"], r["billed_seconds"], r["amount"])
            for r in rows] == [
        ("Admin", "2026-11-21", "420", "0", "0.00"),
        ("Website", "2026-11-20", "7200", "7200", "174.66"),
        ("Website", "2026-11-21", "4020", "4500", "109.16")]


def test_report_table_and_markdown(db, tmp_path):
    table = fcc(*db, "report", *WEEK, "--by", "client,project", home=tmp_path).stdout
    assert "\x1b[" not in table  # piped: no colour codes
    assert table.startswith("Report 2026-11-16 – 2026-11-22 (Europe/Berlin), by client, "
                            "project\n")
    lines = [" ".join(line.split()) for line in table.splitlines()]
    assert "client project time billed amount" in lines
    assert "(no client) Admin 0:07 0:00 0.00 EUR" in lines
    assert "Acme Website 3:07 3:15 283.82 EUR" in lines
    assert "total 3:14 3:15 283.82 EUR" in lines
    md = fcc(*db, "report", *WEEK, "--format", "markdown", home=tmp_path).stdout.splitlines()
    assert md[2:] == [
        "| project | time | billed | amount | currency |",
        "|---|---:|---:|---:|---|",
        "| Admin | 0:07 | 0:00 | 0.00 | EUR |",
        "| Website | 3:07 | 3:15 | 283.82 | EUR |",
        "| **total** | **3:14** | **3:15** | **283.82** | EUR |",
    ]
    empty = fcc(*db, "report", "--from", "2020-01-01", "--to", "2020-02-01", home=tmp_path)
    assert "no time in this range" in empty.stdout


def test_report_filters_and_periods(db, tmp_path):
    out = fcc(*db, "report", *WEEK, "--client", "acme", "--billable", "--by", "day",
              "--format", "json", home=tmp_path).stdout
    assert [(x["day"], x["seconds"]) for x in json.loads(out)["lines"]] == [
        ("2026-11-20", 7200), ("2026-11-21", 4020)]
    out = fcc(*db, "report", "--from", "2026-11-01", "--to", "2026-12-01", "--project",
              "Website", "--by", "week", "--format", "json", home=tmp_path).stdout
    assert [(x["week"], x["seconds"]) for x in json.loads(out)["lines"]] == [
        ("2026-11-09", 3600), ("2026-11-16", 11220)]
    for flag in ("--today", "--week", "--month", "--year"):
        data = json.loads(fcc(*db, "report", flag, "--format", "json", home=tmp_path).stdout)
        kind = flag.removeprefix("--").replace("today", "day")
        start, end = period(kind, now=SystemClock().now(), zone="Europe/Berlin")
        z = "%Y-%m-%dT%H:%M:%SZ"
        assert (data["from"], data["to"]) == (start.strftime(z), end.strftime(z))
    default = json.loads(fcc(*db, "report", "--format", "json", home=tmp_path).stdout)
    start, end = period("week", now=SystemClock().now(), zone="Europe/Berlin")
    assert default["by"] == ["project"]
    assert (default["from"], default["to"]) == (start.strftime(z), end.strftime(z))


@pytest.mark.parametrize("args, message", [
    (["--from", "tomorrowish"], "fcc: error: --from: expected a time like 17:30"),
    (["--by", "colour"], "fcc: error: --by: expected client, project, card, day, week or "
                         "month (e.g. --by client,project), got 'colour'"),
    (["--today", "--week"], "fcc: error: --today: expected one range: --today, --week, "
                            "--month, --year or --from WHEN [--to WHEN], e.g. --month"),
    (["--month", "--from", "monday"], "fcc: error: --from: expected one range"),
    (["--format", "xml"], "fcc: error: --format: expected one of table, json, csv, "
                          "markdown, e.g. --format json, got 'xml'"),
    (["--to", "2026-11-01"], "fcc: error: --from: expected a start for --to, e.g. --from "),
    (["--from", "2026-11-20", "--to", "2026-11-19"], "fcc: error: --to: expected a time after "
                                                     "--from (2026-11-20 00:00)"),
])
def test_report_bad_input_is_one_line_and_exit_2(db, tmp_path, args, message):
    out = fcc(*db, "report", *args, home=tmp_path, check=False)
    assert out.returncode == 2
    assert out.stderr.startswith(message) and out.stderr.count("\n") == 1, out.stderr
    assert "e.g." in out.stderr or "like" in out.stderr  # an example of good input
    assert out.stdout == ""


def test_export_json_and_csv(db, tmp_path):
    rows = json.loads(fcc(*db, "export", home=tmp_path).stdout)
    assert [tuple(r) for r in rows] == [EXPORT_FIELDS] * 3
    assert [(r["project"], r["start"], r["seconds"], r["billable"]) for r in rows] == [
        ("Website", "2026-11-13T08:00:00Z", 3600, True),
        ("Website", "2026-11-20T21:00:00Z", 11220, True),
        ("Admin", "2026-11-21T08:00:00Z", 420, False)]
    assert rows[1]["tags"] == ["dev", "web"] and rows[1]["rate"] == "87.33"
    target = tmp_path / "out.csv"
    done = fcc(*db, "export", "--from", "2026-11-16", "--output", str(target), home=tmp_path)
    assert done.stdout == "" and f"exported 2 entries to {target}" in done.stderr
    with open(target, newline="", encoding="utf-8") as fh:
        table = list(csv.DictReader(fh))
    assert tuple(table[0]) == EXPORT_FIELDS
    first = table[0]
    assert (first["client"], first["note"], first["tags"], first["billable"],
            first["end"]) == ("Acme", 'says "hi", twice', "dev,web", "true",
                              "2026-11-21T00:07:00Z")
    assert (table[1]["client"], table[1]["billable"], table[1]["rate"]) == ("", "false", "")
    assert not list(tmp_path.glob(".out.csv.tmp"))
    empty = fcc(*db, "export", "--from", "2030-01-01", home=tmp_path).stdout
    assert json.loads(empty) == []
    bad = fcc(*db, "export", "--format", "xml", home=tmp_path, check=False)
    assert bad.returncode == 2 and bad.stderr.startswith("fcc: error: --format: expected one "
                                                         "of json, csv")


def test_help_has_examples(tmp_path):
    for command in ("report", "export"):
        out = fcc(command, "--help", home=tmp_path).stdout
        assert "Examples:" in out and f"fcc {command} " in out
