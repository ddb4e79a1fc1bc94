"""What the Reports pane shows whatever the period: the unbilled amount per client (billable
time on no invoice yet) as a strip at the top, and the timesheets waiting for the client's
approval as a short list."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from fcc.tui.text import hm, one_line

if TYPE_CHECKING:
    from fcc.store import records_billing as rb


def unbilled_text(unbilled: tuple[rb.Unbilled, ...]) -> Text:
    out = Text(no_wrap=False)
    # (each part ends with its spaces: a part starting with one is drawn a cell early by
    # some SVG renderers)
    out.append("Unbilled  ", style="bold")
    if not unbilled:
        out.append("nothing: every billable hour is on an invoice", style="dim")
        return out
    for i, u in enumerate(unbilled):
        if i:
            out.append("·  ", style="dim")
        out.append(one_line(u.client, 40) + " ")
        out.append(f"{u.amount} {u.currency} ", style="bold")
        out.append(f"({hm(u.billed_seconds)}) ", style="dim")
        if u.approved_amount:
            out.append(f"{u.approved_amount} approved ", style="green")
    out.rstrip()
    return out


def pending_text(pending: tuple[rb.Approval, ...]) -> Text:
    out = Text(no_wrap=True, overflow="ellipsis")
    if not pending:
        out.append("Pending approvals  ", style="bold")
        out.append("none waiting for a client", style="dim")
        return out
    out.append(f"Pending approvals ({len(pending)})", style="bold")
    for a in pending:
        totals = ", ".join(f"{t.amount} {t.currency}" for t in a.totals) or "–"
        hours = hm(sum(t.billed_seconds for t in a.totals))
        out.append("\n")
        out.append(f"#{a.id}  ", style="bold")
        out.append(one_line(a.client, 30) + "  ")
        out.append(f"{a.period_start:%Y-%m-%d} – {a.period_end:%Y-%m-%d}  ")
        out.append(f"{hours}  {totals}  ", style="bold")
        out.append(f"sent {a.submitted_at:%Y-%m-%d}", style="dim")
    return out


class UnbilledStrip(Static):
    unbilled: reactive[tuple[rb.Unbilled, ...] | None] = reactive(None)

    def render(self) -> Text:
        if self.unbilled is None:
            return Text("Unbilled: reading…", style="dim")
        return unbilled_text(self.unbilled)


class PendingList(Static):
    pending: reactive[tuple[rb.Approval, ...] | None] = reactive(None, layout=True)

    def render(self) -> Text:
        if self.pending is None:
            return Text("")
        return pending_text(self.pending)
