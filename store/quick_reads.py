"""``fcc log``, ``fcc report`` and ``fcc card list`` on plain ``sqlite3``: the SQL core's
queries (``fcc.store.sql.log``, ``fcc.store.sql.reports``, ``fcc.store.sql.boards``) without
peewee, click or pydantic.

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
    from fcc.store.records_boards import Card

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


def card_list(path: str, overrides: Mapping[str, str], now: dt.datetime, board: str | None,
              tag: str | None, *, blocked: bool, archived: bool, deleted: bool,
              ) -> tuple[list[Card], Prefs]:
    """What ``fcc card list`` prints: every board not archived (``board`` None), or the board
    ``board`` names as the store finds it (its name, ignoring case and form; else its id),
    filtered as ``store.cards`` filters. A name that finds no board is handed over (the full
    path says so, with close matches)."""
    from fcc.store.names import name_key
    from fcc.store.sql import boards as sql

    def body(cur: Any, prefs: Prefs) -> tuple[list[Card], Prefs]:
        cur.execute("SELECT id, name, archived FROM board ORDER BY id")
        everything = cur.fetchall()
        if board is None:
            ids = [int(i) for i, _, gone in everything if not gone]
        else:
            key = name_key(board) if board.strip() else None
            found = [int(i) for i, name, _ in everything if name_key(name) == key]
            text = board.strip()
            if not found and text.isascii() and text.isdigit():
                found = [int(i) for i, _, _ in everything if int(i) == int(text)]
            if not found:
                raise Handover("--board: the full path explains it")
            ids = found[:1]
        if not ids:
            return [], prefs
        marks = ", ".join("?" for _ in ids)
        rows = sql.card_rows(cur, SQLITE, f"w.board_id IN ({marks})", tuple(ids))
        built = sql.build(rows, sql.tracked(cur, SQLITE, None, int(now.timestamp())),
                          sql.dependencies(cur, SQLITE, None))
        tag_key = None if tag is None else name_key(tag)
        return [c for c in built
                if (deleted or c.deleted_at is None) and (archived or not c.archived)
                and (tag_key is None or tag_key in {name_key(x) for x in c.tags})
                and (not blocked or c.blocked)], prefs

    return _read(path, overrides, now, body)
