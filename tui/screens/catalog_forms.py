"""Clients and projects in the app: new and edit forms, through the store's catalog verbs (the
ones ``fcc client add`` and ``fcc project add`` use), so the checks and messages are the
command line's. Editing sends only the fields the user changed, all in one change (one undo).
A form is given what it shows (the client or project, the names, the default currency); its
store call runs on the store's thread.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from fcc.store.errors import NotFound
from fcc.store.names import name_key
from fcc.store.records import Client, Project
from fcc.tui.screens.forms import FormModal, Job
from fcc.tui.storework import store_work

if TYPE_CHECKING:
    from collections.abc import Callable

    from fcc.store.api import Store
    from fcc.store.clock import Clock


def _rule(text: str) -> Any:
    """A rounding field: empty inherits (None), else a rule as --rounding reads it."""
    from fcc.store.rounding import parse_rounding

    return None if not text.strip() else parse_rounding(text, "rounding")


def _text(value: object) -> str:
    return "" if value is None else str(value)


class ClientModal(FormModal[str]):
    """New client, or edit one (name, currency, hourly rate, rounding)."""

    FIELDS = (("name", "Name"), ("currency", "Currency"), ("rate", "Rate"),
              ("rounding", "Rounding"))

    def __init__(self, clock: Clock, client: Client | None = None, *, name: str = "",
                 currency: str = "") -> None:
        values = ({"name": client.name, "currency": client.currency,
                   "rate": _text(client.hourly_rate), "rounding": _text(client.rounding)}
                  if client else {"name": name, "currency": currency})
        super().__init__(clock, values)
        self.client = client
        self.form_title = f"Edit client {client.name}" if client else "New client"
        self.SUBMIT = "Save" if client else "Add client"

    def submit(self) -> Job[str]:
        if self.client is None:
            data: dict[str, Any] = {"name": self.field("name"),
                                    "currency": self.field("currency"),
                                    "hourly_rate": self.field("rate").strip() or None}
            if self.field("rounding").strip():
                data["rounding"] = self.field("rounding")
            return lambda store: f"added client {store.create_client(data).name}"
        return self.edit(self.client)

    def edit(self, old: Client) -> Job[str]:
        changes: dict[str, Any] = {}
        if self.touched("currency"):
            changes["currency"] = self.field("currency")
        if self.touched("rate"):
            changes["hourly_rate"] = self.field("rate").strip() or None  # the store checks it
        if self.touched("rounding"):
            changes["rounding"] = _rule(self.field("rounding"))
        renamed = self.touched("name") and self.field("name").strip() != old.name
        if not changes and not renamed:
            return lambda store: "nothing changed"
        new_name = self.field("name")

        def save(store: Store) -> str:
            words = []
            with store.change("client edit") as batch:
                name = old.name
                if changes:
                    store.set_client(name, **changes)
                    words.append(batch.message)
                if renamed:
                    name = store.rename_client(name, new_name).name
                    words.append(batch.message)
                batch.message = "; ".join(words)
            return batch.message

        return save


@dataclasses.dataclass(frozen=True)
class SavedProject:
    """What the project form did, and the project (a timer can start on it next)."""

    message: str
    project: Project


class ProjectModal(FormModal[SavedProject]):
    """New project (a client may be created with it), or edit one."""

    FIELDS = (("name", "Name"), ("client", "Client"), ("rate", "Rate"),
              ("rounding", "Rounding"), ("budget", "Budget h"))
    COMPLETE = ("client",)

    def __init__(self, clock: Clock, project: Project | None = None, *, clients: list[str],
                 name: str = "", client: str = "", create_client: bool = False) -> None:
        values = ({"name": project.name, "client": project.client_name or "",
                   "rate": _text(project.hourly_rate), "rounding": _text(project.rounding),
                   "budget": _text(project.budget_hours)}
                  if project else {"name": name, "client": client})
        heading = (f"Client {client} is new: it is added too (its rate and currency: Edit "
                   "client… in the palette)" if create_client and client else "")
        super().__init__(clock, values, heading=heading, names={"client": clients})
        self.project = project
        self.new_client = client if create_client and client else None  # added with it
        self.form_title = f"Edit project {project.label}" if project else "New project"
        self.SUBMIT = "Save" if project else "Add project"

    def submit(self) -> Job[SavedProject]:
        if self.project is None:
            return self.add()
        return self.edit(self.project)

    def add(self) -> Job[SavedProject]:
        client = self.field("client").strip() or None
        data: dict[str, Any] = {"name": self.field("name"), "client": client,
                                "hourly_rate": self.field("rate").strip() or None,
                                "budget_hours": self.field("budget").strip() or None}
        if self.field("rounding").strip():
            data["rounding"] = self.field("rounding")
        new_client = (client is not None and self.new_client is not None
                      and name_key(client) == name_key(self.new_client))

        def save(store: Store) -> SavedProject:
            with store.change("project add") as batch:
                words = []
                if new_client and client is not None and not _client_exists(store, client):
                    store.create_client({"name": client, "currency": store.prefs.currency})
                    words.append(f"added client {client}")
                project = store.create_project(data)
                words.append(f"added project {project.label}")
                batch.message = "; ".join(words)
            return SavedProject(batch.message, project)

        return save

    def edit(self, old: Project) -> Job[SavedProject]:
        changes: dict[str, Any] = {}
        if self.touched("client"):
            changes["client"] = self.field("client").strip() or None
        if self.touched("rate"):
            changes["hourly_rate"] = self.field("rate").strip() or None  # the store checks it
        if self.touched("budget"):
            changes["budget_hours"] = self.field("budget").strip() or None
        if self.touched("rounding"):
            changes["rounding"] = _rule(self.field("rounding"))
        renamed = self.touched("name") and self.field("name").strip() != old.name
        if not changes and not renamed:
            return lambda store: SavedProject("nothing changed", old)
        new_name = self.field("name")

        def save(store: Store) -> SavedProject:
            spec = old.label if old.client_name else f"/{old.name}"
            words = []
            with store.change("project edit") as batch:
                project = old
                if changes:
                    project = store.set_project(spec, **changes)
                    words.append(batch.message)
                if renamed:
                    spec = project.label if project.client_name else f"/{project.name}"
                    project = store.rename_project(spec, new_name)
                    words.append(batch.message)
                batch.message = "; ".join(words)
            return SavedProject(batch.message, project)

        return save


def _client_exists(store: Store, name: str) -> bool:
    try:
        store.find_client(name)
    except NotFound:
        return False
    return True


@dataclasses.dataclass(frozen=True)
class Catalog:
    """What the catalog forms open with, read on the store's thread."""

    clients: list[Client]
    projects: list[Project]
    currency: str


