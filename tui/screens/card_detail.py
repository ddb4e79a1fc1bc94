"""A card's details (``enter`` on the board): its description rendered as Markdown, what blocks
it and what it blocks, its children, comments, time entries (tracked against the estimate) and
its history; ``c`` adds a comment, ``e`` edits the card, escape goes back.

Read in one store call (:meth:`Store.card_detail` and the card's newest entries). Titles,
comments and history are shown literally; the description is Markdown (its text is never read
as markup: ``[bold]`` stays as typed).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown, Static

from fcc.tui.screens.forms import FormModal, Job
from fcc.tui.storework import store_work
from fcc.tui.text import hm, one_line

if TYPE_CHECKING:
    from fcc.store import records_boards as rb
    from fcc.store.api import Store
    from fcc.store.records import Entry

ENTRIES_SHOWN = 20
HISTORY_SHOWN = 30


@dataclasses.dataclass(frozen=True)
class DetailData:
    detail: rb.CardDetail
    entries: tuple[Entry, ...]
    zone: str


def read_detail(store: Store, card: int) -> DetailData:
    detail = store.card_detail(card)
    entries = tuple(store.entry(no) for no in detail.entry_ids[:ENTRIES_SHOWN])
    return DetailData(detail, entries, store.prefs.zone)


def _tz(zone: str) -> dt.tzinfo:
    from fcc.store.zones import zone_tz

    return zone_tz(zone) or dt.UTC


SKIP = {"updated_at", "created_at", "uuid", "id", "board_id", "done_at"}


def _changes(line: rb.HistoryLine) -> str:
    """What a logged change did, in a few words: ``created``, ``#3 blocks #4``, a comment's
    text, or the fields it changed (``priority 2 → 0, title … → …``)."""
    before, after = line.before or {}, line.after or {}
    if line.entity == "dependency":
        row = after or before
        verb = "blocks" if after else "no longer blocks"
        return f"#{row.get('blocker_id')} {verb} #{row.get('blocked_id')}"
    if line.entity == "comment" and not before:
        return "comment: " + one_line(str(after.get("body", "")), 60)
    if not before:
        return "created" + (f": {one_line(str(after['title']), 60)}" if "title" in after else "")
    if not after:
        return "removed"
    keys = [k for k in sorted(set(before) | set(after))
            if before.get(k) != after.get(k) and k not in SKIP]
    parts = [f"{k.removesuffix('_id')} {one_line(str(before.get(k)), 20)} → "
             f"{one_line(str(after.get(k)), 20)}" for k in keys[:3]]
    return ", ".join(parts) + (" …" if len(keys) > 3 else "") if parts else line.action


def detail_text(data: DetailData) -> tuple[Text, Text]:
    """(what sits above the description, what comes after it)."""
    d, tz = data.detail, _tz(data.zone)
    card = d.card
    head = Text()
    head.append(f"#{card.id} ", style="bold")
    head.append(one_line(card.title, 500), style="bold")
    head.append(f"\n{card.type} · P{card.priority} · {one_line(card.board, 40)} / "
                f"{one_line(card.column, 40)}", style="dim")
    if card.lane:
        head.append(f" / {one_line(card.lane, 40)}", style="dim")
    facts = []
    if card.project:
        facts.append(f"project {one_line(card.project, 60)}")
    if card.sprint:
        facts.append(f"sprint {one_line(card.sprint, 40)}")
    if card.due:
        facts.append(f"due {card.due:%a %d %b %Y}")
    if card.tags:
        facts.append("tags " + " ".join("+" + one_line(t, 30) for t in card.tags))
    if facts:
        head.append("\n" + " · ".join(facts))
    spent = card.subtree_seconds if card.children_total else card.tracked_seconds
    head.append(f"\ntracked {hm(spent)}")
    if card.estimate_minutes is not None:
        head.append(f" of {hm(card.estimate_minutes * 60)} estimated")
    if card.children_total:
        head.append(f" · {card.children_done}/{card.children_total} children done")
    if card.running:
        head.append("  ● running", style="bold green")

    tail = Text()

    def section(title: str) -> None:
        tail.append(f"\n{title}\n", style="bold underline")

    if d.blockers or d.blocking:
        section("Dependencies")
        for dep in d.blockers:
            tail.append(f"  blocked by #{dep.blocker_id} {one_line(dep.blocker_title, 60)}\n",
                        style="red" if dep.blocker_id in card.blocked_by else "dim")
        for dep in d.blocking:
            tail.append(f"  blocks #{dep.blocked_id} {one_line(dep.blocked_title, 60)}\n")
    if d.children:
        section(f"Children ({card.children_done}/{card.children_total} done)")
        for child in d.children:
            mark = "✓" if child.done else "·"
            tail.append(f"  {mark} #{child.id} {child.type} {one_line(child.title, 60)} "
                        f"[{one_line(child.column, 20)}]\n")
    section(f"Comments ({len(d.comments)})")
    if not d.comments:
        tail.append("  none yet: c adds one\n", style="dim")
    for comment in d.comments:
        when = comment.created_at.astimezone(tz)
        tail.append(f"  {when:%d %b %H:%M} {one_line(comment.author, 30)}", style="dim")
        if comment.updated_at:
            tail.append(" (edited)", style="dim")
        tail.append("\n    " + one_line(comment.body, 1000) + "\n")
    section(f"Time entries ({len(d.entry_ids)})")
    for entry in data.entries:
        start = entry.start.astimezone(tz)
        end = f"{entry.end.astimezone(tz):%H:%M}" if entry.end else "…"
        length = (entry.end - entry.start).total_seconds() if entry.end else 0
        tail.append(f"  {start:%a %d %b %H:%M}–{end} {hm(int(length)):>6}  "
                    f"{one_line(entry.note, 60)}\n")
    if len(d.entry_ids) > len(data.entries):
        tail.append(f"  … {len(d.entry_ids) - len(data.entries)} older\n", style="dim")
    section("History")
    if not d.history:
        tail.append("  no logged change\n", style="dim")
    for line in d.history[-HISTORY_SHOWN:]:
        at = line.at.astimezone(tz)
        tail.append(f"  {at:%d %b %H:%M} {one_line(line.actor, 12)}  ", style="dim")
        tail.append(one_line(_changes(line), 100) + "\n")
    return head, tail


class CardDetailScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q", "close", "Back", id="card.close", tooltip="Back to the board"),
        Binding("c", "comment", "Comment", id="card.comment", tooltip="Add a comment"),
        Binding("e", "edit", "Edit", id="card.edit", tooltip="Edit the card"),
        Binding("b", "block", "Blocked by…", id="card.block",
                tooltip="Another card blocks this one (its number)"),
        Binding("B", "unblock", "Unblock…", id="card.unblock",
                tooltip="Remove a blocker picked from the list"),
        Binding("E", "edit_comment", "Edit comment…", id="card.comment_edit",
                tooltip="Change a comment picked from the list"),
        Binding("D", "delete_comment", "Delete comment…", id="card.comment_delete",
                tooltip="Delete a comment picked from the list"),
    ]

    def __init__(self, pane: Any, data: DetailData) -> None:
        super().__init__(classes="form-modal")
        self.pane = pane
        self.data = data

    def compose(self) -> ComposeResult:
        head, tail = detail_text(self.data)
        description = self.data.detail.card.description
        with Vertical(classes="dialog card-detail"):
            with VerticalScroll(id="card-detail-body"):
                yield Static(head, id="card-head")
                if description.strip():
                    yield Markdown(description, id="card-description")
                else:
                    yield Static(Text("\nno description (e edits the card)", style="dim"))
                yield Static(tail, id="card-tail")
            yield Static(Text("c comment · e edit · escape back", style="dim"))

    def action_close(self) -> None:
        self.dismiss(None)

    def action_comment(self) -> None:
        card = self.data.detail.card.id

        def added(message: str | None) -> None:
            if message is not None:
                self.notify(message, markup=False, timeout=3)
                self.reread()

        self.app.push_screen(CommentModal(self.app.clock, card),  # type: ignore[attr-defined]
                             added)

    def action_edit(self) -> None:
        from fcc.tui.screens.card_forms import open_card_form

        self.dismiss(None)
        open_card_form(self.pane, self.data.detail.card.id)

    def changed(self, message: str | None) -> None:
        """A change saved (its message) or cancelled (None): said, and the detail read again."""
        if message is not None:
            self.notify(message, markup=False, timeout=3)
            self.reread()

    def run(self, job: Any) -> None:
        """A change on the store's thread (its error: the one-line message)."""
        store_work(self).run(self, job, self.changed,
                             failed=self.app.store_failed)  # type: ignore[attr-defined]

    def action_block(self) -> None:
        from fcc.tui.screens.card_more import BlockModal

        self.app.push_screen(BlockModal(self.app.clock,  # type: ignore[attr-defined]
                                        self.data.detail.card.id), self.changed)

    def action_unblock(self) -> None:
        from fcc.tui.screens.picker import ChooseModal

        card = self.data.detail.card.id
        blockers = {f"#{d.blocker_id} {one_line(d.blocker_title, 60)}": d.blocker_id
                    for d in self.data.detail.blockers}
        if not blockers:
            self.notify("Nothing blocks this card (b adds a blocker).", severity="warning",
                        markup=False)
            return

        def chosen(name: str | None) -> None:
            if name is None:
                return
            by = blockers[name]

            def unblock(store: Store) -> str:
                store.unblock(card, by=by)
                return f"#{by} no longer blocks #{card}"

            self.run(unblock)

        self.app.push_screen(ChooseModal(f"#{card} is no longer blocked by…", list(blockers)),
                             chosen)

    def action_edit_comment(self) -> None:
        from fcc.tui.screens.card_more import CommentEditModal, pick_comment

        def edit(comment: rb.Comment) -> None:
            self.app.push_screen(CommentEditModal(self.app.clock,  # type: ignore[attr-defined]
                                                  comment), self.changed)

        pick_comment(self, "Edit which comment?", self.data.detail.comments, edit)

    def action_delete_comment(self) -> None:
        from fcc.tui.screens.card_forms import ConfirmModal
        from fcc.tui.screens.card_more import comment_label, pick_comment

        def delete(comment: rb.Comment) -> None:
            def answered(yes: bool | None) -> None:
                if yes:
                    self.run(lambda store: (store.delete_comment(comment.id),
                                            "comment deleted — u on the board undoes it")[1])

            self.app.push_screen(ConfirmModal(comment_label(comment), "Delete this comment?"),
                                 answered)

        pick_comment(self, "Delete which comment?", self.data.detail.comments, delete)

    def reread(self) -> None:
        card = self.data.detail.card.id

        def got(data: DetailData) -> None:
            self.data = data
            head, tail = detail_text(data)
            self.query_one("#card-head", Static).update(head)
            self.query_one("#card-tail", Static).update(tail)

        store_work(self).run(self, lambda store: read_detail(store, card), got)


class CommentModal(FormModal[str]):
    FIELDS = (("comment", "Comment"),)
    HINTS = {"comment": "what to note on the card"}
    SUBMIT = "Add comment"

    def __init__(self, clock: Any, card: int) -> None:
        super().__init__(clock)
        self.card = card
        self.form_title = f"Comment on #{card}"

    def submit(self) -> Job[str]:
        body = self.field("comment")
        card = self.card

        def save(store: Store) -> str:
            store.add_comment(card, body)
            return f"commented on #{card}"

        return save

    def show_error(self, field: str, message: str) -> None:
        super().show_error("comment" if field == "body" else field, message)


def open_card_detail(pane: Any, card: int) -> None:
    store_work(pane).run(pane, lambda store: read_detail(store, card),
                         lambda data: pane.app.push_screen(CardDetailScreen(pane, data)))
