"""An urgent course's due day is one day wherever it is said: the course's header, the Book dialog's notes and the
Bookings window's waiting list all count the department's urgent limit from the day booking counts the course ready
(its first fraction planned, when it has no planning scan; its scan plus the site's planning days), not one of them
from today. A coordinator's palliative course, ticked urgent, first fraction tomorrow, said 'must start by Thu' in
its header while the Book dialog and the waiting list said Fri."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from planner.app.booking import course_urgent_due, open_desk
from planner.core.catalogue import load_catalogue
from planner.core.clinic import PackageHolidays
from planner.core.department import load_department
from planner.resources_path import default_catalogue_path
from planner.store.db import Store
from planner.ui.booking_dialogs import BookDialog
from planner.ui.department_window import DepartmentWindow

from .booking_scenario import DEPARTMENT_FILE, course_spec, main_window_on

CATALOGUE = load_catalogue(default_catalogue_path())
TODAY = date(2030, 3, 26)  # a Tuesday; the golden department's urgent limit is 2 working days
TOMORROW = date(2030, 3, 27)
DUE = date(2030, 3, 29)  # Wednesday's first fraction plus two working days: Friday (Thursday counted from today)
PALLIATIVE = course_spec("course-palliative", "Ines Duarte", "H0020", "palliative", "5-daily", None,
                         start=TOMORROW).updated(urgent=True)


def stocked(tmp_path: Path, *courses) -> str:
    url = f"sqlite:///{tmp_path / 'department.db'}"
    with Store.open(url) as store:
        store.set_department(load_department(DEPARTMENT_FILE))
        for spec in courses:
            store.save_course(spec)
    return url


def test_the_desk_s_due_day_the_waiting_list_s_and_the_header_s_rule_agree(tmp_path: Path):
    url = stocked(tmp_path, PALLIATIVE)
    department = load_department(DEPARTMENT_FILE)
    assert department.booking.urgent_within_days == 2
    assert course_urgent_due(department, PackageHolidays(), CATALOGUE, PALLIATIVE, TODAY, TODAY) == DUE
    with open_desk(url, CATALOGUE) as desk:
        desk.today = TODAY
        [waiting] = desk.waiting()
        answer = desk.propose("course-palliative")
        assert (waiting.ready, waiting.due, waiting.urgent) == (TOMORROW, DUE, True)
        assert answer.urgent and answer.urgent_due == DUE and answer.earliest == TOMORROW


def test_a_scan_gone_by_counts_its_planning_days_from_the_scan_in_booking_as_in_the_list(tmp_path: Path):
    """A planning scan done yesterday is not booked again: the engine counted the planning days from today, one day
    later than the waiting list's ready day (and so its due day) counts them."""
    rectum = course_spec("course-rectum", "Chen Wei", "H0004", "rectum", "5-daily", datetime(2030, 3, 25, 10, 0),
                         start=date(2030, 4, 1)).updated(urgent=True)
    url = stocked(tmp_path, rectum)
    with open_desk(url, CATALOGUE) as desk:
        desk.today = TODAY
        [waiting] = desk.waiting()
        answer = desk.propose("course-rectum")
    ready = date(2030, 4, 1)  # Monday's scan plus rectum's 5 planning days
    assert (waiting.ready, answer.earliest) == (ready, ready)
    assert waiting.due == answer.urgent_due == date(2030, 4, 3)
    assert answer.best is not None and answer.best.first >= ready


def test_the_header_the_book_dialog_and_the_waiting_list_say_the_same_day(tmp_path: Path, qtbot, monkeypatch):
    url = stocked(tmp_path, PALLIATIVE)
    with main_window_on(qtbot, monkeypatch, url) as window:
        window.store_link.open_course("course-palliative")
        summary = window.results.summary
        qtbot.waitUntil(lambda: "Urgent" in summary.text())
        assert "Urgent, not booked on a machine yet: it must start by Fri 29 Mar 2030." in summary.text()
    with open_desk(url, CATALOGUE) as desk:
        desk.today = TODAY
        dialog = BookDialog(desk, "course-palliative")
        qtbot.addWidget(dialog)
        dialog.find_proposals()
        qtbot.waitUntil(lambda: "urgent due day" in dialog.notes.text())
        assert "the urgent due day, Fri 29 Mar 2030." in dialog.notes.text()
        bookings = DepartmentWindow(desk, day=TODAY)
        qtbot.addWidget(bookings)
        row = next(r for r in range(bookings.waiting.rowCount()) if "Ines Duarte" in bookings.waiting.item(r, 0).text())
        assert bookings.waiting.item(row, bookings.waiting.DUE).text() == "Fri 29 Mar 2030"