def read_catalog(store: Store) -> Catalog:
    return Catalog(store.list_clients(), store.list_projects(), store.prefs.currency)


def open_catalog_form(host: Any, what: str) -> None:
    """Open the form ``what`` names (new_client, new_project, edit_client, edit_project)
    over ``host``, the main screen (clock, app, changed, notify), once the clients and
    projects are read."""
    store_work(host).run(host, read_catalog, lambda catalog: _open_form(host, what, catalog))


def _open_form(host: Any, what: str, catalog: Catalog) -> None:
    clock, app = host.clock, host.app
    client_names = [c.name for c in catalog.clients]

    def saved(result: SavedProject | None) -> None:
        host.changed(None if result is None else result.message)

    if what == "new_client":
        app.push_screen(ClientModal(clock, currency=catalog.currency), host.changed)
    elif what == "new_project":
        app.push_screen(ProjectModal(clock, clients=client_names), saved)
    elif what == "edit_client":
        clients = {c.name: c for c in catalog.clients}
        _choose(host, "client", list(clients), lambda name: app.push_screen(
            ClientModal(clock, clients[name]), host.changed))
    elif what == "edit_project":
        projects = {p.label: p for p in catalog.projects}
        _choose(host, "project", list(projects), lambda label: app.push_screen(
            ProjectModal(clock, projects[label], clients=client_names), saved))


def _choose(host: Any, noun: str, names: list[str], edit: Callable[[str], object]) -> None:
    """Ask which client or project to edit (``names``), then ``edit`` it; say so when there is
    none yet."""
    from fcc.tui.screens.picker import ChooseModal

    if not names:
        host.notify(f"No {noun}s yet: New {noun}… adds one.", markup=False)
        return

    def chosen(name: str | None) -> None:
        if name is not None:
            edit(name)

    host.app.push_screen(ChooseModal(f"Edit which {noun}?", names), chosen)
