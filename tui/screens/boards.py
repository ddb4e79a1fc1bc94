"""The Boards pane: a title line, the board (:class:`~fcc.tui.widgets.board.BoardView`) and a
filter line.

It holds what it last read (:class:`~.board_reads.BoardData`: the board and all its cards, one
read on the store's thread) and lays it out on the UI loop, so the filter, folding and the lane
toggle never wait for the store. A key's change runs on the store's thread
(:mod:`fcc.tui.storework`) and its card record comes back into the cards held at once (the
moved card and the lines in view are redrawn, not the board); the next read (the main screen's
poll, within a second) brings the store's own order. A refusal that ``--force`` overrides (a
full column, open blockers) asks to go ahead, and goes ahead forced.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static

from fcc.store.errors import FccError, InvalidInput, NeedsForce
from fcc.tui.screens.board_filter import EXPECTED, CardFilter, parse_filter
from fcc.tui.screens.board_reads import (
    ALL,
    BoardData,
    layout_of,
    lookup,
    read_board,
    with_card,
)
from fcc.tui.storework import store_work
from fcc.tui.text import one_line
from fcc.tui.widgets.board import BoardView
from fcc.tui.widgets.keybar import shown_key

if TYPE_CHECKING:
    from fcc.store import records_boards as rb
    from fcc.store.api import Store

Verb = Callable[["Store", bool], "rb.Card"]  # (store, force) -> the card changed


class BoardsPane(Vertical):
    """The board the user works on; its keys ask the store through the app's store work."""

    BINDINGS = [
        Binding("H,shift+left", "step(-1)", "Move ◀", id="boards.move_left",
                tooltip="Move the card to the previous column"),
        Binding("L,shift+right", "step(1)", "Move ▶", id="boards.move_right",
                tooltip="Move the card to the next column"),
        Binding("K,shift+up", "reorder(-1)", "Up", id="boards.move_up", show=False,
                tooltip="Move the card up in its column"),
        Binding("J,shift+down", "reorder(1)", "Down", id="boards.move_down", show=False,
                tooltip="Move the card down in its column"),
        Binding("n", "new_card", "New", id="boards.new", tooltip="Add a card"),
        Binding("e", "edit_card", "Edit", id="boards.edit", tooltip="Edit the card"),
        Binding("enter", "open_card", "Open", id="boards.open",
                tooltip="The card's details: description, comments, time, history"),
        Binding("d", "delete_card", "Delete", id="boards.delete",
                tooltip="Delete the card (u brings it back)"),
        Binding("a", "archive_card", "Archive", id="boards.archive", show=False,
                tooltip="Archive the card (u brings it back)"),
        Binding("u", "undo", "Undo", id="boards.undo", tooltip="Undo the last change"),
        Binding("slash", "filter", "Filter", id="boards.filter",
                tooltip="Filter: words, type:, tag:, sprint:, due:, blocked"),
        Binding("b", "switch_board", "Board", id="boards.switch",
                tooltip="Switch to another board, or all boards"),
        Binding("z", "fold", "Fold", id="boards.fold", show=False,
                tooltip="Fold or unfold a parent's children"),
        # not s: s stops the timer everywhere (timer.stop), on the board too
        Binding("w", "toggle_lanes", "Lanes", id="boards.lanes", show=False,
                tooltip="Show or hide the swim lanes"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.ref: int | str | None = None  # the board shown: an id, ALL, None (the first)
        self.data: BoardData | None = None
        self.lanes_on = True
        self.filter = CardFilter("", ())
        self.folded: set[int] = set()
        self.shown_cards = 0
        self._loading = False
        self._again = False  # a read was asked for while one was on its way
        self._again_force = False

    def compose(self) -> ComposeResult:
        yield Static(Text(" Reading the board…", style="dim"), id="board-title")
        yield BoardView(id="board")
        # the filter line is mounted on the first /

    @property
    def view(self) -> BoardView:
        return self.query_one(BoardView)

    @property
    def card(self) -> int | None:
        """The card under the cursor."""
        return self.view.card

    def focus_board(self) -> None:
        self.view.focus()

    # --- reading ---------------------------------------------------------------------------

    def load(self, *, force: bool = False) -> None:
        """Read the board when the store changed since the last read (always: ``force``);
        while a read is on its way, one more follows it instead."""
        if self._loading:
            self._again = True
            self._again_force = self._again_force or force
            return
        self._loading = True
        ref, seen = self.ref, (-1 if force or self.data is None else self.data.counter)

        def read(store: Store) -> BoardData | None:
            if seen >= 0 and store.change_counter() == seen:
                return None
            return read_board(store, ref)

        def got(data: BoardData | None) -> None:
            self._loading = False
            if not self.is_attached:  # the app is closing
                return
            switched = ref != self.ref  # the board was switched meanwhile: read that one
            if data is not None and not switched:
                self.ref = data.ref
                self.show(data)
            self._next_read(switched)

        def failed(exc: FccError) -> None:
            self._loading = False
            self.app.store_failed(exc)  # type: ignore[attr-defined]
            self._next_read(ref != self.ref)

        store_work(self).run(self, read, got, group="board-read", failed=failed)

    def _next_read(self, switched: bool) -> None:
        if self._again or switched:
            force = self._again_force or switched
            self._again = self._again_force = False
            self.load(force=force)

    def show(self, data: BoardData, *, keep: int | None = None,
             moved: rb.Card | None = None) -> None:
        """Draw ``data``; ``moved``: only that card changed, to another column (its two
        cells change, the rest of the layout stays, when no filter or fold could hide it)."""
        self.data = data
        if moved is not None and not self.filter and not self.folded and self.is_attached:
            layout = self.view.layout_.moved(moved)
            if layout is not None:
                self.view.show(layout, today=self.today(), hint=self._hint(data), keep=keep)
                self._title(data)
                return
        self.redraw(keep=keep)

    def redraw(self, *, keep: int | None = None) -> None:
        data = self.data
        if data is None or not self.is_attached:
            return
        view = self.view
        view.folded = self.folded
        layout, shown = layout_of(data, lanes_on=self.lanes_on,
                                  keep=self.filter or None, folded=self.folded)
        self.shown_cards = shown
        hint = self._hint(data)
        view.show(layout, today=self.today(), hint=hint, keep=keep)
        self._title(data)

    def today(self) -> dt.date:
        """Today in the user's zone, by the app's clock (due and overdue on the tiles)."""
        from fcc.store.zones import zone_tz

        zone = zone_tz(self.data.zone if self.data is not None else "UTC") or dt.UTC
        return self.app.clock.now().astimezone(zone).date()  # type: ignore[attr-defined]

    def _hint(self, data: BoardData) -> str:
        """What an empty board says, with the user's keys."""
        new, palette = self._key("boards.new", "n"), self._key("app.palette", "ctrl+p")
        if self.filter and data.cards:
            return (f"No card matches the filter ({self._key('boards.filter', 'slash')} "
                    "changes it, escape in it clears it).")
        if data.board is None and data.ref != ALL:
            return f"No board yet: {new} adds a card to a new board Inbox; {palette}: New board…"
        return f"No cards yet: {new} adds one."

    def _title(self, data: BoardData) -> None:
        out = Text(no_wrap=True, overflow="ellipsis")
        out.append(" " + one_line(data.title, 60), style="bold")
        board = data.board
        if board is not None and board.project:
            out.append("  " + one_line(board.project, 40), style="dim")
        if board is not None and board.active_sprint:
            out.append("  sprint " + one_line(board.active_sprint, 30))
        total = len(data.cards)
        out.append(f"  {total} card{'s' if total != 1 else ''}", style="dim")
        if self.filter:
            out.append("  filter: ", style="bold")
            out.append(one_line(self.filter.text, 60))
            out.append(f" ({self.shown_cards} shown)", style="dim")
        if self.folded:
            out.append(f"  {len(self.folded)} folded", style="dim")
        if not self.lanes_on:
            out.append("  lanes hidden", style="dim")
        self.query_one("#board-title", Static).update(out)

    # --- the session ---------------------------------------------------------------------

    def session_values(self) -> tuple[dict[str, Any], dict[str, Any]]:
        """(filters, selection) quitting saves: the board shown, the lanes, the card."""
        return ({"board": self.ref, "board_lanes": self.lanes_on}, {"card": self.card})

    def use_session(self, filters: dict[str, Any], selection: dict[str, Any]) -> None:
        """The board, lanes and card saved last time (before the first read)."""
        board = filters.get("board")
        if isinstance(board, int) or board == ALL:
            self.ref = board
        if isinstance(filters.get("board_lanes"), bool):
            self.lanes_on = filters["board_lanes"]
        card = selection.get("card")
        if isinstance(card, int):
            self.view.card = card

    # --- changes ---------------------------------------------------------------------------

    def write(self, action: str, verb: Verb, said: Callable[[rb.Card], str] | None = None, *,
              delta: int = 0, force: bool = False) -> None:
        """Run ``verb`` (one change, ``action``) on the store's thread; its card into the
        board at once; a refusal ``--force`` overrides is asked about, and done forced on yes.

        The change counter is read inside the change, before and after the verb (the writer
        lock is held, so nothing else commits meanwhile): when the board shown was read at the
        counter before, it is now current at the counter after, and the next poll does not
        read the whole board again for this pane's own move."""
        def run(store: Store) -> tuple[rb.Card, int, int]:
            with store.change(action):
                before = store.change_counter()
                card = verb(store, force)
                after = store.change_counter() + 1  # the change's own row comes last
            return card, before, after

        def done(result: tuple[rb.Card, int, int]) -> None:
            card, before, after = result
            if self.data is not None and self.is_attached:
                data = with_card(self.data, card, delta=delta)
                if data.counter == before:
                    data = dataclasses.replace(data, counter=after)
                self.show(data, keep=card.id, moved=card if not delta else None)
            if said is not None:  # a move is seen on the board: no toast for it
                self.notify(said(card), markup=False, timeout=3)

        def failed(exc: FccError) -> None:
            if isinstance(exc, NeedsForce) and not force:
                self.confirm(str(exc), lambda: self.write(action, verb, said, delta=delta,
                                                          force=True))
            else:
                self.app.store_failed(exc)  # type: ignore[attr-defined]

        store_work(self).run(self, run, done, group="board-write", failed=failed)

    def confirm(self, question: str, go: Callable[[], None]) -> None:
        from fcc.tui.screens.card_forms import ConfirmModal

        def answered(yes: bool | None) -> None:
            if yes:
                go()

        self.app.push_screen(ConfirmModal(question, "Do it anyway?"), answered)

    def _need_card(self, doing: str) -> int | None:
        if self.card is None:
            self.notify(f"No card to {doing}: move the cursor to one (or n adds one).",
                        severity="warning", markup=False)
        return self.card

    def action_step(self, delta: int) -> None:
        """H / L: the card to the previous / next column. Not drawn ahead of the store: the
        write starts at once (a relayout first would hold the GIL the store's thread needs),
        and its card is drawn when it comes back (measured: in the database ~20 ms after the
        key, on screen ~45 ms, at 5,000 cards)."""
        card = self._need_card("move")
        if card is None:
            return
        self.write("card move", lambda store, force: store.step_card(card, delta, force=force))

    def action_reorder(self, delta: int) -> None:
        """J / K: the card down / up in its column and lane."""
        card = self._need_card("move")
        if card is None:
            return
        self.write("card reorder", lambda store, force: store.reorder_card(card, delta),
                   delta=delta)

    def action_delete_card(self) -> None:
        self._set_aside("delete", "deleted", lambda store, card: store.delete_card(card))

    def action_archive_card(self) -> None:
        self._set_aside("archive", "archived", lambda store, card: store.archive_card(card))

    def _set_aside(self, verb: str, past: str, call: Callable[[Store, int], rb.Card]) -> None:
        """d / a: the card off the board, with how to bring it back (undo's key)."""
        card = self._need_card(verb)
        if card is None:
            return
        undo = self._key("boards.undo", "u")

        def said(c: rb.Card) -> str:
            return f"{past} #{c.id} {one_line(c.title, 40)} — {undo} to undo"

        self.write(f"card {verb}", lambda store, force: call(store, card), said)

    def action_restore_card(self) -> None:
        """The palette's "Restore card…": an archived or deleted card's number."""
        from fcc.tui.screens.card_more import RestoreModal

        self.app.push_screen(RestoreModal(self.app.clock),  # type: ignore[attr-defined]
                             self.saved)

    def action_burndown(self) -> None:
        """The palette's "Sprint burndown…": the active sprint's figures per day."""
        from fcc.tui.screens.card_more import open_burndown

        open_burndown(self)

    def action_undo(self) -> None:
        self.screen.change(lambda store: store.undo())  # type: ignore[attr-defined]

    def toggle_timer(self) -> bool:
        """The app's start/stop key (timer.toggle, ``t``) on the board: stop the card's
        running timer, else start one on it (the running one stops, as everywhere). False:
        no card under the cursor."""
        card_id = self.card
        card = lookup(self.data, card_id) if self.data is not None else None
        if card is None:
            return False
        card_id = card.id
        self.screen.change(  # type: ignore[attr-defined]
            lambda store: store.toggle_card_timer(card_id))
        return True

    def action_toggle_lanes(self) -> None:
        self.lanes_on = not self.lanes_on
        self.redraw()

    def action_fold(self) -> None:
        card = self.card
        data = self.data
        if card is None or data is None:
            return
        target = lookup(data, card)
        if target is not None and not target.children_total and target.parent_id is not None:
            card = target.parent_id  # on a child: fold its parent
        elif target is not None and not target.children_total:
            self.notify("This card has no children to fold.", severity="warning",
                        markup=False)
            return
        self.folded.symmetric_difference_update({card})
        self.redraw(keep=card)

    # --- filter ----------------------------------------------------------------------------

    def action_filter(self) -> None:
        from fcc.tui.widgets.filter_line import FilterLine

        found = self.query(FilterLine)
        field = found.first() if found else FilterLine(id="board-filter", placeholder=EXPECTED)
        if not found:
            self.mount(field)
        field.value = self.filter.text
        self.add_class("-filtering")
        field.focus()

    def filter_typed(self, text: str) -> None:
        """Enter in the filter line: show the cards it lets through (a word it cannot read:
        said, and the line stays open)."""
        try:
            self.filter = parse_filter(text, self.today())
        except InvalidInput as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self.remove_class("-filtering")
        self.redraw()
        self.view.focus()

    def clear_filter(self) -> None:
        """Escape in the filter line: no filter."""
        self.filter = CardFilter("", ())
        self.remove_class("-filtering")
        self.redraw()
        self.view.focus()

    def on_input_submitted(self, event: Any) -> None:
        if event.input.id == "board-filter":
            event.stop()
            self.filter_typed(event.value)

    def on_filter_line_cleared(self, event: Any) -> None:
        event.stop()
        self.clear_filter()

    # --- forms and screens -----------------------------------------------------------------

    def action_new_card(self) -> None:
        from fcc.tui.screens.card_forms import open_card_form

        open_card_form(self, None)

    def action_edit_card(self) -> None:
        from fcc.tui.screens.card_forms import open_card_form

        card = self._need_card("edit")
        if card is not None:
            open_card_form(self, card)

    def action_open_card(self) -> None:
        from fcc.tui.screens.card_detail import open_card_detail

        card = self._need_card("open")
        if card is not None:
            open_card_detail(self, card)

    def action_switch_board(self) -> None:
        from fcc.tui.screens.picker import ChooseModal

        boards = self.data.boards if self.data is not None else ()
        every = "— all boards —"  # (a board of that very name would be shadowed by it)
        names = [every, *(b.name for b in boards)]
        ids: dict[str, int | str] = {b.name: b.id for b in boards}
        ids[every] = ALL

        def chosen(name: str | None) -> None:
            if name is None:
                return
            self.ref = ids[name]
            self.folded.clear()
            self.load(force=True)

        self.app.push_screen(ChooseModal("Show which board?", names), chosen)

    def saved(self, message: str | None, *, keep: int | None = None) -> None:
        """A form saved (its message) or was cancelled (None)."""
        if message is None:
            return
        self.notify(message, markup=False, timeout=4)
        self.load(force=True)
        if keep is not None:
            self.view.card = keep

    def _key(self, binding_id: str, default: str) -> str:
        """The first key of a binding as the key bar shows it, with the user's key map."""
        return shown_key(self, binding_id, default)

    @on(BoardView.Dropped)
    def _dropped(self, event: BoardView.Dropped) -> None:
        """A card dragged onto another column: moved there (to its bottom)."""
        event.stop()
        card, name = event.card, self.view.layout_.columns[event.column].name
        self.write("card move",
                   lambda store, force: store.move_card(card, column=name, force=force))

    @on(BoardView.Focused)
    def _focused(self, event: BoardView.Focused) -> None:
        event.stop()
