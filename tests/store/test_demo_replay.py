"""The demo's plan rows are what the plan verbs write: its story is told again through the
store's verbs on a walking clock, over the same cards and clients, and every plan table comes
out the same (ids and uuids aside; the vision's times are the seed's own)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from fcc.store import tables as t
from fcc.store.api import Store
from fcc.store.clock import FrozenClock
from fcc.store.demo_data import (
    PLAN_ADDED,
    PLAN_AHEAD,
    PLAN_DROPPED,
    PLAN_GOALS,
    PLAN_NOTES,
    PLAN_REVIEWS,
    VISION,
)
from fcc.store.demo_plans import CURRENT_WEEK, PlanSeeder
from fcc.store.target import Target
from tests.store.test_demo import FROZEN_AT, seeded, sqlite_target


def plan_tables() -> dict[str, list[tuple[Any, ...]]]:
    """Every plan table's rows with references by what they name, sorted."""
    goal = {g.id: g.kind for g in t.Goal.select()}
    tactic = {x.id: x.title for x in t.Tactic.select()}
    week = {p.id: p.week for p in t.WeeklyPlan.select()}
    items = list(t.PlanItem.select())
    item = {i.id: (week[i.weekly_plan_id], i.title) for i in items}
    measure = {m.id: m.name for m in t.Measure.select()}
    session = {s.id: s.week for s in t.JournalSession.select()}
    out = {
        "vision": [(v.title, v.body, v.three_year, v.horizon_years) for v in t.Vision.select()],
        "cycle": [(c.name, c.start_date, c.midpoint_locked_at, c.created_at,
                   c.vision_id is not None) for c in t.Cycle.select()],
        "goal": [(g.kind, g.title, g.why, g.created_at) for g in t.Goal.select()],
        "measure": [(goal[m.goal_id], m.kind, m.name, m.unit, m.target, m.source, m.period,
                     json.loads(m.scope), m.position, m.created_at, m.updated_at)
                    for m in t.Measure.select()],
        "measure_value": [(measure[v.measure_id], v.week, v.value, v.recorded_at)
                          for v in t.MeasureValue.select()],
        "tactic": [(goal[x.goal_id], x.title, x.first_week, x.last_week, x.work_item_id,
                    x.project_id, x.position, x.created_at) for x in t.Tactic.select()],
        "weekly_plan": [(p.week, p.quota, p.locked, p.score, p.review, p.reviewed_at)
                        for p in t.WeeklyPlan.select()],
        "plan_item": [(week[i.weekly_plan_id], i.title, i.position, goal.get(i.goal_id),
                       tactic.get(i.tactic_id), i.work_item_id, i.done, i.done_at,
                       i.rolled_over, i.dropped_at, i.drop_reason, item.get(i.origin_id),
                       i.origin_kind, i.created_at) for i in items],
        "journal_session": [(s.week, s.title, s.created_at) for s in t.JournalSession.select()],
        "journal_message": [(session[m.session_id], m.kind, m.body, m.at, m.zone, m.edited_at)
                            for m in t.JournalMessage.select()],
    }
    return {name: sorted(rows, key=repr) for name, rows in out.items()}


def test_the_verbs_write_the_demo_plan(target):
    retell(target, FROZEN_AT)


@pytest.mark.parametrize("at", [
    "2026-11-23T05:10:00+00:00",  # Monday before work: week 7's review and week 8's plan
    #                               are clamped to now
    "2026-03-31T16:45:00+00:00",  # week 7 holds Berlin's change to summer time
    "2026-11-29T22:30:00+00:00",  # Sunday night, the last hour of week 8
])
def test_at_other_times(tmp_path, at):
    retell(sqlite_target(tmp_path), at)


@pytest.mark.parametrize("week_start, zone", [("sunday", "America/New_York"),
                                               ("wednesday", "Asia/Tokyo")])
def test_with_another_week_start_and_zone(tmp_path, week_start, zone):
    """The plan counts weeks as the verbs do: the user's week start and zone."""
    retell(sqlite_target(tmp_path), "2026-11-23T03:30:00+00:00",
           {"week_start": week_start, "zone": zone})
    store = Store.open(sqlite_target(tmp_path), FrozenClock("2026-11-23T03:30:00+00:00"))
    try:
        assert t.Cycle.get().start_date.weekday() == store.prefs.week_start
        assert store.plan_view().week.week == CURRENT_WEEK  # type: ignore[union-attr]
    finally:
        store.close()


