"""A machine back sooner, in the window: Bookings → Machine back sooner… (Ctrl+U; the day view's right-click on a
downtime opens the same dialog) ends the downtime from the moment typed and moves back what it moved, then shows who
went back from where to where, who stayed and why, and whose calendar to update; Department settings, saving a
downtime shorter, offers the same. Before, the window only said "what its downtime moved stays moved"."""

from __future__ import annotations

import contextlib
import io
from dataclasses import replace
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from planner.app.booking import open_desk
from planner.cli import main
from planner.core.catalogue import load_catalogue
from planner.core.kinds import AppointmentKind
from planner.resources_path import default_catalogue_path
from planner.store.db import Store
from planner.store.db import bookings as db
from planner.ui.colours import contrast, dark_palette, high_contrast_palette
from planner.ui.machine_back_dialogs import MachineBackDialog, MachineBackReport

from .booking_scenario import main_window_on, stock

LONDON = ZoneInfo("Europe/London")
DAY = date(2030, 4, 2)
OLD_SLOT = datetime(2030, 4, 2, 8, 30, tzinfo=LONDON)


def cli(*argv: str) -> None:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()) as err:
        assert main(list(argv)) == 0, err.getvalue()


@pytest.fixture
def url(tmp_path) -> str:
    made = stock(f"sqlite:///{tmp_path / 'department.db'}")
    cli("book", "--db", made, "--course-id", "course-breast", "--earliest", "2030-03-25", "--prefer-time", "08:30", "--machine", "Linac 3")
    with open_desk(made, load_catalogue(default_catalogue_path())) as desk:  # the patient was given the calendar
        desk.export_calendar("course-breast", now=datetime(2030, 3, 1, tzinfo=UTC))
    cli("machine-down", "Linac 3", "--db", made, "--from", "2030-04-02T07:00", "--to", "2030-04-02T18:00", "--reason", "beam fault")
    given = tmp_path / "given"
    given.mkdir()
    cli("calendar-updates", "--db", made, "--write-updates", str(given))  # and then the update the downtime made
    return made


def breast_fractions(url: str) -> list:
    with Store.open(url) as store, store.engine.connect() as connection:
        return [b for b in db.course_bookings(connection, "course-breast") if b.kind is AppointmentKind.FRACTION]


def table_rows(table) -> list[list[str]]:
    return [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]


def test_bookings_window_by_keyboard_ends_the_downtime_and_reports_who_went_back(qtbot, url, monkeypatch):
    from planner.ui.department_window import DepartmentWindow

    assert not any(b.start == OLD_SLOT for b in breast_fractions(url))
    reports: list[MachineBackReport] = []

    def typed_and_entered(dialog: MachineBackDialog) -> int:  # the coordinator types 07:00 and presses Enter
        qtbot.addWidget(dialog)
        dialog.show()
        assert dialog.chosen().machine == "Linac 3" and dialog.move_back.isChecked()
        assert QApplication.focusWidget() is dialog.at.time_field or not dialog.isActiveWindow()
        dialog.at.setDateTime(QDateTime(QDate(2030, 4, 2), QTime(10, 0)))
        assert dialog.outcome.text().startswith(
            "Linac 3 is then down Tue 2 Apr 2030 07:00 to Tue 2 Apr 2030 10:00 only, and bookable again from then.\n")
        dialog.at.setDateTime(QDateTime(QDate(2030, 4, 2), QTime(7, 0)))
        assert dialog.outcome.text().startswith("From its start: the downtime is removed whole")
        QTest.keyClick(dialog.at.time_field, Qt.Key.Key_Return)
        return dialog.result()

    monkeypatch.setattr(MachineBackDialog, "exec", typed_and_entered)
    monkeypatch.setattr(MachineBackReport, "exec", lambda self: reports.append(self) or 0)
    with open_desk(url, load_catalogue(default_catalogue_path())) as desk:
        window = DepartmentWindow(desk, DAY)
        qtbot.addWidget(window)
        window.show()
        window.discreet.setChecked(True)  # a treatment room's screen: the report gives initials only
        assert "Machine b&ack sooner…" in [a.text() for a in window.bookings_menu.actions()]
        assert window.back_action.shortcut().toString() == "Ctrl+U"
        window.back_action.trigger()
    [report] = reports
    [row] = table_rows(report.back_table)
    assert row[0] == "A. H." and row[1] == "7 (was 15)" and row[2].startswith("Linac 3 ") and row[3] == "Linac 3 Tue 2 Apr 08:30"
    assert "a session shorter again" in row[4]
    assert report.stayed_table.rowCount() == 0
    assert table_rows(report.calendar_table) == [["A. H.", table_rows(report.calendar_table)[0][1]]]
    assert report.write_button.isEnabled(), "offers to write the calendar update"
    assert any(b.start == OLD_SLOT and b.machine == "Linac 3" for b in breast_fractions(url))
    assert window.message.text().startswith("Linac 3 back sooner: 1 session moved back.")


