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

What a name may contain at all is here too (:func:`check_name_text`): one rule for client and
project names, tags and titles, applied by every command, the app's dialogs and every import,
so nothing differs between SQLite and PostgreSQL. Refused: NUL and every other C0 control
(tab and newline included), DEL, the C1 controls and the bidirectional embedding, override and
isolate controls (U+202A-U+202E, U+2066-U+2069), which make a name read differently than it
sorts and matches. Notes may hold controls (they are shown visibly), except NUL, which
PostgreSQL cannot store (:func:`check_note_text`).

Names, tags, notes and reasons alike must be text, which a lone surrogate (U+D800-U+DFFF) is
not: Python makes one of every byte of an argument that is not UTF-8 (``$'n\\xff'`` arrives as
``'n\\udcff'``), and JSON can spell one (``"\\udfff"``). Neither database can store it as
text, nor can it be written to a file; :func:`encoding_problem` refuses it, naming the byte.
"""

from __future__ import annotations

import unicodedata

from fcc.store.errors import InvalidInput
from fcc.store.visible import BIDI

TYPE_CHECKING = False  # typing is not imported at run time (the quick paths)
if TYPE_CHECKING:
    from collections.abc import Iterable


BIDI_CONTROLS = frozenset(map(chr, BIDI))  # the ones visible() shows, refused in names


REFUSED = frozenset(map(chr, [*range(0x20), *range(0x7F, 0xA0)])) | BIDI_CONTROLS


def refused_character(text: str) -> str | None:
    """The first character a name may not contain, or None."""
    if REFUSED.isdisjoint(text):  # (the loop runs in C: imports check every row)
        return None
    return next(ch for ch in text if ch in REFUSED)


def encoding_problem(text: str) -> str | None:
    """"UTF-8 text (byte 0xFF is not)" when ``text`` holds a lone surrogate (an undecodable
    byte of an argument, or a JSON ``\\udfff``), else None."""
    if text.isascii():
        return None
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        code = ord(text[exc.start])
        if 0xDC80 <= code <= 0xDCFF:  # what surrogateescape makes of byte 0x80-0xFF
            return f"UTF-8 text (byte 0x{code - 0xDC00:02X} is not)"
        return f"UTF-8 text (a lone surrogate U+{code:04X} is not a character)"
    return None


def name_problem(text: str, what: str = "name") -> str | None:
    """What ``text`` should be instead ("a name without control characters (...)"), or None
    when it holds no character :func:`refused_character` finds and is text
    (:func:`encoding_problem`)."""
    problem = encoding_problem(text)
    if problem is not None:
        return problem
    ch = refused_character(text)
    if ch is None:
        return None
    kind = "bidirectional control" if ch in BIDI_CONTROLS else "control character"
    return f"a {what} without control characters ({kind} U+{ord(ch):04X} is not allowed)"


def check_name_text(value: str, field: str, what: str = "name") -> str:
    """``value`` without surrounding white space, runs of white space as one space; a name
    holding a character :func:`refused_character` finds is refused, naming it."""
    text = str(value).strip()
    problem = name_problem(text, what)
    if problem is not None:
        raise InvalidInput(field, problem)
    return " ".join(text.split())


def clean_lines(value: object, maximum: int, what: str = "an address") -> str:
    """Lines of text (an address, bank details): ``\\n`` between lines, each trimmed, blank
    ones dropped, no other control character, at most ``maximum`` characters in all. Raises
    ``ValueError`` saying what was expected (the config file and pydantic word it)."""
    if not isinstance(value, str):
        raise ValueError(f"{what} as text (lines separated by \\n)")
    lines = value.replace("\r\n", "\n").split("\n")
    for line in lines:
        problem = name_problem(line, "line")
        if problem is not None:
            raise ValueError(problem)
    text = "\n".join(" ".join(line.split()) for line in lines if line.strip())
    if len(text) > maximum:
        raise ValueError(f"{what} of at most {maximum} characters")
    return text


def clean_line(value: object, maximum: int, what: str) -> str:
    """One line of text (a tax id, the seller's name), runs of white space as one space; as
    :func:`clean_lines`."""
    if not isinstance(value, str):
        raise ValueError(f"{what} as text")
    problem = name_problem(value.strip(), "text")
    if problem is not None:
        raise ValueError(problem)
    text = " ".join(value.split())
    if len(text) > maximum:
        raise ValueError(f"{what} of at most {maximum} characters")
    return text


def check_note_text(value: str, field: str, what: str = "note") -> str:
    """Notes keep their control characters, but never NUL (PostgreSQL cannot store it) nor
    a lone surrogate (:func:`encoding_problem`)."""
    problem = encoding_problem(value)
    if problem is not None:
        raise InvalidInput(field, problem)
    if "\x00" in value:
        raise InvalidInput(field, f"a {what} without NUL characters (U+0000 cannot be stored)")
    return value


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
