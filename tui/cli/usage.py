"""click's usage errors as fcc's one line: ``fcc: error: --format: expected one of table, json,
csv, got 'xml'`` (exit 2), never click's ``Usage: ... Error: ...`` block.

Every kind click raises is worded here, in one place, for every command: a missing option or
argument, a bad choice or number, an unknown option or command, an option without its value,
a value given to a flag, an extra argument, a group without its command. ``--help`` still
shows the usage. ``FccGroup.main`` (in ``fcc.tui.cli.base``) calls :func:`usage_line`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import click

from fcc.store.errors import InvalidInput

ARGS_KEY = "fcc.args"  # ctx.meta: (command, its arguments) of the last command resolved

WHEN = "a time like 17:30, 'yesterday 9:00' or -15m"
# What a value of each parameter is, by its name (the Python name click gives it).
WHAT = {
    "entity": "a kind of change like entry, card, plan or invoice",
    "entity_id": "an id like 42 (an entry's number, a card's id)",
    # billing
    "approval_id": "an approval id like 3", "ref": "an invoice number like 2026-0003 or a draft id",
    "period": "a month like 2026-11", "start": "a date like 2026-11-01",
    "end": "a date like 2026-11-30", "on": "a date like 2026-11-30, today or yesterday",
    "address": "an address (\\n between lines)", "tax_id": "a tax id like DE123456789",
    "tax_rate": "a tax rate in percent like 19, or none",
    "terms": "payment terms in days like 30, or none",
    "entry_id": "an entry id like 42", "card": "a card id like 7", "to": "a schema version like 2",
    "reason": "a reason", "note": "a note", "append_note": "text to add to the note",
    "tags": "a tag", "project": "a project name like Website or Acme/Website",
    "client": "a client name", "name": "a name", "new_name": "a new name",
    "source": "a name", "into": "a name", "duration": "a duration like 1h30m or 90m",
    "email": "an email address", "currency": "a currency code like EUR",
    "rate": "an hourly rate like 95 or 87.50", "rounding": "a rounding rule like 15:up",
    "budget": "an hour budget like 40", "status": "a status", "key": "a setting name",
    "value": "a value", "db": "a SQLite file or a postgresql:// URL",
    "workspace": "a workspace name like acme", "by": "client, project, card, day, week or month",
    "fmt": "a format", "template": "a template like '{project} {elapsed}'",
    "keep": "a file name", "output": "a file name", "file": "a file", "path": "a file name",
    "folder": "a folder", "backup": "a backup file like fcc.db.backup-20261201T090000Z-01-v3",
    # boards, cards, sprints
    "board": "a board name", "column": "a column name or number like 2", "tag": "a tag",
    "columns": "a column name", "lane": "a swim lane name or number like 1",
    "sprint": "a sprint name", "title": "a card title", "new_title": "a card title",
    "parent": "a card id like 7, or none", "priority": "a priority from 0 (highest) to 4",
    "estimate": "an estimate like 90m, 1.5h or 1d", "due": "a date like 2026-12-10, fri or +3d",
    "description": "Markdown text", "text": "text to look for",
    "position": "a position like 1 (the first)", "limit": "a number of cards like 3, or none",
    "move_to": "a column name or number", "goal": "a goal", "body": "a comment's text",
    "comment": "a comment number like 3", "remove": "a comment number like 3",
    "start_day": "a date like 2026-12-07, today or monday",
    "end_day": "a date like 2026-12-18 or +14d",
    "unfinished_to": "backlog, next or a sprint name",
    # plans
    "week": "a week from 1 to 12", "journal_week": "a week from 1 to 13 (13: the review week)",
    "quota": "a number of items like 5", "item": "a plan item number like 41",
    "spec": "a measure like 'Sales calls = 5 per week'", "measure": "a measure id like 3",
    "tactic": "a tactic id like 2", "weeks": "weeks like 1-4, 3, W2-W6 or all",
    "cycle": "a cycle name, id or a date in it", "why": "why it matters",
    "lag": "a measure like 'Billed = 36000 EUR from billed'",
    "leads": "a measure like 'Sales calls = 5 per week'", "search": "text to look for",
    "three_year": "where you will be in three years", "recommit": "a plan item number like 41",
    "drop": "ITEM=REASON, e.g. '41=client cancelled'",
    "break_down": "ITEM=TITLE;TITLE, e.g. '41=Outline;Draft'",
}

# ... and where the group says more ("fcc client merge SOURCE INTO": client names)
IN_GROUP = {
    **{("client", n): "a client name" for n in ("name", "source", "into")},
    ("client", "new_name"): "a new client name",
    ("fcc", "limit"): "a number of changes from 1 to 1000",  # fcc activity --limit
    ("project", "name"): "a project name",
    **{("project", n): WHAT["project"] for n in ("source", "into")},
    ("project", "new_name"): "a new project name",
    ("board", "name"): "a board name", ("board", "new_name"): "a new board name",
    ("column", "name"): "a column name", ("column", "new_name"): "a new column name",
    ("lane", "name"): "a swim lane name", ("lane", "new_name"): "a new swim lane name",
    ("sprint", "name"): "a sprint name", ("card", "by"): "a card id like 7",
    ("board", "project"): WHAT["project"],
    ("cycle", "start_day"): "a date like 2027-01-04, monday or +7d",
    ("cycle", "name"): "a cycle name", ("goal", "title"): "a goal's title",
    ("goal", "goal"): "business, personal or a goal id",
    ("measure", "goal"): "business, personal or a goal id",
    ("tactic", "goal"): "business, personal or a goal id",
    ("tactic", "title"): "a tactic's title", ("item", "title"): "the item's text",
    ("measure", "week"): "a week from 1 to 12, or 0 for the cycle",
    ("measure", "value"): "a number like 3 or 12.5", ("plan", "body"): "the note's text",
    ("vision", "body"): "the vision's text",
}


def usage_line(exc: click.UsageError) -> str:
    """The one line (without ``fcc: error:``) for a usage error click raised."""
    ctx = exc.ctx
    path = ctx.command_path if ctx is not None else "fcc"
    group = ctx.parent.info_name if ctx is not None and ctx.parent is not None else None
    if isinstance(exc, click.exceptions.NoArgsIsHelpError) or (
            ctx is not None and isinstance(ctx.command, click.Group)
            and exc.message == "Missing command."):
        assert ctx is not None
        return f"{path}: expected a command: {', '.join(_commands(ctx))}"
    if isinstance(exc, click.NoSuchCommand):
        known = _commands(ctx) if ctx is not None else []
        where = "" if ctx is None or ctx.parent is None else f" in {path}"
        return f"no command {exc.command_name!r}{where}" + _did_you_mean(exc.command_name, known)
    if isinstance(exc, click.NoSuchOption):
        hint = (f"; did you mean {', '.join(exc.possibilities)}?" if exc.possibilities
                else f" (see {path} --help)")
        root = ctx.find_root() if ctx is not None else None
        if root is not None and ctx is not root and _option_named(root, exc.option_name):
            hint = f"; {exc.option_name} goes before the command: fcc {exc.option_name} ... "
            hint += path.split(" ", 1)[1]
        return f"{path}: no option {exc.option_name!r}{hint}"
    if isinstance(exc, click.BadOptionUsage):
        param = _option_named(ctx, exc.option_name)
        if param is not None and _is_flag(param):
            return str(InvalidInput(exc.option_name, "no value (it is a flag)",
                                    _given_flag_value(ctx, exc.option_name)))
        if param is not None:
            return f"{exc.option_name}: expected {expected(param, group)}, got nothing"
        return _plain(exc.message)
    if isinstance(exc, click.BadParameter) and exc.param is not None:
        name = param_name(exc.param)
        if isinstance(exc, click.MissingParameter):
            return f"{name}: expected {expected(exc.param, group)} (required)"
        if _typed(exc.param):
            return str(InvalidInput(name, expected(exc.param, group),
                                    _raw_value(ctx, exc.param)))
        return f"{name}: {_plain(exc.message)}"
    if ctx is not None and type(exc) is click.UsageError:
        extra = _extra_args(ctx)
        if extra:
            return (f"{path}: unexpected argument {extra[0]!r} ({path} takes "
                    f"{_takes(ctx.command)})")
    return _plain(exc.message)


def param_name(param: click.Parameter) -> str:
    """How the user writes it: ``--format`` (the long form), ``ENTRY_ID``."""
    if isinstance(param, click.Option):
        return max(param.opts, key=len)
    return param.human_readable_name


def expected(param: click.Parameter, group: str | None = None) -> str:
    """What a value of ``param`` should be, for 'expected ...' (``group``: the command's
    group, e.g. ``client`` for ``fcc client add``)."""
    kind = param.type
    if isinstance(kind, click.Choice):
        return "one of " + ", ".join(str(c) for c in kind.choices)
    what = WHEN if param.metavar == "WHEN" else WHAT.get(param.name or "", "a value")
    what = IN_GROUP.get((group or "", param.name or ""), what)
    if isinstance(kind, click.types.IntParamType):
        what = what if param.name in WHAT else "a whole number"
        bounds = getattr(kind, "range_text", None)  # base.IdType: 1 to 2^63-1
        return f"{what} ({bounds})" if bounds else what
    if isinstance(kind, click.types.FloatParamType):
        return "a number"
    if isinstance(kind, click.types.BoolParamType):
        return "true or false"
    return what


# --- helpers ---------------------------------------------------------------------------------


def _plain(message: str) -> str:
    text = " ".join(str(message).split()).rstrip(".")
    return text[:1].lower() + text[1:]


def _did_you_mean(name: str, known: Sequence[str]) -> str:
    import difflib

    close = difflib.get_close_matches(name, known, n=3, cutoff=0.5)
    return f"; did you mean {', '.join(close)}?" if close else ""


def _commands(ctx: click.Context) -> list[str]:
    group = ctx.command
    assert isinstance(group, click.Group)
    return [n for n in group.list_commands(ctx)
            if not getattr(group.get_command(ctx, n), "hidden", False)]


def _typed(param: click.Parameter) -> bool:
    """A type whose wording fcc knows (anything else keeps click's message, e.g. a path's)."""
    return isinstance(param.type, click.Choice | click.types.IntParamType
                      | click.types.FloatParamType | click.types.BoolParamType)


def _is_flag(param: click.Parameter) -> bool:
    return isinstance(param, click.Option) and (param.is_flag or param.count)


def _option_named(ctx: click.Context | None, opt: str) -> click.Parameter | None:
    if ctx is None:
        return None
    return next((p for p in ctx.command.params
                 if opt in p.opts or opt in getattr(p, "secondary_opts", ())), None)


def _args_of(ctx: click.Context) -> list[str] | None:
    """The arguments ``ctx``'s command was given (stashed by ``FccGroup.resolve_command``)."""
    stored = ctx.meta.get(ARGS_KEY)
    if stored is None or stored[0] is not ctx.command:
        return None
    return list(stored[1])


