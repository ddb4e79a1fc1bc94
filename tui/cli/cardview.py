"""How the command line shows cards: ``fcc card list`` (table, JSON, CSV) and ``fcc card show``
(table, JSON). JSON and CSV carry stable snake_case field names (:data:`CARD_FIELDS`); text
from the database goes through :func:`~fcc.store.visible.visible` in tables, never markup.
"""

from __future__ import annotations

import datetime as dt
import sys
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from fcc.store.limits import iso_z
from fcc.store.visible import TerminalText, json_text, visible
from fcc.store.when import format_duration, format_local

if TYPE_CHECKING:
    from fcc.store import records_boards as rb

# The fields of a card in ``--format json`` and ``csv``, in this order (pinned by the tests).
CARD_FIELDS = (
    "id", "uuid", "board", "board_id", "type", "title", "description", "priority",
    "estimate_minutes", "due", "tags", "project", "rate", "parent", "column", "lane", "sprint",
    "position", "archived", "deleted_at", "done_at", "created_at", "updated_at", "blocked_by",
    "blocks", "tracked_seconds", "subtree_seconds", "children_done", "children_total",
    "running",
)
LIST_HEADS = ("id", "type", "title", "column", "lane", "pri", "due", "time", "blocked", "tags")
TITLE_CELLS = 40  # a title in the table is cut with … beyond this many cells


@lru_cache(maxsize=4096)  # cards made or changed together share their instants
def _z(instant: dt.datetime | None) -> str | None:
    return None if instant is None else iso_z(instant)


def card_row(card: rb.Card) -> dict[str, Any]:
    """A card as JSON-ready data with the field names of :data:`CARD_FIELDS`."""
    return {
        "id": card.id, "uuid": card.uuid, "board": card.board, "board_id": card.board_id,
        "type": card.type, "title": card.title, "description": card.description,
        "priority": card.priority, "estimate_minutes": card.estimate_minutes,
        "due": None if card.due is None else card.due.isoformat(), "tags": list(card.tags),
        "project": card.project,
        "rate": None if card.hourly_rate is None else str(card.hourly_rate),
        "parent": card.parent_id, "column": card.column, "lane": card.lane,
        "sprint": card.sprint, "position": card.position + 1, "archived": card.archived,
        "deleted_at": _z(card.deleted_at), "done_at": _z(card.done_at),
        "created_at": _z(card.created_at), "updated_at": _z(card.updated_at),
        "blocked_by": list(card.blocked_by), "blocks": list(card.blocks),
        "tracked_seconds": card.tracked_seconds, "subtree_seconds": card.subtree_seconds,
        "children_done": card.children_done, "children_total": card.children_total,
        "running": card.running,
    }


def cut(text: str, cells: int = TITLE_CELLS) -> str:
    """``text`` on one line, cut with … to at most ``cells`` terminal cells."""
    from fcc.tui.plaintable import cell_width

    text = " ".join(text.split())
    if cell_width(text) <= cells:
        return text
    out, used = "", 0
    for char in text:
        w = cell_width(char)
        if used + w > cells - 1:
            break
        out, used = out + char, used + w
    return out.rstrip() + "…"


def due_text(card: rb.Card, today: dt.date) -> str:
    """The due date, marked ``overdue`` when it is past and the card is not done."""
    if card.due is None:
        return ""
    late = card.due < today and not card.done and card.deleted_at is None
    return f"{card.due.isoformat()}{' overdue' if late else ''}"


def time_text(card: rb.Card) -> str:
    """Tracked (with the children's for a parent) against the estimate: ``1:30/4:00``."""
    seconds = card.subtree_seconds if card.children_total else card.tracked_seconds
    tracked = format_duration(seconds) if seconds or card.estimate_minutes else ""
    if card.estimate_minutes is None:
        return tracked + (" ▶" if card.running else "")
    shown = f"{tracked}/{format_duration(card.estimate_minutes * 60)}"
    return shown + (" ▶" if card.running else "")


