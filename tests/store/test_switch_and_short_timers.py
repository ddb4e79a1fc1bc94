"""Issue 10 on both backends: amending around a switch, and timers stopped within a minute."""

from __future__ import annotations

import datetime as dt

import pytest

from fcc.store.errors import InvalidInput
from tests.store.helpers import q

M = dt.timedelta(minutes=1)
S = dt.timedelta(seconds=1)


@pytest.fixture
def world(store, clock):
    clock.set("2026-11-23T10:30:17+00:00")  # timers start and stop between whole minutes
    store.set_setting("zone", "Europe/Berlin")
    store.create_client({"name": "Acme"})
    store.create_project({"name": "Website", "client": "Acme"})
    store.create_project({"name": "Admin"})
    return store


def minute(instant: dt.datetime) -> dt.datetime:
    """What a form or ``fcc log`` shows of an instant, read back: the start of its minute."""
    return instant.replace(second=0)


# --- amending around a switch -------------------------------------------------------------


def test_the_demo_amend_after_s_and_capital_t_changes_nothing(world, clock):
    """`s`, `T` a project, Enter, Up, `a`, Enter: the form shows times to the minute, so the
    new timer came back with its start at 10:30:00 and "overlapped" the one stopped at
    10:30:20. A time naming the minute an entry already shows keeps its seconds."""
    first = world.start_timer("Website", at=clock.now() - 40 * M).entry
    clock.advance(seconds=3)
    world.stop_timer()  # s
    clock.advance(seconds=4)
    running = world.start_timer("Admin").entry  # T, Enter
    assert running.start == dt.datetime(2026, 11, 23, 10, 30, 24, tzinfo=dt.UTC)
    # a, Enter: every field as the form shows it
    change = world.amend_entry(running.no, start=minute(running.start), end=None,
                               project="Admin", note="", tags=[], to_the_minute=("start",))
    assert change.message == f"nothing changed in entry {running.no}"
    assert change.entry == world.entry(running.no) == running  # no new version was written
    stopped = world.entry(first.no)
    change = world.amend_entry(first.no, start=minute(stopped.start), end=minute(stopped.end),
                               to_the_minute=("start", "end"))
    assert (change.entry.start, change.entry.end) == (stopped.start, stopped.end)


def test_amending_either_side_of_a_switch_with_what_is_shown(world, clock):
    before = world.start_timer("Website", at=clock.now() - 40 * M).entry
    clock.advance(seconds=20)
    after = world.start_timer("Admin").entry  # switch: the same second
    stopped = world.entry(before.no)
    assert stopped.end == after.start == dt.datetime(2026, 11, 23, 10, 30, 37, tzinfo=dt.UTC)
    kept = world.amend_entry(after.no, start=minute(after.start), note="admin",
                             to_the_minute=("start",)).entry
    assert kept.start == after.start and kept.note == "admin"
    kept = world.amend_entry(before.no, end=minute(stopped.end), note="web",
                             to_the_minute=("end",)).entry
    assert kept.end == stopped.end
    # unchanged, or within its own span: never an overlap
    world.amend_entry(before.no, start=stopped.start, end=stopped.end)
    world.amend_entry(before.no, start=stopped.start + M, end=stopped.end - M)
    # a real move into the neighbour is still refused, naming it by number
    clock.advance(minutes=10)
    with pytest.raises(InvalidInput, match=f"overlaps entry {before.no}, Acme/Website"):
        world.amend_entry(after.no, start=after.start - 2 * M)
    with pytest.raises(InvalidInput, match=f"overlaps entry {after.no}, Admin"):
        world.amend_entry(before.no, end=after.start + M)


def test_a_time_given_with_its_seconds_is_set_exactly(world, clock):
    """Only a time given to the minute keeps the seconds of its minute: 09:00:45 can be
    amended to 09:00:00 (the dialogs send exact times; the CLI says which were typed so)."""
    entry = world.add_entry("Admin", clock.now() - 60 * M + 45 * S, clock.now() - 30 * M).entry
    exact = minute(entry.start)
    kept = world.amend_entry(entry.no, start=exact, to_the_minute=("start",))
    assert kept.message == f"nothing changed in entry {entry.no}"
    moved = world.amend_entry(entry.no, start=exact).entry
    assert moved.start == exact and moved.start != entry.start


# --- min_entry_seconds --------------------------------------------------------------------


def test_a_timer_stopped_within_a_minute_is_discarded_and_undo_keeps_it(world, target, clock):
    started = world.start_timer("Website").entry
    clock.advance(seconds=1)
    change = world.stop_timer()
    assert change.message == "discarded: ran 0:00:01 (< 1 min)"
    assert [e.no for e in change.discarded] == [started.no]
    assert world.entries() == [] and world.running() == []
    voided = world.entry(started.no)
    assert voided.void_reason == "discarded: ran 0:00:01 (< 1 min)"
    assert voided.end == started.start + S  # kept in the log with its exact times
    markers = q(target, "SELECT action FROM activity WHERE entity = 'batch' ORDER BY id")
    assert markers[-2:] == [("stop",), ("discard",)]  # its own change: what undo reverts
    assert world.undo().message == "undid: discarded Acme/Website: ran 0:00:01 (< 1 min)"
    (kept,) = world.entries()
    assert (kept.no, kept.start, kept.end, kept.current) == (
        started.no, started.start, started.start + S, True)
    assert world.undo().message == "undid: stopped Acme/Website after 0:00"
    assert [e.no for e in world.running()] == [started.no]


def test_switching_away_within_a_minute_discards_only_the_short_timer(world, clock):
    short = world.start_timer("Website").entry
    clock.advance(seconds=30)
    change = world.start_timer("Admin")
    assert change.message == ("started Admin at 11:30; discarded Acme/Website: ran 0:00:30 "
                              "(< 1 min)")
    assert [e.no for e in change.discarded] == [short.no]
    assert [e.project for e in world.running()] == ["Admin"]
    world.undo()  # keep it: the switch stays, the short entry is back, stopped
    assert [(e.project, e.end is None) for e in world.entries()] == [
        ("Acme/Website", False), ("Admin", True)]
    assert world.undo().message.startswith("undid: started Admin at 11:30")
    assert [e.project for e in world.running()] == ["Acme/Website"]


def test_min_entry_seconds_setting(world, clock):
    world.start_timer("Website")
    clock.advance(seconds=60)
    assert world.stop_timer().message == "stopped Acme/Website after 0:01"  # a minute: kept
    world.set_setting("min_entry_seconds", "0")
    world.start_timer("Website")
    assert world.stop_timer().discarded == ()  # 0 s, kept: the setting is off
    world.set_setting("min_entry_seconds", "90")
    world.start_timer("Admin")
    clock.advance(seconds=75)
    assert world.stop_timer().message == "discarded: ran 0:01:15 (< 90 s)"
    for bad in ("-1", "1.5", "soon", "", "3601", "9" * 23, "²"):
        with pytest.raises(InvalidInput, match=r"^min_entry_seconds: expected a whole number "
                                               r"of seconds from 0 to 3600"):
            world.set_setting("min_entry_seconds", bad)
