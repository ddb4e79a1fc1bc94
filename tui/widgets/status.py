"""The status strip: what runs (ticking), today's and this week's totals, on every pane."""

from __future__ import annotations

import datetime as dt

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from fcc.tui.text import hm, hms, one_line
from fcc.tui.views import TimersView


class StatusStrip(Static):
    now: reactive[dt.datetime | None] = reactive(None)
    view: reactive[TimersView | None] = reactive(None)

    def render(self) -> Text:
        view, now = self.view, self.now
        if view is None or now is None:
            return Text("")
        ticked = max(0, int((now - view.at).total_seconds())) * len(view.running)
        totals = Text(no_wrap=True)
        totals.append("  │  today ", style="dim").append(hm(view.today_seconds + ticked))
        totals.append("  │  week ", style="dim").append(hm(view.week_seconds + ticked))
        out = Text(no_wrap=True, overflow="ellipsis")
        if view.running:
            # The totals always show: the labels share what is left of the width.
            share = max(8, (self.size.width - totals.cell_len) // len(view.running) - 12)
            for i, entry in enumerate(view.running):
                if i:
                    out.append("  ")
                out.append("● ", style="bold green")
                label = entry.project + (f" #{entry.work_item_id}" if entry.work_item_id else "")
                out.append(one_line(label, share), style="bold")
                out.append(" " + hms(int((now - entry.start).total_seconds())))
        else:
            out.append("○ no timer running", style="dim")
        return out.append_text(totals)
