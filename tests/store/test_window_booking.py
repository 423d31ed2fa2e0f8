"""The main window shows the open stored course's booking: the summary says where and when it is
booked (or that it is not, and how to book it), the list has a Machine column, the week's blocks,
the month and the accessible names say the machine; they follow booking, unbooking, a machine's
downtime and undo; the window's print names the machines as the command line's print does."""

from __future__ import annotations

import contextlib
import io
from dataclasses import replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QDate, QEvent, Qt
from PySide6.QtGui import QPageSize
from PySide6.QtWidgets import QApplication, QMessageBox

from planner.app.booking import Relocation, open_desk
from planner.app.course_booking import booking_facts
from planner.cli import main
from planner.core.kinds import AppointmentKey, AppointmentKind
from planner.store.db import Store
from planner.ui.course_bookings import unbook_open_course
from planner.ui.main_window import catalogue_at
from planner.ui.printing import SheetDocument, WeekDocument, context_from, course_weeks, pdf_bytes
from planner.ui.result_panel import NOT_BOOKED, WEEK_TAB
from planner.ui.schedule_model import MACHINE_COLUMN
from planner.ui.week_view import block_label

from .booking_scenario import main_window_on, stock

LONDON = ZoneInfo("Europe/London")


def book(url: str, course_id: str = "course-prostate", machine: str = "Linac 3", at: str = "10:00") -> None:
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["book", "--db", url, "--course-id", course_id, "--earliest", "2030-03-25", "--prefer-time", at,
                     "--machine", machine]) == 0


@pytest.fixture
def url(tmp_path) -> str:
    return stock(f"sqlite:///{tmp_path / 'department.db'}")


@pytest.fixture
def window(qtbot, monkeypatch, url):
    with main_window_on(qtbot, monkeypatch, url, clinic_phone="+44 20 7946 0000") as win:
        yield win


def rows(window) -> list[tuple[str, str, str, str]]:
    """What the list shows: (number, date, start, machine) of each fraction's row."""
    model = window.model
    shown = []
    for row in range(model.rowCount()):
        cells = [model.index(row, column).data() for column in range(model.columnCount())]
        if cells[0]:
            shown.append((cells[0], cells[2], cells[3][:5], cells[MACHINE_COLUMN]))
    return shown


def booked_rows(url: str, course_id: str = "course-prostate") -> list[tuple[str, str, str, str]]:
    """The same, as the store holds the bookings."""
    with Store.open(url) as store:
        facts = booking_facts(store, course_id, LONDON)
    assert facts is not None
    fractions = sorted((a for a in facts.appointments if a.key.kind is AppointmentKind.FRACTION), key=lambda a: a.key.number)
    out = []
    for a in fractions:
        start = a.start.astimezone(LONDON)
        out.append((str(a.key.number), f"{start.day} {start:%b %Y}", f"{start:%H:%M}", a.machine))
    return out


def test_a_booked_course_shows_its_machine_in_the_summary_list_week_and_month(window, url):
    book(url)
    window.store_link.open_course("course-prostate")
    assert window.summary.text().splitlines()[-1] == "Booked on Linac 3 at 10:00 from Mon 25 Mar 2030"
    assert not window.table.isColumnHidden(MACHINE_COLUMN)
    assert window.model.headerData(MACHINE_COLUMN, Qt.Orientation.Horizontal) == "Machine"
    shown = rows(window)
    assert len(shown) == 20 and shown == booked_rows(url)
    assert {machine for *_, machine in shown} == {"Linac 3"} and {time for _, _, time, _ in shown} == {"10:00"}
    assert not window.session.dirty

    window.tabs.setCurrentIndex(WEEK_TAB)
    names = [marker.accessibleName() for marker in window.week.view.markers.visible()]
    assert names[0] == "Radiotherapy 1 of 20, Monday 25 March, 10:00 to 10:30, on Linac 3"  # booked 10 minutes longer
    assert all(name.endswith("on Linac 3") for name in names)
    first = window.session.schedule.fractions[0]
    assert block_label(first, 1, "", machine="Linac 3") == "10:00 Radiotherapy 1 of 20 · Linac 3"

    window.tabs.setCurrentIndex(2)
    month = window.month
    assert not month.machine_note.isHidden() and month.machine_note.text() == "Booked on <b>Linac 3</b>"
    tip = month.view.dateTextFormat(QDate(2030, 3, 26)).toolTip()
    assert tip == "10:00 Radiotherapy 2 of 20 on Linac 3"
    assert any(m.accessibleName().endswith("on Linac 3") for m in month.view.markers.visible())


