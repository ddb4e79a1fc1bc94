"""Billed time per entry, for the app's entry list (reports bill by cell: see reports.py).

An entry under an entry-scope rule is billed as reports bill it: each of its local-day pieces
rounded on its own, summed. Under a day-scope rule an entry has no billed time of its own
(its project's day is rounded as a whole), so it gets None and the day's total carries it.
Non-billable entries bill 0. The rule is the effective project's (after merges), resolved
project, client, default, as in reports.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from fcc.store.when import days_between

if TYPE_CHECKING:
    from fcc.store.api import Store
    from fcc.store.records import Entry


def billed_by_entry(store: Store, entries: Iterable[Entry], now: dt.datetime
                    ) -> dict[int, int | None]:
    """Entry id -> billed seconds (None: billed per day under a day-scope rule). A running
    entry counts up to ``now``."""
    entries = list(entries)
    if not entries:
        return {}
    projects = store._project_map()  # one query: every project's effective rule
    default = store.prefs.rounding
    zone = store.prefs.zone
    out: dict[int, int | None] = {}
    for entry in entries:
        if not entry.billable:
            out[entry.id] = 0
            continue
        known = projects.get(entry.project_id)
        rule = known.rule if known is not None else default
        if rule.unit and rule.scope == "day":
            out[entry.id] = None
            continue
        end = entry.end or now
        billed = 0
        for _, begin, after in days_between(entry.start, end, zone):
            seconds = int((min(end, after) - max(entry.start, begin)).total_seconds())
            if seconds > 0:
                billed += rule.apply(seconds)
        out[entry.id] = billed
    return out
