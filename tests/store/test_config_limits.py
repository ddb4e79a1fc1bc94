"""Issue 11 part 2: the config file's limits. Numbers within a named range, at most 1 MiB read
from a regular file (a FIFO hung forever, /dev/zero grew memory without bound), values nested
100,000 deep a clear error, and an unknown [keys] binding id refused like any unknown key.
The quick paths' reader (``quick_overrides``) keeps to the same limits."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from fcc.store.config import ConfigError, load_config
from fcc.store.configfile import BINDING_IDS, quick_overrides
from tests.store.test_config import error_of, write


def quick(path: Path) -> dict[str, str] | None:
    return quick_overrides({"FCC_CONFIG": str(path)})


@pytest.mark.parametrize("key, toml, message", [
    ("forgotten_after_hours", "1e308", "expected a number of hours from 0.1 to 1000 like 10 or "
                                       "8.5, got 1e+308"),
    ("forgotten_after_hours", "1e15", "expected a number of hours from 0.1 to 1000 like 10 or "
                                      "8.5, got 1000000000000000.0"),
    ("forgotten_after_hours", "1001", "expected a number of hours from 0.1 to 1000"),
    ("forgotten_after_hours", "inf", "expected a number of hours from 0.1 to 1000"),
    ("forgotten_after_hours", "0.01", "expected a number of hours from 0.1 to 1000"),
    ("forgotten_after_hours", '"1e400h"', "expected a number of hours from 0.1 to 1000"),
    ("min_entry_seconds", "12345678901234567890123", "expected a whole number of seconds from 0 "
                                                     "to 3600 like 60 (0 keeps every entry), got "
                                                     "12345678901234567890123"),
    ("min_entry_seconds", "3601", "expected a whole number of seconds from 0 to 3600"),
    ("min_entry_seconds", '"٣"', "expected a whole number of seconds from 0 to 3600"),
])
def test_numbers_out_of_range_name_the_key_and_the_range(tmp_path, key, toml, message):
    """1e308 or a 23-digit integer raised OverflowError, in every command but `fcc db`."""
    path = write(tmp_path, f"[time]\n{key} = {toml}\n")
    assert error_of(path).startswith(f" line 2: time.{key}: {message}")
    assert quick(path) is None


@pytest.mark.parametrize("key, toml", [("forgotten_after_hours", "1000"),
                                       ("forgotten_after_hours", "0.1"),
                                       ("min_entry_seconds", "3600"), ("min_entry_seconds", "0")])
def test_numbers_at_the_ends_of_the_range_are_kept(tmp_path, key, toml):
    path = write(tmp_path, f"[time]\n{key} = {toml}\n")
    assert load_config(path).setting_overrides() == {key: toml}
    assert quick(path) == {key: toml}


def test_a_value_nested_100000_deep_is_one_line(tmp_path):
    """tomllib raised RecursionError."""
    path = write(tmp_path, "[time]\nzone = " + "[" * 100_000 + "]" * 100_000 + "\n")
    assert error_of(path) == ": not valid TOML: values nested too deeply"
    assert quick(path) is None
    digits = write(tmp_path, "[time]\nmin_entry_seconds = " + "9" * 5000 + "\n", "digits.toml")
    assert error_of(digits) == ": not valid TOML: a number of thousands of digits"


def test_more_than_1_mib_is_refused(tmp_path):
    path = write(tmp_path, "# a comment line\n" * 70_000)  # 1.19 MB
    assert error_of(path) == ": expected a file of at most 1 MiB, got 1,190,000 bytes"
    assert quick(path) is None
    fits = write(tmp_path, "# a comment line\n" * 60_000 + '[time]\nzone = "UTC"\n', "fits.toml")
    assert load_config(fits).setting_overrides() == {"zone": "UTC"}


def _within(seconds: float, work):  # type: ignore[no-untyped-def]
    """``work()``'s result, or a test failure if it has not returned after ``seconds``."""
    out: list[object] = []
    thread = threading.Thread(target=lambda: out.append(_catch(work)), daemon=True)
    thread.start()
    thread.join(seconds)
    assert out, f"still waiting after {seconds} s"
    return out[0]


def _catch(work):  # type: ignore[no-untyped-def]
    try:
        return work()
    except ConfigError as exc:
        return exc


def test_a_fifo_or_a_device_is_refused_without_reading_it(tmp_path):
    """A FIFO hung forever (no writer); /dev/zero grew memory without bound."""
    fifo = tmp_path / "config.toml"
    os.mkfifo(fifo)
    err = _within(5, lambda: load_config(fifo))
    assert str(err) == f"config: {fifo}: expected a regular file, got a FIFO (named pipe)"
    assert _within(5, lambda: quick(fifo)) is None
    zero = Path("/dev/zero")
    err = _within(5, lambda: load_config(zero))
    assert str(err) == "config: /dev/zero: expected a regular file, got a character device"
    assert _within(5, lambda: quick(zero)) is None


def test_an_unknown_binding_id_is_refused_naming_the_known_ones(tmp_path):
    """It was accepted silently (the commands never looked; only the app did)."""
    for text in ('[keys]\n"timer.toggle" = "t"\n"timer.togle" = "y"\n',
                 '[keys]\ntimer.toggle = "t"\ntimer.togle = "y"\n'):
        path = write(tmp_path, text)
        assert error_of(path) == (" line 3: keys.timer.togle: expected a binding id, one of "
                                  + ", ".join(BINDING_IDS) + ", got 'timer.togle'")
        assert quick(path) is None
