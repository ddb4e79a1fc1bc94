"""Many writers at once, and invariants under random sequences of changes."""

from __future__ import annotations

import datetime as dt
import multiprocessing as mp
import os

from fcc.store.api import Store
from tests.store import workers
from tests.store.helpers import q

PROCESSES, CYCLES = 4, 250


def assert_no_overlap(store: Store) -> None:
    spans = sorted((e.start, e.end or store.clock.now(), e.id) for e in store.entries()
                   if e.end != e.start)
    for (_, end, a), (start, _, b) in zip(spans, spans[1:], strict=False):
        assert start >= end, f"entries {a} and {b} overlap"


def test_four_processes_starting_and_stopping_at_once(target, clock):
    with Store.open(target, clock) as s:
        for i in range(PROCESSES):
            s.create_project({"name": f"P{i}"})
        s.set_setting("min_entry_seconds", "0")  # these timers run for milliseconds
    ctx = mp.get_context("spawn")
    barrier = ctx.Barrier(PROCESSES)
    results = ctx.Queue()
    procs = [ctx.Process(target=workers.start_stop,
                         args=(target, f"P{i}", CYCLES, barrier, results))
             for i in range(PROCESSES)]
    for p in procs:
        p.start()
    outcomes = [results.get(timeout=300) for _ in procs]
    for p in procs:
        p.join(30)
    assert all(ok for ok, _ in outcomes), outcomes  # no "database is locked", no error at all
    started = sum(counts[0] for _, counts in outcomes)
    assert started == PROCESSES * CYCLES
    # every start is an entry; none lost, none duplicated, none overlapping
    assert q(target, "SELECT count(*) FROM time_entry") == [(PROCESSES * CYCLES,)]
    assert q(target, "SELECT count(*) FROM time_entry WHERE end_utc IS NULL") in ([(0,)], [(1,)])
    with Store.open(target, clock) as s:
        assert len(s.running()) <= 1
        assert len(s.entries()) == PROCESSES * CYCLES
        assert_no_overlap(s)
    if target.backend == "sqlite":
        assert q(target, "PRAGMA integrity_check") == [("ok",)]


# --- random sequences keep the invariants -----------------------------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from fcc.store.clock import FrozenClock  # noqa: E402
from fcc.store.errors import FccError  # noqa: E402
from fcc.store.target import Target, resolve_target  # noqa: E402

OPS = st.lists(st.tuples(
    st.sampled_from(["start", "start", "stop", "advance", "advance", "add", "amend", "split",
                     "void", "undo", "parallel"]),
    st.integers(min_value=0, max_value=10_000)), min_size=1, max_size=25)


def _apply(store: Store, clock: FrozenClock, op: str, n: int) -> None:
    now = clock.now()
    projects = ["A", "B", "C"]
    entries = store.entries()
    pick = entries[n % len(entries)] if entries else None
    minute = dt.timedelta(minutes=1)
    if op == "start":
        store.start_timer(projects[n % 3], at=now - (n % 30) * minute if n % 4 == 0 else None)
    elif op == "parallel":
        store.start_timer(projects[n % 3], parallel=True)
    elif op == "stop":
        store.stop_timer()
    elif op == "advance":
        clock.advance(minutes=1 + n % 180)
    elif op == "add":
        start = now - (1 + n % 600) * minute
        store.add_entry(projects[n % 3], start, start + (1 + n % 90) * minute)
    elif op == "amend" and pick:
        store.amend_entry(pick.id, start=pick.start - (n % 20 - 10) * minute, note=f"n{n}")
    elif op == "split" and pick:
        end = pick.end or now
        store.split_entry(pick.id, pick.start + (end - pick.start) / 2)
    elif op == "void" and pick:
        store.void_entry(pick.id, f"reason {n}")
    elif op == "undo":
        store.undo()


def _check(store: Store, target: Target, ops: list[tuple[str, int]]) -> None:
    clock = store.clock
    assert isinstance(clock, FrozenClock)
    for name in ("A", "B", "C"):
        store.create_project({"name": name})
    created = 0
    for op, n in ops:
        markers = q(target, "SELECT count(*) FROM activity WHERE entity = 'batch'")[0][0]
        last_id = q(target, "SELECT COALESCE(MAX(id), 0) FROM activity")[0][0]
        before = store.entries(include_history=True)
        try:
            _apply(store, clock, op, n)
        except FccError:  # refused: nothing at all was written
            assert store.entries(include_history=True) == before
            assert q(target, "SELECT count(*) FROM activity WHERE entity = 'batch'")[0][0] \
                == markers
            continue
        after = q(target, "SELECT count(*) FROM activity WHERE entity = 'batch'")[0][0]
        if op != "advance" and store.entries(include_history=True) != before:
            created += 1
            # one batch per change (an undo also marks the batch it reverted), and one more
            # for each timer a start or stop discarded (it ran under min_entry_seconds)
            discards = q(target, "SELECT count(*) FROM activity WHERE entity = 'batch' "
                                 "AND action = 'discard' AND id > ?", (last_id,))[0][0]
            assert discards == 0 or op in ("start", "stop", "parallel"), op
            assert after == markers + (2 if op == "undo" else 1) + discards, \
                f"{op}: activity batches"
        # no overlap unless allowed
        # (zero-length entries hold no time, so they overlap nothing)
        spans = sorted((e.start, e.end or clock.now(), e.id) for e in store.entries()
                       if not _parallel(target, e.id) and e.end != e.start)
        for (_, end, a), (start, _, b) in zip(spans, spans[1:], strict=False):
            assert start >= end, f"after {op}: entries {a} and {b} overlap"
    # every version ever written stays readable
    for (entry_id,) in q(target, "SELECT id FROM time_entry"):
        assert entry_id in [v.id for v in store.history(entry_id)]
    # totals equal the sum of the entries
    if hasattr(store, "report"):
        now = clock.now()
        lo = now - dt.timedelta(days=30)
        report = store.report(lo, now + dt.timedelta(seconds=1))
        total = sum(line.seconds for line in report.lines)
        expected = sum(int((min(e.end or now, now) - max(e.start, lo)).total_seconds())
                       for e in store.entries(lo, now + dt.timedelta(seconds=1)))
        assert total == expected


def _parallel(target: Target, entry_id: int) -> bool:
    return bool(q(target, "SELECT parallel FROM time_entry WHERE id = ?", (entry_id,))[0][0])


@settings(max_examples=int(os.environ.get("FCC_EXAMPLES", "25")), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(ops=OPS)
def test_random_sequences_keep_the_invariants_sqlite(tmp_path, ops):
    import uuid

    target = resolve_target(str(tmp_path / f"{uuid.uuid4().hex}.db"), environ={})
    with Store.open(target, FrozenClock("2026-11-23T10:30:00+00:00")) as store:
        _check(store, target, ops)


@settings(max_examples=int(os.environ.get("FCC_EXAMPLES", "8")) // 3 + 1, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(ops=OPS)
def test_random_sequences_keep_the_invariants_postgres(ops):
    import uuid

    from tests.conftest import drop_schema, pg_url

    target = resolve_target(pg_url(), f"h{uuid.uuid4().hex[:12]}", environ={})
    try:
        with Store.open(target, FrozenClock("2026-11-23T10:30:00+00:00")) as store:
            _check(store, target, ops)
    finally:
        drop_schema(target)
