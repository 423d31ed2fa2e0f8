"""A course keeping its own calendar (the stock courses do: no holiday region of their own) in a department closed on
Thu 28 Mar 2030 (snow). The course form's Closures list holds only the course's own closures; under it a line names
the department's ('Department closed: Thu 28 Mar 2030 (snow)'), read-only, and saving leaves them the department's.
An unbooked course is shown closed with the department as a booked one is (booking will move it off those days): its
plan is pushed, its summary names the day and its week and month views shade it.

The golden department: Zoë Ångström's prostate course is booked on Linac 1 at 08:30 from Mon 25 Mar 2030; Eamon
O'Neill's prostate course (also from Mon 25 Mar 2030) is not booked."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from planner.core.errors import Field
from planner.store.db import Store
from planner.ui.formats import day_text
from planner.ui.result_panel import MONTH_TAB, WEEK_TAB

from .booking_scenario import main_window_on, place_bookings, stock
from .command_line import run

BOOKED = "course-prostate"
UNBOOKED = "course-prostate-2"
THURSDAY = date(2030, 3, 28)
SNOW_LINE = "Department closed: Thu 28 Mar 2030 (snow)"


@pytest.fixture
def url(tmp_path: Path, capsys) -> str:
    made = stock(f"sqlite:///{tmp_path / 'department.db'}")
    place_bookings(made, skip=(UNBOOKED,))
    with Store.open(made) as store:
        assert store.load_course(BOOKED).own_calendar and store.load_course(UNBOOKED).own_calendar
    status, _, err = run(capsys, "closure", "--db", made, "--date", THURSDAY.isoformat(), "--reason", "snow")
    assert status == 0, err
    return made


def own_closures(url: str, course_id: str) -> list[date]:
    with Store.open(url) as store:
        return [day for day, _ in store.load_course(course_id).spec.closed]


@pytest.mark.parametrize("course_id", [BOOKED, UNBOOKED])
def test_the_form_lists_the_course_s_own_closures_and_names_the_department_s_apart(qtbot, monkeypatch, url, course_id):
    with main_window_on(qtbot, monkeypatch, url) as window:
        window.store_link.open_course(course_id)
        form = window.form
        assert form.closure_dates() == ()  # the staff training day and the snow are the department's, not the course's
        assert not form.department_closed.isHidden()
        # from the course's first day on: the staff training day of 8 March is before it
        assert form.department_closed.text() == SNOW_LINE
        assert THURSDAY in {day for day, _ in form.spec().closed}  # the course is planned closed that day
        assert not window.session.dirty


@pytest.mark.parametrize("course_id", [BOOKED, UNBOOKED])
def test_saving_from_the_window_leaves_the_department_s_closures_out_of_the_course(qtbot, monkeypatch, url, course_id):
    with main_window_on(qtbot, monkeypatch, url) as window:
        window.store_link.open_course(course_id)
        form = window.form
        form.closure_date.setDate(date(2030, 4, 10))
        form.closure_note.setText("Linac 1 service")
        form.add_closure.click()
        assert form.closure_dates() == ((date(2030, 4, 10), "Linac 1 service"),)
        assert form.department_closed.text() == SNOW_LINE
        assert window.store_link.save()
        assert own_closures(url, course_id) == [date(2030, 4, 10)]
        # shown again as before: its own in the list, the department's named under it
        assert form.closure_dates() == ((date(2030, 4, 10), "Linac 1 service"),)
        assert form.department_closed.text() == SNOW_LINE


def test_a_closure_of_its_own_on_a_day_the_department_is_closed_is_refused_with_the_reason(qtbot, monkeypatch, url):
    with main_window_on(qtbot, monkeypatch, url) as window:
        window.store_link.open_course(BOOKED)
        form = window.form
        form.closure_date.setDate(THURSDAY)
        form.add_closure.click()
        assert form.closure_dates() == ()
        assert form.errors[Field.CLOSED].text() == f"The department is closed on {day_text(THURSDAY)} already"
        assert not window.session.dirty


def test_a_new_course_after_a_stored_one_lists_the_department_s_closures_as_its_calendar_s(qtbot, monkeypatch, url):
    """A new course is planned on the department's calendar: its closures are its own (the list holds them)."""
    with main_window_on(qtbot, monkeypatch, url) as window:
        window.store_link.open_course(BOOKED)
        window.courses.new_course()
        form = window.form
        assert THURSDAY in {day for day, _ in form.closure_dates()}
        assert form.department_closed.isHidden()
        assert form.spec() == window.session.spec


def test_the_unbooked_course_s_views_and_summary_show_the_department_closure(qtbot, monkeypatch, url):
    with main_window_on(qtbot, monkeypatch, url) as window:
        window.store_link.open_course(UNBOOKED)
        schedule = window.session.schedule
        assert schedule is not None
        assert THURSDAY not in {a.start.date() for a in schedule.appointments}  # booking will move it off the day
        assert [pushed.day for pushed in schedule.pushed] == [THURSDAY]
        assert "⇢ Thu 28 Mar 2030: clinic closure (snow)" in window.results.notices.text()  # the summary's notices
        window.tabs.setCurrentIndex(WEEK_TAB)
        window.tabs.setCurrentIndex(MONTH_TAB)
        assert window.week is not None and window.week.view.schedule is not None
        assert window.week.view.schedule.request.calendar.closure_name(THURSDAY) == "Clinic closure (snow)"
        assert window.month is not None and window.month.view.schedule is not None
        assert window.month.view.schedule.request.calendar.closure_reason(THURSDAY) is not None


def test_a_long_list_of_department_closures_names_the_first_few_and_counts_the_rest(qtbot, monkeypatch, tmp_path):
    from dataclasses import replace

    made = stock(f"sqlite:///{tmp_path / 'department.db'}")  # nothing booked: closures are the settings' to add
    days = [date(2030, 4, 1), date(2030, 4, 2), date(2030, 4, 3), date(2030, 12, 24), date(2030, 12, 25)]
    with Store.open(made) as store:
        department = store.department()
        assert department is not None
        store.set_department(replace(department, closures=tuple((day, "Linac service") for day in days)), opened=department)
    with main_window_on(qtbot, monkeypatch, made) as window:
        window.store_link.open_course(UNBOOKED)
        assert window.form.department_closed.text().splitlines() == [
            "Department closed: Mon 1 Apr 2030 (Linac service)", "Department closed: Tue 2 Apr 2030 (Linac service)",
            "Department closed: Wed 3 Apr 2030 (Linac service)", "… and 2 more later (Department → Department settings)"]
        assert window.form.closure_dates() == ()


def test_a_course_added_to_the_store_with_its_own_calendar_is_shown_closed_with_the_department(qtbot, monkeypatch, url):
    from .booking_scenario import course_spec

    with main_window_on(qtbot, monkeypatch, url) as window:
        added = course_spec("course-added", "Fay Quinn", "H0007", "prostate", "20-daily", None)
        window.session.reset(added, None)
        assert THURSDAY not in {day for day, _ in window.session.spec.closed}
        window.store_link.add_course()
        assert own_closures(url, "course-added") == []
        assert THURSDAY in {day for day, _ in window.session.spec.closed}  # planned closed with the department now
        assert window.form.closure_dates() == ()
        assert window.form.department_closed.text() == SNOW_LINE
        assert not window.session.dirty
