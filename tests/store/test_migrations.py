"""Migrations at startup: exactly once, all or nothing, never on a database we don't own."""

from __future__ import annotations

import multiprocessing as mp
import os
import sqlite3
import uuid

import pytest
from playhouse.schema_diff import diff_models

from fcc.migrations import discover
from fcc.store import tables as t
from fcc.store.api import Store
from fcc.store.backup import KEEP_BACKUPS, list_backups
from fcc.store.errors import InvalidInput, MigrationFailed, NotADatabase, SchemaTooNew
from fcc.store.migrator import HISTORY_TABLE
from fcc.store.target import Target
from tests.store import workers
from tests.store.helpers import dump, q, with_fake

LATEST = discover()[-1].version


def _columns(store: Store, target: Target) -> dict[str, list[tuple]]:
    """Every table's columns as (name, type, nullable), from the database itself."""
    out = {}
    for model in t.ALL_TABLES:
        name = model._meta.table_name
        cols = store.db.get_columns(name, target.schema)
        out[name] = sorted((c.name, c.data_type.lower(), c.null) for c in cols)
    return out


def _seed_some(store: Store) -> None:
    """Rows every schema version has, written in SQL (the live store may need newer columns)."""
    ph = "%s" if store.backend == "postgres" else "?"
    store.db.execute_sql(
        "INSERT INTO client (uuid, name, currency, hourly_rate, archived, created_at, updated_at)"
        f" VALUES ({ph}, 'Acme', 'USD', 120, {ph}, 0, 0)", (str(uuid.uuid4()), False))
    store.db.execute_sql(
        "INSERT INTO project (uuid, client_id, name, status, archived, created_at, updated_at)"
        f" SELECT {ph}, id, 'Website', 'active', {ph}, 0, 0 FROM client",
        (str(uuid.uuid4()), False))


# --- the live models and the migrated schema agree ----------------------------------------


def test_live_models_match_the_migrated_schema(store, target):
    diff = diff_models(store.db, t.ALL_TABLES)
    assert not diff, f"models and migrations disagree:\n{diff}"


def test_migrated_columns_equal_columns_created_from_the_models(target, clock, tmp_path):
    """schema_diff ignores types and nullability; compare those against a database built
    straight from the live models."""
    from tests.conftest import drop_schema

    with Store.open(target, clock) as migrated:
        from_migrations = _columns(migrated, target)
    if target.backend == "sqlite":
        from fcc.store.target import resolve_target

        direct_target = resolve_target(str(tmp_path / "direct.db"), environ={})
    else:
        direct_target = Target("postgres", target.workspace + "x", url=target.url)
    direct = Store.open(direct_target, clock, migrate=False)
    try:
        if target.backend == "postgres":
            direct.db.execute_sql(f'CREATE SCHEMA "{direct_target.schema}"')
        direct.db.create_tables(t.ALL_TABLES)
        assert _columns(direct, direct_target) == from_migrations
    finally:
        direct.close()
        if target.backend == "postgres":
            drop_schema(direct_target)


# --- upgrade from every version, down to 0 and back ---------------------------------------


@pytest.mark.parametrize("start", range(LATEST + 1))
def test_upgrade_from_every_earlier_version(target, clock, start):
    refs = with_fake("add_note")
    with Store.open(target, clock, migrate=False) as s:
        s.migrator(refs).upgrade(to=start)
        if start >= 1:
            _seed_some(s)
    with Store.open(target, clock, migrations=refs) as s:
        status = s.migrator(refs).status()
        assert status.current == len(refs) and not status.pending
        if start >= 1:
            assert [c.name for c in s.list_clients()] == ["Acme"]
    assert q(target, f"SELECT count(*) FROM {HISTORY_TABLE}") == [(len(refs),)]


def test_downgrade_to_zero_and_back(target, clock):
    refs = with_fake("add_note")
    with Store.open(target, clock, migrations=refs) as s:
        assert s.migrator(refs).status().current == len(refs)
        before = dump(target)["schema"]
        run = s.migrator(refs).downgrade(to=0)
        assert run.migrations == tuple(r.label for r in reversed(refs))
        assert s.migrator(refs).status().current == 0
        remaining = dump(target)
        assert remaining["rows"] == {}, "version 0 is an empty database"
        s.migrator(refs).upgrade()
        assert dump(target)["schema"] == before
        s.migrator(refs).downgrade(to=LATEST)
        assert not diff_models(s.db, t.ALL_TABLES)


def test_a_version_out_of_range_names_the_version_field(target, clock):
    from fcc.tui.cli.flags import flagged  # the command line shows it as --to

    with Store.open(target, clock) as s:
        for move, to, top in ((s.migrator().upgrade, LATEST + 1, LATEST),
                              (s.migrator().downgrade, -1, LATEST)):
            with pytest.raises(InvalidInput) as err:
                move(to)
            assert err.value.field == "version"
            assert str(err.value) == f"version: expected a version from 0 to {top}, got {to}"
            assert str(flagged(err.value)) == f"--to: expected a version from 0 to {top}, got {to}"
        assert s.migrator().status().current == LATEST


