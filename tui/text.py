"""User text shown literally: never parsed as markup, one line, bounded in length, with its
control characters and bidi controls shown, never sent (``fcc.store.visible``).

Titles, notes and names may hold ``[bold]``, ``[red``, emoji, right-to-left script, 5,000
characters or ``\x1b]0;pwned\x07``; everything the TUI shows of them goes through
:func:`one_line` (or :func:`literal`, the same as rich ``Text``).
"""

from __future__ import annotations

from fcc.store.visible import visible
from fcc.store.when import format_duration, format_elapsed

TYPE_CHECKING = False  # typing is not imported at run time (as fcc.store.clock does)
if TYPE_CHECKING:
    from rich.text import Text

MAX_SHOWN = 300  # characters kept before the cell or line clips the rest with an ellipsis


def one_line(value: str | None, limit: int = MAX_SHOWN) -> str:
    # newlines and tabs would break a row: runs of white space are one space; any other
    # control character (and a bidi control, a line separator) is shown by visible()
    text = " ".join(visible(value or "", keep="\t\n").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def literal(value: str | None, style: str = "", limit: int = MAX_SHOWN) -> Text:
    from rich.text import Text  # here: the command line shows text without Rich (~25 ms)

    return Text(one_line(value, limit), style=style, no_wrap=True, overflow="ellipsis")


def hm(seconds: int) -> str:
    """``H:MM`` of a duration that cannot be negative here."""
    return format_duration(max(0, int(seconds)))


hms = format_elapsed  # H:MM:SS


def block(value: str | None) -> str:
    """Multi-line user text (a description, a journal note) kept on its lines: each line's
    control characters and bidi controls shown as :func:`one_line` shows them, trailing white
    space dropped (a Markdown hard break is not what the user meant to send)."""
    return "\n".join(line.rstrip() for line in visible(value or "", keep="\t\n").split("\n"))
