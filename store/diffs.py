"""The activity log's values made readable: what a logged row is called (:func:`label`) and
which of its fields a change changed, before -> after (:func:`field_changes`).

Everything comes from the values the log kept (a deleted card, a merged client or a voided
entry is named as it was), never from live rows. Values are shown as people read them: money
with its currency, instants (ISO 8601 or epoch seconds) as local times in the user's zone,
booleans as yes/no, lists comma-separated; text stays data (the front ends escape it).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from fcc.store.limits import utc_from_epoch
from fcc.store.money import money
from fcc.store.records_history import FieldChange
from fcc.store.when import format_local

# What users call each logged table (the activity's ``entity``).
KINDS = {
    "time_entry": "entry", "work_item": "card", "board": "board", "board_column": "column",
    "swim_lane": "lane", "sprint": "sprint", "dependency": "dependency", "comment": "comment",
    "vision": "vision", "cycle": "cycle", "goal": "goal", "measure": "measure",
    "measure_value": "measure value", "tactic": "tactic", "weekly_plan": "week",
    "plan_item": "plan item", "journal_session": "journal", "journal_message": "journal note",
    "client": "client", "project": "project", "setting": "setting", "approval": "approval",
    "invoice": "invoice", "workspace": "workspace",
}
PLAN = ("vision", "cycle", "goal", "measure", "measure_value", "tactic", "weekly_plan",
        "plan_item", "journal_session", "journal_message")
BOARD = ("board", "board_column", "swim_lane", "sprint", "dependency", "comment")
# ``--entity`` words that name several tables (each kind in KINDS names its own too).
GROUPS = {"entry": ("time_entry",), "card": ("work_item",), "plan": PLAN, "board": BOARD,
          "journal": ("journal_session", "journal_message")}
# Fields that are bookkeeping, not what a person changed (shown on a create or delete only
# when nothing else is there; never in an update's diff).
NOISE = frozenset({"id", "uuid", "created_at", "updated_at", "superseded_by", "entry_no", "no"})
MONEY = frozenset({"rate", "hourly_rate", "subtotal", "tax", "total", "amount", "raw_amount"})
PERCENT = frozenset({"tax_rate"})
EMPTY = "—"


def tables_for(word: str) -> tuple[str, ...] | None:
    """The logged tables an ``--entity`` word names (a friendly name, a group or a table);
    None when it names none."""
    key = word.strip().lower().replace("-", "_")
    if key in GROUPS:
        return GROUPS[key]
    spaced = key.replace("_", " ")
    found = tuple(table for table, kind in KINDS.items() if kind == spaced)
    if found:
        return found
    return (key,) if key in KINDS else None


def entity_words() -> list[str]:
    return sorted({*GROUPS, *(k.replace(" ", "_") for k in KINDS.values())})


def kind_of(entity: str) -> str:
    return KINDS.get(entity, entity.replace("_", " "))


def label(entity: str, entity_id: str, values: dict[str, Any] | None) -> str:
    """What a logged row is, in words, from its logged values: ``entry 12 (Acme/Website)``,
    ``card #4 Fix login``, ``invoice 2026-0003``, ``client Acme``..."""
    v = values or {}
    kind = kind_of(entity)
    if entity == "time_entry":
        where = f" ({v['project']})" if v.get("project") else ""
        return f"entry {v.get('no') or entity_id}{where}"
    if entity == "work_item":
        return f"card #{entity_id} {v.get('title') or ''}".rstrip()
    if entity == "dependency":
        blocker, _, blocked = entity_id.partition(">")
        return f"dependency #{blocker} blocks #{blocked}"
    if entity == "comment":
        return f"comment on card #{v.get('work_item_id', '?')}"
    if entity == "invoice":
        what = "credit note" if v.get("kind") == "credit" else "invoice"
        return f"{what} {v['number']}" if v.get("number") else f"draft invoice {entity_id}"
    if entity == "approval":
        client = v.get("client") or v.get("client_name")
        period = (f" {v['period_start']} to {v['period_end']}"
                  if v.get("period_start") and v.get("period_end") else "")
        return f"approval {entity_id}" + (f" ({client},{period})" if client else period)
    if entity == "weekly_plan":
        return f"week {v['week']} plan" if v.get("week") else f"week plan {entity_id}"
    if entity == "project" and v.get("client_name"):
        return f"project {v['client_name']}/{v.get('name', '')}"
    if entity == "cycle" and not v.get("name") and v.get("start_date"):
        return f"cycle from {str(v['start_date'])[:10]}"
    if entity == "measure_value":
        return f"measure {v.get('measure_id', '?')} week {v.get('week', '?')}"
    for key in ("title", "name", "number", "key"):
        if v.get(key):
            return f"{kind} {v[key]}"
    return f"{kind} {entity_id}"


