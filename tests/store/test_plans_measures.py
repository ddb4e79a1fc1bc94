"""Measures' actuals on both backends: typed values, and hours / billed amounts computed on a
scope of projects, clients, cards and tags, per cycle or per week, in the user's local weeks
(a DST week included), as ``fcc report`` bills them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from fcc.store import tables as t
from fcc.store.rounding import Rounding
from tests.store.plan_helpers import make_cycle, make_goal, make_measure

BERLIN = ZoneInfo("Europe/Berlin")
START = "2026-10-19"  # a Monday: today (2026-11-23, FROZEN_AT) is in week 6; week 1 has DST
D = Decimal


def local(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=BERLIN)


def weekly(*values: str | None) -> tuple[Decimal | None, ...]:
    weeks = tuple(None if v is None else D(v) for v in values)
    return weeks + (None,) * (12 - len(weeks))


@pytest.fixture
def world(store):
    s = store
    s.set_setting("zone", "Europe/Berlin")
    s.create_client({"name": "Acme", "hourly_rate": "100"})
    s.create_client({"name": "Globex", "hourly_rate": "80", "currency": "USD"})
    s.create_project({"name": "Website", "client": "Acme"})
    s.create_project({"name": "Shop", "client": "Acme", "rounding": "15:up:entry"})
    s.create_project({"name": "Portal", "client": "Globex"})
    s.create_project({"name": "Admin"})
    s.create_board("Work")
    card = s.add_card({"title": "Checkout", "board": "Work", "tags": ["deep"]}).id

    def add(project: str, start: str, end: str, **kw):
        return s.add_entry(project, local(start), local(end), **kw).entry

    add("Website", "2026-10-18 10:00", "2026-10-18 11:00")  # the day before week 1
    add("Website", "2026-10-20 09:00", "2026-10-20 12:00", tags=["Deep"])  # wk 1: 3 h
    # The night clocks go back (25 October, 03:00 -> 02:00): 6 wall hours, 7 real ones.
    add("Website", "2026-10-24 22:00", "2026-10-25 04:00")  # wk 1: 7 h
    add("Website", "2026-10-25 23:00", "2026-10-26 01:00")  # 1 h in week 1, 1 h in week 2
    add("Portal", "2026-10-27 13:00", "2026-10-27 15:00")  # wk 2: 2 h, 160 USD
    add("Shop", "2026-11-03 09:00", "2026-11-03 10:10", card=card)  # wk 3: 70 min, bills 75
    add("Admin", "2026-11-10 08:00", "2026-11-10 09:00")  # wk 4: 1 h, no rate
    voided = add("Website", "2026-11-17 09:00", "2026-11-17 10:00")
    s.void_entry(voided.no, "double")
    amended = add("Website", "2026-11-18 09:00", "2026-11-18 10:00")
    s.amend_entry(amended.no, end=local("2026-11-18 11:00"))  # wk 5: 2 h (one version)
    s.start_timer("Shop", card=card, at=local("2026-11-23 10:00"))  # wk 6: running, 1.5 h
    cycle = make_cycle(s, START)
    goal = make_goal(s, cycle)
    ids = {"acme": t.Client.get(t.Client.name == "Acme").id,
           "globex": t.Client.get(t.Client.name == "Globex").id,
           "shop": t.Project.get(t.Project.name == "Shop").id}
    return {"store": s, "cycle": cycle, "goal": goal, "card": card, **ids}


def actuals(world) -> dict[str, object]:
    s, goal = world["store"], world["goal"]
    found = s._measure_records([goal.id], world["cycle"])
    return {m.name: m for m in found.get(goal.id, ())}


def test_hours_over_the_cycle_and_this_week(world):
    make_measure(world["store"], world["goal"], "All hours", source="hours", unit="h",
                 target="200")
    make_measure(world["store"], world["goal"], "Hours this week", kind="lead", source="hours",
                 unit="h", period="week", target="25")
    got = actuals(world)
    expected = weekly("11.00", "3.00", "1.17", "1.00", "2.00", "1.50")
    cycle, week = got["All hours"], got["Hours this week"]
    assert cycle.weeks == week.weeks == expected
    assert cycle.actual == D("19.67") and cycle.target == D("200.00")
    assert week.actual == D("1.50")  # week 6 so far, the running timer up to now
    assert cycle.computed and cycle.scope == {} and cycle.scope_label == ""
    assert cycle.progress == D("9.8")


def test_billed_as_reports_bill_it(world):
    s = world["store"]
    make_measure(s, world["goal"], "Revenue", source="billed", unit="EUR", target="12000")
    make_measure(s, world["goal"], "Globex revenue", source="billed", unit="USD",
                 scope={"clients": [world["globex"]]}, position=1)
    make_measure(s, world["goal"], "Shop week", kind="lead", source="billed", unit="",
                 period="week", scope={"projects": [world["shop"]]})
    got = actuals(world)
    # 15-minute rounding up on Shop: 70 minutes bill 75; the running 90 minutes bill 90.
    assert got["Revenue"].weeks == weekly("1100.00", "100.00", "125.00", "0.00", "200.00",
                                         "150.00")
    assert got["Revenue"].actual == D("1675.00")
    report = s.report(local("2026-10-19 00:00"), local("2026-11-30 00:00"), by=())
    assert {x.currency: x.amount for x in report.totals} == {"EUR": D("1675.00"),
                                                             "USD": D("160.00")}
    assert got["Globex revenue"].actual == D("160.00")
    assert got["Globex revenue"].scope_label == "client:Globex"
    # No unit: the user's currency (EUR).
    assert got["Shop week"].actual == D("150.00")
    assert got["Shop week"].weeks[2] == D("125.00")


@pytest.mark.parametrize(("scope", "weeks", "label"), [
    ({"clients": ["acme"]}, ("11.00", "1.00", "1.17", "0.00", "2.00", "1.50"), "client:Acme"),
    ({"projects": ["shop"]}, ("0.00", "0.00", "1.17", "0.00", "0.00", "1.50"),
     "project:Acme/Shop"),
    ({"cards": ["card"]}, ("0.00", "0.00", "1.17", "0.00", "0.00", "1.50"), "card:{card}"),
    # The entry's own tag (any case) or its card's.
    ({"tags": ["deep"]}, ("3.00", "0.00", "1.17", "0.00", "0.00", "1.50"), "tag:deep"),
    # Across kinds all must match: Globex has no deep work.
    ({"clients": ["globex"], "tags": ["deep"]}, ("0.00",) * 6, "client:Globex, tag:deep"),
    ({"clients": ["acme", "globex"], "tags": ["deep", "nope"]},
     ("3.00", "0.00", "1.17", "0.00", "0.00", "1.50"),
     "client:Acme, client:Globex, tag:deep, tag:nope"),
])
def test_hours_on_a_scope(world, scope, weeks, label):
    ids = {k: [world[v] if v in world else v for v in vs] for k, vs in scope.items()}
    make_measure(world["store"], world["goal"], "Scoped", source="hours", unit="h", scope=ids)
    got = actuals(world)["Scoped"]
    assert got.weeks == weekly(*weeks)
    assert got.scope == ids
    assert got.scope_label == label.format(card=world["card"])


def test_a_tag_with_like_wildcards_matches_only_itself(world):
    s = world["store"]
    s.add_entry("Website", local("2026-11-23 06:00"), local("2026-11-23 07:00"), tags=["a_b"])
    s.add_entry("Website", local("2026-11-23 07:00"), local("2026-11-23 07:30"), tags=["axb"])
    s.add_entry("Website", local("2026-11-23 07:30"), local("2026-11-23 07:45"),
                tags=["été"])
    make_measure(s, world["goal"], "Wild", source="hours", scope={"tags": ["a_b"]},
                 period="week")
    make_measure(s, world["goal"], "Summer", source="hours", scope={"tags": ["été"]},
                 period="week", position=1)
    got = actuals(world)
    assert got["Wild"].actual == D("1.00")
    assert got["Summer"].actual == D("0.25")


def test_typed_values(world):
    s, goal = world["store"], world["goal"]
    make_measure(s, goal, "Revenue typed", target="12000", unit="EUR",
                 values={0: "3500.50", 2: "10"})
    make_measure(s, goal, "Calls", kind="lead", period="week", target="5",
                 values={5: "3", 6: "4", 8: "9"})  # week 8 has not begun
    make_measure(s, goal, "Runs", values={1: "2", 3: "5.25"}, position=1)
    make_measure(s, goal, "Nothing yet", kind="lead", period="week", position=1)
    got = actuals(world)
    assert got["Revenue typed"].actual == D("3500.50")
    assert got["Revenue typed"].weeks == (None, D("10.00")) + (None,) * 10
    assert got["Calls"].actual == D("4.00") and got["Calls"].progress == D("80.0")
    assert got["Calls"].weeks[4:] == (D("3.00"), D("4.00")) + (None,) * 6
    assert got["Runs"].actual == D("7.25")  # no cycle value: the weeks' sum
    assert got["Nothing yet"].actual is None and got["Nothing yet"].progress is None
    assert not got["Calls"].computed


def test_lag_first_then_leads_by_position_and_only_the_goals_asked(world):
    s, goal = world["store"], world["goal"]
    make_measure(s, goal, "Lead B", kind="lead", position=2)
    make_measure(s, goal, "Lead A", kind="lead", position=1)
    make_measure(s, goal, "Lag", kind="lag", position=5)
    other = make_goal(s, world["cycle"], "personal", "Run")
    make_measure(s, other, "Km", kind="lag")
    found = s._measure_records([goal.id], world["cycle"])
    assert list(found) == [goal.id]
    assert [m.name for m in found[goal.id]] == ["Lag", "Lead A", "Lead B"]
    both = s._measure_records([goal.id, other.id, 999], world["cycle"])
    assert [m.name for m in both[other.id]] == ["Km"] and 999 not in both
    assert s._measure_records([], world["cycle"]) == {}


def test_a_draft_cycle_has_no_actuals_and_a_past_one_all_twelve(world):
    s = world["store"]
    draft = make_cycle(s, "2027-01-18")
    goal = make_goal(s, draft)
    make_measure(s, goal, "Future hours", source="hours")
    make_measure(s, goal, "Future calls", kind="lead", period="week", values={1: "3"})
    got = {m.name: m for m in s._measure_records([goal.id], draft)[goal.id]}
    assert got["Future hours"].actual is None and got["Future hours"].weeks == (None,) * 12
    assert got["Future calls"].actual is None and got["Future calls"].weeks == (None,) * 12
    past = make_cycle(s, "2026-07-13")
    s.add_entry("Website", local("2026-08-03 09:00"), local("2026-08-03 09:45"))
    old = make_goal(s, past)
    make_measure(s, old, "Old hours", source="hours", period="week")
    measure = s._measure_records([old.id], past)[old.id][0]
    assert measure.weeks == (D(0), D(0), D(0), D("0.75")) + (D(0),) * 8
    assert measure.actual == D("0.00")  # week 12's


def test_the_review_week_shows_week_12(world, clock):
    s = world["store"]
    make_measure(s, world["goal"], "Week hours", source="hours", period="week")
    s.stop_timer(at=local("2026-11-23 11:00"))
    clock.set(local("2027-01-13 12:00"))  # week 13, the review week
    s.add_entry("Website", local("2027-01-06 09:00"), local("2027-01-06 10:00"))  # week 12
    s.add_entry("Website", local("2027-01-12 09:00"), local("2027-01-12 12:00"))  # not counted
    got = actuals(world)["Week hours"]
    assert got.actual == D("1.00") and got.weeks[11] == D("1.00")
    assert got.weeks[5] == D("1.00")  # the stopped timer: 10:00-11:00


def test_merged_projects(world):
    s = world["store"]
    website = t.Project.get(t.Project.name == "Website").id
    make_measure(s, world["goal"], "Website", source="hours", scope={"projects": [website]})
    make_measure(s, world["goal"], "Shop", source="hours", scope={"projects": [world["shop"]]},
                 position=1)
    before = actuals(world)
    assert before["Website"].weeks == weekly("11.00", "1.00", "0.00", "0.00", "2.00", "0.00")
    s.merge_project("Acme/Shop", "Acme/Website")
    after = actuals(world)
    # All of the merged project's time counts for the survivor, and so does a scope naming
    # the merged one (by id, as it was stored), with or without a tag.
    both = weekly("11.00", "1.00", "1.17", "0.00", "2.00", "1.50")
    assert after["Website"].weeks == after["Shop"].weeks == both
    assert before["Shop"].weeks == weekly("0.00", "0.00", "1.17", "0.00", "0.00", "1.50")
    make_measure(s, world["goal"], "Shop deep", source="hours",
                 scope={"projects": [world["shop"]], "tags": ["deep"]}, position=2)
    assert actuals(world)["Shop deep"].weeks == weekly("3.00", "0.00", "1.17", "0.00", "0.00",
                                                       "1.50")


def test_day_scope_rounding_bills_as_the_report(world):
    s = world["store"]
    s.set_client("Acme", rounding=Rounding(30, "up", "day"))
    s.add_entry("Website", local("2026-10-21 09:00"), local("2026-10-21 09:10"))
    make_measure(s, world["goal"], "Acme billed", source="billed", unit="EUR",
                 scope={"clients": [world["acme"]]})
    make_measure(s, world["goal"], "Deep billed", source="billed", unit="EUR",
                 scope={"tags": ["deep"]}, position=1)
    got = actuals(world)
    cycle_range = (local("2026-10-19 00:00"), local("2026-11-30 00:00"))
    report = s.report(*cycle_range, by=(), client="Acme")
    [total] = report.totals
    assert got["Acme billed"].actual == total.amount
    # Week 1: Website's days are rounded up to half hours each: the 20th's 3 h, the 21st's
    # 10 minutes (30), the 24th's 2 h, the 25th's 5 h + 1 h (one day), so 11.5 h; week 2:
    # the 26th's 1 h. (Shop keeps its own rule: 15 minutes per entry.)
    assert got["Acme billed"].weeks[:3] == (D("1150.00"), D("100.00"), D("125.00"))
    assert got["Deep billed"].weeks[0] == D("300.00")


def test_weeks_still_count_after_the_week_start_changes(world):
    s = world["store"]
    make_measure(s, world["goal"], "All hours", source="hours")
    make_measure(s, world["goal"], "Acme hours", source="hours",
                 scope={"clients": [world["acme"]]}, position=1)
    before = actuals(world)
    s.set_setting("week_start", "sunday")  # the cycle still starts on a Monday
    after = actuals(world)
    assert after["All hours"].weeks == before["All hours"].weeks
    assert after["Acme hours"].weeks == before["Acme hours"].weeks
    assert after["All hours"].actual == D("19.67")


def test_a_merged_client_counts_for_its_survivor(world):
    s = world["store"]
    make_measure(s, world["goal"], "Globex hours", source="hours",
                 scope={"clients": [world["globex"]]})
    make_measure(s, world["goal"], "Globex deep", source="hours",
                 scope={"clients": [world["globex"]], "tags": ["deep"]}, position=1)
    s.merge_client("Acme", "Globex")
    got = actuals(world)
    # Acme's projects now count for Globex (the survivor), with or without a tag.
    assert got["Globex hours"].weeks == weekly("11.00", "3.00", "1.17", "0.00", "2.00", "1.50")
    assert got["Globex deep"].weeks == weekly("3.00", "0.00", "1.17", "0.00", "0.00", "1.50")
    make_measure(s, world["goal"], "Acme hours", source="hours",
                 scope={"clients": [world["acme"]]}, position=2)
    assert actuals(world)["Acme hours"].weeks == got["Globex hours"].weeks
