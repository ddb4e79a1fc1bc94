"""The activity history: who changed what when, as a readable diff (``fcc activity`` and the
app's History pane).

Every change logs its rows (before and after) and one batch marker (``fcc.store.base``); this
reads them newest first, one :class:`~fcc.store.records_history.HistoryItem` per logged row,
with its batch's message and whether ``undo`` would revert that batch now (asked of
``UndoVerbs.undoable_batch``, the query ``undo`` itself uses). A page is one indexed scan
(``activity``'s primary key, or its ``at`` / ``(entity, entity_id)`` indexes for the filters)
plus one lookup of the page's batches.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import peewee as pw

from fcc.store import records as rec
from fcc.store import tables as t
from fcc.store.diffs import entity_words, field_changes, kind_of, label, tables_for, values_of
from fcc.store.errors import InvalidInput
from fcc.store.rows import tuples
from fcc.store.undo import UndoVerbs, billing_refusal

MAX_LIMIT = 1000
RARE = 20_000  # rows of a kind below which it is read through its index (see _rare)
NOTES = {
    "undoable": "the latest change: undo reverts it",
    "older": "not the latest change: undo reverts the newer ones first",
    "undone": "already undone",
    "undo": "an undo is not undone again: make the change again instead",
    "no batch": "the log does not say which rows this change made together",
}


class HistoryVerbs(UndoVerbs):
    def activity_history(self, *, since: dt.datetime | None = None, entity: str | None = None,
                         entity_id: str | int | None = None, limit: int = 200,
                         before: int | None = None) -> list[rec.HistoryItem]:
        """Logged changes, newest first (batch markers left out): at or after ``since``, of
        the tables ``entity`` names (``entry``, ``card``, ``plan``, ``invoice``...), of the row
        ``entity_id`` (an entry's number for ``entry``), at most ``limit``, and older than the
        item ``before`` (an item's id: the next page)."""
        from fcc.store.records_history import HistoryItem

        if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
            raise InvalidInput("limit", f"a number from 1 to {MAX_LIMIT}", str(limit))
        a = t.Activity
        query = a.select().where(a.entity != "batch")
        tables = None
        if entity is not None:
            tables = tables_for(entity)
            if tables is None:
                raise InvalidInput("entity", "one of " + ", ".join(entity_words()), entity)
            query = query.where(a.entity.in_(tables))
        if entity_id is not None:
            query = query.where(a.entity_id.in_(self._logged_ids(tables, str(entity_id))))
        if since is not None:
            query = query.where(a.at >= since)
        if before is not None:
            query = query.where(a.id < int(before))
        newest = a.id.desc()
        if tables is not None and entity_id is None and self._rare(tables):
            # Along the primary key, a kind seldom logged would be looked for through the whole
            # log (0.5 s for 200 client changes among 220,000 rows): through its index instead.
            newest = (a.id + 0).desc()
        rows = list(query.order_by(newest).limit(limit).namedtuples())
        batches = sorted({r.batch for r in rows if r.batch})
        markers = {m.entity_id: m for m in a.select().where(
            (a.entity == "batch") & a.entity_id.in_(batches) & (a.batch == a.entity_id))
            .namedtuples()}
        undone = {b for (b,) in tuples(a.select(a.entity_id).where(
            (a.entity == "batch") & (a.action == "undo") & a.entity_id.in_(batches)
            & (a.batch != a.entity_id)))}
        entities: dict[str, set[str]] = {}
        for b, logged in tuples(a.select(a.batch, a.entity).distinct().where(
                a.batch.in_(batches) & (a.entity != "batch"))):
            entities.setdefault(b, set()).add(logged)
        billing = {b: why.partition(": ")[2] for b, logged in entities.items()
                   if (why := billing_refusal("", logged)) is not None}
        latest = self.undoable_batch() if rows else None
        zone = self.prefs.zone
        items = []
        for row in rows:
            before_v, after_v = values_of(row.before), values_of(row.after)
            marker = markers.get(row.batch or "")
            message = "" if marker is None else str(
                (values_of(marker.after) or {}).get("message") or marker.action)
            state = _state(row, marker, latest, undone, billing, self.actor)
            items.append(HistoryItem(
                id=row.id, at=row.at, actor=row.actor, entity=row.entity,
                kind=kind_of(row.entity), entity_id=row.entity_id, action=row.action,
                name=label(row.entity, row.entity_id, after_v or before_v),
                batch=row.batch, message=message,
                changes=field_changes(before_v, after_v, zone), undo=state,
                undo_note=(f"changed by {row.actor}: only they can undo it"
                           if state == "other" else billing.get(row.batch or "", "")
                           if state == "billing" else NOTES[state])))
        return items

    def _rare(self, tables: Iterable[str]) -> bool:
        """Whether these kinds are a small part of the log (counted in their index)."""
        a = t.Activity
        some = a.select(a.entity).where(a.entity.in_(list(tables))).limit(RARE + 1)
        count = t.Activity.select(pw.fn.COUNT(pw.SQL("*"))).from_(some.alias("k")).scalar()
        return int(count or 0) <= RARE  # counted up to RARE + 1 only (the index's entries)

    def _logged_ids(self, tables: Iterable[str] | None, entity_id: str) -> list[str]:
        """The ``entity_id`` values the log uses for a row: an entry's number stands for each
        of its versions (the log names a version); anything else as it is."""
        ids = [entity_id.strip().lstrip("#")]
        if tables is not None and "time_entry" in tables:
            if not ids[0].isdigit():
                raise InvalidInput("id", "an entry number", entity_id)
            ids += [str(i) for (i,) in tuples(t.TimeEntry.select(t.TimeEntry.id).where(
                t.NUMBER == int(ids[0])))]
        return ids


def _state(row: Any, marker: Any, latest: str | None, undone: set[str],
           billing: dict[str, str], actor: str) -> str:
    """Why ``undo`` would or would not revert the batch of ``row`` (see NOTES)."""
    if row.batch is None or marker is None:
        return "no batch"
    if marker.action == "undo":
        return "undo"
    if row.batch in undone:
        return "undone"
    if row.batch in billing:
        return "billing"
    if marker.actor != actor:
        return "other"
    return "undoable" if row.batch == latest else "older"
