"""The ``fcc`` executable's entry point.

``fcc status`` is polled by status bars every few seconds, so it is answered here with plain
``sqlite3`` when it can be (see ``fcc.store.quick``); everything else, and any case the quick
path is unsure of, goes to the full command line in ``fcc.tui.cli``.
"""

from __future__ import annotations

import sys


def quick_status(argv: list[str]) -> int | None:
    from fcc.store.quick import parse_status_args, status_lines

    parsed = parse_status_args(argv)
    if parsed is None:
        return None
    db, workspace, template = parsed
    from fcc.store.errors import FccError
    from fcc.store.target import resolve_target

    try:
        target = resolve_target(db, workspace)
    except FccError:
        return None
    if target.path is None:
        return None
    from fcc.store.clock import SystemClock

    try:
        lines = status_lines(str(target.path), template, SystemClock().now())
    except Exception:  # noqa: BLE001 - the full command line reports it properly
        return None
    if lines is None:
        return None
    if lines:
        sys.stdout.write("\n".join(lines) + "\n")
    return 0 if lines else 1


def main() -> None:
    if "status" in sys.argv[1:]:
        code = quick_status(sys.argv[1:])
        if code is not None:
            raise SystemExit(code)
    from fcc.tui.cli import main as cli_main

    cli_main()
