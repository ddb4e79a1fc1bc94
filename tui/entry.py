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

TYPE_CHECKING = False  # typing is not imported at run time (~4 ms of every fast command)
if TYPE_CHECKING:
    from fcc.store.api import Store


def quick_status(argv: list[str]) -> int:
    """``fcc status [--format T]`` on SQLite; :class:`~fcc.store.quick.Handover` otherwise."""
    from fcc.store.quick import Handover, status_lines
    from fcc.tui.quickargs import STATUS, parse

    args = parse(argv, {"status": STATUS})
    if isinstance(args, str):
        raise Handover("arguments the quick path does not parse")
    template = args.last("--format")
    path, overrides = _quick_target(args.db, args.workspace)
    if not _exists(path):
        return 1  # no database yet: idle, and looking creates nothing
    from fcc.store.clock import SystemClock

    lines = status_lines(path, template, SystemClock().now(), overrides=overrides)
    if lines:  # the fields in them are made visible (fcc.store.statusline), the template not
        sys.stdout.write("\n".join(lines) + "\n")
    return 0 if lines else 1


def quick_timer(argv: list[str]) -> int:
    """``fcc start PROJECT [--note T] [--tag T]...`` and ``fcc stop`` on SQLite."""
    from fcc.store.quick import Handover
    from fcc.tui.quickargs import START, STOP, parse

    args = parse(argv, {"start": START} if "start" in argv else {"stop": STOP})
    if isinstance(args, str) or (args.command == "start" and not args.arguments):
        # (no project: the full command line says what is missing)
        raise Handover("arguments the quick path does not parse")
    positional, values = args.arguments, args.values
    path, overrides = _quick_target(args.db, args.workspace)
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
    if not message:
        return _not_running()
    from fcc.store.visible import visible

    sys.stdout.write(visible(message) + "\n")  # it names the project, the note: data
    return 0


def _not_running() -> int:
    """``fcc stop`` when idle: as the full command line says it (the store's NotFound)."""
    sys.stderr.write("fcc: error: no timer is running\n")
    return 1


def quick_reads(argv: list[str]) -> int:
    """``fcc log`` and ``fcc report`` with the options users type daily (fcc.tui.quickreads);
    :class:`~fcc.store.quick.Handover` otherwise."""
    from fcc.store.quick import Handover
    from fcc.tui.quickargs import READS, parse
    from fcc.tui.quickreads import quick_read

    args = parse(argv, READS)
    if isinstance(args, str):
        raise Handover(args)
    path, overrides = _quick_target(args.db, args.workspace)
    return quick_read(args, path, overrides)


def quick_cards(argv: list[str]) -> int:
    """``fcc card list`` with a board, a tag, blocked, archived, deleted and a format
    (fcc.tui.quickreads); :class:`~fcc.store.quick.Handover` otherwise."""
    from fcc.store.quick import Handover
    from fcc.tui.quickargs import CARDS, parse
    from fcc.tui.quickreads import quick_card_list

    args = parse(argv, CARDS)
    if isinstance(args, str):
        raise Handover(args)
    if args.arguments != ["list"]:
        raise Handover("a card command without a quick path")
    path, overrides = _quick_target(args.db, args.workspace)
    return quick_card_list(args, path, overrides)


def _exists(path: str) -> bool:
    import os

    return os.path.exists(path)


def quick_app(argv: list[str]) -> int:
    """``fcc [--db X] [-w NAME]`` in a terminal on a current SQLite file; else
    :class:`~fcc.store.quick.Handover` (the full command line opens the store first,
    migrates, and reports any problem)."""
    from fcc.store.quick import Handover
    from fcc.tui.quickargs import parse_app_args

    parsed = parse_app_args(argv)
    if parsed is None:
        values = [a for a, before in zip(argv, ["", *argv], strict=False)
                  if before not in ("--db", "--workspace", "-w")]
        raise Handover("a command without a quick path"
                       if any(not a.startswith("-") for a in values)
                       else "arguments the quick path does not parse")
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise Handover("not a terminal")
    path, overrides = _quick_target(*parsed)
    from fcc.store.configfile import app_settings
    from fcc.store.errors import FccError

    try:
        keymap, theme = app_settings()
    except FccError:
        raise Handover("a config file problem") from None  # the full path reports it
    from fcc.store.clock import SystemClock
    from fcc.store.firstframe import first_frame

    clock = SystemClock()
    first = first_frame(path, clock.now(), overrides=overrides)

    def open_store() -> Store:
        from fcc.store.target import keep_pg_driver_out, resolve_target

        target = resolve_target(*parsed)
        keep_pg_driver_out(target)
        from fcc.store.api import Store
        from fcc.store.configfile import billing_settings

        store = Store.open(target, clock, overrides=overrides)
        store.billing = billing_settings()  # (the file was checked whole above)
        return store

    from fcc.tui.app import make_app

    try:
        app = make_app(open_store, clock, first=first, keymap=keymap, theme=theme)
    except FccError:
        raise Handover("a bad key map or theme") from None  # the full path says so
    _trace("quick path answered")
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


def _quick_target(db: str | None, workspace: str | None) -> tuple[str, dict[str, str]]:
    """The SQLite file and the config file's [time] settings; :class:`Handover` when the
    quick path cannot answer (PostgreSQL, a bad target, a config file with any problem)."""
    from fcc.store.configfile import quick_overrides
    from fcc.store.errors import FccError
    from fcc.store.quick import Handover
    from fcc.store.target import resolve_target

    try:
        target = resolve_target(db, workspace)
    except FccError:
        raise Handover("a target to explain") from None  # the full path says what is wrong
    if target.path is None:
        raise Handover("PostgreSQL")
    overrides = quick_overrides()  # {} without a file (one stat)
    if overrides is None:
        raise Handover("a config file problem")
    return str(target.path), overrides


def _trace(what: str) -> None:
    """``FCC_TRACE_QUICK=1``: one line on stderr saying which path answered (for tests and
    the curious)."""
    import os

    if os.environ.get("FCC_TRACE_QUICK") == "1":
        from fcc.store.visible import visible  # a reason may name a file

        sys.stderr.write(visible(f"fcc: {what}") + "\n")
        sys.stderr.flush()


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
    quick = None
    if os.environ.get("FCC_QUICK") == "0":
        _trace("full path: FCC_QUICK=0")  # tests (and a doubting user) force it
    elif "status" in argv:
        quick = quick_status
    elif "start" in argv or "stop" in argv:
        quick = quick_timer
    elif "log" in argv or "report" in argv:
        quick = quick_reads
    elif "card" in argv and "list" in argv:
        quick = quick_cards
    elif not argv or argv[0].startswith("-"):
        quick = quick_app
    else:
        _trace("full path: a command without a quick path")
    if quick is not None:
        from fcc.store.quick import Handover

        try:
            code = quick(argv)
        except Handover as exc:
            _trace(f"full path: {exc}")
        else:
            if quick is not quick_app:
                _trace("quick path answered")
            raise SystemExit(code)
    from fcc.tui.cli import main as cli_main

    cli_main()
