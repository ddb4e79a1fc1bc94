"""The Reports pane's dialogs: ``g`` types a range of days, ``x`` writes what is shown to a
file (CSV or Markdown, the same renderers as ``fcc report --format``; names from the database
are data: CSV cells are guarded against formulas, Markdown cells escaped)."""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from fcc.store.errors import InvalidInput
from fcc.tui.readout import report_csv, report_markdown
from fcc.tui.screens.forms import FormModal, Job
from fcc.tui.screens.report_reads import Period, parse_range

if TYPE_CHECKING:
    from fcc.store.clock import Clock
    from fcc.tui.screens.report_reads import ReportData

FORMATS = {"csv": "csv", "md": "md", "markdown": "md"}


class RangeModal(FormModal[Period]):
    """From and to (local days, both included): what ``fcc report --from`` reads for a day."""

    TITLE = "Report a range of days"
    SUBMIT = "Show"
    FIELDS = (("from", "From"), ("to", "To"))
    HINTS = {"from": "2026-11-03, monday, -30d…", "to": "2026-11-19, yesterday, today"}

    def __init__(self, clock: Clock, shown: Period, *, zone: str) -> None:
        super().__init__(clock, {"from": f"{shown.start:%Y-%m-%d}",
                                 "to": f"{shown.end:%Y-%m-%d}"}, zone=zone)

    def submit(self) -> Job[Period]:
        period = parse_range(self.field("from"), self.field("to"), self.clock.now(), self.zone)
        return lambda store: period


def default_name(data: ReportData) -> str:
    return f"report-{data.period.slug()}-by-{data.group}.csv"


def export_text(data: ReportData, fmt: str) -> str:
    if fmt == "md":
        return report_markdown(data.report) + "\n"
    out = io.StringIO()
    report_csv(data.report, out)
    return out.getvalue()


def write_new(path: Path, text: str) -> Path:
    """Write ``text`` to a new file at ``path`` all at once (a temporary file beside it,
    then renamed): never half-written, never over an existing file."""
    path = path.expanduser()
    if path.exists():
        raise InvalidInput("path", "a file that does not exist yet", f"{path} (exists)")
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
    except OSError as exc:
        raise InvalidInput("path", "a file in a folder fcc can write",
                           f"{path} ({exc.strerror})") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        os.link(tmp, path)  # fails if the file appeared meanwhile: nothing replaced
    except OSError as exc:
        raise InvalidInput("path", "a new file fcc can write", f"{path} ({exc.strerror})") \
            from None
    finally:
        Path(tmp).unlink(missing_ok=True)
    return path.resolve()


class ExportModal(FormModal[str]):
    """Format and path (default ``report-2026-11-by-project.csv`` in the current folder)."""

    TITLE = "Export the report"
    SUBMIT = "Export"
    FIELDS = (("format", "Format"), ("path", "File"))
    HINTS = {"format": "csv or md (Markdown)", "path": "a new file"}

    def __init__(self, clock: Clock, data: ReportData) -> None:
        super().__init__(clock, {"format": "csv", "path": default_name(data)},
                         heading=f"{data.period.title()} by {data.group}")
        self.data = data

    def submit(self) -> Job[str]:
        fmt = FORMATS.get(self.field("format").strip().lower())
        if fmt is None:
            raise InvalidInput("format", "csv or md", self.field("format").strip())
        path = Path(self.field("path").strip())
        if not self.field("path").strip():
            raise InvalidInput("path", "a file name, e.g. report.csv")
        if fmt == "md" and not self.touched("path") and path.suffix == ".csv":
            path = path.with_suffix(".md")
        text = export_text(self.data, fmt)
        lines = len(self.data.report.lines)

        def write(store: object) -> str:
            done = write_new(path, text)
            return f"exported {lines} line{'' if lines == 1 else 's'} to {done}"

        return write
