"""Faults of the disk at the store (issue 11, part 3), on real SQLite files: a full disk
(SQLite's own SQLITE_FULL, from ``PRAGMA max_page_count``), a read-only database
(``PRAGMA query_only``: SQLite's SQLITE_READONLY), corruption (bytes flipped in the file),
the daily check, backups of damaged files, restore, and one backup per migration run.

The command-line side, with real read-only files, folders and mounts and a full tmpfs, is
tests/test_cli_disk.py."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from fcc.store import faults
from fcc.store.api import Store
from fcc.store.backup import list_backups
from fcc.store.clock import FrozenClock
from fcc.store.errors import DatabaseDamaged, DatabaseReadOnly, DiskFull, FccError
from fcc.store.records_imports import ImportRecord
from fcc.store.restore import restore
from fcc.store.target import resolve_target
from tests.damage import corrupt_middle_page


def counts(path: Path) -> tuple[int, int, int]:
    with sqlite3.connect(path) as conn:
        return tuple(conn.execute(  # type: ignore[return-value]
            "SELECT (SELECT count(*) FROM time_entry), (SELECT count(*) FROM project), "
            "(SELECT count(*) FROM activity)").fetchone())


def seeded(tmp_path: Path, clock: FrozenClock, entries: int = 40) -> Path:
    path = tmp_path / "fcc.db"
    with Store.open(resolve_target(str(path), environ={}), clock) as s:
        s.create_project({"name": "Web"})
        start = clock.now().replace(hour=0, minute=0)
        for i in range(entries):
            s.add_entry("Web", start - dt.timedelta(days=i + 1),
                        start - dt.timedelta(days=i + 1) + dt.timedelta(hours=1), note=f"n{i}")
    return path


def record(day: int, note: str = "") -> ImportRecord:
    start = dt.datetime(2026, 10, day, 9, tzinfo=dt.UTC)
    return ImportRecord(source_key=f"csv:test-{day}", where=f"line {day}", project="Web",
                        start=start, end=start + dt.timedelta(hours=1), note=note)



def corrupt_table_root(path: Path, table: str = "time_entry") -> None:
    """Damage ``table``'s root page: every statement that reads the table meets it."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
    conn.close()
    with path.open("r+b") as fh:
        fh.seek((root - 1) * size)
        fh.write(b"\xff" * 12)


# --- a full disk -------------------------------------------------------------------------------


def test_a_full_disk_is_one_line_and_the_data_stays(tmp_path, clock):
    path = seeded(tmp_path, clock)
    before = counts(path)
    with Store.open(resolve_target(str(path), environ={}), clock) as s:
        conn = s.db.connection()
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages}")  # SQLite: "database or disk is full"
        with pytest.raises(DiskFull, match=r"^disk full: the database .*fcc\.db could not be "
                                           r"written .*; nothing was changed$") as caught:
            for i in range(200):  # until a new page is needed
                s.start_timer("Web", note="n" * 4000 + str(i))
        assert "cannot rollback" not in str(caught.value)
        # the store still works for reading, and nothing of the failed change is there
        assert len(s.list_projects()) == 1
    after = counts(path)
    assert after[1:] >= before[1:] and faults.check_file(path) is None


def test_a_failed_rollback_never_hides_the_real_error(tmp_path, clock):
    """SQLite rolls back by itself on SQLITE_FULL; peewee's ROLLBACK then failed with "cannot
    rollback - no transaction is active" and that was all the user saw."""
    path = seeded(tmp_path, clock)
    with Store.open(resolve_target(str(path), environ={}), clock) as s:
        conn = s.db.connection()
        conn.execute(f"PRAGMA max_page_count = {conn.execute('PRAGMA page_count').fetchone()[0]}")
        with pytest.raises(DiskFull) as caught:
            s.import_entries("csv", [record(d, note="z" * 9000) for d in range(1, 28)])
        assert "cannot rollback" not in repr(caught.value.__cause__)


# --- read-only -------------------------------------------------------------------------------


