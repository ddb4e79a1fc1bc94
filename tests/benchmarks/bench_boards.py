"""Boards at scale: 5,000 cards on one board (lanes, epics, tags, 500 dependencies, 1,000
comments, a sprint) and 100,000 time entries, 70 % of them on those cards.

    python -m tests.benchmarks.bench_boards [--runs 10] [--fcc PATH] [--tui] [--tui-runs 3]
        [--idle-seconds 10]

Store (in this process, on a copy of the data):
* ``cards(board=…)``: every card of the board with its derived fields (blocked by, blocks,
  tracked time, children done/total, subtree time, running) — the issue's 300 ms;
* ``board_cards(…)``: what the pane draws (the board, its columns and lanes, the cards);
* ``move_card``: one move, in the database (committed) — the issue's 50 ms.

Command line (a fresh process each run, as a user types it):
* ``fcc card list --board "Big board" --format json`` over the 5,000 cards — 300 ms;
* ``fcc card move ID --column "To do"`` (and back), the whole process;
* ``fcc import taskwarrior`` of a 5,000-task `task export` into a new database, its rerun
  (nothing new) and ``fcc undo`` of it.

``--tui`` (the Boards pane, in tmux 120x40 like bench_tui): switching from Timers to Boards
until the first cards are on the screen (300 ms), ``L`` on the focused card until the database
has the move (50 ms) and until the screen shows it (100 ms), the first frame with Boards as the
saved pane (700 ms), RSS (150 MB) and idle CPU (2 %) on the Boards pane. It needs the pane
(issue 13); it says so and stops when the app has none.

Figures are printed; no timed asserts. The data is built once and cached in
tests/benchmarks/data/ (gitignored); everything runs on copies, so the cache never changes.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from tests.benchmarks.bench_time import environ, exe, timed
from tests.benchmarks.data_boards import BOARD, build_boards_db, build_task_export

DATA = Path(__file__).parent / "data"
Result = tuple[str, list[float], str]  # label, ms per run, target ("" for none)


def ms_of(fn: Callable[[], object]) -> float:
    t0 = time.perf_counter()
    fn()
    return (time.perf_counter() - t0) * 1000


def store_figures(db: Path, runs: int) -> list[Result]:
    from fcc.store.api import Store
    from fcc.store.target import resolve_target

    store = Store.open(resolve_target(str(db), environ={}))
    try:
        store.cards(board=BOARD)  # warm the page cache
        out: list[Result] = [
            ("store.cards(board=…), 5,000 cards", [ms_of(lambda: store.cards(board=BOARD))
                                                   for _ in range(runs)], "≤ 300 ms"),
            ("store.board_cards(…)", [ms_of(lambda: store.board_cards(BOARD))
                                      for _ in range(runs)], "≤ 300 ms"),
        ]
        backlog = [c.id for c in store.cards(board=BOARD, column="Backlog")][:runs]
        moves = []
        for card in backlog:
            moves.append(ms_of(lambda c=card: store.move_card(c, column="To do")))
            store.move_card(card, column="Backlog")
        out.append(("store.move_card (committed)", moves, "≤ 50 ms"))
        cards = store.cards(board=BOARD)
        print(f"store: {len(cards)} cards, {sum(1 for c in cards if c.blocked)} blocked, "
              f"{sum(c.tracked_seconds for c in cards) / 3600:,.0f} h tracked on them")
        return out
    finally:
        store.close()


def cli_figures(fcc: str, db: Path, runs: int) -> list[Result]:
    env = environ()
    base = [fcc, "--db", str(db)]
    timed([*base, "db", "status"], env)  # warm up
    listing = [*base, "card", "list", "--board", BOARD, "--format", "json"]
    ms, out = timed(listing, env)
    if not out.startswith("["):
        raise SystemExit(f"fcc card list: unexpected output {out[:200]!r}")
    card = next(c["id"] for c in json.loads(out) if c["column"] == "Backlog")
    result: list[Result] = [("fcc card list --board … --format json",
                             [timed(listing, env)[0] for _ in range(runs)], "≤ 300 ms")]
    moves = []
    for i in range(runs):
        moves.append(timed([*base, "card", "move", str(card), "--column",
                            "To do" if i % 2 == 0 else "Backlog"], env)[0])
    result.append(("fcc card move ID --column … (process)", moves, ""))
    result.append(("fcc card show ID --format json",
                   [timed([*base, "card", "show", str(card), "--format", "json"], env)[0]
                    for _ in range(runs)], ""))
    return result


def import_figures(fcc: str, export: Path, tmp: Path, runs: int) -> list[Result]:
    env = environ()
    first, again, undo = [], [], []
    for i in range(runs):
        db = tmp / f"tw-{i}.db"
        argv = [fcc, "--db", str(db), "import", "taskwarrior", str(export), "--board", "Tasks"]
        ms, out = timed(argv, env)
        if not out.startswith("imported 5000 new cards"):
            raise SystemExit(f"fcc import taskwarrior: unexpected output {out!r}")
        first.append(ms)
        ms, out = timed(argv, env)
        if "imported 0 new cards" not in out:
            raise SystemExit(f"fcc import taskwarrior (rerun): unexpected output {out!r}")
        again.append(ms)
        ms, out = timed([fcc, "--db", str(db), "undo"], env)
        if "import 5000 cards from Taskwarrior" not in out:
            raise SystemExit(f"fcc undo: unexpected output {out!r}")
        undo.append(ms)
    return [("fcc import taskwarrior (5,000 tasks)", first, ""),
            ("  its rerun (nothing new)", again, ""), ("  fcc undo of it", undo, "")]


# --- the Boards pane (--tui) ----------------------------------------------------------------


def tui_figures(fcc: str, cached: Path, tmp: Path, runs: int, idle_seconds: float
                ) -> list[Result]:
    from tests.benchmarks import bench_tui as bt

    if shutil.which("tmux") is None:
        raise SystemExit("--tui needs tmux")
    db = tmp / "tui.db"
    shutil.copy(cached, db)
    conn = sqlite3.connect(db, isolation_level=None)
    first_ids = {str(i) for (i,) in conn.execute(
        "SELECT w.id FROM work_item w JOIN board_column c ON c.id = w.column_id "
        "WHERE c.position = 0 AND w.deleted_at IS NULL")}
    headers = [name for (name,) in conn.execute(
        "SELECT name FROM board_column ORDER BY position LIMIT 2")]

    def board_shown(screen: str) -> bool:
        if not all(h in screen for h in headers):
            return False
        import re

        return len({m for m in re.findall(r"#(\d+)", screen) if m in first_ids}) >= 3

    def last_change() -> int:
        return int(conn.execute("SELECT coalesce(max(id), 0) FROM activity").fetchone()[0])

    switch, to_db, to_screen, saved, rss, cpu = [], [], [], [], [], []
    for run in range(-1, runs):  # run -1 warms up and is not counted
        session = bt.Session(fcc, db, tmp)
        try:
            session.launch()
            session.settle("the first screen")
            t0 = time.perf_counter()
            session.send("1")
            session.wait(board_shown, "the Boards pane's first cards", every=0.005)
            shown = (time.perf_counter() - t0) * 1000
            session.settle("the Boards pane")
            before = last_change()
            t0 = time.perf_counter()
            session.send("L")
            while last_change() == before:
                if time.perf_counter() - t0 > bt.PATIENCE:
                    raise SystemExit("L moved nothing in the database (is a card focused?)")
                time.sleep(0.002)
            in_db = (time.perf_counter() - t0) * 1000
            screen = session.settle("the moved card")
            t0 = time.perf_counter()
            session.send("H")  # back, timed on the screen this time
            session.wait(lambda s, old=screen: s != old, "the card moving back", every=0.005)
            on_screen = (time.perf_counter() - t0) * 1000
            session.settle("the card moved back")
            time.sleep(1)
            pid = session.pid()
            memory = bt.rss_mb(pid)
            idle = bt.idle_cpu_percent(pid, idle_seconds) if run == runs - 1 else None
            session.quit()  # saves Boards as the last pane
        finally:
            session.close()
        session = bt.Session(fcc, db, tmp)
        try:
            t0 = time.perf_counter()
            session.launch()
            session.wait(board_shown, "the saved Boards pane", every=0.005)
            reopened = (time.perf_counter() - t0) * 1000
            session.quit()
        finally:
            session.close()
        conn.execute("UPDATE session_state SET last_pane = 'timers'")  # next run from Timers
        if run >= 0:
            switch.append(shown)
            to_db.append(in_db)
            to_screen.append(on_screen)
            saved.append(reopened)
            rss.append(memory)
            if idle is not None:
                cpu.append(idle)
        print(f"tui run {run + 1 if run >= 0 else '-'}: switch {shown:.0f} ms, L→DB "
              f"{in_db:.1f} ms, H→screen {on_screen:.0f} ms, saved Boards first cards "
              f"{reopened:.0f} ms, RSS {memory:.1f} MB" + (" (warm-up)" if run < 0 else ""))
    conn.close()
    return [("Timers → Boards, first cards on screen (1)", switch, "≤ 300 ms"),
            ("L → card moved in the database", to_db, "≤ 50 ms"),
            ("H → card moved on the screen", to_screen, "≤ 100 ms"),
            ("launch with Boards saved → first cards", saved, "≤ 700 ms"),
            ("RSS on Boards (MB)", rss, "≤ 150 MB"),
            (f"idle CPU on Boards, {idle_seconds:.0f} s (% of a core)", cpu, "< 2 %")]


def print_table(results: list[Result]) -> None:
    print()
    print(f"| {'measure':<44} | {'median':>9} | {'min':>8} | {'max':>8} | {'n':>3} | "
          f"{'target':<9} |")
    print(f"|{'-' * 46}|{'-' * 11}|{'-' * 10}|{'-' * 10}|{'-' * 5}|{'-' * 11}|")
    for label, values, target in results:
        if not values:
            continue
        med = statistics.median(values)
        print(f"| {label:<44} | {med:>9.1f} | {min(values):>8.1f} | {max(values):>8.1f} | "
              f"{len(values):>3} | {target:<9} |")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--import-runs", type=int, default=2)
    parser.add_argument("--fcc", help="the fcc executable (default: on PATH or next to this "
                        "Python); time a regular, non-editable install")
    parser.add_argument("--tui", action="store_true", help="also the Boards pane, in tmux")
    parser.add_argument("--tui-runs", type=int, default=3)
    parser.add_argument("--idle-seconds", type=float, default=10.0)
    args = parser.parse_args()
    DATA.mkdir(exist_ok=True)
    t0 = time.perf_counter()
    cached = build_boards_db(DATA / "boards-5k-100k.db")
    export = build_task_export(DATA / "task-export-5k.json")
    print(f"data: {cached} ({cached.stat().st_size / 1e6:.1f} MB) and {export} "
          f"({export.stat().st_size / 1e6:.1f} MB), ready in {time.perf_counter() - t0:.1f} s")
    fcc = exe("fcc", args.fcc)
    if fcc is None:
        raise SystemExit("no fcc executable: pip install . (or pass --fcc)")
    print(f"fcc: {fcc}")
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="fcc-bench-boards-") as folder:
        tmp = Path(folder)
        db = tmp / "boards.db"
        shutil.copy(cached, db)
        results += store_figures(db, args.runs)
        results += cli_figures(fcc, db, args.runs)
        results += import_figures(fcc, export, tmp, args.import_runs)
        if args.tui:
            results += tui_figures(fcc, cached, tmp, args.tui_runs, args.idle_seconds)
    print_table(results)


if __name__ == "__main__":
    main()
