"""The ``fcc`` executable's entry point.

``fcc status`` is polled by status bars every few seconds and ``fcc start``/``fcc stop`` are
bound to keys, so they are answered here with plain ``sqlite3`` when they can be (see
``fcc.store.quick`` and ``fcc.store.quick_timers``), with the config file's ``[time]``
settings applied as the full path applies them (``fcc.store.configfile``); everything else,
and any case the quick path is unsure of, goes to the full command line in ``fcc.tui.cli``.
"""

from __future__ import annotations

import sys


def quick_status(argv: list[str]) -> int | None:
    from fcc.store.quick import parse_status_args, status_lines

    parsed = parse_status_args(argv)
    if parsed is None:
        return None
    db, workspace, template = parsed
    where = _quick_target(db, workspace)
    if where is None:
        return None
    path, overrides = where
    from fcc.store.clock import SystemClock

    try:
        lines = status_lines(path, template, SystemClock().now(), overrides=overrides)
    except Exception:  # noqa: BLE001 - the full command line reports it properly
        return None
    if lines is None:
        return None
    if lines:
        sys.stdout.write("\n".join(lines) + "\n")
    return 0 if lines else 1


def quick_timer(argv: list[str]) -> int | None:
    """``fcc start PROJECT [--note T] [--tag T]...`` and ``fcc stop`` on SQLite."""
    from fcc.store.quick import parse_args

    if "start" in argv:
        parsed = parse_args(argv, "start", ("--note", "--tag"), max_positional=1)
        if parsed is None or not parsed[3]:
            return None
    else:
        parsed = parse_args(argv, "stop")
        if parsed is None:
            return None
    db, workspace, values, positional = parsed
    where = _quick_target(db, workspace)
    if where is None:
        return None
    path, overrides = where
    from fcc.store.clock import SystemClock
    from fcc.store.quick_timers import quick_start, quick_stop

    now = SystemClock().now()
    if positional:
        message = quick_start(path, positional[0], values.get("--note", []),
                              values.get("--tag", []), now, overrides=overrides)
    else:
        message = quick_stop(path, now, overrides=overrides)
    if message is None:
        return None
    if message:
        sys.stdout.write(message + "\n")
    return 0


def _quick_target(db: str | None, workspace: str | None
                  ) -> tuple[str, dict[str, str]] | None:
    """The SQLite file and the config file's [time] settings, or None when the quick path
    cannot answer (PostgreSQL, a bad target, a config file with any problem)."""
    from fcc.store.configfile import quick_overrides
    from fcc.store.errors import FccError
    from fcc.store.target import resolve_target

    try:
        target = resolve_target(db, workspace)
    except FccError:
        return None
    overrides = quick_overrides()  # {} without a file (one stat)
    if target.path is None or overrides is None:
        return None
    return str(target.path), overrides


def main() -> None:
    argv = sys.argv[1:]
    code = None
    if "status" in argv:
        code = quick_status(argv)
    elif "start" in argv or "stop" in argv:
        code = quick_timer(argv)
    if code is not None:
        raise SystemExit(code)
    from fcc.tui.cli import main as cli_main

    cli_main()