def test_a_read_only_database_refuses_writes_in_one_line_and_reads_go_on(tmp_path, clock):
    path = seeded(tmp_path, clock)
    before = counts(path)
    with Store.open(resolve_target(str(path), environ={}), clock) as s:
        s.db.connection().execute("PRAGMA query_only = ON")  # SQLite's SQLITE_READONLY
        for write in (lambda: s.start_timer("Web"), lambda: s.create_project({"name": "New"}),
                      lambda: s.undo()):
            with pytest.raises(DatabaseReadOnly, match=r"^the database .*fcc\.db is read-only"):
                write()
        assert len(s.list_projects()) == 1  # reads keep working
    assert counts(path) == before


# --- corruption ------------------------------------------------------------------------------


def test_a_damaged_file_is_never_written_and_names_the_newest_good_backup(tmp_path, clock):
    path = seeded(tmp_path, clock)
    with Store.open(resolve_target(str(path), environ={}), clock) as s:
        good = s.backup()
    corrupt_middle_page(path)
    data = path.read_bytes()
    target = resolve_target(str(path), environ={})
    with pytest.raises(DatabaseDamaged) as caught:  # a small file: checked on opening
        Store.open(target, clock)
    message = str(caught.value)
    assert "is damaged" in message and f"fcc db restore {good}" in message
    assert "\n" not in message
    assert path.read_bytes() == data
    assert Path(str(path) + ".damaged").exists()
    # from now on every command stops at the marker, reads too, before touching the file
    with pytest.raises(DatabaseDamaged, match="is damaged"):
        Store.open(target, clock)
    assert path.read_bytes() == data


def test_sqlite_reporting_malformed_on_a_read_marks_the_file(tmp_path, clock, monkeypatch):
    """A large file is checked once a day; between checks, SQLite's own SQLITE_CORRUPT on any
    statement is caught, remembered, and stops every later command."""
    path = seeded(tmp_path, clock, entries=200)
    target = resolve_target(str(path), environ={})
    with Store.open(target, clock) as s:
        s.start_timer("Web")  # checked today: the stamp is fresh
        s.stop_timer()
    monkeypatch.setattr(faults, "CHECK_ALWAYS_BYTES", 0)  # as if the file were large
    corrupt_table_root(path)
    with Store.open(target, clock) as s:
        with pytest.raises(Exception) as caught:
            s.report(clock.now().replace(month=1, day=1), clock.now())
        fault = faults.translate(caught.value, path)
        assert isinstance(fault, DatabaseDamaged)
    with pytest.raises(DatabaseDamaged):
        Store.open(target, clock)


def test_a_backup_of_a_damaged_file_is_refused_and_good_ones_stay(tmp_path, clock):
    path = seeded(tmp_path, clock)
    with Store.open(resolve_target(str(path), environ={}), clock) as s:
        good = [s.backup() for _ in range(5)]
    corrupt_middle_page(path)
    with pytest.raises(DatabaseDamaged, match="is damaged"):
        Store.open(resolve_target(str(path), environ={}), clock)
    Path(str(path) + ".damaged").unlink()  # even a store already open when it broke
    monkey = pytest.MonkeyPatch()
    monkey.setattr(faults, "CHECK_ALWAYS_BYTES", 0)
    try:
        with Store.open(resolve_target(str(path), environ={}), clock) as s:
            with pytest.raises(DatabaseDamaged, match="is damaged"):
                s.backup()
            with pytest.raises(DatabaseDamaged):
                s.backup(tmp_path / "elsewhere.db")
    finally:
        monkey.undo()
    assert list_backups(path) == good
    assert not (tmp_path / "elsewhere.db").exists()


def test_an_import_into_a_damaged_file_is_refused(tmp_path, clock, monkeypatch):
    path = seeded(tmp_path, clock, entries=200)
    target = resolve_target(str(path), environ={})
    with Store.open(target, clock) as s:
        s.start_timer("Web")
        s.stop_timer()
    monkeypatch.setattr(faults, "CHECK_ALWAYS_BYTES", 0)  # the daily check is not due
    corrupt_middle_page(path)
    data = path.read_bytes()
    with Store.open(target, clock) as s, pytest.raises(Exception) as caught:
        s.import_entries("csv", [record(1)])
    # the import's quick_check, or SQLite itself on the damaged page it read first
    assert isinstance(faults.translate(caught.value, path), DatabaseDamaged)
    assert path.read_bytes() == data


