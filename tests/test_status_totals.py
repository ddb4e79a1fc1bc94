"""``fcc status``'s today/week totals have one definition (``fcc.store.sql.totals``),
the one the store's reports use: an entry that ends after now (written by a machine whose
clock is ahead) counts up to its end. The quick path (plain sqlite3), the full command line on
SQLite and on PostgreSQL, and the app's first frame all give the same figures."""

from __future__ import annotations

import datetime as dt
import sys

import pytest

from fcc.store.api import Store
from fcc.store.clock import FrozenClock, SystemClock
from tests.conftest import FROZEN_AT
from tests.test_cli import fcc as run

UTC = dt.UTC
AHEAD = dt.timedelta(hours=1)


def seed(store: Store, clock: FrozenClock, now: dt.datetime) -> None:
    """Admin from 1:30 ago to an hour from now (another machine, its clock an hour ahead),
    and Web running in parallel for the last 10 minutes."""
    store.create_project({"name": "Admin"})
    store.create_project({"name": "Web"})
    clock.set(now + AHEAD)
    store.add_entry("Admin", now - dt.timedelta(minutes=90), now + AHEAD)
    clock.set(now)
    store.start_timer("Web", at=now - dt.timedelta(minutes=10), parallel=True)


def test_one_definition_on_both_backends(target, monkeypatch):
    monkeypatch.setenv("FCC_ZONE", "Europe/Berlin")
    now = dt.datetime.fromisoformat(FROZEN_AT)  # Monday 11:30 in Berlin
    clock = FrozenClock(now)
    with Store.open(target, clock) as store:
        seed(store, clock, now)
        expected = 150 * 60 + 10 * 60
        assert store.status_totals(now) == (expected, expected)
        day = store.report(now.replace(hour=0, minute=0) - dt.timedelta(hours=1),
                           now.replace(hour=23, minute=0), by=("day",))
        assert sum(line.seconds for line in day.lines) == expected  # as the reports count


def zone_at_noon(now: dt.datetime) -> str:
    """A fixed-offset zone where ``now`` is around noon: the test's entries stay in one day."""
    offset = 12 - now.hour
    return "UTC" if offset == 0 else f"Etc/GMT{-offset:+d}"


def test_the_commands_agree_on_both_backends(target, tmp_path, monkeypatch, capsys):
    now = SystemClock().now().replace(microsecond=0)
    zone = zone_at_noon(now)
    monkeypatch.setenv("FCC_ZONE", zone)
    clock = FrozenClock(now)
    with Store.open(target, clock) as store:
        seed(store, clock, now)
    args = (["--db", str(target.path)] if target.path is not None
            else ["--db", target.url, "--workspace", target.workspace])
    status = ["status", "--format", "{project} {today} {week}"]
    expected = "Web 2:40 2:40\n"  # 2:30 of Admin (up to its end) + 0:10 of Web
    quick = run(*args, *status, home=tmp_path, env={"FCC_ZONE": zone})  # quick on SQLite
    assert quick.stdout == expected

    import peewee  # noqa: F401 - before the command line hides psycopg for a SQLite run

    from fcc.tui.cli import main

    monkeypatch.setattr(sys, "argv", ["fcc", *args, *status])
    with pytest.raises(SystemExit) as done:
        main.main([*args, *status], prog_name="fcc")  # the full command line
    assert done.value.code == 0
    assert capsys.readouterr().out == expected
