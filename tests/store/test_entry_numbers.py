"""Entry numbers on both backends: the id a user has seen keeps naming the entry through
amend, break, split, re-rate, void and undo; an old version's id still finds the entry."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

import pytest

from fcc.store.api import Store
from fcc.store.errors import InvalidInput, NotFound
from tests.store.helpers import q, raw

H = dt.timedelta(hours=1)
M = dt.timedelta(minutes=1)


@pytest.fixture
def world(store):
    store.set_setting("zone", "Europe/Berlin")
    store.create_client({"name": "Acme", "hourly_rate": "100"})
    store.create_project({"name": "Website", "client": "Acme"})
    store.create_project({"name": "Admin"})
    return store


def test_the_readme_chain_break_then_amend_then_split_by_the_same_number(world, clock):
    """The issue: after `break 3` said "now entries 4 and 5", `amend 3` was refused."""
    now = clock.now()
    for hours in (9, 8):
        world.add_entry("Admin", now - hours * H, now - (hours - 1) * H)
    n = world.add_entry("Website", now - 5 * H, now - H, note="standup").entry.no
    assert n == 3
    said = world.insert_break(n, now - 3 * H, duration=dt.timedelta(minutes=30)).message
    after = world.entries()[-1]
    assert said == f"took a 0:30 break out of entry {n}; the part after it is entry {after.no}"
    amended = world.amend_entry(n, start=now - 5 * H + 15 * M, note="standup and review")
    assert amended.entry.no == n and amended.message.startswith(f"amended entry {n}: start")
    split = world.split_entry(n, now - 4 * H)
    second = split.entry
    assert split.message == f"split entry {n} at 07:30; the second part is entry {second.no}"
    assert [e.no for e in world.entries()] == [1, 2, n, second.no, after.no]
    assert world.entry(n).end == now - 4 * H and world.entry(n).note == "standup and review"
    versions = world.history(n)
    assert [v.no for v in versions] == [n] * 4  # added, break, amend, split
    assert [v.current for v in versions] == [False, False, False, True]
    assert versions[0].start == now - 5 * H and versions[-1].end == now - 4 * H
    # a number and any of its version ids name the same entry
    for version in versions:
        assert world.entry(version.id).id == versions[-1].id


def test_an_old_version_id_still_works_for_every_verb(world, clock):
    now = clock.now()
    first = world.add_entry("Website", now - 3 * H, now - H).entry
    v2 = world.amend_entry(first.no, note="two").entry
    v3 = world.amend_entry(v2.id, note="three").entry  # the id older fcc printed: "now entry 2"
    assert (v2.no, v3.no, v3.note) == (first.no, first.no, "three")
    assert world.split_entry(v2.id, now - 2 * H).entry.start == now - 2 * H
    assert [v.id for v in world.history(v2.id)] == [v.id for v in world.history(first.no)]
    world.void_entry(v2.id, "typo")
    with pytest.raises(InvalidInput, match=rf"entry {first.no} was voided: typo"):
        world.amend_entry(first.no, note="x")
    with pytest.raises(NotFound, match="entry: no entry with id 999"):
        world.amend_entry(999, note="x")


def test_start_stop_resume_by_number(world, clock):
    running = world.start_timer("Website").entry
    clock.advance(minutes=20)
    moved = world.amend_entry(running.no, start=running.start - 10 * M).entry
    assert moved.running and moved.no == running.no and moved.id != running.id
    with pytest.raises(NotFound, match="no running timer with id"):
        world.stop_timer(entry_id=world.add_entry("Admin", clock.now() - 5 * H,
                                                  clock.now() - 4 * H).entry.no)
    stopped = world.stop_timer(entry_id=running.id)  # the first version's id: the same timer
    assert stopped.entry.no == running.no and stopped.entry.end == clock.now()
    clock.advance(minutes=5)
    assert world.resume(running.id).entry.note == running.note


def test_rerate_keeps_numbers(world, clock):
    now = clock.now()
    n = world.add_entry("Website", now - 3 * H, now - 2 * H).entry.no
    world.set_project("Website", hourly_rate=Decimal("120"))
    world.rerate(project="Website", start=now - 6 * H, end=now)
    assert world.entry(n).rate == Decimal("120.00")
    assert [v.rate for v in world.history(n)] == [Decimal("100.00"), Decimal("120.00")]


def test_undo_of_a_split_keeps_the_number_and_voids_the_second_part(world, clock):
    now = clock.now()
    n = world.add_entry("Website", now - 4 * H, now, note="day").entry.no
    second = world.split_entry(n, now - 2 * H).entry
    assert world.undo().message == (f"undid: split entry {n} at 09:30; the second part is "
                                    f"entry {second.no}")
    (whole,) = world.entries()
    assert (whole.no, whole.start, whole.end) == (n, now - 4 * H, now)
    gone = world.entry(second.no)
    assert gone.void_reason == "undo"
    origin, *rest = world.history(second.no)  # where the second part came from, then its own
    assert origin.no == n and [v.no for v in rest] == [second.no]
    with pytest.raises(InvalidInput, match=f"entry {second.no} was voided: undo"):
        world.amend_entry(second.no, note="x")


def test_undo_of_a_void_and_of_an_amend_keep_the_number(world, clock):
    now = clock.now()
    n = world.add_entry("Website", now - 2 * H, now - H, note="a").entry.no
    world.amend_entry(n, note="b")
    world.void_entry(n, "oops")
    assert world.undo().message == f"undid: voided entry {n} (Acme/Website, 1:00): oops"
    assert world.entry(n).current and world.entry(n).note == "b"
    assert world.undo().message == f"undid: amended entry {n}: note"
    assert world.entry(n).note == "a" and [e.no for e in world.entries()] == [n]


def test_the_database_keeps_one_current_row_per_number(world, target, clock):
    now = clock.now()
    entry = world.add_entry("Website", now - 2 * H, now - H).entry
    columns = ("uuid, project_id, start_utc, end_utc, zone, note, tags, billable, parallel, "
               "created_at, entry_no")
    row = (uuid.uuid4().hex, entry.project_id, 0, 60, "UTC", "", "[]", True, False, 0, entry.no)
    with pytest.raises(Exception, match="(?i)unique"):
        q(target, f"INSERT INTO time_entry ({columns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          row)
    with pytest.raises(Exception, match="append-only"):  # a number never changes
        q(target, "UPDATE time_entry SET entry_no = 7 WHERE id = ?", (entry.id,))


def test_migration_0003_numbers_every_version_by_its_first(target, clock):
    with Store.open(target, clock, migrate=False) as s:
        s.migrator().upgrade(to=2)
    with raw(target) as conn:
        ph = "%s" if target.backend == "postgres" else "?"

        def run(sql: str, params: tuple = ()) -> list:
            cur = conn.execute(sql.replace("?", ph), params)
            return list(cur.fetchall()) if cur.description else []

        run("INSERT INTO project (uuid, name, status, archived, created_at, updated_at) "
            "VALUES (?, 'P', 'active', ?, 0, 0)", (uuid.uuid4().hex, False))
        pid = run("SELECT id FROM project")[0][0]

        def entry(start: int) -> int:
            return run("INSERT INTO time_entry (uuid, project_id, start_utc, end_utc, zone, "
                       "note, tags, billable, created_at, parallel) VALUES "
                       "(?, ?, ?, ?, 'UTC', '', '[]', ?, 0, ?) RETURNING id",
                       (uuid.uuid4().hex, pid, start, start + 60, True, False))[0][0]

        # chain 1 -> 2 -> 4 (an amend, then a split of 2 into 4 and 5); 3 stands alone
        a, b, c, d, e = (entry(start) for start in (0, 0, 100, 0, 30))
        assert (a, b, c, d, e) == (1, 2, 3, 4, 5)
        for old, new in ((a, b), (b, d)):
            run("UPDATE time_entry SET superseded_by_id = ? WHERE id = ?", (new, old))
    with Store.open(target, clock) as s:
        assert [(x.id, x.no) for x in s.history(b)] == [(a, a), (b, a), (d, a)]
        assert s.entry(a).id == d and s.entry(c).no == c and s.entry(e).no == e
    assert q(target, "SELECT id, entry_no FROM time_entry ORDER BY id") == [
        (a, None), (b, a), (c, None), (d, a), (e, None)]


def test_history_of_a_part_that_was_split_again(world, clock):
    now = clock.now()
    n = world.add_entry("Website", now - 4 * H, now - H).entry.no
    p = world.split_entry(n, now - 3 * H).entry.no
    r = world.split_entry(p, now - 2 * H).entry.no
    assert len({n, p, r}) == 3
    assert [v.no for v in world.history(p)] == [n, p, p]  # cut from n, then its own two
    assert [v.no for v in world.history(r)] == [p, r]
    assert [v.no for v in world.history(n)] == [n, n]
