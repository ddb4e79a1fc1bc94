"""Time entries in the SQL core: the one entry query, row -> entry, the running timers, the
overlap check, inserting and stopping a row.

Every function takes a DB-API cursor and the :class:`~fcc.store.sql.dialect.Dialect`; the
store's verbs pass ``self.db.cursor()`` inside their transaction, the quick ``fcc status``/
``start``/``stop`` and the app's first frame a plain ``sqlite3`` cursor. Instants are epoch
seconds in the database and here (the callers turn them into datetimes at the edge).
"""

from __future__ import annotations

from fcc.store.limits import utc_from_epoch
from fcc.store.money import money, to_db
from fcc.store.sql.dialect import Dialect

TYPE_CHECKING = False  # typing is not imported at run time (the quick paths load this)
if TYPE_CHECKING:
    from typing import Any

# The columns of an entry, in the order :func:`entry_values` reads them: the row's own
# project (``own_project``), then the merge survivor's id and name and its client's name,
# which is what an entry shows.
ENTRY_SELECT = """
    SELECT e.id, e.uuid, e.project_id, e.work_item_id, e.start_utc, e.end_utc, e.zone, e.note,
           e.tags, e.billable, e.rate, e.currency, e.superseded_by_id, e.voided_at,
           e.void_reason, e.invoice_ref, e.source_key, e.created_at, e.parallel,
           p.id, p.name, c.name, w.title, e.entry_no
    FROM time_entry e
    JOIN project p0 ON p0.id = e.project_id
    JOIN project p ON p.id = COALESCE(p0.merged_into_id, p0.id)
    LEFT JOIN client c ON c.id = p.client_id
    LEFT JOIN work_item w ON w.id = e.work_item_id"""
PARALLEL = 18  # the index of ``e.parallel`` in a row of ENTRY_SELECT
START = 4
# Current: neither superseded nor voided. The unary ``+`` keeps SQLite off the superseded_by
# and voided indexes, which match nearly every row (PostgreSQL takes it as a no-op).
CURRENT = "+e.superseded_by_id IS NULL AND +e.voided_at IS NULL"
RUNNING = f"e.end_utc IS NULL AND {CURRENT}"


def entry_values(row: Any) -> dict[str, Any]:
    """The fields of an :class:`fcc.store.records.Entry` from a row of :data:`ENTRY_SELECT`
    as either driver returns it (epoch seconds, the uuid as 32 hex digits or a UUID, 0/1 or
    booleans, NUMERIC as float or Decimal). The one row -> entry conversion."""
    import json  # (not at import: an idle ``fcc status`` never needs it)

    (eid, raw_uuid, _own, item_id, start, end, zone, note, tags, billable, rate, currency,
     sup, voided, reason, invoice, source, created, _parallel, pid, pname, cname, title,
     number) = row
    return {
        "id": eid, "no": eid if number is None else number, "uuid": _dashed(raw_uuid),
        "project_id": pid, "project": f"{cname}/{pname}" if cname else pname,
        "client": cname, "work_item_id": item_id, "work_item": title,
        "start": utc_from_epoch(start), "end": utc_from_epoch(end), "zone": zone,
        "note": note, "tags": tuple(json.loads(tags or "[]")), "billable": bool(billable),
        "rate": money(rate), "currency": currency, "superseded_by": sup,
        "voided_at": utc_from_epoch(voided), "void_reason": reason, "invoice_ref": invoice,
        "source_key": source, "created_at": utc_from_epoch(created),
    }


def _dashed(value: object) -> str:
    """A uuid as text with dashes (as ``str(uuid.UUID)``), without importing uuid."""
    h = str(value).replace("-", "").lower()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def select_entries(cur: Any, d: Dialect, where: str, params: tuple[Any, ...] = (),
                   order: str = "e.start_utc, e.id") -> list[tuple[Any, ...]]:
    """The rows of :data:`ENTRY_SELECT` matching ``where`` (``?`` placeholders)."""
    cur.execute(d.sql(f"{ENTRY_SELECT} WHERE {where} ORDER BY {order}"), params)
    return list(cur.fetchall())


