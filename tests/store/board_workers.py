"""Entry points for the board tests' concurrent processes (importable by spawned processes)."""

from __future__ import annotations

from typing import Any

from fcc.store.target import Target


def race(target: Target, verb: str, calls: list[tuple[tuple[Any, ...], dict[str, Any]]],
         barrier: Any, results: Any) -> None:
    """For each (args, kwargs): wait for the sibling process, then ``store.<verb>(*args,
    **kwargs)`` at the same moment; report "ok" or the error's class and message for each."""
    try:
        from fcc.store.api import Store
        from fcc.store.clock import SystemClock
        from fcc.store.errors import FccError

        store = Store.open(target, SystemClock())
        outcomes = []
        for args, kwargs in calls:
            barrier.wait(60)
            try:
                getattr(store, verb)(*args, **kwargs)
                outcomes.append(("ok", ""))
            except FccError as exc:
                outcomes.append((type(exc).__name__, str(exc)))
        store.close()
        results.put((True, outcomes))
    except BaseException as exc:  # reported to the parent, which fails the test
        import traceback

        results.put((False, f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}"))
