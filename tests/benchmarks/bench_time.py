"""Time tracking at scale: 100,000 entries over 3 years on 20 projects.

    python -m tests.benchmarks.bench_time [--runs 10] [--import-runs 2] [--fcc PATH] [--watson PATH]
        [--timew PATH]

Each figure is the wall time of a fresh process (as a user or a status bar runs it): `fcc
status`, `fcc start` / `fcc stop` (alternating), `fcc report --year`, `watson report -y` on the
same data as a Watson frames file, and `fcc import watson` of those frames into a new database
(then `fcc undo` of that import).

The read commands a user types daily (`fcc log`: the last 7 days, `fcc report --week` and
`--month`) run on the same 100,000 entries built up to today (the cached database above ends
on a fixed day, and "this week" is the real one), beside Timewarrior's `timew summary :week`,
`:month` and `timew export :week` on the same intervals where `timew` is installed.
The data is built once and cached in tests/benchmarks/data/ (gitignored); the commands run on a
copy, so the cache never changes.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from fcc.store.clock import SystemClock
from tests.benchmarks.data import build_time_db, build_timew_data, build_watson_frames

DATA = Path(__file__).parent / "data"
TOTAL = 100_000


def environ(**extra: str) -> dict[str, str]:
    # Installed packages carry bytecode; let the warm-up runs write it for the source tree too.
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("FCC_", "WATSON_")) and k != "PYTHONDONTWRITEBYTECODE"}
    env.update(extra)
    return env


def timed(argv: list[str], env: dict[str, str], ok: tuple[int, ...] = (0,)) -> tuple[float, str]:
    t0 = time.perf_counter()
    out = subprocess.run(argv, capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL)
    ms = (time.perf_counter() - t0) * 1000
    if out.returncode not in ok:
        raise SystemExit(f"{' '.join(argv)} failed ({out.returncode}): {out.stderr.strip()}")
    return ms, out.stdout


def exe(name: str, given: str | None) -> str | None:
    found = given or shutil.which(name) or str(Path(sys.executable).with_name(name))
    return found if Path(found).exists() else None


def row(label: str, times: list[float]) -> str:
    unit, scale = ("s", 1000) if statistics.median(times) >= 10_000 else ("ms", 1)
    med, lo, hi = (x / scale for x in (statistics.median(times), min(times), max(times)))
    return (f"| {label:<40} | {med:>8.1f} {unit:<2} | {lo:>8.1f} | {hi:>8.1f} | {len(times):>3} |")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--import-runs", type=int, default=2, help="fresh imports (slow)")
    parser.add_argument("--fcc", help="the fcc executable (default: on PATH or next to this "
                        "Python); time a regular, non-editable install")
    parser.add_argument("--watson", help="the watson executable (default: on PATH)")
    parser.add_argument("--timew", help="the timew executable (default: on PATH)")
    args = parser.parse_args()
    DATA.mkdir(exist_ok=True)
    t0 = time.perf_counter()
    cached = build_time_db(DATA / "time-100k.db", entries=TOTAL)
    frames = build_watson_frames(cached, DATA / "watson-100k")
    print(f"data: {cached} ({cached.stat().st_size / 1e6:.1f} MB) and {frames} "
          f"({frames.stat().st_size / 1e6:.1f} MB), ready in {time.perf_counter() - t0:.1f} s")
    fcc = exe("fcc", args.fcc)
    if fcc is None:
        raise SystemExit("no fcc executable: pip install . (or pass --fcc)")
    watson = exe("watson", args.watson)
    print(f"fcc: {fcc}\nwatson: {watson or 'not installed (pip install td-watson)'}")
    timew = exe("timew", args.timew)
    print(f"timew: {timew or 'not installed (apt-get install timewarrior)'}")
    results: list[tuple[str, list[float]]] = []
    with tempfile.TemporaryDirectory(prefix="fcc-bench-") as tmp:
        db = Path(tmp) / "time.db"
        shutil.copy(cached, db)
        env = environ()
        base = [fcc, "--db", str(db)]
        timed([*base, "db", "status"], env)  # warm the page cache and the bytecode
        # The timers below run for milliseconds: keep them, as the quick path does (with the
        # default, each stop would discard its timer, which the full command line does).
        timed([*base, "config", "min_entry_seconds", "0"], env)
        results.append(("fcc status", [timed([*base, "status"], env, (0, 1))[0]
                                       for _ in range(args.runs)]))
        starts, stops = [], []
        for _ in range(args.runs):
            starts.append(timed([*base, "start", "Project 1", "--note", "bench"], env)[0])
            stops.append(timed([*base, "stop"], env)[0])
        results += [("fcc start Project 1", starts), ("fcc stop", stops)]
        report = [*base, "report", "--year", "--by", "project", "--format", "json"]
        results.append(("fcc report --year --by project (json)",
                        [timed(report, env)[0] for _ in range(args.runs)]))
        if watson:
            wenv = environ(WATSON_DIR=str(frames.parent))
            timed([watson, "report", "-y", "--json", "-G"], wenv)  # warm up
            results.append(("watson report -y --json",
                            [timed([watson, "report", "-y", "--json", "-G"], wenv)[0]
                             for _ in range(args.runs)]))
        results += reads(fcc, timew, env, Path(tmp), args.runs)
        imports, undos = [], []
        for i in range(args.import_runs):
            fresh = Path(tmp) / f"import-{i}.db"
            ms, out = timed([fcc, "--db", str(fresh), "import", "watson", str(frames.parent)], env)
            if not out.startswith(f"imported {TOTAL} entries"):
                raise SystemExit(f"fcc import watson: unexpected output {out!r}")
            imports.append(ms)
            ms, out = timed([fcc, "--db", str(fresh), "undo"], env)
            if not out.startswith(f"undid: import {TOTAL} entries"):
                raise SystemExit(f"fcc undo: unexpected output {out!r}")
            undos.append(ms)
        if imports:
            results.append((f"fcc import watson ({TOTAL:,} frames)", imports))
            results.append(("fcc undo (of that import)", undos))
    print()
    print(f"| {'command (fresh process each run)':<40} | {'median':>11} | {'min':>8} | "
          f"{'max':>8} | {'n':>3} |")
    print(f"|{'-' * 42}|{'-' * 13}|{'-' * 10}|{'-' * 10}|{'-' * 5}|")
    for label, times in results:
        print(row(label, times))


def reads(fcc: str, timew: str | None, env: dict[str, str], tmp: Path,
          runs: int) -> list[tuple[str, list[float]]]:
    """`fcc log` and `fcc report --week`/`--month` on the data built up to today, beside
    Timewarrior on the same intervals."""
    today = SystemClock().now().replace(second=0, microsecond=0)
    cached = build_time_db(DATA / f"time-100k-{today:%Y%m%d}.db", entries=TOTAL, now=today)
    db = tmp / "reads.db"
    shutil.copy(cached, db)
    base = [fcc, "--db", str(db)]
    timed([*base, "log"], env)  # warm up
    out: list[tuple[str, list[float]]] = []
    for label, argv in (("fcc log", ["log"]), ("fcc report --week", ["report", "--week"]),
                        ("fcc report --month", ["report", "--month"])):
        out.append((label, [timed([*base, *argv], env)[0] for _ in range(runs)]))
    if timew:
        folder = build_timew_data(cached, DATA / f"timew-100k-{today:%Y%m%d}")
        wenv = environ(TIMEWARRIORDB=str(folder))
        timed([timew, "summary", ":week"], wenv)  # warm up (it writes its tags database once)
        for label, argv in (("timew summary :week", ["summary", ":week"]),
                            ("timew summary :month", ["summary", ":month"]),
                            ("timew export :week", ["export", ":week"])):
            out.append((label, [timed([timew, *argv], wenv)[0] for _ in range(runs)]))
    return out


if __name__ == "__main__":
    main()