def blocked_text(card: rb.Card) -> str:
    return "by " + ",".join(f"#{i}" for i in card.blocked_by) if card.blocked_by else ""


def _list_cells(card: rb.Card, today: dt.date) -> list[str]:
    title = card.title
    if card.children_total:
        title = f"{title} [{card.children_done}/{card.children_total}]"
    marks = " (deleted)" if card.deleted_at else " (archived)" if card.archived else ""
    return [f"#{card.id}", card.type, visible(cut(title)) + marks, visible(card.column),
            visible(card.lane or ""), f"P{card.priority}", due_text(card, today),
            time_text(card), blocked_text(card), visible(",".join(card.tags))]


def print_cards(cards: list[rb.Card], fmt: str, today: dt.date, *, guard: bool = True) -> None:
    """``fcc card list``'s output in ``fmt`` (table, json or csv)."""
    from fcc.tui.readout import echo

    if fmt == "json":
        # One card a line, encoded in one call of json's C encoder (an indent would take its
        # pure Python one: 4x slower over 5,000 cards). The break goes where an object ends
        # and the next card's begins: `}, {"id": ` cannot stand inside a string value, whose
        # quotes are escaped.
        text = json_text([card_row(c) for c in cards])
        echo("[]" if not cards else
             "[\n  " + text[1:-1].replace('}, {"id": ', '},\n  {"id": ') + "\n]")
        return
    if fmt == "csv":
        import csv

        from fcc.store.csvcells import guard_row

        numbers = ("id", "board_id", "priority", "estimate_minutes", "parent", "position",
                   "tracked_seconds", "subtree_seconds", "children_done", "children_total",
                   "rate")
        writer = csv.DictWriter(TerminalText(sys.stdout), fieldnames=list(CARD_FIELDS),
                                lineterminator="\n")
        writer.writeheader()
        for card in cards:
            row = card_row(card)
            row.update(archived="true" if row["archived"] else "false",
                       running="true" if row["running"] else "false",
                       tags=",".join(row["tags"]),
                       blocked_by=",".join(str(i) for i in row["blocked_by"]),
                       blocks=",".join(str(i) for i in row["blocks"]))
            writer.writerow(guard_row(row, numbers, formulas=guard))
        return
    if not cards:
        echo("no cards")
        return
    from itertools import groupby

    from fcc.tui.plaintable import Output, table

    out = Output()
    lines: list[str] = []
    for board, group in groupby(cards, key=lambda c: (c.board_id, c.board)):
        rows = [_list_cells(c, today) for c in group]
        keep = _narrow(out.width, rows)
        lines += table(out, [LIST_HEADS[i] for i in keep], [[r[i] for i in keep] for r in rows],
                       rights=[LIST_RIGHTS[i] for i in keep],
                       wraps=[LIST_WRAPS[i] for i in keep] if len(keep) == len(LIST_HEADS)
                       else [LIST_HEADS[i] in NARROW_WRAPS for i in keep],
                       title=visible(f"board {board[1]}: {len(rows)} card"
                                     f"{'' if len(rows) == 1 else 's'}"))
    out.write(lines)


LIST_RIGHTS = (True, False, False, False, False, False, False, True, False, False)
LIST_WRAPS = (False, False, False, True, True, False, False, False, True, True)
# On a terminal too narrow for the whole table (80 columns with due dates, lanes and tags),
# these go, in this order, rather than break every column name into pieces: first those no
# card of the table fills, then the least needed. JSON and CSV keep every field.
NARROW_DROPS = ("tags", "type", "lane", "time", "due", "blocked")
NARROW_WRAPS = ("title", "column", "lane", "tags")  # the title first, being the widest
TITLE_LEAST = 20  # a title may wrap down to this many cells, no narrower


