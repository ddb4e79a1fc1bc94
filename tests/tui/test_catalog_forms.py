"""Clients and projects in the app: the palette's New / Edit client and project, on a real
SQLite file; only the fields the user changed reach the store."""

from __future__ import annotations

from decimal import Decimal

from textual.widgets import Input, Label

from fcc.tui.app import PALETTE, FccApp, make_app
from fcc.tui.screens.catalog_forms import ClientModal, ProjectModal
from fcc.tui.screens.main import MainScreen
from fcc.tui.screens.picker import ChooseModal


def command(app: FccApp, title: str):
    [found] = [c for c in app.get_system_commands(app.screen) if c.title == title]
    return found.callback


def set_fields(app: FccApp, **values: str) -> None:
    for name, value in values.items():
        app.screen.query_one(f"#field-{name}", Input).value = value


def error(app: FccApp, name: str) -> str:
    return " ".join(str(app.screen.query_one(f"#error-{name}", Label).render()).split())


async def test_the_palette_creates_a_client_and_a_project(home_store, clock):
    s = home_store
    app = make_app(s, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        titles = {c.title for c in app.get_system_commands(app.screen)}
        assert {"New client…", "New project…", "Edit client…", "Edit project…"} <= titles
        assert {t for _, t, _ in PALETTE} <= titles
        command(app, "New client…")()
        await pilot.pause()
        assert isinstance(app.screen, ClientModal)
        assert app.screen.query_one("#field-currency", Input).value == "EUR"
        set_fields(app, name="Acme", currency="usd", rate="95.5", rounding="abc")
        await pilot.press("enter")
        await pilot.pause()
        assert error(app, "rounding").startswith("rounding: expected none, or MINUTES")
        set_fields(app, rounding="15:up")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        command(app, "New project…")()
        await pilot.pause()
        assert isinstance(app.screen, ProjectModal)
        set_fields(app, name="Website", client="Acmee", budget="40")
        await pilot.press("enter")
        await pilot.pause()
        assert error(app, "client") == "client: no client named 'Acmee'; did you mean Acme?"
        set_fields(app, client="Acme", budget="forty")
        await pilot.press("enter")
        await pilot.pause()
        assert error(app, "budget") == "budget_hours: expected a number of hours from 0 to " \
            "99999999.99 with at most two decimals, e.g. 40, got 'forty'"
        set_fields(app, budget="40")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
    [client] = s.list_clients()
    assert (client.name, client.currency, client.hourly_rate, client.rounding) == (
        "Acme", "USD", Decimal("95.50"), "15:up:entry")
    [project] = s.list_projects()
    assert (project.label, project.budget_hours, project.hourly_rate) == (
        "Acme/Website", Decimal("40.00"), None)


async def test_editing_sends_only_what_changed(home_store, clock):
    s = home_store
    s.create_client({"name": "Acme", "hourly_rate": "90", "rounding": "6:up"})
    s.create_client({"name": "Globex"})
    s.create_project({"name": "Website", "client": "Acme", "budget_hours": "10"})
    app = make_app(s, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        command(app, "Edit client…")()
        await pilot.pause()
        assert isinstance(app.screen, ChooseModal)
        await pilot.press(*"acm", "enter")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ClientModal)
        assert [form.query_one(f"#field-{n}", Input).value for n in
                ("name", "currency", "rate", "rounding")] == ["Acme", "EUR", "90.00",
                                                              "6:up:entry"]
        await pilot.press("enter")  # no edits
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert app._notifications and list(app._notifications)[-1].message == "nothing changed"
        before = s.change_counter()
        command(app, "Edit client…")()
        await pilot.pause()
        await pilot.press("enter")  # the first (Acme)
        await pilot.pause()
        set_fields(app, rate="110", name="Acme GmbH")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert s.change_counter() > before
        command(app, "Edit project…")()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ProjectModal)
        assert form.query_one("#field-client", Input).value == "Acme GmbH"
        set_fields(app, name="Site", budget="", client="Globex")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen), error(app, "form")
    acme = s.find_client("Acme GmbH")
    assert (acme.hourly_rate, acme.rounding, acme.currency) == (Decimal("110.00"),
                                                                "6:up:entry", "EUR")
    [project] = s.list_projects()
    assert (project.label, project.budget_hours) == ("Globex/Site", None)
    s.undo()  # one edit is one change
    [project] = s.list_projects()
    assert (project.label, project.budget_hours) == ("Acme GmbH/Website", Decimal("10.00"))


async def test_edit_without_any_client_says_how_to_add_one(home_store, clock):
    app = make_app(home_store, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        command(app, "Edit client…")()
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert list(app._notifications)[-1].message == "No clients yet: New client… adds one."
        command(app, "Edit project…")()
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert list(app._notifications)[-1].message == "No projects yet: New project… adds one."


async def test_edit_asks_which_one_and_escape_edits_none(home_store, clock):
    home_store.create_client({"name": "Acme"})
    home_store.create_project({"name": "Web", "client": "Acme"})
    app = make_app(home_store, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        for title, asked, names, form in (
                ("Edit client…", "Edit which client?", ["Acme"], ClientModal),
                ("Edit project…", "Edit which project?", ["Acme/Web"], ProjectModal)):
            command(app, title)()
            await pilot.pause()
            chooser = app.screen
            assert isinstance(chooser, ChooseModal)
            assert (chooser.heading, chooser.names) == (asked, names)
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, MainScreen)  # nothing chosen: no form
            command(app, title)()
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, form)
            await pilot.press("escape")
            await pilot.pause()
