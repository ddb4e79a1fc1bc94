"""Arguments and imported text that are not text: a byte that is not UTF-8 (``$'n\\xff'``,
which Python hands fcc as the lone surrogate ``'n\\udcff'``) and JSON's ``"\\udfff"``. Every
name, tag, note, reason and email refuses it in one line naming the field (exit 2), on SQLite
(the quick ``fcc start`` included) and PostgreSQL; a Watson frame holding one is a bad record,
the others are imported; and a tag an older fcc stored with one never stops export or log."""

from __future__ import annotations

import json
import sqlite3

import pytest

from tests.test_cli import fcc as run

BYTE = "\udcff"  # what the argument byte 0xFF arrives as (subprocess sends it back as 0xFF)
EXPECTED = "expected UTF-8 text (byte 0xFF is not)"


def where(target) -> list[str]:
    return (["--db", str(target.path)] if target.path is not None
            else ["--db", target.url, "--workspace", target.workspace])


@pytest.mark.parametrize("args, field", [
    (["start", "Web", "--note", f"n{BYTE}"], "--note"),
    (["start", "Web", "--tag", f"t{BYTE}"], "--tag"),  # the quick path on SQLite
    (["FCC_QUICK=0", "start", "Web", "--tag", f"t{BYTE}"], "--tag"),  # the full path
    (["start", "Web", "--tag", f"t{BYTE}", "--at", "-1m"], "--tag"),
    (["add", "Web", "--from", "-2h", "--to", "-1h", "--note", f"n{BYTE}"], "--note"),
    (["amend", "1", "--note", f"n{BYTE}"], "--note"),
    (["amend", "1", "--tag", f"t{BYTE}"], "--tag"),
    (["void", "1", "--reason", f"r{BYTE}"], "--reason"),
    (["project", "add", f"P{BYTE}"], "name"),
    (["client", "add", f"C{BYTE}"], "name"),
    (["client", "add", "C", "--email", f"a{BYTE}@b.c"], "email"),
])
def test_an_argument_that_is_not_utf8_is_refused_naming_the_field(target, tmp_path, args,
                                                                   field):
    def fcc(*argv: str):
        return run(*where(target), *argv, home=tmp_path, check=False)

    assert fcc("project", "add", "Web").returncode == 0
    assert fcc("add", "Web", "--from", "-3h", "--to", "-2h30m").returncode == 0
    before = json.loads(fcc("log", "--history", "--format", "json").stdout)
    forced = args[0] == "FCC_QUICK=0"  # the full command line, whatever the quick path knows
    out = run(*where(target), *args[forced:], home=tmp_path, check=False,
              env={"FCC_QUICK": "0"} if forced else None)
    assert (out.returncode, out.stdout) == (2, "")
    assert out.stderr.startswith(f"fcc: error: {field}: {EXPECTED}")
    assert out.stderr.count("\n") == 1
    # nothing written:
    assert json.loads(fcc("log", "--history", "--format", "json").stdout) == before
    assert fcc("status").stdout.strip() in ("", "no timer is running")
    assert fcc("export", "-o", str(tmp_path / "all.json")).returncode == 0


def test_a_watson_frame_that_is_not_text_is_a_bad_record(target, tmp_path):
    frames = tmp_path / "frames"
    frames.write_text(  # JSON may spell a lone surrogate; json.loads makes a str of it
        '[[1764500000, 1764503600, "good", "f1", [], 1764503600],\n'
        ' [1764510000, 1764513600, "ok\\udfff", "f2", [], 1764513600],\n'
        ' [1764520000, 1764523600, "good", "f3", ["ok\\udfff"], 1764523600],\n'
        ' [1764530000, 1764533600, "good", "f4\\udfff", [], 1764533600],\n'
        ' [1764540000, 1764543600, "good", "f5", ["fine"], 1764543600]]\n', encoding="ascii")
    out = run(*where(target), "import", "watson", str(frames), "--verbose", home=tmp_path)
    assert out.stdout.splitlines()[:5] == [
        "imported 2 entries (1 new project), skipped 3 (already imported: 0, bad: 3)",
        "new projects: good",
        f"bad: {frames} frame 2: project: expected UTF-8 text (a lone surrogate U+DFFF is "
        "not a character)",
        f"bad: {frames} frame 3: tag: expected UTF-8 text (a lone surrogate U+DFFF is not a "
        "character)",
        f"bad: {frames} frame 4: id: expected UTF-8 text (a lone surrogate U+DFFF is not a "
        "character), got 'watson:f4\\udfff'",
    ]
    rows = json.loads(run(*where(target), "export", home=tmp_path).stdout)
    assert sorted(r["tags"] for r in rows) == [[], ["fine"]]


def test_a_tag_stored_by_an_older_fcc_never_stops_export_or_log(tmp_path):
    db = tmp_path / "old.db"
    run("--db", str(db), "project", "add", "Web", home=tmp_path)
    run("--db", str(db), "add", "Web", "--from", "-2h", "--to", "-1h", "--tag", "t", home=tmp_path)
    with sqlite3.connect(db) as conn:  # what fcc before the check stored for --tag t$'\xff'
        conn.execute("""INSERT INTO time_entry (uuid, project_id, start_utc, end_utc, zone, note,
                        tags, billable, currency, created_at)
                        SELECT '2c1f7ad4-3a5e-4a8e-9d7e-1b2b3c4d5e6f', project_id,
                               start_utc - 7200, end_utc - 7200, zone, 'x', ?, 1, currency,
                               created_at FROM time_entry""", (json.dumps([f"t{BYTE}"]),))
    out = run("--db", str(db), "export", "-o", str(tmp_path / "all.json"), home=tmp_path)
    rows = json.loads((tmp_path / "all.json").read_text(encoding="utf-8"))
    assert [r["tags"] for r in rows] == [[f"t{BYTE}"], ["t"]]  # JSON keeps it exactly
    run("--db", str(db), "export", "-o", str(tmp_path / "all.csv"), home=tmp_path)
    cells = (tmp_path / "all.csv").read_text(encoding="utf-8").splitlines()[1].split(",")
    assert cells[11] == "t\\udcff"  # a file holds text: the escape, not the surrogate
    for fmt in ("csv", "json"):
        out = run("--db", str(db), "export", "--format", fmt, home=tmp_path)
        assert out.stdout.isascii() and "t\\udcff" in out.stdout
        out = run("--db", str(db), "log", "--format", fmt, home=tmp_path)
        assert "t\\udcff" in out.stdout
    out = run("--db", str(db), "log", home=tmp_path)
    assert "t<U+DCFF>" in out.stdout
