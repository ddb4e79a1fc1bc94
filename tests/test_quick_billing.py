"""The quick ``fcc start`` (plain sqlite3, no store) on a period an open approval freezes, with
real ``fcc`` processes: it hands over before writing, and the full command line refuses in one
line naming the approval, exit code 1, no traceback, nothing written (the timer that runs,
runs on). Once the approval is withdrawn the quick path answers again. And the database's rule
(migration 0006) behind it: a start the quick path's own check missed is rolled back whole
and handed over, naming the rule."""

from __future__ import annotations

import datetime as dt
import sqlite3
import uuid

import pytest

from fcc.store.api import Store
from fcc.store.clock import FrozenClock
from fcc.store.quick import Handover
from fcc.store.target import resolve_target
from tests.conftest import midday_zone
from tests.test_quick_trace import ANSWERED, traced


@pytest.fixture
def db(tmp_path):
    """Acme/Web with an hour yesterday, submitted for approval from a week ago to today (a
    real ``fcc approval submit``); Admin (no client) running since ten minutes ago."""
    path = tmp_path / "fcc.db"
    zone = midday_zone()
    now = dt.datetime.now(dt.UTC)
    with Store.open(resolve_target(str(path), environ={}),
                    FrozenClock(now - dt.timedelta(minutes=10))) as store:
        store.set_setting("min_entry_seconds", "0")
        store.set_setting("zone", zone)
        store.create_client({"name": "Acme"})
        store.create_project({"name": "Web", "client": "Acme"})
        store.create_project({"name": "Admin"})
        store.add_entry("Web", now - dt.timedelta(hours=26), now - dt.timedelta(hours=25))
        store.start_timer("Admin")
        today = store.today()
    submitted = fcc(path, "approval", "submit", "Acme", "--from",
                    (today - dt.timedelta(days=7)).isoformat(), "--to", today.isoformat())
    assert submitted.returncode == 0, submitted.stderr
    return path


def fcc(path, *args: str, trace: bool = True):
    return traced(path, *args, env={"FCC_ZONE": midday_zone(),
                                    "FCC_TRACE_QUICK": "1" if trace else "0"})


def rows(db) -> tuple[list[tuple], int]:
    with sqlite3.connect(db) as conn:
        entries = conn.execute("SELECT id, project_id, end_utc FROM time_entry "
                               "ORDER BY id").fetchall()
        logged = conn.execute("SELECT count(*) FROM activity").fetchone()[0]
    conn.close()
    return entries, logged


def test_a_start_in_a_frozen_period_is_one_line_and_writes_nothing(db):
    before = rows(db)
    out = fcc(db, "start", "acme/web", "--note", "more")
    lines = out.stderr.splitlines()
    assert out.returncode == 1 and out.stdout == ""
    assert lines[0] == "fcc: full path: a period an approval freezes", out.stderr
    assert len(lines) == 2 and lines[1].startswith("fcc: error: an entry of Acme starting ")
    assert "inside approval 1 (Acme, " in lines[1] and lines[1].endswith(
        "pending): reject or withdraw it first (fcc approval reject|withdraw 1)")
    assert rows(db) == before  # Admin runs on, nothing logged
    plain = fcc(db, "start", "acme/web", trace=False)
    assert (plain.returncode, plain.stderr) == (1, lines[1] + "\n")
    assert "Traceback" not in plain.stderr + out.stderr


def test_after_a_withdraw_the_quick_path_answers(db):
    assert fcc(db, "approval", "withdraw", "1").returncode == 0
    out = fcc(db, "start", "acme/web")
    assert out.returncode == 0 and out.stderr == ANSWERED
    assert out.stdout.startswith("started Acme/Web at ") and "stopped Admin" in out.stdout
    entries, _ = rows(db)
    assert [end is None for _, _, end in entries] == [False, False, True]


def test_other_clients_time_starts_quickly(db):
    with Store.open(resolve_target(str(db), environ={}), FrozenClock(
            dt.datetime.now(dt.UTC))) as store:
        store.create_project({"name": "Blog"})
    out = fcc(db, "start", "blog")
    assert out.returncode == 0 and out.stderr == ANSWERED


def test_the_database_rule_backs_the_quick_path(db):
    """A start written past the quick path's check (as another program would): the trigger
    refuses it, the timer stopped first in the same transaction runs on, nothing is logged."""
    from fcc.store.quick_timers import _stop, _write
    from fcc.store.sql import timers as core
    from fcc.store.sql.dialect import SQLITE

    now = dt.datetime.now(dt.UTC)
    web = 1

    def start_unchecked(cur, prefs, batch):
        _stop(cur, prefs, batch, now)
        core.insert_entry(cur, SQLITE, {
            "project_id": web, "work_item_id": None, "start_utc": int(now.timestamp()),
            "end_utc": None, "zone": prefs.zone, "note": "", "tags": [], "billable": True,
            "rate": None, "currency": None, "parallel": False,
            "created_at": int(now.timestamp()), "uuid": uuid.uuid4().hex})
        return "started"

    before = rows(db)
    with pytest.raises(Handover) as err:
        _write(str(db), now, {}, None, "start", start_unchecked)
    assert str(err.value) == ("refused by the database: period frozen by an open approval of "
                              "this client: reject or withdraw the approval before adding time "
                              "to it")
    assert rows(db) == before
