"""The tables of ``fcc log`` and ``fcc report`` (tui/plaintable.py), through the real ``fcc``:
wide characters stay aligned, a terminal's width is kept (long text wraps), a pipe gets whole
plain lines, styles follow the terminal, ``NO_COLOR``, ``TERM=dumb`` and ``FORCE_COLOR``, and
hostile text is shown, never sent. The quick and the full path print the same bytes
(tests/test_quick_reads.py); each test here runs both."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rich.cells import cell_len

from fcc.tui.plaintable import Output, cell_width, table, wrap
from tests.ptyrun import EVIL, environ, hostile_db, leaks, run_in_pty
from tests.test_cli import fcc

SGR = re.compile(r"\x1b\[[0-9;]*m")
NOTE = ("call with the client about the release plan, then the 発表 slides 🎉 and a very "
        "long-word-that-cannot-break-anywhere-at-all-really in the end")
PATHS = [{"FCC_QUICK": "0"}, {}]  # the full path, then the quick path


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp("tables")
    hostile_db(home)  # entries of Acme/Site and Nul with hostile names, notes and tags
    env = {"FCC_ZONE": "Europe/Berlin", "FCC_CONFIG": str(home / "none.toml")}
    for args in (
        ["client", "add", "שלום 🚀", "--rate", "100"],
        ["project", "add", "漢字プロジェクト", "--client", "שלום 🚀"],
        ["project", "add", "e\u0301mile 👩\u200d💻"],  # a combining accent, a ZWJ sequence
        ["add", "漢字プロジェクト", "--from", "-30h", "--duration", "1h30m", "--note", NOTE,
         "--tag", "会議,x"],
        ["add", "e\u0301mile 👩\u200d💻", "--from", "-28h", "--duration", "45m", "--note",
         "ｆｕｌｌｗｉｄｔｈ"],
    ):
        fcc("--db", str(home / "fcc.db"), *args, home=home, env=env)
    return home


def _pipe(home: Path, *args: str, **env: str) -> str:
    out = fcc("--db", str(home / "fcc.db"), *args, home=home,
              env={"FCC_ZONE": "Europe/Berlin", "FCC_CONFIG": str(home / "none.toml"), **env})
    assert out.stderr == ""
    return out.stdout


def _tty(home: Path, args: list[str], cols: int, **env: str) -> str:
    env = {**environ(home), **env}
    code, out = run_in_pty(["--db", str(home / "fcc.db"), *args], env, cols=cols)
    assert code == 0
    return out.decode().replace("\r\n", "\n")


def _from_cell(line: str, start: int) -> str:
    """``line`` from terminal cell ``start`` on."""
    used = 0
    for i, char in enumerate(line):
        if used >= start:
            return line[i:]
        used += cell_len(char)
    return ""


def _cells(line: str, start: int, end: int) -> str:
    """``line`` from terminal cell ``start`` up to cell ``end``."""
    rest = _from_cell(line, start)
    return rest[:len(rest) - len(_from_cell(rest, end - start))]


def _rows(text: str, head: str) -> list[list[str]]:
    """Each table's lines from its header to the blank line after its body."""
    tables, current = [], None
    for line in SGR.sub("", text).split("\n"):
        if line.startswith(head):
            current = [line]
            tables.append(current)
        elif current is not None and line and not line.startswith(" ─"):
            current.append(line)
        elif current is not None and not line and len(current) > 1:
            current = None
    return tables


@pytest.mark.parametrize("path", PATHS, ids=["full", "quick"])
def test_wide_characters_stay_aligned(home, path):
    out = _pipe(home, "log", "--from", "-48h", **path)
    assert "漢字プロジェクト" in out and "ｆｕｌｌｗｉｄｔｈ" in out and "👩\u200d💻" in out
    checked = 0
    for lines in _rows(out, "  id "):
        head = lines[0]

        def at(line: str, text: str, end: bool = False) -> int:
            return cell_len(line[:line.index(text) + (len(text) if end else 0)])

        for line in lines[1:]:
            if "漢字プロジェクト" in line:
                assert at(line, "call") == at(head, "note")  # after CJK, Hebrew and emoji
                assert at(line, "会議,x") == at(head, "tags")
                assert at(line, "1:30", end=True) == at(head, "dur", end=True)
                checked += 1
            if "ｆｕｌｌ" in line:  # after a combining accent and a ZWJ sequence
                assert at(line, "ｆｕｌｌ") == at(head, "note")
                assert at(line, "0:45", end=True) == at(head, "dur", end=True)
                checked += 1
            assert cell_len(line) <= cell_len(head) or line.endswith(("x", "nul", "open"))
    assert checked == 2


@pytest.mark.parametrize("path", PATHS, ids=["full", "quick"])
def test_a_pipe_gets_whole_plain_lines(home, path):
    out = _pipe(home, "log", "--from", "-48h", **path)
    assert "\x1b[" not in out  # no styles on a pipe
    assert NOTE in out  # never wrapped: the whole note on its row
    assert all(line == line.rstrip() for line in out.split("\n"))
    rep = _pipe(home, "report", "--year", "--by", "client,project", **path)
    assert "\x1b[" not in rep
    assert re.search(r"^  שלום 🚀 +漢字プロジェクト +1:30 +1:30 +150\.00 EUR$", rep, re.M), rep


