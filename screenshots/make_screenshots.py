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
SHOTS = [("summary-80x24", (80, 24)), ("summary-120x40", (120, 40))]


async def shoot(name: str, size: tuple[int, int], home: Path) -> Path:
    from fcc.store.api import Store
    from fcc.store.clock import FrozenClock
    from fcc.store.demo import seed_demo
    from fcc.store.target import resolve_target
    from fcc.tui.app import make_app

    db = home / f"{name}.db"
    clock = FrozenClock(FROZEN_AT)
    store = Store.open(resolve_target(str(db), environ={}), clock)
    try:
        seed_demo(store)
        app = make_app(store, clock)
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            svg = Path(app.save_screenshot(filename=f"{name}.svg", path=str(HERE)))
    finally:
        store.close()
    return svg


def main() -> None:
    os.environ.pop("TEXTUAL_THEME", None)
    os.environ.pop("NO_COLOR", None)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["HOME"] = tmp  # the app shows ~/NAME.db, the same on every machine
        for name, size in SHOTS:
            svg = asyncio.run(shoot(name, size, Path(tmp)))
            print(f"wrote {svg.relative_to(HERE.parent)}")
            if shutil.which("rsvg-convert"):
                png = svg.with_suffix(".png")
                subprocess.run(["rsvg-convert", "-o", str(png), str(svg)], check=True)
                print(f"wrote {png.relative_to(HERE.parent)}")


if __name__ == "__main__":
    main()
