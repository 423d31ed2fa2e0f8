"""Printing the day list says which day (and machine) it prints: the Bookings menu's action and its
tooltip name the toolbar's day, the dialog's title and the preview's do too, and the preview opens as
large as the screen allows, its Print button in view (not folded behind the toolbar's »)."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QScreen
from PySide6.QtPrintSupport import QPrintPreviewDialog
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QToolBar

from planner.ui.booking_dialogs import DayListDialog
from planner.ui.department_window import FRAME_ROOM, DepartmentWindow

DAY = date(2030, 4, 2)


@pytest.fixture
def desk(golden_desk):
    return golden_desk


@pytest.fixture
def window(qtbot, desk):
    shown = DepartmentWindow(desk, DAY)
    qtbot.addWidget(shown)
    return shown


def test_the_print_action_names_the_day_shown(window):
    assert window.print_action.text() == "Pr&int day list of Tue 2 Apr…"
    assert "Tue 2 Apr 2030" in window.print_action.toolTip() and "Tue 2 Apr 2030" in window.print_action.statusTip()
    assert window.print_action.iconText() == "Print day list…"  # the toolbar keeps its short words
    window.next_action.trigger()
    assert window.print_action.text() == "Pr&int day list of Wed 3 Apr…"
    assert "Wed 3 Apr 2030" in window.print_action.toolTip()


@pytest.mark.parametrize(("width", "height"), [(1024, 700), (1366, 768)])
def test_the_dialog_and_the_preview_name_the_day_and_the_preview_fits_the_screen(qtbot, window, monkeypatch, width, height):
    monkeypatch.setattr(QScreen, "availableGeometry", lambda screen: QRect(0, 0, width, height))
    asked: list[DayListDialog] = []

    def choose(dialog: DayListDialog) -> int:
        asked.append(dialog)
        dialog.machine.setCurrentIndex(dialog.machine.findData("Linac 2"))
        return QDialog.DialogCode.Accepted.value

    previews: list[tuple[str, int, int, list[str]]] = []

    def look(preview: QPrintPreviewDialog) -> int:
        preview.show()
        QApplication.processEvents()
        bar = preview.findChild(QToolBar)
        hidden = [a.text() for a in bar.actions() if not a.isSeparator() and not bar.widgetForAction(a).isVisible()]
        previews.append((preview.windowTitle(), preview.width(), preview.height(), hidden))
        preview.close()
        return 0

    monkeypatch.setattr(DayListDialog, "exec", choose)
    monkeypatch.setattr(QPrintPreviewDialog, "exec", look)
    window.print_day_list()
    assert asked and asked[0].windowTitle() == "Print day list of Tue 2 Apr 2030"
    assert any("Tue 2 Apr 2030" in label.text() for label in asked[0].findChildren(QLabel))
    title, preview_width, preview_height, hidden = previews[0]
    assert title == "Day list of Tue 2 Apr 2030, Linac 2: print preview"
    assert (preview_width, preview_height) == (width - FRAME_ROOM[0], height - FRAME_ROOM[1])
    assert hidden == []  # Print included


def test_alt_right_and_alt_left_in_the_print_dialog_print_the_day_after_or_before(qtbot, window, monkeypatch):
    """The dialog said 'Alt+Left, Alt+Right or Ctrl+G choose another', and none of them did anything while it was open:
    now Alt+Right and Alt+Left move the day, here and in the window, and the list printed is that day's."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    said: list[str] = []

    def step_on(dialog: DayListDialog) -> int:
        dialog.show()
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow)
        QTest.keyClick(dialog, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
        QTest.keyClick(dialog, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
        QTest.keyClick(dialog, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
        said.extend((dialog.windowTitle(), dialog.day_label.text()))
        return QDialog.DialogCode.Accepted.value

    printed: list[date] = []
    monkeypatch.setattr(DayListDialog, "exec", step_on)
    monkeypatch.setattr(DepartmentWindow, "preview", lambda self, document, title="": printed.append(document.day))
    window.print_day_list()
    assert said[0] == "Print day list of Wed 3 Apr 2030" and "Wed 3 Apr 2030" in said[1] and "Alt+Right" in said[1]
    assert window.day == date(2030, 4, 3) and printed == [date(2030, 4, 3)]
