"""Timers and entries on both backends: what a freelancer does in a day, and its corrections."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from decimal import Decimal

import pytest

from fcc.store.api import Store
from fcc.store.errors import InvalidInput, NotFound
from tests.store.helpers import q

H = dt.timedelta(hours=1)
M = dt.timedelta(minutes=1)


@pytest.fixture
def world(store):
    store.set_setting("zone", "Europe/Berlin")
    store.create_client({"name": "Acme", "hourly_rate": "100", "currency": "EUR"})
    store.create_project({"name": "Website", "client": "Acme"})
    store.create_project({"name": "Admin"})
    return store


def current(store: Store) -> list[tuple[str, dt.datetime, dt.datetime | None]]:
    return [(e.project, e.start, e.end) for e in store.entries()]


def test_start_stops_the_running_timer_at_the_same_instant(world, clock):
    t0 = clock.now()
    first = world.start_timer("Website", note="login bug", tags=["dev", "+urgent, dev"])
    assert first.entry.running and first.entry.tags == ("dev", "urgent")
    assert first.entry.rate == Decimal("100.00") and first.entry.zone == "Europe/Berlin"
    clock.advance(minutes=50)
    change = world.start_timer("Admin")
    assert change.message == "started Admin at 12:20; stopped Acme/Website after 0:50"
    assert current(world) == [("Acme/Website", t0, t0 + 50 * M), ("Admin", t0 + 50 * M, None)]
    clock.advance(minutes=10)
    assert world.stop_timer().message == "stopped Admin after 0:10"
    assert world.running() == []
    with pytest.raises(NotFound, match="no timer is running"):
        world.stop_timer()


def test_parallel_timers_only_when_asked(world, clock):
    world.start_timer("Website")
    clock.advance(minutes=5)
    world.start_timer("Admin", parallel=True)
    assert [e.project for e in world.running()] == ["Acme/Website", "Admin"]
    clock.advance(minutes=5)
    world.stop_timer()
    assert world.running() == []


def test_start_and_stop_at_past_times(world, clock):
    now = clock.now()
    world.start_timer("Website", at=now - 2 * H)
    with pytest.raises(InvalidInput, match=r"^at: expected a time after the timer's start"):
        world.stop_timer(now - 3 * H)
    with pytest.raises(InvalidInput, match=r"^at: expected a time that is not in the future"):
        world.stop_timer(now + M)
    world.stop_timer(now - H)
    assert current(world) == [("Acme/Website", now - 2 * H, now - H)]
    with pytest.raises(InvalidInput, match="overlaps entry 1, Acme/Website"):
        world.start_timer("Admin", at=now - 90 * M)
    world.start_timer("Admin", at=now - H)  # touching is not overlapping
    assert current(world)[-1] == ("Admin", now - H, None)


def test_a_running_timer_is_in_the_database_at_once(world, target, clock):
    entry = world.start_timer("Website").entry
    rows = q(target, "SELECT id, end_utc FROM time_entry WHERE id = ?", (entry.id,))
    assert rows == [(entry.id, None)]  # another connection sees it before anything else happens
    assert q(target, "SELECT project_name FROM active_timers") == [("Website",)]


def test_add_refuses_overlaps_naming_the_entry(world, clock):
    now = clock.now()
    world.add_entry("Website", now - 5 * H, now - 4 * H)
    with pytest.raises(InvalidInput) as err:
        world.add_entry("Admin", now - 270 * M, now - 3 * H)
    assert "overlaps entry 1, Acme/Website 2026-11-23 06:30–07:30" in str(err.value)
    with pytest.raises(InvalidInput, match="overlaps entry 1"):
        world.add_entry("Admin", now - 6 * H, now - 4.5 * H)
    with pytest.raises(InvalidInput, match="overlaps entry 1"):
        world.add_entry("Admin", now - 6 * H, now - 3 * H)  # around it
    kept = world.add_entry("Admin", now - 270 * M, now - 3 * H, allow_overlap=True)
    assert kept.entry.id == 2 and len(world.entries()) == 2
    with pytest.raises(InvalidInput, match=r"^end: expected a time after start"):
        world.add_entry("Admin", now - H, now - 2 * H)
    with pytest.raises(InvalidInput, match=r"^end: expected a time that is not in the future"):
        world.add_entry("Admin", now - H, now + H)


def test_amend_supersedes_and_keeps_the_old_version(world, target, clock):
    now = clock.now()
    old = world.add_entry("Website", now - 3 * H, now - 2 * H, note="first").entry
    change = world.amend_entry(old.id, start=now - 195 * M, note="first, longer")
    new = change.entry
    assert new.id != old.id and new.start == now - 195 * M and new.note == "first, longer"
    assert new.no == old.no == old.id  # the entry keeps its number; the version is new
    assert change.message == (f"amended entry {old.no}: start 2026-11-23 08:30 → "
                              "2026-11-23 08:15, note")
    versions = world.history(old.id)
    assert [(v.id, v.no, v.superseded_by, v.note) for v in versions] == [
        (old.id, old.no, new.id, "first"), (new.id, old.no, None, "first, longer")]
    assert q(target, "SELECT count(*) FROM time_entry") == [(2,)]
    again = world.amend_entry(old.no, note="again").entry  # the number names the entry
    assert (again.no, again.note) == (old.no, "again")
    moved = world.amend_entry(new.id, project="Admin").entry  # a version id: the same entry
    assert moved.project == "Admin" and moved.rate is None  # Admin has no rate


def test_amending_a_running_timer_keeps_it_running(world, clock):
    entry = world.start_timer("Website", card=None).entry
    clock.advance(minutes=30)
    new = world.amend_entry(entry.id, start=entry.start - 10 * M).entry
    assert new.running and [e.id for e in world.running()] == [new.id]
    stopped = world.amend_entry(new.id, end=clock.now()).entry
    assert stopped.end == clock.now() and world.running() == []
    with pytest.raises(InvalidInput, match="a stopped entry cannot run again"):
        world.amend_entry(stopped.id, end=None)


def test_split_and_break(world, clock):
    now = clock.now()
    entry = world.add_entry("Website", now - 4 * H, now, note="day").entry
    change = world.split_entry(entry.id, now - 2 * H)
    first, second = world.entries()
    assert first.no == entry.no and second.no not in (entry.no, first.id)
    assert change.message == (f"split entry {entry.no} at 09:30; the second part is entry "
                              f"{second.no}")
    assert (first.start, first.end, second.start, second.end) == (
        now - 4 * H, now - 2 * H, now - 2 * H, now)
    with pytest.raises(InvalidInput, match=r"^at: expected a time inside the entry"):
        world.split_entry(second.id, now - 3 * H)
    world.insert_break(second.id, now - 90 * M, duration=dt.timedelta(minutes=45))
    spans = [(e.start, e.end) for e in world.entries()]
    assert spans == [(now - 4 * H, now - 2 * H), (now - 2 * H, now - 90 * M),
                     (now - 45 * M, now)]
    assert all(e.note == "day" for e in world.entries())
    assert [v.id for v in world.history(entry.id)] == [entry.id, first.id]
    third = world.entries()[-1]  # the part after the break: its history starts where it
    assert [v.no for v in world.history(third.no)] == [second.no, third.no]  # was cut from


def test_split_a_running_timer(world, clock):
    entry = world.start_timer("Website").entry
    clock.advance(hours=2)
    world.split_entry(entry.id, clock.now() - H)
    (done,), (run,) = [e for e in world.entries() if e.end], world.running()
    assert done.end == run.start == clock.now() - H and done.start == entry.start


def test_void_keeps_the_row_with_its_reason(world, target, clock):
    now = clock.now()
    entry = world.add_entry("Website", now - 2 * H, now - H).entry
    with pytest.raises(InvalidInput, match=r"^reason: expected a reason"):
        world.void_entry(entry.id, "  ")
    world.void_entry(entry.id, "duplicate")
    assert world.entries() == []
    assert q(target, "SELECT void_reason FROM time_entry WHERE id = ?", (entry.id,)) == [
        ("duplicate",)]
    with pytest.raises(InvalidInput, match="was voided: duplicate"):
        world.amend_entry(entry.id, note="x")


def test_undo_walks_back_one_change_at_a_time_and_says_what(world, clock):
    now = clock.now()
    world.start_timer("Website")
    clock.advance(minutes=30)
    world.start_timer("Admin")
    clock.advance(minutes=30)
    world.stop_timer()
    added = world.add_entry("Website", now - 3 * H, now - 2 * H).entry
    world.amend_entry(added.id, note="edited")
    world.void_entry(world.entries()[-1].id, "oops")
    before_undo = current(world)
    messages = [world.undo().message for _ in range(3)]
    assert messages[0].startswith("undid: voided entry")
    assert messages[1].startswith(f"undid: amended entry {added.id}")
    assert messages[2].startswith("undid: added 1:00 on Acme/Website")
    assert len(current(world)) == len(before_undo) + 1 - 1
    assert world.undo().message == "undid: stopped Admin after 0:30"
    assert [e.project for e in world.running()] == ["Admin"]
    assert world.undo().message.startswith("undid: started Admin at")
    assert [e.project for e in world.running()] == ["Acme/Website"]
    assert world.undo().message.startswith("undid: started Acme/Website")
    assert current(world) == []
    undo_more = [world.undo().message for _ in range(3)]
    assert undo_more == ["undid: add project Admin", "undid: add project Acme/Website",
                         "undid: add client Acme"]
    world.undo()  # the zone setting
    with pytest.raises(NotFound, match="nothing to undo"):
        world.undo()


def test_undoing_a_project_with_history_archives_it(world, clock):
    world.create_project({"name": "Spike"})
    world.start_timer("Spike")
    clock.advance(minutes=10)
    world.stop_timer()
    for _ in range(3):
        world.undo()  # the stop, the start, the project
    assert [p.name for p in world.list_projects()] == ["Admin", "Website"]
    archived = [p for p in world.list_projects(include_archived=True) if p.name == "Spike"]
    assert archived[0].archived  # its voided entry still points at it
    assert world.entries() == []


def test_forgotten_timers(world, clock):
    world.start_timer("Website")
    assert world.forgotten_timers() == []
    clock.advance(hours=10)
    assert [e.project for e in world.forgotten_timers()] == ["Acme/Website"]
    world.set_setting("forgotten_after_hours", "12")
    assert world.forgotten_timers() == []
    with pytest.raises(InvalidInput, match=r"^forgotten_after_hours: expected a number of hours"):
        world.set_setting("forgotten_after_hours", "soon")


def test_rates_snapshot_and_change_for_new_entries_only(world, clock):
    now = clock.now()
    old = world.add_entry("Website", now - 5 * H, now - 4 * H).entry
    world.set_project("Website", hourly_rate=Decimal("120"))
    new = world.add_entry("Website", now - 3 * H, now - 2 * H).entry
    assert (old.rate, new.rate) == (Decimal("100.00"), Decimal("120.00"))
    assert world.entry(old.id).rate == Decimal("100.00")
    world.rerate(project="Website", start=now - 6 * H, end=now)
    rates = [e.rate for e in world.entries()]
    assert rates == [Decimal("120.00"), Decimal("120.00")]
    assert world.history(old.id)[0].rate == Decimal("100.00")  # the billed version stays


def test_card_rate_wins_and_one_running_timer_per_card(world, target, clock):
    board = q(target, "INSERT INTO board (uuid, name, archived, created_at) "
                      "VALUES (?, 'B', ?, 0) RETURNING id", (str(uuid.uuid4()), False))[0][0]
    col = q(target, "INSERT INTO board_column (uuid, board_id, name, position, is_done) "
                    "VALUES (?, ?, 'Todo', 0, ?) RETURNING id",
            (str(uuid.uuid4()), board, False))[0][0]
    project = world.find_project("Website").id
    card = q(target, "INSERT INTO work_item (uuid, board_id, project_id, type, title, "
                     "description, priority, column_id, position, hourly_rate, archived, "
                     "created_at, updated_at) VALUES (?, ?, ?, 'task', 'Login', '', 2, ?, 0,"
                     " 150, ?, 0, 0) RETURNING id",
             (str(uuid.uuid4()), board, project, col, False))[0][0]
    entry = world.start_timer(card=card).entry
    assert (entry.project, entry.work_item, entry.rate) == ("Acme/Website", "Login",
                                                            Decimal("150.00"))
    with pytest.raises(InvalidInput, match="^card: expected a card without a running timer"):
        world.start_timer(card=card, parallel=True)


def test_archived_and_unknown_projects(world):
    world.archive_project("Admin")
    with pytest.raises(InvalidInput, match="Admin is archived"):
        world.start_timer("Admin")
    with pytest.raises(NotFound, match="did you mean Website"):
        world.start_timer("Webiste")


def test_every_change_is_logged_in_a_batch(world, target, clock):
    world.start_timer("Website")
    clock.advance(minutes=5)
    world.start_timer("Admin")
    batches = q(target, "SELECT batch, entity, action FROM activity WHERE batch IN "
                        "(SELECT entity_id FROM activity WHERE entity = 'batch' "
                        "AND action = 'start') ORDER BY id")
    last = [r for r in batches if r[0] == batches[-1][0]]
    assert [(e, a) for _, e, a in last] == [("time_entry", "stop"), ("time_entry", "start"),
                                            ("batch", "start")]
    before = json.loads(q(target, "SELECT before FROM activity WHERE action = 'stop'")[0][0])
    assert before["end"] is None


def test_a_reopened_store_sees_the_running_timer(world, target, clock):
    world.start_timer("Website")
    world.close()
    with Store.open(target, clock) as again:
        assert [e.project for e in again.running()] == ["Acme/Website"]


def test_errors_name_the_stores_fields_and_a_reader_renames_them(store, clock):
    """The store says ``end``/``start``; the command line shows its flags through one table
    (fcc.tui.cli.flags.FLAGS), fields named inside the text included; other fields stay."""
    from fcc.tui.cli.flags import FLAGS, flagged

    store.create_project({"name": "Web"})
    now = clock.now()
    with pytest.raises(InvalidInput) as err:
        store.add_entry("Web", now - dt.timedelta(hours=1), now - dt.timedelta(hours=2))
    assert err.value.field == "end"
    assert str(err.value).startswith("end: expected a time after start (")
    shown = flagged(err.value)
    assert str(shown).startswith("--to: expected a time after --from (")
    assert str(shown).split(", got ")[1] == str(err.value).split(", got ")[1]
    assert (shown.field, shown.exit_code) == ("--to", 2)
    with pytest.raises(InvalidInput) as err:
        store.void_entry(1, "  ")
    assert str(err.value) == "reason: expected a reason, e.g. 'duplicate'"
    assert str(flagged(err.value)) == "--reason: expected a reason, e.g. 'duplicate'"
    with pytest.raises(InvalidInput) as err:
        store.insert_break(1, now - dt.timedelta(hours=1))
    assert str(err.value) == "end: expected the end of the break, or a duration like 45m"
    assert str(flagged(err.value)) == ("--to: expected the end of the break, or a --duration "
                                       "like 45m")
    other = InvalidInput("currency", "an ISO 4217 code like {end}", "x")
    assert flagged(other) is other and str(other).endswith("like {end}, got 'x'")  # no refs
    assert set(FLAGS) == {"start", "end", "at", "duration", "note", "tag", "card", "reason",
                          "by", "version", "address", "tax_id", "payment_terms", "tax_rate"}


def test_the_start_stop_key_on_a_card_reads_what_runs_now(world, clock):
    """toggle_card_timer (the t key on Boards and Plan) starts on the card, stops the card's
    own running timer, and starts the card again while another one runs."""
    card = world.add_card({"title": "Fix login", "project": "Acme/Website"}).id
    started = world.toggle_card_timer(card)
    assert started.entry.running and started.entry.work_item_id == card
    clock.advance(minutes=30)
    world.toggle_card_timer(card)
    assert world.running() == []
    world.start_timer("Admin")
    clock.advance(minutes=5)
    again = world.toggle_card_timer(card)
    assert [e.work_item_id for e in world.running()] == [card] and again.entry.running
