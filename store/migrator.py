"""Apply fcc's migrations: all pending ones in one transaction, exactly once, or not at all.

* SQLite: foreign keys are switched off *before* BEGIN (the pragma is ignored inside a
  transaction, and a rebuilt parent table would otherwise cascade-delete its children),
  ``PRAGMA foreign_key_check`` runs before COMMIT, and they are switched back on after.
  BEGIN IMMEDIATE serialises concurrent starters; the second re-reads the version under the
  lock and finds nothing left to do. A non-empty database is backed up first.
* PostgreSQL: DDL is transactional; a transaction-scoped advisory lock per workspace schema
  serialises concurrent starters.
* A database whose schema is newer than this fcc, or that is not an fcc database, is refused
  and left untouched.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import peewee as pw

from fcc.migrations import MigrationRef, discover
from fcc.store.backup import write_backup
from fcc.store.clock import Clock
from fcc.store.db import is_postgres
from fcc.store.errors import FccError, InvalidInput, MigrationFailed, NotADatabase, SchemaTooNew
from fcc.store.target import Target

HISTORY_TABLE = "fcc_schema_migrations"
# A migration's down() may set dropped values aside in tables named so, for its next up()
# to restore (see migrations/m0002_time_tracking.py); version 0 has none of them.
KEEP_PREFIX = "fcc_keep_"


@dataclass(frozen=True)
class AppliedMigration:
    version: int
    name: str
    applied_at: int


@dataclass(frozen=True)
class SchemaStatus:
    current: int
    latest: int
    applied: tuple[AppliedMigration, ...]
    pending: tuple[MigrationRef, ...]


@dataclass(frozen=True)
class MigrationRun:
    direction: str
    from_version: int
    to_version: int
    migrations: tuple[str, ...]
    backup: Path | None


class Migrator:
    def __init__(
        self,
        db: pw.Database,
        target: Target,
        clock: Clock,
        refs: Sequence[MigrationRef] | None = None,
    ) -> None:
        self.db = db
        self.target = target
        self.clock = clock
        self.refs = list(refs) if refs is not None else discover()
        self.latest = self.refs[-1].version if self.refs else 0
        self.postgres = is_postgres(db)

    # --- reading -------------------------------------------------------------------------

    def _tables(self) -> set[str]:
        if self.postgres:
            rows = self.db.execute_sql(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = %s",
                (self.target.schema,),
            ).fetchall()
        else:
            rows = self.db.execute_sql(
                "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') "
                "AND name NOT LIKE 'sqlite_%'"
            ).fetchall()
        return {r[0] for r in rows}

    def history(self) -> list[AppliedMigration]:
        tables = {name for name in self._tables() if not name.startswith(KEEP_PREFIX)}
        if HISTORY_TABLE not in tables:
            if tables:
                raise NotADatabase(
                    f"{self.target.display} is not an fcc database (it holds tables "
                    f"{', '.join(sorted(tables)[:5])}); fcc will not change it"
                )
            return []
        rows = self.db.execute_sql(
            f"SELECT version, name, applied_at FROM {HISTORY_TABLE} ORDER BY version"
        ).fetchall()
        return [AppliedMigration(int(v), str(n), int(a)) for v, n, a in rows]

    def status(self) -> SchemaStatus:
        applied = self.history()
        current = applied[-1].version if applied else 0
        if current > self.latest:
            raise SchemaTooNew(
                f"{self.target.display} has schema version {current} but this fcc knows only up "
                f"to {self.latest}; upgrade fcc (the database was not touched)"
            )
        known = {r.version: r for r in self.refs}
        for row in applied:
            ref = known.get(row.version)
            if ref is None or ref.name != row.name:
                raise SchemaTooNew(
                    f"{self.target.display} records migration {row.version:04d}_{row.name}, "
                    "which this fcc does not know; the database was not touched"
                )
        pending = tuple(r for r in self.refs if r.version > current)
        return SchemaStatus(current, self.latest, tuple(applied), pending)

    def current_version_fast(self) -> int | None:
        """One cheap query for the common case (schema up to date); None if unsure."""
        try:
            row = self.db.execute_sql(f"SELECT max(version) FROM {HISTORY_TABLE}").fetchone()
        except pw.DatabaseError:
            return None  # no history table yet (or not ours): status() explains
        return int(row[0]) if row and row[0] is not None else None

    # --- writing -------------------------------------------------------------------------

    def ensure_current(self) -> MigrationRun | None:
        """What every start of fcc does: nothing if up to date, else upgrade to the latest."""
        if self.current_version_fast() == self.latest and self.latest > 0:
            return None
        run = self.upgrade()
        return run if run.migrations else None

    def upgrade(self, to: int | None = None) -> MigrationRun:
        target_version = self.latest if to is None else to
        if not 0 <= target_version <= self.latest:
            raise InvalidInput("version", f"a version from 0 to {self.latest}", to)
        status = self.status()
        if status.current > target_version:
            raise FccError(
                f"the database is at version {status.current}; use 'fcc db downgrade --to "
                f"{target_version}' to go back"
            )
        if status.current == target_version:
            return MigrationRun("up", status.current, status.current, (), None)
        done: list[str] = []
        with self._exclusive() as lock:
            current = self.status().current  # re-read under the lock
            # One backup per migration run: only the process that still has work takes it,
            # under the lock (a process that waited finds nothing left to do).
            backup = lock.backup = self._backup(current) if current < target_version else None
            self._create_history()
            for ref in self.refs:
                if current < ref.version <= target_version:
                    self._run(ref, "up", backup)
                    self.db.execute_sql(
                        f"INSERT INTO {HISTORY_TABLE} (version, name, applied_at) "
                        f"VALUES ({self.db.param}, {self.db.param}, {self.db.param})",
                        (ref.version, ref.name, int(self.clock.now().timestamp())),
                    )
                    done.append(ref.label)
        return MigrationRun("up", status.current, max(status.current, target_version) if done
                            else status.current, tuple(done), backup)

    def downgrade(self, to: int) -> MigrationRun:
        status = self.status()
        if not 0 <= to <= status.current:
            raise InvalidInput("version", f"a version from 0 to {status.current}", to)
        if to == status.current:
            return MigrationRun("down", to, to, (), None)
        done: list[str] = []
        with self._exclusive() as lock:
            lock.direction = "down"
            current = self.status().current
            backup = lock.backup = self._backup(current) if current > to else None
            self._create_history()
            for ref in reversed(self.refs):
                if to < ref.version <= current:
                    self._run(ref, "down", backup)
                    self.db.execute_sql(
                        f"DELETE FROM {HISTORY_TABLE} WHERE version = {self.db.param}",
                        (ref.version,),
                    )
                    done.append(ref.label)
            if to == 0:
                self.db.execute_sql(f"DROP TABLE {HISTORY_TABLE}")
                for name in sorted(self._tables()):
                    if name.startswith(KEEP_PREFIX):
                        self.db.execute_sql(f"DROP TABLE {name}")
        return MigrationRun("down", status.current, to, tuple(done), backup)

    def down_notes(self, to: int) -> list[str]:
        """What reverting to version ``to`` does to the data, one line per migration."""
        current = self.status().current
        default = "what it added is dropped with its data"
        return [f"{ref.label}: {getattr(ref.load(), 'DOWN_NOTE', default)}"
                for ref in reversed(self.refs) if to < ref.version <= current]

    def _run(self, ref: MigrationRef, direction: str, backup: Path | None) -> None:
        try:
            module = ref.load()
            getattr(module, direction)(self.db)
        except Exception as exc:
            cause: BaseException = exc
            if not self.postgres and self.target.path is not None:
                from fcc.store import faults

                cause = faults.translate(exc, self.target.path) or exc  # read-only, disk full
            raise MigrationFailed(f"{ref.label} ({direction})", cause, _shown(backup),
                                  direction) from exc

    def _backup(self, version: int) -> Path | None:
        """Check and back up a non-empty SQLite file; called under the migration lock.

        The copy is read through a second connection: it sees what was committed before this
        run's transaction began, which nothing else can change while the lock is held."""
        if self.postgres or self.target.path is None or not self._tables():
            return None
        import sqlite3

        from fcc.store import faults

        path = self.target.path
        source = sqlite3.connect(faults.read_only_uri(path), uri=True, timeout=10)
        try:
            faults.check_now(path, source, self.clock.now().timestamp())  # damaged: refused
            return write_backup(source, path, self.clock.now(), version)
        finally:
            source.close()

    @contextmanager
    def _exclusive(self) -> Iterator[_Lock]:
        lock = _Lock()
        if self.postgres:
            with self.db.atomic():
                lock_key = zlib.crc32(f"fcc-migrate:{self.target.schema}".encode())
                self.db.execute_sql("SELECT pg_advisory_xact_lock(%s)", (lock_key,))
                self.db.execute_sql(f'CREATE SCHEMA IF NOT EXISTS "{self.target.schema}"')
                yield lock
            return
        self.db.execute_sql("PRAGMA foreign_keys = OFF")
        try:
            with self.db.atomic():  # BEGIN IMMEDIATE: waits for, then excludes, other writers
                yield lock
                broken = self.db.execute_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise MigrationFailed(
                        "foreign key check",
                        RuntimeError(f"{len(broken)} rows point at missing parents, "
                                     f"first: {broken[0]}"),
                        _shown(lock.backup), lock.direction,
                    )
        finally:
            self.db.execute_sql("PRAGMA foreign_keys = ON")

    def _create_history(self) -> None:
        self.db.execute_sql(
            f"CREATE TABLE IF NOT EXISTS {HISTORY_TABLE} (version INTEGER PRIMARY KEY, "
            "name VARCHAR(200) NOT NULL, applied_at BIGINT NOT NULL)"
        )


@dataclass
class _Lock:
    backup: Path | None = None
    direction: str = "up"


def _shown(path: Path | None) -> str | None:
    return str(path) if path is not None else None
