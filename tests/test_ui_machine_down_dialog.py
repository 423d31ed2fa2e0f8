"""The machine-down dialog by keyboard alone: dates typed (not only picked), a bad date, a time the
clocks skip or a period that ends before it starts said under its field, Tab in reading order,
Alt letters, Enter takes the machine down and Escape cancels. A downtime entered without a reason
is recorded (window and command line alike) as "no reason given"."""

from __future__ import annotations

import contextlib
import io
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QDate, QDateTime, Qt, QTime, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QPushButton, QTimeEdit, QWidget

from planner.app.booking import NO_DOWNTIME_REASON, open_desk
from planner.cli import main
from planner.core.catalogue import load_catalogue
from planner.resources_path import default_catalogue_path
from planner.store.db import Store
from planner.ui.booking_dialogs import MachineDownDialog
from planner.ui.colours import contrast, dark_palette, high_contrast_palette

from .store.booking_scenario import place_bookings, stock

LONDON = ZoneInfo("Europe/London")
DAY = date(2030, 4, 2)


@pytest.fixture
def url(tmp_path) -> str:
    made = stock(f"sqlite:///{tmp_path / 'department.db'}")
    place_bookings(made)
    return made


@pytest.fixture
def desk(url):
    opened = open_desk(url, load_catalogue(default_catalogue_path()))
    yield opened
    opened.store.close()


def show_active(qtbot, widget: QWidget) -> QWidget:
    """Shown and active, as a keyboard user has it (keys and Alt letters reach it)."""
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)
    return widget


@pytest.fixture
def dialog(qtbot, desk):
    return show_active(qtbot, MachineDownDialog(desk, DAY, machine="Linac 1"))


def stored_downtime(url: str) -> list[tuple[str, datetime, datetime, str]]:
    with Store.open(url) as store:
        department = store.department()
    assert department is not None
    return [(d.machine, d.start.astimezone(LONDON), d.end.astimezone(LONDON), d.reason) for d in department.downtime]


def type_into(widget: QWidget, text: str) -> None:
    """Type over a field's text; a time field is reached by Tab, as a keyboard user does (its hours then take the keys)."""
    if isinstance(widget, QTimeEdit):
        before = widget.parentWidget().date_field
        before.setFocus()
        QTest.keyClick(before, Qt.Key.Key_Tab)
        assert focused() is widget
    else:
        widget.setFocus()
        QTest.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(widget, text)


def answer_question(button: str, asked: list[str]) -> None:
    """Click `button` of the question box the dialog opens next (its text kept in `asked`)."""
    tries = [250]  # five seconds: a box that never opens leaves no timer behind

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            tries[0] -= 1
            if tries[0] > 0:
                QTimer.singleShot(20, answer)
            return
        asked.append(f"{box.text()} {box.informativeText()}")
        chosen = next(b for b in box.buttons() if b.text().replace("&", "") == button)
        chosen.click()

    QTimer.singleShot(0, answer)


def focused() -> QWidget | None:
    return QApplication.focusWidget()


def test_typed_dates_and_times_are_taken_and_enter_takes_the_machine_down(dialog, url):
    type_into(dialog.start.date_field, "3 Apr 2030")
    type_into(dialog.start.time_field, "0900")
    type_into(dialog.end.date_field, "2030-04-03")
    type_into(dialog.end.time_field, "1230")
    QTest.keyClick(dialog.end.date_field, Qt.Key.Key_Return)  # a date typed and not yet confirmed counts
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.report is not None
    assert stored_downtime(url)[-1] == ("Linac 1", datetime(2030, 4, 3, 9, 0, tzinfo=LONDON),
                                        datetime(2030, 4, 3, 12, 30, tzinfo=LONDON), NO_DOWNTIME_REASON)


def test_a_given_reason_is_kept_as_typed(dialog, url):
    type_into(dialog.reason, "  beam fault ")
    QTest.keyClick(dialog.reason, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert stored_downtime(url)[-1][3] == "beam fault"


def test_the_command_line_records_the_same_default_reason(url):
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["machine-down", "Linac 2", "--db", url, "--from", "2030-04-04T08:00", "--to", "2030-04-04T09:00"]) == 0
    assert stored_downtime(url)[-1][3] == NO_DOWNTIME_REASON


