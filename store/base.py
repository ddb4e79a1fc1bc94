"""What every group of store verbs shares: the database, the clock, the activity log."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
import zlib
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any

import peewee as pw

from fcc.store import faults
from fcc.store import tables as t
from fcc.store.clock import Clock
from fcc.store.errors import FccError, IntegrityViolation
from fcc.store.prefs import Prefs, check_setting
from fcc.store.rows import tuples
from fcc.store.sql import activity
from fcc.store.sql.dialect import POSTGRES, SQLITE, Dialect
from fcc.store.sql.settings import load_prefs
from fcc.store.target import Target


@dataclasses.dataclass
class Batch:
    id: str
    action: str
    message: str = ""


class StoreBase:
    def __init__(self, db: pw.Database, target: Target, clock: Clock, actor: str = "me") -> None:
        self.db = db
        self.target = target
        self.clock = clock
        self.actor = actor
        self._prefs: Prefs | None = None
        # Settings this machine's config file pins; they beat the database's (see prefs).
        self.overrides: dict[str, str] = {}
        self._batch: Batch | None = None
        self._checked_s: float | None = None  # when this store last ran faults.before_write
        # One open store per process: the tables are bound through a module-level proxy.
        t.database_proxy.initialize(db)
        # The SQL core (fcc.store.sql) runs on this connection's DB-API cursor, in the verbs'
        # transaction: ``self.db.cursor()`` and this dialect.
        self.dialect: Dialect = POSTGRES if isinstance(db, pw.PostgresqlDatabase) else SQLITE

    @contextmanager
    def atomic(self) -> Iterator[None]:
        """One transaction (joined when one is open). On SQLite the outermost one first checks
        the file (``faults.before_write``: refused when damaged, ``quick_check`` once a day),
        and a fault of the disk is one line naming it (``faults.translate``)."""
        lock = getattr(self.db, "writer_lock", None)
        outermost = not self.db.in_transaction()
        if lock is None or not outermost:
            lock = nullcontext()
        path = self.target.path
        try:
            cause = getattr(self.db, "read_only_cause", None)
            if outermost and cause is not None:
                raise cause  # opened read-only (see db.open_database): say why, write nothing
            if outermost and path is not None:
                self._before_write(path)
            with lock, self.db.atomic():
                yield
        except FccError:
            raise
        except Exception as exc:
            if is_integrity_error(exc):  # peewee's, or the driver's (the SQL core's cursor)
                raise IntegrityViolation(one_line(exc)) from exc
            fault = faults.translate(exc, path) if outermost else None
            if fault is None:
                raise
            raise fault from exc

    def _before_write(self, path: Path) -> None:
        """``faults.before_write`` (the damage marker, and ``quick_check`` when due) once per
        store and day: an import's fifty chunks or the app's day of changes check the file
        once, not once per transaction; every other write still looks for the marker."""
        now_s = self.clock.now().timestamp()
        last = self._checked_s
        if last is not None and 0 <= now_s - last < faults.CHECK_EVERY_SECONDS:
            faults.refuse_if_marked(path)
            return
        faults.before_write(path, self.db.connection(), now_s)
        self._checked_s = now_s

    @contextmanager
    def change(self, action: str) -> Iterator[Batch]:
        """One user action: one transaction, one activity batch (what ``undo`` reverts).

        Set ``batch.message`` inside; it is logged with the batch and is what ``undo`` says.
        Nested calls join the outer change.
        """
        if self._batch is not None:
            yield self._batch
            return
        batch = Batch(uuid.uuid4().hex, action)
        with self.atomic():
            self.take_turn()
            self._batch = batch
            try:
                yield batch
                self._log("batch", batch.id, action, None, {"message": batch.message})
            finally:
                self._batch = None

    def take_turn(self) -> None:
        """On PostgreSQL, writers to one workspace take turns, as SQLite's BEGIN IMMEDIATE
        makes them do: a verb's checks (overlap, running timers) stay true until it commits.
        The lock is the workspace's own: advisory locks span the whole database, and two
        workspaces (schemas) in one database never wait for each other."""
        if isinstance(self.db, pw.PostgresqlDatabase):
            self.db.execute_sql("SELECT pg_advisory_xact_lock(%s)",
                                (writer_lock_key(self.target.schema),))

    def today(self) -> dt.date:
        """Today in the user's zone (``prefs.zone``), by the store's clock."""
        from fcc.store.when import local_date

        return local_date(self.clock.now(), self.prefs.zone)

    # --- preferences -------------------------------------------------------------------------

    @property
    def prefs(self) -> Prefs:
        """The database's settings, with this machine's :attr:`overrides` on top."""
        if self._prefs is None:
            self._prefs = load_prefs(self.db.cursor(), self.dialect, self.overrides)
        return self._prefs

    def settings(self) -> dict[str, str]:
        """The settings stored in the database (shared by every machine that uses it)."""
        return dict(tuples(t.Setting.select(t.Setting.key, t.Setting.value)))

    def set_setting(self, key: str, value: str) -> None:
        check_setting(key, value)
        with self.change("set") as batch:
            batch.message = f"set {key} to {value}"
            old = t.Setting.get_or_none(t.Setting.key == key)
            before = None if old is None else {"key": key, "value": old.value}
            (t.Setting.insert(key=key, value=value)
             .on_conflict(conflict_target=[t.Setting.key], update={t.Setting.value: value})
             .execute())
            self._log("setting", key, "set", before, {"key": key, "value": value})
        self._prefs = None

    def unset_setting(self, key: str) -> None:
        with self.change("unset") as batch:
            batch.message = f"unset {key}"
            old = t.Setting.get_or_none(t.Setting.key == key)
            if old is not None:
                t.Setting.delete().where(t.Setting.key == key).execute()
                self._log("setting", key, "unset", {"key": key, "value": old.value}, None)
        self._prefs = None

    # --- activity log ------------------------------------------------------------------------

    def _log(self, entity: str, entity_id: object, action: str,
             before: dict[str, Any] | None, after: dict[str, Any] | None) -> int:
        return activity.log(
            self.db.cursor(), self.dialect, uuid=t.new_uuid().hex, actor=self.actor,
            entity=entity, entity_id=entity_id, action=action,
            batch=None if self._batch is None else self._batch.id, before=before, after=after,
            at=int(self.clock.now().timestamp()))


def writer_lock_key(schema: str | None) -> int:
    """The advisory lock key of a workspace's writers (the migrator's is another one)."""
    return zlib.crc32(f"fcc-write:{schema}".encode())


def is_integrity_error(exc: BaseException) -> bool:
    """A constraint refused a write: peewee's IntegrityError, or sqlite3's or psycopg's (the
    SQL core runs on the driver's cursor, which peewee does not wrap)."""
    return any(cls.__name__ == "IntegrityError" for cls in type(exc).__mro__)


def one_line(exc: BaseException) -> str:
    """The error's message on one line: from PostgreSQL its message and detail, without the
    CONTEXT a trigger's refusal comes with (the function's name and line: no news to the
    user)."""
    said: str | None = None
    seen: BaseException | None = exc
    while seen is not None and said is None:  # the driver's error, under peewee's
        diag = getattr(seen, "diag", None)
        if diag is not None and diag.message_primary:
            said = " ".join(filter(None, (diag.message_primary, diag.message_detail)))
        seen = seen.__cause__ or seen.__context__
    text = " ".join(str(said or exc).split())
    return text or type(exc).__name__
