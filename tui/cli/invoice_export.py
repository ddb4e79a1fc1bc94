"""``fcc invoice export REF``: an invoice or credit note as a file to send — Markdown,
self-contained HTML or PDF (``fcc[pdf]``) — written whole or not at all, never over an existing
file without ``--force``. Prints the path it wrote (``-o -``: the document on stdout)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from fcc.store.errors import InvalidInput
from fcc.tui.cli.base import Options, say, store_for

FORMATS = ("md", "html", "pdf")
SUFFIXES = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".pdf": "pdf"}


@click.command("export")
@click.argument("ref", metavar="REF")
@click.option("--format", "fmt", metavar="md|html|pdf",
              help="md, html or pdf (default: from --output's suffix, else pdf).")
@click.option("--output", "-o", metavar="FILE",
              help="Write here (default: invoice-NUMBER.FORMAT, credit-NUMBER... or draft-ID... "
                   "in the current folder; - for stdout).")
@click.option("--force", is_flag=True, help="Replace FILE if it exists.")
@click.pass_obj
def export_cmd(opts: Options, ref: str, fmt: str | None, output: str | None,
               force: bool) -> None:
    """Write invoice REF (its number, or the id of a draft) as Markdown, HTML or PDF.

    \b
    Examples:
      fcc invoice export 2026-0003              # invoice-2026-0003.pdf
      fcc invoice export 7 --format html        # draft-7.html
      fcc invoice export CN-2026-0001 -o ~/out/credit.md --force
    """
    from fcc.store.documents import invoice_file_name, render, write_document

    fmt = _format(fmt, output)
    with store_for(opts, create=False) as store:
        invoice = store.invoice(ref)
    data = render("invoice", invoice, fmt)
    if output == "-":
        _to_stdout(data, fmt)
        return
    path = Path(output) if output else Path.cwd() / invoice_file_name(invoice, fmt)
    say(str(write_document(path, data, force=force)))


def _format(fmt: str | None, output: str | None) -> str:
    if fmt is None:
        suffix = Path(output).suffix.lower() if output and output != "-" else ""
        return SUFFIXES.get(suffix, "pdf")
    if fmt.lower() not in FORMATS:
        raise InvalidInput("--format", "md, html or pdf", fmt)
    return fmt.lower()


def _to_stdout(data: bytes, fmt: str) -> None:
    if fmt == "pdf" and sys.stdout.isatty():
        raise InvalidInput("--output", "a file or a pipe for a PDF, not a terminal", "-")
    # text: database text is shown already (controls as pictures); newlines are the document's
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()
