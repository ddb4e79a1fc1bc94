"""Start on…: pick a project or card (or create a project), then an optional note and tags.

The picker ranks as :mod:`fcc.tui.screens.ranking` says. When the typed text names no project
exactly, its last choice creates one (``Acme/Website`` offers to create the client too); the
project form opens pre-filled and the timer starts on the new project after the note step.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from fcc.store.names import name_key
from fcc.store.records_tui import Pick
from fcc.tui.screens.forms import FormModal, Job, split_tags
from fcc.tui.screens.ranking import name_parts, rank, rank_texts
from fcc.tui.storework import store_work
from fcc.tui.text import one_line
from fcc.tui.widgets.textinput import TextInput

if TYPE_CHECKING:
    from fcc.store.api import Store
    from fcc.store.clock import Clock
    from fcc.tui.screens.catalog_forms import SavedProject

CREATE = "create"


@dataclasses.dataclass(frozen=True)
class CreateProject:
    """The picker's last choice: a project named ``name`` (under ``client``) to create;
    ``new_client`` when that client does not exist yet either."""

    name: str
    client: str | None = None
    new_client: bool = False

    def prompt(self) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append("new     ", style="dim")
        if self.new_client and self.client:
            text.append(f"create client {one_line(self.client, 40)!r} and project "
                        f"{one_line(self.name, 40)!r}…")
        elif self.client:
            text.append(f"create project {one_line(self.name, 40)!r} for "
                        f"{one_line(self.client, 40)}…")
        else:
            text.append(f"create project {one_line(self.name, 60)!r}…")
        return text


def create_offer(query: str, picks: Sequence[Pick], clients: Sequence[str]
                 ) -> CreateProject | None:
    """What the typed text would create, unless it names a project already."""
    text = " ".join(query.split())
    client: str | None = None
    if "/" in text and not text.startswith("/"):
        client, name = (part.strip() for part in text.split("/", 1))
    else:
        name = text.lstrip("/").strip()
    if not name:
        return None
    key = name_key(text)  # the store's rule for "the same name": Straße is STRASSE
    for pick in picks:
        if pick.kind == "project" and key in (name_key(pick.label),
                                              *(name_key(p) for p in name_parts(pick.label))):
            return None
    known = {name_key(c): c for c in clients}
    if client is not None:
        return CreateProject(name, known.get(name_key(client), client),
                             new_client=name_key(client) not in known)
    return CreateProject(name)


ChoiceT = TypeVar("ChoiceT")


class SearchModal(ModalScreen[ChoiceT]):
    """A search field over a list: typing narrows it, up/down move, Enter or a click takes the
    highlighted choice, Escape closes. Subclasses fill the list and say what a choice means."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="modal.cancel",
                        tooltip="Close the dialog without saving"),
                # priority: the search field's own up/down (scrolling) would take the keys
                Binding("down", "move(1)", "Next", id="picker.next", show=False,
                        priority=True, tooltip="Highlight the next choice"),
                Binding("up", "move(-1)", "Previous", id="picker.previous", show=False,
                        priority=True, tooltip="Highlight the previous choice")]

    def __init__(self, heading: str, placeholder: str) -> None:
        super().__init__(classes="form-modal")
        self.heading = heading
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog picker"):
            yield Static(Text(one_line(self.heading), style="bold"), classes="dialog-title")
            yield TextInput(placeholder=self.placeholder, id="search")
            yield OptionList(id="choices")

    def on_mount(self) -> None:
        self.refill("")

    @on(Input.Changed, "#search")
    def _search(self, event: Input.Changed) -> None:
        self.refill(event.value)

    def refill(self, query: str) -> None:
        raise NotImplementedError

    def choose(self, option: Option) -> None:
        raise NotImplementedError

    def action_move(self, step: int) -> None:
        choices = self.query_one(OptionList)
        if choices.option_count and choices.highlighted is not None:
            choices.highlighted = max(0, min(choices.option_count - 1,
                                             choices.highlighted + step))

    @on(Input.Submitted, "#search")
    def _enter(self) -> None:
        choices = self.query_one(OptionList)
        if choices.highlighted is not None and choices.option_count:
            self.choose(choices.get_option_at_index(choices.highlighted))

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.choose(event.option)

    def action_cancel(self) -> None:
        self.dismiss(None)


