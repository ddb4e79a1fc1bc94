"""Billing: the store's verbs for client approvals of timesheets, invoices and credit notes,
and what is not billed yet.

One module per group of verbs (each a mixin on :class:`fcc.store.api.Store`); what they share
is in :mod:`fcc.store.billing.base`, the freeze rules every writer of time entries checks in
:mod:`fcc.store.billing.locks`. Records are in :mod:`fcc.store.records_billing`. Activity
entities: ``approval``, ``invoice``.
"""

from __future__ import annotations

from fcc.store.billing.approvals import ApprovalVerbs
from fcc.store.billing.invoices import InvoiceVerbs
from fcc.store.billing.unbilled import UnbilledVerbs


class BillingVerbs(InvoiceVerbs, ApprovalVerbs, UnbilledVerbs):
    """Every billing verb (composed into the Store)."""


__all__ = ["BillingVerbs"]
