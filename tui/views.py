"""What the panes show, as plain values the screen builds from the store (attributes down)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping

from fcc.store.records import Entry


@dataclasses.dataclass(frozen=True)
class DayGroup:
    day: dt.date
    seconds: int  # raw, clipped to the day
    billed_seconds: int
    entries: tuple[Entry, ...]  # oldest first


@dataclasses.dataclass(frozen=True)
class TimersView:
    """The Timers pane and the status strip at one instant (``at``)."""

    at: dt.datetime
    zone: str
    running: tuple[Entry, ...]
    days: tuple[DayGroup, ...]  # newest day first
    chart: tuple[tuple[dt.date, int], ...]  # (day, raw seconds), oldest first
    today_seconds: int
    week_seconds: int
    week_start: dt.date
    first_day: dt.date | None = None  # the oldest day the list covers (None: no list yet)
    older_day: dt.date | None = None  # the newest day before first_day with an entry
    # entry id -> billed seconds; None: billed per day (a day-scope rounding rule)
    entry_billed: Mapping[int, int | None] = dataclasses.field(default_factory=dict)
    # entry number -> what freezes it (``approval 3 pending``, ``invoice 2026-0004``): the
    # listed entries an approval or an invoice covers (Store.frozen_entries)
    frozen: Mapping[int, str] = dataclasses.field(default_factory=dict)

    @property
    def empty(self) -> bool:
        """Nothing tracked yet at all: the pane shows how to begin."""
        return (self.first_day is not None and self.older_day is None and not self.running
                and not any(group.entries for group in self.days))