def test_department_settings_saving_a_shorter_downtime_offers_to_move_back(qtbot, url, monkeypatch):
    from planner.ui import department_settings

    asked: list[str] = []
    reports: list[MachineBackReport] = []

    def move_back(box: QMessageBox) -> int:
        asked.append(box.text())
        next(b for b in box.findChildren(QPushButton) if b.text() == "Move &back").click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", move_back)
    monkeypatch.setattr(MachineBackReport, "exec", lambda self: reports.append(self) or 0)
    with main_window_on(qtbot, monkeypatch, url) as window:
        def save_shorter(dialog) -> int:  # the coordinator types 08:00 as the end of Linac 3's downtime and saves
            department = window.store_link.store.department()
            shorter = replace(department, downtime=tuple(replace(d, end=datetime(2030, 4, 2, 8, 0, tzinfo=LONDON))
                                                         if d.machine == "Linac 3" else d for d in department.downtime))
            dialog._save(shorter)
            dialog.result_department = shorter
            return 1

        monkeypatch.setattr(department_settings.DepartmentDialog, "exec", save_shorter)
        window.store_link.edit_department()
        said = window.statusBar().currentMessage()
    assert len(asked) == 1 and asked[0].startswith("Linac 3 back from Tue 2 Apr 2030 08:00") and "1 can go back" in asked[0]
    [report] = reports
    assert table_rows(report.back_table)[0][0] == "Amir Haddad (H0002)"
    assert said == "Saved: Linac 3 back from Tue 2 Apr 2030 08:00; Linac 3: 1 session moved back."
    assert any(b.start == OLD_SLOT for b in breast_fractions(url))


@pytest.mark.parametrize("palette", [dark_palette, high_contrast_palette])
def test_a_moment_outside_the_downtime_is_said_under_its_field_readably(qtbot, url, palette):
    app = QApplication.instance()
    before = app.palette()
    app.setPalette(palette())
    try:
        with open_desk(url, load_catalogue(default_catalogue_path())) as desk:
            dialog = MachineBackDialog(desk, machine="Linac 3")
            qtbot.addWidget(dialog)
            dialog.at.setDateTime(QDateTime(QDate(2030, 4, 3), QTime(9, 0)))
            dialog.end_downtime()
            error = dialog.at_error
            assert not error.isHidden() and "is not within this downtime" in error.text()
            text, background = error.palette().color(error.foregroundRole()), dialog.palette().color(dialog.backgroundRole())
            assert contrast(text, background) >= 4.5
            assert dialog.report is None
    finally:
        app.setPalette(before)
    assert not any(b.start == OLD_SLOT for b in breast_fractions(url)), "nothing moved"


def test_the_day_views_right_click_opens_the_dialog_at_that_downtime_and_moment(qtbot, url, monkeypatch):
    from planner.ui.department_window import DepartmentWindow

    opened: list[tuple] = []
    monkeypatch.setattr(MachineBackDialog, "exec", lambda self: opened.append(
        (self.chosen().machine, self.at.dateTime().toPython(), self.outcome.text())) or 0)
    with open_desk(url, load_catalogue(default_catalogue_path())) as desk:
        window = DepartmentWindow(desk, DAY)
        qtbot.addWidget(window)
        down = next(d for d in desk.department.downtime if d.machine == "Linac 3")
        window.day_view.backRequested.emit("Linac 3", down.start, datetime(2030, 4, 2, 10, 0, tzinfo=LONDON))
    [(machine, at, said)] = opened
    assert machine == "Linac 3" and at == datetime(2030, 4, 2, 10, 0)
    assert said.startswith("Linac 3 is then down Tue 2 Apr 2030 07:00 to Tue 2 Apr 2030 10:00 only")


def test_the_move_back_check_box_is_read_whole(qtbot, url):
    """At the dialog's first width its words were cut ('... where their old slot is free ag')."""
    with open_desk(url, load_catalogue(default_catalogue_path())) as desk:
        dialog = MachineBackDialog(desk, machine="Linac 3")
        qtbot.addWidget(dialog)
        dialog.show()
        QApplication.processEvents()
        box = dialog.move_back
        assert box.width() >= box.sizeHint().width()
        assert box.mapTo(dialog, box.rect().topRight()).x() <= dialog.width()
