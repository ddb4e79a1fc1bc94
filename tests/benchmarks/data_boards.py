"""The boards benchmark's data (not run by pytest): 5,000 cards on one board with lanes,
epics with children, tags, dependencies, comments and a sprint, and 100,000 time entries over
three years, most of them on those cards; and a 5,000-task `task export` for the import."""

from __future__ import annotations

import datetime as dt
import json
import random
import uuid
from pathlib import Path
from typing import Any

from fcc.store import tables as t
from fcc.store.api import Store
from fcc.store.clock import FrozenClock
from fcc.store.target import resolve_target
from tests.benchmarks.data import NOW

BOARD = "Big board"
COLUMNS = (("Backlog", None, False), ("To do", None, False), ("Doing", 600, False),
           ("Review", 300, False), ("Done", None, True))  # (about 400 and 200 cards)
LANES = ("Expedite", "Clients", "Internal")
TAGS = ("frontend", "backend", "ops", "docs", "urgent", "client", "design", "bug")
VERBS = ("Fix", "Add", "Refactor", "Document", "Test", "Review", "Design", "Migrate", "Speed up")
THINGS = ("checkout", "login form", "invoice export", "search", "product page", "newsletter",
          "API client", "sitemap", "image pipeline", "admin dashboard", "cart", "onboarding")


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _insert(model: type[t.BaseTable], rows: list[dict[str, Any]], chunk: int = 500) -> None:
    for i in range(0, len(rows), chunk):
        model.insert_many(rows[i:i + chunk]).execute()


def build_boards_db(path: Path, cards: int = 5_000, entries: int = 100_000,
                    years: int = 3) -> Path:
    """Rebuilt only when missing (built under another name, then renamed)."""
    if path.exists():
        return path
    building = path.with_name(path.name + ".building")
    for stale in path.parent.glob(building.name + "*"):
        stale.unlink()
    rng = random.Random(13_5000)
    clock = FrozenClock(NOW)
    now = clock.now()
    store = Store.open(resolve_target(str(building), environ={}), clock)
    try:
        with store.db.atomic():
            clients = [t.Client.create(uuid=_uuid(rng), name=f"Client {i}",
                                       hourly_rate=90 + 10 * i, created_at=now, updated_at=now)
                       for i in range(5)]
            projects = [t.Project.create(uuid=_uuid(rng), client=clients[i % 5],
                                         name=f"Project {i}", created_at=now,
                                         updated_at=now).id for i in range(20)]
            board = t.Board.create(uuid=_uuid(rng), name=BOARD, created_at=now)
            columns = [t.BoardColumn.create(uuid=_uuid(rng), board=board, name=name,
                                            position=i, wip_limit=wip, is_done=done).id
                       for i, (name, wip, done) in enumerate(COLUMNS)]
            lanes = [t.SwimLane.create(uuid=_uuid(rng), board=board, name=name, position=i).id
                     for i, name in enumerate(LANES)]
            sprint = t.Sprint.create(uuid=_uuid(rng), board=board, name="Sprint 48",
                                     goal="Ship the big board", status="active",
                                     start_date=now.date() - dt.timedelta(days=7),
                                     end_date=now.date() + dt.timedelta(days=6)).id
            ids = _cards(rng, board.id, columns, lanes, projects, sprint, cards, now)
            _deps_and_comments(rng, ids, now)
            _entries(rng, ids, projects, entries, years, now)
    finally:
        store.close()
    building.replace(path)
    for leftover in path.parent.glob(building.name + "*"):  # the writer lock's file
        leftover.unlink()
    return path


