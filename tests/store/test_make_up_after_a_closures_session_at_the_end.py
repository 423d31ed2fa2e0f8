"""`book --make-ups` for a session marked missed, made up at the end of the course, when a closure has added a session at
the end since: the make-up goes on the next treatment day after the course's last booked fraction, at the course's time.
Before, it was asked for on the day the course's plan had it, which the closure's session now held ('no machine that can
treat course course-prostate has room on Mon 6 May 2030 near 08:30 ...', exit 2), and could not be booked at all.

The prostate course is booked from Mon 8 Apr 2030 at 08:30 on Linac 1 (20 weekdays, to Fri 3 May); the department
closes Wed 10 Apr (its session goes to Mon 6 May); session 2, Tue 9 Apr, is then marked missed."""

from __future__ import annotations

import json

from .command_line import run
from .reoptimise_scenario import waiting_store

COURSE = "course-prostate"


def test_the_make_up_goes_after_the_closures_session_at_the_end(capsys, store_url: str):
    url = waiting_store(store_url)
    for argv in (["closure", "--date", "2030-04-10", "--reason", "snow"], ["course", "save", "--course-id", COURSE, "--missed", "2"]):
        status, _, err = run(capsys, *argv, "--db", url)
        assert status == 0, err
    status, out, err = run(capsys, "book", "--make-ups", "--course-id", COURSE, "--json", "--db", url)
    assert status == 0, err
    [made] = json.loads(out)["make_ups"]
    assert (made["machine"], made["start"], made["makes_up"]) == ("Linac 1", "2030-05-07T08:30+01:00", "2030-04-09")
    status, out, err = run(capsys, "agenda", "--date", "2030-05-06", "--days", "2", "--machine", "Linac 1", "--json", "--db", url)
    assert status == 0, err
    ends = [(b["start"][:10], b["make_up"]["day"]) for b in json.loads(out)["machines"][0]["bookings"] if b["course_id"] == COURSE]
    assert ends == [("2030-05-06", "2030-04-10"), ("2030-05-07", "2030-04-09")]  # the closure's, then the missed session's
    status, _, err = run(capsys, "book", "--make-ups", "--course-id", COURSE, "--db", url)
    assert (status, err) == (2, "planner: error: --course-id: course course-prostate has no make-up waiting for a booking\n")


def test_two_missed_days_made_up_at_the_end_go_on_the_two_treatment_days_after_it(capsys, tmp_path):
    url = waiting_store(f"sqlite:///{tmp_path / 'department.db'}")
    for argv in (["closure", "--date", "2030-04-10", "--reason", "snow"], ["course", "save", "--course-id", COURSE, "--missed", "2"],
                 ["course", "save", "--course-id", COURSE, "--missed", "3"]):  # session 3 as plan lists it now: Fri 12 Apr
        status, _, err = run(capsys, *argv, "--db", url)
        assert status == 0, err
    status, out, err = run(capsys, "book", "--make-ups", "--course-id", COURSE, "--json", "--db", url)
    assert status == 0, err
    made = json.loads(out)["make_ups"]
    assert [(m["start"], m["makes_up"]) for m in made] == [("2030-05-07T08:30+01:00", "2030-04-09"),
                                                           ("2030-05-08T08:30+01:00", "2030-04-12")]
