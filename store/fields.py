"""Column types shared by the live tables and the frozen migration copies.

Instants are stored as whole seconds since the epoch in UTC (BIGINT on both backends):
sums of durations stay in SQL, comparisons are exact and no driver reinterprets a zone.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import peewee

from fcc.store.limits import utc_from_epoch

UTC = dt.UTC


class UtcField(peewee.BigIntegerField):
    """An aware ``datetime`` in Python, epoch seconds (UTC) in the database."""

    def db_value(self, value: Any) -> Any:
        if value is None:
            return None
        if isinstance(value, dt.datetime):
            if value.tzinfo is None:
                raise ValueError(f"{self.name}: expected an aware datetime, got a naive one")
            return int(value.timestamp())
        return value  # already an int, or an SQL expression

    def python_value(self, value: Any) -> Any:
        return utc_from_epoch(value)

