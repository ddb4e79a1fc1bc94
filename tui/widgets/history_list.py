"""The History pane's list and detail: changes grouped by batch (one user action), newest
first, and a batch's changes as before -> after lines.

The items come from ``store.activity_history`` (one per logged row); :func:`group` folds them
into :class:`Batch` rows here, on the UI side, so a batch cut by a page's edge is joined again
when the next page arrives. Every text from the database goes through ``fcc.tui.text``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from fcc.store.records import record
from fcc.store.when import format_local
from fcc.tui.text import literal, one_line

if TYPE_CHECKING:
    from fcc.store.records_history import HistoryItem

MARKS = {"undoable": ("↶", "bold green"), "undone": ("✗", "dim"), "undo": ("↷", "dim")}


@record
class Batch:
    """One row of the list: the changes one user action made (or one row without a batch)."""

    key: str  # the batch id, or "row N" for a change the log kept no batch for
    message: str
    items: tuple[HistoryItem, ...]

    @property
    def first(self) -> HistoryItem:
        return self.items[0]

    @property
    def undo(self) -> str:
        return self.first.undo

    @property
    def title(self) -> str:
        """The batch's message, or what its one change did."""
        if self.message:
            return self.message
        item = self.first
        return f"{item.action} {item.name}"


def group(items: list[HistoryItem], batches: list[Batch] | None = None) -> list[Batch]:
    """``items`` (newest first) as batches, appended to ``batches`` (the pages before): a
    batch the previous page's edge cut is joined."""
    out = list(batches or [])
    for item in items:
        key = item.batch or f"row {item.id}"
        if out and out[-1].key == key:
            last = out[-1]
            out[-1] = Batch(key=key, message=last.message, items=(*last.items, item))
        else:
            out.append(Batch(key=key, message=item.message, items=(item,)))
    return out


def batch_line(batch: Batch, zone: str) -> Text:
    """A list row: when, who, what, and a mark for the one undo would revert."""
    item = batch.first
    mark, style = MARKS.get(batch.undo, (" ", ""))
    out = Text(no_wrap=True, overflow="ellipsis")
    out.append(f"{mark} ", style=style)
    out.append(format_local(item.at, zone, "%a %d %b %H:%M"), style="dim")
    out.append("  ")
    out.append_text(literal(item.actor, "", 20))
    out.append("  ")
    out.append_text(literal(batch.title, "dim" if batch.undo in ("undone", "undo") else ""))
    if len(batch.items) > 1:
        out.append(f"  ({len(batch.items)} changes)", style="dim")
    return out


def batch_detail(batch: Batch, zone: str, undo_key: str) -> Text:
    """The detail area: the batch's message, when and who, whether it can be undone, then each
    change with its fields before -> after."""
    item = batch.first
    out = Text()
    out.append_text(literal(batch.title, "bold", 500))
    out.append("\n")
    out.append(format_local(item.at, zone, "%A %d %B %Y %H:%M"), style="dim")
    out.append(" · ", style="dim")
    out.append(one_line(item.actor, 40), style="dim")
    out.append(" · ", style="dim")
    note = (f"{undo_key} undoes it" if batch.undo == "undoable" else item.undo_note)
    out.append(note, style="bold green" if batch.undo == "undoable" else "dim")
    for change_item in batch.items:
        out.append("\n\n")
        out.append(f"{change_item.action} ", style="bold")
        out.append_text(literal(change_item.name, "", 300))
        for change in change_item.changes:
            out.append("\n  ")
            out.append(one_line(change.field, 40), style="bold")
            out.append(": ")
            if change.before is None:  # a create: only after
                out.append(one_line(change.after, 200))
            elif change.after is None:  # a delete: only before
                out.append(one_line(change.before, 200), style="strike dim")
            else:
                out.append(one_line(change.before, 200), style="red")
                out.append(" → ", style="dim")
                out.append(one_line(change.after, 200), style="green")
    return out


class HistoryList(OptionList):
    """The batches, newest first; the option ids are the batches' keys."""

    class EndReached(Message):
        """Scrolled (the mouse wheel) to the end: read older changes, if there are any."""

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if new_value > old_value and new_value >= self.max_scroll_y and self.option_count:
            self.post_message(self.EndReached())

    def show(self, batches: list[Batch], zone: str, keep: str | None) -> None:
        """Fill the list, with the cursor on ``keep``'s batch when it is still there."""
        at = self.highlighted
        self.clear_options()
        self.add_options([Option(batch_line(b, zone), id=b.key) for b in batches])
        if not batches:
            return
        keys = [b.key for b in batches]
        if keep in keys:
            self.highlighted = keys.index(keep)
        else:
            self.highlighted = min(at or 0, len(batches) - 1)

    def append(self, batches: list[Batch], start: int, zone: str) -> None:
        """The rows from ``start`` on (a page of older changes; a joined batch redrawn)."""
        at = self.highlighted
        if start < self.option_count:  # the last row's batch grew: draw it again
            self.replace_option_prompt_at_index(start, batch_line(batches[start], zone))
            start += 1
        self.add_options([Option(batch_line(b, zone), id=b.key) for b in batches[start:]])
        self.highlighted = at
