"""Reports, budgets and export on both backends: day pieces, clipping, DST, rounding, money."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from fcc.store import tables as t
from fcc.store.errors import InvalidInput, NotFound
from fcc.store.reports import EXPORT_FIELDS
from fcc.store.rounding import Rounding, amount

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
UTC = dt.UTC
H = 3600
M = 60


def local(text: str, tz: dt.tzinfo = BERLIN) -> dt.datetime:
    """A wall time (not in a DST gap or fold) as an aware datetime."""
    return dt.datetime.fromisoformat(text).replace(tzinfo=tz)


def utc(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.fixture
def world(store):
    store.set_setting("zone", "Europe/Berlin")
    store.create_client({"name": "Acme", "hourly_rate": "100"})
    store.create_client({"name": "Globex", "hourly_rate": "80", "currency": "USD"})
    store.create_project({"name": "Website", "client": "Acme"})
    store.create_project({"name": "Shop", "client": "Acme"})
    store.create_project({"name": "Portal", "client": "Globex"})
    store.create_project({"name": "Admin"})
    return store


def add(store, project: str, start: str, end: str, **kwargs):
    return store.add_entry(project, local(start), local(end), **kwargs).entry


def rows(report, *fields: str) -> list[tuple]:
    return [tuple(getattr(line, f) for f in fields) for line in report.lines]


def test_clipping_at_the_range_edges(world):
    add(world, "Website", "2026-11-20 08:00", "2026-11-20 12:00")
    inside = world.report(local("2026-11-20 10:00"), local("2026-11-20 11:00"))
    assert rows(inside, "project", "seconds", "billed_seconds", "amount") == [
        ("Website", H, H, Decimal("100.00"))]
    left = world.report(local("2026-11-20 06:00"), local("2026-11-20 09:15"))
    right = world.report(local("2026-11-20 11:45"), local("2026-11-21 00:00"))
    assert left.lines[0].seconds == 75 * M and right.lines[0].seconds == 15 * M
    assert world.report(local("2026-11-20 12:00"), local("2026-11-21")).lines == ()
    assert world.report(local("2026-11-19"), local("2026-11-20 08:00")).lines == ()


def test_an_entry_crossing_local_midnight_counts_on_both_days(world):
    add(world, "Website", "2026-11-20 22:30", "2026-11-21 01:15")
    report = world.report(local("2026-11-16"), local("2026-11-23"), by=("day",))
    assert rows(report, "day", "seconds") == [(dt.date(2026, 11, 20), 90 * M),
                                              (dt.date(2026, 11, 21), 75 * M)]
    assert report.totals[0].seconds == 165 * M
    # The same entry, read from a range that starts on the second day.
    later = world.report(local("2026-11-21"), local("2026-11-22"), by=["day"])
    assert rows(later, "day", "seconds") == [(dt.date(2026, 11, 21), 75 * M)]


@pytest.mark.parametrize("zone, start, end, days", [
    # Spring forward: the 29th has 23 hours.
    ("Europe/Berlin", "2026-03-28 23:00", "2026-03-30 01:00",
     {"2026-03-28": 1 * H, "2026-03-29": 23 * H, "2026-03-30": 1 * H}),
    # Fall back: the 25th has 25 hours.
    ("Europe/Berlin", "2026-10-24 23:00", "2026-10-26 01:00",
     {"2026-10-24": 1 * H, "2026-10-25": 25 * H, "2026-10-26": 1 * H}),
    ("America/New_York", "2026-03-07 23:00", "2026-03-09 01:00",
     {"2026-03-07": 1 * H, "2026-03-08": 23 * H, "2026-03-09": 1 * H}),
    ("America/New_York", "2026-10-31 23:00", "2026-11-02 01:00",
     {"2026-10-31": 1 * H, "2026-11-01": 25 * H, "2026-11-02": 1 * H}),
])
def test_dst_days_lose_or_shift_no_time(world, zone, start, end, days):
    tz = ZoneInfo(zone)
    world.set_setting("zone", zone)
    entry = world.add_entry("Website", local(start, tz), local(end, tz)).entry
    real = int((entry.end - entry.start).total_seconds())
    assert real == sum(days.values())
    first = dt.date.fromisoformat(min(days))
    report = world.report(local(f"{first - dt.timedelta(days=2)}", tz),
                          local(f"{first + dt.timedelta(days=5)}", tz), by=("day",))
    assert {str(line.day): line.seconds for line in report.lines} == days
    assert report.totals[0].seconds == real
    # A report of exactly the DST day holds all of its 23 or 25 hours.
    dst_day = sorted(days)[1]
    one = world.report(local(dst_day, tz), local(sorted(days)[2], tz))
    assert one.lines[0].seconds == days[dst_day]
    # Week and month buckets hold the same time.
    for by in (("week",), ("month",), ("client", "project")):
        assert world.report(local("2026-01-01", tz), local("2027-01-01", tz),
                            by=by).totals[0].seconds == real


def test_dst_hours_inside_a_day_are_real_hours(world):
    # 01:30-03:30 on the spring-forward night is one real hour; on the fall-back night, three.
    world.add_entry("Website", utc("2026-03-29T00:30:00"), utc("2026-03-29T01:30:00"))
    world.add_entry("Website", utc("2026-10-24T23:30:00"), utc("2026-10-25T02:30:00"))
    report = world.report(local("2026-01-01"), local("2026-11-01"), by=("day",))
    assert rows(report, "day", "seconds") == [(dt.date(2026, 3, 29), 1 * H),
                                              (dt.date(2026, 10, 25), 3 * H)]


ENTRY_MINUTES = (7, 22, 38)  # 67 minutes on one day


@pytest.mark.parametrize("rule, billed_minutes", [
    ("none", 67),
    ("6:up:entry", 12 + 24 + 42),
    ("6:nearest:entry", 6 + 24 + 36),
    ("6:down:entry", 6 + 18 + 36),
    ("15:up:entry", 15 + 30 + 45),
    ("15:nearest:entry", 0 + 15 + 45),
    ("15:down:entry", 0 + 15 + 30),
    ("30:up:entry", 30 + 30 + 60),
    ("30:nearest:entry", 0 + 30 + 30),
    ("30:down:entry", 0 + 0 + 30),
    ("6:up:day", 72),
    ("6:nearest:day", 66),
    ("6:down:day", 66),
    ("15:up:day", 75),
    ("15:nearest:day", 60),
    ("15:down:day", 60),
    ("30:up:day", 90),
    ("30:nearest:day", 60),
    ("30:down:day", 60),
])
def test_rounding_rules_entry_and_day_scope(world, clock, rule, billed_minutes):
    world.create_project({"name": "Rounded", "client": "Acme", "rounding": rule})
    start = local("2026-11-20 09:00")
    for minutes in ENTRY_MINUTES:
        world.add_entry("Acme/Rounded", start, start + dt.timedelta(minutes=minutes))
        start += dt.timedelta(hours=1)
    report = world.report(local("2026-11-16"), local("2026-11-23"))
    line = report.lines[0]
    assert (line.project, line.seconds, line.billed_seconds) == ("Rounded", 67 * M,
                                                                  billed_minutes * M)
    assert line.amount == amount(billed_minutes * M, Decimal("100"))
    assert report.totals[0].amount == line.amount


def test_nearest_rounds_half_up_and_day_cells_are_per_day(world):
    world.create_project({"name": "Half", "rounding": "15:nearest:day"})
    add(world, "Half", "2026-11-19 09:00", "2026-11-19 09:07:30")  # half a unit: up to 15
    add(world, "Half", "2026-11-20 09:00", "2026-11-20 09:07:29")  # alone it would be 0,
    add(world, "Half", "2026-11-20 10:00", "2026-11-20 10:07:30")  # but the day is 14:59
    report = world.report(local("2026-11-16"), local("2026-11-23"), by=("project", "day"))
    assert rows(report, "day", "seconds", "billed_seconds") == [
        (dt.date(2026, 11, 19), 450, 900), (dt.date(2026, 11, 20), 899, 900)]


def test_entry_scope_rounds_each_day_piece(world):
    world.create_project({"name": "Pieces", "rounding": "15:up:entry"})
    add(world, "Pieces", "2026-11-20 23:50", "2026-11-21 00:05")  # 10 + 5 minutes
    report = world.report(local("2026-11-16"), local("2026-11-23"), by=("day",))
    assert rows(report, "seconds", "billed_seconds") == [(10 * M, 15 * M), (5 * M, 15 * M)]


def test_client_and_default_rules_apply_when_the_project_has_none(world):
    world.set_client("Globex", rounding=Rounding(30, "up", "entry"))
    world.set_setting("rounding", "6:up:day")
    add(world, "Portal", "2026-11-20 09:00", "2026-11-20 09:10")
    add(world, "Admin", "2026-11-20 09:10", "2026-11-20 09:20")
    add(world, "Admin", "2026-11-20 09:20", "2026-11-20 09:21")
    report = world.report(local("2026-11-16"), local("2026-11-23"), by=("project",))
    assert rows(report, "project", "billed_seconds", "currency") == [
        ("Admin", 12 * M, "EUR"), ("Portal", 30 * M, "USD")]


def test_a_rate_change_keeps_the_amount_of_earlier_entries(world):
    add(world, "Website", "2026-11-19 09:00", "2026-11-19 10:00")
    world.set_project("Acme/Website", hourly_rate=Decimal("150"))
    add(world, "Website", "2026-11-20 09:00", "2026-11-20 10:00")
    report = world.report(local("2026-11-16"), local("2026-11-23"), by=("day",))
    assert rows(report, "amount") == [(Decimal("100.00"),), (Decimal("150.00"),)]
    assert report.totals[0].amount == Decimal("250.00")


def test_non_billable_time_counts_but_bills_nothing(world):
    add(world, "Website", "2026-11-20 09:00", "2026-11-20 10:00")
    add(world, "Website", "2026-11-20 10:00", "2026-11-20 10:30", billable=False)
    report = world.report(local("2026-11-16"), local("2026-11-23"))
    assert rows(report, "seconds", "billed_seconds", "amount") == [
        (90 * M, 60 * M, Decimal("100.00"))]
    only = world.report(local("2026-11-16"), local("2026-11-23"), billable_only=True)
    assert rows(only, "seconds", "billed_seconds") == [(60 * M, 60 * M)]


def test_a_merged_project_rolls_up_into_the_survivor(world):
    add(world, "Website", "2026-11-20 09:00", "2026-11-20 10:00")
    add(world, "Shop", "2026-11-20 10:00", "2026-11-20 10:30")
    world.merge_project("Acme/Shop", "Acme/Website")
    report = world.report(local("2026-11-16"), local("2026-11-23"), by=("client", "project"))
    assert rows(report, "client", "project", "seconds") == [("Acme", "Website", 90 * M)]
    assert world.report(local("2026-11-16"), local("2026-11-23"),
                        project="Acme/Website").totals[0].seconds == 90 * M


def test_a_merged_client_rolls_up_too(world):
    world.create_client({"name": "Initech"})
    world.create_project({"name": "Website", "client": "Initech"})
    world.create_project({"name": "Intranet", "client": "Initech"})
    add(world, "Initech/Website", "2026-11-20 09:00", "2026-11-20 10:00")
    add(world, "Intranet", "2026-11-20 10:00", "2026-11-20 10:30")
    add(world, "Acme/Website", "2026-11-20 11:00", "2026-11-20 11:15")
    world.merge_client("Initech", "Acme")
    report = world.report(local("2026-11-16"), local("2026-11-23"), by=("client", "project"))
    assert rows(report, "client", "project", "seconds") == [
        ("Acme", "Intranet", 30 * M), ("Acme", "Website", 75 * M)]
    by_client = world.report(local("2026-11-16"), local("2026-11-23"), by=("client",),
                             client="Acme")
    assert rows(by_client, "client", "seconds") == [("Acme", 105 * M)]


def test_totals_equal_the_sum_of_lines_to_the_cent(world):
    world.set_client("Acme", hourly_rate=Decimal("87.33"))
    world.create_project({"name": "Odd", "client": "Acme"})
    world.create_project({"name": "Day", "client": "Acme", "rounding": "1:up:day"})
    start = local("2026-11-16 08:00")
    for i in range(24):
        project = ("Acme/Odd", "Acme/Day", "Website")[i % 3]
        begin = start + dt.timedelta(hours=5 * i, minutes=i)
        world.add_entry(project, begin, begin + dt.timedelta(minutes=7, seconds=i))
    expected = sum((amount(7 * 60 + i, Decimal("87.33")) for i in range(24) if i % 3 != 1),
                   Decimal("0"))
    for by in (("project",), ("day",), ("client", "project", "day"), ("week",), ()):
        report = world.report(local("2026-11-16"), local("2026-11-23"), by=by)
        total = report.totals[0]
        assert total.amount == sum((line.amount for line in report.lines), Decimal("0"))
        assert total.seconds == sum(7 * 60 + i for i in range(24))
        odd_and_website = [line for line in report.lines if line.project != "Day"]
        if by == ("project",):
            assert sum((x.amount for x in odd_and_website), Decimal("0")) == expected
            # Each entry is priced to the cent on its own: 167.49, where pricing the summed
            # seconds once would give 167.48.
            assert expected == Decimal("167.49")


def test_money_per_currency(world):
    add(world, "Website", "2026-11-20 09:00", "2026-11-20 10:00")
    add(world, "Portal", "2026-11-20 10:00", "2026-11-20 11:30")
    report = world.report(local("2026-11-16"), local("2026-11-23"), by=())
    assert [(x.currency, x.seconds, x.amount) for x in report.lines] == [
        ("EUR", H, Decimal("100.00")), ("USD", 90 * M, Decimal("120.00"))]
    assert [(x.currency, x.amount) for x in report.totals] == [
        ("EUR", Decimal("100.00")), ("USD", Decimal("120.00"))]


def test_a_running_timer_counts_up_to_now(world, clock):
    world.start_timer("Website", at=clock.now() - dt.timedelta(minutes=30))
    week = (local("2026-11-23"), local("2026-11-30"))
    assert world.report(*week).lines[0].seconds == 30 * M
    clock.advance(minutes=10)
    assert world.report(*week).lines[0].seconds == 40 * M
    world.stop_timer()
    clock.advance(hours=2)
    assert world.report(*week).lines[0].seconds == 40 * M


def test_entries_that_began_before_the_range(world, clock):
    # Far apart, so each side of the range start is the cheaper one to read in some report.
    add(world, "Admin", "2026-01-05 09:00", "2026-01-05 10:00")
    add(world, "Website", "2026-06-10 20:00", "2026-06-11 04:00")
    world.start_timer("Shop", at=clock.now() - dt.timedelta(days=2))  # Sat 11:30 (Berlin)
    june = world.report(local("2026-06-11"), local("2026-06-12"), by=("project",))
    assert rows(june, "project", "seconds") == [("Website", 4 * H)]
    rest = world.report(local("2026-06-11"), local("2026-11-24"), by=("project",))
    assert rows(rest, "project", "seconds") == [("Shop", 48 * H), ("Website", 4 * H)]
    today = world.report(local("2026-11-23"), local("2026-11-24"), by=("day",))
    assert rows(today, "day", "seconds") == [(dt.date(2026, 11, 23), 11 * H + 30 * M)]


def test_voided_and_superseded_versions_are_left_out(world):
    first = add(world, "Website", "2026-11-20 09:00", "2026-11-20 10:00")
    second = add(world, "Website", "2026-11-20 11:00", "2026-11-20 12:00")
    world.amend_entry(first.id, end=local("2026-11-20 09:30"))
    world.void_entry(second.id, "duplicate")
    world.split_entry(add(world, "Admin", "2026-11-20 13:00", "2026-11-20 14:00").id,
                      local("2026-11-20 13:20"))
    report = world.report(local("2026-11-16"), local("2026-11-23"), by=("project",))
    assert rows(report, "project", "seconds") == [("Admin", H), ("Website", 30 * M)]
    assert [r["seconds"] for r in world.export_rows()] == [30 * M, 20 * M, 40 * M]


def test_parallel_entries_both_count(world):
    add(world, "Website", "2026-11-20 09:00", "2026-11-20 11:00")
    world.add_entry("Admin", local("2026-11-20 10:00"), local("2026-11-20 12:00"),
                    allow_overlap=True)
    report = world.report(local("2026-11-20"), local("2026-11-21"), by=("project",))
    assert rows(report, "project", "seconds") == [("Admin", 2 * H), ("Website", 2 * H)]


def test_by_week_follows_the_week_start(world):
    add(world, "Website", "2026-11-21 09:00", "2026-11-21 10:00")  # Saturday
    add(world, "Website", "2026-11-22 09:00", "2026-11-22 10:00")  # Sunday
    add(world, "Website", "2026-11-23 09:00", "2026-11-23 10:00")  # Monday (today)
    span = (local("2026-11-01"), local("2026-12-01"))
    monday = world.report(*span, by=("week",))
    assert rows(monday, "week", "seconds") == [(dt.date(2026, 11, 16), 2 * H),
                                               (dt.date(2026, 11, 23), H)]
    world.set_setting("week_start", "sunday")
    sunday = world.report(*span, by=("week",))
    assert rows(sunday, "week", "seconds") == [(dt.date(2026, 11, 15), H),
                                               (dt.date(2026, 11, 22), 2 * H)]


def test_by_month_day_and_client_sorted_by_keys(world):
    add(world, "Portal", "2026-10-31 23:30", "2026-11-01 00:30")
    add(world, "Website", "2026-11-02 09:00", "2026-11-02 10:00")
    add(world, "Admin", "2026-10-15 09:00", "2026-10-15 09:45")
    span = (local("2026-10-01"), local("2026-12-01"))
    report = world.report(*span, by=("month", "client"))
    assert rows(report, "month", "client", "project", "seconds", "currency") == [
        ("2026-10", None, None, 45 * M, "EUR"), ("2026-10", "Globex", None, 30 * M, "USD"),
        ("2026-11", "Acme", None, H, "EUR"), ("2026-11", "Globex", None, 30 * M, "USD")]
    report = world.report(*span, by="client,project")
    assert rows(report, "client", "project") == [(None, "Admin"), ("Acme", "Website"),
                                                 ("Globex", "Portal")]
    report = world.report(*span, by=("project", "day"))
    assert rows(report, "project", "day") == [
        ("Admin", dt.date(2026, 10, 15)), ("Website", dt.date(2026, 11, 2)),
        ("Portal", dt.date(2026, 10, 31)), ("Portal", dt.date(2026, 11, 1))]


def test_by_card(world, clock):
    now = clock.now()
    board = t.Board.create(name="Dev", created_at=now)
    column = t.BoardColumn.create(board=board, name="Doing", position=0)
    project = world.find_project("Acme/Website")
    card = t.WorkItem.create(board=board, project=project.id, title="Login bug",
                             column=column, created_at=now, updated_at=now)
    world.create_project({"name": "Ops", "client": "Acme", "rounding": "15:up:day"})
    world.add_entry(None, local("2026-11-20 09:00"), local("2026-11-20 09:10"), card=card.id)
    add(world, "Website", "2026-11-20 10:00", "2026-11-20 10:20")
    add(world, "Ops", "2026-11-20 11:00", "2026-11-20 11:05")
    add(world, "Ops", "2026-11-20 12:00", "2026-11-20 12:05")
    report = world.report(local("2026-11-16"), local("2026-11-23"), by=("project", "card"))
    assert rows(report, "project", "card_id", "card", "seconds", "billed_seconds") == [
        ("Ops", None, None, 10 * M, 15 * M),
        ("Website", None, None, 20 * M, 20 * M),
        ("Website", card.id, "Login bug", 10 * M, 10 * M)]
    only_card = world.report(local("2026-11-16"), local("2026-11-23"), by=("card",))
    assert rows(only_card, "card_id", "project", "seconds") == [
        (None, None, 30 * M), (card.id, None, 10 * M)]


def test_filters(world):
    add(world, "Website", "2026-11-20 09:00", "2026-11-20 10:00")
    add(world, "Shop", "2026-11-20 10:00", "2026-11-20 10:30")
    add(world, "Portal", "2026-11-20 11:00", "2026-11-20 11:15")
    span = (local("2026-11-16"), local("2026-11-23"))
    assert rows(world.report(*span, client="acme"), "project") == [("Shop",), ("Website",)]
    assert rows(world.report(*span, project="Shop"), "project", "seconds") == [("Shop", 30 * M)]
    assert world.report(*span, client="Acme", project="Portal").lines == ()
    with pytest.raises(NotFound, match="no project named 'Shopp'; did you mean .*Shop"):
        world.report(*span, project="Shopp")
    with pytest.raises(NotFound, match="no client named"):
        world.report(*span, client="Nobody")


def test_bad_arguments(world):
    from fcc.tui.cli.flags import flagged  # the store names fields; the command line, flags

    span = (local("2026-11-16"), local("2026-11-23"))
    with pytest.raises(InvalidInput, match="^by: expected client, project, card, day, week "
                       "or month .*got 'colour'") as err:
        world.report(*span, by=("project", "colour"))
    assert str(flagged(err.value)).startswith("--by: expected client, project, card, day, ")
    with pytest.raises(InvalidInput, match="^end: expected a time after start") as err:
        world.report(span[1], span[0])
    assert str(flagged(err.value)).startswith("--to: expected a time after --from (")
    with pytest.raises(InvalidInput, match="^start: expected an aware datetime") as err:
        world.report(dt.datetime(2026, 11, 16), span[1])  # noqa: DTZ001
    assert str(flagged(err.value)).startswith("--from: expected an aware datetime")
    assert world.report(*span, by=("day", "Project", "day")).by == ("day", "project")


def test_an_empty_database_reports_nothing(store):
    report = store.report(utc("2026-11-16T00:00:00"), utc("2026-11-23T00:00:00"))
    assert report.lines == () and report.totals == ()
    assert store.budgets() == [] and list(store.export_rows()) == []


def test_budgets(world, clock):
    world.set_project("Acme/Website", budget_hours=Decimal("10"),
                      rounding=Rounding(15, "up", "entry"))
    world.create_project({"name": "Old", "client": "Acme"})
    add(world, "Website", "2025-12-30 09:00", "2025-12-30 10:05")
    add(world, "Old", "2026-11-20 09:00", "2026-11-20 09:30")
    add(world, "Website", "2026-11-20 10:00", "2026-11-20 10:30", billable=False)
    world.merge_project("Acme/Old", "Acme/Website")
    world.start_timer("Website", at=clock.now() - dt.timedelta(minutes=20))
    budgets = world.budgets()
    assert [(b.project, b.budget_hours, b.used_seconds, b.billed_seconds) for b in budgets] == [
        ("Acme/Website", Decimal("10.00"), (65 + 30 + 30 + 20) * M, (75 + 30 + 30) * M)]
    assert budgets[0].remaining_seconds == 10 * H - 145 * M
    world.set_project("Admin", budget_hours=Decimal("2"))
    assert [(b.project, b.used_seconds) for b in world.budgets()] == [
        ("Acme/Website", 145 * M), ("Admin", 0)]


def test_export_rows_stream_every_current_entry(world, clock):
    add(world, "Website", "2026-11-20 09:00", "2026-11-20 10:00", note="login, \"quoted\"",
        tags=["dev", "urgent"])
    add(world, "Admin", "2026-11-21 09:00", "2026-11-21 09:30", billable=False)
    voided = add(world, "Admin", "2026-11-21 10:00", "2026-11-21 10:30")
    world.void_entry(voided.id, "mistake")
    world.start_timer("Portal", at=clock.now() - dt.timedelta(minutes=5))
    out = list(world.export_rows())
    assert [tuple(r) for r in out] == [EXPORT_FIELDS] * 3
    first, second, running = out
    assert first == {
        "id": first["id"], "uuid": first["uuid"], "client": "Acme", "project": "Website",
        "card": None, "card_title": None, "start": "2026-11-20T08:00:00Z",
        "end": "2026-11-20T09:00:00Z", "zone": "Europe/Berlin", "seconds": 3600,
        "note": "login, \"quoted\"", "tags": ["dev", "urgent"], "billable": True,
        "rate": "100.00", "currency": "EUR", "invoice_ref": None}
    assert (second["client"], second["billable"], second["rate"]) == (None, False, None)
    assert (running["end"], running["seconds"], running["currency"]) == (None, 300, "USD")
    ranged = world.export_rows(local("2026-11-21"), local("2026-11-22"))
    assert [r["project"] for r in ranged] == ["Admin"]
