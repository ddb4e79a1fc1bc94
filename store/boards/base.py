"""What every board verb shares: finding a board, column, lane, sprint or card by what users
type, and writing a row with its activity (the row's plain column values before and after, which
is what ``undo`` and a card's history read).

References (contract of issue 13): a board by name (``names.name_key``) or id, ``None`` for the
default board (the only one not archived; a write makes an "Inbox" board when there is none);
columns and lanes by name or 1-based number ("2" = the second from the left/top); sprints by
name; cards by id (``12`` or ``#12``).
"""

from __future__ import annotations

from typing import Any, TypeVar

import peewee as pw

from fcc.store import records_boards as rb
from fcc.store import tables as t
from fcc.store.boards import fields as f
from fcc.store.catalog import CatalogVerbs
from fcc.store.errors import InvalidInput, NotFound, UnknownId, UnknownName
from fcc.store.money import money
from fcc.store.names import close_matches, name_key, sort_key
from fcc.store.sql.activity import plain

M = TypeVar("M", bound=pw.Model)
DEFAULT_BOARD = "Inbox"


def row_values(row: pw.Model) -> dict[str, Any]:
    """A row's columns as JSON-ready values (what the activity log keeps)."""
    out: dict[str, Any] = {}
    for name, field in row._meta.fields.items():
        value = getattr(row, field.column_name if isinstance(field, pw.ForeignKeyField)
                        else name)
        if isinstance(field, pw.UUIDField):
            value = str(value)
        elif isinstance(field, pw.DecimalField):
            value = money(value)  # SQLite hands back 120.5 for 120.50
        out[field.column_name] = value
    return plain(out)


def entity_id(entity: str, row: pw.Model) -> str:
    """How the activity log names a row: its id, a dependency ``BLOCKER>BLOCKED``."""
    if entity == "dependency":
        return f"{row.blocker_id}>{row.blocked_id}"  # type: ignore[attr-defined]
    return str(row.id)  # type: ignore[attr-defined]


