"""The reviewer's attacks on the billing commands through the real ``fcc``: each test is a
bug found by using them, fixed on h-prev."""

from __future__ import annotations

from tests.test_cli_boards import anydb, cli

__all__ = ["anydb"]  # the fixture


def test_activity_limit_says_what_it_counts(anydb):
    """``fcc activity --limit 0`` said 'expected a number of cards like 3, or none' (a board's
    WIP limit's words): it counts changes, from 1 to 1000, and 'none' is no value of it."""
    for bad in ("0", "-5", "1001", "none"):
        error = cli(anydb, "activity", "--limit", bad, code=2)
        assert error.strip() == (f"--limit: expected a number of changes from 1 to 1000, "
                                 f"got {bad!r}")


def test_report_markdown_shows_names_as_text(anydb):
    """``fcc report --format markdown`` (and the Reports pane's Markdown export) escaped only
    ``|`` and ``\\``: a client named ``<b>Big</b> *Co*`` came out as raw HTML and emphasis."""
    from markdown_it import MarkdownIt

    name = "<b>Big<\\b> *Co* `x` [l](u) | y"
    cli(anydb, "client", "add", name, "--rate", "100")
    cli(anydb, "project", "add", "Web_site", "--client", name)
    cli(anydb, "add", f"{name}/Web_site", "--from", "-3h", "--to", "-2h")
    md = cli(anydb, "report", "--by", "client,project", "--format", "markdown")
    html = MarkdownIt("commonmark").enable("table").render(md)
    cells = [c for c in html.split("<td>") if c.startswith("&lt;b&gt;")]
    assert cells and cells[0].split("</td>")[0] == (
        "&lt;b&gt;Big&lt;\\b&gt; *Co* `x` [l](u) | y")
    assert "<b>" not in html and "<em>" not in html and "<code>" not in html
    assert "<td>Web_site</td>" in html