class PickerModal(SearchModal["Pick | CreateProject | None"]):
    """Start on…: fuzzy search over projects and cards, most recently tracked first."""

    def __init__(self, picks: list[Pick] | None, clients: Sequence[str] = ()) -> None:
        """``picks`` None: still being read (typing goes on; :meth:`fill` brings them)."""
        super().__init__("Start a timer on…", "type to search projects and cards, or a new name")
        self.picks = picks
        self.clients = list(clients)
        self.offer: CreateProject | None = None

    def fill(self, picks: list[Pick], clients: Sequence[str]) -> None:
        """The picks arrived: offer them for what is typed so far."""
        self.picks, self.clients = picks, list(clients)
        self.refill(self.query_one("#search", Input).value)

    def refill(self, query: str) -> None:
        if self.picks is None:
            choices = self.query_one(OptionList)
            choices.clear_options()
            choices.add_option(Option(Text("Reading projects and cards…", style="dim"),
                                      disabled=True))
            return
        ranked = rank(self.picks, query)
        choices = self.query_one(OptionList)
        choices.clear_options()
        choices.add_options([Option(pick_prompt(p), id=str(i)) for i, p in ranked[:200]])
        self.offer = create_offer(query, self.picks, self.clients)
        if self.offer is not None:
            choices.add_option(Option(self.offer.prompt(), id=CREATE))
        elif not self.picks:
            choices.add_option(Option(Text("No projects yet: type a name to create one.",
                                           style="dim"), disabled=True))
        if choices.option_count and not (len(ranked) == 0 and self.offer is None):
            choices.highlighted = 0

    def choose(self, option: Option) -> None:
        if option.disabled:
            return
        if option.id == CREATE:
            self.dismiss(self.offer)
        elif self.picks is not None:
            self.dismiss(self.picks[int(option.id or 0)])


def pick_prompt(pick: Pick) -> Text:
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append("card    " if pick.kind == "card" else "project ", style="dim")
    text.append(one_line(pick.label, 80))
    if pick.project:
        text.append(" · " + one_line(pick.project, 60), style="dim")
    return text


class StartModal(FormModal[str]):
    """The step after a pick: an optional note and tags; Enter on the empty form starts."""

    TITLE = "Start a timer"
    SUBMIT = "Start"
    FIELDS = (("note", "Note"), ("tags", "Tags"))
    HINTS = {"note": "optional: what you are doing", "tags": "optional: dev, urgent"}

    def __init__(self, clock: Clock, pick: Pick) -> None:
        where = pick.label + (f" · {pick.project}" if pick.project else "")
        super().__init__(clock, {}, heading=f"on {where}")
        self.pick = pick

    def submit(self) -> Job[str]:
        from fcc.tui.screens.main import say, shown_keys

        note, tags, pick = self.field("note"), split_tags(self.field("tags")), self.pick
        undo = shown_keys(self.app)["timers.undo"]
        if pick.kind == "card":
            return lambda store: say(store.start_timer(None, card=pick.id, note=note,
                                                       tags=tags), undo)
        return lambda store: say(store.start_timer(pick.id, note=note, tags=tags), undo)


class ChooseModal(SearchModal["str | None"]):
    """Choose one name from a list (which client or project to edit), searched as the picker
    searches."""

    def __init__(self, title: str, names: Sequence[str]) -> None:
        super().__init__(title, "type to search")
        self.names = list(names)

    def refill(self, query: str) -> None:
        choices = self.query_one(OptionList)
        choices.clear_options()
        choices.add_options([Option(Text(one_line(n, 80), no_wrap=True, overflow="ellipsis"),
                                    id=str(self.names.index(n)))
                             for n in rank_texts(self.names, query)])
        if choices.option_count:
            choices.highlighted = 0

    def choose(self, option: Option) -> None:
        self.dismiss(self.names[int(option.id or 0)])


def start_on(host: Any) -> None:
    """``T``: the picker, then (for a new project) the project form, then the note step; the
    timer starts at the end. ``host`` is the main screen (clock, changed). The picker opens at
    once (typing goes into it) and its picks arrive from the store's thread."""
    from fcc.tui.screens.catalog_forms import ProjectModal

    clock, app = host.clock, host.app
    clients: list[str] = []

    def note_step(pick: Pick) -> None:
        app.push_screen(StartModal(clock, pick), host.changed)

    def created(saved: SavedProject | None) -> None:
        if saved is None:
            return
        host.changed(saved.message)
        project = saved.project
        note_step(Pick(kind="project", id=project.id, label=project.label, project=None,
                       last_used=None))

    def picked(choice: Pick | CreateProject | None) -> None:
        if isinstance(choice, CreateProject):
            app.push_screen(ProjectModal(clock, name=choice.name, clients=clients,
                                         client=choice.client or "",
                                         create_client=choice.new_client), created)
        elif choice is not None:
            note_step(choice)

    def read(store: Store) -> tuple[list[Pick], list[str]]:
        return store.picks(), [c.name for c in store.list_clients()]

    def got(found: tuple[list[Pick], list[str]]) -> None:
        clients[:] = found[1]
        picker.fill(*found)

    picker = PickerModal(None)
    app.push_screen(picker, picked)
    store_work(host).run(picker, read, got)
