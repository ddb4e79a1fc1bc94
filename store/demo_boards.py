"""The demo's board beyond 0001's columns: tags on cards, when done cards were done, and two
more blocked cards (one of them in progress).

It runs after the rest of the seed and draws from its own generator (``SEED + 13``), so the
time log, the plan and every uuid seeded before come out as they did without it.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import uuid
from typing import TYPE_CHECKING, Any

import peewee as pw

from fcc.store import tables as t
from fcc.store.demo_data import (
    CARD_TAGS,
    DAY,
    HOUR,
    MORE_DEPENDENCIES,
    SEED,
    UTC,
)
from fcc.store.rows import tuples

if TYPE_CHECKING:
    from collections.abc import Callable


class BoardExtras:
    def __init__(self, now: dt.datetime, items: dict[str, dict[str, Any]],
                 insert: Callable[[type[t.BaseTable], list[dict[str, Any]]], list[int]]) -> None:
        self.rng = random.Random(SEED + 13)
        self.now = now
        self.items = items
        self.insert = insert

    def uuid(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def between(self, start: dt.datetime, end: dt.datetime) -> dt.datetime:
        span = max(0, int((end - start).total_seconds()))
        return start + dt.timedelta(seconds=self.rng.randint(0, span))

    def run(self) -> int:
        """Seed it all; how many dependencies it added."""
        self.tags()
        self.done_times()
        self.insert(t.Dependency, [
            dict(uuid=self.uuid(), blocker=self.items[a]["id"], blocked=self.items[b]["id"],
                 created_at=self.between(max(self.items[a]["created"], self.items[b]["created"]),
                                         self.now)) for a, b in MORE_DEPENDENCIES])
        return len(MORE_DEPENDENCIES)

    def tags(self) -> None:
        for key, tags in CARD_TAGS.items():
            t.WorkItem.update(tags=_tags(tags.split())).where(
                t.WorkItem.id == self.items[key]["id"]).execute()

    def done_times(self) -> None:
        """A done card was done after its last tracked minute, within its sprint."""
        wi, te, sp = t.WorkItem, t.TimeEntry, t.Sprint
        last_end = dict(tuples(te.select(te.work_item, pw.fn.MAX(te.end_utc))
                               .where(te.work_item.is_null(False)).group_by(te.work_item)))
        sprints = {s.id: s for s in sp.select()}
        done = (wi.select().join(t.BoardColumn).where(t.BoardColumn.is_done).order_by(wi.id))
        for card in done:
            low = max(card.created_at, _utc(last_end.get(card.id)) or card.created_at)
            high = self.now - HOUR
            sprint = None if card.sprint_id is None else sprints.get(card.sprint_id)
            if sprint is not None:
                low = max(low, _day_start(sprint.start_date))
                if sprint.status == "completed":
                    high = min(high, _day_start(sprint.end_date) + DAY - HOUR)
            if low >= high:  # tracked after its sprint ended: done right after that
                high = self.now - HOUR
            at = self.between(low, min(high, low + 2 * DAY)) if low < high else high
            wi.update(done_at=at, updated_at=max(card.updated_at, at)).where(
                wi.id == card.id).execute()


def _tags(tags: list[str]) -> str:
    return json.dumps(tags, separators=(",", ":"))


def _utc(value: dt.datetime | int | None) -> dt.datetime | None:
    """MAX() of an instant column: a datetime, or epoch seconds where the driver says so."""
    if value is None or isinstance(value, dt.datetime):
        return value
    return dt.datetime.fromtimestamp(int(value), UTC)


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), UTC)
