"""The quick ``fcc start`` (plain sqlite3, no store) on a period an open approval freezes: the
database's rule (migration 0006) refuses the new entry, the quick path rolls back everything
(the timer it stopped first runs on), hands over, and the full command line refuses in one
line with exit code 1 (no traceback). Once the approval is withdrawn the quick path answers."""

from __future__ import annotations

import datetime as dt
import sqlite3
import uuid

import pytest

from fcc.store.api import Store
from fcc.store.clock import FrozenClock
from fcc.store.target import resolve_target
from tests.test_quick_trace import ANSWERED, traced

DAY = 86_400


@pytest.fixture
def db(tmp_path):
    """Acme/Web frozen from a week ago to tomorrow by a pending approval; Admin (no client)
    running since ten minutes ago."""
    path = tmp_path / "fcc.db"
    now = dt.datetime.now(dt.UTC)
    with Store.open(resolve_target(str(path), environ={}),
                    FrozenClock(now - dt.timedelta(minutes=10))) as store:
        store.set_setting("min_entry_seconds", "0")
        acme = store.create_client({"name": "Acme"})
        store.create_project({"name": "Web", "client": "Acme"})
        store.create_project({"name": "Admin"})
        store.start_timer("Admin")
    start, end = int(now.timestamp()) - 7 * DAY, int(now.timestamp()) + DAY
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO approval (uuid, client_id, period_start, period_end, status, "
                     "submitted_at, note, start_utc, end_utc, zone, timesheet) "
                     "VALUES (?, ?, ?, ?, 'pending', ?, '', ?, ?, 'UTC', '')",
                     (uuid.uuid4().hex, acme.id, day(start), day(end - 1), start, start, end))
    conn.close()
    return path


def day(epoch: int) -> str:
    return dt.datetime.fromtimestamp(epoch, dt.UTC).date().isoformat()


def rows(db) -> tuple[list[tuple], int]:
    with sqlite3.connect(db) as conn:
        entries = conn.execute("SELECT id, project_id, end_utc FROM time_entry "
                               "ORDER BY id").fetchall()
        logged = conn.execute("SELECT count(*) FROM activity").fetchone()[0]
    conn.close()
    return entries, logged


def test_a_start_in_a_frozen_period_is_one_line_and_writes_nothing(db):
    before = rows(db)
    out = traced(db, "start", "acme/web", "--note", "more")
    lines = out.stderr.splitlines()
    assert out.returncode == 1 and out.stdout == ""
    assert lines[0].startswith("fcc: full path: refused by the database: period frozen by an "
                               "open approval"), out.stderr
    assert len(lines) == 2 and lines[1].startswith("fcc: error: ") and "approval" in lines[1]
    assert rows(db) == before  # Admin runs on, nothing logged
    plain = traced(db, "start", "acme/web", env={"FCC_TRACE_QUICK": "0"})
    assert plain.returncode == 1 and plain.stderr == lines[1] + "\n"
    assert "Traceback" not in plain.stderr + out.stderr


def test_after_a_withdraw_the_quick_path_answers(db):
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE approval SET status = 'withdrawn', decided_at = submitted_at + 1")
    conn.close()
    out = traced(db, "start", "acme/web")
    assert out.returncode == 0 and out.stderr == ANSWERED
    assert out.stdout.startswith("started Acme/Web at ") and "stopped Admin" in out.stdout
    entries, _ = rows(db)
    assert [end is None for _, _, end in entries] == [False, True]


def test_other_clients_time_starts_quickly(db):
    with Store.open(resolve_target(str(db), environ={}), FrozenClock(
            dt.datetime.now(dt.UTC))) as store:
        store.create_project({"name": "Blog"})
    out = traced(db, "start", "blog")
    assert out.returncode == 0 and out.stderr == ANSWERED
