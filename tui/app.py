"""The fcc app: ``FccApp(store, clock)``, built by :func:`make_app` for the command line, the
tests and the screenshot script.

``store`` may also be a function that opens it: ``fcc`` then draws its first frame from a
plain-sqlite3 read (``first``) and opens the store (peewee) right after that frame.

The app owns the global keys (help, palette, quit), the user's key map and theme, the
command palette's list of every action, and the store's work (:mod:`fcc.tui.storework`: every
store call runs on the store's one thread, off the UI loop) with the one place its failures are
shown (:meth:`FccApp.store_failed`); the main screen owns the panes and asks for the store calls.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widgets import DataTable

from fcc.store.errors import FccError, InvalidInput
from fcc.store.visible import visible
from fcc.tui.screens.board_actions import SETUP_PALETTE
from fcc.tui.screens.boards import BoardsPane
from fcc.tui.screens.main import MainScreen
from fcc.tui.screens.plan import PlanPane
from fcc.tui.storework import StoreWork
from fcc.tui.text import one_line
from fcc.tui.widgets.board import BoardView
from fcc.tui.widgets.plan_items import ItemList
from fcc.tui.widgets.timers import TimersPane

if TYPE_CHECKING:
    from fcc.store.api import Store
    from fcc.store.clock import Clock
    from fcc.store.records_tui import FirstFrame


NARROW = 100  # under this many columns the chart goes below the list
SHORT = 30  # under this many rows the Plan pane's chart is shorter
QUIT_WAIT = 5.0  # seconds quitting waits for the session to be saved


class FccApp(App[None]):
    CSS_PATH = ["styles/app.tcss", "styles/dialogs.tcss"]  # dialogs.tcss: the dialogs
    TITLE = "fcc"
    SUB_TITLE = "Freelancer Command Center"
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", id="app.quit", priority=True,
                tooltip="Quit (the running timer keeps running)"),
        Binding("question_mark,f1", "help", "Help", id="app.help", tooltip="Show the keys"),
        Binding("ctrl+p", "command_palette", "Palette", id="app.palette", priority=True, show=False,
                tooltip="Every action, searchable"),
    ]

    def __init__(self, store: Store | Callable[[], Store], clock: Clock, *,
                 keymap: Mapping[str, str] | None = None, theme: str | None = None,
                 session: str = "default", first: FirstFrame | None = None,
                 cursor_blink: bool = True) -> None:
        super().__init__()
        self.cursor_blink = cursor_blink  # False for snapshots: a blink makes them flaky
        self.storework = StoreWork(self, store)  # the store, used on its own thread
        self.first = first
        self.clock = clock
        self.session = session
        self.user_keymap = dict(keymap or {})
        unknown = sorted(set(self.user_keymap) - set(binding_ids())) if keymap else []
        if unknown:
            raise InvalidInput(f"keys.{unknown[0]}", "a binding id, one of "
                               + ", ".join(binding_ids()))
        collision = key_collision(self.user_keymap)
        if collision is not None:
            raise collision
        if theme is not None and theme not in self.available_themes:
            raise InvalidInput("tui.theme", "a theme, one of " + ", ".join(
                sorted(self.available_themes)), theme)
        self.user_theme = theme

    @property
    def opened_store(self) -> Store | None:
        """The store if it is open (the caller that gave a function closes it)."""
        return self.storework.opened

    @property
    def open_error(self) -> FccError | None:
        """Opening the store failed (the app has quit with this error's exit code)."""
        return self.storework.open_error

    def store_failed(self, exc: BaseException) -> None:
        """The one place a store call's failure is shown: one line as a notification, never
        a traceback. A store that cannot be opened ends the app (the command line says why)."""
        if self.storework.open_error is not None:
            self.exit(return_code=self.storework.open_error.exit_code)
            return
        message = str(exc) if isinstance(exc, FccError) else \
            f"{type(exc).__name__}: {one_line(str(exc), limit=300)}"
        self.notify(message, severity="error", markup=False)

    def on_unmount(self) -> None:
        self.storework.close()

    def notify(self, message: str, *, title: str = "", **options: Any) -> None:
        """Every notification (toast) of every screen comes here: what it says may quote a
        name, a note or what the user typed, so it is shown with visible(), never sent."""
        super().notify(visible(message, keep="\n"), title=visible(title), **options)

    def get_key_display(self, binding: Binding) -> str:
        """A key as the key bar, help and the palette show it: the user's key map may hold
        any text, so it is shown with visible() too."""
        return visible(super().get_key_display(binding))

    def get_default_screen(self) -> Screen:
        """The main screen is the default one: no blank screen is drawn before it."""
        if self.user_keymap:
            self.set_keymap(self.user_keymap)
        if self.user_theme:
            self.theme = self.user_theme
        return MainScreen(self.clock, self.session, self.first)

    def on_resize(self, event: events.Resize) -> None:
        """Every layout choice follows the size this event brings: this handler runs before
        Textual's own (which is what updates ``self.size``), so ``self.size`` is the old one."""
        self.set_class(event.size.width < NARROW, "-narrow")
        self.set_class(event.size.height < SHORT, "-short")

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if not self.cursor_blink and getattr(event.widget, "cursor_blink", False):
            event.widget.cursor_blink = False  # type: ignore[attr-defined]

    @property
    def main(self) -> MainScreen:
        return next(s for s in self.screen_stack if isinstance(s, MainScreen))

    def action_help(self) -> None:
        from fcc.tui.screens.help import HelpScreen  # loaded on first use: a faster start

        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(help_rows(self.screen)))

    async def action_quit(self) -> None:
        """Save the session (on the store's thread, after the calls queued before it; at most
        QUIT_WAIT seconds) and quit."""
        import asyncio

        try:
            await asyncio.wait_for(self.storework.call(self.main.session_saver()), QUIT_WAIT)
        except Exception as exc:  # never keep someone from quitting
            self.log.error(f"session not saved: {exc}")
        self.exit()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if not isinstance(screen, MainScreen):
            return
        main = screen
        for action, title, help_text in PALETTE:
            if action.startswith("timers."):
                name = action.split(".", 1)[1]
                yield SystemCommand(title, help_text,
                                    lambda name=name: main.query_one(TimersPane).action_ask(name))
            elif action.startswith("catalog:"):  # new / edit client or project (dialogs)
                what = action.split(":", 1)[1]
                yield SystemCommand(title, help_text, lambda what=what: open_form(main, what))
            elif action.startswith("boards:"):  # a Boards pane key, on the Boards pane
                name = action.split(":", 1)[1]
                yield SystemCommand(title, help_text, lambda name=name: on_boards(main, name))
            elif action.startswith("plan:"):  # a Plan pane action, on the Plan pane
                name = action.split(":", 1)[1]
                yield SystemCommand(title, help_text, lambda name=name: on_plan(main, name))
            elif action.startswith("setup:"):  # board, column, lane, sprint setup forms
                what = action.split(":", 1)[1]
                yield SystemCommand(title, help_text, lambda what=what: open_setup(main, what))
            elif action.startswith("pane:"):
                pane = action.split(":", 1)[1]
                yield SystemCommand(title, help_text,
                                    lambda pane=pane: main.action_show_pane(pane))
            else:
                yield SystemCommand(title, help_text, getattr(main, f"action_{action}"))
        yield SystemCommand("Chart 7 / 14 days", "Switch the Timers chart's range",
                            main.query_one(TimersPane).action_toggle_chart)