def field_changes(before: dict[str, Any] | None, after: dict[str, Any] | None,
                  zone: str) -> tuple[FieldChange, ...]:
    """The fields that differ (a create: every field it set; a delete: every field it had),
    readable, sorted by name; ids of rows a name is logged beside are left out."""
    keys = sorted({*(before or {}), *(after or {})})
    shown = []
    for key in keys:
        if key in NOISE or _named_beside(key, before or after or {}):
            continue
        old = None if before is None else before.get(key)
        new = None if after is None else after.get(key)
        if before is not None and after is not None and old == new:
            continue
        if (before is None or after is None) and _blank(old if after is None else new):
            continue  # a create or delete lists what the row held, not its empty fields
        currency = ((after or {}).get("currency") or (before or {}).get("currency"))
        shown.append(FieldChange(
            field=key,
            before=None if before is None else readable(key, old, zone, currency),
            after=None if after is None else readable(key, new, zone, currency),
            old=old, new=new))
    return tuple(shown)


def _named_beside(key: str, values: dict[str, Any]) -> bool:
    """``project_id`` beside ``project``, ``client_id`` beside ``client_name``..."""
    if not key.endswith("_id"):
        return False
    stem = key[:-3]
    return stem in values or f"{stem}_name" in values


def _blank(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == "[]" or value is False


def readable(key: str, value: Any, zone: str, currency: str | None = None) -> str:
    """One logged value as people read it."""
    if value is None or value == "" or value == []:
        return EMPTY
    if isinstance(value, bool):
        return "yes" if value else "no"
    if key in MONEY:
        try:
            amount = str(money(value))
        except (ArithmeticError, ValueError):  # not a number after all: as it was logged
            amount = str(value)
        return f"{amount} {currency}" if currency else amount
    if key in PERCENT:
        return f"{value} %"
    if _instant_key(key):
        instant = _instant(value)
        if instant is not None:
            return format_local(instant, zone)
    if key == "tags" and isinstance(value, str) and value.startswith("["):
        try:
            value = json.loads(value)
        except ValueError:
            return value
    if isinstance(value, str) and value.startswith("{"):  # a party's snapshot, as JSON
        try:
            value = json.loads(value)
        except ValueError:
            return value
    if isinstance(value, list):
        return ", ".join(_item(item) for item in value) or EMPTY
    if isinstance(value, dict):
        return _item(value)
    return str(value)


def _item(value: Any) -> str:
    """A nested value: an amount with its currency (an invoice's line, an approval's total),
    a party by its name, else as JSON."""
    if not isinstance(value, dict):
        return str(value)
    if "amount" in value and "currency" in value:
        return f"{value['amount']} {value['currency']}"
    if value.get("name"):
        return str(value["name"])
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _instant_key(key: str) -> bool:
    return key.endswith(("_at", "_utc")) or key in ("start", "end", "at")


def _instant(value: Any) -> dt.datetime | None:
    """An instant from what the log kept: ISO 8601 with an offset, or epoch seconds."""
    if isinstance(value, int):
        return utc_from_epoch(value)
    if isinstance(value, str) and len(value) > 10 and value[10] == "T":
        try:
            parsed = dt.datetime.fromisoformat(value)
        except ValueError:
            return None
        return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=dt.UTC)
    return None


def values_of(text: str | None) -> dict[str, Any] | None:
    """A logged side (JSON text) as a dict; something that is not a JSON object as its text."""
    if text is None:
        return None
    try:
        value = json.loads(text)
    except ValueError:
        return {"value": text}
    return value if isinstance(value, dict) else {"value": value}
