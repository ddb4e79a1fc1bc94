"""``fcc config``: the settings kept in the database, and where the config file is."""

from __future__ import annotations

import click

from fcc.store.errors import InvalidInput
from fcc.tui.cli.base import Options, say, store_for
from fcc.tui.cli.common import echo


@click.command("config")
@click.argument("key", required=False)
@click.argument("value", required=False)
@click.option("--unset", is_flag=True, help="Remove KEY (back to its default).")
@click.option("--path", "show_path", is_flag=True,
              help="Print where the config file is (FCC_CONFIG, or the user config folder).")
@click.pass_obj
def config(opts: Options, key: str | None, value: str | None, unset: bool,
           show_path: bool) -> None:
    """Show or change settings kept in the database (zone, week_start, rounding, currency,
    forgotten_after_hours, allow_parallel, min_entry_seconds).  The [time] table of the config
    file (see --path) wins over them on this machine.  Example: fcc config week_start sunday"""
    if show_path:
        if key is not None or unset:
            given = " ".join(x for x in (key, value, "--unset" if unset else None) if x)
            raise InvalidInput("--path", "nothing beside it (no KEY, VALUE or --unset)", given)
        from fcc.store.configfile import config_path

        echo(str(config_path()))
        return
    with store_for(opts, create=unset or value is not None) as store:
        if key is None:
            prefs = store.prefs
            from fcc.store.prefs import WEEKDAYS

            shown = {
                "zone": prefs.zone,
                "week_start": WEEKDAYS[prefs.week_start],
                "forgotten_after_hours": f"{prefs.forgotten_after.total_seconds() / 3600:g}",
                "allow_parallel": str(prefs.allow_parallel).lower(),
                "currency": prefs.currency,
                "rounding": str(prefs.rounding),
                "min_entry_seconds": str(prefs.min_entry_seconds),
            }
            for name, text in shown.items():
                mark = " (config file)" if name in store.overrides else ""
                echo(f"{name:<21} {text}{mark}")
            return
        if unset:
            store.unset_setting(key)
            echo(f"unset {key}")
        elif value is None:
            echo(store.settings().get(key, "(default)"))
        else:
            store.set_setting(key, value)
            echo(f"set {key} to {value}")
        if key in store.overrides:
            from fcc.store.configfile import config_path

            say(f"fcc: note: {key} is {store.overrides[key]} on this machine: the config "
                f"file {config_path()} sets it", err=True)


COMMANDS: list[click.Command] = [config]
