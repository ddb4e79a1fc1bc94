"""The Boards pane's filter (``/``): words, all of which a card must match.

``login``       the title (or description) holds it, caseless; ``#12`` is card 12
``type:bug``    its type (epic, story, task, bug)
``tag:client``  one of its tags (names compare as everywhere: ``name_key``)
``sprint:S3``   its sprint (``sprint:none``: in no sprint)
``due:overdue`` due before today; ``due:today``; ``due:week`` due in the next 7 days
``blocked``     an open card blocks it

Filtering runs on the UI loop over the cards the pane holds (5,000 in a few ms).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from fcc.store.errors import InvalidInput
from fcc.store.names import name_key

if TYPE_CHECKING:
    from fcc.store import records_boards as rb

CARD_TYPES = ("epic", "story", "task", "bug")
DUE_WORDS = ("overdue", "today", "week")
EXPECTED = ("words of a title, #ID, type:TYPE, tag:TAG, sprint:NAME, due:overdue|today|week "
            "or blocked")

Test = Callable[["rb.Card"], bool]


@dataclasses.dataclass(frozen=True)
class CardFilter:
    text: str
    tests: tuple[Test, ...]

    def __call__(self, card: rb.Card) -> bool:
        return all(test(card) for test in self.tests)

    def __bool__(self) -> bool:
        return bool(self.tests)


def parse_filter(text: str, today: dt.date) -> CardFilter:
    """The filter ``text`` asks for; a word it cannot read is an InvalidInput naming it."""
    return CardFilter(text.strip(), tuple(_test(word, today) for word in text.split()))


def _test(word: str, today: dt.date) -> Test:
    key, sep, value = word.partition(":")
    key = key.casefold()
    if sep and key == "type":
        kind = value.casefold()
        if kind not in CARD_TYPES:
            raise InvalidInput("filter", "type: one of " + ", ".join(CARD_TYPES), word)
        return lambda card: card.type == kind
    if sep and key == "tag":
        tag = name_key(value)
        return lambda card: any(name_key(t) == tag for t in card.tags)
    if sep and key == "sprint":
        sprint = name_key(value)
        if sprint == "none":
            return lambda card: card.sprint is None
        return lambda card: card.sprint is not None and name_key(card.sprint) == sprint
    if sep and key == "due":
        return _due(value.casefold(), today, word)
    if word.casefold() == "blocked":
        return lambda card: card.blocked
    if word.startswith("#") and word[1:].isdigit():
        number = int(word[1:])
        return lambda card: card.id == number
    folded = word.casefold()
    return lambda card: folded in card.title.casefold() or folded in card.description.casefold()


def _due(value: str, today: dt.date, word: str) -> Test:
    if value == "overdue":
        return lambda card: card.due is not None and card.due < today and not card.done
    if value == "today":
        return lambda card: card.due == today
    if value == "week":
        end = today + dt.timedelta(days=7)
        return lambda card: card.due is not None and today <= card.due < end
    raise InvalidInput("filter", "due: one of " + ", ".join(DUE_WORDS), word)
