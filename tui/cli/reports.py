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
from fcc.store.visible import TerminalText, json_text, visible
from fcc.tui.cli.base import Options, say, store_for

if TYPE_CHECKING:
    from fcc.store.api import Store
    from fcc.store.records import Report, ReportLine, ReportTotal

REPORT_FORMATS = ("table", "json", "csv", "markdown")
EXPORT_FORMATS = ("json", "csv")
PERIOD_FLAGS = ("today", "week", "month", "year")
RANGE_EXAMPLE = "--today, --week, --month, --year or --from WHEN [--to WHEN], e.g. --month"
KEY_TITLES = {"client": "client", "project": "project", "card": "card", "day": "day",
              "week": "week of", "month": "month"}


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


def report_range(store: Store, start: str | None, end: str | None,
                 periods: list[str]) -> tuple[dt.datetime, dt.datetime]:
    """[start, end) from --from/--to or one period flag (default: this week)."""
    from fcc.store.when import period

    flags = [f"--{p}" for p in periods]
    if len(flags) > 1 or (flags and (start is not None or end is not None)):
        given = " ".join(flags + (["--from"] if start else []) + (["--to"] if end else []))
        raise InvalidInput(flags[0] if len(flags) > 1 else "--from",
                           f"one range: {RANGE_EXAMPLE}", given)
    now = store.clock.now()
    if start is None and end is not None:
        raise InvalidInput("--from", f"a start for --to, e.g. --from 2026-11-01 --to {end}")
    if start is None:
        kind = "day" if periods == ["today"] else (periods[0] if periods else "week")
        return period(kind, now=now, zone=store.prefs.zone, week_start=store.prefs.week_start)
    begin = _when(store, start, "--from")
    stop = _when(store, end, "--to") or now
    assert begin is not None
    if stop <= begin:
        raise InvalidInput("--to", f"a time after --from ({_local(store, begin)}), "
                           "e.g. --from monday --to now", end or "now")
    return begin, stop


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
    from fcc.store.reports import parse_by

    fmt = _choice(fmt, REPORT_FORMATS, "--format")
    keys = parse_by(by) if by else ("project",)
    flags = [name for name, on in zip(PERIOD_FLAGS, (today, week, month, year), strict=True)
             if on]
    with store_for(opts, create=False) as store:
        begin, stop = report_range(store, start, end, flags)
        result = store.report(begin, stop, by=keys, client=client, project=project,
                              billable_only=billable)
        if fmt == "json":
            click.echo(json_text(report_json(result), indent=2))
        elif fmt == "csv":
            _report_csv(result, cast("IO[str]", TerminalText(sys.stdout)), guard=not no_guard)
        elif fmt == "markdown":
            click.echo(visible(report_markdown(result, store.prefs.zone), keep="\n"))
        else:
            _report_table(result, store.prefs.zone)


def _hm(seconds: int) -> str:
    from fcc.store.when import format_duration

    return format_duration(seconds)


def _z(instant: dt.datetime) -> str:
    from fcc.store.limits import iso_z

    return iso_z(instant)


def _local(store: Store, instant: dt.datetime) -> str:
    return instant.astimezone(store.prefs.tz).strftime("%Y-%m-%d %H:%M")


def _key_values(line: ReportLine, keys: tuple[str, ...]) -> dict[str, Any]:
    """The line's grouping keys as JSON values (always client and project)."""
    out: dict[str, Any] = {"client": line.client, "project": line.project}
    for key in keys:
        if key == "card":
            out["card"], out["card_title"] = line.card_id, line.card
        elif key in ("day", "week"):
            value = getattr(line, key)
            out[key] = None if value is None else value.isoformat()
        elif key == "month":
            out["month"] = line.month
    return out


def _sums(item: ReportLine | ReportTotal) -> dict[str, Any]:
    return {"seconds": item.seconds, "billed_seconds": item.billed_seconds,
            "amount": str(item.amount), "currency": item.currency, "hours": str(item.hours)}


def report_json(result: Report) -> dict[str, Any]:
    return {
        "from": _z(result.start), "to": _z(result.end), "zone": result.zone,
        "by": list(result.by),
        "lines": [{**_key_values(line, result.by), **_sums(line)} for line in result.lines],
        "totals": [_sums(total) for total in result.totals],
    }


