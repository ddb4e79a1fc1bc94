"""Invoices and timesheets as PDF (fpdf2), read back by their text with poppler's pdftotext and
looked at as pictures with pdftoppm; and write_document, which writes every document file.

The PDF draws with a Unicode TrueType font found on the system and CJK fallbacks (.ci/run
installs fonts-dejavu-core and fonts-droid-fallback with poppler-utils)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from fcc.store import documents
from fcc.store.documents import pdf as pdfmod
from fcc.store.documents import write_document
from fcc.store.errors import FccError
from fcc.store.recordtype import replace
from tests.store import doc_records as rec


def pdf_text(data: bytes, tmp_path: Path, *, layout: bool = False) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(data)
    args = ["pdftotext", "-enc", "UTF-8", *(["-layout"] if layout else []), str(path), "-"]
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def pictures(data: bytes, tmp_path: Path) -> list[Image.Image]:
    path = tmp_path / "pic.pdf"
    path.write_bytes(data)
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(path), str(tmp_path / "page")],
                   check=True)
    return [Image.open(p).convert("L") for p in sorted(tmp_path.glob("page-*.png"))]


def ink(picture: Image.Image, box: tuple[float, float, float, float] = (0, 0, 1, 1)) -> float:
    """The share of pixels that are not white in ``box`` (fractions of the page)."""
    w, h = picture.size
    part = picture.crop((int(box[0] * w), int(box[1] * h), int(box[2] * w), int(box[3] * h)))
    hist = part.histogram()
    return 1 - sum(hist[230:]) / sum(hist)


def test_invoice_pdf_says_what_the_invoice_says(tmp_path: Path) -> None:
    data = documents.invoice_pdf(rec.invoice())
    assert data.startswith(b"%PDF-")
    text = pdf_text(data, tmp_path)
    for said in ("Invoice 2026-0003", "Ada Lovelace Consulting", "Tax ID: DE123456789",
                 "IBAN DE02 1203 0000 0000 2020 51", "Zoë Łódź 東京", rec.SCRIPT,
                 "| **bold** _it_ `code`", "# Not a heading", "Tax ID: PL|123\\456",
                 "2026-12-01", "2026-12-31", "2026-11-01 to 2026-11-30", "Website | redesign",
                 "10.00", "1.51", "128.21", "120.00", "1008.21 EUR", "Tax 19%", "191.56 EUR",
                 "1199.77 EUR", "**not bold** <b>nor this</b>", "page 1 of 1"):
        assert said in text, said
    assert "\x1b" not in text and "\x07" not in text
    assert "<U+001B>[2J<U+0007>" in text  # shown by their codes, never sent
    # the long unbroken name wraps inside its column instead of running off the page
    joined = text.replace("\n", "")
    assert rec.LONG.replace(" ", "") in joined.replace(" ", "")


def test_invoice_pdf_has_ink_where_the_text_is(tmp_path: Path) -> None:
    long_buyer = replace(rec.BUYER, name=rec.LONG, address=rec.LONG)
    pages = pictures(documents.invoice_pdf(rec.invoice(buyer=long_buyer)), tmp_path)
    assert len(pages) == 1
    page = pages[0]
    assert page.size[0] < page.size[1]  # portrait (A4 at 60 dpi: 496 x 702)
    assert abs(page.size[0] / page.size[1] - 210 / 297) < 0.01
    assert ink(page, (0.05, 0.02, 0.6, 0.09)) > 0.03  # the title
    assert ink(page, (0.05, 0.1, 0.95, 0.6)) > 0.02  # parties, facts, lines
    assert ink(page, (0, 0.92, 1, 0.95)) < 0.2  # the footer's small print, not a smear
    # the margins stay clean: long names wrap inside their block and column
    assert ink(page, (0, 0, 0.05, 1)) == 0 and ink(page, (0.95, 0, 1, 1)) == 0


def test_non_latin_text_is_drawn_not_dropped(tmp_path: Path) -> None:
    name = "Łódź Ωμέγα Москва 東京"
    inv = rec.invoice(buyer=replace(rec.BUYER, name=name), client=name, lines=rec.LINES[:1],
                      note="hieroglyph \U00013080 end")
    text = pdf_text(documents.invoice_pdf(inv), tmp_path)
    assert name in text
    assert "hieroglyph <U+13080> end" in text  # no font here draws it: named, not dropped
    fonts = subprocess.run(["pdffonts", str(tmp_path / "doc.pdf")], check=True,
                           capture_output=True, text=True).stdout
    assert "DejaVu" in fonts or "Noto" in fonts or "Liberation" in fonts  # embedded TTF
    assert "Droid" in fonts or "WenQuanYi" in fonts or "CJK" in fonts  # the fallback drew 東京


def test_without_any_truetype_font_no_character_is_lost(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdfmod, "_found", {})  # a system with no font files at all
    inv = rec.invoice(buyer=replace(rec.BUYER, name="Łódź Zoë"), lines=rec.LINES[:1], note="")
    text = pdf_text(documents.invoice_pdf(inv), tmp_path)
    assert "<U+0141>ód<U+017A> Zoë" in text  # Latin-1 drawn, the rest named, nothing dropped
    assert "Invoice 2026-0003" in text and "1199.77 EUR" in text


def test_timesheet_pdf_runs_over_pages_with_its_headings(tmp_path: Path) -> None:
    import datetime as dt

    start = rec.ENTRIES[0].start
    entries = [rec.entry(n, start + dt.timedelta(hours=3 * n),
                         start + dt.timedelta(hours=3 * n + 2), note=f"entry {n} 東京")
               for n in range(1, 61)]
    data = documents.timesheet_pdf(rec.approval(), entries)
    text = pdf_text(data, tmp_path)
    assert "Timesheet \u2014 Zoë Łódź 東京" in text
    assert "entry 1 東京" in text and "entry 60 東京" in text
    pages = text.count("\f")
    assert pages >= 3 and f"page {pages} of {pages}" in text
    sheets = text.split("\f")[:pages]
    # the entries' headings on every page they run over (the last may hold only the totals)
    assert all("Project" in sheet for sheet in sheets[:-1])
    assert "998.75 EUR" in text and "75.00 PLN" in text
    shots = pictures(data, tmp_path)
    assert len(shots) == pages and ink(shots[0]) > 0.02
    assert all(ink(p) > 0.002 for p in shots)  # the last: the totals and the note


def test_pdf_without_fpdf2_says_which_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "fpdf", None)  # import fpdf raises ImportError
    with pytest.raises(FccError) as err:
        documents.render("invoice", rec.invoice(), "pdf")
    assert str(err.value) == "pdf: expected the fcc[pdf] extra (pip install 'fcc[pdf]')"


def test_store_never_imports_fpdf_for_text_documents() -> None:
    code = ("import sys; from fcc.store import documents; from tests.store import doc_records"
            " as r; documents.render('invoice', r.invoice(), 'html');"
            " documents.render('invoice', r.invoice(), 'md'); print('fpdf' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                         text=True, cwd=Path(__file__).parent.parent).stdout
    assert out.strip() == "False"


# --- write_document ----------------------------------------------------------------------


def test_write_refuses_to_replace_without_force(tmp_path: Path) -> None:
    path = tmp_path / "invoice.md"
    assert write_document(path, b"first") == path
    with pytest.raises(FccError, match=r"invoice\.md exists; choose another file or pass "
                                       r"--force$") as err:
        write_document(path, b"second")
    assert err.value.exit_code == 2
    assert path.read_bytes() == b"first"
    write_document(path, b"second", force=True)
    assert path.read_bytes() == b"second"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["invoice.md"]  # no temporary left


def test_write_is_whole_or_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "invoice.pdf"
    path.write_bytes(b"the old one")

    def broken(src: object, dst: object) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(FccError, match="Input/output error; nothing was written$"):
        write_document(path, b"new", force=True)
    assert path.read_bytes() == b"the old one"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["invoice.pdf"]


def test_write_names_a_missing_folder_a_folder_and_a_fifo(tmp_path: Path) -> None:
    missing = tmp_path / "nope" / "invoice.md"
    with pytest.raises(FccError, match="the folder .*nope does not exist$"):
        write_document(missing, b"x")
    assert not missing.parent.exists()
    with pytest.raises(FccError, match="it is a folder; give a file name$"):
        write_document(tmp_path, b"x", force=True)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(FccError, match=r"it is a FIFO \(named pipe\), not a file$"):
        write_document(fifo, b"x", force=True)


def test_write_to_a_read_only_folder_is_one_line(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    code = ("from pathlib import Path; import sys; from fcc.store.documents import "
            "write_document; from fcc.store.errors import FccError\n"
            "try:\n    write_document(Path(sys.argv[1]), b'x')\n"
            "except FccError as e:\n    print(e, e.exit_code)")
    # as root, the folder's mode stops nobody: drop the capabilities that let root write it
    run = subprocess.run(["setpriv", "--bounding-set=-dac_override,-dac_read_search",
                          "--inh-caps=-dac_override,-dac_read_search", "--", sys.executable, "-c",
                          code, str(folder / "invoice.md")],
                         capture_output=True, text=True, check=True)
    assert run.stderr == ""
    assert run.stdout == (f"cannot write {folder}/invoice.md: the folder {folder} is read-only "
                          "for you; nothing was written 2\n")
    assert list(folder.iterdir()) == []


def test_write_on_a_full_disk_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    real_fdopen = os.fdopen

    class Full:
        def __init__(self, fd: int) -> None:
            self.file = real_fdopen(fd, "wb")

        def __enter__(self) -> Full:
            return self

        def __exit__(self, *exc: object) -> None:
            self.file.close()

        def write(self, data: bytes) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fdopen", lambda fd, mode: Full(fd))
    path = tmp_path / "invoice.pdf"
    with pytest.raises(FccError) as err:
        write_document(path, b"%PDF-")
    assert str(err.value) == f"cannot write {path}: the disk is full; nothing was written"
    assert list(tmp_path.iterdir()) == []
