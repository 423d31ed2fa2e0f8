"""The department closed (snow) on a day a booked session is marked missed in advance: the closure is recorded, and
the session's booking, released (it holds no machine time), stays as the record of that day. Before, the closure's
last check took the record for a booking made meanwhile and refused, every time: 're-booking lost: Linac 1 was taken
Wed 27 Mar 2030 08:30-08:50 by another booking; the closure was not recorded, run closure again'.

The golden department: Zoë Ångström's prostate course on Linac 1 at 08:30 from Mon 25 Mar 2030; session 3, Wed 27 Mar,
marked missed."""

from __future__ import annotations

import json

from .command_line import run
from .test_missed_releases_machine_time import COURSE, WEDNESDAY, booked, fraction_on


def test_a_closure_on_a_day_marked_missed_is_recorded_and_keeps_the_record(capsys, store_url: str):
    url = booked(capsys, store_url)
    status, _, err = run(capsys, "course", "save", "--course-id", COURSE, "--missed", "3", "--db", url)
    assert status == 0, err
    record = fraction_on(url, COURSE, WEDNESDAY)
    assert record.released

    status, out, err = run(capsys, "closure", "--date", WEDNESDAY.isoformat(), "--reason", "snow", "--json", "--db", url)
    assert status == 0, err
    assert json.loads(out)["closed"] == [{"date": WEDNESDAY.isoformat(), "reason": "snow"}]
    assert fraction_on(url, COURSE, WEDNESDAY) == record  # the record of the day, as it was
    status, out, err = run(capsys, "department", "show", "--json", "--db", url)
    assert status == 0, err
    assert WEDNESDAY.isoformat() in out
