"""``fcc status --format TEMPLATE``: one definition for the quick path (``fcc.store.quick``) and
the full command line, stdlib only.

A template is the user's own text with replacement fields. Only the documented fields are
allowed, each by its bare name with an optional format spec (``{elapsed:>8}``): attribute
access (``{project.__init__.__globals__}``), indexing (``{project[0]}``), conversions
(``{note!r}``), positional fields (``{}``, ``{0}``) and nested fields in a spec are refused
before anything is formatted. The substituted values (names, notes, tags: data) are passed
through :func:`fcc.store.visible.visible`; the template's own literal text is printed as the
user wrote it, so a prompt may hold its colour codes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fcc.store.visible import visible

FIELDS = ("project", "client", "card", "note", "tags", "elapsed", "elapsed_seconds", "start",
          "today", "week", "count")
FIELD_LIST = ", ".join(FIELDS)


def template_problem(template: str) -> str | None:
    """Why ``template`` cannot be used (what is expected, naming the field it refuses; the
    one line of ``InvalidInput("--format", ...)``), or None."""
    import _string  # the parser behind string.Formatter, without importing re for it

    expected = (f"only the fields {FIELD_LIST}, each as {{name}} or {{name:spec}} "
                "(e.g. {elapsed:>8})")
    try:
        parts = list(_string.formatter_parser(template))
    except ValueError as exc:  # "Single '}' encountered", an unclosed '{'
        return f"{expected}, not a template with {exc} (write {{{{ or }}}} for a brace)"
    for _literal, name, spec, conversion in parts:
        if name is None:
            continue
        if name not in FIELDS or conversion or (spec and "{" in spec):
            shown = "{" + name + (f"!{conversion}" if conversion else "") + (
                f":{spec}" if spec else "") + "}"
            return f"{expected}, not {shown}"
    return None


def render(template: str, values: Mapping[str, Any]) -> str:
    """``template`` filled from ``values`` (checked first with :func:`template_problem`);
    text values are shown with :func:`visible`. Raises ValueError for a bad spec."""
    safe = {k: visible(v) if isinstance(v, str) else v for k, v in values.items()}
    return template.format_map(safe)
