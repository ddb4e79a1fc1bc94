"""The freeze rules of billing in the SQL core, checked by every store verb that writes a
time entry (under the writer lock): an entry covered by a pending or approved approval, or by
an invoice that is not void, is never amended, split, voided or re-rated; no entry is added,
started or given a new version for a client with its start inside the period of the client's
pending or approved approval. The database's triggers (migration 0006) refuse the same for
every other writer.

Standard library only, over a DB-API cursor and a :class:`Dialect` (like the SQL core): the
store's verbs run it in their transaction, the quick ``fcc start`` on plain ``sqlite3``. One
query per write: :func:`refusal` asks about the entry being replaced and the new versions'
starts at once.
"""

from __future__ import annotations

import datetime as dt

from fcc.store.errors import BillingLocked
from fcc.store.sql.dialect import Dialect
from fcc.store.when import format_local

TYPE_CHECKING = False  # typing is not imported at run time (the quick paths load this)
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any

OPEN = "('pending', 'approved')"

# The approvals and invoices that cover one entry version (the invoice first: an approved
# approval that was invoiced is unlocked by voiding the invoice).
_COVERED = f"""
SELECT 0, i.id, i.status, i.number, NULL, NULL, NULL
FROM invoice_entry ie JOIN invoice i ON i.id = ie.invoice_id
WHERE ie.entry_id = ? AND ie.active
UNION ALL
SELECT 1, a.id, a.status, NULL, a.period_start, a.period_end, c.name
FROM approval_entry ae
JOIN approval a ON a.id = ae.approval_id
JOIN client c ON c.id = a.client_id
WHERE ae.entry_id = ? AND a.status IN {OPEN}"""

# The open approval whose period holds an instant, of the client a project row belongs to
# (both resolved through merges).
_PERIOD = f"""
SELECT 2, a.id, a.status, CAST(? AS VARCHAR(20)), a.period_start, a.period_end, c.name
FROM approval a JOIN client c ON c.id = a.client_id
WHERE a.status IN {OPEN} AND a.start_utc <= ? AND a.end_utc > ?
  AND COALESCE(c.merged_into_id, c.id) = (
    SELECT COALESCE(pc.merged_into_id, pc.id) FROM project p0
    JOIN project p ON p.id = COALESCE(p0.merged_into_id, p0.id)
    JOIN client pc ON pc.id = p.client_id
    WHERE p0.id = ?)"""


def refusal(cur: Any, d: Dialect, zone: str, *, entry: tuple[int, int] | None = None,
            starts: Sequence[tuple[int, int]] = ()) -> str | None:
    """Why billing refuses the write, in one line, or None. ``entry``: the version being
    replaced or voided, as (row id, entry number); ``starts``: the new versions as (project
    row id, start in epoch seconds). One query."""
    parts, params = [], []
    if entry is not None:
        parts.append(_COVERED)
        params += [entry[0], entry[0]]
    for project_id, start in starts:
        parts.append(_PERIOD)
        params += [start, start, start, project_id]
    if not parts:
        return None
    cur.execute(d.sql(" UNION ALL ".join(parts) + " ORDER BY 1 LIMIT 1"), tuple(params))
    row = cur.fetchone()
    if row is None:
        return None
    what, ref, status, extra, first, last, client = row
    if what == 0:
        assert entry is not None
        return invoice_words(entry[1], ref, status, extra)
    label = approval_label(ref, client, first, last, status)
    if what == 1:
        assert entry is not None
        return f"entry {entry[1]} is in {label}: {unlock_hint(ref, status)}"
    return period_words(int(extra), zone, ref, client, first, last, status)


def period_words(start: int, zone: str, approval_id: int, client: str, first: object,
                 last: object, status: str) -> str:
    at = format_local(dt.datetime.fromtimestamp(start, dt.UTC), zone)
    label = approval_label(approval_id, client, first, last, status)
    return (f"an entry of {client} starting {at} is inside {label}: "
            f"{unlock_hint(approval_id, status)}")


# The open approvals of the clients some project rows belong to (through merges).
_PERIODS = f"""
SELECT p0.id, a.id, a.status, a.period_start, a.period_end, c.name, a.start_utc, a.end_utc
FROM project p0
JOIN project p ON p.id = COALESCE(p0.merged_into_id, p0.id)
JOIN client pc ON pc.id = p.client_id
JOIN client c ON COALESCE(c.merged_into_id, c.id) = COALESCE(pc.merged_into_id, pc.id)
JOIN approval a ON a.client_id = c.id AND a.status IN {OPEN}
WHERE p0.id IN ({{pids}})"""


def check_starts(cur: Any, d: Dialect, zone: str, starts: Sequence[tuple[int, int]]) -> None:
    """:func:`check` for many new entries at once (an import): BillingLocked for the first
    (project row id, start) an open approval's period holds. One query."""
    pids = sorted({int(pid) for pid, _ in starts})
    if not pids:
        return
    cur.execute(d.sql(_PERIODS.format(pids=",".join(map(str, pids)))))
    periods: dict[int, list[tuple[Any, ...]]] = {}
    for pid, *rest in cur.fetchall():
        periods.setdefault(int(pid), []).append(tuple(rest))
    if not periods:
        return
    for pid, start in starts:
        for aid, status, first, last, client, lo, hi in periods.get(pid, ()):
            if int(lo) <= start < int(hi):
                raise BillingLocked(period_words(start, zone, aid, client, first, last, status))


def check(cur: Any, d: Dialect, zone: str, *, entry: tuple[int, int] | None = None,
          starts: Sequence[tuple[int, int]] = ()) -> None:
    """:func:`refusal` raised as :class:`BillingLocked`."""
    why = refusal(cur, d, zone, entry=entry, starts=starts)
    if why is not None:
        raise BillingLocked(why)


def approval_label(approval_id: int, client: str, first: object, last: object,
                   status: str) -> str:
    """``approval 3 (Acme, 2026-11-01 to 2026-11-30, pending)``."""
    from fcc.store.sql.boards import as_date  # here: the quick start needs it only to refuse

    return f"approval {approval_id} ({client}, {as_date(first)} to {as_date(last)}, {status})"


def unlock_hint(approval_id: int, status: str) -> str:
    if status == "pending":
        return ("reject or withdraw it first (fcc approval reject|withdraw "
                f"{approval_id})")
    return f"withdraw it first (fcc approval withdraw {approval_id})"


def invoice_words(entry_no: int, invoice_id: int, status: str, number: str | None) -> str:
    if number is None:
        return (f"entry {entry_no} is on draft {invoice_id}: void the draft first "
                f"(fcc invoice void {invoice_id} --reason ...)")
    return (f"entry {entry_no} is on invoice {number} ({status}): an invoice never changes; "
            f"void it with a credit note first (fcc invoice void {number} --reason ...)")


def frozen_label(kind: str, ref: int, status: str, number: str | None) -> str:
    """What freezes an entry, short (the Timers pane's mark): ``approval 3 pending``,
    ``invoice 2026-0004``, ``draft 7``."""
    if kind == "approval":
        return f"approval {ref} {status}"
    return f"invoice {number}" if number else f"draft {ref}"
