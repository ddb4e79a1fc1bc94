"""Importing Taskwarrior's `task export` JSON as cards: projects, tags, priority, due, status,
annotations, dependencies; idempotent by the task's uuid.

Each task's card keeps ``source_key = "taskwarrior:<uuid>"``: a second import of the same
export changes nothing, and an export made after changes in Taskwarrior updates the cards it
made (title, priority, due, tags, project, estimate, done or not), adds new annotations as
comments and new dependencies. A card deleted in fcc is left alone. How a task maps onto a
card: :mod:`fcc.store.boards.taskwarrior_read`.

One transaction and one activity batch, written in bulk (a 5,000-task export is imported in
about a second): ``fcc undo`` removes the cards, comments and dependencies it made and
restores the cards it changed. A dry run does the whole import and rolls it back.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid as uuidlib
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import peewee as pw

from fcc.store import tables as t
from fcc.store.boards import taskwarrior_read as tw
from fcc.store.boards.base import BoardBase, row_values
from fcc.store.errors import FccError, InvalidInput, NotFound, UnknownName
from fcc.store.names import name_key
from fcc.store.prefs import zone_info
from fcc.store.records_boards import DEFAULT_COLUMNS
from fcc.store.records_imports import ImportSkip, TaskwarriorResult
from fcc.store.recordtype import replace
from fcc.store.rows import tuples
from fcc.store.sql.activity import as_json
from fcc.store.undo import UndoVerbs

Progress = Callable[[int, int], None]
PART = 500  # values per IN (...) list: well under every backend's limit
_CARD_COLUMNS = ("uuid", "board_id", "project_id", "type", "title", "description", "priority",
                 "estimate_minutes", "due_date", "column_id", "position", "archived",
                 "created_at", "updated_at", "tags", "done_at", "source_key")


_ACTIVITY_COLUMNS = ("uuid", "actor", "entity", "entity_id", "action", "batch", "before",
                     "after", "at")
_MADE = ("work_item", "comment", "dependency")  # what an import makes in bulk


class _DryRun(FccError):
    def __init__(self, result: TaskwarriorResult) -> None:
        self.result = result


class TaskwarriorVerbs(BoardBase, UndoVerbs):
    _undo_tw: tuple[tuple[str, str], set[tuple[str, str]]] | None = None

    def import_taskwarrior(self, source: tw.Source, *, board: str | int | None = None,
                           column: str | None = None, progress: Progress | None = None,
                           dry_run: bool = False, where: str | None = None
                           ) -> TaskwarriorResult:
        """Import a `task export` (a file's path, an open file, or the parsed list) onto
        ``board`` (default: the only board; none: a new "Inbox"; a name no board has: a new
        board of that name). Pending and waiting tasks go to ``column`` (default: the first),
        completed ones to the done column. ``where`` names the source in messages."""
        objects, where = tw.load(source, where=where)
        now = self.clock.now()
        tasks, skipped, deleted = tw.read_tasks(objects, where, zone_info(self.prefs.zone), now)
        try:
            with self.change("import taskwarrior") as batch:
                result = _Import(self, tasks, skipped, deleted, now, progress).run(board, column)
                n = result.created
                batch.message = (f"import {n} card{'' if n == 1 else 's'} from Taskwarrior to "
                                 f"board {result.board} (updated {result.updated})")
                if dry_run:
                    raise _DryRun(replace(result, dry_run=True, batch=None))
                result = replace(result, batch=batch.id)
        except _DryRun as rolled_back:
            return rolled_back.result
        return result

    # --- undo ------------------------------------------------------------------------------

    def _revert(self, row: t.Activity) -> bool:
        """Undo removes an import's cards, comments and dependencies in bulk."""
        if (row.action == "import" and row.batch and self._batch is not None
                and row.entity in _MADE):
            tag = (self._batch.id, str(row.batch))
            if self._undo_tw is None or self._undo_tw[0] != tag:
                self._undo_tw = (tag, self._remove_imported(str(row.batch)))
            return (str(row.entity), str(row.entity_id)) in self._undo_tw[1]
        if (self._undo_tw is not None and row.batch == self._undo_tw[0][1] and row.before is None
                and row.entity in ("board", "board_column")):
            # The board the import made stays, whole, while a card it kept (one tracked
            # since) is on it.
            board = int(row.entity_id)
            if row.entity == "board_column":
                column = t.BoardColumn.get_or_none(t.BoardColumn.id == board)
                board = -1 if column is None else column.board_id
            if t.WorkItem.select().where(t.WorkItem.board == board).exists():
                return False
        return super()._revert(row)

    def _remove_imported(self, batch: str) -> set[tuple[str, str]]:
        act, wi = t.Activity, t.WorkItem
        made: dict[str, list[str]] = {entity: [] for entity in _MADE}
        for entity, entity_id in tuples(act.select(act.entity, act.entity_id).where(
                (act.batch == batch) & (act.action == "import"))):
            if entity in made:
                made[entity].append(str(entity_id))
        cards = [int(i) for i in made["work_item"]]
        live_cards = {i for part in _parts(cards) for (i,) in tuples(
            wi.select(wi.id).where(wi.id.in_(part)))}
        done: set[tuple[str, str]] = {("work_item", str(i)) for i in live_cards}
        # Dependencies: the import's, and any made since on its cards (they go with them).
        pairs = {tuple(int(x) for x in key.split(">")) for key in made["dependency"]}
        dep = t.Dependency
        doomed = [row for row in dep.select()  # (a few thousand rows at most: all of them)
                  if (row.blocker_id, row.blocked_id) in pairs
                  or row.blocker_id in live_cards or row.blocked_id in live_cards]
        for part in _parts([row.id for row in doomed]):
            dep.delete().where(dep.id.in_(part)).execute()
        self._log_many("dependency", "delete", [
            (f"{r.blocker_id}>{r.blocked_id}", row_values(r), None) for r in doomed])
        done.update(("dependency", f"{r.blocker_id}>{r.blocked_id}") for r in doomed)
        com = t.Comment
        comment_ids = {int(i) for i in made["comment"]}
        for part in _parts(sorted(live_cards)):
            comment_ids.update(i for (i,) in tuples(com.select(com.id).where(
                com.work_item.in_(part))))
        for part in _parts(sorted(comment_ids)):
            found: list[t.Comment] = list(com.select().where(com.id.in_(part)))
            com.delete().where(com.id.in_([r.id for r in found])).execute()
            self._log_many("comment", "delete", [(str(r.id), row_values(r), None) for r in found])
            done.update(("comment", str(r.id)) for r in found)
        te = t.TimeEntry
        tracked = {i for part in _parts(sorted(live_cards)) for (i,) in tuples(
            te.select(te.work_item_id).where(te.work_item.in_(part)).distinct())}
        now = self.clock.now()
        for part in _parts(sorted(live_cards)):
            rows = list(wi.select().where(wi.id.in_(part)))
            wi.update(parent=None).where(wi.parent.in_(part)).execute()  # children stay
            gone = [c.id for c in rows if c.id not in tracked]
            wi.delete().where(wi.id.in_(gone)).execute()
            for card in rows:
                if card.id in tracked:  # its time entries keep reporting: deleted softly
                    self._set_row("work_item", card, deleted_at=now)
            self._log_many("work_item", "delete", [(str(c.id), row_values(c), None) for c in rows
                                                   if c.id not in tracked])
        return done

    def _log_many(self, entity: str, action: str,
                  changes: list[tuple[str, dict[str, Any] | None, dict[str, Any] | None]]
                  ) -> None:
        """Log rows (entity id, values before, after) as :meth:`_log` does, in one statement."""
        if not changes:
            return
        at = int(self.clock.now().timestamp())
        batch = None if self._batch is None else self._batch.id
        _insert_many(self.db, t.Activity, _ACTIVITY_COLUMNS, [
            (uuidlib.uuid4().hex, self.actor, entity, key, action, batch, as_json(before),
             as_json(after), at) for key, before, after in changes])


class _Import:
    """One import, inside the store's change (the writer lock held)."""

    def __init__(self, store: TaskwarriorVerbs, tasks: list[tw.Task],
                 skipped: list[ImportSkip], deleted: int, now: dt.datetime,
                 progress: Progress | None) -> None:
        self.s = store
        self.tasks = tasks
        self.skipped = skipped
        self.deleted = deleted
        self.now = now
        self.progress = progress
        self.new_projects: list[str] = []
        self.columns: dict[int, t.BoardColumn] | None = None

    def run(self, board_ref: str | int | None, column_ref: str | None) -> TaskwarriorResult:
        total = len(self.tasks)
        if self.progress:
            self.progress(0, total)
        board = self._board(board_ref)
        columns = self.s._columns(board.id)
        if not columns:
            raise InvalidInput("column", f"a board with columns (board {board.name} has none)")
        first = columns[0] if column_ref is None else self.s._column_row(board, column_ref)
        done_column = next((c for c in columns if c.is_done), None)
        existing = self._existing()
        projects = self._projects()
        new, updated, unchanged = [], 0, 0
        for task in self.tasks:
            if task.project is not None and task.project not in projects:
                continue  # skipped with the reason (_projects)
            if task.done and done_column is None:
                self._skip(task, f"board {board.name} has no done column for a completed task")
                continue
            card = existing.get(task.key)
            if card is None:
                new.append(task)
            elif card.deleted_at is not None:
                self._skip(task, f"card #{card.id} was deleted here (fcc card restore "
                           f"{card.id} brings it back)")
            elif self._update(card, task, projects, first, done_column):
                updated += 1
            else:
                unchanged += 1
        cards = {key: row.id for key, row in existing.items() if row.deleted_at is None}
        cards.update(self._create(board, new, projects, first, done_column))
        comments = self._comments(cards)
        dependencies = self._dependencies(cards)
        if self.progress:
            self.progress(total, total)
        return TaskwarriorResult(
            board=board.name, created=len(new), updated=updated, unchanged=unchanged,
            comments=comments, dependencies=dependencies, deleted=self.deleted,
            skipped=tuple(self.skipped), new_projects=tuple(self.new_projects))

    def _skip(self, task: tw.Task, reason: str, *, part: bool = False) -> None:
        self.skipped.append(ImportSkip(where=task.where, reason=reason, part=part))

    # --- the board -------------------------------------------------------------------------

    def _board(self, ref: str | int | None) -> t.Board:
        """The store's default board (an "Inbox" when there is none), or the one named; a
        name no board has makes a board of that name."""
        try:
            return self.s._board_row(ref, create=True)
        except UnknownName:
            assert isinstance(ref, str)
            from fcc.store.inputs import check_name

            name = check_name(ref, "board")
            return self.s._new_board(name, None, DEFAULT_COLUMNS)

    # --- what is there -----------------------------------------------------------------------

    def _existing(self) -> dict[str, t.WorkItem]:
        wi = t.WorkItem
        out: dict[str, t.WorkItem] = {}
        for part in _parts([task.key for task in self.tasks]):
            out.update((str(row.source_key), row)
                       for row in wi.select().where(wi.source_key.in_(part)))
        return out

    def _projects(self) -> dict[tuple[str | None, str], int]:
        """The project id of each task's (client, name); created when missing."""
        out: dict[tuple[str | None, str], int] = {}
        by_fold: dict[tuple[str, str], int | str] = {}
        for task in self.tasks:
            pair = task.project
            if pair is None or pair in out:
                continue
            fold = (name_key(pair[0] or ""), name_key(pair[1]))
            if fold not in by_fold:
                spec = f"{pair[0]}/{pair[1]}" if pair[0] else f"/{pair[1]}"
                try:
                    try:
                        by_fold[fold] = self.s._project_row(spec).id
                    except NotFound:
                        by_fold[fold] = self._new_project(pair)
                        self.new_projects.append(spec.lstrip("/"))
                except InvalidInput as exc:
                    by_fold[fold] = str(exc)
            found = by_fold[fold]
            if isinstance(found, int):
                out[pair] = found
        for task in self.tasks:
            if task.project is not None and task.project not in out:
                problem = by_fold[(name_key(task.project[0] or ""), name_key(task.project[1]))]
                self._skip(task, str(problem))
        return out

    def _new_project(self, pair: tuple[str | None, str]) -> int:
        client, name = pair
        if client is not None:
            try:
                self.s._client_row(client)
            except NotFound:
                self.s.create_client({"name": client})
        return self.s.create_project({"name": name, "client": client}).id

    # --- cards -------------------------------------------------------------------------------

    def _values(self, task: tw.Task, projects: dict[tuple[str | None, str], int]
                ) -> dict[str, Any]:
        return {
            "title": task.title, "priority": task.priority, "due_date": task.due,
            "tags": json.dumps(list(task.tags), ensure_ascii=False),
            "project": None if task.project is None else projects[task.project],
            **({"description": task.description} if task.description else {}),
            **({} if task.estimate_minutes is None
               else {"estimate_minutes": task.estimate_minutes}),
        }

    def _update(self, card: t.WorkItem, task: tw.Task,
                projects: dict[tuple[str | None, str], int], first: t.BoardColumn,
                done: t.BoardColumn | None) -> bool:
        wanted = self._values(task, projects)
        changes = {k: v for k, v in wanted.items() if _stored(card, k) != v}
        if self.columns is None:  # every board's: an imported card may have moved boards
            self.columns = {c.id: c for c in t.BoardColumn.select()}
        in_done = self.columns[card.column_id].is_done
        if task.done and not in_done and done is not None and card.board_id == done.board_id:
            changes.update(column=done.id, done_at=task.end, lane=None,
                           position=_bottom(done.id, None))
        elif not task.done and in_done:
            column = first if first.board_id == card.board_id else min(
                (c for c in self.columns.values() if c.board_id == card.board_id),
                key=lambda c: (c.position, c.id))
            changes.update(column=column.id, done_at=None, lane=None,
                           position=_bottom(column.id, None))
        if not changes:
            return False
        self.s._set_row("work_item", card, **changes)
        return True

    def _create(self, board: t.Board, tasks: list[tw.Task],
                projects: dict[tuple[str | None, str], int], first: t.BoardColumn,
                done: t.BoardColumn | None) -> dict[str, int]:
        """Insert the new cards (most urgent first, completed ones last); their ids."""
        if not tasks:
            return {}
        wi = t.WorkItem
        tasks = sorted(tasks, key=lambda k: (k.done, -k.urgency, k.entry, k.uuid))
        next_position: dict[int, int] = {}
        rows = []
        for task in tasks:
            column = done if task.done and done is not None else first
            if column.id not in next_position:
                next_position[column.id] = _bottom(column.id, None)
            position = next_position[column.id]
            next_position[column.id] += 1
            values = self._values(task, projects)
            values["project_id"] = values.pop("project")
            values.update(
                uuid=wi.uuid.db_value(uuidlib.uuid4()), board_id=board.id, type="task",
                description=task.description, estimate_minutes=task.estimate_minutes,
                due_date=wi.due_date.db_value(task.due), column_id=column.id,
                position=position, archived=wi.archived.db_value(False),
                created_at=wi.created_at.db_value(task.entry),
                updated_at=wi.updated_at.db_value(self.now),
                done_at=wi.done_at.db_value(task.end if task.done else None),
                source_key=task.key)
            rows.append(tuple(values[c] for c in _CARD_COLUMNS))
        total = len(self.tasks)
        for offset in range(0, len(rows), 1000):
            _insert_many(self.s.db, wi, _CARD_COLUMNS, rows[offset:offset + 1000])
            if self.progress:
                self.progress(min(offset + 1000, len(rows)), total)
        ids: dict[str, int] = {}
        for part in _parts([task.key for task in tasks]):
            made = list(wi.select().where(wi.source_key.in_(part)).order_by(wi.id))
            ids.update((str(row.source_key), row.id) for row in made)
            self.s._log_many("work_item", "import",
                             [(str(row.id), None, row_values(row)) for row in made])
        return ids

    # --- comments and dependencies --------------------------------------------------------------

    def _comments(self, cards: dict[str, int]) -> int:
        com = t.Comment
        wanted = [(cards[task.key], at, body) for task in self.tasks if task.key in cards
                  for at, body in task.annotations]
        if not wanted:
            return 0
        have: set[tuple[int, int, str]] = set()
        for part in _parts(sorted({c for c, _, _ in wanted})):
            have.update((c, int(at.timestamp()), body) for c, at, body in tuples(
                com.select(com.work_item_id, com.created_at, com.body)
                .where(com.work_item.in_(part))))
        fresh, seen = [], set()
        for card, at, body in wanted:
            key = (card, int(at.timestamp()), body)
            if key not in have and key not in seen:
                seen.add(key)
                fresh.append(key)
        if not fresh:
            return 0
        last = com.select(pw.fn.MAX(com.id)).scalar() or 0
        uuid_of = com.uuid.db_value
        _insert_many(self.s.db, com, ("uuid", "work_item_id", "author", "body", "created_at"),
                     [(uuid_of(uuidlib.uuid4()), card, self.s.actor, body, at)
                      for card, at, body in fresh])
        self.s._log_many("comment", "import", [
            (str(row.id), None, row_values(row))
            for row in com.select().where(com.id > last).order_by(com.id)])
        return len(fresh)

    def _dependencies(self, cards: dict[str, int]) -> int:
        dep = t.Dependency
        edges: dict[int, set[int]] = {}  # blocker -> blocked, the whole graph
        for blocker, blocked in tuples(dep.select(dep.blocker_id, dep.blocked_id)):
            edges.setdefault(blocker, set()).add(blocked)
        fresh = []
        for task in self.tasks:
            if task.key not in cards:
                continue
            blocked = cards[task.key]
            for other in task.depends:
                blocker = cards.get(f"taskwarrior:{other}")
                if blocker is None:
                    blocker = _imported_card(other)
                if blocker is None:
                    self._skip(task, f"depends: task {other} is neither in this export nor "
                               "imported before (that dependency was left out)", part=True)
                    continue
                if blocked in edges.get(blocker, ()):
                    continue
                path = _path(edges, blocked, blocker)
                if path is not None:
                    cycle = " → ".join(f"#{i}" for i in [blocker, *path])
                    self._skip(task, f"depends: #{blocker} blocking #{blocked} would make a "
                               f"cycle {cycle} (that dependency was left out)", part=True)
                    continue
                edges.setdefault(blocker, set()).add(blocked)
                fresh.append((blocker, blocked))
        for blocker, blocked in fresh:
            row = dep.create(blocker=blocker, blocked=blocked, created_at=self.now)
            self.s._log("dependency", f"{blocker}>{blocked}", "import", None, row_values(row))
        return len(fresh)


def _bottom(column_id: int, lane_id: int | None) -> int:
    wi = t.WorkItem
    lane = wi.lane.is_null() if lane_id is None else (wi.lane == lane_id)
    top = wi.select(pw.fn.MAX(wi.position)).where((wi.column == column_id) & lane).scalar()
    return 0 if top is None else int(top) + 1


def _stored(card: t.WorkItem, key: str) -> Any:
    if key == "project":
        return card.project_id
    if key == "tags":  # compared as lists: whoever wrote them, however they spaced the JSON
        return json.dumps(json.loads(card.tags or "[]"), ensure_ascii=False)
    return getattr(card, key)


def _imported_card(task_uuid: str) -> int | None:
    wi = t.WorkItem
    found = wi.get_or_none((wi.source_key == f"taskwarrior:{task_uuid}") & wi.deleted_at.is_null())
    return None if found is None else int(found.id)


def _path(edges: dict[int, set[int]], start: int, goal: int) -> list[int] | None:
    """A path start → … → goal along the edges (so goal → start would close a cycle)."""
    trail: dict[int, int | None] = {start: None}
    todo = [start]
    while todo:
        node = todo.pop()
        if node == goal:
            out = [node]
            while trail[out[-1]] is not None:
                out.append(trail[out[-1]])  # type: ignore[arg-type]
            return out[::-1]
        for nxt in edges.get(node, ()):
            if nxt not in trail:
                trail[nxt] = node
                todo.append(nxt)
    return None


def _insert_many(db: pw.Database, model: type[pw.Model], columns: Sequence[str],
                 rows: list[tuple[Any, ...]]) -> None:
    """INSERT by executemany, of values already in database form (``columns``: the
    table's column names)."""
    if not rows:
        return
    param = "%s" if isinstance(db, pw.PostgresqlDatabase) else "?"
    sql = 'INSERT INTO "{}" ({}) VALUES ({})'.format(
        model._meta.table_name, ", ".join(f'"{c}"' for c in columns),
        ", ".join([param] * len(columns)))
    with pw.__exception_wrapper__:  # type: ignore[attr-defined]
        db.cursor().executemany(sql, rows)


def _parts(items: list[Any]) -> Iterator[list[Any]]:
    for i in range(0, len(items), PART):
        yield items[i:i + PART]
