"""What the board tests read straight from the database (outside the store)."""

from __future__ import annotations

import json
from typing import Any

from fcc.store.target import Target
from tests.store.helpers import raw

BOARD_TABLES = ("board", "board_column", "swim_lane", "sprint", "work_item", "dependency",
                "comment")


def board_state(target: Target) -> dict[str, list[str]]:
    """Every row of the board tables: equal states mean nothing there differs."""
    with raw(target) as conn:
        return {name: sorted(map(repr, conn.execute(f'SELECT * FROM "{name}"').fetchall()))
                for name in BOARD_TABLES}


def last_batch(target: Target) -> list[tuple[str, str, str, Any, Any]]:
    """(entity, entity id, action, before, after) of the last change's rows, in order."""
    with raw(target) as conn:
        ph = "%s" if target.backend == "postgres" else "?"
        [batch] = conn.execute("SELECT entity_id FROM activity WHERE entity = 'batch' "
                               "ORDER BY id DESC LIMIT 1").fetchone()
        rows = conn.execute(f"SELECT entity, entity_id, action, before, after FROM activity "
                            f"WHERE batch = {ph} AND entity <> 'batch' ORDER BY id",
                            (batch,)).fetchall()
    return [(e, i, a, json.loads(b) if b else None, json.loads(x) if x else None)
            for e, i, a, b, x in rows]


def count(target: Target, table: str) -> int:
    with raw(target) as conn:
        return int(conn.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0])
