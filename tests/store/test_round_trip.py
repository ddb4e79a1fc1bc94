"""Down then up again through the real migrator keeps every value the later migrations own,
and ``undo`` never reports a change it did not make (issue 11, part 4). Both backends."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from fcc.store.api import Store
from fcc.store.errors import FccError, NotFound
from fcc.store.migrator import KEEP_PREFIX
from fcc.store.readers import read_watson
from tests.store.helpers import dump, q

UTC = dt.UTC
NOW = int(dt.datetime(2026, 11, 23, 10, 30, tzinfo=UTC).timestamp())  # the FrozenClock


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def _world(store: Store, tmp_path) -> None:
    """An import (one batch of 300 rows, some of them parallel), then corrections: a parallel
    entry added by hand, an amend and a split (chains of versions: entry numbers)."""
    start = NOW - 60 * 86400
    frames = [[start + i * 3600, start + i * 3600 + 1800, f"project {i % 3}", f"id{i:04d}",
               [], start + i * 3600 + 1800] for i in range(300)]
    frames.append([start + 600, start + 1200, "project 0", "overlap", [], start + 1200])
    folder = tmp_path / "watson"
    folder.mkdir()
    (folder / "frames").write_text(json.dumps(frames))
    result = store.import_entries("watson", read_watson(folder))
    assert result.imported == 301 and result.parallel >= 1
    store.add_entry("project 1", at("2026-11-20T09:00:00+00:00"), at("2026-11-20T12:00:00+00:00"))
    store.add_entry("project 2", at("2026-11-20T10:00:00+00:00"), at("2026-11-20T11:00:00+00:00"),
                    allow_overlap=True)
    first = store.add_entry("project 0", at("2026-11-21T09:00:00+00:00"),
                            at("2026-11-21T12:00:00+00:00")).entry
    assert first is not None
    store.amend_entry(first.no, note="amended")
    store.split_entry(first.no, at("2026-11-21T10:00:00+00:00"))
    store.amend_entry(first.no, note="amended again")


def _owned(target) -> dict[str, list[tuple]]:
    """The values migrations 0002 and 0003 own, row by row."""
    return {
        "time_entry": q(target, "SELECT id, uuid, parallel, entry_no FROM time_entry ORDER BY id"),
        "activity": q(target, "SELECT id, uuid, batch FROM activity ORDER BY id"),
    }


def _keep_tables(target) -> list[str]:
    names = {r[0] for r in q(target, "SELECT name FROM sqlite_master WHERE type = 'table'")} \
        if target.backend == "sqlite" else {r[0] for r in q(
            target, "SELECT table_name FROM information_schema.tables WHERE table_schema = ?",
            (target.schema,))}
    return sorted(n for n in names if n.startswith(KEEP_PREFIX))


@pytest.mark.parametrize("down_to", [1, 2])
def test_down_then_up_keeps_every_value_and_undo_works(target, clock, tmp_path, down_to):
    with Store.open(target, clock) as s:
        _world(s, tmp_path)
        latest = s.migrator().status().latest
    before = _owned(target)
    assert any(row[2] for row in before["time_entry"]), "some entries are parallel"
    assert any(row[3] is not None for row in before["time_entry"]), "some rows are versions"
    assert all(row[2] is not None for row in before["activity"])
    schema = dump(target)["schema"]
    with Store.open(target, clock, migrate=False) as s:
        s.migrator().downgrade(down_to)
        s.migrator().upgrade()
    assert _owned(target) == before
    assert _keep_tables(target) == [], "the side tables are gone once restored"
    assert dump(target)["schema"] == schema
    with Store.open(target, clock) as s:
        assert s.migrator().status().current == latest
        assert s.undo().message.startswith("undid: amended entry")
        assert s.undo().message.startswith("undid: split entry")
        assert s.undo().message.startswith("undid: amended entry")
        for _ in range(3):
            assert s.undo().message.startswith("undid: added")
        assert s.undo().message == "undid: import 301 entries from watson"
        assert s.entries(at("2000-01-01T00:00:00+00:00")) == []


def test_downgrade_to_zero_leaves_no_side_table(target, clock, tmp_path):
    with Store.open(target, clock) as s:
        _world(s, tmp_path)
        s.migrator().downgrade(1)
        assert _keep_tables(target) == ["fcc_keep_0002_activity", "fcc_keep_0002_time_entry"]
        s.migrator().downgrade(0)
    assert dump(target)["rows"] == {}, "version 0 is an empty database"


def test_side_tables_left_by_an_older_fcc_restore_only_their_own_rows(target, clock, tmp_path):
    """An older fcc's downgrade to 0 leaves the side tables behind: they are not taken for
    another program's database, and being keyed by row uuid they land on no new row."""
    with Store.open(target, clock) as s:
        _world(s, tmp_path)
        s.migrator().downgrade(1)
        kept = {name: q(target, f"SELECT * FROM {name}") for name in _keep_tables(target)}
        assert kept["fcc_keep_0002_time_entry"] and kept["fcc_keep_0002_activity"]
        s.migrator().downgrade(0)
        key = "UUID" if target.backend == "postgres" else "VARCHAR(40)"
        s.db.execute_sql(f"CREATE TABLE fcc_keep_0002_time_entry (uuid {key} PRIMARY KEY)")
        s.db.execute_sql(f"CREATE TABLE fcc_keep_0002_activity (uuid {key} PRIMARY KEY, "
                         "batch VARCHAR(36) NOT NULL)")
        ph = s.db.param
        for name, rows in kept.items():
            for row in rows:
                s.db.execute_sql(f"INSERT INTO {name} VALUES ({', '.join([ph] * len(row))})",
                                 tuple(str(v) for v in row))
    with Store.open(target, clock) as s:
        assert _keep_tables(target) == []
        s.ensure_project("fresh")
        s.start_timer("fresh", at=at("2026-11-23T09:00:00+00:00"))
        assert q(target, "SELECT count(*) FROM time_entry WHERE parallel") == [(0,)]
        assert q(target, "SELECT count(*) FROM activity WHERE batch IS NOT NULL") == [(4,)]
        assert s.undo().message.startswith("undid: started fresh")


