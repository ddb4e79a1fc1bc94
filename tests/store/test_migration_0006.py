"""Migration 0006's data on both backends, through raw SQL: version 5's approvals (pending,
approved, rejected) get their period as UTC instants and keep their status, the clients get
the billing columns with their defaults, and the rules hold from the first write on; with
billing data (withdrawn approvals, invoices, lines, links, numbering) ``down`` to 5 keeps
what version 5 can hold and the next ``up`` works again; the live models match throughout."""

from __future__ import annotations

import datetime as dt

import pytest
from playhouse.schema_diff import diff_models

from fcc.migrations import m0006_billing as m6
from fcc.migrations.rules0006 import PERIOD_MSG
from fcc.store import tables as t
from fcc.store.api import Store
from tests.store.billing_rows import (
    DAY,
    NOV_START,
    T0,
    add_approval,
    add_client,
    add_entry,
    add_invoice,
    add_project,
    decide,
    issue,
    new_id,
)
from tests.store.helpers import dump, q
from tests.store.test_migration_0005 import at_version, migrate
from tests.store.test_rules import refused


def epoch(day: str) -> int:
    return int(dt.datetime.fromisoformat(day).replace(tzinfo=dt.UTC).timestamp())


def add_approval_v5(target, client: int, start: str, end: str, status: str) -> int:
    return q(target, "INSERT INTO approval (uuid, client_id, period_start, period_end, status, "
                     "submitted_at, decided_at, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                     "RETURNING id",
             (new_id(), client, start, end, status, T0, None if status == "pending" else T0 + 1,
              f"{status} in 5"))[0][0]


def approvals(target) -> list[tuple]:
    return [(i, c, str(s), str(e), st) for i, c, s, e, st in q(
        target, "SELECT id, client_id, period_start, period_end, status FROM approval "
                "ORDER BY id")]


def tables(target) -> set[str]:
    if target.backend == "sqlite":
        return {r[0] for r in q(target, "SELECT name FROM sqlite_master WHERE type = 'table'")}
    return {r[0] for r in q(target, "SELECT table_name FROM information_schema.tables "
                                    "WHERE table_schema = ?", (target.schema,))}


def columns(target, table: str) -> set[str]:
    if target.backend == "sqlite":
        return {r[1] for r in q(target, f"PRAGMA table_info({table})")}
    return {r[0] for r in q(target, "SELECT column_name FROM information_schema.columns "
                                    "WHERE table_schema = ? AND table_name = ?",
                            (target.schema, table))}


def triggers(target) -> set[str]:
    if target.backend == "sqlite":
        return {r[0] for r in q(target, "SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    return {r[0] for r in q(target, "SELECT t.tgname FROM pg_trigger t JOIN pg_class c "
                                    "ON c.oid = t.tgrelid JOIN pg_namespace n "
                                    "ON n.oid = c.relnamespace WHERE n.nspname = ? "
                                    "AND NOT t.tgisinternal", (target.schema,))}


def billing_triggers() -> set[str]:
    return {name for name, _ in m6.PG_TRIGGERS} | set(m6.SQLITE_TRIGGERS)


def models_match(target, clock) -> None:
    with Store.open(target, clock) as s:
        assert not diff_models(s.db, t.ALL_TABLES)


@pytest.fixture
def v5(target, clock):
    """A version-5 database: Acme (a project, two November entries) with a pending November,
    an approved October and a rejected September approval; Other with none."""
    at_version(target, clock, 5)
    acme, other = add_client(target, "Acme"), add_client(target, "Other")
    web = add_project(target, "Web", acme)
    entries = [add_entry(target, web, NOV_START + 2 * DAY),
               add_entry(target, web, NOV_START + 8 * DAY)]
    ids = [add_approval_v5(target, acme, "2026-11-01", "2026-11-30", "pending"),
           add_approval_v5(target, acme, "2026-10-01", "2026-10-31", "approved"),
           add_approval_v5(target, acme, "2026-09-01", "2026-09-30", "rejected")]
    return {"acme": acme, "other": other, "web": web, "entries": entries, "approvals": ids}


def test_version_5_approvals_get_their_period_as_instants(target, clock, v5):
    before = approvals(target)
    migrate(target, clock, 6)
    assert approvals(target) == before
    rows = q(target, "SELECT period_start, start_utc, end_utc, zone, timesheet, note "
                     "FROM approval ORDER BY id")
    assert [(r[1], r[2], r[3], r[4], r[5]) for r in rows] == [
        (epoch("2026-11-01"), epoch("2026-12-01"), "UTC", "", "pending in 5"),
        (epoch("2026-10-01"), epoch("2026-11-01"), "UTC", "", "approved in 5"),
        (epoch("2026-09-01"), epoch("2026-10-01"), "UTC", "", "rejected in 5")]
    assert q(target, "SELECT id FROM pending_approvals") == [(v5["approvals"][0],)]
    clients = q(target, "SELECT name, address, tax_id, payment_terms, tax_rate, reverse_charge, "
                        "needs_approval FROM client ORDER BY id")
    assert [(n, a, ti, p, r, bool(rc), bool(na)) for n, a, ti, p, r, rc, na in clients] == [
        ("Acme", "", "", None, None, False, False), ("Other", "", "", None, None, False, False)]
    assert billing_triggers() & triggers(target)
    models_match(target, clock)


