"""fcc.store.when: times and durations as typed, and the local calendar across DST changes."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fcc.store.errors import InvalidInput
from fcc.store.when import (
    day_start,
    days_between,
    format_duration,
    format_local,
    local_date,
    parse_duration,
    parse_when,
    period,
)

UTC = dt.UTC
BERLIN = "Europe/Berlin"
NEW_YORK = "America/New_York"
NOW = dt.datetime(2026, 11, 23, 10, 30, tzinfo=UTC)  # Monday; 11:30 in Berlin, 05:30 in New York
H = dt.timedelta(hours=1)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0,
        second: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, second, tzinfo=UTC)


def when(text: str, zone: str = BERLIN, now: dt.datetime = NOW) -> dt.datetime:
    got = parse_when(text, now=now, zone=zone)
    assert got.tzinfo is UTC and got.microsecond == 0
    return got


# --- parse_when: accepted forms -----------------------------------------------------------------

BERLIN_CASES = [
    # wall times today (2026-11-23, UTC+1)
    ("17:30", utc(2026, 11, 23, 16, 30)),
    ("9:00", utc(2026, 11, 23, 8, 0)),
    ("09:00", utc(2026, 11, 23, 8, 0)),
    ("0:00", utc(2026, 11, 22, 23, 0)),
    ("23:59:59", utc(2026, 11, 23, 22, 59, 59)),
    ("9:05:30", utc(2026, 11, 23, 8, 5, 30)),
    ("9am", utc(2026, 11, 23, 8, 0)),
    ("9 am", utc(2026, 11, 23, 8, 0)),
    ("5:30pm", utc(2026, 11, 23, 16, 30)),
    ("5:30 p.m.", utc(2026, 11, 23, 16, 30)),
    ("12am", utc(2026, 11, 22, 23, 0)),
    ("12pm", utc(2026, 11, 23, 11, 0)),
    ("12:15am", utc(2026, 11, 22, 23, 15)),
    ("11:59pm", utc(2026, 11, 23, 22, 59)),
    # a later time today stays today: the caller decides what the future means
    ("23:00", utc(2026, 11, 23, 22, 0)),
    # day words
    ("yesterday 9:00", utc(2026, 11, 22, 8, 0)),
    ("today 14:00", utc(2026, 11, 23, 13, 0)),
    ("tomorrow 8:00", utc(2026, 11, 24, 7, 0)),
    ("yesterday", utc(2026, 11, 21, 23, 0)),
    ("today", utc(2026, 11, 22, 23, 0)),
    ("tomorrow", utc(2026, 11, 23, 23, 0)),
    ("yesterday 5:30pm", utc(2026, 11, 22, 16, 30)),
    # weekdays: the most recent on or before today (today is a Monday)
    ("monday 9:00", utc(2026, 11, 23, 8, 0)),
    ("mon 9:00", utc(2026, 11, 23, 8, 0)),
    ("monday", utc(2026, 11, 22, 23, 0)),
    ("sunday 9:00", utc(2026, 11, 22, 8, 0)),
    ("sun 9:00", utc(2026, 11, 22, 8, 0)),
    ("saturday 10:00", utc(2026, 11, 21, 9, 0)),
    ("friday", utc(2026, 11, 19, 23, 0)),
    ("fri 17:00", utc(2026, 11, 20, 16, 0)),
    ("thursday 9am", utc(2026, 11, 19, 8, 0)),
    ("wed 9:00", utc(2026, 11, 18, 8, 0)),
    ("tuesday 9:00", utc(2026, 11, 17, 8, 0)),
    ("tue 9:00", utc(2026, 11, 17, 8, 0)),
    # local dates
    ("2026-11-20 14:00", utc(2026, 11, 20, 13, 0)),
    ("2026-11-20T14:00", utc(2026, 11, 20, 13, 0)),
    ("2026-11-20t14:00", utc(2026, 11, 20, 13, 0)),
    ("2026-11-20 14:00:05", utc(2026, 11, 20, 13, 0, 5)),
    ("2026-11-20 2pm", utc(2026, 11, 20, 13, 0)),
    ("2026-11-20", utc(2026, 11, 19, 23, 0)),
    ("2026-07-01 12:00", utc(2026, 7, 1, 10, 0)),  # summer time, UTC+2
    ("2027-01-01", utc(2026, 12, 31, 23, 0)),
    # instants (the zone does not matter)
    ("2026-11-20T14:00:00+01:00", utc(2026, 11, 20, 13, 0)),
    ("2026-11-20T13:00Z", utc(2026, 11, 20, 13, 0)),
    ("2026-11-20T13:00:00Z", utc(2026, 11, 20, 13, 0)),
    ("2026-11-20T13:00:00.987654Z", utc(2026, 11, 20, 13, 0)),
    ("2026-11-20 13:00Z", utc(2026, 11, 20, 13, 0)),
    ("2026-11-20T08:00-05:00", utc(2026, 11, 20, 13, 0)),
    ("2026-11-20T18:30+0530", utc(2026, 11, 20, 13, 0)),
    ("2026-11-20T15:00+02", utc(2026, 11, 20, 13, 0)),
    # relative to now (10:30:00Z)
    ("now", utc(2026, 11, 23, 10, 30)),
    ("-15m", utc(2026, 11, 23, 10, 15)),
    ("-1h30m", utc(2026, 11, 23, 9, 0)),
    ("-1h 30m", utc(2026, 11, 23, 9, 0)),
    ("-90s", utc(2026, 11, 23, 10, 28, 30)),
    ("-2h", utc(2026, 11, 23, 8, 30)),
    ("-1.5h", utc(2026, 11, 23, 9, 0)),
    ("- 15m", utc(2026, 11, 23, 10, 15)),
    ("-15min", utc(2026, 11, 23, 10, 15)),
    ("+10m", utc(2026, 11, 23, 10, 40)),
    ("15m ago", utc(2026, 11, 23, 10, 15)),
    ("1h30m ago", utc(2026, 11, 23, 9, 0)),
    ("2 hours ago", utc(2026, 11, 23, 8, 30)),
]


@pytest.mark.parametrize(("text", "expected"), BERLIN_CASES)
def test_parse_when_berlin(text: str, expected: dt.datetime) -> None:
    assert when(text) == expected


NEW_YORK_CASES = [
    # New York is UTC-5 on 2026-11-23 and it is 05:30 there
    ("17:30", utc(2026, 11, 23, 22, 30)),
    ("9:00", utc(2026, 11, 23, 14, 0)),
    ("9:05:30", utc(2026, 11, 23, 14, 5, 30)),
    ("9am", utc(2026, 11, 23, 14, 0)),
    ("5:30pm", utc(2026, 11, 23, 22, 30)),
    ("yesterday 9:00", utc(2026, 11, 22, 14, 0)),
    ("today 14:00", utc(2026, 11, 23, 19, 0)),
    ("tomorrow 8:00", utc(2026, 11, 24, 13, 0)),
    ("yesterday", utc(2026, 11, 22, 5, 0)),
    ("today", utc(2026, 11, 23, 5, 0)),
    ("monday 9:00", utc(2026, 11, 23, 14, 0)),
    ("mon 9:00", utc(2026, 11, 23, 14, 0)),
    ("sunday", utc(2026, 11, 22, 5, 0)),
    ("fri 9:00", utc(2026, 11, 20, 14, 0)),
    ("2026-11-20 14:00", utc(2026, 11, 20, 19, 0)),
    ("2026-11-20T14:00", utc(2026, 11, 20, 19, 0)),
    ("2026-11-20 14:00:05", utc(2026, 11, 20, 19, 0, 5)),
    ("2026-11-20", utc(2026, 11, 20, 5, 0)),
    ("2026-07-04 12:00", utc(2026, 7, 4, 16, 0)),  # daylight time, UTC-4
    ("2026-11-20T14:00:00+01:00", utc(2026, 11, 20, 13, 0)),
    ("2026-11-20T13:00Z", utc(2026, 11, 20, 13, 0)),
    ("-15m", utc(2026, 11, 23, 10, 15)),
    ("15m ago", utc(2026, 11, 23, 10, 15)),
    ("now", utc(2026, 11, 23, 10, 30)),
]


@pytest.mark.parametrize(("text", "expected"), NEW_YORK_CASES)
def test_parse_when_new_york(text: str, expected: dt.datetime) -> None:
    assert when(text, NEW_YORK) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("  YESTERDAY 9:00 ", utc(2026, 11, 22, 8, 0)),
        ("Mon 9:00", utc(2026, 11, 23, 8, 0)),
        ("MONDAY   9:00", utc(2026, 11, 23, 8, 0)),
        ("5:30PM", utc(2026, 11, 23, 16, 30)),
        ("9AM", utc(2026, 11, 23, 8, 0)),
        ("NOW", utc(2026, 11, 23, 10, 30)),
        ("Today", utc(2026, 11, 22, 23, 0)),
        ("2026-11-20T13:00z", utc(2026, 11, 20, 13, 0)),
        ("15M AGO", utc(2026, 11, 23, 10, 15)),
        ("\t-15m\n", utc(2026, 11, 23, 10, 15)),
    ],
)
def test_parse_when_ignores_case_and_surrounding_space(text: str, expected: dt.datetime) -> None:
    assert when(text) == expected


def test_today_is_the_local_date_not_the_utc_date() -> None:
    late = utc(2026, 11, 24, 3, 0)  # still Monday 22:00 in New York, Tuesday 04:00 in Berlin
    assert when("9:00", NEW_YORK, late) == utc(2026, 11, 23, 14, 0)
    assert when("today", NEW_YORK, late) == utc(2026, 11, 23, 5, 0)
    assert when("monday", NEW_YORK, late) == utc(2026, 11, 23, 5, 0)
    assert when("9:00", BERLIN, late) == utc(2026, 11, 24, 8, 0)
    assert when("monday", BERLIN, late) == utc(2026, 11, 22, 23, 0)  # yesterday in Berlin


def test_weekday_rule_across_a_whole_week() -> None:
    """Each weekday name means the most recent such day on or before today."""
    names = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    for back in range(14):
        now = NOW + dt.timedelta(days=back)  # Monday + back days, same time of day
        today = local_date(now, BERLIN)
        for index, name in enumerate(names):
            got = local_date(when(f"{name} 12:00", BERLIN, now), BERLIN)
            assert got <= today
            assert (today - got).days < 7
            assert got.weekday() == index
            assert when(f"{name[:3]} 12:00", BERLIN, now) == when(f"{name} 12:00", BERLIN, now)


def test_now_is_truncated_and_may_be_in_any_zone() -> None:
    fractional = dt.datetime(2026, 11, 23, 10, 30, 0, 999_999, tzinfo=UTC)
    assert when("now", BERLIN, fractional) == NOW
    assert when("-15m", BERLIN, fractional) == utc(2026, 11, 23, 10, 15)
    tokyo = NOW.astimezone(dt.timezone(dt.timedelta(hours=9)))
    assert when("now", BERLIN, tokyo) == NOW
    assert when("9:00", BERLIN, tokyo) == utc(2026, 11, 23, 8, 0)


def test_utc_zone() -> None:
    assert when("17:30", "UTC") == utc(2026, 11, 23, 17, 30)
    assert when("yesterday", "UTC") == utc(2026, 11, 22)


# --- parse_when: DST ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "text", "now"),
    [
        (BERLIN, "2026-03-29 02:30", NOW),
        (BERLIN, "2026-03-29 02:00", NOW),
        (BERLIN, "2026-03-29T02:59:59", NOW),
        (BERLIN, "today 02:30", utc(2026, 3, 29, 12, 0)),
        (BERLIN, "2:30", utc(2026, 3, 29, 12, 0)),
        (BERLIN, "2:30am", utc(2026, 3, 29, 12, 0)),
        (BERLIN, "sunday 2:30", utc(2026, 3, 30, 12, 0)),
        (NEW_YORK, "2026-03-08 02:30", NOW),
        (NEW_YORK, "yesterday 2:15", utc(2026, 3, 9, 15, 0)),
    ],
)
def test_wall_times_skipped_by_spring_forward_are_refused(
    zone: str, text: str, now: dt.datetime
) -> None:
    with pytest.raises(InvalidInput) as err:
        parse_when(text, now=now, zone=zone, field="--from")
    message = str(err.value)
    assert message.startswith("--from: expected")
    assert f"does not exist in {zone} (clocks jump forward)" in message
    assert "e.g. '" in message  # names a time that does exist
    assert err.value.field == "--from"


def test_spring_forward_suggestion_is_the_time_after_the_jump() -> None:
    with pytest.raises(InvalidInput, match=r"e\.g\. '2026-03-29 03:30'"):
        parse_when("2026-03-29 02:30", now=NOW, zone=BERLIN)


@pytest.mark.parametrize(
    ("zone", "text", "expected"),
    [
        # just around the Berlin spring-forward gap (02:00 CET -> 03:00 CEST)
        (BERLIN, "2026-03-29 01:59:59", utc(2026, 3, 29, 0, 59, 59)),
        (BERLIN, "2026-03-29 03:00", utc(2026, 3, 29, 1, 0)),
        (BERLIN, "2026-03-29 03:30", utc(2026, 3, 29, 1, 30)),
        # Berlin fall back (03:00 CEST -> 02:00 CET): 02:xx happens twice, the first is taken
        (BERLIN, "2026-10-25 02:30", utc(2026, 10, 25, 0, 30)),
        (BERLIN, "2026-10-25 02:00", utc(2026, 10, 25, 0, 0)),
        (BERLIN, "2026-10-25 03:00", utc(2026, 10, 25, 2, 0)),
        (BERLIN, "2026-10-25 01:59", utc(2026, 10, 24, 23, 59)),
        # New York spring forward (02:00 EST -> 03:00 EDT)
        (NEW_YORK, "2026-03-08 01:59", utc(2026, 3, 8, 6, 59)),
        (NEW_YORK, "2026-03-08 03:00", utc(2026, 3, 8, 7, 0)),
        # New York fall back (02:00 EDT -> 01:00 EST): 01:xx twice, the first (EDT) is taken
        (NEW_YORK, "2026-11-01 01:30", utc(2026, 11, 1, 5, 30)),
        (NEW_YORK, "2026-11-01 1:30am", utc(2026, 11, 1, 5, 30)),
        (NEW_YORK, "2026-11-01 02:00", utc(2026, 11, 1, 7, 0)),
        # instants with an offset pick either occurrence explicitly
        (BERLIN, "2026-10-25T02:30+01:00", utc(2026, 10, 25, 1, 30)),
        (NEW_YORK, "2026-11-01T01:30-05:00", utc(2026, 11, 1, 6, 30)),
    ],
)
def test_dst_edges(zone: str, text: str, expected: dt.datetime) -> None:
    assert when(text, zone) == expected


def test_relative_times_are_exact_across_dst() -> None:
    after_jump = utc(2026, 3, 29, 1, 30)  # 03:30 CEST, an hour after 01:30 CET
    assert when("-1h", BERLIN, after_jump) == utc(2026, 3, 29, 0, 30)
    assert format_local(when("-1h", BERLIN, after_jump), BERLIN) == "2026-03-29 01:30"


def test_day_words_on_dst_days() -> None:
    on_the_day = utc(2026, 3, 29, 12, 0)
    assert when("today", BERLIN, on_the_day) == utc(2026, 3, 28, 23, 0)
    assert when("tomorrow", BERLIN, on_the_day) == utc(2026, 3, 29, 22, 0)
    assert when("today 12:00", BERLIN, on_the_day) == utc(2026, 3, 29, 10, 0)
    assert when("yesterday 12:00", BERLIN, on_the_day) == utc(2026, 3, 28, 11, 0)


# --- parse_when: rejected -----------------------------------------------------------------------

REJECTED_WHEN = [
    "",
    "   ",
    "25:00",
    "24:00",
    "12:60",
    "12:30:60",
    "9",
    "930",
    "9.30",
    "9:5",
    "0am",
    "13pm",
    "13:00pm",
    "2026-13-01",
    "2026-02-30",
    "2026-11-20 25:00",
    "2026-11-20 14",
    "2026-11-20 at 14:00",
    "2026-11-20T14:00+25:00",
    "2026-11-20T14:00+01:99",
    "20-11-2026",
    "11/20/2026",
    "yesterday at noon",
    "yesterday at 9:00",
    "noon",
    "midnight",
    "abc",
    "mo 9:00",
    "mondays 9:00",
    "monday 25:00",
    "yesterday 9",
    "today today",
    "-15",
    "-",
    "+",
    "-1:30",
    "+01:00",
    "-15x",
    "-1h30",
    "15 ago",
    "ago",
    "m ago",
    "now-15m",
]

# Outside the one range of valid instants (store/limits.py): named as such.
OUT_OF_RANGE_WHEN = [
    "0001-01-01",
    "1969-12-31 23:59",
    "9999-12-31T23:59-05:00",  # beyond datetime's range in UTC
    "-999999999h",
]


@pytest.mark.parametrize("text", REJECTED_WHEN)
def test_parse_when_rejects(text: str) -> None:
    with pytest.raises(InvalidInput) as err:
        parse_when(text, now=NOW, zone=BERLIN)
    message = str(err.value)
    assert message.startswith("--at: ")
    assert "expected" in message
    assert "17:30" in message  # an example of what works


@pytest.mark.parametrize("text", OUT_OF_RANGE_WHEN)
def test_parse_when_refuses_times_outside_the_range(text: str) -> None:
    with pytest.raises(InvalidInput) as err:
        parse_when(text, now=NOW, zone=BERLIN)
    assert str(err.value).startswith(
        "--at: expected a time between 1970-01-01 and 9999-12-31 (UTC), got ")


@pytest.mark.parametrize("field", ["--at", "--from", "--to", "stop at"])
def test_parse_when_errors_name_the_field(field: str) -> None:
    with pytest.raises(InvalidInput) as err:
        parse_when("yesterday at noon", now=NOW, zone=BERLIN, field=field)
    assert str(err.value).startswith(f"{field}: expected ")
    assert str(err.value).endswith("got 'yesterday at noon'")
    assert err.value.field == field


def test_parse_when_rejects_an_unknown_zone() -> None:
    with pytest.raises(InvalidInput, match=r"^zone: expected an IANA time zone"):
        parse_when("9:00", now=NOW, zone="Mars/Olympus")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30))
def test_parse_when_returns_aware_utc_or_raises_invalid_input(text: str) -> None:
    try:
        got = parse_when(text, now=NOW, zone=BERLIN)
    except InvalidInput as err:
        assert str(err).startswith("--at: expected")
    else:
        assert got.tzinfo is UTC
        assert got.microsecond == 0


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["", "yesterday ", "today ", "tomorrow ", "fri ", "2026-03-29 ",
                     "2026-10-25 "]),
    st.integers(0, 23),
    st.integers(0, 59),
    st.sampled_from([BERLIN, NEW_YORK, "UTC", "Australia/Lord_Howe", "Asia/Kolkata"]),
)
def test_wall_times_round_trip(prefix: str, hour: int, minute: int, zone: str) -> None:
    text = f"{prefix}{hour}:{minute:02d}"
    try:
        got = parse_when(text, now=NOW, zone=zone)
    except InvalidInput as err:
        assert "clocks jump forward" in str(err)
        return
    assert got.tzinfo is UTC
    assert format_local(got, zone, "%H:%M") == f"{hour:02d}:{minute:02d}"


# --- parse_duration -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("1h30m", 5400),
        ("1h 30m", 5400),
        ("90m", 5400),
        ("1.5h", 5400),
        ("45s", 45),
        ("2h", 7200),
        ("1:30", 5400),
        ("0:05", 300),
        ("1:30:15", 5415),
        ("0.25h", 900),
        (".5h", 1800),
        ("1h30m15s", 5415),
        ("30m15s", 1815),
        ("2h15s", 7215),
        ("1H30M", 5400),
        ("  90m ", 5400),
        ("90 min", 5400),
        ("90 minutes", 5400),
        ("2 hours", 7200),
        ("1 hour 30 mins", 5400),
        ("1hr30min", 5400),
        ("45 sec", 45),
        ("1.5m", 90),
        ("0.5s", 1),  # whole seconds, half up
        ("1s", 1),
        ("999h", 999 * 3600),
        ("999:59", 999 * 3600 + 59 * 60),
        ("999h59m59s", 1000 * 3600 - 1),
    ],
)
def test_parse_duration(text: str, seconds: int) -> None:
    got = parse_duration(text)
    assert got == dt.timedelta(seconds=seconds)
    assert got.microseconds == 0


REJECTED_DURATIONS = [
    "",
    " ",
    "0",
    "0m",
    "0h",
    "0:00",
    "0.1s",
    "90",
    "1.5",
    "-5m",
    "+5m",
    "1000h",
    "1000:00",
    "60000m",
    "3600000s",
    "1:60",
    "1:3",
    "abc",
    "h",
    "1h30",
    "1.5.h",
    "1,5h",
    "m30",
    "30m1h",
    "1d",
    "inf h",
    "nanh",
    "5ms",
    "1h-30m",
    "15m ago",
]


@pytest.mark.parametrize("text", REJECTED_DURATIONS)
def test_parse_duration_rejects(text: str) -> None:
    with pytest.raises(InvalidInput) as err:
        parse_duration(text)
    message = str(err.value)
    assert message.startswith("--duration: ")
    assert "expected" in message
    assert "1h30m, 90m or 1.5h" in message


def test_parse_duration_names_the_field() -> None:
    with pytest.raises(InvalidInput) as err:
        parse_duration("soon", field="--length")
    assert str(err.value).startswith("--length: expected ")
    assert err.value.field == "--length"


# --- local_date and day_start -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("instant", "zone", "expected"),
    [
        (NOW, BERLIN, dt.date(2026, 11, 23)),
        (utc(2026, 11, 23, 22, 59, 59), BERLIN, dt.date(2026, 11, 23)),
        (utc(2026, 11, 23, 23, 0), BERLIN, dt.date(2026, 11, 24)),
        (utc(2026, 11, 24, 4, 59), NEW_YORK, dt.date(2026, 11, 23)),
        (utc(2026, 11, 24, 5, 0), NEW_YORK, dt.date(2026, 11, 24)),
        (utc(2026, 11, 24, 0, 0), "UTC", dt.date(2026, 11, 24)),
        # naive is UTC:
        (utc(2026, 11, 23, 23, 30).replace(tzinfo=None), BERLIN, dt.date(2026, 11, 24)),
    ],
)
def test_local_date(instant: dt.datetime, zone: str, expected: dt.date) -> None:
    assert local_date(instant, zone) == expected


@pytest.mark.parametrize(
    ("day", "zone", "expected"),
    [
        (dt.date(2026, 11, 23), BERLIN, utc(2026, 11, 22, 23, 0)),
        (dt.date(2026, 7, 1), BERLIN, utc(2026, 6, 30, 22, 0)),
        (dt.date(2026, 3, 29), BERLIN, utc(2026, 3, 28, 23, 0)),
        (dt.date(2026, 3, 30), BERLIN, utc(2026, 3, 29, 22, 0)),
        (dt.date(2026, 10, 25), BERLIN, utc(2026, 10, 24, 22, 0)),
        (dt.date(2026, 10, 26), BERLIN, utc(2026, 10, 25, 23, 0)),
        (dt.date(2026, 11, 23), NEW_YORK, utc(2026, 11, 23, 5, 0)),
        (dt.date(2026, 3, 8), NEW_YORK, utc(2026, 3, 8, 5, 0)),
        (dt.date(2026, 3, 9), NEW_YORK, utc(2026, 3, 9, 4, 0)),
        (dt.date(2026, 11, 1), NEW_YORK, utc(2026, 11, 1, 4, 0)),
        (dt.date(2026, 11, 2), NEW_YORK, utc(2026, 11, 2, 5, 0)),
        (dt.date(2026, 11, 23), "UTC", utc(2026, 11, 23)),
        # midnight does not exist: Santiago jumps 00:00 -> 01:00, the day starts at the jump
        (dt.date(2026, 9, 6), "America/Santiago", utc(2026, 9, 6, 4, 0)),
        (dt.date(2026, 3, 8), "America/Havana", utc(2026, 3, 8, 5, 0)),
        # midnight happens twice: Havana falls back 01:00 -> 00:00, the first one counts
        (dt.date(2026, 11, 1), "America/Havana", utc(2026, 11, 1, 4, 0)),
        # Samoa skipped 2011-12-30 entirely: it "starts" when 2011-12-31 does
        (dt.date(2011, 12, 30), "Pacific/Apia", utc(2011, 12, 30, 10, 0)),
        (dt.date(2011, 12, 31), "Pacific/Apia", utc(2011, 12, 30, 10, 0)),
    ],
)
def test_day_start(day: dt.date, zone: str, expected: dt.datetime) -> None:
    got = day_start(day, zone)
    assert got == expected
    assert got.tzinfo is UTC


def test_day_start_where_midnight_is_skipped_is_the_first_instant_of_the_day() -> None:
    start = day_start(dt.date(2026, 9, 6), "America/Santiago")
    assert format_local(start, "America/Santiago", "%Y-%m-%d %H:%M") == "2026-09-06 01:00"
    assert local_date(start - dt.timedelta(seconds=1), "America/Santiago") == dt.date(2026, 9, 5)


# --- period -------------------------------------------------------------------------------------


def hours(span: tuple[dt.datetime, dt.datetime]) -> float:
    return (span[1] - span[0]) / H


@pytest.mark.parametrize(
    ("kind", "zone", "week_start", "offset", "start", "end"),
    [
        # Berlin, now = Monday 2026-11-23 11:30 local
        ("day", BERLIN, 0, 0, utc(2026, 11, 22, 23), utc(2026, 11, 23, 23)),
        ("today", BERLIN, 0, 0, utc(2026, 11, 22, 23), utc(2026, 11, 23, 23)),
        ("day", BERLIN, 0, -1, utc(2026, 11, 21, 23), utc(2026, 11, 22, 23)),
        ("day", BERLIN, 0, 1, utc(2026, 11, 23, 23), utc(2026, 11, 24, 23)),
        ("week", BERLIN, 0, 0, utc(2026, 11, 22, 23), utc(2026, 11, 29, 23)),
        ("week", BERLIN, 0, -1, utc(2026, 11, 15, 23), utc(2026, 11, 22, 23)),
        ("week", BERLIN, 6, 0, utc(2026, 11, 21, 23), utc(2026, 11, 28, 23)),
        ("week", BERLIN, 6, -1, utc(2026, 11, 14, 23), utc(2026, 11, 21, 23)),
        ("week", BERLIN, 5, 0, utc(2026, 11, 20, 23), utc(2026, 11, 27, 23)),  # Saturday
        ("week", BERLIN, 1, 0, utc(2026, 11, 16, 23), utc(2026, 11, 23, 23)),  # Tuesday
        ("month", BERLIN, 0, 0, utc(2026, 10, 31, 23), utc(2026, 11, 30, 23)),
        ("month", BERLIN, 0, -1, utc(2026, 9, 30, 22), utc(2026, 10, 31, 23)),
        ("month", BERLIN, 0, 1, utc(2026, 11, 30, 23), utc(2026, 12, 31, 23)),
        ("month", BERLIN, 0, 2, utc(2026, 12, 31, 23), utc(2027, 1, 31, 23)),
        ("month", BERLIN, 0, -11, utc(2025, 11, 30, 23), utc(2025, 12, 31, 23)),
        ("month", BERLIN, 0, -12, utc(2025, 10, 31, 23), utc(2025, 11, 30, 23)),
        ("year", BERLIN, 0, 0, utc(2025, 12, 31, 23), utc(2026, 12, 31, 23)),
        ("year", BERLIN, 0, -1, utc(2024, 12, 31, 23), utc(2025, 12, 31, 23)),
        # New York, now = Monday 2026-11-23 05:30 local
        ("day", NEW_YORK, 0, 0, utc(2026, 11, 23, 5), utc(2026, 11, 24, 5)),
        ("day", NEW_YORK, 0, -1, utc(2026, 11, 22, 5), utc(2026, 11, 23, 5)),
        ("week", NEW_YORK, 0, 0, utc(2026, 11, 23, 5), utc(2026, 11, 30, 5)),
        ("week", NEW_YORK, 6, 0, utc(2026, 11, 22, 5), utc(2026, 11, 29, 5)),
        ("week", NEW_YORK, 6, -1, utc(2026, 11, 15, 5), utc(2026, 11, 22, 5)),
        ("month", NEW_YORK, 0, 0, utc(2026, 11, 1, 4), utc(2026, 12, 1, 5)),
        ("month", NEW_YORK, 0, -1, utc(2026, 10, 1, 4), utc(2026, 11, 1, 4)),
        ("year", NEW_YORK, 0, 0, utc(2026, 1, 1, 5), utc(2027, 1, 1, 5)),
        ("year", NEW_YORK, 0, -1, utc(2025, 1, 1, 5), utc(2026, 1, 1, 5)),
        ("day", "UTC", 0, 0, utc(2026, 11, 23), utc(2026, 11, 24)),
    ],
)
def test_period(
    kind: str, zone: str, week_start: int, offset: int, start: dt.datetime, end: dt.datetime
) -> None:
    got = period(kind, now=NOW, zone=zone, week_start=week_start, offset=offset)
    assert got == (start, end)
    assert got[0].tzinfo is UTC and got[1].tzinfo is UTC


@pytest.mark.parametrize(
    ("zone", "now", "kind", "week_start", "length"),
    [
        (BERLIN, utc(2026, 3, 29, 12), "day", 0, 23),  # spring forward
        (BERLIN, utc(2026, 10, 25, 12), "day", 0, 25),  # fall back
        (BERLIN, utc(2026, 3, 28, 12), "day", 0, 24),
        (BERLIN, utc(2026, 3, 29, 12), "week", 0, 7 * 24 - 1),  # Mon 23rd .. Sun 29th
        (BERLIN, utc(2026, 3, 29, 12), "week", 6, 7 * 24 - 1),  # Sun 29th .. Sat 4th
        (BERLIN, utc(2026, 10, 25, 12), "week", 0, 7 * 24 + 1),
        (BERLIN, utc(2026, 3, 15, 12), "month", 0, 31 * 24 - 1),
        (BERLIN, utc(2026, 10, 15, 12), "month", 0, 31 * 24 + 1),
        (BERLIN, utc(2026, 2, 15, 12), "month", 0, 28 * 24),
        (BERLIN, utc(2026, 6, 15, 12), "year", 0, 365 * 24),
        (BERLIN, utc(2028, 6, 15, 12), "year", 0, 366 * 24),
        (NEW_YORK, utc(2026, 3, 8, 17), "day", 0, 23),
        (NEW_YORK, utc(2026, 11, 1, 17), "day", 0, 25),
        (NEW_YORK, utc(2026, 3, 8, 17), "week", 6, 7 * 24 - 1),  # Sun 8th .. Sat 14th
        (NEW_YORK, utc(2026, 3, 8, 17), "week", 0, 7 * 24 - 1),  # Mon 2nd .. Sun 8th
        (NEW_YORK, utc(2026, 11, 1, 17), "week", 6, 7 * 24 + 1),
        (NEW_YORK, utc(2026, 11, 10, 17), "month", 0, 30 * 24 + 1),
        ("America/Havana", utc(2026, 11, 1, 17), "day", 0, 25),
        ("America/Santiago", utc(2026, 9, 6, 17), "day", 0, 23),
    ],
)
def test_period_lengths_follow_dst(
    zone: str, now: dt.datetime, kind: str, week_start: int, length: int
) -> None:
    assert hours(period(kind, now=now, zone=zone, week_start=week_start)) == length


def test_period_on_the_dst_days_themselves() -> None:
    assert period("day", now=utc(2026, 3, 29, 12), zone=BERLIN) == (
        utc(2026, 3, 28, 23),
        utc(2026, 3, 29, 22),
    )
    assert period("day", now=utc(2026, 10, 25, 12), zone=BERLIN) == (
        utc(2026, 10, 24, 22),
        utc(2026, 10, 25, 23),
    )
    assert period("day", now=utc(2026, 3, 30, 12), zone=BERLIN, offset=-1) == (
        utc(2026, 3, 28, 23),
        utc(2026, 3, 29, 22),
    )


@pytest.mark.parametrize("kind", ["day", "week", "month", "year"])
@pytest.mark.parametrize("week_start", range(7))
def test_periods_tile_and_contain_now(kind: str, week_start: int) -> None:
    for zone in (BERLIN, NEW_YORK):
        this = period(kind, now=NOW, zone=zone, week_start=week_start)
        before = period(kind, now=NOW, zone=zone, week_start=week_start, offset=-1)
        after = period(kind, now=NOW, zone=zone, week_start=week_start, offset=1)
        assert this[0] <= NOW < this[1]
        assert before[1] == this[0] and this[1] == after[0]
        assert period(kind, now=before[0], zone=zone, week_start=week_start) == before
        assert period(kind, now=this[1] - dt.timedelta(seconds=1), zone=zone,
                      week_start=week_start) == this
        if kind == "week":
            assert local_date(this[0], zone).weekday() == week_start


def test_period_at_the_boundaries_of_a_day() -> None:
    midnight = utc(2026, 11, 22, 23)  # local midnight Berlin, Monday 23rd
    assert period("day", now=midnight, zone=BERLIN)[0] == midnight
    assert period("day", now=midnight - dt.timedelta(seconds=1), zone=BERLIN)[1] == midnight


def test_month_period_across_the_year_end() -> None:
    december = utc(2026, 12, 15, 12)
    assert period("month", now=december, zone=BERLIN, offset=1) == (
        utc(2026, 12, 31, 23),
        utc(2027, 1, 31, 23),
    )
    january = utc(2027, 1, 15, 12)
    assert period("month", now=january, zone=BERLIN, offset=-1) == (
        utc(2026, 11, 30, 23),
        utc(2026, 12, 31, 23),
    )


@pytest.mark.parametrize(
    ("kind", "week_start", "field"),
    [("fortnight", 0, "period"), ("Week", 0, "period"), ("", 0, "period"),
     ("week", 7, "week_start"), ("week", -1, "week_start")],
)
def test_period_rejects(kind: str, week_start: int, field: str) -> None:
    with pytest.raises(InvalidInput) as err:
        period(kind, now=NOW, zone=BERLIN, week_start=week_start)
    assert str(err.value).startswith(f"{field}: expected ")
    assert "e.g." in str(err.value)


# --- days_between -------------------------------------------------------------------------------


def test_days_between_over_spring_forward() -> None:
    days = days_between(utc(2026, 3, 28, 12), utc(2026, 3, 30, 12), BERLIN)
    assert [d for d, _, _ in days] == [dt.date(2026, 3, 28), dt.date(2026, 3, 29),
                                       dt.date(2026, 3, 30)]
    assert [(e - s) / H for _, s, e in days] == [24, 23, 24]
    assert days[0][1] == utc(2026, 3, 27, 23)  # full days, not clipped to the range
    assert days[-1][2] == utc(2026, 3, 30, 22)


def test_days_between_over_fall_back() -> None:
    days = days_between(utc(2026, 10, 24, 12), utc(2026, 10, 26, 12), BERLIN)
    assert [(e - s) / H for _, s, e in days] == [24, 25, 24]
    days = days_between(utc(2026, 10, 31, 12), utc(2026, 11, 2, 12), NEW_YORK)
    assert [d for d, _, _ in days] == [dt.date(2026, 10, 31), dt.date(2026, 11, 1),
                                       dt.date(2026, 11, 2)]
    assert [(e - s) / H for _, s, e in days] == [24, 25, 24]


def test_days_between_is_half_open() -> None:
    monday = utc(2026, 11, 22, 23)  # Berlin midnight starting Monday 23rd
    tuesday = utc(2026, 11, 23, 23)
    assert days_between(monday, tuesday, BERLIN) == [(dt.date(2026, 11, 23), monday, tuesday)]
    assert [d for d, _, _ in days_between(monday, tuesday + dt.timedelta(seconds=1), BERLIN)] == [
        dt.date(2026, 11, 23), dt.date(2026, 11, 24)]
    assert [d for d, _, _ in days_between(monday - dt.timedelta(seconds=1), tuesday, BERLIN)] == [
        dt.date(2026, 11, 22), dt.date(2026, 11, 23)]
    assert days_between(NOW, NOW + dt.timedelta(seconds=1), BERLIN) == [
        (dt.date(2026, 11, 23), monday, tuesday)]


@pytest.mark.parametrize(("start", "end"), [(NOW, NOW), (NOW, NOW - H)])
def test_days_between_empty(start: dt.datetime, end: dt.datetime) -> None:
    assert days_between(start, end, BERLIN) == []


def test_days_between_three_years_tiles() -> None:
    start, end = day_start(dt.date(2024, 1, 1), BERLIN), day_start(dt.date(2027, 1, 1), BERLIN)
    days = days_between(start, end, BERLIN)
    assert len(days) == 366 + 365 + 365
    assert days[0][0] == dt.date(2024, 1, 1) and days[-1][0] == dt.date(2026, 12, 31)
    assert days[0][1] == start and days[-1][2] == end
    for (d1, _, e1), (d2, s2, _) in zip(days, days[1:], strict=False):
        assert d2 == d1 + dt.timedelta(days=1)
        assert e1 == s2
    lengths = sorted({(e - s) / H for _, s, e in days})
    assert lengths == [23, 24, 25]


def test_days_between_matches_period_days() -> None:
    week = period("week", now=utc(2026, 3, 29, 12), zone=BERLIN)
    days = days_between(*week, BERLIN)
    assert len(days) == 7
    assert days[0][1] == week[0] and days[-1][2] == week[1]
    assert days[-1][0] == dt.date(2026, 3, 29)


def test_days_between_leaves_out_a_skipped_date() -> None:
    # Samoa went from 2011-12-29 24:00 (UTC-10) straight to 2011-12-31 00:00 (UTC+14)
    days = days_between(utc(2011, 12, 29, 12), utc(2011, 12, 31, 12), "Pacific/Apia")
    assert [d for d, _, _ in days] == [dt.date(2011, 12, 29), dt.date(2011, 12, 31),
                                       dt.date(2012, 1, 1)]
    assert days[0][2] == days[1][1] == utc(2011, 12, 30, 10)
    assert [(e - s) / H for _, s, e in days] == [24, 24, 24]


# --- formatting ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "0:00"),
        (59, "0:00"),
        (60, "0:01"),
        (300, "0:05"),
        (3599, "0:59"),
        (3600, "1:00"),
        (45000, "12:30"),
        (123 * 3600, "123:00"),
        (123 * 3600 + 59, "123:00"),
        (-300, "-0:05"),
        (-4500, "-1:15"),
        (-59, "0:00"),
        (-123 * 3600, "-123:00"),
    ],
)
def test_format_duration(seconds: int, text: str) -> None:
    assert format_duration(seconds) == text


@pytest.mark.parametrize(
    ("instant", "zone", "fmt", "text"),
    [
        (NOW, BERLIN, None, "2026-11-23 11:30"),
        (NOW, NEW_YORK, None, "2026-11-23 05:30"),
        (NOW, "UTC", None, "2026-11-23 10:30"),
        (NOW, BERLIN, "%H:%M", "11:30"),
        (NOW, BERLIN, "%a %d %b", "Mon 23 Nov"),
        (utc(2026, 10, 25, 0, 30), BERLIN, "%H:%M %Z", "02:30 CEST"),
        (utc(2026, 10, 25, 1, 30), BERLIN, "%H:%M %Z", "02:30 CET"),
        (NOW.replace(tzinfo=None), BERLIN, None, "2026-11-23 11:30"),  # naive = UTC
    ],
)
def test_format_local(instant: dt.datetime, zone: str, fmt: str | None, text: str) -> None:
    got = format_local(instant, zone) if fmt is None else format_local(instant, zone, fmt)
    assert got == text


# --- the fast path ------------------------------------------------------------------------------


def test_imports_nothing_heavy() -> None:
    code = (
        "import sys, fcc.store.when; "
        "heavy = {'peewee', 'click', 'pydantic', 'textual', 'rich'} & "
        "{m.split('.')[0] for m in sys.modules}; "
        "print(sorted(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_never_reads_the_clock() -> None:
    from pathlib import Path

    import fcc.store.when as module

    source = Path(module.__file__).read_text(encoding="utf-8")
    for banned in (".now(", ".today(", "time.time", "utcnow"):
        assert banned not in source
