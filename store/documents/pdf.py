"""A :class:`~fcc.store.documents.layout.Document` as an A4 PDF, through fpdf2 (the optional
``fcc[pdf]`` extra, imported only here, only when a PDF is asked for).

Text is drawn in a Unicode TrueType font found on the system (DejaVu Sans, Noto Sans,
Liberation Sans, FreeSans, Arial...), with CJK fallback fonts where the system has one (Droid
Sans Fallback, WenQuanYi, Noto Sans CJK...), as fpdf2's Unicode guide advises: the core PDF
fonts know Latin-1 only. A character no font found can draw is printed as ``<U+6771>``, never
dropped. Without any TrueType font the core Helvetica is used, with the same rule for what it
cannot draw.
"""

from __future__ import annotations

import os
from pathlib import Path

from fcc.store.documents.layout import Block, Document, Table
from fcc.store.errors import FccError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from fpdf import FPDF

PDF_MISSING = "pdf: expected the fcc[pdf] extra (pip install 'fcc[pdf]')"

# (regular, bold) file names, best first, and the folders they are looked for in
SANS = (
    ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
    ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf"),
    ("LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf"),
    ("FreeSans.ttf", "FreeSansBold.ttf"),
    ("Arial Unicode.ttf", "Arial Unicode.ttf"),
    ("arial.ttf", "arialbd.ttf"),
    ("Arial.ttf", "Arial Bold.ttf"),
)
FALLBACKS = ("DroidSansFallbackFull.ttf", "DroidSansFallback.ttf", "wqy-microhei.ttc",
             "wqy-zenhei.ttc", "NotoSansCJK-Regular.ttc", "NotoSansCJKsc-Regular.otf",
             "msyh.ttc", "Arial Unicode.ttf")
FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.local/share/fonts", "~/.fonts",
             "/Library/Fonts", "/System/Library/Fonts", "~/Library/Fonts",
             "C:/Windows/Fonts")
CORE = "helvetica"
FAMILY = "fcc-sans"

_found: dict[str, Path] | None = None


def _font_files() -> dict[str, Path]:
    """Every wanted font file name -> its first path on this system (looked up once)."""
    global _found
    if _found is None:
        wanted = {name for pair in SANS for name in pair} | set(FALLBACKS)
        found: dict[str, Path] = {}
        for folder in FONT_DIRS:
            root = Path(os.path.expanduser(folder))
            if not root.is_dir():
                continue
            for dirpath, _dirs, files in os.walk(root):
                for name in wanted.intersection(files).difference(found):
                    found[name] = Path(dirpath, name)
        _found = found
    return _found


_cmaps: dict[Path, frozenset[int]] = {}


def _cmap(path: Path) -> frozenset[int]:
    """The characters a font file has glyphs for, read from its cmap table alone (a fallback
    font is only loaded, seconds for a CJK font, when the document needs it)."""
    if path not in _cmaps:
        from fontTools.ttLib import TTFont  # type: ignore[import-untyped]  # fpdf2 needs it

        try:
            with TTFont(path, lazy=True, fontNumber=0) as font:
                _cmaps[path] = frozenset(font["cmap"].getBestCmap() or ())
        except Exception:  # a font fontTools cannot read: it draws nothing here
            _cmaps[path] = frozenset()
    return _cmaps[path]


class _Fonts:
    """The fonts a PDF draws ``needed`` (its characters) with, and what they can draw."""

    def __init__(self, pdf: FPDF, needed: set[int]) -> None:
        files = _font_files()
        self.family = CORE
        self.covered: list[frozenset[int]] = []
        for regular, bold in SANS:
            if regular in files:
                pdf.add_font(FAMILY, "", files[regular])
                pdf.add_font(FAMILY, "B", files.get(bold, files[regular]))
                self.family = FAMILY
                self.covered.append(frozenset(getattr(pdf.fonts[FAMILY], "cmap", ())))
                break
        if self.family == CORE:
            return
        missing = needed - self.covered[0]
        fallbacks: list[str] = []
        for name in (n for n in FALLBACKS if n in files):
            if not missing:
                break
            if not missing & _cmap(files[name]):
                continue
            family = f"fcc-fallback-{len(fallbacks)}"
            try:
                pdf.add_font(family, "", files[name])
            except Exception:  # a font fpdf2 cannot read: try the next
                continue
            fallbacks.append(family)
            self.covered.append(_cmap(files[name]))
            missing -= _cmap(files[name])
        if fallbacks:
            pdf.set_fallback_fonts(fallbacks, exact_match=False)

    def drawable(self, value: str) -> str:
        """``value`` with each character no font can draw as ``<U+XXXX>``."""
        if all(self._can(ord(char)) for char in value):
            return value
        return "".join(char if self._can(ord(char)) else _named(ord(char)) for char in value)

    def _can(self, code: int) -> bool:
        if self.family == CORE:
            return code < 256  # the core fonts' Latin-1
        return code in (0x0A, 0x20) or any(code in covered for covered in self.covered)


