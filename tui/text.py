"""User text shown literally: never parsed as markup, one line, bounded in length.

Titles, notes and names may hold ``[bold]``, ``[red``, emoji, right-to-left script or 5,000
characters; everything the TUI shows of them goes through :func:`literal`.
"""

from __future__ import annotations

from rich.text import Text

from fcc.store.when import format_duration, format_elapsed

MAX_SHOWN = 300  # characters kept before the cell or line clips the rest with an ellipsis


def one_line(value: str | None, limit: int = MAX_SHOWN) -> str:
    text = " ".join((value or "").split())  # newlines and tabs would break a row
    return text if len(text) <= limit else text[: limit - 1] + "…"


def literal(value: str | None, style: str = "", limit: int = MAX_SHOWN) -> Text:
    return Text(one_line(value, limit), style=style, no_wrap=True, overflow="ellipsis")


def hm(seconds: int) -> str:
    """``H:MM`` of a duration that cannot be negative here."""
    return format_duration(max(0, int(seconds)))


hms = format_elapsed  # H:MM:SS
