"""The one table from the store's field names to the command line's flags.

The store names its fields (``start``, ``end``, ``at``, ...); a command line user knows them
by the flags that carry them. Applied wherever the command line reports a store error: click's
commands (``FccGroup.invoke``) and the quick paths (``fcc.tui.entry``). Imports no click."""

from __future__ import annotations

from collections.abc import Mapping

from fcc.store.errors import FccError, InvalidInput

FLAGS = {"start": "--from", "end": "--to", "at": "--at", "duration": "--duration",
         "note": "--note", "tag": "--tag", "card": "--card", "reason": "--reason",
         "by": "--by", "version": "--to"}


def flagged(exc: FccError, flags: Mapping[str, str] = FLAGS) -> FccError:
    """A store error as the command line shows it: its fields named by their flags."""
    return exc.named(flags) if isinstance(exc, InvalidInput) else exc
