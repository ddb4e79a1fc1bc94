"""What billing freezes, as the app shows it: which entries an approval or an invoice covers
(the Timers pane's mark). The rules every writer checks are in :mod:`fcc.store.sql.locks`
(the SQL core, shared with the quick ``fcc start``); the database's triggers (migration 0006)
refuse the same for every other writer."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from fcc.store.sql.dialect import Dialect
from fcc.store.sql.locks import OPEN, frozen_label


def approval_where(alias: str = "a") -> str:
    """The condition of an approval that freezes (pending or approved)."""
    return f"{alias}.status IN {OPEN}"


def frozen_by(cur: Any, d: Dialect, entry_nos: Iterable[int]) -> dict[int, str]:
    """Entry number -> what freezes its current version (``approval 3 pending``,
    ``invoice 2026-0004``, ``draft 7``); an invoice wins over the approval it came from.
    One query, by the entry number index."""
    numbers = sorted({int(n) for n in entry_nos})
    if not numbers:
        return {}
    listed = ",".join(map(str, numbers))
    current = (f"COALESCE(e.entry_no, e.id) IN ({listed}) AND e.superseded_by_id IS NULL "
               "AND e.voided_at IS NULL")
    cur.execute(d.sql(
        "SELECT COALESCE(e.entry_no, e.id), 1, i.id, i.status, i.number FROM time_entry e "
        "JOIN invoice_entry ie ON ie.entry_id = e.id AND ie.active "
        f"JOIN invoice i ON i.id = ie.invoice_id WHERE {current} "
        "UNION ALL "
        "SELECT COALESCE(e.entry_no, e.id), 0, a.id, a.status, NULL FROM time_entry e "
        "JOIN approval_entry ae ON ae.entry_id = e.id "
        f"JOIN approval a ON a.id = ae.approval_id AND {approval_where()} WHERE {current} "
        "ORDER BY 2"))
    found: dict[int, str] = {}
    for number, is_invoice, ref, status, invoice_no in cur.fetchall():
        kind = "invoice" if is_invoice else "approval"
        found[int(number)] = frozen_label(kind, int(ref), status, invoice_no)
    return found
