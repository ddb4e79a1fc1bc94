"""``fcc invoice export REF`` through the real ``fcc``, on both backends: the default file
name in the current folder, each format, --output (and ``-`` for stdout), never replacing a
file without --force, and one-line errors."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest

from fcc.store import records_billing as rb
from fcc.store.documents import invoice_markdown
from tests.test_cli import fcc as run

CLIENT = "Zoë Łódź 東京 <b>&amp;"
UTC = dt.UTC


def at(day: int, hour: int) -> dt.datetime:
    return dt.datetime(2026, 11, day, hour, tzinfo=UTC)


@pytest.fixture
def billed(target, clock, tmp_path):
    """An issued invoice (2026-0001) and a draft, made through the store; the fcc options
    that reach the same database."""
    from fcc.store.api import Store

    store = Store.open(target, clock)
    try:
        store.billing = rb.BillingSettings(seller=rb.Party(name="Ada Consulting",
                                                           address="1 Main St\nBerlin"))
        store.create_client({"name": CLIENT, "hourly_rate": "85", "currency": "EUR"})
        store.create_client({"name": "Globex", "hourly_rate": "50", "currency": "EUR"})
        store.create_project({"name": "Web | site", "client": CLIENT})
        store.create_project({"name": "Shop", "client": "Globex"})
        store.add_entry(f"{CLIENT}/Web | site", at(3, 9), at(3, 12), note="**bold** note")
        store.add_entry(f"{CLIENT}/Web | site", at(4, 13), at(4, 14))
        store.add_entry("Globex/Shop", at(5, 9), at(5, 10))
        issued = store.issue_invoice(
            store.create_invoice(CLIENT, start=dt.date(2026, 11, 1), end=dt.date(2026, 11, 15)).id,
            on=dt.date(2026, 11, 20))
        draft = store.create_invoice("Globex", start=dt.date(2026, 11, 1),
                                     end=dt.date(2026, 11, 15))
    finally:
        store.close()
    where = (["--db", str(target.path)] if target.path is not None
             else ["--db", target.url, "--workspace", target.workspace])
    return where, issued, draft, tmp_path


def cli(billed, *args: str, code: int = 0, cwd: Path | None = None) -> str:
    where, _, _, home = billed
    out = run(*where, "invoice", "export", *args, home=home, check=False, cwd=cwd or home)
    assert out.returncode == code, (args, out.stdout, out.stderr)
    if code:
        assert out.stderr.startswith("fcc: error: ") and out.stderr.count("\n") == 1, out.stderr
        assert "Traceback" not in out.stderr and out.stdout == ""
        return out.stderr.removeprefix("fcc: error: ").rstrip("\n")
    return out.stdout


def test_export_writes_the_default_name_and_prints_it(billed) -> None:
    _, issued, draft, home = billed
    assert issued.number == "2026-0001" and issued.total == issued.subtotal + issued.tax
    out = cli(billed, "2026-0001")  # PDF unless told otherwise
    pdf = home / "invoice-2026-0001.pdf"
    assert out == f"{pdf}\n"
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    for said in ("Invoice 2026-0001", "Ada Consulting", CLIENT, "Web | site",
                 f"{issued.total:.2f} EUR", "2026-11-20"):
        assert said in text, said

    out = cli(billed, str(draft.id), "--format", "html")
    page = (home / f"draft-{draft.id}.html").read_text()
    assert out == f"{home / f'draft-{draft.id}.html'}\n"
    assert f"Draft invoice {draft.id}" in page and "Globex" in page


def test_markdown_to_a_file_and_to_stdout(billed) -> None:
    _, issued, _, home = billed
    target = home / "sent" / "acme.md"
    target.parent.mkdir()
    assert cli(billed, "2026-0001", "-o", str(target)) == f"{target}\n"  # md from the suffix
    assert target.read_text() == invoice_markdown(issued)
    assert "&lt;b&gt;" not in target.read_text() and "\\<b\\>\\&amp;" in target.read_text()
    assert cli(billed, "2026-0001", "--format", "md", "-o", "-") == invoice_markdown(issued)


def test_export_never_replaces_a_file_unasked(billed) -> None:
    _, _, _, home = billed
    cli(billed, "2026-0001", "--format", "md")
    path = home / "invoice-2026-0001.md"
    path.write_text("edited by hand")
    assert cli(billed, "2026-0001", "--format", "md", code=2) \
        == f"{path} exists; choose another file or pass --force"
    assert path.read_text() == "edited by hand"
    cli(billed, "2026-0001", "--format", "md", "--force")
    assert path.read_text().startswith("# Invoice 2026-0001\n")
    assert sorted(p.name for p in home.glob("*.md")) == ["invoice-2026-0001.md"]


def test_export_errors_are_one_line(billed) -> None:
    _, _, _, home = billed
    assert cli(billed, "2026-0001", "--format", "docx", code=2) \
        == "--format: expected md, html or pdf, got 'docx'"
    assert "2026-0099" in cli(billed, "2026-0099", code=2)
    missing = home / "nope" / "x.md"
    assert cli(billed, "2026-0001", "-o", str(missing), code=2) \
        == f"cannot write {missing}: the folder {missing.parent} does not exist"
