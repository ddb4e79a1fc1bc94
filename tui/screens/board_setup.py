"""Setting a board up without leaving the app: boards, columns, lanes and sprints, each a small
form opened from the palette (ctrl+p), through the same store verbs as ``fcc board …`` and
``fcc sprint …`` (their checks and messages). The board is the one the Boards pane shows; a
column form starts on the cursor's column.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from fcc.store.errors import FccError, InvalidInput
from fcc.tui.screens.board_actions import SETUP_PALETTE
from fcc.tui.screens.forms import FormModal, Job
from fcc.tui.storework import store_work
from fcc.tui.text import one_line

if TYPE_CHECKING:
    from fcc.store.api import Store
    from fcc.store.clock import Clock

Fields = dict[str, str]
NEW_BOARD = "\x00board:"  # a new board's id after its message: the pane shows that board


@dataclasses.dataclass(frozen=True)
class Setup:
    """One palette action (its title: SETUP_PALETTE): its fields (name, label), the store call
    they make, which of them complete from a list ("column", "lane", "project", "sprint")."""

    fields: tuple[tuple[str, str], ...]
    job: Callable[[int | None, Fields], Job[str]]
    complete: tuple[str, ...] = ()
    board: bool = True  # it needs the board the pane shows (not the all-boards view)


def _number(text: str, field: str, expected: str, *, optional: bool = False) -> int | None:
    text = text.strip()
    if not text and optional:
        return None
    if not text.isdigit() or int(text) < 1:
        raise InvalidInput(field, expected, text)
    return int(text)


def _board_add(board: int | None, f: Fields) -> Job[str]:
    project = f["project"].strip() or None

    def save(s: Store) -> str:
        made = s.create_board(f["name"], project=project)
        return f"added board {made.name}" + NEW_BOARD + str(made.id)
    return save


def _board_rename(board: int | None, f: Fields) -> Job[str]:
    return lambda s: f"renamed the board to {s.rename_board(board, f['name']).name}"


def _board_link(board: int | None, f: Fields) -> Job[str]:
    project = f["project"].strip() or None

    def save(s: Store) -> str:
        linked = s.link_board(board, project)
        return f"board {linked.name}: " + (f"project {linked.project}" if linked.project
                                             else "no project")
    return save


def _board_archive(board: int | None, f: Fields) -> Job[str]:
    if f["confirm"].strip().casefold() not in ("yes", "y"):
        raise InvalidInput("confirm", "yes, to archive the board")
    return lambda s: f"archived board {s.archive_board(board).name}"


def _column_add(board: int | None, f: Fields) -> Job[str]:
    spot = _number(f["position"], "position", "a place from the left: 1, 2, …", optional=True)
    limit = _number(f["limit"], "limit", "a WIP limit of 1 or more, or empty", optional=True)

    def save(s: Store) -> str:
        column = s.add_column(board, f["name"], position=None if spot is None else spot - 1,
                              wip_limit=limit)
        return f"added column {column.name}"
    return save


def _column_rename(board: int | None, f: Fields) -> Job[str]:
    return lambda s: f"renamed the column to {s.rename_column(board, f['column'], f['name']).name}"


def _column_move(board: int | None, f: Fields) -> Job[str]:
    spot = _number(f["position"], "position", "a place from the left: 1, 2, …")
    assert spot is not None

    def save(s: Store) -> str:
        column = s.move_column(board, f["column"], spot - 1)
        return f"moved column {column.name} to place {column.position + 1}"
    return save


def _column_limit(board: int | None, f: Fields) -> Job[str]:
    limit = _number(f["limit"], "limit", "a WIP limit of 1 or more, or empty: none",
                    optional=True)

    def save(s: Store) -> str:
        column = s.set_wip_limit(board, f["column"], limit)
        return f"column {column.name}: " + (f"WIP limit {limit}" if limit else "no WIP limit")
    return save


def _column_done(board: int | None, f: Fields) -> Job[str]:
    return lambda s: f"column {s.set_done_column(board, f['column']).name} is a done column"


def _column_remove(board: int | None, f: Fields) -> Job[str]:
    move_to = f["move_to"].strip() or None

    def save(s: Store) -> str:
        s.remove_column(board, f["column"], move_to=move_to)
        return f"removed column {f['column']}" + (f"; its cards went to {move_to}"
                                                   if move_to else "")
    return save


def _lane_add(board: int | None, f: Fields) -> Job[str]:
    return lambda s: f"added lane {s.add_lane(board, f['name']).name}"


def _lane_rename(board: int | None, f: Fields) -> Job[str]:
    return lambda s: f"renamed the lane to {s.rename_lane(board, f['lane'], f['name']).name}"


def _lane_remove(board: int | None, f: Fields) -> Job[str]:
    def save(s: Store) -> str:
        s.remove_lane(board, f["lane"])
        return f"removed lane {f['lane']}; its cards have no lane now"
    return save


def _sprint_plan(board: int | None, f: Fields) -> Job[str]:
    def save(s: Store) -> str:
        sprint = s.plan_sprint(board, f["name"], start=f["start"], end=f["end"],
                               goal=f["goal"])
        return f"planned sprint {sprint.name} ({sprint.start:%d %b}–{sprint.end:%d %b})"
    return save


def _sprint_start(board: int | None, f: Fields) -> Job[str]:
    return lambda s: f"started sprint {s.start_sprint(board, f['sprint']).name}"


def _sprint_complete(board: int | None, f: Fields) -> Job[str]:
    sprint = f["sprint"].strip() or None
    to = f["unfinished_to"].strip() or "backlog"

    def save(s: Store) -> str:
        done = s.complete_sprint(board, sprint, unfinished_to=to)
        return f"completed sprint {done.name}; unfinished cards went to {to}"
    return save


SETUPS: dict[str, Setup] = {
    "board_add": Setup((("name", "Name"), ("project", "Project")), _board_add, ("project",),
                       board=False),
    "board_rename": Setup((("name", "New name"),), _board_rename),
    "board_link": Setup((("project", "Project"),), _board_link, ("project",)),
    "board_archive": Setup((("confirm", "Type yes"),), _board_archive),
    "column_add": Setup((("name", "Name"), ("position", "Place"), ("limit", "WIP limit")),
                        _column_add),
    "column_rename": Setup((("column", "Column"), ("name", "New name")), _column_rename,
                           ("column",)),
    "column_move": Setup((("column", "Column"), ("position", "Place")), _column_move,
                         ("column",)),
    "column_limit": Setup((("column", "Column"), ("limit", "WIP limit")), _column_limit,
                          ("column",)),
    "column_done": Setup((("column", "Column"),), _column_done, ("column",)),
    "column_remove": Setup((("column", "Column"), ("move_to", "Cards to")), _column_remove,
                           ("column", "move_to")),
    "lane_add": Setup((("name", "Name"),), _lane_add),
    "lane_rename": Setup((("lane", "Lane"), ("name", "New name")), _lane_rename, ("lane",)),
    "lane_remove": Setup((("lane", "Lane"),), _lane_remove, ("lane",)),
    "sprint_plan": Setup((("name", "Name"), ("start", "Start"), ("end", "End"),
                          ("goal", "Goal")), _sprint_plan),
    "sprint_start": Setup((("sprint", "Sprint"),), _sprint_start, ("sprint",)),
    "sprint_complete": Setup((("sprint", "Sprint"), ("unfinished_to", "Unfinished")),
                             _sprint_complete, ("sprint",)),
}
TITLES = {key: title for key, title, _ in SETUP_PALETTE}

HINTS = {"position": "1 = leftmost; empty: before the done column", "limit": "e.g. 3, or empty",
         "move_to": "a column for its cards, or empty", "start": "2026-12-07, mon, tomorrow",
         "end": "2026-12-18, or a date", "goal": "optional",
         "unfinished_to": "backlog, next, or a sprint's name", "confirm": "yes",
         "sprint": "a sprint's name (empty: the active one)", "project": "empty: none"}


class SetupModal(FormModal[str]):
    """One :class:`Setup` as a form."""

    HINTS = HINTS

    def __init__(self, clock: Clock, what: str, board: int | None, *,
                 values: dict[str, str], names: dict[str, list[str]], heading: str) -> None:
        super().__init__(clock, values, names=names, heading=heading)
        setup = SETUPS[what]
        self.setup = setup
        self.board = board
        self.FIELDS = setup.fields
        self.COMPLETE = setup.complete
        self.form_title = TITLES[what].rstrip("…")
        self.SUBMIT = "Save"

    def submit(self) -> Job[str]:
        fields = {name: self.field(name) for name, _ in self.setup.fields}
        return self.setup.job(self.board, fields)

    def show_fcc_error(self, exc: FccError) -> None:
        named = str(exc).split(":", 1)[0].strip()
        names = dict(self.setup.fields)
        if not isinstance(exc, InvalidInput) and named in names:
            self.show_error(named, str(exc))
            return
        if isinstance(exc, InvalidInput) and exc.field in ("wip_limit", "new name"):
            self.show_error("limit" if exc.field == "wip_limit" else "name", str(exc))
            return
        super().show_fcc_error(exc)


@dataclasses.dataclass(frozen=True)
class SetupData:
    projects: list[str]
    sprints: list[str]


def saved(pane: Any, message: str | None) -> None:
    """A setup form saved: say so and read the board again (a new board: show it)."""
    if message is not None and NEW_BOARD in message:
        message, made = message.split(NEW_BOARD)
        pane.ref = int(made)
    pane.saved(message)


def open_setup(pane: Any, what: str) -> None:
    """Open the setup form ``what`` (a key of SETUPS) for the board the pane shows."""
    setup = SETUPS[what]
    data = pane.data
    board = data.board if data is not None else None
    if setup.board and board is None:
        pane.notify("Show one board first (b picks it): this changes the board shown.",
                    severity="warning", markup=False)
        return
    board_id = board.id if board is not None else None
    columns = [c.name for c in sorted(board.columns, key=lambda c: c.position)] if board else []
    lanes = [lane.name for lane in board.lanes] if board else []
    view = pane.view
    shown = [c.name for c in view.layout_.columns]
    values: dict[str, str] = {}
    if "column" in dict(setup.fields) and shown and view.column < len(shown):
        values["column"] = shown[view.column]
    if what == "board_rename" and board is not None:
        values["name"] = board.name
    heading = f"Board {one_line(board.name, 60)}" if board is not None and setup.board else ""

    def read(store: Store) -> SetupData:
        sprints = ([s.name for s in store.sprints(board_id)]
                   if what.startswith("sprint") and board_id is not None else [])
        return SetupData([p.label for p in store.list_projects()], sprints)

    def opened(got: SetupData) -> None:
        names = {"column": columns, "move_to": columns, "lane": lanes,
                 "project": got.projects, "sprint": got.sprints}
        form = SetupModal(pane.app.clock, what, board_id, values=values, names=names,
                          heading=heading)
        pane.app.push_screen(form, lambda message: saved(pane, message))

    store_work(pane).run(pane, read, opened)
