"""The demo's 12-week year: a vision, a cycle whose week 8 holds today, two goals with measures
(two of them computed from the time log), tactics, weeks 1-7 planned, done and reviewed, the
midpoint lock, week 8 under way, weeks 9-12 planned from the tactics, and a journal.

Rows are written directly (the seed must stay fast) but are the rows the plan verbs would have
written for the same story, told in the order it happened: the cycle, its goals and tactics on
the Sunday evening before week 1 (each tactic's items in all its weeks); every Monday the last
week's review (recommit, break down, drop, finish — which set the lock after week 6) and then the
week's ad-hoc items; checks and notes during the week. So each week's quota is its item count at
the end of the week (or at the lock, for weeks 7-12) less the items dropped before then, and its
``score`` is ``week_score(quota, done)``.

It draws from its own generator (``SEED + 14``): the rest of the seed does not move when the
plan's story changes.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from fcc.store import records_plans as rp
from fcc.store import tables as t
from fcc.store.demo_data import (
    DAY,
    MEASURE_CYCLE,
    MEASURE_WEEKS,
    PLAN_ADDED,
    PLAN_AHEAD,
    PLAN_DONE_NOW,
    PLAN_DROPPED,
    PLAN_GOALS,
    PLAN_NOTES,
    PLAN_REVIEWS,
    SEED,
    UTC,
    VISION,
)
from fcc.store.plans.base import locks_on, week_score
from fcc.store.when import day_start

if TYPE_CHECKING:
    from collections.abc import Callable

    Insert = Callable[[type[t.BaseTable], list[dict[str, Any]]], list[int]]
    Log = Callable[..., None]

CURRENT_WEEK = 8


@dataclass
class _Item:
    """A plan item as the story goes (written once the story is told)."""

    week: int
    title: str
    goal: str | None
    created: dt.datetime
    tactic: int | None = None
    card: int | None = None
    origin: _Item | None = None
    origin_kind: str | None = None
    rolled_over: int = 0
    done_at: dt.datetime | None = None
    dropped_at: dt.datetime | None = None
    drop_reason: str = ""
    position: int = 0
    id: int = 0
    handled: bool = False  # recommitted or broken down in its week's review


@dataclass(frozen=True)
class PlanCounts:
    goals: int
    measures: int
    tactics: int
    plan_items: int
    journal_notes: int


class PlanSeeder:
    def __init__(self, now: dt.datetime, today: dt.date, zone: str, tz: dt.tzinfo,
                 week_start: int, ids: dict[str, dict[str, int]], insert: Insert,
                 log: Log) -> None:
        self.rng = random.Random(SEED + 14)
        self.now, self.zone, self.tz = now, zone, tz
        # Week 1 began seven weeks before the user's current week did: today is in week 8.
        this_week = today - dt.timedelta(days=(today.weekday() - week_start) % 7)
        self.start = this_week - dt.timedelta(weeks=CURRENT_WEEK - 1)
        self.cards, self.clients, self.projects = ids["cards"], ids["clients"], ids["projects"]
        self.insert, self.log = insert, log
        self.items: list[_Item] = []
        self.quota_frozen: dict[int, int] = {}  # week -> its quota once ended or locked

    def uuid(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def at(self, week: int, day: int, clock: str) -> dt.datetime:
        """Local wall-clock time on a day of a week (day 7 = the next week's first day), as an
        aware UTC instant, never after now."""
        date = self.start + dt.timedelta(weeks=week - 1, days=day)
        hour, minute = map(int, clock.split(":"))
        wall = dt.datetime.combine(date, dt.time(hour, minute), tzinfo=self.tz)
        return min(wall.astimezone(UTC), self.now)

    def between(self, low: dt.datetime, high: dt.datetime) -> dt.datetime:
        span = max(0, int((high - low).total_seconds()))
        return low + dt.timedelta(seconds=self.rng.randint(0, span))

    # --- the story -------------------------------------------------------------------------

    def run(self) -> PlanCounts:
        evening = self.at(0, 6, "18:00")  # the evening before week 1
        [vision] = self.insert(t.Vision, [dict(
            uuid=self.uuid(), horizon_years=3, created_at=evening - 200 * DAY,
            updated_at=evening - 3 * DAY, **VISION)])
        [self.cycle] = self.insert(t.Cycle, [dict(
            uuid=self.uuid(), vision=vision, start_date=self.start,
            name=f"12 weeks from {self.start.isoformat()}", created_at=evening)])
        self.goals = dict(zip((g[0] for g in PLAN_GOALS), self.insert(t.Goal, [
            dict(uuid=self.uuid(), cycle=self.cycle, kind=kind, title=title, why=why,
                 created_at=evening) for kind, title, why, _m, _t in PLAN_GOALS]), strict=True))
        n_measures = self.measures(evening)
        n_tactics = self.tactics(evening)
        for week in range(1, CURRENT_WEEK + 1):
            if week > 1:
                self.review(week - 1)
            self.plan_week(week)
            if week < CURRENT_WEEK:  # ended: its quota is history (7's was fixed at the lock)
                self.quota_frozen.setdefault(week, self.live_count(week))
        self.checks()
        self.write()
        return PlanCounts(goals=len(self.goals), measures=n_measures, tactics=n_tactics,
                          plan_items=len(self.items), journal_notes=self.journal())

    def measures(self, evening: dt.datetime) -> int:
        rows, values = [], []
        for kind, _title, _why, measures, _tactics in PLAN_GOALS:
            for pos, (m_kind, name, target, unit, source, period, clients) in enumerate(measures):
                scope = {"clients": [self.clients[c] for c in clients]} if clients else {}
                rows.append(dict(
                    uuid=self.uuid(), goal=self.goals[kind], kind=m_kind, name=name,
                    unit=unit, target=Decimal(target), source=source, period=period,
                    scope=json.dumps(scope),  # as add_measure writes it
                    position=pos, created_at=evening, updated_at=evening))
                values.append((name, [(w, Decimal(v), self.review_time(w) if w < CURRENT_WEEK
                                       else self.at(w, 0, "20:00"))
                                      for w, v in enumerate(MEASURE_WEEKS.get(name, ()), 1)]))
                if name in MEASURE_CYCLE:  # typed after the long run of week 7
                    values[-1][1].append((0, Decimal(MEASURE_CYCLE[name]), self.at(7, 5, "10:30")))
        ids = self.insert(t.Measure, rows)
        self.insert(t.MeasureValue, [
            dict(uuid=self.uuid(), measure=mid, week=week, value=value, recorded_at=at)
            for mid, (_name, typed) in zip(ids, values, strict=True) for week, value, at in typed])
        return len(rows)

    def tactics(self, evening: dt.datetime) -> int:
        rows: list[dict[str, Any]] = []
        for kind, _title, _why, _measures, tactics in PLAN_GOALS:
            for pos, (title, first, last, card, project) in enumerate(tactics):
                rows.append(dict(
                    uuid=self.uuid(), goal=self.goals[kind], title=title, first_week=first,
                    last_week=last, created_at=evening, position=pos,
                    work_item=self.cards[card] if card else None,
                    project=self.projects[project] if project else None))
        ids = self.insert(t.Tactic, rows)
        # add_tactic puts one item in every week of its range that has not ended: all of them.
        kinds = [kind for kind, *_rest, tactics in PLAN_GOALS for _tactic in tactics]
        for tactic_id, row, kind in zip(ids, rows, kinds, strict=True):
            for week in range(row["first_week"], row["last_week"] + 1):
                self.add(week, row["title"], kind, evening, tactic=tactic_id,
                         card=row["work_item"])
        return len(rows)

    def add(self, week: int, title: str, goal: str | None, at: dt.datetime,
            **more: Any) -> _Item:
        """An item at the bottom of its week."""
        position = sum(1 for i in self.items if i.week == week)
        item = _Item(week=week, title=title, goal=goal, created=at, position=position, **more)
        self.items.append(item)
        return item

    def find(self, week: int, title: str) -> _Item:
        [item] = [i for i in self.items if i.week == week and i.title == title]
        return item

    def live_count(self, week: int) -> int:
        """Items of a week not dropped: its quota while it is open."""
        return sum(1 for i in self.items if i.week == week and i.dropped_at is None)

    def plan_week(self, week: int) -> None:
        monday = self.at(week, 0, "08:30")
        for title, goal, card in PLAN_ADDED.get(week, ()):
            self.add(week, title, goal, monday, card=self.cards[card] if card else None)
        for later, title, goal, card in PLAN_AHEAD.get(week, ()):
            self.add(later, title, goal, self.at(week, 3, "16:00"),
                     card=self.cards[card] if card else None)
        for title, reason in PLAN_DROPPED.get(week, ()):
            item = self.find(week, title)
            item.dropped_at, item.drop_reason = self.at(week, 2, "12:00"), reason
        if week == rp.MIDPOINT_WEEK:
            # Week 6's review (next Monday) sets the lock before anything else is written:
            # weeks 7-12 keep the quotas they have now.
            for later in range(rp.MIDPOINT_WEEK + 1, rp.WEEKS + 1):
                self.quota_frozen[later] = self.live_count(later)

    def review_time(self, week: int) -> dt.datetime:
        return self.at(week, 7, "08:00")

    def review(self, week: int) -> None:
        """The review of ``week`` on the next Monday: each unfinished item's fate."""
        at = self.review_time(week)
        _text, actions = PLAN_REVIEWS[week]
        for title, action, arg in actions:
            item = self.find(week, title)
            if action == "drop" and isinstance(arg, str):  # arg: the reason
                item.dropped_at, item.drop_reason = at, arg
            elif action == "recommit":
                self.add(week + 1, item.title, item.goal, at, tactic=item.tactic,
                         card=item.card, origin=item, origin_kind="recommit",
                         rolled_over=item.rolled_over + 1)
            else:  # break down; arg: the new items' titles
                for part in arg or ():
                    self.add(week + 1, part, item.goal, at, card=item.card, origin=item,
                             origin_kind="breakdown")
            if action != "drop":
                item.handled = True

    def checks(self) -> None:
        """Every item of weeks 1-7 the reviews did not deal with was done that week; in week 8
        the ones in PLAN_DONE_NOW so far."""
        for item in self.items:
            if item.week < CURRENT_WEEK:
                if item.dropped_at is None and not item.handled:
                    low = max(item.created, self.at(item.week, 0, "07:00"))
                    item.done_at = self.between(low, self.at(item.week, 6, "21:00"))
            elif item.week == CURRENT_WEEK and item.title in PLAN_DONE_NOW:
                item.done_at = self.between(max(item.created, self.at(item.week, 0, "07:00")),
                                            self.now)

    # --- writing it ------------------------------------------------------------------------

    def write(self) -> None:
        items_by_week: dict[int, list[_Item]] = {}
        for item in self.items:
            items_by_week.setdefault(item.week, []).append(item)
        plans = []
        for week in range(1, rp.WEEKS + 1):
            items = items_by_week.get(week, [])
            quota = self.quota_frozen.get(week, self.live_count(week))
            reviewed = week in PLAN_REVIEWS
            plans.append(dict(
                uuid=self.uuid(), cycle=self.cycle, week=week, quota=quota, locked=False,
                score=week_score(quota, sum(1 for i in items if i.done_at is not None)),
                review=PLAN_REVIEWS[week][0] if reviewed else "",
                reviewed_at=self.review_time(week) if reviewed else None))
        self.plan_ids = dict(zip(range(1, rp.WEEKS + 1), self.insert(t.WeeklyPlan, plans),
                                 strict=True))
        # In the order they were written (ids follow time), each after the item it came from.
        ordered = sorted(self.items, key=lambda i: i.created)
        rows = [dict(
            uuid=self.uuid(), weekly_plan=self.plan_ids[i.week],
            goal=self.goals[i.goal] if i.goal else None, tactic=i.tactic, work_item=i.card,
            title=i.title, position=i.position, done=i.done_at is not None, done_at=i.done_at,
            rolled_over=i.rolled_over, dropped_at=i.dropped_at, drop_reason=i.drop_reason,
            origin_kind=i.origin_kind, created_at=i.created) for i in ordered]
        for item, item_id in zip(ordered, self.insert(t.PlanItem, rows), strict=True):
            item.id = item_id
        for item in self.items:
            if item.origin is not None:
                t.PlanItem.update(origin=item.origin.id).where(t.PlanItem.id == item.id).execute()
            if item.dropped_at is not None:
                self.log(item.dropped_at, "plan_item", item.id, "drop",
                         {"dropped_at": None, "drop_reason": ""},
                         {"dropped_at": item.dropped_at.isoformat(),
                          "drop_reason": item.drop_reason})
        # The lock, as the first write of week 6's review did it: 0005's trigger locks 7-12.
        # Dated when it fell due (the review, or week 7's first midnight if that came first),
        # as the store's _ensure_midpoint dates it.
        review_6 = self.review_time(rp.MIDPOINT_WEEK)
        lock_time = min(review_6, day_start(locks_on(self.start), self.zone))
        t.Cycle.update(midpoint_locked_at=lock_time).where(t.Cycle.id == self.cycle).execute()
        self.log(review_6, "cycle", self.cycle, "lock", {"midpoint_locked_at": None},
                 {"midpoint_locked_at": lock_time.isoformat()})
        for week in PLAN_REVIEWS:
            self.log(self.review_time(week), "weekly_plan", self.plan_ids[week], "review",
                     {"review": "", "reviewed_at": None},
                     {"review": PLAN_REVIEWS[week][0],
                      "reviewed_at": self.review_time(week).isoformat()})

    def journal(self) -> int:
        """Notes through the weeks, and each review's text as a review message of its week."""
        messages = [(week, self.at(week, day, clock), "note", text)
                    for week, day, clock, text in PLAN_NOTES]
        messages += [(week, self.review_time(week), "review", text)
                     for week, (text, _actions) in PLAN_REVIEWS.items()]
        messages.sort(key=lambda m: (m[1], m[0]))
        first: dict[int, dt.datetime] = {}
        for week, at, _kind, _text in messages:
            first.setdefault(week, at)
        sessions = dict(zip(first, self.insert(t.JournalSession, [
            dict(uuid=self.uuid(), cycle=self.cycle, week=week, title=f"Week {week}",
                 created_at=at)
            for week, at in first.items()]), strict=True))
        self.insert(t.JournalMessage, [
            dict(uuid=self.uuid(), session=sessions[week], kind=kind, body=text, at=at,
                 zone=self.zone, edited_at=None) for week, at, kind, text in messages])
        return len(messages)
