"""``fcc log`` and ``fcc report`` without click or peewee: the options users type daily.

The arguments are read here, the data by ``fcc.store.quick_reads`` (the SQL core on plain
``sqlite3``), the output by ``fcc.tui.readout`` (the renderer the full command line uses too,
so both print the same bytes). Anything else (``--project``, ``--client``, help, an option or
value this reader does not know, input the full path would refuse) is handed over to the full
command line with a reason (:func:`quick_read` returns it).
"""

from __future__ import annotations

import datetime as dt

TYPE_CHECKING = False  # typing is not imported at run time
if TYPE_CHECKING:
    from collections.abc import Sequence

    from fcc.store.prefs import Prefs

GLOBAL_VALUES = {"--db": "db", "--workspace": "workspace", "-w": "workspace"}
LOG_VALUES = ("--from", "--to", "--format")
LOG_FLAGS = ("--history", "--no-formula-guard")
REPORT_VALUES = ("--from", "--to", "--format", "--by")
REPORT_FLAGS = ("--today", "--week", "--month", "--year", "--billable", "--no-formula-guard")


class Args:
    """``[--db X] [-w NAME] COMMAND [OPTIONS]`` as click reads them: an option's value is the
    next word whatever it looks like (``--from -8h``), the last of a repeated option wins
    (``--by`` adds up), a flag may be repeated."""

    def __init__(self) -> None:
        self.command = ""
        self.globals: dict[str, str] = {}
        self.values: dict[str, list[str]] = {}
        self.flags: set[str] = set()

    def last(self, name: str) -> str | None:
        given = self.values.get(name)
        return given[-1] if given else None


def parse(argv: Sequence[str]) -> Args | str:
    """The arguments, or why the full command line reads them."""
    args = Args()
    i = 0
    while i < len(argv):
        arg = argv[i]
        i += 1
        if not args.command:
            known: Sequence[str] = tuple(GLOBAL_VALUES)
            flags: Sequence[str] = ()
        elif args.command == "log":
            known, flags = LOG_VALUES, LOG_FLAGS
        else:
            known, flags = REPORT_VALUES, REPORT_FLAGS
        if not arg.startswith("-") or arg == "-":
            if args.command or arg not in ("log", "report"):
                return f"the argument {arg!r}"
            args.command = arg
            continue
        name, eq, value = arg.partition("=") if arg.startswith("--") else (arg, "", "")
        if name in flags and not eq:
            args.flags.add(name)
            continue
        if name not in known:
            return f"the option {name}"
        if not eq:
            if i >= len(argv):
                return f"{name} without a value"
            value = argv[i]
            i += 1
        if args.command:
            args.values.setdefault(name, []).append(value)
        else:
            args.globals[GLOBAL_VALUES[name]] = value
    return args if args.command else "no command"


def quick_read(args: Args, path: str, overrides: dict[str, str]) -> int | str:
    """``fcc log``/``fcc report`` answered (the exit code), or why the full path answers.
    ``path`` and ``overrides``: the SQLite file and the config file's settings."""
    from fcc.store.clock import SystemClock
    from fcc.store.quick import Handover

    now = SystemClock().now()
    guard = "--no-formula-guard" not in args.flags
    try:
        if args.command == "log":
            return _log(args, path, overrides, now, guard)
        return _report(args, path, overrides, now, guard)
    except Handover as exc:
        return str(exc)


def _log(args: Args, path: str, overrides: dict[str, str], now: dt.datetime,
         guard: bool) -> int | str:
    from fcc.store.quick_reads import log_entries
    from fcc.tui.readout import LOG_FORMATS, print_log

    given = args.last("--format")  # (an empty --format is a mistake to explain, not the default)
    fmt = "table" if given is None else given
    if fmt not in LOG_FORMATS:
        return "--format: the full path explains it"
    entries, prefs = log_entries(path, overrides, now,
                                 args.last("--from"), args.last("--to"), "--history" in args.flags)
    print_log(entries, now, prefs.zone, fmt, guard=guard)
    return 0


def _report(args: Args, path: str, overrides: dict[str, str], now: dt.datetime,
            guard: bool) -> int | str:
    from fcc.store.errors import InvalidInput
    from fcc.store.quick_reads import report
    from fcc.store.sql.reports import parse_by
    from fcc.tui.readout import PERIOD_FLAGS, REPORT_FORMATS, print_report, report_range

    given = args.last("--format")
    fmt = "table" if given is None else given.strip().lower()
    if fmt not in REPORT_FORMATS:
        return "--format: the full path explains it"
    try:
        keys = parse_by(args.values["--by"]) if "--by" in args.values else ("project",)
    except InvalidInput:
        return "--by: the full path explains it"
    periods = [p for p in PERIOD_FLAGS if f"--{p}" in args.flags]
    start, end = args.last("--from"), args.last("--to")

    def span(prefs: Prefs) -> tuple[dt.datetime, dt.datetime]:
        return report_range(now, prefs, start, end, periods)

    result = report(path, overrides, now, span, keys, "--billable" in args.flags)
    print_report(result, fmt, guard=guard)
    return 0
