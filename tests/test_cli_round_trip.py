"""Issue 11, part 4, through the real `fcc` executable on both backends: import 2,000 Watson
frames, downgrade to version 1, upgrade, undo. The undo reverts the import; where the batches
were lost (an fcc that set nothing aside) it says so and exits 1, writing nothing."""

from __future__ import annotations

import json

import pytest

from tests.store.helpers import dump, q
from tests.test_cli_import import fcc, frames


@pytest.fixture
def where(target) -> list[str]:
    if target.backend == "sqlite":
        return ["--db", str(target.path)]
    return ["--db", str(target.url), "-w", target.workspace]


def _import_2000(tmp_path, where: list[str]) -> None:
    folder = tmp_path / "w"
    folder.mkdir()
    (folder / "frames").write_text(json.dumps(frames(2000)))
    out = fcc(*where, "import", "watson", str(folder), home=tmp_path).stdout
    assert out.startswith("imported 2000 entries")


def test_undo_after_a_downgrade_round_trip(target, where, tmp_path):
    _import_2000(tmp_path, where)
    owned = q(target, "SELECT id, parallel, entry_no FROM time_entry ORDER BY id"), \
        q(target, "SELECT id, batch FROM activity ORDER BY id")
    down = fcc(*where, "db", "downgrade", "--to", "1", "--yes", home=tmp_path).stdout
    assert "reverted 0002_time_tracking" in down
    assert "applied 0002_time_tracking" in fcc(*where, "db", "upgrade", home=tmp_path).stdout
    assert (q(target, "SELECT id, parallel, entry_no FROM time_entry ORDER BY id"),
            q(target, "SELECT id, batch FROM activity ORDER BY id")) == owned
    out = fcc(*where, "undo", home=tmp_path)
    assert out.stdout == "undid: import 2000 entries from watson\n"
    assert q(target, "SELECT count(*) FROM time_entry WHERE voided_at IS NULL") == [(0,)]


def test_undo_of_a_lost_batch_exits_1_and_writes_nothing(target, where, tmp_path):
    _import_2000(tmp_path, where)
    fcc(*where, "db", "downgrade", "--to", "1", "--yes", home=tmp_path)
    for table in ("fcc_keep_0002_time_entry", "fcc_keep_0002_activity"):
        q(target, f"DROP TABLE {table}")  # as an fcc that set nothing aside left it
    fcc(*where, "db", "upgrade", home=tmp_path)
    before = dump(target)
    out = fcc(*where, "undo", home=tmp_path, check=False)
    assert out.returncode == 1 and out.stdout == ""
    assert out.stderr == (
        "fcc: error: cannot undo 'import 2000 entries from watson': the activity log no longer "
        "says which rows it changed (their batch was lost in a schema downgrade and upgrade); "
        "nothing was undone\n")
    assert dump(target) == before
    assert q(target, "SELECT count(*) FROM time_entry WHERE voided_at IS NULL") == [(2000,)]


def test_downgrade_asks_saying_what_happens_to_the_data(target, where, tmp_path):
    _import_2000(tmp_path, where)
    out = fcc(*where, "db", "downgrade", "--to", "0", home=tmp_path, check=False)
    assert out.returncode == 1
    lines = out.stderr.splitlines()
    assert lines[0].startswith("Revert ") and lines[0].endswith("from version 6 to 0?")
    from fcc.migrations import m0005_plans, m0006_billing

    assert lines[1:7] == [
        f"  0006_billing: {m0006_billing.DOWN_NOTE}",
        f"  0005_plans: {m0005_plans.DOWN_NOTE}",
        "  0004_boards: cards lose their tags, done times and import sources, comments their "
        "edit times; more than one active sprint per board becomes possible again",
        "  0003_entry_numbers: entry numbers are dropped and computed again from the "
        "corrections by the next upgrade",
        "  0002_time_tracking: parallel flags and undo batches are set aside and restored by "
        "the next upgrade; changes made in between cannot be undone",
        "  0001_initial: every table is dropped with all its data",
    ]
    assert lines[-1] == "fcc: error: aborted"
    assert q(target, "SELECT count(*) FROM time_entry") == [(2000,)]
