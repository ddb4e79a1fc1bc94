"""Reading Taskwarrior's ``task export`` JSON into plain task records (no database here).

What an export holds, across Taskwarrior 2.4 to 3.x: a JSON array of task objects (2.3 and
older wrote one object per line, with or without the brackets and commas: both are read).
Times are ``20261210T000000Z`` (UTC); ``depends`` is a list of uuids, or one comma-separated
string (2.5 and older). A task that cannot be read is skipped with the reason; a file that is
not such an export at all raises :class:`NotImportable` before anything is written.

How a task maps onto a card (the README's "Importing from Taskwarrior" says the same):

- ``description`` → title (longer than 500 characters: cut, the whole text kept as the
  description); ``project: Acme.Website`` → project ``Website`` of client ``Acme`` (the first
  dot-separated part is the client, the rest the project); ``project: Website`` → project
  ``Website`` without a client;
- ``priority`` H/M/L/none → 1/2/3/2 (fcc's 0 stays free for the truly urgent);
- ``due`` → the due date in the user's zone; ``tags`` → tags;
- a duration UDA ``estimate`` (``PT2H30M``, ``90m``, ``1.5h``, ``2d``; a bare number is hours)
  → the estimate;
- ``status``: pending and waiting → the import's column, completed → the board's done column
  (done at ``end``), deleted → skipped, recurring (the template) → skipped;
- ``annotations`` → comments, at their own times; ``depends`` → "blocked by".
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import uuid as uuidlib
from pathlib import Path
from typing import IO, Any

from fcc.store import records as rec
from fcc.store.errors import InvalidInput
from fcc.store.names import check_name_text, check_note_text, name_key

Source = str | Path | IO[str] | IO[bytes] | list[dict[str, Any]]

TITLE_MAX = 500
MAX_BYTES = 512 << 20  # a bigger export is no export
PRIORITY = {"H": 1, "M": 2, "L": 3, "": 2}
_STAMP = re.compile(r"^(\d{4})-?(\d\d)-?(\d\d)(?:T(\d\d):?(\d\d):?(\d\d)(?:\.\d+)?)?"
                    r"(Z|[+-]\d\d:?\d\d)?$")
_ISO_DURATION = re.compile(r"^P(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?"
                           r"(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$")
_UNIT_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*(d|h|m|min|mins|hours?|days?)", re.I)


class NotImportable(InvalidInput):
    """Not a ``task export`` at all: one line naming the file, exit 2, nothing written."""

    def __init__(self, where: str, problem: str) -> None:
        super().__init__("file", "Taskwarrior's `task export` JSON (a list of tasks)")
        self.args = (f"taskwarrior: {where} is not a `task export` ({problem}); nothing was "
                     "imported",)


@dataclasses.dataclass(slots=True)
class Task:
    """One task, checked and in fcc's terms."""

    uuid: str
    where: str
    title: str
    description: str
    done: bool  # completed (else pending or waiting)
    project: tuple[str | None, str] | None  # (client, name)
    tags: tuple[str, ...]
    priority: int
    due: dt.date | None
    entry: dt.datetime
    end: dt.datetime | None
    estimate_minutes: int | None
    annotations: tuple[tuple[dt.datetime, str], ...]
    depends: tuple[str, ...]
    urgency: float

    @property
    def key(self) -> str:
        return f"taskwarrior:{self.uuid}"


def load(source: Source, *, where: str | None = None) -> tuple[list[Any], str]:
    """The export's task objects, and what to call the source in messages."""
    if isinstance(source, list):
        return source, where or "the tasks given"
    if isinstance(source, (str, Path)):
        from fcc.store.files import Unreadable, read_regular

        path = Path(source).expanduser()
        try:
            data = read_regular(path, MAX_BYTES)
        except Unreadable as exc:
            raise NotImportable(str(path), str(exc)) from None
        except OSError as exc:
            raise NotImportable(str(path), f"cannot read it: {exc.strerror}") from None
        if data is None:
            raise NotImportable(str(path), "there is no such file")
        raw: str | bytes = data
        where = where or str(path)
    else:
        raw = source.read()
        where = where or "standard input"
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise NotImportable(where, f"not UTF-8 text: byte {exc.start + 1}") from None
    return parse(raw, where), where