def running_rows(cur: Any, d: Dialect) -> list[tuple[Any, ...]]:
    """The running timers, oldest first (the one running-timers query)."""
    return select_entries(cur, d, RUNNING)


def row_by_id(cur: Any, d: Dialect, row_id: int) -> tuple[Any, ...] | None:
    """One version of an entry, by its row id."""
    rows = select_entries(cur, d, "e.id = ?", (row_id,))
    return rows[0] if rows else None


def overlapping(cur: Any, d: Dialect, start: int, end: int | None,
                ignore: int | None = None) -> list[int]:
    """The row ids of the non-parallel current entries that [start, end) (``end`` None: open)
    overlaps, besides every version of entry number ``ignore``; the first clash first.

    Non-parallel entries never overlap, so sorted by start their ends are sorted too: only the
    last one starting before ``start`` and the first starting inside the span can clash.
    Zero-length entries overlap nothing (and without them no two entries share a start)."""
    base = ("FROM time_entry e WHERE +e.superseded_by_id IS NULL AND +e.voided_at IS NULL "
            "AND NOT e.parallel AND COALESCE(e.entry_no, e.id) <> ? "
            "AND (e.end_utc IS NULL OR e.end_utc > e.start_utc)")
    hits = []
    # The newest row of the start index that qualifies; its end is checked here, not in SQL,
    # so the scan stops at that row.
    cur.execute(d.sql(f"SELECT e.id, e.end_utc {base} AND e.start_utc < ? "
                      "ORDER BY e.start_utc DESC LIMIT 1"), (ignore or 0, start))
    previous = cur.fetchone()
    if previous is not None and (previous[1] is None or previous[1] > start):
        hits.append(int(previous[0]))
    inside = f"SELECT e.id {base} AND e.start_utc >= ?"
    params: tuple[Any, ...] = (ignore or 0, start)
    if end is not None:
        inside += " AND e.start_utc < ?"
        params += (end,)
    cur.execute(d.sql(inside + " ORDER BY e.start_utc LIMIT 1"), params)
    found = cur.fetchone()
    if found is not None:
        hits.append(int(found[0]))
    return hits


def next_entry_id(cur: Any, d: Dialect) -> int:
    """The id the next time entry gets (under the writer lock nobody else takes it)."""
    if d.postgres:
        cur.execute("SELECT nextval(pg_get_serial_sequence('time_entry', 'id'))")
    else:
        cur.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM time_entry")
    return int(cur.fetchone()[0])


INSERT_COLUMNS = ("project_id", "work_item_id", "start_utc", "end_utc", "zone", "note", "tags",
                  "billable", "rate", "currency", "parallel", "created_at", "uuid")


def insert_entry(cur: Any, d: Dialect, values: dict[str, Any]) -> int:
    """Insert a time entry row; its id. ``values``: every name of :data:`INSERT_COLUMNS`
    (instants as epoch seconds, ``tags`` a list, ``rate`` a Decimal or None, ``uuid`` 32 hex
    digits), optionally ``id`` and ``entry_no``."""
    import json

    row = dict(values, tags=json.dumps(list(values["tags"])), rate=to_db(values["rate"]),
               billable=bool(values["billable"]), parallel=bool(values["parallel"]))
    names = [*INSERT_COLUMNS, *(k for k in ("id", "entry_no") if row.get(k) is not None)]
    sql = (f"INSERT INTO time_entry ({', '.join(names)}) "
           f"VALUES ({', '.join('?' for _ in names)})")
    params = tuple(row[k] for k in names)
    if d.postgres:
        cur.execute(d.sql(sql + " RETURNING id"), params)
        return int(cur.fetchone()[0])
    cur.execute(sql, params)
    return int(row["id"] if row.get("id") is not None else cur.lastrowid)


def stop_row(cur: Any, d: Dialect, row_id: int, at: int) -> None:
    """End a running entry's row at ``at`` (the one write a running row allows)."""
    cur.execute(d.sql("UPDATE time_entry SET end_utc = ? WHERE id = ?"), (at, row_id))
