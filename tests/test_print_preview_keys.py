"""The print preview prints by keyboard: Ctrl+P there does what its toolbar's Print button does. Qt's preview toolbar
buttons take no focus and have no keys, so a coordinator working by keyboard reached the day list's (or the course's)
preview and could not print it."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, QTimer
from PySide6.QtPrintSupport import QPrintPreviewDialog
from PySide6.QtWidgets import QApplication, QDialog, QToolBar

from planner.core.spec import CourseSpec
from planner.ui import dialogs
from tests.window_helpers import open_window


def _close_what_printing_opened(preview: QPrintPreviewDialog) -> None:
    """Printing asks where (a print dialog, or a file name for a PDF printer): answered Cancel."""
    asked = QApplication.activeModalWidget()
    if isinstance(asked, QDialog) and asked is not preview:
        asked.reject()


def test_ctrl_p_in_the_print_preview_prints(qtbot, monkeypatch):
    window = open_window(qtbot, monkeypatch, CourseSpec(patient_name="Alex Example", patient_id="RX-1", site="prostate",
                                                        fractions=20, start=date(2026, 12, 7), tz="Europe/London"))
    monkeypatch.setattr(dialogs.PrintDialog, "exec", lambda self: (setattr(self, "action", "preview"), True)[1])
    seen: list[str] = []

    def look(preview: QPrintPreviewDialog) -> int:
        preview.show()
        preview.activateWindow()
        QApplication.processEvents()
        bar = preview.findChild(QToolBar)
        printing = next(a for a in bar.actions() if a.text().replace("&", "") == "Print")
        seen.append(printing.toolTip())
        printing.triggered.connect(lambda: seen.append("printed"))
        QTimer.singleShot(0, lambda: _close_what_printing_opened(preview))
        qtbot.keyClick(preview, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
        QApplication.processEvents()
        preview.close()
        return 0

    monkeypatch.setattr(QPrintPreviewDialog, "exec", look)
    window.print_course()
    assert seen == ["Print (Ctrl+P)", "printed"]
