"""Notes and tags as stored: cleaned and checked the same way by every writer (the store's
verbs, imports and the quick ``fcc start`` path). Standard library only.

A tag follows the rule for names (``names.check_name_text``); a note may hold any character
but NUL."""

from __future__ import annotations

from collections.abc import Iterable

from fcc.store.errors import InvalidInput
from fcc.store.names import check_name_text, check_note_text

MAX_NOTE = 10_000
MAX_TAG = 50


def clean_note(note: str | None) -> str:
    text = check_note_text(note or "", "note").strip()
    if len(text) > MAX_NOTE:
        raise InvalidInput("note", f"at most {MAX_NOTE} characters", f"{len(text)} characters")
    return text


def clean_tags(tags: Iterable[str]) -> list[str]:
    out: list[str] = []
    for raw in tags:
        for tag in str(raw).split(","):
            tag = check_name_text(tag, "tag", "tag").lstrip("+")
            if not tag:
                continue
            if len(tag) > MAX_TAG:
                raise InvalidInput("tag", f"a tag of at most {MAX_TAG} characters", tag)
            if tag not in out:
                out.append(tag)
    return out
