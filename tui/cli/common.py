"""What the commands of several nouns share: reading times, lengths, rates and rounding rules
as their flags give them, and showing user text in Rich tables without markup."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import click

from fcc.store.when import format_local
from fcc.tui.cli.base import Options, say, store_for
from fcc.tui.readout import literal as user_text  # noqa: F401 - the commands' one way to show
from fcc.tui.readout import make_console as rich_console  # noqa: F401
from fcc.tui.readout import make_table as rich_table  # noqa: F401

if TYPE_CHECKING:
    from fcc.store.api import Store
    from fcc.store.records import Change

UNSET: Any = object()
WHEN_HELP = "17:30, 'yesterday 9:00', '2026-11-20 14:00', ISO 8601 or -15m"


def when(store: Store, text: str | None, field: str) -> dt.datetime | None:
    if text is None:
        return None
    from fcc.store.when import parse_when

    return parse_when(text, now=store.clock.now(), zone=store.prefs.zone, field=field)


def length(text: str | None, field: str) -> dt.timedelta | None:
    if text is None:
        return None
    from fcc.store.when import parse_duration

    return parse_duration(text, field=field)


def decimal_opt(value: str | None, field: str) -> Decimal | None:
    """A rate (``--rate``) or an hour budget (``--budget``) in what the database holds;
    ``none`` or nothing is None."""
    if value is None or value.strip().lower() in {"", "none"}:
        return None
    from fcc.store.bounds import BUDGET_EXPECTED, BUDGET_MAX, parse_amount

    if field == "--budget":
        return parse_amount(value, field, maximum=BUDGET_MAX, expected=BUDGET_EXPECTED)
    return parse_amount(value, field)


def rule_opt(value: str | None) -> Any:
    if value is None:
        return UNSET
    if value.strip().lower() == "inherit":
        return None
    from fcc.store.rounding import parse_rounding

    return parse_rounding(value)


echo = say  # every message goes through visible()


def said(change: Change) -> str:
    """A change's message, with how to get back a timer it discarded for running too briefly."""
    return change.message + ("; fcc undo keeps it" if change.discarded else "")


def local(store: Store, instant: dt.datetime, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """An instant in the user's zone (the store's preferences)."""
    return format_local(instant, store.prefs.zone, fmt)


def add_and_say(store: Store, noun: str, data: dict[str, Any], rounding: str | None) -> None:
    """Add a client or project (``store.create_<noun>``) and say its name and id."""
    if rounding is not None:
        data["rounding"] = rounding
    done = getattr(store, f"create_{noun}")(data)
    echo(f"added {noun} {_label(done)} (id {done.id})")


def given(**raw: str | None) -> dict[str, Any]:
    """The flags a ``set`` command was given (None: left out), under the store's keywords."""
    return {k: v for k, v in raw.items() if v is not None}


def rerate_options(command: Any) -> Any:
    """``--rerate-from``/``--rerate-to`` of the ``client set`` and ``project set`` commands."""
    command = click.option("--rerate-to", metavar="WHEN",
                           help="...up to WHEN (default: now).")(command)
    return click.option("--rerate-from", metavar="WHEN",
                        help="Also re-rate entries from WHEN.")(command)


def set_and_say(store: Store, noun: str, target: str, changes: dict[str, Any],
                rounding: str | None, rerate_from: str | None, rerate_to: str | None) -> None:
    """Change a client or project (``store.set_<noun>``), re-rating its entries between
    ``--rerate-from`` and ``--rerate-to`` when given, and say what changed."""
    for key, flag in (("hourly_rate", "--rate"), ("budget_hours", "--budget")):
        if key in changes:
            changes[key] = decimal_opt(changes[key], flag)
    rule = rule_opt(rounding)
    if rule is not UNSET:
        changes["rounding"] = rule
    start = when(store, rerate_from, "--rerate-from")
    end = when(store, rerate_to, "--rerate-to") or store.clock.now()
    if start is None:
        done = getattr(store, f"set_{noun}")(target, **changes)
        echo(f"changed {noun} {_label(done)}")
        return
    done, rerated = getattr(store, f"set_{noun}_rerated")(target, start, end, **changes)
    echo(f"changed {noun} {_label(done)}; {rerated.message}")


def _label(record: Any) -> str:
    """How a client (its name) or a project (CLIENT/PROJECT) is shown."""
    return str(getattr(record, "label", None) or record.name)


def name_commands(group: click.Group, noun: str, arg: str, docs: dict[str, str]) -> None:
    """``rename``, ``merge`` and ``archive`` of ``group`` (clients or projects): each calls
    ``store.<verb>_<noun>`` and says what it did; ``arg`` names the first argument."""

    @group.command("rename", help=docs["rename"])
    @click.argument(arg)
    @click.argument("new_name")
    @click.pass_obj
    def rename(opts: Options, new_name: str, **named: str) -> None:
        with store_for(opts) as store:
            done = getattr(store, f"rename_{noun}")(named[arg], new_name)
            echo(f"renamed {noun} {named[arg]} to {_label(done)}")

    @group.command("merge", help=docs["merge"])
    @click.argument("source")
    @click.argument("into")
    @click.pass_obj
    def merge(opts: Options, source: str, into: str) -> None:
        with store_for(opts) as store:
            done = getattr(store, f"merge_{noun}")(source, into)
            echo(f"merged {noun} {source} into {_label(done)}")

    @group.command("archive", help=docs["archive"])
    @click.argument(arg)
    @click.option("--restore", is_flag=True, help="Unarchive instead.")
    @click.pass_obj
    def archive(opts: Options, restore: bool, **named: str) -> None:
        with store_for(opts) as store:
            done = getattr(store, f"archive_{noun}")(named[arg], archived=not restore)
            echo(f"{'unarchived' if restore else 'archived'} {noun} {_label(done)}")
