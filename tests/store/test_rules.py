"""The rules the database itself enforces: each is attacked with raw SQL from outside the
store, on SQLite and PostgreSQL, and must be refused."""

from __future__ import annotations

import sqlite3
import uuid

import pytest

from fcc.store import tables as t
from tests.store.helpers import q, raw

T0 = 1_795_000_000  # an epoch second; entries are built around it


def _errors() -> tuple[type[BaseException], ...]:
    try:
        import psycopg

        return (sqlite3.DatabaseError, psycopg.Error)
    except ImportError:  # pragma: no cover
        return (sqlite3.DatabaseError,)


def refused(target, sql: str, params: tuple = (), match: str | None = None) -> None:
    with pytest.raises(_errors()) as err:
        q(target, sql, params)
    if match:
        assert match in str(err.value), str(err.value)


@pytest.fixture
def world(store, clock):
    """A client, project, board with two cards, and a cycle with a weekly plan."""
    now = clock.now()
    client = t.Client.create(name="Acme", created_at=now, updated_at=now)
    project = t.Project.create(client=client, name="Web", created_at=now, updated_at=now)
    board = t.Board.create(name="Work", created_at=now)
    col = t.BoardColumn.create(board=board, name="Todo", position=0)
    cards = [t.WorkItem.create(board=board, column=col, title=f"card {i}", created_at=now,
                               updated_at=now) for i in range(2)]
    cycle = t.Cycle.create(name="Q1", start_date=now.date(), created_at=now)
    plan = t.WeeklyPlan.create(cycle=cycle, week=1, quota=5)
    return {"project": project.id, "cards": [c.id for c in cards], "cycle": cycle.id,
            "plan": plan.id, "client": client.id}


def add_entry(target, world, *, start=T0, end=None, card=None, version_of=None) -> int:
    q(target, "INSERT INTO time_entry (uuid, project_id, work_item_id, start_utc, end_utc, zone, "
              "note, tags, billable, created_at) VALUES (?, ?, ?, ?, ?, 'Europe/Berlin', 'n', "
              "'[]', TRUE, ?)",
      (str(uuid.uuid4()), world["project"], card, start, end, T0))
    return q(target, "SELECT max(id) FROM time_entry")[0][0]


# --- time entries ---------------------------------------------------------------------------


def test_end_must_not_be_before_start(target, world):
    refused(target, "INSERT INTO time_entry (uuid, project_id, start_utc, end_utc, zone, note, "
                    "tags, billable, created_at) VALUES (?, ?, ?, ?, 'UTC', '', '[]', TRUE, ?)",
            (str(uuid.uuid4()), world["project"], T0, T0 - 1, T0))
    entry = add_entry(target, world)
    refused(target, "UPDATE time_entry SET end_utc = ? WHERE id = ?", (T0 - 60, entry))


def test_one_running_entry_per_work_item(target, world):
    card, other = world["cards"]
    first = add_entry(target, world, card=card)
    with pytest.raises(_errors()):
        add_entry(target, world, start=T0 + 10, card=card)
    add_entry(target, world, start=T0 + 10, card=other)  # another card may run in parallel
    q(target, "UPDATE time_entry SET end_utc = ? WHERE id = ?", (T0 + 600, first))
    add_entry(target, world, start=T0 + 600, card=card)  # stopped: the card may run again
    assert q(target, "SELECT count(*) FROM active_timers") == [(2,)]


def test_time_entries_cannot_be_rewritten(target, world):
    entry = add_entry(target, world, end=T0 + 3600)
    for column, value in [("note", "'rewritten'"), ("start_utc", str(T0 - 3600)),
                          ("project_id", "project_id"), ("billable", "FALSE"),
                          ("tags", "'[\"x\"]'"), ("rate", "99"), ("zone", "'UTC'")]:
        if column == "project_id":
            continue  # same value: a no-op update is not a rewrite
        refused(target, f"UPDATE time_entry SET {column} = {value} WHERE id = ?", (entry,),
                match="append-only")
    refused(target, "UPDATE time_entry SET end_utc = ? WHERE id = ?", (T0 + 7200, entry),
            match="append-only")