def _named(code: int) -> str:
    """A character no font draws, by its code; a control picture (how ``visible`` shows a
    control character, U+241B for ESC) by the control's own code (``<U+001B>``)."""
    if 0x2400 <= code <= 0x2420:
        code -= 0x2400
    elif code == 0x2421:
        code = 0x7F
    return f"<U+{code:04X}>"


def pdf_bytes(doc: Document) -> bytes:
    try:
        from fpdf import FPDF
    except ImportError:
        raise FccError(PDF_MISSING) from None

    title = doc.title if len(doc.title) <= 90 else doc.title[:89] + "\u2026"

    class _Page(FPDF):
        def footer(self) -> None:
            self.set_y(-12)
            self.set_font(fonts.family, "", 8)
            self.set_text_color(110)
            self.cell(0, 5, fonts.drawable(f"{title} \u00b7 page {self.page_no()} of {{nb}}"),
                      align="C")

    pdf = _Page(format="A4", unit="mm")
    fonts = _Fonts(pdf, _characters(doc, title))
    pdf.set_margins(18, 16, 18)
    pdf.set_auto_page_break(True, margin=18)
    pdf.set_title(fonts.drawable(doc.title))
    pdf.set_creator("fcc")
    pdf.add_page()
    _Writer(pdf, fonts).document(doc)
    return bytes(pdf.output())


def _characters(doc: Document, title: str) -> set[int]:
    texts = [title, doc.title, doc.status, *(label for label, _ in (*doc.facts, *doc.sums)),
             *(value for _, value in (*doc.facts, *doc.sums))]
    for block in (*doc.parties, *doc.notes):
        texts += [block.label.upper(), *block.lines]
    for table in doc.tables:
        texts += [cell for row in (table.heads, *table.rows, *table.totals) for cell in row]
    return {ord(char) for char in "".join(texts)}


