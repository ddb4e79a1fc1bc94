"""Generate large, realistic databases for the benchmarks (not run by pytest)."""

from __future__ import annotations

import datetime as dt
import json
import random
import uuid
from pathlib import Path

from fcc.store import tables as t
from fcc.store.api import Store
from fcc.store.clock import FrozenClock
from fcc.store.target import resolve_target

NOW = "2026-11-23T10:30:00+00:00"


def build_time_db(path: Path, entries: int = 100_000, projects: int = 20, years: int = 3,
                  now: str | dt.datetime = NOW) -> Path:
    """``entries`` stopped time entries over ``years`` on ``projects`` projects up to ``now``,
    plus one running timer. Rebuilt only when missing."""
    if path.exists():
        return path
    rng = random.Random(100_000)
    clock = FrozenClock(now)
    store = Store.open(resolve_target(str(path), environ={}), clock)
    now = clock.now()
    with store.db.atomic():
        clients = [t.Client.create(uuid=uuid.UUID(int=rng.getrandbits(128)), name=f"Client {i}",
                                   hourly_rate=90 + 10 * i, created_at=now, updated_at=now)
                   for i in range(5)]
        project_ids = [t.Project.create(uuid=uuid.UUID(int=rng.getrandbits(128)),
                                        client=clients[i % 5], name=f"Project {i}",
                                        created_at=now, updated_at=now).id
                       for i in range(projects)]
    span = years * 365 * 86400
    start0 = int(now.timestamp()) - span
    step = span // entries
    rows = []
    for i in range(entries):
        start = start0 + i * step + rng.randrange(0, max(1, step // 4))
        end = start + rng.randrange(300, max(301, step // 2))
        rows.append({
            "uuid": uuid.UUID(int=rng.getrandbits(128)), "project": rng.choice(project_ids),
            "start_utc": start, "end_utc": end, "zone": "Europe/Berlin",
            "note": f"work item {i}", "tags": json.dumps(["dev"] if i % 3 else ["meeting"]),
            "billable": i % 7 != 0, "rate": 100, "currency": "EUR", "created_at": end,
        })
    with store.db.atomic():
        for i in range(0, len(rows), 5000):
            t.TimeEntry.insert_many(rows[i:i + 5000]).execute()
        t.TimeEntry.create(project=project_ids[0], start_utc=now - dt.timedelta(minutes=42),
                           zone="Europe/Berlin", note="running", created_at=now)
    store.close()
    return path


def build_watson_frames(db: Path, folder: Path) -> Path:
    """The stopped entries of ``db`` as a Watson ``frames`` file in ``folder`` (project names
    without their clients, the entry uuid as the frame id). Rebuilt when older than ``db``."""
    frames = folder / "frames"
    if frames.exists() and frames.stat().st_mtime >= db.stat().st_mtime:
        return frames
    import sqlite3

    folder.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT e.start_utc, e.end_utc, p.name, e.uuid, e.tags FROM time_entry e "
            "JOIN project p ON p.id = e.project_id WHERE e.end_utc IS NOT NULL "
            "AND e.voided_at IS NULL AND e.superseded_by_id IS NULL ORDER BY e.start_utc",
        ).fetchall()
    out = [[start, end, name, str(uid).replace("-", ""), json.loads(tags), end]
           for start, end, name, uid, tags in rows]
    tmp = frames.with_suffix(".tmp")
    tmp.write_text(json.dumps(out))
    tmp.replace(frames)
    return frames


def build_timew_data(db: Path, folder: Path) -> Path:
    """The stopped entries of ``db`` as a Timewarrior database in ``folder`` (``data/YYYY-MM.data``
    files of ``inc START - END # "project"`` lines, an empty ``timewarrior.cfg``): what
    ``TIMEWARRIORDB`` names. Rebuilt when older than ``db``."""
    stamp = folder / "timewarrior.cfg"
    if stamp.exists() and stamp.stat().st_mtime >= db.stat().st_mtime:
        return folder
    import shutil
    import sqlite3

    shutil.rmtree(folder, ignore_errors=True)
    (folder / "data").mkdir(parents=True)
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT e.start_utc, e.end_utc, p.name FROM time_entry e "
            "JOIN project p ON p.id = e.project_id WHERE e.end_utc IS NOT NULL "
            "AND e.voided_at IS NULL AND e.superseded_by_id IS NULL ORDER BY e.start_utc"
        ).fetchall()
    conn.close()
    months: dict[str, list[str]] = {}
    for start, end, name in rows:
        begin = dt.datetime.fromtimestamp(start, dt.UTC)
        stop = dt.datetime.fromtimestamp(end, dt.UTC)
        months.setdefault(f"{begin:%Y-%m}", []).append(
            f'inc {begin:%Y%m%dT%H%M%SZ} - {stop:%Y%m%dT%H%M%SZ} # "{name}"\n')
    for month, lines in months.items():
        (folder / "data" / f"{month}.data").write_text("".join(lines))
    stamp.write_text("")
    return folder
