"""The activity log in the SQL core: the one insert of an ``activity`` row.

Every change writes its rows and one ``batch`` row (what ``fcc undo`` reverts); the store's
verbs and the quick ``fcc start``/``stop`` write them through :func:`log`, so the rows are
the same whichever path wrote them.
"""

from __future__ import annotations

import json

from fcc.store.sql.dialect import Dialect

TYPE_CHECKING = False  # typing is not imported at run time (the quick paths load this)
if TYPE_CHECKING:
    from typing import Any


def log(cur: Any, d: Dialect, *, uuid: str, actor: str, entity: str, entity_id: object,
        action: str, batch: str | None, before: dict[str, Any] | None,
        after: dict[str, Any] | None, at: int) -> int:
    """Insert one activity row; its id. ``before``/``after``: the values (see
    :func:`as_json`); ``at`` epoch seconds; ``uuid`` 32 hex digits."""
    sql = ("INSERT INTO activity (uuid, actor, entity, entity_id, action, batch, before, "
           "after, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
    params = (uuid, actor, entity, str(entity_id), action, batch, as_json(before),
              as_json(after), at)
    if d.postgres:
        cur.execute(d.sql(sql + " RETURNING id"), params)
        return int(cur.fetchone()[0])
    cur.execute(sql, params)
    return int(cur.lastrowid)


def as_json(value: dict[str, Any] | None) -> str | None:
    """Values as the activity log keeps them: JSON with sorted keys, anything JSON has no
    type for as ``str()`` (a record's fields go through :func:`plain` first)."""
    return None if value is None else json.dumps(value, default=str, sort_keys=True)


def plain(values: dict[str, Any]) -> dict[str, Any]:
    """A record's fields as JSON-ready data: Decimals as text, datetimes and dates in ISO 8601
    (the one definition; ``records.as_dict`` uses it)."""
    out = {}
    for key, item in values.items():
        iso = getattr(item, "isoformat", None)  # a datetime or a date
        if iso is not None:
            item = iso()
        elif type(item).__name__ == "Decimal":
            item = str(item)
        out[key] = item
    return out