def retell(target: Target, at: str, settings: dict[str, str] | None = None) -> None:
    with seeded(target, at, settings) as (store, _summary):
        seeded_rows = plan_tables()
        done = [(i.done_at, i.weekly_plan.week, i.title) for i in t.PlanItem.select()
                if i.done_at is not None]
        typed = [(v.recorded_at, v.measure.name, v.week, v.value) for v in t.MeasureValue.select()]
        now = store.clock.now()
        # Forget the plan (a locked cycle may be deleted whole; the rest cascades).
        t.Cycle.delete().execute()
        t.Vision.delete().execute()
        tell_again(store, now, done, typed)
        store.clock.set(now)  # type: ignore[attr-defined]
        assert plan_tables() == seeded_rows


def tell_again(store: Store, now: dt.datetime, done: list[Any], typed: list[Any]) -> None:
    clock: Any = store.clock
    cards = {k: c.id for k, c in _cards().items()}
    clients = {c.name: c.id for c in t.Client.select()}
    client_keys = {"nordlicht": clients["Nordlicht Studio GmbH"]}
    projects = {"care": t.Project.get(t.Project.name == "Website care retainer").id}
    story = PlanSeeder(now, store._today(), store.prefs.zone, store.prefs.tz,
                       store.prefs.week_start, {"cards": cards, "clients": client_keys,
                                                "projects": projects}, _never, _never)
    clock.set(story.at(0, 6, "18:00"))
    store.set_vision(**VISION)
    store.start_cycle(story.start)
    for kind, title, why, _measures, _tactics in PLAN_GOALS:
        store.set_goal(kind, title, why=why)
    for kind, _title, _why, measures, _tactics in PLAN_GOALS:
        for m_kind, name, target, unit, source, period, scope in measures:
            store.add_measure(kind, m_kind, name, target=Decimal(target), unit=unit,
                              source=source, period=period,
                              scope={"clients": [client_keys[c] for c in scope]} if scope
                              else None)
    for kind, *_rest, tactics in PLAN_GOALS:
        for title, first, last, card, project in tactics:
            store.add_tactic(kind, title, weeks=f"{first}-{last}",
                             card=cards[card] if card else None,
                             project=projects[project] if project else None)

    def item(week: int, title: str) -> int:
        return store.week_plan(week).items[[i.title for i in store.week_plan(week).items]
                                           .index(title)].id

    events: list[tuple[dt.datetime, Callable[[], object]]] = []
    for week in range(1, CURRENT_WEEK + 1):
        if week > 1:
            text, actions = PLAN_REVIEWS[week - 1]
            for title, action, arg in actions:
                events.append((story.review_time(week - 1), _decide(store, item, week - 1,
                                                                   title, action, arg)))
            events.append((story.review_time(week - 1),
                           lambda w=week - 1, x=text: store.finish_review(w, x)))
        for title, goal, card in PLAN_ADDED.get(week, ()):
            events.append((story.at(week, 0, "08:30"), lambda w=week, x=title, g=goal, c=card:
                           store.add_item(x, week=w, goal=g, card=cards[c] if c else None)))
        for later, title, goal, card in PLAN_AHEAD.get(week, ()):
            events.append((story.at(week, 3, "16:00"), lambda w=later, x=title, g=goal, c=card:
                           store.add_item(x, week=w, goal=g, card=cards[c] if c else None)))
        for title, reason in PLAN_DROPPED.get(week, ()):
            events.append((story.at(week, 2, "12:00"), lambda w=week, x=title, r=reason:
                           store.drop_item(item(w, x), r)))
    for week, day, time, text in PLAN_NOTES:
        events.append((story.at(week, day, time), lambda w=week, x=text: store.add_note(x, week=w)))
    for at, week, title in done:
        events.append((at, lambda w=week, x=title: store.check_item(item(w, x))))
    measure_ids = {m.name: m.id for m in t.Measure.select()}
    for at, name, week, value in typed:
        events.append((at, lambda n=name, w=week, v=value:
                       store.record_measure(measure_ids[n], v, week=w)))
    # In time order; at the same instant in the order above (a review before the week's plan).
    for at, event in sorted(events, key=lambda e: e[0]):
        clock.set(at)
        event()


def _decide(store: Store, item: Callable[[int, str], int], week: int, title: str, action: str,
            arg: Any) -> Callable[[], object]:
    def run() -> object:
        ref = item(week, title)
        if action == "drop":
            return store.drop_item(ref, arg)
        if action == "recommit":
            return store.recommit_item(ref)
        return store.break_down_item(ref, list(arg))
    return run


def _cards() -> dict[str, t.WorkItem]:
    from fcc.store.demo_data import ITEMS

    by_title = {c.title: c for c in t.WorkItem.select()}
    return {key: by_title[title] for key, _p, _k, _parent, _col, title in ITEMS}


def _never(*_args: object) -> Any:
    raise AssertionError("the replay writes through the verbs only")
