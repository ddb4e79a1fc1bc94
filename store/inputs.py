"""Validation at the boundary: what users and files may hand the store.

``parse(Model, data)`` turns the first pydantic error into a one-line :class:`InvalidInput`
that names the field and what was expected.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Annotated, Any, Literal, TypeVar

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from fcc.store.bounds import BUDGET_EXPECTED, BUDGET_MAX, parse_amount, parse_terms
from fcc.store.errors import InvalidInput
from fcc.store.names import clean_line, clean_lines, encoding_problem, name_problem
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


TAX_RATE_EXPECTED = "a tax rate in percent from 0 to 100 with at most two decimals, e.g. 19 or 7.5"
ADDRESS_MAX = 500
TAX_ID_MAX = 64


def _tax_rate(value: object) -> Decimal | None:
    if value is None:
        return None
    try:
        return parse_amount(value, "tax_rate", maximum=Decimal(100), expected=TAX_RATE_EXPECTED)
    except InvalidInput as exc:
        raise ValueError(exc.expected) from None


def _terms(value: object) -> int | None:
    if value is None:
        return None
    try:
        return parse_terms(value, "payment_terms")
    except InvalidInput as exc:
        raise ValueError(exc.expected) from None


def _address(value: object) -> str:
    return clean_lines(value, ADDRESS_MAX, "an address")


def _tax_id(value: object) -> str:
    return clean_line(value, TAX_ID_MAX, "a tax id like DE123456789")


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
TaxRate = Annotated[Decimal | None, BeforeValidator(_tax_rate)]
Terms = Annotated[int | None, BeforeValidator(_terms)]
Address = Annotated[str, BeforeValidator(_address)]
TaxId = Annotated[str, BeforeValidator(_tax_id)]


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
    address: Address = ""
    tax_id: TaxId = ""
    payment_terms: Terms = None  # days; None: the config file's [invoice] payment_terms
    tax_rate: TaxRate = None  # percent; None: no tax line
    reverse_charge: bool = False
    needs_approval: bool = False


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
    address: Address = ""
    tax_id: TaxId = ""
    payment_terms: Terms = None
    tax_rate: TaxRate = None
    reverse_charge: bool = False
    needs_approval: bool = False


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
    "bool_type": "true or false",
    "bool_parsing": "true or false",
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
