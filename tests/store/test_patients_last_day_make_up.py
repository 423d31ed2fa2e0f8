"""A booked course marks a session missed after booking, made up at the end and not booked yet: its last day is where
booking the make-up will put it, in the course's header, the Patients list, `course list` and `course show` alike, and
each says that day is not booked yet. Before, the list and the command line gave the last booked session's day (Fri 26
Apr 2030) while the header ended on the make-up's (Mon 29 Apr 2030), and the course read 'finished' before its make-up."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from planner.store.db import Store
from planner.ui.patient_list import COLUMNS, PatientListModel

from .booking_scenario import main_window_on
from .command_line import run
from .test_make_up_after_booked_calendar_changed import COURSE, _booked_then_missed

LAST_COLUMN = COLUMNS.index("Last")
LAST_BOOKED, MAKE_UP_DAY = date(2030, 4, 26), date(2030, 4, 29)


def test_the_list_the_header_and_the_command_line_end_on_the_make_up_and_say_it_is_not_booked(capsys, tmp_path, qtbot,
                                                                                                 monkeypatch):
    # booked without holidays, 18 Mar to Fri 26 Apr 2030; session 3 missed, its make-up at the end: Mon 29 Apr
    url = _booked_then_missed(capsys, tmp_path, "head-neck", "30-daily", date(2030, 3, 18), None, "none", 3)
    with main_window_on(qtbot, monkeypatch, url) as window:
        window.store_link.open_course(COURSE)
        assert "to Mon 29 Apr 2030" in window.summary.text()
    with Store.open(url) as store:
        model = PatientListModel(store)
        model.refresh()
        cell = model.index(0, LAST_COLUMN)
        assert cell.data().startswith("Mon 29 Apr 2030") and cell.data() != "Mon 29 Apr 2030"  # the day, marked
        assert "make-up not booked yet" in cell.data(Qt.ItemDataRole.ToolTipRole)
        assert cell.data(Qt.ItemDataRole.AccessibleTextRole) == "Last day Mon 29 Apr 2030, a make-up not booked yet"
        model.set_folded(True)
        assert "last day Mon 29 Apr 2030, a make-up not booked yet" in model.data(model.index(0, 4),
                                                                                 Qt.ItemDataRole.AccessibleTextRole)
        # still on treatment the day after the last booked session: the make-up is to come
        assert store.list_courses(today=date(2030, 4, 27))[0].status.value == "on treatment"

    status, out, err = run(capsys, "course", "list", "--db", url)
    assert status == 0, err
    assert "2030-03-18 to 2030-04-29 (last day: a make-up not booked yet)" in out
    status, out, err = run(capsys, "course", "show", COURSE, "--db", url)
    assert status == 0, err
    assert "2030-03-18 to 2030-04-29 (last day: a make-up not booked yet)" in out.splitlines()[0]

    status, out, err = run(capsys, "book", "--course-id", COURSE, "--make-ups", "--db", url)
    assert status == 0, err
    with Store.open(url) as store:
        row = store.list_courses()[0]
        assert (row.last, row.last_not_booked) == (MAKE_UP_DAY, False)  # booked now: no mark
    status, out, err = run(capsys, "course", "list", "--db", url)
    assert "2030-03-18 to 2030-04-29  " in out and "not booked" not in out


def test_taking_the_missed_mark_back_ends_the_course_on_its_last_booked_session_again(capsys, tmp_path):
    url = _booked_then_missed(capsys, tmp_path, "head-neck", "30-daily", date(2030, 3, 18), None, "none", 3)
    status, _, err = run(capsys, "course", "save", "--course-id", COURSE, "--not-missed", "3", "--db", url)
    assert status == 0, err
    with Store.open(url) as store:
        row = store.list_courses()[0]
        assert (row.last, row.last_not_booked) == (LAST_BOOKED, False)


def test_a_session_marked_missed_in_the_window_and_saved_moves_the_lists_last_day_to_its_make_up(capsys, tmp_path, qtbot,
                                                                                                  monkeypatch):
    from planner.core.course import MakeUp

    url = _booked_then_missed(capsys, tmp_path, "head-neck", "30-daily", date(2030, 3, 18), None, "none", 3)
    status, _, err = run(capsys, "course", "save", "--course-id", COURSE, "--not-missed", "3", "--db", url)
    assert status == 0, err
    with main_window_on(qtbot, monkeypatch, url) as window:
        window.store_link.open_course(COURSE)
        window.session.mark_missed(date(2030, 3, 20), MakeUp.END, None)
        assert "to Mon 29 Apr 2030" in window.summary.text()
        assert window.store_link.save()
        model = window.store_link.patients.model
        assert model.data(model.index(0, LAST_COLUMN)).startswith("Mon 29 Apr 2030")


def test_a_closure_on_the_make_ups_day_moves_the_lists_last_day_on_and_back(capsys, tmp_path):
    url = _booked_then_missed(capsys, tmp_path, "head-neck", "30-daily", date(2030, 3, 18), None, "none", 3)
    status, _, err = run(capsys, "closure", "--date", MAKE_UP_DAY.isoformat(), "--reason", "snow", "--db", url)
    assert status == 0, err
    with Store.open(url) as store:
        row = store.list_courses()[0]
        assert (row.last, row.last_not_booked) == (date(2030, 4, 30), True)  # the next open day
    status, _, err = run(capsys, "reopen", "--date", MAKE_UP_DAY.isoformat(), "--db", url)
    assert status == 0, err
    with Store.open(url) as store:
        assert store.list_courses()[0].last == MAKE_UP_DAY
