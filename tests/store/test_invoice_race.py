"""Two processes issuing invoices at the same moments, on SQLite and PostgreSQL: every issue
lands (no "database is locked"), and the numbers are consecutive — no gap, no number twice.

The processes run on the real clock (as tests/store/test_plans_race.py): the drafts cover
entries of days long past, and the invoices are issued today."""

from __future__ import annotations

import datetime as dt
import multiprocessing as mp
from typing import Any

from fcc.store import records_billing as rb
from fcc.store.api import Store
from fcc.store.clock import SystemClock
from fcc.store.target import Target
from tests.store.helpers import q

ROUNDS = 6
SELLER = rb.Party(name="Jo Freelance")


def issuer(target: Target, drafts: list[int], barrier: Any, results: Any) -> None:
    """Issue each draft right after the sibling process is ready to issue one too."""
    try:
        from fcc.store.errors import FccError

        store = Store.open(target, SystemClock())
        store.billing = rb.BillingSettings(seller=SELLER)
        outcomes = []
        for draft in drafts:
            barrier.wait(60)
            try:
                outcomes.append(("ok", store.issue_invoice(draft).number))
            except FccError as exc:
                outcomes.append((type(exc).__name__, str(exc)))
        store.close()
        results.put((True, outcomes))
    except BaseException as exc:  # reported to the parent, which fails the test
        import traceback

        results.put((False, f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}"))


def test_two_processes_issuing_take_consecutive_numbers(target):
    with Store.open(target, SystemClock()) as s:
        s.set_setting("zone", "UTC")
        s.create_client({"name": "Acme", "hourly_rate": "100"})
        s.create_project({"name": "Website", "client": "Acme"})
        first = s.today() - dt.timedelta(days=60)
        drafts = []
        for i in range(2 * ROUNDS):
            day = first + dt.timedelta(days=i)
            start = dt.datetime.combine(day, dt.time(9), dt.UTC)
            s.add_entry("Website", start, start + dt.timedelta(hours=1))
            drafts.append(s.create_invoice("Acme", start=day, end=day).id)
        year = s.today().year
    ctx = mp.get_context("spawn")
    barrier = ctx.Barrier(2)
    results = ctx.Queue()
    procs = [ctx.Process(target=issuer, args=(target, half, barrier, results))
             for half in (drafts[:ROUNDS], drafts[ROUNDS:])]
    for p in procs:
        p.start()
    outcomes = [results.get(timeout=300) for _ in procs]
    for p in procs:
        p.join(30)
    assert all(ok for ok, _ in outcomes), outcomes
    numbers = [number for _, one in outcomes for kind, number in one]
    assert all(kind == "ok" for _, one in outcomes for kind, _ in one), outcomes
    assert sorted(numbers) == [f"{year}-{n:04d}" for n in range(1, 2 * ROUNDS + 1)]
    assert q(target, "SELECT kind, year, last_seq FROM invoice_sequence") == [
        ("invoice", year, 2 * ROUNDS)]
    with Store.open(target, SystemClock()) as s:
        issued = s.invoices(status="issued")
        assert len(issued) == 2 * ROUNDS
        # Each invoice's entries carry its number, and only its own.
        for inv in issued:
            assert {s.entry(n).invoice_ref for n in inv.entry_nos} == {inv.number}
