"""Undo never takes back an approval or an invoice: a change that wrote either is refused in one
line saying what to do instead, and nothing is written; nor does it revert an entry change
whose entry an approval has frozen since (the database's rule, worded as undo's refusal).
On SQLite and PostgreSQL, and through the real ``fcc undo``."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3

import pytest

from fcc.store import records_billing as rb
from fcc.store.errors import BillingLocked, FccError
from tests.store.billing_rows import add_approval, snapshot
from tests.store.helpers import q

WEEK = (dt.date(2026, 11, 2), dt.date(2026, 11, 8))
INVOICE = "invoices are never undone; void it (fcc invoice void) instead"
APPROVAL = ("approvals are never undone; reject or withdraw it (fcc approval reject|withdraw) "
            "instead")


def last_message(target) -> str:
    after = q(target, "SELECT after FROM activity WHERE entity = 'batch' ORDER BY id DESC")[0][0]
    return json.loads(after)["message"]


@pytest.fixture
def acme(store):
    client = store.create_client({"name": "Acme"})
    store.create_project({"name": "Web", "client": "Acme"})
    store.billing = rb.BillingSettings(seller=rb.Party(name="Jo Freelance"))
    return client.id


def approved(store) -> int:
    approval = store.submit_approval("Acme", *WEEK).id
    store.decide_approval(approval, "approved")
    return approval


STEPS = {
    "submit": (lambda s: s.submit_approval("Acme", *WEEK), APPROVAL),
    "approve": (approved, APPROVAL),
    "reject": (lambda s: s.decide_approval(s.submit_approval("Acme", *WEEK).id, "rejected"),
               APPROVAL),
    "withdraw": (lambda s: s.withdraw_approval(s.submit_approval("Acme", *WEEK).id), APPROVAL),
    "create": (lambda s: s.create_invoice("Acme", approval=approved(s)), INVOICE),
    "issue": (lambda s: s.issue_invoice(s.create_invoice("Acme", approval=approved(s)).id),
              INVOICE),
    "paid": (lambda s: s.mark_invoice_paid(s.issue_invoice(
        s.create_invoice("Acme", approval=approved(s)).id).id), INVOICE),
    "void": (lambda s: s.void_invoice(s.issue_invoice(
        s.create_invoice("Acme", approval=approved(s)).id).id, "wrong rate"), INVOICE),
}


@pytest.mark.parametrize("step", list(STEPS))
def test_no_approval_or_invoice_step_is_undone(store, target, acme, step):
    verb, why = STEPS[step]
    store.add_entry("Web", dt.datetime(2026, 11, 3, 9, tzinfo=dt.UTC),
                    dt.datetime(2026, 11, 3, 10, tzinfo=dt.UTC))
    verb(store)
    message = last_message(target)
    before = snapshot(target)
    for _ in range(2):  # refused each time: nothing older is undone in its place
        with pytest.raises(BillingLocked) as err:
            store.undo()
        assert str(err.value) == f"cannot undo {message!r}: {why}"
    assert snapshot(target) == before


def test_an_entry_frozen_since_is_not_reverted(store, target, acme):
    added = store.add_entry("Web", dt.datetime(2026, 11, 3, 9, tzinfo=dt.UTC),
                            dt.datetime(2026, 11, 3, 10, tzinfo=dt.UTC))
    entry = q(target, "SELECT id FROM time_entry")[0][0]
    add_approval(target, acme, [entry])  # another program's submit, say
    before = snapshot(target)
    with pytest.raises(FccError) as err:
        store.undo()
    assert str(err.value) == (f"cannot undo {added.message!r}: entry 1 is in approval 1 "
                              "(Acme, 2026-11-01 to 2026-11-30, pending): reject or withdraw it "
                              "first (fcc approval reject|withdraw 1)")
    assert snapshot(target) == before


def test_the_database_rule_words_undos_refusal_too(store, target, acme, monkeypatch):
    """Past the store's own check (as a store without it would be), the trigger refuses:
    still one line, as undo's refusal, on PostgreSQL without the trigger's CONTEXT line."""
    from fcc.store.sql import locks

    store.add_entry("Web", dt.datetime(2026, 11, 3, 9, tzinfo=dt.UTC),
                    dt.datetime(2026, 11, 3, 10, tzinfo=dt.UTC))
    add_approval(target, acme, [q(target, "SELECT id FROM time_entry")[0][0]])
    monkeypatch.setattr(locks, "refusal", lambda *args, **kwargs: None)
    before = snapshot(target)
    with pytest.raises(FccError) as err:
        store.undo()
    assert str(err.value) == ("cannot undo 'added 1:00 on Acme/Web (2026-11-03 09:00–10:00), "
                              "entry 1': time entry frozen by an open approval or an invoice: "
                              "reject or withdraw the approval, or void the invoice, before "
                              "correcting it")
    assert snapshot(target) == before


def test_fcc_undo_says_it_in_one_line(tmp_path, clock):
    from fcc.store.api import Store
    from fcc.store.target import resolve_target
    from tests.test_cli import fcc

    db = tmp_path / "fcc.db"
    with Store.open(resolve_target(str(db), environ={}), clock) as store:
        store.create_client({"name": "Acme"})
        store.create_project({"name": "Web", "client": "Acme"})
        store.add_entry("Web", dt.datetime(2026, 11, 3, 9, tzinfo=dt.UTC),
                        dt.datetime(2026, 11, 3, 10, tzinfo=dt.UTC))
    submitted = fcc("--db", str(db), "approval", "submit", "Acme", "--from", "2026-11-02",
                    "--to", "2026-11-08", home=tmp_path, env={"FCC_ZONE": "UTC"})
    assert submitted.returncode == 0, submitted.stderr
    message = json.loads(sqlite3.connect(db).execute(
        "SELECT after FROM activity WHERE entity = 'batch' ORDER BY id DESC").fetchone()[0])
    out = fcc("--db", str(db), "undo", home=tmp_path, check=False)
    assert (out.returncode, out.stdout) == (1, "")
    assert out.stderr == f"fcc: error: cannot undo {message['message']!r}: {APPROVAL}\n"
