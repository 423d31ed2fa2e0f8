"""The department window's Department closed… (Ctrl+Shift+D, Bookings menu): the dialog says how many
appointments the days hold, refuses bad days next to the field, closes and re-books in one step, and shows
the re-booking report (who moved where, who could not be placed, whose calendar to update, writing it)."""

from __future__ import annotations

import stat
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from planner.app.booking import open_desk
from planner.core.catalogue import load_catalogue
from planner.resources_path import default_catalogue_path
from planner.store.db import Store
from planner.store.db import bookings as db
from planner.ui import department_window
from planner.ui.closure_dialog import CloseDepartmentDialog, ClosureReportDialog
from planner.ui.colours import contrast, dark_palette, high_contrast_palette
from planner.ui.department_window import DepartmentWindow

from .booking_scenario import place_bookings, stock

LONDON = ZoneInfo("Europe/London")
DAY = date(2030, 4, 2)


def show_active(qtbot, widget):
    """Shown and active, as a keyboard user has it (keys and Alt letters reach it)."""
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)
    return widget


def focused():
    return QApplication.focusWidget()


@pytest.fixture
def window(qtbot, tmp_path):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    place_bookings(url)
    desk = open_desk(url, load_catalogue(default_catalogue_path()))
    desk.export_calendar("course-prostate", now=datetime(2030, 3, 1, tzinfo=UTC))
    shown = DepartmentWindow(desk, DAY)
    qtbot.addWidget(shown)
    yield shown
    desk.store.close()


