"""What the Reports pane shows, as plain values: the period picked, and the reads that run on
the store's thread (see :mod:`fcc.tui.storework`), never on the UI loop.

A period is local dates ``start..end`` (both included) in the user's zone, as the billing
verbs take them; the report reads ``[midnight of start, midnight after end)``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import TYPE_CHECKING

from fcc.store.errors import InvalidInput
from fcc.store.when import day_start, local_date, parse_when

if TYPE_CHECKING:
    from fcc.store import records_billing as rb
    from fcc.store.api import Store
    from fcc.store.records import Entry, Report, ReportLine
    from fcc.store.records_reports import Budget

UNITS = ("week", "month", "quarter", "year")
GROUPS = ("client", "project", "card", "day", "week", "month")
MAX_DAYS = 3660  # a typed range: ten years at most (the chart draws a column per week)
ONE = dt.timedelta(days=1)


def _month(index: int) -> dt.date:
    """The first day of month ``index`` (year * 12 + month - 1)."""
    return dt.date(index // 12, index % 12 + 1, 1)


@dataclasses.dataclass(frozen=True)
class Period:
    """A week, month, quarter or year, or a typed range (``unit`` ``range``)."""

    unit: str
    start: dt.date
    end: dt.date  # included

    @classmethod
    def around(cls, unit: str, day: dt.date, week_start: int = 0) -> Period:
        """The ``unit`` holding ``day``."""
        if unit == "week":
            first = day - dt.timedelta(days=(day.weekday() - week_start) % 7)
            return cls(unit, first, first + dt.timedelta(days=6))
        months = {"month": 1, "quarter": 3, "year": 12}[unit]
        index = day.year * 12 + day.month - 1
        index -= index % months
        return cls(unit, _month(index), _month(index + months) - ONE)

    def step(self, by: int, week_start: int = 0) -> Period:
        """``by`` periods later (earlier when negative); a range moves by its own length."""
        if self.unit == "range":
            shift = dt.timedelta(days=self.days * by)
            return Period("range", self.start + shift, self.end + shift)
        if self.unit == "week":
            return Period.around("week", self.start + dt.timedelta(days=7 * by), week_start)
        months = {"month": 1, "quarter": 3, "year": 12}[self.unit]
        index = self.start.year * 12 + self.start.month - 1 + months * by
        return Period.around(self.unit, _month(index), week_start)

    def switch(self, unit: str, today: dt.date, week_start: int = 0) -> Period:
        """The ``unit`` holding the day in view: today when it is in this period, else the
        period's first day."""
        day = today if self.start <= today <= self.end else self.start
        return Period.around(unit, day, week_start)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def title(self) -> str:
        """In words: ``November 2026``, ``W48 2026``, ``Q4 2026``, ``2026``, or the range."""
        if self.unit == "week":
            year, week, _ = (self.start + dt.timedelta(days=3)).isocalendar()
            return f"W{week} {year}"
        if self.unit == "month":
            return f"{self.start:%B %Y}"
        if self.unit == "quarter":
            return f"Q{(self.start.month - 1) // 3 + 1} {self.start.year}"
        if self.unit == "year":
            return str(self.start.year)
        return f"{self.start:%Y-%m-%d} – {self.end:%Y-%m-%d}"

    def dates(self) -> str:
        """``2026-11-23 – 2026-11-29`` (what a week's or quarter's title leaves out)."""
        return f"{self.start:%Y-%m-%d} – {self.end:%Y-%m-%d}"

    def slug(self) -> str:
        """For a file name: ``2026-11``, ``2026-W48``, ``2026-Q4``, ``2026``, or the range."""
        if self.unit == "week":
            year, week, _ = (self.start + dt.timedelta(days=3)).isocalendar()
            return f"{year}-W{week:02d}"
        if self.unit == "month":
            return f"{self.start:%Y-%m}"
        if self.unit == "quarter":
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        if self.unit == "year":
            return str(self.start.year)
        return f"{self.start:%Y-%m-%d}-to-{self.end:%Y-%m-%d}"

    def chart_unit(self) -> str:
        """A column per day, or per week for a quarter, a year or a long range."""
        return "day" if self.days <= 62 else "week"

    def bounds(self, zone: str) -> tuple[dt.datetime, dt.datetime]:
        """``[start, end)`` as UTC instants: local midnight to local midnight."""
        return day_start(self.start, zone), day_start(self.end + ONE, zone)


RANGE_EXPECTED = "a day like 2026-11-03, monday, yesterday or today"


def parse_range(first: str, last: str, now: dt.datetime, zone: str) -> Period:
    """The typed range ``first``..``last`` (local days, both included); InvalidInput names
    the field (``from`` or ``to``)."""
    days = []
    for text, field in ((first, "from"), (last, "to")):
        if not text.strip():
            raise InvalidInput(field, RANGE_EXPECTED)
        try:
            days.append(local_date(parse_when(text.strip(), now=now, zone=zone, field=field),
                                   zone))
        except InvalidInput:
            raise InvalidInput(field, RANGE_EXPECTED, text.strip()) from None
    start, end = days
    if end < start:
        raise InvalidInput("to", f"a day on or after the start ({start})", last.strip())
    if (end - start).days >= MAX_DAYS:
        raise InvalidInput("to", "a range of ten years at most", last.strip())
    return Period("range", start, end)


