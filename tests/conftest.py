"""Shared fixtures: real SQLite files in tmp_path, and a real PostgreSQL when
FCC_TEST_PG_URL names one (CI sets it and FCC_REQUIRE_PG=1, so there they never skip)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest

from fcc.store.clock import FrozenClock
from fcc.store.target import Target, resolve_target

FROZEN_AT = "2026-11-23T10:30:00+00:00"  # a Monday morning in Berlin

os.environ.pop("TEXTUAL_THEME", None)
os.environ.pop("NO_COLOR", None)
# Never the user's own config file: tests that want one write it and point FCC_CONFIG at it
# (the `fcc` helper in tests/test_cli.py also gives each run its own XDG_CONFIG_HOME).
os.environ["FCC_CONFIG"] = os.path.join(os.path.dirname(__file__), "no-such-config.toml")


def midday_zone() -> str:
    """A fixed-offset zone where it is now between 10:00 and 14:00: for command-line tests on
    the real clock that count "today" (a Berlin test run after 22:00 UTC crossed midnight)."""
    from fcc.store.clock import SystemClock

    hour = SystemClock().now().hour  # UTC: the subprocess under test reads the same clock
    offset = (12 - hour + 12) % 24 - 12  # UTC+offset puts local noon near now
    return "Etc/GMT" + ("" if offset == 0 else f"{-offset:+d}")  # Etc/GMT-2 is UTC+2


def pg_url() -> str | None:
    url = os.environ.get("FCC_TEST_PG_URL")
    if not url:
        if os.environ.get("FCC_REQUIRE_PG"):
            pytest.fail("FCC_REQUIRE_PG is set but FCC_TEST_PG_URL is not")
        pytest.skip("PostgreSQL tests need FCC_TEST_PG_URL (e.g. from .ci/pg-up)")
    return url


def drop_schema(target: Target) -> None:
    import psycopg

    assert target.url is not None
    with psycopg.connect(target.url, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{target.schema}" CASCADE')


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(FROZEN_AT)


@pytest.fixture
def sqlite_target(tmp_path) -> Target:
    return resolve_target(str(tmp_path / "fcc.db"), environ={})


@pytest.fixture
def pg_target() -> Iterator[Target]:
    url = pg_url()
    target = resolve_target(url, f"t{uuid.uuid4().hex[:12]}", environ={})
    yield target
    drop_schema(target)


@pytest.fixture(params=["sqlite", "postgres"])
def target(request, tmp_path) -> Iterator[Target]:
    """The same test on both backends: a fresh SQLite file, or a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        yield resolve_target(str(tmp_path / "fcc.db"), environ={})
        return
    url = pg_url()
    pg = resolve_target(url, f"t{uuid.uuid4().hex[:12]}", environ={})
    yield pg
    drop_schema(pg)


@pytest.fixture
def store(target, clock):
    from fcc.store.api import Store

    s = Store.open(target, clock)
    yield s
    s.close()
