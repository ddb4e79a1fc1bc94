"""``fcc status`` without peewee, click or pydantic: status bars poll it every few seconds.

Plain ``sqlite3`` and two indexed queries. It only answers when the answer is certain: a
SQLite file that exists and whose schema is current. Anything else (PostgreSQL, a missing or
old database, an option it does not know) returns ``None`` and the full command line handles
it — which also applies pending migrations, as every start of fcc must.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from collections.abc import Iterable, Mapping, Sequence

from fcc.store.faults import decode_text
from fcc.store.prefs import Prefs
from fcc.store.sql.dialect import SQLITE
from fcc.store.sql.schema import latest_version
from fcc.store.sql.settings import load_prefs
from fcc.store.when import format_duration
from fcc.store.zones import first_instant

UTC = dt.UTC


QuickArgs = tuple[str | None, str | None, dict[str, list[str]], list[str]]


def parse_args(argv: Sequence[str], command: str | None, options: Sequence[str] = (),
               max_positional: int = 0) -> QuickArgs | None:
    """``[--db X] [-w NAME] COMMAND [--OPTION VALUE]... [ARG]...`` -> (db, workspace, option
    values in order, positional args); None for anything else (help, a typo, another command,
    an option it does not know, a value that looks like an option): the full command line
    then handles the arguments. ``command=None``: the app, ``[--db X] [-w NAME]`` alone."""
    db = workspace = None
    values: dict[str, list[str]] = {}
    positional: list[str] = []
    seen = False
    args = list(argv)
    i = 0
    while i < len(args):
        arg = args[i]
        if not seen and arg == command:
            seen = True
            i += 1
            continue
        if not arg.startswith("-"):
            if not seen or len(positional) >= max_positional:
                return None
            positional.append(arg)
            i += 1
            continue
        key, eq, val = arg.partition("=") if arg.startswith("--") else (arg, "", "")
        names = tuple(options) if seen else ("--db", "--workspace", "-w")
        if key not in names:
            return None
        if not eq:
            if i + 1 >= len(args) or args[i + 1].startswith("-"):
                return None
            val = args[i + 1]
            i += 1
        if key == "--db":
            db = val
        elif key in ("--workspace", "-w"):
            workspace = val
        else:
            values.setdefault(key, []).append(val)
        i += 1
    return (db, workspace, values, positional) if seen or command is None else None


def parse_app_args(argv: Sequence[str]) -> tuple[str | None, str | None] | None:
    """``[--db X] [-w NAME]`` (the app, no command) -> (db, workspace); None otherwise."""
    parsed = parse_args(argv, None)
    return None if parsed is None else (parsed[0], parsed[1])


def parse_status_args(argv: Sequence[str]) -> tuple[str | None, str | None, str | None] | None:
    """``[--db X] [-w NAME] status [--format T]`` -> (db, workspace, template)."""
    parsed = parse_args(argv, "status", ("--format",))
    if parsed is None:
        return None
    db, workspace, values, _ = parsed
    return db, workspace, (values["--format"][-1] if "--format" in values else None)


def connect_current(path: str) -> sqlite3.Connection | None:
    """An autocommit connection to an fcc SQLite file whose schema is current, else None."""
    if not os.path.isfile(path) or os.path.exists(path + ".damaged"):
        return None  # a file found damaged: the full command line refuses it and says why
    conn = sqlite3.connect(path, timeout=10, isolation_level=None)
    conn.text_factory = decode_text  # as the full command line: bad UTF-8 read with U+FFFD
    try:
        conn.execute("PRAGMA busy_timeout = 10000")
        version = conn.execute("SELECT max(version) FROM fcc_schema_migrations").fetchone()[0]
    except sqlite3.DatabaseError:
        conn.close()
        return None
    if version != latest_version():
        conn.close()
        return None
    return conn


def status_lines(path: str, template: str | None, now: dt.datetime,
                 environ: Mapping[str, str] | None = None,
                 overrides: Mapping[str, str] | None = None) -> list[str] | None:
    """The lines ``fcc status`` prints ([] when idle), or None to defer to the full CLI.

    ``overrides``: the config file's settings, which beat the database's (as in the store)."""
    from fcc.store.statusline import render, template_problem

    if template is not None and template_problem(template) is not None:
        return None  # the full CLI explains the bad template
    conn = connect_current(path)
    if conn is None:
        return None
    try:
        conn.execute("BEGIN")  # one snapshot for all the reads
        prefs = load_prefs(conn.cursor(), SQLITE, overrides, environ)
        running = conn.execute(
            """SELECT e.id, p.name, c.name, e.work_item_id, e.note, e.tags, e.start_utc
               FROM time_entry e
               JOIN project p0 ON p0.id = e.project_id
               JOIN project p ON p.id = COALESCE(p0.merged_into_id, p0.id)
               LEFT JOIN client c ON c.id = p.client_id
               WHERE e.end_utc IS NULL AND e.superseded_by_id IS NULL AND e.voided_at IS NULL
               ORDER BY e.start_utc, e.id""").fetchall()
        if not running:
            return []
        _, today_s, week_s = today_and_week(conn, prefs, now)
        conn.execute("COMMIT")
    finally:
        conn.close()
    import json

    tz = prefs.tz
    now_s = int(now.timestamp())
    lines = []
    for _id, project, client, card, note, tags, start in running:
        elapsed = max(0, now_s - int(start))
        fields = {
            "project": f"{client}/{project}" if client else project, "client": client or "",
            "card": f"#{card}" if card else "", "note": note, "tags": ",".join(json.loads(tags)),
            "elapsed_seconds": elapsed, "elapsed": format_duration(elapsed),
            "start": dt.datetime.fromtimestamp(int(start), UTC).astimezone(tz).strftime("%H:%M"),
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
                return None  # the full CLI explains the bad template
    return lines


def today_and_week(conn: sqlite3.Connection, prefs: Prefs, now: dt.datetime
                   ) -> tuple[dt.date, int, int]:
    """(the first day of this week, seconds today, seconds this week) at ``now``, from a
    plain sqlite3 connection (``fcc status``'s quick path, the app's first frame)."""
    week_first, week_lo, hi = week_window(prefs, now)
    rows = conn.execute(
        """SELECT start_utc, end_utc FROM time_entry
           WHERE (end_utc > :lo OR end_utc IS NULL) AND +start_utc < :hi
             AND +superseded_by_id IS NULL AND +voided_at IS NULL""",
        {"lo": week_lo, "hi": hi}).fetchall()
    return (week_first, *tracked_today_and_week(rows, prefs, now))


# The unary ``+`` above keeps SQLite off the start and superseded_by indexes (which match
# nearly every row) so it reads only this week's rows through ``time_entry_end``.


def week_window(prefs: Prefs, now: dt.datetime) -> tuple[dt.date, int, int]:
    """(the first day of this week, its first instant, the end of today) in the user's zone,
    instants as epoch seconds: the current entries that overlap it are what the totals need."""
    tz = prefs.tz
    today = now.astimezone(tz).date()
    week_first = today - dt.timedelta(days=(today.weekday() - prefs.week_start) % 7)
    return (week_first, int(first_instant(week_first, tz).timestamp()),
            int(first_instant(today + dt.timedelta(days=1), tz).timestamp()))


def tracked_today_and_week(spans: Iterable[tuple[int, int | None]], prefs: Prefs,
                           now: dt.datetime) -> tuple[int, int]:
    """Seconds tracked today and this week at ``now``, from the (start, end) epoch seconds of
    the current entries overlapping this week (``end`` None: running).

    The one definition of the status totals, for ``fcc status`` (both paths, both backends)
    and the app's first frame: each entry counts its part inside the day (week), as the
    store's reports count it: a running one up to ``now``, a stopped one up to its end even
    when that is after ``now`` (another machine's clock ahead)."""
    tz = prefs.tz
    now_s = int(now.timestamp())
    today = now.astimezone(tz).date()
    day_lo = int(first_instant(today, tz).timestamp())
    _, week_lo, hi = week_window(prefs, now)
    day = week = 0
    for start, end in spans:
        stop = min(now_s if end is None else int(end), hi)
        day += max(0, stop - max(int(start), day_lo))
        week += max(0, stop - max(int(start), week_lo))
    return day, week
