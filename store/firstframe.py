"""The app's first frame without peewee: ``fcc`` shows the status strip and the running
timers from a plain ``sqlite3`` read (as ``fcc status`` answers), and opens the store right
after. Importing peewee and the store is ~50 ms of the launch; the frame no longer waits.

Like ``fcc.store.quick`` it only answers when it is sure: an fcc SQLite file whose schema is
current (anything else raises :class:`~fcc.store.quick.Handover` and the app opens the store
first, which migrates). The figures come from the SQL core's functions the store runs too, so
nothing jumps when the full view replaces them a moment later.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Mapping

from fcc.store.quick import connect_current, sqlite_fault
from fcc.store.sql.dialect import SQLITE
from fcc.store.sql.session import change_counter, session_row
from fcc.store.sql.settings import load_prefs
from fcc.store.sql.timers import running_rows
from fcc.store.sql.totals import today_and_week

TYPE_CHECKING = False  # typing is not imported at run time
if TYPE_CHECKING:
    from fcc.store.records_tui import FirstFrame


def first_frame(path: str, now: dt.datetime, session: str = "default", *,
                overrides: Mapping[str, str] | None = None,
                environ: Mapping[str, str] | None = None) -> FirstFrame:
    """The first frame's figures at ``now``; :class:`Handover` when the store must open
    first."""
    conn = connect_current(path, now.timestamp())
    from fcc.store.records import entry_from_row
    from fcc.store.records_tui import FirstFrame, session_from_row

    try:
        cur = conn.cursor()
        cur.execute("BEGIN")  # one snapshot for every figure and the change counter
        prefs = load_prefs(cur, SQLITE, overrides, environ)
        running = tuple(entry_from_row(row) for row in running_rows(cur, SQLITE))
        week_first, today_s, week_s = today_and_week(cur, SQLITE, prefs, now)
        counter = change_counter(cur, SQLITE)
        saved = session_row(cur, SQLITE, session)
        cur.execute("COMMIT")
    except sqlite3.Error as exc:
        raise sqlite_fault(path, exc) from None
    finally:
        conn.close()
    return FirstFrame(
        at=now, zone=prefs.zone, week_start=week_first, running=running,
        today_seconds=today_s, week_seconds=week_s, counter=counter,
        session=None if saved is None else session_from_row(
            saved[0], saved[1], saved[2], saved[3],
            dt.datetime.fromtimestamp(int(saved[4]), dt.UTC)))  # updated_at is NOT NULL
