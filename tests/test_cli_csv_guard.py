"""Issue 11 through the real `fcc` entry point: the formula guard on every CSV fcc writes (and
`fcc import csv` reading fcc's own export back exactly, guarded or not), the name rule, and the
one range of valid instants and durations."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.test_cli_import import fcc

NOTES = ["=HYPERLINK(\"http://evil.example\",\"click\")", "+1", "-x", "@SUM(A1)", "'=already",
         "''+two quotes", "'plain quote", "plain", "a = b"]


def seed(home: Path) -> None:
    fcc("client", "add", "@Acme", home=home)
    fcc("project", "add", "=cmd|' -C calc'!A0", "--client", "@Acme", home=home)
    fcc("project", "add", "Website", home=home)
    for i, note in enumerate(NOTES):
        project = "@Acme/=cmd|' -C calc'!A0" if i % 2 else "Website"
        fcc("add", project, "--from", f"2026-11-02 {8 + i:02d}:00",
            "--to", f"2026-11-02 {8 + i:02d}:30", "--note", note, "--tag", f"-t{i},ok",
            home=home)


def entries(home: Path) -> list[dict[str, object]]:
    rows = json.loads(fcc("export", home=home).stdout)
    return [{k: v for k, v in row.items() if k != "id"} for row in rows]


def cells(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_csv_exports_guard_formulas_and_import_reads_them_back_exactly(tmp_path):
    home = tmp_path / "a"
    seed(home)
    fcc("export", "--format", "csv", "-o", str(tmp_path / "guarded.csv"), home=home)
    rows = cells((tmp_path / "guarded.csv").read_text(encoding="utf-8"))
    assert [r["note"] for r in rows] == [
        "'=HYPERLINK(\"http://evil.example\",\"click\")", "'+1", "'-x", "'@SUM(A1)",
        "''=already", "'''+two quotes", "'plain quote", "plain", "a = b"]
    assert {r["client"] for r in rows} == {"'@Acme", ""}
    assert {r["project"] for r in rows} == {"'=cmd|' -C calc'!A0", "Website"}
    assert rows[0]["tags"] == "'-t0,ok"
    assert all(r["seconds"] == "1800" for r in rows)
    for text in (fcc("log", "--from", "2026-11-01", "--format", "csv", home=home).stdout,
                 fcc("report", "--from", "2026-11-01", "--by", "client,project",
                     "--format", "csv", home=home).stdout):
        for row in cells(text):
            assert not any(v.startswith(("=", "+", "-", "@")) for v in row.values()), row
    report = cells(fcc("report", "--from", "2026-11-01", "--by", "client", "--format", "csv",
                       home=home).stdout)
    assert "'@Acme" in {r["client"] for r in report}

    other = tmp_path / "b"
    out = fcc("import", "csv", str(tmp_path / "guarded.csv"), home=other)
    assert "imported 9" in out.stdout, out.stdout
    assert entries(other) == entries(home)


def test_without_the_guard_cells_are_written_and_read_as_stored(tmp_path):
    home = tmp_path / "a"
    seed(home)
    raw = fcc("export", "--format", "csv", "--no-formula-guard", home=home).stdout
    rows = cells(raw)
    assert [r["note"] for r in rows] == NOTES
    assert "@Acme" in {r["client"] for r in rows}
    log = cells(fcc("log", "--from", "2026-11-01", "--format", "csv", "--no-formula-guard",
                    home=home).stdout)
    assert log[0]["note"] == NOTES[0]
    report = cells(fcc("report", "--from", "2026-11-01", "--by", "client", "--format", "csv",
                       "--no-formula-guard", home=home).stdout)
    assert "@Acme" in {r["client"] for r in report}
    (tmp_path / "raw.csv").write_text(raw, encoding="utf-8")
    other = tmp_path / "b"
    fcc("import", "csv", "--no-formula-guard", str(tmp_path / "raw.csv"), home=other)
    assert entries(other) == entries(home)


@pytest.mark.parametrize("args", [
    ("add", "Website", "--from", "0001-01-01T00:00Z", "--to", "0001-01-01T01:00Z"),
    ("start", "Website", "--at", "1969-12-31T23:00Z"),
    ("log", "--from", "0001-01-01"),
    ("export", "--to", "1960-01-01"),
])
def test_instants_outside_the_range_are_one_line_errors(tmp_path, args):
    fcc("project", "add", "Website", home=tmp_path)
    out = fcc(*args, home=tmp_path, check=False)
    assert out.returncode == 2, out.stderr
    assert out.stderr.startswith("fcc: error: ") and out.stderr.count("\n") == 1
    assert "a time between 1970-01-01 and 9999-12-31 (UTC)" in out.stderr
    assert "Traceback" not in out.stderr
    assert json.loads(fcc("export", home=tmp_path).stdout) == []


@pytest.mark.parametrize("args, expected", [
    (("--from", "2026-01-01 09:00", "--to", "2026-03-01 09:00"), "shorter than 1000 hours"),
    (("--from", "2026-01-01 09:00", "--duration", "1000h"), "between 1s and 1000h"),
    (("--from", "9999-12-31 09:00", "--duration", "999h"), "before 9999-12-31"),
])
def test_spans_outside_the_range_are_one_line_errors(tmp_path, args, expected):
    fcc("project", "add", "Website", home=tmp_path)
    out = fcc("add", "Website", *args, home=tmp_path, check=False)
    assert out.returncode == 2, out.stderr
    assert expected in out.stderr and out.stderr.count("\n") == 1, out.stderr
    assert json.loads(fcc("export", home=tmp_path).stdout) == []


@pytest.mark.parametrize("name, code", [("a\x1bb", "U+001B"), ("a\u202eb", "U+202E"),
                                        ("a\x9bb", "U+009B"), ("a\tb", "U+0009")])
def test_a_name_with_a_control_character_is_refused(tmp_path, name, code):
    out = fcc("project", "add", name, home=tmp_path, check=False)
    assert out.returncode == 2 and code in out.stderr, out.stderr
    assert "\x1b" not in out.stderr and "\u202e" not in out.stderr
    out = fcc("client", "add", name, home=tmp_path, check=False)
    assert out.returncode == 2 and code in out.stderr, out.stderr
    fcc("project", "add", "Website", home=tmp_path)
    out = fcc("add", "Website", "--from", "2026-11-02 09:00", "--to", "2026-11-02 10:00",
              "--tag", name, home=tmp_path, check=False)
    assert out.returncode == 2 and code in out.stderr, out.stderr
    out = fcc("add", "Website", "--from", "2026-11-02 09:00", "--to", "2026-11-02 10:00",
              "--note", "nul\x01", home=tmp_path, check=False)  # a note may hold controls
    assert out.returncode == 0, out.stderr
    projects = json.loads(fcc("project", "list", "--format", "json", home=tmp_path).stdout)
    assert [p["name"] for p in projects] == ["Website"]
