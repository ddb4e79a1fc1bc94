"""Sprints on both backends: plan, start (one active per board), complete (unfinished cards to the
backlog, the next sprint or one named), list with counts, and the burndown by local day."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from fcc.store.errors import InvalidInput, NotFound, UnknownName
from tests.store import boardkit as kit
from tests.store.helpers import dump, q, raw

D = dt.date


@pytest.fixture
def web(store):
    kit.board(store, "Web")
    return store


def test_plan_sprint_makes_a_planned_sprint_and_logs_it(web, target):
    s1 = web.plan_sprint("web", "Sprint 1", start=D(2026, 11, 23), end=D(2026, 12, 4),
                         goal="ship the login")
    assert (s1.name, s1.board, s1.status, s1.start, s1.end, s1.goal) == (
        "Sprint 1", "Web", "planned", D(2026, 11, 23), D(2026, 12, 4), "ship the login")
    assert (s1.cards, s1.cards_done, s1.estimate_minutes, s1.done_minutes) == (0, 0, 0, 0)
    [(action, before, after)] = q(target, "SELECT action, before, after FROM activity "
                                  "WHERE entity = 'sprint'")
    assert action == "create" and before is None
    assert json.loads(after)["name"] == "Sprint 1" and json.loads(after)["status"] == "planned"
    # text dates are read as the time commands read them, in the user's zone
    s2 = web.plan_sprint(None, "Sprint 2", start="today", end="2026-12-11")
    assert (s2.start, s2.end) == (D(2026, 11, 23), D(2026, 12, 11))
    assert web.sprint("Web", "sprint 2") == s2


def test_plan_sprint_refuses_bad_input_naming_the_field_and_writes_nothing(web, target):
    web.plan_sprint("Web", "Sprint 1", start=D(2026, 11, 23), end=D(2026, 12, 4))
    before = dump(target)
    cases = [
        (dict(name="SPRINT 1"), "name", "a sprint name not used yet on board Web (Sprint 1"),
        (dict(name="  "), "name", "a non-empty sprint name"),
        (dict(name="a\x07b"), "name", "control character U+0007"),
        (dict(name="x" * 101), "name", "at most 100 characters"),
        (dict(start=D(2026, 12, 5)), "end", "a date on or after the start (2026-12-05)"),
        (dict(start="someday"), "start", "a date like 2026-12-01"),
        (dict(end=D(2027, 12, 2)), "end", "a date less than 366 days after the start"),
        (dict(end=dt.datetime(2026, 12, 5, tzinfo=dt.UTC)), "end", "a date like"),
        (dict(goal="no\x00nul"), "goal", "without NUL"),
    ]
    for change, field, expected in cases:
        args = dict(name="Sprint 2", start=D(2026, 12, 1), end=D(2026, 12, 4), goal="")
        args.update(change)
        with pytest.raises(InvalidInput) as err:
            web.plan_sprint("Web", args.pop("name"), **args)
        assert err.value.field == field and expected in str(err.value), (change, str(err.value))
    with pytest.raises(UnknownName, match="board: no board named 'Mobile'"):
        web.plan_sprint("Mobile", "Sprint 2", start=D(2026, 12, 1), end=D(2026, 12, 4))
    assert dump(target) == before


def test_the_same_sprint_name_on_another_board_is_fine(web):
    kit.board(web, "Mobile")
    web.plan_sprint("Web", "S1", start=D(2026, 11, 23), end=D(2026, 11, 27))
    assert web.plan_sprint("Mobile", "s1", start=D(2026, 11, 23), end=D(2026, 11, 27)).board \
        == "Mobile"


def test_start_sprint_allows_one_active_sprint_per_board(web):
    web.plan_sprint("Web", "S1", start=D(2026, 11, 23), end=D(2026, 11, 27))
    web.plan_sprint("Web", "S2", start=D(2026, 11, 30), end=D(2026, 12, 4))
    assert web.start_sprint("Web", "s1").status == "active"
    with pytest.raises(InvalidInput) as err:
        web.start_sprint("Web", "S2")
    assert str(err.value) == ("sprint: expected no other active sprint on board Web "
                              "(complete S1 first), got 'S2'")
    with pytest.raises(InvalidInput, match=r"a planned sprint \(S1 is active\)"):
        web.start_sprint("Web", "S1")
    with pytest.raises(UnknownName, match="no sprint named 'S3' on board Web; did you mean"):
        web.start_sprint("Web", "S3")
    assert [s.status for s in web.sprints("Web")] == ["active", "planned"]
    assert web.sprint("Web").name == "S1"  # None: the active one


def test_the_database_allows_one_active_sprint_per_board_whoever_writes(web, target):
    web.plan_sprint("Web", "S1", start=D(2026, 11, 23), end=D(2026, 11, 27))
    web.plan_sprint("Web", "S2", start=D(2026, 11, 30), end=D(2026, 12, 4))
    web.start_sprint("Web", "S1")
    with raw(target) as conn:
        with pytest.raises(Exception) as err:
            conn.execute("UPDATE sprint SET status = 'active' WHERE name = 'S2'")
        assert "IntegrityError" in type(err.value).__name__ or "UniqueViolation" in type(
            err.value).__name__
    kit.board(web, "Mobile")  # another board may have its own active sprint
    web.plan_sprint("Mobile", "M1", start=D(2026, 11, 23), end=D(2026, 11, 27))
    assert web.start_sprint("Mobile", "M1").status == "active"


def test_complete_sprint_sends_unfinished_cards_to_the_backlog(web, target):
    web.plan_sprint("Web", "S1", start=D(2026, 11, 23), end=D(2026, 11, 27))
    board = web.board("Web").id
    done = kit.card(web, board, "done", sprint="S1", estimate=60)
    kit.finish(web, done)
    open_ = kit.card(web, board, "open", sprint="S1", column="Doing")
    web.start_sprint("Web", "S1")
    s1 = web.complete_sprint("Web")
    assert (s1.status, s1.cards, s1.cards_done) == ("completed", 1, 1)
    assert q(target, "SELECT id, sprint_id FROM work_item ORDER BY id") == [
        (done, s1.id), (open_, None)]
    [(message,)] = q(target, "SELECT after FROM activity WHERE entity = 'batch' "
                     "AND action = 'sprint complete'")
    assert json.loads(message)["message"] == (
        "complete sprint S1 on board Web; 1 unfinished card to the backlog")


def test_complete_sprint_sends_unfinished_cards_to_the_next_or_a_named_sprint(web, target):
    board = web.board("Web").id
    web.plan_sprint("Web", "S1", start=D(2026, 11, 23), end=D(2026, 11, 27))
    web.plan_sprint("Web", "S3", start=D(2026, 12, 7), end=D(2026, 12, 11))
    web.plan_sprint("Web", "S2", start=D(2026, 11, 30), end=D(2026, 12, 4))
    a = kit.card(web, board, "a", sprint="S1")
    web.start_sprint("Web", "S1")
    assert web.complete_sprint("Web", "S1", unfinished_to="next").cards == 0
    assert q(target, "SELECT s.name FROM work_item w JOIN sprint s ON s.id = w.sprint_id "
             "WHERE w.id = ?", (a,)) == [("S2",)]  # the next by start date, not by creation
    web.start_sprint("Web", "S2")
    assert web.complete_sprint("Web", unfinished_to="s3").name == "S2"
    assert q(target, "SELECT s.name FROM work_item w JOIN sprint s ON s.id = w.sprint_id "
             "WHERE w.id = ?", (a,)) == [("S3",)]


def test_complete_sprint_refuses_what_it_cannot_do_and_writes_nothing(web, target):
    board = web.board("Web").id
    web.plan_sprint("Web", "S1", start=D(2026, 11, 23), end=D(2026, 11, 27))
    with pytest.raises(InvalidInput, match=r"sprint: expected a sprint's name \(no sprint is "
                       r"active on board Web\)"):
        web.complete_sprint("Web")
    with pytest.raises(InvalidInput, match=r"an active sprint \(S1 is planned\)"):
        web.complete_sprint("Web", "S1")
    kit.card(web, board, "a", sprint="S1")
    web.start_sprint("Web", "S1")
    before = dump(target)
    with pytest.raises(InvalidInput) as err:
        web.complete_sprint("Web", unfinished_to="next")
    assert err.value.field == "unfinished_to"
    assert "no planned sprint follows S1 on board Web" in str(err.value)
    with pytest.raises(InvalidInput, match="unfinished_to: .*no sprint named 'Nope'"):
        web.complete_sprint("Web", unfinished_to="Nope")
    with pytest.raises(InvalidInput, match="unfinished_to: .*S1 is the one completed"):
        web.complete_sprint("Web", unfinished_to="S1")
    with pytest.raises(InvalidInput, match="unfinished_to"):
        web.complete_sprint("Web", unfinished_to=" ")
    assert dump(target) == before


def test_sprints_lists_with_counts_and_filters_by_status(web):
    board = web.board("Web").id
    assert web.sprints() == []
    web.plan_sprint("Web", "S2", start=D(2026, 11, 30), end=D(2026, 12, 4))
    web.plan_sprint("Web", "S1", start=D(2026, 11, 23), end=D(2026, 11, 27))
    for title, est, done in [("a", 60, True), ("b", 30, False), ("c", None, True),
                             ("d", 15, False)]:
        card = kit.card(web, board, title, estimate=est, sprint="S1")
        if done:
            kit.finish(web, card)
    gone = kit.card(web, board, "deleted", estimate=500, sprint="S1")
    web.delete_card(gone)
    web.start_sprint("Web", "S1")
    s1, s2 = web.sprints()
    assert [s.name for s in (s1, s2)] == ["S1", "S2"]  # by start date
    assert (s1.cards, s1.cards_done, s1.estimate_minutes, s1.done_minutes) == (4, 2, 105, 60)
    assert (s2.cards, s2.estimate_minutes) == (0, 0)
    assert [s.name for s in web.sprints("Web", status="planned")] == ["S2"]
    assert web.sprint("Web", "S1") == s1
    with pytest.raises(InvalidInput, match="status: expected one of planned, active, completed"):
        web.sprints(status="done")
    kit.board(web, "Mobile")
    web.plan_sprint("Mobile", "M1", start=D(2026, 11, 23), end=D(2026, 11, 27))
    assert [s.board for s in web.sprints("*")] == ["Mobile", "Web", "Web"]
    with pytest.raises(InvalidInput, match="board"):
        web.sprints()  # two boards: which one?


def test_undo_reverts_each_sprint_verb(web, target):
    board = web.board("Web").id
    empty = dump(target)["rows"]["sprint"]
    web.plan_sprint("Web", "S1", start=D(2026, 11, 23), end=D(2026, 11, 27))
    web.plan_sprint("Web", "S2", start=D(2026, 11, 30), end=D(2026, 12, 4))
    card = kit.card(web, board, "a", sprint="S1")
    planned = q(target, "SELECT id, status FROM sprint ORDER BY id")
    web.start_sprint("Web", "S1")
    started = q(target, "SELECT id, status FROM sprint ORDER BY id")
    web.complete_sprint("Web", unfinished_to="next")
    assert web.undo().message == "undid: complete sprint S1 on board Web; 1 unfinished card " \
        "to sprint S2"
    assert q(target, "SELECT id, status FROM sprint ORDER BY id") == started
    assert web.sprint("Web").name == "S1"
    assert q(target, "SELECT sprint_id FROM work_item WHERE id = ?", (card,)) == [
        (web.sprint("Web", "S1").id,)]
    assert web.undo().message == "undid: start sprint S1 on board Web"
    assert q(target, "SELECT id, status FROM sprint ORDER BY id") == planned
    web.undo()  # the card
    assert web.undo().message == "undid: plan sprint S2 on board Web"
    assert web.undo().message == "undid: plan sprint S1 on board Web"
    assert dump(target)["rows"]["sprint"] == empty


# --- burndown ---------------------------------------------------------------------------------


@pytest.fixture
def october(store, clock):
    """Sprint S (Fri 2026-10-23 .. Wed 2026-10-28) in Berlin, where summer time ends on Sunday
    the 25th (03:00 CEST -> 02:00 CET): that local day is 25 hours long."""
    store.set_setting("zone", "Europe/Berlin")
    clock.set("2026-10-20T09:00:00+00:00")
    board = kit.board(store, "Web")
    store.plan_sprint("Web", "S", start=D(2026, 10, 23), end=D(2026, 10, 28))
    cards = {name: kit.card(store, board, name, estimate=est, sprint="S")
             for name, est in [("A", 120), ("B", 60), ("C", None), ("D", 30), ("E", 90),
                               ("F", 45)]}
    store.start_sprint("Web", "S")
    for name, at in [
        ("F", "2026-10-22T12:00:00+00:00"),  # before the sprint: never remaining
        ("D", "2026-10-23T10:00:00+00:00"),  # Friday
        ("A", "2026-10-24T22:30:00+00:00"),  # Sunday 00:30 CEST (Saturday in UTC)
        ("B", "2026-10-25T22:30:00+00:00"),  # Sunday 23:30 CET
        ("C", "2026-10-25T23:30:00+00:00"),  # Monday 00:30 CET (Sunday in UTC)
    ]:
        clock.set(at)
        kit.finish(store, cards[name])
    return store


def test_burndown_counts_local_days_across_a_dst_change(october, clock):
    clock.set("2026-10-30T12:00:00+00:00")
    october.complete_sprint("Web")
    burn = october.burndown("Web", "S")
    assert burn.sprint.name == "S" and burn.sprint.status == "completed"
    # hand-computed: estimates 120+60+0+30+90+45 = 345 minutes
    assert [(d.day.day, d.remaining_minutes, d.done_minutes, d.done_cards)
            for d in burn.days] == [
        (23, 270, 30, 1),   # F (before) and D done
        (24, 270, 0, 0),    # A is done at 22:30 UTC, already Sunday in Berlin
        (25, 90, 180, 2),   # A and B: the 25-hour Sunday
        (26, 90, 0, 1),     # C, without an estimate: a card, no minutes
        (27, 90, 0, 0),
        (28, 90, 0, 0),     # E never done
    ]


def test_burndown_of_an_active_sprint_runs_up_to_today(october, clock):
    clock.set("2026-10-25T23:10:00+00:00")  # Monday 00:10 in Berlin, Sunday in UTC
    burn = october.burndown("Web")  # None: the active sprint
    assert [d.day.day for d in burn.days] == [23, 24, 25, 26]
    assert burn.days[-1].remaining_minutes == 90
    clock.set("2026-10-21T12:00:00+00:00")  # before its first day: no days yet
    assert october.burndown("Web").days == ()


def test_a_card_leaving_the_done_column_counts_as_remaining_again(october, clock):
    [a] = [c for c in october.cards(board="Web") if c.title == "A"]
    october.move_card(a.id, column="To do")
    clock.set("2026-10-30T12:00:00+00:00")
    burn = october.burndown("Web", "S")
    assert [d.remaining_minutes for d in burn.days] == [270, 270, 210, 210, 210, 210]
    assert burn.days[2].done_minutes == 60


def test_sprint_without_a_name_needs_an_active_one(web):
    with pytest.raises(InvalidInput) as err:
        web.sprint("Web")
    assert err.value.field == "sprint" and "no sprint is active on board Web" in str(err.value)


def test_without_any_board_reads_are_empty_and_planning_makes_the_inbox(store):
    assert store.sprints() == []
    with pytest.raises(NotFound, match="board: no board yet"):
        store.burndown()
    s1 = store.plan_sprint(None, "S1", start=D(2026, 11, 23), end=D(2026, 11, 27))
    assert s1.board == "Inbox" and [b.name for b in store.boards()] == ["Inbox"]
    assert store.sprints() == [s1]
    assert store.undo().message == "undid: plan sprint S1 on board Inbox"
    assert store.boards() == []


def test_two_processes_starting_sprints_of_one_board_at_once(target, clock):
    """Each round, two processes start two sprints of one board at the same moment: one wins,
    the other is told which sprint is active (the check runs under the writer lock, so the
    database's index never has to refuse it)."""
    import multiprocessing as mp

    from fcc.store.api import Store
    from tests.store import board_workers

    rounds = 6
    with Store.open(target, clock) as s:
        for i in range(rounds):
            kit.board(s, f"B{i}")
            for name in ("A", "B"):
                s.plan_sprint(f"B{i}", name, start=D(2026, 11, 23), end=D(2026, 11, 27))
    ctx = mp.get_context("spawn")
    barrier = ctx.Barrier(2)
    results = ctx.Queue()
    procs = [ctx.Process(target=board_workers.race,
                         args=(target, "start_sprint",
                               [((f"B{i}", name), {}) for i in range(rounds)], barrier,
                               results))
             for name in ("A", "B")]
    for p in procs:
        p.start()
    outcomes = [results.get(timeout=300) for _ in procs]
    for p in procs:
        p.join(30)
    assert all(ok for ok, _ in outcomes), outcomes
    first, second = (o for _, o in outcomes)
    for (one, why_one), (two, why_two) in zip(first, second, strict=True):
        assert sorted([one, two]) == ["InvalidInput", "ok"], (first, second)
        assert "no other active sprint on board B" in why_one + why_two
    assert q(target, "SELECT count(*) FROM sprint WHERE status = 'active'") == [(rounds,)]
