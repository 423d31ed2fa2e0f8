"""`course save --missed N` on a booked course whose session N the bookings put off its planned time (moved in the
Bookings window or with `move`, or re-booked around a downtime or a closure, which renumbers the later sessions) marks
that session's booked day missed, as the window's Mark missed does. Before, it was refused with "fraction N was moved;
remove the move before marking it missed", a move the course does not hold (only a coordinator's `--move` is one), so a
session a re-booking had touched could not be marked missed on the command line at all."""

from __future__ import annotations

import json
from datetime import date

from .booking_scenario import desk_on, stock
from .command_line import run


def test_a_session_the_bookings_moved_is_marked_missed_on_its_booked_day(capsys, tmp_path):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    status, _, err = run(capsys, "book", "--course-id", "course-prostate", "--earliest", "2030-03-25", "--prefer-time", "08:30",
                         "--db", url)
    assert status == 0, err
    status, _, err = run(capsys, "move", "--course-id", "course-prostate", "--session", "5", "--to", "2030-03-29T14:00",
                         "--db", url)
    assert status == 0, err
    status, out, err = run(capsys, "course", "save", "--course-id", "course-prostate", "--missed", "5", "--reason", "transport",
                           "--json", "--db", url)
    assert status == 0, err
    with desk_on(url) as desk:
        entries = [e for m in desk.agenda(date(2030, 3, 25), 40).machines for e in m.entries if e.course_id == "course-prostate"]
    (missed,) = [e for e in entries if e.missed]
    assert missed.start.date() == date(2030, 3, 29) and missed.start.hour == 14  # the booking the session had, at its time
    status, out, err = run(capsys, "plan", "--course-id", "course-prostate", "--json", "--db", url)
    assert status == 0, err
    assert [m["date"] for m in json.loads(out)["missed"]] == ["2030-03-29"]


def test_a_coordinators_own_move_is_still_taken_back_first(capsys, tmp_path):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    status, _, err = run(capsys, "course", "save", "--course-id", "course-prostate", "--move", "5=2030-03-29T14:00",
                         "--reason", "transport", "--db", url)
    assert status == 0, err
    status, _, err = run(capsys, "course", "save", "--course-id", "course-prostate", "--missed", "5", "--db", url)
    assert status == 2 and "fraction 5 was moved; remove the move before marking it missed" in err, err