PALETTE = (
    ("toggle_timer", "Start / stop timer", "Start on the selection, or stop what runs (t)"),
    ("pick_timer", "Start on…", "Pick a project or card to start a timer on (T)"),
    ("stop_timer", "Stop timer", "Stop the running timer (s)"),
    ("timers.amend", "Amend entry", "Change the selected entry's times, project, note…"),
    ("timers.add", "Add a past entry", "Add time you forgot to track"),
    ("timers.split", "Split entry", "Split the selected entry at a time"),
    ("timers.break", "Insert a break", "Take a break out of the selected entry"),
    ("timers.void", "Void entry", "Void the selected entry with a reason"),
    ("timers.resume", "Resume entry", "Start again on the selected entry's project and note"),
    ("timers.undo", "Undo", "Undo the last change"),
    ("catalog:new_client", "New client…", "Add a client: name, currency, hourly rate, rounding"),
    ("catalog:new_project", "New project…", "Add a project: client, rate, rounding, budget"),
    ("catalog:edit_client", "Edit client…", "Change a client's name, currency, rate, rounding"),
    ("catalog:edit_project", "Edit project…", "Change a project's name, client, rate, budget…"),
    ("boards:new_card", "New card…", "Add a card to the board shown (n on Boards)"),
    ("boards:switch_board", "Switch board…", "Show another board, or all boards (b on Boards)"),
    ("boards:filter", "Filter cards…", "Words, type:, tag:, sprint:, due:, blocked (/ on Boards)"),
    ("boards:toggle_lanes", "Show / hide swim lanes", "Lanes as bands, or one band (s on Boards)"),
    ("boards:archive_card", "Archive card", "Archive the card under the cursor (a on Boards)"),
    ("boards:restore_card", "Restore card…", "An archived or deleted card back on its board"),
    ("boards:burndown", "Sprint burndown…", "The active sprint's remaining estimate per day"),
    *((f"setup:{what}", title, help_text) for what, title, help_text in SETUP_PALETTE),
    ("plan:start_cycle", "Start a cycle…", "Start a 12-week cycle on your week start"),
    ("plan:set_goal", "Set goal…", "The cycle's business or personal goal and its why"),
    ("plan:add_measure", "Add measure…", "A goal's lag or lead measure, typed or computed"),
    ("plan:add_tactic", "Add tactic…", "A goal's action, due in some weeks (its items follow)"),
    ("plan:record_measure", "Record measure…", "A typed measure's value for a week"),
    ("plan:edit_vision", "Edit vision…", "The long-term picture and the 3-year one"),
    ("plan:review", "Weekly review…", "Last week's score, unfinished items, notes (r on Plan)"),
    ("plan:journal", "Plan journal…", "The week's notes, add one, search (j on Plan)"),
    ("plan:quota", "Set week quota…", "The week's committed number of items (q on Plan)"),
    ("go_to_day", "Go to day…", "Jump to a day in the entry list; older days load (g)"),
    ("pane:boards", "Go to Boards", "Show the Boards pane (1)"),
    ("pane:timers", "Go to Timers", "Show the Timers pane (2)"),
    ("pane:plan", "Go to Plan", "Show the Plan pane (3)"),
    ("pane:reports", "Go to Reports", "Show the Reports pane (4)"),
    ("pane:invoices", "Go to Invoices", "Show the Invoices pane (5)"),
    ("pane:history", "Go to History", "Show the History pane (6)"),
)


