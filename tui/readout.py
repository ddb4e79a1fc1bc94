"""What ``fcc log`` and ``fcc report`` print: the one renderer of both commands.

The full command line (click) and the quick paths (``fcc.tui.quickreads``, plain ``sqlite3``)
hand their records to these functions, so the two print the same bytes. JSON, CSV, Markdown
and the tables need nothing beyond the standard library (the tables are laid out by
``fcc.tui.plaintable``), never Rich, click, peewee or Textual. Data from the database goes
through :func:`~fcc.store.visible.visible`, never markup. ``make_console``, ``make_table``
and ``literal`` are the Rich helpers of the command line's other tables (lists, history).
"""

from __future__ import annotations

import datetime as dt
import sys

from fcc.store.visible import TerminalText, json_text, visible
from fcc.store.when import format_duration

TYPE_CHECKING = False  # typing is not imported at run time (the quick paths load this)
if TYPE_CHECKING:
    from typing import IO, Any

    from fcc.store.prefs import Prefs
    from fcc.store.records import Entry, Report, ReportLine, ReportTotal

REPORT_FORMATS = ("table", "json", "csv", "markdown")
LOG_FORMATS = ("table", "json", "csv")
PERIOD_FLAGS = ("today", "week", "month", "year")
RANGE_EXAMPLE = "--today, --week, --month, --year or --from WHEN [--to WHEN], e.g. --month"
LOG_HEADS = ("id", "time", "dur", "project", "card", "note", "tags")
LOG_RIGHTS = (True, False, True, False, True, False, False)
LOG_WRAPS = (False, False, False, True, False, True, True)
KEY_TITLES = {"client": "client", "project": "project", "card": "card", "day": "day",
              "week": "week of", "month": "month"}


def echo(text: str) -> None:
    """One line to stdout (as ``click.echo`` writes it)."""
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def make_console() -> Any:
    """The command line's Rich console (no highlighting, no emoji codes, no soft wrap)."""
    from rich.console import Console

    return Console(highlight=False, soft_wrap=False, emoji=False)


def make_table(title: str | None, columns: list[tuple[str, str]]) -> Any:
    """A Rich table of the command line: a simple head, the title on the left."""
    from rich import box
    from rich.table import Table

    table = Table(title=title, box=box.SIMPLE_HEAD, title_justify="left")
    for name, justify in columns:
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    return table


def literal(value: str) -> Any:
    """User text shown literally: markup such as [bold] is not interpreted."""
    from rich.text import Text

    return Text(visible(value))


def _z(instant: dt.datetime | None) -> str | None:
    from fcc.store.limits import iso_z

    return None if instant is None else iso_z(instant)


# --- fcc log -------------------------------------------------------------------------------


def log_row(e: Entry, now: dt.datetime) -> dict[str, Any]:
    return {
        "id": e.no, "uuid": e.uuid, "client": e.client, "project": e.project,
        "card": e.work_item_id, "card_title": e.work_item, "start": _z(e.start), "end": _z(e.end),
        "zone": e.zone, "seconds": e.seconds(now), "note": e.note, "tags": list(e.tags),
        "billable": e.billable, "rate": None if e.rate is None else str(e.rate),
        "currency": e.currency, "invoice_ref": e.invoice_ref,
        "status": "running" if e.running else "voided" if e.voided_at else
        "superseded" if e.superseded_by else "ok",
        "superseded_by": e.superseded_by, "void_reason": e.void_reason,
        "version": e.id,  # the row: several per id with --history; superseded_by names one
    }


def print_log(entries: list[Entry], now: dt.datetime, zone: str, fmt: str, *,
              guard: bool = True) -> None:
    """``fcc log``'s output in ``fmt`` (table, json or csv); times shown in ``zone``."""
    if fmt == "json":
        echo(json_text([log_row(e, now) for e in entries], indent=2))
    elif fmt == "csv":
        import csv

        from fcc.store.csvcells import guard_row

        rows = [log_row(e, now) for e in entries]
        writer = csv.DictWriter(TerminalText(sys.stdout), fieldnames=list(rows[0]) if rows else
                                ["id"], lineterminator="\n")
        writer.writeheader()
        for row in rows:
            cells = {**row, "tags": ",".join(row["tags"])}
            writer.writerow(guard_row(cells, formulas=guard))
    else:
        _log_tables(entries, now, zone)


def _log_tables(entries: list[Entry], now: dt.datetime, zone: str) -> None:
    from itertools import groupby

    from fcc.store.prefs import zone_info
    from fcc.store.when import format_local
    from fcc.tui.plaintable import Output, table

    if not entries:
        echo("no entries in this range")
        return
    out = Output()
    tz = zone_info(zone)
    lines: list[str] = []
    for day, group in groupby(entries, key=lambda e: e.start.astimezone(tz).date()):
        items = list(group)
        total = sum(e.seconds(now) for e in items if e.current)
        rows = []
        for e in items:
            end = format_local(e.end, zone, "%H:%M") if e.end else "running"
            mark = "" if e.current else (" voided" if e.voided_at else " old")
            if not e.billable:
                mark += " nb"
            rows.append([f"{e.no}{mark}", f"{format_local(e.start, zone, '%H:%M')}–{end}",
                         format_duration(e.seconds(now)), visible(e.project),
                         str(e.work_item_id or ""), visible(e.note.replace("\n", " / ")),
                         visible(",".join(e.tags))])
        lines += table(out, LOG_HEADS, rows, rights=LOG_RIGHTS, wraps=LOG_WRAPS,
                       title=f"{day:%A %Y-%m-%d}  total {format_duration(total)}")
    out.write(lines)


