"""Help built from the real bindings: what each key does on the screen it was opened from,
with the keys the user's key map gives them."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from fcc.store.visible import visible


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,question_mark,q", "close", "Close", id="help.close")]

    def __init__(self, rows: list[tuple[str, str, str, str]]) -> None:
        """``rows``: (group, keys, description, binding id)."""
        super().__init__(classes="form-modal")
        self.rows = rows

    def compose(self) -> ComposeResult:
        table = Table(box=None, show_header=True, header_style="bold", pad_edge=False,
                      expand=True)
        table.add_column("key", no_wrap=True, style="bold")
        table.add_column("does")
        table.add_column(Text("id (for [keys] in config.toml)"), style="dim", no_wrap=True)
        group = None
        for where, keys, description, binding_id in self.rows:
            if where != group:
                if group is not None:
                    table.add_row("", "", "")
                table.add_row(Text(where, style="underline"), "", "")
                group = where
            # keys come from the user's key map: any text, shown as visible() shows it
            table.add_row(Text(visible(keys)), Text(description), Text(binding_id))
        with Vertical(classes="dialog help"):
            yield Static(Text("fcc — keys", style="bold"), classes="dialog-title")
            with VerticalScroll():
                yield Static(table)
            yield Static(Text("Esc closes · ctrl+p lists every action", style="dim"))

    def action_close(self) -> None:
        self.dismiss(None)
