"""Undo as the course's own history: its states with what changed, and which one is shown.

The window's QUndoStack presents it; the rules (what merges, what is saved) live here, so the
command line, a test or another front end get the same undo without Qt.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..core.spec import CourseSpec


@dataclass(frozen=True)
class HistoryEntry:
    """A state of the course, the change that led to it, and the field it edited (None: not merged)."""

    spec: CourseSpec
    label: str
    merge_key: str | None = None


class CourseHistory:
    """States oldest first; undo and redo move the current index along them; a new change drops the redo tail."""

    def __init__(self, spec: CourseSpec, label: str = "Open the course") -> None:
        self._entries = [HistoryEntry(spec, label)]
        self._index = 0
        self._saved: int | None = 0

    @property
    def spec(self) -> CourseSpec:
        return self._entries[self._index].spec

    @property
    def index(self) -> int:
        return self._index

    @property
    def entries(self) -> tuple[HistoryEntry, ...]:
        return tuple(self._entries)

    @property
    def can_undo(self) -> bool:
        return self._index > 0

    @property
    def can_redo(self) -> bool:
        return self._index < len(self._entries) - 1

    @property
    def undo_label(self) -> str:
        return self._entries[self._index].label if self.can_undo else ""

    @property
    def redo_label(self) -> str:
        return self._entries[self._index + 1].label if self.can_redo else ""

    @property
    def dirty(self) -> bool:
        """True when the course shown is not the one last saved (or opened)."""
        return self._saved != self._index

    def record(self, spec: CourseSpec, label: str, merge_key: str | None = None) -> int:
        """Add a change and return the new index. A change of the same field as the one before joins it
        (one undo for typing a name), unless that state was saved: then it stays reachable."""
        if spec == self.spec:
            return self._index
        del self._entries[self._index + 1:]
        if self._saved is not None and self._saved > self._index:
            self._saved = None
        top = self._entries[self._index]
        if merge_key is not None and self._index > 0 and top.merge_key == merge_key and self._saved != self._index:
            self._entries[self._index] = HistoryEntry(spec, top.label, merge_key)
        else:
            self._entries.append(HistoryEntry(spec, label, merge_key))
            self._index += 1
        return self._index

    def go_to(self, index: int) -> CourseSpec:
        """Show the state at `index` (0 is the course as opened)."""
        if not 0 <= index < len(self._entries):
            raise IndexError(f"no course state {index} (there are {len(self._entries)})")
        self._index = index
        return self.spec

    def undo(self) -> CourseSpec:
        """The state before the last change (the same one when there is nothing to undo)."""
        return self.go_to(max(self._index - 1, 0))

    def redo(self) -> CourseSpec:
        """The state after the current one (the same one when there is nothing to redo)."""
        return self.go_to(min(self._index + 1, len(self._entries) - 1))

    def mark_saved(self) -> None:
        """The state shown is the one on disk or in the store."""
        self._saved = self._index
