"""The store: fcc's one way into the database.

``Store.open(target, clock)`` connects, applies pending migrations (backing up a non-empty
SQLite file first) and binds the tables. Verbs take validated input, write the activity log in
the same transaction, and return immutable records.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import peewee as pw

from fcc.migrations import MigrationRef
from fcc.store import faults
from fcc.store import records as rec
from fcc.store import tables as t
from fcc.store.backup import backup_to, list_backups, write_backup
from fcc.store.billing import BillingVerbs
from fcc.store.boards import BoardVerbs
from fcc.store.clock import Clock, SystemClock
from fcc.store.db import ensure_wal, is_postgres, open_database
from fcc.store.errors import FccError, InvalidInput
from fcc.store.history import HistoryVerbs
from fcc.store.imports import ImportVerbs
from fcc.store.plans import PlanVerbs
from fcc.store.prefs import SETTINGS, check_setting
from fcc.store.reports import ReportVerbs
from fcc.store.session import SessionVerbs
from fcc.store.target import Target

if TYPE_CHECKING:
    from fcc.store.migrator import MigrationRun, Migrator

COUNTED = (
    t.Client, t.Project, t.Board, t.WorkItem, t.Sprint, t.TimeEntry, t.Cycle, t.Goal,
    t.WeeklyPlan, t.Approval, t.Invoice, t.Activity,
)


class Store(BillingVerbs, HistoryVerbs, ImportVerbs, ReportVerbs, SessionVerbs, PlanVerbs,
            BoardVerbs):
    """Open with :meth:`open`; the verbs live in the mixins (catalog, timers, reports, imports,
    session, boards, plans, billing, history)."""

    def __init__(self, db: pw.Database, target: Target, clock: Clock, actor: str = "me") -> None:
        super().__init__(db, target, clock, actor)
        self.last_migration: MigrationRun | None = None

    @classmethod
    def open(
        cls,
        target: Target,
        clock: Clock | None = None,
        *,
        migrate: bool = True,
        migrations: Sequence[MigrationRef] | None = None,
        actor: str = "me",
        overrides: Mapping[str, str] | None = None,
    ) -> Store:
        """``overrides``: settings that win over the database's on this machine (the config
        file's ``[time]`` table); checked like ``fcc config KEY VALUE`` before connecting."""
        pinned = check_overrides(overrides or {})
        clock = clock or SystemClock()
        db = open_database(target)
        try:
            store = cls(db, target, clock, actor)
            if target.path is not None:  # refuse a damaged file (a stat; quick_check when due)
                store._before_write(target.path)
            store.overrides = pinned
            if migrate:
                if migrations is not None or not store.schema_is_current():
                    store.last_migration = store.migrator(migrations).ensure_current()
                ensure_wal(db)
        except BaseException:
            db.close()
            raise
        return store

    def close(self) -> None:
        if not self.db.is_closed():
            self.db.close()
        lock = getattr(self.db, "writer_lock", None)
        if lock is not None:
            lock.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def schema_is_current(self) -> bool:
        """The common case in one query, without loading the migrator (~5 ms of imports)."""
        from fcc.store.sql.schema import latest_version

        try:
            row = self.db.execute_sql("SELECT max(version) FROM fcc_schema_migrations").fetchone()
        except pw.DatabaseError:
            return False  # no history table yet: the migrator creates it
        return row is not None and row[0] is not None and int(row[0]) == latest_version() > 0

    def changes_since_open(self) -> int:
        """Rows this store's SQLite connection has inserted, updated or deleted since it was
        opened (SQLite's ``total_changes``): how a command that only reads proves it wrote
        nothing (``fcc.tui.cli.base``)."""
        return int(self.db.connection().total_changes)

    def has_fcc_schema(self) -> bool:
        """Whether fcc's tables exist here at all (asked without creating anything: a store
        opened with ``migrate=False`` on a PostgreSQL workspace nobody has written to yet)."""
        if not is_postgres(self.db):
            sql = "SELECT 1 FROM sqlite_master WHERE name = 'fcc_schema_migrations'"
        else:
            sql = "SELECT to_regclass('fcc_schema_migrations')"
        row = self.db.execute_sql(sql).fetchone()
        return row is not None and row[0] is not None

    def migrator(self, migrations: Sequence[MigrationRef] | None = None) -> Migrator:
        from fcc.store.migrator import Migrator  # not on the path of an up-to-date start

        return Migrator(self.db, self.target, self.clock, migrations)

    @property
    def backend(self) -> str:
        return "postgres" if is_postgres(self.db) else "sqlite"

    def activity(self, limit: int = 50) -> list[rec.ActivityEntry]:
        """The newest changes first (without the batch markers that group them)."""
        rows = (t.Activity.select().where(t.Activity.entity != "batch")
                .order_by(t.Activity.id.desc()).limit(limit))
        return [rec.ActivityEntry(id=r.id, actor=r.actor, entity=r.entity, entity_id=r.entity_id,
                                  action=r.action, before=r.before, after=r.after, at=r.at)
                for r in rows]

    # --- the database as a whole -----------------------------------------------------------

    def backup(self, dest: Path | None = None, *, force: bool = False) -> Path:
        """A consistent copy of the SQLite file: next to it (rotated) or at ``dest``."""
        if self.target.path is None:
            raise FccError("db backup: back up a PostgreSQL database with pg_dump")
        conn = self.db.connection()
        # A copy of a damaged file is no backup: refused, so it never pushes good ones out.
        faults.check_now(self.target.path, conn, self.clock.now().timestamp())
        if dest is None:
            version = self.migrator().status().current
            return write_backup(conn, self.target.path, self.clock.now(), version)
        return backup_to(conn, dest, force=force, db_path=self.target.path)

    def backups(self) -> list[Path]:
        return [] if self.target.path is None else list_backups(self.target.path)

    def info(self) -> rec.DatabaseInfo:
        migrator = self.migrator()
        status = migrator.status()
        counts = []
        if status.current > 0:
            counts = [rec.TableCount(table=m._meta.table_name, rows=m.select().count())
                      for m in COUNTED]
        running = self.db.execute_sql("SELECT count(*) FROM active_timers").fetchone()[0] \
            if status.current > 0 else 0
        return rec.DatabaseInfo(
            location=self.target.display, backend=self.backend, workspace=self.target.workspace,
            schema_version=status.current, latest_version=status.latest,
            counts=tuple(counts), running_timers=int(running),
        )


def check_overrides(overrides: Mapping[str, str]) -> dict[str, str]:
    for key, value in overrides.items():
        if key not in SETTINGS:
            raise InvalidInput("setting", "one of " + ", ".join(sorted(SETTINGS)), key)
        check_setting(key, value)
    return dict(overrides)


__all__ = ["Store", "FccError"]
