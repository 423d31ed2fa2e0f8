"""`reopen --move-back` names every session by one numbering, the course's once the sessions go back: a session that
stays at the end of a course is its 20th again once another added at the end went back, as `moved_back` numbers the
session it moves back. Before, `moved_back` said the number after the move ("fraction 3") while `stayed` and
`still_moved` said the one before ("fraction 19"), so one answer mixed two numberings and a session that stays was
not found by its number in the course afterwards."""

from __future__ import annotations

import json

from .booking_scenario import stock
from .command_line import run


def test_moved_back_stayed_and_still_moved_use_the_course_numbering_after_the_move_back(capsys, tmp_path):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    assert run(capsys, "book", "--course-id", "course-prostate", "--earliest", "2030-03-25", "--db", url)[0] == 0
    status, _, err = run(capsys, "closure", "--date", "2030-03-27", "--days", "2", "--reason", "snow", "--db", url)
    assert status == 0, err  # Wed 27 and Thu 28 Mar added at the end: fractions 19 (Mon 22 Apr) and 20 (Tue 23 Apr)
    status, _, err = run(capsys, "machine-down", "Linac 1", "--from", "2030-03-27T08:00", "--to", "2030-03-27T10:00",
                         "--reason", "fault", "--db", url)
    assert status == 0, err  # Wed 27 Mar's slot cannot be had back
    status, out, err = run(capsys, "reopen", "--date", "2030-03-27", "--days", "2", "--move-back", "--dry-run", "--json",
                           "--db", url)
    assert status == 0, err
    answer = json.loads(out)
    (back,) = answer["moved_back"]
    (stayed,) = answer["stayed"]
    (still,) = answer["still_moved"]
    assert (back["number"], back["to"]["start"][:10]) == (3, "2030-03-28")
    assert (stayed["number"], stayed["at"]["start"][:10]) == (20, "2030-04-22")
    assert (still["number"], still["at"]["start"][:10]) == (20, "2030-04-22")
    # done, the course numbers them so
    assert run(capsys, "reopen", "--date", "2030-03-27", "--days", "2", "--move-back", "--db", url)[0] == 0
    status, out, err = run(capsys, "agenda", "--date", "2030-04-22", "--json", "--db", url)
    assert status == 0, err
    numbers = [b["number"] for m in json.loads(out)["machines"] for b in m["bookings"] if b["course_id"] == "course-prostate"]
    assert numbers == [20]
