"""Issue 11 part 2 in the store, on both backends: ids past a 64-bit integer and money past
NUMERIC(12,2) are refused with one line naming the field, before any SQL runs; an unknown id
is bad input (exit code 2)."""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal
from pathlib import Path

import pytest

from fcc.store.bounds import MAX_ID, parse_amount, parse_id
from fcc.store.errors import InvalidInput, UnknownId
from fcc.store.readers import read_csv

BIG = 10**23


@pytest.mark.parametrize("verb", [
    lambda s, i: s.entry(i),
    lambda s, i: s.history(i),
    lambda s, i: s.void_entry(i, "dup"),
    lambda s, i: s.amend_entry(i, note="x"),
    lambda s, i: s.split_entry(i, s.clock.now() - dt.timedelta(hours=1)),
    lambda s, i: s.resume(i),
    lambda s, i: s.stop_timer(entry_id=i),
    lambda s, i: s.start_timer(None, card=i),
])
def test_ids_past_64_bits_are_refused_before_any_sql(store, verb):
    for bad in (BIG, MAX_ID + 1, 0, -1):
        with pytest.raises(InvalidInput, match=r"^(entry|card): expected an? (entry|card) id "
                                               r"\(a whole number from 1 to 9223372036854775807\)"):
            verb(store, bad)
    with pytest.raises(UnknownId) as unknown:
        verb(store, MAX_ID)  # the largest id the database holds: looked up, not there
    assert unknown.value.exit_code == 2


def test_a_csv_card_id_out_of_range_skips_its_row(tmp_path):
    path = tmp_path / "in.csv"
    path.write_text("project,start,end,card\n"
                    f"Admin,2026-11-20T09:00:00Z,2026-11-20T10:00:00Z,{BIG}\n"
                    "Admin,2026-11-20T10:00:00Z,2026-11-20T11:00:00Z,\u00b2\n"
                    "Admin,2026-11-20T11:00:00Z,2026-11-20T12:00:00Z,7\n", encoding="utf-8")
    first, second, third = read_csv(path)
    assert first.reason.startswith("card: expected a card id (a whole number from 1 to ")  # type: ignore[union-attr]
    assert second.reason.endswith("got '²'")  # type: ignore[union-attr]
    assert third.card == 7  # type: ignore[union-attr]


@pytest.mark.parametrize("value", ["1e30", "1e-30", "NaN", "sNaN", "Infinity", "-1", "95.001",
                                   "10000000000", "1_000", "", " ", "0x10", True, [], 1e300,
                                   Decimal("-0.001")])
def test_money_outside_numeric_12_2_is_refused(value):
    with pytest.raises(InvalidInput, match="^rate: expected an hourly rate from 0 to "
                                           r"9999999999\.99 with at most two decimals"):
        parse_amount(value, "rate")


@pytest.mark.parametrize("value, kept", [("0", "0.00"), ("87.5", "87.50"), ("87.500", "87.50"),
                                         ("9999999999.99", "9999999999.99"), (95, "95.00"),
                                         (87.5, "87.50"), ("-0", "0.00"), ("1E+2", "100.00")])
def test_money_inside_is_kept_to_the_cent(value, kept):
    assert str(parse_amount(value, "rate")) == kept


def test_rates_and_budgets_in_the_store(store):
    for bad in ("1e30", Decimal("1E+30"), "1e-30", Decimal("NaN")):
        with pytest.raises(InvalidInput, match="^hourly_rate: expected an hourly rate"):
            store.create_client({"name": "Z", "hourly_rate": bad})
        with pytest.raises(InvalidInput, match="^budget_hours: expected a number of hours"):
            store.create_project({"name": "P", "budget_hours": bad})
    assert store.list_clients() == [] and store.list_projects() == []
    top = store.create_client({"name": "Top", "hourly_rate": "9999999999.99"})
    assert top.hourly_rate == Decimal("9999999999.99")  # NUMERIC(12,2) holds it on both
    project = store.create_project({"name": "Big", "client": "Top",
                                    "budget_hours": "99999999.99"})
    assert project.budget_hours == Decimal("99999999.99")


def test_parse_id_reads_only_ascii_digits():
    assert parse_id("42", "entry") == 42 and parse_id("#7", "card") == 7
    assert parse_id(MAX_ID, "entry") == MAX_ID
    for bad in ("٣", "4 2", "+4", "-4", "4.0", "", "9" * 25, True, 4.0, None):
        with pytest.raises(InvalidInput):
            parse_id(bad, "entry")


def test_an_import_reads_only_regular_files(tmp_path):
    """`fcc import csv FIFO` hung forever; `/dev/zero` would have read until memory ran out."""
    from fcc.store.readers import NotImportable, read_timewarrior

    fifo = tmp_path / "in.csv"
    os.mkfifo(fifo)
    for path, kind in ((fifo, "a FIFO (named pipe)"), (Path("/dev/zero"), "a character device")):
        with pytest.raises(NotImportable) as err:
            read_csv(path)
        assert str(err.value) == f"csv: cannot read {path}: expected a regular file, got {kind}"
    data = tmp_path / "tw" / "data"
    data.mkdir(parents=True)
    os.mkfifo(data / "2026-11.data")
    with pytest.raises(NotImportable, match="^timewarrior: cannot read .*2026-11.data: expected "
                                            "a regular file, got a FIFO"):
        read_timewarrior(tmp_path / "tw")
