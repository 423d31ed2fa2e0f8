"""Both settings dialogs ask before Escape, Cancel or the close button throws typed changes away (Keep editing
the default), and the mouse wheel over a list or number the pointer passes does not change it."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from planner.app.catalogues import catalogue_at
from planner.store.settings import Settings
from planner.ui.department_settings import DepartmentDialog
from planner.ui.dialogs import SettingsDialog
from tests.test_department_settings import NEW_DEPARTMENT
from tests.window_helpers import answer


def settings_dialog(qtbot):
    dialog = SettingsDialog(Settings(time_zone="Europe/London", holidays="GB-ENG"), catalogue_at)
    qtbot.addWidget(dialog)
    dialog.setModal(True)  # as Edit → Settings… runs it (exec)
    dialog.show()
    return dialog


def department_dialog(qtbot):
    dialog = DepartmentDialog(NEW_DEPARTMENT, lambda department: None)
    qtbot.addWidget(dialog)
    dialog.setModal(True)
    dialog.show()
    return dialog


def test_unchanged_dialogs_close_without_a_question(qtbot, monkeypatch):
    monkeypatch.setattr(QMessageBox, "exec", lambda box: (_ for _ in ()).throw(AssertionError(box.text())))
    for dialog in (settings_dialog(qtbot), department_dialog(qtbot)):
        dialog.reject()
        assert not dialog.isVisible()


def test_typed_changes_are_kept_unless_the_user_discards_them(qtbot, monkeypatch):
    seen: list[str] = []
    settings = settings_dialog(qtbot)
    settings.clinic_name.setText("Manchester Cancer Centre")
    department = department_dialog(qtbot)
    department.booking.within.setValue(department.booking.within.value() + 1)
    for dialog, what in ((settings, "the settings"), (department, "the department's settings")):
        monkeypatch.setattr(QMessageBox, "exec", answer("&Keep editing", seen))
        dialog.reject()
        assert dialog.isVisible() and seen[-1] == f"Close without saving the changes to {what}?"
        monkeypatch.setattr(QMessageBox, "exec", answer("&Discard changes", seen))
        dialog.reject()
        assert not dialog.isVisible()


def wheel(widget, steps: int = 3) -> None:
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(centre, QPointF(widget.mapToGlobal(centre.toPoint())), QPoint(), QPoint(0, -120 * steps),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)


def test_the_wheel_over_an_unfocused_list_or_number_changes_nothing(qtbot):
    settings = settings_dialog(qtbot)
    settings.clinic_name.setFocus()
    time_before, country_before = settings.treatment_time.time(), settings.holidays.country.currentIndex()
    wheel(settings.treatment_time)
    wheel(settings.holidays.country)
    assert settings.treatment_time.time() == time_before and settings.holidays.country.currentIndex() == country_before
    department = department_dialog(qtbot)
    department.tabs.setCurrentWidget(department.booking)
    within = department.booking.within.value()
    wheel(department.booking.within)
    assert department.booking.within.value() == within


def test_with_a_department_settings_say_that_it_decides_the_clinics_details_and_calendar(qtbot):
    plain = SettingsDialog(Settings(time_zone="Europe/London"), catalogue_at)
    qtbot.addWidget(plain)
    assert plain.department_note.isHidden()
    told = SettingsDialog(Settings(time_zone="Europe/London"), catalogue_at, department="Riverside Cancer Centre")
    qtbot.addWidget(told)
    told.show()
    words = told.department_note.text()
    assert told.department_note.isVisible() and "The department (Riverside Cancer Centre) decides" in words
    assert "Department settings, on the Department menu" in words
