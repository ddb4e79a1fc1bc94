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


def start_stop(target: Target, project: str, cycles: int, barrier: Any, results: Any) -> None:
    """``cycles`` start/stop pairs on ``project`` as fast as possible, beside siblings."""
    try:
        from fcc.store.api import Store
        from fcc.store.clock import SystemClock
        from fcc.store.errors import NotFound

        store = Store.open(target, SystemClock(), actor=f"worker-{project}")
        barrier.wait(30)
        started = stopped = nothing_to_stop = 0
        for _ in range(cycles):
            store.start_timer(project)
            started += 1
            try:
                store.stop_timer()
                stopped += 1
            except NotFound:  # a sibling's start or stop got there first
                nothing_to_stop += 1
        store.close()
        results.put((True, (started, stopped, nothing_to_stop)))
    except BaseException as exc:  # reported to the parent, which fails the test
        import traceback

        results.put((False, f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}"))
