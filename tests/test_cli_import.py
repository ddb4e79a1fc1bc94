"""`fcc import` through the real executable: Watson, Timewarrior and CSV, reruns, bad records,
files in the wrong format, undo, and a kill -9 in the middle of a big import."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

NOW = 1795429800  # 2026-11-23T10:30:00Z; every frame here is well before the real clock


def fcc(*args: str, home: Path, env: dict[str, str] | None = None,
        check: bool = True) -> subprocess.CompletedProcess[str]:
    out = subprocess.run([exe(), *args], capture_output=True, text=True, env=environ(home, env),
                         timeout=120, stdin=subprocess.DEVNULL)
    if check:
        assert out.returncode == 0, out.stderr
    return out


def exe() -> str:
    return shutil.which("fcc") or str(Path(sys.executable).with_name("fcc"))


def environ(home: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("FCC_", "WATSON_", "TIMEWARRIOR", "XDG_"))}
    env.update(HOME=str(home), XDG_DATA_HOME=str(home / "data"),
               XDG_CONFIG_HOME=str(home / "config"), FCC_ZONE="Europe/Berlin")
    env.update(extra or {})
    return env


def frames(n: int, start: int = NOW - 400 * 86400, step: int = 3600,
           prefix: str = "id") -> list[list[object]]:
    return [[start + i * step, start + i * step + 1800, f"project {i % 4}", f"{prefix}{i:06d}",
             ["dev"] if i % 2 else [], start + i * step + 1800] for i in range(n)]


def epoch(text: str) -> int:
    return int(dt.datetime.fromisoformat(text).timestamp())


def test_watson_import_rerun_and_undo(tmp_path):
    watson = tmp_path / "config" / "watson"  # Watson's own default folder under this HOME
    watson.mkdir(parents=True)
    data = frames(30)
    data.append([NOW - 3600, None, "x", "running", [], NOW])  # no stop: skipped
    data.append(["then", NOW - 60, "x", "bad-start", [], NOW])
    (watson / "frames").write_text(json.dumps(data))
    db = str(tmp_path / "t.db")
    dry = fcc("--db", db, "import", "watson", "--dry-run", home=tmp_path).stdout
    assert dry.splitlines()[0] == ("would import 30 entries (4 new projects), would skip 2 "
                                   "(already imported: 0, bad: 2)")
    out = fcc("--db", db, "import", "watson", home=tmp_path).stdout.splitlines()
    assert out == ["imported 30 entries (4 new projects), skipped 2 (already imported: 0, bad: 2)",
                   "(--verbose lists the bad records and why)"]
    again = fcc("--db", db, "import", "watson", "-v", home=tmp_path).stdout.splitlines()
    frames_file = watson / "frames"
    assert again == [
        "imported 0 entries (0 new projects), skipped 32 (already imported: 30, bad: 2)",
        f"bad: {frames_file} frame 31: end: expected a finished entry (it is still running "
        "there)",
        f"bad: {frames_file} frame 32: start: expected seconds since 1970 (or an ISO 8601 time "
        "with an offset), got 'then'",
    ]
    other = tmp_path / "elsewhere"
    other.mkdir()
    (other / "frames").write_text(json.dumps(frames(3, start=NOW - 10 * 86400, prefix="other")))
    assert fcc("--db", db, "import", "watson", home=tmp_path,
               env={"WATSON_DIR": str(other)}).stdout.startswith("imported 3 entries")
    assert fcc("--db", db, "undo", home=tmp_path).stdout.strip() == \
        "undid: import 3 entries from watson"
    assert fcc("--db", db, "undo", home=tmp_path).stdout.strip() == \
        "undid: import 30 entries from watson"
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM time_entry WHERE voided_at IS NULL"
                            ).fetchone() == (0,)


def test_the_wrong_file_is_an_error_and_writes_nothing(tmp_path):
    db = tmp_path / "t.db"
    notes = tmp_path / "notes.txt"
    notes.write_text("not json\n")
    for args, message in [
        (["watson", str(notes)], f"fcc: error: watson: {notes} is not a Watson frames file"),
        (["watson", str(tmp_path / "none")], "fcc: error: watson: no frames file at"),
        (["timewarrior", str(tmp_path)], "fcc: error: timewarrior: no data files (YYYY-MM.data)"),
        (["csv", str(notes)], f"fcc: error: csv: {notes} has no project, start, end column"),
        (["csv", str(tmp_path / "none.csv")], "fcc: error: csv: cannot read"),
    ]:
        out = fcc("--db", str(db), "import", *args, home=tmp_path, check=False)
        assert out.returncode == 2, out
        assert out.stderr.startswith(message) and len(out.stderr.splitlines()) == 1, out.stderr
        assert out.stdout == ""
    assert not db.exists()  # the database was not even created


def test_timewarrior_import(tmp_path):
    timew = tmp_path / "tw"
    (timew / "data").mkdir(parents=True)
    (timew / "data" / "2026-10.data").write_text(
        "inc 20261001T080000Z - 20261001T100000Z # Acme dev # \"kick-off\"\n"
        "inc 20261002T080000Z - 20261002T083000Z # Acme\n"
        "inc 20261003T080000Z # Acme\n")
    db = str(tmp_path / "t.db")
    out = fcc("--db", db, "import", "timewarrior", "-v", home=tmp_path,
              env={"TIMEWARRIORDB": str(timew)}).stdout.splitlines()
    assert out == [
        "imported 2 entries (1 new project), skipped 1 (already imported: 0, bad: 1)",
        "new projects: Acme",
        f"bad: {timew / 'data' / '2026-10.data'} line 3: end: expected a finished entry (it is "
        "still running there)",
    ]
    again = fcc("--db", db, "import", "timewarrior", str(timew), home=tmp_path).stdout
    assert again.startswith("imported 0 entries (0 new projects), skipped 3 (already imported: 2")
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT note, tags FROM time_entry ORDER BY start_utc").fetchall() == [
            ("kick-off", '["dev"]'), ("", "[]")]


def test_csv_import(tmp_path):
    csv_file = tmp_path / "hours.csv"
    csv_file.write_text(
        "client,project,start,end,note,tags,billable\n"
        "Acme,Website,2026-11-20T13:00:00Z,2026-11-20T14:30:00Z,login,\"dev,bug\",true\n"
        "Acme,Website,2026-11-20T14:00:00Z,2026-11-20T15:00:00Z,overlaps the first,,\n"
        ",Admin,2026-11-21 09:00,2026-11-21 10:00,local time,,false\n"
        ",Admin,2026-11-21 11:00,,still running,,\n")
    db = str(tmp_path / "t.db")
    out = fcc("--db", db, "import", "csv", str(csv_file), home=tmp_path).stdout.splitlines()
    assert out == [
        "imported 3 entries (2 new projects), skipped 1 (already imported: 0, bad: 1)",
        "1 of them overlap other entries and were kept as parallel entries",
        "(--verbose lists the bad records and why)",
    ]
    assert fcc("--db", db, "import", "csv", str(csv_file), home=tmp_path).stdout.startswith(
        "imported 0 entries (0 new projects), skipped 4 (already imported: 3, bad: 1)")
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT start_utc, note, billable, parallel, zone FROM time_entry "
                            "ORDER BY start_utc").fetchall()
    assert rows == [(epoch("2026-11-20T13:00:00Z"), "login", 1, 0, "Europe/Berlin"),
                    (epoch("2026-11-20T14:00:00Z"), "overlaps the first", 1, 1, "Europe/Berlin"),
                    (epoch("2026-11-21T08:00:00Z"), "local time", 0, 0, "Europe/Berlin")]


@pytest.mark.parametrize("command", ["watson", "timewarrior", "csv"])
def test_help_has_an_example(tmp_path, command):
    out = fcc("import", command, "--help", home=tmp_path).stdout
    assert "Example: fcc import " + command in out and "--dry-run" in out


def test_kill_9_mid_import_leaves_whole_chunks_and_the_rerun_finishes(tmp_path):
    folder = tmp_path / "w"
    folder.mkdir()
    total = 40_000
    (folder / "frames").write_text(json.dumps(frames(total, start=NOW - 5 * 365 * 86400,
                                                     step=3000)))
    db = tmp_path / "t.db"
    proc = subprocess.Popen([exe(), "--db", str(db), "import", "watson", str(folder)],
                            env=environ(tmp_path), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    done = 0
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
                done = conn.execute("SELECT count(*) FROM time_entry").fetchone()[0]
        except sqlite3.Error:
            done = 0
        if done >= 2000:
            break
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        entries = conn.execute("SELECT count(*) FROM time_entry").fetchone()[0]
        logged = conn.execute("SELECT count(*) FROM activity WHERE action = 'import'").fetchone()[0]
    assert 0 < entries < total and entries % 2000 == 0 and logged == entries  # whole chunks
    out = fcc("--db", str(db), "import", "watson", str(folder), home=tmp_path).stdout
    assert out.startswith(f"imported {total - entries} entries (")
    assert f"(already imported: {entries}, bad: 0)" in out
    assert fcc("--db", str(db), "undo", home=tmp_path).stdout.strip() == \
        f"undid: import {total} entries from watson"  # one batch for both runs
