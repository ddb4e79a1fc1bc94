"""Reading a file a user names (the config file, an import) without being led astray: only a
regular file is read, and at most a given size. A FIFO hung ``fcc`` forever (opening it waits
for a writer, reading it for data) and ``/dev/zero`` grew memory without bound. Standard
library only: the quick paths read the config file through it."""

from __future__ import annotations

import os

TYPE_CHECKING = False  # typing is not imported at run time: fcc start/stop load this module
if TYPE_CHECKING:
    from pathlib import Path


class Unreadable(Exception):
    """Not a file fcc reads: ``str(err)`` says why ("expected a regular file, got a FIFO")."""


def read_regular(path: str | Path, max_bytes: int | None = None) -> bytes | None:
    """The file's bytes; None when there is no file. Raises :class:`Unreadable` for anything
    but a regular file (checked with ``fstat`` on the file opened with ``O_NONBLOCK``, so a
    FIFO is not waited on) or one larger than ``max_bytes``; ``OSError`` otherwise."""
    import stat

    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise Unreadable(f"expected a regular file, got {kind_of(info.st_mode)}")
        limit = f"a file of at most {_size(max_bytes)}" if max_bytes is not None else ""
        if max_bytes is not None and info.st_size > max_bytes:
            raise Unreadable(f"expected {limit}, got {info.st_size:,} bytes")
        chunks = []
        size = 0
        while max_bytes is None or size <= max_bytes:  # it may grow while it is read
            chunk = os.read(fd, 1 << 20 if max_bytes is None else max_bytes + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if max_bytes is not None and size > max_bytes:
            raise Unreadable(f"expected {limit}, got more")
    finally:
        os.close(fd)
    return b"".join(chunks)


def _size(count: int) -> str:
    return f"{count >> 20} MiB" if count % (1 << 20) == 0 else f"{count:,} bytes"


def kind_of(mode: int) -> str:
    """What a file of this ``st_mode`` is, for a message ("a FIFO (named pipe)")."""
    import stat

    for test, name in ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO (named pipe)"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                       (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return name
    return "something that is not a file"
