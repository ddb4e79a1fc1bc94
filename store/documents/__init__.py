"""Documents to send: invoices, credit notes and timesheets as Markdown, self-contained HTML
and PDF (PDF through the optional ``fcc[pdf]`` extra, fpdf2).

Pure functions of records (``fcc.store.records_billing``, ``fcc.store.records``): no database,
no Textual. Text from the database is data here too: escaped for the format it goes into
(Markdown, HTML), never markup.
"""

from __future__ import annotations