def parse(text: str, where: str) -> list[Any]:
    text = text.strip()
    if not text:
        raise NotImportable(where, "it is empty; `task export` prints [] for no tasks")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        data = _lines(text)
        if data is None:
            raise NotImportable(where, f"not JSON: {exc.msg} at line {exc.lineno} column "
                                f"{exc.colno}") from None
    if isinstance(data, dict) and "uuid" in data:  # an old export of a single task
        data = [data]
    if not isinstance(data, list):
        raise NotImportable(where, f"expected a JSON list of tasks, got a JSON "
                            f"{type(data).__name__}")
    return data


def _lines(text: str) -> list[Any] | None:
    """Taskwarrior 2.3 and older: one task object per line (brackets and commas optional)."""
    out = []
    for line in text.splitlines():
        line = line.strip().rstrip(",")
        if line in ("", "[", "]"):
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError:
            return None
        if not isinstance(item, dict):
            return None
        out.append(item)
    return out or None


def read_tasks(objects: list[Any], where: str, zone: dt.tzinfo, now: dt.datetime
               ) -> tuple[list[Task], list[rec.ImportSkip], int]:
    """Checked tasks, the skipped ones with their reasons, and how many were deleted there."""
    tasks: list[Task] = []
    skipped: list[rec.ImportSkip] = []
    deleted = 0
    seen: dict[str, str] = {}
    for number, obj in enumerate(objects, 1):
        place = f"{where} task {number}"
        try:
            if not isinstance(obj, dict):
                raise InvalidInput("task", "a JSON object", type(obj).__name__)
            status = str(obj.get("status") or "pending")
            if status == "deleted":
                deleted += 1
                continue
            if status == "recurring":
                raise InvalidInput("status", "a task (a recurrence template is not one: its "
                                   "instances are imported)", status)
            if status not in ("pending", "waiting", "completed"):
                raise InvalidInput("status", "pending, waiting, completed or deleted", status)
            task = _task(obj, place, status == "completed", zone, now)
        except InvalidInput as exc:
            skipped.append(rec.ImportSkip(where=place, reason=str(exc)))
            continue
        if task.uuid in seen:
            skipped.append(rec.ImportSkip(where=place,
                                          reason=f"the same task as {seen[task.uuid]}"))
            continue
        seen[task.uuid] = place
        tasks.append(task)
    return tasks, skipped, deleted


def _task(obj: dict[str, Any], place: str, done: bool, zone: dt.tzinfo,
          now: dt.datetime) -> Task:
    try:
        task_uuid = str(uuidlib.UUID(str(obj.get("uuid"))))
    except ValueError:
        raise InvalidInput("uuid", "a task uuid", obj.get("uuid")) from None
    text = obj.get("description")
    if not isinstance(text, str) or not text.strip():
        raise InvalidInput("description", "a task description", text)
    text = check_note_text(text.strip(), "description", "description")
    title = " ".join(text.split())
    title = check_name_text(title, "description", "description")
    description = ""
    if len(title) > TITLE_MAX:
        title, description = title[:TITLE_MAX - 1] + "…", text
    entry = _instant(obj.get("entry"), "entry") or now
    end = _instant(obj.get("end"), "end") if done else None
    due = _instant(obj.get("due"), "due")
    priority = str(obj.get("priority") or "")
    if priority not in PRIORITY:
        raise InvalidInput("priority", "H, M or L", priority)
    return Task(
        uuid=task_uuid, where=place, title=title, description=description, done=done,
        project=_project(obj.get("project")), tags=_tags(obj.get("tags")),
        priority=PRIORITY[priority], due=None if due is None else due.astimezone(zone).date(),
        entry=entry, end=end or (entry if done else None),
        estimate_minutes=_estimate(obj.get("estimate")), annotations=_annotations(obj, now),
        depends=_depends(obj.get("depends")), urgency=_number(obj.get("urgency")))


