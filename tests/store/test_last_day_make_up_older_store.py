"""A store written before the Patients list counted a make-up waiting at a booked course's end kept the course's last
booked session's day as its last day, until something touched the course. Opening the window on it now puts that right
(the make-up's day, marked not booked yet), so the list, `course list` and `course show` agree with the course's window."""

from __future__ import annotations

from datetime import date

from planner.store.db import Store
from planner.store.db import bookings as db
from planner.ui.patient_list import COLUMNS

from .booking_scenario import main_window_on
from .test_make_up_after_booked_calendar_changed import COURSE, _booked_then_missed

LAST_BOOKED, MAKE_UP_DAY = date(2030, 4, 26), date(2030, 4, 29)


def _as_an_older_planner_left_it(url: str) -> None:
    with Store.open(url) as store, db.writing(store.engine, store.display_url) as connection:
        db.set_course_days(connection, COURSE, date(2030, 3, 18), LAST_BOOKED)
    with Store.open(url) as store:
        row = store.list_courses()[0]
        assert (row.last, row.last_not_booked) == (LAST_BOOKED, False)


def test_opening_the_window_ends_an_older_stores_course_on_its_make_up(capsys, tmp_path, qtbot, monkeypatch):
    url = _booked_then_missed(capsys, tmp_path, "head-neck", "30-daily", date(2030, 3, 18), None, "none", 3)
    _as_an_older_planner_left_it(url)
    with main_window_on(qtbot, monkeypatch, url) as window:
        model = window.store_link.patients.model
        cell = model.index(0, COLUMNS.index("Last"))
        assert cell.data().startswith("Mon 29 Apr 2030") and cell.data() != "Mon 29 Apr 2030"  # the day, marked
    with Store.open(url) as store:
        row = store.list_courses()[0]
        assert (row.last, row.last_not_booked) == (MAKE_UP_DAY, True)
        before = store.load_course(COURSE).version
    with main_window_on(qtbot, monkeypatch, url):  # opened again: nothing more to put right, no new version
        pass
    with Store.open(url) as store:
        assert store.load_course(COURSE).version == before
        assert store.list_courses()[0].last == MAKE_UP_DAY
