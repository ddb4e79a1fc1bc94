"""One rule for "the same name" (``names.name_key``) on SQLite and PostgreSQL: finding,
"did you mean", uniqueness and listing order, with German, Turkish, Greek and CJK names."""

from __future__ import annotations

import sqlite3

import pytest

from fcc.store.errors import InvalidInput, UnknownName
from fcc.store.names import name_key
from fcc.store.quick import Handover


@pytest.mark.parametrize("a, b", [
    ("Straße", "STRASSE"), ("Übersetzung", "übersetzung"), ("Übersetzung", "U\u0308bersetzung"),
    ("İstanbul", "istanbul"), ("İstanbul", "ISTANBUL"), ("ΣΟΦΊΑ", "σοφία"), ("ΟΔΟΣ", "οδος"),
    ("東京", "東京"), ("Ｔｏｋｙｏ", "tokyo"), ("Acme  GmbH", " acme gmbh"), ("ﬁle", "FILE"),
])
def test_the_same_name(a, b):
    assert name_key(a) == name_key(b)


@pytest.mark.parametrize("a, b", [
    ("ılık", "ILIK"), ("σοφία", "σοφίας"), ("東京", "京都"), ("Müller", "Muller"),
])
def test_different_names(a, b):
    assert name_key(a) != name_key(b)


def test_whatever_postgresql_lowercases_alike_is_the_same_name(pg_target):
    """The unique indexes on lower(name) stay as a backstop: they must never refuse a name
    the rule allows, so every code point and its PostgreSQL lowercase share a key."""
    import psycopg

    assert pg_target.url is not None
    with psycopg.connect(pg_target.url) as conn:
        lowered = conn.execute(
            "SELECT i, lower(chr(i)) FROM generate_series(1, 196607) AS i "
            "WHERE i NOT BETWEEN 55296 AND 57343").fetchall()
    differ = [(hex(i), low) for i, low in lowered if name_key(chr(i)) != name_key(low)]
    assert differ == []
    assert all(name_key(c) == name_key(c.lower()) for c in map(chr, range(1, 0x30000))
               if not 0xD800 <= ord(c) <= 0xDFFF)  # SQLite's ASCII lower() is covered too


@pytest.fixture
def named(store):
    store.create_client({"name": "Ägypten GmbH"})
    store.create_client({"name": "İstanbul Ltd"})
    store.create_project({"name": "Übersetzung", "client": "ägypten gmbh"})
    store.create_project({"name": "Straße"})
    store.create_project({"name": "İstanbul"})
    store.create_project({"name": "ılık"})
    store.create_project({"name": "ΣΟΦΊΑ"})
    store.create_project({"name": "ΟΔΟΣ"})
    store.create_project({"name": "東京"})
    return store


@pytest.mark.parametrize("spec, label", [
    ("Übersetzung", "Ägypten GmbH/Übersetzung"), ("ÜBERSETZUNG", "Ägypten GmbH/Übersetzung"),
    ("U\u0308bersetzung", "Ägypten GmbH/Übersetzung"),
    ("ägypten gmbh/übersetzung", "Ägypten GmbH/Übersetzung"),
    ("strasse", "Straße"), ("STRASSE", "Straße"), ("/straße", "Straße"),
    ("istanbul", "İstanbul"), ("ISTANBUL", "İstanbul"), ("ılık", "ılık"), ("ILIK", None),
    ("σοφία", "ΣΟΦΊΑ"), ("σοφια", None), ("οδος", "ΟΔΟΣ"), ("οδοσ", "ΟΔΟΣ"),
    ("東京", "東京"), ("京都", None),
])
def test_finding_names(named, spec, label):
    if label is None:
        with pytest.raises(UnknownName, match="no project named"):
            named.find_project(spec)
    else:
        assert named.find_project(spec).label == label


def test_clients_did_you_mean_and_uniqueness(named):
    assert named.find_client("ÄGYPTEN GMBH").name == "Ägypten GmbH"
    assert named.find_client("istanbul ltd").name == "İstanbul Ltd"
    with pytest.raises(UnknownName) as err:
        named.find_project("Ubersetzung")
    assert "; did you mean Übersetzung" in str(err.value)
    with pytest.raises(UnknownName, match=r"did you mean ılık\?"):
        named.find_project("ILIK")
    with pytest.raises(InvalidInput) as err:
        named.create_client({"name": "ÄGYPTEN GMBH"})
    assert str(err.value) == ("name: expected a client name not used yet (Ägypten GmbH "
                              "exists), got 'ÄGYPTEN GMBH'")
    with pytest.raises(InvalidInput, match=r"\(Straße exists\), got 'STRASSE'"):
        named.create_project({"name": "STRASSE"})
    with pytest.raises(InvalidInput, match=r"\(ΟΔΟΣ exists\)"):
        named.create_project({"name": "οδος"})  # final sigma
    with pytest.raises(InvalidInput, match=r"^new name: .*\(İstanbul exists\)"):
        named.rename_project("東京", "ISTANBUL")
    with pytest.raises(InvalidInput, match=r"^new name: .*\(İstanbul Ltd exists\)"):
        named.rename_client("Ägypten GmbH", "istanbul ltd")
    named.create_project({"name": "STRASSE", "client": "İstanbul Ltd"})  # another client: fine
    with pytest.raises(InvalidInput, match="^client: expected a client without a project "
                                           "named STRASSE"):
        named.set_project("/Straße", client="istanbul ltd")
    assert named.create_project({"name": "ILIK"}).label == "ILIK"  # ı is not i
    assert named.rename_project("/Straße", "STRASSE").label == "STRASSE"  # its own name


