"""The TUI at scale: 100,000 time entries on 20 projects and 5,000 cards, in a real terminal.

    python -m tests.benchmarks.bench_tui [--runs 5] [--idle-seconds 10] [--fcc PATH]

Each run opens `fcc` in a fresh tmux session (120x40; its own tmux server) and measures:

* first frame: from launching the session to the first `capture-pane` (polled every ~10 ms)
  that shows the status strip;
* Enter → DB: with `T` pressed, a project name typed into "Start a timer on…" and picked
  (Enter), from sending Enter in the note-and-tags step (empty) until a separate sqlite3
  connection (polled every 2 ms) sees a running entry; then the same for `s` until it sees
  none; both include the few ms `tmux send-keys` itself takes (printed on its own row);
* RSS: VmRSS of the fcc process (the pane's process), idle with a timer ticking (once the
  "started" notification has gone);
* idle CPU: then utime+stime of that process over ``--idle-seconds`` (timer still ticking), as
  a percentage of one core.

One uncounted warm-up run goes first.

The data is built once and cached in tests/benchmarks/data/ (gitignored); the app runs on a
copy, so the cache never changes.
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from tests.benchmarks.data_tui import build_tui_db

DATA = Path(__file__).parent / "data"
WIDTH, HEIGHT = 120, 40
QUERY = "Project 7"  # typed into "Start a timer on…": its first choice is that project
STRIP_IDLE = "○ no timer running"
STRIP_RUNNING = re.compile(r"● \S.* \d+:\d\d:\d\d")  # the strip: `● PROJECT H:MM:SS`
RUNNING_SQL = ("SELECT count(*) FROM time_entry WHERE end_utc IS NULL "
               "AND superseded_by_id IS NULL AND voided_at IS NULL")
PATIENCE = 30.0  # seconds before a wait gives up


def environ() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("FCC_", "TMUX")) and k not in ("NO_COLOR", "TEXTUAL_THEME")}
    env["TERM"] = "xterm-256color"
    return env


class Session:
    """One tmux server with one session running fcc on ``db``."""

    count = 0

    def __init__(self, fcc: str, db: Path, folder: Path) -> None:
        Session.count += 1
        self.fcc, self.db = fcc, db
        self.socket = f"fcc-bench-{os.getpid()}-{Session.count}"
        self.socket_path = ""
        self.conf = folder / "tmux.conf"
        self.conf.write_text("set -g remain-on-exit on\nset -g status off\n")
        self.env = environ()
        self.tmux_exe = shutil.which("tmux") or "tmux"

    def tmux(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        out = subprocess.run([self.tmux_exe, "-L", self.socket, "-f", str(self.conf), *args],
                             capture_output=True, text=True, env=self.env,
                             stdin=subprocess.DEVNULL, timeout=30)
        if check and out.returncode:
            raise SystemExit(f"tmux {' '.join(args)}: {out.stderr.strip()}")
        return out

    def launch(self) -> float:
        """Open the app; ms until the status strip is on the screen."""
        env = {"FCC_DB": str(self.db), "FCC_CONFIG": "/nonexistent",
               "FCC_ZONE": "Europe/Berlin", "TERM": "xterm-256color"}
        pairs = [arg for k, v in env.items() for arg in ("-e", f"{k}={v}")]
        t0 = time.perf_counter()
        self.tmux("new-session", "-d", "-s", "fcc", "-x", str(WIDTH), "-y", str(HEIGHT), *pairs,
                  "exec " + shlex.join([self.fcc]))
        self.wait(lambda s: STRIP_IDLE in s or bool(STRIP_RUNNING.search(s)), "first frame",
                  every=0.01)
        ms = (time.perf_counter() - t0) * 1000
        self.socket_path = self.tmux("display-message", "-p", "#{socket_path}").stdout.strip()
        return ms

    def screen(self) -> str:
        out = self.tmux("capture-pane", "-p", "-t", "fcc", check=False)
        return out.stdout if out.returncode == 0 else ""

    def dead(self) -> bool:
        out = self.tmux("display-message", "-p", "-t", "fcc", "#{pane_dead}", check=False)
        return out.returncode != 0 or out.stdout.strip() == "1"

    def wait(self, ok: Callable[[str], bool], what: str, every: float = 0.02) -> str:
        start = time.monotonic()
        checked = start
        while True:
            screen = self.screen()
            if ok(screen):
                return screen
            now = time.monotonic()
            if now - checked > 0.5:  # not each time: that would slow the 10 ms polling
                checked = now
                if self.dead():
                    raise SystemExit(f"fcc ended while waiting for {what}:\n{self.screen()}")
            if now - start > PATIENCE:
                raise SystemExit(f"no {what} after {PATIENCE:.0f} s; the screen:\n{screen}")
            time.sleep(every)

    def settle(self, what: str) -> str:
        """Wait until two captures 100 ms apart agree (the app has caught up with the keys;
        a ticking clock can make that take a second try)."""
        deadline = time.monotonic() + PATIENCE
        before = self.screen()
        while True:
            time.sleep(0.1)
            now = self.screen()
            if now == before:
                return now
            if self.dead() or time.monotonic() > deadline:
                raise SystemExit(f"no steady screen for {what}:\n{now}")
            before = now

    def send(self, *keys: str, literal: bool = False) -> None:
        self.tmux("send-keys", "-t", "fcc", *(["-l"] if literal else []), *keys)

    def pid(self) -> int:
        return int(self.tmux("list-panes", "-t", "fcc", "-F", "#{pane_pid}").stdout.split()[0])

    def open_picker(self) -> None:
        self.send("T")
        self.wait(lambda s: "Start a timer on…" in s, "the 'Start a timer on…' picker")
        self.send(QUERY, literal=True)
        self.wait(lambda s: "type to search" not in s and QUERY in s, "the typed search")
        self.settle("the picker's choices")
        self.send("Enter")  # the pick; then the optional note and tags
        self.wait(lambda s: "optional: what you are doing" in s, "the note and tags step")
        self.settle("the note and tags step")

    def quit(self) -> None:
        self.send("C-q")
        deadline = time.monotonic() + PATIENCE
        while not self.dead():
            if time.monotonic() > deadline:
                raise SystemExit(f"fcc still runs {PATIENCE:.0f} s after ctrl+q")
            time.sleep(0.05)

    def close(self) -> None:
        self.tmux("kill-server", check=False)
        if self.socket_path:  # tmux leaves it behind
            Path(self.socket_path).unlink(missing_ok=True)


def until_db(conn: sqlite3.Connection, running: bool, send: Callable[[], None]
             ) -> tuple[float, float]:
    """(ms from sending until the database shows a running timer or none, ms the send took)."""
    t0 = time.perf_counter()
    send()
    sent = time.perf_counter()
    while (conn.execute(RUNNING_SQL).fetchone()[0] > 0) != running:
        if time.perf_counter() - t0 > PATIENCE:
            raise SystemExit(f"the database shows no {'start' if running else 'stop'} "
                             f"after {PATIENCE:.0f} s")
        time.sleep(0.002)
    return (time.perf_counter() - t0) * 1000, (sent - t0) * 1000


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise SystemExit(f"no VmRSS for pid {pid}")


def cpu_seconds(pid: int) -> float:
    stat = Path(f"/proc/{pid}/stat").read_text()
    fields = stat[stat.rindex(")") + 2:].split()  # from field 3 (state) on
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def idle_cpu_percent(pid: int, seconds: float) -> float:
    c0, t0 = cpu_seconds(pid), time.perf_counter()
    time.sleep(seconds)
    return (cpu_seconds(pid) - c0) / (time.perf_counter() - t0) * 100


def exe(name: str, given: str | None) -> str | None:
    found = given or str(Path(sys.executable).with_name(name))
    return found if Path(found).exists() else None


def row(label: str, values: list[float], unit: str, target: str, ok: bool | None) -> str:
    med, lo, hi = statistics.median(values), min(values), max(values)
    verdict = "" if ok is None else ("met" if ok else "MISSED")
    return (f"| {label:<50} | {med:>8.1f} {unit:<2} | {lo:>8.1f} | {hi:>8.1f} | {len(values):>3} "
            f"| {target:<9} {verdict:<6} |")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--idle-seconds", type=float, default=10.0,
                        help="how long to sample the idle CPU")
    parser.add_argument("--fcc", help="the fcc executable (default: next to this Python); time "
                        "a regular, non-editable install")
    args = parser.parse_args()
    if shutil.which("tmux") is None:
        raise SystemExit("tmux is not installed")
    if not Path("/proc/self/stat").exists():
        raise SystemExit("RSS and CPU are read from /proc: Linux only")
    DATA.mkdir(exist_ok=True)
    t0 = time.perf_counter()
    cached = build_tui_db(DATA / "tui-100k.db")
    print(f"data: {cached} ({cached.stat().st_size / 1e6:.1f} MB: 100,000 entries, 5,000 cards), "
          f"ready in {time.perf_counter() - t0:.1f} s")
    fcc = exe("fcc", args.fcc)
    if fcc is None:
        raise SystemExit("no fcc executable: pip install . (or pass --fcc)")
    print(f"fcc: {fcc}\nterminal: tmux {WIDTH}x{HEIGHT}, {os.cpu_count()} CPUs")
    frames: list[float] = []
    starts: list[float] = []
    stops: list[float] = []
    sends: list[float] = []
    rss: list[float] = []
    cpu: list[float] = []
    with tempfile.TemporaryDirectory(prefix="fcc-bench-tui-") as tmp:
        db = Path(tmp) / "tui.db"
        shutil.copy(cached, db)
        subprocess.run([fcc, "--db", str(db), "db", "status"], env=environ(), check=True,
                       capture_output=True)  # warm the page cache and the bytecode
        conn = sqlite3.connect(db, isolation_level=None)
        for run in range(-1, args.runs):  # run -1 warms up and is not counted
            session = Session(fcc, db, Path(tmp))
            try:
                frame = session.launch()
                session.settle("the first screen")
                session.open_picker()
                started, sent = until_db(conn, True, lambda s=session: s.send("Enter"))
                session.wait(lambda s: bool(STRIP_RUNNING.search(s)), "the running timer")
                session.settle("the started timer")
                stopped, sent2 = until_db(conn, False, lambda s=session: s.send("s"))
                session.wait(lambda s: STRIP_IDLE in s, "the stopped timer")
                # Idle with a timer ticking: memory, and on the last run the CPU.
                session.open_picker()
                session.send("Enter")
                session.wait(lambda s: bool(STRIP_RUNNING.search(s)), "the running timer")
                # Idle: the "started …" notification has gone (it stays 4 s), nothing moves
                # but the ticking clock.
                session.wait(lambda s: "started " not in s, "the notification to go")
                time.sleep(1)
                pid = session.pid()
                memory = rss_mb(pid)
                idle = idle_cpu_percent(pid, args.idle_seconds) if run >= 0 else 0.0
                if run == args.runs - 1:
                    strip = next((line.strip() for line in session.screen().splitlines()
                                  if STRIP_RUNNING.search(line)), "?")
                    print(f"status strip at the end: {strip}")
                until_db(conn, False, lambda s=session: s.send("s"))
                session.wait(lambda s: STRIP_IDLE in s, "the stopped timer")
                session.quit()
            finally:
                session.close()
            if run >= 0:
                frames.append(frame)
                starts.append(started)
                stops.append(stopped)
                sends += [sent, sent2]
                rss.append(memory)
                cpu.append(idle)
            print(f"run {run + 1 if run >= 0 else '-'}: first frame {frame:.0f} ms, "
                  f"Enter→DB {started:.1f} ms, s→DB {stopped:.1f} ms, RSS {memory:.1f} MB, "
                  f"idle CPU {idle:.1f} %"
                  + (" (warm-up)" if run < 0 else ""))
        conn.close()
    print()
    print(f"| {'measure':<50} | {'median':>11} | {'min':>8} | {'max':>8} | {'n':>3} | "
          f"{'target':<16} |")
    print(f"|{'-' * 52}|{'-' * 13}|{'-' * 10}|{'-' * 10}|{'-' * 5}|{'-' * 18}|")
    print(row("first frame under tmux (launch → status strip)", frames, "ms", "≤ 700 ms",
              statistics.median(frames) <= 700))
    print(row("Enter in 'Start a timer on…' → running in DB", starts, "ms", "≤ 50 ms",
              statistics.median(starts) <= 50))
    print(row("s → stopped in DB", stops, "ms", "≤ 50 ms", statistics.median(stops) <= 50))
    print(row("(tmux send-keys itself, included above)", sends, "ms", "", None))
    print(row("RSS, idle with a timer ticking", rss, "MB", "≤ 150 MB", max(rss) <= 150))
    print(row(f"idle CPU, timer ticking, {args.idle_seconds:.0f} s (% of one core)", cpu, "%",
              "< 2 %", statistics.median(cpu) < 2))


if __name__ == "__main__":
    main()