def test_down_one_step_keeps_the_data_of_earlier_versions(target, clock):
    refs = with_fake("add_note")
    with Store.open(target, clock, migrations=refs) as s:
        _seed_some(s)
        s.migrator(refs).downgrade(to=LATEST)
        assert [c.name for c in s.list_clients()] == ["Acme"]
        assert "note" not in {c.name for c in s.db.get_columns("client", target.schema)}


# --- failure leaves the database exactly as it was -----------------------------------------


def test_a_failing_migration_changes_nothing(target, clock):
    with Store.open(target, clock) as s:
        _seed_some(s)
    before = dump(target)
    with pytest.raises(MigrationFailed) as err:
        Store.open(target, clock, migrations=with_fake("explodes"))
    message = str(err.value)
    assert f"{LATEST + 1:04d}_explodes" in message
    assert "deliberate failure" in message and "left unchanged" in message
    if target.backend == "sqlite":
        backups = list_backups(target.path)
        assert len(backups) == 1 and str(backups[0]) in message
        # the backup holds the data from before
        with sqlite3.connect(backups[0]) as conn:
            assert conn.execute("SELECT name FROM client").fetchall() == [("Acme",)]
    assert dump(target) == before


def test_failing_migration_message_from_the_command_line(tmp_path, clock, monkeypatch):
    from click.testing import CliRunner

    from fcc.store import migrator
    from fcc.store.sql import schema
    from fcc.tui.cli import main

    path = tmp_path / "fcc.db"
    runner = CliRunner()
    assert runner.invoke(main, ["--db", str(path), "db", "upgrade"]).exit_code == 0
    monkeypatch.setattr(migrator, "discover", lambda: with_fake("explodes"))
    monkeypatch.setattr(schema, "latest_version", lambda: LATEST + 1)  # Store.open's check
    result = runner.invoke(main, ["--db", str(path), "client", "list"], catch_exceptions=False)
    assert result.exit_code == 1
    line = result.stderr.strip()
    assert line.startswith(f"fcc: error: migration {LATEST + 1:04d}_explodes (up) failed")
    assert "backup from before the upgrade is at" in line and "\n" not in line


def test_foreign_keys_are_off_while_a_parent_table_is_rebuilt(sqlite_target, clock):
    """The SQLite trap: with FKs on, DROP TABLE board cascades into every card."""
    with Store.open(sqlite_target, clock) as s:
        now = clock.now()
        board = t.Board.create(name="B", created_at=now)
        col = t.BoardColumn.create(board=board, name="Todo", position=0)
        t.WorkItem.create(board=board, column=col, title="keep me", created_at=now, updated_at=now)
    with Store.open(sqlite_target, clock, migrations=with_fake("rebuild_board")) as s:
        assert s.migrator(with_fake("rebuild_board")).status().current == LATEST + 1
        assert s.db.execute_sql("PRAGMA foreign_keys").fetchone() == (1,)
    assert q(sqlite_target, "SELECT title FROM work_item") == [("keep me",)]
    assert q(sqlite_target, "SELECT count(*) FROM board_column") == [(1,)]
    assert q(sqlite_target, "PRAGMA foreign_key_check") == []


def test_foreign_key_check_before_commit_rolls_back_dangling_rows(sqlite_target, clock):
    with Store.open(sqlite_target, clock):
        now = clock.now()
        board = t.Board.create(name="B", created_at=now)
        t.BoardColumn.create(board=board, name="Todo", position=0)
    before = dump(sqlite_target)
    with pytest.raises(MigrationFailed, match="foreign key check"):
        Store.open(sqlite_target, clock, migrations=with_fake("dangling"))
    assert dump(sqlite_target) == before


def test_a_failed_downgrade_names_the_backup_from_before_the_downgrade(sqlite_target, clock):
    refs = with_fake("dangling_down")
    with Store.open(sqlite_target, clock, migrations=refs) as s:
        board = t.Board.create(name="B", created_at=clock.now())
        t.BoardColumn.create(board=board, name="Todo", position=0)
    before = dump(sqlite_target)
    with Store.open(sqlite_target, clock, migrations=refs) as s:
        with pytest.raises(MigrationFailed, match="foreign key check") as err:
            s.migrator(refs).downgrade(LATEST)
    message = str(err.value)
    assert "a backup from before the downgrade is at" in message and "upgrade" not in message
    assert dump(sqlite_target) == before


# --- databases we must not touch ----------------------------------------------------------


def test_a_newer_schema_is_refused_untouched(target, clock):
    refs = with_fake("add_note")
    with Store.open(target, clock, migrations=refs):
        pass
    before = dump(target)
    with pytest.raises(SchemaTooNew,
                       match=f"version {LATEST + 1} but this fcc knows only up to {LATEST}"):
        Store.open(target, clock)
    assert dump(target) == before
    if target.backend == "sqlite":
        assert list_backups(target.path) == []


