"""``fcc log``, ``fcc report`` and ``fcc card list`` without click or peewee: the options users
type daily.

Arguments: ``fcc.tui.quickargs``; the data: ``fcc.store.quick_reads`` (the SQL core on plain
``sqlite3``), the output by ``fcc.tui.readout`` (the renderer the full command line uses too,
so both print the same bytes). Anything else (``--project``, ``--client``, help, an option or
value this reader does not know, input the full path would refuse) is handed over to the full
command line: :class:`~fcc.store.quick.Handover` naming the reason, as every quick path.
"""

from __future__ import annotations

import datetime as dt

TYPE_CHECKING = False  # typing is not imported at run time
if TYPE_CHECKING:
    from fcc.store.prefs import Prefs
    from fcc.tui.quickargs import Args


def quick_read(args: Args, path: str, overrides: dict[str, str]) -> int:
    """``fcc log``/``fcc report`` answered (the exit code), else :class:`Handover`.
    ``path`` and ``overrides``: the SQLite file and the config file's settings."""
    from fcc.store.clock import SystemClock

    now = SystemClock().now()
    guard = "--no-formula-guard" not in args.flags
    if args.command == "log":
        return _log(args, path, overrides, now, guard)
    return _report(args, path, overrides, now, guard)


def _log(args: Args, path: str, overrides: dict[str, str], now: dt.datetime,
         guard: bool) -> int:
    from fcc.store.quick import Handover
    from fcc.store.quick_reads import log_entries
    from fcc.tui.readout import LOG_FORMATS, print_log

    given = args.last("--format")  # (an empty --format is a mistake to explain, not the default)
    fmt = "table" if given is None else given
    if fmt not in LOG_FORMATS:
        raise Handover("--format: the full path explains it")
    entries, prefs = log_entries(path, overrides, now,
                                 args.last("--from"), args.last("--to"), "--history" in args.flags)
    print_log(entries, now, prefs.zone, fmt, guard=guard)
    return 0


def _report(args: Args, path: str, overrides: dict[str, str], now: dt.datetime,
            guard: bool) -> int:
    from fcc.store.errors import InvalidInput
    from fcc.store.quick import Handover
    from fcc.store.quick_reads import report
    from fcc.store.sql.reports import parse_by
    from fcc.tui.readout import PERIOD_FLAGS, REPORT_FORMATS, print_report, report_range

    given = args.last("--format")
    fmt = "table" if given is None else given.strip().lower()
    if fmt not in REPORT_FORMATS:
        raise Handover("--format: the full path explains it")
    try:
        keys = parse_by(args.values["--by"]) if "--by" in args.values else ("project",)
    except InvalidInput:
        raise Handover("--by: the full path explains it") from None
    periods = [p for p in PERIOD_FLAGS if f"--{p}" in args.flags]
    start, end = args.last("--from"), args.last("--to")

    def span(prefs: Prefs) -> tuple[dt.datetime, dt.datetime]:
        return report_range(now, prefs, start, end, periods)

    result = report(path, overrides, now, span, keys, "--billable" in args.flags)
    print_report(result, fmt, guard=guard)
    return 0


CARD_FORMATS = ("table", "json", "csv")


def quick_card_list(args: Args, path: str, overrides: dict[str, str]) -> int:
    """``fcc card list [--board B] [--tag T] [--blocked] [--archived] [--deleted]
    [--format F]`` answered (the exit code), else :class:`Handover`."""
    from fcc.store.clock import SystemClock
    from fcc.store.quick import Handover
    from fcc.store.quick_reads import card_list
    from fcc.store.when import local_date
    from fcc.tui.cli.cardview import print_cards

    given = args.last("--format")
    fmt = "table" if given is None else given
    if fmt not in CARD_FORMATS:
        raise Handover("--format: the full path explains it")
    now = SystemClock().now()
    cards, prefs = card_list(path, overrides, now, args.last("--board"), args.last("--tag"),
                             blocked="--blocked" in args.flags,
                             archived="--archived" in args.flags,
                             deleted="--deleted" in args.flags)
    print_cards(cards, fmt, local_date(now, prefs.zone),
                guard="--no-formula-guard" not in args.flags)
    return 0
