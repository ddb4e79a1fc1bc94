"""Entries: add a past one, and the corrections (amend, split, break, void, re-rate).

Each correction writes new versions that supersede the old one (``_supersede``): the first
keeps the entry's number, the part after a split or a break is a new entry.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Collection, Iterable
from typing import Any

from fcc.store import records as rec
from fcc.store.catalog import UNSET
from fcc.store.entrytext import clean_note as _note
from fcc.store.entrytext import clean_tags as _tags
from fcc.store.errors import InvalidInput
from fcc.store.limits import check_span
from fcc.store.names import check_note_text
from fcc.store.timers import TimerVerbs, _values_of, _whole
from fcc.store.when import format_duration


class _Unchanged(Exception):  # control flow, never seen outside this module
    def __init__(self, entry: rec.Entry) -> None:
        super().__init__()
        self.entry = entry


class EntryVerbs(TimerVerbs):
    def add_entry(self, project: str | None, start: dt.datetime, end: dt.datetime, *,
                  card: int | None = None, note: str = "", tags: Iterable[str] = (),
                  billable: bool | None = None, allow_overlap: bool = False) -> rec.Change:
        start, end = _whole(start, "start"), _whole(end, "end")
        if end <= start:
            raise InvalidInput("end", f"a time after {{start}} ({self._local(start)})",
                               self._local(end), refs=True)
        check_span(start, end)
        if end > self.clock.now():
            raise InvalidInput("end", "a time that is not in the future", self._local(end))
        note, tag_list = _note(note), _tags(tags)
        with self.change("add") as batch:
            project_id, item_id = self._target_of(project, card)
            self._refuse_frozen(None, [(project_id, int(start.timestamp()))])
            if not allow_overlap:
                self._check_overlap(start, end)
            entry = self._insert(project_id, item_id, start, end, note, tag_list, billable,
                                 parallel=allow_overlap, checked=True)
            self._log_entry(None, entry, "add")
            batch.message = (f"added {format_duration(entry.seconds(end))} on {entry.project} "
                             f"({self._local(start)}–{self._local(end, time_only=True)}), "
                             f"entry {entry.no}")
        return rec.Change(action="add", message=batch.message, entry=entry)

    def amend_entry(self, entry_id: int, *, start: Any = UNSET, end: Any = UNSET,
                    project: Any = UNSET, card: Any = UNSET, note: Any = UNSET,
                    tags: Any = UNSET, billable: Any = UNSET,
                    allow_overlap: bool = False,
                    to_the_minute: Collection[str] = ()) -> rec.Change:
        """Correct an entry by writing a new version; the old one stays in its history.

        Values equal to the entry's write nothing (a form saved unchanged). ``to_the_minute``
        names the times ("start", "end") the user gave as a listing shows them, without
        seconds: one that names the minute the entry's time is in keeps that time."""
        try:
            return self._amend(entry_id, start=start, end=end, project=project, card=card,
                               note=note, tags=tags, billable=billable,
                               allow_overlap=allow_overlap, to_the_minute=to_the_minute)
        except _Unchanged as same:  # rolled back: not even an empty change to undo
            return rec.Change(action="amend", message=f"nothing changed in entry {same.entry.no}",
                              entry=same.entry)

    def _amend(self, entry_id: int, *, start: Any, end: Any, project: Any, card: Any,
               note: Any, tags: Any, billable: Any, allow_overlap: bool,
               to_the_minute: Collection[str]) -> rec.Change:
        with self.change("amend") as batch:
            old = self._current(entry_id)
            values = _values_of(old)
            unchanged = dict(values)
            if project is not UNSET or card is not UNSET:
                project_id, item_id = self._target_of(
                    None if project is UNSET else project,
                    (old.work_item_id if project is UNSET else None) if card is UNSET else card)
                if project is UNSET and card is not UNSET and card is None:
                    project_id = old.project_id
                values["project_id"], values["work_item_id"] = project_id, item_id
                values["rate"], values["currency"] = self.rate_for(project_id, item_id)
            if start is not UNSET:
                values["start_utc"] = _whole(start, "start") if "start" not in to_the_minute \
                    else _same_minute(_whole(start, "start"), old.start)
            if end is not UNSET:
                values["end_utc"] = None if end is None else _whole(end, "end") \
                    if "end" not in to_the_minute else _same_minute(_whole(end, "end"), old.end)
            if note is not UNSET:
                values["note"] = _note(note)
            if tags is not UNSET:
                values["tags"] = json.dumps(_tags(tags))
            if billable is not UNSET:
                values["billable"] = bool(billable)
            if allow_overlap:
                values["parallel"] = True
            if values == unchanged:
                raise _Unchanged(old)
            self._check_span(values["start_utc"], values["end_utc"], old)
            if (values["start_utc"], values["end_utc"]) != (old.start, old.end):
                check_span(values["start_utc"], values["end_utc"])  # (a long one kept as it is)
            # Within its old span an entry overlaps nothing it did not overlap before.
            inside = old.start <= values["start_utc"] and (old.end is None or (
                values["end_utc"] is not None and values["end_utc"] <= old.end))
            if not values["parallel"] and not inside:
                self._check_overlap(values["start_utc"], values["end_utc"], ignore=old.no)
            new = self._supersede(old, [values], "amend")[0]
            batch.message = f"amended entry {old.no}: " + _what_changed(old, new, self._local)
        return rec.Change(action="amend", message=batch.message, entry=new)

    def split_entry(self, entry_id: int, at: dt.datetime) -> rec.Change:
        """Cut an entry in two at ``at``: two new versions replace it."""
        at = _whole(at, "at")
        with self.change("split") as batch:
            old = self._current(entry_id)
            end = old.end or self.clock.now()
            if not old.start < at < end:
                raise InvalidInput("at", f"a time inside the entry ({self._local(old.start)}"
                                   f"–{self._local(end, time_only=True)})", self._local(at))
            first, second = _values_of(old), _values_of(old)
            first["end_utc"], second["start_utc"] = at, at
            new = self._supersede(old, [first, second], "split")
            batch.message = (f"split entry {old.no} at {self._local(at, time_only=True)}; "
                             f"the second part is entry {new[1].no}")
        return rec.Change(action="split", message=batch.message, entry=new[1])

    def insert_break(self, entry_id: int, start: dt.datetime,
                     end: dt.datetime | None = None, *,
                     duration: dt.timedelta | None = None) -> rec.Change:
        """Take [start, end) out of an entry ("forgot to stop for lunch")."""
        start = _whole(start, "start")
        if end is None:
            if duration is None:
                raise InvalidInput("end", "the end of the break, or a {duration} like 45m",
                                   refs=True)
            try:
                end = start + duration
            except OverflowError:
                raise InvalidInput("duration", "a break ending before 9999-12-31",
                                   str(duration)) from None
        end = _whole(end, "end")
        if end <= start:
            raise InvalidInput("end", "a time after the break's start", self._local(end))
        with self.change("break") as batch:
            old = self._current(entry_id)
            stop = old.end or self.clock.now()
            if not (old.start < start and end < stop) and not (old.end is None and
                                                              old.start < start < end):
                raise InvalidInput("break", f"a break inside the entry ({self._local(old.start)}"
                                   f"–{self._local(stop, time_only=True)})",
                                   f"{self._local(start)}–{self._local(end, time_only=True)}")
            if old.end is None and end >= self.clock.now():
                raise InvalidInput("end", "a break that has ended (not in the future)",
                                   self._local(end))
            before, after = _values_of(old), _values_of(old)
            before["end_utc"], after["start_utc"] = start, end
            new = self._supersede(old, [before, after], "break")
            batch.message = (f"took a {format_duration(int((end - start).total_seconds()))} "
                             f"break out of entry {old.no}; the part after it is entry "
                             f"{new[1].no}")
        return rec.Change(action="break", message=batch.message, entry=new[1])

    def void_entry(self, entry_id: int, reason: str) -> rec.Change:
        reason = " ".join(check_note_text(reason or "", "reason", "reason").split())
        if not reason:
            raise InvalidInput("reason", "a reason, e.g. 'duplicate'")
        with self.change("void") as batch:
            old = self._current(entry_id)
            new = self._void_row(old, reason)
            batch.message = f"voided entry {old.no} ({old.project}, " \
                f"{format_duration(old.seconds(self.clock.now()))}): {reason}"
        return rec.Change(action="void", message=batch.message, entry=new)

    def rerate(self, *, project: str | None = None, client: str | None = None,
               start: dt.datetime, end: dt.datetime) -> rec.Change:
        """Give the entries in [start, end) the current rate, by superseding them."""
        with self.change("rerate") as batch:
            changed = 0
            for old in self.entries(start, end, project=project, client=client):
                if old.start < start or old.invoice_ref:
                    continue
                rate, currency = self.rate_for(old.project_id, old.work_item_id)
                if rate == old.rate and currency == old.currency:
                    continue
                values = _values_of(old)
                values["rate"], values["currency"] = rate, currency
                self._supersede(old, [values], "rerate")
                changed += 1
            batch.message = f"re-rated {changed} entr{'y' if changed == 1 else 'ies'}"
        return rec.Change(action="rerate", message=batch.message, entry=None)


    def set_client_rerated(self, name: str, start: dt.datetime, end: dt.datetime,
                           **changes: Any) -> tuple[rec.Client, rec.Change]:
        """``set_client`` and then ``rerate`` of the client's entries in [start, end) at the
        new rate, as one change: one ``undo`` takes back both."""
        with self.change("client set"):
            client = self.set_client(name, **changes)
            return client, self.rerate(client=client.name, start=start, end=end)

    def set_project_rerated(self, spec: str, start: dt.datetime, end: dt.datetime,
                            **changes: Any) -> tuple[rec.Project, rec.Change]:
        """``set_project`` and then ``rerate`` of the project's entries in [start, end), as
        one change: one ``undo`` takes back both."""
        with self.change("project set"):
            project = self.set_project(spec, **changes)
            return project, self.rerate(project=project.label, start=start, end=end)


