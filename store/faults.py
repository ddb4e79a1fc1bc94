"""Faults of the disk, named: a read-only file, folder or mount, a full disk, an I/O error,
and a damaged (corrupt) database. Standard library only: the quick ``fcc status``/``start``/
``stop`` paths and the app's first frame use it without loading peewee.

* :func:`translate` turns an exception from SQLite (raw ``sqlite3`` or wrapped by peewee) or
  from the file system into the one-line :class:`~fcc.store.errors.FccError` that names the
  cause, or returns None when it is not a fault of the disk.
* A database SQLite reports as malformed is never written to again: the first command that
  meets the damage leaves a marker next to it (``fcc.db.damaged``, holding what SQLite said);
  every command looks for it with one ``stat`` and stops, naming the newest backup that passes
  ``PRAGMA quick_check`` and ``fcc db restore``.
* ``PRAGMA quick_check`` reads the whole file: 4-17 ms up to 2 MiB (~7,000 entries), so
  every write to such a file checks it first; 70-200 ms for 100,000 entries, too slow for
  every ``fcc start``: a larger file is checked before the first write of each day
  (``fcc.db.checked``'s modification time is when it last passed). It always runs before a
  backup, a migration, an import and a restore.
"""

from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path

from fcc.store.errors import DatabaseDamaged, DatabaseReadOnly, DiskFull, FccError

DAMAGED = ".damaged"
CHECKED = ".checked"
CHECK_EVERY_SECONDS = 24 * 3600
CHECK_ALWAYS_BYTES = 2 * 1024 * 1024  # ~7,000 entries: quick_check takes 4-17 ms here

# SQLite's primary result codes (the low byte of an extended code).
SQLITE_BUSY = 5
SQLITE_LOCKED = 6
SQLITE_READONLY = 8
SQLITE_IOERR = 10
SQLITE_CORRUPT = 11
SQLITE_FULL = 13
SQLITE_CANTOPEN = 14
SQLITE_NOTADB = 26
FAULT_CODES = (SQLITE_READONLY, SQLITE_IOERR, SQLITE_CORRUPT, SQLITE_FULL, SQLITE_CANTOPEN,
               SQLITE_NOTADB)


def sqlite_error(exc: BaseException | None) -> sqlite3.Error | None:
    """The ``sqlite3`` error behind ``exc``: itself, or the one peewee wrapped (its first
    argument), or one a failed rollback masked (its context); a fault of the disk first."""
    found: list[sqlite3.Error] = []
    todo = [exc]
    while todo and len(found) < 8:
        item = todo.pop(0)
        if item is None or any(item is f for f in found):
            continue
        if isinstance(item, sqlite3.Error) and getattr(item, "sqlite_errorcode", None) is not None:
            found.append(item)
        if item.args and isinstance(item.args[0], BaseException):
            todo.append(item.args[0])
        todo.extend((item.__cause__, item.__context__))
    faults = [f for f in found if int(f.sqlite_errorcode) & 0xFF in FAULT_CODES]
    chosen = faults or found
    return chosen[0] if chosen else None


def primary_code(exc: BaseException | None) -> int | None:
    found = sqlite_error(exc)
    code = None if found is None else getattr(found, "sqlite_errorcode", None)
    return None if code is None else int(code) & 0xFF


def is_damage(exc: BaseException | None) -> bool:
    return primary_code(exc) in (SQLITE_CORRUPT, SQLITE_NOTADB)


def decode_text(raw: bytes) -> str:
    """SQLite text as ``str``, for every fcc connection (``text_factory``): a value that is
    not valid UTF-8 (written by another program) is read with U+FFFD for its bad bytes
    instead of failing the whole query, so the rest of the data can still be seen and
    exported. ~0.1 µs per text value over the default."""
    return raw.decode("utf-8", "replace")


# --- diagnosis ---------------------------------------------------------------------------------


def free_bytes(folder: str | Path) -> int | None:
    try:
        st = os.statvfs(folder)
    except OSError:
        return None
    return st.f_bavail * st.f_frsize


