"""Readers for Watson, Timewarrior and CSV files: a file in, import records out.

They never touch the database. A record they cannot read becomes an
:class:`~fcc.store.records.ImportSkip` with the reason; a file that is not in the expected
format at all raises :class:`NotImportable` before anything is written. Writing is
:meth:`fcc.store.imports.ImportVerbs.import_entries`.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import re
import uuid
from pathlib import Path
from typing import Any, TypeAlias

from fcc.store import records as rec
from fcc.store.errors import FccError, InvalidInput
from fcc.store.limits import INSTANT_EXPECTED
from fcc.store.names import check_name_text, name_key
from fcc.store.prefs import zone_info

Item: TypeAlias = rec.ImportRecord | rec.ImportSkip
_UTC = dt.UTC


class NotImportable(FccError):
    """The file is not in the expected format at all; nothing was imported."""

    exit_code = 2


# --- Watson ----------------------------------------------------------------------------------


def read_watson(path: Path) -> list[Item]:
    """Watson's ``frames`` file (or the folder holding it): a JSON list of frames
    ``[start, stop, project, id, tags, updated_at]`` with epoch seconds. The output of
    ``watson log --json`` (a list of objects) is read too."""
    file = path / "frames" if path.is_dir() else path
    if not file.is_file():
        raise NotImportable(f"watson: no frames file at {file} (pass Watson's folder or set "
                            "WATSON_DIR)")
    try:
        data = json.loads(_read(file, "watson").decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise NotImportable(f"watson: {file} is not a Watson frames file (not JSON: "
                            f"{_first_line(exc)})") from None
    if not isinstance(data, list):
        raise NotImportable(f"watson: {file} is not a Watson frames file (expected a JSON list "
                            f"of frames, got a JSON {type(data).__name__})")
    out: list[Item] = []
    for number, frame in enumerate(data, 1):
        where = f"{file} frame {number}"
        try:
            out.append(_watson_frame(frame, where))
        except InvalidInput as exc:
            out.append(rec.ImportSkip(where=where, reason=str(exc)))
    return out


def _watson_frame(frame: Any, where: str) -> rec.ImportRecord:
    note: Any = ""
    tags: Any = []
    if isinstance(frame, dict):  # watson log --json
        start, stop, project, frame_id = (frame.get(k) for k in ("start", "stop", "project", "id"))
        tags, note = frame.get("tags") or [], frame.get("note") or ""
    elif isinstance(frame, list) and 4 <= len(frame) <= 7:
        start, stop, project, frame_id = frame[:4]
        if len(frame) > 4 and isinstance(frame[4], list):  # before 1.0 there were no tags
            tags = frame[4]
        if len(frame) == 7 and isinstance(frame[6], str):  # a note, where a Watson has them
            note = frame[6]
    else:
        raise InvalidInput("frame", "a list [start, stop, project, id, tags, updated_at]", frame)
    if not isinstance(project, str) or not project.strip():
        raise InvalidInput("project", "a project name", project)
    if not isinstance(frame_id, str) or not frame_id.strip():
        raise InvalidInput("id", "a frame id", frame_id)
    if not isinstance(tags, list) or not all(isinstance(tag, str) for tag in tags):
        raise InvalidInput("tags", "a list of tags", tags)
    if not isinstance(note, str):
        raise InvalidInput("note", "text", note)
    return rec.ImportRecord(
        source_key=f"watson:{frame_id.strip()}", where=where, project=_plain_name(project),
        start=_instant(start, "start"), end=None if stop is None else _instant(stop, "stop"),
        note=note, tags=tuple(tags),
    )


def _instant(value: Any, field: str) -> dt.datetime:
    """Epoch seconds, or an ISO 8601 time with its offset."""
    try:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return dt.datetime.fromtimestamp(int(value), _UTC)
        if isinstance(value, str):
            parsed = dt.datetime.fromisoformat(value.strip())
            if parsed.tzinfo is not None:
                return parsed.astimezone(_UTC)
    except (ValueError, OverflowError, OSError):
        pass
    raise InvalidInput(field, "seconds since 1970 (or an ISO 8601 time with an offset)", value)


def _plain_name(name: str) -> str:
    # fcc reads '/' in a project as CLIENT/PROJECT; Watson and Timewarrior names have no client.
    # (White space stays as it is: the name rule, applied when the record is written, refuses
    # a tab or a newline inside.)
    return name.replace("/", "-")


# --- Timewarrior -----------------------------------------------------------------------------

_DATA_FILE = re.compile(r"^\d{4}-\d{2}\.data$")
_TIMEW_TIME = re.compile(r"^\d{8}T\d{6}Z$")


def read_timewarrior(path: Path) -> list[Item]:
    """Timewarrior's data files (``data/YYYY-MM.data`` under its folder), one interval a line:
    ``inc 20201010T100000Z - 20201010T110000Z # tag1 "tag 2" # annotation``. The first tag
    names the project (Timewarrior keeps tags sorted), the rest stay tags, the annotation
    becomes the note."""
    data_dir = path / "data" if (path / "data").is_dir() else path
    if not data_dir.is_dir():
        raise NotImportable(f"timewarrior: no folder {data_dir} (pass Timewarrior's folder or "
                            "set TIMEWARRIORDB)")
    files = sorted(p for p in data_dir.iterdir() if _DATA_FILE.match(p.name))
    if not files:
        raise NotImportable(f"timewarrior: no data files (YYYY-MM.data) in {data_dir}")
    out: list[Item] = []
    intervals = 0
    for file in files:
        try:
            text = _read(file, "timewarrior").decode("utf-8")
        except UnicodeDecodeError:
            raise NotImportable(f"timewarrior: {file} is not a Timewarrior data file "
                                "(not UTF-8 text)") from None
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            intervals += line.split(None, 1)[0] == "inc"
            where = f"{file} line {number}"
            try:
                out.append(_timew_line(line, where))
            except InvalidInput as exc:
                out.append(rec.ImportSkip(where=where, reason=str(exc)))
    if out and not intervals:
        raise NotImportable(f"timewarrior: {files[0]} is not a Timewarrior data file (no line "
                            "starts with 'inc')")
    return out


def _timew_line(line: str, where: str) -> rec.ImportRecord:
    tokens = _timew_tokens(line)
    words = [text for text, _ in tokens]
    if not words or words[0] != "inc":
        raise InvalidInput("line", "an interval like 'inc START - END # TAGS'", line)

    def hash_at(i: int) -> bool:
        return i < len(tokens) and tokens[i] == ("#", False)

    i, start, end = 1, None, None
    if i < len(words) and not hash_at(i):
        start, i = _timew_time(words[i], "start"), i + 1
        if i < len(words) and tokens[i] == ("-", False):
            if i + 1 >= len(words):
                raise InvalidInput("end", "an end time like 20201010T110000Z after '-'", line)
            end, i = _timew_time(words[i + 1], "end"), i + 2
    if start is None:
        raise InvalidInput("start", "a start time like 20201010T100000Z", line)
    tags: list[str] = []
    annotation = ""
    if i < len(words):
        if not hash_at(i):
            raise InvalidInput("line", "'#' before the tags", words[i])
        i += 1
        while i < len(words) and not hash_at(i):
            tags.append(words[i])
            i += 1
        annotation = " ".join(words[i + 1:])
    if not tags:
        raise InvalidInput("tags", "a tag (the first tag names the project)", line)
    canonical = json.dumps([_timew_iso(start), end and _timew_iso(end), tags, annotation])
    return rec.ImportRecord(
        source_key="timewarrior:" + hashlib.sha1(canonical.encode()).hexdigest(), where=where,
        project=_plain_name(tags[0]), start=start, end=end, note=annotation,
        tags=tuple(tags[1:]),
    )


def _timew_tokens(line: str) -> list[tuple[str, bool]]:
    """Words, with quotes removed (and whether they were quoted: a quoted '#' is a tag)."""
    out: list[tuple[str, bool]] = []
    i, n = 0, len(line)
    while i < n:
        c = line[i]
        if c.isspace():
            i += 1
        elif c in "\"'":
            j, buf = i + 1, []
            while j < n and line[j] != c:
                if line[j] == "\\" and j + 1 < n and line[j + 1] == c:
                    j += 1
                buf.append(line[j])
                j += 1
            if j >= n:
                raise InvalidInput("line", "a closing quote", line)
            out.append(("".join(buf), True))
            i = j + 1
        else:
            j = i
            while j < n and not line[j].isspace():
                j += 1
            out.append((line[i:j], False))
            i = j
    return out


def _timew_time(text: str, field: str) -> dt.datetime:
    if _TIMEW_TIME.match(text):
        try:
            return dt.datetime.strptime(text[:-1] + "+0000", "%Y%m%dT%H%M%S%z")
        except ValueError:
            pass
    raise InvalidInput(field, "a UTC time like 20201010T100000Z", text)


def _timew_iso(instant: dt.datetime) -> str:
    return instant.strftime("%Y%m%dT%H%M%SZ")


# --- CSV -------------------------------------------------------------------------------------

CSV_REQUIRED = ("project", "start", "end")
CSV_COLUMNS = ("id", "uuid", "client", "project", "card", "card_title", "start", "end", "zone",
               "seconds", "note", "tags", "billable", "rate", "currency", "invoice_ref")


def read_csv(path: Path, *, formula_guard: bool = True) -> list[Item]:
    """A CSV file with fcc's export columns (at least project, start and end). Times are ISO
    8601; one without an offset is local time in the row's zone column (when there is one,
    else in the zone preference: the records keep it naive). With ``formula_guard`` (fcc's
    exports have it), the ``'`` the export put before a cell a spreadsheet would run as a
    formula is taken off (``fcc.store.csvcells``)."""
    from fcc.store.csvcells import unguard

    cell = unguard if formula_guard else str
    try:
        text = _read(path, "csv").decode("utf-8-sig")
    except UnicodeDecodeError:
        raise NotImportable(f"csv: {path} is not a CSV file (not UTF-8 text)") from None
    reader = csv.DictReader(text.splitlines(keepends=True))
    try:
        header = reader.fieldnames
        columns = {name.strip().lower(): name for name in header or () if name}
        missing = [c for c in CSV_REQUIRED if c not in columns]
        if not header or missing:
            raise NotImportable(
                f"csv: {path} has no {', '.join(missing)} column (expected a header row with "
                f"fcc's export columns, at least {', '.join(CSV_REQUIRED)})")
        out: list[Item] = []
        for row in reader:
            values = {key: cell(row.get(name) or "").strip() for key, name in columns.items()}
            if not any(values.values()):
                continue
            where = f"{path} line {reader.line_num}"
            try:
                out.append(_csv_row(values, where))
            except InvalidInput as exc:
                out.append(rec.ImportSkip(where=where, reason=str(exc)))
    except csv.Error as exc:
        raise NotImportable(f"csv: {path} line {reader.line_num} is not CSV ({exc})") from None
    return out


def _csv_row(v: dict[str, str], where: str) -> rec.ImportRecord:
    project, client = v["project"], v.get("client") or None
    if not project:
        raise InvalidInput("project", "a project name", "")
    if "/" in project:  # a CLIENT/PROJECT label
        head, _, tail = (p.strip() for p in project.partition("/"))
        if client is None or name_key(head) == name_key(client):
            client, project = client or head, tail
    row_zone = v.get("zone") or None
    if row_zone:
        zone_info(row_zone)
    start = _csv_time(v["start"], "start", row_zone)
    end = _csv_time(v["end"], "end", row_zone) if v["end"] else None
    billable = _csv_bool(v.get("billable", ""))
    tags = tuple(tag for tag in v.get("tags", "").split(",") if tag.strip())
    card = None
    if v.get("card"):
        from fcc.store.bounds import parse_id

        card = parse_id(v["card"], "card", "a card id")  # "²" is a digit to isdigit()
    entry_uuid = None
    if v.get("uuid"):
        try:
            entry_uuid = str(uuid.UUID(v["uuid"]))
        except ValueError:
            raise InvalidInput("uuid", "a UUID like 0b7e...-...", v["uuid"]) from None
    rate, currency = None, None
    if v.get("rate"):  # the rate the entry had (empty: the project's, as for a new entry)
        from fcc.store.bounds import parse_amount

        rate = parse_amount(v["rate"], "rate")
        currency = v.get("currency", "").upper() or None
        if currency is not None and not (len(currency) == 3 and currency.isascii()
                                         and currency.isalpha()):
            raise InvalidInput("currency", "a three-letter ISO 4217 currency code like EUR",
                               v["currency"])
    note = v.get("note", "")
    if entry_uuid:
        key = f"csv:{entry_uuid}"
    else:
        row = [client, project, start.isoformat(), end and end.isoformat(), note, list(tags), card]
        key = "csv:" + hashlib.sha1(json.dumps(row).encode()).hexdigest()
    return rec.ImportRecord(
        source_key=key, where=where, project=project, client=client, start=start, end=end,
        note=note, tags=tags, billable=billable, card=card, zone=row_zone, uuid=entry_uuid,
        rate=rate, currency=currency,
    )


def _csv_time(text: str, field: str, zone: str | None) -> dt.datetime:
    try:
        parsed = dt.datetime.fromisoformat(text)
    except ValueError:
        raise InvalidInput(field, "an ISO 8601 time like 2026-11-20T13:00:00Z", text) from None
    if parsed.tzinfo is None:
        return parsed if zone is None else parsed.replace(tzinfo=zone_info(zone))
    try:
        return parsed.astimezone(_UTC)
    except OverflowError:  # 9999-12-31T23:00-05:00 and the like
        raise InvalidInput(field, INSTANT_EXPECTED, text) from None


def _csv_bool(text: str) -> bool | None:
    low = text.strip().lower()
    if not low:
        return None
    if low in {"true", "yes", "1", "y"}:
        return True
    if low in {"false", "no", "0", "n"}:
        return False
    raise InvalidInput("billable", "true or false", text)


def _name(value: str, field: str = "project") -> str:
    name = check_name_text(value, field)
    if not name:
        raise InvalidInput(field, "a name", value)
    if "/" in name:
        raise InvalidInput(field, "a name without '/'", value)
    if len(name) > 200:
        raise InvalidInput(field, "a name of at most 200 characters", value)
    return name


def _read(path: Path, source: str) -> bytes:
    """A file to import: only a regular one (a FIFO hung the import; a device never ended)."""
    from fcc.store.files import Unreadable, read_regular

    try:
        data = read_regular(path)
    except Unreadable as exc:
        raise NotImportable(f"{source}: cannot read {path}: {exc}") from None
    except OSError as exc:
        raise NotImportable(f"{source}: cannot read {path}: {exc.strerror}") from None
    if data is None:
        raise NotImportable(f"{source}: cannot read {path}: No such file or directory")
    return data


def _first_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())
