"""`course show` says when each change was made on the course's clock, as `agenda` and `department show` say when a
downtime was recorded (the JSON keeps UTC): a coordinator in Brussels read 00:47 for a booking made at 01:47."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from .command_line import run

BRUSSELS = ZoneInfo("Europe/Brussels")


def test_the_history_is_shown_on_the_courses_clock(capsys, tmp_path):
    url = f"sqlite:///{tmp_path / 'desk.db'}"
    status, out, err = run(capsys, "course", "save", "--db", url, "--site", "prostate", "--preset", "20-daily",
                           "--start", "2030-04-01", "--patient", "Ann Smith", "--patient-id", "H1", "--tz", "Europe/Brussels",
                           "--json")
    assert status == 0, err
    course = json.loads(out)["course_id"]
    status, out, err = run(capsys, "course", "show", course, "--db", url)
    assert status == 0, err
    saved = datetime.fromisoformat(out.splitlines()[1].rsplit(" at ", 1)[1])
    created = datetime.fromisoformat(next(line for line in out.splitlines() if "(created)" in line).split()[0])
    for moment in (saved, created):
        assert moment.utcoffset() == moment.astimezone(BRUSSELS).utcoffset() != timedelta(0), out
    status, out, _ = run(capsys, "course", "show", course, "--db", url, "--json")
    assert datetime.fromisoformat(json.loads(out)["updated_at"]) == saved  # the same instant, said in UTC
