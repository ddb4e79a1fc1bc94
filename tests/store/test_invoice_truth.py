"""The truth of invoices, on generated data (Hypothesis): entries with random starts (across
midnight and the DST days of the period), lengths and billable flags, on one to three projects
with their own rates (a card's rate too), rounding rules of every unit, mode and scope on the
default, the client and the projects, in several zones. For each case:

- the draft covers exactly the client's billable entries that start in the period;
- its total is the sum of its lines, and both are what ``store.report`` says for the same
  entries, to the cent (and the billed time, to the second), for every grouping;
- tax is the subtotal's rate, to the cent, half up; total = subtotal + tax;
- an entry is on at most one invoice that is not void: another invoice of the period finds
  nothing, voiding by a credit note frees the entries and the next invoice bills them again
  at the same amount;
- an approved period's totals never change while other things are written (other clients'
  time in the period, the client's time after it, new rates), and the invoice made from the
  approval bills exactly them.

Deterministic (``derandomize``): the same cases every run. One database per test, a new
client per case (the default rounding and the zone are the cases' too)."""

from __future__ import annotations

import datetime as dt
import itertools
import os
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from fcc.store import records_billing as rb
from fcc.store.api import Store
from fcc.store.clock import FrozenClock
from fcc.store.errors import BillingLocked, FccError
from fcc.store.target import resolve_target
from fcc.store.when import day_start
from tests.conftest import FROZEN_AT, drop_schema, pg_url
from tests.store.helpers import q

# 2026-10-20 .. 2026-11-05: Berlin leaves summer time on 10-25, New York on 11-01.
PERIOD = (dt.date(2026, 10, 20), dt.date(2026, 11, 5))
ZONES = ("Europe/Berlin", "America/New_York", "UTC", "Asia/Kolkata", "Australia/Lord_Howe")
RULES = ("none", "1:up:entry", "6:up:entry", "15:nearest:entry", "15:down:entry", "30:up:day",
         "15:nearest:day", "6:down:day")
GROUPS = ("project", "card", "day")
# The report keys whose billing cells an invoice grouping shares (cards make cells of their own
# under day-scope rounding, in a report by card as in an invoice by card).
REPORT_KEYS = {"project": ("client",), "day": ("client",), "card": ("card",)}
SELLER = rb.Party(name="Jo Freelance")
DAY = 86_400
LONGEST = 14 * 3600

rates = st.one_of(st.none(), st.integers(1, 30_000).map(lambda c: Decimal(c) / 100))
rules = st.one_of(st.none(), st.sampled_from(RULES))
project = st.fixed_dictionaries({"rate": rates, "rule": rules})
entry = st.fixed_dictionaries({
    "project": st.integers(0, 2),
    "card": st.booleans(),
    # where it starts: before the period (ends before it), in it, or after it
    "where": st.sampled_from(("in", "in", "in", "in", "before", "after")),
    "offset": st.integers(0, 17 * DAY - 1),  # seconds into the period (17 local days)
    "seconds": st.integers(1, LONGEST),
    "billable": st.sampled_from((True, True, True, False)),
})
case = st.fixed_dictionaries({
    "zone": st.sampled_from(ZONES),
    "default": st.sampled_from(RULES),
    "client_rule": rules,
    "client_rate": rates,
    "tax": st.one_of(st.none(), st.integers(0, 10_000).map(lambda c: Decimal(c) / 100)),
    "reverse": st.booleans(),
    "projects": st.lists(project, min_size=1, max_size=3),
    "card_rate": rates,
    "entries": st.integers(2, 16).flatmap(lambda n: st.lists(entry, min_size=n, max_size=n)),
    "group": st.sampled_from(GROUPS),
})

_names = itertools.count(1)


