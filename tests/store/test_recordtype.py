"""Records (``fcc.store.recordtype``) behave as the frozen, keyword-only dataclasses they
replace, without importing ``dataclasses`` on the quick paths."""

from __future__ import annotations

import dataclasses
import datetime as dt
import subprocess
import sys
from decimal import Decimal

import pytest

from fcc.store.records import Change, Entry, as_dict
from fcc.store.recordtype import as_plain_dict, fields_of, record, replace


@record
class Point:
    x: int
    y: int
    tags: tuple[str, ...] = ()
    label: str | None = None


def _entry(**changes: object) -> Entry:
    start = dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC)
    values: dict[str, object] = dict(
        id=1, no=1, uuid="u", project_id=2, project="Acme/Site", client="Acme",
        work_item_id=None, work_item=None, start=start, end=None, zone="UTC", note="n",
        tags=("a",), billable=True, rate=Decimal("95.00"), currency="EUR", superseded_by=None,
        voided_at=None, void_reason=None, invoice_ref=None, source_key=None, created_at=start)
    return Entry(**{**values, **changes})  # type: ignore[arg-type]


def test_keyword_only_with_defaults_equal_and_hashable():
    p = Point(x=1, y=2)
    assert (p.x, p.y, p.tags, p.label) == (1, 2, (), None)
    assert p == Point(x=1, y=2) and hash(p) == hash(Point(x=1, y=2))
    assert p != Point(x=1, y=3) and p != (1, 2)
    assert repr(p) == "Point(x=1, y=2, tags=(), label=None)"
    assert fields_of(p) == ("x", "y", "tags", "label")
    with pytest.raises(TypeError):
        Point(1, 2)  # type: ignore[misc]
    with pytest.raises(TypeError):
        Point(x=1)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Point(x=1, y=2, z=3)  # type: ignore[call-arg]


def test_frozen_as_a_dataclass_is():
    p = Point(x=1, y=2)
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.x = 5  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del p.y  # type: ignore[misc]
    assert p.x == 1


def test_replace_and_as_dict():
    e = _entry()
    later = replace(e, note="m", end=e.start + dt.timedelta(hours=1))
    assert (later.note, later.seconds(e.start), e.note) == ("m", 3600, "n")
    assert e.running and not later.running and later.current
    change = Change(action="stop", message="stopped", entry=later, discarded=(e,))
    plain = as_plain_dict(change)
    assert plain["entry"]["note"] == "m" and plain["discarded"][0]["tags"] == ("a",)
    assert as_dict(e)["rate"] == "95.00" and as_dict(e)["start"].startswith("2026-12-01T09:00")


def test_the_records_import_neither_dataclasses_nor_typing():
    code = ("import sys; import fcc.store.records as r; r.Entry; "
            "print(sorted(m for m in ('dataclasses', 'typing', 'inspect') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"
