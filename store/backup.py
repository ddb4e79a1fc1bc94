"""Backups of SQLite databases with SQLite's online backup API.

Automatic backups (before a migration) go next to the database as
``fcc.db.backup-<UTC time>-<seq>-v<schema>``; they are never overwritten (a new name is
reserved with a hard link, which fails rather than replace), and only the newest
``KEEP_BACKUPS`` (by when they were written) are kept.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import re
import sqlite3
import stat
from pathlib import Path

from fcc.store.errors import DiskFull, FccError
from fcc.store.faults import CHECKED, DAMAGED

KEEP_BACKUPS = 5
_STAMP = "%Y%m%dT%H%M%SZ"


def _pattern(db_path: Path) -> re.Pattern[str]:
    return re.compile(re.escape(db_path.name) + r"\.backup-(\d{8}T\d{6}Z)-(\d+)-v(\d+)$")


def list_backups(db_path: Path) -> list[Path]:
    """Automatic backups of ``db_path``, oldest first (by write time, then name)."""
    pattern = _pattern(db_path)
    found = [p for p in db_path.parent.glob(db_path.name + ".backup-*") if pattern.match(p.name)]

    def key(p: Path) -> tuple[int, str, int]:
        m = pattern.match(p.name)
        assert m is not None
        return (p.stat().st_mtime_ns, m.group(1), int(m.group(2)))

    return sorted(found, key=key)


def copy_database(source: sqlite3.Connection, dest: Path) -> None:
    """Write a consistent copy of ``source`` to ``dest`` (which must not exist yet)."""
    out = sqlite3.connect(dest)
    try:
        source.backup(out)
        out.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
    finally:
        out.close()
    os.chmod(dest, 0o600)


def write_backup(
    source: sqlite3.Connection, db_path: Path, at: dt.datetime, schema_version: int
) -> Path:
    """Back up to a fresh name next to ``db_path`` and prune to the newest KEEP_BACKUPS."""
    stamp = at.astimezone(dt.UTC).strftime(_STAMP)
    tmp = db_path.with_name(f".{db_path.name}.backup-tmp-{os.getpid()}")
    tmp.unlink(missing_ok=True)
    try:
        copy_database(source, tmp)
        pattern = _pattern(db_path)
        taken = [int(m.group(2)) for p in db_path.parent.glob(f"{db_path.name}.backup-{stamp}-*")
                 if (m := pattern.match(p.name))]
        seq = max(taken, default=0) + 1
        while True:
            final = db_path.with_name(f"{db_path.name}.backup-{stamp}-{seq:02d}-v{schema_version}")
            try:
                os.link(tmp, final)  # atomic, and never replaces an existing backup
                break
            except FileExistsError:
                seq += 1
    except (OSError, sqlite3.Error) as exc:
        raise _cannot_write(f"a backup next to {db_path}", db_path.parent, exc) from exc
    finally:
        tmp.unlink(missing_ok=True)
        tmp.with_name(tmp.name + "-journal").unlink(missing_ok=True)
    prune_backups(db_path)
    return final


def prune_backups(db_path: Path, keep: int = KEEP_BACKUPS) -> list[Path]:
    backups = list_backups(db_path)
    doomed = backups[:-keep] if keep > 0 else backups
    for path in doomed:
        path.unlink(missing_ok=True)
    return doomed


class BadBackupPath(FccError):
    """``fcc db backup PATH`` names something a backup must not replace: bad input."""

    exit_code = 2


def _refuse_path(dest: Path, db_path: Path | None) -> None:
    """A backup goes to a new path or replaces a regular file, never a device, FIFO or
    socket, and never the database or one of the files SQLite and fcc keep beside it."""
    try:
        mode = os.stat(dest).st_mode  # through a symbolic link: what would be written
    except OSError:
        mode = None
    if mode is not None and not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
        from fcc.store.files import kind_of

        raise BadBackupPath(f"PATH: expected a new file or a regular file, got {dest} "
                            f"({kind_of(mode)}); nothing was written")
    if db_path is None:
        return
    resolved = dest.resolve()
    for extra in ("", "-wal", "-shm", "-journal", ".lock", DAMAGED, CHECKED):
        kept = Path(str(db_path) + extra)
        same = resolved == kept.resolve()
        if not same and mode is not None and kept.exists():
            try:
                same = os.path.samefile(dest, kept)
            except OSError:
                same = False
        if same:
            what = "the database itself" if not extra else f"the database's {extra} file"
            raise BadBackupPath(f"PATH: expected a file apart from the database, got {dest} "
                                f"({what}); nothing was written")


def backup_to(source: sqlite3.Connection, dest: Path, *, force: bool = False,
              db_path: Path | None = None) -> Path:
    """``fcc db backup PATH``: refuse to replace an existing file unless forced, and refuse
    anything that is not a regular file and the database's own files even then."""
    dest = dest.expanduser().absolute()
    _refuse_path(dest, db_path)
    if dest.is_dir():
        raise FccError(f"backup path {dest} is a folder; give a file name")
    if dest.exists() and not force:
        raise FccError(f"backup path {dest} exists; choose a new name or pass --force")
    if not dest.parent.exists():
        raise FccError(f"backup folder {dest.parent} does not exist")
    tmp = dest.with_name(f".{dest.name}.tmp-{os.getpid()}")
    tmp.unlink(missing_ok=True)
    try:
        copy_database(source, tmp)
        os.replace(tmp, dest)
    except (OSError, sqlite3.Error) as exc:
        raise _cannot_write(f"the backup {dest}", dest.parent, exc) from exc
    finally:
        tmp.unlink(missing_ok=True)
        tmp.with_name(tmp.name + "-journal").unlink(missing_ok=True)
    return dest


def _cannot_write(what: str, folder: Path, exc: BaseException) -> FccError:
    """One line for a backup that could not be written (the database itself is unchanged)."""
    from fcc.store import faults

    code = faults.primary_code(exc)
    free = faults.free_bytes(folder)
    if (isinstance(exc, OSError) and exc.errno == errno.ENOSPC) or code == faults.SQLITE_FULL \
            or (code == faults.SQLITE_IOERR and free is not None and free < 1024 * 1024):
        kib = "?" if free is None else f"{free // 1024} KiB"
        return DiskFull(f"disk full: cannot write {what} ({kib} free); the database is "
                        "unchanged and no partial backup was left")
    denied = (isinstance(exc, OSError) and exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS)) \
        or code in (faults.SQLITE_CANTOPEN, faults.SQLITE_READONLY)
    reason = faults.read_only_reason(folder / ".fcc-probe") if denied else None
    if reason is not None:  # (about a file that is not there: the mount or the folder)
        reason = reason.split(", and SQLite")[0]
        return FccError(f"cannot write {what}: {reason} (read-only); the database is unchanged")
    reason = (exc.strerror if isinstance(exc, OSError) else None) or " ".join(str(exc).split())
    return FccError(f"cannot write {what}: {reason}; the database is unchanged")
