"""The OS file lock fcc's SQLite writers queue on. Standard library only: the quick
``fcc start``/``stop`` path (``fcc.store.quick_timers``) takes it without loading peewee."""

from __future__ import annotations

import os


class WriterLock:
    """An OS file lock (``fcc.db.lock``) that fcc's writers queue on before BEGIN IMMEDIATE.

    SQLite's busy handler polls with growing sleeps, so under heavy contention one writer can
    lose every race until its timeout ends in "database is locked". Waiting on a blocking
    ``flock`` instead lets the kernel hand the lock over; it is released if the process dies.
    """

    def __init__(self, path: str) -> None:
        self.path = path
        self._fd: int | None = None

    def __enter__(self) -> WriterLock:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - not on POSIX: SQLite's own locking only
            return self
        if self._fd is None:
            try:
                self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            except OSError as exc:
                raise self._error(exc, "open") from exc
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX)
        except OSError as exc:  # e.g. ENOLCK on a network file system
            raise self._error(exc, "lock") from exc
        return self

    def _error(self, exc: OSError, verb: str) -> Exception:
        from fcc.store.errors import WriteLockError

        if isinstance(exc, IsADirectoryError):
            return WriteLockError(
                f"{self.path} is a folder; fcc needs a file of that name to queue its writes "
                "(remove the folder; fcc creates the file)")
        reason = exc.strerror or type(exc).__name__
        return WriteLockError(f"cannot {verb} the write lock {self.path}: {reason}")

    def __exit__(self, *exc: object) -> None:
        if self._fd is not None:
            import fcntl

            fcntl.flock(self._fd, fcntl.LOCK_UN)

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
