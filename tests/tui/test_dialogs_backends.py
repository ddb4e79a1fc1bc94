"""The dialogs on both backends (a SQLite file and a PostgreSQL schema): creating a client and
a project from the picker is one change, and an amend keeps what was not edited to the second."""

from __future__ import annotations

import datetime as dt

import pytest
from textual.widgets import Input

from fcc.tui.app import make_app
from fcc.tui.screens.catalog_forms import ProjectModal
from fcc.tui.screens.main import MainScreen
from fcc.tui.screens.picker import StartModal

UTC = dt.UTC
START = dt.datetime(2026, 11, 22, 19, 50, 18, tzinfo=UTC)
END = dt.datetime(2026, 11, 22, 20, 0, 32, tzinfo=UTC)


@pytest.fixture
def berlin(store, monkeypatch):
    monkeypatch.setenv("FCC_ZONE", "Europe/Berlin")
    return store


async def test_client_and_project_from_the_picker_then_a_timer(berlin, clock):
    s = berlin
    app = make_app(s, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("T", *"Acme/Website", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ProjectModal)
        app.screen.query_one("#field-rate", Input).value = "95"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, StartModal)
        await pilot.press(*"kickoff", "enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
    [entry] = s.running()
    assert (entry.project, entry.note, str(entry.rate)) == ("Acme/Website", "kickoff", "95.00")
    s.undo()
    s.undo()  # the client and the project went in together
    assert s.list_clients() == [] and s.list_projects() == []


async def test_an_amended_note_keeps_the_seconds(berlin, clock):
    s = berlin
    s.create_project({"name": "Admin"})
    s.add_entry("Admin", START, END)
    app = make_app(s, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        app.screen.query_one("#field-note", Input).value = "invoices"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
    [entry] = s.entries()
    assert (entry.start, entry.end, entry.note) == (START, END, "invoices")