def _cards(rng: random.Random, board: int, columns: list[int], lanes: list[int],
           projects: list[int], sprint: int, n: int, now: dt.datetime
           ) -> list[tuple[int, int]]:
    """(card id, project id) of every card; every 50th card is an epic, its next 10 its
    children."""
    positions: dict[tuple[int, int | None], int] = {}
    rows, parents = [], {}
    epic = None
    for i in range(n):
        kind = "epic" if i % 50 == 0 else rng.choice(("story", "task", "task", "bug"))
        if kind == "epic":
            epic = i
        column = rng.choices(columns, (30, 20, 8, 4, 38))[0]
        lane = rng.choice([*lanes, None])
        positions[(column, lane)] = positions.get((column, lane), -1) + 1
        rows.append({
            "uuid": _uuid(rng), "board": board, "project": projects[i // 250],
            "type": kind, "title": f"{rng.choice(VERBS)} {rng.choice(THINGS)} ({i})",
            "priority": rng.randint(0, 4),
            "estimate_minutes": rng.choice((None, 30, 60, 120, 240, 480)),
            "due_date": now.date() + dt.timedelta(days=rng.randint(-20, 90))
            if rng.random() < 0.3 else None,
            "tags": json.dumps(rng.sample(TAGS, rng.randint(0, 3))),
            "column": column, "lane": lane, "position": positions[(column, lane)],
            "sprint": sprint if rng.random() < 0.06 else None,
            "done_at": now - dt.timedelta(days=rng.randint(1, 900)) if column == columns[-1]
            else None, "created_at": now - dt.timedelta(days=1000), "updated_at": now,
        })
        if kind != "epic" and epic is not None and i - epic <= 10:
            parents[i] = epic
    _insert(t.WorkItem, rows)
    by_uuid = dict(t.WorkItem.select(t.WorkItem.uuid, t.WorkItem.id).tuples())
    ids = [(by_uuid[r["uuid"]], r["project"]) for r in rows]
    for child, parent in parents.items():
        (t.WorkItem.update(parent=ids[parent][0], project=ids[parent][1])
         .where(t.WorkItem.id == ids[child][0]).execute())
        ids[child] = (ids[child][0], ids[parent][1])
    return ids


def _deps_and_comments(rng: random.Random, ids: list[tuple[int, int]], now: dt.datetime) -> None:
    pairs = set()
    while len(pairs) < 500:  # blocker before blocked: no cycles
        a, b = sorted(rng.sample(range(len(ids)), 2))
        pairs.add((ids[a][0], ids[b][0]))
    _insert(t.Dependency, [{"uuid": _uuid(rng), "blocker": a, "blocked": b, "created_at": now}
                           for a, b in sorted(pairs)])
    _insert(t.Comment, [{"uuid": _uuid(rng), "work_item": rng.choice(ids)[0],
                         "author": "me", "body": f"Comment {i}: looked at it again.",
                         "created_at": now - dt.timedelta(days=rng.randint(1, 500))}
                        for i in range(1_000)])


def _entries(rng: random.Random, ids: list[tuple[int, int]], projects: list[int], n: int,
             years: int, now: dt.datetime) -> None:
    """``n`` stopped entries, back to back over ``years``; 70 % on a card."""
    span = years * 365 * 86400
    start0 = int(now.timestamp()) - span - 3600
    step = span // n
    rows = []
    for i in range(n):
        start = start0 + i * step + rng.randrange(0, max(1, step // 4))
        end = start + rng.randrange(300, max(301, step // 2))
        card, project = rng.choice(ids) if rng.random() < 0.7 else (None, rng.choice(projects))
        rows.append({"uuid": _uuid(rng), "project": project, "work_item": card,
                     "start_utc": start, "end_utc": end, "zone": "Europe/Berlin",
                     "note": f"work {i}", "tags": '["dev"]', "billable": True, "rate": 100,
                     "currency": "EUR", "created_at": end})
    _insert(t.TimeEntry, rows, 2_000)


def build_task_export(path: Path, tasks: int = 5_000) -> Path:
    """A `task export` of ``tasks`` tasks in Taskwarrior's format: projects Client N.Project
    M, tags, priorities, due dates, 30 % completed, one in five annotated, one in ten
    depending on an earlier one. Rebuilt only when missing."""
    if path.exists():
        return path
    rng = random.Random(5_000_13)
    out = []
    uuids = [str(_uuid(rng)) for _ in range(tasks)]
    stamp = "%Y%m%dT%H%M%SZ"
    base = dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC)
    for i, task_uuid in enumerate(uuids):
        entry = base + dt.timedelta(hours=i)
        task: dict[str, Any] = {
            "id": i + 1, "description": f"{rng.choice(VERBS)} {rng.choice(THINGS)} ({i})",
            "entry": entry.strftime(stamp), "modified": entry.strftime(stamp),
            "status": "pending", "uuid": task_uuid, "urgency": round(rng.uniform(-2, 15), 3),
            "project": f"Client {i % 5}.Project {i % 20}",
        }
        if rng.random() < 0.6:
            task["tags"] = rng.sample(TAGS, rng.randint(1, 3))
        if rng.random() < 0.5:
            task["priority"] = rng.choice("HML")
        if rng.random() < 0.3:
            task["due"] = (entry + dt.timedelta(days=rng.randint(1, 60))).strftime(stamp)
        if rng.random() < 0.3:
            task.update(status="completed", id=0,
                        end=(entry + dt.timedelta(days=2)).strftime(stamp))
        if rng.random() < 0.2:
            task["annotations"] = [{"entry": (entry + dt.timedelta(minutes=5 * k)).strftime(stamp),
                                    "description": f"note {k} on task {i}"}
                                   for k in range(rng.randint(1, 3))]
        if i and rng.random() < 0.1:
            task["depends"] = [uuids[rng.randrange(i)]]
        out.append(task)
    path.write_text("[\n" + ",\n".join(json.dumps(task) for task in out) + "\n]\n")
    return path