def on_boards(main: MainScreen, action: str) -> None:
    """A Boards pane action from the palette: the pane is shown, then the action runs."""
    main.pane = "boards"
    getattr(main.query_one(BoardsPane), f"action_{action}")()


def on_plan(main: MainScreen, action: str) -> None:
    """A Plan pane action from the palette: the pane is shown, then the action runs."""
    main.pane = "plan"
    getattr(main.query_one(PlanPane), f"action_{action}")()


def open_setup(main: MainScreen, what: str) -> None:
    from fcc.tui.screens.board_setup import open_setup as open_it

    main.pane = "boards"
    open_it(main.query_one(BoardsPane), what)


def open_form(main: MainScreen, what: str) -> None:
    from fcc.tui.screens.catalog_forms import open_catalog_form  # loaded on first use

    open_catalog_form(main, what)


def binding_ids() -> list[str]:
    """Every binding a user can remap in ``[keys]``."""
    from fcc.tui.screens.card_detail import CardDetailScreen
    from fcc.tui.screens.card_forms import ConfirmModal
    from fcc.tui.screens.card_more import BurndownScreen
    from fcc.tui.screens.complete import CompletingInput
    from fcc.tui.screens.help import HelpScreen
    from fcc.tui.screens.history import HistoryPane
    from fcc.tui.screens.invoice_preview import InvoicePreview
    from fcc.tui.screens.invoices import InvoicesPane
    from fcc.tui.screens.modals import ForgottenModal, FormModal, PickerModal
    from fcc.tui.screens.plan_journal import JournalScreen
    from fcc.tui.screens.plan_review import ReviewScreen
    from fcc.tui.widgets.filter_line import FilterLine

    ids = []
    for owner in (FccApp, MainScreen, TimersPane, FormModal, ForgottenModal, PickerModal,
                  CompletingInput, HelpScreen, BoardsPane, BoardView, FilterLine,
                  CardDetailScreen, ConfirmModal, BurndownScreen, PlanPane, ReviewScreen,
                  JournalScreen, InvoicesPane, InvoicePreview, HistoryPane):
        for binding in owner.BINDINGS:
            if isinstance(binding, Binding) and binding.id and binding.id not in ids:
                ids.append(binding.id)
    return ids


