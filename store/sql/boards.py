"""Cards in the SQL core: the one card query, and what a tile shows derived set-wise.

A board of 5,000 cards with 100,000 time entries is read in four queries, whatever its size:
the cards (with their board, column, lane, sprint and project joined), their tracked time and
running timers (one GROUP BY over ``time_entry``), their dependencies (one join), and the
children's progress and subtree time computed from the cards already read. Never a query per
card.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from fcc.store import records_boards as rb
from fcc.store.limits import utc_at, utc_from_epoch
from fcc.store.money import money
from fcc.store.sql.dialect import Dialect
from fcc.store.sql.timers import CURRENT, _dashed

CARD_SELECT = """
    SELECT w.id, w.uuid, w.board_id, b.name, w.type, w.title, w.description, w.priority,
           w.estimate_minutes, w.due_date, w.tags, p.id, p.name, c.name, w.hourly_rate,
           w.parent_id, w.column_id, bc.name, w.lane_id, l.name, w.sprint_id, s.name,
           w.position, w.archived, w.deleted_at, w.done_at, w.created_at, w.updated_at,
           w.source_key
    FROM work_item w
    JOIN board b ON b.id = w.board_id
    JOIN board_column bc ON bc.id = w.column_id
    LEFT JOIN swim_lane l ON l.id = w.lane_id
    LEFT JOIN sprint s ON s.id = w.sprint_id
    LEFT JOIN project p0 ON p0.id = w.project_id
    LEFT JOIN project p ON p.id = COALESCE(p0.merged_into_id, p0.id)
    LEFT JOIN client c ON c.id = p.client_id"""
CARD_ORDER = ("w.board_id, bc.position, CASE WHEN l.position IS NULL THEN 1 ELSE 0 END, "
              "l.position, w.position, w.id")
PARENT, DELETED, DONE = 15, 24, 25
PG_CURRENT = "e.superseded_by_id IS NULL AND e.voided_at IS NULL"  # (see tracked)


def card_rows(cur: Any, d: Dialect, where: str, params: tuple[Any, ...] = ()
              ) -> list[tuple[Any, ...]]:
    cur.execute(d.sql(f"{CARD_SELECT} WHERE {where} ORDER BY {CARD_ORDER}"), params)
    return list(cur.fetchall())


def tracked(cur: Any, d: Dialect, ids: list[int] | None, now: int
            ) -> dict[int, tuple[int, bool]]:
    """card id -> (seconds of its current entries, a running one up to ``now``; running), for
    the cards ``ids`` (None: every card).

    A board's read takes every card's (``None``): one pass over the table, grouped, which no
    planner gets wrong: SQLite walked the (work_item, start) index with a row lookup each
    (twice as slow at 100,000 entries; the unary ``+`` keeps it off the index), and PostgreSQL
    without statistics yet (just after an import) joined the board's cards to the entries
    in a nested loop that took 15 s. A few cards' (one card and its descendants) use the
    index. PostgreSQL gets no ``+`` on the current-row test: on ``+e.superseded_by_id IS
    NULL`` it guesses 2 rows of 100,000 and loops."""
    current = PG_CURRENT if d.postgres else CURRENT
    params: tuple[int, ...] = ()
    if ids is None:
        item = "e.work_item_id" if d.postgres else "+e.work_item_id"
        where = f"{item} IS NOT NULL"
    else:
        item = "e.work_item_id"
        where, params = f"{item} IN ({', '.join('?' for _ in ids)})", tuple(ids)
    if ids == []:
        return {}
    cur.execute(d.sql(f"""
        SELECT {item}, SUM(COALESCE(e.end_utc, ?) - e.start_utc),
               MAX(CASE WHEN e.end_utc IS NULL THEN 1 ELSE 0 END)
        FROM time_entry e
        WHERE {where} AND {current}
        GROUP BY {item}"""), (now, *params))
    return {int(i): (max(0, int(s or 0)), bool(r)) for i, s, r in cur.fetchall()}


def dependencies(cur: Any, d: Dialect, ids: list[int] | None
                 ) -> list[tuple[int, int, bool, bool]]:
    """(blocker, blocked, blocker open, blocked deleted) of every dependency touching the
    cards ``ids`` (None: every dependency); a blocker is open while it is neither in a done
    column nor deleted."""
    where = ""
    params: tuple[int, ...] = ()
    if ids is not None:
        if not ids:
            return []
        marks = ", ".join("?" for _ in ids)
        where = f"WHERE dep.blocked_id IN ({marks}) OR dep.blocker_id IN ({marks})"
        params = (*ids, *ids)
    cur.execute(d.sql(f"""
        SELECT dep.blocker_id, dep.blocked_id,
               CASE WHEN a.deleted_at IS NULL AND NOT ac.is_done THEN 1 ELSE 0 END,
               CASE WHEN bb.deleted_at IS NULL THEN 0 ELSE 1 END
        FROM dependency dep
        JOIN work_item a ON a.id = dep.blocker_id
        JOIN board_column ac ON ac.id = a.column_id
        JOIN work_item bb ON bb.id = dep.blocked_id
        {where}
        ORDER BY dep.blocker_id, dep.blocked_id"""), params)
    return [(int(a), int(b), bool(o), bool(x)) for a, b, o, x in cur.fetchall()]


def descendants(cur: Any, d: Dialect, card: int) -> list[int]:
    """The ids of a card's children, their children, ... (a loop in bad data ends)."""
    cur.execute(d.sql("""
        WITH RECURSIVE sub(id) AS (
            SELECT id FROM work_item WHERE parent_id = ?
            UNION SELECT w.id FROM work_item w JOIN sub ON w.parent_id = sub.id)
        SELECT id FROM sub"""), (card,))
    return [int(r[0]) for r in cur.fetchall()]


