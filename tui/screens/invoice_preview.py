"""``enter`` on the Invoices pane: the invoice as it is sent — the document the export writes
(:func:`fcc.store.documents.layout.invoice_document`, the layout every format prints), drawn
by :mod:`fcc.tui.widgets.invoice_document`: what the names and notes in it say is shown, never
read as markup or sent to the terminal."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from fcc.tui.storework import store_work
from fcc.tui.text import one_line
from fcc.tui.widgets.invoice_document import document_view

if TYPE_CHECKING:
    from fcc.store import records_billing as rb
    from fcc.store.api import Store
    from fcc.store.documents.layout import Document
    from fcc.tui.screens.invoices import InvoicesPane


def open_preview(pane: InvoicesPane, invoice_id: int) -> None:
    """Read the invoice and its document on the store's thread, then show them."""

    def read(store: Store) -> tuple[rb.Invoice, Document]:
        from fcc.store.documents.layout import invoice_document

        inv = store.invoice(invoice_id)
        return inv, invoice_document(inv)

    def show(found: tuple[rb.Invoice, Document]) -> None:
        pane.app.push_screen(InvoicePreview(*found))

    store_work(pane).run(pane, read, show, group="invoice-preview")


class InvoicePreview(ModalScreen[None]):
    """The document, scrollable; Escape (or q, or enter) closes it."""

    BINDINGS = [Binding("escape,q,enter", "close", "Close", id="preview.close",
                        tooltip="Close the preview")]

    def __init__(self, inv: rb.Invoice, document: Document) -> None:
        super().__init__(classes="form-modal")
        self.invoice = inv
        self.document = document
        self.view = document_view(document)

    def compose(self) -> ComposeResult:
        inv = self.invoice
        with Vertical(classes="dialog preview"):
            yield Static(Text(one_line(f"{inv.label} · {inv.client} · {inv.status}"),
                              style="bold"), classes="dialog-title")
            with VerticalScroll(id="preview-body"):
                yield Static(self.view, id="preview-text")
            yield Static(Text("↑↓ scroll · Esc closes", style="dim"))

    def on_mount(self) -> None:
        self.query_one("#preview-body").focus()

    def action_close(self) -> None:
        self.dismiss(None)
