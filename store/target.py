"""Which database to open: resolved from flags and the environment, before peewee loads.

Kept free of peewee so the command line can decide (cheaply) whether the PostgreSQL driver
is needed at all.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path

from fcc.store.errors import InvalidInput

TYPE_CHECKING = False  # typing is not imported at run time (fcc status)
if TYPE_CHECKING:
    from typing import Literal

DEFAULT_WORKSPACE = "default"
_WORKSPACE = re.compile(r"^[a-z0-9][a-z0-9_]{0,39}$")
_POSTGRES_SCHEMES = {"postgres", "postgresql"}


class Target:
    """Where the database is. A plain immutable class, not a dataclass: this module is on the
    quick path of ``fcc status``, which cannot afford ``dataclasses``' imports."""

    __slots__ = ("backend", "workspace", "path", "url", "is_default_path")
    backend: Literal["sqlite", "postgres"]
    workspace: str
    path: Path | None  # SQLite file
    url: str | None  # PostgreSQL URL (may hold a password: never shown)
    is_default_path: bool

    def __init__(self, backend: Literal["sqlite", "postgres"], workspace: str,
                 path: Path | None = None, url: str | None = None,
                 is_default_path: bool = False) -> None:
        for name, value in (("backend", backend), ("workspace", workspace), ("path", path),
                            ("url", url), ("is_default_path", is_default_path)):
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"Target is immutable: cannot set {name}")

    def _key(self) -> tuple[object, ...]:
        return (self.backend, self.workspace, self.path, self.url, self.is_default_path)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Target) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return (f"Target(backend={self.backend!r}, workspace={self.workspace!r}, "
                f"path={self.path!r}, url={'<hidden>' if self.url else None})")

    def __reduce__(self) -> tuple[object, ...]:
        return (Target, self._key())

    @property
    def schema(self) -> str | None:
        """The PostgreSQL schema that holds this workspace."""
        return f"fcc_{self.workspace}" if self.backend == "postgres" else None

    @property
    def display(self) -> str:
        if self.path is not None:
            home = Path.home()
            if self.path.is_relative_to(home):
                return "~/" + self.path.relative_to(home).as_posix()
            return str(self.path)
        from urllib.parse import urlsplit, urlunsplit

        parts = urlsplit(self.url or "")
        host = parts.hostname or "localhost"
        if ":" in host:
            host = f"[{host}]"  # an IPv6 address, as the URL writes it
        netloc = (f"{parts.username}@" if parts.username else "") + host
        if parts.port:
            netloc += f":{parts.port}"
        return urlunsplit((parts.scheme, netloc, parts.path, "", "")) + f" (schema {self.schema})"


def default_data_dir() -> Path:
    import platformdirs

    return platformdirs.user_data_path("fcc", appauthor=False)


def check_workspace(name: str) -> str:
    if not _WORKSPACE.match(name):
        raise InvalidInput(
            "workspace", "1-40 lowercase letters, digits or '_', starting with a letter or digit",
            name,
        )
    return name


def sqlite_path_for(base: Path, workspace: str) -> Path:
    """``fcc.db`` holds the default workspace; workspace ``acme`` lives in ``fcc.acme.db``."""
    if workspace == DEFAULT_WORKSPACE:
        return base
    return base.with_name(f"{base.stem}.{workspace}{base.suffix or '.db'}")


def resolve_target(
    db: str | None = None,
    workspace: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> Target:
    """``--db`` (a path or URL) wins over ``FCC_DATABASE_URL``, which wins over ``FCC_DB``."""
    env = os.environ if environ is None else environ
    if workspace is None:
        workspace = env.get("FCC_WORKSPACE") or DEFAULT_WORKSPACE
    ws = check_workspace(workspace)
    spec, source = db, "--db"
    if not spec:
        spec, source = env.get("FCC_DATABASE_URL"), "FCC_DATABASE_URL"
    if not spec:
        spec, source = env.get("FCC_DB"), "FCC_DB"
    if not spec:
        base = default_data_dir() / "fcc.db"
        return Target("sqlite", ws, path=sqlite_path_for(base, ws), is_default_path=True)

    scheme = spec.split("://", 1)[0].lower() if "://" in spec else ""
    if scheme in _POSTGRES_SCHEMES:
        return Target("postgres", ws, url=check_postgres_url(spec, source))
    if scheme == "sqlite":
        rest = spec.split("://", 1)[1]
        if not rest or rest in {"/", "/:memory:"}:
            raise InvalidInput(source, "a SQLite file, e.g. sqlite:////home/me/fcc.db", spec)
        spec = rest[1:] if rest.startswith("/") else rest
    elif scheme:
        raise InvalidInput(
            source, "a file path, sqlite:///PATH or postgresql://USER@HOST/DB", spec
        )
    path = Path(spec).expanduser()
    return Target("sqlite", ws, path=sqlite_path_for(path.absolute(), ws))


PG_EXPECTED = "a URL like postgresql://USER[:PASSWORD]@HOST[:PORT]/DB"


def check_postgres_url(url: str, source: str = "--db") -> str:
    """The URL if it can be taken apart; else bad input naming what is wrong (a port that is
    not a number, a bracketed host that is not IPv6, no database name) and never the password:
    only the part after the credentials is shown. (urllib raised ValueError, with the
    password in the traceback's locals.)"""
    from urllib.parse import urlsplit

    after_scheme = url.split("://", 1)[1]
    netloc = after_scheme.split("/", 1)[0].split("?", 1)[0]
    host_port = netloc.rpartition("@")[2]  # never the USER:PASSWORD part
    try:
        parts = urlsplit(url)
        parts.hostname  # noqa: B018 - checks a [bracketed] host
    except ValueError:
        raise InvalidInput(source, PG_EXPECTED + " (a host in [] is an IPv6 address like [::1])",
                           host_port) from None
    try:
        port = parts.port
    except ValueError:
        port = 0
    if port == 0:
        raise InvalidInput(source, PG_EXPECTED + " with a port from 1 to 65535", host_port)
    if not parts.path.strip("/"):
        raise InvalidInput(source, PG_EXPECTED + " that names the database after the host")
    return url


def keep_pg_driver_out(target: Target) -> None:
    """peewee imports psycopg at import time when it is installed (+100 ms); a SQLite run
    never needs it, so hide it before peewee loads."""
    import sys

    if target.backend == "sqlite" and "peewee" not in sys.modules:
        for name in ("psycopg", "psycopg2"):
            sys.modules.setdefault(name, None)  # type: ignore[arg-type]
