"""A department closure (snow, a power cut) applies to every booked course, also one that keeps its own calendar
(the stock courses do: no holiday region of their own): its printed week and sheet shade and name the closed day
(a discreet print without the closure's note), `plan --course-id` says the day pushed it, and the window's course
views shade it. Saving the course does not make the department's closure the course's own.

The golden department: Zoë Ångström's prostate course is booked on Linac 1 at 08:30 from Mon 25 Mar 2030."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from planner.app.course_booking import open_as_booked
from planner.app.planning import plan
from planner.app.stored_courses import save_stored
from planner.core.catalogue import load_catalogue
from planner.resources_path import default_catalogue_path
from planner.store.db import Store
from planner.ui.result_panel import MONTH_TAB, WEEK_TAB

from ..test_printing import pages_text
from .booking_scenario import main_window_on, place_bookings, stock
from .command_line import run

COURSE = "course-prostate"
THURSDAY = date(2030, 3, 28)


@pytest.fixture
def url(tmp_path: Path, capsys) -> str:
    made = stock(f"sqlite:///{tmp_path / 'department.db'}")
    place_bookings(made)
    with Store.open(made) as store:
        assert store.load_course(COURSE).own_calendar  # the course keeps its own calendar
    status, _, err = run(capsys, "closure", "--db", made, "--date", THURSDAY.isoformat(), "--reason", "snow")
    assert status == 0, err
    return made


def printed(capsys, url: str, tmp_path: Path, layout: str, *extra: str) -> str:
    out = tmp_path / f"{layout}{'-'.join(extra)}.pdf"
    status, _, err = run(capsys, "print", "--db", url, "--course-id", COURSE, "--layout", layout, "-o", str(out), *extra)
    assert status == 0, err
    return " ".join(pages_text(out.read_bytes()))


def test_the_printed_week_and_sheet_name_the_department_closure(capsys, url, tmp_path):
    week = printed(capsys, url, tmp_path, "week", "--week", THURSDAY.isoformat())
    assert "Closed: Clinic closure (snow)" in week
    sheet = printed(capsys, url, tmp_path, "sheet")
    assert "Thu 28 Mar 2030 Closed: Clinic closure (snow)" in sheet
    # the closed day's row stands between the sessions of Wednesday and Friday
    assert sheet.index("Wed 27 Mar 2030") < sheet.index("Thu 28 Mar 2030 Closed") < sheet.index("Fri 29 Mar 2030")


def test_a_discreet_print_names_the_closure_without_its_note(capsys, url, tmp_path):
    for layout, extra in (("week", ("--week", THURSDAY.isoformat())), ("sheet", ())):
        text = printed(capsys, url, tmp_path, layout, "--discreet", *extra)
        assert "Closed: Clinic closure" in text, layout
        assert "snow" not in text, layout


def test_plan_says_the_department_closure_pushed_the_course(capsys, url):
    status, out, err = run(capsys, "plan", "--db", url, "--course-id", COURSE)
    assert status == 0, err
    assert "Pushed by closures:" in out and "Thu 2030-03-28  clinic closure (snow)" in out
    status, out, err = run(capsys, "plan", "--db", url, "--course-id", COURSE, "--json")
    assert status == 0, err
    assert [p["date"] for p in json.loads(out)["pushed"]] == [THURSDAY.isoformat()]


def test_saving_the_course_as_shown_keeps_the_closure_the_departments(url):
    catalogue = load_catalogue(default_catalogue_path())
    with Store.open(url) as store:
        opened = open_as_booked(store, COURSE, catalogue)
        assert (THURSDAY, "snow") in opened.spec.closed
        save_stored(store, opened.spec, opened.version, plan(opened.spec, catalogue), opened.spec)
        stored = store.load_course(COURSE)
        assert stored.own_calendar
        assert THURSDAY not in {day for day, _ in stored.spec.closed}
        assert (THURSDAY, "snow") in open_as_booked(store, COURSE, catalogue).spec.closed  # still shown, as the department's


def test_the_window_course_views_shade_the_department_closure(qtbot, monkeypatch, url):
    with main_window_on(qtbot, monkeypatch, url) as window:
        window.store_link.open_course(COURSE)
        window.tabs.setCurrentIndex(WEEK_TAB)
        window.tabs.setCurrentIndex(MONTH_TAB)
        assert window.week is not None and window.week.view.schedule is not None
        calendar = window.week.view.schedule.request.calendar
        assert calendar.closure_name(THURSDAY) == "Clinic closure (snow)"
        assert window.month is not None and window.month.view.schedule is not None
        assert window.month.view.schedule.request.calendar.closure_reason(THURSDAY) is not None


def test_a_closure_of_its_own_added_is_kept_and_the_departments_is_not_copied(url):
    catalogue = load_catalogue(default_catalogue_path())
    with Store.open(url) as store:
        opened = open_as_booked(store, COURSE, catalogue)
        edited = opened.spec.updated(closed=tuple(sorted((*opened.spec.closed, (date(2030, 4, 10), "Linac 1 service")))))
        save_stored(store, edited, opened.version, plan(edited, catalogue), opened.spec)
        stored = store.load_course(COURSE)
        assert stored.own_calendar
        assert (date(2030, 4, 10), "Linac 1 service") in stored.spec.closed
        assert THURSDAY not in {day for day, _ in stored.spec.closed}


def test_a_course_shown_before_the_department_reopened_does_not_keep_the_closure_when_saved(capsys, url):
    """The course was open (the closure shaded) when the department reopened; its coordinator then changes its time
    and saves: the closure taken back does not come back as the course's own."""
    catalogue = load_catalogue(default_catalogue_path())
    with Store.open(url) as store:
        opened = open_as_booked(store, COURSE, catalogue)
        assert (THURSDAY, "snow") in opened.spec.closed
        status, _, err = run(capsys, "reopen", "--db", url, "--date", THURSDAY.isoformat())
        assert status == 0, err
        edited = opened.spec.updated(location="Riverside Cancer Centre, Level 2")
        save_stored(store, edited, opened.version, plan(edited, catalogue), opened.spec)
        assert THURSDAY not in {day for day, _ in store.load_course(COURSE).spec.closed}
        assert THURSDAY not in {day for day, _ in open_as_booked(store, COURSE, catalogue).spec.closed}
