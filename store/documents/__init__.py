"""Documents to send: invoices, credit notes and timesheets as Markdown, self-contained HTML
and PDF (PDF through the optional ``fcc[pdf]`` extra, fpdf2).

Pure functions of records (``fcc.store.records_billing``, ``fcc.store.records``): no database,
no Textual. Text from the database is data here too: escaped for the format it goes into
(Markdown, HTML), never markup. What a document says is built once
(:mod:`fcc.store.documents.layout`) and printed by each format's writer, so the formats never
disagree.
"""

from __future__ import annotations

from fcc.store.documents.files import DocumentPathError, write_document
from fcc.store.documents.layout import invoice_document, invoice_file_name, timesheet_document
from fcc.store.documents.markdown import markdown
from fcc.store.documents.page import html_page
from fcc.store.errors import InvalidInput

TYPE_CHECKING = False
if TYPE_CHECKING:
    from fcc.store import records as rec
    from fcc.store import records_billing as rb

FORMATS = ("md", "html", "pdf")
KINDS = ("invoice", "timesheet")

__all__ = [
    "FORMATS", "KINDS", "DocumentPathError", "invoice_file_name", "invoice_html",
    "invoice_markdown", "invoice_pdf", "render", "timesheet_html", "timesheet_markdown",
    "timesheet_pdf", "write_document",
]


def invoice_markdown(inv: rb.Invoice) -> str:
    return markdown(invoice_document(inv))


def invoice_html(inv: rb.Invoice) -> str:
    return html_page(invoice_document(inv))


def invoice_pdf(inv: rb.Invoice) -> bytes:
    from fcc.store.documents.pdf import pdf_bytes

    return pdf_bytes(invoice_document(inv))


def timesheet_markdown(approval: rb.Approval, entries: list[rec.Entry]) -> str:
    return markdown(timesheet_document(approval, entries))


def timesheet_html(approval: rb.Approval, entries: list[rec.Entry]) -> str:
    return html_page(timesheet_document(approval, entries))


def timesheet_pdf(approval: rb.Approval, entries: list[rec.Entry]) -> bytes:
    from fcc.store.documents.pdf import pdf_bytes

    return pdf_bytes(timesheet_document(approval, entries))


def render(kind: str, record: rb.Invoice | rb.Approval, fmt: str,
           entries: list[rec.Entry] | None = None) -> bytes:
    """``kind`` (invoice: an :class:`~fcc.store.records_billing.Invoice`, a credit note too;
    timesheet: an :class:`~fcc.store.records_billing.Approval` and its ``entries``) as ``fmt``
    (md, html or pdf), as the bytes of a file (text is UTF-8)."""
    from fcc.store import records_billing as rb

    if fmt not in FORMATS:
        raise InvalidInput("format", "md, html or pdf", fmt)
    if kind == "invoice" and isinstance(record, rb.Invoice):
        doc = invoice_document(record)
    elif kind == "timesheet" and isinstance(record, rb.Approval):
        doc = timesheet_document(record, list(entries or ()))
    else:
        raise InvalidInput("kind", "invoice (with an invoice) or timesheet (with an approval)",
                           kind)
    if fmt == "pdf":
        from fcc.store.documents.pdf import pdf_bytes

        return pdf_bytes(doc)
    return (markdown(doc) if fmt == "md" else html_page(doc)).encode("utf-8")
