"""``fcc start PROJECT`` and ``fcc stop`` without peewee or click: the two commands people
bind to keys and run dozens of times a day.

Plain ``sqlite3`` under the same writer lock and ``BEGIN IMMEDIATE`` as the store, writing the
same rows and the same activity log as ``Store.start_timer`` / ``Store.stop_timer`` (a test
runs both on copies of one database and compares every row). It only handles the plain case
and hands everything else to the full command line *before writing anything*: returning
``None`` means "nothing was written, ask the store". Handed over are: PostgreSQL, an old
schema, any option besides ``--note``/``--tag``, a name that is not exactly one active
project, parallel timers (running or allowed), a forgotten timer (the CLI asks about it), an
overlap, a timer that ran less than ``min_entry_seconds`` (the store discards it, as a change
of its own), and invalid notes or tags (the store words the error).
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import uuid
from collections.abc import Mapping, Sequence
from decimal import Decimal

from fcc.store import faults
from fcc.store.entrytext import clean_note, clean_tags
from fcc.store.errors import InvalidInput
from fcc.store.names import name_key
from fcc.store.prefs import Prefs
from fcc.store.quick import connect_current
from fcc.store.sql.dialect import SQLITE
from fcc.store.sql.settings import load_prefs
from fcc.store.when import format_duration, format_local
from fcc.store.writelock import WriterLock

TYPE_CHECKING = False  # typing is not imported at run time (~4 ms)
if TYPE_CHECKING:
    from typing import Any

UTC = dt.UTC
CENT = Decimal("0.01")

# The columns of an Entry record (fcc.store.records.Entry), read the way the store reads them:
# the project and client shown are the merge survivor's.
_ENTRY_SQL = """
    SELECT e.id, e.uuid, ep.id, ep.name, ec.name, e.work_item_id, w.title, e.start_utc,
           e.end_utc, e.zone, e.note, e.tags, e.billable, e.rate, e.currency,
           e.superseded_by_id, e.voided_at, e.void_reason, e.invoice_ref, e.source_key,
           e.created_at, e.parallel, e.entry_no
    FROM time_entry e
    JOIN project p ON p.id = e.project_id
    JOIN project ep ON ep.id = COALESCE(p.merged_into_id, p.id)
    LEFT JOIN client ec ON ec.id = ep.client_id
    LEFT JOIN work_item w ON w.id = e.work_item_id
