"""Plans at scale: the boards benchmark's database (5,000 cards, 100,000 time entries) with a
12-week cycle in its week 8 whose goals have measures computed from the time log (billed and
hours on two clients, hours on a tag and on 200 cards) — see data_plans.py.

    python -m tests.benchmarks.bench_plans [--runs 10] [--fcc PATH] [--tui] [--tui-runs 3]

Store (in this process): ``plan_view()`` — everything the Plan pane draws, computed measures
included (the contract's 100 ms); ``scores()``; ``check_item`` (committed) and back.

Command line (a fresh process each run): ``fcc plan week``, ``fcc plan week --format json``,
``fcc plan score --format json``.

``--tui`` (tmux 120x40 like bench_boards): pressing ``3`` on the Timers pane until the Plan
pane's first full draw — the header's week, this week's first item and every computed
measure's figures (actual/target, as the pane writes them) on the screen — the issue's 200 ms;
pressed a few seconds after the first screen (the app reads the plan ahead once), and pressed
as soon as the first screen is there; and a launch with Plan as the saved pane until that
draw.

Figures are printed; no timed asserts. The plan is laid out around today on a copy of the
cached boards data (the processes read the real clock), so the cache never changes.
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fcc.store.clock import SystemClock
from tests.benchmarks.bench_boards import DATA, Result, ms_of, print_table
from tests.benchmarks.bench_time import environ, exe, timed
from tests.benchmarks.data_boards import build_boards_db
from tests.benchmarks.data_plans import PlanFacts, add_plan

IDLE = 3.0  # seconds after the first screen: the app's read-ahead (board, plan) is done


def store_figures(db: Path, runs: int) -> list[Result]:
    from fcc.store.api import Store
    from fcc.store.target import resolve_target

    store = Store.open(resolve_target(str(db), environ={}))
    try:
        view = store.plan_view()  # warm the page cache
        assert view.week is not None
        item = view.week.items[0].id
        out: list[Result] = [
            ("store.plan_view(), computed measures", [ms_of(store.plan_view)
                                                      for _ in range(runs)], "≤ 100 ms"),
            ("store.scores()", [ms_of(store.scores) for _ in range(runs)], ""),
        ]
        checks = []
        for _ in range(runs):
            done = store.week_plan().items[0].done
            checks.append(ms_of(lambda d=done: (store.uncheck_item if d else store.check_item)(
                item)))
        out.append(("store.check_item / uncheck_item (committed)", checks, ""))
        measures = [m for g in view.goals for m in g.measures if m.computed]
        print("store: " + "; ".join(f"{m.name} {m.actual} {m.unit}" for m in measures))
        return out
    finally:
        store.close()


def cli_figures(fcc: str, db: Path, runs: int) -> list[Result]:
    env = environ()
    base = [fcc, "--db", str(db)]
    timed([*base, "db", "status"], env)  # warm up
    ms, out = timed([*base, "plan", "score", "--format", "json"], env)
    score = json.loads(out)
    print(f"fcc plan score: week {score['cycle']['week']}, cycle score {score['cycle_score']}")
    result: list[Result] = []
    for label, argv in (("fcc plan week", [*base, "plan", "week"]),
                        ("fcc plan week --format json",
                         [*base, "plan", "week", "--format", "json"]),
                        ("fcc plan score --format json",
                         [*base, "plan", "score", "--format", "json"])):
        result.append((label, [timed(argv, env)[0] for _ in range(runs)], ""))
    return result


def tui_figures(fcc: str, db: Path, facts: PlanFacts, tmp: Path, runs: int) -> list[Result]:
    from fcc.store.api import Store
    from fcc.store.target import resolve_target
    from fcc.tui.widgets.plan_measures import figures
    from tests.benchmarks import bench_tui as bt

    if shutil.which("tmux") is None:
        raise SystemExit("--tui needs tmux")
    store = Store.open(resolve_target(str(db), environ={}))
    try:
        view = store.plan_view()
    finally:
        store.close()
    assert view.cycle is not None and view.week is not None
    # What only a full draw shows: every computed measure's figures, this week's first item.
    wanted = [figures(m) for g in view.goals for m in g.measures if m.computed]
    wanted += [f"{view.cycle.week} of 12", facts.week_items[0][:30]]

    def plan_shown(screen: str) -> bool:
        return all(w in screen for w in wanted)

    import sqlite3

    conn = sqlite3.connect(db, isolation_level=None)
    switch, early, saved = [], [], []
    for run in range(-1, runs):  # run -1 warms up and is not counted
        conn.execute("UPDATE session_state SET last_pane = 'timers'")
        times = []
        for pause in (IDLE, 0.0):  # after the read-ahead (a user's pause), then at once
            session = bt.Session(fcc, db, tmp)
            try:
                session.launch()
                session.settle("the first screen")
                time.sleep(pause)
                t0 = time.perf_counter()
                session.send("3")
                shown_in(session, plan_shown, wanted)
                times.append((time.perf_counter() - t0) * 1000)
                session.quit()  # saves Plan as the last pane
            finally:
                session.close()
        session = bt.Session(fcc, db, tmp)
        try:
            t0 = time.perf_counter()
            session.launch()
            shown_in(session, plan_shown, wanted)
            times.append((time.perf_counter() - t0) * 1000)
            session.quit()
        finally:
            session.close()
        if run >= 0:
            switch.append(times[0])
            early.append(times[1])
            saved.append(times[2])
        print(f"tui run {run + 1 if run >= 0 else '-'}: Timers → Plan drawn {times[0]:.0f} ms "
              f"({times[1]:.0f} ms right after the first screen), launch with Plan saved → "
              f"drawn {times[2]:.0f} ms" + (" (warm-up)" if run < 0 else ""))
    conn.close()
    return [("Timers → Plan, full draw with measures (3)", switch, "≤ 200 ms"),
            ("  the same right after the first screen", early, ""),
            ("launch with Plan saved → full draw", saved, "")]


def shown_in(session: Any, shown: Callable[[str], bool], wanted: list[str]) -> None:
    try:
        session.wait(shown, "the Plan pane with its computed measures", every=0.005)
    except SystemExit:
        print("wanted on the screen:", wanted)
        raise


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--fcc", help="the fcc executable (default: on PATH or next to this "
                        "Python); time a regular, non-editable install")
    parser.add_argument("--tui", action="store_true", help="also the Plan pane, in tmux")
    parser.add_argument("--tui-runs", type=int, default=3)
    args = parser.parse_args()
    DATA.mkdir(exist_ok=True)
    t0 = time.perf_counter()
    cached = build_boards_db(DATA / "boards-5k-100k.db")
    fcc = exe("fcc", args.fcc)
    if fcc is None:
        raise SystemExit("no fcc executable: pip install . (or pass --fcc)")
    with tempfile.TemporaryDirectory(prefix="fcc-bench-plans-") as folder:
        tmp = Path(folder)
        db = tmp / "plans.db"
        shutil.copy(cached, db)
        facts = add_plan(db, SystemClock().now().replace(microsecond=0))
        print(f"data: {db} ({db.stat().st_size / 1e6:.1f} MB), cycle {facts.cycle!r} in week 8, "
              f"{facts.entries_added} entries added up to today, {len(facts.week_items)} items "
              f"this week, ready in {time.perf_counter() - t0:.1f} s")
        print(f"fcc: {fcc}")
        results: list[Result] = []
        results += store_figures(db, args.runs)
        results += cli_figures(fcc, db, args.runs)
        if args.tui:
            results += tui_figures(fcc, db, facts, tmp, args.tui_runs)
    print_table(results)


if __name__ == "__main__":
    main()
