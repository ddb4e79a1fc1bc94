"""Billing rules: how raw seconds become billed seconds, and billed seconds become money.

Pure functions, no database. A rule is ``none`` or a unit of 1/6/15/30 minutes, a direction
(up / nearest / down) and a scope: each entry rounded on its own, or each project's day.
Money is always computed from billed time, per billing cell, and quantized to the cent with
ROUND_HALF_UP, so a report's total is exactly the sum of its lines.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from fcc.store.errors import InvalidInput
from fcc.store.money import CENT
from fcc.store.values import Value

TYPE_CHECKING = False  # typing is not imported at run time: fcc start/stop load this module
if TYPE_CHECKING:
    from typing import Literal

    Mode = Literal["up", "nearest", "down"]
    Scope = Literal["entry", "day"]
UNITS = (0, 1, 6, 15, 30)
MODES: tuple[Mode, ...] = ("up", "nearest", "down")
SCOPES: tuple[Scope, ...] = ("entry", "day")
EXAMPLE = ("none, or MINUTES[:up|nearest|down[:entry|day]] with MINUTES 1, 6, 15 or 30, "
           "e.g. 15:up:entry")


class Rounding(Value):
    __slots__ = ("minutes", "mode", "scope")
    minutes: int
    mode: Mode
    scope: Scope

    def __init__(self, minutes: int = 0, mode: Mode = "nearest", scope: Scope = "entry") -> None:
        self._set(minutes=minutes, mode=mode, scope=scope)

    @property
    def unit(self) -> int:
        """The rounding unit in seconds; 0 means no rounding."""
        return self.minutes * 60

    def apply(self, seconds: int) -> int:
        return round_seconds(seconds, self.unit, self.mode)

    def __str__(self) -> str:
        if not self.minutes:
            return "none"
        return f"{self.minutes}:{self.mode}:{self.scope}"


NONE = Rounding()


def round_seconds(seconds: int, unit: int, mode: str) -> int:
    """Integer rounding of ``seconds`` to a multiple of ``unit`` (half rounds up)."""
    if unit <= 0 or seconds <= 0:
        return max(seconds, 0)
    if mode == "up":
        return -(-seconds // unit) * unit
    if mode == "down":
        return seconds // unit * unit
    return (seconds + unit // 2) // unit * unit


def parse_rounding(text: str, field: str = "--rounding") -> Rounding:
    """``none`` | ``15`` | ``15:up`` | ``15:up:day`` (also ``15m``, spaces or commas)."""
    raw = text.strip().lower()
    if raw in {"none", "off", "0", ""}:
        return NONE
    parts = [p for p in raw.replace(",", ":").replace(" ", ":").split(":") if p]
    try:
        minutes = int(parts[0].removesuffix("min").removesuffix("m"))
    except ValueError:
        raise InvalidInput(field, EXAMPLE, text) from None
    mode = parts[1] if len(parts) > 1 else "nearest"
    scope = parts[2].removeprefix("per-").removeprefix("per") if len(parts) > 2 else "entry"
    if minutes not in UNITS or mode not in MODES or scope not in SCOPES or len(parts) > 3:
        raise InvalidInput(field, EXAMPLE, text)
    return Rounding(minutes, mode, scope)


def from_columns(minutes: int | None, mode: str | None, scope: str | None) -> Rounding | None:
    """A rule stored on a client or project row; ``None`` when the row inherits."""
    if minutes is None:
        return None
    if minutes == 0:
        return NONE
    return Rounding(minutes, (mode or "nearest"), (scope or "entry"))  # type: ignore[arg-type]


def amount(billed_seconds: int, rate: Decimal | None) -> Decimal:
    """Money for billed time at an hourly rate, to the cent (half up)."""
    if rate is None or billed_seconds <= 0:
        return Decimal("0.00")
    return (Decimal(billed_seconds) * rate / Decimal(3600)).quantize(CENT, rounding=ROUND_HALF_UP)
