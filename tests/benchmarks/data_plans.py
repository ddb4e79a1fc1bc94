"""The plans benchmark's data (not run by pytest): the boards benchmark's database (5,000 cards,
100,000 entries) with a 12-week cycle in its week 8, built through the store's own verbs.

The app and ``fcc`` read the real clock (there is no clock override for a process), so the
cycle is laid out around today, on a copy made for each benchmark run: the store's verbs run
on a :class:`FrozenClock` walked from the Sunday before week 1 to now — the cycle started, goals
with measures computed from the time log (billed on two clients, hours on them, hours on the
``dev`` tag and on 200 cards) and typed ones, tactics (one on a card), each week's items added,
most checked, reviewed the next Monday (recommit or drop what was left), a journal note a week.
The time log is extended from where the cached one ends (its fixed ``NOW``) up to today, at
the same density, so the computed measures have the cycle's entries to add up."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from fcc.store import tables as t
from fcc.store.api import Store
from fcc.store.clock import FrozenClock
from fcc.store.target import resolve_target

CURRENT_WEEK = 8
PER_DAY = 100_000 // (3 * 365)  # the cached log's density
ZONE = "Europe/Berlin"  # bench_tui's sessions run in it


@dataclass(frozen=True)
class PlanFacts:
    cycle: str
    week_items: tuple[str, ...]  # this week's item titles
    computed: tuple[str, ...]  # the computed measures' names
    entries_added: int


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def extend_log(store: Store, rng: random.Random, now: dt.datetime) -> int:
    """Entries from the log's last end up to an hour ago, ``PER_DAY`` a day; 70 % on a card."""
    last = t.TimeEntry.select(t.TimeEntry.end_utc).order_by(t.TimeEntry.end_utc.desc()).first()
    since = last.end_utc if last else now - dt.timedelta(weeks=13)
    step = 86_400 // PER_DAY
    count = max(0, int((now - dt.timedelta(hours=1) - since).total_seconds()) // step)
    cards = list(t.WorkItem.select(t.WorkItem.id, t.WorkItem.project).tuples())
    projects = [p for (p,) in t.Project.select(t.Project.id).tuples()]
    rows = []
    for i in range(count):
        start = since + dt.timedelta(seconds=i * step + rng.randrange(0, step // 4))
        end = start + dt.timedelta(seconds=rng.randrange(300, step // 2))
        card, project = rng.choice(cards) if rng.random() < 0.7 else (None, rng.choice(projects))
        rows.append({"uuid": _uuid(rng), "project": project, "work_item": card,
                     "start_utc": start, "end_utc": end, "zone": "Europe/Berlin",
                     "note": f"recent work {i}", "tags": '["dev"]', "billable": True,
                     "rate": 100, "currency": "EUR", "created_at": end})
    with store.db.atomic():
        for i in range(0, len(rows), 2_000):
            t.TimeEntry.insert_many(rows[i:i + 2_000]).execute()
    return count


def add_plan(db: Path, now: dt.datetime) -> PlanFacts:
    """Extend the log and lay out the cycle around ``now`` in the database at ``db``."""
    rng = random.Random(14_8000)
    clock = FrozenClock(now)
    store = Store.open(resolve_target(str(db), environ={}), clock)
    try:
        # Weeks are the user's: pin the zone so the app in tmux (FCC_ZONE), fcc and this
        # process count the same ones.
        store.set_setting("zone", ZONE)
        added = extend_log(store, rng, now)
        return _story(store, clock, rng, now, added)
    finally:
        store.close()


def _story(store: Store, clock: FrozenClock, rng: random.Random, now: dt.datetime,
           added: int) -> PlanFacts:
    tz = store.prefs.tz
    today = now.astimezone(tz).date()
    this_week = today - dt.timedelta(days=(today.weekday() - store.prefs.week_start) % 7)
    start = this_week - dt.timedelta(weeks=CURRENT_WEEK - 1)

    def at(week: int, day: int, hour: int) -> dt.datetime:
        wall = dt.datetime.combine(start + dt.timedelta(weeks=week - 1, days=day),
                                   dt.time(hour), tzinfo=tz)
        return min(wall.astimezone(dt.UTC), now)

    cards = [c for (c,) in t.WorkItem.select(t.WorkItem.id).where(t.WorkItem.deleted_at.is_null())
             .order_by(t.WorkItem.id).tuples()]
    clients = [c.name for c in t.Client.select().order_by(t.Client.id)][:2]
    clock.set(at(0, 6, 18))
    store.set_vision(title="A studio with a big board", body="Fewer, better clients.",
                     three_year="Three retainers and a product of my own.")
    cycle = store.start_cycle(start)
    store.set_goal("business", "Grow the two biggest clients", why="Retainers.")
    store.set_goal("personal", "Run a half marathon", why="Energy.")
    store.add_measure("business", "lag", "Billed to the two", target=Decimal(300_000),
                      source="billed", scope={"clients": clients})
    store.add_measure("business", "lead", "Hours for the two", target=Decimal(40),
                      source="hours", period="week", scope={"clients": clients})
    store.add_measure("business", "lead", "Dev hours", target=Decimal(60), source="hours",
                      period="week", scope={"tags": ["dev"]})
    store.add_measure("business", "lead", "Hours on 200 cards", target=Decimal(20),
                      source="hours", period="week", scope={"cards": rng.sample(cards, 200)})
    store.add_measure("business", "lead", "Sales calls", target=Decimal(5), period="week")
    store.add_measure("personal", "lag", "Longest run", target=Decimal(21), unit="km")
    store.add_measure("personal", "lead", "Runs", target=Decimal(3), period="week")
    store.add_tactic("business", "Weekly client update", weeks="all")
    store.add_tactic("business", "Five sales calls", weeks="2-12")
    store.add_tactic("business", "Ship the big card", weeks="5-9", card=cards[0])
    store.add_tactic("personal", "Three runs", weeks="all")
    store.add_tactic("personal", "Lights out by 23:00", weeks="all")
    for week in range(1, CURRENT_WEEK + 1):
        clock.set(at(week, 0, 8))
        if week > 1:
            state = store.review(week - 1)
            for i, item in enumerate(state.unfinished if state else ()):
                if i % 2:
                    store.drop_item(item.id, "no time this week")
                else:
                    store.recommit_item(item.id)
            store.finish_review(week - 1, f"Week {week - 1}: kept going.")
        for k in range(4):
            store.add_item(f"Card work {week}.{k}", card=rng.choice(cards), goal="business")
        store.add_note(f"Week {week} planned.")
        clock.set(at(week, 4, 17))
        plan = store.week_plan(week)
        for item in plan.items:
            if rng.random() < (0.85 if week < CURRENT_WEEK else 0.3):
                store.check_item(item.id)
        if week < CURRENT_WEEK or clock.now() < now:
            store.record_measure(_measure_id(store, "Sales calls"), rng.randint(2, 6))
            store.record_measure(_measure_id(store, "Runs"), rng.randint(1, 4))
    clock.set(now)
    view = store.plan_view()
    assert view.week is not None and view.cycle is not None
    return PlanFacts(cycle=cycle.name, week_items=tuple(i.title for i in view.week.items),
                     computed=tuple(m.name for g in view.goals for m in g.measures
                                    if m.computed), entries_added=added)


def _measure_id(store: Store, name: str) -> int:
    return next(m.id for g in store.goals() for m in g.measures if m.name == name)
