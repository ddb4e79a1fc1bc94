"""``fcc status --format TEMPLATE``: one definition for the quick path (``fcc.store.quick``) and
the full command line, stdlib only.

A template is the user's own text with replacement fields. Only the documented fields are
allowed, each by its bare name with an optional format spec (``{elapsed:>8}``): attribute
access (``{project.__init__.__globals__}``), indexing (``{project[0]}``), conversions
(``{note!r}``), positional fields (``{}``, ``{0}``) and nested fields in a spec are refused
before anything is formatted. The substituted values (names, notes, tags: data) are passed
through :func:`fcc.store.visible.visible`; the template's own literal text is printed as the
user wrote it, so a prompt may hold its colour codes.

A field's text goes through ``visible`` after its spec has formatted it, so that no spec can
make a control character of a number (``{elapsed_seconds:c}`` is refused anyway: the ``c``
type makes a character of a number). Widths and precisions are at most
:data:`MAX_WIDTH` (``{elapsed:99999999999}`` would ask for gigabytes of spaces).
"""

from __future__ import annotations

from fcc.store.visible import visible

TYPE_CHECKING = False  # typing is not imported at run time (``fcc status`` loads this)
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any

FIELDS = ("project", "client", "card", "note", "tags", "elapsed", "elapsed_seconds", "start",
          "today", "week", "count")
FIELD_LIST = ", ".join(FIELDS)
MAX_WIDTH = 200


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
        shown = "{" + name + (f"!{conversion}" if conversion else "") + (
            f":{spec}" if spec else "") + "}"
        if name not in FIELDS or conversion or (spec and "{" in spec):
            return f"{expected}, not {shown}"
        if spec and spec.endswith("c"):  # (the type is a spec's last character)
            return (f"a format spec without the type c (it makes a character of a number), "
                    f"not {shown}")
        if _widest(spec) > MAX_WIDTH:
            return f"a width and precision of at most {MAX_WIDTH}, not {shown}"
    return None


def _widest(spec: str) -> int:
    """The largest number written in ``spec`` (its width or precision; a fill digit is one
    digit), 0 without any."""
    widest, digits = 0, ""
    for ch in spec + " ":
        if "0" <= ch <= "9":
            digits += ch
        elif digits:
            widest, digits = max(widest, int(digits) if len(digits) < 6 else MAX_WIDTH + 1), ""
    return widest


def render(template: str, values: Mapping[str, Any]) -> str:
    """``template`` filled from ``values`` (checked first with :func:`template_problem`);
    each field's formatted text is shown with :func:`visible`. Raises ValueError for a bad
    spec."""
    import _string

    out: list[str] = []
    for literal, name, spec, _conversion in _string.formatter_parser(template):
        out.append(literal)
        if name is not None:
            out.append(visible(format(values[name], spec or "")))
    return "".join(out)
