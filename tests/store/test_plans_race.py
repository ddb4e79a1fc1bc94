"""Two processes writing one cycle's plan at once, on SQLite and PostgreSQL: every write lands
(no "database is locked", no lost tick), and each week's stored score stays what its rows say.

The processes run on the real clock (tests/store/board_workers.race): the cycle is started so
that today falls in its week 5, where the lock may be set by hand."""

from __future__ import annotations

import datetime as dt
import multiprocessing as mp

from fcc.store.api import Store
from fcc.store.clock import SystemClock
from tests.store import board_workers
from tests.store.test_plans_undo import stored_scores, true_scores

ROUNDS = 6


def started_in_week_5(store: Store) -> None:
    store.set_setting("zone", "Europe/Berlin")
    today = store._today()
    store.start_cycle(today - dt.timedelta(days=today.weekday(), weeks=4))


def run_pair(target, jobs: list[tuple[str, list]]) -> list[list[tuple[str, str]]]:
    ctx = mp.get_context("spawn")
    barrier = ctx.Barrier(len(jobs))
    results = ctx.Queue()
    procs = [ctx.Process(target=board_workers.race, args=(target, verb, calls, barrier, results))
             for verb, calls in jobs]
    for p in procs:
        p.start()
    outcomes = [results.get(timeout=300) for _ in procs]
    for p in procs:
        p.join(30)
    assert all(ok for ok, _ in outcomes), outcomes
    return [o for _, o in outcomes]


def test_two_processes_ticking_one_week(target):
    with Store.open(target, SystemClock()) as s:
        started_in_week_5(s)
        ids = [s.add_item(f"Item {i}", week=6).id for i in range(2 * ROUNDS)]
    first, second = ids[:ROUNDS], ids[ROUNDS:]
    outcomes = run_pair(target, [("check_item", [((i,), {}) for i in first]),
                                 ("check_item", [((i,), {}) for i in second])])
    assert all(kind == "ok" for one in outcomes for kind, _ in one), outcomes
    with Store.open(target, SystemClock()) as s:
        week = s.week_plan(6)
        assert (week.done, week.quota, week.score) == (2 * ROUNDS, 2 * ROUNDS, 100)
    assert stored_scores(target) == true_scores(target)


def test_an_item_added_while_the_lock_is_set(target):
    """One process locks weeks 7-12 by hand while the other adds items to week 9: each add
    lands, raising week 9's quota only if it came before the lock."""
    with Store.open(target, SystemClock()) as s:
        started_in_week_5(s)
    outcomes = run_pair(target, [
        ("lock_midpoint", [((), {})] * ROUNDS),
        ("add_item", [((f"Added {i}",), {"week": 9}) for i in range(ROUNDS)])])
    assert all(kind == "ok" for one in outcomes for kind, _ in one), outcomes
    with Store.open(target, SystemClock()) as s:
        cycle = s.cycle()
        week = s.week_plan(9)
        assert cycle.locked and week.locked and len(week.items) == ROUNDS
        assert week.quota == len([i for i in week.items if _logged_before_the_lock(target, i.id)])
    assert stored_scores(target) == true_scores(target)


def _logged_before_the_lock(target, item: int) -> bool:
    """Whether the item's creation is in the activity log before the lock (the log's order is
    the commit order: writers take turns; times are whole seconds and may tie)."""
    from tests.store.helpers import q

    [(made,)] = q(target, "SELECT MIN(id) FROM activity WHERE entity = 'plan_item' AND "
                  "entity_id = ?", (str(item),))
    [(lock,)] = q(target, "SELECT MIN(id) FROM activity WHERE entity = 'cycle' AND "
                  "action = 'lock'")
    return bool(made < lock)
