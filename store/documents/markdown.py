"""A :class:`~fcc.store.documents.layout.Document` as Markdown (CommonMark with GFM tables).

Database text is data, not Markdown: :func:`escape` backslash-escapes every character that
could start inline markup (emphasis, code, links, raw HTML, entities, strikethrough) or end a
table cell (``|``), and the markers that would make a line a heading, quote, list or rule, so a
note like ``| **paid** <script>`` prints as those characters and cannot break a table.
"""

from __future__ import annotations

import re

from fcc.store.documents.layout import Block, Document, Table

_INLINE = str.maketrans({char: "\\" + char for char in "\\`*_[]<>|~&"})
# what else makes a line a heading, list item, rule or setext underline (``>`` and ``*`` are
# escaped everywhere already); an ordered list's number: the dot or parenthesis after it
_LEADING = re.compile(r"^(?:[#+=-]|(\d+)([.)]))")


def inline(value: str) -> str:
    """``value`` (plain text inside a line or a table cell, where no block markup starts) as
    Markdown that shows exactly those characters."""
    return value.translate(_INLINE)


def escape(value: str) -> str:
    """``value`` (a line of plain text) as Markdown that shows exactly those characters, also
    at the start of a line."""
    return _LEADING.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else "\\" + m[0], inline(value),
                        count=1)


def _block(block: Block) -> list[str]:
    # a hard line break (a backslash at the line's end) between lines, none after the last
    lines = [escape(line) for line in block.lines]
    body = [line + "\\" for line in lines[:-1]] + lines[-1:]
    return ([f"**{escape(block.label)}**\\"] if block.label else []) + body


def _table(table: Table) -> list[str]:
    def row(cells: tuple[str, ...], bold: bool = False) -> str:
        shown = [inline(c) for c in cells]
        if bold:
            shown = [f"**{c}**" if c else c for c in shown]
        return "| " + " | ".join(shown) + " |"

    rule = "|" + "|".join("---:" if n else "---" for n in table.numeric) + "|"
    return [row(table.heads), rule, *(row(r) for r in table.rows),
            *(row(r, bold=True) for r in table.totals)]


def markdown(doc: Document) -> str:
    out = [f"# {inline(doc.title)}", ""]
    if doc.status:
        out += [f"**{inline(doc.status)}**", ""]
    for block in doc.parties:
        out += [*_block(block), ""]
    out += [f"- {escape(label)}: {inline(value)}" for label, value in doc.facts] + [""]
    for table in doc.tables:
        out += [*_table(table), ""]
    if doc.sums:
        *rest, (label, value) = doc.sums
        out += ["| | |", "|---|---:|",
                *(f"| {inline(k)} | {inline(v)} |" for k, v in rest),
                f"| **{inline(label)}** | **{inline(value)}** |", ""]
    for block in doc.notes:
        out += [*_block(block), ""]
    return "\n".join(out).rstrip("\n") + "\n"
