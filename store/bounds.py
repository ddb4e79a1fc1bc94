"""The ranges numbers from users and files must fall in, before they reach the database.

An id past a 64-bit integer made SQLite's driver raise OverflowError; a rate of ``1e30`` made
``Decimal.quantize`` raise InvalidOperation. Every id, amount of money and hour budget is
checked here, in one place, so the command line, the config file, imports and the app refuse
the same values with the same one-line :class:`InvalidInput`. Standard library only: the quick
``fcc start``/``stop``/``status`` paths share it.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from fcc.store.errors import InvalidInput
from fcc.store.money import CENT

MAX_ID = 2**63 - 1  # BIGINT on PostgreSQL, INTEGER on SQLite
ID_RANGE = f"from 1 to {MAX_ID}"

MONEY_MAX = Decimal("9999999999.99")  # NUMERIC(12,2): rates and amounts
BUDGET_MAX = Decimal("99999999.99")  # NUMERIC(10,2): hour budgets
RATE_EXPECTED = f"an hourly rate from 0 to {MONEY_MAX} with at most two decimals, e.g. 95 or 87.50"
BUDGET_EXPECTED = f"a number of hours from 0 to {BUDGET_MAX} with at most two decimals, e.g. 40"
TERMS_EXPECTED = "payment terms in days, a whole number from 0 to 365, e.g. 30"


def parse_id(value: object, field: str, what: str = "an id") -> int:
    """A row id (an entry number, a card id): a whole number from 1 to 2^63-1. Accepts an int
    or its ASCII digits (a leading ``#`` as the app shows card ids)."""
    number: int | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str):
        text = value.strip().removeprefix("#")
        if text.isascii() and text.isdigit() and len(text) <= 20:
            number = int(text)
    if number is None or not 1 <= number <= MAX_ID:
        raise InvalidInput(field, f"{what} (a whole number {ID_RANGE})", value)
    return number


def parse_amount(value: object, field: str, *, maximum: Decimal = MONEY_MAX,
                 expected: str = RATE_EXPECTED) -> Decimal:
    """An amount (a rate, a budget) as a two-place Decimal: finite, from 0 to ``maximum``
    (what its NUMERIC column holds), no finer than a cent. Accepts a Decimal, an int or
    text; a float only through its shortest text (``87.5``)."""
    if isinstance(value, bool):
        raise InvalidInput(field, expected, value)
    if isinstance(value, float):
        value = repr(value)
    if isinstance(value, str):
        text = value.strip().replace("_", "x")  # Decimal reads "1_000"; a user means no such thing
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise InvalidInput(field, expected, value) from None
    elif isinstance(value, Decimal | int):
        number = Decimal(value)
    else:
        raise InvalidInput(field, expected, value)
    if not number.is_finite() or number.is_signed() and number != 0 or number > maximum:
        raise InvalidInput(field, expected, value)
    cents = number.quantize(CENT)  # safe: |number| <= maximum, far below the context's precision
    if cents != number:
        raise InvalidInput(field, expected, value)
    return abs(cents)  # (-0 is 0)



def parse_terms(value: object, field: str) -> int:
    """Payment terms: whole days from 0 to 365 (a client's, the config file's default).
    Accepts an int or its ASCII digits."""
    number: int | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str):
        text = value.strip()
        if text.isascii() and text.isdigit() and len(text) <= 9:
            number = int(text)
    if number is None or not 0 <= number <= 365:
        raise InvalidInput(field, TERMS_EXPECTED, value)
    return number
