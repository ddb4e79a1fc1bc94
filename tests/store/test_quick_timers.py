"""The quick ``fcc start``/``stop`` path (plain sqlite3) writes exactly what the store writes.

Each case runs the quick path on one copy of a database and the store's verb on another copy,
at the same frozen instant, then compares every time entry and activity row (ids included;
only the random uuids and batch ids are normalised). Cases the quick path must not handle are
checked to leave the database byte-for-byte as it was, so the full command line can take over.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest

from fcc.store.api import Store
from fcc.store.clock import FrozenClock
from fcc.store.quick import Handover
from fcc.store.quick_timers import quick_start, quick_stop
from fcc.store.target import resolve_target
from tests.conftest import FROZEN_AT
from tests.store.helpers import dump

UTC = dt.UTC
NOW = dt.datetime.fromisoformat(FROZEN_AT)


@pytest.fixture(autouse=True)
def _zone(monkeypatch):
    monkeypatch.setenv("FCC_ZONE", "Europe/Berlin")


def seed(path: Path) -> None:
    """Clients with and without rates, a client-less project, a merged and an archived one."""
    clock = FrozenClock(NOW - dt.timedelta(hours=12))
    with Store.open(resolve_target(str(path), environ={}), clock) as s:
        s.create_client({"name": "Acme", "hourly_rate": Decimal("90"), "currency": "USD"})
        s.create_client({"name": "Beta"})
        s.create_project({"name": "Website", "client": "Acme", "hourly_rate": Decimal("87.33")})
        s.create_project({"name": "Support", "client": "Acme"})
        s.create_project({"name": "Site", "client": "Beta"})
        s.create_project({"name": "Solo"})
        s.create_project({"name": "Site"})  # client-less twin: "Site" alone is ambiguous
        s.create_project({"name": "Legacy", "client": "Acme"})
        s.merge_project("Acme/Legacy", "Acme/Website")
        s.create_project({"name": "Old", "client": "Beta"})
        s.archive_project("Beta/Old")
        s.add_entry("Acme/Website", NOW - dt.timedelta(days=1, hours=3),
                    NOW - dt.timedelta(days=1, hours=1), note="yesterday")


@pytest.fixture
def seeded(tmp_path) -> Path:
    path = tmp_path / "seed.db"
    seed(path)
    return path


def twins(seeded: Path, tmp_path: Path) -> tuple[Path, Path]:
    quick, full = tmp_path / "quick.db", tmp_path / "full.db"
    shutil.copy(seeded, quick)
    shutil.copy(seeded, full)
    return quick, full


def store_at(path: Path, at: dt.datetime = NOW) -> Store:
    return Store.open(resolve_target(str(path), environ={}), FrozenClock(at))


def rows(path: Path) -> dict[str, list]:
    """Entries and activity with random ids normalised (batches numbered in order)."""
    conn = sqlite3.connect(path)
    try:
        cols = [r[1] for r in conn.execute("PRAGMA table_info(time_entry)")]
        entries = [dict(zip(cols, r, strict=True))
                   for r in conn.execute("SELECT * FROM time_entry ORDER BY id")]
        for e in entries:
            assert len(e.pop("uuid")) == 32
        acols = [r[1] for r in conn.execute("PRAGMA table_info(activity)")]
        acts = [dict(zip(acols, r, strict=True))
                for r in conn.execute("SELECT * FROM activity ORDER BY id")]
    finally:
        conn.close()
    batches: dict[str, int] = {}
    for a in acts:
        a.pop("uuid")
        if a["batch"] is not None:
            a["batch"] = batches.setdefault(a["batch"], len(batches))
        if a["entity"] == "batch":
            a["entity_id"] = batches[a["entity_id"]]
        for side in ("before", "after"):
            if a[side] is not None:
                data = json.loads(a[side])
                data.pop("uuid", None)
                a[side] = data
    return {"time_entry": entries, "activity": acts}


def full_start(path: Path, spec: str, note: str = "", tags=(), at=NOW) -> str:
    with store_at(path, at) as s:
        return s.start_timer(spec, note=note, tags=tags).message


def full_stop(path: Path, at=NOW) -> str:
    with store_at(path, at) as s:
        return s.stop_timer().message


@pytest.mark.parametrize("spec", ["Acme/Website", "website", "Support", "Beta/Site", "/Solo",
                                  "/site", "Legacy", " Acme / Website "])
def test_start_writes_what_the_store_writes(seeded, tmp_path, spec):
    quick, full = twins(seeded, tmp_path)
    said = quick_start(str(quick), spec, ["  fixing the login  "], ["dev,+Ops", "dev"], NOW)
    assert said == full_start(full, spec, note="  fixing the login  ", tags=["dev,+Ops", "dev"])
    assert rows(quick) == rows(full)
    running = rows(quick)["time_entry"][-1]
    assert running["end_utc"] is None and running["zone"] == "Europe/Berlin"
    assert json.loads(running["tags"]) == ["dev", "Ops"]


def test_switching_stops_the_running_timer_at_the_same_instant(seeded, tmp_path):
    quick, full = twins(seeded, tmp_path)
    quick_start(str(quick), "Acme/Website", [], [], NOW - dt.timedelta(minutes=95))
    full_start(full, "Acme/Website", at=NOW - dt.timedelta(minutes=95))
    said = quick_start(str(quick), "Support", [], [], NOW)
    assert said == full_start(full, "Support")
    assert said == "started Acme/Support at 11:30; stopped Acme/Website after 1:35"
    assert rows(quick) == rows(full)
    entries = rows(quick)["time_entry"]
    assert entries[-2]["end_utc"] == entries[-1]["start_utc"] == int(NOW.timestamp())
    assert {e["rate"] for e in entries[-2:]} == {87.33, 90}


def test_stop_writes_what_the_store_writes_and_undo_reverts_it(seeded, tmp_path):
    quick, full = twins(seeded, tmp_path)
    for path in (quick, full):
        full_start(path, "/Solo", note="x", at=NOW - dt.timedelta(hours=2))
    said = quick_stop(str(quick), NOW)
    assert said == full_stop(full) == "stopped Solo after 2:00"
    assert rows(quick) == rows(full)
    for path in (quick, full):
        with store_at(path) as s:
            assert s.undo().message == "undid: stopped Solo after 2:00"
            assert [e.project for e in s.running()] == ["Solo"]
    assert rows(quick) == rows(full)


def test_undo_reverts_a_quick_start_with_its_switch(seeded, tmp_path):
    quick, full = twins(seeded, tmp_path)
    for path in (quick, full):
        full_start(path, "Support", at=NOW - dt.timedelta(hours=1))
    quick_start(str(quick), "Acme/Website", [], [], NOW)
    full_start(full, "Acme/Website")
    for path in (quick, full):
        with store_at(path) as s:
            s.undo()
            assert [e.project for e in s.running()] == ["Acme/Support"]
    assert rows(quick) == rows(full)


def test_a_minute_is_long_enough_and_min_entry_seconds_0_keeps_everything(seeded, tmp_path):
    quick, full = twins(seeded, tmp_path)
    for path in (quick, full):
        full_start(path, "Support", at=NOW - dt.timedelta(seconds=60))
    assert quick_stop(str(quick), NOW) == full_stop(full) == "stopped Acme/Support after 0:01"
    assert rows(quick) == rows(full)
    for path in (quick, full):
        full_start(path, "/Solo", at=NOW)
    overrides = {"min_entry_seconds": "0"}  # as the config file's [time] table gives it
    assert quick_stop(str(quick), NOW, overrides=overrides) == "stopped Solo after 0:00"


def test_stop_when_idle_says_nothing_and_writes_nothing(seeded):
    before = dump(resolve_target(str(seeded), environ={}))
    assert quick_stop(str(seeded), NOW) == ""
    assert dump(resolve_target(str(seeded), environ={})) == before


def _forgotten(path: Path) -> None:
    full_start(path, "Support", at=NOW - dt.timedelta(hours=11))


def _parallel_running(path: Path) -> None:
    with store_at(path) as s:
        s.start_timer("Support", at=NOW - dt.timedelta(hours=1), parallel=True)


def _parallel_allowed(path: Path) -> None:
    with store_at(path) as s:
        s.set_setting("allow_parallel", "true")


def _later_entry(path: Path) -> None:
    # Another machine's clock ran ahead: an entry that starts after our "now".
    with store_at(path, NOW + dt.timedelta(minutes=30)) as s:
        s.add_entry("Support", NOW + dt.timedelta(minutes=5), NOW + dt.timedelta(minutes=20))


def _just_started(path: Path) -> None:
    # Stopping it now would discard it (under min_entry_seconds): the store does that.
    full_start(path, "Support", at=NOW - dt.timedelta(seconds=59))


def _two_running(path: Path) -> None:
    _parallel_running(path)
    with store_at(path) as s:
        s.start_timer("/Solo", at=NOW - dt.timedelta(minutes=30), parallel=True)
        assert len(s.running()) == 2


@pytest.mark.parametrize(("setup", "spec", "note", "reason"), [
    (None, "Nope", "", "an unknown or ambiguous project"),  # the store lists close matches
    (None, "Site", "", "an unknown or ambiguous project"),  # Beta/Site or /Site
    (None, "Beta/Old", "", "an archived project"),
    (None, "", "", "an unknown or ambiguous project"),      # no name
    (None, "Support", "x" * 10_001, "a note or tag to refuse"),  # the store words the error
    (_forgotten, "Support", "", "a forgotten timer"),     # the command line asks about it
    (_parallel_running, "/Solo", "", "a parallel timer runs"),
    (_parallel_allowed, "/Solo", "", "parallel timers are allowed"),
    (_later_entry, "/Solo", "", "an overlap"),
    (_just_started, "/Solo", "", "a timer shorter than min_entry_seconds"),  # discarded
])
def test_start_hands_over_without_writing(seeded, setup, spec, note, reason):
    if setup is not None:
        setup(seeded)
    before = dump(resolve_target(str(seeded), environ={}))
    with pytest.raises(Handover) as handed:
        quick_start(str(seeded), spec, [note], [], NOW)
    assert str(handed.value) == reason
    assert dump(resolve_target(str(seeded), environ={})) == before


@pytest.mark.parametrize(("setup", "reason"), [
    (_forgotten, "a forgotten timer"), (_two_running, "a parallel timer runs"),
    (_just_started, "a timer shorter than min_entry_seconds")])
def test_stop_hands_over_without_writing(seeded, setup, reason):
    setup(seeded)
    before = dump(resolve_target(str(seeded), environ={}))
    with pytest.raises(Handover, match=f"^{reason}$"):
        quick_stop(str(seeded), NOW)
    assert dump(resolve_target(str(seeded), environ={})) == before


def test_hands_over_on_an_old_schema_or_a_missing_file(tmp_path, seeded):
    with pytest.raises(Handover, match="^no database file$"):
        quick_stop(str(tmp_path / "missing.db"), NOW)
    assert not (tmp_path / "missing.db").exists()
    conn = sqlite3.connect(seeded)
    conn.execute("DELETE FROM fcc_schema_migrations WHERE version = "
                 "(SELECT max(version) FROM fcc_schema_migrations)")
    conn.commit()
    conn.close()
    with pytest.raises(Handover, match=r"^schema version \d+, not \d+$"):
        quick_start(str(seeded), "Support", [], [], NOW)


def test_the_quick_path_waits_for_the_writer_lock(seeded):
    """A store holding the write lock blocks the quick path; it then sees the store's timer."""
    import threading

    results: list[str | None] = []
    with store_at(seeded) as s, s.change("start") as batch:
        s.start_timer("Support", at=NOW - dt.timedelta(minutes=10))
        batch.message = "held"
        worker = threading.Thread(target=lambda: results.append(
            quick_start(str(seeded), "/Solo", [], [], NOW)))
        worker.start()
        worker.join(0.3)
        assert worker.is_alive()  # queued on the lock, not failing
    worker.join(10)
    assert results == ["started Solo at 11:30; stopped Acme/Support after 0:10"]
