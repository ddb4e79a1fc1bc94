"""Three months of billing lived through the store's verbs on a frozen clock, for the Invoices
pane's tests and snapshots. By the tests' clock (Monday 23 November 2026, Berlin) the list
holds, newest first:

* draft 7 — Initech, 1-20 November (not issued);
* 2026-0005 — Globex, October, issued 2 November, due 2 December (issued);
* 2026-0004 — Acme, October, issued 2 November, paid 10 November;
* 2026-0003 — Globex, September, issued 1 October, due 31 October (overdue 23 days);
* 2026-0002 — Acme, August (again), issued 7 September, paid 20 September;
* CN-2026-0001 — the credit note that voided 2026-0001 (a wrong rate);
* 2026-0001 — Acme, August, issued 1 September, void.

Acme charges 19 % tax with 14 days to pay; Globex is billed in USD under reverse charge with
30 days; Initech has no tax rate. Globex's invoices are numbered in the same yearly sequence.
"""

from __future__ import annotations

import datetime as dt

import pytest

from fcc.store import records_billing as rb

UTC = dt.UTC
SELLER = rb.Party(name="Jo Freelance", address="Hauptstr. 1\n10115 Berlin",
                  tax_id="DE123456789", email="jo@example.com",
                  bank="IBAN DE02 1203 0000 0000 2020 51")


def at(day: str, hour: int = 9) -> dt.datetime:
    return dt.datetime.fromisoformat(day).replace(hour=hour, tzinfo=UTC)


def work(store, project: str, days: list[str], hours: float, note: str = "") -> None:
    """An entry of ``hours`` from 08:00 UTC on each day."""
    for day in days:
        start = at(day, 8)
        store.add_entry(project, start, start + dt.timedelta(hours=hours), note=note)


def clients(store) -> None:
    """Acme (EUR 100/h, 19 %, 14 days), Globex (USD 120/h, reverse charge, 30 days), Initech
    (EUR 80/h, no tax), each with a project."""
    store.billing = rb.BillingSettings(seller=SELLER)
    store.create_client({"name": "Acme", "currency": "EUR", "hourly_rate": "100"})
    store.set_client("Acme", address="Acme GmbH\nMarkt 5\n04109 Leipzig", tax_id="DE999",
                     payment_terms=14, tax_rate="19")
    store.create_client({"name": "Globex", "currency": "USD", "hourly_rate": "120"})
    store.set_client("Globex", address="Globex Corp\n1 Main St\nSpringfield",
                     tax_id="US-77", payment_terms=30, reverse_charge=True)
    store.create_client({"name": "Initech", "currency": "EUR", "hourly_rate": "80"})
    store.create_project({"name": "Website", "client": "Acme"})
    store.create_project({"name": "API", "client": "Globex"})
    store.create_project({"name": "Support", "client": "Initech"})


def month(store, clock, client: str, first: str, last: str, *, on: str,
          paid: str | None = None) -> rb.Invoice:
    """The client's invoice for ``first``..``last``, created and issued on ``on``."""
    clock.set(at(on))
    draft = store.create_invoice(client, start=dt.date.fromisoformat(first),
                                 end=dt.date.fromisoformat(last))
    inv = store.issue_invoice(draft.id, on=dt.date.fromisoformat(on))
    if paid is not None:
        clock.set(at(paid))
        inv = store.mark_invoice_paid(inv.id, on=dt.date.fromisoformat(paid))
    return inv


def live_billing(store, clock) -> dict[str, rb.Invoice]:
    """The list above; the clock is back at the tests' time at the end."""
    now = clock.now()
    clients(store)
    work(store, "Acme/Website", ["2026-08-03", "2026-08-04", "2026-08-10"], 3, "homepage")
    work(store, "Globex/API", ["2026-09-07", "2026-09-08"], 4, "endpoints")
    work(store, "Acme/Website", ["2026-10-05", "2026-10-06"], 2.5, "[bold]checkout[/]")
    work(store, "Globex/API", ["2026-10-12"], 6, "auth")
    work(store, "Initech/Support", ["2026-11-02", "2026-11-09"], 1.5, "tickets")
    made: dict[str, rb.Invoice] = {}
    made["wrong"] = month(store, clock, "Acme", "2026-08-01", "2026-08-31", on="2026-09-01")
    clock.set(at("2026-09-05"))
    made["credit"] = store.void_invoice(made["wrong"].id, "wrong rate")
    made["august"] = month(store, clock, "Acme", "2026-08-01", "2026-08-31", on="2026-09-07",
                           paid="2026-09-20")
    made["overdue"] = month(store, clock, "Globex", "2026-09-01", "2026-09-30",
                            on="2026-10-01")
    made["october"] = month(store, clock, "Acme", "2026-10-01", "2026-10-31", on="2026-11-02",
                            paid="2026-11-10")
    made["issued"] = month(store, clock, "Globex", "2026-10-01", "2026-10-31", on="2026-11-02")
    clock.set(now)
    made["draft"] = store.create_invoice("Initech", start=dt.date(2026, 11, 1),
                                         end=dt.date(2026, 11, 20))
    return made


@pytest.fixture
def billed(home_store, clock):
    """The home store with :func:`live_billing` done."""
    live_billing(home_store, clock)
    return home_store
