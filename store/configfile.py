"""The configuration file on disk: where it is, and its rules, in the standard library only.

``fcc start``/``stop``/``status`` answer from plain ``sqlite3`` (``fcc.store.quick``) and
cannot afford pydantic, so what makes a value valid lives here, shared by both readers:
:func:`quick_overrides` (the quick paths: any doubt means "let the full command line do it")
and the pydantic model in ``fcc.store.config`` (everything else, with one-line errors).
Without a file, the quick paths pay for one ``stat`` and nothing else.
"""

from __future__ import annotations

import os
from pathlib import Path

from fcc.store.errors import InvalidInput
from fcc.store.files import Unreadable, read_regular
from fcc.store.prefs import SETTINGS, check_setting

TYPE_CHECKING = False  # typing is not imported at run time: fcc start/stop load this module
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any

    from fcc.store.records_billing import BillingSettings

TABLES: tuple[str, ...] = ("time", "tui", "keys", "seller", "invoice")
MAX_BYTES = 1 << 20  # 1 MiB: /dev/zero as the config file grew memory without bound
TIME_KEYS = tuple(SETTINGS)  # zone, week_start, forgotten_after_hours, ...
TUI_KEYS: tuple[str, ...] = ("theme",)
SELLER_KEYS: tuple[str, ...] = ("name", "address", "tax_id", "email", "bank")
INVOICE_KEYS: tuple[str, ...] = ("number_pattern", "credit_pattern", "payment_terms", "group_by")
TABLE_KEYS: dict[str, tuple[str, ...]] = {"time": TIME_KEYS, "tui": TUI_KEYS,
                                          "seller": SELLER_KEYS, "invoice": INVOICE_KEYS}
GROUPS = ("project", "card", "day")  # what an invoice's lines are grouped by
PATTERN_EXPECTED = ("a number pattern with {year} and {seq} (e.g. {seq:04} for 0001) and no "
                    "other placeholder, like '{year}-{seq:04}'")
KEYS_EXPECTED = "Textual key names like t, ctrl+q or f2,ctrl+t"
ID_EXPECTED = "a binding id like timer.toggle"
# Every binding the app lets [keys] remap, so that the file is checked whole without loading
# Textual (tests/tui/test_app.py holds it equal to fcc.tui.app.binding_ids()).
BINDING_IDS = (
    "app.quit", "app.help", "app.palette", "pane.boards", "pane.timers", "pane.plan",
    "pane.reports", "pane.invoices", "pane.history", "timer.toggle", "timer.pick", "timer.stop",
    "timers.goto", "timers.amend",
    "timers.add", "timers.split", "timers.break", "timers.void", "timers.resume", "timers.undo",
    "timers.chart", "modal.cancel", "forgotten.keep", "forgotten.discard", "picker.next",
    "picker.previous", "complete.next", "complete.previous", "complete.accept", "help.close",
    "boards.move_left", "boards.move_right", "boards.move_up", "boards.move_down", "boards.new",
    "boards.edit", "boards.open", "boards.delete", "boards.archive", "boards.undo",
    "boards.filter", "boards.switch", "boards.fold", "boards.lanes", "boards.left", "boards.right",
    "boards.up", "boards.down", "boards.home", "boards.end", "boards.filter_clear", "card.close",
    "card.comment", "card.edit", "card.block", "card.unblock", "card.comment_edit",
    "card.comment_delete", "confirm.yes", "confirm.no", "burndown.close", "plan.toggle",
    "plan.new", "plan.edit", "plan.drop", "plan.previous", "plan.next", "plan.quota",
    "plan.review", "plan.journal", "plan.undo", "review.close", "review.next", "review.recommit",
    "review.break", "review.drop", "review.skip", "review.finish", "review.add",
    "journal.close", "journal.note", "journal.search", "journal.previous", "journal.next",
    "invoices.create", "invoices.issue", "invoices.paid", "invoices.void", "invoices.export",
    "invoices.unpaid", "invoices.overdue", "preview.close", "history.filter", "history.undo",
)
THEME_EXPECTED = "a theme name like textual-dark"


class Problem(ValueError):
    """A value the file may not hold: what was expected, what was given, and (for values
    below the field that raised it) the rest of the key's dotted path."""

    def __init__(self, expected: str, got: object, key: tuple[str, ...] = ()) -> None:
        super().__init__(f"expected {expected}, got {shown(got)}")
        self.expected = expected
        self.got = got
        self.key = key


def config_path(environ: Mapping[str, str] | None = None) -> Path:
    """``$FCC_CONFIG``, else ``config.toml`` in the user's config folder
    (``~/.config/fcc/config.toml`` on Linux)."""
    env = os.environ if environ is None else environ
    explicit = env.get("FCC_CONFIG")
    if explicit:
        return Path(explicit).expanduser()
    import platformdirs

    return platformdirs.user_config_path("fcc", appauthor=False) / "config.toml"


