"""Sprints: plan, start (one active per board), complete (unfinished cards to the next sprint or
the backlog), list, and a sprint's burndown.

A sprint's cards are the cards (not deleted) whose ``sprint_id`` is the sprint (for a completed
sprint's burndown, also the unfinished cards its completion sent elsewhere); a card is done while
it is in a done column, since ``done_at`` (when it entered one; its last change for a card that
has none). The burndown counts days in the user's zone (``prefs.zone``), so a day across a DST
change is 23 or 25 hours long and still one day.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import peewee as pw

from fcc.store import records_boards as rb
from fcc.store import tables as t
from fcc.store.boards import fields
from fcc.store.boards.reads import CardReadVerbs
from fcc.store.errors import InvalidInput, NotFound, UnknownName
from fcc.store.names import check_note_text, name_key, sort_key
from fcc.store.rows import tuples
from fcc.store.sql.boards import as_date

STATUSES = ("planned", "active", "completed")
MAX_DAYS = 366  # a sprint's days (its burndown has a line for each)
DATE_EXPECTED = "a date like 2026-12-01, today or tomorrow"


class SprintVerbs(CardReadVerbs):
    # --- writes ------------------------------------------------------------------------------

    def plan_sprint(self, board: str | int | None, name: str, *, start: dt.date | str,
                    end: dt.date | str, goal: str = "") -> rb.Sprint:
        """A new planned sprint on the board (the default board for None): its name unique on
        the board (by ``name_key``), ``start`` on or before ``end``."""
        name = fields.ref_name(name, "name", kind="sprint name like Sprint 1")
        first = self._sprint_day(start, "start")
        last = self._sprint_day(end, "end")
        if last < first:
            raise InvalidInput("end", f"a date on or after the start ({first.isoformat()})",
                               last.isoformat())
        if (last - first).days >= MAX_DAYS:
            raise InvalidInput("end", f"a date less than {MAX_DAYS} days after the start "
                               f"({first.isoformat()}): a sprint is weeks long",
                               last.isoformat())
        goal = check_note_text(str(goal), "goal", "goal").strip()
        with self.change("sprint add") as batch:
            board_row = self._board_row(board, create=True)
            for other in t.Sprint.select(t.Sprint.name).where(t.Sprint.board == board_row.id):
                if name_key(other.name) == name_key(name):
                    raise InvalidInput("name", f"a sprint name not used yet on board "
                                       f"{board_row.name} ({other.name} exists)", name)
            row = self._create_row("sprint", t.Sprint, board=board_row.id, name=name, goal=goal,
                                   start_date=first, end_date=last, status="planned")
            batch.message = f"plan sprint {name} on board {board_row.name}"
        return self._sprint_record(row.id)

    def start_sprint(self, board: str | int | None, sprint: str) -> rb.Sprint:
        """Make a planned sprint the board's active one; refused while another is active (the
        database's ``sprint_one_active_per_board`` index refuses it too, whoever writes)."""
        with self.change("sprint start") as batch:
            board_row = self._board_row(board)
            row = self._sprint_row(board_row, sprint)
            if row.status != "planned":
                raise InvalidInput("sprint", f"a planned sprint ({row.name} is {row.status})",
                                   sprint)
            active = _active_row(board_row.id)
            if active is not None:
                raise InvalidInput("sprint", f"no other active sprint on board {board_row.name} "
                                   f"(complete {active.name} first)", sprint)
            self._set_row("sprint", row, status="active")
            batch.message = f"start sprint {row.name} on board {board_row.name}"
        return self._sprint_record(row.id)

    def complete_sprint(self, board: str | int | None, sprint: str | None = None, *,
                        unfinished_to: str = "backlog") -> rb.Sprint:
        """Complete the active sprint (or the one named, when it is active). Its unfinished
        cards (not in a done column, not deleted or archived) go back to the backlog (no
        sprint), to the board's next planned sprint (by start date) for ``"next"``, or to the
        planned or active sprint named."""
        where = str(unfinished_to).strip()
        if not where:
            raise InvalidInput("unfinished_to", "backlog, next or a sprint's name", unfinished_to)
        with self.change("sprint complete") as batch:
            board_row = self._board_row(board)
            row = (self._sprint_row(board_row, sprint) if sprint is not None
                   else self._active_or_refuse(board_row))
            if row.status != "active":
                raise InvalidInput("sprint", f"an active sprint ({row.name} is {row.status})",
                                   sprint)
            target = self._unfinished_target(board_row, row, where)
            moved = 0
            for card in _unfinished(row.id):
                self._set_row("work_item", card, sprint=None if target is None else target.id)
                moved += 1
            self._set_row("sprint", row, status="completed")
            to = "the backlog" if target is None else f"sprint {target.name}"
            batch.message = (f"complete sprint {row.name} on board {board_row.name}"
                             + (f"; {moved} unfinished card{'s' * (moved != 1)} to {to}"
                                if moved else ""))
        return self._sprint_record(row.id)

    # --- reads -------------------------------------------------------------------------------

    def sprints(self, board: str | int | None = None, *,
                status: str | None = None) -> list[rb.Sprint]:
        """The board's sprints (every board's for ``"*"``) by start date, with their counts;
        only those with ``status`` (planned, active, completed) when given."""
        if status is not None and status not in STATUSES:
            raise InvalidInput("status", "one of " + ", ".join(STATUSES), status)
        query = _sprint_query()
        if board != "*":
            board_row = self._sprint_board_or_none(board)
            if board_row is None:
                return []
            query = query.where(t.Sprint.board == board_row.id)
        if status is not None:
            query = query.where(t.Sprint.status == status)
        found = [_sprint_from(r) for r in tuples(query)]
        return sorted(found, key=lambda s: (sort_key(s.board), s.start, s.id))

    def sprint(self, board: str | int | None = None, sprint: str | None = None) -> rb.Sprint:
        """One sprint of the board by name; None: the active one."""
        board_row = self._board_row(board)
        row = (self._sprint_row(board_row, sprint) if sprint is not None
               else self._active_or_refuse(board_row))
        return self._sprint_record(row.id)

    def burndown(self, board: str | int | None = None, sprint: str | None = None) -> rb.Burndown:
        """Per day of the sprint (up to today while it is active), in the user's zone: the
        estimate of its cards not done at the day's end, and the estimate and number of cards
        done that day. A card without an estimate counts 0 minutes but counts as a card."""
        from fcc.store.when import day_start, local_date

        record = self.sprint(board, sprint)
        zone = self.prefs.zone
        last = record.end
        if record.status == "active":
            last = min(last, local_date(self.clock.now(), zone))
        left = _left_at_completion(record.id) if record.status == "completed" else []
        cards = [(minutes or 0, done_at) for minutes, done_at in _done_times(record.id, left)]
        days = []
        day = record.start
        while day <= last:
            begin, after = day_start(day, zone), day_start(day + dt.timedelta(days=1), zone)
            remaining = sum(m for m, at in cards if at is None or at >= after)
            today = [m for m, at in cards if at is not None and begin <= at < after]
            days.append(rb.BurndownDay(day=day, remaining_minutes=remaining,
                                       done_minutes=sum(today), done_cards=len(today)))
            day += dt.timedelta(days=1)
        return rb.Burndown(sprint=record, days=tuple(days))

    # --- helpers -----------------------------------------------------------------------------

    def _sprint_record(self, sprint_id: int) -> rb.Sprint:
        return _sprint_from(next(tuples(_sprint_query().where(t.Sprint.id == sprint_id))))

    def _sprint_day(self, value: object, field: str) -> dt.date:
        return fields.day(value, field, DATE_EXPECTED, now=self.clock.now(),
                          zone=self.prefs.zone)

    def _sprint_board_or_none(self, ref: str | int | None) -> t.Board | None:
        try:
            return self._board_row(ref)
        except NotFound:
            if ref is None:
                return None  # no board yet: reads are empty
            raise

    def _active_or_refuse(self, board_row: t.Board) -> t.Sprint:
        active = _active_row(board_row.id)
        if active is None:
            raise InvalidInput("sprint", f"a sprint's name (no sprint is active on board "
                               f"{board_row.name})")
        return active

    def _unfinished_target(self, board_row: t.Board, row: t.Sprint,
                           where: str) -> t.Sprint | None:
        low = where.lower()
        if low == "backlog":
            return None
        if low == "next":
            following = (t.Sprint.select()
                         .where((t.Sprint.board == board_row.id) & (t.Sprint.status == "planned")
                                & (t.Sprint.id != row.id))
                         .order_by(t.Sprint.start_date, t.Sprint.id).first())
            if following is None:
                raise InvalidInput("unfinished_to", f"backlog or a sprint's name (no planned "
                                   f"sprint follows {row.name} on board {board_row.name})",
                                   where)
            return following
        try:
            target = self._sprint_row(board_row, where)
        except UnknownName as exc:
            raise InvalidInput("unfinished_to", "backlog, next or a planned sprint's name "
                               f"({str(exc).split(': ', 1)[1]})", where) from None
        if target.id == row.id or target.status == "completed":
            what = "the one completed" if target.id == row.id else "completed"
            raise InvalidInput("unfinished_to", f"backlog, next or a planned sprint's name "
                               f"({target.name} is {what})", where)
        return target


