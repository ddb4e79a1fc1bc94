"""Today's and this week's tracked seconds: the one definition of the status totals, for
``fcc status`` (both paths, both backends), the status strip and the app's first frame.

Each entry counts its part inside the day (week), as the store's reports count it: a running
one up to ``now``, a stopped one up to its end even when that is after ``now`` (another
machine's clock ahead)."""

from __future__ import annotations

import datetime as dt

from fcc.store.prefs import Prefs
from fcc.store.sql.dialect import Dialect
from fcc.store.zones import first_instant

TYPE_CHECKING = False  # typing is not imported at run time (the quick paths load this)
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Any


def week_window(prefs: Prefs, now: dt.datetime) -> tuple[dt.date, int, int]:
    """(the first day of this week, its first instant, the end of today) in the user's zone,
    instants as epoch seconds: the current entries that overlap it are what the totals need."""
    tz = prefs.tz
    today = now.astimezone(tz).date()
    week_first = today - dt.timedelta(days=(today.weekday() - prefs.week_start) % 7)
    return (week_first, int(first_instant(week_first, tz).timestamp()),
            int(first_instant(today + dt.timedelta(days=1), tz).timestamp()))


def today_and_week(cur: Any, d: Dialect, prefs: Prefs, now: dt.datetime
                   ) -> tuple[dt.date, int, int]:
    """(the first day of this week, seconds today, seconds this week) at ``now``."""
    week_first, week_lo, hi = week_window(prefs, now)
    # The unary + keeps SQLite off the start and superseded_by indexes (which match nearly
    # every row) so it reads only this week's rows through ``time_entry_end``.
    cur.execute(d.sql("""SELECT start_utc, end_utc FROM time_entry
                         WHERE (end_utc > ? OR end_utc IS NULL) AND +start_utc < ?
                           AND +superseded_by_id IS NULL AND +voided_at IS NULL"""),
                (week_lo, hi))
    return (week_first, *tracked(cur.fetchall(), prefs, now))


def tracked(spans: Iterable[tuple[int, int | None]], prefs: Prefs, now: dt.datetime
            ) -> tuple[int, int]:
    """Seconds tracked today and this week at ``now``, from the (start, end) epoch seconds of
    the current entries overlapping this week (``end`` None: running)."""
    tz = prefs.tz
    now_s = int(now.timestamp())
    today = now.astimezone(tz).date()
    day_lo = int(first_instant(today, tz).timestamp())
    _, week_lo, hi = week_window(prefs, now)
    day = week = 0
    for start, end in spans:
        stop = min(now_s if end is None else int(end), hi)
        day += max(0, stop - max(int(start), day_lo))
        week += max(0, stop - max(int(start), week_lo))
    return day, week
