"""The TOML configuration file: this machine's settings, the TUI's theme and key bindings.

::

    [time]                      # beats the database's settings (fcc config KEY VALUE) here
    zone = "Europe/Berlin"
    week_start = "sunday"
    [tui]
    theme = "nord"
    [keys]
    "timer.toggle" = "t"
    [seller]                    # what invoices say about you
    name = "Jane Doe Consulting"
    address = "Main St 1\\n10115 Berlin"
    [invoice]
    number_pattern = "{year}-{seq:04}"
    payment_terms = 14

:func:`load_config` reads it (a missing file gives the defaults); any problem is a
:class:`ConfigError` whose one line names the file, the line, the key, what was expected and
what was given. The rules for each value live in ``fcc.store.configfile``, which the quick
``fcc start``/``stop``/``status`` paths share without importing pydantic.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from pydantic_core import ErrorDetails

from fcc.store import records_billing as rb
from fcc.store.configfile import (
    TABLE_KEYS,
    TABLES,
    Problem,
    config_path,
    distinct_patterns,
    invoice_value,
    key_table,
    parse_toml,
    read_text,
    seller_value,
    shown,
    theme_value,
    time_value,
)
from fcc.store.errors import FccError
from fcc.store.files import Unreadable

__all__ = ["Config", "ConfigError", "InvoiceTable", "KeysTable", "SellerTable", "TimeTable",
           "TuiTable", "config_path", "load_config"]


class ConfigError(FccError):
    """The config file cannot be used; ``str(err)`` is one line naming file, line and key."""

    exit_code = 2


class _Table(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TimeTable(_Table):
    """``[time]``: settings as the database's ``setting`` table stores them (strings)."""

    zone: str | None = None
    week_start: str | None = None
    forgotten_after_hours: str | None = None
    allow_parallel: str | None = None
    currency: str | None = None
    rounding: str | None = None
    min_entry_seconds: str | None = None

    @field_validator("*", mode="before")
    @classmethod
    def _setting(cls, value: object, info: Any) -> str:
        return time_value(info.field_name, value)


class TuiTable(_Table):
    """``[tui]``: the theme's name (the TUI checks it against Textual's themes)."""

    theme: str | None = None

    @field_validator("theme", mode="before")
    @classmethod
    def _theme(cls, value: object) -> str:
        return theme_value(value)


KeysTable = dict[str, str]  # binding id ("timer.toggle") -> keys ("f2,ctrl+t")


class SellerTable(_Table):
    """``[seller]``: the details every invoice prints about you."""

    name: str = ""
    address: str = ""  # lines separated by "\n"
    tax_id: str = ""
    email: str = ""
    bank: str = ""  # IBAN, BIC, bank name... (lines separated by "\n")

    @field_validator("*", mode="before")
    @classmethod
    def _seller(cls, value: object, info: Any) -> str:
        return seller_value(info.field_name, value)


class InvoiceTable(_Table):
    """``[invoice]``: how invoices are numbered, when they are due, how lines are grouped."""

    number_pattern: str = rb.DEFAULT_NUMBER_PATTERN
    credit_pattern: str = rb.DEFAULT_CREDIT_PATTERN
    payment_terms: int = rb.DEFAULT_PAYMENT_TERMS  # days, for clients without their own
    group_by: str = "project"

    @field_validator("*", mode="before")
    @classmethod
    def _invoice(cls, value: object, info: Any) -> str | int:
        return invoice_value(info.field_name, value)

    @model_validator(mode="after")
    def _apart(self) -> InvoiceTable:
        distinct_patterns(self.number_pattern, self.credit_pattern)
        return self


class Config(_Table):
    time: TimeTable = Field(default_factory=TimeTable)
    tui: TuiTable = Field(default_factory=TuiTable)
    keys: KeysTable = Field(default_factory=dict)
    seller: SellerTable = Field(default_factory=SellerTable)
    invoice: InvoiceTable = Field(default_factory=InvoiceTable)

    @field_validator("keys", mode="before")
    @classmethod
    def _keys(cls, value: object) -> dict[str, str]:
        return key_table(value)

    def setting_overrides(self) -> dict[str, str]:
        """The ``[time]`` values that are set, as setting strings (for ``Store.open``)."""
        return {k: v for k, v in self.time.model_dump().items() if v is not None}

    def billing(self) -> rb.BillingSettings:
        """The ``[seller]`` and ``[invoice]`` tables as the store's billing settings."""
        return rb.BillingSettings(
            seller=rb.Party(**self.seller.model_dump()),
            number_pattern=self.invoice.number_pattern,
            credit_pattern=self.invoice.credit_pattern,
            payment_terms=self.invoice.payment_terms, group_by=self.invoice.group_by)


