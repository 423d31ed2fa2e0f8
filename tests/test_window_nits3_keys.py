"""Keyboard: the Print dialog's Preview, Print and Export PDF have Alt letters of their own (none of its
fields' letters), and the Week view's buttons say their keys; Ctrl+Page Up/Down turn the week as calendars do."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel, QPushButton

from planner.core.spec import CourseSpec
from planner.ui.dialogs import PrintDialog
from tests.window_helpers import open_window

COURSE = CourseSpec(patient_name="Alex Example", patient_id="RX-1", site="prostate", fractions=20,
                    start=date(2026, 12, 7), tz="Europe/London")


def letter(text: str) -> str | None:
    at = text.replace("&&", "").find("&")
    return text.replace("&&", "")[at + 1].lower() if at >= 0 else None


def test_the_print_dialogs_buttons_have_their_own_alt_letters(qtbot):
    dialog = PrintDialog([date(2026, 12, 7), date(2026, 12, 14)])
    qtbot.addWidget(dialog)
    buttons = {b.text().replace("&", ""): letter(b.text()) for b in dialog.findChildren(QPushButton)}
    for name in ("Preview…", "Print…", "Export PDF…"):
        assert buttons[name] is not None, name
    labels = [letter(label.text()) for label in dialog.findChildren(QLabel) if letter(label.text())]
    assert {"l", "f", "t", "d", "h", "p"} <= set(labels)  # Layout, From, To, Days, Hours, Paper
    taken = labels + [each for each in buttons.values() if each]
    assert len(taken) == len(set(taken)), taken


def test_alt_e_exports_a_pdf_from_the_print_dialog(qtbot):
    dialog = PrintDialog([date(2026, 12, 7), date(2026, 12, 14)])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    dialog.first.setFocus()
    QTest.keyClick(dialog.first, Qt.Key.Key_E, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: dialog.result() == 1)
    assert dialog.action == "pdf"


def test_the_week_buttons_say_their_keys_and_ctrl_page_keys_turn_the_week(qtbot, monkeypatch):
    window = open_window(qtbot, monkeypatch, COURSE, size=(1366, 768))
    window.results.tabs.setCurrentIndex(1)
    week = window.week
    assert "Alt+Left" in week.previous.toolTip() and "Ctrl+Page Up" in week.previous.toolTip()
    assert "Alt+Right" in week.next.toolTip() and "Ctrl+Page Down" in week.next.toolTip()
    assert "Page Up and Page Down scroll through the hours" in week.next.toolTip()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    week.view.setFocus()
    qtbot.waitUntil(lambda: week.view.hasFocus())
    start = week.view.monday
    qtbot.keyClick(week.view, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert week.view.monday == date(2026, 12, 14) == start.replace(day=14)
    qtbot.keyClick(week.view, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert week.view.monday == start
    qtbot.keyClick(week.view, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: week.view.monday == date(2026, 12, 14))  # the button's shortcut clicks it animated
    window.results.tabs.setCurrentIndex(0)  # the week hidden: the list keeps its keys
    window.results.table.setFocus()
    qtbot.keyClick(window.results.table, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert week.view.monday == date(2026, 12, 14)
