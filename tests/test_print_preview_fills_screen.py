"""The window's print preview (File → Print…, Preview) opens over the screen's free area, as the Bookings
window's day list preview does: at 1024×700 Qt's default size folded the toolbar's Print button behind »."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QScreen
from PySide6.QtPrintSupport import QPrintPreviewDialog
from PySide6.QtWidgets import QApplication, QToolBar

from planner.core.spec import CourseSpec
from planner.ui import dialogs
from planner.ui.dialog_fit import FRAME_ROOM
from tests.window_helpers import open_window


@pytest.mark.parametrize(("width", "height"), [(1024, 700), (1366, 768)])
def test_the_course_print_preview_fills_the_screen_with_print_in_view(qtbot, monkeypatch, width, height):
    window = open_window(qtbot, monkeypatch, CourseSpec(patient_name="Alex Example", patient_id="RX-1", site="prostate",
                                                        fractions=20, start=date(2026, 12, 7), tz="America/New_York"))
    monkeypatch.setattr(QScreen, "availableGeometry", lambda screen: QRect(0, 0, width, height))
    monkeypatch.setattr(dialogs.PrintDialog, "exec", lambda self: (setattr(self, "action", "preview"), True)[1])
    seen: list[tuple[int, int, list[str]]] = []

    def look(preview: QPrintPreviewDialog) -> int:
        preview.show()
        QApplication.processEvents()
        bar = preview.findChild(QToolBar)
        hidden = [a.text() for a in bar.actions() if not a.isSeparator() and not bar.widgetForAction(a).isVisible()]
        seen.append((preview.width(), preview.height(), hidden))
        preview.close()
        return 0

    monkeypatch.setattr(QPrintPreviewDialog, "exec", look)
    window.print_course()
    assert seen == [(width - FRAME_ROOM[0], height - FRAME_ROOM[1], [])]
