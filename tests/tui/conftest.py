from __future__ import annotations

import datetime as dt

import pytest

from fcc.store.api import Store
from fcc.store.target import resolve_target
from tests.conftest import FROZEN_AT

NOW = dt.datetime.fromisoformat(FROZEN_AT)
H = dt.timedelta(hours=1)


@pytest.fixture
def home_store(tmp_path, monkeypatch, clock):
    """A store at ~/fcc.db with HOME in tmp_path, so what the app shows is stable."""
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("FCC_ZONE", "Europe/Berlin")
    store = Store.open(resolve_target(str(tmp_path / "fcc.db"), environ={}), clock)
    yield store
    store.close()


@pytest.fixture
def world(home_store):
    """Acme/Website and Admin, with one entry this morning (3 to 2 hours before the clock)."""
    s = home_store
    s.create_client({"name": "Acme"})
    s.create_project({"name": "Website", "client": "Acme"})
    s.create_project({"name": "Admin"})
    s.add_entry("Acme/Website", NOW - 3 * H, NOW - 2 * H, note="morning work")
    return s