def check(store: Store, c: dict[str, Any]) -> None:
    n = next(_names)
    client, other = f"Client {n}", f"Other {n}"
    store.set_setting("zone", c["zone"])
    store.set_setting("rounding", c["default"])
    store.create_client({"name": client, "hourly_rate": c["client_rate"],
                         "rounding": c["client_rule"], "tax_rate": c["tax"],
                         "reverse_charge": c["reverse"]})
    store.create_client({"name": other, "hourly_rate": "50"})
    store.create_project({"name": "Elsewhere", "client": other})
    for i, p in enumerate(c["projects"]):
        store.create_project({"name": f"P{i}", "client": client, "hourly_rate": p["rate"],
                              "rounding": p["rule"]})
    board = f"Board {n}"
    store.create_board(board, project=f"{client}/P0")
    card = store.add_card({"title": "Card", "board": board, "rate": c["card_rate"]}).id
    zone = c["zone"]
    lo = int(day_start(PERIOD[0], zone).timestamp())
    hi = int(day_start(PERIOD[1] + dt.timedelta(days=1), zone).timestamp())
    expected = set()
    for e in c["entries"]:
        pi = min(e["project"], len(c["projects"]) - 1)
        start = {"in": lo + e["offset"] % (hi - lo), "before": lo - 2 * DAY + e["offset"] % DAY,
                 "after": hi + DAY + e["offset"] % (5 * DAY)}[e["where"]]
        begin = dt.datetime.fromtimestamp(start, dt.UTC)
        end = begin + dt.timedelta(seconds=e["seconds"])
        on_card = e["card"] and pi == 0
        made = store.add_entry(None if on_card else f"{client}/P{pi}", begin, end,
                               card=card if on_card else None, billable=e["billable"],
                               allow_overlap=True).entry
        if e["where"] == "in" and e["billable"]:
            expected.add(made.no)
    group = c["group"]
    try:
        inv = store.create_invoice(client, start=PERIOD[0], end=PERIOD[1], group_by=group)
    except FccError as exc:
        assert not expected and str(exc).startswith("nothing to invoice"), exc
        event("nothing to invoice")
        return
    event(f"invoiced {min(len(expected), 5)}+ entries" if len(expected) >= 5
          else f"invoiced {len(expected)} entries")
    event(f"{len(inv.lines)} lines" if len(inv.lines) < 4 else "4+ lines")
    assert set(inv.entry_nos) == expected
    covered = [store.entry(no) for no in inv.entry_nos]
    last = max(int(x.end.timestamp()) for x in covered if x.end is not None) + 1
    assert last < hi + DAY  # no entry of "after" starts in the report's range
    report = store.report(dt.datetime.fromtimestamp(lo, dt.UTC),
                          dt.datetime.fromtimestamp(last, dt.UTC), by=REPORT_KEYS[group],
                          client=client, billable_only=True)
    [total] = report.totals  # one currency: the client's
    assert inv.subtotal == sum((x.amount for x in inv.lines), Decimal("0.00")) == total.amount
    assert sum(x.billed_seconds for x in inv.lines) == total.billed_seconds
    assert sum(x.seconds for x in inv.lines) == total.seconds
    if c["tax"] is None or c["reverse"]:
        assert inv.tax == Decimal("0.00")
    else:
        assert inv.tax == (inv.subtotal * c["tax"] / 100).quantize(Decimal("0.01"),
                                                                    "ROUND_HALF_UP")
    assert inv.total == inv.subtotal + inv.tax

    # An entry is on at most one invoice that is not void.
    issued = store.issue_invoice(inv.id)
    with pytest.raises(FccError, match="nothing to invoice"):
        store.create_invoice(client, start=PERIOD[0], end=PERIOD[1])
    assert not q(store.target, "SELECT entry_id FROM invoice_entry WHERE active "
                               "GROUP BY entry_id HAVING count(*) > 1")
    credit = store.void_invoice(issued.number or "", "generated")
    assert (credit.total, credit.lines) == (issued.total, issued.lines)
    again = store.create_invoice(client, start=PERIOD[0], end=PERIOD[1], group_by=group)
    assert (set(again.entry_nos), again.total) == (expected, inv.total)
    store.void_invoice(again.id, "to approve it first")

    # An approved period's totals never change while other things are written.
    approval = store.submit_approval(client, *PERIOD)
    assert set(approval.entry_nos) == expected
    approval = store.decide_approval(approval.id, "approved")
    whole = store.report(dt.datetime.fromtimestamp(lo, dt.UTC),
                         dt.datetime.fromtimestamp(last, dt.UTC), by="client",
                         client=client, billable_only=True).totals[0]
    assert [m.amount for m in approval.totals] == [whole.amount]
    begin = dt.datetime.fromtimestamp(lo + DAY, dt.UTC)
    store.add_entry(f"{other}/Elsewhere", begin, begin + dt.timedelta(hours=3),
                    allow_overlap=True)
    after = dt.datetime.fromtimestamp(hi + 3 * DAY, dt.UTC)
    store.add_entry(f"{client}/P0", after, after + dt.timedelta(minutes=50), allow_overlap=True)
    store.set_client_rerated(client, after - dt.timedelta(days=1), after + dt.timedelta(days=1),
                             hourly_rate=Decimal("333"))
    assert store.approval(approval.id).totals == approval.totals
    if total.amount != whole.amount:  # by card, day-scope time is rounded per card and day
        assert group == "card"
        with pytest.raises(BillingLocked, match="lines by card round its day-rounded time"):
            store.create_invoice(client, approval=approval.id, group_by=group)
        event("an approval refused by card")
        group = "project"
    billed = store.create_invoice(client, approval=approval.id, group_by=group)
    assert billed.subtotal == whole.amount and set(billed.entry_nos) == expected


SETTINGS = dict(deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow, HealthCheck.data_too_large])


@settings(max_examples=int(os.environ.get("FCC_EXAMPLES", "40")), **SETTINGS)
@given(c=case)
def test_invoices_tell_the_truth_sqlite(sqlite_store, c):
    check(sqlite_store, c)


@settings(max_examples=int(os.environ.get("FCC_EXAMPLES", "8")) // 3 + 3, **SETTINGS)
@given(c=case)
def test_invoices_tell_the_truth_postgres(pg_store, c):
    check(pg_store, c)


@pytest.fixture
def sqlite_store(tmp_path):
    target = resolve_target(str(tmp_path / "truth.db"), environ={})
    with _open(target) as store:
        yield store


@pytest.fixture
def pg_store():
    import uuid

    target = resolve_target(pg_url(), f"v{uuid.uuid4().hex[:12]}", environ={})
    try:
        with _open(target) as store:
            yield store
    finally:
        drop_schema(target)


def _open(target: Any) -> Store:
    store = Store.open(target, FrozenClock(FROZEN_AT))
    store.billing = rb.BillingSettings(seller=SELLER)
    return store


def test_the_cases_reach_the_edges():
    """The period holds both DST changes of its zones, and its days are whole local days."""
    berlin = [day_start(PERIOD[0] + dt.timedelta(days=i), "Europe/Berlin") for i in range(18)]
    lengths = {int((b - a).total_seconds()) for a, b in itertools.pairwise(berlin)}
    assert lengths == {DAY, DAY + 3600}
    york = [day_start(PERIOD[0] + dt.timedelta(days=i), "America/New_York") for i in range(18)]
    assert {int((b - a).total_seconds()) for a, b in itertools.pairwise(york)} == {
        DAY, DAY + 3600}
