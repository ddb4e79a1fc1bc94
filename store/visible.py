"""Text from the database or the user, made safe to show on a terminal: :func:`visible`.

Names, notes, tags, titles, imported text and whatever a user typed are data. Shown raw, a
project named ``"\\x1b]0;pwned\\x07"`` would set the terminal's title, ``"\\x1b[2J"`` would clear
the screen, ``"\\x9b"`` (C1 CSI) starts a sequence on some terminals, and U+202E reverses the
text that follows it. Every place fcc shows such text (command line messages, errors, tables,
templates, the app's widgets) passes it through :func:`visible` first, which shows those
characters instead of sending them:

- C0 controls U+0000-U+001F as their Unicode control pictures (``\\x1b`` -> ``␛``, NUL -> ``␀``,
  tab -> ``␉``, newline -> ``␊``), except the characters in ``keep`` (``"\\n"`` or ``"\\t\\n"``
  where a multi-line block allows them); DEL as ``␡``.
- CR never reaches the terminal bare (it would move the cursor back and let the rest of the
  line overwrite what came before): a ``\\r\\n`` pair becomes ``\\n`` where ``keep`` has
  ``"\\n"``; every other CR is ``␍``, whatever ``keep`` says.
- C1 controls U+0080-U+009F, the bidi embeddings, overrides and isolates (U+202A-U+202E,
  U+2066-U+2069) and the line and paragraph separators U+2028/U+2029 as ``<U+202E>``. The
  separators are included because Python (``str.splitlines``), JavaScript and some terminals
  take them for line breaks, so they could fake a line of output; they have no business in a
  name or a note. Lone surrogates (U+D800-U+DFFF) too (``<U+DCFF>``): not text at all
  (what Python makes of an undecodable byte), refused on the way in (``names.py``) but
  possibly stored by an older fcc; raw, they could not even be written out. The bidi *marks*
  (U+200E, U+200F, U+061C) and joiners stay: they only steer neighbouring characters, real
  right-to-left text needs them, and they cannot reorder what follows the way an override
  does.

Everything else passes unchanged: emoji (with their joiners), right-to-left and CJK text, and
``[bold]``, which is markup only to code that parses it (fcc never does for data).

Stdlib only and cheap (a string without any such character is returned as it is after one
``str.isprintable`` test): the quick paths (``fcc status``, ``start``, ``stop``, the app's
first frame) import it too.
"""

from __future__ import annotations

BIDI = (*range(0x202A, 0x202F), *range(0x2066, 0x206A))
SEPARATORS = (0x2028, 0x2029)
SURROGATES = range(0xD800, 0xE000)  # never text; an argument's byte that is not UTF-8 (names.py)
_CODED = (*range(0x80, 0xA0), *BIDI, *SEPARATORS, *SURROGATES)
_TABLES: dict[str, dict[int, str]] = {}  # by ``keep``; built on first use (the quick paths)
_JSON_ESCAPES: dict[int, str] = {}


def _table(keep: str) -> dict[int, str]:
    table = _TABLES.get(keep)
    if table is None:
        table = {code: chr(0x2400 + code) for code in range(0x20)}
        table[0x7F] = "\u2421"  # ␡
        table.update({code: f"<U+{code:04X}>" for code in _CODED})
        for char in keep:
            if char != "\r":  # a bare CR is never kept
                table.pop(ord(char), None)
        _TABLES[keep] = table
    return table


def visible(text: str, keep: str = "") -> str:
    """``text`` with every control character, bidi control and line separator shown (see the
    module's doc); ``keep``: C0 characters to leave as they are (``"\\n"``, ``"\\t\\n"``)."""
    if text.isprintable():  # no Cc/Cf/Zl/Zp at all: the common case, nothing to do
        return text
    if "\n" in keep and "\r\n" in text:
        text = text.replace("\r\n", "\n")
    return text.translate(_table(keep))


def visible_or_none(text: str | None, keep: str = "") -> str | None:
    return None if text is None else visible(text, keep)


# JSON output stays exact data: JSON already escapes C0 (and must: a raw one is invalid), but
# with ``ensure_ascii=False`` it lets DEL, C1, bidi controls and U+2028/U+2029 through raw. In
# JSON text those can only stand inside strings, where ``\\uXXXX`` means the same character.
def json_text(value: object, **options: object) -> str:
    """``json.dumps(value, ensure_ascii=False, **options)`` with DEL, C1, bidi controls and
    U+2028/U+2029 escaped as ``\\uXXXX``: the same data, safe to print on a terminal."""
    import json

    options.setdefault("ensure_ascii", False)
    if not _JSON_ESCAPES:
        _JSON_ESCAPES.update({code: f"\\u{code:04x}" for code in (0x7F, *_CODED)})
    return json.dumps(value, **options).translate(_JSON_ESCAPES)  # type: ignore[arg-type]


class TerminalText:
    """A text stream for CSV (or any exact data) written to stdout: where stdout is a
    terminal every write goes through :func:`visible` (``\\r\\n`` becomes ``\\n``; a newline
    inside a value stays a line break); to a file or a pipe it is written exactly."""

    def __init__(self, stream: object) -> None:
        self.stream = stream
        isatty = getattr(stream, "isatty", None)
        self.terminal = bool(isatty and isatty())

    def write(self, text: str) -> int:
        self.stream.write(visible(text, keep="\n") if self.terminal else text)  # type: ignore[attr-defined]
        return len(text)
