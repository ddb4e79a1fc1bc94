"""Projects in the SQL core: finding one by the name a user typed, the merge survivor, and
the rate a new entry gets (card, then project, then client).

Names are compared by :func:`fcc.store.names.name_key` in Python, never by SQL's ``lower()``
(SQLite's folds ASCII only): the same rule on SQLite and PostgreSQL, in the store's verbs and
the quick ``fcc start``.
"""

from __future__ import annotations

from fcc.store.money import money
from fcc.store.names import name_key
from fcc.store.sql.dialect import Dialect

TYPE_CHECKING = False  # typing is not imported at run time (the quick paths load this)
if TYPE_CHECKING:
    from decimal import Decimal
    from typing import Any

# (id, name, client id, client name, merged into, archived)
PROJECTS = """SELECT p.id, p.name, p.client_id, c.name, p.merged_into_id, p.archived
              FROM project p LEFT JOIN client c ON c.id = p.client_id"""
ID, NAME, CLIENT_ID, CLIENT, MERGED_INTO, ARCHIVED = range(6)


def project_rows(cur: Any, d: Dialect) -> list[tuple[Any, ...]]:
    """Every project (merged and archived ones too), as :data:`PROJECTS` selects them."""
    cur.execute(d.sql(PROJECTS + " ORDER BY p.id"))
    return list(cur.fetchall())


def label(row: tuple[Any, ...]) -> str:
    """CLIENT/PROJECT, or PROJECT without a client: as projects are shown everywhere."""
    return f"{row[CLIENT]}/{row[NAME]}" if row[CLIENT] else row[NAME]


def matching_projects(rows: list[tuple[Any, ...]], spec: str) -> list[tuple[Any, ...]]:
    """The projects ``spec`` may mean: ``PROJECT``, ``CLIENT/PROJECT`` or ``/PROJECT`` (the one
    without a client), by :func:`name_key`; merged projects only when no live one matches.
    One row: that project (follow :func:`survivor` if it was merged); several: ambiguous;
    none: unknown. Of names that differ only in case or form (written before the rule) under
    one client, the exact spelling wins."""
    text = spec.strip()
    if text.startswith("/"):
        name = text[1:].strip()
        rows = [r for r in rows if r[CLIENT_ID] is None]
    elif "/" in text:
        client_name, name = (p.strip() for p in text.split("/", 1))
        client_key = name_key(client_name)
        rows = [r for r in rows if r[CLIENT] is not None and name_key(r[CLIENT]) == client_key]
    else:
        name = text
    key = name_key(name)
    rows = [r for r in rows if name_key(r[NAME]) == key]
    live = [r for r in rows if r[MERGED_INTO] is None] or rows
    exact = [r for r in live if r[NAME] == " ".join(name.split())]
    if len(live) > 1 and len(exact) == 1 and len({r[CLIENT_ID] for r in live}) == 1:
        live = exact
    return live


def survivor(cur: Any, d: Dialect, project_id: int) -> tuple[Any, ...]:
    """The project a project was merged into, to the end of the chain (itself if never
    merged), as :data:`PROJECTS` selects it."""
    while True:
        cur.execute(d.sql(PROJECTS + " WHERE p.id = ?"), (project_id,))
        row = cur.fetchone()
        if row[MERGED_INTO] is None:
            return tuple(row)
        project_id = row[MERGED_INTO]


def rate_for(cur: Any, d: Dialect, project_id: int, work_item_id: int | None,
             default_currency: str) -> tuple[Decimal | None, str]:
    """The hourly rate a new entry gets (the card's, else the project's, else its client's)
    and the currency (the client's, else ``default_currency``)."""
    item_rate = None
    if work_item_id is not None:
        cur.execute(d.sql("SELECT hourly_rate FROM work_item WHERE id = ?"), (work_item_id,))
        found = cur.fetchone()
        item_rate = None if found is None else found[0]
    cur.execute(d.sql("""SELECT p.hourly_rate, c.hourly_rate, c.currency FROM project p
                         LEFT JOIN client c ON c.id = p.client_id WHERE p.id = ?"""),
                (project_id,))
    rate, client_rate, currency = cur.fetchone()
    chosen = next((r for r in (item_rate, rate, client_rate) if r is not None), None)
    return money(chosen), currency or default_currency