# --- undo never claims what it did not do ---------------------------------------------------


def test_undo_of_a_batch_lost_in_a_round_trip_says_so_and_writes_nothing(target, clock,
                                                                         tmp_path):
    with Store.open(target, clock) as s:
        _world(s, tmp_path)
        s.migrator().downgrade(1)
        for name in _keep_tables(target):  # an fcc that set nothing aside
            s.db.execute_sql(f"DROP TABLE {name}")
        s.migrator().upgrade()
    assert q(target, "SELECT count(*) FROM activity WHERE batch IS NOT NULL") == [(0,)]
    before = dump(target)
    with Store.open(target, clock) as s, pytest.raises(FccError) as err:
        s.undo()
    assert err.value.exit_code == 1
    assert str(err.value).startswith("cannot undo 'amended entry")
    assert "nothing was undone" in str(err.value)
    assert dump(target) == before


def test_undo_of_a_change_already_reverted_elsewhere_says_so(target, clock):
    with Store.open(target, clock) as s:
        s.ensure_project("website")
        s.start_timer("website", at=at("2026-11-23T09:00:00+00:00"))
        s.stop_timer()
        # Voided by a writer that keeps no activity log (another tool, by hand): nothing of
        # the stop and the start is left to revert.
        s.db.execute_sql("UPDATE time_entry SET voided_at = end_utc, void_reason = 'by hand'")
    before = dump(target)
    with Store.open(target, clock) as s:
        with pytest.raises(FccError) as err:
            s.undo()
        assert err.value.exit_code == 1
        assert str(err.value) == ("cannot undo 'stopped website after 1:30': its change was "
                                  "already reverted or replaced since; nothing was undone")
    assert dump(target) == before


def test_undo_of_a_change_partly_reverted_elsewhere_says_how_much(target, clock):
    with Store.open(target, clock) as s:
        s.ensure_project("website")
        s.ensure_project("blog")
        s.add_entry("website", at("2026-11-23T07:00:00+00:00"), at("2026-11-23T08:00:00+00:00"))
        s.start_timer("website", at=at("2026-11-23T08:00:00+00:00"))
        s.start_timer("blog", at=at("2026-11-23T09:00:00+00:00"))  # stops website: 2 rows
        s.db.execute_sql("UPDATE time_entry SET voided_at = start_utc, void_reason = 'by hand' "
                         "WHERE end_utc IS NULL")
        change = s.undo()
        assert change.message.startswith("undid 1 of the 2 changes of: started blog")
        assert [e.project for e in s.running()] == ["website"]


def test_a_change_that_changed_nothing_is_passed_over(target, clock):
    with Store.open(target, clock) as s:
        s.set_setting("zone", "Europe/Paris")
        s.unset_setting("currency")  # was not set: a batch without rows
        assert s.undo().message == "undid: set zone to Europe/Paris"
        with pytest.raises(NotFound, match="nothing to undo"):
            s.undo()