def _reparse(ctx: click.Context) -> tuple[dict[str, Any], list[str]] | None:
    """The command's arguments split by click's own parser (no conversion): raw values."""
    args = _args_of(ctx)
    if args is None:
        return None
    try:
        opts, rest, _ = ctx.command.make_parser(ctx).parse_args(args=args)
    except click.UsageError:
        return None
    return opts, rest


def _raw_value(ctx: click.Context | None, param: click.Parameter) -> object | None:
    parsed = None if ctx is None else _reparse(ctx)
    if parsed is None:
        return None
    value = parsed[0].get(param.name or "")
    if isinstance(value, list | tuple):  # a repeated option: the last one given
        value = value[-1] if value else None
    return value if isinstance(value, str) else None


def _given_flag_value(ctx: click.Context | None, opt: str) -> str | None:
    args = [] if ctx is None else (_args_of(ctx) or [])
    for arg in args:
        if arg.startswith(opt + "="):
            return arg.split("=", 1)[1]
    return None


def _extra_args(ctx: click.Context) -> list[str]:
    """What is left after the command's own arguments took theirs."""
    parsed = _reparse(ctx)
    return [] if parsed is None else list(parsed[1])


def _takes(command: click.Command) -> str:
    names = [p.human_readable_name for p in command.params if isinstance(p, click.Argument)]
    if not names:
        return "no arguments"
    return " ".join(names) + "; quote a value that has spaces"
