"""After a booked day is marked missed, each later booking gives the session before its number (the agenda's
"session"), and a make-up booked since is the session it gives. A move names sessions as the course, the agenda and
the day view show them, never booking numbers: the rest of a course "from fraction 10" starts at the session the
window showed as 10, its refusals say "fraction 4" of the booking the day view labels 4, and a session cannot be
moved onto the day marked missed. Before, the rest of the course started one session early (at booking 10, which
gives session 9), every reason named booking numbers, and the missed day's booking counted as a session."""

from __future__ import annotations

import json
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from planner.app.booking import Relocation
from planner.core.errors import InputError
from planner.core.kinds import AppointmentKind

from .booking_scenario import desk_on, stock
from .command_line import run

LONDON = ZoneInfo("Europe/London")
FRACTION = AppointmentKind.FRACTION
MISSED = date(2030, 3, 27)  # the Wednesday of the first week: booking 3


@pytest.fixture
def url(capsys, tmp_path):
    """The prostate course booked from Mon 25 Mar 2030 at 08:30 on Linac 1, its Wednesday marked missed after, and
    its make-up (added at the end) booked: bookings 4-20 give sessions 3-19, booking 21 (the make-up) session 20."""
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    for command in (("book", "--course-id", "course-prostate", "--earliest", "2030-03-25", "--prefer-time", "08:30"),
                    ("course", "save", "--course-id", "course-prostate", "--missed", "3", "--reason", "patient unwell"),
                    ("book", "--course-id", "course-prostate", "--make-ups")):
        status, _, err = run(capsys, *command, "--db", url)
        assert status == 0, err
    return url


def shown(desk) -> dict[int, tuple[int, datetime]]:
    """Each booking of the course by number: the number the agenda (and the day view) shows, and its start."""
    entries = [e for m in desk.agenda(date(2030, 3, 25), 40).machines for e in m.entries if e.course_id == "course-prostate"]
    return {e.number: (e.shown_number, e.start.astimezone(LONDON)) for e in entries if not e.missed}


def test_the_scenario_numbers_bookings_and_sessions_apart(url):
    with desk_on(url) as desk:
        numbers = shown(desk)
        assert desk.session_numbers("course-prostate")[3] is None  # the missed day's booking gives no session
    assert numbers[4][0] == 3 and numbers[10][0] == 9 and numbers[21][0] == 20
    with desk_on(url) as desk:
        entries = [e for m in desk.agenda(date(2030, 3, 25), 40).machines for e in m.entries if e.course_id == "course-prostate"]
    assert len(entries) == 21 and {e.total for e in entries} == {20}  # the make-up is "20 of 20", not "21 of 21"


def test_the_rest_of_the_course_from_a_session_starts_at_that_session(url):
    with desk_on(url) as desk:
        numbers = shown(desk)
        moves = desk.rest_of_course("course-prostate", 10, "Linac 2", time(14, 0))
        assert sorted(numbers[m.number][0] for m in moves) == list(range(10, 21))  # sessions 10 to 20, the make-up too
        desk.move("course-prostate", moves)
        after = shown(desk)
    session_nine = next(n for n, (session, _) in numbers.items() if session == 9)
    assert after[session_nine] == numbers[session_nine]  # session 9 stays where it was


def test_a_refused_move_names_the_sessions_the_day_view_shows(url):
    with desk_on(url) as desk:
        numbers = shown(desk)
        booking = next(n for n, (session, _) in numbers.items() if session == 4)  # Fri 29 Mar
        thursday = numbers[booking - 1][1]  # session 3, Thu 28 Mar 08:30
        reasons = desk.check_move("course-prostate", [Relocation(FRACTION, booking, "Linac 1", thursday.replace(hour=14))])
    assert reasons == ["fraction 4: one fraction a day for this course (fraction 3 is on Thu 28 Mar at 08:30)"]


def test_a_session_is_not_moved_onto_the_day_marked_missed(url):
    with desk_on(url) as desk:
        numbers = shown(desk)
        booking = next(n for n, (session, _) in numbers.items() if session == 3)  # Thu 28 Mar
        target = datetime(2030, 3, 27, 14, 0, tzinfo=LONDON)
        with pytest.raises(InputError, match=r"fraction 3: the course marks Wed 27 Mar 2030 missed"):
            desk.move("course-prostate", [Relocation(FRACTION, booking, "Linac 1", target)])
        assert shown(desk) == numbers


