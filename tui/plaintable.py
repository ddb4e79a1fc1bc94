"""The tables of ``fcc log`` and ``fcc report``: a small plain renderer, no Rich.

Laying out a few hundred rows with Rich's ``Table`` cost ~0.5 s of CPU (``fcc log`` over a
busy week) and importing it ~35 ms; these tables need neither. The look is Rich's simple-head
table as the command line printed it before: an italic title, a bold header, a rule of ``─``,
columns padded by one space, numbers on the right, a blank line around the body and before a
bold totals row.

- Width is counted in terminal cells (:func:`cell_width`): CJK and emoji take two, combining
  marks and joiners none, so wide names stay aligned.
- On a terminal the table fits its width (``COLUMNS`` or the terminal's size): the columns that
  may wrap (names, notes, tags) shrink, widest first, and their text wraps at spaces (a word
  longer than the column is broken); times, durations, dates and amounts never wrap. Written to
  a file or a pipe nothing wraps: every row is one whole line.
- Styles (bold, italic) only on a terminal (or with ``FORCE_COLOR`` set), never with
  ``NO_COLOR`` set or ``TERM=dumb``: on a pipe the output is plain text.
- Cells must already be safe to show: the caller passes database text through
  :func:`fcc.store.visible.visible` (no control character reaches this module).
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # typing is not imported at run time (the quick paths load this)
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import TextIO

BOLD, ITALIC, RESET = "\x1b[1m", "\x1b[3m", "\x1b[0m"
RULE = "\u2500"  # ─
SECTION = None  # a row of ``None``: a blank line (before the totals)


_WIDTHS: dict[str, int] = {}  # a non-ASCII character's cells, measured once


def _char_width(char: str) -> int:
    width = _WIDTHS.get(char)
    if width is None:
        from unicodedata import category, east_asian_width

        width = 0 if category(char) in ("Mn", "Me", "Cf") else \
            2 if east_asian_width(char) in ("W", "F") else 1
        _WIDTHS[char] = width
    return width


def cell_width(text: str) -> int:
    """Terminal cells ``text`` takes: East Asian wide and fullwidth characters (CJK, most
    emoji) two, combining marks, joiners and variation selectors none, the rest one; a
    character after a zero-width joiner (an emoji sequence such as 👩‍💻) joins the one before,
    and VS16 makes a narrow symbol an emoji two cells wide (as Rich counts them)."""
    if text.isascii():
        return len(text)
    width = last = 0
    joined = False
    for char in text:
        if joined:
            joined = False
            continue
        if char < "\x80":
            width += 1
            last = 0  # (VS16 after a letter or a digit changes nothing here)
            continue
        if char == "\ufe0f" and last == 1:  # emoji presentation: ⚙ + VS16 takes two
            width += 1
            last = 2
            continue
        joined = char == "\u200d"
        last = _char_width(char)
        width += last
    return width


class Output:
    """Where a table goes and how: ``width`` (``None``: never wrap) and ``styled``."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = sys.stdout if stream is None else stream
        env = os.environ
        isatty = getattr(self.stream, "isatty", None)
        terminal = bool(isatty and isatty())
        self.styled = (terminal or env.get("FORCE_COLOR", "") != "") and \
            env.get("NO_COLOR", "") == "" and env.get("TERM", "") not in ("dumb", "unknown")
        self.width: int | None = None
        if terminal:
            columns = env.get("COLUMNS", "")
            if columns.isdigit() and int(columns) > 0:
                self.width = int(columns)
            else:
                try:
                    self.width = os.get_terminal_size(self.stream.fileno()).columns
                except (OSError, ValueError, AttributeError):
                    self.width = 80

    def style(self, text: str, code: str) -> str:
        return f"{code}{text}{RESET}" if self.styled and text else text

    def write(self, lines: list[str]) -> None:
        self.stream.write("".join(line + "\n" for line in lines))
        self.stream.flush()


def _fit(natural: list[int], least: list[int], wraps: Sequence[bool], room: int) -> list[int]:
    """Column widths within ``room`` cells: the widest wrapping column gives way first,
    none below its ``least``; if even that does not fit, the line is as narrow as it can be."""
    widths = list(natural)
    excess = sum(widths) - room
    while excess > 0:
        can = [i for i, w in enumerate(widths) if wraps[i] and w > least[i]]
        if not can:
            break
        top = max(widths[i] for i in can)
        widest = [i for i in can if widths[i] == top]
        below = max([widths[i] for i in can if widths[i] < top] + [least[i] for i in widest])
        step = max(1, min(top - below, -(-excess // len(widest))))
        for i in widest:
            if excess <= 0:
                break
            cut = min(step, widths[i] - least[i], excess)
            widths[i] -= cut
            excess -= cut
    return widths


def _chunks(word: str, width: int) -> list[str]:
    """``word`` in pieces of at most ``width`` cells (at least one character each)."""
    out: list[str] = []
    piece, used = "", 0
    for char in word:
        w = cell_width(char)
        if piece and used + w > width:
            out.append(piece)
            piece, used = "", 0
        piece += char
        used += w
    return out + [piece] if piece else out


def wrap(text: str, width: int) -> list[str]:
    """``text`` as lines of at most ``width`` cells, broken at spaces where it can be."""
    if cell_width(text) <= width:
        return [text]
    lines: list[str] = []
    line, used = "", 0
    for word in text.split(" "):
        w = cell_width(word)
        if line and used + 1 + w <= width:
            line, used = f"{line} {word}", used + 1 + w
            continue
        if line or lines:
            lines.append(line)
        if w > width:
            *full, word = _chunks(word, width)
            lines += full
            w = cell_width(word)
        line, used = word, w
    lines.append(line)
    return [x for x in lines if x] or [""]


class _Widths(dict[str, int]):
    """Cell widths, each string measured once (a log's times all hold the same dash)."""

    def __missing__(self, text: str) -> int:
        self[text] = width = cell_width(text)
        return width


def table(out: Output, heads: Sequence[str], rows: Sequence[Sequence[str] | None], *,
          rights: Sequence[bool], wraps: Sequence[bool], title: str | None = None,
          bold_from: int | None = None) -> list[str]:
    """The table's lines (without newlines): ``rows`` (a ``None`` row: a blank line); rows
    from index ``bold_from`` on are bold (the totals)."""
    n = len(heads)
    measure = _Widths()
    cells = [row for row in rows if row is not None]
    natural = [max([measure[heads[i]]] + [measure[row[i]] for row in cells]) for i in range(n)]
    least = [min(natural[i], max(measure[heads[i]], 4)) for i in range(n)]
    widths = natural if out.width is None else _fit(natural, least, wraps, out.width - 3 * n - 1)

    def pad(text: str, i: int) -> str:
        gap = " " * max(0, widths[i] - measure[text])
        return gap + text if rights[i] else text + gap

    def line(values: Sequence[str]) -> str:
        return ("  " + "   ".join(pad(v, i) for i, v in enumerate(values))).rstrip()

    lines = [] if title is None else [out.style(title, ITALIC)]
    lines += ["", out.style(line(heads), BOLD), " " + RULE * (sum(widths) + 3 * n - 1)]
    for index, row in enumerate(rows):
        if row is None:
            lines.append("")
            continue
        parts = [wrap(v, widths[i]) if wraps[i] else [v] for i, v in enumerate(row)]
        style = BOLD if bold_from is not None and index >= bold_from else ""
        for k in range(max(len(p) for p in parts)):
            text = line([p[k] if k < len(p) else "" for p in parts])
            lines.append(out.style(text, style) if style else text)
    lines.append("")
    return lines
