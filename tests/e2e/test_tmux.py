"""The real `fcc` app in a real terminal: tmux runs it, the test reads the screen and types.

Each test gets its own tmux server (``tmux -L <unique name>``), so parallel runs never share
one. Every wait polls the screen with a generous deadline (a slow 2-core CI machine), and a
pane that dies early fails at once with what it left on the screen.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.test_cli import fcc

pytestmark = pytest.mark.e2e

TMUX = shutil.which("tmux")
FCC = shutil.which("fcc") or str(Path(sys.executable).with_name("fcc"))  # as tests.test_cli
ENV = {"FCC_CONFIG": "/nonexistent", "FCC_ZONE": "Europe/Berlin"}
WIDTH, HEIGHT = 100, 30
PATIENCE = 15.0  # seconds for anything the app must show

NOT_RUNNING = "○ no timer running"


def running(project: str) -> re.Pattern[str]:
    """The status strip's `● PROJECT H:MM:SS` (the pane's header puts the time first)."""
    return re.compile(rf"● {re.escape(project)} \d+:\d\d:\d\d")


class Terminal:
    """One tmux server with one 100x30 session running one command."""

    def __init__(self, folder: Path) -> None:
        assert TMUX is not None
        self.socket = f"fcc-e2e-{os.getpid()}-{uuid.uuid4().hex[:10]}"
        self.socket_path = ""
        # remain-on-exit: a crash leaves its traceback on the screen, and the exit status.
        self.conf = folder / "tmux.conf"
        self.conf.write_text("set -g remain-on-exit on\nset -g status off\n")
        self.env = {k: v for k, v in os.environ.items()
                    if not k.startswith(("FCC_", "TMUX")) and k != "NO_COLOR"}
        self.env.update(HOME=str(folder), XDG_DATA_HOME=str(folder / "data"),
                        TERM="xterm-256color")

    def tmux(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        assert TMUX is not None
        out = subprocess.run([TMUX, "-L", self.socket, "-f", str(self.conf), *args],
                             capture_output=True, text=True, env=self.env, timeout=30,
                             stdin=subprocess.DEVNULL)
        if check:
            assert out.returncode == 0, f"tmux {' '.join(args)}: {out.stderr.strip()}"
        return out

    def open(self, argv: list[str], env: dict[str, str]) -> None:
        pairs = [f"{k}={v}" for k, v in {**env, "TERM": "xterm-256color"}.items()]
        self.tmux("new-session", "-d", "-s", "fcc", "-x", str(WIDTH), "-y", str(HEIGHT),
                  *(arg for pair in pairs for arg in ("-e", pair)),
                  "exec " + shlex.join(argv))
        self.socket_path = self.tmux("display-message", "-p", "#{socket_path}").stdout.strip()

    def screen(self) -> str:
        out = self.tmux("capture-pane", "-p", "-t", "fcc", check=False)
        return out.stdout if out.returncode == 0 else ""

    def dead(self) -> tuple[bool, str]:
        """(has the command ended, how: its exit status or "signal N"; "" until known)."""
        out = self.tmux("display-message", "-p", "-t", "fcc",
                        "#{pane_dead}:#{pane_dead_status}:#{pane_dead_signal}:#{pane_pid}",
                        check=False)
        if out.returncode != 0:  # no session left at all
            return True, "?"
        dead, status, signal, pid = (out.stdout.strip().split(":") + ["", "", ""])[:4]
        if dead == "1" and not (status or signal):
            # A tmux built with libutempter (Debian's) now and then misses the SIGCHLD and
            # leaves the ended process unreaped (tmux/tmux#311); the kernel has its status.
            status = zombie_status(pid)
        return dead == "1", status or (f"signal {signal}" if signal else "")

    def send(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", "fcc", *keys)

    def type(self, text: str) -> None:
        self.tmux("send-keys", "-t", "fcc", "-l", text)

    def wait_for(self, ok: Callable[[str], bool], what: str, timeout: float = PATIENCE) -> str:
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if ok(screen):
                return screen
            if self.dead()[0]:
                pytest.fail(f"fcc ended while waiting for {what}; its screen:\n{self.screen()}")
            if time.monotonic() > deadline:
                pytest.fail(f"no {what} after {timeout:.1f} s; the screen:\n{screen}")
            time.sleep(0.05)

    def quit(self) -> None:
        """ctrl+q, then wait for the app to end and check it ended well."""
        self.send("C-q")
        deadline = time.monotonic() + PATIENCE
        # The pane closes when the terminal does; the exit status follows a moment later.
        while not all(ended := self.dead()):
            if time.monotonic() > deadline:
                pytest.fail(f"fcc still runs {PATIENCE:.0f} s after ctrl+q ({ended}):\n"
                            f"{self.screen()}")
            time.sleep(0.05)
        assert ended[1] == "0", f"fcc exited with status {ended[1]}:\n{self.screen()}"

    def close(self) -> None:
        self.tmux("kill-server", check=False)
        if self.socket_path:  # tmux leaves it behind
            Path(self.socket_path).unlink(missing_ok=True)


def zombie_status(pid: str) -> str:
    """The exit status of an ended but unreaped process, from /proc/PID/stat (Linux)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (OSError, ValueError):
        return ""
    fields = stat[stat.rindex(")") + 2:].split()  # from the state on: field 3 of `man proc`
    if fields[0] != "Z" or len(fields) < 50:
        return ""
    code = int(fields[49])  # field 52, exit_code, as waitpid reports it
    return f"signal {code & 0x7F}" if code & 0x7F else str(code >> 8)


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    if TMUX is None:
        pytest.skip("tmux is not installed (.ci/run installs it)")
    term = Terminal(tmp_path)
    try:
        yield term
    finally:
        term.close()