def test_the_action_is_in_the_bookings_menu_and_its_key_opens_the_dialog(qtbot, window, monkeypatch):
    opened: list[date] = []
    monkeypatch.setattr(CloseDepartmentDialog, "exec", lambda dialog: opened.append(dialog.span()[0]) or 0)
    assert window.closure_action in window.bookings_menu.actions()
    assert window.closure_action.shortcut() == QKeySequence("Ctrl+Shift+D")
    show_active(qtbot, window)
    QTest.keyClick(focused() or window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert opened == [DAY]  # the day shown is the day proposed


def test_closing_from_the_window_rebooks_reports_and_writes_the_calendar_updates(qtbot, window, monkeypatch, tmp_path):
    reports: list[ClosureReportDialog] = []

    def close_tuesday(dialog: CloseDepartmentDialog) -> int:
        dialog.reason.setText("snow")
        dialog.close_and_rebook()
        return dialog.result()

    monkeypatch.setattr(department_window.CloseDepartmentDialog, "exec", close_tuesday)
    monkeypatch.setattr(department_window.ClosureReportDialog, "exec", lambda report: reports.append(report) or 0)
    assert any(m.entries for m in window.day_view.machines)
    window.closure_action.trigger()
    assert window.message.text().startswith("Department closed Tue 2 Apr: 5 sessions moved. 1 patient calendar to update.")
    assert not any(m.entries for m in window.day_view.machines)  # drawn from the store: the day is empty and closed
    assert not any(m.open_hours for m in window.day_view.machines)
    (report,) = reports
    qtbot.addWidget(report)
    assert report.windowTitle() == "Department closed Tue 2 Apr: re-booking report"
    assert report.moved_table.rowCount() == 5
    patients = {report.moved_table.item(row, 0).text() for row in range(5)}
    assert "Zoë Ångström (H0001)" in patients and "Chen Wei (H0004)" in patients
    numbers = {report.moved_table.item(row, 0).text(): report.moved_table.item(row, 1).text() for row in range(5)}
    assert numbers["Zoë Ångström (H0001)"] == "20 (was 7)"  # made up at the end: its number now, and the one it had that day
    assert numbers["Chen Wei (H0004)"] == "5"  # the last fraction made up at the end keeps its number
    assert all(report.moved_table.item(row, 2).text().startswith(("Linac 1 Tue 2 Apr", "Linac 2 Tue 2 Apr", "Linac 3 Tue 2 Apr"))
               for row in range(5))
    assert report.calendar_table.rowCount() == 1 and report.write_button.isEnabled()
    report.write_to(tmp_path)
    (written,) = report.written
    assert written.written is not None and stat.S_IMODE(written.written.stat().st_mode) == 0o600
    with Store.open(window.desk.store.url) as store:
        department = store.department()
    assert department is not None and (DAY, "snow") in department.closures


def test_the_dialog_says_what_the_days_hold_and_refuses_next_to_the_field(qtbot, window):
    dialog = CloseDepartmentDialog(window.desk, DAY, window)
    qtbot.addWidget(dialog)
    assert dialog.affected.text().startswith("Booked then: 5 appointments of 5 patients. Each is re-booked")
    dialog.last.setText("3 Apr 2030")
    dialog.last.commit()
    assert dialog.affected.text().startswith("Booked then: 10 appointments of 6 patients.")
    dialog.last.setText("1 Apr 2030")
    dialog.close_and_rebook()
    assert dialog.last_error.text() == "Last day: before the first day (Tue 2 Apr 2030)" and dialog.report is None
    dialog.first.setText("8 Mar 2030")
    dialog.last.setText("8 Mar 2030")
    dialog.close_and_rebook()
    assert dialog.first_error.text() == "First day: the department is closed on Fri 8 Mar 2030 already (clinic closure (Staff training day))"
    dialog.first.setText("31 Feb 2030")
    dialog.close_and_rebook()
    assert dialog.first_error.text().startswith("First day: ") and dialog.report is None
    assert not dialog.isVisible() or dialog.result() == 0


def test_the_keyboard_walks_the_fields_and_enter_acts(qtbot, window):
    dialog = CloseDepartmentDialog(window.desk, DAY, window)
    qtbot.addWidget(dialog)
    show_active(qtbot, dialog)
    assert focused() is dialog.first
    for field in (dialog.last, dialog.reason):
        QTest.keyClick(focused(), Qt.Key.Key_Tab)
        assert focused() is field
    for letter, field in ((Qt.Key.Key_F, dialog.first), (Qt.Key.Key_L, dialog.last), (Qt.Key.Key_R, dialog.reason)):
        QTest.keyClick(focused(), letter, Qt.KeyboardModifier.AltModifier)
        assert focused() is field, letter
    QTest.keyClicks(dialog.reason, "power cut")
    QTest.keyClick(dialog.reason, Qt.Key.Key_Return)
    assert dialog.result() == 1 and dialog.report is not None
    assert dialog.report.closed == ((DAY, "power cut"),)


@pytest.mark.parametrize("palette", [dark_palette, high_contrast_palette])
def test_the_error_line_reads_in_dark_and_high_contrast_palettes_and_the_dialogs_fit_1366(qtbot, window, palette):
    app = QApplication.instance()
    before = app.palette()
    app.setPalette(palette())
    try:
        dialog = CloseDepartmentDialog(window.desk, DAY, window)
        qtbot.addWidget(dialog)
        dialog.last.setText("1 Apr 2030")
        dialog.close_and_rebook()
        colour = dialog.last_error.palette().color(QPalette.ColorRole.WindowText)
        assert contrast(colour, app.palette().color(QPalette.ColorRole.Window)) >= 4.5
        assert dialog.sizeHint().width() <= 1366 - 16
    finally:
        app.setPalette(before)


def add_closure(dialog, day: str, note: str) -> None:
    model = dialog.closures
    model.insertRows(model.rowCount(), 1)
    model.setData(model.index(model.rowCount() - 1, 0), day)
    model.setData(model.index(model.rowCount() - 1, 1), note)


def test_the_settings_offer_to_close_and_rebook_a_new_closure_over_bookings(qtbot, tmp_path):
    from planner.app.booking import BookingDesk
    from planner.ui.department_settings import DepartmentDialog

    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    place_bookings(url)
    with Store.open(url) as store:
        desk = BookingDesk(store, load_catalogue(default_catalogue_path()))
        before = store.department()
        dialog = DepartmentDialog(before, store.set_department, desk=desk)
        qtbot.addWidget(dialog)
        add_closure(dialog, "2030-04-02", "Flood")
        dialog.details.setData(dialog.details.index(0, 0), "Riverside Cancer Centre (east)")  # another change, saved with it
        dialog.accept()
        assert dialog.result() != dialog.DialogCode.Accepted and store.department() == before  # refused as before...
        said = dialog.error.text()  # in the window's words, naming the offer under it, not the command line's
        assert said.startswith("Not saved: 5 patients are booked on Tue 2 Apr 2030, closed now.")
        assert "“Close and re-book the 5 affected patients” below (Alt+K)" in said
        assert "--date" not in said and "machine-down" not in said
        assert not dialog.close_button.isHidden()  # ...with the offer
        assert dialog.close_button.text() == "Close and re-boo&k the 5 affected patients"
        dialog.close_button.click()
        assert dialog.result() == dialog.DialogCode.Accepted
        saved = store.department()
        assert saved is not None and (DAY, "Flood") in saved.closures and saved.name == "Riverside Cancer Centre (east)"
        report, _ = dialog.closure
        assert report.closed == ((DAY, "Flood"),) and len(report.moved) + len(report.appended) == 5
        with store.engine.connect() as connection:
            assert [b for b in db.all_bookings(connection) if b.start.astimezone(LONDON).date() == DAY] == []


def test_the_settings_make_no_offer_without_a_closure_over_bookings(qtbot, tmp_path):
    from planner.app.booking import BookingDesk
    from planner.ui.department_settings import DepartmentDialog

    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    place_bookings(url)
    with Store.open(url) as store:
        desk = BookingDesk(store, load_catalogue(default_catalogue_path()))
        dialog = DepartmentDialog(store.department(), store.set_department, desk=desk)
        qtbot.addWidget(dialog)
        row = next(r for r, cells in enumerate(dialog.machines.rows()) if cells[0] == "Linac 1")
        dialog.machines.setData(dialog.machines.index(row, 4), "13:00-18:00")  # shorter Tuesday hours: no closure to offer
        dialog.accept()
        assert "would fall outside" in dialog.error.text()
        assert dialog.close_button.isHidden() and dialog.closure is None


def test_the_dialog_starts_today_rather_than_on_a_past_day_shown(qtbot, window):
    window.desk.today = date(2030, 4, 5)
    dialog = CloseDepartmentDialog(window.desk, DAY, window)
    qtbot.addWidget(dialog)
    assert dialog.span() == (date(2030, 4, 5), date(2030, 4, 5))
