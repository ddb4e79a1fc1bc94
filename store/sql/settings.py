"""Settings -> preferences: the one read of the ``setting`` table."""

from __future__ import annotations

from collections.abc import Mapping

from fcc.store.prefs import Prefs, build_prefs
from fcc.store.sql.dialect import Dialect

TYPE_CHECKING = False  # typing is not imported at run time (the quick paths load this)
if TYPE_CHECKING:
    from typing import Any


def load_prefs(cur: Any, dialect: Dialect, overrides: Mapping[str, str] | None = None,
               environ: Mapping[str, str] | None = None) -> Prefs:
    """The preferences from the database's settings, the config file's ``overrides`` beating
    them (as everywhere: a machine's config file wins over the shared database)."""
    cur.execute(dialect.sql("SELECT key, value FROM setting"))
    settings = {str(k): str(v) for k, v in cur.fetchall()}
    return build_prefs({**settings, **(overrides or {})}, environ)
