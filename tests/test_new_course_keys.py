"""New (Ctrl+N) puts the keys in the patient's name: the name the coordinator types next is the new patient's, and
never lands in the field the keys were left in (typed into the Site list, "Brian Cox" chose Breast)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from tests.test_focus_in_sight import COURSE, active
from tests.window_helpers import open_window


def test_new_puts_the_keys_in_the_patients_name(qtbot, monkeypatch):
    window = open_window(qtbot, monkeypatch, COURSE)
    active(qtbot, window)
    site = window.form.site
    site.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is site)
    QTest.keyClick(site, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)  # File → New, as the coordinator presses it
    qtbot.waitUntil(lambda: window.form.patient_name.text() == "")  # the new course is on show
    new_site = site.currentText()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.form.patient_name)
    QTest.keyClicks(QApplication.focusWidget(), "Brian Cox")
    assert window.form.patient_name.text() == "Brian Cox"
    assert site.currentText() == new_site  # the site stays the new course's own
