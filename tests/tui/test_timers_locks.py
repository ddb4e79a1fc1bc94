"""The Timers pane marks the entries an approval (or an invoice) freezes, read in the worker
that loads the list; amending one from the app shows the store's one-line refusal in the
form, and nothing is written."""

from __future__ import annotations

import datetime as dt

import pytest
from textual.widgets import Label

from fcc.store.api import Store
from fcc.tui.app import make_app
from fcc.tui.screens.entry_forms import EntryModal
from fcc.tui.screens.main import MainScreen
from fcc.tui.widgets.timers import LOCK, EntryTable

UTC = dt.UTC
W47 = (dt.date(2026, 11, 16), dt.date(2026, 11, 22))  # the clock: Monday 2026-11-23 10:30 UTC


@pytest.fixture
def frozen(home_store):
    s = home_store
    s.create_client({"name": "Acme", "hourly_rate": "90"})
    s.create_project({"name": "Website", "client": "Acme"})
    s.create_project({"name": "Admin"})
    s.e = {
        "frozen": s.add_entry("Acme/Website", dt.datetime(2026, 11, 20, 9, tzinfo=UTC),
                              dt.datetime(2026, 11, 20, 11, tzinfo=UTC), note="landing page"
                              ).entry.no,
        "admin": s.add_entry("Admin", dt.datetime(2026, 11, 20, 12, tzinfo=UTC),
                             dt.datetime(2026, 11, 20, 13, tzinfo=UTC), note="taxes").entry.no,
        "today": s.add_entry("Acme/Website", dt.datetime(2026, 11, 23, 8, tzinfo=UTC),
                             dt.datetime(2026, 11, 23, 9, tzinfo=UTC), note="new week"
                             ).entry.no,
    }
    s.approval_id = s.submit_approval("Acme", *W47).id
    return s


def cells(app, number: int) -> list[str]:
    table = app.main.query_one(EntryTable)
    for i, row in enumerate(table.ordered_rows):
        if row.key.value == f"entry:{number}":
            return [str(c) for c in table.get_row_at(i)]
    raise AssertionError(f"entry {number} is not listed")


def select(app, number: int) -> None:
    table = app.main.query_one(EntryTable)
    row = next(i for i, r in enumerate(table.ordered_rows) if r.key.value == f"entry:{number}")
    table.move_cursor(row=row, animate=False)


async def test_frozen_entries_carry_the_lock_and_its_label(frozen, clock):
    app = make_app(frozen, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.main.wait_until_ready()
        await pilot.pause()
        e, label = frozen.e, f"approval {frozen.approval_id} pending"
        when, _, note, *_ = cells(app, e["frozen"])
        assert when.startswith(LOCK) and when.endswith("10:00–12:00")  # Berlin
        assert note == f"landing page  {LOCK} {label}"
        for free in (e["admin"], e["today"]):  # another client's, and outside the period
            when, _, note, *_ = cells(app, free)
            assert LOCK not in when + note


async def test_amending_a_frozen_entry_shows_the_refusal(frozen, clock):
    before = frozen.change_counter()
    app = make_app(frozen, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.main.wait_until_ready()
        await pilot.pause()
        select(app, frozen.e["frozen"])
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, EntryModal)
        app.screen.query_one("#field-note").value = "landing page, v2"
        await pilot.press("enter")
        for _ in range(50):
            await pilot.pause(0.02)
            error = app.screen.query_one("#error-form", Label)
            if error.display:
                break
        assert isinstance(app.screen, EntryModal)  # the form stays open with the refusal
        shown = str(error.render())
        assert shown == (f"entry {frozen.e['frozen']} is in approval {frozen.approval_id} "
                         "(Acme, 2026-11-16 to 2026-11-22, pending): reject or withdraw it "
                         f"first (fcc approval reject|withdraw {frozen.approval_id})")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
    assert frozen.change_counter() == before
    assert frozen.entry(frozen.e["frozen"]).note == "landing page"


async def test_the_mark_goes_when_another_process_withdraws(frozen, clock):
    app = make_app(frozen, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.main.wait_until_ready()
        await pilot.pause()
        assert cells(app, frozen.e["frozen"])[0].startswith(LOCK)
        other = Store.open(frozen.target, clock)  # the command line, meanwhile
        try:
            other.withdraw_approval(frozen.approval_id)
        finally:
            other.close()
        for _ in range(100):  # the app polls the change counter
            await pilot.pause(0.05)
            if not cells(app, frozen.e["frozen"])[0].startswith(LOCK):
                break
        assert cells(app, frozen.e["frozen"])[0] == "  10:00–12:00"
