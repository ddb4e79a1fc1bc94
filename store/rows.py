"""A peewee query's rows in the shape asked for.

peewee's own types say a ``ModelSelect[M]`` yields ``M`` whatever ``.tuples()`` or ``.dicts()``
turned its rows into; these helpers state the shape once, so callers stay type-checked."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, cast

import peewee as pw


def tuples(query: pw.BaseQuery) -> Iterator[tuple[Any, ...]]:
    """The rows as tuples, in the order the query selects the columns."""
    return iter(cast("Iterator[tuple[Any, ...]]", query.tuples()))


def dicts(query: pw.BaseQuery) -> Iterator[dict[str, Any]]:
    """The rows as dicts keyed by column name or alias."""
    return iter(cast("Iterator[dict[str, Any]]", query.dicts()))


def one_tuple(query: pw.SelectBase) -> tuple[Any, ...]:
    """The first row as a tuple; ``DoesNotExist`` when there is none."""
    return cast("tuple[Any, ...]", query.tuples().get())


def one_dict(query: pw.SelectBase) -> dict[str, Any]:
    """The first row as a dict; ``DoesNotExist`` when there is none."""
    return cast("dict[str, Any]", query.dicts().get())
