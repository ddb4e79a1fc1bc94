"""What the main screen reads from the store, as plain values: each function here runs on the
store's thread (see :mod:`fcc.tui.storework`), never on the UI loop."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from typing import TYPE_CHECKING

from fcc.store.entry_billing import billed_by_entry
from fcc.store.when import period
from fcc.store.zones import first_instant
from fcc.tui.views import DayGroup, TimersView

if TYPE_CHECKING:
    from fcc.store.api import Store
    from fcc.store.records import Change
    from fcc.store.records_tui import FirstFrame

LIST_DAYS = 7  # the entry list shows this week, and at least the last 7 days
CHART_DAYS = 14
PAGE_DAYS = 14  # older days load two weeks at a time


@dataclasses.dataclass(frozen=True)
class Loaded:
    """One read of everything the main screen shows, and the change counter it saw."""

    counter: int
    view: TimersView
    change: Change | None = None  # the change this read follows (a key's write)


def read_all(store: Store, now: dt.datetime, *, since: dt.date | None,
             counter: int | None = None, change: Change | None = None) -> Loaded:
    """The counter first: a change made while the lists are read shows on the next poll.
    (The Reports pane reads its own: :mod:`fcc.tui.screens.report_reads`.)"""
    seen = store.change_counter() if counter is None else counter
    view = build_timers_view(store, now, since=since)
    return Loaded(seen, view, change)


def build_timers_view(store: Store, now: dt.datetime, *, entries: bool = True,
                      since: dt.date | None = None) -> TimersView:
    """What the Timers pane and the status strip show; ``entries=False`` leaves out the list
    (the costly part: ~40 ms for a busy week). The list covers this week and at least the
    last LIST_DAYS days, or from ``since`` when older days were loaded."""
    prefs = store.prefs
    tz = prefs.tz
    today = now.astimezone(tz).date()
    week_lo, _ = period("week", now=now, zone=prefs.zone, week_start=prefs.week_start)
    week_first = week_lo.astimezone(tz).date()
    list_first = min(week_first, today - dt.timedelta(days=LIST_DAYS - 1))
    if since is not None:
        list_first = min(list_first, since)
    chart_first = today - dt.timedelta(days=CHART_DAYS - 1)
    lo = first_instant(min(list_first, chart_first), tz)
    hi = first_instant(today + dt.timedelta(days=1), tz)
    seconds: dict[dt.date, int] = defaultdict(int)
    billed: dict[dt.date, int] = defaultdict(int)
    for line in store.report(lo, hi, by=("day",)).lines:
        assert line.day is not None
        seconds[line.day] += line.seconds
        billed[line.day] += line.billed_seconds
    by_day = defaultdict(list)
    listed = store.entries(first_instant(list_first, tz), hi) if entries else []
    for entry in listed:
        by_day[max(entry.start.astimezone(tz).date(), list_first)].append(entry)
    days = []
    day = today
    while day >= list_first:
        if by_day.get(day) or day == today:
            days.append(DayGroup(day, seconds[day], billed[day], tuple(by_day.get(day, ()))))
        day -= dt.timedelta(days=1)
    chart = tuple((chart_first + dt.timedelta(days=i), seconds[chart_first +
                                                                dt.timedelta(days=i)])
                  for i in range(CHART_DAYS))
    older = None
    if entries:
        before = store.last_start_before(first_instant(list_first, tz))
        older = None if before is None else before.astimezone(tz).date()
    return TimersView(
        at=now, zone=prefs.zone, running=tuple(store.running()), days=tuple(days), chart=chart,
        today_seconds=seconds[today],
        week_seconds=sum(s for d, s in seconds.items() if d >= week_first),
        week_start=week_first, first_day=list_first if entries else None, older_day=older,
        entry_billed=billed_by_entry(store, listed, now) if entries else {},
        frozen=store.frozen_entries(e.no for e in listed) if entries else {})


def first_view(first: FirstFrame) -> TimersView:
    """The status strip and running timers of the first frame (the lists follow)."""
    return TimersView(at=first.at, zone=first.zone, running=first.running, days=(), chart=(),
                      today_seconds=first.today_seconds, week_seconds=first.week_seconds,
                      week_start=first.week_start)