class _Writer:
    def __init__(self, pdf: FPDF, fonts: _Fonts) -> None:
        self.pdf = pdf
        self.fonts = fonts
        self.t = fonts.drawable

    def font(self, size: float, bold: bool = False, grey: bool = False) -> None:
        self.pdf.set_font(self.fonts.family, "B" if bold else "", size)
        self.pdf.set_text_color(90 if grey else 17)

    def para(self, value: str, size: float = 10, *, bold: bool = False, grey: bool = False,
             h: float = 5, w: float = 0) -> None:
        self.font(size, bold, grey)
        self.pdf.multi_cell(w, h, self.t(value), align="L", new_x="LMARGIN", new_y="NEXT")

    def document(self, doc: Document) -> None:
        pdf = self.pdf
        self.para(doc.title, 17, bold=True, h=8)
        if doc.status:
            pdf.ln(1)
            self.font(11, bold=True)
            if doc.status.startswith("Void"):
                pdf.set_text_color(170, 0, 0)  # as the HTML marks it
            pdf.multi_cell(0, 5, self.t(doc.status), align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)
        if doc.parties:
            self.parties(doc.parties)
        self.facts(doc.facts)
        for table in doc.tables:
            self.table(table)
        if doc.sums:
            self.sums(doc.sums)
        for block in doc.notes:
            if block.label:
                self.para(block.label, 9, bold=True, grey=True)
            self.para("\n".join(block.lines))
            pdf.ln(2)

    def parties(self, blocks: tuple[Block, ...]) -> None:
        pdf = self.pdf
        width = (pdf.epw - 8 * (len(blocks) - 1)) / len(blocks)
        top, bottom = pdf.get_y(), pdf.get_y()
        page = pdf.page
        for n, block in enumerate(blocks):
            pdf.page = page
            pdf.set_xy(pdf.l_margin + n * (width + 8), top)
            self.font(8.5, bold=True, grey=True)
            pdf.multi_cell(width, 4.5, self.t(block.label.upper()), align="L",
                           new_x="LEFT", new_y="NEXT")
            self.font(10)
            pdf.multi_cell(width, 5, self.t("\n".join(block.lines)), align="L",
                           new_x="LEFT", new_y="NEXT")
            if pdf.page == page:
                bottom = max(bottom, pdf.get_y())
            else:  # a block ran onto the next page: carry on below it there
                page, bottom, top = pdf.page, pdf.get_y(), pdf.t_margin
        pdf.page = page
        pdf.set_xy(pdf.l_margin, bottom + 5)

    def facts(self, facts: tuple[tuple[str, str], ...]) -> None:
        pdf = self.pdf
        label_w = 4 + max(self._width(label, 9.5) for label, _ in facts)
        for label, value in facts:
            self.font(9.5, grey=True)
            pdf.cell(label_w, 5, self.t(label))
            self.font(10)
            pdf.multi_cell(0, 5, self.t(value), align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)

    def table(self, table: Table) -> None:
        from fpdf.fonts import FontFace

        pdf = self.pdf
        self.font(9.5)
        widths = [max(self._width(h, 9.5, bold=True), *(self._width(r[i], 9.5)
                      for r in (*table.rows, *table.totals))) + 5
                  for i, h in enumerate(table.heads)]
        widths = _fit(widths, table.kept(), pdf.epw)
        bold = FontFace(emphasis="BOLD")
        with pdf.table(col_widths=widths, width=pdf.epw, line_height=5.2,
                       borders_layout="HORIZONTAL_LINES", align="LEFT",
                       headings_style=FontFace(emphasis="BOLD", color=17),
                       padding=(1.2, 1.5), v_align="TOP") as out:
            for cells, style in ([(table.heads, None)] + [(r, None) for r in table.rows]
                                 + [(r, bold) for r in table.totals]):
                row = out.row()
                for cell, numeric in zip(cells, table.numeric, strict=True):
                    row.cell(self.t(cell), align="RIGHT" if numeric else "LEFT", style=style)
        pdf.ln(4)

    def sums(self, sums: tuple[tuple[str, str], ...]) -> None:
        pdf = self.pdf
        value_w = 6 + max(self._width(value, 10.5, bold=True) for _, value in sums)
        label_w = 6 + max(self._width(label, 10.5, bold=True) for label, _ in sums)
        for n, (label, value) in enumerate(sums):
            last = n == len(sums) - 1
            pdf.set_x(pdf.l_margin + pdf.epw - value_w - label_w)
            if last:
                y = pdf.get_y() + 0.5
                pdf.line(pdf.get_x(), y, pdf.l_margin + pdf.epw, y)
                pdf.ln(1)
                pdf.set_x(pdf.l_margin + pdf.epw - value_w - label_w)
            self.font(10.5, bold=last)
            pdf.cell(label_w, 6, self.t(label))
            pdf.cell(value_w, 6, self.t(value), align="R", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(5)

    def _width(self, value: str, size: float, bold: bool = False) -> float:
        self.font(size, bold)
        return float(self.pdf.get_string_width(self.t(value)))


def _fit(widths: list[float], numeric: tuple[bool, ...], total: float) -> list[float]:
    """Column widths that fill ``total``: numbers, dates and times (``numeric``: the columns
    kept unwrapped) keep their natural width (scaled down only if they would leave text under
    a third); each text column gets up to a fair share, and
    what is left goes to the columns that want more, by how much more (long text wraps)."""
    texts = [i for i, num in enumerate(numeric) if not num]
    fixed = sum(w for w, num in zip(widths, numeric, strict=True) if num)
    room = total - fixed if not texts else max(total - fixed, total / 3)
    out = [w * (total - room) / fixed if num and fixed else w
           for w, num in zip(widths, numeric, strict=True)]
    if not texts:
        return out
    fair = room / len(texts)
    for i in texts:
        out[i] = min(widths[i], fair)
    want = {i: widths[i] - out[i] for i in texts}
    left = room - sum(out[i] for i in texts)
    for i in texts:
        out[i] += left * want[i] / sum(want.values()) if sum(want.values()) else left / len(texts)
    return out
