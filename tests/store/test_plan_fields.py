"""Plan fields read from typed text: a measure (``measure_spec``) and a tactic's weeks
(``weeks_spec``) — the command line and the app's forms share them."""

from __future__ import annotations

from decimal import Decimal

import pytest

from fcc.store.errors import InvalidInput
from fcc.store.plans.fields import measure_spec, spec_text, weeks_spec


@pytest.mark.parametrize(("text", "expected"), [
    ("Billed revenue = 12000 EUR from billed on client:Acme",
     {"name": "Billed revenue", "target": Decimal("12000"), "unit": "EUR", "period": None,
      "source": "billed", "scope": {"clients": ["Acme"]}}),
    ("Client hours = 25 h per week from hours on client:Acme, tag:deep",
     {"name": "Client hours", "target": Decimal(25), "unit": "h", "period": "week",
      "source": "hours", "scope": {"clients": ["Acme"], "tags": ["deep"]}}),
    ("Sales calls = 5 per week",
     {"name": "Sales calls", "target": Decimal(5), "unit": "", "period": "week",
      "source": "manual", "scope": {}}),
    ("Half marathon (min) = 119",
     {"name": "Half marathon (min)", "target": Decimal(119), "unit": "", "period": None,
      "source": "manual", "scope": {}}),
    ("Deep work = 20h/week from tracked hours on project:Acme/Site, #41, card:7",
     {"name": "Deep work", "target": Decimal(20), "unit": "h", "period": "week",
      "source": "hours", "scope": {"projects": ["Acme/Site"], "cards": [41, 7]}}),
    ("Revenue = 1,000,000.50 EUR per cycle",
     {"name": "Revenue", "target": Decimal("1000000.50"), "unit": "EUR", "period": "cycle",
      "source": "manual", "scope": {}}),
    ("Journaling", {"name": "Journaling", "target": None, "unit": "", "period": None,
                    "source": "manual", "scope": {}}),
    ("Remote revenue = from billed on client:Work from home, client:work FROM home",
     {"name": "Remote revenue", "target": None, "unit": "", "period": None, "source": "billed",
      "scope": {"clients": ["Work from home"]}}),
    ("  Hours   =  30  from hours  ", {"name": "Hours", "target": Decimal(30), "unit": "h",
                                       "period": None, "source": "hours", "scope": {}}),
])
def test_measure_spec_reads_what_users_type(text: str, expected: dict[str, object]) -> None:
    assert measure_spec(text) == expected


@pytest.mark.parametrize(("text", "says"), [
    ("", "a measure like"),
    ("= 5", "a name before '='"),
    ("Calls = lots", "a target number"),
    ("Calls = -3", "a number from 0"),
    ("Calls = 1,5", "a target number"),
    ("Calls = 2.555", "at most two decimals"),
    ("Calls = 5 per month", "'per week' or 'per cycle'"),
    ("Calls = 5 per week per cycle", "one 'per ...'"),
    ("Hours = 5 from clocks", "'from hours'"),
    ("Hours = 5 on tag:deep", "a typed measure has no scope"),
    ("Hours = 5 from hours on Acme", "a scope like client:Acme"),
    ("Hours = 5 from hours on card:x", "a card id"),
    ("Hours = 5 from hours on", "a scope like"),
    ("Calls = 5 " + "u" * 21, "a unit of at most 20"),
    ("C" * 201 + " = 5", "a name of at most 200"),
])
def test_measure_spec_refuses_naming_the_field(text: str, says: str) -> None:
    with pytest.raises(InvalidInput) as err:
        measure_spec(text)
    assert err.value.field == "measure"
    assert says in str(err.value)
    assert "\n" not in str(err.value)


def test_spec_text_reads_back_the_same() -> None:
    for text in ("Billed revenue = 12000 EUR per cycle from billed on client:Acme",
                 "Client hours = 25.50 per week from hours on client:Acme, tag:deep",
                 "Sales calls = 5 per week", "Journaling"):
        spec = measure_spec(text)
        label = text.partition(" on ")[2]
        again = spec_text(name=spec["name"], target=spec["target"], unit=spec["unit"],
                          period=spec["period"], source=spec["source"], scope_label=label)
        assert measure_spec(again) == spec


@pytest.mark.parametrize(("text", "weeks"), [
    ("1-4", (1, 4)), ("3", (3, 3)), ("all", (1, 12)), ("every week", (1, 12)),
    ("W2-W6", (2, 6)), ("w2–w6", (2, 6)), ("weeks 7 to 12", (7, 12)), (" 12 ", (12, 12)),
    (5, (5, 5)), ((2, 3), (2, 3)),
])
def test_weeks_spec(text: object, weeks: tuple[int, int]) -> None:
    assert weeks_spec(text) == weeks


@pytest.mark.parametrize("text", ["0", "13", "5-2", "1-13", "soon", "", None, True, "1-"])
def test_weeks_spec_refuses(text: object) -> None:
    with pytest.raises(InvalidInput) as err:
        weeks_spec(text)
    assert err.value.field == "weeks"
