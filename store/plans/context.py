"""`fcc context`: what an assistant needs to know about the work now (goals, this week's plan
and score, cards in progress with their descriptions and recent time), as records.

A card is **in progress** when it sits in a column that is neither its board's first (the
backlog or to-do end) nor a done column, or when a timer runs on it; deleted and archived cards,
and the cards of an archived board, never are. ``card`` narrows to that one card (wherever it
is), ``project`` to the project's cards in progress (the card's own project, else its
board's). At most ``CARDS_MAX`` cards are listed, those with a running timer first, then the
most tracked lately.

Reads only, in a few set-based queries whatever the number of cards or entries.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import peewee as pw

from fcc.store import records_plans as rp
from fcc.store import tables as t
from fcc.store.errors import NoCycle
from fcc.store.limits import utc_from_epoch
from fcc.store.plans.build import cycle_record, week_records
from fcc.store.plans.goals import GoalVerbs
from fcc.store.rows import tuples

RECENT_DAYS = 7
ENTRIES_PER_CARD = 5
CARDS_MAX = 50


class ContextVerbs(GoalVerbs):
    """context."""

    def context(self, *, week: int | None = None, card: object = None,
                project: object = None) -> rp.Context:
        """The current cycle (else the drafted one) with its goals and ``week``'s plan (today's
        by default), and the cards in progress (see the module)."""
        if week is not None:
            week = self._check_week(week)
        try:
            row: t.Cycle | None = self._cycle_row(None)
        except NoCycle:
            row = None
        cycle = goals = plan = None
        if row is not None:
            cycle = cycle_record(row, self._today())
            goals = tuple(self.goals(row))
            [plan] = week_records(self, row, [self._plan_week(row, week)])
        return rp.Context(cycle=cycle, goals=goals or (), week=plan,
                          cards=tuple(self._context_cards(card, project)),
                          recent_days=RECENT_DAYS)

    # --- cards -----------------------------------------------------------------------------

    def _context_cards(self, card: object, project: object) -> list[rp.ContextCard]:
        wi, col, board = t.WorkItem, t.BoardColumn, t.Board
        running = (t.TimeEntry.select(t.TimeEntry.work_item)
                   .where(t.TimeEntry.end_utc.is_null() & t.TimeEntry.superseded_by.is_null()
                          & t.TimeEntry.voided_at.is_null()
                          & t.TimeEntry.work_item.is_null(False)))
        first = (col.alias("first").select(pw.fn.MIN(pw.SQL("first.position")))
                 .where(pw.SQL("first.board_id") == wi.board))
        if card is not None:
            where = wi.id == self._card_row(card).id
        else:
            where = (wi.deleted_at.is_null() & (wi.archived == False)  # noqa: E712
                     & (board.archived == False)  # noqa: E712
                     & (((col.is_done == False) & (col.position != first))  # noqa: E712
                        | wi.id.in_(running)))
            if project is not None:
                pid = self._project_row(str(project)).id
                where &= pw.fn.COALESCE(wi.project, board.project) == pid
        query = (wi.select(wi.id, wi.title, board.name, col.name, wi.description,
                           pw.fn.COALESCE(wi.project, board.project))
                 .join(col, on=(col.id == wi.column))
                 .join_from(wi, board, on=(board.id == wi.board))
                 .where(where))
        rows: list[Any] = list(tuples(query))
        if not rows:
            return []
        ids = [r[0] for r in rows]
        now = self.clock.now()
        minutes, live = self._recent_minutes(ids, now)
        rows.sort(key=lambda r: (r[0] not in live, -minutes.get(r[0], 0), r[0]))
        rows = rows[:CARDS_MAX]
        entries = self._last_entries([r[0] for r in rows], now)
        labels = _project_labels({r[5] for r in rows if r[5] is not None})
        return [rp.ContextCard(
            id=r[0], title=r[1], board=r[2], column=r[3], project=labels.get(r[5]),
            description=r[4] or "", minutes_recent=minutes.get(r[0], 0), running=r[0] in live,
            entries=tuple(entries.get(r[0], ()))) for r in rows]

    def _recent_minutes(self, ids: list[int], now: dt.datetime
                        ) -> tuple[dict[int, int], set[int]]:
        """Each card's minutes in the last RECENT_DAYS days (clipped; a running entry up to
        now), and the cards with a running timer: one query for the few entries that end in
        that span or still run (the end index finds them), summed here."""
        e = t.TimeEntry
        now_s = int(now.timestamp())
        since = now_s - RECENT_DAYS * 86400
        query = (e.select(e.work_item, e.start_utc, e.end_utc)
                 .where(_unindexed(e.work_item).is_null(False)
                        & _unindexed(e.superseded_by).is_null()
                        & _unindexed(e.voided_at).is_null()
                        & ((e.end_utc > since) | e.end_utc.is_null())))
        wanted = set(ids)
        seconds: dict[int, int] = {}
        live: set[int] = set()
        for card, start, stop in tuples(query):
            if card not in wanted:
                continue
            if stop is None:
                live.add(card)
            # (UtcField: the rows hold aware datetimes)
            end_s = now_s if stop is None else min(int(stop.timestamp()), now_s)
            part = end_s - max(int(start.timestamp()), since)
            seconds[card] = seconds.get(card, 0) + max(0, part)
        return {card: total // 60 for card, total in seconds.items()}, live

    def _last_entries(self, ids: list[int], now: dt.datetime
                      ) -> dict[int, list[rp.ContextEntry]]:
        """Each card's last ENTRIES_PER_CARD entries, newest first: one query."""
        if not ids:
            return {}
        e = t.TimeEntry
        now_s = int(now.timestamp())
        rank = pw.fn.ROW_NUMBER().over(partition_by=[e.work_item],
                                       order_by=[e.start_utc.desc(), e.id.desc()])
        inner = (e.select(e.work_item, e.id, e.entry_no, e.start_utc, e.end_utc, e.note,
                          rank.alias("n"))
                 .where(e.work_item.in_(ids) & _unindexed(e.superseded_by).is_null()
                        & _unindexed(e.voided_at).is_null())
                 .alias("last"))
        last = (pw.Select([inner], [pw.SQL("*")])
                .where(pw.SQL("n") <= ENTRIES_PER_CARD)
                .bind(self.db))
        entries: dict[int, list[rp.ContextEntry]] = {}
        for card, eid, number, start, stop, note, _n in last.tuples():
            begin = utc_from_epoch(start)
            assert begin is not None  # NOT NULL
            seconds = (stop if stop is not None else now_s) - int(start)
            entries.setdefault(int(card), []).append(rp.ContextEntry(
                id=int(number or eid), start=begin, minutes=max(0, int(seconds)) // 60,
                note=note or ""))
        for found in entries.values():
            found.sort(key=lambda x: x.start, reverse=True)
        return entries


def _unindexed(column: Any) -> Any:
    """``column + 0``: the same value, but no index for it. SQLite would otherwise walk the
    superseded_by / voided_at indexes (NULL on nearly every row) instead of the start, end or
    card index that finds the few rows wanted."""
    return column + 0


def _project_labels(ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    query = (t.Project.select(t.Project.id, t.Project.name, t.Client.name)
             .join(t.Client, pw.JOIN.LEFT_OUTER, on=(t.Client.id == t.Project.client))
             .where(t.Project.id.in_(sorted(ids))))
    return {pid: f"{client}/{name}" if client else name for pid, name, client in tuples(query)}
