from __future__ import annotations

import pytest

from fcc.store.api import Store
from fcc.store.target import resolve_target


@pytest.fixture
def home_store(tmp_path, monkeypatch, clock):
    """A store at ~/fcc.db with HOME in tmp_path, so what the app shows is stable."""
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("FCC_ZONE", "Europe/Berlin")
    store = Store.open(resolve_target(str(tmp_path / "fcc.db"), environ={}), clock)
    yield store
    store.close()
