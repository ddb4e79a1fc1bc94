"""The fcc app. For now a minimal shell over the store: which database, its schema version
and what it holds. The Boards, Timers and Plan panes land with their issues."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich import box
from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Header, Static

from fcc.store.clock import Clock

if TYPE_CHECKING:
    from fcc.store.api import Store
    from fcc.store.records import DatabaseInfo


def info_table(info: DatabaseInfo) -> Table:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column("table", style="bold")
    table.add_column("rows", justify="right")
    for count in info.counts:
        table.add_row(count.table, f"{count.rows:,}")
    return table


class DatabaseSummary(Static):
    """Where the data lives and how much of it there is."""

    info: DatabaseInfo | None = None

    def show(self, info: DatabaseInfo) -> None:
        self.info = info
        head = Text()
        head.append("database  ", style="dim").append(info.location + "\n")
        head.append("backend   ", style="dim").append(f"{info.backend}\n")
        head.append("workspace ", style="dim").append(f"{info.workspace}\n")
        head.append("schema    ", style="dim").append(
            f"version {info.schema_version} of {info.latest_version}\n"
        )
        head.append("running   ", style="dim").append(f"{info.running_timers} timer(s)\n")
        self.update(Group(head, info_table(info)))


class FccApp(App[None]):
    CSS_PATH = "styles/app.tcss"
    TITLE = "fcc"
    SUB_TITLE = "Freelancer Command Center"
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", id="app.quit", priority=True),
        Binding("r", "refresh_summary", "Refresh", id="app.refresh"),
    ]

    def __init__(self, store: Store, clock: Clock) -> None:
        super().__init__()
        self.store = store
        self.clock = clock

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with VerticalScroll(id="main"):
            yield DatabaseSummary(id="summary")
        yield Footer()

    def on_mount(self) -> None:
        self.action_refresh_summary()

    def action_refresh_summary(self) -> None:
        self.query_one(DatabaseSummary).show(self.store.info())


def make_app(store: Store, clock: Clock) -> FccApp:
    """The one factory: used by the CLI, the tests and the screenshot script."""
    return FccApp(store, clock)
