"""The one function that shows text from the database on a terminal: a corpus of hostile
strings, and the text that must pass unchanged."""

from __future__ import annotations

import json
import unicodedata

import pytest

from fcc.store.visible import TerminalText, json_text, visible

HOSTILE = [
    ("\x1b]0;pwned\x07", "␛]0;pwned␇"),
    ("\x1b[2J", "␛[2J"),
    ("\x1b[H", "␛[H"),
    ("\xc2\x9b".encode("latin-1").decode("utf-8"), "<U+009B>"),
    ("a\u202eb", "a<U+202E>b"),
    ("\x1b]8;;http://evil/\x1b\\", "␛]8;;http://evil/␛\\"),
    ("\x1b]0;unterminated OSC", "␛]0;unterminated OSC"),
    ("nul\x00here", "nul␀here"),
    ("del\x7f", "del␡"),
    ("bell\x07", "bell␇"),
    ("back\x08space", "back␈space"),
    ("over\rwrite", "over␍write"),
    ("\x9b2J", "<U+009B>2J"),
    ("\x85next line", "<U+0085>next line"),
    ("\u2066isolate\u2069", "<U+2066>isolate<U+2069>"),
    ("\u202a\u202b\u202c\u202d", "<U+202A><U+202B><U+202C><U+202D>"),
    ("line\u2028sep\u2029para", "line<U+2028>sep<U+2029>para"),
    ("tab\there", "tab␉here"),
    ("new\nline", "new␊line"),
]

UNCHANGED = [
    "Website",
    "[bold]not bold[/bold] [red",
    "👩‍💻 pair programming 🇩🇪",  # ZWJ sequence and flag
    "עברית ושלום",  # right-to-left script
    "مرحبا\u200fبالعالم",  # with a right-to-left mark, which stays
    "東京のプロジェクト",
    "Straße ΣΟΦΊΑ İstanbul",
    "emoji\ufe0f variation",
    "",
    "x" * 5000,
]


@pytest.mark.parametrize(("raw", "shown"), HOSTILE)
def test_hostile_text_is_shown_not_sent(raw: str, shown: str) -> None:
    out = visible(raw)
    assert out == shown
    assert not any(unicodedata.category(c) in {"Cc", "Zl", "Zp"} for c in out)
    assert not any(0x202A <= ord(c) <= 0x202E or 0x2066 <= ord(c) <= 0x2069 for c in out)


@pytest.mark.parametrize("text", UNCHANGED)
def test_ordinary_text_passes_unchanged(text: str) -> None:
    assert visible(text) == text
    assert visible(text, keep="\t\n") == text


def test_every_c0_del_and_c1_is_shown() -> None:
    every = "".join(chr(c) for c in (*range(0x20), 0x7F, *range(0x80, 0xA0)))
    out = visible(every)
    assert all(unicodedata.category(c) not in {"Cc", "Cf"} for c in out)
    assert out.startswith("␀␁␂") and "␛" in out and "␡" in out and "<U+009F>" in out


def test_keep_leaves_newline_and_tab_but_never_a_bare_cr() -> None:
    assert visible("a\nb\tc", keep="\t\n") == "a\nb\tc"
    assert visible("a\nb\tc", keep="\n") == "a\nb␉c"
    assert visible("one\r\ntwo\rthree", keep="\n") == "one\ntwo␍three"
    assert visible("a\rb", keep="\r\n") == "a␍b"
    assert visible("a\r\nb") == "a␍␊b"
    assert visible("\x1b]0;x\x07\n", keep="\n") == "␛]0;x␇\n"


def test_json_text_is_exact_data_with_c1_and_bidi_escaped() -> None:
    value = {"note": "a\x9bb\u202ec\x1b]0;t\x07\x7f\u2028 é 東 👍"}
    out = json_text(value, indent=2)
    assert json.loads(out) == value  # exact
    for raw in ("\x9b", "\u202e", "\x1b", "\x07", "\x7f", "\u2028"):
        assert raw not in out
    assert "\\u009b" in out and "\\u202e" in out and "é 東 👍" in out


class _Stream:
    def __init__(self, tty: bool) -> None:
        self.tty = tty
        self.parts: list[str] = []

    def isatty(self) -> bool:
        return self.tty

    def write(self, text: str) -> int:
        self.parts.append(text)
        return len(text)


def test_terminal_text_escapes_only_on_a_terminal() -> None:
    row = "\x1b]0;pwned\x07,\"two\nlines\"\r\n"
    tty, pipe = _Stream(True), _Stream(False)
    TerminalText(tty).write(row)
    TerminalText(pipe).write(row)
    assert tty.parts == ["␛]0;pwned␇,\"two\nlines\"\n"]
    assert pipe.parts == [row]