def read_only_reason(path: str | Path) -> str | None:
    """Why ``path`` (a database file, or where one would be) cannot be written, or None."""
    path = Path(path)
    folder = path.parent
    try:
        if os.statvfs(folder).f_flag & os.ST_RDONLY:
            return f"its file system is mounted read-only (folder {folder})"
    except OSError:
        pass
    try:
        mode = path.stat().st_mode
    except OSError:
        mode = None
    if mode is not None and (not os.access(path, os.W_OK) or not mode & 0o222):
        return f"the file is not writable: mode {mode & 0o777:04o}"
    try:
        folder_mode = folder.stat().st_mode
    except OSError:
        return None
    if not os.access(folder, os.W_OK) or not folder_mode & 0o222:
        return f"its folder {folder} is not writable, and SQLite needs to create files there"
    return None


def _kib(n: int | None) -> str:
    return "?" if n is None else f"{n // 1024} KiB"


def disk_full(path: str | Path) -> DiskFull:
    free = free_bytes(Path(path).parent)
    return DiskFull(f"disk full: the database {path} could not be written ({_kib(free)} free "
                    "on its file system); nothing was changed")


def read_only(path: str | Path, reason: str) -> DatabaseReadOnly:
    return DatabaseReadOnly(f"the database {path} is read-only ({reason}); nothing was changed")


def translate(exc: BaseException, path: str | Path | None) -> FccError | None:
    """The one-line error for a fault of the disk behind ``exc``, else None.

    ``path``: the SQLite file (None for PostgreSQL, whose server reports its own disk)."""
    if isinstance(exc, FccError):
        return exc
    if isinstance(exc, OSError) and exc.errno is not None:
        where = exc.filename or path
        if exc.errno == errno.ENOSPC:
            return disk_full(path or where or "?")
        if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM) and path is not None:
            return read_only(path, read_only_reason(path) or f"{where}: {exc.strerror}")
        if exc.errno == errno.EIO:
            return FccError(f"input/output error on {where}; nothing was changed")
        return None
    code = primary_code(exc)
    if code is None or path is None:
        return None
    found = sqlite_error(exc)
    said = " ".join(str(found).split())
    if code in (SQLITE_BUSY, SQLITE_LOCKED):
        return FccError(f"the database {path} is busy: another program has held its write lock "
                        "too long; nothing was changed, try again")
    if code in (SQLITE_CORRUPT, SQLITE_NOTADB):
        mark_damaged(path, f"SQLite: {said}")
        return damaged(path, f"SQLite: {said}")
    if code == SQLITE_FULL:
        return disk_full(path)
    if code == SQLITE_READONLY:
        return read_only(path, read_only_reason(path) or said)
    if code == SQLITE_IOERR:
        free = free_bytes(Path(path).parent)
        if free is not None and free < 1024 * 1024:
            return disk_full(path)
        name = getattr(found, "sqlite_errorname", "SQLITE_IOERR")
        return FccError(f"input/output error on the database {path} ({name}: {said}); "
                        "nothing was changed")
    if code == SQLITE_CANTOPEN:
        reason = read_only_reason(path) or said
        return FccError(f"cannot open the database {path} ({reason})")
    return None


# --- damage ------------------------------------------------------------------------------------


def marker(path: str | Path) -> str:
    return str(path) + DAMAGED


