"""Dependencies: block and unblock, what a card shows both ways, and cycles refused by name —
also when two processes write the two halves of a cycle at the same moment."""

from __future__ import annotations

import multiprocessing as mp

import pytest

from fcc.store.api import Store
from fcc.store.errors import DependencyCycle, InvalidInput, UnknownId
from tests.store import board_workers
from tests.store.board_helpers import board_state, count, last_batch


@pytest.fixture
def cards(store):
    store.create_board("Work")
    return store, [store.add_card({"title": f"Card {i}"}).id for i in range(5)]


def test_block_and_unblock(cards, target):
    store, (a, b, c, *_) = cards
    dep = store.block(b, by=a)
    assert (dep.blocker_id, dep.blocked_id, dep.blocker_title, dep.blocked_title) == (
        a, b, "Card 0", "Card 1")
    [(entity, eid, action, before, after)] = last_batch(target)
    assert (entity, eid, action, before) == ("dependency", f"{a}>{b}", "create", None)
    assert (after["blocker_id"], after["blocked_id"]) == (a, b)
    store.block(b, by=c)
    assert store.card(b).blocked_by == (a, c)
    assert store.card(a).blocks == (b,) and store.card(a).blocked_by == ()
    assert store.block(b, by=a) == dep  # already so: nothing changes
    assert count(target, "dependency") == 2
    gone = store.unblock(b, by=a)
    assert (gone.blocker_id, gone.blocked_id) == (a, b)
    [(entity, eid, action, before, after)] = last_batch(target)
    assert (entity, eid, action, after) == ("dependency", f"{a}>{b}", "delete", None)
    assert store.card(b).blocked_by == (c,)
    with pytest.raises(InvalidInput) as err:
        store.unblock(b, by=a)
    assert str(err.value) == f"by: expected a card that blocks #{b} (#{a} does not), got {a}"


def test_bad_dependencies(cards, target):
    store, (a, *_) = cards
    before = board_state(target)
    with pytest.raises(InvalidInput, match=r"^by: expected another card than #\d+"):
        store.block(a, by=a)
    with pytest.raises(UnknownId, match=r"^by: no card #999$"):
        store.block(a, by=999)
    with pytest.raises(UnknownId, match=r"^card: no card #999$"):
        store.block(999, by=a)
    with pytest.raises(InvalidInput, match=r"^by: expected a card id"):
        store.block(a, by="x")
    assert board_state(target) == before


def test_a_cycle_is_refused_naming_it(cards, target):
    store, (a, b, c, d, _) = cards
    store.block(b, by=a)  # a blocks b
    before = board_state(target)
    with pytest.raises(DependencyCycle) as err:
        store.block(a, by=b)
    assert str(err.value) == f"card: #{b} blocking #{a} would make a cycle #{b} → #{a} → #{b}"
    assert err.value.exit_code == 2
    store.block(c, by=b)
    store.block(d, by=c)
    with pytest.raises(DependencyCycle) as err:
        store.block(a, by=d)  # a → b → c → d → a
    assert str(err.value) == (f"card: #{d} blocking #{a} would make a cycle "
                              f"#{d} → #{a} → #{b} → #{c} → #{d}")
    assert count(target, "dependency") == 3
    assert board_state(target) != before


def test_undo_of_block_and_unblock(cards, target):
    store, (a, b, *_) = cards
    before = board_state(target)
    store.block(b, by=a)
    store.undo()
    assert board_state(target) == before
    store.block(b, by=a)
    blocked = board_state(target)
    store.unblock(b, by=a)
    store.undo()
    assert board_state(target) == blocked  # back with the same id and uuid


def test_two_processes_writing_a_cycle_at_once(target, clock):
    rounds = 8
    with Store.open(target, clock) as s:
        s.create_board("Race")
        ids = [s.add_card({"title": f"C{i}"}).id for i in range(2 * rounds)]
    pairs = [(ids[2 * i], ids[2 * i + 1]) for i in range(rounds)]
    ctx = mp.get_context("spawn")
    barrier = ctx.Barrier(2)
    results = ctx.Queue()
    procs = [ctx.Process(target=board_workers.race,
                         args=(target, "block", [((card,), {"by": by}) for card, by in p],
                               barrier, results))
             for p in (pairs, [(by, card) for card, by in pairs])]
    for p in procs:
        p.start()
    outcomes = [results.get(timeout=300) for _ in procs]
    for p in procs:
        p.join(30)
    assert all(ok for ok, _ in outcomes), outcomes
    first, second = (o for _, o in outcomes)
    for (one, _), (two, _) in zip(first, second, strict=True):
        kinds = sorted([one, two])
        assert kinds == ["DependencyCycle", "ok"], (first, second)
    assert all("would make a cycle" in why for kind, why in first + second if kind != "ok")
    assert count(target, "dependency") == rounds
