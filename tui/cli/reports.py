"""``fcc report`` and ``fcc export``: totals by client, project, card, day, week or month, and
every entry as JSON or CSV.

The store does the arithmetic (``Store.report``); this module only picks the range, checks the
options and renders. Bad input is one ``fcc: error:`` line naming the option, exit code 2.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, cast

import click

from fcc.store.errors import InvalidInput
from fcc.store.visible import TerminalText, json_text
from fcc.tui.cli.base import Options, say, store_for
from fcc.tui.readout import PERIOD_FLAGS, REPORT_FORMATS, print_report, report_range

if TYPE_CHECKING:
    from fcc.store.api import Store

EXPORT_FORMATS = ("json", "csv")


def _choice(value: str, choices: tuple[str, ...], field: str) -> str:
    low = value.strip().lower()
    if low not in choices:
        raise InvalidInput(field, f"one of {', '.join(choices)}, e.g. {field} {choices[1]}",
                           value)
    return low


def _when(store: Store, text: str | None, field: str) -> dt.datetime | None:
    if text is None:
        return None
    from fcc.store.when import parse_when

    return parse_when(text, now=store.clock.now(), zone=store.prefs.zone, field=field)


NO_GUARD_HELP = ("CSV: write cells exactly as stored, without the ' fcc puts before a text cell "
                 "starting with =, +, -, @, tab or CR (which spreadsheets would run as a "
                 "formula).")


# --- fcc report ----------------------------------------------------------------------------


@click.command("report")
@click.option("--from", "start", metavar="WHEN",
              help="Start: 2026-11-01, monday, 'yesterday 9:00', ISO 8601 or -8h.")
@click.option("--to", "end", metavar="WHEN", help="End, exclusive (default: now).")
@click.option("--today", is_flag=True, help="Today.")
@click.option("--week", is_flag=True, help="This week (the default range).")
@click.option("--month", is_flag=True, help="This month.")
@click.option("--year", is_flag=True, help="This year.")
@click.option("--by", "by", multiple=True, metavar="KEY",
              help="Group by client, project, card, day, week or month; repeat or use commas "
                   "(default: project).")
@click.option("--client", help="Only this client's time.")
@click.option("--project", help="Only this project's time (PROJECT or CLIENT/PROJECT).")
@click.option("--billable", is_flag=True, help="Only billable time.")
@click.option("--format", "fmt", default="table", show_default=True, metavar="FORMAT",
              help="table, json, csv or markdown.")
@click.option("--no-formula-guard", "no_guard", is_flag=True, help=NO_GUARD_HELP)
@click.pass_obj
def report(opts: Options, start: str | None, end: str | None, today: bool, week: bool,
           month: bool, year: bool, by: tuple[str, ...], client: str | None,
           project: str | None, billable: bool, fmt: str, no_guard: bool) -> None:
    """Time and money by client, project, card, day, week or month.

    Raw and billed (rounded) time side by side, with amounts at each entry's rate and a total
    per currency that is exactly the sum of its lines. Entries crossing midnight count on both
    days; a running timer counts up to now.

    \b
    Examples:
      fcc report                                  this week by project
      fcc report --month --by client,project
      fcc report --from 2026-11-01 --to 2026-12-01 --by day --format csv
      fcc report --year --client Acme --billable --format json
    """
    from fcc.store.sql.reports import parse_by

    fmt = _choice(fmt, REPORT_FORMATS, "--format")
    keys = parse_by(by) if by else ("project",)
    flags = [name for name, on in zip(PERIOD_FLAGS, (today, week, month, year), strict=True)
             if on]
    with store_for(opts, create=False) as store:
        begin, stop = report_range(store.clock.now(), store.prefs, start, end, flags)
        result = store.report(begin, stop, by=keys, client=client, project=project,
                              billable_only=billable)
        print_report(result, fmt, guard=not no_guard)


def _local(store: Store, instant: dt.datetime) -> str:
    return instant.astimezone(store.prefs.tz).strftime("%Y-%m-%d %H:%M")


# --- fcc export ----------------------------------------------------------------------------


@click.command("export")
@click.option("--format", "fmt", default=None, metavar="FORMAT",
              help="json (an array, the default) or csv; --output FILE.csv implies csv.")
@click.option("--from", "start", metavar="WHEN", help="Only entries overlapping from here.")
@click.option("--to", "end", metavar="WHEN", help="... up to here (exclusive).")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to FILE (replaced at the end, never half-written) instead of stdout.")
@click.option("--no-formula-guard", "no_guard", is_flag=True, help=NO_GUARD_HELP)
@click.pass_obj
def export(opts: Options, fmt: str | None, start: str | None, end: str | None,
           output: Path | None, no_guard: bool) -> None:
    """Every current entry, with stable field names, for scripts and spreadsheets.

    Fields: id, uuid, client, project, card, card_title, start, end (ISO 8601 UTC, empty
    while running), zone, seconds, note, tags, billable, rate, currency, invoice_ref.
    `fcc import csv` reads the CSV back. In CSV, a text cell starting with =, +, -, @, tab
    or CR gets a leading ' so that spreadsheets never run it as a formula (import csv takes
    it off; --no-formula-guard writes cells as stored).

    \b
    Examples:
      fcc export > fcc.json
      fcc export --format csv --from 2026-01-01 --to 2027-01-01 -o 2026.csv
    """
    if fmt is None:
        fmt = "csv" if output is not None and output.suffix.lower() == ".csv" else "json"
    fmt = _choice(fmt, EXPORT_FORMATS, "--format")
    with store_for(opts, create=False) as store:
        begin, stop = _when(store, start, "--from"), _when(store, end, "--to")
        if begin is not None and stop is not None and stop <= begin:
            raise InvalidInput("--to", f"a time after --from ({_local(store, begin)})", end)
        rows = store.export_rows(begin, stop)
        if output is None:
            _write_export(rows, fmt, cast("IO[str]", TerminalText(sys.stdout)), guard=not no_guard)
            return
        tmp = output.with_name(f".{output.name}.tmp")
        try:
            with open(tmp, "w", encoding="utf-8", newline="") as fh:
                count = _write_export(rows, fmt, fh, guard=not no_guard)
            os.replace(tmp, output)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise InvalidInput("--output", "a file fcc can write, e.g. -o ~/fcc.csv",
                               f"{output} ({exc.strerror})") from None
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        say(f"exported {count} entr{'y' if count == 1 else 'ies'} to {output}", err=True)


def _write_export(rows: Iterator[dict[str, Any]], fmt: str, out: IO[str], *,
                  guard: bool = True) -> int:
    count = 0
    if fmt == "csv":
        import csv

        from fcc.store.csvcells import guard_row
        from fcc.store.reports import EXPORT_FIELDS

        writer = csv.DictWriter(out, fieldnames=list(EXPORT_FIELDS), lineterminator="\n")
        writer.writeheader()
        for row in rows:
            cells = {**row, "tags": ",".join(row["tags"]),
                     "billable": "true" if row["billable"] else "false"}
            writer.writerow(guard_row(cells, formulas=guard))
            count += 1
        return count
    out.write("[")
    for row in rows:
        out.write(",\n  " if count else "\n  ")
        out.write(json_text(row))
        count += 1
    out.write("\n]\n" if count else "]\n")
    return count


COMMANDS: list[click.Command] = [report, export]