def key_places() -> list[tuple[type[DOMNode], ...]]:
    """The binding owners active together: the main screen (with the focused list's own
    keys), and each dialog (with the app's)."""
    from fcc.tui.screens.card_detail import CardDetailScreen
    from fcc.tui.screens.card_forms import ConfirmModal
    from fcc.tui.screens.card_more import BurndownScreen
    from fcc.tui.screens.help import HelpScreen
    from fcc.tui.screens.history import HistoryPane
    from fcc.tui.screens.invoice_preview import InvoicePreview
    from fcc.tui.screens.invoices import InvoicesPane
    from fcc.tui.screens.modals import ForgottenModal, FormModal, PickerModal
    from fcc.tui.screens.plan_journal import JournalScreen
    from fcc.tui.screens.plan_review import ReviewScreen
    from fcc.tui.widgets.filter_line import FilterLine
    from fcc.tui.widgets.history_list import HistoryList
    from fcc.tui.widgets.invoice_list import InvoiceList
    from fcc.tui.widgets.timers import EntryTable

    places: list[tuple[type[DOMNode], ...]] = [
        (FccApp, MainScreen, TimersPane, EntryTable), (FccApp, MainScreen, BoardsPane, BoardView),
        (FccApp, MainScreen, BoardsPane, FilterLine), (FccApp, MainScreen, PlanPane, ItemList),
        (FccApp, MainScreen, InvoicesPane, InvoiceList),
        (FccApp, MainScreen, HistoryPane, HistoryList)]
    return places + [
        (FccApp, modal) for modal in (FormModal, ForgottenModal, PickerModal, HelpScreen,
                                      CardDetailScreen, ConfirmModal, BurndownScreen,
                                      ReviewScreen, JournalScreen, InvoicePreview)]


def key_collision(keymap: Mapping[str, str]) -> InvalidInput | None:
    """A remapped binding whose new key another binding active in the same place already
    has (it would be shadowed, silently): the error naming both, else None."""
    if not keymap:
        return None
    for place in key_places():
        defaults: dict[str, set[str]] = {}
        names: dict[str, str] = {}
        for owner in place:
            for binding in Binding.make_bindings(owner.BINDINGS):
                ident = binding.id or f"the list's {binding.action}"
                defaults.setdefault(ident, set()).add(binding.key)
                names[ident] = ident
        effective = {ident: ({k.strip() for k in keymap[ident].split(",")}
                             if ident in keymap else keys) for ident, keys in defaults.items()}
        for ident in keymap:
            if ident not in effective:
                continue
            for key in sorted(effective[ident]):
                for other, keys in effective.items():
                    if other == ident or key not in keys:
                        continue
                    if key in defaults[ident] and key in defaults[other]:
                        continue  # shared by design (e.g. ? opens and closes help)
                    return InvalidInput(f"keys.{ident}", f"a key not bound already "
                                        f"('{key}' is {names[other]})")
    return None


def help_rows(screen: Screen) -> list[tuple[str, str, str, str]]:
    """(where, keys, what, id) for every binding active on ``screen``, with the user's keys."""
    grouped: dict[str, dict[str, list[str]]] = {}
    info: dict[str, tuple[str, str, str]] = {}
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if binding.system or not binding.description:
            continue
        node = active.node
        where = ("Everywhere" if isinstance(node, App) else
                 "Timers pane" if isinstance(node, TimersPane) else
                 "Boards pane" if isinstance(node, BoardsPane | BoardView) else
                 "Plan pane" if isinstance(node, PlanPane) else
                 "Invoices pane" if type(node).__name__ == "InvoicesPane" else
                 "History pane" if type(node).__name__ == "HistoryPane" else
                 "Weekly review" if type(node).__name__ == "ReviewScreen" else
                 "Journal" if type(node).__name__ == "JournalScreen" else
                 "Panes and timers" if isinstance(node, MainScreen) else
                 "Lists" if isinstance(node, DataTable | ItemList) else type(node).__name__)
        ident = binding.id or binding.action
        grouped.setdefault(where, {}).setdefault(ident, []).append(
            screen.app.get_key_display(binding) if key == binding.key else key)
        info[ident] = (where, binding.tooltip or binding.description, binding.id or "")
    order = ["Boards pane", "Plan pane", "Invoices pane", "History pane", "Panes and timers",
             "Timers pane", "Everywhere"]
    rows = []
    for where in sorted(grouped, key=lambda w: order.index(w) if w in order else len(order)):
        for ident, keys in grouped[where].items():
            _, description, binding_id = info[ident]
            rows.append((where, ", ".join(dict.fromkeys(keys)), description, binding_id))
    return rows


def make_app(store: Store | Callable[[], Store], clock: Clock, *,
             first: FirstFrame | None = None, keymap: Mapping[str, str] | None = None,
             theme: str | None = None, session: str = "default",
             cursor_blink: bool = True) -> FccApp:
    """The one factory: used by the CLI, the tests and the screenshot script
    (``cursor_blink=False``: a picture never depends on when it was taken)."""
    return FccApp(store, clock, keymap=keymap, theme=theme, session=session, first=first,
                  cursor_blink=cursor_blink)
