"""The weekly review on both backends: the week due, lapsed weeks marked by one review,
unfinished items recommitted (one roll-over more, flagged from the third), broken down or
dropped, the written review in the journal, week 6's review locking weeks 7-12, and every
change in the activity log (before/after) and undoable."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest

from fcc.store.errors import InvalidInput, PlanLocked
from tests.store.board_helpers import last_batch
from tests.store.helpers import q
from tests.store.plan_helpers import MONDAY, at_week, pinned, plan_state


def last_message(target) -> str:
    """What the last change says it did (its batch row's message)."""
    [(after,)] = q(target, "SELECT after FROM activity WHERE entity = 'batch' "
                           "ORDER BY id DESC LIMIT 1")
    return json.loads(after)["message"]


@pytest.fixture
def plans(store):
    return pinned(store)


@pytest.fixture
def cycle(plans):
    return plans.start_cycle(MONDAY)  # today (the frozen Monday) is week 1, day 1


def test_nothing_is_due_before_a_week_has_ended(plans, cycle):
    assert plans.review() is None
    state = plans.review(week=1)  # the current week: a Friday review
    assert (state.week, state.lapsed, state.next_week, state.midpoint) == (1, (), 2, False)
    with pytest.raises(InvalidInput) as err:
        plans.review(week=2)
    assert err.value.field == "week" and "week 2 starts on 2026-11-30" in str(err.value)
    with pytest.raises(InvalidInput):
        plans.review(week=13)


def test_the_latest_ended_week_is_due_and_one_review_marks_the_lapsed_ones(
        plans, cycle, clock, target):
    for week in (1, 2, 3):
        plans.add_item(f"Item of week {week}", week=week)
    at_week(clock, MONDAY, 4, day=2)
    state = plans.review()
    assert (state.week, state.lapsed, state.next_week) == (3, (1, 2), 4)
    assert [i.title for i in state.unfinished] == ["Item of week 3"]
    week = plans.finish_review(3, "  Lost two weeks to the flu; back on track.\n")
    assert last_message(target) == ("review week 3 of 12 weeks from 2026-11-23 (weeks 1 and "
                                    "2, never reviewed, marked too)")
    assert week.reviewed_at == clock.now() and week.review.startswith("Lost two weeks")
    reviewed = {w.week: (w.reviewed_at is not None, w.review)
                for w in (plans.week_plan(n) for n in range(1, 5))}
    assert reviewed == {1: (True, ""), 2: (True, ""),
                        3: (True, "Lost two weeks to the flu; back on track."), 4: (False, "")}
    assert plans.review() is None
    [note] = plans.journal()
    assert (note.week, note.kind, note.body) == (
        3, "review", "Lost two weeks to the flu; back on track.")
    rows = last_batch(target)
    assert [(e, a) for e, _i, a, _b, _x in rows] == [
        ("weekly_plan", "update"), ("weekly_plan", "update"), ("weekly_plan", "update"),
        ("journal_session", "create"), ("journal_message", "create")]
    before, after = rows[0][3], rows[0][4]
    assert (before["reviewed_at"], before["review"]) == (None, "")
    assert after["review"] == "Lost two weeks to the flu; back on track."
    assert after["reviewed_at"] is not None


def test_an_empty_review_text_writes_no_note(plans, cycle, clock):
    at_week(clock, MONDAY, 2)
    plans.finish_review(1)
    assert plans.journal() == [] and plans.week_plan(1).reviewed_at is not None


def test_recommit_carries_an_item_to_this_week_once(plans, cycle, clock, target):
    plans.create_board("Work")
    card = plans.add_card({"title": "Landing page"})
    plans.set_goal("business", "Reach 12k billed")
    done = plans.add_item("Send invoice")
    plans.check_item(done.id)
    open_ = plans.add_item("Ship the page", card=card.id, goal="business")
    dropped = plans.add_item("Old idea")
    plans.drop_item(dropped.id, "not worth it")
    other = plans.add_item("Call Acme")
    at_week(clock, MONDAY, 2, day=1)
    state = plans.review()
    assert state.week == 1
    assert [i.id for i in state.unfinished] == [open_.id, other.id]
    assert state.plan.score == Decimal("33.33")  # 1 done of 3 (the dropped one left the quota)
    new = plans.recommit_item(open_.id)
    assert (new.week, new.title, new.rolled_over, new.origin_id, new.origin_kind) == (
        2, "Ship the page", 1, open_.id, "recommit")
    assert (new.work_item_id, new.goal_kind, new.flagged) == (card.id, "business", False)
    rows = last_batch(target)
    assert [(e, a) for e, _i, a, _b, _x in rows] == [("plan_item", "create"),
                                                     ("weekly_plan", "update")]
    assert rows[0][4]["origin_id"] == open_.id and rows[0][4]["rolled_over"] == 1
    assert (rows[1][3]["quota"], rows[1][4]["quota"]) == (0, 1)  # week 2 follows its plan
    assert plans.week_plan(1).quota == 3  # an ended week's commitment is history
    assert [i.id for i in plans.review().unfinished] == [other.id]
    for item, says in ((open_.id, "was recommitted already"), (done.id, "is done"),
                       (dropped.id, "was dropped")):
        with pytest.raises(InvalidInput) as err:
            plans.recommit_item(item)
        assert err.value.field == "item" and says in str(err.value)


def test_recommit_to_a_given_week(plans, cycle, clock):
    item = plans.add_item("Write case study")
    at_week(clock, MONDAY, 3)
    for week, says in ((1, "a week after week 1"), (2, "week 2 has ended"),
                       (13, "a week from 1 to 12")):
        with pytest.raises(InvalidInput) as err:
            plans.recommit_item(item.id, week=week)
        assert err.value.field == "week" and says in str(err.value)
    assert plans.recommit_item(item.id, week=5).week == 5


def test_an_item_rolled_three_times_is_flagged(plans, cycle, clock, target):
    item = plans.add_item("Update the portfolio")
    for week in (2, 3, 4):
        at_week(clock, MONDAY, week)
        item = plans.recommit_item(item.id)
        assert item.week == week
    assert (item.rolled_over, item.flagged) == (3, True)
    assert "rolled over 3 times" in last_message(target)
    at_week(clock, MONDAY, 5)
    [unfinished] = plans.review().unfinished
    assert unfinished.id == item.id and unfinished.flagged


def test_break_down_into_smaller_items(plans, cycle, clock, target):
    plans.create_board("Work")
    card = plans.add_card({"title": "Website relaunch"})
    plans.set_goal("personal", "Run a half marathon")
    big = plans.add_item("Relaunch the website", card=card.id, goal="personal")
    at_week(clock, MONDAY, 2)
    parts = plans.break_down_item(big.id, ["Draft the sitemap", " Pick a theme "])
    assert [(p.title, p.week, p.origin_id, p.origin_kind, p.rolled_over) for p in parts] == [
        ("Draft the sitemap", 2, big.id, "breakdown", 0),
        ("Pick a theme", 2, big.id, "breakdown", 0)]
    assert {(p.work_item_id, p.goal_kind, p.tactic_id) for p in parts} == {
        (card.id, "personal", None)}
    assert plans.week_plan(2).quota == 2
    assert plans.review().unfinished == ()
    assert [e for e, *_ in last_batch(target)] == ["plan_item", "weekly_plan"] * 2
    with pytest.raises(InvalidInput) as err:
        plans.break_down_item(big.id, ["again"])
    assert "was broken down already" in str(err.value)
    other = plans.add_item("Another", week=2)
    for titles in ([], [""], "x" * 501):
        with pytest.raises(InvalidInput) as err:
            plans.break_down_item(other.id, titles)
        assert err.value.field in ("titles", "title")


def test_dropping_during_the_review(plans, cycle, clock):
    item = plans.add_item("Cold-call 20 agencies")
    at_week(clock, MONDAY, 2)
    plans.drop_item(item.id, "referrals work better")
    state = plans.review()
    assert state.unfinished == ()
    assert state.plan.items[0].drop_reason == "referrals work better"


def test_week_6_s_review_locks_the_second_half(plans, cycle, clock, target):
    plans.set_quota(9, 4)
    at_week(clock, MONDAY, 6, day=4)  # Friday of week 6
    state = plans.review(week=6)
    assert state.midpoint and state.lapsed == (1, 2, 3, 4, 5)
    plans.finish_review(6, "Halfway: 78 %.")
    locked = plans.cycle()
    assert locked.midpoint_locked_at == clock.now()
    assert [w.week for w in plans.scores().weeks if w.locked] == list(range(7, 13))
    with pytest.raises(PlanLocked, match="week 9 is locked"):
        plans.set_quota(9, 5)
    rows = last_batch(target)
    assert ("cycle", "lock") in [(e, a) for e, _i, a, _b, _x in rows]
    assert last_message(target) == ("review week 6 of 12 weeks from 2026-11-23 (weeks 1, 2, "
                                    "3, 4 and 5, never reviewed, marked too); weeks 7-12 are "
                                    "locked")
    with pytest.raises(PlanLocked, match="midpoint lock cannot be undone"):
        plans.undo()
    assert plans.cycle().midpoint_locked_at == clock.now()


def test_a_review_of_week_6_in_week_7_finds_the_lock_due(plans, cycle, clock):
    at_week(clock, MONDAY, 7, day=1)
    state = plans.review()
    assert (state.week, state.midpoint) == (6, False)  # week 7 has begun: locked anyway
    assert plans.cycle().midpoint_locked_at is None  # (nothing written yet)
    plans.finish_review(6)
    # locked since week 7 began (its first midnight in Berlin), before this review
    assert plans.cycle().midpoint_locked_at == dt.datetime(2027, 1, 3, 23, tzinfo=dt.UTC)


def test_reviews_and_recommits_in_the_locked_half(plans, cycle, clock):
    at_week(clock, MONDAY, 8)
    item = plans.add_item("Pitch Initech")  # week 8 is locked: its quota stays
    assert plans.week_plan(8).quota == 0
    at_week(clock, MONDAY, 9, day=2)
    new = plans.recommit_item(item.id)
    assert (new.week, new.rolled_over) == (9, 1)
    assert plans.week_plan(9).quota == 0 and plans.week_plan(9).locked
    week = plans.finish_review(8, "Locked half, still reviewed.")
    assert (week.locked, week.quota, week.review) == (True, 0, "Locked half, still reviewed.")
    assert plans.review() is None


def test_week_12_s_items_have_no_later_week(plans, cycle, clock):
    at_week(clock, MONDAY, 12)
    item = plans.add_item("Final invoice run")
    at_week(clock, MONDAY, 13, day=1)  # the review week
    state = plans.review()
    assert (state.week, state.next_week, [i.id for i in state.unfinished]) == (
        12, None, [item.id])
    with pytest.raises(InvalidInput) as err:
        plans.recommit_item(item.id)
    assert "no week 13" in str(err.value)
    plans.drop_item(item.id, "moves to the next cycle")
    plans.finish_review(12, "Done with this cycle.")
    assert plans.review() is None
    assert plans.journal(week=12)[0].body == "Done with this cycle."


@pytest.mark.parametrize("verb", ["recommit", "break_down", "finish_review"])
def test_undo_takes_back_each_review_step(plans, cycle, clock, target, verb):
    item = plans.add_item("Follow up with Globex")
    at_week(clock, MONDAY, 3)
    before = plan_state(target)
    if verb == "recommit":
        plans.recommit_item(item.id)
    elif verb == "break_down":
        plans.break_down_item(item.id, ["Email", "Call"])
    else:
        plans.finish_review(2, "A slow fortnight.")
    assert plan_state(target) != before
    plans.undo()
    assert plan_state(target) == before
