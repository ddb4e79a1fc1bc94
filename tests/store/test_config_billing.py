"""The config file's [seller] and [invoice] tables: read into the store's billing settings,
every bad value one line naming its key and line (the number patterns checked when read), and
the quick paths stepping aside for a file they cannot vouch for."""

from __future__ import annotations

from pathlib import Path

import pytest

from fcc.store import records_billing as rb
from fcc.store.config import Config, InvoiceTable, SellerTable, load_config
from fcc.store.configfile import (
    INVOICE_KEYS,
    SELLER_KEYS,
    billing_settings,
    pattern_value,
    quick_overrides,
)
from fcc.store.recordtype import fields_of
from tests.store.test_config import error_of, write

FULL = """\
[time]
zone = "Europe/Berlin"

[seller]
name = "  Jo   Freelance "
address = "Main St 1\\n\\n10115 Berlin  "
tax_id = "DE999"
email = "jo@example.com"
bank = "IBAN DE00 1234 5678\\nBIC ABCDEFGH"

[invoice]
number_pattern = "INV/{year}/{seq:05}"
credit_pattern = "GS-{seq:03}-{year}"
payment_terms = 21
group_by = "Day"
"""


def test_the_tables_hold_exactly_their_keys():
    assert list(SellerTable.model_fields) == list(SELLER_KEYS)
    assert list(InvoiceTable.model_fields) == list(INVOICE_KEYS)
    assert list(fields_of(rb.Party)) == list(SELLER_KEYS)


def test_a_full_file_gives_the_billing_settings(tmp_path):
    path = write(tmp_path, FULL)
    billing = load_config(path).billing()
    assert billing == rb.BillingSettings(
        seller=rb.Party(name="Jo Freelance", address="Main St 1\n10115 Berlin",
                        tax_id="DE999", email="jo@example.com",
                        bank="IBAN DE00 1234 5678\nBIC ABCDEFGH"),
        number_pattern="INV/{year}/{seq:05}", credit_pattern="GS-{seq:03}-{year}",
        payment_terms=21, group_by="day")
    assert billing_settings({"FCC_CONFIG": str(path)}) == billing
    assert quick_overrides({"FCC_CONFIG": str(path)}) == {"zone": "Europe/Berlin"}


def test_without_a_file_the_defaults(tmp_path):
    assert Config().billing() == rb.BillingSettings()
    assert billing_settings({"FCC_CONFIG": str(tmp_path / "none.toml")}) == rb.BillingSettings()
    assert rb.BillingSettings().number_pattern == "{year}-{seq:04}"


@pytest.mark.parametrize("text, message", [
    ('[invoice]\nnumber_pattern = "{year}"\n',
     " line 2: invoice.number_pattern: expected a number pattern with {year} and {seq} (e.g. "
     "{seq:04} for 0001) and no other placeholder, like '{year}-{seq:04}', got '{year}'"),
    ('[invoice]\nnumber_pattern = "{seq:04}"\n', " line 2: invoice.number_pattern: expected"),
    ('[invoice]\nnumber_pattern = "{year}-{seq}-{client}"\n',
     " line 2: invoice.number_pattern: expected"),
    ('[invoice]\nnumber_pattern = "{year}-{seq!r}"\n', " line 2: invoice.number_pattern: "),
    ('[invoice]\nnumber_pattern = "{year}-{seq:zz}"\n', " line 2: invoice.number_pattern: "),
    ('[invoice]\nnumber_pattern = "{year}-{seq"\n', " line 2: invoice.number_pattern: "),
    ('[invoice]\ncredit_pattern = "{year}-{seq:>80}"\n',
     " line 2: invoice.credit_pattern: expected a number pattern with {year} and {seq} (e.g. "
     "{seq:04} for 0001) and no other placeholder, like '{year}-{seq:04}', making numbers of "
     "at most 64 characters without control characters, got '{year}-{seq:>80}'"),
    ('[invoice]\nnumber_pattern = 4\n', " line 2: invoice.number_pattern: expected a number "),
    ('[invoice]\nnumber_pattern = "N{year}{seq}"\ncredit_pattern = "N{year}{seq:d}"\n',
     " line 3: invoice.credit_pattern: expected a credit_pattern that makes other numbers "
     "than number_pattern, like 'CN-{year}-{seq:04}', got 'N{year}{seq:d}'"),
    ('[invoice]\npayment_terms = 366\n',
     " line 2: invoice.payment_terms: expected payment terms in days, a whole number from 0 "
     "to 365, e.g. 30, got 366"),
    ('[invoice]\npayment_terms = "30"\n', " line 2: invoice.payment_terms: expected payment "),
    ('[invoice]\ngroup_by = "week"\n',
     " line 2: invoice.group_by: expected one of project, card, day, got 'week'"),
    ('[invoice]\nnumber = "{year}-{seq}"\n',
     " line 2: invoice.number: unknown key in [invoice]; expected one of number_pattern, "
     "credit_pattern, payment_terms, group_by"),
    ('[seller]\nname = "Jo\\u0007"\n',
     " line 2: seller.name: expected a text without control characters (control character "
     "U+0007 is not allowed), got 'Jo\\x07'"),
    ('[seller]\nemail = "jo at example"\n',
     " line 2: seller.email: expected an email address like name@example.com, got "
     "'jo at example'"),
    ('[seller]\ntax_id = "' + "9" * 65 + '"\n',
     " line 2: seller.tax_id: expected a tax id like DE123456789 of at most 64 characters"),
    ('[seller]\naddress = ["Main St 1"]\n',
     " line 2: seller.address: expected an address as text (lines separated by \\n), got an "
     "array"),
    ('[seller]\nbank = "IBAN\\tDE00"\n', " line 2: seller.bank: expected a line without "),
    ('[seller]\nnam = "Jo"\n',
     " line 2: seller.nam: unknown key in [seller]; expected one of name, address, tax_id, "
     "email, bank (did you mean name?)"),
    ('name = "Jo"\n',
     " line 1: name: unknown key outside the tables; expected the tables [time], [tui], "
     "[keys], [seller], [invoice] (did you mean to put it under [seller]?)"),
])
def test_each_bad_value_is_one_line_naming_its_key(tmp_path, text, message):
    path = write(tmp_path, text)
    assert error_of(path).startswith(message)
    assert quick_overrides({"FCC_CONFIG": str(path)}) is None  # the full path says what


def test_the_patterns_format_the_numbers_they_promise():
    assert pattern_value("{year}-{seq:04}").format(year=2026, seq=3) == "2026-0003"
    assert pattern_value("R{seq}/{year:02}").format(year=2027, seq=12) == "R12/2027"
    assert pattern_value("{{draft}}{year}{seq:x}").format(year=2026, seq=255) == "{draft}2026ff"


def test_a_bad_billing_table_stops_every_command(tmp_path):
    """(open_store reads the file whole before anything is opened.)"""
    from fcc.store.config import ConfigError
    from fcc.tui.cli.base import user_config

    path = write(tmp_path, '[invoice]\ngroup_by = "week"\n')
    import os

    os.environ["FCC_CONFIG"] = str(path)
    try:
        with pytest.raises(ConfigError, match="invoice.group_by: expected one of project"):
            user_config()
    finally:
        os.environ["FCC_CONFIG"] = str(Path(__file__).parent.parent / "no-such-config.toml")
