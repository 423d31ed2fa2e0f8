"""Unbooking a course that has begun is refused: its given sessions are the record of its treatment, and
releasing them made the course 'planned' again, its patient's calendar 'updated' back to the planned times
as if nothing had been given. The refusal says what to do instead (cancel it, or move the rest), each front end in
its own words: the command line names the commands that work (it named only the Bookings window), the window its menus,
without an option name."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from planner.app.booking import BookingDesk
from planner.core.errors import InputError
from planner.store.db import bookings as db

from .booking_scenario import desk_on
from .command_line import run
from .test_window_reinstate_refused import unbook_refusals

LONDON = ZoneInfo("Europe/London")
COURSE = "course-prostate"  # Linac 1 at 08:30 from Mon 25 Mar 2030
THURSDAY = datetime(2030, 3, 28, 10, 0, tzinfo=LONDON)  # three fractions given, the fourth this morning



def booked(url: str) -> int:
    with desk_on(url) as desk, desk.store.engine.connect() as connection:
        return len(db.course_bookings(connection, COURSE))


def test_a_course_on_treatment_keeps_its_bookings(url, monkeypatch):
    before = booked(url)
    monkeypatch.setattr(BookingDesk, "now", lambda self: THURSDAY)
    with desk_on(url) as desk, pytest.raises(InputError) as refused:
        desk.today = THURSDAY.date()
        desk.unbook(COURSE)
    assert refused.value.reason.startswith("the course has begun (4 appointments from Mon 25 Mar 2030 08:30 on)")
    assert booked(url) == before


def test_a_course_not_begun_is_unbooked_as_before(url, monkeypatch):
    monkeypatch.setattr(BookingDesk, "now", lambda self: datetime(2030, 3, 22, 9, 0, tzinfo=LONDON))
    with desk_on(url) as desk:
        desk.today = date(2030, 3, 22)
        released, _ = desk.unbook(COURSE)
    assert released > 0 and booked(url) == 0


def test_the_window_says_why_without_the_option_name(qtbot, monkeypatch, url):
    monkeypatch.setattr(BookingDesk, "now", lambda self: THURSDAY)
    said = unbook_refusals(qtbot, monkeypatch, url, COURSE)
    assert len(said) == 1 and said[0].startswith("Not unbooked: the course has begun") and "course-id" not in said[0]


def test_booking_a_begun_course_again_names_a_command_that_works_not_unbook(url, monkeypatch, capsys):
    monkeypatch.setattr(BookingDesk, "now", lambda self: THURSDAY)
    status, out, err = run(capsys, "book", "--course-id", COURSE, "--db", url, "--dry-run")
    assert (status, out) == (2, "") and err.count("\n") == 1
    assert "unbook it first" not in err  # unbook refuses a course that has begun
    assert err.endswith(f"has begun (from Mon 25 Mar 2030 08:30): move its sessions still to come (`move --course-id {COURSE} "
                        "--rest-from N --time HH:MM`)\n")  # the command line's words only
    status, _, err = run(capsys, "move", "--course-id", COURSE, "--rest-from", "5", "--time", "10:00", "--db", url, "--dry-run")
    assert status == 0, err  # the command it names works as typed (N and HH:MM filled in)


def test_unbook_on_the_command_line_names_the_commands_that_work(url, monkeypatch, capsys):
    before = booked(url)
    monkeypatch.setattr(BookingDesk, "now", lambda self: THURSDAY)
    status, out, err = run(capsys, "unbook", "--course-id", COURSE, "--db", url)
    assert (status, out) == (2, "") and err.count("\n") == 1
    assert err == (f"planner: error: --course-id: the course has begun (4 appointments from Mon 25 Mar 2030 08:30 on): those are "
                   "the record of its treatment and stay booked; to stop the treatment, cancel the course "
                   f"(`course cancel --course-id {COURSE}`); to change the sessions still to come, move them "
                   f"(`move --course-id {COURSE} --rest-from N --time HH:MM`)\n")
    assert "window" not in err and booked(url) == before


def test_the_window_keeps_its_own_words_for_unbook_and_book(qtbot, monkeypatch, url):
    from planner.ui.booking_dialogs import BookDialog

    monkeypatch.setattr(BookingDesk, "now", lambda self: THURSDAY)
    said = unbook_refusals(qtbot, monkeypatch, url, COURSE)
    assert len(said) == 1 and said[0].endswith("to change the sessions still to come, move the rest of the course in the "
                                               "Bookings window") and "`" not in said[0], said
    with desk_on(url) as desk:
        dialog = BookDialog(desk, COURSE)
        qtbot.addWidget(dialog)
        note = dialog.booked_note.text()  # said at once, before Find proposals: it named Unbook, which refuses a begun course
        dialog.find_proposals()
        refused = dialog.error.text()
    assert note.endswith("It has begun: move its sessions still to come (Move the rest of this course in the Bookings "
                         "window).") and "Unbook" not in note, note
    assert "has begun (from Mon 25 Mar 2030 08:30): move its sessions still to come (Move the rest of this course in the " \
           "Bookings window)" in refused, refused
    assert "course-id" not in refused and "`" not in refused
