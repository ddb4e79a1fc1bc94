"""Reading boards and cards: one card, the cards of a board (filtered), each with what a tile shows
derived in the same read (blockers, tracked time, children's progress, running timer).

The SQL is :mod:`fcc.store.sql.boards`: a fixed number of queries per read, whatever the number
of cards (5,000 cards and 100,000 time entries read in well under 300 ms on SQLite).
"""

from __future__ import annotations

from fcc.store import records_boards as rb
from fcc.store import tables as t
from fcc.store.boards.base import BoardBase
from fcc.store.errors import InvalidInput, NotFound
from fcc.store.names import name_key, sort_key
from fcc.store.sql import boards as sql
from fcc.store.sql import catalog as sql_catalog

ALL_BOARDS = "*"


class CardReadVerbs(BoardBase):
    # --- boards ----------------------------------------------------------------------------

    def boards(self, *, include_archived: bool = False) -> list[rb.Board]:
        """Every board (not archived ones unless asked), by name, with columns, lanes and
        counts."""
        query = t.Board.select()
        if not include_archived:
            query = query.where(~t.Board.archived)
        rows = list(query)
        records = self._board_records(rows)
        return sorted(records, key=lambda b: sort_key(b.name))

    def board(self, ref: str | int | None = None) -> rb.Board:
        """One board (see ``_board_row`` for what ``ref`` may be); NotFound when there is no
        board at all and ``ref`` is None."""
        return self._board_records([self._board_row(ref)])[0]

    def _board_records(self, rows: list[t.Board]) -> list[rb.Board]:
        ids = [r.id for r in rows]
        if not ids:
            return []
        column_counts, lane_counts = sql.column_counts(self.db.cursor(), self.dialect, ids)
        columns: dict[int, list[rb.Column]] = {}
        for c in (t.BoardColumn.select().where(t.BoardColumn.board.in_(ids))
                  .order_by(t.BoardColumn.position, t.BoardColumn.id)):
            columns.setdefault(c.board_id, []).append(rb.Column(
                id=c.id, board_id=c.board_id, name=c.name, position=c.position,
                wip_limit=c.wip_limit, is_done=bool(c.is_done),
                cards=column_counts.get(c.id, 0)))
        lanes: dict[int, list[rb.Lane]] = {}
        for lane in (t.SwimLane.select().where(t.SwimLane.board.in_(ids))
                     .order_by(t.SwimLane.position, t.SwimLane.id)):
            lanes.setdefault(lane.board_id, []).append(rb.Lane(
                id=lane.id, board_id=lane.board_id, name=lane.name, position=lane.position,
                cards=lane_counts.get(lane.id, 0)))
        active = {s.board_id: s.name for s in t.Sprint.select(t.Sprint.board, t.Sprint.name)
                  .where(t.Sprint.board.in_(ids) & (t.Sprint.status == "active"))}
        labels: dict[int, str] = {}
        if any(r.project_id is not None for r in rows):
            labels = {int(r[sql_catalog.ID]): sql_catalog.label(r) for r in
                      sql_catalog.project_rows(self.db.cursor(), self.dialect)}
        out = []
        for row in rows:
            cols = tuple(columns.get(row.id, ()))
            out.append(rb.Board(
                id=row.id, uuid=str(row.uuid), name=row.name, project_id=row.project_id,
                project=labels.get(row.project_id) if row.project_id else None,
                archived=bool(row.archived), created_at=row.created_at, columns=cols,
                lanes=tuple(lanes.get(row.id, ())), cards=sum(c.cards for c in cols),
                active_sprint=active.get(row.id)))
        return out

    # --- cards -----------------------------------------------------------------------------

    def card(self, card: int | str) -> rb.Card:
        """One card, deleted ones too, with its derived fields."""
        row = self._card_row(card, deleted=True)
        return self._card_records([row.id])[0]

    def _card_records(self, ids: list[int]) -> list[rb.Card]:
        """Cards by id (in board order), with their descendants' progress and time."""
        cur = self.db.cursor()
        everyone = set(ids)
        for cid in ids:
            everyone.update(sql.descendants(cur, self.dialect, cid))
        scope = sorted(everyone)
        rows = sql.card_rows(cur, self.dialect, f"w.id IN ({', '.join('?' for _ in scope)})",
                             tuple(scope))
        now = int(self.clock.now().timestamp())
        built = sql.build(rows, sql.tracked(cur, self.dialect, scope, now),
                          sql.dependencies(cur, self.dialect, scope))
        wanted = set(ids)
        return [c for c in built if c.id in wanted]

    def cards(self, *, board: str | int | None = None, column: str | None = None,
              lane: str | None = None, sprint: str | None = None, tag: str | None = None,
              blocked: bool | None = None, text: str | None = None,
              include_archived: bool = False, include_deleted: bool = False) -> list[rb.Card]:
        """The cards of a board (``"*"``: of every board not archived), in board order:
        column, lane (no lane last), position. Filters: a column, lane or sprint of the board
        (by name or number), a tag, blocked or not, ``text`` in the title or description."""
        if board == ALL_BOARDS:
            rows = list(t.Board.select().where(~t.Board.archived).order_by(t.Board.id))
        else:
            try:
                rows = [self._board_row(board)]
            except NotFound:
                if board is None:
                    return []
                raise
        if (column is not None or lane is not None or sprint is not None) and len(rows) != 1:
            raise InvalidInput("board", "one board (a column, lane or sprint is a board's)")
        column_id = lane_id = sprint_id = None
        if column is not None:
            column_id = self._column_row(rows[0], column).id
        if lane is not None:
            lane_id = self._lane_row(rows[0], lane).id
        if sprint is not None:
            sprint_id = self._sprint_row(rows[0], sprint).id
        found = self._board_cards([r.id for r in rows], include_deleted=include_deleted)
        tag_key = None if tag is None else name_key(tag)
        words = None if text is None else name_key(text)
        out = []
        for c in found:
            if (c.archived and not include_archived) or (
                    column_id is not None and c.column_id != column_id) or (
                    lane_id is not None and c.lane_id != lane_id) or (
                    sprint_id is not None and c.sprint_id != sprint_id) or (
                    tag_key is not None and tag_key not in {name_key(x) for x in c.tags}) or (
                    blocked is not None and c.blocked != blocked) or (
                    words is not None and words not in name_key(c.title)
                    and words not in name_key(c.description)):
                continue
            out.append(c)
        return out

    def board_cards(self, board: str | int | None = None) -> tuple[rb.Board, list[rb.Card]]:
        """What the Boards pane draws: the board and its cards (neither archived nor deleted)."""
        row = self._board_row(board)
        found = self._board_cards([row.id], include_deleted=False)
        return self._board_records([row])[0], [c for c in found if not c.archived]

    def _board_cards(self, board_ids: list[int], *, include_deleted: bool) -> list[rb.Card]:
        if not board_ids:
            return []
        cur = self.db.cursor()
        marks = ", ".join("?" for _ in board_ids)
        rows = sql.card_rows(cur, self.dialect, f"w.board_id IN ({marks})", tuple(board_ids))
        now = int(self.clock.now().timestamp())
        # every card's time and dependencies: one pass over each table (see sql.tracked)
        built = sql.build(rows, sql.tracked(cur, self.dialect, None, now),
                          sql.dependencies(cur, self.dialect, None))
        if include_deleted:
            return built
        return [c for c in built if c.deleted_at is None]