def test_a_stored_course_not_booked_says_so_and_follows_booking_and_unbooking(window, url, monkeypatch):
    link = window.store_link
    link.open_course("course-prostate")
    planned = rows(window)
    assert window.summary.text().splitlines()[-1] == NOT_BOOKED == "Not booked on a machine yet: Department → Book this course…"
    assert window.table.isColumnHidden(MACHINE_COLUMN) and all(machine == "" for *_, machine in planned)

    book(url, machine="Linac 1", at="09:00")  # another coordinator, or the booking window
    QApplication.sendEvent(window, QEvent(QEvent.Type.WindowActivate))  # back to the window
    assert window.summary.text().splitlines()[-1] == "Booked on Linac 1 at 09:00 from Mon 25 Mar 2030"
    assert rows(window) == booked_rows(url) and not window.session.dirty
    assert not window.table.isColumnHidden(MACHINE_COLUMN)

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    assert unbook_open_course(window) is True
    assert window.summary.text().splitlines()[-1] == NOT_BOOKED
    assert window.table.isColumnHidden(MACHINE_COLUMN)
    assert all(machine == "" for *_, machine in rows(window))
    assert "Released 20 booked appointments" in window.statusBar().currentMessage()
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text, *a: said.append(text))
    assert unbook_open_course(window) is False and said == ["This course is not booked on a machine."]


def test_a_course_only_in_a_file_says_nothing_of_booking(window):
    window.new_course()
    assert len(window.summary.text().splitlines()) == 1 and "Booked" not in window.summary.text()
    assert window.table.isColumnHidden(MACHINE_COLUMN)


def test_machine_down_rebooking_in_the_department_window_shows_in_the_main_window(window, url):
    book(url, machine="Linac 1", at="09:00")
    window.store_link.open_course("course-prostate")
    window.tabs.setCurrentIndex(2)
    assert ("3", "27 Mar 2030", "09:00", "Linac 1") in rows(window)
    window.open_department()
    from planner.ui.department_window import DepartmentWindow

    department = window.findChildren(DepartmentWindow)[0]
    department.desk.machine_down("Linac 1", datetime(2030, 3, 27, 8, 0, tzinfo=LONDON), datetime(2030, 3, 27, 13, 0, tzinfo=LONDON),
                                 "beam fault")
    department.refresh()  # as after its Machine down dialog: the main window follows
    shown = rows(window)
    assert shown == booked_rows(url)
    third = next(row for row in shown if row[0] == "3")
    assert third[1] == "27 Mar 2030" and third[3] == "Linac 2"
    assert window.summary.text().splitlines()[-1] == "Booked on Linac 1 at 09:00 from Mon 25 Mar 2030; 1 fraction on another machine"
    month = window.month
    assert "◆" in month.machine_note.text() and "1 on another machine" in month.machine_note.text()
    assert month.view.dateTextFormat(QDate(2030, 3, 27)).toolTip().endswith("on Linac 2")
    department.close()


def test_an_edit_off_the_booked_time_shows_no_machine_there_and_undo_brings_it_back(window, url):
    book(url)
    window.store_link.open_course("course-prostate")
    key = AppointmentKey.fraction(2)
    window.session.move(key, datetime(2030, 3, 26, 14, 0))
    shown = {row[0]: row for row in rows(window)}
    assert shown["2"][2:] == ("14:00", "") and shown["3"][3] == "Linac 3"
    assert "1 booked appointment is shown at another time than booked" in window.notices.text()
    window.session.undo_stack.undo()
    shown = {row[0]: row for row in rows(window)}
    assert shown["2"][2:] == ("10:00", "Linac 3")
    assert "another time than booked" not in window.notices.text()


def pdf_text(document) -> str:
    reader = PdfReader(io.BytesIO(pdf_bytes(document, QPageSize.PageSizeId.A4, "x")))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_the_windows_print_names_the_machine_as_the_command_lines_print(window, url, tmp_path):
    book(url)
    window.store_link.open_course("course-prostate")
    schedule = window.session.schedule
    context = window.courses.print_context()
    assert dict(context.machines) == {AppointmentKey.fraction(n): "Linac 3" for n in range(1, 21)}
    week = pdf_text(WeekDocument(context, course_weeks(schedule)))
    target = tmp_path / "cli.pdf"
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["print", "--db", url, "--course-id", "course-prostate", "-o", str(target)]) == 0
    cli = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(target).pages)
    assert week.count("Linac 3") == cli.count("Linac 3") == 20
    assert "Linac 3" not in pdf_text(SheetDocument(context))  # the clinic's setting is off
    window.settings = replace(window.settings, sheet_names_machine=True)
    assert pdf_text(SheetDocument(window.courses.print_context())).count("Linac 3") == 20
    window.session.edit(window.session.spec.updated(discreet=True), "discreet")
    discreet = window.courses.print_context()
    assert "Linac" not in pdf_text(WeekDocument(discreet, course_weeks(schedule)))
    assert "Linac" not in pdf_text(SheetDocument(discreet))


def test_the_window_names_machines_only_for_its_own_course(window, url):
    book(url)
    book(url, course_id="course-prostate-2", machine="Linac 1", at="09:00")
    window.store_link.open_course("course-prostate-2")
    assert {machine for *_, machine in rows(window)} == {"Linac 1"}
    assert context_from(window.courses.print_context()).machine_of(window.session.schedule.fractions[0]) == "Linac 1"
    with open_desk(url, catalogue_at("")) as desk:
        assert desk.booked_course("course-prostate-2").schedule.fractions[0].start == window.session.schedule.fractions[0].start
    assert window.session.schedule.fractions[0].start.date() == date(2030, 3, 25)


