"""Imports from Watson, Timewarrior and CSV (work in progress)."""

from __future__ import annotations

from fcc.store.timers import TimerVerbs


class ImportVerbs(TimerVerbs):
    pass
