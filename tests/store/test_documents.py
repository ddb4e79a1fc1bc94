"""Invoices, credit notes and timesheets as Markdown and HTML (fcc.store.documents): what they
say, and that database text stays text. No database: records built by hand (doc_records).

The Markdown is read back with markdown-it-py (CommonMark with GFM tables, as the documents
are written) and the HTML with the standard library's parser, so "escaped" means what a real
reader makes of it, not what a regular expression hopes."""

from __future__ import annotations

import datetime as dt
from html import unescape
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from fcc.store import documents
from fcc.store.documents import layout
from fcc.store.documents.markdown import escape, inline
from fcc.store.errors import InvalidInput
from fcc.store.visible import visible
from tests.store import doc_records as rec

MD = MarkdownIt("commonmark").enable("table").enable("strikethrough")
SHOWN = " ".join(visible(rec.HOSTILE).split())  # the hostile text as documents print it


class Page(HTMLParser):
    """Tags, attributes, and the text of each table row, of an HTML page."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.rows: list[list[str]] = []
        self.text: list[str] = []
        self._cell: list[str] | None = None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend(attrs)
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append("".join(self._cell))
            self._cell = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)


def md_page(markdown: str) -> Page:
    return Page(MD.render(markdown))


# --- escaping ------------------------------------------------------------------------------


@settings(max_examples=300, derandomize=True, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=40))
def test_markdown_escape_shows_any_text_as_itself(raw: str) -> None:
    shown = layout.text(raw)  # one line, controls shown: what a document hands the writer
    assert "".join(md_page(escape(shown)).text) == (shown + "\n" if shown else "")
    cell = md_page(f"| h |\n|---|\n| {inline(shown)} |\n")
    assert cell.rows == [["h"], [shown]]
    assert set(cell.tags) <= {"table", "thead", "tbody", "tr", "th", "td"}


@pytest.mark.parametrize("raw", ["# head", "- item", "+ item", "1. one", "12) twelve",
                                 "> quote", "---", "===", "***", "    code", "<div>x</div>",
                                 "[a](http://x)", "![i](http://x/i.png)", "&copy;", "`c`",
                                 "~~s~~", "a\\", "\\*", "<http://x>"])
def test_markdown_escape_leaves_no_markup_at_a_line_start(raw: str) -> None:
    page = md_page(escape(layout.text(raw)))
    assert page.tags == ["p"], raw
    assert "".join(page.text).strip() == layout.text(raw)


# --- invoices ------------------------------------------------------------------------------


def test_invoice_markdown_says_everything_and_keeps_text_as_text() -> None:
    md = documents.invoice_markdown(rec.invoice())
    assert md.startswith("# Invoice 2026-0003\n")
    assert "\x1b" not in md and "\x07" not in md and "\u241b[2J" in md.replace("\\", "")
    page = md_page(md)
    # our own markup only: the hostile text made no script, link, code, emphasis or list
    assert set(page.tags) <= {"h1", "p", "strong", "br", "ul", "li", "table", "thead",
                              "tbody", "tr", "th", "td"}
    assert page.tags.count("ul") == 1  # the facts; the buyer's "- not a list" is text
    text = "".join(page.text)
    for said in ("Ada Lovelace Consulting", "10115 Berlin", "Tax ID: DE123456789",
                 "ada@example.com", "Bank: IBAN DE02 1203 0000 0000 2020 51", "BIC BYLADEM1001",
                 SHOWN, "# Not a heading", "- not a list", "1. not numbered", "> no quote",
                 "Tax ID: PL|123\\456", "Issue date: 2026-12-01", "Due date: 2026-12-31",
                 "Period: 2026-11-01 to 2026-11-30", "Currency: EUR",
                 "**not bold** <b>nor this</b>"):
        assert said in text, said
    assert page.rows == [
        ["Description", "Hours", "Rate", "Amount (EUR)"],
        ["Website | redesign", "10.00", "85.00", "850.00"],
        [SHOWN, "1.51", "85.00", "128.21"],
        [rec.LONG, "0.25", "120.00", "30.00"],
        ["", ""],
        ["Subtotal", "1008.21 EUR"], ["Tax 19%", "191.56 EUR"], ["Total", "1199.77 EUR"],
    ]


def test_invoice_html_is_one_escaped_self_contained_page() -> None:
    html = documents.invoice_html(rec.invoice())
    assert html.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in html
    assert "@page { size: A4" in html
    page = Page(html)
    assert "script" not in page.tags and "b" not in page.tags and "i" not in page.tags
    assert set(page.tags) <= {"html", "head", "meta", "title", "style", "body", "h1", "h2", "p",
                              "br", "wbr", "div", "section", "dl", "dt", "dd", "table", "thead",
                              "tbody", "tr", "th", "td"}
    assert not [a for a in page.attrs if a[0] in ("src", "href", "srcset", "style")]
    assert "url(" not in html and "@import" not in html and "http" not in html.lower().replace(
        "http://x", "")  # the hostile text's own link text is text
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "\x1b" not in html and "\x07" not in html
    assert page.rows[:4] == [
        ["Description", "Hours", "Rate", "Amount (EUR)"],
        ["Website | redesign", "10.00", "85.00", "850.00"],
        [SHOWN, "1.51", "85.00", "128.21"],
        [rec.LONG, "0.25", "120.00", "30.00"],
    ]
    # the 250-character name may break every 24 characters (its text unchanged, above)
    assert "Verylonglonglonglonglong<wbr>longlonglong" in html
    assert page.rows[4:] == [["Subtotal", "1008.21 EUR"], ["Tax 19%", "191.56 EUR"],
                             ["Total", "1199.77 EUR"]]
    text = unescape("".join(page.text))
    assert "Ada Lovelace Consulting" in text and "Zoë Łódź 東京" in text
    assert "Invoice 2026-0003" in page.text


def test_html_and_markdown_say_the_same() -> None:
    inv = rec.invoice()
    md, html = md_page(documents.invoice_markdown(inv)), Page(documents.invoice_html(inv))
    assert md.rows[:4] == html.rows[:4]
    assert md.rows[5:] == html.rows[4:]


def test_draft_credit_note_paid_and_void() -> None:
    draft = documents.invoice_markdown(rec.draft())
    assert draft.startswith("# Draft invoice 7 \u2014 not issued\n")
    assert "not a valid invoice until issued" in draft and "Issue date: not issued" in draft
    assert "From" not in draft  # no seller snapshot before issue
    assert f"**Bill to**\\\n{escape(SHOWN)}\n" in draft  # the client's name, still escaped

    credit = documents.invoice_markdown(rec.credit_note())
    assert credit.startswith("# Credit note CN-2026-0001 for invoice 2026-0003\n")
    assert "| **Total credited** | **1199.77 EUR** |" in credit
    assert "cancels invoice 2026-0003" in credit

    paid = documents.invoice_html(rec.invoice(status="paid", paid_date=dt.date(2026, 12, 14)))
    assert "Paid on 2026-12-14" in paid
    void = documents.invoice_markdown(rec.invoice(status="void", credited_by="CN-2026-0001",
                                                  void_reason="wrong <rate>"))
    assert "**Void \u2014 credited by CN-2026-0001: wrong \\<rate\\>**" in void
    void_draft = documents.invoice_markdown(rec.draft(status="void", void_reason="dup"))
    assert "**Void: dup**" in void_draft


def test_tax_reverse_charge_and_no_rate() -> None:
    from decimal import Decimal

    rc = rec.invoice(reverse_charge=True, tax_rate=None, tax=Decimal("0.00"),
                     total=Decimal("1008.21"))
    for out in (documents.invoice_markdown(rc), documents.invoice_html(rc)):
        assert layout.REVERSE_CHARGE in out
        assert "Tax (reverse charge)" in out and "0.00 EUR" in out and "1008.21 EUR" in out
    half = documents.invoice_markdown(rec.invoice(tax_rate=Decimal("7.50")))
    assert "| Tax 7.5% | 191.56 EUR |" in half  # the record's tax as given, never recomputed
    whole = documents.invoice_markdown(rec.invoice(tax_rate=Decimal("20")))
    assert "| Tax 20% |" in whole  # never 2E+1
    none = documents.invoice_markdown(rec.invoice(tax_rate=None, tax=Decimal("0.00"),
                                                  total=Decimal("1008.21")))
    assert "| Tax | 0.00 EUR |" in none and layout.REVERSE_CHARGE not in none


def test_file_names() -> None:
    assert layout.invoice_file_name(rec.invoice(), "pdf") == "invoice-2026-0003.pdf"
    assert layout.invoice_file_name(rec.credit_note(), "md") == "credit-CN-2026-0001.md"
    assert layout.invoice_file_name(rec.draft(), "html") == "draft-7.html"
    assert layout.invoice_file_name(rec.invoice(number="../../etc/x y"), "md") \
        == "invoice-.._.._etc_x_y.md"


# --- timesheets ----------------------------------------------------------------------------


def test_timesheet_markdown_lists_entries_in_the_approvals_zone() -> None:
    md = documents.timesheet_markdown(rec.approval(), rec.ENTRIES)
    assert md.startswith(f"# Timesheet \u2014 {inline(SHOWN)}, 2026-11-01 to 2026-11-30\n")
    page = md_page(md)
    assert "script" not in page.tags and "em" not in page.tags and "a" not in page.tags
    text = "".join(page.text)
    for said in ("Awaiting approval", "Approval: 3", "Times in: Europe/Berlin", "Entries: 3",
                 "Submitted: 2026-12-01 10:00", "Status: pending", "Please approve by Friday."):
        assert said in text, said
    assert page.rows == [
        ["Date", "Time", "Project", "Card", "Note", "Hours"],
        ["2026-11-03", "09:00\u201319:00", "Website", "Card <i>one</i>",
         "pipe | in a **note**", "10.00"],
        ["2026-11-04", "23:30\u201301:00 (+1)", "Website", "\u2014", SHOWN, "1.50"],
        ["2026-11-20", "14:00\u201314:15", "Zoë Łódź 東京", "\u2014", "\u2014", "0.25"],
        ["Currency", "Hours", "Billed hours", "Amount"],
        ["EUR", "11.50", "11.75", "998.75 EUR"],
        ["PLN", "0.25", "0.25", "75.00 PLN"],
    ]


def test_timesheet_html_matches_its_markdown() -> None:
    approval = rec.approval(status="approved",
                            decided_at=dt.datetime(2026, 12, 2, 8, tzinfo=rec.UTC))
    md = md_page(documents.timesheet_markdown(approval, rec.ENTRIES))
    html = Page(documents.timesheet_html(approval, rec.ENTRIES))
    assert md.rows == html.rows
    assert "Decided" in html.text and "2026-12-02 09:00" in html.text
    assert "script" not in html.tags


def test_unsaved_approval_and_other_zone() -> None:
    # h-approvals renders the timesheet inside submit, before the approval has an id
    fresh = rec.approval(id=0, zone="America/New_York")
    md = documents.timesheet_markdown(fresh, rec.ENTRIES)
    assert "Approval:" not in md and "Times in: America/New\\_York" in md
    assert "| 2026-11-03 | 03:00\u201313:00 |" in md  # 08:00-18:00 UTC in New York
    assert "| 2026-11-04 | 17:30\u201319:00 |" in md  # no longer across midnight


# --- render --------------------------------------------------------------------------------


def test_render_gives_the_bytes_of_each_format() -> None:
    inv, approval = rec.invoice(), rec.approval()
    assert documents.render("invoice", inv, "md") == documents.invoice_markdown(inv).encode()
    assert documents.render("invoice", inv, "html") == documents.invoice_html(inv).encode()
    assert documents.render("timesheet", approval, "md", rec.ENTRIES) \
        == documents.timesheet_markdown(approval, rec.ENTRIES).encode()
    with pytest.raises(InvalidInput, match="^format: expected md, html or pdf, got 'docx'$"):
        documents.render("invoice", inv, "docx")
    with pytest.raises(InvalidInput, match="^kind: expected invoice"):
        documents.render("timesheet", inv, "md")
