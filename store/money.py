"""Money as the store hands it out: two-place ``Decimal``, rounded explicitly. Standard library
only (the quick ``fcc start`` reads a rate with it).

SQLite gives NUMERIC back as a float (``12.5``), PostgreSQL as a ``Decimal``; both go through
:func:`money` so every rate and amount is ``Decimal("12.50")`` whichever database it came from.
"""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def money(value: object) -> Decimal | None:
    """A stored amount (float, int, text or Decimal; None) as a two-place Decimal (None).
    Through ``str`` so that a float 0.1 is 0.10, not 0.1000000000000000055..."""
    if value is None:
        return None
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


def hours(seconds: int) -> Decimal:
    """Seconds as hours to two places (what an invoice shows), half to even as always."""
    return (Decimal(seconds) / Decimal(3600)).quantize(CENT, rounding=ROUND_HALF_EVEN)


def to_db(value: Decimal | None) -> str | None:
    """An amount as the drivers take it: text (sqlite3 cannot bind a Decimal; PostgreSQL casts
    the text to NUMERIC)."""
    return None if value is None else str(value)
