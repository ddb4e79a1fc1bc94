"""CSV cells that a spreadsheet never runs as a formula, and back (OWASP's CSV injection advice).

A text cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return opens as a
formula in spreadsheet programs (``=HYPERLINK(...)``). Every CSV fcc writes (``fcc export``,
``fcc log --format csv``, ``fcc report --format csv``) puts a ``'`` before such a cell, and
before a cell that already starts with quotes followed by one of them, so that the guard can
be taken off exactly: ``fcc import csv`` removes one leading ``'`` from a cell of quotes
followed by one of those characters (``=x`` -> ``'=x`` -> ``=x``; ``'=x`` -> ``''=x`` -> ``'=x``).
Every other cell is written and read unchanged, and numbers (a negative amount) are not text
cells. ``--no-formula-guard`` on the writers (and on ``fcc import csv`` for such a file)
turns it off. Standard library only.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping
    from typing import Any

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

# Columns holding numbers, never text (a negative amount stays a number for the spreadsheet).
NUMBER_COLUMNS = frozenset({"id", "card", "seconds", "billed_seconds", "amount", "hours", "rate",
                            "version", "superseded_by"})


def _needs_guard(text: str) -> bool:
    """Whether ``text`` is quotes (none or more) followed by a trigger character."""
    return text.lstrip("'").startswith(TRIGGERS)


def guard(text: str) -> str:
    """The cell as written: ``'`` before one a spreadsheet would read as a formula."""
    return "'" + text if _needs_guard(text) else text


def unguard(text: str) -> str:
    """The cell as :func:`guard` was given it."""
    return text[1:] if text.startswith("'") and _needs_guard(text) else text


def encodable(text: str) -> str:
    """``text`` as it can be written to a UTF-8 file: a lone surrogate (not text; refused on
    the way in, but an older fcc stored tags holding one) as its escape, ``\\udcff``."""
    if text.isascii():
        return text
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text


def guard_row(row: Mapping[str, Any], numbers: Iterable[str] = NUMBER_COLUMNS, *,
              formulas: bool = True) -> dict[str, Any]:
    """``row`` with every text cell :func:`encodable` and (unless ``formulas`` is False,
    ``--no-formula-guard``) guarded; the columns in ``numbers`` are not guarded."""
    skip = frozenset(numbers) if formulas else None
    return {key: (value if not isinstance(value, str)
                  else encodable(value) if skip is None or key in skip
                  else guard(encodable(value)))
            for key, value in row.items()}