@pytest.mark.parametrize("path", PATHS, ids=["full", "quick"])
def test_a_narrow_terminal_wraps_long_text_and_keeps_its_width(home, path):
    out = _tty(home, ["log", "--from", "-48h"], 60, **path)
    plain = SGR.sub("", out)
    assert max(cell_len(line) for line in plain.split("\n")) <= 60
    # the note wraps at spaces in its column; read down the column, every word is there
    lines = next(t for t in _rows(plain, "  id ") if "1:30" in "".join(t))
    note = cell_len(lines[0][:lines[0].index("note")])
    tags = cell_len(lines[0][:lines[0].index("tags")])  # the note's column ends where tags begin
    first = next(i for i, line in enumerate(lines) if "1:30" in line)
    time = cell_len(lines[0][:lines[0].index("time")])
    column = []  # the 1:30 entry's lines: its own, then those with no id
    for i, line in enumerate(lines[first:]):
        if i and _cells(line, 0, time).strip():
            break  # the next entry (the same day holds both at some hours of the day)
        column.append(_cells(line, note, tags).strip())
    assert len(column) > 5  # wrapped over several lines
    assert "".join("".join(column).split()) == "".join(NOTE.split())  # nothing lost
    assert "long-word-that-cannot-break-anywhere-at-all-really" not in plain  # broken
    assert "\x1b[1m  id" in out  # the header is bold on a terminal
    wide = SGR.sub("", _tty(home, ["log", "--from", "-48h"], 400, **path))
    assert NOTE in wide  # at 400 columns the whole table fits: nothing wraps
    report = SGR.sub("", _tty(home, ["report", "--year", "--by", "client,project"], 60, **path))
    title, *lines = report.split("\n")  # (the title is one line, as before: the terminal wraps it)
    assert title.startswith("Report ") and max(cell_len(line) for line in lines) <= 60


@pytest.mark.parametrize("path", PATHS, ids=["full", "quick"])
@pytest.mark.parametrize(("env", "styled"), [
    ({}, True), ({"NO_COLOR": "1"}, False), ({"TERM": "dumb"}, False),
    ({"NO_COLOR": ""}, True),  # set but empty: no-color.org says it does not count
], ids=["tty", "NO_COLOR", "dumb", "empty NO_COLOR"])
def test_styles_only_where_asked(home, path, env, styled):
    for args in (["log"], ["report", "--year"]):
        out = _tty(home, args, 120, **path, **env)
        assert ("\x1b[1m" in out) is styled, (args, env)
        if not styled:
            assert "\x1b[" not in out
    forced = _pipe(home, "report", "--year", FORCE_COLOR="1", **path)
    assert "\x1b[1m" in forced  # FORCE_COLOR styles a pipe too, as Rich did


@pytest.mark.parametrize("path", PATHS, ids=["full", "quick"])
def test_hostile_text_is_shown_not_sent(home, path):
    for cols in (200, 60):
        out = _tty(home, ["log", "--from", "-48h"], cols, **path).encode()
        assert leaks(out) == [] and EVIL.encode() not in out
        assert "␛]0;pwned␇".encode() in out or "␛]0;".encode() in out
    piped = _pipe(home, "log", "--from", "-48h", **path)
    assert "\x1b" not in piped and "␛[2J" in piped and "<U+202E>" in piped


def test_cell_width_counts_what_the_terminal_shows():
    for text in ("abc", "漢字", "שלום 🚀", "e\u0301", "👩\u200d💻", "ｆｕｌｌ", "a–b", "␛[2J",
                 "مشروع 🎉", "<U+202E>", "", "⚙\ufe0f", "👨\u200d👩\u200d👧 ok", "a\ufe0f"):
        assert cell_width(text) == cell_len(text), text


def test_wrap_breaks_at_spaces_and_splits_only_long_words():
    assert wrap("one two three", 7) == ["one two", "three"]
    assert wrap("abcdefghij", 4) == ["abcd", "efgh", "ij"]
    assert wrap("漢字漢字漢", 4) == ["漢字", "漢字", "漢"]  # a wide character never split
    assert wrap("short", 10) == ["short"]


class _Tty:
    def __init__(self) -> None:
        self.text = ""

    def isatty(self) -> bool:
        return True

    def write(self, text: str) -> None:
        self.text += text

    def flush(self) -> None:
        pass


def test_a_table_keeps_fixed_columns_whole(monkeypatch):
    monkeypatch.setenv("COLUMNS", "40")
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    out = Output(_Tty())
    assert out.width == 40 and out.styled
    lines = table(out, ["name", "time", "amount"],
                  [["a rather long project name here", "10:00", "1234.50 EUR"], None,
                   ["total", "10:00", "1234.50 EUR"]],
                  rights=[False, True, True], wraps=[True, False, False], bold_from=2)
    plain = [SGR.sub("", line) for line in lines]
    assert all(cell_len(line) <= 40 for line in plain)
    assert "1234.50 EUR" in plain[3] and "10:00" in plain[3]  # never wrapped
    assert re.fullmatch(r"\x1b\[1m  total +10:00   1234\.50 EUR\x1b\[0m", lines[-2])
    assert lines[-3] == "" and lines[-1] == ""  # a blank line before the totals and after
    assert plain[0] == "" and plain[3].startswith("  a rather")
