"""Cross-check of the department's calendar update with the department's own day list: after a machine
goes down, the update `machine-down --write-updates` writes, read by a second parser (vobject, from the
file's own VTIMEZONE), shows every booked appointment of the patient where `agenda --json` books it, on
the patient's clock, across the clock change of 31 March 2030, with the machine it is booked on; and
nothing the agenda does not hold."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from ..test_ics import read_vobject
from .booking_scenario import place_bookings, stock
from .command_line import run

COURSE = "course-prostate"  # 20 fractions on Linac 1 at 08:30 London, 25 March to 19 April 2030
LONDON = ZoneInfo("Europe/London")
CODES = {"simulation": "s", "fraction": "t", "review": "r", "follow-up": "f"}


def agenda_of(capsys, url: str) -> dict[str, tuple[datetime, datetime, str]]:
    """The course's bookings in the agenda, by role code ("t7"): start, end and machine."""
    found = {}
    for first in ("2030-03-18", "2030-04-18"):
        status, out, err = run(capsys, "agenda", "--db", url, "--date", first, "--days", "31", "--json")
        assert status == 0, err
        for machine in json.loads(out)["machines"]:
            for booking in machine["bookings"]:
                if booking["course_id"] == COURSE:
                    found[f"{CODES[booking['kind']]}{booking['number']}"] = (
                        datetime.fromisoformat(booking["start"]), datetime.fromisoformat(booking["end"]), machine["name"])
    return found


def test_the_machine_down_update_shows_every_appointment_where_the_agenda_books_it(capsys, tmp_path):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    place_bookings(url)
    assert run(capsys, "export", "--db", url, "--course-id", COURSE, "-o", str(tmp_path / "given.ics"))[0] == 0
    folder = tmp_path / "updates"
    folder.mkdir()
    status, out, err = run(capsys, "machine-down", "Linac 1", "--db", url, "--from", "2030-04-01T07:00", "--to", "2030-04-02T19:00",
                           "--reason", "beam fault", "--write-updates", str(folder), "--json")
    assert status == 0, err
    (written,) = [c["written"] for c in json.loads(out)["calendars"] if c["course_id"] == COURSE]
    booked = agenda_of(capsys, url)
    assert len(booked) == 20 and len({machine for *_, machine in booked.values()}) == 2  # some went to the twin
    events = {e.x_planner_role.value: e for e in read_vobject(Path(written).read_bytes()).vevent_list
              if e.status.value == "CONFIRMED" and e.x_planner_role.value[0] in "st"}
    assert set(events) == set(booked)
    offsets = set()
    for role, (start, end, machine) in booked.items():
        event = events[role]
        for value, when in ((event.dtstart.value, start), (event.dtend.value, end)):
            assert "tzicalvtz" in type(value.tzinfo).__name__  # read from the file's VTIMEZONE, not a zone database
            assert value.astimezone(UTC) == when.astimezone(UTC), role
            assert value.strftime("%Y-%m-%d %H:%M") == when.astimezone(LONDON).strftime("%Y-%m-%d %H:%M"), role
        assert machine in event.location.value, role
        offsets.add(event.dtstart.value.utcoffset())
    assert len(offsets) == 2  # the course crosses the clock change
