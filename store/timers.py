"""Timers: start, stop, switch, resume; reading entries (corrections: entries.py; undo: undo.py).

Time entries are append-only (the database refuses anything else): a running entry may be
stopped once; every correction writes a new version that supersedes the old one; a void keeps
the row with its reason. Non-parallel entries never overlap each other, which is what lets the
overlap check look at only two neighbours. Every verb is one :meth:`change` — one transaction
and one activity batch, which is exactly what ``undo`` reverts.

An entry is known by its number (``Entry.no``, the short id users see): every version of it
keeps the number, so an id a user has seen keeps working after amend, break or re-rate. The
verbs take a number, or a version's row id (what older fcc printed), and act on the entry's
current version (:meth:`TimerVerbs.entry`).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from typing import Any

from fcc.store import records as rec
from fcc.store import tables as t
from fcc.store.base import is_integrity_error
from fcc.store.bounds import parse_id
from fcc.store.catalog import UNSET, CatalogVerbs
from fcc.store.entrytext import clean_note as _note
from fcc.store.entrytext import clean_tags as _tags
from fcc.store.errors import InvalidInput, NotFound, UnknownId
from fcc.store.limits import INSTANT_EXPECTED, check_instant
from fcc.store.rows import one_tuple, tuples
from fcc.store.sql import locks
from fcc.store.sql import timers as core
from fcc.store.when import format_duration, format_elapsed, format_local

# "+ 0" keeps SQLite off the superseded_by index, which matches nearly every row: the start
# and end indexes narrow these queries far better (50 ms -> <1 ms on 100,000 entries).
CURRENT = (t.TimeEntry.superseded_by + 0).is_null() & (t.TimeEntry.voided_at + 0).is_null()
NUMBER = t.NUMBER  # COALESCE(entry_no, id): the entry a row is a version of


class Overlap(InvalidInput):
    pass


class TimerVerbs(CatalogVerbs):
    # --- reading -----------------------------------------------------------------------------

    def running(self) -> list[rec.Entry]:
        return [rec.entry_from_row(row) for row in core.running_rows(self.db.cursor(),
                                                                      self.dialect)]

    def status_totals(self, now: dt.datetime) -> tuple[int, int]:
        """Seconds tracked today and this week at ``now`` (``fcc status``'s totals: the SQL
        core's one definition, which the quick path and the first frame run too)."""
        from fcc.store.sql.totals import today_and_week

        return today_and_week(self.db.cursor(), self.dialect, self.prefs, now)[1:]

    def entry(self, entry_id: int) -> rec.Entry:
        """The newest version of entry ``entry_id`` (voided ones too): the entry with that
        number, else the entry whose version has that row id (ids older fcc printed)."""
        entry_id = parse_id(entry_id, "entry", "an entry id")
        newest = "COALESCE(e.entry_no, e.id) = ? AND e.superseded_by_id IS NULL"
        found = self._entries(newest, (entry_id,))
        if not found:
            number = t.TimeEntry.select(NUMBER).where(t.TimeEntry.id == entry_id).scalar()
            if number is not None and number != entry_id:
                found = self._entries(newest, (number,))
        if not found:
            raise UnknownId(f"entry: no entry with id {entry_id}")
        return found[0]

    def _row(self, row_id: int) -> rec.Entry:
        """One version, by its row id."""
        row = core.row_by_id(self.db.cursor(), self.dialect, row_id)
        if row is None:
            raise UnknownId(f"entry: no entry version with id {row_id}")
        return rec.entry_from_row(row)

    def entries(self, start: dt.datetime | None = None, end: dt.datetime | None = None, *,
                include_history: bool = False, project: str | None = None,
                client: str | None = None) -> list[rec.Entry]:
        """Entries overlapping [start, end), oldest first; current versions only unless asked
        (the query: :func:`fcc.store.sql.log.entries`, shared with ``fcc log``'s quick path)."""
        from fcc.store.sql.log import entries

        pid = None if project is None else self._project_row(project).id
        cid = None if client is None else self._client_row(client).id
        return entries(self.db.cursor(), self.dialect,
                       None if start is None else int(start.timestamp()),
                       None if end is None else int(end.timestamp()),
                       int(self.clock.now().timestamp()), include_history=include_history,
                       project_id=pid, client_id=cid)

    def history(self, entry_id: int) -> list[rec.Entry]:
        """Every version of an entry, oldest first, ending with the current one (or the void).

        The second part of a split or a break is an entry of its own; its history starts with
        the version of the entry it was cut from (a row with another number)."""
        number = self.entry(entry_id).no
        versions = self._entries("COALESCE(e.entry_no, e.id) = ?", (number,), order="e.id")
        mine = {v.id for v in versions}
        # The part after a split or a break is logged under its own id with the version it
        # was cut from; a split of this entry's own rows is logged under them too (skipped).
        for (before,) in tuples(t.Activity.select(t.Activity.before)
                                .where((t.Activity.entity == "time_entry")
                                       & (t.Activity.entity_id == str(number))
                                       & (t.Activity.action == "split"))
                                .order_by(t.Activity.id)):
            cut_from = int(json.loads(before or "{}").get("id", 0))
            if cut_from and cut_from not in mine:
                versions[:0] = self._entries("e.id = ?", (cut_from,))
                break
        return versions

    def forgotten_timers(self, limit: dt.timedelta | None = None) -> list[rec.Entry]:
        """Running timers older than the limit (default: the forgotten_after_hours setting)."""
        cutoff = self.clock.now() - (limit or self.prefs.forgotten_after)
        return [e for e in self.running() if e.start <= cutoff]

    # --- timers ------------------------------------------------------------------------------

    def start_timer(self, project: str | int | None = None, *, card: int | None = None,
                    note: str = "", tags: Iterable[str] = (), at: dt.datetime | None = None,
                    parallel: bool | None = None, billable: bool | None = None) -> rec.Change:
        """Start a timer; unless parallel, the running one stops at the same instant."""
        explicit = at is not None
        if at is not None:
            at = _whole(at, "at")
            if at > self.clock.now():
                raise InvalidInput("at", "a time that is not in the future", _iso(at))
        parallel = self.prefs.allow_parallel if parallel is None else parallel
        note, tag_list = _note(note), _tags(tags)
        with self.atomic():
            with self.change("start") as batch:
                project_id, item_id = self._target_of(project, card)
                if not explicit:
                    # "Now" is read once the write lock is held, so a timer another process
                    # started a moment ago is never in our future.
                    at = self._now_after(self.running() if not parallel else [])
                assert at is not None
                self._refuse_frozen(None, [(project_id, int(at.timestamp()))])
                stopped = []
                if not parallel:
                    for entry in self.running():
                        if entry.start > at:
                            raise InvalidInput(
                                "at", f"a time after the running timer's start "
                                f"({self._local(entry.start)}, entry {entry.no})", self._local(at))
                        self._stop_row(entry, at)
                        stopped.append(entry)
                    self._check_overlap(at, None)
                elif item_id is not None:
                    clash = [e for e in self.running() if e.work_item_id == item_id]
                    if clash:
                        raise InvalidInput("card", "a card without a running timer (card "
                                           f"{item_id} has entry {clash[0].no} running)",
                                           item_id)
                entry = self._insert(project_id, item_id, at, None, note, tag_list, billable,
                                     parallel=parallel, checked=True)
                self._log_entry(None, entry, "start")
                words = f"started {entry.project}" + (f" #{item_id}" if item_id else "") \
                    + f" at {self._local(at, time_only=True)}"
                short = self._too_short(stopped, at)
                for old in stopped:
                    if old not in short:
                        words += f"; stopped {old.project} after {_ran(old, at)}"
                batch.message = words
            if short:  # its own change, after the start: undo keeps it, the new timer runs on
                words += "".join(f"; {self._discard(old, at, named=True)}" for old in short)
            discarded = tuple(self.entry(e.no) for e in short)
        return rec.Change(action="start", message=words, entry=entry, discarded=discarded)

    def toggle_card_timer(self, card: int) -> rec.Change:
        """The app's start/stop key on a card (Boards and Plan panes): stop the running timer
        when one runs on the card (read here, not from what the screen last drew), else start
        one on it (the running one stops, as ``start_timer`` does)."""
        if any(e.work_item_id == card for e in self.running()):
            return self.stop_timer()
        return self.start_timer(None, card=card)

    def stop_timer(self, at: dt.datetime | None = None, *,
                   entry_id: int | None = None) -> rec.Change:
        """Stop the running timer(s) (or one of them) at ``at`` (default now)."""
        explicit = at is not None
        if at is not None:
            at = _whole(at, "at")
            if at > self.clock.now():
                raise InvalidInput("at", "a time that is not in the future", _iso(at))
        with self.atomic():
            with self.change("stop") as batch:
                running = self.running()
                if entry_id is not None:
                    number = self.entry(entry_id).no
                    running = [e for e in running if e.no == number]
                    if not running:
                        raise UnknownId(f"entry: no running timer with id {entry_id}")
                if not running:
                    raise NotFound("no timer is running")
                if not explicit:
                    at = self._now_after(running)
                assert at is not None
                words = []
                for entry in running:
                    if at < entry.start:
                        raise InvalidInput("at", f"a time after the timer's start "
                                           f"({self._local(entry.start)})", self._local(at))
                    self._stop_row(entry, at)
                    words.append(f"stopped {entry.project} after {_ran(entry, at)}")
                batch.message = "; ".join(words)
            short = self._too_short(running, at)
            if short:  # its own change, after the stop: undo brings the entry back, stopped
                kept = [w for e, w in zip(running, words, strict=True) if e not in short]
                words = kept + [self._discard(e, at, named=len(running) > 1) for e in short]
            last = self.entry(running[-1].no)
            discarded = tuple(self.entry(e.no) for e in short)
        return rec.Change(action="stop", message="; ".join(words), entry=last,
                          discarded=discarded)

    def _too_short(self, stopped: list[rec.Entry], at: dt.datetime) -> list[rec.Entry]:
        """The timers stopped at ``at`` that ran less than the min_entry_seconds setting."""
        limit = self.prefs.min_entry_seconds
        return [e for e in stopped if (at - e.start).total_seconds() < limit]

    def _discard(self, entry: rec.Entry, at: dt.datetime, *, named: bool) -> str:
        """Void a timer stopped too soon, as a change of its own (undo brings it back as a
        stopped entry with its exact times); what happened, in words."""
        limit = self.prefs.min_entry_seconds
        unit = f"{limit // 60} min" if limit % 60 == 0 else f"{limit} s"
        seconds = int((at - entry.start).total_seconds())
        ran = f"ran {format_elapsed(seconds)} (< {unit})"
        with self.change("discard") as batch:
            self._void_row(self.entry(entry.no), f"discarded: {ran}")
            batch.message = f"discarded {entry.project}: {ran}"
        return batch.message if named else f"discarded: {ran}"

    def _now_after(self, running: list[rec.Entry]) -> dt.datetime:
        """Now, or the latest running start if a clock elsewhere ran ahead of ours."""
        return max([self.clock.now(), *(e.start for e in running)])

    def resume(self, entry_id: int, *, at: dt.datetime | None = None) -> rec.Change:
        """Start again on the same project, card, note, tags and billable flag as an entry."""
        old = self.entry(entry_id)
        return self.start_timer(old.project_id, card=old.work_item_id, note=old.note,
                                tags=old.tags, at=at, billable=old.billable)

    def _void_row(self, entry: rec.Entry, reason: str) -> rec.Entry:
        self._refuse_frozen(entry)
        t.TimeEntry.update(voided_at=self.clock.now(), void_reason=reason[:500]).where(
            t.TimeEntry.id == entry.id).execute()
        new = self._row(entry.id)
        self._log_entry(entry, new, "void")
        return new

    # --- internals ---------------------------------------------------------------------------

    def _target_of(self, project: str | int | None,
                   card: int | None) -> tuple[int, int | None]:
        item = None
        if card is not None:
            card = parse_id(card, "card", "a card id")
            item = t.WorkItem.get_or_none((t.WorkItem.id == card) & t.WorkItem.deleted_at.is_null())
            if item is None:
                raise UnknownId(f"card: no card with id {card}")
        if isinstance(project, int):
            row = t.Project.get_by_id(project)
            while row.merged_into_id is not None:
                row = t.Project.get_by_id(row.merged_into_id)
        elif project:
            row = self._project_row(project)
        elif item is not None and item.project_id is not None:
            row = t.Project.get_by_id(item.project_id)
            while row.merged_into_id is not None:
                row = t.Project.get_by_id(row.merged_into_id)
        elif item is not None:
            raise InvalidInput("card", f"a card with a project, or a PROJECT to start on (#{card} "
                               "has no project)", card)
        else:
            raise InvalidInput("project", "a project name like Website or Acme/Website")
        if row.archived:
            raise InvalidInput("project", f"an active project ({row.name} is archived; "
                               "unarchive it first)", row.name)
        return row.id, (item.id if item is not None else None)

    def _current(self, entry_id: int) -> rec.Entry:
        """The current version of an entry a verb may correct: not voided, not invoiced."""
        entry = self.entry(entry_id)
        if entry.voided_at is not None:
            raise InvalidInput("entry", f"an entry that is not voided (entry {entry.no} was "
                               f"voided: {entry.void_reason})", entry_id)
        if entry.invoice_ref:
            self._refuse_frozen(entry)  # on an invoice: BillingLocked names it
            raise InvalidInput("entry", f"an entry not yet invoiced (entry {entry.no} is on "
                               f"invoice {entry.invoice_ref})", entry_id)
        return entry

    def _check_span(self, start: dt.datetime, end: dt.datetime | None, old: rec.Entry) -> None:
        now = self.clock.now()
        if start > now:
            raise InvalidInput("start", "a start that is not in the future", self._local(start))
        if end is not None:
            if end < start:
                raise InvalidInput("end", f"an end after the start ({self._local(start)})",
                                   self._local(end))
            if end > now:
                raise InvalidInput("end", "an end that is not in the future", self._local(end))
        elif old.end is not None:
            raise InvalidInput("end", "an end (a stopped entry cannot run again; "
                               "start a new timer)")

    def _check_overlap(self, start: dt.datetime, end: dt.datetime | None,
                       ignore: int | None = None) -> None:
        """Refuse [start, end) when it overlaps a non-parallel entry (other than entry number
        ``ignore``: every version of the entry being corrected): the SQL core's check."""
        hits = core.overlapping(self.db.cursor(), self.dialect, int(start.timestamp()),
                                None if end is None else int(end.timestamp()), ignore)
        if hits:
            other = self._row(hits[0])
            span = (f"{self._local(other.start)}–"
                    f"{self._local(other.end, time_only=True) if other.end else 'running'}")
            raise Overlap("time", f"a span that overlaps no other entry (it overlaps entry "
                          f"{other.no}, {other.project} {span}; pass --allow-overlap to keep "
                          "both)")

    def _insert(self, project_id: int, item_id: int | None, start: dt.datetime,
                end: dt.datetime | None, note: str, tags: list[str], billable: bool | None,
                *, parallel: bool, entry_id: int | None = None, entry_no: int | None = None,
                rate: Any = UNSET, currency: Any = UNSET, checked: bool = False) -> rec.Entry:
        if not checked:  # (a new version: _supersede asked already)
            self._refuse_frozen(None, [(project_id, int(start.timestamp()))])
        if rate is UNSET:
            rate, currency = self.rate_for(project_id, item_id)
        if billable is None:
            billable = True
        values = {
            "project_id": project_id, "work_item_id": item_id,
            "start_utc": int(start.timestamp()),
            "end_utc": None if end is None else int(end.timestamp()), "zone": self.prefs.zone,
            "note": note, "tags": tags, "billable": billable, "rate": rate,
            "currency": currency, "parallel": parallel,
            "created_at": int(self.clock.now().timestamp()), "uuid": t.new_uuid().hex,
            "id": entry_id, "entry_no": entry_no if entry_no != entry_id else None,
        }
        try:
            with self.db.atomic():  # a savepoint: the card's clash is one line, not a rollback
                new_id = core.insert_entry(self.db.cursor(), self.dialect, values)
        except Exception as exc:
            if is_integrity_error(exc) and ("one_running_per_item" in str(exc)
                                            or "work_item_id" in str(exc)):
                raise InvalidInput("card", f"a card without a running timer (card {item_id} "
                                   "already has one)", item_id) from None
            raise
        return self._row(new_id)

    def _stop_row(self, entry: rec.Entry, at: dt.datetime) -> None:
        core.stop_row(self.db.cursor(), self.dialect, entry.id, int(at.timestamp()))
        self._log_entry(entry, self._row(entry.id), "stop")

    def _supersede(self, old: rec.Entry, versions: list[dict[str, Any]],
                   action: str) -> list[rec.Entry]:
        """Replace ``old`` by new rows: the first takes its place in the chain and keeps its
        number; the others (the second part of a split or a break) are new entries, numbered
        by their own id and logged under it ("split", with the version they were cut from).
        The superseded_by link is deferred to commit, so the old row is marked before the new
        ones exist and the running-timer index never sees two versions."""
        self._refuse_frozen(old, [(v["project_id"], int(v["start_utc"].timestamp()))
                                  for v in versions])
        first_id = self._next_entry_id()
        t.TimeEntry.update(superseded_by=first_id).where(t.TimeEntry.id == old.id).execute()
        created = []
        for i, values in enumerate(versions):
            entry = self._insert(
                values["project_id"], values["work_item_id"], values["start_utc"],
                values["end_utc"], values["note"], json.loads(values["tags"]),
                values["billable"], parallel=values["parallel"],
                entry_id=first_id if i == 0 else self._next_entry_id(),
                entry_no=old.no if i == 0 else None,
                rate=values["rate"], currency=values["currency"], checked=True,
            )
            created.append(entry)
            if i == 0:
                self._log_entry(old, entry, action)
            else:
                self._log("time_entry", entry.id, "split", rec.as_dict(old), rec.as_dict(entry))
        return created

    def _refuse_frozen(self, old: rec.Entry | None,
                       starts: list[tuple[int, int]] | None = None) -> None:
        """BillingLocked when an approval or an invoice freezes ``old`` (the version being
        replaced or voided) or the period a new version (project row id, start) falls in:
        one query, under the writer lock (see :mod:`fcc.store.sql.locks`)."""
        locks.check(self.db.cursor(), self.dialect, self.prefs.zone,
                    entry=None if old is None else (old.id, old.no), starts=starts or ())

    def _next_entry_id(self) -> int:
        return core.next_entry_id(self.db.cursor(), self.dialect)

    def _log_entry(self, before: rec.Entry | None, after: rec.Entry | None, action: str) -> None:
        entity_id = (before or after).id  # type: ignore[union-attr]
        self._log("time_entry", entity_id, action,
                  None if before is None else rec.as_dict(before),
                  None if after is None else rec.as_dict(after))

    def _local(self, instant: dt.datetime, *, time_only: bool = False) -> str:
        return format_local(instant, self.prefs.zone, "%H:%M" if time_only else "%Y-%m-%d %H:%M")

    def _entries(self, where: str, params: tuple[Any, ...] = (),
                 order: str = "e.start_utc, e.id") -> list[rec.Entry]:
        """The entries (versions) matching ``where``: the SQL core's entry query."""
        return [rec.entry_from_row(row) for row in core.select_entries(
            self.db.cursor(), self.dialect, where, params, order)]


def _values_of(entry: rec.Entry) -> dict[str, Any]:
    """The columns a new version copies from an entry (then changes some)."""
    # The row's own project (the record shows the merge survivor) and its parallel flag.
    project_id, parallel = one_tuple(t.TimeEntry.select(
        t.TimeEntry.project, t.TimeEntry.parallel).where(t.TimeEntry.id == entry.id))
    return {
        "project_id": project_id,
        "work_item_id": entry.work_item_id, "start_utc": entry.start, "end_utc": entry.end,
        "note": entry.note, "tags": json.dumps(list(entry.tags)), "billable": entry.billable,
        "rate": entry.rate, "currency": entry.currency, "parallel": bool(parallel),
    }


def _ran(entry: rec.Entry, at: dt.datetime) -> str:
    return format_duration(int((at - entry.start).total_seconds()))


def _whole(instant: dt.datetime, field: str = "time") -> dt.datetime:
    """In UTC, whole seconds, and in the range fcc accepts (store/limits.py)."""
    if not isinstance(instant, dt.datetime) or instant.tzinfo is None:
        raise InvalidInput(field, "an aware datetime (with a zone)", str(instant))
    try:
        utc = instant.astimezone(dt.UTC).replace(microsecond=0)
    except OverflowError:
        raise InvalidInput(field, INSTANT_EXPECTED, str(instant)) from None
    return check_instant(utc, field)


def _iso(instant: dt.datetime) -> str:
    return instant.isoformat()
