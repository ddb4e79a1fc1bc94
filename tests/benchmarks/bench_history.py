"""The activity history at scale: the time benchmark's database (100,000 entries) with an
activity log as a year of use writes it — each entry added (a row and its batch marker), every
tenth amended, 2,000 card changes, 200 client changes: 222,400 activity rows.

    python -m tests.benchmarks.bench_history [--runs 10] [--fcc PATH]

Store (in this process): ``activity_history()`` — the History pane's first page (200 changes)
and ``fcc activity``'s (50); filtered by kind (entries; cards; invoices, of which there are
none: the worst case for the kind index), by one entry's number, by ``since`` (last week), a
page deep in the log (``before``), and ``undoable_batch()`` (undo's own query).

Command line (a fresh process each run): ``fcc activity``, ``fcc activity --entity entry --id
N``, ``fcc activity --format json --limit 200``.

Figures are printed; no timed asserts. The log is added to a copy of the cached time database.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import tempfile
import uuid
from pathlib import Path

from tests.benchmarks.bench_boards import DATA, Result, ms_of, print_table
from tests.benchmarks.bench_time import environ, exe, timed
from tests.benchmarks.data import NOW, build_time_db

CARDS = 2_000
CLIENTS = 200


def add_activity(db: Path) -> int:
    """The log of the entries already in ``db`` (as fcc add / amend write it), card and client
    changes between them; the number of rows."""
    conn = sqlite3.connect(db, isolation_level=None)
    entries = conn.execute(
        "SELECT e.id, e.start_utc, e.end_utc, e.note, e.rate, p.name FROM time_entry e "
        "JOIN project p ON p.id = e.project_id WHERE e.end_utc IS NOT NULL ORDER BY e.id"
    ).fetchall()
    rows: list[tuple[object, ...]] = []

    def change(at: int, action: str, items: list[tuple[str, str, str, object, object]],
               message: str) -> None:
        batch = uuid.uuid4().hex
        for entity, entity_id, verb, before, after in items:
            rows.append((uuid.uuid4().hex, "me", entity, entity_id, verb, batch,
                         None if before is None else json.dumps(before),
                         None if after is None else json.dumps(after), at))
        rows.append((uuid.uuid4().hex, "me", "batch", batch, action, batch, None,
                     json.dumps({"message": message}), at))

    every_card = max(1, len(entries) // CARDS)
    every_client = max(1, len(entries) // CLIENTS)
    for i, (eid, start, end, note, rate, project) in enumerate(entries):
        values = {"id": eid, "no": eid, "project": project, "note": note, "rate": str(rate),
                  "currency": "EUR", "billable": True, "zone": "Europe/Berlin",
                  "start": iso(start), "end": iso(end)}
        change(end, "add", [("time_entry", str(eid), "add", None, values)],
               f"added on {project}, entry {eid}")
        if i % 10 == 0:
            change(end + 60, "amend", [("time_entry", str(eid), "amend", values,
                                        {**values, "note": f"{note}, amended"})],
                   f"amended entry {eid}: note")
        if i % every_card == 0:
            card = i // every_card + 1
            change(end + 90, "edit", [("work_item", str(card), "update",
                                       {"id": card, "title": f"card {card}", "priority": 2},
                                       {"id": card, "title": f"card {card}", "priority": 1})],
                   f"edit #{card}: priority")
        if i % every_client == 0:
            change(end + 120, "client set", [("client", "1", "update",
                                              {"id": 1, "hourly_rate": "90.00"},
                                              {"id": 1, "hourly_rate": "95.00"})],
                   "change client Client 0: hourly rate 95.00")
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO activity (uuid, actor, entity, entity_id, action, batch, "
                     "before, after, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.close()
    return len(rows)


def iso(epoch: int) -> str:
    import datetime as dt

    return dt.datetime.fromtimestamp(epoch, dt.UTC).isoformat()


def store_figures(db: Path, runs: int) -> list[Result]:
    import datetime as dt

    from fcc.store.api import Store
    from fcc.store.clock import FrozenClock
    from fcc.store.target import resolve_target

    clock = FrozenClock(NOW)
    store = Store.open(resolve_target(str(db), environ={}), clock)
    try:
        first = store.activity_history()  # warm the page cache
        middle = store.activity_history(limit=1, before=first[0].id // 2)[0].id
        week = clock.now() - dt.timedelta(days=7)
        number = first[-1].entity_id if first[-1].entity == "time_entry" else "50000"
        cases = [
            ("activity_history(): first page (200)", lambda: store.activity_history(), ""),
            ("  limit=50 (fcc activity)", lambda: store.activity_history(limit=50), ""),
            ("  entity=entry", lambda: store.activity_history(entity="entry"), ""),
            ("  entity=card", lambda: store.activity_history(entity="card"), ""),
            ("  entity=invoice (none)", lambda: store.activity_history(entity="invoice"), ""),
            ("  entity=entry, one entry's number",
             lambda: store.activity_history(entity="entry", entity_id=number), ""),
            ("  since a week ago", lambda: store.activity_history(since=week), ""),
            ("  a page in the middle (before=)",
             lambda: store.activity_history(before=middle), ""),
            ("undoable_batch() (undo's query)", store.undoable_batch, ""),
        ]
        return [(label, [ms_of(fn) for _ in range(runs)], target)
                for label, fn, target in cases]
    finally:
        store.close()


def cli_figures(fcc: str, db: Path, runs: int) -> list[Result]:
    env = environ()
    base = [fcc, "--db", str(db)]
    timed([*base, "db", "status"], env)  # warm up
    result: list[Result] = []
    for label, argv in (("fcc activity", [*base, "activity"]),
                        ("fcc activity --entity entry --id 50000",
                         [*base, "activity", "--entity", "entry", "--id", "50000"]),
                        ("fcc activity --format json --limit 200",
                         [*base, "activity", "--format", "json", "--limit", "200"])):
        result.append((label, [timed(argv, env)[0] for _ in range(runs)], ""))
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--fcc", help="the fcc executable (default: on PATH or next to this "
                        "Python)")
    args = parser.parse_args()
    DATA.mkdir(exist_ok=True)
    cached = build_time_db(DATA / "time-100k.db")
    fcc = exe("fcc", args.fcc)
    if fcc is None:
        raise SystemExit("no fcc executable: pip install . (or pass --fcc)")
    with tempfile.TemporaryDirectory(prefix="fcc-bench-history-") as folder:
        db = Path(folder) / "history.db"
        shutil.copy(cached, db)
        count = add_activity(db)
        print(f"data: {db} ({db.stat().st_size / 1e6:.1f} MB), {count:,} activity rows")
        results = store_figures(db, args.runs) + cli_figures(fcc, db, args.runs)
    print_table(results)


if __name__ == "__main__":
    main()
