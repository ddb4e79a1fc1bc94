"""Undo never takes back an approval or an invoice: a change that wrote either is refused in one
line saying what to do instead, and nothing is written; nor does it revert an entry change
whose entry an approval has frozen since (the database's rule, worded as undo's refusal).
On SQLite and PostgreSQL, and through the real ``fcc undo``."""

from __future__ import annotations

import datetime as dt

import pytest

from fcc.store import tables as t
from fcc.store.errors import BillingLocked, FccError
from tests.store.billing_rows import add_approval, snapshot
from tests.store.helpers import q

WEEK = (dt.date(2026, 11, 2), dt.date(2026, 11, 8))


def submit(store, client: int, message: str = "submit approval 1 (Acme, 2026-11-02 to "
           "2026-11-08)") -> int:
    """A change as h-approvals' submit writes it: the approval row and its activity row."""
    now = store.clock.now()
    with store.change("submit") as batch:
        row = t.Approval.create(client=client, period_start=WEEK[0], period_end=WEEK[1],
                                submitted_at=now, start_utc=now - dt.timedelta(days=21),
                                end_utc=now - dt.timedelta(days=14), zone="UTC")
        store._log("approval", row.id, "submit", None, {"id": row.id, "status": "pending"})
        batch.message = message
    return row.id


def issue(store, client: int, approval: int) -> None:
    """A change that wrote an invoice (and withdrew nothing): its activity rows."""
    now = store.clock.now()
    with store.change("issue") as batch:
        row = t.Invoice.create(client=client, approval=approval, currency="EUR",
                               period_start=WEEK[0], period_end=WEEK[1], start_utc=now,
                               end_utc=now + dt.timedelta(days=1), subtotal=0, tax=0, total=0,
                               created_at=now)
        store._log("invoice", row.id, "create", None, {"id": row.id, "status": "draft"})
        store._log("approval", approval, "invoice", {"id": approval}, {"id": approval})
        batch.message = "issue invoice 2026-0003"


@pytest.fixture
def acme(store):
    client = store.create_client({"name": "Acme"})
    store.create_project({"name": "Web", "client": "Acme"})
    return client.id


def test_an_approval_is_never_undone(store, target, acme):
    submit(store, acme)
    before = snapshot(target)
    with pytest.raises(BillingLocked) as err:
        store.undo()
    assert str(err.value) == ("cannot undo 'submit approval 1 (Acme, 2026-11-02 to "
                              "2026-11-08)': approvals are never undone; reject or withdraw it "
                              "(fcc approval reject|withdraw) instead")
    assert snapshot(target) == before


def test_an_invoice_is_never_undone_nor_skipped(store, target, acme):
    store.add_entry("Web", dt.datetime(2026, 11, 20, 9, tzinfo=dt.UTC),
                    dt.datetime(2026, 11, 20, 10, tzinfo=dt.UTC))
    approval = submit(store, acme)
    issue(store, acme, approval)
    before = snapshot(target)
    for _ in range(2):  # refused each time: the add before it is not undone in its place
        with pytest.raises(BillingLocked) as err:
            store.undo()
        assert str(err.value) == ("cannot undo 'issue invoice 2026-0003': invoices are never "
                                  "undone; void it (fcc invoice void) instead")
    assert snapshot(target) == before


def test_an_entry_frozen_since_is_not_reverted(store, target, acme):
    added = store.add_entry("Web", dt.datetime(2026, 11, 3, 9, tzinfo=dt.UTC),
                            dt.datetime(2026, 11, 3, 10, tzinfo=dt.UTC))
    entry = q(target, "SELECT id FROM time_entry")[0][0]
    add_approval(target, acme, [entry])  # another program's submit, say
    before = snapshot(target)
    with pytest.raises(FccError) as err:
        store.undo()
    text = str(err.value)
    assert text.startswith(f"cannot undo {added.message!r}: ") and "approval" in text
    assert "\n" not in text and "CONTEXT" not in text
    assert snapshot(target) == before


def test_fcc_undo_says_it_in_one_line(tmp_path, clock):
    from fcc.store.api import Store
    from fcc.store.target import resolve_target
    from tests.test_cli import fcc

    db = tmp_path / "fcc.db"
    with Store.open(resolve_target(str(db), environ={}), clock) as store:
        submit(store, store.create_client({"name": "Acme"}).id)
    out = fcc("--db", str(db), "undo", home=tmp_path, check=False)
    assert (out.returncode, out.stdout) == (1, "")
    assert out.stderr == ("fcc: error: cannot undo 'submit approval 1 (Acme, 2026-11-02 to "
                          "2026-11-08)': approvals are never undone; reject or withdraw it "
                          "(fcc approval reject|withdraw) instead\n")
