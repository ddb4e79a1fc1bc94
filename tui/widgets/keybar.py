"""The key bar at the bottom: the keys of the current screen, with the user's key map.

On the right, always whole: the palette, help and quit. On the left, the screen's other shown
keys, as many as fit, each whole or not at all (help and the palette list the rest). Drawn
from the screen's active bindings at each repaint, so it is never a frame behind a resize or
a change of focus.
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.screen import Screen
from textual.widget import Widget


def shown_key(node: Widget, binding_id: str, default: str) -> str:
    """The first key of a binding as the key bar shows it, with the user's key map (for a
    pane's hints: "n creates one")."""
    from textual.binding import Binding

    keymap: dict[str, str] = getattr(node.app, "user_keymap", {})
    key = keymap.get(binding_id, default).split(",")[0].strip()
    return node.app.get_key_display(Binding(key, ""))


PINNED = ("app.palette", "app.help", "app.quit")  # binding ids, in the order shown
GAP = 2


class KeyBar(Widget):
    COMPONENT_CLASSES = {"keybar--key", "keybar--description", "keybar--disabled"}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._spans: list[tuple[int, int, str]] = []  # (first cell, after last, key) for clicks

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen) -> None:
        self.refresh()

    def items(self) -> tuple[list[tuple[str, str, str, bool]], list[tuple[str, str, str, bool]]]:
        """(shown keys, pinned keys): each (key, key as shown, description, enabled)."""
        shown: list[tuple[str, str, str, bool]] = []
        pinned: dict[str, tuple[str, str, str, bool]] = {}
        seen: set[str] = set()
        for key, active in self.screen.active_bindings.items():
            binding = active.binding
            ident = binding.id or binding.action
            if ident in seen:
                continue  # a binding with two keys shows its first
            item = (key, self.app.get_key_display(binding), binding.description,
                    active.enabled)
            if binding.id in PINNED:
                pinned[binding.id] = item
            elif binding.show and binding.description:
                shown.append(item)
            else:
                continue
            seen.add(ident)
        return shown, [pinned[i] for i in PINNED if i in pinned]

    def render(self) -> Text:
        shown, pinned = self.items()
        width = self.size.width
        right = self._line(pinned)
        room = width - right.cell_len - GAP
        left = Text(no_wrap=True)
        spans: list[tuple[int, int, str]] = []
        for item in shown:
            part = self._line([item])
            extra = (GAP if left.cell_len else 1) + part.cell_len
            if left.cell_len + extra > room:
                break  # whole keys only: the rest are in help and the palette
            left.append(" " * (GAP if left.cell_len else 1))
            spans.append((left.cell_len, left.cell_len + part.cell_len, item[0]))
            left.append_text(part)
        pad = max(1, width - left.cell_len - right.cell_len - 1)
        start = left.cell_len + pad
        offset = 0
        for item in pinned:
            part = self._line([item])
            spans.append((start + offset, start + offset + part.cell_len, item[0]))
            offset += part.cell_len + GAP
        self._spans = spans
        out = Text(no_wrap=True, overflow="crop")
        out.append_text(left)
        out.append(" " * pad)
        out.append_text(right)
        return out

    def _line(self, items: list[tuple[str, str, str, bool]]) -> Text:
        key_style = self.get_component_rich_style("keybar--key")
        description_style = self.get_component_rich_style("keybar--description")
        disabled = self.get_component_rich_style("keybar--disabled")
        out = Text(no_wrap=True)
        for i, (_, shown_key, description, enabled) in enumerate(items):
            if i:
                out.append(" " * GAP)
            out.append(shown_key, style=key_style if enabled else disabled)
            out.append(" " + description, style=description_style if enabled else disabled)
        return out

    def on_click(self, event: events.Click) -> None:
        for first, after, key in self._spans:
            if first <= event.x < after:
                self.app.simulate_key(key)
                return
