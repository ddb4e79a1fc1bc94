"""`kill -9` in the middle of a command never leaves a half-written database."""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from tests.test_cli import fcc


def _exe() -> str:
    return shutil.which("fcc") or str(Path(sys.executable).with_name("fcc"))


def _killed(args: list[str], home: Path, delay: float) -> int | None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FCC_")}
    env.update(HOME=str(home), XDG_DATA_HOME=str(home / "data"))
    proc = subprocess.Popen([_exe(), *args], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    return proc.wait(10)


def assert_consistent(db: Path) -> None:
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        running = conn.execute("SELECT count(*) FROM time_entry WHERE end_utc IS NULL AND "
                               "superseded_by_id IS NULL AND voided_at IS NULL").fetchone()[0]
        assert running <= 1
        # each change committed whole: every entry row has its activity row
        orphans = conn.execute(
            "SELECT count(*) FROM time_entry e WHERE NOT EXISTS (SELECT 1 FROM activity a "
            "WHERE a.entity = 'time_entry' AND a.entity_id = CAST(e.id AS TEXT))").fetchone()[0]
        assert orphans == 0
        spans = conn.execute(
            "SELECT start_utc, COALESCE(end_utc, 1e12), id FROM time_entry WHERE "
            "superseded_by_id IS NULL AND voided_at IS NULL AND NOT parallel AND "
            "(end_utc IS NULL OR end_utc > start_utc) ORDER BY start_utc").fetchall()
        for (_, end, a), (start, _, b) in zip(spans, spans[1:], strict=False):
            assert start >= end, f"entries {a} and {b} overlap"
    finally:
        conn.close()


def test_kill_9_during_start_and_stop(tmp_path):
    db = tmp_path / "fcc.db"
    fcc("--db", str(db), "project", "add", "Website", home=tmp_path)
    rng = random.Random(9)
    outcomes = []
    for i in range(24):
        args = ["--db", str(db), "start" if i % 2 == 0 else "stop"]
        if i % 2 == 0:
            args += ["Website", "--note", f"run {i}"]
        outcomes.append(_killed(args, tmp_path, rng.uniform(0.05, 0.45)))
        assert_consistent(db)
    assert -signal.SIGKILL in outcomes  # some really died mid-command
    # and the database still works normally afterwards
    fcc("--db", str(db), "start", "Website", home=tmp_path)
    fcc("--db", str(db), "stop", home=tmp_path)
    assert_consistent(db)