def _report_csv(result: Report, out: IO[str], *, guard: bool = True) -> None:
    import csv

    from fcc.store.csvcells import guard_row

    rows = [{**_key_values(line, result.by), **_sums(line)} for line in result.lines]
    fields = ["client", "project"]
    for key in result.by:
        fields += ["card", "card_title"] if key == "card" else [] if key in fields else [key]
    fields += ["seconds", "billed_seconds", "amount", "currency", "hours"]
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows([guard_row(row, formulas=guard) for row in rows])


def _cells(line: ReportLine, keys: tuple[str, ...]) -> list[str]:
    out = []
    for key in keys:
        if key == "client":
            out.append(line.client or "(no client)")
        elif key == "project":
            out.append(line.project or "")
        elif key == "card":
            out.append(f"#{line.card_id} {line.card or ''}".strip() if line.card_id
                       else "(no card)")
        elif key == "day":
            out.append(f"{line.day:%a %Y-%m-%d}" if line.day else "")
        elif key == "week":
            out.append(f"{line.week:%Y-%m-%d}" if line.week else "")
        else:
            out.append(line.month or "")
    return out


def _title(result: Report, zone: str) -> str:
    from fcc.store.prefs import zone_info

    tz = zone_info(zone)
    first = result.start.astimezone(tz)
    last = result.end.astimezone(tz)
    shown = f"{first:%Y-%m-%d %H:%M} – {last:%Y-%m-%d %H:%M}"
    if first.time() == dt.time() and last.time() == dt.time():
        shown = f"{first:%Y-%m-%d} – {(last - dt.timedelta(days=1)):%Y-%m-%d}"
    by = ", ".join(result.by) or "total"
    return f"Report {shown} ({zone}), by {by}"


def _report_table(result: Report, zone: str) -> None:
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(highlight=False, soft_wrap=False, emoji=False)
    if not result.lines:
        say(f"{_title(result, zone)}: no time in this range")
        return
    say(_title(result, zone))
    table = Table(box=box.SIMPLE_HEAD)
    for key in result.by:  # names may wrap; dates and numbers never do
        table.add_column(KEY_TITLES[key], no_wrap=key in ("day", "week", "month"))
    for name in ("time", "billed", "amount"):
        table.add_column(name, justify="right", no_wrap=True)
    for i, line in enumerate(result.lines):
        last = i == len(result.lines) - 1
        table.add_row(*[Text(visible(c)) for c in _cells(line, result.by)], _hm(line.seconds),
                      _hm(line.billed_seconds), Text(visible(f"{line.amount} {line.currency}")),
                      end_section=last)
    for total in result.totals:
        label = ["total"] + [""] * (len(result.by) - 1) if result.by else []
        table.add_row(*label, _hm(total.seconds), _hm(total.billed_seconds),
                      Text(visible(f"{total.amount} {total.currency}")), style="bold")
    if not console.is_terminal:  # a file or a pipe: whole lines, never wrapped names
        from rich.measure import Measurement

        wide = console.options.update_width(10_000)
        console.width = max(console.width, Measurement.get(console, wide, table).maximum)
    console.print(table)


def report_markdown(result: Report, zone: str) -> str:
    def esc(text: str) -> str:
        return visible(text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " "))

    heads = [KEY_TITLES[k] for k in result.by] + ["time", "billed", "amount", "currency"]
    lines = [f"### {esc(_title(result, zone))}", "",
             "| " + " | ".join(heads) + " |",
             "|" + "|".join("---" for _ in result.by) + ("|" if result.by else "")
             + "---:|---:|---:|---|"]
    for line in result.lines:
        cells = [esc(c) for c in _cells(line, result.by)]
        lines.append("| " + " | ".join(cells + [_hm(line.seconds), _hm(line.billed_seconds),
                                                str(line.amount), line.currency]) + " |")
    for total in result.totals:
        label = ["**total**"] + [""] * (len(result.by) - 1) if result.by else []
        lines.append("| " + " | ".join(label + [
            f"**{_hm(total.seconds)}**", f"**{_hm(total.billed_seconds)}**",
            f"**{total.amount}**", total.currency]) + " |")
    return "\n".join(lines)


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
