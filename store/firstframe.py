"""The app's first frame without peewee: ``fcc`` shows the status strip and the running
timers from a plain ``sqlite3`` read (as ``fcc status`` answers), and opens the store right
after. Importing peewee and the store is ~50 ms of the launch; the frame no longer waits.

Like ``fcc.store.quick`` it only answers when it is sure: an fcc SQLite file whose schema is
current (anything else returns ``None`` and the app opens the store first, which migrates).
The figures match the store's (``tests/tui/test_firstframe.py`` compares them), so nothing
jumps when the full view replaces them a moment later.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING
from uuid import UUID

from fcc.store.quick import connect_current, today_and_week
from fcc.store.sql.dialect import SQLITE
from fcc.store.sql.settings import load_prefs

if TYPE_CHECKING:
    from fcc.store.records_tui import FirstFrame

UTC = dt.UTC

# The store's entry query (TimerVerbs._entry_query), column for column.
_RUNNING = """
    SELECT e.id, e.uuid, e.project_id, e.work_item_id, e.start_utc, e.end_utc, e.zone, e.note,
           e.tags, e.billable, e.rate, e.currency, e.superseded_by_id, e.voided_at,
           e.void_reason, e.invoice_ref, e.source_key, e.created_at, e.parallel,
           p.id, p.name, c.name, w.title, e.entry_no
    FROM time_entry e
    JOIN project p0 ON p0.id = e.project_id
    JOIN project p ON p.id = COALESCE(p0.merged_into_id, p0.id)
    LEFT JOIN client c ON c.id = p.client_id
    LEFT JOIN work_item w ON w.id = e.work_item_id
    WHERE e.end_utc IS NULL AND e.superseded_by_id IS NULL AND e.voided_at IS NULL
    ORDER BY e.start_utc, e.id"""
_INSTANTS = (4, 5, 13, 17)  # start, end, voided_at, created_at: epoch seconds in the file


def _utc(value: int | None) -> dt.datetime | None:
    return None if value is None else dt.datetime.fromtimestamp(int(value), UTC)


def first_frame(path: str, now: dt.datetime, session: str = "default", *,
                overrides: Mapping[str, str] | None = None,
                environ: Mapping[str, str] | None = None) -> FirstFrame | None:
    """The first frame's figures at ``now``, or None when the store must open first."""
    conn = connect_current(path)
    if conn is None:
        return None
    from fcc.store.records import entry_from_row
    from fcc.store.records_tui import FirstFrame, session_from_row

    try:
        conn.execute("BEGIN")  # one snapshot for every figure and the change counter
        prefs = load_prefs(conn.cursor(), SQLITE, overrides, environ)
        running = []
        for row in conn.execute(_RUNNING).fetchall():
            values = list(row)
            for i in _INSTANTS:
                values[i] = _utc(values[i])
            values[1] = UUID(values[1])  # stored as 32 hex digits, handed out with dashes
            running.append(entry_from_row(values))
        week_first, today_s, week_s = today_and_week(conn, prefs, now)
        counter = conn.execute("SELECT MAX(id) FROM activity").fetchone()[0]
        saved = conn.execute(
            "SELECT name, last_pane, selection, filters, updated_at FROM session_state "
            "WHERE name = ?", (session,)).fetchone()
        conn.execute("COMMIT")
    finally:
        conn.close()
    return FirstFrame(
        at=now, zone=prefs.zone, week_start=week_first, running=tuple(running),
        today_seconds=today_s, week_seconds=week_s, counter=int(counter or 0),
        session=None if saved is None else session_from_row(
            saved[0], saved[1], saved[2], saved[3],
            dt.datetime.fromtimestamp(int(saved[4]), UTC)))  # updated_at is NOT NULL
