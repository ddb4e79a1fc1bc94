"""Clients and projects: names, rename, merge, archive, rates and rounding rules."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from fcc.store.errors import InvalidInput, UnknownName
from fcc.store.rounding import Rounding

H = dt.timedelta(hours=1)


@pytest.fixture
def world(store):
    store.create_client({"name": "Acme", "hourly_rate": "100", "rounding": "15:up:entry"})
    store.create_client({"name": "Globex", "currency": "USD", "hourly_rate": "80"})
    store.create_project({"name": "Website", "client": "Acme"})
    store.create_project({"name": "Website", "client": "Globex", "rounding": "6:nearest:day"})
    store.create_project({"name": "Admin"})
    return store


def test_names_with_clients_and_ambiguity(world):
    assert world.find_project("acme/website").label == "Acme/Website"
    assert world.find_project("Globex / Website").label == "Globex/Website"
    assert world.find_project("admin").label == "Admin"
    with pytest.raises(InvalidInput) as err:
        world.find_project("Website")
    assert str(err.value) == ("project: expected one of Acme/Website, Globex/Website (the name "
                              "is ambiguous), got 'Website'")
    with pytest.raises(UnknownName, match=r"no project named 'Admn'; did you mean Admin\?"):
        world.find_project("Admn")
    world.create_project({"name": "Admin", "client": "Acme"})
    with pytest.raises(InvalidInput) as err:  # labelled as everywhere (it said "/Admin")
        world.find_project("ADMIN")
    assert str(err.value) == ("project: expected one of Acme/Admin, Admin (the name is "
                              "ambiguous; /Admin is the one without a client), got 'ADMIN'")
    assert world.find_project("/admin").label == "Admin"
    with pytest.raises(InvalidInput, match="^name: expected a project name not used yet"):
        world.create_project({"name": "WEBSITE", "client": "acme"})


def test_rates_and_rounding_resolve_project_then_client_then_default(world):
    acme = world.find_project("Acme/Website")
    globex = world.find_project("Globex/Website")
    admin = world.find_project("Admin")
    assert world.rate_for(acme.id) == (Decimal("100.00"), "EUR")
    assert world.rate_for(globex.id) == (Decimal("80.00"), "USD")
    assert world.rate_for(admin.id) == (None, "EUR")
    assert world.rounding_for(acme.id) == Rounding(15, "up", "entry")
    assert world.rounding_for(globex.id) == Rounding(6, "nearest", "day")
    assert world.rounding_for(admin.id) == Rounding()
    world.set_setting("rounding", "30:down:day")
    assert world.rounding_for(admin.id) == Rounding(30, "down", "day")
    world.set_project("Acme/Website", hourly_rate=Decimal("130"), rounding=Rounding(6, "up"))
    assert world.rate_for(acme.id) == (Decimal("130.00"), "EUR")
    assert world.rounding_for(acme.id) == Rounding(6, "up", "entry")
    world.set_project("Acme/Website", rounding=None)  # back to the client's rule
    assert world.rounding_for(acme.id) == Rounding(15, "up", "entry")


@pytest.mark.parametrize("rule", ["7", "15:sideways", "15:up:week", "lots", "15:up:entry:x"])
def test_bad_rounding_rules(world, rule):
    with pytest.raises(InvalidInput, match="^rounding: expected none, or MINUTES"):
        world.create_project({"name": "X", "rounding": rule})
    assert [p.name for p in world.list_projects()].count("X") == 0


def test_rename_keeps_history(world, clock):
    now = clock.now()
    world.add_entry("Acme/Website", now - 2 * H, now - H)
    world.rename_project("Acme/Website", "Site")
    assert [e.project for e in world.entries()] == ["Acme/Site"]
    world.rename_client("Acme", "Acme GmbH")
    assert [e.project for e in world.entries()] == ["Acme GmbH/Site"]
    with pytest.raises(InvalidInput, match="^new name: expected a client name not used yet"):
        world.rename_client("Acme GmbH", "globex")
    assert world.undo().message == "undid: rename client Acme to Acme GmbH"
    assert [e.project for e in world.entries()] == ["Acme/Site"]


def test_merge_projects_moves_all_history(world, clock):
    now = clock.now()
    world.add_entry("Admin", now - 3 * H, now - 2 * H)
    world.add_entry("Acme/Website", now - 2 * H, now - H)
    world.merge_project("Admin", "Acme/Website")
    assert [e.project for e in world.entries()] == ["Acme/Website", "Acme/Website"]
    assert [e.project for e in world.entries(project="Acme/Website")] == ["Acme/Website"] * 2
    assert world.find_project("Admin").label == "Acme/Website"  # the old name still finds it
    assert "Admin" not in [p.name for p in world.list_projects(include_archived=True)]
    world.undo()
    assert [e.project for e in world.entries()] == ["Admin", "Acme/Website"]


def test_merge_clients_merges_same_named_projects(world, clock):
    now = clock.now()
    world.add_entry("Globex/Website", now - 3 * H, now - 2 * H)
    world.merge_client("Globex", "Acme")
    assert [e.project for e in world.entries()] == ["Acme/Website"]
    assert [c.name for c in world.list_clients()] == ["Acme"]
    assert world.find_client("Globex").name == "Acme"
    with pytest.raises(InvalidInput, match="^into: expected a different client"):
        world.merge_client("Acme", "acme")


def test_archive_hides_but_keeps(world):
    world.archive_client("Globex")
    assert [c.name for c in world.list_clients()] == ["Acme"]
    assert "Globex/Website" not in [p.label for p in world.list_projects()]
    assert "Globex/Website" in [p.label for p in world.list_projects(include_archived=True)]
    world.archive_client("Globex", archived=False)
    assert "Globex/Website" in [p.label for p in world.list_projects()]


def test_bad_patches_name_the_field(world):
    with pytest.raises(InvalidInput, match="^hourly_rate: expected an hourly rate from 0 to "):
        world.set_project("Admin", hourly_rate=Decimal("-1"))
    with pytest.raises(InvalidInput, match="^budget_hours: expected a number of hours from 0 to "
                                           r"99999999\.99 with at most two decimals"):
        world.set_project("Admin", budget_hours=Decimal("-3"))
    with pytest.raises(InvalidInput, match="^budget_hours: expected a number of hours from 0"):
        world.set_project("Admin", budget_hours=Decimal("1E+30"))
    with pytest.raises(InvalidInput, match="^hourly_rate: expected an hourly rate from 0"):
        world.set_client("Acme", hourly_rate=Decimal("1E+30"))
    with pytest.raises(InvalidInput, match="^currency: expected a three-letter"):
        world.set_client("Acme", currency="euros")