def _instant(value: Any, field: str) -> dt.datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):  # epoch (3.x UDAs)
        try:
            return dt.datetime.fromtimestamp(value, dt.UTC)
        except (OverflowError, OSError, ValueError):
            raise InvalidInput(field, "a time like 20261210T000000Z", value) from None
    match = _STAMP.match(str(value))
    if not match:
        raise InvalidInput(field, "a time like 20261210T000000Z", value)
    y, mo, d, h, mi, s, offset = match.groups()
    try:
        zone = dt.UTC
        if offset and offset != "Z":
            sign = -1 if offset[0] == "-" else 1
            digits = offset[1:].replace(":", "")
            zone = dt.timezone(sign * dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))
        return dt.datetime(int(y), int(mo), int(d), int(h or 0), int(mi or 0), int(s or 0),
                           tzinfo=zone).astimezone(dt.UTC)
    except ValueError:
        raise InvalidInput(field, "a time like 20261210T000000Z", value) from None


def _project(value: Any) -> tuple[str | None, str] | None:
    if value is None or value == "":
        return None
    text = check_name_text(str(value), "project").replace("/", "-")
    client, _, name = text.partition(".")
    client, name = client.strip(), name.strip()
    if not name:  # "Website" (or "Website."): a project without a client
        return None if not client else (None, client[:200])
    if not client:  # ".Website"
        return (None, name[:200])
    return (client[:200], name[:200])


def _tags(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list):
        raise InvalidInput("tags", "a list of tags", value)
    out: list[str] = []
    keys: set[str] = set()
    for item in items:
        tag = "-".join(check_name_text(str(item), "tags", "tag").replace(",", " ").split())
        if tag and name_key(tag) not in keys:
            keys.add(name_key(tag))
            out.append(tag[:100])
    return tuple(out)


def _estimate(value: Any) -> int | None:
    """Minutes of a duration UDA: ISO 8601 (``PT2H30M``), ``90m``/``1.5h``/``2d`` (a day is
    8 hours, as fcc's estimates count), or a bare number of hours."""
    if value is None or value == "":
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        minutes = float(value) * 60
    else:
        text = str(value).strip()
        iso = _ISO_DURATION.match(text.upper())
        if iso and text.upper() not in ("P", "PT"):
            w, d, h, m, s = (float(g or 0) for g in iso.groups())
            minutes = (w * 5 + d) * 8 * 60 + h * 60 + m + s / 60
        else:
            try:
                minutes = float(text) * 60
            except ValueError:
                parts = _UNIT_DURATION.findall(text)
                if not parts or _UNIT_DURATION.sub("", text).strip():
                    raise InvalidInput("estimate", "a duration like PT2H30M, 90m or 1.5h",
                                       value) from None
                minutes = sum(float(n) * {"d": 480, "h": 60}.get(u[0].lower(), 1)
                              for n, u in parts)
    if minutes < 0 or minutes > 10_000_000:
        raise InvalidInput("estimate", "a duration of at least 0", value)
    return round(minutes)


def _annotations(obj: dict[str, Any], now: dt.datetime) -> tuple[tuple[dt.datetime, str], ...]:
    raw = obj.get("annotations") or []
    if not isinstance(raw, list):
        raise InvalidInput("annotations", "a list of annotations", type(raw).__name__)
    out = []
    for item in raw:
        if not isinstance(item, dict) or not isinstance(item.get("description"), str):
            raise InvalidInput("annotations", "annotations with a description", item)
        body = check_note_text(item["description"], "annotations", "annotation").strip()
        if body:
            at = _instant(item.get("entry"), "annotations") or now
            out.append((at, body))
    return tuple(out)


def _depends(value: Any) -> tuple[str, ...]:
    if value is None or value == "":
        return ()
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list):
        raise InvalidInput("depends", "a list of task uuids", value)
    out: list[str] = []
    for item in items:
        try:
            found = str(uuidlib.UUID(str(item).strip()))
        except ValueError:
            raise InvalidInput("depends", "task uuids", item) from None
        if found not in out:
            out.append(found)
    return tuple(out)


def _number(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0.0