class BoardBase(CatalogVerbs):
    # --- writing rows ----------------------------------------------------------------------

    def _create_row(self, entity: str, model: type[M], **values: Any) -> M:
        if "created_at" in model._meta.fields and "created_at" not in values:
            values["created_at"] = self.clock.now()
        if "updated_at" in model._meta.fields and "updated_at" not in values:
            values["updated_at"] = self.clock.now()
        row = model.create(**values)
        row = model.get_by_id(row.id)  # type: ignore[attr-defined]
        self._log(entity, entity_id(entity, row), "create", None, row_values(row))
        return row

    def _set_row(self, entity: str, row: M, **changes: Any) -> M:
        """Change a row (logged before/after); the same row when nothing would change."""
        model = type(row)
        before = row_values(row)
        if all(_same(_current(row, k), v) for k, v in changes.items()):
            return row
        if "updated_at" in model._meta.fields:
            changes["updated_at"] = self.clock.now()
        model.update(**changes).where(model.id == row.id).execute()  # type: ignore[attr-defined]
        fresh = model.get_by_id(row.id)  # type: ignore[attr-defined]
        self._log(entity, entity_id(entity, row), "update", before, row_values(fresh))
        return fresh

    def _delete_row(self, entity: str, row: pw.Model) -> None:
        model = type(row)
        before = row_values(row)
        model.delete().where(model.id == row.id).execute()  # type: ignore[attr-defined]
        self._log(entity, entity_id(entity, row), "delete", before, None)

    # --- boards --------------------------------------------------------------------------

    def _board_row(self, ref: str | int | None, *, create: bool = False,
                   field: str = "board") -> t.Board:
        """The board ``ref`` names; ``None``: the default board (see the module)."""
        if ref is None:
            live = list(t.Board.select().where(~t.Board.archived).order_by(t.Board.id))
            if len(live) == 1:
                return live[0]
            if not live:
                if create:
                    return self._new_board(DEFAULT_BOARD, None, rb.DEFAULT_COLUMNS)
                raise NotFound(f"{field}: no board yet")
            names = ", ".join(sorted((b.name for b in live), key=sort_key))
            raise InvalidInput(field, f"one of {names} (give --board)")
        if isinstance(ref, int) and not isinstance(ref, bool):
            row = t.Board.get_or_none(t.Board.id == ref)
            if row is None:
                raise UnknownId(f"{field}: no board with id {ref}")
            return row
        if not isinstance(ref, str) or not ref.strip():
            raise InvalidInput(field, "a board name", ref)
        everything = list(t.Board.select())
        key = name_key(ref)
        found = [b for b in everything if name_key(b.name) == key]
        if not found:
            text = ref.strip()
            if text.isascii() and text.isdigit():
                row = t.Board.get_or_none(t.Board.id == int(text))
                if row is not None:
                    return row
            raise UnknownName(f"{field}: no board named {ref!r}"
                              + close_matches(ref, [b.name for b in everything]))
        return found[0]

    def _new_board(self, name: str, project_id: int | None,
                   columns: tuple[str, ...] | list[str]) -> t.Board:
        self._check_board_name_free(name, "name")
        row = self._create_row("board", t.Board, name=name, project=project_id)
        for position, column in enumerate(columns):
            self._create_row("board_column", t.BoardColumn, board=row.id, name=column,
                             position=position, is_done=position == len(columns) - 1)
        return row

    def _check_board_name_free(self, name: str, field: str, row_id: int | None = None) -> None:
        key = name_key(name)
        for other in t.Board.select(t.Board.id, t.Board.name):
            if other.id != row_id and name_key(other.name) == key:
                raise InvalidInput(field, f"a name no other board has ({other.name} exists)",
                                   name)

    # --- columns, lanes, sprints -----------------------------------------------------------

    def _columns(self, board_id: int) -> list[t.BoardColumn]:
        return list(t.BoardColumn.select().where(t.BoardColumn.board == board_id)
                    .order_by(t.BoardColumn.position, t.BoardColumn.id))

    def _lanes(self, board_id: int) -> list[t.SwimLane]:
        return list(t.SwimLane.select().where(t.SwimLane.board == board_id)
                    .order_by(t.SwimLane.position, t.SwimLane.id))

    def _column_row(self, board: t.Board, ref: object, field: str = "column") -> t.BoardColumn:
        return _named(self._columns(board.id), ref, field, "column", board.name)

    def _lane_row(self, board: t.Board, ref: object, field: str = "lane") -> t.SwimLane:
        return _named(self._lanes(board.id), ref, field, "lane", board.name)

    def _sprint_row(self, board: t.Board, ref: object, field: str = "sprint") -> t.Sprint:
        rows = list(t.Sprint.select().where(t.Sprint.board == board.id).order_by(t.Sprint.id))
        return _named(rows, ref, field, "sprint", board.name, numbers=False)

    # --- cards ---------------------------------------------------------------------------

    def _bottom(self, column_id: int, lane_id: int | None) -> int:
        """The position below every card of this column and lane."""
        query = t.WorkItem.select(t.WorkItem.position).where(
            (t.WorkItem.column == column_id)
            & (t.WorkItem.lane.is_null() if lane_id is None else t.WorkItem.lane == lane_id))
        top = query.order_by(t.WorkItem.position.desc()).limit(1).scalar()
        return 0 if top is None else int(top) + 1


    def _card_row(self, card: object, *, field: str = "card",
                  deleted: bool = False) -> t.WorkItem:
        number = f.card_id(card, field)
        row = t.WorkItem.get_or_none(t.WorkItem.id == number)
        if row is None or (row.deleted_at is not None and not deleted):
            raise UnknownId(f"{field}: no card #{number}")
        return row


def _current(row: pw.Model, name: str) -> Any:
    field = row._meta.fields[name]
    return getattr(row, field.column_name if isinstance(field, pw.ForeignKeyField) else name)


def _same(old: Any, new: Any) -> bool:
    if isinstance(new, pw.Model):
        new = new.id  # type: ignore[attr-defined]
    if old is None or new is None:
        return old is None and new is None
    return bool(old == new)


def _named(rows: list[Any], ref: object, field: str, what: str, board: str, *,
           numbers: bool = True) -> Any:
    if isinstance(ref, int) and not isinstance(ref, bool):
        ref = str(ref)
    if not isinstance(ref, str) or not ref.strip():
        raise InvalidInput(field, f"a {what} name" + (" or number" if numbers else ""), ref)
    key = name_key(ref)
    for row in rows:
        if name_key(row.name) == key:
            return row
    text = ref.strip()
    if numbers and text.isascii() and text.isdigit() and 1 <= int(text) <= len(rows):
        return rows[int(text) - 1]
    known = [r.name for r in rows]
    raise UnknownName(f"{field}: no {what} named {ref!r} on board {board}"
                      + close_matches(ref, known))
