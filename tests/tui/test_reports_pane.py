"""Pilot tests of the Reports pane on a real SQLite file and a frozen clock (Monday
2026-11-23, Berlin): the period and grouping keys, a typed range, the drill-down to a line's
entries and an amend from there, the export to a file, the unbilled strip and the pending
approvals, an empty period."""

from __future__ import annotations

import datetime as dt

import pytest
from textual.widgets import DataTable, Input

from fcc.tui.app import FccApp, make_app
from fcc.tui.screens.entry_forms import EntryModal
from fcc.tui.screens.report_dialogs import ExportModal, RangeModal
from fcc.tui.screens.report_entries import ReportEntriesScreen
from fcc.tui.screens.report_reads import Period
from fcc.tui.screens.reports import ReportsPane
from fcc.tui.widgets.report_table import ReportTable

BERLIN = dt.timezone(dt.timedelta(hours=1))  # November in Berlin: UTC+1


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=BERLIN)


@pytest.fixture
def books(home_store):
    """Acme (EUR, 100/h) with Website; Globex (USD, 80/h) with Portal; Admin, no client."""
    s = home_store
    s.create_client({"name": "Acme", "hourly_rate": "100"})
    s.create_client({"name": "Globex", "hourly_rate": "80", "currency": "USD"})
    s.create_project({"name": "Website", "client": "Acme"})
    s.create_project({"name": "Portal", "client": "Globex"})
    s.create_project({"name": "Admin"})
    s.add_entry("Acme/Website", at("2026-11-02 09:00"), at("2026-11-02 11:00"), note="design")
    s.add_entry("Acme/Website", at("2026-11-10 09:00"), at("2026-11-10 10:30"), note="build")
    s.add_entry("Globex/Portal", at("2026-11-03 14:00"), at("2026-11-03 15:00"), note="call")
    s.add_entry("Admin", at("2026-10-20 09:00"), at("2026-10-20 10:00"), note="taxes")
    return s


async def open_reports(app: FccApp, pilot) -> ReportsPane:
    await app.main.wait_until_ready()
    await pilot.press("4")
    pane = app.main.query_one(ReportsPane)
    assert pane.data is not None
    return pane


def head(pane: ReportsPane) -> str:
    return str(pane.query_one("#report-head").render())


def rows(pane: ReportsPane) -> list[list[str]]:
    table = pane.query_one(ReportTable)
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


