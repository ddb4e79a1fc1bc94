"""A :class:`~fcc.store.documents.layout.Document` as one self-contained HTML file: inline CSS,
no scripts, no external resources (no fonts, images or style sheets to fetch), laid out for A4
when printed. Every text goes through ``html.escape``: a ``<script>`` in a client's name is
shown, never run.
"""

from __future__ import annotations

import re
from html import escape

from fcc.store.documents.layout import Block, Document, Table

STYLE = """
@page { size: A4; margin: 18mm 16mm; }
* { box-sizing: border-box; }
html { background: #fff; color: #111; }
body { font: 10.5pt/1.45 "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; margin: 0 auto;
       max-width: 180mm; padding: 12mm 0; }
h1 { font-size: 18pt; margin: 0 0 2mm; overflow-wrap: break-word; }
.status { font-weight: bold; margin: 0 0 5mm; }
.status.void { color: #a00; }
.parties { display: flex; gap: 10mm; margin: 0 0 5mm; }
.parties section { flex: 1 1 0; min-width: 0; }
h2 { font-size: 9pt; text-transform: uppercase; letter-spacing: .06em; color: #555;
     margin: 0 0 1mm; }
p { margin: 0; overflow-wrap: break-word; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.5mm 6mm; margin: 0 0 5mm; }
dt { color: #555; } dd { margin: 0; overflow-wrap: break-word; }
table { border-collapse: collapse; width: 100%; margin: 0 0 5mm; }
th, td { padding: 1.2mm 2mm; text-align: left; vertical-align: top; overflow-wrap: break-word; }
th { border-bottom: 1.5pt solid #111; font-size: 9pt; }
td { border-bottom: .5pt solid #ccc; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
.keep { white-space: nowrap; }
tr.total td { font-weight: bold; border-bottom: none; border-top: 1pt solid #111; }
table.sums { width: auto; margin-left: auto; }
table.sums td { border: none; padding: .6mm 2mm; }
table.sums tr:last-child td { font-weight: bold; border-top: 1pt solid #111; }
.notes p { margin: 0 0 1mm; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
@media print { body { padding: 0; max-width: none; } }
"""


CLASSES = {(False, False): "", (False, True): ' class="keep"', (True, True): ' class="num keep"'}
LONG_RUN = 24  # characters without a space after which a line may break (<wbr>)


def _text(value: str) -> str:
    """``value`` escaped, with a break opportunity every LONG_RUN characters of a run without
    spaces: a 300-character name wraps inside its column instead of widening the table
    (words are never broken otherwise, so column widths follow the words)."""
    runs = re.split(rf"(\S{{{LONG_RUN}}})(?=\S)", value)
    return "".join(escape(run) + ("<wbr>" if n % 2 else "") for n, run in enumerate(runs))


def _lines(lines: tuple[str, ...]) -> str:
    return "<br>".join(_text(line) for line in lines)


def _block(block: Block, tag: str = "section") -> str:
    label = f"<h2>{escape(block.label)}</h2>" if block.label else ""
    return f"<{tag}>{label}<p>{_lines(block.lines)}</p></{tag}>"


def _table(table: Table) -> str:
    def cells(row: tuple[str, ...], tag: str) -> str:
        return "".join(f"<{tag}{CLASSES[num, keep]}>{_text(cell)}</{tag}>"
                       for cell, num, keep in zip(row, table.numeric, table.kept(), strict=True))

    head = f"<thead><tr>{cells(table.heads, 'th')}</tr></thead>"
    rows = [f"<tr>{cells(row, 'td')}</tr>" for row in table.rows]
    rows += [f'<tr class="total">{cells(row, "td")}</tr>' for row in table.totals]
    return f"<table>{head}<tbody>{''.join(rows)}</tbody></table>"


def html_page(doc: Document) -> str:
    void = " void" if doc.status.startswith("Void") else ""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(doc.title)}</title><style>{STYLE}</style></head><body>",
        f"<h1>{_text(doc.title)}</h1>",
    ]
    if doc.status:
        parts.append(f'<p class="status{void}">{_text(doc.status)}</p>')
    if doc.parties:
        parts.append(f'<div class="parties">{"".join(_block(b) for b in doc.parties)}</div>')
    facts = "".join(f"<dt>{escape(label)}</dt><dd>{_text(value)}</dd>"
                    for label, value in doc.facts)
    parts.append(f"<dl>{facts}</dl>")
    parts.extend(_table(table) for table in doc.tables)
    if doc.sums:
        sums = "".join(f'<tr><td>{escape(label)}</td><td class="num keep">{escape(value)}</td></tr>'
                       for label, value in doc.sums)
        parts.append(f'<table class="sums"><tbody>{sums}</tbody></table>')
    if doc.notes:
        parts.append(f'<div class="notes">{"".join(_block(b, "div") for b in doc.notes)}</div>')
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
