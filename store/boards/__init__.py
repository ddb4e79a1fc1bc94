"""Boards: the store's verbs for kanban boards, cards, sprints, dependencies and comments.

One module per group of verbs (each a mixin on :class:`fcc.store.api.Store`); their SQL for
reads that must be fast at 5,000 cards lives in :mod:`fcc.store.sql.boards`. Records are in
:mod:`fcc.store.records_boards`. Activity entities: ``board``, ``board_column``,
``swim_lane``, ``work_item`` (a card), ``sprint``, ``dependency``, ``comment``.
"""

from __future__ import annotations

from fcc.store.boards.boards import BoardSetupVerbs
from fcc.store.boards.cards import CardVerbs
from fcc.store.boards.comments import CommentVerbs
from fcc.store.boards.deps import DependencyVerbs
from fcc.store.boards.detail import CardDetailVerbs
from fcc.store.boards.reads import CardReadVerbs
from fcc.store.boards.sprints import SprintVerbs
from fcc.store.boards.taskwarrior import TaskwarriorVerbs


class BoardVerbs(BoardSetupVerbs, CardVerbs, DependencyVerbs, SprintVerbs, CommentVerbs,
                 CardDetailVerbs, TaskwarriorVerbs, CardReadVerbs):
    # (CardReadVerbs last: every other mixin may build on it, for the card reads and the
    # resolvers of fcc.store.boards.base)
    """Every board verb (composed into the Store)."""


__all__ = ["BoardVerbs"]
