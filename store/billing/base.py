"""What the billing verbs share: the settings from the config file, the report core they
price with, the entry verbs whose rules they extend."""

from __future__ import annotations

from fcc.store import records_billing as rb
from fcc.store.entries import EntryVerbs
from fcc.store.reports import ReportVerbs


class BillingBase(ReportVerbs, EntryVerbs):
    # The config file's [seller] and [invoice] tables; whoever opens the store for a user
    # (fcc.tui.cli.base.open_store, the app) sets them. Defaults: no seller details.
    billing: rb.BillingSettings = rb.BillingSettings()