def test_a_running_entry_is_stopped_once(target, world):
    entry = add_entry(target, world)
    q(target, "UPDATE time_entry SET end_utc = ? WHERE id = ?", (T0 + 60, entry))
    refused(target, "UPDATE time_entry SET end_utc = ? WHERE id = ?", (T0 + 120, entry))
    refused(target, "UPDATE time_entry SET end_utc = NULL WHERE id = ?", (entry,))


def test_time_entries_are_never_deleted(target, world):
    entry = add_entry(target, world, end=T0 + 60)
    refused(target, "DELETE FROM time_entry WHERE id = ?", (entry,), match="append-only")
    refused(target, "DELETE FROM time_entry", match="append-only")
    if target.backend == "postgres":
        refused(target, "TRUNCATE time_entry CASCADE", match="append-only")
    assert q(target, "SELECT count(*) FROM time_entry") == [(1,)]


def test_corrections_supersede_once_and_voids_are_final(target, world):
    old = add_entry(target, world, end=T0 + 60)
    new = add_entry(target, world, start=T0 + 100, end=T0 + 200)
    newer = add_entry(target, world, start=T0 + 300, end=T0 + 400)
    q(target, "UPDATE time_entry SET superseded_by_id = ? WHERE id = ?", (new, old))
    refused(target, "UPDATE time_entry SET superseded_by_id = ? WHERE id = ?", (newer, old))
    refused(target, "UPDATE time_entry SET superseded_by_id = id WHERE id = ?", (new,))
    q(target, "UPDATE time_entry SET voided_at = ?, void_reason = 'duplicate' WHERE id = ?",
      (T0 + 500, newer))
    refused(target, "UPDATE time_entry SET void_reason = 'other' WHERE id = ?", (newer,))
    refused(target, "UPDATE time_entry SET voided_at = NULL WHERE id = ?", (newer,))
    refused(target, "UPDATE time_entry SET voided_at = ? WHERE id = ?", (T0, new))  # no reason


def test_invoice_reference_is_set_once(target, world):
    # Set by issuing the invoice that covers the entry (0006; test_billing_rules.py), once.
    from tests.store.billing_rows import add_invoice, issue

    entry = add_entry(target, world, end=T0 + 60)
    number = issue(target, add_invoice(target, world["client"], [entry]))
    assert q(target, "SELECT invoice_ref FROM time_entry WHERE id = ?", (entry,)) == [(number,)]
    refused(target, "UPDATE time_entry SET invoice_ref = 'INV-2' WHERE id = ?", (entry,))
    refused(target, "UPDATE time_entry SET invoice_ref = NULL WHERE id = ?", (entry,))


def test_a_superseding_version_can_take_over_a_running_card(target, world):
    """The deferred foreign key: mark the old version with the new id first, then insert."""
    card = world["cards"][0]
    old = add_entry(target, world, card=card)
    with raw(target) as conn:
        sql = ("UPDATE time_entry SET superseded_by_id = ? WHERE id = ?",
               "INSERT INTO time_entry (id, uuid, project_id, work_item_id, start_utc, zone, note, "
               "tags, billable, created_at) VALUES (?, ?, ?, ?, ?, 'UTC', 'fixed', '[]', TRUE, ?)")
        if target.backend == "postgres":
            sql = tuple(s.replace("?", "%s") for s in sql)
            conn.execute("BEGIN")
        else:
            conn.execute("BEGIN IMMEDIATE")
        conn.execute(sql[0], (old + 1, old))
        conn.execute(sql[1], (old + 1, str(uuid.uuid4()), world["project"], card, T0, T0))
        conn.execute("COMMIT")
    assert q(target, "SELECT note FROM active_timers") == [("fixed",)]


# --- the activity log -----------------------------------------------------------------------


def test_the_activity_log_is_append_only(target, world, store):
    store.create_client({"name": "Logged"})
    row = q(target, "SELECT id FROM activity ORDER BY id")[0]
    refused(target, "UPDATE activity SET action = 'edited' WHERE id = ?", (row[0],),
            match="append-only")
    refused(target, "DELETE FROM activity WHERE id = ?", (row[0],), match="append-only")
    if target.backend == "postgres":
        refused(target, "TRUNCATE activity", match="append-only")


# --- plans, goals, dependencies -------------------------------------------------------------