def _active_row(board_id: int) -> t.Sprint | None:
    return (t.Sprint.select()
            .where((t.Sprint.board == board_id) & (t.Sprint.status == "active")).first())


def _unfinished(sprint_id: int) -> list[t.WorkItem]:
    return list(t.WorkItem.select(t.WorkItem)
                .join(t.BoardColumn, on=(t.BoardColumn.id == t.WorkItem.column))
                .where((t.WorkItem.sprint == sprint_id) & t.WorkItem.deleted_at.is_null()
                       & ~t.WorkItem.archived & ~t.BoardColumn.is_done)
                .order_by(t.WorkItem.id))


def _left_at_completion(sprint_id: int) -> list[int]:
    """The cards the sprint's completion sent elsewhere (unfinished then): its burndown still
    counts them. Found in the activity log: the ``work_item`` rows of the batch that last
    completed it whose sprint was this one."""
    completed = (t.Activity.select(t.Activity.batch, t.Activity.after)
                 .where((t.Activity.entity == "sprint") & (t.Activity.entity_id == str(sprint_id))
                        & t.Activity.batch.is_null(False))
                 .order_by(t.Activity.id.desc()))
    batch = next((b for b, after in tuples(completed)
                  if json.loads(after or "{}").get("status") == "completed"), None)
    if batch is None:
        return []
    rows = t.Activity.select(t.Activity.entity_id, t.Activity.before).where(
        (t.Activity.batch == batch) & (t.Activity.entity == "work_item"))
    return [int(card) for card, before in tuples(rows)
            if json.loads(before or "{}").get("sprint_id") == sprint_id]


