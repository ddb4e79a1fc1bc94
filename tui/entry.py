"""The ``fcc`` executable's entry point.

``fcc`` alone opens the app: on a current SQLite file it draws the first frame from a plain
``sqlite3`` read and opens the store right after (``quick_app``), without click.
``fcc status`` is polled by status bars every few seconds and ``fcc start``/``fcc stop`` are
bound to keys, so they are answered here with plain ``sqlite3`` when they can be (see
``fcc.store.quick`` and ``fcc.store.quick_timers``), with the config file's ``[time]``
settings applied as the full path applies them (``fcc.store.configfile``); everything else,
and any case the quick path is unsure of, goes to the full command line in ``fcc.tui.cli``.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fcc.store.api import Store


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
    if not _exists(path):
        return 1  # no database yet: idle, and looking creates nothing
    from fcc.store.clock import SystemClock

    try:
        lines = status_lines(path, template, SystemClock().now(), overrides=overrides)
    except Exception as exc:  # noqa: BLE001 - the full command line reports it properly
        _note_damage(path, exc)
        return None
    if lines is None:
        return None
    if lines:  # the fields in them are made visible (fcc.store.statusline), the template not
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
    if not positional and not _exists(path):
        return _not_running()  # no database yet: nothing runs, and nothing is created
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
    if not message:
        return _not_running()
    from fcc.store.visible import visible

    sys.stdout.write(visible(message) + "\n")  # it names the project, the note: data
    return 0


def _not_running() -> int:
    """``fcc stop`` when idle: as the full command line says it (the store's NotFound)."""
    sys.stderr.write("fcc: error: no timer is running\n")
    return 1


def _note_damage(path: str, exc: BaseException) -> None:
    """A file SQLite calls malformed is remembered (``fcc.store.faults``): the full command
    line, which answers next, then refuses it whatever it reads."""
    from fcc.store import faults

    if faults.is_damage(exc):
        faults.mark_damaged(path, f"SQLite: {' '.join(str(exc).split())}")


def _exists(path: str) -> bool:
    import os

    return os.path.exists(path)


def quick_app(argv: list[str]) -> int | None:
    """``fcc [--db X] [-w NAME]`` in a terminal on a current SQLite file, else None (the full
    command line opens the store first, migrates, and reports any problem)."""
    from fcc.store.quick import parse_app_args

    parsed = parse_app_args(argv)
    if parsed is None or not (sys.stdin.isatty() and sys.stdout.isatty()):
        return None
    where = _quick_target(*parsed)
    if where is None:
        return None
    path, overrides = where
    from fcc.store.configfile import app_settings
    from fcc.store.errors import FccError

    try:
        keymap, theme = app_settings()
    except FccError:
        return None  # the full command line reports the file's problem
    from fcc.store.clock import SystemClock
    from fcc.store.firstframe import first_frame

    clock = SystemClock()
    try:
        first = first_frame(path, clock.now(), overrides=overrides)
    except Exception as exc:  # noqa: BLE001 - the full command line reports it properly
        _note_damage(path, exc)
        return None
    if first is None:
        return None

    def open_store() -> Store:
        from fcc.store.target import keep_pg_driver_out, resolve_target

        target = resolve_target(*parsed)
        keep_pg_driver_out(target)
        from fcc.store.api import Store

        return Store.open(target, clock, overrides=overrides)

    from fcc.tui.app import make_app

    try:
        app = make_app(open_store, clock, first=first, keymap=keymap, theme=theme)
    except FccError:
        return None  # a bad key map or theme: the full command line says so
    try:
        app.run()
    finally:
        if app.opened_store is not None:
            app.opened_store.close()
    if app.open_error is not None:
        from fcc.store.visible import visible

        sys.stderr.write(visible(f"fcc: error: {app.open_error}") + "\n")
        return app.open_error.exit_code
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
    """The ``fcc`` executable. Whatever goes wrong ends in one line on stderr: the store's
    errors as they are, anything unforeseen as an internal error (``FCC_DEBUG=1`` shows
    the traceback)."""
    try:
        _main()
    except Exception as exc:
        from fcc.store.errors import FccError
        from fcc.store.visible import visible

        if isinstance(exc, FccError):
            from fcc.tui.cli.flags import flagged  # the store's field names as flags

            sys.stderr.write(visible(f"fcc: error: {flagged(exc)}") + "\n")
            raise SystemExit(exc.exit_code) from None
        import os

        if os.environ.get("FCC_DEBUG"):
            raise
        from fcc.store.errors import internal_error

        sys.stderr.write(visible(f"fcc: error: {internal_error(exc)}") + "\n")
        raise SystemExit(1) from None
    except KeyboardInterrupt:
        sys.stderr.write("fcc: error: interrupted\n")
        raise SystemExit(130) from None


def _main() -> None:
    import os

    argv = sys.argv[1:]
    code = None
    if os.environ.get("FCC_QUICK") == "0":
        pass  # tests (and a doubting user) force the full command line
    elif "status" in argv:
        code = quick_status(argv)
    elif "start" in argv or "stop" in argv:
        code = quick_timer(argv)
    elif not argv or argv[0].startswith("-"):
        code = quick_app(argv)
    if code is not None:
        raise SystemExit(code)
    from fcc.tui.cli import main as cli_main

    cli_main()
