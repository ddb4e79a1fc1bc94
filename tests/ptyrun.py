"""Run the real ``fcc`` under a pseudo-terminal (Python's ``pty``) and keep every byte it
sends: what a terminal would receive, control sequences included."""

from __future__ import annotations

import fcntl
import json
import os
import select
import shutil
import sqlite3
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Callable
from pathlib import Path

FCC = shutil.which("fcc") or str(Path(sys.executable).with_name("fcc"))

# What a hostile name, note or tag holds: a title change (OSC, BEL-terminated), clear screen,
# cursor home, a C1 CSI (U+009B, bytes C2 9B), the right-to-left override, DEL, an OSC left
# unterminated (it would swallow the rest of the output), NUL where the database lets it in.
EVIL = "\x1b]0;pwned\x07\x1b[2J\x1b[H\x9b31m\u202eevil\x7f\x1b]0;open"
EVIL_NUL = EVIL + "\x00nul"
SITE = "Site" + EVIL  # a project addressed by name on the command line (argv holds no NUL)

# Byte sequences that only data could have sent (fcc itself never emits them in these tests).
FORBIDDEN = {
    "OSC title": b"\x1b]0;",
    "clear screen": b"\x1b[2J",
    "C1 CSI": "\x9b".encode(),
    "RLO": "\u202e".encode(),
    "DEL": b"\x7f",
    "NUL": b"\x00",
    "BEL": b"\x07",
}


def leaks(out: bytes, allowed: tuple[str, ...] = ()) -> list[str]:
    return [name for name, seq in FORBIDDEN.items() if seq in out and name not in allowed]


def environ(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("FCC_", "TMUX")) and k not in ("NO_COLOR", "COLUMNS", "LINES")}
    env.update(HOME=str(home), XDG_DATA_HOME=str(home / "data"),
               XDG_CONFIG_HOME=str(home / "config"), FCC_CONFIG=str(home / "none.toml"),
               TERM="xterm-256color", FCC_ZONE="Europe/Berlin", **extra)
    return env


def run_in_pty(args: list[str], env: dict[str, str], *, cols: int = 200, rows: int = 50,
               timeout: float = 30.0,
               drive: Callable[[Callable[[bytes], None], Callable[[float], bytes]], None]
               | None = None,
               ) -> tuple[int, bytes]:
    """``fcc ARGS`` with stdin, stdout and stderr on one pty; (exit code, every byte).
    ``drive(send, read_for)``: type keys and read while it runs (the app); the process is
    then ended (SIGTERM after ``drive`` returns, if it still runs)."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    proc = subprocess.Popen([FCC, *args], stdin=slave, stdout=slave, stderr=slave, env=env,
                            close_fds=True, start_new_session=True)
    os.close(slave)
    chunks: list[bytes] = []

    def read_for(seconds: float) -> bytes:
        got: list[bytes] = []
        end = time.monotonic() + seconds
        while (left := end - time.monotonic()) > 0:
            ready, _, _ = select.select([master], [], [], min(left, 0.1))
            if not ready:
                if proc.poll() is not None:
                    break
                continue
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not data:
                break
            got.append(data)
        chunks.extend(got)
        return b"".join(got)

    def send(data: bytes) -> None:
        os.write(master, data)

    try:
        if drive is not None:
            drive(send, read_for)
            if proc.poll() is None:
                proc.terminate()
        read_for(timeout)
        code = proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(master)
    return code, b"".join(chunks)


def without_triggers(db: Path, table: str, change: Callable[[sqlite3.Connection], None]) -> None:
    """Write into an append-only table as a hostile writer would: the table's triggers are
    dropped, the change made, and the triggers put back exactly as they were."""
    conn = sqlite3.connect(db)
    try:
        triggers = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                                "AND tbl_name = ?", (table,)).fetchall()
        with conn:
            for name, _ in triggers:
                conn.execute(f'DROP TRIGGER "{name}"')
            change(conn)
            for _, sql in triggers:
                conn.execute(sql)
    finally:
        conn.close()


def hostile_db(home: Path) -> Path:
    """Acme/Site and Nul with hostile names, an email, notes and tags (raw SQL, so whatever
    the store would refuse is there all the same), and two entries."""
    from tests.test_cli import fcc

    db = home / "fcc.db"
    env = {"FCC_ZONE": "Europe/Berlin", "FCC_CONFIG": str(home / "none.toml")}
    for args in (["client", "add", "Acme"], ["project", "add", "Site", "--client", "Acme"],
                 ["project", "add", "Nul"],
                 ["add", "Site", "--from", "-5h", "--duration", "1h", "--note", "n"],
                 ["add", "Nul", "--from", "-3h", "--duration", "1h", "--tag", "t"]):
        fcc("--db", str(db), *args, home=home, env=env)
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE client SET name = ?, email = ?", ("Acme" + EVIL_NUL, EVIL_NUL))
        conn.execute("UPDATE project SET name = ? WHERE name = 'Site'", (SITE,))
        conn.execute("UPDATE project SET name = ? WHERE name = 'Nul'", ("Nul" + EVIL_NUL,))
    conn.close()
    without_triggers(db, "time_entry", lambda c: c.execute(
        "UPDATE time_entry SET note = ?, tags = ?", (EVIL_NUL, json.dumps([EVIL_NUL]))))
    return db
