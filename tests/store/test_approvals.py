"""Client approvals of timesheets, both backends: what a submission covers and its totals (the
report's), each refusal, the freeze every entry writer obeys while an approval is pending or
approved (and not after it is rejected or withdrawn), and the activity log."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest

from fcc.store.errors import BillingLocked, FccError, InvalidInput, UnknownId, UnknownName
from tests.store.billing_rows import add_invoice, issue

UTC = dt.UTC
H = dt.timedelta(hours=1)
W47 = (dt.date(2026, 11, 16), dt.date(2026, 11, 22))  # the frozen clock is Monday 11-23


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 11, day, hour, minute, tzinfo=UTC)


@pytest.fixture
def world(store):
    store.set_setting("zone", "Europe/Berlin")  # UTC+1: the week runs 11-15 23:00 UTC on
    store.create_client({"name": "Acme", "hourly_rate": "100", "currency": "EUR"})
    store.create_client({"name": "Globex", "hourly_rate": "80", "currency": "USD"})
    store.create_project({"name": "Website", "client": "Acme"})
    store.create_project({"name": "App", "client": "Acme", "hourly_rate": "120"})
    store.create_project({"name": "Shop", "client": "Globex"})
    e = {
        "web": store.add_entry("Acme/Website", at(16, 9), at(16, 11)).entry.no,
        "app": store.add_entry("Acme/App", at(17, 13), at(17, 14, 30)).entry.no,
        "free": store.add_entry("Acme/Website", at(18, 9), at(18, 10),
                                billable=False).entry.no,
        "globex": store.add_entry("Globex/Shop", at(17, 9), at(17, 10)).entry.no,
        "before": store.add_entry("Acme/Website", at(10, 9), at(10, 10)).entry.no,
        # Starts in the period, ends after it: covered, and billed whole.
        "late": store.add_entry("Acme/Website", at(22, 21), at(22, 23)).entry.no,
        # Sunday 23:30 in UTC, Monday 00:30 in Berlin: the period's first entry.
        "edge": store.add_entry("Acme/Website", at(15, 23, 30), at(16, 0)).entry.no,
    }
    store.e = e
    return store


def submit(store, client="Acme", period=W47, **kw):
    return store.submit_approval(client, *period, **kw)


def test_submit_covers_the_clients_billable_entries_of_the_period(world):
    a = submit(world, note="week 47")
    e = world.e
    assert a.status == "pending" and a.open and a.client == "Acme"
    covered = [e["edge"], e["web"], e["app"], e["late"]]
    assert sorted(a.entry_nos) == sorted(covered)
    assert (a.period_start, a.period_end, a.note) == (*W47, "week 47")
    assert (a.start, a.end, a.zone) == (at(15, 23), at(22, 23), "Europe/Berlin")
    assert [x.no for x in world.approval_entries(a.id)] == covered
    # 0.5 h + 2 h + 1.5 h at their rates, and the late entry's two hours whole (it ends at
    # Monday 00:00 in Berlin).
    (total,) = a.totals
    assert (total.currency, total.seconds, total.amount) == (
        "EUR", 6 * 3600, Decimal("50.00") + Decimal("200.00") + Decimal("180.00")
        + Decimal("200.00"))
    assert world.approval(a.id) == a and world.approvals() == [a]
    # The timesheet sent: the documents' Markdown of exactly these entries.
    assert a.timesheet.startswith("# Timesheet — Acme, 2026-11-16 to 2026-11-22")
    assert "| EUR | 6.00 | 6.00 | 630.00 EUR |" in a.timesheet


def test_totals_equal_the_report_of_the_same_entries(world):
    world.set_setting("rounding", "15m up entry")
    world.add_entry("Acme/App", at(19, 9, 7), at(19, 9, 31))
    a = submit(world)
    report = world.report(at(15, 23), at(23, 1), by="client", client="Acme",
                          billable_only=True)
    assert [(x.currency, x.seconds, x.billed_seconds, x.amount) for x in a.totals] == [
        (x.currency, x.seconds, x.billed_seconds, x.amount) for x in report.totals]


def test_merged_projects_and_clients_are_the_survivors(world):
    world.create_client({"name": "Initech", "hourly_rate": "50", "currency": "EUR"})
    world.create_project({"name": "Api", "client": "Initech"})
    world.create_project({"name": "Old", "client": "Acme"})
    api = world.add_entry("Initech/Api", at(19, 9), at(19, 10)).entry.no
    old = world.add_entry("Acme/Old", at(20, 9), at(20, 10)).entry.no
    world.merge_project("Acme/Old", "Acme/Website")
    world.merge_client("Initech", "Acme")
    a = submit(world)
    assert {api, old} <= set(a.entry_nos)
    assert world.approvals(client="Initech") == [a]  # a merged name finds its survivor's
    with pytest.raises(BillingLocked, match=f"approval {a.id}"):
        world.add_entry("Acme/Api", at(21, 9), at(21, 10))


def test_submit_refusals(world, clock):
    with pytest.raises(InvalidInput, match="end: expected a period that has ended"):
        world.submit_approval("Acme", dt.date(2026, 11, 16), dt.date(2026, 11, 30))
    with pytest.raises(InvalidInput, match="end: expected a date on or after"):
        world.submit_approval("Acme", dt.date(2026, 11, 16), dt.date(2026, 11, 15))
    with pytest.raises(UnknownName, match="client: no client named 'Nobody'"):
        world.submit_approval("Nobody", *W47)
    with pytest.raises(FccError, match="nothing to approve: Globex has no billable entries"):
        world.submit_approval("Globex", dt.date(2026, 11, 1), dt.date(2026, 11, 7))
    a = submit(world)
    with pytest.raises(BillingLocked, match=f"overlaps approval {a.id} .Acme, 2026-11-16 to "
                       "2026-11-22, pending."):
        world.submit_approval("Acme", dt.date(2026, 11, 1), dt.date(2026, 11, 16))
    assert len(world.approvals()) == 1
    b = world.submit_approval("Globex", *W47)  # another client's period is its own
    assert b.entry_nos == (world.e["globex"],)


def test_a_running_timer_of_the_client_in_the_period_refuses(world, clock):
    world.void_entry(world.e["late"], "to run a timer after 21st")
    world.start_timer("Globex/Shop", at=at(21, 9))
    world.start_timer("Acme/Website", at=at(21, 10))
    with pytest.raises(FccError, match="a timer of Acme runs inside the period"):
        submit(world)
    world.stop_timer()
    assert submit(world).status == "pending"


def test_entries_on_an_invoice_are_not_covered(world, clock):
    draft = _draft(world, "Acme", [world.e["app"]])
    a = submit(world)
    assert world.e["app"] not in a.entry_nos
    assert world.frozen_entries([world.e["app"], world.e["web"]]) == {
        world.e["app"]: f"draft {draft}", world.e["web"]: f"approval {a.id} pending"}


FROZEN_WRITES = {
    "amend": lambda s, n: s.amend_entry(n, note="changed"),
    "split": lambda s, n: s.split_entry(n, at(16, 10)),
    "break": lambda s, n: s.insert_break(n, at(16, 9, 30), at(16, 9, 45)),
    "void": lambda s, n: s.void_entry(n, "duplicate"),
}


@pytest.mark.parametrize("decision", ["pending", "approved"])
def test_every_writer_is_refused_while_open_and_free_after(world, decision):
    a = submit(world)
    if decision == "approved":
        a = world.decide_approval(a.id, "approved", note="fine")
    e = world.e
    label = f"approval {a.id} (Acme, 2026-11-16 to 2026-11-22, {decision})"
    refused = dict(FROZEN_WRITES)
    refused.update({
        "add": lambda s, n: s.add_entry("Acme/App", at(19, 9), at(19, 10)),
        "start": lambda s, n: s.start_timer("Acme/App", at=at(20, 9)),
        "resume": lambda s, n: s.resume(n, at=at(21, 9)),
        "amend into": lambda s, n: s.amend_entry(e["before"], start=at(19, 11), end=at(19, 12)),
        "not billable": lambda s, n: s.amend_entry(e["free"], billable=True),
        "rerate": lambda s, n: s.set_client_rerated("Acme", at(15, 23), at(22, 23),
                                                    hourly_rate=Decimal("150")),
    })
    counter = world.change_counter()
    for name, write in refused.items():
        with pytest.raises(BillingLocked) as err:
            write(world, e["web"])
        assert label in str(err.value), name
        assert "\n" not in str(err.value)
    assert world.change_counter() == counter  # nothing written, not even the client's rate
    assert world.find_client("Acme").hourly_rate == Decimal("100.00")
    assert str(world.approval(a.id).totals) == str(a.totals)
    # Other clients, other periods and a resume outside the period are free.
    world.add_entry("Globex/Shop", at(19, 14), at(19, 15))
    world.amend_entry(e["before"], note="fine")
    world.resume(e["web"])
    world.stop_timer(world.clock.now())

    if decision == "pending":
        world.decide_approval(a.id, "rejected", note="split the hours")
    else:
        world.withdraw_approval(a.id, note="typo in week 47")
    for name in ("amend", "add", "amend into", "not billable", "rerate", "split", "void"):
        refused[name](world, e["web"])
    assert world.entry(e["web"]).voided_at is not None
    assert world.entry(e["before"]).start == at(19, 11)
    assert world.entry(e["free"]).billable
    world.start_timer("Acme/App", at=at(20, 9), parallel=True)


def test_decisions_and_their_refusals(world, clock):
    a = submit(world)
    with pytest.raises(InvalidInput, match="status: expected approved or rejected"):
        world.decide_approval(a.id, "maybe")
    with pytest.raises(UnknownId, match="approval: no approval with id 99"):
        world.decide_approval(99, "approved")
    clock.advance(hours=2)
    ok = world.decide_approval(a.id, "approved", note="Thanks")
    assert (ok.status, ok.decided_at, ok.note) == ("approved", clock.now(), "Thanks")
    with pytest.raises(FccError, match=f"approval {a.id} is approved: only a pending approval"):
        world.decide_approval(a.id, "rejected")
    assert world.approvals(status="pending") == []
    assert world.approvals(status="approved") == [ok]
    draft = _draft(world, "Acme", [world.e["web"]], approval=a.id)
    with pytest.raises(BillingLocked, match=f"approval {a.id} is invoiced .draft {draft}."):
        world.withdraw_approval(a.id)
    with pytest.raises(BillingLocked, match=f"entry {world.e['web']} is on draft {draft}: "):
        world.amend_entry(world.e["web"], note="x")
    number = issue(world.target, draft)
    with pytest.raises(BillingLocked, match=f"entry {world.e['web']} is on invoice {number} "
                       r"\(issued\): an invoice never changes; void it with a credit note"):
        world.void_entry(world.e["web"], "x")
    assert world.frozen_entries([world.e["web"]]) == {world.e["web"]: f"invoice {number}"}


def test_withdraw_a_pending_one_and_submit_again(world, clock):
    a = submit(world)
    gone = world.withdraw_approval(a.id)
    assert gone.status == "withdrawn" and gone.decided_at == clock.now() and not gone.open
    with pytest.raises(FccError, match=f"approval {a.id} is withdrawn already"):
        world.withdraw_approval(a.id)
    assert world.frozen_entries(a.entry_nos) == {}
    again = submit(world)
    assert again.id != a.id and sorted(again.entry_nos) == sorted(a.entry_nos)
    assert [x.id for x in world.approvals()] == [again.id, a.id]  # newest first


def test_every_step_is_in_the_activity_log(world):
    a = submit(world)
    world.decide_approval(a.id, "rejected", note="no")
    b = submit(world)
    world.withdraw_approval(b.id)
    rows = [r for r in world.activity(20) if r.entity == "approval"]
    assert [(r.entity_id, r.action) for r in rows] == [
        (str(b.id), "withdraw"), (str(b.id), "submit"), (str(a.id), "reject"),
        (str(a.id), "submit")]
    before, after = json.loads(rows[0].before), json.loads(rows[0].after)
    assert (before["status"], after["status"]) == ("pending", "withdrawn")
    assert rows[3].before is None
    assert json.loads(rows[3].after)["entry_nos"] == list(a.entry_nos)
    batches = [r for r in world.activity(20) if r.entity == "batch"]
    assert batches == []  # (activity() leaves the markers out)


def test_frozen_entries_is_one_query_for_any_number(world):
    a = submit(world)
    assert world.frozen_entries([]) == {}
    marks = world.frozen_entries(range(1, 50))
    assert marks == {n: f"approval {a.id} pending" for n in a.entry_nos}


def _draft(store, client: str, entry_nos: list[int], approval: int | None = None) -> int:
    """A draft invoice covering some entries, written as any program could."""
    return add_invoice(store.target, store.find_client(client).id,
                       [store.entry(n).id for n in entry_nos], approval=approval)


def test_an_import_into_a_frozen_period_writes_nothing(world):
    from fcc.store.records_imports import ImportRecord

    a = submit(world)
    before = world.change_counter()

    def record(key: str, project: str, day: int) -> ImportRecord:
        return ImportRecord(source_key=f"test:{key}", where=f"line {key}", project=project,
                            client="Acme", start=at(day, 14), end=at(day, 15))

    with pytest.raises(BillingLocked, match=f"inside approval {a.id} .Acme, 2026-11-16 to "
                       "2026-11-22, pending."):
        world.import_entries("test", [record("1", "Website", 10), record("2", "Mobile", 19)])
    assert world.change_counter() == before  # not the first record, nor the new project
    assert [p.name for p in world.list_projects() if p.name == "Mobile"] == []
    world.import_entries("test", [record("1", "Website", 10), record("3", "Mobile", 23)])
