"""What the card's detail and the Boards pane do beyond moving cards: a card's blockers (``b``
blocked by…, ``B`` no longer blocked by…), its comments (``E`` edit, ``D`` delete, picked from
a list), restoring an archived or deleted card (the palette), and the active sprint's burndown
(the palette). Each through the store's verbs (one change, one undo); their errors are the
one-line messages the command line gives.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from fcc.tui.screens.forms import FormModal, Job
from fcc.tui.storework import store_work
from fcc.tui.text import hm, one_line

if TYPE_CHECKING:
    from fcc.store import records_boards as rb
    from fcc.store.api import Store
    from fcc.store.clock import Clock


class BlockModal(FormModal[str]):
    """``b`` in the detail: the card that blocks this one (its number)."""

    FIELDS = (("by", "Blocked by"),)
    HINTS = {"by": "a card number like 12 or #12"}
    SUBMIT = "Block"

    def __init__(self, clock: Clock, card: int) -> None:
        super().__init__(clock)
        self.card = card
        self.form_title = f"#{card} is blocked by…"

    def submit(self) -> Job[str]:
        by, card = self.field("by").strip(), self.card

        def save(store: Store) -> str:
            dep = store.block(card, by=by)
            return f"#{dep.blocker_id} blocks #{dep.blocked_id}"

        return save


class CommentEditModal(FormModal[str]):
    """``E`` in the detail: a comment's new text (the old one stays in the history)."""

    FIELDS = (("comment", "Comment"),)
    HINTS = {"comment": "the comment's new text"}
    SUBMIT = "Save"

    def __init__(self, clock: Clock, comment: rb.Comment) -> None:
        super().__init__(clock, {"comment": comment.body})
        self.comment = comment.id
        self.form_title = f"Edit comment on #{comment.card_id}"

    def submit(self) -> Job[str]:
        body, number = self.field("comment"), self.comment

        def save(store: Store) -> str:
            store.edit_comment(number, body)
            return "comment changed"

        return save

    def show_error(self, field: str, message: str) -> None:
        super().show_error("comment" if field == "body" else field, message)


class RestoreModal(FormModal[str]):
    """The palette's "Restore card…": an archived or deleted card back on its board."""

    FIELDS = (("card", "Card"),)
    HINTS = {"card": "an archived or deleted card's number, like 12"}
    SUBMIT = "Restore"

    def __init__(self, clock: Clock) -> None:
        super().__init__(clock)
        self.form_title = "Restore card"

    def submit(self) -> Job[str]:
        from fcc.store.errors import InvalidInput

        text = self.field("card").strip().removeprefix("#")
        if not text.isdigit():
            raise InvalidInput("card", "a card number like 12", text)
        number = int(text)

        def save(store: Store) -> str:
            card = store.card(number)
            if card.deleted_at is not None:
                card = store.restore_card(number)
            elif card.archived:
                card = store.archive_card(number, archived=False)
            else:
                raise InvalidInput("card", f"an archived or deleted card (#{number} is on "
                                   f"its board)", text)
            return f"restored #{card.id} {one_line(card.title, 60)} to {card.column}"

        return save

    def show_error(self, field: str, message: str) -> None:
        super().show_error("" if field == "card" else field, message)


def comment_label(comment: rb.Comment) -> str:
    return f"{comment.author}: {one_line(comment.body, 70)} (#{comment.id})"


def pick_comment(screen: Any, title: str, comments: tuple[rb.Comment, ...],
                 then: Any) -> None:
    """A list of the card's comments to pick one from (``then(comment)`` on a pick)."""
    from fcc.tui.screens.picker import ChooseModal

    if not comments:
        screen.notify("No comment on this card yet (c adds one).", severity="warning",
                      markup=False)
        return
    by_label = {comment_label(c): c for c in comments}

    def chosen(label: str | None) -> None:
        if label is not None:
            then(by_label[label])

    screen.app.push_screen(ChooseModal(title, list(by_label)), chosen)


def burndown_table(burn: rb.Burndown) -> Table:
    """The sprint's days: estimate remaining at each day's end (as a bar), done that day."""
    from rich import box

    table = Table(box=box.SIMPLE_HEAD, expand=False, show_edge=False, pad_edge=False)
    table.add_column("Day", no_wrap=True)
    table.add_column("Remaining", justify="right", no_wrap=True)
    table.add_column("", no_wrap=True, width=BAR)
    table.add_column("Done", justify="right", no_wrap=True)
    table.add_column("Cards", justify="right", no_wrap=True)
    top = max((d.remaining_minutes for d in burn.days), default=0) or 1
    for day in burn.days:
        bar = "█" * round(BAR * day.remaining_minutes / top)
        table.add_row(f"{day.day:%a %d %b}", hm(day.remaining_minutes * 60),
                      Text(bar, style="cyan"), hm(day.done_minutes * 60),
                      str(day.done_cards))
    return table


BAR = 28


def burndown_heading(burn: rb.Burndown) -> Text:
    sprint = burn.sprint
    out = Text(no_wrap=True, overflow="ellipsis")
    out.append(one_line(sprint.name, 40), style="bold")
    out.append(f"  {sprint.start:%d %b} – {sprint.end:%d %b %Y}  ({sprint.status})", style="dim")
    if sprint.goal:
        out.append("\n" + one_line(sprint.goal, 200))
    return out


class BurndownScreen(ModalScreen[None]):
    """The palette's "Sprint burndown…": the active sprint's figures per day."""

    BINDINGS = [Binding("escape,q", "close", "Back", id="burndown.close",
                        tooltip="Back to the board")]

    def __init__(self, burn: rb.Burndown) -> None:
        super().__init__(classes="form-modal")
        self.burn = burn

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog burndown"):
            yield Static(burndown_heading(self.burn), classes="dialog-title")
            with VerticalScroll(id="burndown-body"):
                if self.burn.days:
                    yield Static(burndown_table(self.burn), id="burndown-table")
                else:
                    yield Static(Text("no day to show yet"), id="burndown-table")
            yield Static(Text("remaining: the estimate not done at the day's end · "
                              "escape back", style="dim"))

    def action_close(self) -> None:
        self.dismiss(None)


def open_burndown(pane: Any) -> None:
    data = pane.data
    board = data.board if data is not None else None
    if board is None:
        pane.notify("Show one board first (b picks it): the burndown is its active sprint's.",
                    severity="warning", markup=False)
        return
    store_work(pane).run(pane, lambda store: store.burndown(board.id),
                         lambda burn: pane.app.push_screen(BurndownScreen(burn)),
                         failed=pane.app.store_failed)
