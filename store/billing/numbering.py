"""Invoice numbers: gapless per kind (invoice, credit note) and year of the issue date.

The counter is a row of ``invoice_sequence``, created on first use and raised by one in the
issuing transaction: a rollback takes the raise back with everything else (no gap), and the
writer lock (SQLite's ``BEGIN IMMEDIATE``, PostgreSQL's advisory lock, and the row's own lock
there) makes two processes that issue at once take consecutive numbers. The pattern
(``{year}-{seq:04}``) comes from the config file, checked when it was read
(:func:`fcc.store.configfile.pattern_value`).
"""

from __future__ import annotations

from fcc.store import tables as t
from fcc.store.errors import FccError


def next_number(kind: str, year: int, pattern: str) -> tuple[int, str]:
    """The next (seq, number) of ``kind`` in ``year``, taken: call it inside the change that
    issues. Raises FccError when the pattern makes a number another invoice has (a pattern
    changed in the config file) — the raise is rolled back with the change."""
    seq_table = t.InvoiceSequence
    (seq_table.insert(kind=kind, year=year, last_seq=0, uuid=t.new_uuid())
     .on_conflict_ignore().execute())
    where = (seq_table.kind == kind) & (seq_table.year == year)
    seq_table.update(last_seq=seq_table.last_seq + 1).where(where).execute()
    seq = int(seq_table.select(seq_table.last_seq).where(where).scalar())
    number = pattern.format(year=year, seq=seq)
    holder = t.Invoice.select(t.Invoice.id).where(t.Invoice.number == number).scalar()
    if holder is not None:
        key = "credit_pattern" if kind == "credit" else "number_pattern"
        raise FccError(f"invoice.{key}: {pattern!r} makes {number} for the {kind} number "
                       f"{seq} of {year}, which invoice {holder} has already; change the "
                       "pattern in the config file's [invoice] table")
    return seq, number
