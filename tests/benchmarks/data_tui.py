"""The TUI benchmark's database: the 100,000 time entries of :func:`data.build_time_db` plus
5,000 cards on 10 boards (not run by pytest)."""

from __future__ import annotations

import random
import shutil
import uuid
from pathlib import Path

from fcc.store import tables as t
from fcc.store.api import Store
from fcc.store.clock import FrozenClock
from fcc.store.target import resolve_target
from tests.benchmarks.data import NOW, build_time_db

COLUMNS = (("Backlog", None, False), ("Doing", 5, False), ("Review", 3, False),
           ("Done", None, True))
VERBS = ("Fix", "Add", "Refactor", "Document", "Test", "Review", "Design", "Migrate", "Speed up")
THINGS = ("checkout", "login form", "invoice export", "search", "product page", "newsletter",
          "API client", "sitemap", "image pipeline", "admin dashboard", "cart", "onboarding")


def build_tui_db(path: Path, entries: int = 100_000, cards: int = 5_000, boards: int = 10) -> Path:
    """A copy of the cached ``entries``-entry database (its running timer stopped, so the app
    opens with none running) with ``cards`` open cards spread over ``boards`` boards and the 20
    projects. Rebuilt only when missing."""
    if path.exists():
        return path
    source = build_time_db(path.parent / f"time-{entries // 1000}k.db", entries=entries)
    building = path.with_name(path.name + ".building")
    for stale in path.parent.glob(building.name + "*"):
        stale.unlink()
    shutil.copy(source, building)
    rng = random.Random(5_000)
    clock = FrozenClock(NOW)
    store = Store.open(resolve_target(str(building), environ={}), clock)
    now = clock.now()
    try:
        store.stop_timer()  # at NOW: the data's one running timer, 42 minutes long
        project_ids = [pid for (pid,) in t.Project.select(t.Project.id).order_by(t.Project.id)
                       .tuples()]
        with store.db.atomic():
            board_ids: list[int] = []
            columns: list[list[int]] = []
            for b in range(boards):
                board = t.Board.create(uuid=uuid.UUID(int=rng.getrandbits(128)),
                                       name=f"Board {b}", project=project_ids[b % len(project_ids)],
                                       created_at=now)
                board_ids.append(board.id)
                columns.append([t.BoardColumn.create(
                    uuid=uuid.UUID(int=rng.getrandbits(128)), board=board, name=name,
                    position=i, wip_limit=wip, is_done=done).id
                    for i, (name, wip, done) in enumerate(COLUMNS)])
            positions: dict[int, int] = {}
            rows = []
            for i in range(cards):
                b = i % boards
                column = rng.choice(columns[b])
                positions[column] = positions.get(column, -1) + 1
                rows.append({
                    "uuid": uuid.UUID(int=rng.getrandbits(128)), "board": board_ids[b],
                    "project": project_ids[rng.randrange(len(project_ids))],
                    "type": rng.choice(("story", "task", "task", "bug")),
                    "title": f"{rng.choice(VERBS)} {rng.choice(THINGS)} ({i})",
                    "priority": rng.randint(0, 4),
                    "estimate_minutes": rng.choice((None, 30, 60, 120, 240)),
                    "column": column, "position": positions[column],
                    "created_at": now, "updated_at": now,
                })
            for i in range(0, len(rows), 40):  # under SQLite's bound-parameter limit
                t.WorkItem.insert_many(rows[i:i + 40]).execute()
    finally:
        store.close()
    building.replace(path)
    for leftover in path.parent.glob(building.name + "*"):  # the writer lock's file
        leftover.unlink()
    return path

