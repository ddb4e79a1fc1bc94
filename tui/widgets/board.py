"""The board: columns side by side under a two-line header (name, count, WIP ``n/limit``), swim
lanes as bands across them, a cursor on one card.

One Line-API widget (a :class:`~textual.scroll_view.ScrollView`): it draws only the lines in
view, and of those only the columns in view, from a :class:`~.board_layout.Layout`; a card's
two lines are cached until its record changes. So 5,000 cards cost what the twenty visible
ones cost, and a move redraws the lines in view, from the cache except the moved card. The
header stays at the top while the cards scroll; columns scroll sideways with the cursor.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import var
from textual.scroll_view import ScrollView
from textual.strip import Strip

from fcc.tui.text import one_line
from fcc.tui.widgets.board_layout import Layout, ViewColumn, build_layout
from fcc.tui.widgets.card_tile import CARD_H, fit, tile_lines

if TYPE_CHECKING:
    from fcc.store import records_boards as rb

HEADER_H = 2
MIN_WIDTH = 24  # a column's cells (its last one is the gap to the next): 5 fit in 120
MAX_WIDTH = 40


class BoardView(ScrollView, can_focus=True, inherit_bindings=False):
    """Draws a :class:`Layout`; the arrows and h/j/k/l move the cursor card."""

    BINDINGS = [
        Binding("left,h", "cursor(-1, 0)", "Left", id="boards.left", show=False,
                tooltip="Focus the card in the column on the left"),
        Binding("right,l", "cursor(1, 0)", "Right", id="boards.right", show=False,
                tooltip="Focus the card in the column on the right"),
        Binding("up,k", "cursor(0, -1)", "Up", id="boards.up", show=False,
                tooltip="Focus the card above"),
        Binding("down,j", "cursor(0, 1)", "Down", id="boards.down", show=False,
                tooltip="Focus the card below"),
        Binding("home", "edge(-1)", "First", id="boards.home", show=False,
                tooltip="Focus the column's first card"),
        Binding("end", "edge(1)", "Last", id="boards.end", show=False,
                tooltip="Focus the column's last card"),
    ]
    COMPONENT_CLASSES = {
        "board--head", "board--head-focus", "board--over", "board--rule", "board--lane",
        "board--tile", "board--focus", "board--id", "board--epic", "board--story",
        "board--bug", "board--blocked", "board--running", "board--overdue", "board--today",
        "board--p0", "board--p1", "board--progress", "board--time", "board--hint",
    }

    class Focused(Message):
        """The cursor is on ``card`` (None: an empty column) in column ``column``."""

        def __init__(self, card: int | None, column: int) -> None:
            super().__init__()
            self.card = card
            self.column = column

    class Dropped(Message):
        """The mouse dragged ``card`` onto column ``column`` (another one)."""

        def __init__(self, card: int, column: int) -> None:
            super().__init__()
            self.card = card
            self.column = column

    layout_: var[Layout] = var(lambda: build_layout([], [], []), init=False)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.today = dt.date.min
        self.folded: set[int] = set()  # parents whose children are hidden
        self.hint = ""  # shown when no card is: how to add one
        self.column = 0  # the cursor's column
        self.card: int | None = None  # the cursor's card
        self.col_width = MIN_WIDTH
        self._grabbed: tuple[int, int] | None = None  # (card, column) the mouse holds
        self._tiles: dict[tuple[int, bool], tuple[rb.Card, int, list[list[Segment]]]] = {}
        self._roles: dict[str, Style] = {}
        self._fills: dict[str, Style] = {}

    # --- what is shown ---------------------------------------------------------------------

    def show(self, layout: Layout, *, today: dt.date, hint: str = "",
             keep: int | None = None) -> None:
        """Draw ``layout``; the cursor stays on its card (or ``keep``), else on the card now
        where it was."""
        old = self.layout_
        old_index = self._index()
        self.today, self.hint = today, hint
        self.layout_ = layout
        if today != getattr(self, "_tiles_day", None):
            self._tiles.clear()
            self._tiles_day = today
        target = keep if keep is not None else self.card
        if target is not None and target in layout.where:
            self.card = target
            self.column = layout.where[target].column
        else:
            self.column = min(self.column, max(0, len(layout.columns) - 1))
            cards = layout.column_cards(self.column) if layout.columns else []
            if old is not layout and cards:
                self.card = cards[min(old_index, len(cards) - 1)].id
            else:
                self.card = cards[0].id if cards else None
        self._measure()
        self.refresh()
        self._follow()
        self.post_message(self.Focused(self.card, self.column))

    def _measure(self) -> None:
        layout = self.layout_
        columns = max(1, len(layout.columns))
        width = self.scrollable_content_region.width or self.size.width or 80
        fit = max(1, min(columns, (width + 1) // MIN_WIDTH))  # whole columns in view
        self.col_width = max(MIN_WIDTH, min(MAX_WIDTH, (width + 1) // fit))
        # the last column's gap is not needed: five columns of 24 fit in 119 cells
        self.virtual_size = Size(columns * self.col_width - 1,
                                 HEADER_H + max(layout.height, 3))

    def on_resize(self, event: events.Resize) -> None:
        before = self.col_width
        self._measure()
        if self.col_width != before:
            self._tiles.clear()
        self._follow()

    def _index(self) -> int:
        layout = self.layout_
        if self.card is None or self.card not in layout.where:
            return 0
        return layout.column_cards(self.column).index(
            next(c for c in layout.column_cards(self.column) if c.id == self.card))

    # --- the cursor ------------------------------------------------------------------------

    def action_cursor(self, dx: int, dy: int) -> None:
        layout = self.layout_
        if not layout.columns:
            return
        if dx:
            line = self._cursor_line()
            self.column = max(0, min(len(layout.columns) - 1, self.column + dx))
            self.card = self._nearest(self.column, line)
        elif dy:
            cards = layout.column_cards(self.column)
            if not cards:
                return
            if self.card is None or self.card not in layout.where:
                self.card = cards[0].id
            else:
                index = [c.id for c in cards].index(self.card)
                self.card = cards[max(0, min(len(cards) - 1, index + dy))].id
        self.refresh()
        self._follow()
        self.post_message(self.Focused(self.card, self.column))

    def action_edge(self, direction: int) -> None:
        cards = self.layout_.column_cards(self.column) if self.layout_.columns else []
        if cards:
            self.card = (cards[0] if direction < 0 else cards[-1]).id
            self.refresh()
            self._follow()
            self.post_message(self.Focused(self.card, self.column))

    def _cursor_line(self) -> int:
        lines = self.layout_.lines_of(self.card) if self.card is not None else None
        return lines[0] if lines else int(self.scroll_y)

    def _nearest(self, column: int, line: int) -> int | None:
        """The card of ``column`` nearest to ``line`` (the cursor goes across at its height)."""
        best: tuple[int, int] | None = None
        for card in self.layout_.column_cards(column):
            lines = self.layout_.lines_of(card.id)
            assert lines is not None
            distance = abs(lines[0] - line)
            if best is None or distance < best[0]:
                best = (distance, card.id)
        return None if best is None else best[1]

    def _follow(self) -> None:
        """Scroll so the cursor's column and card are in view."""
        width = self.scrollable_content_region.width
        height = self.scrollable_content_region.height - HEADER_H
        if width <= 0 or height <= 0:
            return
        left = self.column * self.col_width
        x = self.scroll_x
        if left < x:
            x = left
        elif left + self.col_width - 1 > x + width:  # its gap may stay out of view
            x = left + self.col_width - 1 - width
        y = self.scroll_y
        lines = self.layout_.lines_of(self.card) if self.card is not None else None
        if lines is not None:
            top, bottom = lines
            band = self.layout_.bands[self.layout_.where[self.card].band]  # type: ignore[index]
            if self.layout_.where[self.card].index == 0:  # type: ignore[index]
                top = band.top  # the first card brings its lane's title into view
            if top < y:
                y = top
            elif bottom > y + height:
                y = bottom - height
        self.scroll_to(x=x, y=y, animate=False, immediate=True)

    def _column_at(self, x: int) -> int:
        return (x + int(self.scroll_x)) // self.col_width

    def on_mouse_down(self, event: events.MouseDown) -> None:
        """A card picked up: dropped on another column (mouse up there), it moves there."""
        self._grabbed = None
        if event.y >= HEADER_H:
            card = self.layout_.card_at(self._column_at(event.x),
                                        event.y - HEADER_H + int(self.scroll_y))
            if card is not None:
                self._grabbed = (card.id, self._column_at(event.x))
                self.capture_mouse()

    def on_mouse_up(self, event: events.MouseUp) -> None:
        grabbed, self._grabbed = self._grabbed, None
        self.release_mouse()
        if grabbed is None:
            return
        column = self._column_at(event.x)
        if column != grabbed[1] and 0 <= column < len(self.layout_.columns):
            self.post_message(self.Dropped(grabbed[0], column))

    def on_click(self, event: events.Click) -> None:
        if event.y < HEADER_H:
            column = (event.x + int(self.scroll_x)) // self.col_width
            card = None
        else:
            column = (event.x + int(self.scroll_x)) // self.col_width
            card = self.layout_.card_at(column, event.y - HEADER_H + int(self.scroll_y))
        if not 0 <= column < len(self.layout_.columns):
            return
        self.column = column
        self.card = card.id if card is not None else self._nearest(column, 0)
        self.focus()
        self.refresh()
        self.post_message(self.Focused(self.card, self.column))

    # --- drawing ---------------------------------------------------------------------------

    def _style(self, role: str) -> Style:
        """A part's colour and emphasis (its background is the tile's or the board's)."""
        if role not in self._roles:
            full = self.get_component_rich_style(f"board--{role}", default=Style())
            self._roles[role] = Style(color=full.color, bold=full.bold, italic=full.italic,
                                      underline=full.underline)
        return self._roles[role]

    def _fill(self, role: str) -> Style:
        """A whole area's style, its background blended over the board's."""
        if role not in self._fills:
            self._fills[role] = self.get_component_rich_style(f"board--{role}")
        return self._fills[role]

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = int(self.scroll_x), int(self.scroll_y)
        width = self.scrollable_content_region.width
        base = self.rich_style
        if y < HEADER_H:
            segments = self._header(y)
        else:
            segments = self._body(y - HEADER_H + scroll_y, scroll_x, width)
        strip = Strip(segments)
        return strip.crop_extend(scroll_x, scroll_x + width, base).apply_style(base)

    def _header(self, y: int) -> list[Segment]:
        out: list[Segment] = []
        w = self.col_width
        for i, column in enumerate(self.layout_.columns):
            role = "over" if column.over else "head-focus" if i == self.column else "head"
            style = self._fill(role)
            if y == 0:
                count = (f"{column.count}/{column.wip_limit}" if column.wip_limit is not None
                         else str(column.count))
                name = fit(("✓ " if column.done else "") + one_line(column.name),
                           w - 2 - len(count) - 1)
                text = f" {name} {count}"
                out.append(Segment(text + " " * (w - 1 - cell_len(text)), style))
            else:
                rule = "━" if i == self.column else "─"
                out.append(Segment(rule * (w - 1), self._style("over" if column.over else
                                                               "rule")))
            out.append(Segment(" "))
        return out

    def _body(self, line: int, scroll_x: int, width: int) -> list[Segment]:
        layout = self.layout_
        w = self.col_width
        if not layout.cards:
            if line == 1 and self.hint:
                return [Segment(" " + self.hint, self._style("hint"))]
            return []
        if line >= layout.height:
            return []
        b, index, sub = layout.at_line(line)
        band = layout.bands[b]
        if index is None:
            assert band.lane is not None
            title = f" {one_line(band.lane.name)} ({sum(len(c) for c in band.cells)}) "
            total = w * len(layout.columns)
            return [Segment("━━" + title + "━" * max(0, total - cell_len(title) - 3),
                            self._style("lane")), Segment(" ")]
        first = scroll_x // w
        last = min(len(layout.columns), (scroll_x + width) // w + 1)
        out: list[Segment] = [Segment(" " * (first * w))] if first else []
        for c in range(first, last):
            cell = band.cells[c]
            if index < len(cell) and sub < CARD_H - 1:
                out.extend(self._tile(cell[index], w - 1)[sub])
                out.append(Segment(" "))
            else:
                out.append(Segment(" " * w))
        return out

    def _tile(self, card: rb.Card, width: int) -> list[list[Segment]]:
        focused = card.id == self.card
        key = (card.id, focused)
        cached = self._tiles.get(key)
        if cached is not None and cached[0] is card and cached[1] == width:
            return cached[2]
        base = self._fill("focus" if focused else "tile")
        lines = []
        for pieces in tile_lines(card, width, self.today, folded=card.id in self.folded):
            lines.append([Segment(text, base + self._style(role) if role else base)
                          for text, role in pieces])
        self._tiles[key] = (card, width, lines)
        return lines

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._tiles.clear()
        self._roles.clear()
        self._fills.clear()


__all__ = ["HEADER_H", "BoardView", "ViewColumn"]
