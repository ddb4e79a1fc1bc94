"""When two client or project names are the same name: one rule, in Python, for every backend.

SQL's ``lower()`` cannot be that rule: SQLite's folds ASCII only (``Übersetzung`` never
matched ``übersetzung``), PostgreSQL's follows the database's locale. So the store compares
:func:`name_key` values, computed here, for finding a name, for "did you mean" and for
uniqueness (checked under the writer lock before a name is written), on SQLite and PostgreSQL
alike, in every command, import and the quick ``fcc start``.

The key is Unicode's caseless match for identifiers: NFKC normalization, full case folding
(``Straße`` = ``STRASSE``, ``ΣΟΦΊΑ`` = ``σοφία`` = ``σοφίας`` with its final sigma), NFKC
again, runs of white space as one space. One adjustment: the folded capital dotted I (``İ``,
``i`` + combining dot) is plain ``i``, so ``İstanbul`` = ``Istanbul`` = ``istanbul``, as the
databases' simple lowercasing has it; the dotless ``ı`` stays a letter of its own (``ılık`` is
not ``ILIK``), since no rule independent of language can know a Turkish I. The databases'
unique indexes on ``lower(name)`` stay as a backstop: whatever they treat as equal, this key
does too (tested for every code point against PostgreSQL), so they never refuse a name this
rule allows. Standard library only: the quick ``fcc start`` path uses it.
"""

from __future__ import annotations

import unicodedata

TYPE_CHECKING = False  # typing is not imported at run time (the quick paths)
if TYPE_CHECKING:
    from collections.abc import Iterable


def name_key(name: str) -> str:
    """What makes two names the same name (see the module's docstring)."""
    text = unicodedata.normalize("NFKC", " ".join(str(name).split()))
    folded = unicodedata.normalize("NFKC", text.casefold())
    return folded.replace("i\u0307", "i")


def sort_key(name: str | None) -> tuple[str, str]:
    """Listing order: by the name's key, then as written (the same on every backend)."""
    return (name_key(name or ""), name or "")


def close_matches(name: str, known: Iterable[str]) -> str:
    """"; did you mean A, B?" for up to three known names close to ``name``, compared by
    their keys (so a name that differs in case or form only is always offered), or ""."""
    import difflib

    by_key: dict[str, str] = {}
    for k in known:
        by_key.setdefault(name_key(k), k)
    wanted = name_key(name)
    close = difflib.get_close_matches(wanted, list(by_key), n=3, cutoff=0.5)
    close += [k for k in by_key if wanted and wanted in k and k not in close][: 3 - len(close)]
    return f"; did you mean {', '.join(by_key[c] for c in close)}?" if close else ""
