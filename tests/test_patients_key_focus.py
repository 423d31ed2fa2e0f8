"""F9 (View → Patients) that opens the Patients dock puts the keys in its search box: the name the
coordinator types next finds the patient, and never lands in the open course's Name field."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from .test_ui_small_screen import dock_of, make_window, press_patients_key  # noqa: F401 - the fixture


def test_f9_opens_the_patients_list_with_the_keys_in_its_search(qtbot, make_window):  # noqa: F811
    window = make_window(1024, 700)  # the dock starts closed on this screen
    name_before = window.form.patient_name.text()
    window.table.setFocus()
    press_patients_key(qtbot, window)
    qtbot.waitUntil(lambda: dock_of(window).isVisible())
    search = window.store_link.patients.search
    qtbot.waitUntil(search.hasFocus)
    QTest.keyClicks(window.focusWidget(), "Pat")
    assert search.text() == "Pat"
    assert window.form.patient_name.text() == name_before
    press_patients_key(qtbot, window)  # closed again: nothing else changes
    qtbot.waitUntil(lambda: not dock_of(window).isVisible())
    QTest.keyClick(window, Qt.Key.Key_Escape)
