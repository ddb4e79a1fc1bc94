"""Regenerate the README's screenshots from the demo data on a frozen clock.

    python screenshots/make_screenshots.py

Writes SVGs next to this script, and PNGs too where ``rsvg-convert`` is installed.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
FROZEN_AT = "2026-11-23T10:30:00+00:00"
# name, terminal size, keys pressed after launch[, the world: "demo" (default), "empty" (a new
# database), "next-week" (the demo a week on: its week 8 waits for the weekly review)]
Shot = tuple[str, tuple[int, int], list[str]] | tuple[str, tuple[int, int], list[str], str]
SHOTS: list[Shot] = [
    ("timers-120x40", (120, 40), []),
    ("timers-80x24", (80, 24), []),
    ("start-on-120x40", (120, 40), ["T", "s", "h", "o"]),
    ("amend-120x40", (120, 40), ["down", "down", "a"]),
    ("reports-120x40", (120, 40), ["4"]),
    ("reports-80x24", (80, 24), ["4"]),
    # tab cycles project -> card -> day -> week -> month -> client
    ("reports-by-client-120x40", (120, 40), ["4", *["tab"] * 5]),
    ("invoices-120x40", (120, 40), ["5"]),
    ("invoices-80x24", (80, 24), ["5"]),
    ("invoice-preview-120x40", (120, 40), ["5", "enter"]),
    ("history-120x40", (120, 40), ["6"]),
    ("help-120x40", (120, 40), ["question_mark"]),
    ("boards-120x40", (120, 40), ["1"]),
    ("boards-80x24", (80, 24), ["1"]),
    ("boards-filter-120x40", (120, 40), ["1", "slash", *"blocked", "enter"]),
    ("card-detail-120x40", (120, 40), ["1", "l", "l", "down", "enter"]),
    ("card-form-120x40", (120, 40), ["1", "n"]),
    ("boards-wip-120x40", (120, 40), ["1", "l", "L"]),
    ("plan-120x40", (120, 40), ["3"]),
    ("plan-80x24", (80, 24), ["3"]),
    ("plan-empty-120x40", (120, 40), ["3"], "empty"),
    ("plan-review-120x40", (120, 40), ["3", "r"], "next-week"),
    # the last unfinished item: the VAT return, rolled over three times (flagged)
    ("plan-review-item-120x40", (120, 40), ["3", "r", "enter", *"sssssss"], "next-week"),
    ("plan-locked-120x40", (120, 40), ["3", "q", "backspace", "backspace", "9", "enter"]),
    ("plan-journal-120x40", (120, 40), ["3", "j"]),
]


async def shoot(name: str, size: tuple[int, int], keys: list[str], home: Path,
                world: str = "demo") -> Path:
    from fcc.store.api import Store
    from fcc.store.clock import FrozenClock
    from fcc.store.demo import seed_demo
    from fcc.store.demo_billing import demo_seller
    from fcc.store.recordtype import replace
    from fcc.store.target import resolve_target
    from fcc.tui.app import make_app
    from fcc.tui.storework import settled

    db = home / f"{name}.db"
    clock = FrozenClock(FROZEN_AT)
    store = Store.open(resolve_target(str(db), environ={}), clock)
    try:
        if world != "empty":
            seed_demo(store)
            store.billing = replace(store.billing, seller=demo_seller())  # as fcc demo does
        if world == "next-week":  # stopped first: a week-long timer would open its dialog
            store.stop_timer()
            clock.advance(days=7)
        app = make_app(store, clock, cursor_blink=False)
        async with app.run_test(size=size) as pilot:
            await app.main.wait_until_ready()
            await pilot.pause()
            for key in keys:
                await pilot.press(key)
                await settled(app)  # the store's work the key started (e.g. the picker's list)
            await pilot.pause()
            svg = Path(app.save_screenshot(filename=f"{name}.svg", path=str(HERE)))
    finally:
        store.close()
    return svg


def main() -> None:
    os.environ.pop("TEXTUAL_THEME", None)
    os.environ.pop("NO_COLOR", None)
    os.environ["FCC_ZONE"] = "Europe/Berlin"  # the demo's zone, whatever this machine's
    for old in HERE.glob("*.svg"):
        old.unlink()
    for old in HERE.glob("*.png"):
        old.unlink()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["HOME"] = tmp
        os.environ["FCC_CONFIG"] = str(Path(tmp) / "no-config.toml")  # the defaults
        for name, size, keys, *world in SHOTS:
            svg = asyncio.run(shoot(name, size, keys, Path(tmp), *world))
            print(f"wrote {svg.relative_to(HERE.parent)}")
            if shutil.which("rsvg-convert"):
                png = svg.with_suffix(".png")
                subprocess.run(["rsvg-convert", "-o", str(png), str(svg)], check=True)
                print(f"wrote {png.relative_to(HERE.parent)}")


if __name__ == "__main__":
    main()