def test_a_locked_weekly_plan_keeps_its_quota(target, world):
    plan = world["plan"]
    q(target, "UPDATE weekly_plan SET quota = 7 WHERE id = ?", (plan,))  # unlocked: fine
    q(target, "UPDATE weekly_plan SET locked = TRUE WHERE id = ?", (plan,))
    refused(target, "UPDATE weekly_plan SET quota = 9 WHERE id = ?", (plan,), match="locked")
    refused(target, "UPDATE weekly_plan SET locked = FALSE WHERE id = ?", (plan,), match="locked")
    q(target, "UPDATE weekly_plan SET review = 'good week' WHERE id = ?", (plan,))
    assert q(target, "SELECT quota FROM weekly_plan WHERE id = ?", (plan,)) == [(7,)]


def test_one_goal_per_cycle_and_kind(target, world):
    sql = ("INSERT INTO goal (uuid, cycle_id, kind, title, why, created_at) "
           "VALUES (?, ?, ?, 'g', '', ?)")
    q(target, sql, (str(uuid.uuid4()), world["cycle"], "business", T0))
    q(target, sql, (str(uuid.uuid4()), world["cycle"], "personal", T0))
    refused(target, sql, (str(uuid.uuid4()), world["cycle"], "business", T0))
    refused(target, sql, (str(uuid.uuid4()), world["cycle"], "hobby", T0))


def test_weeks_run_from_1_to_12_once_each(target, world):
    sql = ("INSERT INTO weekly_plan (uuid, cycle_id, week, quota, locked, review) "
           "VALUES (?, ?, ?, 0, FALSE, '')")
    refused(target, sql, (str(uuid.uuid4()), world["cycle"], 13))
    refused(target, sql, (str(uuid.uuid4()), world["cycle"], 1))  # week 1 exists


def test_no_card_depends_on_itself(target, world):
    a, b = world["cards"]
    sql = "INSERT INTO dependency (uuid, blocker_id, blocked_id, created_at) VALUES (?, ?, ?, ?)"
    refused(target, sql, (str(uuid.uuid4()), a, a, T0))
    q(target, sql, (str(uuid.uuid4()), a, b, T0))
    refused(target, sql, (str(uuid.uuid4()), a, b, T0))  # once


def test_checked_vocabularies(target, world):
    refused(target, "UPDATE work_item SET type = 'saga' WHERE id = ?", (world["cards"][0],))
    refused(target, "UPDATE work_item SET priority = 9 WHERE id = ?", (world["cards"][0],))
    refused(target, "UPDATE project SET status = 'maybe' WHERE id = ?", (world["project"],))
    refused(target, "UPDATE project SET round_minutes = 7 WHERE id = ?", (world["project"],))
    approval = ("INSERT INTO approval (uuid, client_id, period_start, period_end, status, "
                "submitted_at, decided_at, note, start_utc, end_utc, zone, timesheet) "
                "VALUES (?, ?, '2026-11-16', '2026-11-22', ?, ?, ?, '', 1795132800, "
                "1795737600, 'UTC', '')")
    refused(target, approval, (str(uuid.uuid4()), world["client"], "approved", T0, None))
    refused(target, approval, (str(uuid.uuid4()), world["client"], "pending", T0, T0))
    q(target, approval, (str(uuid.uuid4()), world["client"], "approved", T0, T0))
    assert q(target, "SELECT count(*) FROM pending_approvals") == [(0,)]


def test_names_are_unique_ignoring_case(target, world):
    client = ("INSERT INTO client (uuid, name, currency, archived, created_at, updated_at) "
              "VALUES (?, ?, 'EUR', FALSE, ?, ?)")
    refused(target, client, (str(uuid.uuid4()), "ACME", T0, T0))
    project = ("INSERT INTO project (uuid, client_id, name, status, archived, created_at, "
               "updated_at) VALUES (?, ?, ?, 'active', FALSE, ?, ?)")
    refused(target, project, (str(uuid.uuid4()), world["client"], "web", T0, T0))
    q(target, project, (str(uuid.uuid4()), None, "Admin", T0, T0))
    refused(target, project, (str(uuid.uuid4()), None, "admin", T0, T0))  # no client: still once
