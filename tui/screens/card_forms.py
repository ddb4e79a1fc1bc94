"""The card form (``n`` new, ``e`` edit) and the yes/no question a refusal asks.

The form checks what it can read itself (a priority that is not 0-4) and hands the rest to the
store's card verbs (``add_card``, ``edit_card``, ``move_card``), whose error is shown under
the field it names. Editing sends only the fields the user changed, in one change (one undo).
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from fcc.store.errors import FccError, InvalidInput, NeedsForce
from fcc.tui.screens.forms import FormModal, Job, split_tags
from fcc.tui.storework import store_work
from fcc.tui.text import hm, one_line

if TYPE_CHECKING:
    from fcc.store import records_boards as rb
    from fcc.store.api import Store
    from fcc.store.clock import Clock

CARD_TYPES = ("epic", "story", "task", "bug")
PRIORITY = "a priority from 0 (highest) to 4"


class ConfirmModal(ModalScreen[bool]):
    """A question with yes (y, enter) and no (n, escape)."""

    BINDINGS = [
        Binding("y,enter", "answer(True)", "Yes", id="confirm.yes", tooltip="Yes, do it"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no", tooltip="No, leave it"),
    ]

    def __init__(self, what: str, question: str) -> None:
        super().__init__(classes="form-modal")
        self.what = what
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog confirm"):
            yield Static(Text(one_line(self.what, 500)), classes="dialog-title")
            yield Static(Text(self.question, style="bold"))
            with Horizontal(classes="buttons"):
                yield Button("Yes (y)", variant="warning", id="yes")
                yield Button("No (n)", id="no")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


def _minutes(minutes: int | None) -> str:
    return "" if minutes is None else hm(minutes * 60).replace(":", "h") + "m"


class CardModal(FormModal[str]):
    """A new card (in the cursor's column), or the card's fields to change."""

    FIELDS: tuple[tuple[str, str], ...] = (
        ("title", "Title"), ("type", "Type"), ("column", "Column"), ("lane", "Lane"),
        ("priority", "Priority"), ("estimate", "Estimate"), ("due", "Due"), ("tags", "Tags"),
        ("project", "Project"))
    COMPLETE: tuple[str, ...] = ("type", "column", "lane", "project")
    HINTS = {"title": "what is to be done", "type": "epic, story, task or bug",
             "column": "a column of the board", "lane": "a swim lane, or empty",
             "priority": "0 (highest) to 4", "estimate": "90m, 1.5h, 2h30m, 1d (8h)",
             "due": "2026-12-10, tomorrow, fri, or empty",
             "project": "type to search, or empty: the board's",
             "sprint": "a planned or active sprint, or empty: none",
             "parent": "a card number like 12, or empty: none"}
    # editing a card also sets its sprint and parent (the new-card form keeps its fields)
    MORE = (("sprint", "Sprint"), ("parent", "Parent"))

    def __init__(self, clock: Clock, card: rb.Card | None, *, board: int | None,
                 column: str, names: dict[str, list[str]]) -> None:
        values = ({"title": card.title, "type": card.type, "column": card.column,
                   "lane": card.lane or "", "priority": str(card.priority),
                   "estimate": _minutes(card.estimate_minutes),
                   "due": card.due.isoformat() if card.due else "",
                   "tags": ", ".join(card.tags), "project": card.project or "",
                   "sprint": card.sprint or "",
                   "parent": str(card.parent_id) if card.parent_id is not None else ""}
                  if card is not None else
                  {"type": "task", "column": column, "priority": "2"})
        super().__init__(clock, values, names=names)
        if card is not None:
            self.FIELDS = (*self.FIELDS, *self.MORE)
            self.COMPLETE = (*self.COMPLETE, "sprint")
        self.card = card
        self.board = board
        self.form_title = f"Edit #{card.id}" if card is not None else "New card"
        self.SUBMIT = "Save" if card is not None else "Add card"
        self.force = False  # a WIP limit or open blockers the user said yes to going past

    def priority(self) -> int:
        text = self.field("priority").strip()
        if text not in ("0", "1", "2", "3", "4"):
            raise InvalidInput("priority", PRIORITY, text)
        return int(text)

    def parent_number(self) -> int | None:
        text = self.field("parent").strip().removeprefix("#")
        if not text:
            return None
        if not text.isdigit():
            raise InvalidInput("parent", "a card number like 12, or empty: no parent", text)
        return int(text)

    def sprint_name(self) -> str | None:
        from fcc.store.names import name_key

        text = self.field("sprint").strip()
        if not text:
            return None
        offered = self.names.get("sprint", [])
        if name_key(text) not in {name_key(name) for name in offered}:
            expected = ", ".join(offered) if offered else "none on this board (Plan sprint…)"
            raise InvalidInput("sprint", f"a planned or active sprint: {expected}; or empty",
                               text)
        return text

    def submit(self) -> Job[str]:
        if not self.field("title").strip():
            raise InvalidInput("title", "a title (what is to be done)")
        if self.card is None:
            return self.add()
        return self.edit(self.card)

    def add(self) -> Job[str]:
        data: dict[str, Any] = {"title": self.field("title"), "board": self.board,
                                "type": self.field("type").strip() or "task",
                                "priority": self.priority()}
        for name in ("column", "lane", "estimate", "due", "project"):
            text = self.field(name).strip()
            if text:
                data[name] = text
        tags = split_tags(self.field("tags"))
        if tags:
            data["tags"] = tags

        force = self.force

        def save(store: Store) -> str:
            card = store.add_card(data, force=force)
            return f"added #{card.id} {one_line(card.title, 60)} to {card.column}"

        return save

    def edit(self, old: rb.Card) -> Job[str]:
        changes: dict[str, Any] = {}
        if self.touched("title"):
            changes["title"] = self.field("title")
        if self.touched("type"):
            changes["type"] = self.field("type").strip()
        if self.touched("priority"):
            changes["priority"] = self.priority()
        for name in ("estimate", "due", "project"):
            if self.touched(name):
                changes[name] = self.field(name).strip() or None
        if self.touched("tags"):
            changes["tags"] = split_tags(self.field("tags"))
        if self.touched("sprint"):
            changes["sprint"] = self.sprint_name()
        if self.touched("parent"):
            changes["parent"] = self.parent_number()
        move: dict[str, Any] = {}
        if self.touched("column"):
            move["column"] = self.field("column").strip()
        if self.touched("lane"):
            move["lane"] = self.field("lane").strip() or None
        if not changes and not move:
            return lambda store: "nothing changed"
        force = self.force

        def save(store: Store) -> str:
            with store.change("card edit") as batch:
                if changes:
                    store.edit_card(old.id, changes)
                if move:
                    store.move_card(old.id, **move, force=force)
                batch.message = f"changed #{old.id} {one_line(old.title, 60)}"
            return batch.message

        return save

    def show_fcc_error(self, exc: FccError) -> None:
        if isinstance(exc, NeedsForce) and not self.force:  # as H/L on the board ask
            def answered(yes: bool | None) -> None:
                if yes:
                    self.force = True
                    self.action_submit()
                    self.force = False

            self.app.push_screen(ConfirmModal(str(exc), "Do it anyway?"), answered)
            return
        named = str(exc).split(":", 1)[0].strip()
        if not isinstance(exc, InvalidInput) and named in dict(self.FIELDS):
            self.show_error(named, str(exc))
            return
        super().show_fcc_error(exc)


@dataclasses.dataclass(frozen=True)
class CardFormData:
    card: rb.Card | None
    projects: list[str]
    sprints: list[str]


def open_card_form(pane: Any, card_id: int | None) -> None:
    """Read what the form offers (the card, the projects), then open it over the pane."""
    data = pane.data
    board = data.board if data is not None else None
    view = pane.view
    columns = [c.name for c in view.layout_.columns]
    column = columns[view.column] if columns and view.column < len(columns) else ""
    lanes = [lane.name for lane in board.lanes] if board is not None else []
    board_id = board.id if board is not None else None
    if board is None and data is not None and pane.card is not None:
        focused = next((c for c in data.cards if c.id == pane.card), None)
        board_id = focused.board_id if focused is not None else None  # all boards

    def read(store: Store) -> CardFormData:
        card = store.card(card_id) if card_id is not None else None
        sprints = ([s.name for s in store.sprints(card.board_id)
                    if s.status in ("planned", "active")] if card is not None else [])
        return CardFormData(card, [p.label for p in store.list_projects()], sprints)

    def opened(got: CardFormData) -> None:
        names = {"type": list(CARD_TYPES), "column": columns, "lane": lanes,
                 "project": got.projects, "sprint": got.sprints}
        form = CardModal(pane.app.clock, got.card, board=board_id, column=column, names=names)
        pane.app.push_screen(form, lambda message: pane.saved(message, keep=card_id))

    store_work(pane).run(pane, read, opened)
