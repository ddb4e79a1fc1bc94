"""Pilot tests of the History pane (6) on a real SQLite file and a frozen clock: the batches
newest first with the highlighted one's changes, enter undoing the latest batch after asking
(and what the database then holds), the refusal on an older or undone batch, the filter, and
older pages read as the cursor nears the end."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from fcc.store import tables as t
from fcc.tui.app import FccApp, binding_ids, help_rows, make_app
from fcc.tui.screens.card_forms import ConfirmModal
from fcc.tui.screens.history import PAGE, HistoryPane
from fcc.tui.widgets.history_list import HistoryList
from tests.tui.conftest import NOW

H = dt.timedelta(hours=1)


@pytest.fixture
def changed(home_store, clock):
    """A client, a project, an entry, a card edited, then the client's rate changed."""
    s = home_store
    s.create_client({"name": "Acme", "hourly_rate": "90"})
    s.create_project({"name": "Website", "client": "Acme"})
    clock.advance(minutes=5)
    s.add_entry("Acme/Website", NOW - 3 * H, NOW - 2 * H, note="morning work")
    clock.advance(minutes=5)
    card = s.add_card({"title": "Fix login"})
    s.edit_card(card.id, {"title": "Fix the login"})
    clock.advance(minutes=5)
    s.set_client("Acme", hourly_rate="100")
    return s


async def open_history(app: FccApp, pilot) -> HistoryPane:
    await app.main.wait_until_ready()
    await pilot.press("6")
    pane = app.main.query_one(HistoryPane)
    assert pane.counter >= 0  # read
    return pane


def detail(pane: HistoryPane) -> str:
    return str(pane.query_one("#history-changes").render())


def row(pane: HistoryPane, index: int) -> str:
    return str(pane.query_one(HistoryList).get_option_at_index(index).prompt)


def notes(app: FccApp) -> list[str]:
    return [n.message for n in app._notifications]


async def test_batches_newest_first_with_the_highlighted_ones_changes(changed, clock):
    app = make_app(changed, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        pane = await open_history(app, pilot)
        assert [b.title for b in pane.batches] == [
            "change client Acme: hourly rate 100", "edit #1: title",
            "add card #1 Fix login",
            "added 1:00 on Acme/Website (2026-11-23 08:30–09:30), entry 1",
            "add project Acme/Website", "add client Acme"]
        assert row(pane, 0).startswith("↶ Mon 23 Nov 11:45  me  change client Acme")
        assert "(7 changes)" in row(pane, 2)  # the card, and the board it made
        shown = detail(pane)
        assert "change client Acme: hourly rate 100" in shown
        assert "⏎ or u undoes it" in shown
        assert "update client Acme\n  hourly_rate: 90.00 EUR → 100.00 EUR" in shown
        await pilot.press("down")
        assert "title: Fix login → Fix the login" in detail(pane)
        assert "not the latest change" in detail(pane)
        assert "History · every change · 12 changes, newest first" in str(
            pane.query_one("#history-head").render())
        assert {"history.filter", "history.undo"} <= set(binding_ids())
        assert any(where == "History pane" for where, *_ in help_rows(app.screen))


async def test_enter_undoes_the_latest_batch_after_asking(changed, clock):
    app = make_app(changed, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        pane = await open_history(app, pilot)
        await pilot.press("enter")
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("n")  # no: nothing happens
        assert changed.find_client("Acme").hourly_rate == 100
        await pilot.press("enter")
        await pilot.press("y")
        assert changed.find_client("Acme").hourly_rate == 90
        assert "undid: change client Acme: hourly rate 100" in notes(app)
        assert [b.undo for b in pane.batches[:3]] == ["undo", "undone", "undoable"]
        assert pane.rows.highlighted == 1  # still on the batch it undid
        assert "already undone" in detail(pane)
        await pilot.press("down", "enter", "y")  # the card's edit is the latest now
        assert changed.card(1).title == "Fix login"


async def test_u_goes_to_the_latest_batch_and_asks(changed, clock):
    app = make_app(changed, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        pane = await open_history(app, pilot)
        assert "u on ↶ undoes it" in str(pane.query_one("#history-head").render())
        await pilot.press("down", "down", "u")
        assert isinstance(app.screen, ConfirmModal) and pane.rows.highlighted == 0
        await pilot.press("y")
        assert changed.find_client("Acme").hourly_rate == 90


async def test_an_older_or_undone_batch_says_why_not(changed, clock):
    app = make_app(changed, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        pane = await open_history(app, pilot)
        before = t.Activity.select().count()
        await pilot.press("down", "enter")
        assert not isinstance(app.screen, ConfirmModal)
        assert notes(app)[-1] == ("Cannot undo this change: not the latest change: undo "
                                  "reverts the newer ones first.")
        changed.undo()  # elsewhere: the client's rate is undone, the pane reads it again
        app.main.poll_changes()
        await pilot.pause()
        assert pane.batches[1].undo == "undone"
        assert pane.rows.highlighted == 2  # still on the card's edit, now one further down
        pane.rows.highlighted = 1
        await pilot.press("enter")
        assert notes(app)[-1] == "Cannot undo this change: already undone."
        assert t.Activity.select().count() == before + 3  # only the undo made elsewhere


async def test_undo_refuses_when_another_change_came_meanwhile(changed, clock):
    app = make_app(changed, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_history(app, pilot)
        await pilot.press("enter")
        changed.add_card({"title": "made elsewhere"})  # before the answer
        await pilot.press("y")
        assert any("no longer the latest" in n for n in notes(app))
        assert changed.find_client("Acme").hourly_rate == 100  # nothing undone
        assert app.main.query_one(HistoryPane).batches[0].title == \
            "add card #2 made elsewhere"


async def test_f_shows_one_kind_at_a_time(changed, clock):
    app = make_app(changed, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        pane = await open_history(app, pilot)
        await pilot.press("f")
        assert "only entry changes" in str(pane.query_one("#history-head").render())
        assert {i.entity for b in pane.batches for i in b.items} == {"time_entry"}
        await pilot.press("f")
        assert {i.entity for b in pane.batches for i in b.items} == {"work_item"}
        for _ in range(6):  # approval, invoice, setting: none here
            await pilot.press("f")
        assert pane.filter == "invoice" and pane.batches == []
        assert "no invoice changes" in str(pane.query_one("#history-head").render())
        await pilot.press("f", "f")
        assert pane.filter is None and len(pane.batches) == 6


async def test_older_pages_are_read_near_the_end(home_store, clock):
    """Changes logged without a batch by another program (each its own row), more than two
    pages: scrolling to the end reads the next page, the cursor near the end the last."""
    rows = [dict(uuid=t.new_uuid().hex, actor="import", entity="setting", entity_id=f"k{i}",
                 action="set", before=None, after=json.dumps({"key": f"k{i}", "value": i}),
                 at=NOW, batch=None) for i in range(2 * PAGE + 40)]
    t.Activity.insert_many(rows).execute()
    app = make_app(home_store, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        pane = await open_history(app, pilot)
        assert len(pane.batches) == PAGE and pane.more
        pane.rows.scroll_end(animate=False)  # the mouse wheel
        await pilot.pause()
        assert len(pane.batches) == 2 * PAGE and pane.more
        assert pane.rows.highlighted == 0  # the cursor stayed where it was
        await pilot.press("end")
        await pilot.pause()
        assert len(pane.batches) == 2 * PAGE + 40 and not pane.more
        assert pane.batches[-1].title == "set setting k0"
        assert pane.batches[0].undo == "no batch"