# --- fcc report ----------------------------------------------------------------------------


def report_range(now: dt.datetime, prefs: Prefs, start: str | None, end: str | None,
                 periods: list[str]) -> tuple[dt.datetime, dt.datetime]:
    """[start, end) from --from/--to or one period flag (default: this week)."""
    from fcc.store.errors import InvalidInput
    from fcc.store.when import parse_when, period

    flags = [f"--{p}" for p in periods]
    if len(flags) > 1 or (flags and (start is not None or end is not None)):
        given = " ".join(flags + (["--from"] if start else []) + (["--to"] if end else []))
        raise InvalidInput(flags[0] if len(flags) > 1 else "--from",
                           f"one range: {RANGE_EXAMPLE}", given)
    if start is None and end is not None:
        raise InvalidInput("--from", f"a start for --to, e.g. --from 2026-11-01 --to {end}")
    if start is None:
        kind = "day" if periods == ["today"] else (periods[0] if periods else "week")
        return period(kind, now=now, zone=prefs.zone, week_start=prefs.week_start)
    begin = parse_when(start, now=now, zone=prefs.zone, field="--from")
    stop = now if end is None else parse_when(end, now=now, zone=prefs.zone, field="--to")
    if stop <= begin:
        shown = begin.astimezone(prefs.tz).strftime("%Y-%m-%d %H:%M")
        raise InvalidInput("--to", f"a time after --from ({shown}), e.g. --from monday --to now",
                           end or "now")
    return begin, stop


def print_report(result: Report, fmt: str, *, guard: bool = True) -> None:
    """``fcc report``'s output in ``fmt`` (table, json, csv or markdown)."""
    if fmt == "json":
        echo(json_text(report_json(result), indent=2))
    elif fmt == "csv":
        report_csv(result, TerminalText(sys.stdout), guard=guard)  # type: ignore[arg-type]
    elif fmt == "markdown":
        echo(visible(report_markdown(result), keep="\n"))
    else:
        _report_table(result)


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


def report_csv(result: Report, out: IO[str], *, guard: bool = True) -> None:
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


def key_cells(line: ReportLine, keys: tuple[str, ...]) -> list[str]:
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


def _title(result: Report) -> str:
    from fcc.store.prefs import zone_info

    zone = result.zone
    tz = zone_info(zone)
    first = result.start.astimezone(tz)
    last = result.end.astimezone(tz)
    shown = f"{first:%Y-%m-%d %H:%M} – {last:%Y-%m-%d %H:%M}"
    if first.time() == dt.time() and last.time() == dt.time():
        shown = f"{first:%Y-%m-%d} – {(last - dt.timedelta(days=1)):%Y-%m-%d}"
    by = ", ".join(result.by) or "total"
    return f"Report {shown} ({zone}), by {by}"


def _report_table(result: Report) -> None:
    if not result.lines:
        echo(visible(f"{_title(result)}: no time in this range"))
        return
    from fcc.tui.plaintable import SECTION, Output, table

    heads = [KEY_TITLES[key] for key in result.by] + ["time", "billed", "amount"]
    rights = [False] * len(result.by) + [True] * 3
    wraps = [key not in ("day", "week", "month") for key in result.by] + [False] * 3
    rows: list[list[str] | None] = [
        [visible(c) for c in key_cells(line, result.by)]
        + [format_duration(line.seconds), format_duration(line.billed_seconds),
           visible(f"{line.amount} {line.currency}")] for line in result.lines]
    rows.append(SECTION)
    bold_from = len(rows)
    for total in result.totals:
        label = ["total"] + [""] * (len(result.by) - 1) if result.by else []
        rows.append([*label, format_duration(total.seconds),
                     format_duration(total.billed_seconds),
                     visible(f"{total.amount} {total.currency}")])
    out = Output()
    out.write([visible(_title(result)),
               *table(out, heads, rows, rights=rights, wraps=wraps, bold_from=bold_from)])


def report_markdown(result: Report) -> str:
    from fcc.store.documents.markdown import inline  # names are data, never markup

    def esc(text: str) -> str:
        return visible(inline(text.replace("\n", " ")))

    heads = [KEY_TITLES[k] for k in result.by] + ["time", "billed", "amount", "currency"]
    lines = [f"### {esc(_title(result))}", "",
             "| " + " | ".join(heads) + " |",
             "|" + "|".join("---" for _ in result.by) + ("|" if result.by else "")
             + "---:|---:|---:|---|"]
    for line in result.lines:
        cells = [esc(c) for c in key_cells(line, result.by)]
        lines.append("| " + " | ".join(cells + [
            format_duration(line.seconds), format_duration(line.billed_seconds),
            str(line.amount), line.currency]) + " |")
    for total in result.totals:
        label = ["**total**"] + [""] * (len(result.by) - 1) if result.by else []
        lines.append("| " + " | ".join(label + [
            f"**{format_duration(total.seconds)}**",
            f"**{format_duration(total.billed_seconds)}**",
            f"**{total.amount}**", total.currency]) + " |")
    return "\n".join(lines)
