"""Boards, their columns and swim lanes: create, rename, archive, link to a project; add, rename,
reorder, limit, mark done and remove columns; the same for lanes.

Columns and lanes keep positions 0, 1, 2, ... (left to right, top to bottom): every verb that
inserts, moves or removes one renumbers the others, each change logged, so ``undo`` puts every
position back.
"""

from __future__ import annotations

from collections.abc import Sequence

from fcc.store import records_boards as rb
from fcc.store import tables as t
from fcc.store.boards import fields as f
from fcc.store.boards.reads import CardReadVerbs
from fcc.store.errors import InvalidInput


class BoardSetupVerbs(CardReadVerbs):
    # --- boards ----------------------------------------------------------------------------

    def create_board(self, name: str, *, project: str | None = None,
                     columns: Sequence[str] | None = None) -> rb.Board:
        """A new board with ``columns`` (default rb.DEFAULT_COLUMNS; the last is the done
        column), linked to ``project`` when given."""
        name = f.ref_name(name, "name", limit=f.BOARD_NAME_MAX)
        names = list(rb.DEFAULT_COLUMNS if columns is None else columns)
        if not names:
            raise InvalidInput("columns", "at least one column")
        names = [f.ref_name(c, "columns") for c in names]
        from fcc.store.names import name_key

        if len({name_key(c) for c in names}) != len(names):
            raise InvalidInput("columns", "column names that differ", ", ".join(names))
        with self.change("board add") as batch:
            project_id = self._project_row(project).id if project else None
            row = self._new_board(name, project_id, names)
            batch.message = f"add board {name}"
        return self.board(row.id)

    def rename_board(self, ref: str | int | None, name: str) -> rb.Board:
        name = f.ref_name(name, "name", limit=f.BOARD_NAME_MAX)
        with self.change("board rename") as batch:
            row = self._board_row(ref)
            self._check_board_name_free(name, "name", row.id)
            old = row.name
            self._set_row("board", row, name=name)
            batch.message = f"rename board {old} to {name}"
        return self.board(row.id)

    def archive_board(self, ref: str | int | None, *, archived: bool = True) -> rb.Board:
        with self.change("board archive") as batch:
            row = self._board_row(ref)
            self._set_row("board", row, archived=archived)
            batch.message = f"{'archive' if archived else 'unarchive'} board {row.name}"
        return self.board(row.id)

    def link_board(self, ref: str | int | None, project: str | None) -> rb.Board:
        """Link a board to a project (its new cards' default project); None unlinks it."""
        with self.change("board link") as batch:
            row = self._board_row(ref)
            target = self._project_row(project) if project else None
            self._set_row("board", row, project=target.id if target else None)
            batch.message = (f"link board {row.name} to {project}" if target
                             else f"unlink board {row.name}")
        return self.board(row.id)

    # --- columns ---------------------------------------------------------------------------

    def add_column(self, board: str | int | None, name: str, *, position: int | None = None,
                   wip_limit: int | None = None, done: bool = False) -> rb.Column:
        """A new column at ``position`` (0-based; None: just before the first done column, or
        at the end)."""
        name = f.ref_name(name, "name")
        limit = f.wip_limit(wip_limit)
        at = f.position(position)
        with self.change("column add") as batch:
            row = self._board_row(board, create=True)
            columns = self._columns(row.id)
            _name_free(columns, name, "name", "column", row.name)
            if at is None:
                at = next((i for i, c in enumerate(columns) if c.is_done), len(columns))
            at = min(at, len(columns))
            self._renumber("board_column", [*columns[:at], None, *columns[at:]])
            new = self._create_row("board_column", t.BoardColumn, board=row.id, name=name,
                                   position=at, wip_limit=limit, is_done=bool(done))
            batch.message = f"add column {name} to board {row.name}"
        return self._column_record(new.id)

    def rename_column(self, board: str | int | None, column: str, name: str) -> rb.Column:
        name = f.ref_name(name, "name")
        with self.change("column rename") as batch:
            row = self._board_row(board)
            col = self._column_row(row, column)
            _name_free(self._columns(row.id), name, "name", "column", row.name, col.id)
            self._set_row("board_column", col, name=name)
            batch.message = f"rename column {col.name} to {name} on board {row.name}"
        return self._column_record(col.id)

    def move_column(self, board: str | int | None, column: str, position: int) -> rb.Column:
        at = f.position(position)
        with self.change("column move") as batch:
            row = self._board_row(board)
            col = self._column_row(row, column)
            others = [c for c in self._columns(row.id) if c.id != col.id]
            at = min(at if at is not None else len(others), len(others))
            self._renumber("board_column", others[:at] + [col] + others[at:])
            batch.message = f"move column {col.name} to place {at + 1} on board {row.name}"
        return self._column_record(col.id)

    def set_wip_limit(self, board: str | int | None, column: str,
                      limit: int | None) -> rb.Column:
        value = f.wip_limit(limit)
        with self.change("column limit") as batch:
            row = self._board_row(board)
            col = self._column_row(row, column)
            self._set_row("board_column", col, wip_limit=value)
            batch.message = (f"set the WIP limit of {col.name} to {value}" if value
                             else f"remove the WIP limit of {col.name}")
        return self._column_record(col.id)

    def set_done_column(self, board: str | int | None, column: str,
                        done: bool = True) -> rb.Column:
        """Mark a column as a done column (or not); cards in it get (lose) their done time."""
        with self.change("column done") as batch:
            row = self._board_row(board)
            col = self._column_row(row, column)
            self._set_row("board_column", col, is_done=bool(done))
            now = self.clock.now()
            for item in t.WorkItem.select().where(t.WorkItem.column == col.id):
                if (item.done_at is None) == bool(done):  # keep a done card's done time
                    self._set_row("work_item", item, done_at=now if done else None)
            batch.message = (f"mark {col.name} as done" if done
                             else f"mark {col.name} as not done") + f" on board {row.name}"
        return self._column_record(col.id)

    def remove_column(self, board: str | int | None, column: str, *,
                      move_to: str | None = None) -> rb.Board:
        """Remove an empty column, or one whose cards move to ``move_to`` (bottom of it)."""
        with self.change("column remove") as batch:
            row = self._board_row(board)
            col = self._column_row(row, column)
            columns = self._columns(row.id)
            if len(columns) == 1:
                raise InvalidInput("column", "a column that is not the board's last one",
                                   column)
            items = list(t.WorkItem.select().where(t.WorkItem.column == col.id)
                         .order_by(t.WorkItem.position, t.WorkItem.id))
            if items and move_to is None:
                n = len(items)
                hidden = sum(1 for i in items if i.deleted_at is not None or i.archived)
                held = (f"{n} card{'' if n == 1 else 's'}"
                        + (f", {hidden} of them archived or deleted" if hidden else ""))
                raise InvalidInput("column", f"an empty column ({col.name} has {held}: move "
                                   "them or give a column to move them to)", column)
            if items:
                dest = self._column_row(row, move_to, "move_to")
                if dest.id == col.id:
                    raise InvalidInput("move_to", "another column than the one removed",
                                       move_to)
                now = self.clock.now()
                for item in items:
                    done_at = (item.done_at or now) if dest.is_done else None
                    self._set_row("work_item", item, column=dest.id, done_at=done_at,
                                  position=self._bottom(dest.id, item.lane_id))
            self._delete_row("board_column", col)
            self._renumber("board_column", [c for c in columns if c.id != col.id])
            batch.message = f"remove column {col.name} from board {row.name}" + (
                f" (its cards moved to {move_to})" if items else "")
        return self.board(row.id)

    def _column_record(self, column_id: int) -> rb.Column:
        col = t.BoardColumn.get_by_id(column_id)
        board = self.board(col.board_id)
        return next(c for c in board.columns if c.id == column_id)

    # --- lanes -----------------------------------------------------------------------------

    def add_lane(self, board: str | int | None, name: str, *,
                 position: int | None = None) -> rb.Lane:
        name = f.ref_name(name, "name")
        at = f.position(position)
        with self.change("lane add") as batch:
            row = self._board_row(board, create=True)
            lanes = self._lanes(row.id)
            _name_free(lanes, name, "name", "lane", row.name)
            at = len(lanes) if at is None else min(at, len(lanes))
            self._renumber("swim_lane", [*lanes[:at], None, *lanes[at:]])
            new = self._create_row("swim_lane", t.SwimLane, board=row.id, name=name,
                                   position=at)
            batch.message = f"add lane {name} to board {row.name}"
        return self._lane_record(new.id)

    def rename_lane(self, board: str | int | None, lane: str, name: str) -> rb.Lane:
        name = f.ref_name(name, "name")
        with self.change("lane rename") as batch:
            row = self._board_row(board)
            found = self._lane_row(row, lane)
            _name_free(self._lanes(row.id), name, "name", "lane", row.name, found.id)
            self._set_row("swim_lane", found, name=name)
            batch.message = f"rename lane {found.name} to {name} on board {row.name}"
        return self._lane_record(found.id)

    def move_lane(self, board: str | int | None, lane: str, position: int) -> rb.Lane:
        at = f.position(position)
        with self.change("lane move") as batch:
            row = self._board_row(board)
            found = self._lane_row(row, lane)
            others = [x for x in self._lanes(row.id) if x.id != found.id]
            at = min(at if at is not None else len(others), len(others))
            self._renumber("swim_lane", others[:at] + [found] + others[at:])
            batch.message = f"move lane {found.name} to place {at + 1} on board {row.name}"
        return self._lane_record(found.id)

    def remove_lane(self, board: str | int | None, lane: str) -> rb.Board:
        """Remove a lane; its cards move to no lane (at the bottom of their column)."""
        with self.change("lane remove") as batch:
            row = self._board_row(board)
            found = self._lane_row(row, lane)
            for item in (t.WorkItem.select().where(t.WorkItem.lane == found.id)
                         .order_by(t.WorkItem.position, t.WorkItem.id)):
                self._set_row("work_item", item, lane=None,
                              position=self._bottom(item.column_id, None))
            self._delete_row("swim_lane", found)
            self._renumber("swim_lane", [x for x in self._lanes(row.id) if x.id != found.id])
            batch.message = f"remove lane {found.name} from board {row.name}"
        return self.board(row.id)

    def _lane_record(self, lane_id: int) -> rb.Lane:
        found = t.SwimLane.get_by_id(lane_id)
        board = self.board(found.board_id)
        return next(x for x in board.lanes if x.id == lane_id)

    # --- positions -------------------------------------------------------------------------

    def _renumber(self, entity: str, rows: Sequence[t.BoardColumn | t.SwimLane | None]) -> None:
        """Positions 0, 1, ... in this order (None: a place kept free for a new row)."""
        for position, row in enumerate(rows):
            if row is not None and row.position != position:
                self._set_row(entity, row, position=position)


def _name_free(rows: Sequence[t.BoardColumn | t.SwimLane], name: str, field: str, what: str,
               board: str, row_id: int | None = None) -> None:
    from fcc.store.names import name_key

    key = name_key(name)
    for other in rows:
        if other.id != row_id and name_key(other.name) == key:
            raise InvalidInput(field, f"a {what} name board {board} does not have yet "
                               f"({other.name} exists)", name)
