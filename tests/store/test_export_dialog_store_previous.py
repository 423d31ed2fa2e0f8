"""File → Export calendar of a stored course whose calendar was exported from the store before: the
next export updates that calendar (the store keeps it), so the dialog's Previous export field, left
empty, says so rather than "None: a first export"; a course never exported still says a first export."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import TypeVar

import pytest
from PySide6.QtWidgets import QMessageBox

from planner.ui.dialogs import ExportDialog

from .booking_scenario import desk_on, main_window_on, stock

EXPORTED, NEVER = "course-prostate", "course-breast"
T = TypeVar("T")


@pytest.fixture
def url(tmp_path) -> str:
    made = stock(f"sqlite:///{tmp_path / 'department.db'}")
    with desk_on(made) as desk:
        desk.export_calendar(EXPORTED, now=datetime(2030, 3, 1, tzinfo=UTC))
    return made


def shown_in_export_dialog(window, monkeypatch, read: Callable[[ExportDialog], T]) -> T:
    """What `read` finds in the dialog File → Export calendar opens (then cancelled)."""
    seen: list[T] = []

    def exec_(dialog: ExportDialog) -> int:
        seen.append(read(dialog))
        return 0

    monkeypatch.setattr(ExportDialog, "exec", exec_)
    window.courses.export_calendar()
    assert len(seen) == 1
    return seen[0]


def placeholder_shown(window, monkeypatch) -> str:
    """The Previous export field's placeholder in the dialog File → Export calendar opens (then cancelled)."""
    return shown_in_export_dialog(window, monkeypatch, lambda dialog: dialog.previous.placeholderText())


def test_the_previous_export_field_says_the_store_keeps_the_calendar_given(qtbot, monkeypatch, url):
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: pytest.fail(f"refused: {a[2]}"))
    with main_window_on(qtbot, monkeypatch, url, clinic_phone="+44 20 7946 0000") as window:
        qtbot.waitUntil(lambda: window.started, timeout=10_000)
        window.store_link.open_course(EXPORTED)
        said = placeholder_shown(window, monkeypatch)
        assert "first export" not in said and "store" in said
        window.store_link.open_course(NEVER)
        assert placeholder_shown(window, monkeypatch) == "None: a first export"
