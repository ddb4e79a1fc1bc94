"""``fcc status --format``: no format spec makes a control character or a gigabyte of spaces
(review findings 6 and 7). ``{elapsed_seconds:c}`` printed a raw ESC after 27 s, a raw C1 CSI
after 155 s; ``{elapsed:99999999999}`` was an internal MemoryError and ``{elapsed:>999999999}``
printed 1 GB. Now the ``c`` type and widths or precisions over 200 are refused in one line
(exit 2), on the quick path (SQLite) and the full one (PostgreSQL), and whatever a spec makes
of a field goes through ``visible``."""

from __future__ import annotations

import pytest

from fcc.store.statusline import render, template_problem
from tests.test_cli import fcc as run


@pytest.mark.parametrize("template, expected", [
    ("[{elapsed_seconds:c}]", "a format spec without the type c (it makes a character of a "
                              "number), not {elapsed_seconds:c}"),
    ("{count:c}", "a format spec without the type c (it makes a character of a number), not "
                  "{count:c}"),
    ("{elapsed:99999999999}", "a width and precision of at most 200, not {elapsed:99999999999}"),
    ("{elapsed:>999999999}", "a width and precision of at most 200, not {elapsed:>999999999}"),
    ("{project:.201}", "a width and precision of at most 200, not {project:.201}"),
    ("{elapsed_seconds:x<0201,d}", "a width and precision of at most 200, not "
                                   "{elapsed_seconds:x<0201,d}"),
])
def test_a_spec_making_controls_or_huge_text_is_refused(target, tmp_path, template, expected):
    where = (["--db", str(target.path)] if target.path is not None
             else ["--db", target.url, "--workspace", target.workspace])
    run(*where, "project", "add", "Web", home=tmp_path)
    run(*where, "start", "Web", "--at", "-27s", home=tmp_path)
    out = run(*where, "status", "--format", template, home=tmp_path, check=False)
    assert (out.returncode, out.stdout) == (2, "")
    assert out.stderr == f"fcc: error: --format: expected {expected}, got {template!r}\n"
    fine = run(*where, "status", "--format", "{elapsed_seconds:0>200}|{project:^7.2}|",
               home=tmp_path).stdout
    assert fine.endswith("|  We   |\n") and len(fine) == 200 + 9 + 1


def test_a_field_is_shown_visibly_after_its_spec_formatted_it():
    assert template_problem("{elapsed:>200} {count:,d} {project:.200}") is None
    assert render("[{count:c}]", {"count": 27}) == "[␛]"  # were the check ever bypassed
    assert render("[{count:c}]", {"count": 155}) == "[<U+009B>]"
    assert render("{{{project:>4}}}", {"project": "\x1b"}) == "{   ␛}"