# --- reads (on the store's thread) -----------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Sides:
    """What the pane shows whatever the period: unbilled per client, pending approvals."""

    unbilled: tuple[rb.Unbilled, ...]
    pending: tuple[rb.Approval, ...]


@dataclasses.dataclass(frozen=True)
class ReportData:
    """One read for the pane: the report of a period by a group, and what came with it."""

    counter: int  # the store's change counter when read
    period: Period
    group: str
    zone: str
    week_start: int
    today: dt.date
    report: Report
    budgets: dict[int, Budget]  # by project id (grouping by project)
    chart: tuple[tuple[dt.date, int], ...] | None  # None: the chart shown stays


def read_sides(store: Store) -> Sides:
    """The unbilled strip (all time: read when the store changed, never on a key) and the
    pending approvals."""
    return Sides(tuple(store.unbilled()), tuple(store.approvals(status="pending")))


def read_report(store: Store, period: Period | None, group: str, *,
                chart: bool) -> ReportData:
    """The report of ``period`` (None: this month) by ``group`` and, when asked, the chart.
    The counter first: a change made while this reads shows on the next poll."""
    counter = store.change_counter()
    prefs = store.prefs
    zone, week_start = prefs.zone, prefs.week_start
    today = local_date(store.clock.now(), zone)
    if period is None:
        period = Period.around("month", today, week_start)
    lo, hi = period.bounds(zone)
    bars = None
    if chart:  # one read for both: the report by (group, day or week), folded by group
        unit = period.chart_unit()
        both = store.report(lo, hi, by=(group,) if group == unit else (group, unit))
        bars = chart_values(both, period, unit, week_start)
        report = both if group == unit else fold(both, group)
    else:
        report = store.report(lo, hi, by=(group,))
    budgets = {b.project_id: b for b in store.budgets()} if group == "project" else {}
    return ReportData(counter, period, group, zone, week_start, today, report, budgets, bars)


KEY_FIELDS = {"client": ("client_id", "client"), "project": ("project_id", "project", "client_id",
                                                             "client"),
              "card": ("card_id", "card"), "day": ("day",), "week": ("week",),
              "month": ("month",)}
SUMMED = ("seconds", "billed_seconds", "amount")


def fold(report: Report, group: str) -> Report:
    """A report by (group, day or week) as the report by group alone: each line the sum of
    the lines of its key and currency. Exact: the report core prices cells that never span
    two days, so splitting lines by day or week changes no sum."""
    from fcc.store.recordtype import replace

    fields = KEY_FIELDS[group]
    dropped = {k: None for k in ("day", "week", "month") if k != group}
    sums: dict[tuple[object, ...], ReportLine] = {}
    order: dict[tuple[object, ...], int] = {}
    for line in report.lines:
        key = tuple(getattr(line, f) for f in fields)
        order.setdefault(key, len(order))
        had = sums.get((*key, line.currency))
        sums[(*key, line.currency)] = replace(line, **dropped) if had is None else replace(
            had, **{f: getattr(had, f) + getattr(line, f) for f in SUMMED})
    lines = sorted(sums.items(), key=lambda kv: (order[kv[0][:-1]], kv[0][-1]))
    return replace(report, by=(group,), lines=tuple(line for _, line in lines))


def chart_values(report: Report, period: Period, unit: str,
                 week_start: int = 0) -> tuple[tuple[dt.date, int], ...]:
    """Raw seconds per day (or per week, keyed by the day it starts on: the user's week
    start) of the period, every day or week present (zero when no time)."""
    seconds: dict[dt.date, int] = {}
    for line in report.lines:
        key = line.day if unit == "day" else line.week
        assert key is not None
        seconds[key] = seconds.get(key, 0) + line.seconds
    if unit == "day":
        first, step = period.start, ONE
    else:
        first = period.start - dt.timedelta(days=(period.start.weekday() - week_start) % 7)
        step = 7 * ONE
    keys = []
    while first <= period.end:
        keys.append(first)
        first += step
    return tuple((k, seconds.get(k, 0)) for k in keys)


def line_range(line: ReportLine, group: str, period: Period) -> tuple[dt.date, dt.date]:
    """The local days of the period a day, week or month line covers (else the period)."""
    if group == "day" and line.day is not None:
        return line.day, line.day
    if group == "week" and line.week is not None:
        return max(line.week, period.start), min(line.week + 6 * ONE, period.end)
    if group == "month" and line.month is not None:
        year, month = (int(x) for x in line.month.split("-"))
        first = dt.date(year, month, 1)
        after = _month(year * 12 + month)
        return max(first, period.start), min(after - ONE, period.end)
    return period.start, period.end


def line_entries(store: Store, line: ReportLine, group: str, period: Period) -> list[Entry]:
    """The entries behind a report line: those overlapping its days whose client, project or
    card is the line's."""
    lo, hi = Period("range", *line_range(line, group, period)).bounds(store.prefs.zone)
    if group == "client":
        if line.client is None:
            return [e for e in store.entries(lo, hi) if e.client is None]
        return store.entries(lo, hi, client=line.client)
    entries = store.entries(lo, hi)
    if group == "project":
        return [e for e in entries if e.project_id == line.project_id]
    if group == "card":
        return [e for e in entries if e.work_item_id == line.card_id]
    return entries
