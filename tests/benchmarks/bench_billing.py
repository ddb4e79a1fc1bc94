"""Billing at scale: the time benchmark's database (100,000 entries over 3 years on 20 projects
of 5 clients, ~550 entries per client and month).

    python -m tests.benchmarks.bench_billing [--runs 7] [--fcc PATH]
        [--fcc-before PATH --before-src DIR]

Each figure is the wall time of a fresh process (as a user runs it):

- ``fcc invoice create CLIENT --period YYYY-MM``: a month's draft (its lines priced by the
  report core over the ~550 entries it covers), the issue's 300 ms; each run a client and month
  not invoiced yet, on one copy of the data;
- ``fcc approval submit CLIENT --period YYYY-MM``: a month's approval with its timesheet, each
  run another client and month;
- ``fcc report --year --by project --format json``, the figure the README gives (it must not
  regress): with ``--fcc-before`` (an install of the release before billing) both run one after
  the other on the same data, each on a database its own version built;
- ``fcc invoice list`` and ``fcc invoice list --overdue --format json`` with 200 invoices (5
  clients x 40 periods, issued through the store's verbs, all but the newest 15 paid), built
  once and cached in tests/benchmarks/data/ (gitignored).

Figures are printed; no timed asserts. The commands run on copies: the caches never change.
Beside each wall time the table gives the process's CPU time (user + system, from
``getrusage``), which a busy machine inflates far less than the wall time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from tests.benchmarks.bench_boards import DATA, Result, print_table
from tests.benchmarks.bench_time import TOTAL, environ, exe, timed
from tests.benchmarks.data import NOW, build_time_db

SELLER = '[seller]\nname = "Bench Consulting"\naddress = "1 Bench Street"\n'
CLIENTS = 5
UNPAID = 15  # the newest invoices of the list's database stay unpaid (overdue by now)


def months_back(n: int, now: str = NOW) -> list[str]:
    """The ``n`` calendar months before ``now``'s, newest first (YYYY-MM)."""
    day = dt.date.fromisoformat(now[:10]).replace(day=1)
    out = []
    for _ in range(n):
        day = (day - dt.timedelta(days=1)).replace(day=1)
        out.append(f"{day:%Y-%m}")
    return out


def periods() -> list[tuple[dt.date, dt.date]]:
    """40 periods, oldest first: the 35 full months the data holds, the newest 5 of them
    invoiced by halves (5 clients x 40 = 200 invoices)."""
    out = []
    for i, month in enumerate(reversed(months_back(35))):
        year, number = map(int, month.split("-"))
        first = dt.date(year, number, 1)
        last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
        if i < 30:
            out.append((first, last))
        else:
            out += [(first, first.replace(day=15)), (first.replace(day=16), last)]
    return out


def build_invoiced_db(path: Path, source: Path) -> Path:
    """``source`` with an invoice per client and period (:func:`periods`), through the
    store's verbs: created, issued the day after the period, paid ten days later but the
    newest ``UNPAID``. Rebuilt only when missing."""
    if path.exists():
        return path
    from fcc.store import records_billing as rb
    from fcc.store.api import Store
    from fcc.store.clock import FrozenClock
    from fcc.store.target import resolve_target

    tmp = path.with_suffix(".tmp")
    shutil.copy(source, tmp)
    store = Store.open(resolve_target(str(tmp), environ={}), FrozenClock(NOW))
    store.billing = rb.BillingSettings(seller=rb.Party(name="Bench Consulting"))
    try:
        spans = periods()
        for n, (first, last) in enumerate(spans):
            for client in range(CLIENTS):
                invoice = store.create_invoice(f"Client {client}", start=first, end=last)
                issued = store.issue_invoice(invoice.id, on=last + dt.timedelta(days=1))
                if (len(spans) - n) * CLIENTS > UNPAID:
                    store.mark_invoice_paid(issued.id, on=last + dt.timedelta(days=10))
    finally:
        store.close()
    tmp.replace(path)
    return path


def build_before_db(python: Path, src: Path, path: Path) -> Path:
    """The same 100,000 entries, built by the release before billing (its own schema) from
    its source tree ``src``, for its own ``fcc report --year``."""
    if not path.exists():
        subprocess.run([str(python), "-c", "from pathlib import Path; from tests.benchmarks.data "
                        f"import build_time_db; build_time_db(Path({str(path)!r}))"],
                       check=True, cwd=src)
    return path


