"""What the plan tests share: a store in Berlin on the frozen Monday (2026-11-23), the clock
moved to a day of a cycle's week, and every plan table read straight from the database.

``make_*``: plan rows written the way the store writes them (``_create_row`` inside a change:
logged, undoable) without the verbs under test, so review, journal, measure and context tests
stand on their own."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

from fcc.store import tables as t
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


def make_cycle(store, start: dt.date | str, name: str | None = None) -> t.Cycle:
    """A cycle with its twelve weekly plans (quota 0)."""
    start = dt.date.fromisoformat(start) if isinstance(start, str) else start
    with store.change("test cycle"):
        cycle = store._create_row("cycle", t.Cycle, name=name or f"12 weeks from {start}",
                                  start_date=start)
        for week in range(1, 13):
            store._create_row("weekly_plan", t.WeeklyPlan, cycle=cycle.id, week=week, quota=0)
    return cycle


def make_goal(store, cycle: t.Cycle, kind: str = "business", title: str = "Grow") -> t.Goal:
    with store.change("test goal"):
        return store._create_row("goal", t.Goal, cycle=cycle.id, kind=kind, title=title)


def make_measure(store, goal: t.Goal, name: str, *, kind: str = "lag",
                 source: str = "manual", period: str = "cycle", unit: str = "",
                 target: str | None = None, scope: dict[str, Any] | None = None,
                 position: int = 0, values: dict[int, str] | None = None) -> t.Measure:
    with store.change("test measure"):
        measure = store._create_row(
            "measure", t.Measure, goal=goal.id, kind=kind, name=name, unit=unit,
            target=None if target is None else Decimal(target), source=source, period=period,
            scope=json.dumps(scope or {}), position=position)
        for week, value in (values or {}).items():
            store._create_row("measure_value", t.MeasureValue, measure=measure.id, week=week,
                              value=Decimal(value), recorded_at=store.clock.now())
    return measure


def plan(cycle: t.Cycle, week: int) -> t.WeeklyPlan:
    return t.WeeklyPlan.get((t.WeeklyPlan.cycle == cycle.id) & (t.WeeklyPlan.week == week))


def make_item(store, cycle: t.Cycle, week: int, title: str, *, done: bool = False,
              goal: t.Goal | None = None, card: int | None = None, rolled_over: int = 0,
              quota: bool = True, dropped: str | None = None, **extra: Any) -> t.PlanItem:
    """An item at the bottom of its week; ``quota``: the week's quota grows by one (as adding
    an item to an open week does). The week's score is kept true."""
    row = plan(cycle, week)
    with store.change("test item"):
        position = t.PlanItem.select().where(t.PlanItem.weekly_plan == row.id).count()
        now = store.clock.now()
        item = store._create_row(
            "plan_item", t.PlanItem, weekly_plan=row.id, title=title, position=position,
            done=done, done_at=now if done else None, goal=None if goal is None else goal.id,
            work_item=card, rolled_over=rolled_over, created_at=now,
            dropped_at=now if dropped else None, drop_reason=dropped or "", **extra)
        if quota:
            row = store._set_row("weekly_plan", row, quota=row.quota + 1)
        store._rescore(row)
    return item