def test_a_bad_date_is_said_under_its_field_and_nothing_is_recorded(dialog, url):
    before = stored_downtime(url)
    type_into(dialog.end.date_field, "31 Feb 2030")
    QTest.keyClick(dialog.end.date_field, Qt.Key.Key_Return)
    assert dialog.result() != QDialog.DialogCode.Accepted and dialog.isVisible()
    assert dialog.end_error.isVisible() and dialog.end_error.text().startswith("Until: '31 Feb 2030' is not a date")
    assert dialog.start_error.isHidden()
    assert focused() is dialog.end.date_field  # where the user fixes it
    assert stored_downtime(url) == before
    type_into(dialog.end.date_field, "2 Apr 2030")
    QTest.keyClick(dialog.end.date_field, Qt.Key.Key_Return)
    assert dialog.end_error.isHidden() and dialog.result() == QDialog.DialogCode.Accepted


def test_a_reversed_period_is_said_under_until(dialog, url):
    before = stored_downtime(url)
    dialog.start.setDateTime(QDateTime(QDate(2030, 4, 2), QTime(12, 0)))
    dialog.end.setDateTime(QDateTime(QDate(2030, 4, 2), QTime(8, 0)))
    dialog.take_down()
    assert dialog.report is None and dialog.isVisible()
    assert dialog.end_error.isVisible() and dialog.end_error.text() == "Until: the downtime must end after it starts (Tue 2 Apr 2030 12:00)"
    assert stored_downtime(url) == before
    # a whole-day period whose last day is before its first
    dialog.all_day.setChecked(True)
    dialog.end.setDateTime(QDateTime(QDate(2030, 4, 1), QTime(8, 0)))
    dialog.take_down()
    assert dialog.report is None and dialog.end_error.text() == "Until: the last day is before the first (Tue 2 Apr 2030)"


def test_a_time_the_clocks_skip_is_refused_under_its_field(dialog, url):
    dialog.start.setDateTime(QDateTime(QDate(2030, 3, 31), QTime(1, 30)))
    dialog.end.setDateTime(QDateTime(QDate(2030, 3, 31), QTime(9, 0)))
    dialog.take_down()
    assert dialog.report is None
    assert dialog.start_error.text() == "Down from: Sun 31 Mar 2030 01:30 does not exist in Europe/London (the clocks go forward then)"


def test_a_time_the_clocks_show_twice_is_read_so_the_downtime_covers_both(dialog, url):
    # 27 Oct 2030 in London: the clocks go back at 02:00 BST to 01:00 GMT, so 01:00-01:59 happens twice.
    dialog.start.setDateTime(QDateTime(QDate(2030, 10, 27), QTime(1, 15)))
    dialog.end.setDateTime(QDateTime(QDate(2030, 10, 27), QTime(1, 45)))
    dialog.take_down()
    assert dialog.result() == QDialog.DialogCode.Accepted
    machine, start, end, _ = stored_downtime(url)[-1]
    assert machine == "Linac 1"
    assert start.astimezone(UTC) == datetime(2030, 10, 27, 0, 15, tzinfo=UTC)  # the first 01:15 (BST)
    assert end.astimezone(UTC) == datetime(2030, 10, 27, 1, 45, tzinfo=UTC)  # the second 01:45 (GMT)


def test_all_day_runs_from_the_first_days_midnight_to_the_midnight_after_the_last(dialog, url):
    type_into(dialog.start.date_field, "8 Apr 2030")
    type_into(dialog.end.date_field, "9 Apr 2030")
    dialog.all_day.setFocus()
    QTest.keyClick(dialog.all_day, Qt.Key.Key_Space)
    assert dialog.all_day.isChecked() and dialog.start.time_field.isHidden() and dialog.end.time_field.isHidden()
    asked: list[str] = []
    answer_question("Take down for 2 days", asked)  # longer than a day: asked about first
    QTest.keyClick(dialog.all_day, Qt.Key.Key_Return)
    assert asked and dialog.result() == QDialog.DialogCode.Accepted
    assert stored_downtime(url)[-1][1:3] == (datetime(2030, 4, 8, 0, 0, tzinfo=LONDON), datetime(2030, 4, 10, 0, 0, tzinfo=LONDON))


