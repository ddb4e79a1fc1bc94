"""The plans benchmark's data builder on a small board: it drives the store's verbs through
eight weeks, so a change of a verb that breaks it shows here, not only when someone runs the
benchmark."""

from __future__ import annotations

import datetime as dt

from fcc.store import tables as t
from fcc.store.api import Store
from fcc.store.clock import FrozenClock
from fcc.store.target import resolve_target
from tests.benchmarks.data import NOW
from tests.benchmarks.data_boards import build_boards_db
from tests.benchmarks.data_plans import CURRENT_WEEK, add_plan


def test_the_benchmark_plan_is_built_through_the_verbs(tmp_path):
    db = build_boards_db(tmp_path / "boards.db", cards=300, entries=3_000, years=1)
    now = dt.datetime.fromisoformat(NOW) + dt.timedelta(days=9, hours=3)  # past the log's end
    facts = add_plan(db, now)
    assert facts.entries_added > 0 and len(facts.computed) == 4 and facts.week_items
    store = Store.open(resolve_target(str(db), environ={}), FrozenClock(now))
    try:
        view = store.plan_view()
        assert view.cycle is not None and view.cycle.week == CURRENT_WEEK
        assert view.cycle.locked and view.scores is not None
        assert [w.reviewed for w in view.scores.weeks][:CURRENT_WEEK] == [True] * 7 + [False]
        assert all(m.actual is not None for g in view.goals for m in g.measures if m.computed)
        last = t.TimeEntry.select(t.TimeEntry.end_utc).order_by(t.TimeEntry.end_utc.desc()).get()
        assert now - dt.timedelta(hours=2) < last.end_utc <= now
    finally:
        store.close()
