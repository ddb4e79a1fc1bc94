"""The Plan pane's widgets as pure functions of the records they are given: the score chart's
columns and the 85 % line, percentages, measure bars and their layout, items by goal."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from fcc.store import records_plans as rp
from fcc.tui.widgets.plan_items import groups, item_info, plain
from fcc.tui.widgets.plan_measures import columns, figures, number, progress_bar, tail_of
from fcc.tui.widgets.plan_scores import column_cells, fill, pct

BAR = Decimal(85)


def test_a_column_fills_its_rows_under_the_bar_then_the_line_then_the_top_row():
    assert column_cells(Decimal(100), BAR, 5) == ["█"] * 5 + ["█", "█"]
    assert column_cells(Decimal(85), BAR, 5) == ["█"] * 5 + ["█", " "]
    assert column_cells(Decimal("42.5"), BAR, 5) == ["█", "█", "▄", " ", " ", "─", " "]
    assert column_cells(Decimal("84.99"), BAR, 5)[5] == "─"  # under the bar: the line shows
    assert column_cells(Decimal(0), BAR, 5) == [" "] * 5 + ["─", " "]
    assert fill(Decimal("0.001"), 5)[0] == "▁"  # a score above 0 never looks like none


def test_a_percentage_never_rounds_up_to_the_bar():
    assert pct(Decimal("84.62")) == "84%"
    assert pct(Decimal("85.00")) == "85%"
    assert pct(Decimal("100.00")) == "100%"
    assert pct(None) == "–"


def measure(name: str, actual: str | None, target: str | None, *, unit: str = "",
            period: str = "cycle", source: str = "manual") -> rp.Measure:
    return rp.Measure(id=1, goal_id=1, kind="lead", name=name, unit=unit,
                      target=Decimal(target) if target else None, source=source,
                      period=period, scope={}, scope_label="",
                      actual=Decimal(actual) if actual is not None else None, weeks=())


def test_measure_figures_bars_and_one_layout_for_every_line():
    billed = measure("Billed revenue", "6240.55", "12000", unit="EUR", source="billed")
    hours = measure("Client hours", "26.5", "25", unit="h", period="week", source="hours")
    assert figures(billed) == "6241/12000 EUR" and billed.progress == Decimal("52.0")
    assert figures(hours) == "26.5/25 h/wk" and number(Decimal("2.25")) == "2.3"
    assert progress_bar(Decimal(50), 8) == "████░░░░"
    assert progress_bar(Decimal(150), 4) == "████" and progress_bar(None, 3) == "░░░"
    wide, narrow = columns([billed, hours], 80), columns([billed, hours], 36)
    assert wide.full and wide.bar >= 8 and wide.name == len("Billed revenue")
    assert not narrow.full and narrow.bar >= 6  # the bar stays, the figures go
    assert 7 + narrow.name + 1 + narrow.bar + narrow.tail <= 36


def item(number: int, title: str, goal: int | None, **kw: object) -> rp.PlanItem:
    values: dict[str, object] = dict(
        id=number, cycle_id=1, week=8, title=title, position=number, goal_id=goal,
        goal_kind=None, tactic_id=None, work_item_id=None, card_title=None, card_column=None,
        card_minutes_week=0, done=False, done_at=None, dropped_at=None, drop_reason="",
        rolled_over=0, origin_id=None, origin_kind=None, handled=False)
    values.update(kw)
    return rp.PlanItem(**values)  # type: ignore[arg-type]


def goal(number: int, kind: str, title: str) -> rp.Goal:
    return rp.Goal(id=number, cycle_id=1, kind=kind, title=title, why="", measures=(),
                   tactics=(), score=None)


def test_items_group_by_goal_in_the_goals_order_then_no_goal():
    goals = [goal(1, "business", "Retainers"), goal(2, "personal", "Run")]
    items = [item(1, "Tidy", None), item(2, "Long run", 2), item(3, "Calls", 1, done=True),
             item(4, "Proposal", 1, work_item_id=12, card_column="Doing",
                  card_minutes_week=95, rolled_over=3)]
    assert [(h, [i.id for i in g]) for h, g in groups(items, goals)] == [
        ("Business · Retainers", [3, 4]), ("Personal · Run", [2]), ("No goal", [1])]
    assert plain(items[2]) == "[x] Calls"
    assert item_info(items[3]) == "⚑3  #12 Doing  1:35"
    dropped = item(5, "Swim", 2, dropped_at=dt.datetime(2026, 11, 24, tzinfo=dt.UTC))
    assert dropped.mark == "[-]" and item(6, "x", 2, handled=True).mark == "[>]"


def test_a_measure_s_unit_from_the_database_is_shown_literally():
    """The unit is the user's text too (a database written by another fcc, or by hand): its
    control characters are shown as symbols, never sent to the terminal."""
    odd = measure("Calls", "3", "5", unit="x\x1b[31m", period="week")
    assert figures(odd) == "3/5 x␛[31m/wk"
    assert "\x1b" not in tail_of(odd, full=True)


def week(quota: int, items: list[rp.PlanItem], *, locked: bool = False,
         ended: bool = False) -> rp.WeekPlan:
    return rp.WeekPlan(cycle_id=1, week=8, start=dt.date(2026, 11, 30),
                       end=dt.date(2026, 12, 6), quota=quota,
                       done=sum(1 for i in items if i.done), score=None, locked=locked,
                       current=not ended, ended=ended, reviewed_at=None, review="",
                       items=tuple(items))


def test_a_locked_week_with_more_items_than_its_quota_says_so():
    """The demo's week 8: quota 6 locked at the midpoint, ten items now (added since). "2/6
    done" above ten items is explained, in the pane's week line and in fcc plan week."""
    from fcc.tui.cli.plan_view import week_head
    from fcc.tui.screens.plan_reads import week_line

    items = [item(n, f"Item {n}", None, done=n <= 2) for n in range(1, 11)]
    items.append(item(11, "Gone", None, dropped_at=dt.datetime(2026, 12, 1, tzinfo=dt.UTC)))
    locked = week(6, items, locked=True)
    assert locked.planned == 10
    assert "2/6 done  quota 6 locked · 10 planned" in week_line(locked, None).plain
    cycle = rp.Cycle(id=1, uuid="u", name="Q4", start_date=dt.date(2026, 10, 12),
                     end_date=dt.date(2027, 1, 3), review_end=dt.date(2027, 1, 10),
                     state="current", week=8, days_left=33, midpoint_locked_at=None,
                     locks_on=dt.date(2026, 11, 23))
    assert "2/6 done (10 items now; the quota stays 6: locked at the midpoint) · score" in \
        week_head(cycle, locked)
    ended = week(12, items[:5], ended=True)
    assert "(5 items now; the quota stays 12: the week has ended)" in week_head(cycle, ended)
    assert "planned" not in week_line(week(10, items[:10]), None).plain  # open: they agree
    assert "items now" not in week_head(cycle, week(10, items[:10], locked=True))