def test_machine_down_reports_the_session_it_moved(capsys, url):
    with desk_on(url) as desk:
        numbers = shown(desk)
    booking = next(n for n, (session, _) in numbers.items() if session == 4)  # Fri 29 Mar 08:30 on Linac 1
    status, out, err = run(capsys, "machine-down", "Linac 1", "--from", "2030-03-29T08:00", "--to", "2030-03-29T09:30",
                           "--reason", "beam fault", "--db", url)
    assert status == 0, err
    moved = [line for line in out.splitlines() if "Zoë Ångström" in line and "->" in line]
    assert len(moved) == 1 and "fraction 4" in moved[0] and f"fraction {booking}" not in moved[0], out
    status, out, err = run(capsys, "machine-down", "Linac 1", "--from", "2030-04-01T08:00", "--to", "2030-04-01T09:30",
                           "--reason", "beam fault", "--json", "--db", url)
    assert status == 0, err
    (entry,) = [m for m in json.loads(out)["moved"] if m["course_id"] == "course-prostate"]
    assert entry["number"] == 5  # Mon 1 Apr: session 5 (booking 6)


def test_book_make_ups_says_which_session_each_make_up_is(capsys, tmp_path):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    for command in (("book", "--course-id", "course-prostate", "--earliest", "2030-03-25", "--prefer-time", "08:30"),
                    ("course", "save", "--course-id", "course-prostate", "--missed", "3", "--reason", "patient unwell")):
        status, _, err = run(capsys, *command, "--db", url)
        assert status == 0, err
    status, out, err = run(capsys, "book", "--course-id", "course-prostate", "--make-ups", "--json", "--db", url)
    assert status == 0, err
    (made,) = json.loads(out)["make_ups"]
    assert made["number"] == 21 and made["session"] == 20  # its booking's key, and the session the course calls it


def test_a_move_in_the_course_history_names_the_session(url):
    with desk_on(url) as desk:
        numbers = shown(desk)
        booking = next(n for n, (session, _) in numbers.items() if session == 10)
        start = numbers[booking][1]
        desk.move("course-prostate", [Relocation(FRACTION, booking, "Linac 1", start.replace(hour=13))])
        trail = [str(entry) for entry in desk.store.course_history("course-prostate")]
    moved = [entry for entry in trail if "13:30" in entry]
    assert moved and "fraction 10: Linac 1" in moved[-1] and f"fraction {booking}:" not in moved[-1], trail


def test_the_move_rest_dialog_moves_from_the_session_it_shows(qtbot, url):
    from PySide6.QtCore import QTime

    from planner.ui.booking_dialogs import MoveRestDialog

    with desk_on(url) as desk:
        numbers = shown(desk)
        day = next(start for session, start in numbers.values() if session == 10).date()
        machine = next(m for m in desk.agenda(day, 1).machines if any(e.course_id == "course-prostate" for e in m.entries))
        entry = next(e for e in machine.entries if e.course_id == "course-prostate")
        assert entry.shown_number == 10 and entry.number == 11
        dialog = MoveRestDialog(desk, entry, machine.name)
        qtbot.addWidget(dialog)
        dialog.time.setTime(QTime(13, 0))
        dialog.move()
        assert dialog.result() == dialog.DialogCode.Accepted, dialog.error.text()
        assert dialog.first_moved == 10  # the window then says "fractions 10 to 20 moved"
        after = shown(desk)
    assert [session for session, start in sorted(after.values()) if start.hour == 13] == list(range(10, 21))


def test_the_command_lines_fraction_numbers_are_the_sessions_the_agenda_shows(capsys, url):
    with desk_on(url) as desk:
        day = next(start for session, start in shown(desk).values() if session == 5).date()  # Mon 1 Apr: booking 6
    status, _, err = run(capsys, "course", "save", "--course-id", "course-prostate", "--missed", "5", "--reason", "transport",
                         "--db", url)
    assert status == 0, err
    with desk_on(url) as desk:
        entries = [e for m in desk.agenda(date(2030, 3, 25), 40).machines for e in m.entries if e.course_id == "course-prostate"]
    assert sorted(e.start.date() for e in entries if e.missed) == [MISSED, day]


def test_the_booking_of_the_day_marked_missed_is_not_moved_to_another_day(url):
    with desk_on(url) as desk:
        target = datetime(2030, 3, 28, 14, 0, tzinfo=LONDON)
        with pytest.raises(InputError, match=r"the booking of Wed 27 Mar 2030 is the record of a session marked missed "
                                             r"on the course: it stays on its day"):
            desk.move("course-prostate", [Relocation(FRACTION, 3, "Linac 1", target)])


def test_the_booking_of_the_day_marked_missed_may_take_another_time_that_day(url):
    """Where the session goes if the mark is taken back when its own time was booked for another patient meanwhile
    (the refusal then offers the nearest free time, to move the record to)."""
    with desk_on(url) as desk:
        target = datetime(2030, 3, 27, 14, 0, tzinfo=LONDON)
        desk.move("course-prostate", [Relocation(FRACTION, 3, "Linac 1", target)])
        assert desk.session_numbers("course-prostate").get(3) is None  # still the missed day's record, no session
