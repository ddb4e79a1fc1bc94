"""Cold start of the command line on a database with 100,000 time entries.

    python -m tests.benchmarks.bench_startup [--runs 10]

Prints the median and spread of wall time for `fcc db status`, each run a fresh process.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from tests.benchmarks.data import build_time_db

DATA = Path(__file__).parent / "data"


def time_command(argv: list[str], runs: int) -> list[float]:
    # Installed packages carry bytecode; let the warm-up runs write it for the source tree too.
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("FCC_") and k != "PYTHONDONTWRITEBYTECODE"}
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, env=env)
        times.append((time.perf_counter() - t0) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--fcc", help="the fcc executable to time (default: the one on PATH, "
                        "or next to this Python); time a regular, non-editable install")
    args = parser.parse_args()
    DATA.mkdir(exist_ok=True)
    t0 = time.perf_counter()
    db = build_time_db(DATA / "time-100k.db")
    ready = time.perf_counter() - t0
    print(f"data: {db} ({db.stat().st_size / 1e6:.1f} MB; ready in {ready:.1f} s)")
    fcc = args.fcc or shutil.which("fcc") or str(Path(sys.executable).with_name("fcc"))
    print(f"fcc: {fcc}")
    time_command([fcc, "--db", str(db), "db", "status"], 2)  # warm the page cache
    for label, argv in [
        ("python -c pass", [sys.executable, "-c", "pass"]),
        ("fcc --help", [fcc, "--help"]),
        ("fcc db status", [fcc, "--db", str(db), "db", "status"]),
    ]:
        times = time_command(argv, args.runs)
        print(f"{label:<16} median {statistics.median(times):6.1f} ms   "
              f"min {min(times):6.1f}   max {max(times):6.1f}   (n={len(times)})")


if __name__ == "__main__":
    main()