def _narrow(width: int | None, rows: list[list[str]]) -> list[int]:
    """The indexes of :data:`LIST_HEADS` to show within ``width`` cells (None: all)."""
    from fcc.tui.plaintable import cell_width

    keep = list(range(len(LIST_HEADS)))
    natural = [max([cell_width(LIST_HEADS[i])] + [cell_width(r[i]) for r in rows])
               for i in keep]
    title = LIST_HEADS.index("title")

    def fits(shown: list[int]) -> bool:
        least = sum(min(natural[i], TITLE_LEAST) if i == title else natural[i] for i in shown)
        return least <= width - 3 * len(shown) - 1 if width is not None else True

    if width is None or sum(natural) <= width - 3 * len(keep) - 1:
        return keep
    drops = [LIST_HEADS.index(h) for h in NARROW_DROPS]
    empty = [i for i in drops if all(not r[i] for r in rows)]
    keep = [i for i in keep if i not in empty]
    for i in drops:
        if fits(keep):
            break
        if i in keep:
            keep.remove(i)
    return keep


# --- fcc card show ---------------------------------------------------------------------------


def detail_json(detail: rb.CardDetail, zone: str) -> dict[str, Any]:
    """``fcc card show --format json``: the card's fields and its detail."""
    def dep(d: rb.Dependency) -> dict[str, Any]:
        return {"blocker": d.blocker_id, "blocker_title": d.blocker_title,
                "blocked": d.blocked_id, "blocked_title": d.blocked_title,
                "created_at": _z(d.created_at)}

    return {
        **card_row(detail.card),
        "children": [{"id": c.id, "type": c.type, "title": c.title, "column": c.column,
                      "done": c.done} for c in detail.children],
        "blockers": [dep(d) for d in detail.blockers],
        "blocking": [dep(d) for d in detail.blocking],
        "comments": [{"id": c.id, "author": c.author, "body": c.body,
                      "created_at": _z(c.created_at), "updated_at": _z(c.updated_at)}
                     for c in detail.comments],
        "entries": list(detail.entry_ids),
        "history": [{"at": _z(h.at), "actor": h.actor, "entity": h.entity, "action": h.action,
                     "before": h.before, "after": h.after} for h in detail.history],
    }


SKIP_FIELDS = {"id", "uuid", "updated_at", "created_at", "board_id", "position", "deleted_by"}
ID_NAMES = {"column_id": "column", "lane_id": "lane", "sprint_id": "sprint",
            "parent_id": "parent", "project_id": "project", "work_item_id": "card",
            "blocker_id": "blocker", "blocked_id": "blocked", "estimate_minutes": "estimate",
            "hourly_rate": "rate", "due_date": "due"}


def _value(key: str, value: object, names: dict[str, dict[int, str]]) -> str:
    if value is None or value == "" or value == []:
        return "none"
    if key in ("parent_id", "work_item_id", "blocker_id", "blocked_id"):
        return f"#{value}"
    table = names.get(key)
    if table is not None and isinstance(value, int):
        return table.get(value, f"#{value}")
    if key == "estimate_minutes" and isinstance(value, int):
        return format_duration(value * 60)
    if key == "tags" and isinstance(value, str) and value.startswith("["):
        import json

        try:
            value = ", ".join(str(tag) for tag in json.loads(value)) or "none"
        except ValueError:
            pass
    text = " ".join(str(value).split())
    return text if len(text) <= 60 else text[:59] + "…"


def history_text(line: rb.HistoryLine, names: dict[str, dict[int, str]]) -> str:
    """One logged change, readable: ``column: Backlog → Doing; priority: 2 → 1``."""
    before, after = line.before or {}, line.after or {}
    what = {"work_item": "card", "comment": "comment", "dependency": "dependency"}.get(
        line.entity, line.entity)
    if line.entity == "dependency":
        row = after or before
        ends = not after or line.action in ("delete", "unblock")
        return (f"{'unblocked' if ends else 'blocked'}: #{row.get('blocker_id')} "
                f"{'no longer blocks' if ends else 'blocks'} #{row.get('blocked_id')}")
    if line.entity == "comment" and (not before or not after):
        row = after or before
        return f"comment {line.action}: {_value('body', row.get('body'), names)}"
    if line.entity == "work_item" and after and not before:
        where = _value("column_id", after.get("column_id"), names)
        lane = after.get("lane_id")
        return f"{what} {line.action}: in {where}" + (
            f" · lane {_value('lane_id', lane, names)}" if lane is not None else "")
    if not before or not after:
        return f"{what} {line.action}"
    if "deleted_at" in after and before.get("deleted_at") != after.get("deleted_at"):
        return f"{what} {'restored' if after.get('deleted_at') is None else 'deleted'}"
    changes = [f"{ID_NAMES.get(k, k)}: {_value(k, before.get(k), names)} → "
               f"{_value(k, after.get(k), names)}"
               for k in after if k not in SKIP_FIELDS and before.get(k) != after.get(k)]
    return f"{what} {line.action}: " + ("; ".join(changes) if changes else "no visible change")


