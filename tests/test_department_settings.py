"""Department settings as editable tables (pytest-qt; the models checked by qtmodeltester)."""

from __future__ import annotations

from dataclasses import replace
from datetime import time

from PySide6.QtCore import QModelIndex, Qt, QTime

from planner.app.department_tables import NEW_DEPARTMENT
from planner.core.department import BookingRules, parse_department
from planner.ui.department_settings import DepartmentDialog
from planner.ui.text_table import TextTableModel
from tests.test_department import ISSUE_FILE


def test_the_text_table_model_passes_the_model_tester(qtmodeltester):
    model = TextTableModel(("Date", "Name"), [["2026-12-24", "Staff training day"], ["2026-12-31"]])
    assert model.rows()[1] == ["2026-12-31", ""]
    qtmodeltester.check(model)
    assert model.insertRows(2, 1) and model.setData(model.index(2, 1), "New Year's Eve")
    assert model.removeRows(0, 1) and model.rows() == [["2026-12-31", ""], ["", "New Year's Eve"]]
    fixed = TextTableModel(("Value",), [["x"]], row_labels=("Name",))
    assert fixed.headerData(0, Qt.Orientation.Vertical) == "Name" and not fixed.insertRows(0, 1, QModelIndex())
    qtmodeltester.check(fixed)


def test_edited_tables_are_saved_as_one_department(qtbot):
    saved = []
    dialog = DepartmentDialog(parse_department(ISSUE_FILE, "issue.toml"), saved.append)
    qtbot.addWidget(dialog)
    dialog.machines.insertRows(dialog.machines.rowCount(), 1)
    row = dialog.machines.rowCount() - 1
    for column, text in enumerate(["Linac 2", "A", "vmat, srs", "08:00-16:00"]):
        dialog.machines.setData(dialog.machines.index(row, column), text)
    dialog.details.setData(dialog.details.index(2, 0), "+1 212 555 0199")
    dialog.accept()
    assert dialog.result() == dialog.DialogCode.Accepted
    (department,) = saved
    assert department.phone == "+1 212 555 0199" and department.machine("Linac 2").capabilities == {"vmat", "srs"}
    assert department.machine("Linac 1") is not None and len(department.downtime) == 1


def test_a_bad_cell_keeps_the_dialog_open_and_names_the_row(qtbot):
    saved = []
    dialog = DepartmentDialog(NEW_DEPARTMENT, saved.append)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.downtime.insertRows(0, 1)
    for column, text in enumerate(["Linac 7", "2026-12-02T07:30", "2026-12-02T12:00", "QA"]):
        dialog.downtime.setData(dialog.downtime.index(0, column), text)
    dialog.accept()
    assert not saved and dialog.isVisible()
    # said in words at the cell (once the department file's "[[downtime]] #1: 'machine': ...")
    assert dialog.error.text() == "Downtime, row 1 (Linac 7), Machine: 'Linac 7' is not one of the machines on the Machines tab"
    assert dialog.tabs.tabText(dialog.tabs.currentIndex()) == "&Downtime"
    assert dialog.views["Downtime"].currentIndex() == dialog.downtime.index(0, 0)


def test_a_refusal_of_the_store_is_shown_and_nothing_closes(qtbot):
    def refuse(department):
        raise OSError("the database is read-only")

    dialog = DepartmentDialog(NEW_DEPARTMENT, refuse)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.accept()
    assert dialog.isVisible() and "read-only" in dialog.error.text()


def test_the_booking_rules_are_edited_on_their_own_page_and_saved_with_the_department(qtbot):
    saved = []
    dialog = DepartmentDialog(parse_department(ISSUE_FILE, "issue.toml"), saved.append)
    qtbot.addWidget(dialog)
    form = dialog.booking
    assert [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())] == [
        "&Clinic", "C&losures", "&Machines", "&Downtime", "&Booking"]
    assert (form.within.value(), form.reserve.value(), form.release.value()) == (2, 10, 2)
    assert form.second.isChecked() and not form.weekend.isChecked() and not form.weekend_from.isEnabled()
    assert (form.within.maximum(), form.reserve.maximum(), form.release.maximum()) == (30, 90, 60)
    form.within.setValue(1)
    form.reserve.setValue(15)
    form.release.setValue(1)
    form.second.setChecked(False)
    form.weekend.setChecked(True)
    assert form.weekend_from.isEnabled() and form.weekend_from.time() == QTime(9, 0)
    form.weekend_to.setTime(QTime(12, 30))
    dialog.accept()
    assert dialog.result() == dialog.DialogCode.Accepted
    (department,) = saved
    assert department.booking == BookingRules(1, 15, 1, False, (time(9), time(12, 30)))
    assert department.machine("Linac 1") is not None and len(department.downtime) == 1  # the rest as it was


def test_weekend_hours_that_end_before_they_begin_are_named_under_the_field_and_nothing_is_saved(qtbot):
    saved = []
    start = parse_department(ISSUE_FILE, "issue.toml")
    dialog = DepartmentDialog(replace(start, booking=BookingRules(weekend_hours=(time(8), time(11)))), saved.append)
    qtbot.addWidget(dialog)
    dialog.show()
    form = dialog.booking
    assert form.weekend.isChecked() and form.weekend_to.time() == QTime(11, 0)
    form.weekend_from.setTime(QTime(12, 0))
    dialog.accept()
    assert not saved and dialog.isVisible() and dialog.tabs.currentWidget() is form
    assert form.weekend_error.isVisible()
    assert form.weekend_error.text() == "Weekend sessions: the end (11:00) must come after the start (12:00)."
    form.weekend_from.setTime(QTime(7, 30))
    assert not form.weekend_error.isVisible()  # changing the hours clears the message
    dialog.accept()
    assert saved[0].booking.weekend_hours == (time(7, 30), time(11))


def test_a_single_day_reads_in_the_singular(qtbot):
    dialog = DepartmentDialog(NEW_DEPARTMENT, lambda department: None)
    qtbot.addWidget(dialog)
    dialog.booking.within.setValue(1)
    dialog.booking.release.setValue(1)
    assert dialog.booking.within.text() == "1 working day" and dialog.booking.release.text() == "1 working day ahead"
    dialog.booking.within.setValue(3)
    assert dialog.booking.within.text() == "3 working days"


def test_each_page_of_department_settings_has_its_own_alt_letter(qtbot):
    from PySide6.QtTest import QTest

    dialog = DepartmentDialog(NEW_DEPARTMENT, lambda department: None)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    texts = [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
    letters = [text[text.index("&") + 1].lower() for text in texts]
    assert len(letters) == len(set(letters)), texts  # Clinic and Closures once both took C
    QTest.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)
    assert dialog.tabs.tabText(dialog.tabs.currentIndex()) == "C&losures"
