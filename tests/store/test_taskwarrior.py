"""`import_taskwarrior` on both backends, fed what the real `task export` prints: cards with
projects, tags, priority, due, status, annotations as comments and dependencies; reruns that
change nothing or update what changed; undo; dry runs; bad tasks; the board and column."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest

from fcc.store import tables as t
from fcc.store.boards.taskwarrior_read import NotImportable
from fcc.store.errors import InvalidInput, UnknownName
from tests.taskwarrior import Taskwarrior

UTC = dt.UTC


@pytest.fixture
def tw(tmp_path) -> Taskwarrior:
    return Taskwarrior(tmp_path / "tw")


@pytest.fixture
def berlin(store):
    store.set_setting("zone", "Europe/Berlin")
    return store


def cards() -> dict[str, t.WorkItem]:
    return {c.title: c for c in t.WorkItem.select()}


def column_of(card: t.WorkItem) -> str:
    return str(t.BoardColumn.get_by_id(card.column_id).name)


def project_label(card: t.WorkItem) -> str | None:
    if card.project_id is None:
        return None
    p = t.Project.get_by_id(card.project_id)
    return f"{t.Client.get_by_id(p.client_id).name}/{p.name}" if p.client_id else p.name


def deps() -> set[tuple[str, str]]:
    titles = {c.id: c.title for c in t.WorkItem.select()}
    return {(titles[d.blocker_id], titles[d.blocked_id]) for d in t.Dependency.select()}


def sample(tw: Taskwarrior) -> dict[str, str]:
    """A small real Taskwarrior history: every field and status the import reads."""
    ids = {
        "login": tw.add("Fix login", "project:Acme.Website", "+bug", "+urgent",
                        "due:2026-12-10", "priority:H", "estimate:PT2H30M"),
        "docs": tw.add("Write docs", "project:Acme", "priority:L"),
        "plain": tw.add("Plain task"),
        "gone": tw.add("Deleted there"),
        "later": tw.add("Waits", "wait:2027-01-01", "priority:M"),
    }
    tw(ids["login"], "annotate", "seen on staging")
    tw(ids["login"], "annotate", "also in production")
    tw(ids["docs"], "modify", f"depends:{ids['login']}")
    tw(ids["plain"], "modify", f"depends:{ids['login']},{ids['docs']}")
    tw(ids["gone"], "delete")
    tw(ids["login"], "done")
    return ids


def test_a_real_export_becomes_cards_comments_and_dependencies(berlin, tw):
    store = berlin
    ids = sample(tw)
    export = json.loads(tw.export())
    result = store.import_taskwarrior(io.StringIO(tw.export()))
    assert (result.board, result.created, result.updated, result.unchanged) == ("Inbox", 4, 0, 0)
    assert (result.comments, result.dependencies, result.deleted) == (2, 3, 1)
    assert result.skipped == ()
    assert sorted(result.new_projects) == ["Acme", "Acme/Website"]
    assert result.message == ("imported 4 new cards to board Inbox, updated 0, 0 unchanged "
                              "(2 comments, 3 dependencies, 2 new projects); skipped 1 deleted "
                              "and 0 bad")
    got = cards()
    assert set(got) == {"Fix login", "Write docs", "Plain task", "Waits"}
    login = got["Fix login"]
    assert column_of(login) == "Done" and login.source_key == f"taskwarrior:{ids['login']}"
    end = next(x["end"] for x in export if x["uuid"] == ids["login"])
    assert login.done_at == dt.datetime.strptime(end, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    assert (login.priority, login.due_date, json.loads(login.tags), login.estimate_minutes) == (
        1, dt.date(2026, 12, 10), ["bug", "urgent"], 150)
    assert project_label(login) == "Acme/Website"
    assert project_label(got["Write docs"]) == "Acme" and got["Write docs"].priority == 3
    assert project_label(got["Plain task"]) is None and got["Plain task"].priority == 2
    for title in ("Write docs", "Plain task", "Waits"):  # pending and waiting: the first column
        assert column_of(got[title]) == "Backlog" and got[title].done_at is None
    assert [c.body for c in t.Comment.select().order_by(t.Comment.created_at, t.Comment.id)] == [
        "seen on staging", "also in production"]
    assert {c.work_item_id for c in t.Comment.select()} == {login.id}
    assert deps() == {("Fix login", "Write docs"), ("Fix login", "Plain task"),
                      ("Write docs", "Plain task")}
    # As the board's own reads show it: open blockers only (Fix login is done)
    shown = {c.title: c for c in store.cards(board="Inbox")}
    assert shown["Plain task"].blocked_by == (got["Write docs"].id,)
    assert shown["Write docs"].blocked_by == () and shown["Fix login"].done
    assert shown["Fix login"].tags == ("bug", "urgent") and shown["Fix login"].priority == 1
    assert shown["Fix login"].project == "Acme/Website"
    # Most urgent first in the column (Taskwarrior's own urgency)
    backlog = sorted((c for c in got.values() if column_of(c) == "Backlog"),
                     key=lambda c: c.position)
    urgency = {x["description"]: x["urgency"] for x in export}
    assert [c.title for c in backlog] == sorted(
        (c.title for c in backlog), key=lambda title: -urgency[title])


def test_a_rerun_changes_nothing_and_a_later_export_updates(berlin, tw):
    store = berlin
    ids = sample(tw)
    store.import_taskwarrior(json.loads(tw.export()))
    before = {c.id: (c.title, c.column_id, c.position, c.updated_at) for c in t.WorkItem.select()}
    again = store.import_taskwarrior(json.loads(tw.export()))
    assert (again.created, again.updated, again.unchanged, again.comments,
            again.dependencies) == (0, 0, 4, 0, 0)
    assert {c.id: (c.title, c.column_id, c.position, c.updated_at)
            for c in t.WorkItem.select()} == before
    # Changes there: a new title and priority, a new annotation, one done, one new task.
    doing = t.BoardColumn.get(t.BoardColumn.name == "Doing")
    moved = cards()["Waits"]
    t.WorkItem.update(column=doing.id).where(t.WorkItem.id == moved.id).execute()  # moved here
    tw(ids["docs"], "modify", "Write the docs", "priority:H", "+writing")
    tw(ids["plain"], "annotate", "a note")
    tw(ids["plain"], "done")
    tw.add("Brand new", "project:Acme.Website")
    later = store.import_taskwarrior(json.loads(tw.export()))
    assert (later.created, later.updated, later.unchanged, later.comments) == (1, 2, 2, 1)
    got = cards()
    assert "Write docs" not in got and got["Write the docs"].priority == 1
    assert json.loads(got["Write the docs"].tags) == ["writing"]
    assert column_of(got["Plain task"]) == "Done" and got["Plain task"].done_at is not None
    assert column_of(got["Waits"]) == "Doing"  # a pending task stays where it was moved
    assert project_label(got["Brand new"]) == "Acme/Website"
    assert t.Project.select().count() == 2  # the same projects, not new ones
    # Undo takes the later import back: the updates and the new card and comment
    assert store.undo().message == ("undid: import 1 card from Taskwarrior to board Inbox "
                                    "(updated 2)")
    got = cards()
    assert "Brand new" not in got and got["Write docs"].priority == 3
    assert column_of(got["Plain task"]) == "Backlog" and got["Plain task"].done_at is None
    assert [c.body for c in t.Comment.select()] == ["seen on staging", "also in production"]


def test_undo_removes_the_whole_import(berlin, tw):
    store = berlin
    sample(tw)
    result = store.import_taskwarrior(json.loads(tw.export()))
    assert result.batch is not None
    # A card someone else tracked time on since keeps it: deleted softly, its entry stays
    login = cards()["Fix login"]
    store.actor = "colleague"  # (their change is not this user's to undo)
    store.add_entry("Acme/Website", dt.datetime(2026, 11, 20, 9, tzinfo=UTC),
                    dt.datetime(2026, 11, 20, 10, tzinfo=UTC), card=login.id)
    store.actor = "me"
    # (the board it made stays, with its five columns, holding the deleted card)
    assert store.undo().message == (
        "undid 12 of the 18 changes of: import 4 cards from Taskwarrior to board Inbox "
        "(updated 0) (the others were already reverted or replaced since)")
    left = list(t.WorkItem.select())
    assert [(c.title, c.deleted_at is not None) for c in left] == [("Fix login", True)]
    assert t.Comment.select().count() == 0 and t.Dependency.select().count() == 0
    assert t.TimeEntry.select().where(t.TimeEntry.voided_at.is_null()).count() == 1
    assert t.BoardColumn.select().count() == 5 and t.Board.select().count() == 1


def test_undo_of_an_untracked_import_leaves_nothing(berlin, tw):
    store = berlin
    sample(tw)
    store.import_taskwarrior(json.loads(tw.export()))
    store.undo()
    assert [t.WorkItem.select().count(), t.Comment.select().count(),
            t.Dependency.select().count(), t.Board.select().count(),
            t.BoardColumn.select().count(), t.Project.select().count(),
            t.Client.select().count()] == [0] * 7
    again = store.import_taskwarrior(json.loads(tw.export()))  # and it imports again
    assert again.created == 4


def test_a_dry_run_writes_nothing(berlin, tw):
    store = berlin
    sample(tw)
    activity = t.Activity.select().count()
    result = store.import_taskwarrior(json.loads(tw.export()), dry_run=True)
    assert result.dry_run and result.batch is None and result.created == 4
    assert result.message.startswith("would import 4 new cards to board Inbox, would update 0")
    assert t.WorkItem.select().count() == 0 and t.Board.select().count() == 0
    assert t.Activity.select().count() == activity


def test_bad_tasks_are_skipped_with_the_reason(berlin):
    store = berlin
    good = "11111111-1111-4111-8111-111111111111"
    tasks = [
        {"uuid": good, "description": "Good", "status": "pending", "entry": "20261120T080000Z",
         "depends": "22222222-2222-4222-8222-222222222222,33333333-3333-4333-8333-333333333333"},
        {"uuid": "22222222-2222-4222-8222-222222222222", "description": "Due wrong",
         "status": "pending", "due": "next week"},
        {"uuid": "not-a-uuid", "description": "No uuid", "status": "pending"},
        {"uuid": "44444444-4444-4444-8444-444444444444", "description": "Template",
         "status": "recurring", "recur": "weekly"},
        {"uuid": "55555555-5555-4555-8555-555555555555", "description": "  ",
         "status": "pending"},
        {"uuid": "66666666-6666-4666-8666-666666666666", "description": "Odd priority",
         "status": "pending", "priority": "X"},
        "not a task",
        {"uuid": good, "description": "Good again", "status": "pending"},
    ]
    result = store.import_taskwarrior(tasks)
    assert result.created == 1
    reasons = [(s.where, s.reason) for s in result.skipped]
    where = "the tasks given task"
    assert reasons[:7] == [
        (f"{where} 2", "due: expected a time like 20261210T000000Z, got 'next week'"),
        (f"{where} 3", "uuid: expected a task uuid, got 'not-a-uuid'"),
        (f"{where} 4", "status: expected a task (a recurrence template is not one: its "
                       "instances are imported), got 'recurring'"),
        (f"{where} 5", "description: expected a task description, got '  '"),
        (f"{where} 6", "priority: expected H, M or L, got 'X'"),
        (f"{where} 7", "task: expected a JSON object, got 'str'"),
        (f"{where} 8", f"the same task as {where} 1"),
    ]
    assert [r for _, r in reasons[7:]] == [
        f"depends: task {u} is neither in this export nor imported before (that dependency "
        "was left out)" for u in ("22222222-2222-4222-8222-222222222222",
                                  "33333333-3333-4333-8333-333333333333")]


def test_files_that_are_no_export_are_refused_whole(berlin, tmp_path):
    store = berlin
    for text, why in [("", "it is empty; `task export` prints [] for no tasks"),
                      ('[{"uuid": ', "not JSON: Expecting value at line 1 column 10"),
                      ('"tasks"', "expected a JSON list of tasks, got a JSON str")]:
        path = tmp_path / "export.json"
        path.write_text(text)
        with pytest.raises(NotImportable) as err:
            store.import_taskwarrior(path)
        assert str(err.value) == (f"taskwarrior: {path} is not a `task export` ({why}); "
                                  "nothing was imported")
    with pytest.raises(NotImportable, match="there is no such file"):
        store.import_taskwarrior(tmp_path / "missing.json")
    assert t.WorkItem.select().count() == 0 and t.Board.select().count() == 0


def test_the_old_one_task_a_line_format(berlin):
    lines = "\n".join(json.dumps({"uuid": f"{i}{i}{i}{i}{i}{i}{i}{i}-1111-4111-8111-111111111111",
                                  "description": f"Task {i}", "status": "pending",
                                  "entry": "20131120T080000Z"}) + ","
                      for i in range(1, 4))
    result = berlin.import_taskwarrior(io.BytesIO(lines.encode()))
    assert result.created == 3 and sorted(cards()) == ["Task 1", "Task 2", "Task 3"]


def test_the_board_and_column(berlin, tw):
    store = berlin
    tw.add("One")
    export = json.loads(tw.export())
    result = store.import_taskwarrior(export, board="Acme", column="2")
    assert result.board == "Acme" and column_of(cards()["One"]) == "To do"
    t.Board.create(name="Other", created_at=dt.datetime(2026, 11, 1, tzinfo=UTC))
    with pytest.raises(InvalidInput) as err:  # two boards: which one?
        store.import_taskwarrior(export)
    assert str(err.value) == "board: expected one of Acme, Other (give --board)"
    with pytest.raises(UnknownName) as unknown:
        store.import_taskwarrior(export, board="acme", column="Doign")
    assert str(unknown.value) == ("column: no column named 'Doign' on board Acme; did you mean "
                                  "Doing, Done?")
    with pytest.raises(UnknownName, match="column: no column named '9' on board Acme"):
        store.import_taskwarrior(export, board="ACME", column="9")
    assert store.import_taskwarrior(export, board="acme").unchanged == 1  # name_key match


def test_a_card_deleted_here_is_not_brought_back(berlin, tw):
    store = berlin
    tw.add("Keep away")
    store.import_taskwarrior(json.loads(tw.export()))
    card = cards()["Keep away"]
    t.WorkItem.update(deleted_at=dt.datetime(2026, 11, 22, tzinfo=UTC)).where(
        t.WorkItem.id == card.id).execute()
    result = store.import_taskwarrior(json.loads(tw.export()))
    assert result.created == 0 and [s.reason for s in result.skipped] == [
        f"card #{card.id} was deleted here (fcc card restore {card.id} brings it back)"]


def test_a_dependency_that_would_close_a_cycle_is_left_out(berlin):
    a, b = ("aaaaaaaa-1111-4111-8111-111111111111", "bbbbbbbb-1111-4111-8111-111111111111")
    result = berlin.import_taskwarrior([
        {"uuid": a, "description": "A", "status": "pending", "depends": [b]},
        {"uuid": b, "description": "B", "status": "pending", "depends": [a]},
    ])
    ids = {c.title: c.id for c in t.WorkItem.select()}
    assert result.dependencies == 1 and deps() == {("B", "A")}
    assert [s.reason for s in result.skipped] == [
        f"depends: #{ids['A']} blocking #{ids['B']} would make a cycle #{ids['A']} → "
        f"#{ids['B']} → #{ids['A']} (that dependency was left out)"]
    # both tasks are in: the left-out dependency is no bad task
    assert result.created == 2
    assert result.message.endswith("; skipped 0 deleted and 0 bad, left out 1 dependency")


def test_bad_tasks_and_left_out_dependencies_are_counted_apart(berlin):
    a, b = ("aaaaaaaa-2222-4222-8222-222222222222", "bbbbbbbb-2222-4222-8222-222222222222")
    result = berlin.import_taskwarrior([
        {"uuid": a, "description": "Waits", "status": "pending", "depends": [b]},
        {"uuid": "not-a-uuid", "description": "Bad", "status": "pending"},
    ])
    assert result.created == 1 and len(result.skipped) == 2
    assert result.message.endswith("; skipped 0 deleted and 1 bad, left out 1 dependency")


def test_a_duration_estimate_in_its_forms(berlin):
    forms = {"PT2H30M": 150, "P1D": 480, "90m": 90, "1.5h": 90, "2": 120, 3: 180}
    tasks = [{"uuid": f"{i:08x}-1111-4111-8111-111111111111", "description": f"E {i}",
              "status": "pending", "estimate": form} for i, form in enumerate(forms)]
    tasks.append({"uuid": "ffffffff-1111-4111-8111-111111111111", "description": "Bad",
                  "status": "pending", "estimate": "soon"})
    result = berlin.import_taskwarrior(tasks)
    got = {c.title: c.estimate_minutes for c in t.WorkItem.select()}
    assert got == {f"E {i}": minutes for i, minutes in enumerate(forms.values())}
    assert [s.reason for s in result.skipped] == [
        "estimate: expected a duration like PT2H30M, 90m or 1.5h, got 'soon'"]


def test_older_exports_waiting_status_and_depends_as_text(berlin):
    """Taskwarrior 2.5 and older: status "waiting", and depends as one comma-separated string."""
    a, b, c = (f"{x * 8}-1111-4111-8111-111111111111" for x in "abc")
    result = berlin.import_taskwarrior([
        {"uuid": a, "description": "Blocker one", "status": "pending"},
        {"uuid": b, "description": "Blocker two", "status": "completed",
         "end": "20261120T170000Z"},
        {"uuid": c, "description": "Waits on both", "status": "waiting",
         "wait": "20270101T000000Z", "depends": f"{a},{b}"},
    ])
    assert (result.created, result.dependencies, result.skipped) == (3, 2, ())
    got = cards()
    assert column_of(got["Waits on both"]) == "Backlog"
    assert deps() == {("Blocker one", "Waits on both"), ("Blocker two", "Waits on both")}
    assert got["Blocker two"].done_at == dt.datetime(2026, 11, 20, 17, tzinfo=UTC)


def test_a_description_too_long_for_a_title_is_kept_whole(berlin):
    text = "Rewrite " + "the long part " * 60
    berlin.import_taskwarrior([{"uuid": "dddddddd-1111-4111-8111-111111111111",
                                "description": text, "status": "pending"}])
    [card] = t.WorkItem.select()
    assert len(card.title) == 500 and card.title.endswith("…")
    assert card.description == text.strip()
