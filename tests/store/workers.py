"""Entry points for the multi-process tests (importable by spawned processes)."""

from __future__ import annotations

from typing import Any

from fcc.store.target import Target


def open_store(target: Target, barrier: Any, results: Any) -> None:
    """Open the store (which migrates) the moment every sibling is ready too."""
    try:
        from fcc.store.api import Store
        from fcc.store.clock import SystemClock

        barrier.wait(30)
        store = Store.open(target, SystemClock())
        run = store.last_migration
        store.close()
        results.put((True, list(run.migrations) if run else []))
    except BaseException as exc:  # reported to the parent, which fails the test
        results.put((False, f"{type(exc).__name__}: {exc}"))
