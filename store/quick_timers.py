"""``fcc start PROJECT`` and ``fcc stop`` without peewee or click: the two commands people
bind to keys and run dozens of times a day.

Argument handling, the writer lock and the commit; everything else is the SQL core
(``fcc.store.sql``), the same functions ``Store.start_timer`` / ``Store.stop_timer`` run in
their transaction, under the same writer lock and ``BEGIN IMMEDIATE``. It only handles the
plain case and hands everything else to the full command line *before writing anything*: a
:class:`~fcc.store.quick.Handover` names why, and nothing was written. Handed over are:
PostgreSQL, an old schema, any option besides ``--note``/``--tag``, a name that is not exactly
one active project, parallel timers (running or allowed), a forgotten timer (the CLI asks about
it), an overlap, a start inside a period an approval freezes (the store names the approval), a
timer that ran less than ``min_entry_seconds`` (the store discards it, as a change of its own),
and invalid notes or tags (the store words the error). A write the database's rules refuse all
the same (migration 0006's triggers) is rolled back and handed over too.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import uuid
from collections.abc import Mapping, Sequence

from fcc.store.entrytext import clean_note, clean_tags
from fcc.store.errors import FccError, InvalidInput
from fcc.store.prefs import Prefs
from fcc.store.quick import Handover, connect_current, sqlite_fault
from fcc.store.sql import activity, catalog, locks
from fcc.store.sql import timers as core
from fcc.store.sql.dialect import SQLITE
from fcc.store.sql.settings import load_prefs
from fcc.store.when import format_duration, format_local
from fcc.store.writelock import WriterLock

TYPE_CHECKING = False  # typing is not imported at run time (~4 ms)
if TYPE_CHECKING:
    from typing import Any


def quick_start(path: str, project: str, notes: Sequence[str], tags: Sequence[str],
                now: dt.datetime, environ: Mapping[str, str] | None = None,
                overrides: Mapping[str, str] | None = None) -> str:
    """Start a timer on ``project`` now; the message to print. :class:`Handover`: nothing
    written, the store must do it.

    ``overrides``: the config file's settings, which beat the database's (as in the store)."""
    try:
        note = clean_note(notes[-1] if notes else "")
        tag_list = clean_tags(tags)
    except InvalidInput:
        raise Handover("a note or tag to refuse") from None
    return _write(path, now, environ, overrides, "start",
                  lambda cur, prefs, batch: _start(cur, prefs, batch, project, note, tag_list,
                                                   now))


def quick_stop(path: str, now: dt.datetime, environ: Mapping[str, str] | None = None,
               overrides: Mapping[str, str] | None = None) -> str:
    """Stop the running timer now; the message to print ("" when none runs)."""
    return _write(path, now, environ, overrides, "stop",
                  lambda cur, prefs, batch: _stop(cur, prefs, batch, now))


def _write(path: str, now: dt.datetime, environ: Mapping[str, str] | None,
           overrides: Mapping[str, str] | None, action: str, work: Any) -> str:
    conn = connect_current(path, now.timestamp())  # damaged? quick_check when due
    lock = WriterLock(path + ".lock")
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA synchronous = NORMAL")
        with lock:
            cur = conn.cursor()
            cur.execute("BEGIN IMMEDIATE")
            try:
                prefs = load_prefs(cur, SQLITE, overrides, environ)
                batch = uuid.uuid4().hex  # one change: what ``fcc undo`` reverts
                message = work(cur, prefs, batch)
                if message:
                    _log(cur, "batch", batch, action, None, {"message": message}, now, batch)
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        return str(message)
    except sqlite3.IntegrityError as exc:  # a rule of the database (a period an approval
        # freezes): rolled back; the store refuses it too, in one line naming the approval
        raise Handover(f"refused by the database: {' '.join(str(exc).split())}") from None
    except sqlite3.Error as exc:  # rolled back: the store does it and explains any error
        raise sqlite_fault(path, exc) from None
    except FccError as exc:  # the writer lock, a damaged file: the full path says it all
        raise Handover(" ".join(str(exc).split())) from None
    finally:
        lock.close()
        conn.close()


def _start(cur: sqlite3.Cursor, prefs: Prefs, batch: str, spec: str, note: str,
           tags: list[str], now: dt.datetime) -> str:
    if prefs.allow_parallel:
        raise Handover("parallel timers are allowed")
    found = catalog.matching_projects(catalog.project_rows(cur, SQLITE), spec)
    if not spec.strip() or len(found) != 1:
        raise Handover("an unknown or ambiguous project")  # the store lists close matches
    project = catalog.survivor(cur, SQLITE, found[0][catalog.ID])
    if project[catalog.ARCHIVED]:
        raise Handover("an archived project")
    running = _running(cur, prefs, now)
    at = max([now, *(e["start"] for e in running)])
    _check_long_enough(running, at, prefs)
    at_s = int(at.timestamp())
    if locks.refusal(cur, SQLITE, prefs.zone, starts=[(project[catalog.ID], at_s)]):
        raise Handover("a period an approval freezes")  # the store names the approval
    for entry in running:
        _stop_row(cur, entry, at_s, now, batch)
    if core.overlapping(cur, SQLITE, at_s, None):
        raise Handover("an overlap")  # the store names the entry
    project_id = project[catalog.ID]
    rate, currency = catalog.rate_for(cur, SQLITE, project_id, None, prefs.currency)
    new_id = core.insert_entry(cur, SQLITE, {
        "project_id": project_id, "work_item_id": None, "start_utc": at_s, "end_utc": None,
        "zone": prefs.zone, "note": note, "tags": tags, "billable": True, "rate": rate,
        "currency": currency, "parallel": False, "created_at": int(now.timestamp()),
        "uuid": uuid.uuid4().hex})
    entry = _entry(cur, new_id)
    _log(cur, "time_entry", entry["id"], "start", None, entry, now, batch)
    words = f"started {catalog.label(project)} at {format_local(at, prefs.zone, '%H:%M')}"
    for old in running:
        words += f"; stopped {old['project']} after {_ran(old, at)}"
    return words


def _stop(cur: sqlite3.Cursor, prefs: Prefs, batch: str, now: dt.datetime) -> str:
    running = _running(cur, prefs, now)
    if not running:
        return ""
    if len(running) > 1:
        raise Handover("more than one timer runs")
    entry = running[0]
    at = max(now, entry["start"])
    _check_long_enough(running, at, prefs)
    _stop_row(cur, entry, int(at.timestamp()), now, batch)
    return f"stopped {entry['project']} after {_ran(entry, at)}"


def _running(cur: sqlite3.Cursor, prefs: Prefs, now: dt.datetime) -> list[dict[str, Any]]:
    rows = core.running_rows(cur, SQLITE)
    if any(row[core.PARALLEL] for row in rows):
        raise Handover("a parallel timer runs")
    entries = [core.entry_values(row) for row in rows]
    if any(e["start"] <= now - prefs.forgotten_after for e in entries):
        raise Handover("a forgotten timer")  # the command line asks what to do with it
    return entries


def _entry(cur: sqlite3.Cursor, row_id: int) -> dict[str, Any]:
    return core.entry_values(core.row_by_id(cur, SQLITE, row_id))


def _check_long_enough(running: list[dict[str, Any]], at: dt.datetime, prefs: Prefs) -> None:
    """Hand over when stopping at ``at`` would discard a timer (rare: the store does it)."""
    if any((at - e["start"]).total_seconds() < prefs.min_entry_seconds for e in running):
        raise Handover("a timer shorter than min_entry_seconds")


def _stop_row(cur: sqlite3.Cursor, entry: dict[str, Any], at: int, now: dt.datetime,
              batch: str) -> None:
    core.stop_row(cur, SQLITE, entry["id"], at)
    _log(cur, "time_entry", entry["id"], "stop", entry, _entry(cur, entry["id"]), now, batch)


def _log(cur: sqlite3.Cursor, entity: str, entity_id: object, action: str,
         before: dict[str, Any] | None, after: dict[str, Any] | None, now: dt.datetime,
         batch: str) -> None:
    """One activity row, as ``StoreBase._log`` writes it (entries as ``records.as_dict``)."""
    activity.log(cur, SQLITE, uuid=uuid.uuid4().hex, actor="me", entity=entity,
                 entity_id=entity_id, action=action, batch=batch,
                 before=None if before is None else activity.plain(before),
                 after=None if after is None else activity.plain(after),
                 at=int(now.timestamp()))


def _ran(entry: dict[str, Any], at: dt.datetime) -> str:
    return format_duration(int((at - entry["start"]).total_seconds()))
