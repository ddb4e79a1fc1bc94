"""The journal on both backends: a thread of timestamped notes per week (13: the review week),
edited and deleted with the activity log, searched without regard to case — non-ASCII letters
included, which SQLite's lower() would miss."""

from __future__ import annotations

import datetime as dt

import pytest

from fcc.store.errors import InvalidInput, NoCycle, UnknownId
from tests.store.board_helpers import last_batch
from tests.store.plan_helpers import MONDAY, at_week, pinned, plan_state


@pytest.fixture
def plans(store):
    return pinned(store)


@pytest.fixture
def cycle(plans):
    return plans.start_cycle(MONDAY)


def test_notes_go_to_today_s_week_in_order(plans, cycle, clock, target):
    first = plans.add_note("Kick-off: two goals, five tactics.")
    clock.advance(minutes=5)
    second = plans.add_note("  Booked the sprint planning.\n")
    assert (first.week, first.kind, first.zone) == (1, "note", "Europe/Berlin")
    assert second.body == "Booked the sprint planning." and second.at > first.at
    at_week(clock, MONDAY, 3, day=2)
    third = plans.add_note("Week 3 is busy")
    other = plans.add_note("Looking back at week 1", week=1)
    assert (third.week, other.week) == (3, 1)
    assert [n.id for n in plans.journal()] == [first.id, second.id, third.id, other.id]
    assert [n.id for n in plans.journal(week=1)] == [first.id, second.id, other.id]
    assert plans.journal(week="W3")[0].body == "Week 3 is busy"
    assert plans.journal(week=5) == []
    rows = last_batch(target)  # the thread exists: only the note is made
    assert [(e, a) for e, _i, a, _b, _x in rows] == [("journal_message", "create")]
    assert rows[0][4]["body"] == "Looking back at week 1"


def test_one_thread_per_week_made_with_its_first_note(plans, cycle, target):
    plans.add_note("one")
    rows = last_batch(target)
    assert [(e, a) for e, _i, a, _b, _x in rows] == [("journal_session", "create"),
                                                     ("journal_message", "create")]
    assert rows[0][4]["week"] == 1 and rows[0][4]["cycle_id"] == cycle.id
    plans.add_note("two")
    plans.add_note("three", week=2)
    from tests.store.helpers import q

    assert q(target, "SELECT week, count(*) FROM journal_session GROUP BY week "
                     "ORDER BY week") == [(1, 1), (2, 1)]


def test_the_review_week_and_a_drafted_cycle(plans, cycle, clock):
    at_week(clock, MONDAY, 13, day=3)
    note = plans.add_note("Cycle done: 81 % overall.")
    assert note.week == 13
    assert plans.add_note("Also this", week="review").week == 13
    draft = plans.start_cycle(MONDAY + dt.timedelta(weeks=13))
    assert plans.add_note("Ideas for the next one", cycle=draft.id).week == 1
    assert [n.body for n in plans.journal(cycle=draft.id)] == ["Ideas for the next one"]
    assert len(plans.journal()) == 2  # today's cycle: still the one in its review week


def test_search_is_casefolded_beyond_ascii(plans, cycle):
    plans.add_note("Planning the ÉTÉ campaign")
    plans.add_note("été: fewer hours, more focus")
    plans.add_note("Straße project kick-off")
    plans.add_note("Nothing   special\nhere")
    assert [n.body for n in plans.journal(search="été")] == [
        "Planning the ÉTÉ campaign", "été: fewer hours, more focus"]
    assert len(plans.journal(search="ÉTÉ")) == 2
    assert [n.body for n in plans.journal(search="STRASSE")] == ["Straße project kick-off"]
    assert len(plans.journal(search="nothing special")) == 1  # runs of white space as one
    assert plans.journal(search="winter") == []
    assert len(plans.journal(search="  ")) == 4


def test_edit_and_delete_with_their_history(plans, cycle, clock, target):
    note = plans.add_note("Frist draft")
    clock.advance(minutes=1)
    edited = plans.edit_note(note.id, "First draft")
    assert (edited.body, edited.edited_at, edited.at) == ("First draft", clock.now(), note.at)
    [(entity, _i, action, before, after)] = last_batch(target)
    assert (entity, action, before["body"], after["body"]) == (
        "journal_message", "update", "Frist draft", "First draft")
    keep = plans.add_note("Second")
    plans.delete_note(f"#{note.id}")
    assert [n.id for n in plans.journal()] == [keep.id]
    plans.delete_note(keep.id)  # the week's last note: its thread goes too
    assert [(e, a) for e, _i, a, _b, _x in last_batch(target)] == [
        ("journal_message", "delete"), ("journal_session", "delete")]
    assert plans.journal() == []


@pytest.mark.parametrize("verb", ["add", "edit", "delete"])
def test_undo_takes_back_each_journal_verb(plans, cycle, target, verb):
    note = plans.add_note("A note")
    before = plan_state(target)
    if verb == "add":
        plans.add_note("Another", week=4)
    elif verb == "edit":
        plans.edit_note(note.id, "Changed")
    else:
        plans.delete_note(note.id)
    assert plan_state(target) != before
    plans.undo()
    assert plan_state(target) == before


def test_bad_input_names_the_field(plans, cycle):
    for text in ("", "   \n", None, "x" * 20_001, "nul\x00"):
        with pytest.raises(InvalidInput) as err:
            plans.add_note(text)  # type: ignore[arg-type]
        assert err.value.field == "text"
    for week in (0, 14, "soon", True):
        with pytest.raises(InvalidInput) as err:
            plans.add_note("x", week=week)
        assert err.value.field == "week"
    with pytest.raises(InvalidInput) as err:
        plans.edit_note("seven", "x")
    assert err.value.field == "note"
    with pytest.raises(UnknownId, match="no journal note #99"):
        plans.delete_note(99)
    assert plans.journal() == []


def test_no_cycle_no_journal(plans):
    with pytest.raises(NoCycle):
        plans.add_note("Too early")
    with pytest.raises(NoCycle):
        plans.journal()
