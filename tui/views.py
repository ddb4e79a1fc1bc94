"""What the panes show, as plain values the screen builds from the store (attributes down)."""

from __future__ import annotations

import dataclasses
import datetime as dt

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

