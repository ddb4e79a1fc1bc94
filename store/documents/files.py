"""Writing a document to a file: whole or not at all, never over an existing file unless
forced, and one line naming the file and the cause when it cannot be written."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from fcc.store.errors import FccError


class DocumentPathError(FccError):
    """The file named for a document cannot be written there: bad input (exit 2)."""

    exit_code = 2


def write_document(path: Path, data: bytes, *, force: bool = False) -> Path:
    """Write ``data`` to ``path`` through a temporary file beside it, renamed over ``path`` at
    the end (a reader never sees half a document; a failure leaves no temporary file). Refuses
    an existing file unless ``force``, and anything that is not a regular file even then.
    Returns the absolute path written."""
    path = Path(path).expanduser().absolute()
    _check(path, force=force)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        # O_EXCL: never follows or reuses a file someone put at the temporary name
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        if force:
            os.replace(tmp, path)
        else:
            _link_new(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise _cannot_write(path, exc) from None
    return path


def _link_new(tmp: Path, path: Path) -> None:
    """``tmp`` renamed to ``path`` only if ``path`` does not exist yet: a hard link fails
    instead of replacing a file made since :func:`_check` looked (a file system without hard
    links gets the check and a rename)."""
    try:
        os.link(tmp, path)
    except FileExistsError:
        tmp.unlink(missing_ok=True)
        raise DocumentPathError(f"{path} exists; choose another file or pass --force") from None
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
            raise
        if path.exists():
            tmp.unlink(missing_ok=True)
            raise DocumentPathError(f"{path} exists; choose another file or pass --force") \
                from None
        os.replace(tmp, path)
    else:
        tmp.unlink(missing_ok=True)


def _check(path: Path, *, force: bool) -> None:
    folder = path.parent
    if not folder.is_dir():
        what = "is not a folder" if folder.exists() else "does not exist"
        raise DocumentPathError(f"cannot write {path}: the folder {folder} {what}")
    try:
        mode: int | None = os.stat(path).st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise _cannot_write(path, exc) from None
    if mode is None:
        return
    if stat.S_ISDIR(mode):
        raise DocumentPathError(f"cannot write {path}: it is a folder; give a file name")
    if not stat.S_ISREG(mode):
        from fcc.store.files import kind_of

        raise DocumentPathError(f"cannot write {path}: it is {kind_of(mode)}, not a file")
    if not force:
        raise DocumentPathError(f"{path} exists; choose another file or pass --force")


def _cannot_write(path: Path, exc: OSError) -> FccError:
    if exc.errno == errno.ENOSPC:
        return FccError(f"cannot write {path}: the disk is full; nothing was written")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return DocumentPathError(f"cannot write {path}: the folder {path.parent} is read-only "
                                 f"for you; nothing was written")
    reason = exc.strerror or type(exc).__name__
    return FccError(f"cannot write {path}: {reason}; nothing was written")