def mark_damaged(path: str | Path, detail: str) -> None:
    """Remember that ``path`` is damaged (best effort: a read-only folder keeps no marker,
    and then each command finds the damage again)."""
    try:
        fd = os.open(marker(path), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.write(fd, detail.encode("utf-8", "replace")[:2000])
        finally:
            os.close(fd)
    except OSError:
        pass


def damage_noted(path: str | Path) -> str | None:
    """What the marker next to ``path`` says, or None (no marker: one failed ``stat``)."""
    try:
        with open(marker(path), "rb") as fh:
            text = fh.read(2000).decode("utf-8", "replace")
    except FileNotFoundError:
        return None
    except OSError:
        return "marked as damaged"
    return " ".join(text.split()) or "marked as damaged"


def check_file(path: str | Path, *, full: bool = False) -> str | None:
    """None when SQLite's ``quick_check`` (``integrity_check`` with ``full``) passes on the
    file at ``path``, opened read-only; else the first sign of damage it reports. Any other
    error (disk full, read-only, I/O) is raised: it says nothing about the file."""
    conn = sqlite3.connect(read_only_uri(path), uri=True, timeout=10)
    try:
        return check_connection(conn, full=full)
    finally:
        conn.close()


def read_only_uri(path: str | Path) -> str:
    from urllib.parse import quote

    return f"file:{quote(str(Path(path).absolute()))}?mode=ro"


def check_connection(conn: sqlite3.Connection, *, full: bool = False) -> str | None:
    """The damage ``quick_check`` (``integrity_check``) finds, or None. Only SQLite's
    SQLITE_CORRUPT/SQLITE_NOTADB or rows other than "ok" are damage; another error (a full
    disk, a read-only folder, an I/O error) is raised for :func:`translate` to name."""
    try:
        rows = conn.execute("PRAGMA integrity_check" if full else "PRAGMA quick_check"
                            ).fetchmany(3)
    except sqlite3.Error as exc:
        if is_damage(exc):
            return " ".join(str(exc).split())
        raise
    if rows and rows[0][0] == "ok":
        return None
    text = " ".join(str(r[0]) for r in rows).replace("*** in database main ***", "")
    return " ".join(text.split())[:300] or "no answer"


def newest_good_backup(path: str | Path) -> Path | None:
    """The newest automatic backup next to ``path`` that passes ``quick_check``."""
    from fcc.store.backup import list_backups

    for candidate in reversed(list_backups(Path(path))):
        try:
            if check_file(candidate) is None:
                return candidate
        except sqlite3.Error:
            continue  # unreadable now (I/O, permissions): not named as good
    return None


def damaged(path: str | Path, detail: str) -> DatabaseDamaged:
    good = newest_good_backup(path)
    if good is not None:
        advice = f"restore the newest good backup with: fcc db restore {good}"
    else:
        advice = ("no good backup is next to it; restore one of yours with fcc db restore FILE, "
                  "or recover what is readable with sqlite3's .recover")
    return DatabaseDamaged(f"the database {path} is damaged ({detail}); fcc stops rather than "
                           f"write to it: {advice} (fcc db check checks it again and clears "
                           "the mark if it is sound)")


def recheck(path: str | Path) -> bool:
    """``fcc db check``: SQLite's full ``integrity_check`` on the file. Sound: the damage mark
    (if any, e.g. left by an older fcc that took a full disk for damage) is removed and the
    answer is whether there was one. Damaged: marked and raised. Another fault: one line."""
    try:
        problem = check_file(path, full=True)
    except sqlite3.Error as exc:
        raise (translate(exc, path) or FccError(
            f"cannot check the database {path} ({' '.join(str(exc).split())})")) from exc
    if problem is not None:
        detail = f"SQLite's integrity_check: {problem}"
        mark_damaged(path, detail)
        raise damaged(path, detail)
    try:
        os.unlink(marker(path))
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise FccError(f"the database {path} is sound, but its mark {marker(path)} could not "
                       f"be removed ({exc.strerror}); remove it by hand") from exc
    return True


def refuse_if_marked(path: str | Path) -> None:
    detail = damage_noted(path)
    if detail is not None:
        raise damaged(path, detail)


def check_now(path: str | Path, conn: sqlite3.Connection, now_s: float) -> None:
    """``quick_check`` on ``conn`` (the database at ``path``): refuse and remember a damaged
    file, else note when it passed."""
    try:
        problem = check_connection(conn)
    except sqlite3.Error as exc:  # not damage: a full disk, a read-only file, an I/O error
        raise (translate(exc, path) or exc) from exc
    if problem is not None:
        detail = f"SQLite's quick_check: {problem}"
        mark_damaged(path, detail)
        raise damaged(path, detail)
    stamp = str(path) + CHECKED
    try:
        if not os.path.exists(stamp):
            os.close(os.open(stamp, os.O_WRONLY | os.O_CREAT, 0o600))
        os.utime(stamp, (now_s, now_s))
    except OSError:
        pass  # a read-only folder: the check runs again next time


def check_due(path: str | Path, now_s: float) -> bool:
    """Whether a write must run ``quick_check`` first: always on a file of up to
    ``CHECK_ALWAYS_BYTES`` (a few ms), else when the last passing check is a day old."""
    try:
        if os.stat(path).st_size <= CHECK_ALWAYS_BYTES:
            return True
        last = os.stat(str(path) + CHECKED).st_mtime
    except OSError:
        return True
    return not 0 <= now_s - last < CHECK_EVERY_SECONDS


def before_write(path: str | Path, conn: sqlite3.Connection, now_s: float) -> None:
    """What every write to a SQLite database does first: refuse a file marked as damaged (one
    ``stat``), and run the daily ``quick_check`` when it is due."""
    refuse_if_marked(path)
    if check_due(path, now_s):
        check_now(path, conn, now_s)