def read_text(path: Path) -> str | None:
    """The file's text; None when there is no file. Raises ``OSError``, ``UnicodeDecodeError``
    or :class:`Unreadable`: only a regular file of at most 1 MiB is read (see
    ``fcc.store.files``)."""
    raw = read_regular(path, MAX_BYTES)
    return None if raw is None else raw.decode("utf-8-sig")  # (a BOM is harmless)


def parse_toml(text: str) -> dict[str, Any]:
    """``tomllib.loads``; a value nested thousands deep raised RecursionError from tomllib
    (and ints of thousands of digits ValueError): both are :class:`Unreadable`."""
    import tomllib

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        raise
    except RecursionError:
        raise Unreadable("not valid TOML: values nested too deeply") from None
    except ValueError:  # "Exceeds the limit (4300 digits) for integer string conversion"
        raise Unreadable("not valid TOML: a number of thousands of digits") from None


# --- values ----------------------------------------------------------------------------------


def time_value(key: str, value: object) -> str:
    """A ``[time]`` value as the string the settings table stores (``true``, ``8.5``),
    checked by ``prefs.check_setting`` like ``fcc config KEY VALUE``."""
    expected = SETTINGS[key][0]
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, int | float):
        text = str(value)
    elif isinstance(value, str):
        text = value.strip()
    else:
        raise Problem(expected, value)
    try:
        check_setting(key, text)
    except InvalidInput:
        raise Problem(expected, value) from None
    return text


def seller_value(key: str, value: object) -> str:
    """A ``[seller]`` value: the name, tax id and email one line each, the address and bank
    details lines (``\\n`` between them)."""
    from fcc.store.names import clean_line, clean_lines

    try:
        if key in ("address", "bank"):
            return clean_lines(value, 500, "an address" if key == "address" else
                               "bank details (IBAN, BIC, bank)")
        if key == "email":
            text = clean_line(value, 320, "an email address like name@example.com")
            if text and (text.count("@") != 1 or "." not in text.split("@")[1]
                         or " " in text):
                raise ValueError("an email address like name@example.com")
            return text
        return clean_line(value, 64 if key == "tax_id" else 200,
                          "a tax id like DE123456789" if key == "tax_id" else "a name")
    except ValueError as exc:
        raise Problem(str(exc), value) from None


def pattern_value(value: object) -> str:
    """An invoice number pattern: ``{year}`` and ``{seq}`` (with a format spec such as
    ``{seq:04}``) and nothing else in braces; the number it makes is one line of at most 64
    characters (what the column holds)."""
    import string

    if not isinstance(value, str):
        raise Problem(PATTERN_EXPECTED, value)
    try:
        fields = [(name, conversion) for _, name, _, conversion in
                  string.Formatter().parse(value) if name is not None]
        sample = value.format(year=2026, seq=1)
        longest = value.format(year=9999, seq=99999)
    except (ValueError, KeyError, IndexError, AttributeError):
        raise Problem(PATTERN_EXPECTED, value) from None
    names = {name for name, _ in fields}
    if names != {"year", "seq"} or any(conversion for _, conversion in fields):
        raise Problem(PATTERN_EXPECTED, value)
    from fcc.store.names import name_problem

    if not sample.strip() or name_problem(sample) is not None or len(longest) > 64:
        raise Problem(PATTERN_EXPECTED + ", making numbers of at most 64 characters "
                      "without control characters", value)
    return value


def invoice_value(key: str, value: object) -> str | int:
    """An ``[invoice]`` value: a number pattern, payment terms in days, a line grouping."""
    if key in ("number_pattern", "credit_pattern"):
        return pattern_value(value)
    if key == "payment_terms":
        from fcc.store.bounds import TERMS_EXPECTED, parse_terms

        if isinstance(value, str):  # a TOML integer, not text
            raise Problem(TERMS_EXPECTED, value)
        try:
            return parse_terms(value, key)
        except InvalidInput:
            raise Problem(TERMS_EXPECTED, value) from None
    if not isinstance(value, str) or value.strip().lower() not in GROUPS:
        raise Problem("one of " + ", ".join(GROUPS), value)
    return value.strip().lower()


def distinct_patterns(number: str, credit: str) -> None:
    """Invoices and credit notes are numbered apart: their patterns must never make the same
    number (both are unique in one column)."""
    if number.format(year=2026, seq=1) == credit.format(year=2026, seq=1):
        raise Problem("a credit_pattern that makes other numbers than number_pattern, like "
                      "'CN-{year}-{seq:04}'", credit, ("credit_pattern",))


