"""The store: fcc's one way into the database.

``Store.open(target, clock)`` connects, applies pending migrations (backing up a non-empty
SQLite file first) and binds the tables. Verbs take validated input, write the activity log in
the same transaction, and return immutable records.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import peewee as pw

from fcc.migrations import MigrationRef
from fcc.store import records as rec
from fcc.store import tables as t
from fcc.store.backup import backup_to, list_backups, write_backup
from fcc.store.clock import Clock, SystemClock
from fcc.store.db import ensure_wal, is_postgres, open_database
from fcc.store.errors import FccError, IntegrityViolation, InvalidInput, NotFound
from fcc.store.migrator import MigrationRun, Migrator
from fcc.store.target import Target

if TYPE_CHECKING:
    from fcc.store.inputs import ClientInput, ProjectInput

COUNTED = (
    t.Client, t.Project, t.Board, t.WorkItem, t.Sprint, t.TimeEntry, t.Cycle, t.Goal,
    t.WeeklyPlan, t.Approval, t.Activity,
)


class Store:
    def __init__(self, db: pw.Database, target: Target, clock: Clock, actor: str = "me") -> None:
        self.db = db
        self.target = target
        self.clock = clock
        self.actor = actor
        self.last_migration: MigrationRun | None = None
        # One open store per process: the tables are bound through a module-level proxy.
        t.database_proxy.initialize(db)

    @classmethod
    def open(
        cls,
        target: Target,
        clock: Clock | None = None,
        *,
        migrate: bool = True,
        migrations: Sequence[MigrationRef] | None = None,
        actor: str = "me",
    ) -> Store:
        clock = clock or SystemClock()
        db = open_database(target)
        try:
            store = cls(db, target, clock, actor)
            if migrate:
                store.last_migration = store.migrator(migrations).ensure_current()
                ensure_wal(db)
        except BaseException:
            db.close()
            raise
        return store

    def close(self) -> None:
        if not self.db.is_closed():
            self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def migrator(self, migrations: Sequence[MigrationRef] | None = None) -> Migrator:
        return Migrator(self.db, self.target, self.clock, migrations)

    @property
    def backend(self) -> str:
        return "postgres" if is_postgres(self.db) else "sqlite"

    @contextmanager
    def atomic(self) -> Iterator[None]:
        try:
            with self.db.atomic():
                yield
        except pw.IntegrityError as exc:
            raise IntegrityViolation(_one_line(exc)) from exc

    # --- activity log ----------------------------------------------------------------------

    def _log(self, entity: str, entity_id: object, action: str,
             before: dict[str, Any] | None, after: dict[str, Any] | None) -> None:
        t.Activity.create(
            actor=self.actor, entity=entity, entity_id=str(entity_id), action=action,
            before=None if before is None else json.dumps(before, default=str, sort_keys=True),
            after=None if after is None else json.dumps(after, default=str, sort_keys=True),
            at=self.clock.now(),
        )

    def activity(self, limit: int = 50) -> list[rec.ActivityEntry]:
        rows = t.Activity.select().order_by(t.Activity.id.desc()).limit(limit)
        return [rec.ActivityEntry(id=r.id, actor=r.actor, entity=r.entity, entity_id=r.entity_id,
                                  action=r.action, before=r.before, after=r.after, at=r.at)
                for r in rows]

    # --- clients and projects --------------------------------------------------------------

    def create_client(self, data: dict[str, Any] | ClientInput) -> rec.Client:
        from fcc.store.inputs import ClientInput, parse  # pydantic loads only when needed

        value = data if isinstance(data, ClientInput) else parse(ClientInput, data)
        now = self.clock.now()
        with self.atomic():
            if t.Client.select().where(pw.fn.lower(t.Client.name) == value.name.lower()).exists():
                raise InvalidInput("name", "a client name not used yet", value.name)
            row = t.Client.create(
                name=value.name, email=value.email, currency=value.currency,
                hourly_rate=value.hourly_rate, created_at=now, updated_at=now,
            )
            client = _client(row)
            self._log("client", client.uuid, "create", None, rec.as_dict(client))
        return client

    def list_clients(self, *, include_archived: bool = False) -> list[rec.Client]:
        query = t.Client.select().where(t.Client.merged_into.is_null())
        if not include_archived:
            query = query.where(~t.Client.archived)
        return [_client(r) for r in query.order_by(pw.fn.lower(t.Client.name))]

    def _client_by_name(self, name: str) -> t.Client:
        row = t.Client.get_or_none(pw.fn.lower(t.Client.name) == name.strip().lower())
        if row is None:
            known = [c.name for c in t.Client.select(t.Client.name)]
            raise NotFound(f"client: no client named {name!r}" + _close(name, known))
        return row

    def create_project(self, data: dict[str, Any] | ProjectInput) -> rec.Project:
        from fcc.store.inputs import ProjectInput, parse

        value = data if isinstance(data, ProjectInput) else parse(ProjectInput, data)
        now = self.clock.now()
        with self.atomic():
            client = self._client_by_name(value.client) if value.client else None
            clash = t.Project.select().where(pw.fn.lower(t.Project.name) == value.name.lower())
            clash = clash.where(t.Project.client == client) if client else clash.where(
                t.Project.client.is_null())
            if clash.exists():
                raise InvalidInput("name", "a project name not used yet for this client", value.name)
            row = t.Project.create(
                client=client, name=value.name, hourly_rate=value.hourly_rate,
                budget_hours=value.budget_hours, status=value.status,
                created_at=now, updated_at=now,
            )
            project = self._project(row.id)
            self._log("project", project.uuid, "create", None, rec.as_dict(project))
        return project

    def _project(self, project_id: int) -> rec.Project:
        row = (t.Project.select(t.Project, t.Client.name.alias("client_name"))
               .join(t.Client, pw.JOIN.LEFT_OUTER).where(t.Project.id == project_id)
               .objects().get_or_none())
        if row is None:
            raise NotFound(f"project: no project with id {project_id}")
        return _project(row)

    def list_projects(self, *, include_archived: bool = False) -> list[rec.Project]:
        query = (t.Project.select(t.Project, t.Client.name.alias("client_name"))
                 .join(t.Client, pw.JOIN.LEFT_OUTER)
                 .where(t.Project.merged_into.is_null()))
        if not include_archived:
            query = query.where(~t.Project.archived)
        return [_project(r) for r in query.order_by(pw.fn.lower(t.Project.name)).objects()]

    # --- the database as a whole -----------------------------------------------------------

    def backup(self, dest: Path | None = None, *, force: bool = False) -> Path:
        """A consistent copy of the SQLite file: next to it (rotated) or at ``dest``."""
        if self.target.path is None:
            raise FccError("db backup: back up a PostgreSQL database with pg_dump")
        conn = self.db.connection()
        if dest is None:
            version = self.migrator().status().current
            return write_backup(conn, self.target.path, self.clock.now(), version)
        return backup_to(conn, dest, force=force)

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


def _client(row: t.Client) -> rec.Client:
    return rec.Client(
        id=row.id, uuid=str(row.uuid), name=row.name, email=row.email, currency=row.currency,
        hourly_rate=row.hourly_rate, archived=bool(row.archived), created_at=row.created_at,
    )


def _project(row: Any) -> rec.Project:
    return rec.Project(
        id=row.id, uuid=str(row.uuid), name=row.name, client_id=row.client_id,
        client_name=getattr(row, "client_name", None), hourly_rate=row.hourly_rate,
        budget_hours=row.budget_hours, status=row.status, archived=bool(row.archived),
        created_at=row.created_at,
    )


def _close(name: str, known: list[str]) -> str:
    import difflib

    close = difflib.get_close_matches(name, known, n=3, cutoff=0.5)
    return f"; did you mean {', '.join(close)}?" if close else ""


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text or type(exc).__name__


__all__ = ["Store", "FccError"]
