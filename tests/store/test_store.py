"""The store's surface: where it opens, what it accepts, what it hands back."""

from __future__ import annotations

import dataclasses
import json
from decimal import Decimal

import pytest

from fcc.store.api import Store
from fcc.store.errors import InvalidInput, NotFound
from fcc.store.target import Target, resolve_target
from tests.store.helpers import q


def test_workspaces_are_isolated(target, clock, tmp_path):
    """Nothing written in one workspace is visible in another (file or schema per workspace)."""
    from tests.conftest import drop_schema

    if target.backend == "sqlite":
        other = resolve_target(str(tmp_path / "fcc.db"), "acme", environ={})
        assert other.path == tmp_path / "fcc.acme.db"
    else:
        other = Target("postgres", target.workspace + "_acme", url=target.url)
    try:
        with Store.open(target, clock) as s:
            s.create_client({"name": "Only in default"})
        with Store.open(other, clock) as s:
            assert s.list_clients() == []
            s.create_client({"name": "Only in acme"})
            assert [c.name for c in s.list_clients()] == ["Only in acme"]
            assert s.info().count("client") == 1
        with Store.open(target, clock) as s:
            assert [c.name for c in s.list_clients()] == ["Only in default"]
    finally:
        if other.backend == "postgres":
            drop_schema(other)


def test_where_the_database_is(tmp_path):
    env = {"XDG_DATA_HOME": str(tmp_path)}
    assert resolve_target(environ={}).path.name == "fcc.db"
    assert resolve_target(environ={"FCC_DB": "/x/a.db"}).path.as_posix() == "/x/a.db"
    assert resolve_target(environ={"FCC_WORKSPACE": "acme", "FCC_DB": "/x/a.db"}).path.as_posix() \
        == "/x/a.acme.db"
    url = "postgresql://me@db.example/fcc"
    pg = resolve_target(environ={"FCC_DB": "/x/a.db", "FCC_DATABASE_URL": url})
    assert pg.backend == "postgres" and pg.schema == "fcc_default"
    assert resolve_target("/y/b.db", environ={"FCC_DATABASE_URL": url}).path.as_posix() == "/y/b.db"
    assert resolve_target("sqlite:////z/c.db", environ=env).path.as_posix() == "/z/c.db"
    secret = resolve_target("postgresql://me:hunter2@db.example:5433/fcc", "acme", environ={})
    assert "hunter2" not in secret.display and "fcc_acme" in secret.display


@pytest.mark.parametrize("spec, field", [("mysql://x/y", "--db"), ("sqlite://", "--db")])
def test_bad_database_specs_name_the_option(spec, field):
    with pytest.raises(InvalidInput, match=f"^{field}: expected"):
        resolve_target(spec, environ={})


@pytest.mark.parametrize("name", ["", "Acme", "a b", "x" * 41, "-lead", "a;drop"])
def test_workspace_names_are_checked(name):
    with pytest.raises(InvalidInput, match="^workspace: expected"):
        resolve_target("/tmp/x.db", name, environ={})


def test_clients_and_projects_round_trip(store):
    client = store.create_client({"name": "  Acme   GmbH ", "email": "ap@acme.example",
                                  "currency": "usd", "hourly_rate": "120.5"})
    assert client.name == "Acme GmbH" and client.currency == "USD"
    assert client.hourly_rate == Decimal("120.50")
    project = store.create_project({"name": "Website", "client": "acme gmbh",
                                    "budget_hours": "40"})
    assert project.label == "Acme GmbH/Website" and project.client_id == client.id
    internal = store.create_project({"name": "Admin"})
    assert internal.label == "Admin"
    assert [p.label for p in store.list_projects()] == ["Admin", "Acme GmbH/Website"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        client.name = "changed"  # records are frozen


@pytest.mark.parametrize("data, message", [
    ({"name": ""}, "name: expected a non-empty name"),
    ({"name": "A/B"}, "name: expected a name without '/'"),
    ({"name": "A", "currency": "euro"}, "currency: expected a three-letter ISO 4217"),
    ({"name": "A", "hourly_rate": "-5"}, "hourly_rate: expected an hourly rate from 0 to "
                                         "9999999999.99 with at most two decimals"),
    ({"name": "A", "hourly_rate": "lots"}, "hourly_rate: expected an hourly rate from 0"),
    ({"name": "A", "hourly_rate": "1e30"}, "hourly_rate: expected an hourly rate from 0"),
    ({"name": "A", "hourly_rate": "1e-30"}, "hourly_rate: expected an hourly rate from 0"),
    ({"name": "A", "hourly_rate": Decimal("NaN")}, "hourly_rate: expected an hourly rate from 0"),
    ({"name": "A", "hourly_rate": "-Infinity"}, "hourly_rate: expected an hourly rate from 0"),
    ({"name": "A", "hourly_rate": "10000000000"}, "hourly_rate: expected an hourly rate from 0"),
    ({"name": "A", "email": "nope"}, "email: expected an email address"),
    ({"name": "A", "colour": "red"}, "colour: expected no such field"),
])
def test_bad_client_input_is_one_clear_line_and_writes_nothing(store, target, data, message):
    with pytest.raises(InvalidInput) as err:
        store.create_client(data)
    assert str(err.value).startswith(message)
    assert "\n" not in str(err.value)
    assert q(target, "SELECT count(*) FROM client") == [(0,)]
    assert q(target, "SELECT count(*) FROM activity") == [(0,)]


def test_duplicate_and_unknown_names(store):
    store.create_client({"name": "Acme"})
    with pytest.raises(InvalidInput, match="^name: expected a client name not used yet"):
        store.create_client({"name": "ACME"})
    with pytest.raises(NotFound, match="did you mean Acme"):
        store.create_project({"name": "Web", "client": "Acne"})


def test_every_change_is_in_the_activity_log(store):
    client = store.create_client({"name": "Acme", "hourly_rate": "100"})
    store.create_project({"name": "Web", "client": "Acme"})
    log = store.activity()
    assert [(a.entity, a.action) for a in log] == [("project", "create"), ("client", "create")]
    assert log[1].entity_id == str(client.id) and log[1].before is None
    assert json.loads(log[1].after)["hourly_rate"] == "100.00"
    assert log[0].at == store.clock.now()


def test_info_counts(store):
    store.create_client({"name": "Acme"})
    info = store.info()
    assert info.schema_version == info.latest_version >= 1
    assert info.count("client") == 1 and info.running_timers == 0
