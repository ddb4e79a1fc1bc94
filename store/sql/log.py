"""The entries ``fcc log`` lists: every entry overlapping a range, oldest first.

Standard library only, over a DB-API cursor and a :class:`Dialect`: the store's
``TimerVerbs.entries`` run it in their connection, ``fcc log``'s quick path on plain
``sqlite3``. The query is the SQL core's one entry query (``fcc.store.sql.timers``).
"""

from __future__ import annotations

from fcc.store.sql.dialect import Dialect
from fcc.store.sql.timers import CURRENT, select_entries

TYPE_CHECKING = False  # typing is not imported at run time (the quick paths load this)
if TYPE_CHECKING:
    from typing import Any

    from fcc.store.records import Entry

RECENT_SECONDS = 62 * 86400


def entry_rows(cur: Any, dialect: Dialect, start: int | None, end: int | None, now: int, *,
               include_history: bool = False, project_id: int | None = None,
               client_id: int | None = None) -> list[tuple[Any, ...]]:
    """The rows (:data:`fcc.store.sql.timers.ENTRY_SELECT`) of the entries overlapping
    [start, end) (epoch seconds; None: open), oldest first; current versions only unless
    ``include_history``. ``project_id``: that project's entries (merged projects' ones too);
    ``client_id``: that client's."""
    sqlite = not dialect.postgres
    where: list[str] = ["1 = 1"]
    params: list[Any] = []
    if not include_history:
        where.append(CURRENT)
    # For a recent range few rows end after its start: "+" on start steers SQLite to the end
    # index instead of walking every older row through the start index.
    recent = start is not None and start >= now - RECENT_SECONDS
    starts = "+e.start_utc" if recent and sqlite else "e.start_utc"
    if end is not None:
        where.append(f"{starts} < ?")
        params.append(end)
    if start is not None:
        where.append("(e.end_utc IS NULL OR e.end_utc > ?)")
        params.append(start)
    if project_id is not None:
        where.append("p.id = ?")
        params.append(project_id)
    if client_id is not None:
        where.append("c.id = ?")
        params.append(client_id)
    return select_entries(cur, dialect, " AND ".join(where), tuple(params),
                          order=f"{starts}, e.id")


def entries(cur: Any, dialect: Dialect, start: int | None, end: int | None, now: int, *,
            include_history: bool = False, project_id: int | None = None,
            client_id: int | None = None) -> list[Entry]:
    """:func:`entry_rows` as records."""
    from fcc.store.records import entry_from_row

    return [entry_from_row(row) for row in entry_rows(
        cur, dialect, start, end, now, include_history=include_history,
        project_id=project_id, client_id=client_id)]
