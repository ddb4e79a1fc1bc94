"""The Invoices pane in a real terminal: a client with last month's entries, an invoice created
and issued by keys, and `fcc invoice list --format json` in another process sees it issued
with the year's first number and the expected total (tmux runs the app; see
test_tmux.Terminal)."""

from __future__ import annotations

import datetime as dt
import json
from zoneinfo import ZoneInfo

import pytest

from tests.e2e.test_tmux import ENV, FCC, NOT_RUNNING, Terminal, terminal
from tests.test_cli import fcc

pytestmark = pytest.mark.e2e
__all__ = ["terminal"]  # the fixture


def invoices(db, home, env) -> list[dict]:
    out = fcc("--db", str(db), "invoice", "list", "--format", "json", home=home, env=env)
    found: list[dict] = json.loads(out.stdout)
    return found


def test_an_invoice_created_and_issued_by_keys_is_what_fcc_invoice_list_says(
        terminal: Terminal, tmp_path):
    db = tmp_path / "bill.db"
    config = tmp_path / "config.toml"
    config.write_text('[seller]\nname = "Jo Freelance"\naddress = "Hauptstr. 1, Berlin"\n')
    env = {**ENV, "FCC_CONFIG": str(config)}
    # the real executable runs on the real clock: the dialog offers last month (Berlin)
    today = dt.datetime.now(ZoneInfo(ENV["FCC_ZONE"])).date()
    last = today.replace(day=1) - dt.timedelta(days=1)
    fcc("--db", str(db), "client", "add", "Acme", "--rate", "100", "--currency", "EUR",
        home=tmp_path, env=env)
    fcc("--db", str(db), "project", "add", "Website", "--client", "Acme", home=tmp_path,
        env=env)
    for day in (3, 4):  # 3 h each: 6 h at 100 EUR, no tax rate
        start = last.replace(day=day)
        fcc("--db", str(db), "add", "Acme/Website", "--from", f"{start} 09:00", "--to",
            f"{start} 12:00", home=tmp_path, env=env)
    assert invoices(db, tmp_path, env) == []

    terminal.open([FCC], {**env, "FCC_DB": str(db)})
    terminal.wait_for(lambda s: NOT_RUNNING in s, "first frame with the status strip")
    terminal.send("5")
    terminal.wait_for(lambda s: "none yet: n creates one" in s, "the empty Invoices pane")
    terminal.send("n")
    terminal.wait_for(lambda s: "New invoice" in s and f"{last:%Y-%m}" in s,
                      "the create dialog with last month")
    terminal.send("C-u")  # (the only client is offered already: typed again here)
    terminal.wait_for(lambda s: "type to search" in s, "the client field emptied")
    terminal.type("Acme")
    terminal.wait_for(lambda s: "Client       Acme" in s, "the client typed")
    terminal.send("Enter")
    terminal.wait_for(lambda s: "draft 1" in s and "600.00 EUR" in s, "the draft in the list")
    terminal.send("i")
    terminal.wait_for(lambda s: "Issue it?" in s, "the question before issuing")
    terminal.send("y")
    number = f"{today.year}-0001"
    terminal.wait_for(lambda s: number in s and "issued" in s, "the issued invoice")
    found = invoices(db, tmp_path, env)  # the screen shows what the store wrote
    assert len(found) == 1
    inv = found[0]
    assert (inv["number"], inv["status"], inv["client"]) == (number, "issued", "Acme")
    assert (inv["total"], inv["currency"]) == ("600.00", "EUR")
    assert inv["issue_date"] == today.isoformat()
    terminal.quit()
