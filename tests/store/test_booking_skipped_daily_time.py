"""A daily time the clocks skip is booked where the course's plan (and the patient's calendar exported
before booking) puts it: London's 01:30 on the night the clocks go forward is 02:30, with the plan's
warning. Regression: the engine booked it at the jump (02:00), so booking moved the patient's
session by half an hour with nothing said."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from .test_booking_clock_change_nights import EVERY_DAY, _department, _hours, run_ok

ZONE = "Europe/London"


def test_booking_keeps_the_planned_instant_of_a_skipped_daily_time(capsys, tmp_path: Path):
    url = _department(capsys, tmp_path, ZONE, [("Linac 1", _hours("00:00-23:59"))])
    course_id = run_ok(capsys, "course", "save", "--site", "rectum", "--preset", "5-daily", "--start", "2027-03-26",
                       "--time", "01:30", "--tz", ZONE, "--days", ",".join(EVERY_DAY), "--patient", "Night Patient",
                       "--patient-id", "N0001", "--db", url).strip()
    planned = json.loads(run_ok(capsys, "plan", "--course-id", course_id, "--db", url, "--json"))
    planned_starts = [datetime.fromisoformat(a["start"]) for a in planned["appointments"] if a["kind"] == "fraction"]
    assert any("01:30 does not exist" in w for w in planned["warnings"]), planned["warnings"]
    booked = json.loads(run_ok(capsys, "book", "--course-id", course_id, "--earliest", "2027-03-26", "--prefer-time", "01:30",
                               "--db", url, "--json"))
    booked_starts = [datetime.fromisoformat(a["start"]) for a in booked["appointments"] if a["kind"] == "fraction"]
    assert booked_starts == planned_starts
    night = next(s for s in booked_starts if s.date().isoformat() == "2027-03-28")
    assert night.isoformat(timespec="minutes") == "2027-03-28T02:30+01:00"
