"""The Reports pane at scale: the benchmark's 100,000 time entries (20 projects, 5 clients, 3
years; see data.py), in the app run headless at 120x40 on its frozen clock.

    python -m tests.benchmarks.bench_reports_pane [--runs 3]

Measured, for each key of a round of period changes (``[`` ``]`` ``w`` ``m`` ``q`` ``y``) and
of grouping changes (``tab`` through all six): from pressing the key until the pane has drawn
the new report (its data is the one asked for and the screen refreshed) — the issue's 150 ms;
and, on the store's side alone, ``read_report`` for a month, a quarter and a year (what one
key's worker runs), and ``store.unbilled()`` (read with the strip when the store changes,
never on a key).

Figures are printed (median and worst wall time, and the median CPU time of this process for
the same calls: the store runs in it, so on a shared machine that is what one key costs);
no timed asserts. The app runs on a copy of the cached
data, so the cache never changes.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from tests.benchmarks.data import NOW, build_time_db

DATA = Path(__file__).parent / "data"
PERIOD_KEYS = ["left_square_bracket", "left_square_bracket", "right_square_bracket", "w",
               "left_square_bracket", "m", "q", "right_square_bracket", "y",
               "left_square_bracket", "m"]
GROUP_KEYS = ["tab"] * 6


CPU: list[float] = []  # the CPU time (this process) of each ms_of/timed call, in order


def ms_of(fn: Callable[[], object]) -> float:
    c0, t0 = time.process_time(), time.perf_counter()
    fn()
    CPU.append((time.process_time() - c0) * 1000)
    return (time.perf_counter() - t0) * 1000


def line(label: str, values: list[float], target: str = "") -> str:
    """Wall time (median, worst) and the process's CPU time for the same calls (median): on
    a shared machine the wall time waits for other processes, the CPU time does not."""
    cpu = CPU[-len(values):]
    return (f"| {label} | {statistics.median(values):.1f} ms | {max(values):.1f} ms | "
            f"{statistics.median(cpu):.1f} ms | {len(values)} | {target} |")


def store_figures(db: Path, runs: int) -> list[str]:
    from fcc.store.api import Store
    from fcc.store.clock import FrozenClock
    from fcc.store.target import resolve_target
    from fcc.tui.screens.report_reads import Period, read_report

    store = Store.open(resolve_target(str(db), environ={}), FrozenClock(NOW))
    try:
        today = store.clock.now().date()
        out = []
        for unit in ("month", "quarter", "year"):
            period = Period.around(unit, today)
            read_report(store, period, "project", chart=True)  # warm up
            out.append(line(f"read_report: a {unit} by project, with its chart",
                            [ms_of(lambda p=period: read_report(store, p, "project", chart=True))
                             for _ in range(runs * 3)]))
            out.append(line(f"read_report: a {unit} by client (grouping only)",
                            [ms_of(lambda p=period: read_report(store, p, "client", chart=False))
                             for _ in range(runs * 3)]))
        out.append(line("store.unbilled() (all time)", [ms_of(store.unbilled)
                                                        for _ in range(runs * 3)]))
        return out
    finally:
        store.close()


async def pane_figures(db: Path, runs: int) -> tuple[list[float], list[float]]:
    from fcc.store.api import Store
    from fcc.store.clock import FrozenClock
    from fcc.store.target import resolve_target
    from fcc.tui.app import make_app
    from fcc.tui.screens.reports import ReportsPane

    clock = FrozenClock(NOW)
    store = Store.open(resolve_target(str(db), environ={}), clock)
    periods: list[float] = []
    groups: list[float] = []
    try:
        app = make_app(store, clock, cursor_blink=False)
        async with app.run_test(size=(120, 40)) as pilot:
            await app.main.wait_until_ready(timeout=60)
            await pilot.press("4")
            pane = app.main.query_one(ReportsPane)
            while pane.data is None:
                await asyncio.sleep(0.005)
            await app.workers.wait_for_complete()

            async def timed(key: str) -> float:
                before = pane.data
                c0, t0 = time.process_time(), time.perf_counter()
                await pilot.press(key)
                while pane.data is before or pane.data is None or \
                        pane.data.period != pane.period or pane.data.group != pane.group:
                    await asyncio.sleep(0.001)
                await pilot.pause()  # the frame with it
                CPU.append((time.process_time() - c0) * 1000)
                return (time.perf_counter() - t0) * 1000

            cpu_p: list[float] = []
            cpu_g: list[float] = []
            for run in range(runs + 1):  # the first round warms up
                p = [await timed(k) for k in PERIOD_KEYS]
                cp = CPU[-len(PERIOD_KEYS):]
                g = [await timed(k) for k in GROUP_KEYS]
                cg = CPU[-len(GROUP_KEYS):]
                if run:
                    periods += p
                    groups += g
                    cpu_p += cp
                    cpu_g += cg
            CPU[:] = cpu_p + cpu_g  # in the order main() prints them
    finally:
        store.close()
    return periods, groups


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    DATA.mkdir(exist_ok=True)
    source = build_time_db(DATA / "time-100k.db")
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "fcc.db"
        shutil.copy(source, db)
        print("| what | median | worst | CPU (median) | n | target |")
        print("| --- | ---: | ---: | ---: | ---: | --- |")
        for row in store_figures(db, args.runs):
            print(row, flush=True)
        periods, groups = asyncio.run(pane_figures(db, args.runs))
        cpu_groups = CPU[len(periods):]
        del CPU[len(periods):]
        print(line("pane: a change of period ([ ] w m q y), key to drawn", periods, "≤ 150 ms"))
        CPU[:] = cpu_groups
        print(line("pane: a change of grouping (tab), key to drawn", groups, "≤ 150 ms"))


if __name__ == "__main__":
    main()