def test_a_file_that_is_not_sqlite_is_refused_and_never_overwritten(tmp_path, clock):
    from fcc.store.target import resolve_target

    path = tmp_path / "notes.db"
    content = b"my precious notes, not a database\n" * 100
    path.write_bytes(content)
    with pytest.raises(NotADatabase, match="is not a SQLite database"):
        Store.open(resolve_target(str(path), environ={}), clock)
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.db"]


def test_a_corrupt_sqlite_file_is_refused_and_never_repaired(sqlite_target, clock):
    with Store.open(sqlite_target, clock) as s:
        _seed_some(s)
    path = sqlite_target.path
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # keep the header, wreck the schema page
    path.write_bytes(bytes(data))
    for extra in ("-wal", "-shm"):
        path.with_name(path.name + extra).unlink(missing_ok=True)
    with pytest.raises(NotADatabase):
        Store.open(sqlite_target, clock)
    assert path.read_bytes() == bytes(data)


def test_a_foreign_sqlite_database_is_refused(tmp_path, clock):
    from fcc.store.target import resolve_target

    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE recipes (id INTEGER PRIMARY KEY, name TEXT)")
    before = path.read_bytes()
    with pytest.raises(NotADatabase, match="not an fcc database"):
        Store.open(resolve_target(str(path), environ={}), clock)
    assert path.read_bytes() == before


# --- backups -------------------------------------------------------------------------------


def test_backup_before_migrating_a_non_empty_database_only(sqlite_target, clock):
    with Store.open(sqlite_target, clock, migrate=False) as s:
        s.migrator().upgrade()  # empty database: nothing to back up
    assert list_backups(sqlite_target.path) == []
    refs = with_fake("add_note")
    with Store.open(sqlite_target, clock, migrations=refs) as s:
        run = s.last_migration
        assert run is not None and run.backup is not None
        assert run.backup.name.endswith(f"-v{LATEST}")
        assert oct(run.backup.stat().st_mode & 0o777) == "0o600"


def test_backups_keep_the_newest_five_and_never_overwrite(sqlite_target, clock):
    with Store.open(sqlite_target, clock) as s:
        _seed_some(s)
        made = [s.backup() for _ in range(KEEP_BACKUPS + 3)]  # same frozen second each time
        kept = list_backups(sqlite_target.path)
        assert kept == made[-KEEP_BACKUPS:]
        assert len({p.name for p in made}) == len(made), "every backup got its own name"
        # an older clock never replaces a newer backup: it gets a fresh name and the
        # pruning goes by when backups were written
        newest = kept[-1].read_bytes()
        clock.set("2020-01-01T00:00:00+00:00")
        older_stamp = s.backup()
        assert older_stamp in list_backups(sqlite_target.path)
        assert kept[-1].exists() and kept[-1].read_bytes() == newest
    with sqlite3.connect(kept[-1]) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("SELECT name FROM client").fetchall() == [("Acme",)]


# --- concurrent starters ------------------------------------------------------------------


@pytest.mark.parametrize("processes", [4])
def test_processes_starting_at_once_apply_each_migration_exactly_once(target, processes):
    ctx = mp.get_context("spawn")
    barrier = ctx.Barrier(processes)
    results = ctx.Queue()
    procs = [ctx.Process(target=workers.open_store, args=(target, barrier, results))
             for _ in range(processes)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    outcomes = [results.get(timeout=5) for _ in procs]
    assert all(ok for ok, _ in outcomes), outcomes
    applied = [name for _, names in outcomes for name in names]
    assert sorted(applied) == [r.label for r in discover()], "each migration ran exactly once"
    assert q(target, f"SELECT version FROM {HISTORY_TABLE} ORDER BY version") == [
        (r.version,) for r in discover()
    ]


def test_sqlite_pragmas(sqlite_target, clock):
    store = Store.open(sqlite_target, clock)
    pragma = lambda name: store.db.execute_sql(f"PRAGMA {name}").fetchone()[0]  # noqa: E731
    assert pragma("journal_mode") == "wal"
    assert pragma("foreign_keys") == 1
    assert pragma("busy_timeout") >= 5000
    assert pragma("synchronous") == 1  # NORMAL
    store.close()


def test_files_are_private(tmp_path, clock, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    from fcc.store.target import resolve_target

    target = resolve_target(environ={})
    assert target.is_default_path and target.path == tmp_path / "xdg" / "fcc" / "fcc.db"
    old = os.umask(0o022)
    try:
        with Store.open(target, clock):
            pass
    finally:
        os.umask(old)
    assert oct(target.path.parent.stat().st_mode & 0o777) == "0o700"
    assert oct(target.path.stat().st_mode & 0o777) == "0o600"
