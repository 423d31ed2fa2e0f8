"""The department window on a stored department: the day's bookings as blocks, a refused drop
says why, a free drop moves the booking in the store, the machine-down report and its calendar
updates, and booking a course from its proposals."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QDate, QDateTime, QTime

from planner.app.booking import open_desk
from planner.core.catalogue import load_catalogue
from planner.resources_path import default_catalogue_path
from planner.ui.booking_dialogs import PROPOSAL_COLUMNS, BookDialog, DownReportDialog, MachineDownDialog
from planner.ui.department_window import DepartmentWindow

from .booking_scenario import place_bookings, stock, writes_the_prostate_update

LONDON = ZoneInfo("Europe/London")
DAY = date(2030, 4, 2)


@pytest.fixture
def url(tmp_path) -> str:
    made = stock(f"sqlite:///{tmp_path / 'department.db'}")
    place_bookings(made, skip=("course-prostate-2",))  # left waiting, to be booked in the window
    return made


@pytest.fixture
def window(qtbot, url):
    desk = open_desk(url, load_catalogue(default_catalogue_path()))
    shown = DepartmentWindow(desk, DAY)
    qtbot.addWidget(shown)
    yield shown
    desk.store.close()


def entries(window, machine: str):
    found = next(m for m in window.day_view.machines if m.name == machine)
    return found.on(DAY, LONDON)


def test_the_days_bookings_are_blocks_and_discreet_shows_initials(window):
    linac1 = entries(window, "Linac 1")
    assert [e.patient for e in linac1] == ["Zoë Ångström", "Dora Mbeki"]
    assert all(window.day_view.block_rect(e) is not None for e in linac1)
    window.discreet.setChecked(True)
    assert window.day_view.discreet


def test_a_refused_drop_says_why_and_changes_nothing(window):
    zoe, dora = entries(window, "Linac 1")
    assert not window.day_view.drop(dora, "Linac 1", "Linac 1", zoe.start)
    assert "Cannot move there: overlaps Zoë Ångström's fraction" in window.message.text()
    assert [e.start for e in entries(window, "Linac 1")] == [zoe.start, dora.start]


def test_a_free_drop_moves_the_booking_in_the_store(window):
    _, dora = entries(window, "Linac 1")
    target = datetime(2030, 4, 2, 15, 0, tzinfo=LONDON)
    assert window.day_view.drop(dora, "Linac 1", "Linac 2", target)
    assert "Moved Dora Mbeki (4 of 5 · Treatment) from Linac 1 at 08:50 to Linac 2 at 15:00." in window.message.text()
    moved = [e for e in entries(window, "Linac 2") if e.patient == "Dora Mbeki"]
    assert moved and moved[0].start == target


def test_machine_down_reports_moves_and_writes_calendar_updates(qtbot, window, tmp_path):
    window.desk.export_calendar("course-prostate")
    dialog = MachineDownDialog(window.desk, DAY, window, machine="Linac 1")
    qtbot.addWidget(dialog)
    dialog.start.setDateTime(QDateTime(QDate(2030, 4, 2), QTime(8, 0)))
    dialog.end.setDateTime(QDateTime(QDate(2030, 4, 2), QTime(12, 0)))
    dialog.reason.setText("beam fault")
    dialog.take_down()
    assert dialog.result() == dialog.DialogCode.Accepted and dialog.report is not None
    moved = {m.course_id for m in dialog.report.moved + dialog.report.appended}
    assert {"course-prostate", "course-spine"} <= moved | {u.course_id for u in dialog.report.unplaced}
    assert [u.course_id for u in dialog.updates] == ["course-prostate"]
    report = DownReportDialog(window.desk, dialog.report, dialog.updates, window)
    qtbot.addWidget(report)
    assert report.moved_table.rowCount() == len(dialog.report.moved) + len(dialog.report.appended)
    texts = {report.moved_table.item(r, 0).text() for r in range(report.moved_table.rowCount())}
    assert "Zoë Ångström (H0001)" in texts
    writes_the_prostate_update(report, tmp_path / "updates")
    window.refresh()
    assert all(e.start.astimezone(LONDON).hour >= 12 for e in entries(window, "Linac 1"))


def test_machine_down_refuses_an_end_before_the_start(qtbot, window):
    dialog = MachineDownDialog(window.desk, DAY, window)
    qtbot.addWidget(dialog)
    dialog.start.setDateTime(QDateTime(QDate(2030, 4, 2), QTime(12, 0)))
    dialog.end.setDateTime(QDateTime(QDate(2030, 4, 2), QTime(8, 0)))
    dialog.take_down()
    assert dialog.report is None and "must end after it starts" in dialog.end_error.text()  # under the field


def test_booking_from_up_to_three_proposals(qtbot, window):
    dialog = BookDialog(window.desk, "course-prostate-2", "Eamon O'Neill", window)
    qtbot.addWidget(dialog)
    dialog.use_earliest.setChecked(False)
    dialog.earliest.setDate(QDate(2030, 3, 25))
    dialog.prefer_time.setTime(QTime(8, 30))
    dialog.find_proposals()
    assert 1 <= dialog.table.rowCount() <= 3
    headers = [dialog.table.horizontalHeaderItem(c).text() for c in range(dialog.table.columnCount())]
    assert headers == list(PROPOSAL_COLUMNS)
    first = [dialog.table.item(0, c).text() for c in range(len(PROPOSAL_COLUMNS))]
    assert first[1] in ("Linac 1", "Linac 2", "Linac 3") and first[5].isdigit()
    assert dialog.book_button.isEnabled()
    dialog.book_selected()
    assert dialog.booked is not None
    agenda = window.desk.agenda(date(2030, 3, 25), 1)
    assert any(e.course_id == "course-prostate-2" for m in agenda.machines for e in m.entries)


def test_an_unknown_course_is_refused_next_to_the_fields(qtbot, window):
    dialog = BookDialog(window.desk, "no-such-course", "", window)
    qtbot.addWidget(dialog)
    dialog.find_proposals()
    assert dialog.table.rowCount() == 0 and dialog.error.text().startswith("No course no-such-course")  # a sentence in the window


def test_free_time_right_clicked_opens_machine_down_on_that_machine_from_that_moment(window, monkeypatch):
    opened: list[tuple[str, QDateTime]] = []

    def look(dialog: MachineDownDialog) -> int:
        opened.append((dialog.machine.currentText(), dialog.start.dateTime()))
        return 0  # cancelled: nothing recorded

    monkeypatch.setattr(MachineDownDialog, "exec", look)
    before = window.desk.department.downtime_of("Linac 2")
    window.day_view.downRequested.emit("Linac 2", datetime(2030, 4, 2, 14, 5, tzinfo=LONDON).astimezone(ZoneInfo("UTC")))
    assert opened == [("Linac 2", QDateTime(QDate(2030, 4, 2), QTime(14, 5)))]  # on the department's clock
    assert window.desk.department.downtime_of("Linac 2") == before
