"""``fcc plan review``: the weekly review — last week's score, a decision on each unfinished item
(recommit it, break it down into new items, drop it with a reason, or leave it), the written
review, then the week ahead.

On a terminal without decision flags it asks item by item (click prompts). With flags it
applies them and finishes; with neither a terminal nor flags it prints the review and exits 2
naming ``--yes`` (a script must say that finishing with nothing decided is what it wants).
Every decision is checked before the first is written: a bad one changes nothing.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import click

from fcc.store.errors import InvalidInput
from fcc.tui.cli.base import Options, say, store_for
from fcc.tui.cli.plan_view import WEEK, named, one, score_text

if TYPE_CHECKING:
    from fcc.store import records_plans as rp
    from fcc.store.api import Store

ACTIONS = {"r": "recommit", "b": "break down", "d": "drop", "s": "skip"}


@dataclass
class Decisions:
    recommit: list[int] = field(default_factory=list)
    drop: dict[int, str] = field(default_factory=dict)
    break_down: dict[int, list[str]] = field(default_factory=dict)

    def decided(self) -> set[int]:
        return {*self.recommit, *self.drop, *self.break_down}


def _item_id(text: str, flag: str, state: rp.ReviewState, seen: set[int]) -> int:
    """An unfinished item of the week under review, named once."""
    number = text.strip().lstrip("#")
    open_ids = [i.id for i in state.unfinished]
    expected = (f"an unfinished item of week {state.week}: "
                + (", ".join(f"#{i}" for i in open_ids) if open_ids else "there are none"))
    if not (number.isascii() and number.isdigit()) or int(number) not in open_ids:
        raise InvalidInput(flag, expected, text)
    if int(number) in seen:
        raise InvalidInput(flag, f"one decision per item (#{number} has one already)", text)
    seen.add(int(number))
    return int(number)


def _pair(text: str, flag: str, what: str) -> tuple[str, str]:
    item, sep, rest = text.partition("=")
    if not sep or not rest.strip():
        raise InvalidInput(flag, f"ITEM={what}", text)
    return item, rest.strip()


def _titles(text: str, flag: str, given: str) -> list[str]:
    titles = [t.strip() for t in text.split(";") if t.strip()]
    if not titles:
        raise InvalidInput(flag, "new items' titles separated by ;", given)
    return titles


def read_flags(state: rp.ReviewState, recommit: tuple[str, ...], drop: tuple[str, ...],
               break_down: tuple[str, ...]) -> Decisions:
    seen: set[int] = set()
    decisions = Decisions()
    for text in recommit:
        decisions.recommit.append(_item_id(text, "--recommit", state, seen))
    for text in drop:
        item, reason = _pair(text, "--drop", "REASON")
        decisions.drop[_item_id(item, "--drop", state, seen)] = reason
    for text in break_down:
        item, rest = _pair(text, "--break-down", "TITLE;TITLE")
        decisions.break_down[_item_id(item, "--break-down", state, seen)] = \
            _titles(rest, "--break-down", text)
    return decisions


def show_state(state: rp.ReviewState) -> None:
    plan = state.plan
    say(f"review of week {state.week} ({plan.start} to {plan.end}): {plan.done}/{plan.quota} "
        f"done, score {score_text(plan.score)}")
    if state.lapsed:
        weeks = ", ".join(str(w) for w in state.lapsed)
        say(f"never reviewed: week{'s' if len(state.lapsed) > 1 else ''} {weeks} "
            "(finishing this review closes them too)")
    if state.midpoint:
        say("this is the midpoint: finishing it locks the quotas of weeks 7-12")
    if not state.unfinished:
        say("every item is done or decided on")
        return
    say(f"unfinished ({len(state.unfinished)}):")
    for item in state.unfinished:
        say("  " + _item_line(item))


def _item_line(item: rp.PlanItem) -> str:
    flag = f" — rolled over {item.rolled_over} times, flagged" if item.flagged else ""
    card = f" (card #{item.work_item_id})" if item.work_item_id else ""
    return f"#{item.id} {one(item.title, 80)}{card}{flag}"


def _action(value: str) -> str:
    key = value.strip().lower()[:1]
    if key not in ACTIONS:
        raise click.UsageError("answer r (recommit), b (break down), d (drop) or s (skip)")
    return key


def _needed(value: str) -> str:
    if not value.strip():
        raise click.UsageError("it cannot be empty")
    return value.strip()


def _new_titles(value: str) -> list[str]:
    """The titles typed at the prompt, each checked as the store will (asked again if not)."""
    from fcc.store.boards.fields import title

    try:
        return [title(t) for t in _titles(value, "titles", value)]
    except InvalidInput as exc:
        raise click.UsageError(f"{exc.expected}") from None


def ask(state: rp.ReviewState) -> tuple[Decisions, str]:
    """Item by item on the terminal, then the review text; nothing is written yet."""
    decisions = Decisions()
    target = f"week {state.next_week}" if state.next_week else "the next week"
    for item in state.unfinished:
        say()
        say(_item_line(item))
        key = click.prompt(f"  [r]ecommit to {target}, [b]reak down, [d]rop or [s]kip "
                           "(enter: skip)", default="s", show_default=False,
                           value_proc=_action)
        if key == "r":
            decisions.recommit.append(item.id)
        elif key == "b":
            decisions.break_down[item.id] = click.prompt("  new items, separated by ;",
                                                         value_proc=_new_titles)
        elif key == "d":
            decisions.drop[item.id] = click.prompt("  why drop it", value_proc=_needed)
    say()
    text = click.prompt("How did the week go? (the review; enter to leave it empty)",
                        default="", show_default=False)
    return decisions, text.strip()


def apply(store: Store, state: rp.ReviewState, decisions: Decisions, text: str) -> None:
    """Every decision and the review's end in one change (``review_week``): all or nothing,
    one ``fcc undo``; then what was done."""
    flags = {**{f"#{i}": "--recommit" for i in decisions.recommit},
             **{f"#{i}": "--drop" for i in decisions.drop},
             **{f"#{i}": "--break-down" for i in decisions.break_down}}
    with named(**flags):
        _, made, plan = store.review_week(
            state.week, recommit=decisions.recommit, drop=decisions.drop,
            break_down=decisions.break_down, text=text, cycle=state.cycle_id)
    for item in state.unfinished:  # in the week's order, whichever flag named it
        title = one(item.title, 60)
        new = [m for m in made if m.origin_id == item.id]
        if item.id in decisions.recommit:
            say(f"recommitted #{item.id} {title} to week {new[0].week} as #{new[0].id}")
        elif item.id in decisions.break_down:
            weeks = ", ".join(str(w) for w in sorted({m.week for m in new}))
            say(f"broke #{item.id} {title} down into "
                + ", ".join(f"#{m.id}" for m in new) + f" in week {weeks}")
        elif item.id in decisions.drop:
            say(f"dropped #{item.id} {title}")
    lapsed = f" (and week{'s' if len(state.lapsed) > 1 else ''} " \
        f"{', '.join(str(w) for w in state.lapsed)})" if state.lapsed else ""
    left = len(state.unfinished) - len(decisions.decided())
    undecided = f"; {left} item{'s' if left != 1 else ''} left as they were" if left else ""
    say(f"reviewed week {plan.week}{lapsed}{undecided}")
    if state.midpoint:
        say("weeks 7-12 are locked now: their quotas stay as they are")


@click.command("review")
@click.option("--week", type=WEEK, help="The week to review (default: the one due).")
@click.option("--recommit", multiple=True, metavar="ITEM",
              help="Carry an unfinished item on to this week (repeatable).")
@click.option("--drop", multiple=True, metavar="ITEM=REASON",
              help="Drop an unfinished item, saying why (repeatable).")
@click.option("--break-down", "break_down", multiple=True, metavar="ITEM=TITLE;TITLE",
              help="Replace an unfinished item by smaller new ones (repeatable).")
@click.option("--text", help="The written review (what went well, what did not).")
@click.option("--yes", is_flag=True, help="Finish without asking (no terminal needed).")
@click.pass_obj
def review_cmd(opts: Options, week: int | None, recommit: tuple[str, ...],
               drop: tuple[str, ...], break_down: tuple[str, ...], text: str | None,
               yes: bool) -> None:
    """The weekly review: score, each unfinished item, the written review, the week ahead.

    On a terminal it asks; scripts pass the decisions.
    Example: fcc plan review --recommit 41 --drop '42=client cancelled' --break-down
    '43=Outline;Draft' --text 'Too many meetings'
    """
    flagged = bool(recommit or drop or break_down or text is not None or yes)
    interactive = not flagged and sys.stdin.isatty() and sys.stdout.isatty()
    with store_for(opts, create=False) as store, named(
            week="--week", title="--break-down", titles="--break-down", reason="--drop",
            text="--text", body="--text"):
        state = store.review(week)
        if state is None:
            say("nothing to review: every ended week is reviewed "
                "(fcc plan review --week N reviews an ended week again)")
            return
        if not flagged and not interactive:
            show_state(state)
            raise InvalidInput("--yes", "decisions (--recommit, --drop, --break-down, --text) "
                               "or --yes to finish the review without a terminal")
        if interactive:
            show_state(state)
            decisions, written = ask(state)
        else:
            decisions = read_flags(state, recommit, drop, break_down)
            written = (text or "").strip()
        apply(store, state, decisions, written)
        if state.next_week is not None:
            from fcc.tui.cli.plan_view import print_week

            say()
            print_week(store.cycle(state.cycle_id), store.week_plan(state.next_week,
                                                                    cycle=state.cycle_id))
