"""``record``: the frozen, keyword-only record classes of ``fcc.store.records``, without
``dataclasses``.

Importing ``dataclasses`` (it pulls in ``inspect``) and building a dataclass cost a few
milliseconds per command, which the quick paths (``fcc status``, ``fcc log``, ``fcc report``)
should not pay for records they only fill and read. A record here is what those records need
of a dataclass: an ``__init__`` taking every field by keyword (fields with a default after it
in the class body may be left out), ``__eq__`` and ``__hash__`` over the fields, a ``__repr__``,
and no assignment after ``__init__`` (:class:`dataclasses.FrozenInstanceError`, as a frozen
dataclass raises). :func:`fields_of`, :func:`replace` and :func:`as_plain_dict` stand in for
``dataclasses.fields``, ``replace`` and ``asdict``.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing is not imported at run time
if TYPE_CHECKING:
    from typing import Any, TypeVar

    _T = TypeVar("_T")

_MISSING = object()


def _frozen(self: object, name: str, value: object = None) -> None:
    import dataclasses

    raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")


def _eq(self: Any, other: object) -> bool:
    if other.__class__ is not self.__class__:
        return NotImplemented
    return self.__dict__ == other.__dict__


def _hash(self: Any) -> int:
    return hash(tuple(self.__dict__[name] for name in self.__record_fields__))


def _repr(self: Any) -> str:
    shown = ", ".join(f"{name}={self.__dict__[name]!r}" for name in self.__record_fields__)
    return f"{type(self).__qualname__}({shown})"


def record(cls: type[_T]) -> type[_T]:
    """``cls`` (with annotated fields) as a frozen, keyword-only record."""
    names: list[str] = []
    defaults: dict[str, object] = {}
    for klass in reversed(cls.__mro__[:-1]):
        for name in klass.__dict__.get("__annotations__", {}):
            if name not in names:
                names.append(name)
            value = klass.__dict__.get(name, _MISSING)
            if value is not _MISSING:
                defaults[name] = value
    params = ", ".join(f"{n}=__defaults[{n!r}]" if n in defaults else n for n in names)
    body = "".join(f"\n    __d[{n!r}] = {n}" for n in names) or "\n    pass"
    source = f"def __init__(self, *, {params}):\n    __d = self.__dict__{body}\n"
    scope: dict[str, Any] = {"__defaults": defaults}
    exec(source, scope)  # code built from the class's own field names
    init = scope["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    members = {"__init__": init, "__record_fields__": tuple(names), "__eq__": _eq,
               "__hash__": _hash, "__repr__": _repr, "__setattr__": _frozen,
               "__delattr__": _frozen}
    for name, member in members.items():
        setattr(cls, name, member)
    return cls


def fields_of(value: object) -> tuple[str, ...]:
    """The record's field names, in order."""
    found: tuple[str, ...] = getattr(value, "__record_fields__")  # noqa: B009 - a class member
    return found


def replace(value: _T, **changes: Any) -> _T:
    """A copy of the record ``value`` with ``changes``."""
    current = {name: value.__dict__[name] for name in fields_of(value)}
    return type(value)(**{**current, **changes})


def as_plain_dict(value: Any) -> Any:
    """``dataclasses.asdict`` for records: records, lists, tuples and dicts copied deeply."""
    if hasattr(type(value), "__record_fields__"):
        return {name: as_plain_dict(value.__dict__[name]) for name in fields_of(value)}
    if isinstance(value, list | tuple):
        return type(value)(as_plain_dict(item) for item in value)
    if isinstance(value, dict):
        return {as_plain_dict(k): as_plain_dict(v) for k, v in value.items()}
    return value
