"""Plans: the store's verbs for the 12-week year — vision, cycles, goals and measures, tactics,
weekly plans and items, scores, the weekly review, the journal and ``fcc context``.

One module per group of verbs (each a mixin on :class:`fcc.store.api.Store`); the rules every
one of them keeps are in :mod:`fcc.store.plans.base`. Records are in
:mod:`fcc.store.records_plans`. Activity entities: ``vision``, ``cycle``, ``goal``,
``measure``, ``measure_value``, ``tactic``, ``weekly_plan``, ``plan_item``,
``journal_session``, ``journal_message``.
"""

from __future__ import annotations

from fcc.store.plans.context import ContextVerbs
from fcc.store.plans.cycles import CycleVerbs
from fcc.store.plans.goals import GoalVerbs
from fcc.store.plans.journal import JournalVerbs
from fcc.store.plans.measures import MeasureReadVerbs
from fcc.store.plans.reads import PlanReadVerbs
from fcc.store.plans.review import ReviewVerbs
from fcc.store.plans.steps import StepVerbs
from fcc.store.plans.tactics import TacticVerbs
from fcc.store.plans.weeks import WeekVerbs


# The order matters: a mixin that builds on others (context on goals, the review on weeks and
# the journal) comes before them.
class PlanVerbs(ContextVerbs, ReviewVerbs, CycleVerbs, GoalVerbs, TacticVerbs, JournalVerbs,
                WeekVerbs, PlanReadVerbs, MeasureReadVerbs, StepVerbs):
    """Every plan verb (composed into the Store)."""


__all__ = ["PlanVerbs"]