def _done_times(sprint_id: int, also: list[int]) -> list[tuple[int | None, dt.datetime | None]]:
    """Each card of the sprint (and the cards ``also`` named): its estimate and when it was done
    (None: not done)."""
    done = pw.Case(None, [(t.BoardColumn.is_done, pw.fn.COALESCE(t.WorkItem.done_at,
                                                                 t.WorkItem.updated_at))], None)
    mine = t.WorkItem.sprint == sprint_id
    if also:
        mine = mine | t.WorkItem.id.in_(also)
    query = (t.WorkItem.select(t.WorkItem.estimate_minutes, done)
             .join(t.BoardColumn, on=(t.BoardColumn.id == t.WorkItem.column))
             .where(mine & t.WorkItem.deleted_at.is_null()))
    from fcc.store.limits import utc_from_epoch

    return [(minutes, utc_from_epoch(at)) for minutes, at in tuples(query)]


def _sprint_query() -> Any:
    done = pw.Case(None, [(t.BoardColumn.is_done, 1)], 0)
    done_minutes = pw.Case(None, [(t.BoardColumn.is_done, t.WorkItem.estimate_minutes)], 0)
    return (t.Sprint.select(
        t.Sprint.id, t.Sprint.uuid, t.Sprint.board_id, t.Board.name, t.Sprint.name,
        t.Sprint.goal, t.Sprint.start_date, t.Sprint.end_date, t.Sprint.status,
        pw.fn.COUNT(t.WorkItem.id), pw.fn.COALESCE(pw.fn.SUM(done), 0),
        pw.fn.COALESCE(pw.fn.SUM(t.WorkItem.estimate_minutes), 0),
        pw.fn.COALESCE(pw.fn.SUM(done_minutes), 0))
        .join(t.Board, on=(t.Board.id == t.Sprint.board))
        .join(t.WorkItem, pw.JOIN.LEFT_OUTER,
              on=((t.WorkItem.sprint == t.Sprint.id) & t.WorkItem.deleted_at.is_null()))
        .join(t.BoardColumn, pw.JOIN.LEFT_OUTER, on=(t.BoardColumn.id == t.WorkItem.column))
        .group_by(t.Sprint.id, t.Sprint.uuid, t.Sprint.board_id, t.Board.name, t.Sprint.name,
                  t.Sprint.goal, t.Sprint.start_date, t.Sprint.end_date, t.Sprint.status))


def _sprint_from(row: tuple[Any, ...]) -> rb.Sprint:
    (sprint_id, uuid, board_id, board, name, goal, start, end, status, cards, done, estimate,
     done_minutes) = row
    return rb.Sprint(id=sprint_id, uuid=str(uuid), board_id=board_id, board=board, name=name,
                     goal=goal, start=as_date(start), end=as_date(end), status=status,
                     cards=int(cards), cards_done=int(done), estimate_minutes=int(estimate),
                     done_minutes=int(done_minutes))
