"""The Boards pane at scale, in a real terminal: 5,000 cards on ONE board (three lanes) plus the
100,000 time entries of :func:`data.build_time_db` (5,000 more of them on cards).

    python -m tests.benchmarks.bench_boards_tui [--runs 5] [--idle-seconds 10] [--fcc PATH]

Each run opens `fcc` in a fresh tmux session (120x40; see bench_tui.Session) and measures:

* first frame with Boards as the saved pane: launch → the status strip (the first frame), and
  launch → the first card of the board on screen (the saved session is written before each
  run);
* switch: from Timers, ``1`` → the first card on screen (the board read ahead after the first
  frame: switching draws what is held, and reads again only if the store changed);
* switch, first read: the same with the read ahead not done yet (``1`` sent at once after the
  status strip: the board's one read of 5,000 cards and their derived fields);
* move → DB: ``L`` on the first card until a separate sqlite3 connection sees its column
  change; move → screen: until the card shows in the next column's header count;
* RSS and idle CPU with the Boards pane shown.

The data is built once and cached in tests/benchmarks/data/ (gitignored); the app runs on a
copy, so the cache never changes.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sqlite3
import statistics
import tempfile
import time
import uuid
from pathlib import Path

from tests.benchmarks.bench_tui import (
    DATA,
    PATIENCE,
    STRIP_IDLE,
    Session,
    exe,
    idle_cpu_percent,
    row,
    rss_mb,
)
from tests.benchmarks.data import NOW, build_time_db

CARDS = 5_000
FIRST = re.compile(r"#\d+ Card \d+")  # a card's first line on the board
COLUMN_SQL = "SELECT column_id FROM work_item WHERE id = ?"


def build_board_db(path: Path) -> Path:
    """A copy of the cached 100,000-entry database with one board "Big" (default columns,
    lanes Expedite, Standard, Later) holding CARDS cards, and 5,000 entries on cards."""
    if path.exists():
        return path
    from fcc.store import tables as t
    from fcc.store.api import Store
    from fcc.store.clock import FrozenClock
    from fcc.store.target import resolve_target

    source = build_time_db(path.parent / "time-100k.db")
    building = path.with_name(path.name + ".building")
    shutil.copy(source, building)
    clock = FrozenClock(NOW)
    store = Store.open(resolve_target(str(building), environ={}), clock)
    rng = random.Random(CARDS)
    now = clock.now()
    try:
        store.stop_timer()
        store.create_board("Big")
        for lane in ("Expedite", "Standard", "Later"):
            store.add_lane("Big", lane)
        board = store.board("Big")
        columns = [c.id for c in board.columns]
        lanes: list[int | None] = [lane.id for lane in board.lanes] + [None]
        projects = [p for (p,) in t.Project.select(t.Project.id).tuples()]
        positions: dict[tuple[int, int | None], int] = {}
        rows = []
        for i in range(CARDS):
            column, lane = rng.choice(columns), rng.choice(lanes)
            positions[column, lane] = positions.get((column, lane), 0) + 1
            rows.append(dict(uuid=uuid.UUID(int=rng.getrandbits(128)), board=board.id,
                             project=rng.choice(projects), type=rng.choice(("story", "task",
                                                                            "bug")),
                             title=f"Card {i}", priority=rng.randint(0, 4),
                             estimate_minutes=rng.choice((None, 60, 120)), column=column,
                             lane=lane, position=positions[column, lane], created_at=now,
                             updated_at=now))
        with store.db.atomic():
            for i in range(0, len(rows), 40):
                t.WorkItem.insert_many(rows[i:i + 40]).execute()
            ids = [i for (i,) in t.WorkItem.select(t.WorkItem.id).tuples()]
            start0 = int(now.timestamp()) - 86400 * 300
            entries = [dict(uuid=uuid.UUID(int=rng.getrandbits(128)), project=projects[0],
                            work_item=rng.choice(ids), start_utc=start0 + k * 3000,
                            end_utc=start0 + k * 3000 + 1800, zone="Europe/Berlin",
                            note="on a card", tags="[]", billable=True, created_at=start0)
                       for k in range(5_000)]
            for i in range(0, len(entries), 40):
                t.TimeEntry.insert_many(entries[i:i + 40]).execute()
    finally:
        store.close()
    building.replace(path)
    for leftover in path.parent.glob(building.name + "*"):
        leftover.unlink()
    return path


def save_pane(db: Path, pane: str) -> None:
    """The session the app opens with: ``pane`` shown last time."""
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("DELETE FROM session_state WHERE name = 'default'")
        conn.execute("INSERT INTO session_state (uuid, name, last_pane, selection, filters, "
                     "updated_at) VALUES (?, 'default', ?, ?, ?, ?)",
                     (uuid.uuid4().hex, pane, json.dumps({}), json.dumps({}),
                      int(time.time())))
    conn.close()


def timed(session: Session, send: str, ok: re.Pattern[str]) -> float:
    t0 = time.perf_counter()
    session.send(send)
    session.wait(lambda s: bool(ok.search(s)), f"the board after {send}", every=0.005)
    return (time.perf_counter() - t0) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--idle-seconds", type=float, default=10.0)
    parser.add_argument("--fcc")
    args = parser.parse_args()
    DATA.mkdir(exist_ok=True)
    cached = build_board_db(DATA / "board-5k.db")
    fcc = exe("fcc", args.fcc)
    if fcc is None:
        raise SystemExit("no fcc executable: pip install . (or pass --fcc)")
    results: dict[str, list[float]] = {k: [] for k in (
        "frame", "first", "switch", "switch_cold", "move_db", "move_screen", "rss", "cpu")}
    with tempfile.TemporaryDirectory(prefix="fcc-bench-boards-") as tmp:
        db = Path(tmp) / "board.db"
        shutil.copy(cached, db)
        conn = sqlite3.connect(db, isolation_level=None)
        for run in range(-1, args.runs):
            got: dict[str, float] = {}
            save_pane(db, "timers")  # cold switch: 1 at once after the first frame
            session = Session(fcc, db, Path(tmp))
            try:
                session.launch()
                got["switch_cold"] = timed(session, "1", FIRST)
                session.quit()
            finally:
                session.close()
            save_pane(db, "timers")  # warm switch: the board read ahead
            session = Session(fcc, db, Path(tmp))
            try:
                session.launch()
                session.settle("the timers pane")
                time.sleep(1.5)
                got["switch"] = timed(session, "1", FIRST)
                session.quit()
            finally:
                session.close()
            save_pane(db, "boards")
            session = Session(fcc, db, Path(tmp))
            try:
                t0 = time.perf_counter()
                got["frame"] = session.launch()
                session.wait(lambda s: bool(FIRST.search(s)), "the first cards", every=0.01)
                got["first"] = (time.perf_counter() - t0) * 1000
                screen = session.settle("the board")
                card = int(FIRST.search(screen).group(0).split()[0][1:])  # type: ignore[union-attr]
                before = conn.execute(COLUMN_SQL, (card,)).fetchone()[0]
                t0 = time.perf_counter()
                session.send("L")
                while conn.execute(COLUMN_SQL, (card,)).fetchone()[0] == before:
                    if time.perf_counter() - t0 > PATIENCE:
                        raise SystemExit("the move never reached the database")
                    time.sleep(0.002)
                got["move_db"] = (time.perf_counter() - t0) * 1000
                session.wait(lambda s, old=screen: s != old, "the moved card", every=0.005)
                got["move_screen"] = (time.perf_counter() - t0) * 1000
                session.send("H")
                session.settle("the board")
                time.sleep(1)
                pid = session.pid()
                got["rss"] = rss_mb(pid)
                got["cpu"] = idle_cpu_percent(pid, args.idle_seconds) if run >= 0 else 0.0
                session.quit()
            finally:
                session.close()
            print(f"run {run + 1 if run >= 0 else '-'}: " + ", ".join(
                f"{k} {v:.0f}" for k, v in got.items()) + (" (warm-up)" if run < 0 else ""))
            if run >= 0:
                for key, value in got.items():
                    results[key].append(value)
        conn.close()
    assert STRIP_IDLE  # the app opens with no timer running (the data's one was stopped)
    print()
    print(f"| {'measure':<50} | {'median':>11} | {'min':>8} | {'max':>8} | {'n':>3} | "
          f"{'target':<16} |")
    print(f"|{'-' * 52}|{'-' * 13}|{'-' * 10}|{'-' * 10}|{'-' * 5}|{'-' * 18}|")
    med = {k: statistics.median(v) for k, v in results.items()}
    print(row("first frame, Boards saved (launch → status strip)", results["frame"], "ms",
              "≤ 700 ms", med["frame"] <= 700))
    print(row("Boards saved: launch → first cards", results["first"], "ms", "", None))
    print(row("Timers → Boards (1 → first cards, read ahead)", results["switch"], "ms",
              "≤ 300 ms", med["switch"] <= 300))
    print(row("Timers → Boards at once (1 → first cards, 1st read)", results["switch_cold"],
              "ms", "", None))
    print(row("L → card moved in the DB", results["move_db"], "ms", "≤ 50 ms",
              med["move_db"] <= 50))
    print(row("L → card moved on screen", results["move_screen"], "ms", "≤ 100 ms",
              med["move_screen"] <= 100))
    print(row("RSS, Boards shown", results["rss"], "MB", "≤ 150 MB", max(results["rss"]) <= 150))
    print(row(f"idle CPU, Boards shown, {args.idle_seconds:.0f} s", results["cpu"], "%", "< 2 %",
              med["cpu"] < 2))


if __name__ == "__main__":
    main()
