"""The few differences between SQLite and PostgreSQL that the SQL core needs to know.

A plain class, not a dataclass: the quick paths import this and ``dataclasses`` costs ms."""

from __future__ import annotations


class Dialect:
    """``name`` is ``"sqlite"`` or ``"postgres"``. Queries in the core are written with
    ``?`` placeholders; :meth:`sql` turns them into the driver's style (``%s`` for psycopg,
    whose literal ``%`` must then be doubled)."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"Dialect({self.name!r})"

    @property
    def postgres(self) -> bool:
        return self.name == "postgres"

    @property
    def param(self) -> str:
        return "%s" if self.postgres else "?"

    def sql(self, text: str) -> str:
        """``text`` (``?`` placeholders) in this driver's parameter style."""
        if not self.postgres:
            return text
        return text.replace("%", "%%").replace("?", "%s")


SQLITE = Dialect("sqlite")
POSTGRES = Dialect("postgres")


def of_connection(conn: object) -> Dialect:
    """The dialect of a DB-API connection (sqlite3's or psycopg's), without importing either."""
    module = type(conn).__module__
    return SQLITE if module.startswith("sqlite3") else POSTGRES
