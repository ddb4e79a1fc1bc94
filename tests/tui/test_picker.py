"""Start on…: ranking, creating a project (and its client) from the picker, the note and
tags step, and fields that complete project names."""

from __future__ import annotations

import datetime as dt

from textual.widgets import Input, OptionList

from fcc.store.demo import seed_demo
from fcc.store.records_tui import Pick
from fcc.tui.app import FccApp, binding_ids, help_rows, make_app
from fcc.tui.screens.catalog_forms import ProjectModal
from fcc.tui.screens.complete import CompletingInput
from fcc.tui.screens.entry_forms import EntryModal
from fcc.tui.screens.main import MainScreen
from fcc.tui.screens.picker import PickerModal, StartModal, create_offer
from fcc.tui.screens.ranking import rank, rank_texts

UTC = dt.UTC
NOW = dt.datetime(2026, 11, 23, 10, 30, tzinfo=UTC)
H = dt.timedelta(hours=1)


def pick(kind: str, label: str, project: str | None = None, i: int = 1) -> Pick:
    return Pick(kind=kind, id=i, label=label, project=project, last_used=None)


def test_a_name_that_starts_with_the_text_ranks_first():
    picks = [pick("card", "#7 Workshop slides", "Acme/Training", 7),  # most recent first
             pick("project", "Northwind/Shop relaunch", i=2),
             pick("project", "Photoshop retouch", i=3),
             pick("card", "#9 Shopping list", "Admin", 9),
             pick("project", "Acme/Website", i=4)]
    ranked = [p.label for _, p in rank(picks, "sho")]
    # prefixes (recency order among them), then substrings, then letters in order
    assert ranked == ["Northwind/Shop relaunch", "#9 Shopping list", "#7 Workshop slides",
                      "Photoshop retouch"]
    assert [p.label for _, p in rank(picks, "web")] == ["Acme/Website"]
    assert [p.label for _, p in rank(picks, "nsr")] == ["Northwind/Shop relaunch"]
    assert [p.label for _, p in rank(picks, "")] == [p.label for p in picks]
    assert rank_texts(["Workshop", "Shop", "Acme/Shopify"], "shop") == [
        "Shop", "Acme/Shopify", "Workshop"]


def test_what_the_picker_offers_to_create():
    picks = [pick("project", "Acme/Website"), pick("project", "Admin")]
    assert create_offer("website", picks, ["Acme"]) is None  # names one already
    assert create_offer("", picks, []) is None
    offer = create_offer("Shop", picks, ["Acme"])
    assert offer is not None and (offer.name, offer.client, offer.new_client) == (
        "Shop", None, False)
    offer = create_offer("acme / Shop", picks, ["Acme"])
    assert offer is not None and (offer.name, offer.client, offer.new_client) == (
        "Shop", "Acme", False)
    offer = create_offer("Globex/Portal", picks, ["Acme"])
    assert offer is not None and offer.new_client
    assert str(offer.prompt()).endswith("create client 'Globex' and project 'Portal'…")
    # names compare as the store compares them (full case folding), not by str.lower()
    unicode = [pick("project", "Straße"), pick("project", "Ägypten GmbH/Übersetzung")]
    assert create_offer("STRASSE", unicode, []) is None
    assert create_offer("übersetzung", unicode, ["Ägypten GmbH"]) is None
    offer = create_offer("ÄGYPTEN GMBH/Web", unicode, ["Ägypten GmbH"])
    assert offer is not None and (offer.client, offer.new_client) == ("Ägypten GmbH", False)


