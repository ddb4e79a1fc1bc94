"""Open fcc's database: SQLite (WAL) by default, PostgreSQL by URL.

``open_database`` never repairs, truncates or overwrites a file it does not recognise: a file
that is not SQLite, or that SQLite reports as corrupt, is refused with a clear message.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import time
from pathlib import Path

import peewee as pw

from fcc.store import faults
from fcc.store.errors import DatabaseOpenError, DatabaseReadOnly, DiskFull, FccError, NotADatabase
from fcc.store.target import Target
from fcc.store.writelock import WriterLock

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 10_000

# journal_mode is not here: switching to WAL writes to the file, so it happens only once the
# file is known to be fcc's (see ensure_wal).
SQLITE_PRAGMAS = (
    ("foreign_keys", 1),
    ("busy_timeout", BUSY_TIMEOUT_MS),
    ("synchronous", "NORMAL"),
)


class FccSqliteDatabase(pw.SqliteDatabase):
    """Every write transaction takes the write lock up front (BEGIN IMMEDIATE): a reader that
    later tries to write can otherwise fail at once with SQLITE_BUSY, whatever the timeout."""

    def __init__(self, path: str, *, immutable: bool = False) -> None:
        self.writer_lock = WriterLock(path + ".lock")
        # immutable: a file in a folder (or on a mount) nobody can write to, whose WAL index
        # SQLite cannot create; readable as it stands, and every write says read-only.
        self.immutable = immutable
        self.read_only_cause: FccError | None = None  # why it was opened immutable
        super().__init__(
            faults.read_only_uri(path) + "&immutable=1" if immutable else path,
            pragmas=SQLITE_PRAGMAS,
            timeout=BUSY_TIMEOUT_MS / 1000,
            lock_type="IMMEDIATE",
            check_same_thread=False,
            uri=immutable,
        )

    def _add_conn_hooks(self, conn: sqlite3.Connection) -> None:
        conn.text_factory = faults.decode_text  # a value that is not UTF-8: read, not fatal
        super()._add_conn_hooks(conn)  # type: ignore[misc]

    def rollback(self) -> None:
        """SQLite rolls a transaction back itself on some errors (a full disk, an I/O error):
        then there is nothing to roll back, and ROLLBACK's own error ("cannot rollback - no
        transaction is active") must not hide the real one."""
        conn = self._state.conn  # type: ignore[attr-defined]
        if conn is not None and not conn.in_transaction:
            return
        super().rollback()


class FccPostgresDatabase(pw.PostgresqlDatabase):
    """Each connection sees only its workspace's schema: the search path is a connection
    option the server applies at startup (no SET and COMMIT round trips per connection).
    Schema names are ``fcc_`` and lowercase letters, digits and ``_`` (see Target), so the
    option needs no quoting."""

    def __init__(self, url_params: dict, schema: str) -> None:
        self.fcc_schema = schema
        params = dict(url_params)
        params["options"] = f"{params.get('options') or ''} -c search_path={schema}".strip()
        super().__init__(**params)


def ensure_wal(db: pw.Database) -> None:
    """Switch an fcc SQLite file to WAL (persistent, so normally a no-op read).

    The switch needs a moment of exclusive access and SQLite reports SQLITE_BUSY for it
    without consulting the busy handler, so wait and retry while other processes hold it.
    """
    if is_postgres(db) or getattr(db, "immutable", False):
        return
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        mode = db.execute_sql("PRAGMA journal_mode").fetchone()[0]
        if str(mode).lower() == "wal":
            return
        try:
            db.execute_sql("PRAGMA journal_mode = wal")
        except pw.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise DatabaseOpenError(f"cannot switch the database to WAL mode: {exc}") from exc
            time.sleep(0.02)


def sqlite_header_ok(path: Path) -> bool:
    with path.open("rb") as fh:
        head = fh.read(len(SQLITE_HEADER))
    return head == SQLITE_HEADER


