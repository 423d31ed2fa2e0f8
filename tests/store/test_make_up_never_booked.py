"""A booked course whose session was marked missed after booking, and whose make-up was never booked, reads
"make-up not booked" with the number of fractions not given once the make-up's day has passed: in the Patients list
(and its status filter), `course list` and `course show` (text and `--json`). It stays so until the make-up is booked,
the missed mark is taken back, or the course is cancelled (the treatment ended short). Before, the course read
"finished" the day after its make-up's day: nothing said a prescribed fraction was never given nor rebooked."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from planner.store.db import CourseStatus, Store

from .command_line import run
from .test_make_up_after_booked_calendar_changed import COURSE, _booked_then_missed

MAKE_UP_DAY = date(2030, 4, 29)  # booked 18 Mar to Fri 26 Apr 2030; session 3 missed, its make-up at the end: Mon 29 Apr
AFTER = date(2030, 5, 6)  # a week after the make-up's day


@pytest.fixture
def url(capsys, tmp_path) -> str:
    return _booked_then_missed(capsys, tmp_path, "head-neck", "30-daily", date(2030, 3, 18), None, "none", 3)


def _today(monkeypatch, day: date) -> None:
    monkeypatch.setattr(Store, "today", lambda self: day)


def test_the_list_says_make_up_not_booked_once_its_day_has_passed(url):
    with Store.open(url) as store:
        on_the_day = store.list_courses(today=MAKE_UP_DAY)[0]
        assert (on_the_day.status, on_the_day.not_given) == (CourseStatus.ON_TREATMENT, 0)  # it may still be booked
        row = store.list_courses(today=MAKE_UP_DAY.replace(day=30))[0]
        assert (row.status, row.not_given, row.last, row.last_not_booked) == \
            (CourseStatus.MAKE_UP_NOT_BOOKED, 1, MAKE_UP_DAY, True)
        assert [r.course_id for r in store.list_courses(CourseStatus.MAKE_UP_NOT_BOOKED, today=AFTER)] == [COURSE]
        assert store.list_courses(CourseStatus.FINISHED, today=AFTER) == []
        assert store.count_courses(CourseStatus.MAKE_UP_NOT_BOOKED, today=AFTER) == 1
        assert store.course_summaries([COURSE], today=AFTER)[COURSE].not_given == 1
        assert store.course_status(store.load_course(COURSE), today=AFTER) is CourseStatus.MAKE_UP_NOT_BOOKED
        as_json = store.list_course_json(today=AFTER)
        assert as_json == [r.to_json() for r in store.list_courses(today=AFTER)]
        assert (as_json[0]["status"], as_json[0]["not_given"]) == ("make-up not booked", 1)
        assert json.loads(store.list_course_json_text(today=AFTER)) == as_json


def test_the_command_line_says_how_many_fractions_were_not_given(capsys, url, monkeypatch):
    _today(monkeypatch, AFTER)
    status, out, err = run(capsys, "course", "list", "--db", url)
    assert status == 0, err
    assert "2030-03-18 to 2030-04-29 (last day: a make-up never booked)  make-up not booked: 1 fraction not given" in out
    assert "finished" not in out
    status, out, err = run(capsys, "course", "list", "--status", "make-up not booked", "--db", url)
    assert status == 0, err
    assert COURSE in out
    status, out, err = run(capsys, "course", "list", "--json", "--db", url)
    assert status == 0, err
    (row,) = json.loads(out)["courses"]
    assert (row["status"], row["not_given"], row["last_not_booked"]) == ("make-up not booked", 1, True)
    status, out, err = run(capsys, "course", "show", COURSE, "--db", url)
    assert status == 0, err
    assert out.splitlines()[0].endswith("make-up not booked: 1 fraction not given")
    status, out, err = run(capsys, "course", "show", COURSE, "--json", "--db", url)
    assert status == 0, err
    shown = json.loads(out)
    assert (shown["status"], shown["not_given"]) == ("make-up not booked", 1)


def test_cancelling_the_course_records_that_it_ended_short(capsys, url, monkeypatch):
    _today(monkeypatch, AFTER)
    status, _, err = run(capsys, "course", "cancel", "--course-id", COURSE, "--db", url)
    assert status == 0, err
    with Store.open(url) as store:
        row = store.list_courses(today=AFTER)[0]
        assert (row.status, row.not_given) == (CourseStatus.CANCELLED, 0)


def test_taking_the_missed_mark_back_makes_it_finished(capsys, url):
    status, _, err = run(capsys, "course", "save", "--course-id", COURSE, "--not-missed", "3", "--db", url)
    assert status == 0, err
    with Store.open(url) as store:
        row = store.list_courses(today=AFTER)[0]
        assert (row.status, row.not_given) == (CourseStatus.FINISHED, 0)


def test_a_make_up_booked_in_time_leaves_it_finished(capsys, url):
    status, _, err = run(capsys, "book", "--course-id", COURSE, "--make-ups", "--db", url)
    assert status == 0, err
    with Store.open(url) as store:
        row = store.list_courses(today=AFTER)[0]
        assert (row.status, row.not_given, row.last) == (CourseStatus.FINISHED, 0, MAKE_UP_DAY)


def test_a_weekend_make_up_never_booked_says_so_while_the_course_goes_on(capsys, tmp_path):
    url = _booked_then_missed(capsys, tmp_path, "head-neck", "30-daily", date(2030, 3, 18), None, "none", 3)
    status, _, err = run(capsys, "course", "save", "--course-id", COURSE, "--not-missed", "3", "--missed", "3=weekend",
                         "--db", url)
    assert status == 0, err
    with Store.open(url) as store:
        (missed,) = store.load_course(COURSE).spec.adjustments.missed
        assert missed.make_up_at is not None
        weekend = missed.make_up_at.date()
        assert store.list_courses(today=weekend)[0].status is CourseStatus.ON_TREATMENT
        row = store.list_courses(today=date(weekend.year, weekend.month, weekend.day + 2))[0]
        assert (row.status, row.not_given, row.last_not_booked) == (CourseStatus.MAKE_UP_NOT_BOOKED, 1, False)
    # the course goes on: the make-up may still be put at its end
    from datetime import UTC, datetime, timedelta

    from planner.app.booking import BookingDesk

    later = datetime.combine(weekend + timedelta(days=2), missed.make_up_at.timetz()).astimezone(UTC)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(BookingDesk, "now", lambda self: later)
        status, _, err = run(capsys, "book", "--course-id", COURSE, "--make-ups", "--dry-run", "--db", url)
    assert status == 2
    assert "already past" in err and "choose another make-up for that session on the course (at the end" in err


def test_the_patients_list_and_the_course_header_say_so_in_words_and_bold(url, qtbot, monkeypatch):
    from PySide6.QtCore import Qt

    from planner.ui.patient_list import LAST_COLUMN, STATUS_COLUMN, PatientListModel, PatientListPanel

    from .booking_scenario import main_window_on

    _today(monkeypatch, AFTER)
    with Store.open(url) as store:
        model = PatientListModel(store)
        model.refresh()
        cell = model.index(0, STATUS_COLUMN)
        assert cell.data() == "\u26a0 1 fraction not given"  # the status's name in the words below and the filter
        assert cell.data(Qt.ItemDataRole.FontRole).bold()
        assert cell.data(Qt.ItemDataRole.AccessibleTextRole) == "Make-up not booked, 1 fraction not given"
        assert cell.data(Qt.ItemDataRole.ToolTipRole).startswith("Make-up not booked, 1 fraction not given.\n")
        assert "Cancel course" in cell.data(Qt.ItemDataRole.ToolTipRole)
        last = model.index(0, LAST_COLUMN)
        assert last.data(Qt.ItemDataRole.AccessibleTextRole) == "Last day Mon 29 Apr 2030, a make-up never booked"
        assert "never booked" in last.data(Qt.ItemDataRole.ToolTipRole)
        model.set_folded(True)
        assert model.folded_lines(0, STATUS_COLUMN)[0] == "\u26a0 1 fraction not given"
        assert model.index(0, STATUS_COLUMN).data(Qt.ItemDataRole.ToolTipRole).startswith(
            "Make-up not booked, 1 fraction not given, head-neck.\nA session was missed")
        model.refresh(status=CourseStatus.FINISHED)
        assert model.rowCount() == 0
        panel = PatientListPanel(store)
        qtbot.addWidget(panel)
        panel.status.setCurrentIndex(panel.status.findData(CourseStatus.MAKE_UP_NOT_BOOKED.value))
        panel.model.refresh(status=panel.status.currentData())
        assert panel.model.rowCount() == 1
    with main_window_on(qtbot, monkeypatch, url) as window:
        window.store_link.open_course(COURSE)
        assert "Make-up not booked: 1 fraction not given of the prescribed course" in window.summary.text()
        notices = window.results.notices.text()
        assert "missed on Wed 20 Mar 2030 was due on Mon 29 Apr 2030 and never booked" in notices
        assert "has no booking yet" not in notices


def test_the_header_says_nothing_of_it_before_the_make_ups_day_has_passed(url, qtbot, monkeypatch):
    from .booking_scenario import main_window_on

    _today(monkeypatch, MAKE_UP_DAY)
    with main_window_on(qtbot, monkeypatch, url) as window:
        window.store_link.open_course(COURSE)
        assert "Make-up not booked" not in window.summary.text()
        assert "has no booking yet" in window.results.notices.text()


def test_the_json_lists_say_it_on_either_database(capsys, store_url, monkeypatch):
    from dataclasses import replace
    from datetime import time

    from planner.core.department import load_department
    from planner.core.spec import CourseSpec

    from .booking_scenario import DEPARTMENT_FILE, WEEKDAYS

    with Store.open(store_url) as store:
        store.set_department(replace(load_department(DEPARTMENT_FILE), holidays=None))
        store.save_course(CourseSpec(course_id=COURSE, patient_name="Ines Peeters", patient_id="H0042", site="head-neck",
                                     preset="30-daily", start=date(2030, 3, 18), time=time(8, 30), tz="Europe/London",
                                     days=WEEKDAYS, holidays=None))
        store.save_course(CourseSpec(course_id="course-pr", patient_name="Ann Smith", patient_id="H0100", site="prostate",
                                     preset="20-daily", start=date(2030, 3, 18), time=time(9, 0), tz="Europe/London",
                                     days=WEEKDAYS, holidays=None))
    for course_id in (COURSE, "course-pr"):
        status, _, err = run(capsys, "book", "--course-id", course_id, "--earliest", "2030-03-18", "--db", store_url)
        assert status == 0, err
    status, _, err = run(capsys, "course", "save", "--course-id", COURSE, "--missed", "3=end", "--db", store_url)
    assert status == 0, err
    _today(monkeypatch, AFTER)
    status, out, err = run(capsys, "course", "list", "--json", "--db", store_url)
    assert status == 0, err
    listed = {row["course_id"]: row for row in json.loads(out)["courses"]}
    assert (listed[COURSE]["status"], listed[COURSE]["not_given"]) == ("make-up not booked", 1)
    assert (listed["course-pr"]["status"], listed["course-pr"]["not_given"]) == ("finished", 0)
    with Store.open(store_url) as store:
        assert store.list_course_json(today=AFTER) == [row.to_json() for row in store.list_courses(today=AFTER)]
        assert json.loads(store.list_course_json_text(today=AFTER)) == store.list_course_json(today=AFTER)
        assert json.loads(store.list_course_json_text(today=MAKE_UP_DAY)) == store.list_course_json(today=MAKE_UP_DAY)


def test_booking_a_make_up_whose_day_has_passed_is_refused_saying_what_to_do(capsys, url, monkeypatch):
    from datetime import UTC, datetime

    from planner.app.booking import BookingDesk

    monkeypatch.setattr(BookingDesk, "now", lambda self: datetime(2030, 5, 6, 9, 0, tzinfo=UTC))
    status, out, err = run(capsys, "book", "--course-id", COURSE, "--make-ups", "--dry-run", "--db", url)
    assert status == 2
    assert "missed on Wed 20 Mar 2030 was due on Mon 29 Apr 2030, already past, and can no longer be booked" in err
    assert "`course cancel`" in err and "at the end" not in err  # choosing the end again gives the same past day


def test_a_twice_daily_day_missed_and_never_made_up_counts_both_sessions(capsys, tmp_path, qtbot, monkeypatch):
    from .test_twice_daily_missed_after_booking import COURSE as TWICE_DAILY
    from .test_twice_daily_missed_after_booking import booked_then_missed

    url, _ = booked_then_missed(capsys, tmp_path, "end")
    with Store.open(url) as store:
        last = store.list_courses()[0].last
        assert last is not None
        row = store.list_courses(today=last + timedelta(days=1))[0]
        assert (row.course_id, row.status, row.not_given) == (TWICE_DAILY[0], CourseStatus.MAKE_UP_NOT_BOOKED, 2)
    _today(monkeypatch, last + timedelta(days=1))
    from .booking_scenario import main_window_on

    with main_window_on(qtbot, monkeypatch, url) as window:
        window.store_link.open_course(TWICE_DAILY[0])
        assert "Make-up not booked: 2 fractions not given of the prescribed course" in window.summary.text()
        assert "The 2 make-ups for the sessions missed on Tue 26 Mar 2030 were due on" in window.results.notices.text()


def test_the_book_dialog_names_the_missed_session_once(url, qtbot, monkeypatch):
    """The dialog's sentence names the session missed; the refusal it gives after ("was due on ..., already past") does
    not name it again."""
    from datetime import UTC, datetime

    from planner.app.booking import BookingDesk
    from planner.ui.booking_dialogs import BookDialog

    from .booking_scenario import desk_on

    monkeypatch.setattr(BookingDesk, "now", lambda self: datetime(2030, 5, 6, 9, 0, tzinfo=UTC))
    with desk_on(url) as desk:
        dialog = BookDialog(desk, COURSE, "Zoë Ångström")
        qtbot.addWidget(dialog)
        dialog.show()
        assert dialog.booked_note is not None
        said = dialog.booked_note.text()
    assert said.count("Wed 20 Mar 2030") == 1, said
    assert ", and cannot be booked: it was due on Mon 29 Apr 2030, already past" in said