"""


class _Handover(Exception):
    """The quick path is not sure: roll back and let the store do it."""


def quick_start(path: str, project: str, notes: Sequence[str], tags: Sequence[str],
                now: dt.datetime, environ: Mapping[str, str] | None = None,
                overrides: Mapping[str, str] | None = None) -> str | None:
    """Start a timer on ``project`` now; the message to print, or None (nothing written).

    ``overrides``: the config file's settings, which beat the database's (as in the store)."""
    try:
        note = clean_note(notes[-1] if notes else "")
        tag_list = clean_tags(tags)
    except InvalidInput:
        return None
    return _write(path, now, environ, overrides, "start",
                  lambda conn, prefs, batch: _start(conn, prefs, batch, project, note, tag_list,
                                                    now))


def quick_stop(path: str, now: dt.datetime, environ: Mapping[str, str] | None = None,
               overrides: Mapping[str, str] | None = None) -> str | None:
    """Stop the running timer now; the message to print ("" when none runs), or None."""
    return _write(path, now, environ, overrides, "stop",
                  lambda conn, prefs, batch: _stop(conn, prefs, batch, now))


def _write(path: str, now: dt.datetime, environ: Mapping[str, str] | None,
           overrides: Mapping[str, str] | None, action: str, work: Any) -> str | None:
    conn = connect_current(path)
    if conn is None:
        return None
    lock = WriterLock(path + ".lock")
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA synchronous = NORMAL")
        faults.before_write(path, conn, now.timestamp())  # damaged? quick_check when due
        with lock:
            conn.execute("BEGIN IMMEDIATE")
            try:
                prefs = load_prefs(conn.cursor(), SQLITE, overrides, environ)
                batch = uuid.uuid4().hex  # one change: what ``fcc undo`` reverts
                message = work(conn, prefs, batch)
                if message:
                    _log(conn, "batch", batch, action, None, {"message": message}, now, batch)
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        return str(message)
    except Exception as exc:  # rolled back: the store does it and explains any error
        if faults.is_damage(exc):
            faults.mark_damaged(path, f"SQLite: {' '.join(str(exc).split())}")
        return None
    finally:
        lock.close()
        conn.close()


def _start(conn: sqlite3.Connection, prefs: Prefs, batch: str, spec: str, note: str,
           tags: list[str], now: dt.datetime) -> str:
    if prefs.allow_parallel:
        raise _Handover
    project_id, label = _project(conn, spec)
    running = _running(conn, prefs, now)
    at = max([now, *(e["start"] for e in running)])
    _check_long_enough(running, at, prefs)
    stopped = []
    for entry in running:
        _stop_row(conn, entry, at, now, batch)
        stopped.append(entry)
    _check_no_overlap(conn, at)
    rate, currency = _rate(conn, project_id, prefs)
    at_s = int(at.timestamp())
    new_id = conn.execute(
        """INSERT INTO time_entry (project_id, work_item_id, start_utc, end_utc, zone, note,
               tags, billable, rate, currency, parallel, created_at, uuid)
           VALUES (?, NULL, ?, NULL, ?, ?, ?, 1, ?, ?, 0, ?, ?)""",
        (project_id, at_s, prefs.zone, note, json.dumps(tags),
         None if rate is None else str(rate), currency, int(now.timestamp()),
         uuid.uuid4().hex)).lastrowid
    assert new_id is not None
    entry = _entry(conn, new_id)
    _log(conn, "time_entry", entry["id"], "start", None, entry, now, batch)
    words = f"started {label} at {format_local(at, prefs.zone, '%H:%M')}"
    for old in stopped:
        words += f"; stopped {old['project']} after {_ran(old, at)}"
    return words


def _stop(conn: sqlite3.Connection, prefs: Prefs, batch: str, now: dt.datetime) -> str:
    running = _running(conn, prefs, now)
    if not running:
        return ""
    if len(running) > 1:
        raise _Handover
    entry = running[0]
    at = max(now, entry["start"])
    _check_long_enough(running, at, prefs)
    _stop_row(conn, entry, at, now, batch)
    return f"stopped {entry['project']} after {_ran(entry, at)}"


# --- reads -----------------------------------------------------------------------------------


def _project(conn: sqlite3.Connection, spec: str) -> tuple[int, str]:
    """The one active project a name means (as ``CatalogVerbs._project_row`` resolves it,
    names compared by ``names.name_key``)."""
    text = spec.strip()
    rows = conn.execute("""SELECT p.id, p.name, p.client_id, c.name, p.merged_into_id
                           FROM project p LEFT JOIN client c ON c.id = p.client_id""").fetchall()
    if text.startswith("/"):
        name = text[1:]
        rows = [r for r in rows if r[2] is None]
    elif "/" in text:
        client, name = text.split("/", 1)
        client_key = name_key(client)
        rows = [r for r in rows if r[3] is not None and name_key(r[3]) == client_key]
    else:
        name = text
    key = name_key(name)
    live = [(r[0], r[4]) for r in rows if name_key(r[1]) == key]
    live = [r for r in live if r[1] is None] or live
    if not text or len(live) != 1:
        raise _Handover  # unknown or ambiguous: the store lists the close matches
    project_id, merged_into = live[0]
    while merged_into is not None:
        project_id, merged_into = conn.execute(
            "SELECT id, merged_into_id FROM project WHERE id = ?", (merged_into,)).fetchone()
    name, client, archived = conn.execute(
        """SELECT p.name, c.name, p.archived FROM project p
           LEFT JOIN client c ON c.id = p.client_id WHERE p.id = ?""", (project_id,)).fetchone()
    if archived:
        raise _Handover
    return project_id, f"{client}/{name}" if client else name


def _running(conn: sqlite3.Connection, prefs: Prefs, now: dt.datetime) -> list[dict[str, Any]]:
    rows = conn.execute(
        _ENTRY_SQL + """ WHERE e.end_utc IS NULL AND e.superseded_by_id IS NULL
                         AND e.voided_at IS NULL ORDER BY e.start_utc, e.id""").fetchall()
    entries = [_record(row) for row in rows]
    if any(row[-2] for row in rows):
        raise _Handover  # a parallel timer runs
    if any(e["start"] <= now - prefs.forgotten_after for e in entries):
        raise _Handover  # forgotten: the command line asks what to do with it
    return entries


def _entry(conn: sqlite3.Connection, entry_id: int) -> dict[str, Any]:
    return _record(conn.execute(_ENTRY_SQL + " WHERE e.id = ?", (entry_id,)).fetchone())


def _record(row: Sequence[Any]) -> dict[str, Any]:
    (eid, raw_uuid, pid, pname, cname, item_id, title, start, end, zone, note, tags, billable,
     rate, currency, sup, voided, reason, invoice, source, created, _parallel, number) = row
    return {
        "id": eid, "no": eid if number is None else number, "uuid": str(uuid.UUID(raw_uuid)),
        "project_id": pid,
        "project": f"{cname}/{pname}" if cname else pname, "client": cname,
        "work_item_id": item_id, "work_item": title, "start": _utc(start), "end": _utc(end),
        "zone": zone, "note": note, "tags": json.loads(tags or "[]"),
        "billable": bool(billable),
        "rate": None if rate is None else Decimal(str(rate)).quantize(CENT),
        "currency": currency, "superseded_by": sup, "voided_at": _utc(voided),
        "void_reason": reason, "invoice_ref": invoice, "source_key": source,
        "created_at": _utc(created),
    }


def _check_long_enough(running: list[dict[str, Any]], at: dt.datetime, prefs: Prefs) -> None:
    """Hand over when stopping at ``at`` would discard a timer (rare: the store does it)."""
    if any((at - e["start"]).total_seconds() < prefs.min_entry_seconds for e in running):
        raise _Handover


def _check_no_overlap(conn: sqlite3.Connection, at: dt.datetime) -> None:
    """Hand over when a timer starting at ``at`` would overlap an entry (the store's check:
    the last entry starting before, and any starting at or after)."""
    base = """FROM time_entry WHERE +superseded_by_id IS NULL AND +voided_at IS NULL
              AND NOT parallel AND (end_utc IS NULL OR end_utc > start_utc)"""
    at_s = int(at.timestamp())
    previous = conn.execute(f"SELECT end_utc {base} AND start_utc < ? "
                            "ORDER BY start_utc DESC LIMIT 1", (at_s,)).fetchone()
    if previous is not None and (previous[0] is None or previous[0] > at_s):
        raise _Handover
    if conn.execute(f"SELECT 1 {base} AND start_utc >= ? LIMIT 1", (at_s,)).fetchone():
        raise _Handover


def _rate(conn: sqlite3.Connection, project_id: int, prefs: Prefs) -> tuple[Decimal | None, str]:
    """The project's rate, else its client's (``CatalogVerbs.rate_for`` without a card)."""
    rate, client_rate, currency = conn.execute(
        """SELECT p.hourly_rate, c.hourly_rate, c.currency FROM project p
           LEFT JOIN client c ON c.id = p.client_id WHERE p.id = ?""", (project_id,)).fetchone()
    chosen = rate if rate is not None else client_rate
    return (None if chosen is None else Decimal(str(chosen)).quantize(CENT),
            currency or prefs.currency)


# --- writes ----------------------------------------------------------------------------------


def _stop_row(conn: sqlite3.Connection, entry: dict[str, Any], at: dt.datetime,
              now: dt.datetime, batch: str) -> None:
    conn.execute("UPDATE time_entry SET end_utc = ? WHERE id = ?",
                 (int(at.timestamp()), entry["id"]))
    _log(conn, "time_entry", entry["id"], "stop", entry, _entry(conn, entry["id"]), now, batch)


def _log(conn: sqlite3.Connection, entity: str, entity_id: object, action: str,
         before: dict[str, Any] | None, after: dict[str, Any] | None, now: dt.datetime,
         batch: str | None) -> None:
    """One activity row, as ``StoreBase._log`` writes it."""
    conn.execute(
        """INSERT INTO activity (uuid, actor, entity, entity_id, action, batch, before, after,
               at) VALUES (?, 'me', ?, ?, ?, ?, ?, ?, ?)""",
        (uuid.uuid4().hex, entity, str(entity_id), action, batch, _json(before), _json(after),
         int(now.timestamp())))


def _json(value: dict[str, Any] | None) -> str | None:
    if value is None:
        return None
    out = {}
    for key, item in value.items():
        if isinstance(item, Decimal):
            item = str(item)
        elif isinstance(item, dt.datetime):
            item = item.isoformat()
        out[key] = item
    return json.dumps(out, default=str, sort_keys=True)


def _ran(entry: dict[str, Any], at: dt.datetime) -> str:
    return format_duration(int((at - entry["start"]).total_seconds()))


def _utc(value: int | None) -> dt.datetime | None:
    return None if value is None else dt.datetime.fromtimestamp(int(value), UTC)