def test_the_daily_check_runs_again_after_a_day(tmp_path, clock, monkeypatch):
    path = seeded(tmp_path, clock)
    monkeypatch.setattr(faults, "CHECK_ALWAYS_BYTES", 0)
    now = clock.now().timestamp()
    stamp = Path(str(path) + faults.CHECKED)
    assert stamp.exists() and stamp.stat().st_mtime == now  # the seeding's writes checked it
    assert not faults.check_due(path, now + 3600)
    assert faults.check_due(path, now + 24 * 3600)
    assert faults.check_due(path, now - 3600)  # a clock set back: check again


# --- restore ---------------------------------------------------------------------------------


def test_restore_checks_the_backup_keeps_the_damaged_file_and_copies_the_backup_in(
        tmp_path, clock):
    path = seeded(tmp_path, clock)
    target = resolve_target(str(path), environ={})
    with Store.open(target, clock) as s:
        good = s.backup()
        expected = len(s.entries(clock.now().replace(year=2025), clock.now()))
    corrupt_middle_page(path)
    with pytest.raises(DatabaseDamaged):
        Store.open(target, clock)
    damaged = path.read_bytes()
    wal = Path(str(path) + "-wal")
    wal.write_bytes(b"")  # a -wal beside it goes aside with it

    bad = tmp_path / "bad-backup.db"
    bad.write_bytes(damaged)
    with pytest.raises(FccError, match="damaged too"):
        restore(path, bad, clock.now())
    assert path.read_bytes() == damaged  # nothing changed

    done = restore(path, good, clock.now())
    assert done.kept_as is not None and done.kept_as.read_bytes() == damaged
    assert done.kept_as.name == "fcc.db.replaced-20261123T103000Z"
    assert Path(str(done.kept_as) + "-wal").exists() and not wal.exists()
    assert Path(str(done.kept_as) + ".damaged").exists()
    assert not Path(str(path) + ".damaged").exists()
    assert path.read_bytes() == good.read_bytes() and good.exists()
    with Store.open(target, clock) as s:
        assert len(s.entries(clock.now().replace(year=2025), clock.now())) == expected
        s.start_timer("Web")
    # a second restore in the same second keeps the first kept file too
    again = restore(path, good, clock.now())
    assert again.kept_as is not None and again.kept_as != done.kept_as and done.kept_as.exists()


# --- one backup per migration run ------------------------------------------------------------


def _migrate(path: str) -> None:
    from fcc.store.clock import SystemClock

    Store.open(resolve_target(path, environ={}), SystemClock()).close()


def test_eight_processes_on_an_old_database_write_one_backup(tmp_path, clock):
    import multiprocessing as mp

    path = seeded(tmp_path, clock)
    with Store.open(resolve_target(str(path), environ={}), clock) as s:
        s.migrator().downgrade(1)
    before = list_backups(path)
    ctx = mp.get_context("spawn")
    procs = [ctx.Process(target=_migrate, args=(str(path),)) for _ in range(8)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    assert [p.exitcode for p in procs] == [0] * 8
    new = [b for b in list_backups(path) if b not in before]
    assert len(new) == 1 and new[0].name.endswith("-v1")


def test_a_write_lock_held_too_long_is_one_line_and_nothing_is_written(tmp_path, clock):
    """Another program (here: sqlite3 with BEGIN IMMEDIATE) keeps the database's write lock
    past the busy timeout: the store's change is refused in words, never "database is locked"
    as an internal error, and nothing is half-written."""
    path = tmp_path / "fcc.db"
    target = resolve_target(str(path), environ={})
    with Store.open(target, clock) as store:
        store.create_client({"name": "Acme"})
        store.db.execute_sql("PRAGMA busy_timeout = 50")  # (10 s in use: a short test)
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        try:
            with pytest.raises(FccError) as raised:
                store.create_client({"name": "Globex"})
        finally:
            other.execute("ROLLBACK")
            other.close()
        message = str(raised.value)
        assert message.startswith(f"the database {path} is busy: another program has held its")
        assert "nothing was changed" in message and "locked" not in message
        assert [c.name for c in store.list_clients()] == ["Acme"]