def test_tab_goes_in_reading_order_and_alt_letters_reach_each_field(dialog):
    dialog.machine.setFocus()
    seen = []
    for _ in range(9):
        QTest.keyClick(focused(), Qt.Key.Key_Tab)
        seen.append(focused())
    expected = [dialog.start.date_field, dialog.start.time_field, dialog.end.date_field, dialog.end.time_field,
                dialog.all_day, dialog.reason]
    assert seen[:len(expected)] == expected
    buttons = [w.text() for w in seen[len(expected):] if isinstance(w, QPushButton)]
    assert "&Take down and re-book" in buttons and "&Cancel" in buttons
    for letter, field in ((Qt.Key.Key_F, dialog.start.date_field), (Qt.Key.Key_U, dialog.end.date_field),
                          (Qt.Key.Key_R, dialog.reason), (Qt.Key.Key_M, dialog.machine)):
        QTest.keyClick(focused(), letter, Qt.KeyboardModifier.AltModifier)
        assert focused() is field, letter


def test_escape_cancels_and_records_nothing(dialog, url):
    before = stored_downtime(url)
    QTest.keyClick(dialog.reason, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected and not dialog.isVisible()
    assert stored_downtime(url) == before


@pytest.mark.parametrize("palette", [dark_palette, high_contrast_palette])
def test_the_error_lines_are_readable_in_dark_and_high_contrast_palettes(qtbot, desk, palette):
    app = QApplication.instance()
    before = app.palette()
    app.setPalette(palette())
    try:
        shown = MachineDownDialog(desk, DAY)
        qtbot.addWidget(shown)
        shown.end.setDateTime(QDateTime(QDate(2030, 4, 2), QTime(7, 0)))
        shown.take_down()
        error = shown.end_error
        assert not error.isHidden()
        text, background = error.palette().color(error.foregroundRole()), shown.palette().color(shown.backgroundRole())
        assert contrast(text, background) >= 4.5
    finally:
        app.setPalette(before)


def test_the_department_window_opens_the_dialog_by_keyboard(qtbot, desk, monkeypatch):
    from planner.ui.department_window import DepartmentWindow

    opened: list[MachineDownDialog] = []
    monkeypatch.setattr(MachineDownDialog, "exec", lambda self: opened.append(self) or 0)
    window = show_active(qtbot, DepartmentWindow(desk, DAY))
    QTest.keyClick(focused() or window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert len(opened) == 1 and opened[0].start.date().toPython() == DAY
    assert "Ctrl+D" in window.down_action.toolTip()
    QTest.keyClick(focused() or window, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert window.day == date(2030, 4, 3)


def test_the_department_windows_day_takes_a_typed_date(qtbot, desk):
    from planner.ui.department_window import DepartmentWindow

    window = show_active(qtbot, DepartmentWindow(desk, DAY))
    QTest.keyClick(focused() or window, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    assert focused() is window.date_edit
    QTest.keyClicks(window.date_edit, "4 Apr 2030")
    QTest.keyClick(window.date_edit, Qt.Key.Key_Return)
    assert window.day == date(2030, 4, 4)
    window.date_edit.selectAll()
    QTest.keyClicks(window.date_edit, "31 Feb 2030")
    QTest.keyClick(window.date_edit, Qt.Key.Key_Return)
    assert window.day == date(2030, 4, 4) and window.message.text().startswith("Day shown: '31 Feb 2030' is not a date")


def test_a_weekend_day_shown_opens_the_dialog_on_the_next_treatment_day(qtbot, desk):
    sunday = DAY + timedelta(days=(6 - DAY.weekday()) % 7)
    assert sunday.weekday() == 6
    dialog = show_active(qtbot, MachineDownDialog(desk, sunday, machine="Linac 1"))
    monday = sunday + timedelta(days=1)
    assert dialog.start.dateTime().date().toPython() == monday and dialog.end.dateTime().date().toPython() == monday
    dialog = show_active(qtbot, MachineDownDialog(desk, DAY, machine="Linac 1"))  # an open day stays the day shown
    assert dialog.start.dateTime().date().toPython() == DAY
