"""Enter in a new closure's date or note adds the closure, as Add does: the coordinator no longer has
to Tab to Add. The key goes no further (a dialog's default button around the form is not pressed),
and a closure refused (a date already closed, a text that is not a date) keeps the note as typed."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QPushButton, QVBoxLayout

from planner.core.catalogue import load_catalogue
from planner.core.clinic import PackageHolidays
from planner.core.errors import Field
from planner.core.spec import CourseSpec
from planner.resources_path import default_catalogue_path
from planner.ui.course_form import CourseForm

COURSE = CourseSpec(patient_name="Alex Example", patient_id="RX-1", site="prostate", fractions=20,
                    start=date(2026, 12, 7), tz="Europe/London")


def form_in_dialog(qtbot) -> tuple[CourseForm, QDialog, list[str]]:
    """The form inside a dialog whose default button records its presses."""
    dialog = QDialog()
    qtbot.addWidget(dialog)
    form = CourseForm(load_catalogue(default_catalogue_path()), PackageHolidays())
    pressed: list[str] = []
    default = QPushButton("OK")
    default.setDefault(True)
    default.clicked.connect(lambda: pressed.append("OK"))
    column = QVBoxLayout(dialog)
    column.addWidget(form)
    column.addWidget(default)
    form.set_spec(COURSE)
    dialog.show()
    qtbot.waitExposed(dialog)
    return form, dialog, pressed


def closures(form: CourseForm) -> tuple[tuple[date, str], ...]:
    return form.closure_dates()


def type_into(qtbot, field, text: str) -> None:
    field.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(field.hasFocus)
    field.selectAll()
    QTest.keyClicks(field, text)


def test_enter_in_the_note_adds_the_closure_and_presses_no_default_button(qtbot):
    form, dialog, pressed = form_in_dialog(qtbot)
    type_into(qtbot, form.closure_date, "24 Dec 2026")
    type_into(qtbot, form.closure_note, "Linac service")
    QTest.keyClick(form.closure_note, Qt.Key.Key_Return)
    assert closures(form) == ((date(2026, 12, 24), "Linac service"),)
    assert form.closure_note.text() == ""  # ready for the next one
    assert pressed == [] and dialog.isVisible()
    # Enter in the date field adds its date too (the keypad's Enter alike)
    type_into(qtbot, form.closure_date, "31 Dec 2026")
    QTest.keyClick(form.closure_date, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)
    assert closures(form) == ((date(2026, 12, 24), "Linac service"), (date(2026, 12, 31), ""))
    assert pressed == []


def test_a_refused_closure_keeps_the_note_typed(qtbot):
    form, _dialog, pressed = form_in_dialog(qtbot)
    type_into(qtbot, form.closure_date, "24 Dec 2026")
    QTest.keyClick(form.closure_date, Qt.Key.Key_Return)
    assert closures(form) == ((date(2026, 12, 24), ""),)
    type_into(qtbot, form.closure_note, "Staff training")
    QTest.keyClick(form.closure_note, Qt.Key.Key_Return)  # the same date again: refused
    assert closures(form) == ((date(2026, 12, 24), ""),)
    assert form.closure_note.text() == "Staff training"
    assert "already a closure" in form.errors[Field.CLOSED].text() and not form.errors[Field.CLOSED].isHidden()
    type_into(qtbot, form.closure_date, "32 Dec 2026")  # not a date
    type_into(qtbot, form.closure_note, " and audit")
    form.closure_note.end(False)
    QTest.keyClick(form.closure_date, Qt.Key.Key_Return)
    assert closures(form) == ((date(2026, 12, 24), ""),)
    assert "is not a date" in form.closure_date.problem
    assert pressed == []
