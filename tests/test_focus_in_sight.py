"""A keyboard-only coordinator sees where the keys are: at start, and after a dialog closed with Escape, the
patient's name has the focus (its focus frame shows), not nothing until Tab is pressed."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog

from planner.core.spec import CourseSpec
from planner.ui.main_window import MainWindow, catalogue_at
from tests.questions import discard_unsaved
from tests.test_ui import SETTINGS
from tests.window_helpers import open_window

from .test_ui_small_screen import make_window  # noqa: F401 - the fixture

COURSE = CourseSpec(patient_name="Alex Example", patient_id="RX-1", site="prostate", fractions=20, start=date(2026, 12, 7),
                    tz="Europe/London")


def active(qtbot, window) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def escape_the_dialog_when_it_shows() -> QTimer:
    """Presses Escape in the first modal dialog that shows, as the user would."""
    timer = QTimer()
    timer.setInterval(20)

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QDialog) and dialog.isActiveWindow():
            timer.stop()
            QTest.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Escape)

    timer.timeout.connect(look)
    timer.start()
    return timer


def test_at_start_the_patients_name_has_the_keys(qtbot, monkeypatch):
    window = open_window(qtbot, monkeypatch, COURSE)
    active(qtbot, window)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.form.patient_name)
    QTest.keyClicks(QApplication.focusWidget(), " Jr")
    assert window.form.patient_name.text() == "Alex Example Jr"  # typing goes where the frame shows


def test_the_desktop_start_gives_the_patients_name_the_keys(qtbot, monkeypatch):
    """As main.py starts it: the frame shown first, the form built after the first paint."""
    discard_unsaved(monkeypatch)
    window = MainWindow(SETTINGS, catalogue_at(""), persist_settings=False, deferred=True)
    qtbot.addWidget(window)
    window.show()
    active(qtbot, window)
    window.finish_start()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.form.patient_name)


def test_after_department_settings_close_with_escape_the_field_that_had_the_keys_has_them_again(qtbot, make_window):  # noqa: F811
    """Opened from the menu with the keyboard (Alt+D), the dialog left the keys on the menu bar when it closed,
    which shows no focus: the field they were in before has them back."""
    window = make_window(1366, 768)
    active(qtbot, window)
    window.form.patient_id.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(window.form.patient_id.hasFocus)
    window.menuBar().setFocus(Qt.FocusReason.ShortcutFocusReason)  # Alt+D: the menu bar takes the keys
    qtbot.waitUntil(window.menuBar().hasFocus)
    timer = escape_the_dialog_when_it_shows()
    window.store_link.edit_department()
    timer.stop()
    window.menuBar().setFocus(Qt.FocusReason.ActiveWindowFocusReason)  # where Qt leaves them as the dialog closes
    active(qtbot, window)  # the desktop's window manager gives the window back its activation (offscreen: the test)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.form.patient_id)


def test_a_field_that_had_the_keys_keeps_them_after_a_dialog(qtbot, monkeypatch):
    window = open_window(qtbot, monkeypatch, COURSE)
    active(qtbot, window)
    window.form.patient_id.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(window.form.patient_id.hasFocus)
    timer = escape_the_dialog_when_it_shows()
    window.courses.edit_settings()
    timer.stop()
    active(qtbot, window)
    qtbot.wait(50)
    assert QApplication.focusWidget() is window.form.patient_id