def _prepare_sqlite_file(target: Target) -> Path:
    path = target.path
    assert path is not None
    if path.is_dir():
        raise NotADatabase(f"{path} is a directory, not a SQLite database")
    parent = path.parent
    if not parent.exists():
        if not target.is_default_path:
            raise DatabaseOpenError(f"cannot create {path}: the folder {parent} does not exist")
        parent.mkdir(parents=True, mode=0o700)
        os.chmod(parent, 0o700)  # mkdir's mode is masked by the umask
    if path.exists():
        if path.stat().st_size > 0 and not sqlite_header_ok(path):
            raise NotADatabase(
                f"{path} is not a SQLite database; fcc will not open or overwrite it"
            )
    else:
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
            os.close(fd)
            os.chmod(path, 0o600)
        except FileExistsError:
            pass  # another process created it first
        except OSError as exc:
            reason = faults.read_only_reason(path) or exc.strerror
            if exc.errno == errno.ENOSPC:
                reason = "disk full"
            raise DatabaseOpenError(f"cannot create {path}: {reason}") from exc
    return path


def _connect_sqlite(path: Path, *, immutable: bool = False) -> FccSqliteDatabase:
    db = FccSqliteDatabase(str(path), immutable=immutable)
    try:
        db.connect()
        # Reading the schema fails fast on a damaged file instead of on first use.
        db.execute_sql("SELECT count(*) FROM sqlite_master").fetchone()
    except BaseException:
        db.close()
        raise
    return db


def _has_wal(path: Path) -> bool:
    try:
        return os.path.getsize(str(path) + "-wal") > 0
    except OSError:
        return False


def _postgres_params(url: str) -> dict:
    from playhouse.db_url import parse

    return dict(parse(url))


def open_database(target: Target) -> pw.Database:
    """Connect to the target, with pragmas applied; raise a one-line error if it cannot."""
    if target.backend == "sqlite":
        path = _prepare_sqlite_file(target)
        faults.refuse_if_marked(path)  # one stat: a file found damaged before stays refused
        try:
            return _connect_sqlite(path)
        except (pw.DatabaseError, sqlite3.DatabaseError) as exc:
            fault = faults.translate(exc, path)
            reason = faults.read_only_reason(path)
            if faults.primary_code(exc) in (faults.SQLITE_READONLY, faults.SQLITE_CANTOPEN) \
                    and reason:
                fault = faults.read_only(path, reason)
            if isinstance(fault, (DatabaseReadOnly, DiskFull)) and not _has_wal(path):
                # SQLite cannot create or grow the WAL index (-shm) here. With nothing in the
                # WAL the file alone is the database: read it as it stands; writes say why not.
                try:
                    db = _connect_sqlite(path, immutable=True)
                except (pw.DatabaseError, sqlite3.DatabaseError):
                    pass
                else:
                    db.read_only_cause = fault
                    return db
            if fault is not None:
                raise fault from exc
            raise NotADatabase(f"{path} cannot be read as a SQLite database ({exc})") from exc

    try:
        import psycopg  # noqa: F401
    except ImportError:
        try:
            import psycopg2  # noqa: F401
        except ImportError:
            raise DatabaseOpenError(
                "PostgreSQL needs a driver: pip install 'fcc[postgres]'"
            ) from None
    assert target.url is not None and target.schema is not None
    params = _postgres_params(target.url)
    pg = FccPostgresDatabase(params, target.schema)
    try:
        pg.connect()
    except (pw.DatabaseError, pw.InterfaceError) as exc:  # (a bad ?option is a ProgrammingError)
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        password = str(params.get("password") or "")
        if password:
            first = first.replace(password, "***")  # never shown, whatever the driver says
        raise DatabaseOpenError(f"cannot connect to {target.display}: {first}") from exc
    return pg


def is_postgres(db: pw.Database) -> bool:
    return isinstance(db, pw.PostgresqlDatabase)