class Clock:
    """Runs commands with bench_time's ``timed`` and keeps their CPU times too."""

    def __init__(self) -> None:
        self.cpu: dict[str, list[float]] = {}

    def run(self, label: str, argv: list[str], env: dict[str, str]) -> float:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        ms = timed(argv, env)[0]
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        self.cpu.setdefault(label, []).append(
            (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000)
        return ms

    def with_cpu(self, results: list[Result]) -> list[Result]:
        out: list[Result] = []
        for label, values, target in results:
            out += [(label, values, target), ("  CPU time", self.cpu.get(label, []), "")]
        return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--fcc", help="the fcc executable (default: on PATH or next to this "
                        "Python); time a regular, non-editable install")
    parser.add_argument("--fcc-before", help="an fcc of the release before billing (a regular "
                        "install in a venv of its own)")
    parser.add_argument("--before-src", type=Path,
                        help="that release's source tree (it builds its own data)")
    args = parser.parse_args()
    DATA.mkdir(exist_ok=True)
    fcc = exe("fcc", args.fcc)
    if fcc is None:
        raise SystemExit("no fcc executable: pip install . (or pass --fcc)")
    t0 = time.perf_counter()
    cached = build_time_db(DATA / "time-100k.db", entries=TOTAL)
    results: list[Result] = []
    clock = Clock()
    with tempfile.TemporaryDirectory(prefix="fcc-bench-") as tmp:
        config = Path(tmp) / "config.toml"
        config.write_text(SELLER)
        listed = build_invoiced_db(DATA / "billing-200.db", cached)
        print(f"data: {cached}, {listed}, ready in {time.perf_counter() - t0:.1f} s")
        env = environ(FCC_CONFIG=str(config))
        db = Path(tmp) / "time.db"
        shutil.copy(cached, db)
        base = [fcc, "--db", str(db)]
        timed([*base, "db", "status"], env)  # warm the page cache and the bytecode
        months = months_back(2 * args.runs // CLIENTS + 2)
        creates, submits = [], []
        for i in range(args.runs):
            # one client and month per run (two runs never cover the same entries)
            client, month = f"Client {i % CLIENTS}", months[i // CLIENTS]
            label = "fcc invoice create CLIENT --period (a month)"
            creates.append(clock.run(label, [*base, "invoice", "create", client, "--period",
                                             month], env))
            later = months[len(months) // 2 + i // CLIENTS]
            label = "fcc approval submit CLIENT --period (a month)"
            submits.append(clock.run(label, [*base, "approval", "submit", client, "--period",
                                             later], env))
        results += [("fcc invoice create CLIENT --period (a month)", creates, "≤ 300 ms"),
                    ("fcc approval submit CLIENT --period (a month)", submits, "")]
        report = ["report", "--year", "--by", "project", "--format", "json"]
        label = "fcc report --year --by project (json)"
        results.append((label, [clock.run(label, [*base, *report], env)
                                for _ in range(args.runs)], "≤ 300 ms"))
        if args.fcc_before and args.before_src:
            old = Path(tmp) / "before.db"
            python = Path(args.fcc_before).with_name("python")
            shutil.copy(build_before_db(python, args.before_src, DATA / "time-100k-before.db"),
                        old)
            # (a config file with [seller] is an error to the release before)
            plain = environ(FCC_CONFIG=str(Path(tmp) / "none.toml"))
            timed([args.fcc_before, "--db", str(old), "db", "status"], plain)
            label = "… the release before billing"
            results.append((label, [clock.run(label, [args.fcc_before, "--db", str(old),
                                                      *report], plain)
                                    for _ in range(args.runs)], ""))
        many = Path(tmp) / "invoices.db"
        shutil.copy(listed, many)
        base = [fcc, "--db", str(many)]
        timed([*base, "invoice", "list"], env)  # warm up
        for label, argv in (("fcc invoice list (200 invoices)", ["invoice", "list"]),
                            ("fcc invoice list --overdue --format json",
                             ["invoice", "list", "--overdue", "--format", "json"])):
            results.append((label, [clock.run(label, [*base, *argv], env)
                                    for _ in range(args.runs)], ""))
    print_table(clock.with_cpu(results))


if __name__ == "__main__":
    main()
