"""Issue 11 in the app: its dialogs call the store, so the name rule and the range of valid
instants and spans hold there too, shown as the store words them under the field."""

from __future__ import annotations

from textual.widgets import Input, Label

from fcc.tui.app import make_app
from fcc.tui.screens.catalog_forms import ProjectModal
from fcc.tui.screens.entry_forms import EntryModal
from fcc.tui.screens.main import MainScreen
from tests.tui.test_catalog_forms import command, error, set_fields
from tests.tui.test_dialogs import field, open_form


def form_errors(app) -> str:
    return " ".join(" ".join(str(label.render()).split())
                    for label in app.screen.query(".error").results(Label))


async def test_a_new_project_with_a_control_character_is_refused(home_store, clock):
    app = make_app(home_store, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        command(app, "New project…")()
        await pilot.pause()
        assert isinstance(app.screen, ProjectModal)
        set_fields(app, name="Evil\u202eSite")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ProjectModal)
        assert error(app, "name").startswith(
            "name: expected a name without control characters (bidirectional control U+202E "
            "is not allowed)")
    assert home_store.list_projects() == []


async def test_add_refuses_a_span_of_1000_hours_and_a_tag_with_a_control(home_store, clock):
    home_store.create_project({"name": "Admin"})
    app = make_app(home_store, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_form(app, pilot, "n")
        assert isinstance(app.screen, EntryModal)
        field(app, "project").value = "Admin"
        field(app, "start").value = "2026-09-01 09:00"
        field(app, "end").value = "-1h"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, EntryModal)
        assert "expected an entry shorter than 1000 hours" in form_errors(app)
        field(app, "start").value = "-2h"
        app.screen.query_one("#field-tags", Input).value = "ok, b\x1bd"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, EntryModal)
        assert "control character U+001B is not allowed" in form_errors(app)
        app.screen.query_one("#field-tags", Input).value = "ok"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
    assert [e.tags for e in home_store.entries()] == [("ok",)]
