"""Cards: add, edit, move (column, lane, position), step to the previous/next column, reorder,
done, archive, soft delete and restore, set parent, tags; WIP limits and open blockers refuse a
move unless forced.

A card's ``position`` orders it within its column and lane; it is a sort key, not an index:
a card added or moved to the bottom goes one below the lowest, one moved between two others
takes a free number between theirs (only when there is none are the cards below shifted).
So a move changes one row, and its undo puts exactly that row back.
"""

from __future__ import annotations

from typing import Any

from fcc.store import records_boards as rb
from fcc.store import tables as t
from fcc.store.boards import fields as f
from fcc.store.boards.reads import CardReadVerbs
from fcc.store.catalog import UNSET
from fcc.store.errors import InvalidInput, OpenBlockers, WipLimitReached


class CardVerbs(CardReadVerbs):
    def add_card(self, data: dict[str, Any], *, force: bool = False) -> rb.Card:
        """A new card at the bottom of its column (default: the board's first) and lane;
        refused (``WipLimitReached``) when that column is at its WIP limit, unless ``force``,
        as a move into it is."""
        f.check_keys(data, f.ADD_KEYS)
        if "title" not in data:
            raise InvalidInput("title", "a title")
        values = self._card_values(data)
        now = self.clock.now()
        with self.change("card add") as batch:
            board = self._board_row(data.get("board"), create=True)
            columns = self._columns(board.id)
            column = (self._column_row(board, data["column"]) if data.get("column") is not None
                      else columns[0])
            if not force:
                self._check_wip(column)
            lane = (self._lane_row(board, data["lane"]) if data.get("lane") is not None
                    else None)
            refs = self._card_refs(data, board, values.get("type", "task"), None)
            if "project" not in data:
                refs["project"] = board.project_id
            row = self._create_row(
                "work_item", t.WorkItem, board=board.id, column=column.id,
                lane=lane.id if lane else None,
                position=self._bottom(column.id, lane.id if lane else None),
                done_at=now if column.is_done else None, **values, **refs)
            batch.message = f"add card #{row.id} {row.title}"
        return self.card(row.id)

    def edit_card(self, card: int | str, changes: dict[str, Any]) -> rb.Card:
        """Change a card's fields (any add_card key but board and column; ``None`` clears an
        optional one). ``lane`` moves it to the bottom of that lane."""
        f.check_keys(changes, f.EDIT_KEYS)
        for key, value in changes.items():
            if value is None and key not in f.CLEARABLE:
                raise InvalidInput(key, f"a {key} (it cannot be cleared)")
        values = self._card_values(changes)
        with self.change("card edit") as batch:
            row = self._card_row(card)
            board = t.Board.get_by_id(row.board_id)
            kind = values.get("type", row.type)
            refs = self._card_refs(changes, board, kind, row)
            if "type" in values:
                self._check_children(row, kind)
            if "lane" in changes:
                lane = (self._lane_row(board, changes["lane"]) if changes["lane"] is not None
                        else None)
                refs["lane"] = lane.id if lane else None
                if refs["lane"] != row.lane_id:
                    refs["position"] = self._bottom(row.column_id, refs["lane"])
            self._set_row("work_item", row, **values, **refs)
            batch.message = f"edit #{row.id}: " + (", ".join(changes) or "nothing")
        return self.card(row.id)

    def set_parent(self, card: int | str, parent: int | str | None) -> rb.Card:
        return self.edit_card(card, {"parent": parent})

    def _card_values(self, data: dict[str, Any]) -> dict[str, Any]:
        """The plain fields of ``data``, checked (before the change opens)."""
        now = self.clock.now()
        out: dict[str, Any] = {}
        if "title" in data:
            out["title"] = f.title(data["title"])
        if "type" in data:
            out["type"] = f.card_type(data["type"])
        if "priority" in data:
            out["priority"] = f.priority(data["priority"])
        if "estimate" in data:
            out["estimate_minutes"] = f.estimate(data["estimate"])
        if "due" in data:
            out["due_date"] = f.due(data["due"], now=now, zone=self.prefs.zone)
        if "tags" in data:
            import json

            out["tags"] = json.dumps(list(f.tags(data["tags"])))
        if "rate" in data:
            out["hourly_rate"] = f.rate(data["rate"])
        if "description" in data:
            out["description"] = f.description(data["description"])
        if "parent" in data:
            f.parent(data["parent"])  # its form, before anything is read
        return out

    def _card_refs(self, data: dict[str, Any], board: t.Board, kind: str,
                   row: t.WorkItem | None) -> dict[str, Any]:
        """The rows ``data`` names (project, sprint, parent), as column values."""
        out: dict[str, Any] = {}
        if "project" in data:
            out["project"] = (self._project_row(data["project"]).id
                              if data["project"] is not None else None)
        if "sprint" in data:
            out["sprint"] = (self._sprint_row(board, data["sprint"]).id
                             if data["sprint"] is not None else None)
        parent_id = f.parent(data["parent"]) if "parent" in data else (
            row.parent_id if row is not None else None)
        if parent_id is not None:
            parent = self._card_row(parent_id, field="parent")
            # a new type that its parent may not have is the type's fault, not the parent's
            self._check_parent(kind, row, board, parent,
                               "parent" if "parent" in data or row is None else "type")
        if "parent" in data:
            out["parent"] = parent_id
        return out

    def _check_parent(self, kind: str, row: t.WorkItem | None, board: t.Board,
                      parent: t.WorkItem, field: str = "parent") -> None:
        allowed = rb.PARENT_TYPES[kind]
        if parent.type not in allowed:
            if field == "type":
                raise InvalidInput("type", f"a type that may have #{parent.id} "
                                   f"({_a(parent.type)}) as its parent", kind)
            want = " or ".join(allowed) if allowed else "no card (an epic has no parent)"
            raise InvalidInput("parent", f"{'an ' if allowed and allowed[0] == 'epic' else ''}"
                               f"{want} as the parent of {_a(kind)} (#{parent.id} is "
                               f"{_a(parent.type)})")
        if parent.board_id != board.id:
            raise InvalidInput("parent", f"a card on board {board.name} (#{parent.id} is on "
                               "another board)")
        if row is None:
            return
        seen: set[int] = set()
        up: int | None = parent.id
        chain = []
        while up is not None and up not in seen:
            chain.append(up)
            if up == row.id:
                path = " → ".join(f"#{c}" for c in [row.id, *reversed(chain)])
                raise InvalidInput("parent", f"a card that is not #{row.id} itself or below "
                                   f"it ({path} would be a loop)")
            seen.add(up)
            up = t.WorkItem.select(t.WorkItem.parent).where(t.WorkItem.id == up).scalar()

    def _check_children(self, row: t.WorkItem, kind: str) -> None:
        for child in t.WorkItem.select().where((t.WorkItem.parent == row.id)
                                               & t.WorkItem.deleted_at.is_null()):
            if kind not in rb.PARENT_TYPES[child.type]:
                raise InvalidInput("type", f"a type that may be the parent of its children "
                                   f"(#{child.id} is a {child.type})", kind)

    # --- moving ----------------------------------------------------------------------------

    def move_card(self, card: int | str, *, column: str | None = None, lane: Any = UNSET,
                  position: int | None = None, force: bool = False) -> rb.Card:
        """Move a card to a column (default: its own), lane (``None``: no lane; default: its
        own) and position (0-based among the cards there; None: the bottom). Refused unless
        ``force``: into another column at its WIP limit, into a done column while open
        blockers remain. Entering a done column sets the card's done time; leaving clears it."""
        at = f.position(position)
        with self.change("card move") as batch:
            row = self._card_row(card)
            board = t.Board.get_by_id(row.board_id)
            here = t.BoardColumn.get_by_id(row.column_id)
            dest = self._column_row(board, column) if column is not None else here
            lane_row = None if lane is UNSET or lane is None else self._lane_row(board, lane)
            lane_id = row.lane_id if lane is UNSET else (lane_row.id if lane_row else None)
            if dest.id != here.id and not force:
                self._check_wip(dest)
            if dest.is_done and not here.is_done and not force:
                self._check_blockers(row)
            changes: dict[str, Any] = {"column": dest.id, "lane": lane_id}
            changes["position"] = self._place(row, dest.id, lane_id, at)
            changes["done_at"] = ((row.done_at or self.clock.now()) if dest.is_done else None)
            self._set_row("work_item", row, **changes)
            where = dest.name + ("" if lane_id == row.lane_id else
                                 f", lane {lane_row.name}" if lane_row else ", no lane")
            batch.message = f"move #{row.id} to {where}"
        return self.card(row.id)

    def step_card(self, card: int | str, delta: int, *, force: bool = False) -> rb.Card:
        """Move a card to the previous (-1) or next (+1) column, at the bottom."""
        row = self._card_row(card)
        columns = self._columns(row.board_id)
        index = next(i for i, c in enumerate(columns) if c.id == row.column_id)
        goal = index + delta
        if not 0 <= goal < len(columns):
            side = "left" if delta < 0 else "right"
            raise InvalidInput("column", f"a column to the {side} (#{row.id} is in "
                               f"{columns[index].name}, the board's "
                               f"{'first' if delta < 0 else 'last'})")
        return self.move_card(row.id, column=columns[goal].name, force=force)

    def reorder_card(self, card: int | str, delta: int) -> rb.Card:
        """Move a card up (-1) or down (+1) among the cards of its column and lane."""
        with self.change("card reorder") as batch:
            row = self._card_row(card)
            group = self._group(row.column_id, row.lane_id)
            index = next(i for i, c in enumerate(group) if c.id == row.id)
            goal = index + delta
            if delta == 0 or not 0 <= goal < len(group):
                raise InvalidInput("position", f"a card {'above' if delta < 0 else 'below'} "
                                   f"(#{row.id} is at the {'top' if delta < 0 else 'bottom'})")
            if len({c.position for c in group}) != len(group):  # equal keys: number them first
                for i, other in enumerate(group):
                    if other.position != i:
                        self._set_row("work_item", other, position=i)
                group = self._group(row.column_id, row.lane_id)
            theirs = group[goal]
            order = [c for c in group if c.id != row.id]
            order.insert(goal, group[index])
            for other, key in zip(order, [c.position for c in group], strict=True):
                if other.position != key:  # the keys stay; the cards between shift one
                    self._set_row("work_item", other, position=key)
            batch.message = f"move #{row.id} {'up' if delta < 0 else 'down'} (past " \
                            f"#{theirs.id})"
        return self.card(row.id)

    def done_card(self, card: int | str, *, force: bool = False) -> rb.Card:
        """Move a card to its board's first done column."""
        row = self._card_row(card)
        done = [c for c in self._columns(row.board_id) if c.is_done]
        if not done:
            board = t.Board.get_by_id(row.board_id)
            raise InvalidInput("column", f"a done column on board {board.name} (mark one as "
                               "done first)")
        return self.move_card(row.id, column=done[0].name, force=force)

    def _group(self, column_id: int, lane_id: int | None) -> list[t.WorkItem]:
        """The cards shown in one column and lane, top to bottom."""
        return list(t.WorkItem.select().where(
            (t.WorkItem.column == column_id)
            & (t.WorkItem.lane.is_null() if lane_id is None else t.WorkItem.lane == lane_id)
            & t.WorkItem.deleted_at.is_null() & ~t.WorkItem.archived)
            .order_by(t.WorkItem.position, t.WorkItem.id))

    def _place(self, row: t.WorkItem, column_id: int, lane_id: int | None,
               at: int | None) -> int:
        """The position key that puts ``row`` at index ``at`` (None: the bottom) of a column
        and lane; shifts the cards below down when no key is free there."""
        group = [c for c in self._group(column_id, lane_id) if c.id != row.id]
        same = row.column_id == column_id and row.lane_id == lane_id
        if at is None or at >= len(group):
            if not group:
                return row.position if same else 0
            last = group[-1].position
            return row.position if same and row.position > last else last + 1
        if at == 0:
            return group[0].position - 1
        above, below = group[at - 1].position, group[at].position
        if below - above >= 2:
            return (above + below) // 2
        want = above + 2  # make room: shift the run of cards below by as much as needed
        for other in group[at:]:
            if other.position >= want:
                break
            self._set_row("work_item", other, position=want)
            want += 1
        return above + 1

    def _check_wip(self, column: t.BoardColumn) -> None:
        if column.wip_limit is None:
            return
        count = t.WorkItem.select().where(
            (t.WorkItem.column == column.id) & t.WorkItem.deleted_at.is_null()
            & ~t.WorkItem.archived).count()
        if count >= column.wip_limit:
            raise WipLimitReached(f"column {column.name} is at its WIP limit of "
                                  f"{column.wip_limit}")

    def _check_blockers(self, row: t.WorkItem) -> None:
        blockers = list(
            t.WorkItem.select(t.WorkItem.id, t.WorkItem.title)
            .join(t.Dependency, on=(t.Dependency.blocker == t.WorkItem.id))
            .switch(t.WorkItem).join(t.BoardColumn, on=(t.BoardColumn.id == t.WorkItem.column))
            .where((t.Dependency.blocked == row.id) & t.WorkItem.deleted_at.is_null()
                   & ~t.BoardColumn.is_done)
            .order_by(t.WorkItem.id))
        if blockers:
            named = ", ".join(f"#{b.id} {b.title}" for b in blockers)
            raise OpenBlockers(f"#{row.id} is blocked by {named}")

    # --- archive, delete, restore ----------------------------------------------------------

    def archive_card(self, card: int | str, *, archived: bool = True) -> rb.Card:
        with self.change("card archive") as batch:
            row = self._card_row(card)
            self._set_row("work_item", row, archived=bool(archived))
            batch.message = f"{'archive' if archived else 'unarchive'} #{row.id} {row.title}"
        return self.card(row.id)

    def delete_card(self, card: int | str) -> rb.Card:
        """Soft delete: the card leaves the board (its time entries stay and report);
        ``restore_card`` or ``undo`` bring it back where it was."""
        with self.change("card delete") as batch:
            row = self._card_row(card)
            self._set_row("work_item", row, deleted_at=self.clock.now())
            batch.message = f"delete #{row.id} {row.title}"
        return self.card(row.id)

    def restore_card(self, card: int | str) -> rb.Card:
        with self.change("card restore") as batch:
            row = self._card_row(card, deleted=True)
            if row.deleted_at is None:
                raise InvalidInput("card", f"a deleted card (#{row.id} is not deleted)", card)
            self._set_row("work_item", row, deleted_at=None)
            batch.message = f"restore #{row.id} {row.title}"
        return self.card(row.id)


def _a(kind: str) -> str:
    """``a story``, ``an epic``."""
    return f"{'an' if kind[:1] in 'aeiou' else 'a'} {kind}"