async def test_period_and_grouping_keys(books, clock):
    app = make_app(books, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await open_reports(app, pilot)
        assert pane.period == Period("month", dt.date(2026, 11, 1), dt.date(2026, 11, 30))
        assert "November 2026" in head(pane)
        assert [r[0] for r in rows(pane)] == ["Website · Acme", "Portal · Globex", "total EUR",
                                              "total USD"]
        assert rows(pane)[0][1:4] == ["3:30", "3:30", "350.00 EUR"]
        await pilot.press("left_square_bracket")
        assert "October 2026" in head(pane)
        assert [r[0] for r in rows(pane)] == ["Admin", "total EUR"]
        await pilot.press("right_square_bracket", "right_square_bracket")
        assert "December 2026" in head(pane) and pane.has_class("-empty")
        await pilot.press("w")  # December does not hold today: its first day's week
        assert pane.period == Period("week", dt.date(2026, 11, 30), dt.date(2026, 12, 6))
        assert "W49 2026" in head(pane)
        await pilot.press("left_square_bracket", "left_square_bracket")
        assert "W47 2026" in head(pane) and "2026-11-16 – 2026-11-22" in head(pane)
        await pilot.press("q")
        assert "Q4 2026" in head(pane)
        await pilot.press("y")
        assert pane.period == Period("year", dt.date(2026, 1, 1), dt.date(2026, 12, 31))
        assert pane.query_one("#report-chart").unit == "week"
        await pilot.press("tab")  # project -> card
        assert pane.group == "card" and rows(pane)[0][0] == "(no card)"
        await pilot.press("tab", "tab")  # day, week
        assert pane.group == "week"
        assert [r[0] for r in rows(pane)][:5] == ["2026-10-19", "2026-11-02", "2026-11-02",
                                                  "2026-11-09", "total EUR"]  # (EUR and USD)
        await pilot.press("tab", "tab")  # month, client
        assert pane.group == "client"
        assert [r[0] for r in rows(pane)][:3] == ["(no client)", "Acme", "Globex"]


async def test_a_typed_range_and_its_errors(books, clock):
    app = make_app(books, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await open_reports(app, pilot)
        await pilot.press("g")
        modal = app.screen
        assert isinstance(modal, RangeModal)
        modal.query_one("#field-to", Input).value = "2026-10-01"
        await pilot.press("enter")
        assert "to: expected a day on or after the start (2026-11-01)" in str(
            modal.query_one("#error-to").render())
        modal.query_one("#field-from", Input).value = "2026-11-03"
        modal.query_one("#field-to", Input).value = "2026-11-19"
        await pilot.press("enter")
        assert pane.period == Period("range", dt.date(2026, 11, 3), dt.date(2026, 11, 19))
        assert "2026-11-03 – 2026-11-19" in head(pane)
        assert rows(pane)[0][:2] == ["Website · Acme", "1:30"]
        await pilot.press("right_square_bracket")  # a range steps by its length
        assert pane.period == Period("range", dt.date(2026, 11, 20), dt.date(2026, 12, 6))


async def test_enter_lists_the_line_entries_and_amends_one(books, clock):
    app = make_app(books, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await open_reports(app, pilot)
        await pilot.press("enter")  # on Acme/Website
        screen = app.screen
        assert isinstance(screen, ReportEntriesScreen)
        table = screen.query_one(DataTable)
        notes = [str(table.get_row_at(i)[5]) for i in range(table.row_count)]
        assert notes == ["design", "build"]
        await pilot.press("a")
        form = app.screen
        assert isinstance(form, EntryModal)
        form.query_one("#field-end", Input).value = "2026-11-02 12:00"
        await pilot.press("enter")
        assert app.screen is screen
        assert [str(table.get_row_at(i)[3]) for i in range(table.row_count)] == ["3:00", "1:30"]
        await pilot.press("escape")
        assert app.screen is app.main
        assert rows(pane)[0][1:4] == ["4:30", "4:30", "450.00 EUR"]


async def test_export_writes_the_file_it_names(books, clock, tmp_path, monkeypatch):
    folder = tmp_path / "out"
    folder.mkdir()
    monkeypatch.chdir(folder)
    app = make_app(books, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_reports(app, pilot)
        await pilot.press("x")
        assert isinstance(app.screen, ExportModal)
        assert app.screen.query_one("#field-path", Input).value == \
            "report-2026-11-by-project.csv"
        await pilot.press("enter")
        written = folder / "report-2026-11-by-project.csv"
        assert written.read_text().splitlines() == [
            "client,project,seconds,billed_seconds,amount,currency,hours",
            "Acme,Website,12600,12600,350.00,EUR,3.50",
            "Globex,Portal,3600,3600,80.00,USD,1.00",
        ]
        assert any(str(written) in str(n.message) for n in app._notifications)
        await pilot.press("x")  # the same name again: refused, nothing replaced
        modal = app.screen
        await pilot.press("enter")
        assert "path: expected a file that does not exist yet" in str(
            modal.query_one("#error-path").render())
        modal.query_one("#field-format", Input).value = "md"
        modal.query_one("#field-path", Input).value = "nov.md"
        await pilot.press("enter")
        markdown = (folder / "nov.md").read_text()
        assert "| Website | 3:30 | 3:30 | 350.00 | EUR |" in markdown
        assert sorted(p.name for p in folder.iterdir()) == ["nov.md", written.name]


async def test_unbilled_strip_and_pending_approvals(books, clock):
    books.submit_approval("Globex", dt.date(2026, 11, 1), dt.date(2026, 11, 15))
    app = make_app(books, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await open_reports(app, pilot)
        strip = str(pane.query_one("#report-unbilled").render())
        assert "Acme 350.00 EUR (3:30)" in strip and "Globex 80.00 USD (1:00)" in strip
        pending = str(pane.query_one("#report-pending").render())
        assert "Pending approvals (1)" in pending
        assert "#1  Globex  2026-11-01 – 2026-11-15  1:00  80.00 USD  sent 2026-11-23" in pending
        await pilot.press("down", "enter")  # Portal · Globex: its entry is frozen
        table = app.screen.query_one(DataTable)
        assert str(table.get_row_at(0)[5]) == "🔒 approval 1 pending  call"
        await pilot.press("escape")
        # approved elsewhere (another terminal): the poll brings it
        books.decide_approval(1, "approved")
        await pilot.pause(1.2)
        await pilot.pause()
        assert "none waiting" in str(pane.query_one("#report-pending").render())
        assert "80.00 approved" in str(pane.query_one("#report-unbilled").render())


async def test_an_empty_database_and_period(home_store, clock):
    app = make_app(home_store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await open_reports(app, pilot)
        assert pane.has_class("-empty")
        assert "No time in November 2026" in str(pane.query_one("#report-empty").render())
        assert "nothing: every billable hour is on an invoice" in str(
            pane.query_one("#report-unbilled").render())
        await pilot.press("enter", "x")  # nothing to drill into; export writes the totals only
        assert isinstance(app.screen, ExportModal)


@pytest.mark.parametrize("group", ["client", "project", "card", "day", "week", "month"])
def test_one_read_for_report_and_chart_is_the_report_itself(store, group):
    """A change of period reads (group, day or week) once and folds it by group: the same
    lines and totals as the report by group alone, with day-scope rounding, cards and a
    second currency, on both backends."""
    from fcc.tui.screens.report_reads import read_report

    store.set_setting("zone", "Europe/Berlin")
    store.create_client({"name": "Acme", "hourly_rate": "95", "rounding": "15:up:day"})
    store.create_client({"name": "Globex", "hourly_rate": "80", "currency": "USD"})
    store.create_project({"name": "Website", "client": "Acme"})
    store.create_project({"name": "Portal", "client": "Globex"})
    card = store.add_card({"title": "Checkout", "board": store.create_board("Web").id}).id
    for day in range(1, 22, 3):  # up to the clock (Monday 23)
        store.add_entry("Acme/Website", at(f"2026-11-{day:02d} 09:07"),
                        at(f"2026-11-{day:02d} 09:31"), card=card if day % 2 else None)
        store.add_entry("Acme/Website", at(f"2026-11-{day:02d} 13:02"),
                        at(f"2026-11-{day:02d} 13:20"))
        store.add_entry("Globex/Portal", at(f"2026-11-{day:02d} 22:50"),
                        at(f"2026-11-{day + 1:02d} 01:10"))
    for period in (Period("month", dt.date(2026, 11, 1), dt.date(2026, 11, 30)),
                   Period("year", dt.date(2026, 1, 1), dt.date(2026, 12, 31)),
                   Period("range", dt.date(2026, 11, 4), dt.date(2026, 11, 20))):
        data = read_report(store, period, group, chart=True)
        lo, hi = period.bounds("Europe/Berlin")
        alone = store.report(lo, hi, by=(group,))
        assert data.report == alone
        assert sum(s for _, s in data.chart or ()) == sum(t.seconds for t in alone.totals)


def test_periods_step_switch_and_name_themselves():
    from fcc.store.errors import InvalidInput
    from fcc.tui.screens.report_reads import parse_range

    dec = Period.around("month", dt.date(2026, 12, 31))
    assert dec.step(1) == Period("month", dt.date(2027, 1, 1), dt.date(2027, 1, 31))
    assert dec.step(-12).title() == "December 2025"
    q1 = Period.around("quarter", dt.date(2027, 2, 14))
    assert (q1.title(), q1.dates(), q1.slug()) == ("Q1 2027", "2027-01-01 – 2027-03-31",
                                                   "2027-Q1")
    assert q1.step(-1).title() == "Q4 2026"
    sunday = Period.around("week", dt.date(2026, 11, 25), week_start=6)  # weeks from Sunday
    assert (sunday.start, sunday.end) == (dt.date(2026, 11, 22), dt.date(2026, 11, 28))
    week = Period.around("week", dt.date(2026, 12, 30))
    assert (week.title(), week.slug()) == ("W53 2026", "2026-W53")
    # switching keeps today when it is in view, else the period's first day
    assert dec.switch("week", dt.date(2026, 11, 23)).start == dt.date(2026, 11, 30)
    assert dec.step(-1).switch("week", dt.date(2026, 11, 23)).start == dt.date(2026, 11, 23)
    assert dec.switch("year", dt.date(2026, 11, 23)).chart_unit() == "week"
    now = dt.datetime(2026, 11, 23, 10, 30, tzinfo=dt.UTC)
    assert parse_range("monday", "today", now, "Europe/Berlin") == Period(
        "range", dt.date(2026, 11, 23), dt.date(2026, 11, 23))
    for first, last, field in (("", "today", "from"), ("2026-11-01", "soon", "to"),
                               ("2010-01-01", "2026-11-01", "to")):
        with pytest.raises(InvalidInput) as raised:
            parse_range(first, last, now, "Europe/Berlin")
        assert raised.value.field == field
