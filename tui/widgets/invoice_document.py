"""An invoice's document drawn in the terminal: the same :class:`~fcc.store.documents.layout.
Document` the Markdown, HTML and PDF writers print (so the preview says what the export
writes), laid out with Rich tables. Every text in it is plain (the layout has shown control
characters already) and goes into ``Text`` cells: never read as markup."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

if TYPE_CHECKING:
    from fcc.store.documents.layout import Block, Document
    from fcc.store.documents.layout import Table as DocTable


def _block(block: Block) -> Text:
    out = Text()
    if block.label:
        out.append(block.label + "\n", style="bold")
    out.append("\n".join(block.lines))
    return out


def _lines(table: DocTable) -> Table:
    grid = Table(box=None, show_edge=False, pad_edge=False, expand=True, header_style="bold",
                 padding=(0, 1))
    for head, numeric in zip(table.heads, table.numeric, strict=True):
        grid.add_column(Text(head), justify="right" if numeric else "left",
                        ratio=None if numeric else 1, no_wrap=numeric)
    for row in table.rows:
        grid.add_row(*(Text(cell) for cell in row))
    for row in table.totals:
        grid.add_row(*(Text(cell, style="bold") for cell in row))
    return grid


def document_view(doc: Document) -> RenderableType:
    """The document, top to bottom: title and status, the parties side by side, the facts,
    the lines, the sums (the last one bold), the notes."""
    parts: list[RenderableType] = [Text(doc.title, style="bold")]
    if doc.status:
        parts.append(Text(doc.status, style="bold italic"))
    parts.append(Text(""))
    if doc.parties:
        parties = Table.grid(expand=True, padding=(0, 2))
        for _ in doc.parties:
            parties.add_column(ratio=1)
        parties.add_row(*(_block(block) for block in doc.parties))
        parts += [parties, Text("")]
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="dim", no_wrap=True)
    facts.add_column()
    for label, value in doc.facts:
        facts.add_row(Text(label), Text(value))
    parts += [facts, Text("")]
    for table in doc.tables:
        parts += [_lines(table), Text("")]
    if doc.sums:
        sums = Table.grid(padding=(0, 2), expand=True)
        sums.add_column(justify="right", ratio=1)
        sums.add_column(justify="right", no_wrap=True)
        *rest, (label, value) = doc.sums
        for k, v in rest:
            sums.add_row(Text(k), Text(v))
        sums.add_row(Text(label, style="bold"), Text(value, style="bold"))
        parts += [sums, Text("")]
    for block in doc.notes:
        parts += [_block(block), Text("")]
    return Group(*parts[:-1])  # (each part ends with a blank line: not the last)
