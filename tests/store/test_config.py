"""The TOML config file: real files in tmp_path, the exact one-line errors, and its [time]
settings beating the database's in the store and on the quick start/stop/status paths."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest

from fcc.store.api import Store
from fcc.store.clock import FrozenClock
from fcc.store.config import Config, ConfigError, TimeTable, TuiTable, key_line, load_config
from fcc.store.configfile import TABLES, TIME_KEYS, TUI_KEYS, config_path, quick_overrides
from fcc.store.errors import FccError, InvalidInput
from fcc.store.prefs import SETTINGS
from fcc.store.quick import Handover, status_lines
from fcc.store.quick_timers import quick_start, quick_stop
from fcc.store.target import resolve_target
from tests.conftest import FROZEN_AT
from tests.store.test_quick_timers import rows, seed

NOW = dt.datetime.fromisoformat(FROZEN_AT)
H = dt.timedelta(hours=1)

FULL = """\
# every key there is
[time]
zone = "America/New_York"
week_start = "sunday"
forgotten_after_hours = 8.5
allow_parallel = true
currency = "USD"
rounding = "15:up:day"

[tui]
theme = "nord"

[keys]
"timer.toggle" = "t"
app.quit = ["ctrl+q", "f10"]
"pane.reports" = "f4, ctrl+r"
"""


def write(tmp_path: Path, text: str, name: str = "config.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def error_of(path: Path) -> str:
    with pytest.raises(ConfigError) as info:
        load_config(path)
    message = str(info.value)
    assert "\n" not in message
    return message.removeprefix(f"config: {path}")


# --- where, and the defaults ---------------------------------------------------------------


def test_where_the_file_is(tmp_path, monkeypatch):
    assert config_path({"FCC_CONFIG": "/etc/fcc.toml"}) == Path("/etc/fcc.toml")
    assert config_path({"FCC_CONFIG": "~/fcc.toml", "HOME": "x"}) == \
        Path("~/fcc.toml").expanduser()
    import platformdirs

    monkeypatch.delenv("FCC_CONFIG")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    expected = platformdirs.user_config_path("fcc", appauthor=False) / "config.toml"
    assert config_path() == config_path({}) == config_path({"FCC_CONFIG": ""}) == expected
    if os.name == "posix" and not os.uname().sysname == "Darwin":
        assert expected == tmp_path / "cfg" / "fcc" / "config.toml"


def test_a_missing_file_gives_the_defaults(tmp_path):
    config = load_config(tmp_path / "nope.toml")
    assert config == Config()
    assert config.setting_overrides() == {}
    assert config.tui.theme is None and config.keys == {}
    assert load_config(environ={"FCC_CONFIG": str(tmp_path / "nope.toml")}) == Config()
    assert load_config() == Config()  # conftest points FCC_CONFIG at a file that is not there
    assert load_config(write(tmp_path, "# nothing yet\n")) == Config()
    assert quick_overrides({"FCC_CONFIG": str(tmp_path / "nope.toml")}) == {}


def test_the_model_has_exactly_the_settings_and_tables():
    assert list(TimeTable.model_fields) == list(SETTINGS) == list(TIME_KEYS)
    assert list(TuiTable.model_fields) == list(TUI_KEYS)
    assert list(Config.model_fields) == list(TABLES)
    assert issubclass(ConfigError, FccError) and ConfigError.exit_code == 2


def test_a_full_file(tmp_path):
    config = load_config(write(tmp_path, FULL))
    assert config.setting_overrides() == {
        "zone": "America/New_York", "week_start": "sunday", "forgotten_after_hours": "8.5",
        "allow_parallel": "true", "currency": "USD", "rounding": "15:up:day"}
    assert config.tui.theme == "nord"
    assert config.keys == {"timer.toggle": "t", "app.quit": "ctrl+q,f10",
                           "pane.reports": "f4,ctrl+r"}
    assert quick_overrides({"FCC_CONFIG": str(tmp_path / "config.toml")}) == \
        config.setting_overrides()


# --- [time] ----------------------------------------------------------------------------------


@pytest.mark.parametrize("key, toml, stored", [
    ("zone", '"Europe/Lisbon"', "Europe/Lisbon"),
    ("zone", '"UTC"', "UTC"),
    ("week_start", '"Sunday"', "Sunday"),
    ("week_start", '"sat"', "sat"),
    ("forgotten_after_hours", "8.5", "8.5"),
    ("forgotten_after_hours", "12", "12"),
    ("forgotten_after_hours", '"9h"', "9h"),
    ("allow_parallel", "true", "true"),
    ("allow_parallel", "false", "false"),
    ("allow_parallel", '"yes"', "yes"),
    ("currency", '"chf"', "chf"),
    ("rounding", '"none"', "none"),
    ("rounding", '" 6:down "', "6:down"),
    ("rounding", "15", "15"),
])
def test_each_time_key_accepts_what_fcc_config_accepts(tmp_path, key, toml, stored):
    path = write(tmp_path, f"[time]\n{key} = {toml}\n")
    assert load_config(path).setting_overrides() == {key: stored}
    assert quick_overrides({"FCC_CONFIG": str(path)}) == {key: stored}


@pytest.mark.parametrize("key, toml, message", [
    ("zone", '"Mars/Olympus"', "time.zone: expected an IANA time zone like Europe/Berlin, got "
                               "'Mars/Olympus'"),
    ("zone", "1", "time.zone: expected an IANA time zone like Europe/Berlin, got 1"),
    ("week_start", '"funday"', "time.week_start: expected a weekday like monday or sunday, got "
                               "'funday'"),
    ("week_start", "true", "time.week_start: expected a weekday like monday or sunday, got true"),
    ("week_start", "2026-11-22", "time.week_start: expected a weekday like monday or sunday, "
                                 "got 2026-11-22"),
    ("forgotten_after_hours", "-1", "time.forgotten_after_hours: expected a number of hours "
                                    "from 0.1 to 1000 like 10 or 8.5, got -1"),
    ("forgotten_after_hours", "nan", "time.forgotten_after_hours: expected a number of hours "
                                     "from 0.1 to 1000 like 10 or 8.5, got nan"),
    ("forgotten_after_hours", '"soon"', "time.forgotten_after_hours: expected a number of "
                                        "hours from 0.1 to 1000 like 10 or 8.5, got 'soon'"),
    ("allow_parallel", '"maybe"', "time.allow_parallel: expected true or false, got 'maybe'"),
    ("allow_parallel", "2", "time.allow_parallel: expected true or false, got 2"),
    ("currency", '"euro"', "time.currency: expected a three-letter currency code like EUR, got "
                           "'euro'"),
    ("currency", "978", "time.currency: expected a three-letter currency code like EUR, got 978"),
    ("rounding", '"7:up"', "time.rounding: expected a rule like none or 15:up:entry, got "
                           "'7:up'"),
    ("rounding", '["15", "up"]', "time.rounding: expected a rule like none or 15:up:entry, got "
                                 "an array"),
    ("rounding", "{ minutes = 15 }", "time.rounding: expected a rule like none or 15:up:entry, "
                                     "got a table"),
])
def test_each_bad_time_value_is_one_line_with_its_line(tmp_path, key, toml, message):
    path = write(tmp_path, f"# my settings\n[time]\n{key} = {toml}\n")
    assert error_of(path) == f" line 3: {message}"
    assert quick_overrides({"FCC_CONFIG": str(path)}) is None


def test_the_documented_example(tmp_path):
    path = write(tmp_path, '[time]\nzone = "Europe/Berlin"\nweek_start = "funday"\n')
    with pytest.raises(ConfigError, match=r"^config: .*config\.toml line 3: time\.week_start: "
                                          r"expected a weekday like monday or sunday, got "
                                          r"'funday'$"):
        load_config(path)


def test_the_line_is_found_however_the_key_is_written(tmp_path):
    dotted = write(tmp_path, 'time.zone = "Europe/Berlin"\ntime.currency = "euro"\n', "a.toml")
    assert error_of(dotted) == " line 2: time.currency: expected a three-letter currency " \
                               "code like EUR, got 'euro'"
    inline = write(tmp_path, '\n\ntime = { currency = "euro" }\n', "b.toml")
    assert error_of(inline).startswith(" line 3: time.currency: expected")
    quoted = write(tmp_path, '[ "time" ]  # here\n"currency" = "euro"\n', "c.toml")
    assert error_of(quoted).startswith(" line 2: time.currency: expected")
    later = write(tmp_path, '[tui]\ntheme = "x"\n[time]\n# currency = "EUR"\ncurrency='
                            '"euro"\n', "d.toml")
    assert error_of(later).startswith(" line 5: time.currency: expected")
    assert key_line("[time]\nzone = '''\nweek_start = x\n'''\n", ("time", "nope")) is None


def test_the_first_problem_in_the_file_is_the_one_reported(tmp_path):
    path = write(tmp_path, '[tui]\ntheme = ""\n[time]\ncurrency = "euro"\nweek_start = "x"\n')
    assert error_of(path).startswith(" line 2: tui.theme: expected")
    path = write(tmp_path, '[time]\nweek_start = "x"\ncurrency = "euro"\n')
    assert error_of(path).startswith(" line 2: time.week_start: expected")


# --- structure -------------------------------------------------------------------------------


@pytest.mark.parametrize("text, message", [
    ('[time]\nweek_strat = "monday"\n',
     " line 2: time.week_strat: unknown key in [time]; expected one of zone, week_start, "
     "forgotten_after_hours, allow_parallel, currency, rounding, min_entry_seconds (did you "
     "mean week_start?)"),
    ('[time]\nsession_retention_days = 30\n',
     " line 2: time.session_retention_days: unknown key in [time]; expected one of zone, "
     "week_start, forgotten_after_hours, allow_parallel, currency, rounding, "
     "min_entry_seconds"),
    ('\n[colours]\naccent = "red"\n',
     " line 2: colours: unknown table; expected one of [time], [tui], [keys], [seller], "
     "[invoice]"),
    ('[tim]\nzone = "UTC"\n',
     " line 1: tim: unknown table; expected one of [time], [tui], [keys], [seller], [invoice] "
     "(did you mean time?)"),
    ('theme = "nord"\n',
     " line 1: theme: unknown key outside the tables; expected the tables [time], [tui], "
     "[keys], [seller], [invoice] (did you mean to put it under [tui]?)"),
    ('\nzone = "UTC"\n',
     " line 2: zone: unknown key outside the tables; expected the tables [time], [tui], "
     "[keys], [seller], [invoice] (did you mean to put it under [time]?)"),
    ('colour = "red"\n',
     " line 1: colour: unknown key outside the tables; expected the tables [time], [tui], "
     "[keys], [seller], [invoice]"),
    ('[tui]\ntheme = "nord"\ncolor = "red"\n',
     " line 3: tui.color: unknown key in [tui]; expected one of theme"),
    ("time = 3\n", " line 1: time: expected a table, got 3"),
    ('tui = "nord"\n', " line 1: tui: expected a table, got 'nord'"),
    ("[tui]\ntheme = 5\n", " line 2: tui.theme: expected a theme name like textual-dark, got 5"),
    ('[tui]\ntheme = " "\n',
     " line 2: tui.theme: expected a theme name like textual-dark, got ' '"),
])
def test_unknown_tables_and_keys_are_errors(tmp_path, text, message):
    path = write(tmp_path, text)
    assert error_of(path) == message
    assert quick_overrides({"FCC_CONFIG": str(path)}) is None


@pytest.mark.parametrize("text, message", [
    ('[time]\nzone = \n', " line 2: not valid TOML: invalid value at column 8"),
    ('[time]\nzone = "UTC"\n[time]\n', " line 3: not valid TOML: cannot declare ('time',) twice "
                                       "at column 6"),
    ('[time]\nzone = "UTC', " line 2: not valid TOML: unterminated string at the end of the "
                            "file"),
    ("[keys\n", " line 1: not valid TOML: expected ']' at the end of a table declaration at "
                "column 6"),
])
def test_toml_syntax_errors_name_the_line(tmp_path, text, message):
    path = write(tmp_path, text)
    assert error_of(path) == message
    assert quick_overrides({"FCC_CONFIG": str(path)}) is None


def test_an_unreadable_file_is_one_line(tmp_path):
    folder = tmp_path / "config.toml"
    folder.mkdir()
    assert error_of(folder) == ": expected a regular file, got a folder"
    binary = tmp_path / "binary.toml"
    binary.write_bytes(b'[time]\nzone = "\xff"\n')
    assert error_of(binary) == ": expected UTF-8 text, got byte 0xff at offset 15"
    bom = tmp_path / "bom.toml"
    bom.write_bytes('\ufeff[time]\nzone = "UTC"\n'.encode())
    assert load_config(bom).setting_overrides() == {"zone": "UTC"}
    for path in (folder, binary):
        assert quick_overrides({"FCC_CONFIG": str(path)}) is None
    assert quick_overrides({"FCC_CONFIG": str(bom)}) == {"zone": "UTC"}


# --- [keys] ----------------------------------------------------------------------------------


def test_keys_are_read_quoted_dotted_or_as_tables(tmp_path):
    path = write(tmp_path, '[keys]\n"timer.toggle" = "t"\ntimer.stop = "s, ctrl+s"\n'
                           'app.quit = ["ctrl+q"]\n"pane.reports" = "+"\n[keys.timers]\n'
                           'amend = "a,e"\n')
    assert load_config(path).keys == {"timer.toggle": "t", "timer.stop": "s,ctrl+s",
                                      "app.quit": "ctrl+q", "pane.reports": "+",
                                      "timers.amend": "a,e"}
    assert quick_overrides({"FCC_CONFIG": str(path)}) == {}


@pytest.mark.parametrize("line, message", [
    ('"timer.toggle" = ""', "keys.timer.toggle: expected Textual key names like t, ctrl+q or "
                            "f2,ctrl+t, got ''"),
    ('timer.toggle = "ctrl + t"', "keys.timer.toggle: expected Textual key names like t, "
                                  "ctrl+q or f2,ctrl+t, got 'ctrl + t'"),
    ('"timer.toggle" = "f2,,t"', "keys.timer.toggle: expected Textual key names like t, "
                                 "ctrl+q or f2,ctrl+t, got 'f2,,t'"),
    ('"app.quit" = "ctrl+"', "keys.app.quit: expected Textual key names like t, ctrl+q or "
                             "f2,ctrl+t, got 'ctrl+'"),
    ('"app.quit" = 5', "keys.app.quit: expected Textual key names like t, ctrl+q or "
                       "f2,ctrl+t, got 5"),
    ('"app.quit" = []', "keys.app.quit: expected Textual key names like t, ctrl+q or "
                        "f2,ctrl+t, got an array"),
    ('"app.quit" = ["q", 1]', "keys.app.quit: expected Textual key names like t, ctrl+q or "
                              "f2,ctrl+t, got an array"),
    ('"app quit" = "q"', "keys.app quit: expected a binding id like timer.toggle, got "
                         "'app quit'"),
    ('"" = "q"', "keys.: expected a binding id like timer.toggle, got ''"),
])
def test_bad_keys_are_one_line_with_their_line(tmp_path, line, message):
    path = write(tmp_path, f'[keys]\n"app.help" = "f1"\n{line}\n')
    assert error_of(path) == f" line 3: {message}"
    assert quick_overrides({"FCC_CONFIG": str(path)}) is None


def test_keys_must_be_a_table(tmp_path):
    path = write(tmp_path, 'keys = "t"\n')
    assert error_of(path) == " line 1: keys: expected a table of binding ids and keys, got 't'"


# --- the store ---------------------------------------------------------------------------


def test_overrides_beat_the_database_settings(target, clock):
    with Store.open(target, clock) as s:
        s.set_setting("week_start", "monday")
        s.set_setting("currency", "GBP")
        s.set_setting("forgotten_after_hours", "10")
        assert s.prefs.week_start == 0 and s.overrides == {}
    pinned = {"week_start": "sunday", "forgotten_after_hours": "1", "zone": "Asia/Tokyo"}
    with Store.open(target, clock, overrides=pinned) as s:
        assert s.overrides == pinned
        assert (s.prefs.week_start, s.prefs.forgotten_after, s.prefs.zone) == (6, H, "Asia/Tokyo")
        assert s.prefs.currency == "GBP"  # not in the file: the database's
        assert s.settings()["week_start"] == "monday"  # the database keeps its own
        s.set_setting("week_start", "tuesday")
        assert s.prefs.week_start == 6  # still the file's on this machine
        s.create_project({"name": "Solo"})
        s.start_timer("Solo", at=NOW - 2 * H)
        assert [e.project for e in s.forgotten_timers()] == ["Solo"]  # 2h > the file's 1h
        assert s.running()[0].zone == "Asia/Tokyo"
    with Store.open(target, clock) as s:
        assert s.prefs.week_start == 1 and s.forgotten_timers() == []


def test_bad_overrides_are_refused_before_connecting(tmp_path, clock):
    target = resolve_target(str(tmp_path / "new.db"), environ={})
    with pytest.raises(InvalidInput, match="^week_start: expected a weekday"):
        Store.open(target, clock, overrides={"week_start": "funday"})
    with pytest.raises(InvalidInput, match="^setting: expected one of"):
        Store.open(target, clock, overrides={"theme": "nord"})
    assert not (tmp_path / "new.db").exists()


# --- the quick paths -------------------------------------------------------------------------


@pytest.fixture
def seeded(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("FCC_ZONE", "Europe/Berlin")
    path = tmp_path / "seed.db"
    seed(path)
    return path


def test_quick_status_honours_the_zone_and_week_start(seeded):
    with Store.open(resolve_target(str(seeded), environ={}), FrozenClock(NOW - H)) as s:
        s.set_setting("week_start", "monday")
        s.start_timer("Solo")
    template = "{start} {week}"
    # The timer started at 09:30 UTC on a Monday. In Berlin the week began that midnight;
    # in Los Angeles, with the file's Sunday start, it began at 08:00 UTC on Sunday, which
    # takes in 1:30 of Sunday's 07:30-09:30 UTC entry.
    assert status_lines(str(seeded), template, NOW) == ["10:30 1:00"]
    pinned = {"zone": "America/Los_Angeles", "week_start": "sunday"}
    assert status_lines(str(seeded), template, NOW, overrides=pinned) == ["01:30 2:30"]
    with Store.open(resolve_target(str(seeded), environ={}), FrozenClock(NOW),
                    overrides=pinned) as s:
        from fcc.store.when import period

        lo, hi = period("week", now=NOW, zone=s.prefs.zone, week_start=s.prefs.week_start)
        assert s.prefs.zone == "America/Los_Angeles" and lo.weekday() == 6


def test_quick_start_uses_the_file_settings_as_the_store_does(seeded, tmp_path):
    quick, full = tmp_path / "quick.db", tmp_path / "full.db"
    shutil.copy(seeded, quick)
    shutil.copy(seeded, full)
    pinned = {"zone": "Asia/Tokyo", "currency": "JPY"}
    message = quick_start(str(quick), "Solo", ["n"], ["t"], NOW, overrides=pinned)
    with Store.open(resolve_target(str(full), environ={}), FrozenClock(NOW),
                    overrides=pinned) as s:
        change = s.start_timer("Solo", note="n", tags=["t"])
    assert message == change.message == "started Solo at 19:30"
    assert rows(quick) == rows(full)
    assert rows(quick)["time_entry"][-1]["zone"] == "Asia/Tokyo"
    assert rows(quick)["time_entry"][-1]["currency"] == "JPY"


def test_quick_paths_hand_a_timer_forgotten_by_the_file_to_the_store(seeded):
    with Store.open(resolve_target(str(seeded), environ={}), FrozenClock(NOW - 2 * H)) as s:
        s.start_timer("Solo")
    before = seeded.read_bytes()
    pinned = {"forgotten_after_hours": "1"}
    with pytest.raises(Handover, match="^a forgotten timer$"):
        quick_start(str(seeded), "Beta/Site", [], [], NOW, overrides=pinned)
    with pytest.raises(Handover, match="^a forgotten timer$"):
        quick_stop(str(seeded), NOW, overrides=pinned)
    assert seeded.read_bytes() == before  # nothing written: the full command line asks
    assert quick_stop(str(seeded), NOW) == "stopped Solo after 2:00"  # 2h < the default 10h


def test_quick_paths_hand_allowed_parallel_timers_to_the_store(seeded):
    with pytest.raises(Handover, match="^parallel timers are allowed$"):
        quick_start(str(seeded), "Solo", [], [], NOW, overrides={"allow_parallel": "true"})
