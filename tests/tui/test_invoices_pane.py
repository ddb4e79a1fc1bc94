"""Pilot tests of the Invoices pane: every key on real databases and a frozen clock (billing
lived through the store's verbs, see invoice_world) — the list's states in words, create,
issue, paid, void by a credit note, export, the preview, the filters, and the store's refusals
shown where the user looks. What the database holds afterwards is checked through the store."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from rich.console import Console
from textual.widgets import Input

from fcc.store.errors import InvalidInput
from fcc.tui.app import FccApp, binding_ids, help_rows, make_app
from fcc.tui.screens.card_forms import ConfirmModal
from fcc.tui.screens.invoice_forms import (
    CreateInvoiceModal,
    ExportModal,
    PaidModal,
    VoidInvoiceModal,
    parse_period,
)
from fcc.tui.screens.invoice_preview import InvoicePreview
from fcc.tui.screens.invoices import InvoicesPane
from fcc.tui.widgets.invoice_list import InvoiceList
from fcc.tui.widgets.panes import PANES, PaneBar
from tests.tui.invoice_world import billed, clients, work

__all__ = ["billed"]  # the fixture


async def open_invoices(app: FccApp, pilot) -> InvoicesPane:
    await app.main.wait_until_ready()
    await pilot.press("5")
    pane = app.main.query_one(InvoicesPane)
    assert pane.data is not None
    return pane


def rows(pane: InvoicesPane) -> list[list[str]]:
    table = pane.query_one(InvoiceList)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


def cursor_to(pane: InvoicesPane, label: str) -> None:
    table = pane.query_one(InvoiceList)
    assert pane.data is not None
    inv = next(i for i in pane.data.invoices if i.label == label)
    table.move_cursor(row=table.get_row_index(str(inv.id)))


def shown_text(renderable, width: int) -> str:
    console = Console(width=width, record=True, file=io.StringIO())
    console.print(renderable)
    return console.export_text()


def said(app: FccApp) -> list[str]:
    return [n.message for n in app._notifications]


def fill(form, **values: str) -> None:
    for name, value in values.items():
        form.query_one(f"#field-{name}", Input).value = value


def error(form, name: str) -> str:
    return str(form.query_one(f"#error-{name}").render())


def test_the_pane_bar_has_invoices_and_history_and_their_keys_can_be_remapped():
    from fcc.tui.screens.main import MainScreen

    assert [title for _, title in PANES][4:] == ["Invoices", "History"]
    keys = {b.id: b.key for b in MainScreen.BINDINGS}
    assert (keys["pane.invoices"], keys["pane.history"]) == ("5", "6")
    for ident in ("pane.invoices", "pane.history", "invoices.create", "invoices.issue",
                  "invoices.paid", "invoices.void", "invoices.export", "invoices.unpaid",
                  "invoices.overdue"):
        assert ident in binding_ids()


async def test_the_list_says_each_state_in_words(billed, clock):
    app = make_app(billed, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await open_invoices(app, pilot)
        assert "5 Invoices" in str(app.main.query_one(PaneBar).render())
        shown = rows(pane)
        assert [r[0] for r in shown] == ["draft 7", "2026-0005", "2026-0004", "2026-0003",
                                         "2026-0002", "CN-2026-0001", "2026-0001"]
        states = {r[0]: r[2] for r in shown}
        assert states == {"draft 7": "draft", "2026-0005": "issued",
                          "2026-0004": "paid 10 Nov", "2026-0003": "overdue 23d",
                          "2026-0002": "paid 20 Sep", "CN-2026-0001": "credit",
                          "2026-0001": "void"}
        totals = {r[0]: r[5] for r in shown}
        # Acme: 9 h x 100 EUR + 19 % tax; the credit note takes it back
        assert totals["2026-0001"] == "1071.00 EUR"
        assert totals["CN-2026-0001"] == "-1071.00 EUR"
        assert totals["2026-0003"] == "960.00 USD"  # 8 h x 120, reverse charge: no tax
        head = str(pane.query_one("#invoices-head").render())
        assert "1 overdue: 960.00 USD" in head and "unpaid" in head
        cursor_to(pane, "2026-0001")
        await pilot.pause()
        detail = str(pane.query_one("#invoice-detail").render())
        assert "void: wrong rate" in detail and "CN-2026-0001" in detail


async def test_u_and_o_filter_unpaid_and_overdue(billed, clock):
    app = make_app(billed, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await open_invoices(app, pilot)
        await pilot.press("u")
        assert [r[0] for r in rows(pane)] == ["2026-0005", "2026-0003"]
        await pilot.press("o")
        assert [r[0] for r in rows(pane)] == ["2026-0003"]
        await pilot.press("o")  # again: all
        assert len(rows(pane)) == 7


async def test_n_creates_a_draft_and_i_issues_it_after_asking(billed, clock):
    work(billed, "Acme/Website", ["2026-11-16", "2026-11-17"], 4)
    app = make_app(billed, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await open_invoices(app, pilot)
        await pilot.press("n")
        form = app.screen
        assert isinstance(form, CreateInvoiceModal)
        assert form.query_one("#field-period", Input).value == "2026-10"  # last month
        fill(form, client="Acme", period="2026-11-01..2026-11-22")
        await pilot.press("enter")
        assert app.screen is not form
        draft = billed.invoices()[0]
        assert (draft.status, draft.client, draft.total) == ("draft", "Acme", Decimal("952.00"))
        assert pane.query_one(InvoiceList).invoice_id == draft.id  # the cursor is on it
        assert any(f"created {draft.label}" in m for m in said(app))
        await pilot.press("i")
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("y")
        issued = billed.invoice(draft.id)
        assert (issued.status, issued.number) == ("issued", "2026-0006")
        assert issued.issue_date == dt.date(2026, 11, 23)
        assert issued.due_date == dt.date(2026, 12, 7)  # Acme: 14 days
        assert rows(pane)[0][:3] == ["2026-0006", "Acme", "issued"]
        await pilot.press("i")  # issued already: said, nothing asked
        assert not isinstance(app.screen, ConfirmModal)
        assert "only a draft is issued" in said(app)[-1]


async def test_the_create_dialog_shows_the_store_s_refusals(billed, clock):
    app = make_app(billed, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_invoices(app, pilot)
        before = len(billed.invoices())
        await pilot.press("n")
        form = app.screen
        fill(form, client="Acme", period="2026-13")
        await pilot.press("enter")
        assert app.screen is form and "period: expected a month" in error(form, "period")
        fill(form, client="Acme", period="2026-07")  # nothing billable in July
        await pilot.press("enter")
        assert app.screen is form
        shown = str(form.query_one("#error-form").render()) + error(form, "period")
        assert "Acme" in shown or "nothing" in shown
        fill(form, client="Nobody", period="2026-11")
        await pilot.press("enter")
        assert app.screen is form and "Nobody" in error(form, "client")
        fill(form, client="Acme", period="", approval="x")
        await pilot.press("enter")
        assert "approval: expected" in error(form, "approval")
        await pilot.press("escape")
        assert len(billed.invoices()) == before


async def test_p_marks_an_issued_invoice_paid_and_refuses_a_draft(billed, clock):
    app = make_app(billed, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await open_invoices(app, pilot)
        cursor_to(pane, "draft 7")
        await pilot.press("p")
        form = app.screen
        assert isinstance(form, PaidModal)
        await pilot.press("enter")
        assert app.screen is form  # a draft is not paid: the store's reason, in the dialog
        assert "draft" in str(form.query_one("#error-form").render())
        await pilot.press("escape")
        cursor_to(pane, "2026-0003")
        await pilot.press("p")
        form = app.screen
        fill(form, date="2026-11-20")
        await pilot.press("enter")
        paid = billed.invoice("2026-0003")
        assert (paid.status, paid.paid_date) == ("paid", dt.date(2026, 11, 20))
        assert {r[0]: r[2] for r in rows(pane)}["2026-0003"] == "paid 20 Nov"
        assert "1 overdue" not in str(pane.query_one("#invoices-head").render())


async def test_v_voids_an_issued_invoice_by_a_credit_note_and_says_its_number(billed, clock):
    app = make_app(billed, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await open_invoices(app, pilot)
        cursor_to(pane, "2026-0005")
        await pilot.press("v")
        form = app.screen
        assert isinstance(form, VoidInvoiceModal)
        await pilot.press("enter")
        assert "reason: expected" in error(form, "reason")
        fill(form, reason="hours billed twice")
        await pilot.press("enter")
        assert billed.invoice("2026-0005").status == "void"
        credit = billed.invoice("CN-2026-0002")
        assert (credit.kind, credit.credit_for_number) == ("credit", "2026-0005")
        assert any("credit note CN-2026-0002" in m for m in said(app))
        assert rows(pane)[0][0] == "CN-2026-0002"
        cursor_to(pane, "draft 7")  # a draft is voided without a credit note
        await pilot.press("v")
        fill(app.screen, reason="not needed")
        await pilot.press("enter")
        assert billed.invoice(7).status == "void"
        assert len([i for i in billed.invoices() if i.kind == "credit"]) == 2


async def test_enter_previews_the_document_and_e_exports_it(billed, clock, tmp_path):
    app = make_app(billed, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await open_invoices(app, pilot)
        cursor_to(pane, "2026-0004")
        await pilot.press("enter")
        preview = app.screen
        assert isinstance(preview, InvoicePreview)
        text = shown_text(preview.view, 100)
        assert "2026-0004" in text and "Jo Freelance" in text
        assert "Website" in text and "595.00 EUR" in text
        await pilot.press("escape")
        assert app.screen is app.main
        await pilot.press("e")
        form = app.screen
        assert isinstance(form, ExportModal)
        target = tmp_path / "out.html"
        fill(form, format="html", path=str(target))
        await pilot.press("enter")
        assert target.exists() and "2026-0004" in target.read_text()
        await pilot.press("e")
        fill(app.screen, format="html", path=str(target))
        await pilot.press("enter")  # never overwritten: the reason stays in the dialog
        assert isinstance(app.screen, ExportModal)
        assert f"{target} exists" in error(app.screen, "path")
        assert "2026-0004" in target.read_text()


async def test_the_billing_loop_by_keys_on_both_backends(store, clock, monkeypatch):
    """Create, issue, pay and void by keys on SQLite and on PostgreSQL."""
    monkeypatch.setenv("FCC_ZONE", "Europe/Berlin")
    clients(store)
    work(store, "Globex/API", ["2026-11-02", "2026-11-03"], 5)
    app = make_app(store, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        pane = await open_invoices(app, pilot)
        assert rows(pane) == []
        assert "none yet: n creates one" in str(pane.query_one("#invoices-head").render())
        await pilot.press("n")
        fill(app.screen, client="Globex", period="2026-11-01..2026-11-20", group="day")
        await pilot.press("enter")
        inv = store.invoices()[0]
        assert (inv.group_by, len(inv.lines), inv.total) == ("day", 2, Decimal("1200.00"))
        await pilot.press("i", "y")
        assert store.invoice(inv.id).number == "2026-0001"
        await pilot.press("p")
        await pilot.press("enter")  # today
        assert store.invoice(inv.id).paid_date == dt.date(2026, 11, 23)
        await pilot.press("v")
        fill(app.screen, reason="test")
        await pilot.press("enter")
        assert store.invoice(inv.id).status == "void"
        assert [r[0] for r in rows(pane)] == ["CN-2026-0001", "2026-0001"]


async def test_a_client_needing_approval_is_invoiced_from_its_approved_timesheet(store, clock,
                                                                                 monkeypatch):
    """By period: refused in the dialog, naming the command that submits one; a pending
    approval is not offered; once approved, its number in the dialog makes the invoice."""
    monkeypatch.setenv("FCC_ZONE", "Europe/Berlin")
    clients(store)
    store.set_client("Initech", needs_approval=True)
    work(store, "Initech/Support", ["2026-11-03", "2026-11-04"], 2)
    pending = store.submit_approval("Initech", dt.date(2026, 11, 1), dt.date(2026, 11, 15))
    app = make_app(store, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_invoices(app, pilot)
        await pilot.press("n")
        form = app.screen
        assert "No approved timesheet" in str(form.query_one(".dialog-note").render())
        fill(form, client="Initech", period="2026-11-01..2026-11-15")
        await pilot.press("enter")
        assert app.screen is form
        assert "needs an approved timesheet" in str(form.query_one("#error-form").render())
        fill(form, period="", approval=str(pending.id))
        await pilot.press("enter")  # pending, not approved yet: the store says so
        assert app.screen is form and str(pending.id) in str(
            form.query_one("#error-form").render()) + error(form, "approval")
        await pilot.press("escape")
        store.decide_approval(pending.id, "approved")
        await pilot.press("n")
        form = app.screen
        assert f"{pending.id} Initech 2026-11-01..2026-11-15" in str(
            form.query_one(".dialog-note").render())
        fill(form, client="Initech", period="", approval=str(pending.id))
        await pilot.press("enter")
        assert app.screen is not form
        inv = store.invoices()[0]
        assert (inv.approval_id, inv.total, inv.status) == (pending.id, Decimal("320.00"),
                                                            "draft")


async def test_the_invoices_pane_comes_back_with_the_session_and_follows_other_writers(
        billed, clock):
    app = make_app(billed, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_invoices(app, pilot)
        await pilot.press("ctrl+q")
    again = make_app(billed, clock)
    async with again.run_test(size=(120, 40)) as pilot:
        await again.main.wait_until_ready()
        assert again.main.pane == "invoices"
        pane = again.main.query_one(InvoicesPane)
        assert pane.data is not None and len(rows(pane)) == 7
        assert again.focused is pane.query_one(InvoiceList)
        billed.issue_invoice(7)  # another terminal's fcc invoice issue
        for _ in range(20):  # the main screen polls the change counter each second
            await pilot.pause(0.5)
            if rows(pane)[0][0] != "draft 7":
                break
        assert rows(pane)[0][:3] == ["2026-0006", "Initech", "issued"]


async def test_help_lists_the_invoices_pane_keys(billed, clock):
    app = make_app(billed, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_invoices(app, pilot)
        groups = {(where, ident) for where, _, _, ident in help_rows(app.screen)}
        assert ("Invoices pane", "invoices.issue") in groups
        assert ("Panes and timers", "pane.history") in groups


def test_parse_period():
    assert parse_period("2026-11") == (dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    assert parse_period("2026-12") == (dt.date(2026, 12, 1), dt.date(2026, 12, 31))
    assert parse_period("2026-11-03..2026-11-20") == (dt.date(2026, 11, 3),
                                                      dt.date(2026, 11, 20))
    assert parse_period(" 2026-11-03 to 2026-11-03 ") == (dt.date(2026, 11, 3),
                                                          dt.date(2026, 11, 3))
    assert parse_period("2026-W47") == (dt.date(2026, 11, 16), dt.date(2026, 11, 22))
    assert parse_period("") is None
    for bad in ("2026-13", "2026-11-20..2026-11-03", "november", "2026-02-30..2026-03-01",
                "2026-W54"):
        with pytest.raises(InvalidInput) as caught:
            parse_period(bad)
        assert caught.value.field == "period" and str(caught.value).startswith(
            "period: expected ")

