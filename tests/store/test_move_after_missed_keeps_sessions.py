"""A booked course with a day marked missed, then `course save --move N=...` of a later session onto the next
session's day: the bookings keep their times (as for any booked course, said on stderr), and each keeps giving its
session. Before, the bookings were matched to the plan's sessions in the plan's time order, which the move had
changed: the booking of session 5 gave session 6, the next one session 5, and the course read 1, 2, 3, 4, 6, 5, 7.

The golden department: Zoë Ångström's prostate course on Linac 1 at 08:30 from Mon 25 Mar 2030; session 3 on
Wed 27 Mar is marked missed (made up at the end), so session 5 is Mon 1 Apr and session 6 Tue 2 Apr."""

from __future__ import annotations

import json

from .booking_scenario import stock
from .command_line import run

COURSE = "course-prostate"


def _agenda(capsys, url: str) -> list[dict[str, object]]:
    status, out, err = run(capsys, "agenda", "--date", "2030-03-25", "--days", "14", "--machine", "Linac 1", "--json",
                           "--db", url)
    assert status == 0, err
    return [b for b in json.loads(out)["machines"][0]["bookings"] if b["course_id"] == COURSE and b["kind"] == "fraction"]


def _plan(capsys, url: str) -> dict[str, object]:
    status, out, err = run(capsys, "plan", "--course-id", COURSE, "--json", "--db", url)
    assert status == 0, err
    return json.loads(out)


def test_moving_a_session_after_a_missed_day_keeps_every_booking_giving_its_session(capsys, store_url: str):
    url = stock(store_url)
    status, _, err = run(capsys, "book", "--course-id", COURSE, "--earliest", "2030-03-25", "--prefer-time", "08:30",
                         "--db", url)
    assert status == 0, err
    status, _, err = run(capsys, "course", "save", "--course-id", COURSE, "--missed", "3", "--db", url)
    assert status == 0, err
    before = {b["number"]: b["start"] for b in _agenda(capsys, url)}

    status, _, err = run(capsys, "course", "save", "--course-id", COURSE, "--move", "5=2030-04-02T13:00", "--db", url)
    assert status == 0, err
    assert "1 booked appointment keeps the booked time" in err

    booked = _agenda(capsys, url)
    assert {b["number"]: b["start"] for b in booked} == before  # no booking moved, none lost or added
    missed = [b for b in booked if b.get("missed")]
    assert [(b["number"], b["start"], b.get("released")) for b in missed] == [(3, "2030-03-27T08:30+00:00", True)]
    sessions = [b.get("session", b["number"]) for b in booked if not b.get("missed")]
    assert sessions == list(range(1, len(sessions) + 1))  # 1, 2, 3, 4, 5, 6, ... in time order: none twice, none lost
    assert next(b["start"] for b in booked if b.get("session") == 5) == "2030-04-01T08:30+01:00"

    plan = _plan(capsys, url)
    fractions = [a for a in plan["appointments"] if a["kind"] == "fraction"]
    assert [a["number"] for a in fractions] == list(range(1, 21))  # in time order, as booked
    assert [a["start"][:10] for a in fractions[3:6]] == ["2030-03-29", "2030-04-01", "2030-04-02"]
    assert [m["date"] for m in plan["missed"]] == ["2030-03-27"]
    status, out, err = run(capsys, "course", "show", COURSE, "--json", "--db", url)
    assert status == 0, err
    stored = json.loads(out)["course"]["adjustments"]
    assert [(m["appointment"], m["start"]) for m in stored["moves"]] == [("fraction-5", "2030-04-02T13:00")]
    assert [m["date"] for m in stored["missed"]] == ["2030-03-27"]
