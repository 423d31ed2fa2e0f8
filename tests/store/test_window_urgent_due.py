"""An urgent course not yet booked says in the window the day it must start by, as booking counts it: the
department's urgent limit in working days after the course is ready (planning scan plus the site's planning
days, else its first fraction planned) or entered into the store, whichever is later; and whether the first fraction planned in the form is later."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from planner.app.booking import course_urgent_due
from planner.core.catalogue import load_catalogue
from planner.core.clinic import PackageHolidays
from planner.core.department import load_department
from planner.resources_path import default_catalogue_path

from .booking_scenario import COURSES, DEPARTMENT_FILE, course_spec, main_window_on, stock

CATALOGUE = load_catalogue(default_catalogue_path())
RECTUM = course_spec(*COURSES[3])  # planning scan Wed 20 Mar 2030


def test_the_due_day_counts_from_ready_or_from_entered_whichever_is_later():
    department = load_department(DEPARTMENT_FILE)
    holidays = PackageHolidays()
    today = date(2026, 11, 23)
    # ready: the scan's Wednesday plus rectum's 5 planning days is Wed 27 Mar 2030; two working days on, Fri 29 Mar
    assert course_urgent_due(department, holidays, CATALOGUE, RECTUM, today, today) == date(2030, 3, 29)
    # entered after it was ready (Mon 15 Apr 2030): the limit counts from then
    assert course_urgent_due(department, holidays, CATALOGUE, RECTUM, date(2030, 4, 15), date(2030, 4, 15)) == date(2030, 4, 17)
    # no planning scan: ready on its first fraction planned (Mon 25 Mar 2030), as booking counts it, not today
    no_scan = RECTUM.updated(simulation=None)
    assert course_urgent_due(department, holidays, CATALOGUE, no_scan, today, today) == date(2030, 3, 27)
    # its first fraction on a Friday, entered the Friday before: Monday and Tuesday are the two working days
    friday = no_scan.updated(start=date(2030, 3, 29))
    assert course_urgent_due(department, holidays, CATALOGUE, friday, date(2030, 3, 22), date(2030, 3, 22)) == date(2030, 4, 2)


def test_ticking_urgent_on_an_unbooked_stored_course_says_the_day_it_must_start_by(tmp_path: Path, qtbot, monkeypatch):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    with main_window_on(qtbot, monkeypatch, url) as window:
        window.store_link.open_course("course-rectum")
        summary = window.results.summary
        assert summary.text().endswith("Not booked on a machine yet: Department → Book this course…")
        window.form.urgent.setChecked(True)
        qtbot.waitUntil(lambda: "Urgent" in summary.text())
        assert summary.text().endswith("Urgent, not booked on a machine yet: it must start by Fri 29 Mar 2030. "
                                       "Department → Book this course…")  # its first fraction, Mon 25 Mar, is before it
        window.session.edit(window.session.spec.updated(start=date(2030, 4, 8)), "start")
        qtbot.waitUntil(lambda: "is later" in summary.text())
        assert "it must start by Fri 29 Mar 2030; the first fraction planned here, Mon 8 Apr 2030, is later." in summary.text()
        window.form.urgent.setChecked(False)
        qtbot.waitUntil(lambda: "Urgent" not in summary.text())
        assert summary.text().endswith("Not booked on a machine yet: Department → Book this course…")


def test_an_urgent_course_left_unbooked_past_its_day_says_it_was_due(tmp_path: Path, qtbot, monkeypatch):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    with main_window_on(qtbot, monkeypatch, url) as window:
        window.store_link.open_course("course-rectum")
        window.results.urgent_due = lambda spec: (date(2030, 4, 2), date(2030, 4, 5))
        window.form.urgent.setChecked(True)
        qtbot.waitUntil(lambda: "Urgent" in window.results.summary.text())
        assert "Urgent, not booked on a machine yet: it was due to start by Tue 2 Apr 2030." in window.results.summary.text()
