"""What the plan tests share: a store in Berlin on the frozen Monday (2026-11-23), the clock
moved to a day of a cycle's week, and every plan table read straight from the database."""

from __future__ import annotations

import datetime as dt

from fcc.store.api import Store
from fcc.store.clock import FrozenClock
from fcc.store.target import Target
from tests.store.helpers import raw

PLAN_TABLES = ("vision", "cycle", "goal", "measure", "measure_value", "tactic", "weekly_plan",
               "plan_item", "journal_session", "journal_message")
MONDAY = dt.date(2026, 11, 23)  # the frozen clock's day: the cycles in these tests start on it


def pinned(store: Store) -> Store:
    """The store with the zone pinned (the tests' "today" never depends on the machine)."""
    store.set_setting("zone", "Europe/Berlin")
    return store


def at_week(clock: FrozenClock, start: dt.date, week: int, day: int = 0,
            hour: int = 10) -> None:
    """Move the clock to ``day`` (0 = its first) of a cycle's ``week``, ``hour`` UTC."""
    when = start + dt.timedelta(weeks=week - 1, days=day)
    clock.set(dt.datetime.combine(when, dt.time(hour), dt.UTC))


def plan_state(target: Target) -> dict[str, list[str]]:
    """Every row of the plan tables: equal states mean nothing there differs."""
    with raw(target) as conn:
        return {name: sorted(map(repr, conn.execute(f'SELECT * FROM "{name}"').fetchall()))
                for name in PLAN_TABLES}
