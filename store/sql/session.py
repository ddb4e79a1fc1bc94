"""What the app reads beyond entries, in the SQL core: the change counter and the saved
session (the store's ``SessionVerbs`` and the app's first frame)."""

from __future__ import annotations

from fcc.store.sql.dialect import Dialect

TYPE_CHECKING = False  # typing is not imported at run time (the first frame loads this)
if TYPE_CHECKING:
    from typing import Any


def change_counter(cur: Any, d: Dialect) -> int:
    """Grows with every change anyone commits (the activity log is append-only, and every
    change writes to it): one index lookup, cheap enough to poll each second."""
    cur.execute(d.sql("SELECT MAX(id) FROM activity"))
    return int(cur.fetchone()[0] or 0)


def session_row(cur: Any, d: Dialect, name: str) -> tuple[Any, ...] | None:
    """(name, last pane, selection JSON, filters JSON, updated at: epoch seconds) of a saved
    session, or None."""
    cur.execute(d.sql("SELECT name, last_pane, selection, filters, updated_at "
                      "FROM session_state WHERE name = ?"), (name,))
    row = cur.fetchone()
    return None if row is None else tuple(row)
