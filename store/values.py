"""A small immutable value base for the settings records on the quick command-line paths.

``dataclasses`` pulls in ``inspect`` (and with it ``ast``, ``dis``, ``tokenize``): ~17 ms of
imports that ``fcc start``/``stop``/``status`` should not pay for. Subclasses list their
fields in ``__slots__`` and set them in ``__init__`` through :meth:`_set`.
"""

from __future__ import annotations


class Value:
    """Immutable, compared and hashed by its fields (in ``__slots__`` order)."""

    __slots__: tuple[str, ...] = ()

    def _set(self, **fields: object) -> None:
        for name, value in fields.items():
            object.__setattr__(self, name, value)

    def _fields(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash((type(self).__name__, self._fields()))

    def __repr__(self) -> str:
        args = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"{type(self).__name__}({args})"
