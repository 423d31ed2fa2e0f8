"""A patient given a calendar with preparation events (`export --prep-events`, or the window's "Preparation
steps as their own events", for Google Calendar, which drops imported alarms) keeps them in the department's
updates: `machine-down --write-updates` (and `closure`, `calendar-updates`) wrote the update without them, so
every "Empty your bladder, then drink..." event on the patient's phone became CANCELLED, and the steps
of a moved fraction were never given at its new time."""

from __future__ import annotations

from datetime import timedelta

from planner.ics import parse_export
from planner.ics.state import of_course

from .booking_scenario import place_bookings, stock
from .command_line import run

COURSE = "course-prostate"  # on Linac 1 at 08:30; fraction 7 on Tue 2 April 2030


def test_a_machine_down_update_keeps_the_preparation_events_and_moves_them_with_their_session(capsys, tmp_path):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    place_bookings(url)
    given = tmp_path / "given.ics"
    assert run(capsys, "export", "--db", url, "--course-id", COURSE, "--prep-events", "-o", str(given))[0] == 0
    first = parse_export(given.read_bytes(), "given")
    assert [e for e in first.events.values() if e.is_preparation and e.status == "CONFIRMED"]
    folder = tmp_path / "updates"
    folder.mkdir()
    status, _, err = run(capsys, "machine-down", "Linac 1", "--db", url, "--from", "2030-04-02T07:00", "--to", "2030-04-02T19:00",
                         "--reason", "beam fault", "--write-updates", str(folder), "--json")
    assert status == 0, err
    (update,) = [f for f in folder.iterdir() if of_course(parse_export(f.read_bytes(), f.name), COURSE)]
    state = parse_export(update.read_bytes(), "update")
    sessions = {e.role: e for e in state.events.values() if not e.is_preparation and not e.is_missed and e.status == "CONFIRMED"}
    steps = {e.role: e for e in state.events.values() if e.is_preparation}
    assert [role for role, e in steps.items() if e.status == "CANCELLED"] == []
    moved = [role for role, e in sessions.items() if first.events[e.uid].start != e.start]
    assert moved  # the downtime moved some of the course's sessions
    for role, session in sessions.items():
        own = [e for r, e in steps.items() if r.startswith(f"{role}-p")]
        assert own == [] or all(timedelta(0) < session.start - e.start <= timedelta(hours=3) for e in own), role
    for role in moved:
        assert [r for r in steps if r.startswith(f"{role}-p")], role  # its steps come with it, at its new time
