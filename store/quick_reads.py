"""``fcc log`` and ``fcc report`` on plain ``sqlite3``: the SQL core's queries
(``fcc.store.sql.log``, ``fcc.store.sql.reports``) without peewee, click or pydantic.

Each function reads one snapshot of a current SQLite file and hands back the records the
command prints, or raises :class:`~fcc.store.quick.Handover` naming why the full command line
must answer (a file it cannot read as current, input it leaves to the full path's checks and
messages).
"""

from __future__ import annotations

import datetime as dt

from fcc.store.quick import Handover, connect_current, sqlite_fault
from fcc.store.sql.dialect import SQLITE
from fcc.store.sql.settings import load_prefs

TYPE_CHECKING = False  # typing is not imported at run time
if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from typing import Any, TypeVar

    from fcc.store.prefs import Prefs
    from fcc.store.records import Entry, Report

    _T = TypeVar("_T")


def _read(path: str, overrides: Mapping[str, str], now: dt.datetime,
          body: Callable[[Any, Prefs], _T]) -> _T:
    """``body(cursor, prefs)`` in one read snapshot of the current SQLite file at ``path``."""
    import sqlite3

    from fcc.store.errors import InvalidInput
    conn = connect_current(path, now.timestamp())  # or Handover, naming why not
    try:
        cur = conn.cursor()
        cur.execute("BEGIN")  # one snapshot for every read
        prefs = load_prefs(cur, SQLITE, overrides)
        try:
            result = body(cur, prefs)
        except InvalidInput as exc:
            raise Handover(f"{exc.field}: the full path explains it") from None
        cur.execute("COMMIT")
    except sqlite3.Error as exc:
        raise sqlite_fault(path, exc) from None
    finally:
        conn.close()
    return result


def log_entries(path: str, overrides: Mapping[str, str], now: dt.datetime,
                start: str | None, end: str | None, history: bool,
                ) -> tuple[list[Entry], Prefs]:
    """What ``fcc log [--from W] [--to W] [--history]`` lists (default: the last 7 days, up
    to the end of this second, as the full command line reads it) and the preferences."""
    from fcc.store.sql.log import entries
    from fcc.store.when import parse_when

    def body(cur: Any, prefs: Prefs) -> tuple[list[Entry], Prefs]:
        begin = now - dt.timedelta(days=7) if start is None else \
            parse_when(start, now=now, zone=prefs.zone, field="--from")
        stop = now + dt.timedelta(seconds=1) if end is None else \
            parse_when(end, now=now, zone=prefs.zone, field="--to")
        found = entries(cur, SQLITE, int(begin.timestamp()), int(stop.timestamp()),
                        int(now.timestamp()), include_history=history)
        return found, prefs

    return _read(path, overrides, now, body)


def report(path: str, overrides: Mapping[str, str], now: dt.datetime,
           span: Callable[[Prefs], tuple[dt.datetime, dt.datetime]], keys: tuple[str, ...],
           billable_only: bool) -> Report:
    """``fcc report`` over ``span(prefs)`` (the range the options name) grouped by ``keys``."""
    from fcc.store.sql import reports

    def body(cur: Any, prefs: Prefs) -> Report:
        begin, stop = span(prefs)
        projects = reports.project_map(cur, SQLITE, prefs.rounding)
        return reports.report(cur, SQLITE, prefs, int(now.timestamp()),
                              int(begin.timestamp() // 1), int(stop.timestamp() // 1), keys,
                              projects, billable_only=billable_only)

    return _read(path, overrides, now, body)