def load_config(path: Path | None = None, environ: Mapping[str, str] | None = None) -> Config:
    """The configuration in ``path`` (default: :func:`config_path`); the defaults when there
    is no such file. Raises :class:`ConfigError`."""
    path = config_path(environ) if path is None else path
    try:
        text = read_text(path)
    except UnicodeDecodeError as exc:
        raise ConfigError(f"config: {path}: expected UTF-8 text, got byte "
                          f"0x{exc.object[exc.start]:02x} at offset {exc.start}") from None
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise ConfigError(f"config: {path}: cannot read it ({reason})") from None
    except Unreadable as exc:
        raise ConfigError(f"config: {path}: {exc}") from None
    if text is None:
        return Config()
    try:
        data = parse_toml(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(_syntax_error(path, str(exc), text)) from None
    except Unreadable as exc:
        raise ConfigError(f"config: {path}: {exc}") from None
    try:
        return Config.model_validate(data)
    except ValidationError as exc:
        problems = [_problem(err, text) for err in exc.errors()]
    line, key, detail = min(problems, key=lambda p: (p[0] is None, p[0] or 0))
    where = f"{path} line {line}" if line is not None else str(path)
    raise ConfigError(f"config: {where}: {key}: {detail}")


_AT = re.compile(
    r"^(?P<what>.*?) \(at (?:line (?P<line>\d+), column (?P<col>\d+)|end of document)\)$", re.S)


def _syntax_error(path: Path, message: str, text: str) -> str:
    """tomllib's "Invalid value (at line 3, column 15)" as "PATH line 3: not valid TOML:
    invalid value at column 15"."""
    message = " ".join(message.split())
    m = _AT.match(message)
    if m is None:
        return f"config: {path}: not valid TOML: {message}"
    what = m["what"][:1].lower() + m["what"][1:]
    if m["line"] is None:
        last = text.rstrip("\n").count("\n") + 1  # (tomllib counts lines by "\n" too)
        return f"config: {path} line {last}: not valid TOML: {what} at the end of the file"
    return f"config: {path} line {m['line']}: not valid TOML: {what} at column {m['col']}"


def _problem(err: ErrorDetails, text: str) -> tuple[int | None, str, str]:
    """(line, dotted key, "expected ..., got ...") for one of pydantic's errors."""
    loc = tuple(str(part) for part in err["loc"])
    kind = err["type"]
    error = err.get("ctx", {}).get("error")
    if isinstance(error, Problem):
        loc += error.key
        detail = f"expected {error.expected}, got {shown(error.got)}"
    elif kind == "extra_forbidden":
        detail = _unknown(loc, isinstance(err["input"], dict))
    elif kind in ("model_type", "model_attributes_type", "dict_type"):
        detail = f"expected a table, got {shown(err['input'])}"
    else:  # not reached with TOML input; said plainly all the same
        detail = f"expected {err['msg'].lower()}, got {shown(err['input'])}"
    return key_line(text, loc), ".".join(loc), detail


def _unknown(loc: tuple[str, ...], table: bool) -> str:
    import difflib

    if len(loc) == 1:
        tables = ", ".join(f"[{t}]" for t in TABLES)
        if not table:
            home = next((name for name, keys in TABLE_KEYS.items() if loc[0] in keys), "")
            hint = f" (did you mean to put it under [{home}]?)" if home else ""
            return f"unknown key outside the tables; expected the tables {tables}{hint}"
        known = TABLES
        detail = f"unknown table; expected one of {tables}"
    else:
        known = TABLE_KEYS[loc[0]]
        detail = f"unknown key in [{loc[0]}]; expected one of " + ", ".join(known)
    close = difflib.get_close_matches(loc[-1].lower(), known, n=1, cutoff=0.6)
    return detail + (f" (did you mean {close[0]}?)" if close else "")


# --- where a key is written ----------------------------------------------------------------

_BARE = r"[A-Za-z0-9_-]+"
_PART = rf"(?:{_BARE}|\"(?:[^\"\\]|\\.)*\"|'[^']*')"
_DOTTED = rf"{_PART}(?:\s*\.\s*{_PART})*"
_HEADER = re.compile(rf"^\[\[?\s*({_DOTTED})\s*\]\]?")
_ASSIGN = re.compile(rf"^({_DOTTED})\s*=")
_SPLIT = re.compile(_PART)


def key_line(text: str, loc: tuple[str, ...]) -> int | None:
    """The line that writes the key ``loc`` (e.g. ``("time", "week_start")``): its
    ``key = ...`` line, else its table's header, else the line of an enclosing inline
    table; None if it cannot be found (say, inside a multi-line value)."""
    want = _flat(loc)
    table: list[str] = []
    exact = inside = enclosing = None
    for number, raw in enumerate(text.split("\n"), 1):
        line = raw.strip()
        header = _HEADER.match(line)
        if header:
            table = _flat(_parts(header.group(1)))
            full = table
        else:
            assign = _ASSIGN.match(line)
            if assign is None:
                continue
            full = table + _flat(_parts(assign.group(1)))
        if full == want and (exact is None or header is None):
            exact = number
            if header is None:
                return number
        elif full[:len(want)] == want and inside is None:
            inside = number
        elif want[:len(full)] == full and header is None and enclosing is None:
            enclosing = number
    return exact or inside or enclosing


def _flat(parts: tuple[str, ...] | list[str]) -> list[str]:
    """``["keys", "timer.toggle"]`` -> ``["keys", "timer", "toggle"]``: [keys] ids read the
    same quoted or not."""
    return [piece for part in parts for piece in part.split(".")]


def _parts(dotted: str) -> list[str]:
    parts = []
    for m in _SPLIT.finditer(dotted):
        part = m.group(0)
        if part.startswith('"'):
            import json

            part = json.loads(part)  # TOML basic strings escape as JSON does (near enough)
        elif part.startswith("'"):
            part = part[1:-1]
        parts.append(part)
    return parts