def test_listing_order_is_the_same_on_both_backends(named):
    named.create_client({"name": "apfel"})
    named.create_client({"name": "Zeta"})
    assert [c.name for c in named.list_clients()] == [
        "apfel", "İstanbul Ltd", "Zeta", "Ägypten GmbH"]
    assert [p.label for p in named.list_projects()][:3] == ["İstanbul", "Straße", "ılık"]


def test_merging_clients_matches_projects_by_the_rule(named):
    named.create_client({"name": "Egypt"})
    named.create_project({"name": "ÜBERSETZUNG", "client": "Egypt"})
    named.merge_client("Egypt", "Ägypten GmbH")
    assert [p.label for p in named.list_projects(client="Ägypten GmbH")] == [
        "Ägypten GmbH/Übersetzung"]


def test_names_written_before_the_rule_stay_reachable(sqlite_target, clock):
    """SQLite's ASCII lower() let names differing only in non-ASCII case in: the one spelled
    exactly is found, anything else is ambiguous (not a random pick)."""
    from fcc.store.api import Store

    with Store.open(sqlite_target, clock) as store:
        store.create_project({"name": "Übersetzung"})
        store.create_client({"name": "Ärzte"})
    assert sqlite_target.path is not None
    with sqlite3.connect(sqlite_target.path) as conn:  # a twin of each, by plain SQL
        for table, twin in (("project", "übersetzung"), ("client", "ärzte")):
            columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")
                       if r[1] not in ("id", "uuid", "name")]
            names = ", ".join(columns)
            conn.execute(f"INSERT INTO {table} (uuid, name, {names}) SELECT "
                         f"lower(hex(randomblob(16))), ?, {names} FROM {table}", (twin,))
    with Store.open(sqlite_target, clock) as store:
        assert store.find_project("übersetzung").name == "übersetzung"
        assert store.find_project("Übersetzung").name == "Übersetzung"
        with pytest.raises(InvalidInput, match="ambiguous"):
            store.find_project("ÜBERSETZUNG")
        assert store.find_client("ärzte").name == "ärzte"
        with pytest.raises(InvalidInput, match="differ only in case or form"):
            store.find_client("ÄRZTE")


def test_the_quick_start_path_finds_them_itself(sqlite_target, clock):
    """Plain sqlite3 ``fcc start`` resolves these names without handing over to the store."""
    from fcc.store.api import Store
    from fcc.store.quick_timers import quick_start

    with Store.open(sqlite_target, clock) as store:
        for name in ("Übersetzung", "Straße", "İstanbul", "ΣΟΦΊΑ", "東京"):
            store.create_project({"name": name})
    path = str(sqlite_target.path)
    now = clock.now()
    for spec, label in (("übersetzung", "Übersetzung"), ("STRASSE", "Straße"),
                        ("istanbul", "İstanbul"), ("σοφία", "ΣΟΦΊΑ"), ("東京", "東京")):
        message = quick_start(path, spec, [], [], now, environ={})
        assert message is not None and message.startswith(f"started {label} at "), spec
        clock.advance(minutes=5)
        now = clock.now()
    with pytest.raises(Handover, match="^an unknown or ambiguous project$"):
        quick_start(path, "ILIK", [], [], now, environ={})  # unknown: the store says


def test_merging_a_client_with_twins_from_before_the_rule_leaves_one(sqlite_target, clock):
    """Two projects of one client whose names differ only in non-ASCII case (SQLite let them
    in before the rule) end up as one project under the client they are merged into."""
    from fcc.store.api import Store

    with Store.open(sqlite_target, clock) as store:
        store.create_client({"name": "Egypt"})
        store.create_client({"name": "Ägypten GmbH"})
        store.create_project({"name": "Übersetzung", "client": "Egypt"})
    assert sqlite_target.path is not None
    with sqlite3.connect(sqlite_target.path) as conn:  # its twin, by plain SQL
        columns = [r[1] for r in conn.execute("PRAGMA table_info(project)")
                   if r[1] not in ("id", "uuid", "name")]
        names = ", ".join(columns)
        conn.execute(f"INSERT INTO project (uuid, name, {names}) SELECT "
                     f"lower(hex(randomblob(16))), 'übersetzung', {names} FROM project")
    with Store.open(sqlite_target, clock) as store:
        store.merge_client("Egypt", "Ägypten GmbH")
        assert [p.label for p in store.list_projects(client="Ägypten GmbH")] == [
            "Ägypten GmbH/Übersetzung"]
        assert store.find_project("ÜBERSETZUNG").label == "Ägypten GmbH/Übersetzung"