def _what_changed(old: rec.Entry, new: rec.Entry, local: Any) -> str:
    parts = []
    if old.start != new.start:
        parts.append(f"start {local(old.start)} → {local(new.start)}")
    if old.end != new.end:
        parts.append(f"end {local(old.end) if old.end else 'running'} → "
                     f"{local(new.end) if new.end else 'running'}")
    if old.project_id != new.project_id:
        parts.append(f"project {old.project} → {new.project}")
    if old.work_item_id != new.work_item_id:
        parts.append(f"card {old.work_item_id or '-'} → {new.work_item_id or '-'}")
    if old.note != new.note:
        parts.append("note")
    if old.tags != new.tags:
        parts.append("tags " + (",".join(new.tags) or "-"))
    if old.billable != new.billable:
        parts.append("billable" if new.billable else "not billable")
    if old.rate != new.rate:
        parts.append(f"rate {old.rate} → {new.rate}")
    return ", ".join(parts) or "nothing changed"


def _same_minute(new: dt.datetime, old: dt.datetime | None) -> dt.datetime:
    """Listings show times to the minute: a time typed without seconds that names the minute
    the old one is in keeps the old one, seconds and all. So repeating what ``fcc log`` shows
    changes nothing (and cannot overlap the entry a switch started in that minute), while
    ``--from 09:00:00`` still sets 09:00:00."""
    if old is not None and new.second == 0 and new == old.replace(second=0):
        return old
    return new
