"""The one table from the store's field names to the command line's flags.

The store names its fields (``start``, ``end``, ``at``, ...); a command line user knows them
by the flags that carry them. Applied wherever the command line reports a store error: click's
commands (``FccGroup.invoke``) and the quick paths (``fcc.tui.entry``). Imports no click."""

from __future__ import annotations

from collections.abc import Mapping

from fcc.store.errors import FccError, InvalidInput, NeedsForce

FLAGS = {"start": "--from", "end": "--to", "at": "--at", "duration": "--duration",
         "note": "--note", "tag": "--tag", "card": "--card", "reason": "--reason",
         "by": "--by", "version": "--to", "address": "--address", "tax_id": "--tax-id",
         "payment_terms": "--terms", "tax_rate": "--tax-rate"}

# fcc board, fcc card and fcc sprint (their groups' ``flags``): the board verbs' fields too.
BOARD_FLAGS = {
    **FLAGS, "board": "--board", "column": "--column", "lane": "--lane", "sprint": "--sprint",
    "type": "--type", "parent": "--parent", "priority": "--priority", "estimate": "--estimate",
    "estimate_minutes": "--estimate", "due": "--due", "tags": "--tag", "rate": "--rate",
    "description": "--description", "position": "--position", "wip_limit": "--limit",
    "move_to": "--move-to", "goal": "--goal", "unfinished_to": "--to"}

# Where a card is the command's argument (fcc card show ID), not its --card option.
CARD_FLAGS = {**BOARD_FLAGS, "card": "ID", "title": "TITLE", "body": "TEXT",
              "comment": "--edit"}
# fcc sprint: its dates are --start and --end, the sprint its NAME argument.
SPRINT_FLAGS = {**BOARD_FLAGS, "start": "--start", "end": "--end", "sprint": "NAME",
                "name": "NAME"}

# fcc plan: the plan verbs' fields (a command whose argument carries one renames it itself).
PLAN_FLAGS = {
    **FLAGS, "week": "--week", "card": "--card", "goal": "--goal", "why": "--why",
    "weeks": "--weeks", "project": "--project", "title": "--title", "name": "--name",
    "three_year": "--three-year", "body": "TEXT", "text": "--text", "search": "--search",
    "quota": "QUOTA", "item": "ITEM", "cycle": "CYCLE", "start": "DATE", "value": "VALUE",
    "measure": "SPEC", "titles": "--break-down", "reason": "--reason"}


def flagged(exc: FccError, flags: Mapping[str, str] = FLAGS) -> FccError:
    """A store error as the command line shows it: its fields named by their flags; a rule
    that may be forced (``NeedsForce``) says how to force it."""
    if isinstance(exc, NeedsForce):
        forced = type(exc)(f"{exc}; add {exc.flag} to do it anyway")
        forced.exit_code = exc.exit_code
        return forced
    return exc.named(flags) if isinstance(exc, InvalidInput) else exc
