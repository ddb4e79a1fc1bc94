"""The real `fcc` executable, as a user runs it: one process per command."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from fcc.migrations import discover

LATEST = discover()[-1].version


def fcc(*args: str, home: Path, check: bool = True, env: dict[str, str] | None = None,
        cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("fcc") or str(Path(sys.executable).with_name("fcc"))
    environ = {k: v for k, v in os.environ.items() if not k.startswith("FCC_")}
    environ.update(HOME=str(home), XDG_DATA_HOME=str(home / "data"),
                   XDG_CONFIG_HOME=str(home / "config"), **(env or {}))
    out = subprocess.run([exe, *args], capture_output=True, text=True, env=environ, timeout=60,
                         stdin=subprocess.DEVNULL, cwd=cwd)
    if check:
        assert out.returncode == 0, out.stderr
    return out


def test_db_commands_round_trip(tmp_path):
    db = tmp_path / "work.db"
    status = fcc("--db", str(db), "db", "status", home=tmp_path).stdout
    assert "not created yet" in status and not db.exists()  # looking never creates
    db.touch()
    status = fcc("--db", str(db), "db", "status", home=tmp_path).stdout
    assert f"schema:    version 0 of {LATEST}" in status and "pending  0001_initial" in status
    assert "applied 0001_initial" in fcc("--db", str(db), "db", "upgrade", home=tmp_path).stdout
    assert "nothing to do" in fcc("--db", str(db), "db", "upgrade", home=tmp_path).stdout
    out = fcc("--db", str(db), "db", "backup", home=tmp_path).stdout
    assert out.startswith("backup written to ") and "work.db.backup-" in out
    copy = tmp_path / "copy.db"
    fcc("--db", str(db), "db", "backup", str(copy), home=tmp_path)
    again = fcc("--db", str(db), "db", "backup", str(copy), home=tmp_path, check=False)
    assert again.returncode == 1 and "exists; choose a new name or pass --force" in again.stderr
    fcc("--db", str(db), "db", "backup", str(copy), "--force", home=tmp_path)
    with sqlite3.connect(copy) as conn:
        latest = conn.execute("SELECT max(version) FROM fcc_schema_migrations").fetchone()
        assert latest == (LATEST,)
    refused = fcc("--db", str(db), "db", "downgrade", "--to", "0", home=tmp_path, check=False)
    assert refused.returncode == 1  # no terminal: no consent
    assert refused.stderr.endswith("[y/N]: \nfcc: error: aborted\n")
    down = fcc("--db", str(db), "db", "downgrade", "--to", "0", "--yes", home=tmp_path).stdout
    assert "reverted 0001_initial" in down and "backup from before" in down
    status = fcc("--db", str(db), "db", "status", home=tmp_path).stdout
    assert "version 0 of" in status and "backups:   2" in status


def test_default_location_and_workspaces(tmp_path):
    fcc("db", "upgrade", home=tmp_path)
    fcc("--workspace", "acme", "db", "upgrade", home=tmp_path)
    data = tmp_path / "data" / "fcc"
    assert sorted(p.name for p in data.glob("*.db")) == ["fcc.acme.db", "fcc.db"]
    assert "database:  ~/data/fcc/fcc.acme.db" in fcc("-w", "acme", "db", "status",
                                                     home=tmp_path).stdout


@pytest.mark.parametrize("args, code, message", [
    (["--db", "ftp://x/y", "db", "status"], 2, "fcc: error: --db: expected a file path"),
    (["-w", "No Spaces", "db", "status"], 2, "fcc: error: workspace: expected"),
    (["db", "upgrade", "--to", "99"], 2,
     f"fcc: error: --to: expected a version from 0 to {LATEST}"),
    (["db", "upgrade", "--to", "-1"], 2,
     f"fcc: error: --to: expected a version from 0 to {LATEST}, got -1\n"),
    (["db", "downgrade", "--to", "-1", "--yes"], 2,
     "fcc: error: --to: expected a version from 0 to "),
    (["db", "downgrade", "--to", "x"], 2,
     "fcc: error: --to: expected a schema version like 2, got 'x'\n"),
])
def test_bad_input_is_one_line_and_an_exit_code(tmp_path, args, code, message):
    out = fcc(*args, home=tmp_path, check=False)
    assert out.returncode == code
    assert message in out.stderr
    assert "Traceback" not in out.stderr


def test_refusals_leave_files_untouched(tmp_path):
    notes = tmp_path / "notes.db"
    notes.write_text("not a database\n")
    out = fcc("--db", str(notes), "db", "status", home=tmp_path, check=False)
    assert out.returncode == 1 and out.stderr.count("\n") == 1
    assert "is not a SQLite database; fcc will not open or overwrite it" in out.stderr
    assert notes.read_text() == "not a database\n"
    newer = tmp_path / "newer.db"
    fcc("--db", str(newer), "db", "upgrade", home=tmp_path)
    with sqlite3.connect(newer) as conn:
        conn.execute("INSERT INTO fcc_schema_migrations VALUES (?, 'from_the_future', 0)",
                     (LATEST + 1,))
    before = newer.read_bytes()
    out = fcc("--db", str(newer), "db", "upgrade", home=tmp_path, check=False)
    assert out.returncode == 1 and "upgrade fcc (the database was not touched)" in out.stderr
    assert newer.read_bytes() == before


def test_the_app_refuses_without_a_terminal_and_creates_nothing(tmp_path):
    new = tmp_path / "new.db"
    for db in (new, tmp_path / "work.db"):
        if db.name == "work.db":
            fcc("--db", str(db), "project", "add", "Website", home=tmp_path)  # schema current
        before = db.read_bytes() if db.exists() else None
        out = fcc("--db", str(db), home=tmp_path, check=False)
        assert out.returncode == 2 and out.stdout == ""
        assert out.stderr.startswith("fcc: error: the app needs a terminal")
        assert out.stderr.count("\n") == 1
        assert (db.read_bytes() if db.exists() else None) == before
    assert not new.exists()
