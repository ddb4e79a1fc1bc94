"""Validation at the boundary: what users and files may hand the store.

``parse(Model, data)`` turns the first pydantic error into a one-line :class:`InvalidInput`
that names the field and what was expected.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Annotated, Any, Literal, TypeVar

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from fcc.store.bounds import BUDGET_EXPECTED, BUDGET_MAX, parse_amount
from fcc.store.errors import InvalidInput
from fcc.store.names import encoding_problem, name_problem
from fcc.store.rounding import Rounding, parse_rounding

M = TypeVar("M", bound=BaseModel)

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _chars(value: Any) -> Any:
    """Before the model trims white space: a control character is refused wherever it is."""
    if isinstance(value, str):
        problem = name_problem(value.strip())
        if problem is not None:
            raise ValueError(problem)
    return value


def _name(value: str) -> str:
    value = _chars(value)
    value = " ".join(value.split())
    if not value:
        raise ValueError("a non-empty name")
    if "/" in value:
        raise ValueError("a name without '/' (it separates CLIENT/PROJECT)")
    return value


def _email(value: str | None) -> str | None:
    if value is None or value == "":
        return None
    if not _EMAIL.match(value) or name_problem(value) is not None:
        raise ValueError("an email address like name@example.com")
    return value


def _currency(value: str) -> str:
    value = value.strip().upper()
    if not re.fullmatch(r"[A-Z]{3}", value):
        raise ValueError("a three-letter ISO 4217 currency code like EUR or USD")
    return value


def _rate(value: object) -> Decimal | None:
    """What NUMERIC(12,2) holds (``fcc.store.bounds``): the one check of every rate."""
    if value is None:
        return None
    try:
        return parse_amount(value, "hourly_rate")
    except InvalidInput as exc:
        raise ValueError(exc.expected) from None


def _budget(value: object) -> Decimal | None:
    if value is None:
        return None
    try:
        return parse_amount(value, "budget_hours", maximum=BUDGET_MAX, expected=BUDGET_EXPECTED)
    except InvalidInput as exc:
        raise ValueError(exc.expected) from None


def _rounding(value: Any) -> Rounding | None:
    if value is None or isinstance(value, Rounding):
        return value
    if isinstance(value, str):
        return parse_rounding(value, "rounding")
    raise ValueError("a rule like none or 15:up:entry")


Name = Annotated[str, BeforeValidator(_chars), Field(max_length=200), AfterValidator(_name)]
Email = Annotated[str | None, AfterValidator(_email)]
Currency = Annotated[str, AfterValidator(_currency)]
Rate = Annotated[Decimal | None, BeforeValidator(_rate)]


class Input(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


RuleText = Annotated[Any, AfterValidator(_rounding)]
Budget = Annotated[Decimal | None, BeforeValidator(_budget)]
Status = Literal["active", "paused", "done"]


class ClientInput(Input):
    name: Name
    email: Email = None
    currency: Currency = "EUR"
    hourly_rate: Rate = None
    rounding: RuleText = None


class ProjectInput(Input):
    name: Name
    client: str | None = None
    hourly_rate: Rate = None
    budget_hours: Budget = None
    status: Status = "active"
    rounding: RuleText = None


class ClientPatch(Input):
    email: Email = None
    currency: Currency = "EUR"
    hourly_rate: Rate = None


class ProjectPatch(Input):
    hourly_rate: Rate = None
    budget_hours: Budget = None
    status: Status = "active"


def check_name(value: str, field: str = "name") -> str:
    try:
        return _name(value)[:200]
    except ValueError as exc:
        raise InvalidInput(field, str(exc), value) from None


_EXPECTED = {
    "missing": "a value",
    "extra_forbidden": "no such field",
    "decimal_parsing": "a number like 95 or 87.50",
    "decimal_type": "a number like 95 or 87.50",
    "string_type": "text",
    "string_too_long": "at most {max_length} characters",
    "literal_error": "one of {expected}",
    "greater_than_equal": "a number >= {ge}",
    "less_than_equal": "a number <= {le}",
}


def parse(model: type[M], data: dict[str, Any]) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        field = ".".join(str(p) for p in err["loc"]) or model.__name__
        kind = err["type"]
        if kind == "string_unicode":  # a lone surrogate: an argument's byte that is not UTF-8
            expected = encoding_problem(str(err.get("input"))) or "UTF-8 text"
        elif kind == "value_error":
            expected = str(err.get("ctx", {}).get("error", err["msg"]))
        else:
            template = _EXPECTED.get(kind)
            ctx = err.get("ctx", {})
            expected = template.format(**ctx) if template else err["msg"].lower()
        raise InvalidInput(field, expected, err.get("input")) from None
