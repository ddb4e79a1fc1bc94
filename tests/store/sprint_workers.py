"""Entry points for the sprint tests' concurrent processes (importable by spawned processes)."""

from __future__ import annotations

from typing import Any

from fcc.store.target import Target


def start_sprints(target: Target, starts: list[tuple[str, str]], barrier: Any,
                  results: Any) -> None:
    """For each (board, sprint): wait for the sibling, then ``start_sprint`` at once; report
    "ok" or the error's class and message for each."""
    try:
        from fcc.store.api import Store
        from fcc.store.clock import SystemClock
        from fcc.store.errors import FccError

        store = Store.open(target, SystemClock())
        outcomes = []
        for board, sprint in starts:
            barrier.wait(60)
            try:
                store.start_sprint(board, sprint)
                outcomes.append(("ok", ""))
            except FccError as exc:
                outcomes.append((type(exc).__name__, str(exc)))
        store.close()
        results.put((True, outcomes))
    except BaseException as exc:  # reported to the parent, which fails the test
        import traceback

        results.put((False, f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}"))