def open_app(terminal: Terminal, tmp_path: Path, project: str) -> Path:
    """A new database with one project, and the app open on it (no timer running)."""
    db = tmp_path / "work.db"
    fcc("--db", str(db), "project", "add", project, home=tmp_path, env=ENV)
    # These timers run for seconds; keep them (min_entry_seconds would discard them).
    fcc("--db", str(db), "config", "min_entry_seconds", "0", home=tmp_path, env=ENV)
    terminal.open([FCC], {**ENV, "FCC_DB": str(db)})
    terminal.wait_for(lambda s: NOT_RUNNING in s, "first frame with the status strip")
    return db


def entries(db: Path, home: Path) -> list[dict]:
    return json.loads(fcc("--db", str(db), "log", "--format", "json", home=home, env=ENV).stdout)


def test_start_on_a_picked_project_then_stop_and_quit(terminal, tmp_path):
    db = open_app(terminal, tmp_path, "Website")
    is_running = running("Website")

    terminal.send("T")
    terminal.wait_for(lambda s: "Start a timer on…" in s, "'Start a timer on…' picker")
    terminal.type("Website")
    # Keys arrive in order, so Enter follows the whole name; the placeholder going shows the
    # search box has the letters (not the main screen, where "s" and "t" are timer keys).
    terminal.wait_for(lambda s: "type to search" not in s, "the typed search")
    # The matches come from the store's thread: on a loaded machine the list can still be
    # empty when the letters show, and enter on an empty list picks nothing.
    terminal.wait_for(lambda s: "project Website" in s, "the search's matches")
    terminal.send("Enter")
    terminal.wait_for(lambda s: "Start a timer" in s and "Note" in s, "the note and tags step")
    terminal.type("e2e")
    terminal.send("Enter")
    terminal.wait_for(lambda s: bool(is_running.search(s)), "running timer in the status strip")
    assert "Start a timer" not in terminal.screen()

    time.sleep(2)  # let the timer count
    terminal.send("s")
    terminal.wait_for(lambda s: NOT_RUNNING in s and not is_running.search(s), "stopped timer")
    terminal.quit()

    [entry] = entries(db, tmp_path)
    assert entry["project"] == "Website"
    assert entry["note"] == "e2e"
    assert entry["end"] is not None
    assert entry["seconds"] >= 1
    assert entry["status"] == "ok"


def timed_fcc(*args: str, home: Path) -> float:
    t0 = time.monotonic()
    out = fcc(*args, home=home, env=ENV, check=False)
    took = time.monotonic() - t0
    assert out.returncode == 0, out.stderr
    assert "locked" not in out.stderr.lower()
    # Well inside the 10 s busy timeout: the open app must not hold the database.
    assert took < 5, f"fcc {' '.join(args)} took {took:.1f} s with the app open"
    return took


def test_the_open_app_shows_another_process_starting_and_stopping(terminal, tmp_path):
    db = open_app(terminal, tmp_path, "Website")
    is_running = running("Website")

    timed_fcc("--db", str(db), "start", "Website", home=tmp_path)
    terminal.wait_for(lambda s: bool(is_running.search(s)), "timer started elsewhere",
                      timeout=2.5)

    timed_fcc("--db", str(db), "stop", home=tmp_path)
    terminal.wait_for(lambda s: NOT_RUNNING in s and not is_running.search(s),
                      "timer stopped elsewhere", timeout=2.5)
    terminal.quit()

    [entry] = entries(db, tmp_path)
    assert entry["project"] == "Website" and entry["end"] is not None