def choices(app: FccApp) -> list[str]:
    options = app.screen.query_one(OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


def highlighted(app: FccApp) -> str:
    options = app.screen.query_one(OptionList)
    assert options.highlighted is not None
    return str(options.get_option_at_index(options.highlighted).prompt)


async def test_the_picker_puts_a_project_prefix_above_a_card_that_contains_it(home_store,
                                                                              clock):
    seed_demo(home_store)
    app = make_app(home_store, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("T", *"book")
        await pilot.pause()
        assert isinstance(app.screen, PickerModal)
        # "#41 Booking webhooks" starts with it too but was tracked less recently; the card
        # "Admin & bookkeeping" merely contains it
        assert choices(app)[:3] == ["project Hollis & Finch Ltd/Booking API v2",
                                    "card    #41 Booking webhooks · Hollis & Finch Ltd/Booking "
                                    "API v2",
                                    "project Admin & bookkeeping"]


async def test_a_pick_asks_for_note_and_tags_then_starts(world, clock):
    app = make_app(world, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("T", *"adm", "enter")
        await pilot.pause()
        assert isinstance(app.screen, StartModal)
        assert world.running() == []
        await pilot.press(*"invoices", "tab", *"billing urgent", "enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        [entry] = world.running()
        assert (entry.project, entry.note, entry.tags) == ("Admin", "invoices",
                                                          ("billing", "urgent"))
        await pilot.press("T", *"web", "enter")
        await pilot.pause()
        await pilot.press("escape")  # Escape in the note step: nothing starts
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert [e.project for e in world.running()] == ["Admin"]


async def test_first_run_creates_client_and_project_from_the_picker(home_store, clock):
    s = home_store
    app = make_app(s, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("T")
        await pilot.pause()
        assert isinstance(app.screen, PickerModal)
        assert choices(app) == ["No projects yet: type a name to create one."]
        await pilot.press(*"Website")
        assert choices(app)[-1].endswith("create project 'Website'…")
        await pilot.press(*["backspace"] * 7, *"Acme/Website")
        assert choices(app)[-1].endswith("create client 'Acme' and project 'Website'…")
        await pilot.press("enter")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ProjectModal)
        assert form.query_one("#field-name", Input).value == "Website"
        assert form.query_one("#field-client", Input).value == "Acme"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, StartModal)
        await pilot.press("enter")  # no note, no tags
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
    assert [c.name for c in s.list_clients()] == ["Acme"]
    assert [p.label for p in s.list_projects()] == ["Acme/Website"]
    assert [(e.project, e.note, e.tags) for e in s.running()] == [("Acme/Website", "", ())]
    s.undo()  # the start
    s.undo()  # client and project were one change
    assert s.list_clients() == [] and s.list_projects() == []


async def test_a_refused_project_form_writes_nothing(world, clock):
    app = make_app(world, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("T", *"Globex/Portal", "enter")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ProjectModal)
        form.query_one("#field-rounding", Input).value = "7:sideways"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ProjectModal)
        error = " ".join(str(form.query_one("#error-rounding").render()).split())
        assert error.startswith("rounding: expected none, or MINUTES"), error
    assert [c.name for c in world.list_clients()] == ["Acme"]  # no half-written client


async def test_the_project_field_completes_names(world, clock):
    world.create_client({"name": "Globex"})
    world.create_project({"name": "Website", "client": "Globex"})
    app = make_app(world, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, EntryModal)
        project = form.query_one("#field-project", CompletingInput)
        project.focus()
        project.value = ""
        await pilot.press(*"adm")
        await pilot.pause()
        assert project.open
        assert str(project.completions.get_option_at_index(0).prompt) == "Admin"
        await pilot.press("tab")  # takes the highlighted name
        assert project.value == "Admin" and not project.open
        project.value = ""
        await pilot.press(*"glw")  # letters in order
        await pilot.pause()
        await pilot.press("enter")  # takes Globex/Website
        assert project.value == "Globex/Website" and isinstance(app.screen, EntryModal)
        project.value = ""
        await pilot.press(*"adm")
        await pilot.pause()
        await pilot.click("#complete-field-project")  # the first match, by mouse
        assert project.value == "Admin"
        project.value = "Globex/Website"
        await pilot.press("enter")  # an exact name: submits
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
    assert [e.project for e in world.entries()] == ["Globex/Website"]


async def test_the_new_bindings_have_ids_and_show_in_help(world, clock):
    assert {"complete.next", "complete.previous", "complete.accept", "picker.next",
            "picker.previous", "modal.cancel"} <= set(binding_ids())
    app = make_app(world, clock, keymap={"complete.accept": "ctrl+t"})
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.focused, CompletingInput)
        rows = {binding_id: (keys, what) for _, keys, what, binding_id in help_rows(app.screen)}
        assert rows["complete.accept"][0] == "^t"
        assert rows["complete.next"][1] == "Highlight the next matching name"
        await pilot.press(*"adm", "ctrl+t")  # the remapped key takes the match
        assert app.focused is not None and app.focused.value == "Admin"
        await pilot.press("escape", "T")
        await pilot.pause()
        await pilot.press("down", "down", "up", "down")  # (the search field used to take them)
        assert app.screen.query_one(OptionList).highlighted == 1
        rows = {binding_id: keys for _, keys, _, binding_id in help_rows(app.screen)}
        assert rows.get("picker.next") == "↓", help_rows(app.screen)


async def test_a_client_name_changed_in_the_form_is_not_created(world, clock):
    app = make_app(world, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("T", *"Globex/Portal", "enter")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ProjectModal)
        form.query_one("#field-client", Input).value = "Globexx"
        await pilot.pause()
        form.action_submit()
        await pilot.pause()
        error = " ".join(str(form.query_one("#error-client").render()).split())
        assert error == "client: no client named 'Globexx'"
        form.query_one("#field-client", Input).value = "globex"
        await pilot.pause()
        form.action_submit()
        await pilot.pause()
        assert isinstance(app.screen, StartModal)
    assert [c.name for c in world.list_clients()] == ["Acme", "globex"]
