"""Imports from Watson, Timewarrior and CSV files: writing what ``fcc.store.readers`` read.

An import is idempotent: each entry keeps a key unique to its origin in ``source_key``
(``watson:<frame id>``, ``timewarrior:<sha1 of the interval>``, ``csv:<uuid or sha1 of the
row>``) and a rerun skips the keys it finds. It commits in chunks, so an interrupted import
leaves whole chunks behind; the rerun resumes and joins the interrupted run's activity batch,
so one ``fcc undo`` voids everything the import wrote.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import json
import sqlite3
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeAlias

import peewee as pw

from fcc.store import faults
from fcc.store import records as rec
from fcc.store import tables as t
from fcc.store.base import Batch
from fcc.store.db import is_postgres
from fcc.store.entrytext import clean_note as _note
from fcc.store.entrytext import clean_tags as _tags
from fcc.store.errors import InvalidInput, NotFound
from fcc.store.limits import INSTANT_EXPECTED, MAX_SPAN_SECONDS, SPAN_EXPECTED, check_epoch
from fcc.store.names import encoding_problem, name_key, refused_character
from fcc.store.prefs import zone_info
from fcc.store.rows import tuples
from fcc.store.sql import locks
from fcc.store.timers import CURRENT
from fcc.store.undo import UndoVerbs

if TYPE_CHECKING:
    from fcc.store.readers import Item

Progress: TypeAlias = Callable[[int, int], None]

CHUNK = 2000  # entries per transaction: an interrupted import loses at most one chunk
# Bound parameters per statement (SQLite before 3.32 allowed only 999).
_MAX_PARAMS = 30_000 if sqlite3.sqlite_version_info >= (3, 32) else 990
_UTC = dt.UTC
_ENTRY_COLUMNS = ("uuid", "project", "work_item", "start_utc", "end_utc", "zone", "note", "tags",
                  "billable", "rate", "currency", "parallel", "created_at", "source_key")
_ACTIVITY_COLUMNS = ("uuid", "actor", "entity", "entity_id", "action", "before", "after", "at",
                     "batch")


# --- writing ---------------------------------------------------------------------------------


@dataclasses.dataclass(slots=True)
class _Row:
    key: str
    where: str
    project: tuple[str | None, str]  # (client, name)
    start: int  # epoch seconds
    end: int
    note: str
    tags: str  # JSON
    billable: bool
    card: int | None
    zone: str
    uuid: uuid.UUID | None
    rate: Decimal | None = None  # None: the card's, project's or client's (rate_for)
    currency: str | None = None
    parallel: bool = False


class ImportVerbs(UndoVerbs):
    _undo_imports: tuple[tuple[str, str], set[int]] | None = None

    def import_entries(self, source: str, records: Iterable[Item],
                       progress: Progress | None = None, *,
                       dry_run: bool = False) -> rec.ImportResult:
        """Write what a reader read. Bad records and those imported before are skipped (and
        counted); an entry overlapping another becomes a parallel entry. One activity batch:
        ``undo`` voids the whole import."""
        now = int(self.clock.now().timestamp())
        bad: list[rec.ImportSkip] = []
        rows: list[_Row] = []
        first_seen: dict[str, str] = {}
        for item in records:
            if isinstance(item, rec.ImportSkip):
                bad.append(item)
                continue
            try:
                row = self._normalize(item, now)
            except InvalidInput as exc:  # (the timers' checks name their options: --tag)
                bad.append(rec.ImportSkip(where=item.where, reason=str(exc).removeprefix("--")))
                continue
            if row.key in first_seen:
                bad.append(rec.ImportSkip(where=row.where, reason=f"the same record as "
                                          f"{first_seen[row.key]}"))
                continue
            first_seen[row.key] = row.where
            rows.append(row)
        fresh = self._not_imported(source, rows)
        already = len(rows) - len(fresh)
        projects, new = self._projects_of(fresh, bad)
        fresh = self._check_cards([r for r in fresh if r.project in projects], bad)
        used = {r.project for r in fresh}
        new_projects = [label for pair, label in new.items() if pair in used]
        projects = {pair: pid for pair, pid in projects.items() if pair in used}
        fresh.sort(key=lambda r: (r.start, r.end, r.key))
        self._mark_overlaps(fresh)
        parallel = sum(r.parallel for r in fresh)
        if dry_run or not fresh:
            return rec.ImportResult(
                source=source, imported=len(fresh) if dry_run else 0,
                new_projects=tuple(new_projects) if dry_run else (), already_imported=already,
                bad=tuple(bad), parallel=parallel, batch=None, dry_run=dry_run)
        imported, batch_id = self._write(source, fresh, projects, progress)
        return rec.ImportResult(
            source=source, imported=imported, new_projects=tuple(new_projects),
            already_imported=already + len(fresh) - imported, bad=tuple(bad),
            parallel=parallel, batch=batch_id)

    def _normalize(self, item: rec.ImportRecord, now: int) -> _Row:
        from fcc.store import readers  # the name rules of the readers apply here too

        if item.end is None:
            raise InvalidInput("end", "a finished entry (it is still running there)")
        zone = item.zone or self.prefs.zone
        tz = zone_info(zone)
        start, end = (_epoch(i if i.tzinfo else i.replace(tzinfo=tz), field)
                      for i, field in ((item.start, "start"), (item.end, "end")))
        if end < start:
            raise InvalidInput("end", f"a time after the start ({item.start.isoformat()})",
                               item.end.isoformat())
        if end > now:
            raise InvalidInput("end", "a time that is not in the future", item.end.isoformat())
        if end - start >= MAX_SPAN_SECONDS:
            raise InvalidInput("end", SPAN_EXPECTED, f"{(end - start) / 3600:,.0f} hours")
        if len(item.source_key) > 180 or "#" in item.source_key:
            raise InvalidInput("id", "an id of at most 180 characters, without '#'",
                               item.source_key)
        if refused_character(item.source_key) is not None:  # (PostgreSQL cannot store NUL)
            raise InvalidInput("id", "an id without control characters", item.source_key)
        problem = encoding_problem(item.source_key)
        if problem is not None:
            raise InvalidInput("id", problem, item.source_key)
        client = None if item.client is None else readers._name(item.client, "client")
        return _Row(
            key=item.source_key, where=item.where, project=(client, readers._name(item.project)),
            start=start, end=end, note=_note(item.note), tags=json.dumps(_tags(item.tags)),
            billable=True if item.billable is None else item.billable, card=item.card,
            zone=zone, uuid=None if item.uuid is None else uuid.UUID(item.uuid),
            rate=item.rate, currency=None if item.rate is None else item.currency,
        )

    def _not_imported(self, source: str, rows: list[_Row]) -> list[_Row]:
        """The rows not imported before. A row whose import was undone is imported again,
        under its key with a '#N' suffix (the undone entry keeps the key itself)."""
        if any(not r.key.startswith(f"{source}:") for r in rows):
            raise ValueError(f"import keys must start with {source}:")
        undone = ("CASE WHEN voided_at IS NOT NULL AND void_reason = 'undo' THEN 1 ELSE 0 END")
        live: dict[str, bool] = {}
        versions: dict[str, int] = {}
        for key, entry_id, newer, gone in self.db.execute_sql(
                f"SELECT source_key, id, superseded_by_id, {undone} FROM time_entry "
                f"WHERE source_key LIKE {self.db.param}", [f"{source}:%"]).fetchall():
            if newer is not None:  # corrected since: what counts is its latest version
                latest = self._latest(entry_id)
                gone = latest.voided_at is not None and latest.void_reason == "undo"
            base = key.split("#", 1)[0]
            live[base] = live.get(base, False) or not gone
            versions[base] = versions.get(base, 0) + 1
        by_uuid = {t.TimeEntry.uuid.db_value(r.uuid): r for r in rows if r.uuid is not None}
        for found, gone in self._where_in(  # a version of the entry exported (or its undo)
                f"SELECT uuid, {undone} FROM time_entry WHERE uuid IN ({{}})", list(by_uuid)):
            row = by_uuid[str(found).replace("-", "")]
            if gone:
                row.uuid = None  # that entry keeps its uuid
            else:
                live[row.key] = True
        fresh = []
        for row in rows:
            if live.get(row.key):
                continue
            if row.key in versions:
                row.key = f"{row.key}#{versions[row.key] + 1}"
            fresh.append(row)
        return fresh

    def _taken(self, rows: Sequence[_Row]) -> set[str]:
        """The rows' keys (and uuids) that exist: another import may have run meanwhile."""
        taken = {k for (k,) in self._where_in(
            "SELECT source_key FROM time_entry WHERE source_key IN ({})", [r.key for r in rows])}
        by_uuid = {t.TimeEntry.uuid.db_value(r.uuid): r.key for r in rows if r.uuid is not None}
        taken.update(by_uuid[str(u).replace("-", "")] for (u,) in self._where_in(
            "SELECT uuid FROM time_entry WHERE uuid IN ({})", list(by_uuid)))
        return taken

    def _where_in(self, sql: str, values: list[Any]) -> list[tuple[Any, ...]]:
        """Rows of ``sql`` with its ``{}`` filled by the values' placeholders."""
        out: list[tuple[Any, ...]] = []
        for part in _parts(values, 1):
            marks = ", ".join([self.db.param] * len(part))
            out += self.db.execute_sql(sql.format(marks), part).fetchall()
        return out

    def _insert_many(self, model: type[pw.Model], columns: Sequence[str],
                     rows: list[tuple[Any, ...]]) -> None:
        """INSERT by executemany, of values already in database form: peewee's insert_many
        spends most of an import building SQL text."""
        if not rows:
            return
        fields = [model._meta.fields[name] for name in columns]
        sql = 'INSERT INTO "{}" ({}) VALUES ({})'.format(
            model._meta.table_name, ", ".join(f'"{f.column_name}"' for f in fields),
            ", ".join([self.db.param] * len(fields)))
        with pw.__exception_wrapper__:  # type: ignore[attr-defined]
            self.db.cursor().executemany(sql, rows)

    def _projects_of(self, rows: list[_Row], bad: list[rec.ImportSkip]) -> tuple[
            dict[tuple[str | None, str], int | None], dict[tuple[str | None, str], str]]:
        """The project id of each (client, name), None where it is new; the labels of the new."""
        found: dict[tuple[str | None, str], int | None] = {}
        by_fold: dict[tuple[str, str], tuple[str | None, str]] = {}
        problems: dict[tuple[str | None, str], str] = {}
        new: dict[tuple[str | None, str], str] = {}
        for row in rows:
            pair = row.project
            fold = (name_key(pair[0] or ""), name_key(pair[1]))
            if pair in found or pair in problems:
                continue
            if fold in by_fold:  # the same project spelled differently
                same = by_fold[fold]
                if same in problems:
                    problems[pair] = problems[same]
                else:
                    found[pair] = found[same]
                continue
            by_fold[fold] = pair
            spec = f"{pair[0]}/{pair[1]}" if pair[0] else pair[1]
            try:
                found[pair] = self._project_row(spec).id
            except NotFound:
                found[pair] = None
                new[pair] = spec
            except InvalidInput as exc:
                problems[pair] = str(exc)
        for row in rows:
            if row.project in problems:
                bad.append(rec.ImportSkip(where=row.where, reason=problems[row.project]))
        return found, new

    def _check_cards(self, rows: list[_Row], bad: list[rec.ImportSkip]) -> list[_Row]:
        cards = list({r.card for r in rows if r.card is not None})
        if not cards:
            return rows
        live: set[int] = set()
        for part in _parts(cards, 1):
            live.update(i for (i,) in tuples(t.WorkItem.select(t.WorkItem.id).where(
                t.WorkItem.id.in_(part) & t.WorkItem.deleted_at.is_null())))
        keep = []
        for row in rows:
            if row.card is not None and row.card not in live:
                bad.append(rec.ImportSkip(where=row.where,
                                          reason=f"card: no card with id {row.card} here"))
            else:
                keep.append(row)
        return keep

    def _mark_overlaps(self, rows: list[_Row]) -> None:
        """Mark rows (sorted by start) that overlap a current non-parallel entry, or an
        earlier row of this import, as parallel: non-parallel entries never overlap."""
        if not rows:
            return
        te = t.TimeEntry
        lo, hi = rows[0].start, max(r.end for r in rows)
        starts: list[int] = []
        ends: list[float] = []  # the largest end so far: a prefix maximum
        for start, end in tuples(te.select(te.start_utc, te.end_utc)
                                 .where(CURRENT & ~te.parallel & (te.start_utc < hi)
                                        & (te.end_utc.is_null() | (te.end_utc > lo)))
                                 .order_by(te.start_utc)):
            stop = float("inf") if end is None else end.timestamp()
            first = start.timestamp()
            if stop > first:  # an empty entry overlaps nothing
                starts.append(int(first))
                ends.append(max(stop, ends[-1]) if ends else stop)
        reach = float("-inf")  # the end of this import's non-parallel rows so far
        for row in rows:
            before = bisect.bisect_left(starts, row.end)  # those starting before its end
            if (before and ends[before - 1] > row.start) or reach > row.start:
                row.parallel = True
            else:
                reach = max(reach, row.end)

    def _write(self, source: str, rows: list[_Row], projects: dict[tuple[str | None, str],
               int | None], progress: Progress | None) -> tuple[int, str]:
        if self.target.path is not None:  # an import writes much: only to a sound file
            faults.check_now(self.target.path, self.db.connection(),
                             self.clock.now().timestamp())
        batch_id = self._unfinished_import(source) or uuid.uuid4().hex
        rates: dict[tuple[int, int | None], tuple[Any, Any]] = {}
        imported = 0
        if progress:
            progress(0, len(rows))
        self._batch = Batch(batch_id, "import")
        try:
            with self._bulk_pragmas():
                for offset in range(0, len(rows), CHUNK):
                    with self.atomic():
                        self.take_turn()  # as StoreBase.change does
                        if offset == 0:
                            for pair, pid in list(projects.items()):
                                if pid is None:
                                    projects[pair] = self.ensure_project(pair[1], pair[0]).id
                            # Before anything is written: no time in a frozen period.
                            locks.check_starts(self.db.cursor(), self.dialect, self.prefs.zone,
                                               [(projects[r.project] or 0, r.start)
                                                for r in rows])
                        imported += self._insert_chunk(rows[offset:offset + CHUNK], projects,
                                                       rates, batch_id)
                        if offset + CHUNK >= len(rows):
                            self._batch.message = self._import_message(batch_id, source)
                            self._log("batch", batch_id, "import", None,
                                      {"message": self._batch.message})
                    if progress:
                        progress(min(offset + CHUNK, len(rows)), len(rows))
        finally:
            self._batch = None
        return imported, batch_id

    def _import_message(self, batch_id: str, source: str) -> str:
        act = t.Activity
        total = act.select().where((act.batch == batch_id) & (act.action == "import")).count()
        return f"import {total} entr{'y' if total == 1 else 'ies'} from {source}"

    @contextmanager
    def _bulk_pragmas(self) -> Iterator[None]:
        """On SQLite, a bigger page cache and one checkpoint at the end rather than one per
        chunk: twice as fast. Both settings belong to this connection only."""
        if is_postgres(self.db):
            yield
            return
        saved = [(name, self.db.execute_sql(f"PRAGMA {name}").fetchone()[0])
                 for name in ("cache_size", "wal_autocheckpoint")]
        self.db.execute_sql("PRAGMA cache_size = -65536")
        self.db.execute_sql("PRAGMA wal_autocheckpoint = 100000")
        try:
            yield
        finally:
            for name, value in saved:
                self.db.execute_sql(f"PRAGMA {name} = {int(value)}")
            self.db.execute_sql("PRAGMA wal_checkpoint(PASSIVE)")

    def _insert_chunk(self, chunk: list[_Row], projects: dict[tuple[str | None, str], int | None],
                      rates: dict[tuple[int, int | None], tuple[Any, Any]],
                      batch_id: str) -> int:
        te, act = t.TimeEntry, t.Activity
        taken = self._taken(chunk)  # checked again under the write lock
        chunk = [r for r in chunk if r.key not in taken]
        if not chunk:
            return 0
        now = te.created_at.db_value(self.clock.now())
        yes, no = te.parallel.db_value(True), te.parallel.db_value(False)
        uuid_of = te.uuid.db_value
        values = []
        for r in chunk:
            pid = projects[r.project]
            assert pid is not None
            if (pid, r.card) not in rates:
                rate, currency = self.rate_for(pid, r.card)
                rates[(pid, r.card)] = (te.rate.db_value(rate), currency)
            rate, currency = rates[(pid, r.card)]
            if r.rate is not None:  # the entry's own rate (an fcc export's): kept
                rate, currency = te.rate.db_value(r.rate), r.currency or currency
            values.append((
                uuid_of(r.uuid or uuid.uuid4()), pid, r.card, r.start, r.end, r.zone, r.note,
                r.tags, yes if r.billable else no, rate, currency, yes if r.parallel else no,
                now, r.key))
        self._insert_many(te, _ENTRY_COLUMNS, values)
        ids: dict[str, int] = {k: i for i, k in self._where_in(
            "SELECT id, source_key FROM time_entry WHERE source_key IN ({})",
            [r.key for r in chunk])}
        log = []
        for r in chunk:
            pid, entry_id = projects[r.project], ids[r.key]
            after = (f'{{"end": {r.end}, "id": {entry_id}, "parallel": '
                     f'{"true" if r.parallel else "false"}, "project_id": {pid}, '
                     f'"source_key": {json.dumps(r.key)}, "start": {r.start}}}')
            log.append((uuid_of(uuid.uuid4()), self.actor, "time_entry", str(entry_id),
                        "import", None, after, now, batch_id))
        self._insert_many(act, _ACTIVITY_COLUMNS, log)
        return len(chunk)

    def _unfinished_import(self, source: str) -> str | None:
        """The batch of an import of this source that was interrupted (no batch marker): the
        rerun finishes it, so one undo reverts both."""
        act = t.Activity
        last = (act.select(act.batch, act.after)
                .where((act.entity == "time_entry") & (act.action == "import")
                       & (act.actor == self.actor) & act.batch.is_null(False))
                .order_by(act.id.desc()).first())
        if last is None or act.select().where((act.entity == "batch")
                                              & (act.entity_id == last.batch)).exists():
            return None
        key = str(json.loads(last.after or "{}").get("source_key", ""))
        return str(last.batch) if key.startswith(f"{source}:") else None

    # --- undo ------------------------------------------------------------------------------

    def _revert(self, row: t.Activity) -> bool:
        """Undo voids an import's entries in bulk; row by row it would take minutes."""
        if row.entity == "time_entry" and row.action == "import" and row.batch and self._batch:
            tag = (self._batch.id, str(row.batch))
            if self._undo_imports is None or self._undo_imports[0] != tag:
                self._undo_imports = (tag, self._void_imported(str(row.batch)))
            if int(row.entity_id) in self._undo_imports[1]:
                return True
        return super()._revert(row)

    def _void_imported(self, batch: str) -> set[int]:
        """Void the entries an import created that are still current (those corrected since
        go the usual way), and log each void."""
        te = t.TimeEntry
        ids = [int(i) for (i,) in self._where_in(
            "SELECT entity_id FROM activity WHERE entity = 'time_entry' AND action = 'import' "
            "AND batch IN ({})", [batch])]
        current = [i for (i,) in self._where_in(
            "SELECT id FROM time_entry WHERE superseded_by_id IS NULL AND voided_at IS NULL "
            "AND id IN ({})", ids)]
        now = self.clock.now()
        at, uuid_of = te.created_at.db_value(now), te.uuid.db_value
        voided = json.dumps(now.isoformat())
        undo_batch = self._batch.id if self._batch else None
        for part in _parts(current, 1):
            te.update(voided_at=now, void_reason="undo").where(te.id.in_(part)).execute()
        self._insert_many(t.Activity, _ACTIVITY_COLUMNS, [(
            uuid_of(uuid.uuid4()), self.actor, "time_entry", str(i), "void", f'{{"id": {i}}}',
            f'{{"id": {i}, "void_reason": "undo", "voided_at": {voided}}}', at, undo_batch)
            for i in current])
        return set(current)


def _epoch(instant: dt.datetime, field: str) -> int:
    """Epoch seconds of an aware time, in the range fcc accepts (store/limits.py)."""
    try:
        return check_epoch(int(instant.timestamp()), field)
    except (OverflowError, ValueError, OSError):
        raise InvalidInput(field, INSTANT_EXPECTED, instant.isoformat()) from None


def _parts(items: list[Any], columns: int) -> Iterator[list[Any]]:
    size = max(1, _MAX_PARAMS // columns)
    for i in range(0, len(items), size):
        yield items[i:i + size]