def test_the_rules_hold_on_migrated_approvals(target, clock, v5):
    migrate(target, clock, 6)
    pending, approved, rejected = v5["approvals"]
    inside = NOV_START + 5 * DAY
    with pytest.raises(Exception, match=PERIOD_MSG):  # the pending November freezes its period
        add_entry(target, v5["web"], inside)
    add_entry(target, v5["web"], epoch("2026-09-10"))  # the rejected September does not
    # A rejected period is submitted again; an open one is not, twice.
    add_approval(target, v5["acme"], [], start="2026-09-01", end="2026-09-30",
                 bounds=(epoch("2026-09-01"), epoch("2026-10-01")))
    refused(target, "INSERT INTO approval (uuid, client_id, period_start, period_end, status, "
                    "submitted_at, note, start_utc, end_utc, zone, timesheet) VALUES (?, ?, "
                    "'2026-10-01', '2026-10-31', 'pending', ?, '', ?, ?, 'UTC', '')",
            (new_id(), v5["acme"], T0, epoch("2026-10-01"), epoch("2026-11-01")))
    refused(target, "UPDATE approval SET status = 'pending', decided_at = NULL WHERE id = ?",
            (approved,))
    decide(target, pending, "withdrawn")
    add_entry(target, v5["web"], inside)
    assert q(target, "SELECT status FROM approval WHERE id = ?", (rejected,)) == [("rejected",)]


def test_down_to_5_and_up_again_with_billing_data(target, clock):
    at_version(target, clock, 6)
    acme, other = add_client(target, "Acme"), add_client(target, "Other")
    web = add_project(target, "Web", acme)
    first, second = (add_entry(target, web, NOV_START + 2 * DAY),
                     add_entry(target, web, NOV_START + 9 * DAY))
    q(target, "UPDATE client SET address = 'Main St 1', tax_rate = 19, needs_approval = TRUE "
              "WHERE id = ?", (acme,))
    withdrawn = add_approval(target, acme, [first], "withdrawn")
    approved = add_approval(target, acme, [first, second], "approved")  # the same period again
    september = add_approval(target, other, [], "withdrawn", start="2026-09-01",
                             end="2026-09-30", bounds=(epoch("2026-09-01"), epoch("2026-10-01")))
    invoice = add_invoice(target, acme, [first, second], approval=approved)
    number = issue(target, invoice)
    add_invoice(target, other, [])  # a draft
    assert q(target, "SELECT count(*) FROM invoice_line") == [(2,)]

    migrate(target, clock, 5)
    assert not tables(target) & {"invoice", "invoice_line", "invoice_entry", "invoice_sequence",
                                 "approval_entry", "approval_total"}
    assert not billing_triggers() & triggers(target)
    # Of Acme's November, the newest (approved) stays; the withdrawn September is rejected.
    assert approvals(target) == [(approved, acme, "2026-11-01", "2026-11-30", "approved"),
                                 (september, other, "2026-09-01", "2026-09-30", "rejected")]
    assert withdrawn not in [a[0] for a in approvals(target)]
    assert q(target, "SELECT id, invoice_ref FROM time_entry ORDER BY id") == [
        (first, number), (second, number)]
    assert not columns(target, "client") & {"address", "tax_id", "payment_terms", "tax_rate",
                                            "reverse_charge", "needs_approval"}
    assert not columns(target, "approval") & {"start_utc", "end_utc", "zone", "timesheet"}
    add_approval_v5(target, other, "2026-12-01", "2026-12-31", "pending")  # version 5 writes

    migrate(target, clock, 6)
    assert billing_triggers() & triggers(target)
    rows = q(target, "SELECT id, status, start_utc, end_utc, zone, timesheet FROM approval "
                     "ORDER BY id")
    assert rows[:2] == [(approved, "approved", epoch("2026-11-01"), epoch("2026-12-01"), "UTC", ""),
                        (september, "rejected", epoch("2026-09-01"), epoch("2026-10-01"), "UTC",
                         "")]
    assert q(target, "SELECT address, tax_rate FROM client WHERE id = ?", (acme,)) == [("", None)]
    models_match(target, clock)
    # Billing starts again from nothing: the approved November still freezes its period, and
    # a new invoice of it numbers from 1 (the sequence went with version 5).
    with pytest.raises(Exception, match=PERIOD_MSG):
        add_entry(target, web, NOV_START + 3 * DAY)
    fresh = add_invoice(target, acme, [], approval=approved)
    assert issue(target, fresh) == "2026-0001"


def test_down_and_up_leave_the_schema_as_created(target, clock):
    at_version(target, clock, 6)
    before = dump(target)["schema"]
    migrate(target, clock, 5)
    migrate(target, clock, 6)
    assert dump(target)["schema"] == before
