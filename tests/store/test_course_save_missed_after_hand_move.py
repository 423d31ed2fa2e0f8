"""`course save --missed N` (and `--not-missed N`) on a booked course with a later session moved by hand (`move`):
nothing the save changes is off its booking, so nothing is said about booked times. Before, the booking's own moves
were matched to the course's sessions as numbered before the mark, so after it the hand-moved booking of session 5
read as session 4's move: stderr warned "2 booked appointments keep the booked time, not the one saved" though every
booking still gave its session where the course has it.

The golden department: Zoë Ångström's prostate course on Linac 1 at 08:30 from Mon 25 Mar 2030 (London)."""

from __future__ import annotations

from pathlib import Path

from .booking_scenario import stock
from .command_line import run

COURSE = "course-prostate"


def test_a_missed_mark_and_its_taking_back_say_no_booking_is_off_after_a_hand_move(capsys, tmp_path: Path):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    status, _, err = run(capsys, "book", "--course-id", COURSE, "--earliest", "2030-03-25", "--prefer-time", "08:30",
                         "--db", url)
    assert status == 0, err
    status, _, err = run(capsys, "move", "--course-id", COURSE, "--session", "5", "--to", "2030-03-29T14:00", "--db", url)
    assert status == 0, err

    status, _, err = run(capsys, "course", "save", "--course-id", COURSE, "--missed", "3", "--db", url)
    assert status == 0, err
    assert "keep the booked time" not in err and "keeps the booked time" not in err
    assert "has no booking yet" in err  # the make-up at the end still needs booking: that is said

    status, _, err = run(capsys, "course", "save", "--course-id", COURSE, "--not-missed", "3", "--db", url)
    assert status == 0, err
    assert err == ""

    # A move the bookings do not follow is still said, once.
    status, _, err = run(capsys, "course", "save", "--course-id", COURSE, "--move", "7=2030-04-02T15:00", "--db", url)
    assert status == 0, err
    assert "1 booked appointment keeps the booked time" in err


def test_a_missed_mark_on_a_course_booked_to_start_later_than_planned_says_no_booking_is_off(capsys, tmp_path: Path):
    """Planned from Mon 25 Mar, booked from Wed 27 Mar, a day's session then re-booked to the end by downtime: the save
    read the course at its booking's first day and compared it with the course as stored, from its planned one, so the
    bookings the downtime had put off the plan read as moved by the save (a twice-daily course in a fresh-eyes trial:
    '20 booked appointments keep the booked time, not the one saved')."""
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    status, _, err = run(capsys, "book", "--course-id", COURSE, "--earliest", "2030-03-27", "--prefer-time", "08:30",
                         "--db", url)
    assert status == 0, err
    for machine in ("Linac 1", "Linac 2"):  # its group down for a day: that day's session goes to the end of the course
        status, _, err = run(capsys, "machine-down", machine, "--from", "2030-04-02T00:00", "--to", "2030-04-03T00:00",
                             "--db", url)
        assert status == 0, err
    status, _, err = run(capsys, "course", "save", "--course-id", COURSE, "--missed", "10", "--db", url)
    assert status == 0, err
    assert "keep the booked time" not in err and "keeps the booked time" not in err, err
    assert "has no booking yet" in err
