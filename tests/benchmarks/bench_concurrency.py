"""W writers × N commands at once, each command a fresh `fcc start`/`fcc stop` process, on
SQLite and on PostgreSQL; prints where the time goes (a benchmark, not a timed test).

    python -m tests.benchmarks.bench_concurrency [--writers 1,4] [--commands 50]
        [--backend sqlite,postgres] [--pg-url URL]

PostgreSQL: FCC_TEST_PG_URL or --pg-url (default postgresql://postgres@127.0.0.1:54329/fcc_test),
in a fresh workspace schema that is dropped afterwards. Every command runs through
tests/benchmarks/trace_fcc.py, which times, inside the process: the interpreter's start, the
imports and everything before the first connection, the connection(s), the statements (and
how many), and the waits for the writer lock (SQLite's flock, PostgreSQL's advisory lock).
`fcc stop` when the other writer got there first is the expected "no timer is running" (exit 1).
min_entry_seconds is set to 0 unless --discard: a timer stopped a moment after its start is
otherwise discarded, which the quick path hands to the full command line.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_PG = "postgresql://postgres@127.0.0.1:54329/fcc_test"


def environ(trace: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("FCC_", "XDG_")) and k != "PYTHONDONTWRITEBYTECODE"}
    env.update(FCC_TRACE=str(trace), FCC_ZONE="Europe/Berlin",
               PYTHONPATH=str(ROOT) + os.pathsep + env.get("PYTHONPATH", ""),
               FCC_CONFIG=str(trace.with_name("no-config.toml")))
    return env


def run(where: list[str], args: list[str], env: dict[str, str]) -> int:
    env = dict(env, FCC_TRACE_SPAWN=repr(time.time()))
    out = subprocess.run([sys.executable, "-m", "tests.benchmarks.trace_fcc", *where, *args],
                         capture_output=True, text=True, env=env, cwd=ROOT,
                         stdin=subprocess.DEVNULL)
    if out.returncode not in (0, 1) or "Traceback" in out.stderr:
        raise SystemExit(f"fcc {' '.join(args)} failed ({out.returncode}): {out.stderr.strip()}")
    return out.returncode


def writer(where: list[str], commands: int, env: dict[str, str], codes: list[int]) -> None:
    for i in range(commands):
        codes.append(run(where, ["start", "Website"] if i % 2 == 0 else ["stop"], env))


def one_run(backend: str, writers: int, commands: int, pg_url: str,
            discard: bool) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="fcc-bench-") as folder:
        trace = Path(folder) / "trace.jsonl"
        env = environ(trace)
        workspace = f"bench{uuid.uuid4().hex[:10]}"
        where = (["--db", str(Path(folder) / "fcc.db")] if backend == "sqlite"
                 else ["--db", pg_url, "-w", workspace])
        try:
            run(where, ["project", "add", "Website"], env)
            if not discard:  # timers a moment long would be discarded, by the full store
                run(where, ["config", "min_entry_seconds", "0"], env)
            trace.unlink()
            codes: list[int] = []
            threads = [threading.Thread(target=writer, args=(where, commands, env, codes))
                       for _ in range(writers)]
            t0 = time.perf_counter()
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            wall = time.perf_counter() - t0
            lines = [json.loads(x) for x in trace.read_text().splitlines()]
        finally:
            if backend == "postgres":
                import psycopg

                with psycopg.connect(pg_url, autocommit=True) as conn:
                    conn.execute(f'DROP SCHEMA IF EXISTS "fcc_{workspace}" CASCADE')
    return {"wall": wall, "lines": lines, "idle": codes.count(1)}


def med(lines: list[dict[str, float]], key: str) -> float:
    return statistics.median(x[key] for x in lines) * 1000


def report(backend: str, writers: int, commands: int, result: dict[str, object]) -> None:
    lines = result["lines"]
    assert isinstance(lines, list)
    total = writers * commands
    wall = float(result["wall"])  # type: ignore[arg-type]
    print(f"\n{backend}: {writers} writers × {commands} commands = {total} processes in "
          f"{wall:.1f} s ({wall / total * 1000:.0f} ms a command, {total / wall:.1f}/s); "
          f"'no timer is running': {result['idle']}")
    print("| per command (median, ms)   |  start |   stop |")
    print("|----------------------------|--------|--------|")
    by = {verb: [x for x in lines if verb in x["argv"]] for verb in ("start", "stop")}
    rows = [("wall of the process", "total_s"), ("interpreter start", "interpreter_s"),
            ("imports, config, target", "imports_s"), ("connect", "connect_s"),
            ("statements (time)", "sql_s"), ("advisory lock wait", "lock_s"),
            ("flock wait (SQLite)", "flock_s")]
    for label, key in rows:
        print(f"| {label:<26} | {med(by['start'], key):6.1f} | {med(by['stop'], key):6.1f} |")
    for label, key in (("statements (count)", "statements"), ("connections", "connects")):
        print(f"| {label:<26} | {statistics.median(x[key] for x in by['start']):6.0f} | "
              f"{statistics.median(x[key] for x in by['stop']):6.0f} |")
    rest = statistics.median(x["total_s"] - x["interpreter_s"] - x["imports_s"] - x["connect_s"]
                             - x["sql_s"] - x["lock_s"] - x["flock_s"] for x in lines) * 1000
    print(f"| rest (Python between statements, exit) | {rest:6.1f} ms (both) |")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--writers", default="1,4")
    parser.add_argument("--commands", type=int, default=50)
    parser.add_argument("--backend", default="sqlite,postgres")
    parser.add_argument("--pg-url", default=os.environ.get("FCC_TEST_PG_URL", DEFAULT_PG))
    parser.add_argument("--discard", action="store_true",
                        help="keep min_entry_seconds at its default (60): every stop then "
                             "discards a timer that ran a moment, on the full command line")
    args = parser.parse_args()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load "
          f"{os.getloadavg()[0]:.1f}")
    for writers in (int(w) for w in args.writers.split(",")):
        for backend in args.backend.split(","):
            result = one_run(backend, writers, args.commands, args.pg_url, args.discard)
            report(backend, writers, args.commands, result)


if __name__ == "__main__":
    main()
