"""`course list --json` and `course show --json` say when a booked course's `last` is a make-up not booked yet
(`last_not_booked`), on SQLite and PostgreSQL alike, as the text and the Patients list do. Before, the JSON gave the
make-up's day as `last` with nothing telling it from a booked session's day."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, time

from planner.core.department import load_department
from planner.core.spec import CourseSpec
from planner.store.db import Store

from .booking_scenario import DEPARTMENT_FILE, WEEKDAYS
from .command_line import run

COURSE, OTHER = "course-hn", "course-pr"
MAKE_UP_DAY = "2030-04-29"


def _listed(capsys, url: str) -> dict[str, dict[str, object]]:
    status, out, err = run(capsys, "course", "list", "--json", "--db", url)
    assert status == 0, err
    return {row["course_id"]: row for row in json.loads(out)["courses"]}


def _shown(capsys, url: str, course_id: str) -> dict[str, object]:
    status, out, err = run(capsys, "course", "show", course_id, "--json", "--db", url)
    assert status == 0, err
    return json.loads(out)


def test_the_json_flags_a_last_day_that_is_a_make_up_not_booked_yet(capsys, store_url):
    url = store_url
    with Store.open(url) as store:
        store.set_department(replace(load_department(DEPARTMENT_FILE), holidays=None))
        store.save_course(CourseSpec(course_id=COURSE, patient_name="Ines Peeters", patient_id="H0042", site="head-neck",
                                     preset="30-daily", start=date(2030, 3, 18), time=time(8, 30), tz="Europe/London",
                                     days=WEEKDAYS, holidays=None))
        store.save_course(CourseSpec(course_id=OTHER, patient_name="Ann Smith", patient_id="H0100", site="prostate",
                                     preset="20-daily", start=date(2030, 5, 6), time=time(9, 0), tz="Europe/London",
                                     days=WEEKDAYS, holidays=None))
    status, _, err = run(capsys, "book", "--course-id", COURSE, "--earliest", "2030-03-18", "--prefer-time", "08:30",
                         "--db", url)
    assert status == 0, err
    listed = _listed(capsys, url)
    assert listed[COURSE]["last"] == "2030-04-26" and listed[COURSE]["last_not_booked"] is False  # booked, nothing waits
    assert listed[OTHER]["last_not_booked"] is False  # not booked
    assert _shown(capsys, url, COURSE)["last_not_booked"] is False

    # session 3 missed, made up at the end: Mon 29 Apr, not booked yet
    status, _, err = run(capsys, "course", "save", "--course-id", COURSE, "--missed", "3=end", "--db", url)
    assert status == 0, err
    listed = _listed(capsys, url)
    assert (listed[COURSE]["last"], listed[COURSE]["last_not_booked"]) == (MAKE_UP_DAY, True)
    assert listed[OTHER]["last_not_booked"] is False
    shown = _shown(capsys, url, COURSE)
    assert (shown["last"], shown["last_not_booked"]) == (MAKE_UP_DAY, True)
    assert _shown(capsys, url, OTHER)["last_not_booked"] is False
    with Store.open(url) as store:  # the same rows as the text list's
        assert store.list_course_json() == [row.to_json() for row in store.list_courses()]

    status, _, err = run(capsys, "book", "--course-id", COURSE, "--make-ups", "--db", url)
    assert status == 0, err
    listed = _listed(capsys, url)
    assert (listed[COURSE]["last"], listed[COURSE]["last_not_booked"]) == (MAKE_UP_DAY, False)  # booked now
    assert _shown(capsys, url, COURSE)["last_not_booked"] is False
