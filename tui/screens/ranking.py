"""How typed text ranks projects, cards and names: the picker and the fields that autocomplete
share it, so a name ranks the same wherever it is typed.

Three tiers, best first: a name that *starts with* the text (a project's own name, its client,
a card's title), a name that merely *contains* it, then the text's letters in order (tighter
spreads first). Within a tier the given order stands (the store's: most recent first); a card
found only through its project's name comes after what matches by its own name.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from fcc.store.names import name_key

if TYPE_CHECKING:
    from fcc.store.records_tui import Pick

PREFIX, SUBSTRING, FUZZY = 0, 1, 2


def _squash(text: str) -> str:
    # the store's rule for "the same name" (full case folding): `strasse` finds `Straße`
    return "".join(name_key(text).split())


def score(query: str, text: str, starts: Sequence[str] = ()) -> tuple[int, int] | None:
    """(tier, spread) of ``query`` (already squashed) in ``text``; None when it does not match.

    ``starts`` are the parts of ``text`` a prefix match counts for besides ``text`` itself
    (a project's name after its client, a card's title after its number)."""
    whole = _squash(text)
    if any(_squash(part).startswith(query) for part in (text, *starts)):
        return PREFIX, 0
    if query in whole:
        return SUBSTRING, 0
    pos, first, last = 0, -1, -1
    for ch in query:
        pos = whole.find(ch, pos)
        if pos < 0:
            return None
        first = pos if first < 0 else first
        last = pos
        pos += 1
    return FUZZY, last - first


def name_parts(label: str) -> list[str]:
    """The parts a label can be typed from: ``Acme/Website`` -> Website; ``#12 Fix`` -> Fix."""
    parts = []
    if "/" in label:
        parts.append(label.split("/", 1)[1])
    if label.startswith("#") and " " in label:
        parts.append(label.split(" ", 1)[1])
    return parts


def rank_texts(texts: Sequence[str], query: str) -> list[str]:
    """``texts`` that match ``query``, best first (see the module docstring)."""
    q = _squash(query)
    if not q:
        return list(texts)
    scored = []
    for i, text in enumerate(texts):
        found = score(q, text, name_parts(text))
        if found is not None:
            scored.append((found, i, text))
    scored.sort(key=lambda s: (s[0], s[1]))
    return [text for _, _, text in scored]


def rank(picks: Sequence[Pick], query: str) -> list[tuple[int, Pick]]:
    """Picks that match ``query``, best first, with their index in ``picks``. A card also
    matches through its project's label, but below what matches its own title as well."""
    q = _squash(query)
    if not q:
        return list(enumerate(picks))
    scored = []
    for i, pick in enumerate(picks):
        found, through_project = score(q, pick.label, name_parts(pick.label)), 0
        if found is None and pick.project:
            found, through_project = score(q, pick.project, name_parts(pick.project)), 1
            if found is not None:
                found = (max(found[0], SUBSTRING), found[1])
        if found is not None:
            scored.append(((found[0], through_project, found[1]), i, pick))
    scored.sort(key=lambda s: (s[0], s[1]))
    return [(i, pick) for _, i, pick in scored]