def print_detail(detail: rb.CardDetail, names: dict[str, dict[int, str]], zone: str,
                 today: dt.date) -> None:
    """``fcc card show``: the card, its description, progress, dependencies, comments and
    history, every line through :func:`visible`."""
    from fcc.tui.readout import echo

    c = detail.card
    lines = [f"#{c.id} {c.type}  {c.title}"]
    state = " (deleted)" if c.deleted_at else " (archived)" if c.archived else \
        " (done)" if c.done else ""
    where = f"board {c.board} · {c.column}" + (f" · lane {c.lane}" if c.lane else "")
    lines.append(where + state)
    facts = [f"priority P{c.priority}"]
    if c.project:
        facts.append(f"project {c.project}")
    if c.hourly_rate is not None:
        facts.append(f"rate {c.hourly_rate}")
    if c.due is not None:
        facts.append(f"due {due_text(c, today)}")
    if c.sprint:
        facts.append(f"sprint {c.sprint}")
    if c.parent_id:
        facts.append(f"parent #{c.parent_id}")
    if c.tags:
        facts.append("tags " + ", ".join(c.tags))
    lines.append("   ".join(facts))
    tracked = f"tracked {format_duration(c.tracked_seconds)}"
    if c.estimate_minutes is not None:
        tracked += f" of {format_duration(c.estimate_minutes * 60)} estimated"
        if c.estimate_minutes:
            tracked += f" ({round(100 * c.tracked_seconds / (c.estimate_minutes * 60))}%)"
    if c.running:
        tracked += ", a timer runs on it"
    lines.append(tracked)
    if c.children_total:
        lines.append(f"children: {c.children_done}/{c.children_total} done, "
                     f"{format_duration(c.subtree_seconds)} with theirs")
        lines += [f"  #{k.id} {k.type} {cut(k.title, 60)} [{k.column}]"
                  + (" done" if k.done else "") for k in detail.children]
    for label, deps, key in (("blocked by", detail.blockers, "blocker"),
                             ("blocks", detail.blocking, "blocked")):
        if deps:
            lines.append(f"{label}:")
            for d in deps:
                other = d.blocker_id if key == "blocker" else d.blocked_id
                title = d.blocker_title if key == "blocker" else d.blocked_title
                open_ = " (open)" if key == "blocker" and other in c.blocked_by else ""
                lines.append(f"  #{other} {cut(title, 60)}{open_}")
    if c.description.strip():
        lines += ["", "description:"] + ["  " + row for row in c.description.splitlines()]
    if detail.comments:
        lines += ["", "comments:"]
        for m in detail.comments:
            edited = " (edited)" if m.updated_at else ""
            lines.append(f"  [{m.id}] {format_local(m.created_at, zone)} {m.author}{edited}:")
            lines += ["    " + row for row in m.body.splitlines()]
    if detail.entry_ids:
        lines += ["", "time entries: " + ", ".join(str(n) for n in detail.entry_ids)]
    if detail.history:
        lines += ["", "history:"]
        lines += [f"  {format_local(h.at, zone)}  {h.actor}  {history_text(h, names)}"
                  for h in detail.history]
    for line in lines:
        echo(visible(line))