def build(rows: list[tuple[Any, ...]], times: dict[int, tuple[int, bool]],
          deps: list[tuple[int, int, bool, bool]]) -> list[rb.Card]:
    """Card records of ``rows`` (in their order) with the derived fields. ``rows`` must hold
    every descendant whose progress and time should count (deleted ones do not count)."""
    children: dict[int, list[tuple[Any, ...]]] = {}
    for row in rows:
        if row[PARENT] is not None and row[DELETED] is None:
            children.setdefault(int(row[PARENT]), []).append(row)
    blocked_by: dict[int, list[int]] = {}
    blocks: dict[int, list[int]] = {}
    for blocker, blocked, open_, blocked_deleted in deps:
        if open_:
            blocked_by.setdefault(blocked, []).append(blocker)
        if not blocked_deleted:
            blocks.setdefault(blocker, []).append(blocked)
    subtree: dict[int, int] = {}

    def total(card: int, seen: frozenset[int]) -> int:
        if card in subtree:
            return subtree[card]
        own = times.get(card, (0, False))[0]
        kids = children.get(card, ())
        value = own + sum(total(int(k[0]), seen | {card}) for k in kids if k[0] not in seen)
        subtree[card] = value
        return value

    out = []
    for row in rows:
        cid = int(row[0])
        kids = children.get(cid, [])
        seconds, running = times.get(cid, (0, False))
        out.append(card_record(
            row, blocked_by=tuple(blocked_by.get(cid, ())), blocks=tuple(blocks.get(cid, ())),
            tracked_seconds=seconds, running=running, children_total=len(kids),
            children_done=sum(1 for k in kids if k[DONE] is not None),
            subtree_seconds=total(cid, frozenset()) if kids else seconds))
    return out


def card_record(row: tuple[Any, ...], **derived: Any) -> rb.Card:
    (cid, raw_uuid, board_id, board, kind, title, description, priority, estimate, due, tags,
     pid, pname, cname, rate, parent, column_id, column, lane_id, lane, sprint_id, sprint,
     position, archived, deleted, done, created, updated, source) = row
    return rb.Card(
        id=int(cid), uuid=_dashed(raw_uuid), board_id=int(board_id), board=board, type=kind,
        title=title, description=description or "", priority=int(priority),
        estimate_minutes=None if estimate is None else int(estimate), due=as_date(due),
        tags=() if tags == "[]" or not tags else tuple(json.loads(tags)), project_id=pid,
        project=None if pname is None else (f"{cname}/{pname}" if cname else pname),
        hourly_rate=money(rate), parent_id=parent, column_id=int(column_id), column=column,
        lane_id=lane_id, lane=lane, sprint_id=sprint_id, sprint=sprint, position=int(position),
        archived=bool(archived), deleted_at=utc_from_epoch(deleted),
        done_at=utc_from_epoch(done), created_at=utc_at(created),
        updated_at=utc_at(updated), source_key=source, **derived)


def as_date(value: object) -> Any:
    """A DATE column's value as a ``datetime.date`` (SQLite hands back text), None as None."""
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


# --- boards ------------------------------------------------------------------------------------


def column_counts(cur: Any, d: Dialect, board_ids: list[int]
                  ) -> tuple[dict[int, int], dict[int, int]]:
    """column id -> cards, lane id -> cards (neither deleted nor archived) of these boards."""
    if not board_ids:
        return {}, {}
    marks = ", ".join("?" for _ in board_ids)
    cur.execute(d.sql(f"""
        SELECT w.column_id, w.lane_id, COUNT(*) FROM work_item w
        WHERE w.board_id IN ({marks}) AND w.deleted_at IS NULL AND NOT w.archived
        GROUP BY w.column_id, w.lane_id"""), tuple(board_ids))
    columns: dict[int, int] = {}
    lanes: dict[int, int] = {}
    for column, lane, count in cur.fetchall():
        columns[int(column)] = columns.get(int(column), 0) + int(count)
        if lane is not None:
            lanes[int(lane)] = lanes.get(int(lane), 0) + int(count)
    return columns, lanes
