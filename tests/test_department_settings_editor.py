"""Department settings edited as a coordinator expects: fields and pick lists on the Clinic page, dates and
times in words and date fields, hours checked as typed, refused cells marked and gone to at Save, new rows
filled to edit, and every page usable by keyboard alone (pytest-qt)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QValidator
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView, QApplication, QComboBox, QLineEdit, QStyle, QStyleOptionViewItem

from planner.app.department_tables import (
    DETAIL_KEYS,
    NEW_DEPARTMENT,
    CellProblem,
    hours_problem,
    new_downtime_row,
    new_machine_row,
    normal_hours,
    table_problems,
    tables_from_department,
)
from planner.core.department import parse_department
from planner.ui.date_field import DateField
from planner.ui.department_delegates import HoursValidator, WordCompleter
from planner.ui.department_settings import DepartmentDialog
from tests.test_department import ISSUE_FILE

TWO_MACHINES = ISSUE_FILE.replace("[[downtime]]", """[[machines]]
name = "Linac 2"
group = "A"
capabilities = ["vmat", "srs"]
hours = { mon = "08:00-18:00", tue = "08:00-18:00", sat = "09:00-12:00" }

[[downtime]]""")


def open_dialog(qtbot, text: str = TWO_MACHINES, saved: list | None = None) -> DepartmentDialog:
    dialog = DepartmentDialog(parse_department(text, "x.toml"), (saved if saved is not None else []).append)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def edit_cell(qtbot, dialog: DepartmentDialog, title: str, row: int, column: int):
    """The editor of one cell, opened as F2 opens it."""
    view = dialog.views[title]
    dialog.tabs.setCurrentIndex(["Clinic", "Closures", "Machines", "Downtime"].index(title))
    view.setFocus()
    view.setCurrentIndex(view.model().index(row, column))
    view.edit(view.currentIndex())
    editor = QApplication.focusWidget()
    assert view.state() == QAbstractItemView.State.EditingState and editor is not None
    return editor


def commit(dialog: DepartmentDialog, title: str) -> None:
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    QApplication.processEvents()
    assert dialog.views[title].state() != QAbstractItemView.State.EditingState


# ---------------------------------------------------------------- the Qt-free checks


def test_each_refused_cell_is_named_in_words_with_its_row_and_field():
    tables = tables_from_department(parse_department(TWO_MACHINES, "x.toml"))
    assert table_problems(tables) == []
    tables.machines[1][4] = "7:30-25:00"
    tables.machines[1][2] = "vmat, ct room"
    tables.closures.append(["2026-12-24", "Again"])
    tables.downtime[0][2] = "2026-12-02T07:00"
    tables.details["timezone"] = "Europe/Londn"
    words = [problem.words() for problem in table_problems(tables)]
    assert words == [
        "Time zone: 'Europe/Londn' is not an IANA time zone: type part of its name (e.g. London) and pick it from the list",
        "Closures, row 2, Date: Thu 24 Dec 2026 is already closed on row 1",
        "Machines, row 2 (Linac 2), Capabilities: a machine is a CT simulator ('ct') or a clinic room ('room'), not both",
        "Machines, row 2 (Linac 2), Tuesday hours: '7:30-25:00' is not a time range like 07:30-19:00",
        "Downtime, row 1 (Linac 1), End: the downtime must end after it starts",
    ]
    assert hours_problem("") is None and hours_problem("19:00-07:30") == "'19:00-07:30' closes before it opens"
    assert normal_hours(" 7:30 - 19:00 ") == "07:30-19:00" and normal_hours("7:3") == "7:3"


def test_a_new_machine_takes_the_hours_of_the_selected_one_else_the_clinics_days():
    rows = tables_from_department(parse_department(TWO_MACHINES, "x.toml")).machines
    assert new_machine_row(rows, "mon", like=0)[3:] == ["07:30-19:00"] * 4 + ["07:30-17:00", "", ""]
    assert new_machine_row(rows, "mon")[3:] == ["08:00-18:00", "08:00-18:00", "", "", "", "09:00-12:00", ""]  # the last
    assert new_machine_row([], "mon,sat")[:3] == ["", "", ""]
    assert new_machine_row([], "mon,sat")[3:] == ["08:00-18:00", "", "", "", "", "08:00-18:00", ""]


def test_new_downtime_takes_the_machines_next_opening_hours():
    rows = tables_from_department(parse_department(TWO_MACHINES, "x.toml")).machines
    friday = date(2026, 11, 27)
    assert new_downtime_row(rows, "Linac 2", friday) == ["Linac 2", "2026-11-28T09:00", "2026-11-28T12:00", ""]  # Saturday
    assert new_downtime_row(rows, "Linac 1", friday) == ["Linac 1", "2026-11-30T07:30", "2026-11-30T19:00", ""]  # Monday
    assert new_downtime_row(rows, "", friday)[0] == "Linac 1"


def test_new_downtime_skips_the_days_the_machine_is_already_down():
    rows = tables_from_department(parse_department(TWO_MACHINES, "x.toml")).machines
    friday = date(2026, 11, 27)
    down = [["Linac 1", "2026-11-30T12:00", "2026-11-30T13:00", "QA"],  # Monday, in part
            ["Linac 1", "2026-12-01T06:00-05:00", "2026-12-02T08:00", "service"],  # Tuesday, and Wednesday's first half hour
            ["Linac 2", "2026-12-03T07:30", "2026-12-03T19:00", ""], ["Linac 1", "next Tuesday", "", ""]]  # not Linac 1's
    assert new_downtime_row(rows, "Linac 1", friday, down)[1:3] == ["2026-12-03T07:30", "2026-12-03T19:00"]  # Thursday
    assert new_downtime_row(rows, "Linac 2", friday, down)[1] == "2026-11-28T09:00"


def test_new_downtime_reads_the_rows_as_the_department_file_does():
    rows = tables_from_department(parse_department(TWO_MACHINES, "x.toml")).machines
    friday = date(2026, 11, 27)
    odd = [["Linac 1", "20261130T07:30", "2026-11-30T1900", ""]]  # ISO forms the file refuses: no downtime that day
    assert new_downtime_row(rows, "Linac 1", friday, odd)[1] == "2026-11-30T07:30"


# ---------------------------------------------------------------- the Clinic page


def test_the_clinic_page_offers_fields_not_codes(qtbot):
    saved: list = []
    dialog = open_dialog(qtbot, saved=saved)
    clinic = dialog.clinic
    assert [box.isChecked() for box in clinic.day_boxes] == [True] * 5 + [False] * 2
    assert clinic.holidays.country.currentText() == "United States (US)"
    assert clinic.holidays.subdivision.currentText() == "New York (NY)"
    assert clinic.zone.currentText() == "America/New_York"
    completer = clinic.holidays.country.completer()
    assert completer.filterMode() == Qt.MatchFlag.MatchContains  # 'kingdom' finds United Kingdom (GB)
    clinic.day_boxes[5].setChecked(True)
    clinic.day_boxes[4].setChecked(False)
    assert dialog.tables().details["treatment_days"] == "mon,tue,wed,thu,sat"
    clinic.holidays.country.setCurrentIndex(clinic.holidays.country.findData("GB"))
    clinic.holidays.subdivision.setCurrentIndex(clinic.holidays.subdivision.findData("ENG"))
    assert dialog.tables().details["holidays"] == "GB-ENG"
    assert clinic.holidays.subdivision.currentText() == "England (ENG)"
    dialog.accept()
    assert saved[0].holidays == "GB-ENG" and saved[0].treatment_days == frozenset({0, 1, 2, 3, 5})


def test_a_clinic_field_is_checked_as_it_is_typed_and_save_goes_to_it(qtbot):
    saved: list = []
    dialog = open_dialog(qtbot, saved=saved)
    clinic = dialog.clinic
    clinic.zone.setEditText("Europe/Londn")
    assert clinic.errors["timezone"].isVisible()
    assert clinic.errors["timezone"].text().startswith("'Europe/Londn' is not an IANA time zone")
    for box in clinic.day_boxes:
        box.setChecked(False)
    assert clinic.errors["treatment_days"].text() == "choose at least one treatment day"
    dialog.tabs.setCurrentIndex(2)
    dialog.accept()
    assert not saved and dialog.tabs.currentWidget() is clinic and clinic.zone.hasFocus()
    assert dialog.error.text().startswith("Time zone: 'Europe/Londn' is not an IANA time zone")
    clinic.zone.setEditText("Europe/London")
    clinic.day_boxes[0].setChecked(True)
    assert not clinic.errors["timezone"].isVisible() and not clinic.errors["treatment_days"].isVisible()
    dialog.accept()
    assert saved[0].timezone == "Europe/London" and saved[0].treatment_days == frozenset({0})


def test_a_holiday_region_not_in_the_lists_is_kept_shown_and_refused_at_save(qtbot):
    saved: list = []
    dialog = open_dialog(qtbot, saved=saved)
    dialog.details.setData(dialog.details.index(DETAIL_KEYS.index("holidays"), 0), "US-NYY")
    assert dialog.clinic.holidays.subdivision.currentText() == "NYY (not in the list)"
    assert dialog.clinic.holidays.code() == "US-NYY"  # what was there is not silently turned into the whole country
    assert dialog.clinic.errors["holidays"].text().startswith("'NYY' is not a subdivision of US")
    dialog.accept()
    assert not saved and dialog.error.text().startswith("Public holidays: 'NYY' is not a subdivision of US")


# ---------------------------------------------------------------- closures, machines, downtime


def test_closure_dates_read_in_words_and_are_typed_or_picked_in_the_date_field(qtbot):
    dialog = open_dialog(qtbot)
    index = dialog.closures.index(0, 0)
    assert index.data() == "Thu 24 Dec 2026" and dialog.closures.rows()[0][0] == "2026-12-24"
    dialog.closures.insertRows(1, 1)
    editor = edit_cell(qtbot, dialog, "Closures", 1, 0)
    assert isinstance(editor, DateField)
    editor.selectAll()
    QTest.keyClicks(editor, "31 Dec 2026")
    commit(dialog, "Closures")
    assert dialog.closures.rows()[1][0] == "2026-12-31" and dialog.closures.index(1, 0).data() == "Thu 31 Dec 2026"
    editor = edit_cell(qtbot, dialog, "Closures", 1, 0)
    editor.selectAll()
    QTest.keyClicks(editor, "31 Feb 2026")
    commit(dialog, "Closures")
    assert dialog.closures.rows()[1][0] == "31 Feb 2026"  # kept as typed, to correct
    assert dialog.closures.index(1, 0).data(Qt.ItemDataRole.ToolTipRole) == "Closures, row 2, Date: '31 Feb 2026' is not a date"
    assert dialog.closures.index(1, 0).data(Qt.ItemDataRole.DecorationRole) is not None


def test_hours_columns_are_wide_enough_to_read_and_the_editor_checks_as_typed(qtbot):
    dialog = open_dialog(qtbot)
    view = dialog.views["Machines"]
    for width, height in ((1366, 768), (1024, 700)):
        dialog.resize(width, height)
        QApplication.processEvents()
        text = view.fontMetrics().horizontalAdvance("07:30-19:00")
        assert all(view.columnWidth(column) > text + 16 for column in range(3, 10))
    assert view.horizontalScrollBar().maximum() > 0  # at 1024 the week scrolls sideways rather than being cut
    editor = edit_cell(qtbot, dialog, "Machines", 1, 4)
    assert isinstance(editor, QLineEdit)
    assert HoursValidator().validate("07:30-19:00", 0)[0] == QValidator.State.Acceptable
    assert HoursValidator().validate("7am", 0)[0] == QValidator.State.Invalid
    editor.selectAll()
    QTest.keyClicks(editor, "7:30-25:00x")  # the letter is refused
    assert editor.text() == "7:30-25:00"
    assert editor.mark.isVisible() and editor.toolTip() == "'7:30-25:00' is not a time range like 07:30-19:00"
    editor.setText("7:30 - 19:00")
    assert not editor.mark.isVisible()
    commit(dialog, "Machines")
    assert dialog.machines.rows()[1][4] == "07:30-19:00"


def test_capability_words_are_completed_word_by_word(qtbot):
    line = QLineEdit()
    qtbot.addWidget(line)
    completer = WordCompleter(["dibh", "sbrt", "srs", "vmat"], line)
    line.setCompleter(completer)
    line.setText("vmat, sb")
    assert completer.splitPath("vmat, sb") == ["sb"]
    assert completer.pathFromIndex(completer.model().index(1, 0)) == "vmat, sbrt"  # the source model's "sbrt"
    dialog = open_dialog(qtbot)
    editor = edit_cell(qtbot, dialog, "Machines", 0, 2)
    assert isinstance(editor.completer(), WordCompleter)


def test_downtime_picks_a_machine_of_the_machines_tab_and_a_date_and_time(qtbot):
    dialog = open_dialog(qtbot)
    assert dialog.downtime.index(0, 1).data() == "Wed 2 Dec 2026, 07:30" and dialog.downtime.rows()[0][1] == "2026-12-02T07:30"
    combo = edit_cell(qtbot, dialog, "Downtime", 0, 0)
    assert isinstance(combo, QComboBox) and [combo.itemText(i) for i in range(combo.count())] == ["Linac 1", "Linac 2"]
    combo.setCurrentIndex(1)
    commit(dialog, "Downtime")
    assert dialog.downtime.rows()[0][0] == "Linac 2"
    moment = edit_cell(qtbot, dialog, "Downtime", 0, 2)
    assert isinstance(moment, QLineEdit) and moment.text() == "2 Dec 2026 12:00"  # typed as it is shown
    moment.setText("3 Dec 2026 9:15")
    commit(dialog, "Downtime")
    assert dialog.downtime.rows()[0][2] == "2026-12-03T09:15"
    moment = edit_cell(qtbot, dialog, "Downtime", 0, 2)
    moment.setText("24 Nov 2026 12:00")  # Qt's date-time box turned this into 20:26
    commit(dialog, "Downtime")
    assert dialog.downtime.rows()[0][2] == "2026-11-24T12:00"
    moment = edit_cell(qtbot, dialog, "Downtime", 0, 2)
    moment.setText("next Tuesday")  # not a date and time: kept as typed and marked
    commit(dialog, "Downtime")
    assert dialog.downtime.rows()[0][2] == "next Tuesday"


# ---------------------------------------------------------------- refusals at the cell


def test_save_goes_to_the_refused_cell_and_says_which_field_and_why(qtbot):
    saved: list = []
    dialog = open_dialog(qtbot, saved=saved)
    dialog.tabs.setCurrentIndex(0)
    dialog.machines.setData(dialog.machines.index(1, 4), "7:30-25:00")
    index = dialog.machines.index(1, 4)
    reason = "Machines, row 2 (Linac 2), Tuesday hours: '7:30-25:00' is not a time range like 07:30-19:00"
    assert index.data(Qt.ItemDataRole.ToolTipRole) == reason  # marked as soon as it is edited
    dialog.accept()
    assert not saved and dialog.tabs.tabText(dialog.tabs.currentIndex()) == "&Machines"
    view = dialog.views["Machines"]
    assert view.currentIndex() == index and view.selectionModel().isSelected(index) and view.hasFocus()
    assert dialog.error.text() == reason
    assert dialog.machines.rows()[1][4] == "7:30-25:00"  # nothing typed is lost
    dialog.machines.setData(index, "07:30-19:00")
    assert index.data(Qt.ItemDataRole.ToolTipRole) is None and index.data(Qt.ItemDataRole.DecorationRole) is None
    dialog.accept()
    assert saved and saved[0].machine("Linac 2").hours[1][1].hour == 19


@pytest.mark.parametrize("palette", ["dark", "high-contrast"])
def test_the_mark_is_a_frame_in_the_text_colour_on_any_palette(qtbot, palette):
    from PySide6.QtGui import QImage, QPainter

    from planner.ui.colours import dark_palette, high_contrast_palette

    chosen = dark_palette() if palette == "dark" else high_contrast_palette()
    dialog = open_dialog(qtbot)
    dialog.setPalette(chosen)
    dialog.machines.setData(dialog.machines.index(1, 4), "25:00")
    view = dialog.views["Machines"]
    for selected in (False, True):
        option = QStyleOptionViewItem()
        option.rect = view.visualRect(dialog.machines.index(1, 4)).translated(-view.visualRect(dialog.machines.index(1, 4)).topLeft())
        option.palette = chosen
        option.state = option.state | (QStyle.StateFlag.State_Selected if selected else QStyle.StateFlag.State_None)
        image = QImage(option.rect.size(), QImage.Format.Format_RGB32)
        image.fill(chosen.color(chosen.ColorRole.Highlight if selected else chosen.ColorRole.Base))
        painter = QPainter(image)
        try:
            view.itemDelegateForIndex(dialog.machines.index(1, 4)).paint(painter, option, dialog.machines.index(1, 4))
        finally:
            painter.end()
        ink = chosen.color(chosen.ColorRole.HighlightedText if selected else chosen.ColorRole.Text)
        width = option.rect.width() - 8
        inked = max(sum(image.pixelColor(x, y) == ink for x in range(4, 4 + width)) for y in range(1, 5))
        assert inked > width // 2  # the dashed top edge, in the text's colour


# ---------------------------------------------------------------- new rows


def test_add_row_fills_a_machine_and_a_downtime_to_edit(qtbot):
    dialog = open_dialog(qtbot)
    view = dialog.views["Machines"]
    view.setCurrentIndex(dialog.machines.index(0, 0))
    dialog.add_row("Machines")
    assert dialog.machines.rows()[2][3:] == ["07:30-19:00"] * 4 + ["07:30-17:00", "", ""]
    assert view.state() == QAbstractItemView.State.EditingState and view.currentIndex() == dialog.machines.index(2, 0)
    QTest.keyClicks(QApplication.focusWidget(), "Linac 3")
    commit(dialog, "Machines")
    downtime = dialog.views["Downtime"]
    downtime.setCurrentIndex(dialog.downtime.index(0, 0))
    dialog.add_row("Downtime")
    row = dialog.downtime.rows()[1]
    first = date.today() + timedelta(days=1)
    while first.weekday() > 4 or first == date(2026, 12, 2):  # Linac 1 opens Monday to Friday, and is down on 2 Dec
        first += timedelta(days=1)
    assert row[0] == "Linac 1" and row[1] == f"{first.isoformat()}T07:30"
    assert row[2] == f"{first.isoformat()}T{'17:00' if first.weekday() == 4 else '19:00'}"


# ---------------------------------------------------------------- keyboard alone


def test_every_page_is_usable_by_keyboard_alone(qtbot):
    saved: list = []
    dialog = DepartmentDialog(NEW_DEPARTMENT, saved.append)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)

    def key(code: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
        QTest.keyClick(QApplication.focusWidget() or dialog, code, modifier)
        QApplication.processEvents()

    texts = [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
    texts += [button.text() for button in (dialog.add_buttons["Machines"], dialog.remove_buttons["Machines"])]
    letters = [text[text.index("&") + 1].lower() for text in texts]
    assert len(letters) == len(set(letters)), texts
    key(Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)
    assert dialog.tabs.tabText(dialog.tabs.currentIndex()) == "&Downtime"
    key(Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.views["Downtime"] and dialog.downtime.rowCount() == 0  # empty, still a stop
    key(Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.add_buttons["Downtime"]
    key(Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.remove_buttons["Downtime"]
    key(Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is dialog.views["Machines"]
    key(Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: dialog.machines.rowCount() == 1)  # a button's Alt letter clicks it after a moment
    assert dialog.views["Machines"].state() == QAbstractItemView.State.EditingState
    QTest.keyClicks(QApplication.focusWidget(), "Linac 1")
    key(Qt.Key.Key_Return)
    assert dialog.machines.rows()[0][:4] == ["Linac 1", "", "", "08:00-18:00"]
    for _ in range(4):
        key(Qt.Key.Key_Right)
    key(Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    QTest.keyClicks(editor, "9:00-12:00")
    key(Qt.Key.Key_Return)
    assert dialog.machines.rows()[0][4] == "09:00-12:00"
    key(Qt.Key.Key_Tab)  # Tab leaves a filled table for its buttons (arrows move between the cells)
    assert QApplication.focusWidget() is dialog.add_buttons["Machines"]
    key(Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)  # and Alt+T comes back to it
    assert QApplication.focusWidget() is dialog.views["Machines"]
    key(Qt.Key.Key_Insert)  # Insert adds a row as Add does
    assert dialog.machines.rowCount() == 2
    key(Qt.Key.Key_Escape)
    assert dialog.isVisible() and dialog.views["Machines"].state() != QAbstractItemView.State.EditingState
    key(Qt.Key.Key_Delete)  # the empty new row
    assert dialog.machines.rowCount() == 1
    key(Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)
    key(Qt.Key.Key_Insert)
    assert dialog.downtime.rows()[0][0] == "Linac 1"
    key(Qt.Key.Key_Escape)
    key(Qt.Key.Key_Return)  # the default button: Save
    assert saved and saved[0].machine("Linac 1") is not None and len(saved[0].downtime) == 1


def test_problem_words_for_the_clinic_name_the_field_alone():
    assert CellProblem("details", DETAIL_KEYS.index("phone"), 0, "is wrong").words() == "Phone: is wrong"


def test_a_region_typed_in_part_settles_on_the_one_entry_it_names(qtbot):
    dialog = open_dialog(qtbot)
    country = dialog.clinic.holidays.country
    country.setFocus()
    country.lineEdit().setText("kingdom")  # set, not typed: the completer's popup warns on the offscreen platform
    country.lineEdit().editingFinished.emit()
    assert country.currentText() == "United Kingdom (GB)" and dialog.tables().details["holidays"] == "GB"
    country.lineEdit().setText("Frnace")  # names nothing: the chosen country stays, and shows
    country.lineEdit().editingFinished.emit()
    assert country.currentText() == "United Kingdom (GB)" and dialog.tables().details["holidays"] == "GB"


def test_closures_come_back_by_date_not_in_the_order_typed():
    from planner.app.department_tables import department_from_tables, tables_from_department

    tables = tables_from_department(NEW_DEPARTMENT)
    tables.closures = [["2026-12-24", "Christmas Eve"], ["2026-12-09", "Staff training day"]]
    again = tables_from_department(department_from_tables(tables))
    assert [row[0] for row in again.closures] == ["2026-12-09", "2026-12-24"]


@pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing)")  # the offscreen platform, showing the list
def test_enter_or_tab_in_the_open_list_of_words_takes_the_word_and_ends_the_edit_as_without_it(qtbot):
    dialog = open_dialog(qtbot)
    view = dialog.views["Machines"]
    editor = edit_cell(qtbot, dialog, "Machines", 0, 2)
    editor.selectAll()
    QTest.keyClicks(editor, "vmat, s")
    popup = editor.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    QTest.keyClick(popup, Qt.Key.Key_Down)  # sbrt highlighted
    QTest.keyClick(popup, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.state() != QAbstractItemView.State.EditingState)  # Enter saved the cell: it is not left open
    assert dialog.machines.rows()[0][2] == "vmat, sbrt"
    dialog.activateWindow()  # the offscreen platform leaves no window active once the list has shown
    qtbot.waitUntil(dialog.isActiveWindow)
    editor = edit_cell(qtbot, dialog, "Machines", 1, 2)
    editor.selectAll()
    QTest.keyClicks(editor, "vmat, sr")
    popup = editor.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    QTest.keyClick(popup, Qt.Key.Key_Tab)  # nothing highlighted: the words as typed, and on to the next cell
    qtbot.waitUntil(lambda: view.currentIndex().column() == 3)
    assert dialog.machines.rows()[1][2] == "vmat, sr"  # and Monday's hours are next, as Tab does without the list


def test_a_new_capability_no_site_asks_for_is_questioned_at_save_and_go_back_goes_to_it(qtbot, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from tests.window_helpers import answer

    saved: list = []
    dialog = open_dialog(qtbot, TWO_MACHINES.replace('["vmat", "srs"]', '["vmat", "srs", "gating"]'), saved)
    seen: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", answer("&Go back", seen))
    dialog.accept()  # 'gating' was there when the dialog opened: not asked again
    assert len(saved) == 1 and seen == []
    dialog = open_dialog(qtbot, saved=saved)
    dialog.machines.setData(dialog.machines.index(1, 2), "vmat, rooom")
    dialog.accept()
    assert len(saved) == 1 and len(seen) == 1
    assert "• Linac 2: 'rooom' (did you mean 'room'?)" in seen[0]
    view = dialog.views["Machines"]
    assert dialog.tabs.tabText(dialog.tabs.currentIndex()) == "&Machines" and view.currentIndex() == dialog.machines.index(1, 2)
    assert dialog.error.text() == "Machines, row 2 (Linac 2), Capabilities: 'rooom' is not a capability the catalogue asks for"
    monkeypatch.setattr(QMessageBox, "exec", answer("&Save anyway", seen))
    dialog.accept()
    assert len(saved) == 2 and saved[1].machine("Linac 2").capabilities == frozenset({"vmat", "rooom"})


def test_a_zone_that_is_not_one_is_refused_in_the_same_words_as_in_settings(qtbot):
    from planner.ui.zone_field import ZoneField

    field = ZoneField("Europe/Londn")
    qtbot.addWidget(field)
    tables = tables_from_department(parse_department(TWO_MACHINES, "x.toml"))
    tables.details["timezone"] = "Europe/Londn"
    (problem,) = [p for p in table_problems(tables) if p.table == "details"]
    assert problem.reason == field.zone_problem()
