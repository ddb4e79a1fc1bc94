"""``fcc db restore BACKUP``: put a checked backup in place of the database, keeping the file
it replaces (with its ``-wal`` and ``-shm``) beside it under a timestamped name.

Standard library only, and without opening the database through the store: the usual reason
to restore is a damaged file, which the store refuses to open.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from fcc.store import faults
from fcc.store.db import sqlite_header_ok
from fcc.store.errors import FccError, InvalidInput
from fcc.store.writelock import WriterLock

_STAMP = "%Y%m%dT%H%M%SZ"


@dataclass(frozen=True)
class Restored:
    database: Path
    backup: Path
    version: int
    kept_as: Path | None  # the file that was replaced, or None when there was none


def check_backup(db_path: Path, backup: Path) -> int:
    """The backup's schema version, after SQLite's full ``integrity_check`` passed on it;
    else a one-line error (exit 2: the argument names a file that cannot be restored)."""
    from fcc.store.sql.schema import latest_version

    backup = backup.expanduser().absolute()
    if not backup.is_file():
        raise InvalidInput("BACKUP", "an existing backup file", str(backup))
    if db_path.exists() and backup.samefile(db_path):
        raise InvalidInput("BACKUP", "a backup, not the database itself", str(backup))
    if backup.stat().st_size == 0 or not sqlite_header_ok(backup):
        raise InvalidInput("BACKUP", "a SQLite backup of fcc's database", str(backup))
    try:
        problem = faults.check_file(backup, full=True)
    except sqlite3.Error as exc:
        said = " ".join(str(exc).split())
        raise FccError(f"cannot read the backup {backup} ({said}); nothing was changed") from exc
    if problem is not None:
        raise FccError(f"the backup {backup} is damaged too ({problem}); nothing was changed")
    conn = sqlite3.connect(faults.read_only_uri(backup), uri=True)
    try:
        row = conn.execute("SELECT max(version) FROM fcc_schema_migrations").fetchone()
    except sqlite3.Error:
        row = None
    finally:
        conn.close()
    if row is None or row[0] is None:
        raise InvalidInput("BACKUP", "a backup of an fcc database", str(backup))
    version = int(row[0])
    if version > latest_version():
        raise FccError(f"the backup {backup} has schema version {version} but this fcc knows "
                       f"only up to {latest_version()}; upgrade fcc (nothing was changed)")
    return version


def kept_name(db_path: Path, at: dt.datetime) -> Path:
    """Where the replaced file goes: ``fcc.db.replaced-<UTC time>`` (``-2``, ... if taken)."""
    stamp = at.astimezone(dt.UTC).strftime(_STAMP)
    base = db_path.with_name(f"{db_path.name}.replaced-{stamp}")
    candidate, n = base, 1
    while any(Path(str(candidate) + extra).exists() for extra in ("", "-wal", "-shm")):
        n += 1
        candidate = base.with_name(f"{base.name}-{n}")
    return candidate


def restore(db_path: Path, backup: Path, at: dt.datetime) -> Restored:
    """Check ``backup``, move the database aside (never deleted, never overwritten) and copy
    the backup in. Other fcc writers wait on the writer lock meanwhile."""
    backup = backup.expanduser().absolute()
    version = check_backup(db_path, backup)
    tmp = db_path.with_name(f".{db_path.name}.restore-tmp-{os.getpid()}")
    kept: Path | None = None
    lock = WriterLock(str(db_path) + ".lock")
    try:
        with lock:
            try:
                shutil.copyfile(backup, tmp)
                with open(tmp, "rb+") as fh:
                    os.fsync(fh.fileno())
                os.chmod(tmp, 0o600)
            except OSError as exc:
                fault = faults.translate(exc, db_path)
                raise (fault or FccError(f"cannot copy {backup}: {exc.strerror}")) from exc
            if db_path.exists():
                kept = kept_name(db_path, at)
                os.rename(db_path, kept)
                for extra in ("-wal", "-shm", faults.DAMAGED):
                    side = Path(str(db_path) + extra)
                    if side.exists():
                        os.rename(side, str(kept) + extra)
            Path(str(db_path) + faults.CHECKED).unlink(missing_ok=True)
            try:
                os.link(tmp, db_path)  # never replaces a file that appeared meanwhile
            except FileExistsError:
                raise FccError(f"{db_path} appeared while restoring; nothing was replaced "
                               f"(the previous file is kept as {kept})") from None
    finally:
        tmp.unlink(missing_ok=True)
        lock.close()
    return Restored(database=db_path, backup=backup, version=version, kept_as=kept)
