"""The app on faults of the disk (issue 11, part 3): a write to a read-only or full database
is one notification naming the cause and writes nothing; a damaged file stops the app before
its first frame with the one line the command line prints. The faults are SQLite's own
(``PRAGMA query_only``, ``PRAGMA max_page_count``, bytes flipped in the file)."""

from __future__ import annotations

import pytest

from fcc.store.api import Store
from fcc.store.errors import DatabaseDamaged
from fcc.store.firstframe import first_frame
from fcc.store.quick import Handover
from fcc.store.target import resolve_target
from fcc.tui.app import make_app
from tests.store.test_disk_faults import corrupt_middle_page


def messages(app) -> list[str]:
    return [n.message for n in app._notifications]


@pytest.mark.parametrize("fault", ["read-only", "disk full"])
async def test_a_write_on_a_faulty_disk_is_one_notification(world, clock, fault):
    def break_disk(store: Store) -> None:
        """On the connection the app writes through (the store's own thread's)."""
        conn = store.db.connection()
        if fault == "read-only":
            conn.execute("PRAGMA query_only = ON")
        else:
            pages = conn.execute("PRAGMA page_count").fetchone()[0]
            conn.execute(f"PRAGMA max_page_count = {pages}")

    before = world.entries()
    app = make_app(world, clock)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.pause()
        await app.storework.call(break_disk)
        for _ in range(3 if fault == "disk full" else 1):
            await pilot.press("t")  # start on the selected entry's project
            await pilot.pause()
        shown = [m for m in messages(app) if fault in m]
        assert shown, messages(app)
        assert "\n" not in shown[0] and "nothing was changed" in shown[0]
        assert not any("rollback" in m for m in messages(app))
    if fault == "read-only":
        assert world.entries() == before and world.running() == []


async def test_the_app_refuses_a_damaged_database_before_it_shows_anything(tmp_path, clock):
    path = tmp_path / "fcc.db"
    target = resolve_target(str(path), environ={})
    with Store.open(target, clock) as s:
        s.create_project({"name": "Web"})
        for day in range(1, 400):
            s.create_project({"name": f"P{day}"})
    corrupt_middle_page(path)
    data = path.read_bytes()
    # `fcc` reads its first frame only from a file that passes the store's check: this one is
    # marked damaged and handed to the full path, whose store refuses it before any drawing.
    # Which page the flipped bytes hit depends on the schema's size: SQLite may call the file
    # malformed on the first read, or quick_check finds it; either way it is marked damaged.
    with pytest.raises(Handover, match="is damaged|malformed"):
        first_frame(str(path), clock.now())
    assert path.with_name(path.name + ".damaged").exists()
    app = make_app(lambda: Store.open(target, clock), clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
    assert isinstance(app.open_error, DatabaseDamaged)
    assert "is damaged" in str(app.open_error) and app.return_code == 1
    assert path.read_bytes() == data
