"""A client's invoice details (migration 0006's columns), both backends: stored and read back
through create_client and set_client, each bad value refused in one line naming the field
(nothing written), and every change in the activity log."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from fcc.store.errors import InvalidInput
from tests.store.helpers import q


def test_the_details_round_trip(store):
    made = store.create_client({
        "name": "Acme", "address": "  Main St 1 \n\n 10115   Berlin\r\nGermany ",
        "tax_id": " DE 123 ", "payment_terms": "14", "tax_rate": "19.5",
        "reverse_charge": True, "needs_approval": True})
    assert (made.address, made.tax_id, made.payment_terms, made.tax_rate) == (
        "Main St 1\n10115 Berlin\nGermany", "DE 123", 14, Decimal("19.50"))
    assert made.reverse_charge and made.needs_approval
    assert store.find_client("acme") == made
    plain = store.create_client({"name": "Plain"})
    assert (plain.address, plain.tax_id, plain.payment_terms, plain.tax_rate,
            plain.reverse_charge, plain.needs_approval) == ("", "", None, None, False, False)
    changed = store.set_client("Acme", payment_terms=None, tax_rate=None, reverse_charge=False,
                               address="PO Box 7", tax_id="")
    assert (changed.payment_terms, changed.tax_rate, changed.reverse_charge, changed.address,
            changed.tax_id, changed.needs_approval) == (None, None, False, "PO Box 7", "", True)
    [(before, after)] = q(store.target, "SELECT before, after FROM activity WHERE entity = "
                                        "'client' AND action = 'update'")
    assert json.loads(before)["tax_rate"] in ("19.5", "19.50", 19.5)
    assert json.loads(after)["address"] == "PO Box 7"
    [(message,)] = q(store.target, "SELECT after FROM activity WHERE entity = 'batch' "
                                   "ORDER BY id DESC LIMIT 1")
    assert json.loads(message)["message"] == (
        "change client Acme: address PO Box 7, tax id -, payment terms None, tax rate None, "
        "reverse charge False")


@pytest.mark.parametrize("field, value, expected", [
    ("tax_rate", "100.01", "a tax rate in percent from 0 to 100 with at most two decimals"),
    ("tax_rate", "-1", "a tax rate in percent"),
    ("tax_rate", "7.125", "a tax rate in percent"),
    ("tax_rate", "NaN", "a tax rate in percent"),
    ("payment_terms", 366, "payment terms in days, a whole number from 0 to 365, e.g. 30"),
    ("payment_terms", "-1", "payment terms in days"),
    ("payment_terms", "1.5", "payment terms in days"),
    ("tax_id", "x" * 65, "a tax id like DE123456789 of at most 64 characters"),
    ("tax_id", "DE\u202e1", "a text without control characters (bidirectional control "
                            "U+202E is not allowed)"),
    ("address", "Main\x00St", "a line without control characters (control character U+0000"),
    ("address", "a" * 501, "an address of at most 500 characters"),
    ("reverse_charge", "maybe", "true or false"),
])
def test_bad_details_are_one_line_and_write_nothing(store, field, value, expected):
    store.create_client({"name": "Acme"})
    counter = store.change_counter()
    with pytest.raises(InvalidInput) as err:
        store.set_client("Acme", **{field: value})
    assert str(err.value).startswith(f"{field}: expected {expected}")
    assert "\n" not in str(err.value)
    with pytest.raises(InvalidInput):
        store.create_client({"name": "Beta", field: value})
    assert store.change_counter() == counter
