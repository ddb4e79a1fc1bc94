"""Clients and projects in the app: new and edit forms, through the store's catalog verbs (the
ones ``fcc client add`` and ``fcc project add`` use), so the checks and messages are the
command line's. Editing sends only the fields the user changed, all in one change (one undo).
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from fcc.store.errors import NotFound
from fcc.store.names import name_key
from fcc.store.records import Client, Project
from fcc.tui.screens.forms import FormModal

if TYPE_CHECKING:
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

    def __init__(self, store: Store, clock: Clock, client: Client | None = None, *,
                 name: str = "") -> None:
        values = ({"name": client.name, "currency": client.currency,
                   "rate": _text(client.hourly_rate), "rounding": _text(client.rounding)}
                  if client else {"name": name, "currency": store.prefs.currency})
        super().__init__(store, clock, values)
        self.client = client
        self.form_title = f"Edit client {client.name}" if client else "New client"
        self.SUBMIT = "Save" if client else "Add client"

    def submit(self) -> str:
        if self.client is None:
            data: dict[str, Any] = {"name": self.field("name"),
                                    "currency": self.field("currency"),
                                    "hourly_rate": self.field("rate").strip() or None}
            if self.field("rounding").strip():
                data["rounding"] = self.field("rounding")
            created = self.store.create_client(data)
            return f"added client {created.name}"
        return self.edit(self.client)

    def edit(self, old: Client) -> str:
        changes: dict[str, Any] = {}
        if self.touched("currency"):
            changes["currency"] = self.field("currency")
        if self.touched("rate"):
            changes["hourly_rate"] = self.field("rate").strip() or None  # the store checks it
        if self.touched("rounding"):
            changes["rounding"] = _rule(self.field("rounding"))
        renamed = self.touched("name") and self.field("name").strip() != old.name
        if not changes and not renamed:
            return "nothing changed"
        words = []
        with self.store.change("client edit") as batch:
            name = old.name
            if changes:
                self.store.set_client(name, **changes)
                words.append(batch.message)
            if renamed:
                name = self.store.rename_client(name, self.field("name")).name
                words.append(batch.message)
            batch.message = "; ".join(words)
        return batch.message


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

    def __init__(self, store: Store, clock: Clock, project: Project | None = None, *,
                 name: str = "", client: str = "", create_client: bool = False) -> None:
        values = ({"name": project.name, "client": project.client_name or "",
                   "rate": _text(project.hourly_rate), "rounding": _text(project.rounding),
                   "budget": _text(project.budget_hours)}
                  if project else {"name": name, "client": client})
        heading = (f"Client {client} is new: it is added too (its rate and currency: Edit "
                   "client… in the palette)" if create_client and client else "")
        super().__init__(store, clock, values, heading=heading)
        self.project = project
        self.new_client = client if create_client and client else None  # added with it
        self.form_title = f"Edit project {project.label}" if project else "New project"
        self.SUBMIT = "Save" if project else "Add project"

    def submit(self) -> SavedProject:
        if self.project is None:
            return self.add()
        return self.edit(self.project)

    def add(self) -> SavedProject:
        client = self.field("client").strip() or None
        data: dict[str, Any] = {"name": self.field("name"), "client": client,
                                "hourly_rate": self.field("rate").strip() or None,
                                "budget_hours": self.field("budget").strip() or None}
        if self.field("rounding").strip():
            data["rounding"] = self.field("rounding")
        with self.store.change("project add") as batch:
            words = []
            if (client is not None and self.new_client is not None
                    and name_key(client) == name_key(self.new_client)
                    and not self._client_exists(client)):
                self.store.create_client({"name": client, "currency": self.store.prefs.currency})
                words.append(f"added client {client}")
            project = self.store.create_project(data)
            words.append(f"added project {project.label}")
            batch.message = "; ".join(words)
        return SavedProject(batch.message, project)

    def _client_exists(self, name: str) -> bool:
        try:
            self.store.find_client(name)
        except NotFound:
            return False
        return True

    def edit(self, old: Project) -> SavedProject:
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
            return SavedProject("nothing changed", old)
        spec = old.label if old.client_name else f"/{old.name}"
        words = []
        with self.store.change("project edit") as batch:
            project = old
            if changes:
                project = self.store.set_project(spec, **changes)
                words.append(batch.message)
            if renamed:
                spec = project.label if project.client_name else f"/{project.name}"
                project = self.store.rename_project(spec, self.field("name"))
                words.append(batch.message)
            batch.message = "; ".join(words)
        return SavedProject(batch.message, project)


def open_catalog_form(host: Any, what: str) -> None:
    """Open the form ``what`` names (new_client, new_project, edit_client, edit_project)
    over ``host``, the main screen (store, clock, app, changed, notify)."""
    from fcc.tui.screens.picker import ChooseModal

    store, clock, app = host.store, host.clock, host.app

    def saved(result: SavedProject | None) -> None:
        host.changed(None if result is None else result.message)

    if what == "new_client":
        app.push_screen(ClientModal(store, clock), host.changed)
    elif what == "new_project":
        app.push_screen(ProjectModal(store, clock), saved)
    elif what == "edit_client":
        names = [c.name for c in store.list_clients()]
        if not names:
            host.notify("No clients yet: New client… adds one.", markup=False)
            return

        def client_chosen(name: str | None) -> None:
            if name is not None:
                app.push_screen(ClientModal(store, clock, store.find_client(name)),
                                host.changed)

        app.push_screen(ChooseModal("Edit which client?", names), client_chosen)
    elif what == "edit_project":
        projects = {p.label: p for p in store.list_projects()}
        if not projects:
            host.notify("No projects yet: New project… adds one.", markup=False)
            return

        def project_chosen(label: str | None) -> None:
            if label is not None:
                app.push_screen(ProjectModal(store, clock, projects[label]), saved)

        app.push_screen(ChooseModal("Edit which project?", list(projects)), project_chosen)
