"""Text in the database that is not valid UTF-8 (written by another program, e.g. sqlite3's
``cast(x'50ff' as text)``) is read with U+FFFD for its bad bytes: every command, the quick
paths included, keeps working, so the data can still be seen and exported. (PostgreSQL
refuses invalid UTF-8 itself: a SQLite matter only.)"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from tests.test_cli_disk import run

BAD = "P\ufffd"


def spoil(db: Path) -> None:
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("UPDATE project SET name = cast(x'50ff' AS text) WHERE name = 'Site'")
    conn.close()


def test_text_that_is_not_utf8_is_read_with_replacement_characters(tmp_path):
    db = tmp_path / "v.db"
    for args in (("project", "add", "Site"),
                 ("add", "Site", "--from", "yesterday 9:00", "--to", "yesterday 10:00",
                  "--note", "note"),
                 ("start", "Site", "--at", "-10m")):
        out = run(db, *args, home=tmp_path)
        assert out.returncode == 0, out.stderr
    spoil(db)
    for args in (("status",), ("log",), ("project", "list"), ("report", "--week"),
                 ("export", "--format", "csv")):
        out = run(db, *args, home=tmp_path)
        assert out.returncode == 0, (args, out.stderr)
        assert "internal error" not in out.stderr and BAD in out.stdout, (args, out.stdout)
    exported = json.loads(run(db, "export", "--format", "json", home=tmp_path).stdout)
    assert {e["project"] for e in exported} == {BAD}
    assert {e["note"] for e in exported} == {"note", ""}
    out = run(db, "stop", home=tmp_path)  # the quick path, and then writes go on
    assert out.returncode == 0 and BAD in out.stdout, out.stderr
