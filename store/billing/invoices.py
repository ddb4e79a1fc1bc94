"""Billing verbs: invoices (see the package's docstring)."""

from __future__ import annotations

from fcc.store.billing.base import BillingBase


class InvoiceVerbs(BillingBase):
    pass