def theme_value(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise Problem(THEME_EXPECTED, value)
    return value.strip()


def key_names(value: object, binding: str = "") -> str:
    """``"f2, ctrl+t"`` or ``["f2", "ctrl+t"]`` -> ``"f2,ctrl+t"``: non-empty names without
    spaces, and no empty part around a ``+``."""
    key = (binding,) if binding else ()
    if isinstance(value, list):
        if not value or not all(isinstance(v, str) for v in value):
            raise Problem(KEYS_EXPECTED, value, key)
        names = [v.strip() for v in value]
    elif isinstance(value, str):
        names = [v.strip() for v in value.split(",")]
    else:
        raise Problem(KEYS_EXPECTED, value, key)
    for name in names:
        if not name or any(c.isspace() for c in name) or (
                len(name) > 1 and "" in name.split("+")):
            raise Problem(KEYS_EXPECTED, value, key)
    return ",".join(names)


def key_table(value: object) -> dict[str, str]:
    """``[keys]``: binding id -> key names. ``"timer.toggle" = "t"`` and the unquoted
    ``timer.toggle = "t"`` (which TOML reads as a nested table) mean the same."""
    if not isinstance(value, dict):
        raise Problem("a table of binding ids and keys", value)
    out: dict[str, str] = {}
    for binding, keys in _flatten(value, ()):
        name = ".".join(binding)
        if any(not part or any(c.isspace() for c in part) for part in binding):
            raise Problem(ID_EXPECTED, name, binding)
        if name not in BINDING_IDS:
            raise Problem("a binding id, one of " + ", ".join(BINDING_IDS), name, binding)
        out[name] = key_names(keys, name)
    return out


def _flatten(table: dict[str, Any], prefix: tuple[str, ...]) -> list[tuple[tuple[str, ...], Any]]:
    items: list[tuple[tuple[str, ...], Any]] = []
    for key, value in table.items():
        if isinstance(value, dict):
            items.extend(_flatten(value, (*prefix, key)))
        else:
            items.append(((*prefix, key), value))
    return items


def shown(value: object) -> str:
    """A value as the file spells it, for messages: 'funday', true, 8.5, an array."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        text = repr(value)
        return text if len(text) <= 60 else text[:57] + "..."
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "an array"
    text = repr(value) if isinstance(value, float) else str(value)
    return text if len(text) <= 60 else text[:57] + "..."


# --- the quick paths -------------------------------------------------------------------------


def app_settings(environ: Mapping[str, str] | None = None) -> tuple[dict[str, str], str | None]:
    """The file's ``[keys]`` and ``[tui] theme`` for the app; without a file, ({}, None) and
    pydantic is not imported (~0.2 s). A bad file raises ``ConfigError``."""
    if not config_path(environ).exists():
        return {}, None
    from fcc.store.config import load_config

    config = load_config(environ=environ)
    return config.keys, config.tui.theme


def billing_settings(environ: Mapping[str, str] | None = None) -> BillingSettings:
    """The file's ``[seller]`` and ``[invoice]`` tables (the defaults without a file, and then
    pydantic is not imported). A bad file raises ``ConfigError``."""
    from fcc.store.records_billing import BillingSettings

    if not config_path(environ).exists():
        return BillingSettings()
    from fcc.store.config import load_config

    return load_config(environ=environ).billing()


def quick_overrides(environ: Mapping[str, str] | None = None) -> dict[str, str] | None:
    """The ``[time]`` settings of the config file for ``fcc start``/``stop``/``status``:
    ``{}`` without a file, None if anything at all is wrong with it (the full command line,
    which reads the same file, then says what)."""
    path = config_path(environ)
    if not os.path.exists(path):
        return {}
    try:
        text = read_text(path)
        if text is None:
            return {}
        data = parse_toml(text)
        if any(name not in TABLES or not isinstance(table, dict)
               for name, table in data.items()):
            return None
        for name, table in data.items():
            if name in TABLE_KEYS and any(key not in TABLE_KEYS[name] for key in table):
                return None
        tui = data.get("tui", {})
        if "theme" in tui:
            theme_value(tui["theme"])
        key_table(data.get("keys", {}))
        for key, value in data.get("seller", {}).items():
            seller_value(key, value)
        invoice = data.get("invoice", {})
        for key, value in invoice.items():
            invoice_value(key, value)
        from fcc.store.records_billing import DEFAULT_CREDIT_PATTERN, DEFAULT_NUMBER_PATTERN

        distinct_patterns(invoice.get("number_pattern", DEFAULT_NUMBER_PATTERN),
                          invoice.get("credit_pattern", DEFAULT_CREDIT_PATTERN))
        time = data.get("time", {})
        return {key: time_value(key, value) for key, value in time.items()}
    except Exception:  # unreadable, not TOML, a bad value: the full path reports
        return None
