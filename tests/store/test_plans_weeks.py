"""A week's plan: ad-hoc items, check / uncheck, drop with a reason, the quota following the
plan while the week is open, and the scores (week, goal, cycle) as exact Decimals — on SQLite
and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from fcc.store.errors import InvalidInput, UnknownId
from tests.store.board_helpers import last_batch
from tests.store.helpers import q
from tests.store.plan_helpers import MONDAY, at_week, pinned, plan_state


@pytest.fixture
def plans(store):
    return pinned(store)


@pytest.fixture
def cycle(plans):
    return plans.start_cycle(MONDAY)


def test_items_go_to_today_s_week_at_the_bottom_and_raise_the_quota(plans, cycle, target):
    a = plans.add_item("  Send   proposal ")
    b = plans.add_item("Call Acme")
    assert (a.week, a.title, a.position, b.position) == (1, "Send proposal", 0, 1)
    week = plans.week_plan()
    assert (week.week, week.quota, week.done, week.score, week.current, week.ended) == (
        1, 2, 0, Decimal("0.00"), True, False)
    assert [i.title for i in week.items] == ["Send proposal", "Call Acme"]
    rows = last_batch(target)
    assert [(e, a_) for e, _i, a_, _b, _x in rows] == [("plan_item", "create"),
                                                       ("weekly_plan", "update")]
    assert (rows[1][3]["quota"], rows[1][4]["quota"]) == (1, 2)
    later = plans.add_item("Plan the offsite", week="W4")
    assert later.week == 4 and plans.week_plan(4).quota == 1


def test_an_item_links_a_card_and_a_goal(plans, cycle):
    plans.create_board("Work", columns=["To do", "Doing", "Done"])
    card = plans.add_card({"title": "Landing page", "column": "Doing"})
    plans.set_goal("business", "Reach 12k billed")
    item = plans.add_item("Ship the page", card=f"#{card.id}", goal="business")
    assert (item.work_item_id, item.card_title, item.card_column, item.goal_kind) == (
        card.id, "Landing page", "Doing", "business")
    edited = plans.edit_item(item.id, {"title": "Ship it", "card": None, "goal": None})
    assert (edited.title, edited.work_item_id, edited.goal_id) == ("Ship it", None, None)
    with pytest.raises(UnknownId, match="no personal goal"):
        plans.add_item("Run", goal="personal")
    with pytest.raises(UnknownId, match="no card #999"):
        plans.add_item("x", card=999)
    with pytest.raises(InvalidInput) as err:
        plans.edit_item(item.id, {"colour": "red"})
    assert err.value.field == "colour"


def test_card_minutes_count_the_items_week_only(plans, cycle, clock):
    plans.create_project({"name": "Site"})
    plans.create_board("Work", project="Site")
    card = plans.add_card({"title": "Page"})
    item = plans.add_item("Page", card=card.id)
    clock.set("2026-11-25T10:00:00+00:00")
    utc = dt.UTC  # Berlin is UTC+1: 22:30-01:00 UTC is 23:30 Sunday to 02:00 Monday
    plans.add_entry("Site", dt.datetime(2026, 11, 22, 22, 30, tzinfo=utc),
                    dt.datetime(2026, 11, 23, 1, 0, tzinfo=utc), card=card.id)
    plans.add_entry("Site", dt.datetime(2026, 11, 24, 9, 0, tzinfo=utc),
                    dt.datetime(2026, 11, 24, 9, 45, tzinfo=utc), card=card.id)
    plans.add_entry("Site", dt.datetime(2026, 11, 24, 11, 0, tzinfo=utc),
                    dt.datetime(2026, 11, 24, 11, 30, tzinfo=utc))  # not on the card
    assert plans.week_plan().items[0].card_minutes_week == 120 + 45
    assert item.id == plans.week_plan().items[0].id


def test_bad_input_names_the_field_and_writes_nothing(plans, cycle, target):
    before = plan_state(target)
    for call, field in [
        (lambda: plans.add_item(""), "title"),
        (lambda: plans.add_item("x" * 501), "title"),
        (lambda: plans.add_item("x", week=13), "week"),
        (lambda: plans.add_item("x", week="soon"), "week"),
        (lambda: plans.add_item("x", card="abc"), "card"),
        (lambda: plans.add_item("x", goal="health"), "goal"),
        (lambda: plans.set_quota(2, -1), "quota"),
        (lambda: plans.set_quota(2, "many"), "quota"),
        (lambda: plans.set_quota(2, True), "quota"),
        (lambda: plans.set_quota(0, 3), "week"),
        (lambda: plans.check_item("first"), "item"),
    ]:
        with pytest.raises(InvalidInput) as err:
            call()
        assert err.value.field == field
    assert plan_state(target) == before


def test_check_and_uncheck_rescore_the_week(plans, cycle, target):
    items = [plans.add_item(f"Item {n}") for n in range(3)]
    plans.check_item(items[0].id)
    assert plans.week_plan().score == Decimal("33.33")
    plans.check_item(f"#{items[1].id}")
    assert plans.week_plan().score == Decimal("66.67")  # half up
    assert q(target, "SELECT score FROM weekly_plan WHERE cycle_id = ? AND week = 1",
             (cycle.id,)) in ([(Decimal("66.67"),)], [(66.67,)])
    again = plans.check_item(items[1].id)  # checking twice changes nothing
    assert again.done and plans.week_plan().done == 2
    plans.uncheck_item(items[0].id)
    week = plans.week_plan()
    assert (week.done, week.score) == (1, Decimal("33.33"))
    assert [i.done for i in week.items] == [False, True, False]


def test_drop_needs_a_reason_lowers_the_quota_and_is_never_done(plans, cycle, target):
    a = plans.add_item("A")
    b = plans.add_item("B")
    plans.check_item(a.id)
    for reason in ("", "   ", None):
        with pytest.raises(InvalidInput) as err:
            plans.drop_item(b.id, reason)  # type: ignore[arg-type]
        assert err.value.field == "reason"
    dropped = plans.drop_item(a.id, "  client  cancelled ")
    assert (dropped.done, dropped.drop_reason, dropped.dropped_at is not None) == (
        False, "client cancelled", True)
    week = plans.week_plan()
    assert (week.quota, week.done, week.score) == (1, 0, Decimal("0.00"))
    with pytest.raises(InvalidInput, match="was dropped: client cancelled"):
        plans.check_item(a.id)
    with pytest.raises(InvalidInput, match="not dropped yet"):
        plans.drop_item(a.id, "again")
    plans.drop_item(b.id, "no time")
    assert plans.week_plan().quota == 0 and plans.week_plan().score is None
    plans.set_quota(1, 0)
    plans.add_item("C")
    plans.set_quota(1, 0)
    c_id = plans.week_plan().items[-1].id
    plans.drop_item(c_id, "no")  # never below 0
    assert plans.week_plan().quota == 0


def test_quota_follows_items_while_the_week_is_open_not_after(plans, cycle, clock):
    plans.add_item("Week 2 item", week=2)
    plans.add_item("Another", week=2)
    assert plans.week_plan(2).quota == 2
    at_week(clock, MONDAY, 3)  # week 2 has ended
    late = plans.week_plan(2).items[1]
    plans.drop_item(late.id, "moved on")
    assert plans.week_plan(2).quota == 2  # history: the commitment stays
    plans.check_item(plans.week_plan(2).items[0].id)  # a late tick counts
    assert plans.week_plan(2).score == Decimal("50.00")
    with pytest.raises(InvalidInput) as err:
        plans.add_item("Too late", week=2)
    assert err.value.field == "week"
    assert "week 2 has ended; plan this week or a later one" in str(err.value)
    with pytest.raises(InvalidInput, match="its quota 2 is history"):
        plans.set_quota(2, 5)


def test_set_quota_and_done_past_the_quota_is_capped(plans, cycle, target):
    items = [plans.add_item(f"Item {n}") for n in range(4)]
    week = plans.set_quota(1, "2")
    assert (week.quota, week.score) == (2, Decimal("0.00"))
    for item in items[:3]:
        plans.check_item(item.id)
    week = plans.week_plan()
    assert (week.done, week.score) == (3, Decimal("100.00"))  # 3 of 2: capped at 100
    assert plans.set_quota(1, 0).score is None
    assert plans.set_quota(1, 7).score == Decimal("42.86")


def test_scores_per_week_goal_and_cycle(plans, cycle, clock):
    plans.set_goal("business", "Billed 12k")
    plans.set_goal("personal", "Run a half marathon")
    # week 1: 3 planned (2 business, 1 personal), 2 done
    b1 = plans.add_item("Pitch", goal="business")
    b2 = plans.add_item("Invoice", goal="business")
    p1 = plans.add_item("Run 5k", goal="personal")
    plans.check_item(b1.id)
    plans.check_item(p1.id)
    # week 2: 2 planned, both business, 1 done, one more dropped
    at_week(clock, MONDAY, 2)
    b3 = plans.add_item("Follow up", goal="business")
    plans.add_item("Proposal", goal="business")
    dropped = plans.add_item("Cold calls", goal="business")
    plans.drop_item(dropped.id, "not now")
    plans.check_item(b3.id)
    # week 3 planned ahead: not started, not scored
    plans.add_item("Later", week=3, goal="business")
    del b2
    scores = plans.scores()
    assert [(w.week, w.quota, w.done, w.score, w.started) for w in scores.weeks[:4]] == [
        (1, 3, 2, Decimal("66.67"), True), (2, 2, 1, Decimal("50.00"), True),
        (3, 1, 0, Decimal("0.00"), False), (4, 0, 0, None, False)]
    assert scores.cycle == Decimal("58.34")  # (66.67 + 50.00) / 2, half up
    business, personal = scores.goals
    # business: weeks 1-2, not dropped: Pitch, Invoice, Follow up, Proposal; 2 done
    assert business[0] == "business" and business[2] == Decimal("50.00")
    assert personal[0] == "personal" and personal[2] == Decimal("100.00")
    assert scores.bar == Decimal(85)
    at_week(clock, MONDAY, 14)  # past: every week counts for the goals
    scores = plans.scores(cycle.id)
    assert scores.goals[0][2] == Decimal("40.00")  # + Later, not done


def test_cycle_score_is_none_before_any_scored_week(plans, cycle):
    assert plans.scores().cycle is None
    assert plans.week_plan().score is None


def test_plan_view_without_a_cycle_is_empty_but_has_the_vision(plans):
    plans.set_vision(body="A studio of three")
    view = plans.plan_view()
    assert (view.cycle, view.goals, view.week, view.scores, view.review_due) == (
        None, (), None, None, None)
    assert view.vision is not None and view.vision.body == "A studio of three"


def test_plan_view_reads_everything_the_pane_draws(plans, cycle, clock):
    plans.set_goal("business", "Bill 12k")
    plans.add_measure("business", "lag", "Billed", target=12000)
    plans.add_tactic("business", "Pitch", weeks="all")
    first = plans.add_item("Invoice", goal="business")
    plans.check_item(first.id)
    at_week(clock, MONDAY, 3, day=1)
    plans.add_item("Ad hoc")
    view = plans.plan_view()
    assert view.cycle is not None and (view.cycle.week, view.cycle.state) == (3, "current")
    assert view.week is not None and view.week.week == 3
    assert [(i.title, i.goal_kind) for i in view.week.items] == [
        ("Pitch", "business"), ("Ad hoc", None)]  # by goal, the goal-less last
    [goal] = view.goals
    assert ([m.name for m in goal.measures], [x.title for x in goal.tactics]) == (
        ["Billed"], ["Pitch"])
    assert view.scores is not None and view.scores.weeks[0].score == Decimal("50.00")
    assert view.review_due == 2  # the latest ended week not reviewed
    assert plans.review().week == 2  # the review's own rule says the same
    assert view.journal_count == 0
    plans.add_note("Slow start")
    plans.finish_review(2, "Two weeks in")  # marks week 1 too; its text is a journal note
    view = plans.plan_view()
    assert (view.review_due, view.journal_count) == (None, 2)
    at_week(clock, MONDAY, 13)  # the review week shows week 12
    assert plans.plan_view().week.week == 12


def test_in_the_review_week_an_item_is_refused_pointing_to_the_next_cycle(plans, cycle, clock,
                                                                          target):
    """Week 13: every week of the cycle has ended, so "plan this week or a later one" would
    point nowhere; the refusal says to start the next cycle."""
    at_week(clock, MONDAY, 13, day=2)
    before = plan_state(target)
    with pytest.raises(InvalidInput) as err:
        plans.add_item("Next quarter's idea")
    assert err.value.field == "week"
    assert "its 12 weeks have ended" in str(err.value)
    assert "fcc plan cycle start" in str(err.value)
    assert plan_state(target) == before
