"""A week's plan items with their checkboxes, grouped by goal (business, personal, then items of
no goal): a linked card shows its column and the time tracked on it that week, an item rolled
over three or more times is flagged, a dropped one is struck through with its reason.

The list shows values and keeps the cursor; the pane's keys act on :attr:`ItemList.item`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from fcc.tui.text import hm, one_line

if TYPE_CHECKING:
    from fcc.store import records_plans as rp

NO_GOAL = "No goal"


def groups(items: Iterable[rp.PlanItem],
           goals: Iterable[rp.Goal]) -> list[tuple[str, list[rp.PlanItem]]]:
    """(heading, items) by goal in the goals' order, then the items of no goal."""
    titles = {g.id: f"{g.kind.capitalize()} · {one_line(g.title, 80)}" for g in goals}
    out: dict[str, list[rp.PlanItem]] = {}
    for goal_id, title in titles.items():
        out[title] = [i for i in items if i.goal_id == goal_id]
    rest = [i for i in items if i.goal_id not in titles]
    ordered = [(title, group) for title, group in out.items() if group]
    return ordered + ([(NO_GOAL, rest)] if rest else [])


def item_info(item: rp.PlanItem) -> str:
    """What sits at the right of an item: its card's column and time this week, flags."""
    parts = []
    if item.rolled_over:  # (first: its style takes the gap after it too)
        parts.append(("⚑" if item.flagged else "↻") + f"{item.rolled_over}")
    if item.work_item_id is not None:
        column = f" {one_line(item.card_column, 14)}" if item.card_column else ""
        parts.append(f"#{item.work_item_id}{column}")
        if item.card_minutes_week:
            parts.append(hm(item.card_minutes_week * 60))
    return "  ".join(parts)


def item_prompt(item: rp.PlanItem) -> Table:
    # no padding: each cell carries its own spaces (a cell starting with one is drawn a cell
    # early by some SVG renderers)
    grid = Table.grid(expand=True)
    grid.add_column(no_wrap=True, width=4)
    grid.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
    grid.add_column(no_wrap=True, justify="right")
    title = Text(one_line(item.title, 200), no_wrap=True, overflow="ellipsis")
    mark_style = "bold green" if item.done else ""
    if item.dropped_at is not None:
        title.stylize("strike dim")
        if item.drop_reason:
            title.append(" ", style="dim")
            title.append(f"— {one_line(item.drop_reason, 60)}", style="dim italic")
        mark_style = "dim"
    elif item.handled:
        title.stylize("dim")
    info = Text(item_info(item) + " ", style="dim")
    if item.flagged and item.dropped_at is None:
        info.stylize("bold yellow", 0, 3 + len(str(item.rolled_over)))
    grid.add_row(Text(item.mark + " ", style=mark_style), title, info)
    return grid


def plain(item: rp.PlanItem) -> str:
    """An item's line as text (for tests and the tmux check): ``[x] Title  #12 Doing 1:30``."""
    info = item_info(item)
    return f"{item.mark} {item.title}" + (f"  {info}" if info else "")


class ItemList(OptionList):
    """The week's items; the group headings are not selectable."""

    DEFAULT_CSS = """
    ItemList { height: 1fr; border: none; padding: 0; background: $surface; }
    ItemList:focus { border: none; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.items: dict[str, rp.PlanItem] = {}
        self.empty_text = ""

    @property
    def item(self) -> int | None:
        """The item under the cursor (its id)."""
        option = self.highlighted_option
        if option is None or option.id is None or not option.id.startswith("item-"):
            return None
        return int(option.id.removeprefix("item-"))

    def show(self, plan: rp.WeekPlan | None, goals: Iterable[rp.Goal], *,
             empty: str = "", keep: int | None = None) -> None:
        """Fill the list with ``plan``'s items (the cursor stays on ``keep``, else on the
        item it was on, else near the line it was on)."""
        keep = keep if keep is not None else self.item
        line = self.highlighted or 0
        options: list[Option] = []
        self.items = {}
        items = plan.items if plan is not None else ()
        for heading, group in groups(items, goals):
            options.append(Option(Text(heading, style="bold"), disabled=True))
            for item in group:
                key = f"item-{item.id}"
                self.items[key] = item
                options.append(Option(item_prompt(item), id=key))
        if not options:
            options.append(Option(Text(empty, style="dim"), disabled=True))
        self.set_options(options)
        index = next((i for i, o in enumerate(options) if o.id == f"item-{keep}"), None)
        if index is None:
            enabled = [i for i, o in enumerate(options) if not o.disabled]
            index = min(enabled, key=lambda i: abs(i - line)) if enabled else None
        self.highlighted = index

    def lines(self) -> list[str]:
        """What the list shows, as text (headings and items), for tests."""
        out = []
        for option in self.options:
            if option.id is not None and option.id in self.items:
                out.append(plain(self.items[option.id]))
            else:
                prompt = option.prompt
                out.append(prompt.plain if isinstance(prompt, Text) else str(prompt))
        return out
