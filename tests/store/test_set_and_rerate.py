"""A new rate and the re-rating of past entries at it, as one store verb (the command line's
``client set`` / ``project set --rerate-from``): one change, so one ``undo`` takes back both,
and a refused change re-rates nothing. Both backends."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from fcc.store.errors import InvalidInput, NotFound

H = dt.timedelta(hours=1)


@pytest.fixture
def world(store):
    store.create_client({"name": "Acme", "hourly_rate": "100"})
    store.create_project({"name": "Website", "client": "Acme"})
    return store


def test_set_project_rerated_is_one_change(world, clock):
    now = clock.now()
    n = world.add_entry("Acme/Website", now - 3 * H, now - 2 * H).entry.no
    project, rerated = world.set_project_rerated("Acme/Website", now - 6 * H, now,
                                                 hourly_rate=Decimal("120"))
    assert (project.label, project.hourly_rate) == ("Acme/Website", Decimal("120.00"))
    assert rerated.message == "re-rated 1 entry"
    assert world.entry(n).rate == Decimal("120.00")
    assert world.undo().message == "undid: re-rated 1 entry"
    assert world.entry(n).rate == Decimal("100.00")  # both taken back by one undo
    assert world.find_project("Acme/Website").hourly_rate is None


def test_set_client_rerated_is_one_change(world, clock):
    now = clock.now()
    n = world.add_entry("Acme/Website", now - 3 * H, now - 2 * H).entry.no
    client, rerated = world.set_client_rerated("Acme", now - 6 * H, now,
                                               hourly_rate=Decimal("110"))
    assert client.hourly_rate == Decimal("110.00") and rerated.message == "re-rated 1 entry"
    assert world.entry(n).rate == Decimal("110.00")
    world.undo()
    assert (world.entry(n).rate, world.find_client("Acme").hourly_rate) == (
        Decimal("100.00"), Decimal("100.00"))


def test_a_refused_change_rerates_nothing(world, clock):
    now = clock.now()
    n = world.add_entry("Acme/Website", now - 3 * H, now - 2 * H).entry.no
    before = world.change_counter()
    with pytest.raises(InvalidInput):
        world.set_project_rerated("Acme/Website", now - 6 * H, now, hourly_rate="-5")
    with pytest.raises(NotFound):
        world.set_client_rerated("Nobody", now - 6 * H, now, hourly_rate=Decimal("1"))
    assert world.change_counter() == before and len(world.history(n)) == 1
