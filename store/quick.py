"""``fcc status`` without peewee, click or pydantic: status bars poll it every few seconds.

Plain ``sqlite3`` and the SQL core's queries (``fcc.store.sql``: the same functions the
store's verbs run). It only answers when the answer is certain: a SQLite file that exists and
whose schema is current. Anything else (PostgreSQL, a missing or old database, an option it
does not parse) raises :class:`Handover` naming the reason, and the full command line handles
it — which also applies pending migrations, as every start of fcc must.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from collections.abc import Mapping

from fcc.store import faults
from fcc.store.errors import FccError
from fcc.store.faults import decode_text
from fcc.store.sql.dialect import SQLITE
from fcc.store.sql.schema import latest_version
from fcc.store.sql.settings import load_prefs
from fcc.store.sql.timers import running_rows
from fcc.store.sql.totals import today_and_week
from fcc.store.when import format_duration

UTC = dt.UTC


class Handover(Exception):
    """The quick path cannot answer; nothing was written. ``str(exc)`` is the reason, which
    ``FCC_TRACE_QUICK=1`` prints; the full command line then answers."""


def sqlite_fault(path: str, exc: sqlite3.Error) -> Handover:
    """A quick path's SQLite error as a hand-over: a file SQLite calls malformed is remembered
    (``fcc.store.faults``), so the full command line refuses it whatever it reads."""
    text = " ".join(str(exc).split())
    if faults.is_damage(exc):
        faults.mark_damaged(path, f"SQLite: {text}")
    return Handover(f"SQLite: {text}")


def connect_current(path: str, now_s: float) -> sqlite3.Connection:
    """An autocommit connection to an fcc SQLite file whose schema is current and that passes
    the check every opening of the store runs (``faults.before_write``: the damage marker, and
    ``quick_check`` when due - always on a small file); else :class:`Handover` (the full
    command line creates, migrates or refuses the file, and says why)."""
    if not os.path.isfile(path):
        raise Handover("no database file")
    if os.path.exists(path + ".damaged"):
        raise Handover("the file is marked damaged")  # the full command line says why
    try:
        conn = sqlite3.connect(path, timeout=10, isolation_level=None)
    except sqlite3.Error as exc:  # e.g. a file it may not open
        raise sqlite_fault(path, exc) from None
    conn.text_factory = decode_text  # as the full command line: bad UTF-8 read with U+FFFD
    try:
        conn.execute("PRAGMA busy_timeout = 10000")
        version = conn.execute("SELECT max(version) FROM fcc_schema_migrations").fetchone()[0]
    except sqlite3.Error as exc:
        conn.close()
        raise sqlite_fault(path, exc) from None
    if version != latest_version():
        conn.close()
        raise Handover(f"schema version {version}, not {latest_version()}")
    try:
        faults.before_write(path, conn, now_s)  # as Store.open: a damaged file is never read
    except FccError as exc:  # found damaged (now marked), or a fault of the disk
        conn.close()
        raise Handover(" ".join(str(exc).split())) from None
    except sqlite3.Error as exc:
        conn.close()
        raise sqlite_fault(path, exc) from None
    return conn


def status_lines(path: str, template: str | None, now: dt.datetime,
                 environ: Mapping[str, str] | None = None,
                 overrides: Mapping[str, str] | None = None) -> list[str]:
    """The lines ``fcc status`` prints ([] when idle); :class:`Handover` when the full
    command line must answer.

    ``overrides``: the config file's settings, which beat the database's (as in the store)."""
    from fcc.store.statusline import render, template_problem

    if template is not None and template_problem(template) is not None:
        raise Handover("a --format template to explain")
    conn = connect_current(path, now.timestamp())
    try:
        cur = conn.cursor()
        cur.execute("BEGIN")  # one snapshot for all the reads
        prefs = load_prefs(cur, SQLITE, overrides, environ)
        running = running_rows(cur, SQLITE)
        if not running:
            return []
        _, today_s, week_s = today_and_week(cur, SQLITE, prefs, now)
        cur.execute("COMMIT")
    except sqlite3.Error as exc:
        raise sqlite_fault(path, exc) from None
    finally:
        conn.close()
    from fcc.store.sql.timers import entry_values

    tz = prefs.tz
    now_s = int(now.timestamp())
    lines = []
    for row in running:
        entry = entry_values(row)
        card, client = entry["work_item_id"], entry["client"]
        start = entry["start"]
        elapsed = max(0, now_s - int(start.timestamp()))
        fields = {
            "project": entry["project"], "client": client or "",
            "card": f"#{card}" if card else "", "note": entry["note"],
            "tags": ",".join(entry["tags"]),
            "elapsed_seconds": elapsed, "elapsed": format_duration(elapsed),
            "start": start.astimezone(tz).strftime("%H:%M"),
            "today": format_duration(today_s), "week": format_duration(week_s),
            "count": len(running),
        }
        if template is None:
            card_part = " {card}" if card else ""
            lines.append(render("{project}" + card_part + " {elapsed} (today {today})", fields))
        else:
            try:
                lines.append(render(template, fields))
            except (KeyError, IndexError, ValueError):
                raise Handover("a --format template to explain") from None
    return lines