def test_the_windows_export_names_each_machine_unless_discreet(window, url, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    from planner.ics import read_export
    from planner.ui import dialogs

    book(url, machine="Linac 1", at="09:00")
    window.store_link.open_course("course-prostate")
    target = tmp_path / "course.ics"
    monkeypatch.setattr(dialogs.ExportDialog, "exec", lambda self: True)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.export_calendar()
    fractions = [e for e in read_export(target).events.values() if e.role.startswith("t")]
    assert len(fractions) == 20 and all(e.location.endswith("Linac 1") and f"{e.start:%H:%M}" == "09:00" for e in fractions)
    monkeypatch.setattr(dialogs.ExportDialog, "exec", lambda self: (self.discreet.setChecked(True), True)[1])
    window.export_calendar()
    assert "Linac" not in target.read_text(encoding="utf-8")


def test_a_store_that_cannot_be_read_is_a_status_message_not_an_error(window, url, monkeypatch):
    from sqlalchemy.exc import OperationalError

    from planner.store.db import bookings

    book(url)
    window.store_link.open_course("course-prostate")
    window.session.edit(window.session.spec.updated(location="Level 2"), "location")  # unsaved: only the booking is read again

    def broken(*args, **kwargs):
        raise OperationalError("SELECT", {}, Exception("disk I/O error"))

    monkeypatch.setattr(bookings, "course_bookings_of", broken)
    reported: list[object] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *a, **k: reported.append(a))
    QApplication.sendEvent(window, QEvent(QEvent.Type.WindowActivate))
    assert not reported
    assert window.statusBar().currentMessage().startswith("The course's booking cannot be read: sqlite:")
    assert window.statusBar().currentMessage().endswith("disk I/O error")
    assert window.summary.text().splitlines()[-1] == "Booked on Linac 3 at 10:00 from Mon 25 Mar 2030"  # as last read


def test_book_this_course_shows_the_booking_at_once(window, url, monkeypatch):
    from planner.ui import department_window

    window.store_link.open_course("course-spine")
    assert window.summary.text().splitlines()[-1] == NOT_BOOKED

    def booked_in_the_dialog(parent, database, catalogue, course_id, patient, holidays=None, settings=None) -> bool:
        assert (database, course_id, patient) == (url, "course-spine", "Dora Mbeki")
        book(url, course_id, machine="Linac 2", at="11:00")  # the coordinator chose a proposal
        return True

    monkeypatch.setattr(department_window, "book_open_course", booked_in_the_dialog)
    book_action = next(a for a in window.findChildren(type(window.print_action)) if a.text() == "Book &this course…")
    book_action.trigger()
    assert window.summary.text().splitlines()[-1].startswith("Booked on Linac 2 at 11:00 from ")
    assert rows(window) == booked_rows(url, "course-spine") and {machine for *_, machine in rows(window)} == {"Linac 2"}


def test_the_planning_scan_shows_its_ct_simulator_and_is_not_a_fraction_elsewhere(window, url):
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["book", "--db", url, "--course-id", "course-rectum", "--prefer-time", "08:30"]) == 0
    window.store_link.open_course("course-rectum")
    model = window.model
    machines = {model.index(row, 4).data(): model.index(row, MACHINE_COLUMN).data() for row in range(model.rowCount())}
    assert machines.pop("Radiotherapy planning scan") == "CT simulator"
    facts_machine = window.results.booking.machine
    assert len(machines) == 5 and set(machines.values()) == {facts_machine} != {"CT simulator"}
    window.tabs.setCurrentIndex(2)
    assert window.month.machine_note.text() == f"Booked on <b>{facts_machine}</b>"  # no ◆: the scan is where it belongs


def test_saving_a_booked_course_stores_its_plan_without_the_booking_s_own_moves(window, url):
    book(url, machine="Linac 1", at="09:00")
    # one fraction booked two hours later than the plan: the course as shown carries a "booked" move
    with open_desk(url, catalogue_at("")) as desk:
        held = {(e.kind, e.number): e for m in desk.agenda(date(2030, 3, 25), 40).machines for e in m.entries
                if e.course_id == "course-prostate"}
        fifth = held[(AppointmentKind.FRACTION, 5)]
        desk.move("course-prostate", [Relocation(AppointmentKind.FRACTION, 5, "Linac 1", fifth.start + timedelta(hours=2))])
    link = window.store_link
    link.open_course("course-prostate")
    assert any(m.reason == "booked" for m in window.session.spec.adjustments.moves)
    window.session.edit(window.session.spec.updated(location="Level 2"), "location")
    assert link.save()
    stored = Store.open(url)
    try:
        kept = stored.load_course("course-prostate").spec
    finally:
        stored.close()
    assert kept.location == "Level 2"
    assert not any(m.reason == "booked" for m in kept.adjustments.moves)  # the bookings hold those times
    link.open_course("course-prostate")  # shown again at its booked times
    assert any(m.reason == "booked" for m in window.session.spec.adjustments.moves)
