"""A patient given a discreet calendar (`export --course-id --discreet`, or the window's discreet
export) is owed a discreet update: after cancelling the course (or a re-booking), the update that
`calendar-updates --write-updates` writes names no treatment, machine or clinic, as the calendar on
the patient's phone did not; it named "Radiotherapy 1 of 20" and "Linac 1"."""

from __future__ import annotations

from planner.ics import parse_export

from .booking_scenario import place_bookings, stock
from .command_line import run

COURSE = "course-prostate"
TELLING = ("Radiotherapy", "Prostate", "prostate", "Linac", "Riverside", "Cancer", "IGRT", "Treatment")


def test_the_update_of_a_discreet_calendar_stays_discreet(capsys, tmp_path):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    place_bookings(url)
    given = tmp_path / "given.ics"
    assert run(capsys, "export", "--db", url, "--course-id", COURSE, "--discreet", "-o", str(given))[0] == 0
    assert parse_export(given.read_bytes(), "given").discreet
    assert run(capsys, "course", "cancel", "--db", url, "--course-id", COURSE)[0] == 0
    folder = tmp_path / "updates"
    folder.mkdir()
    status, _, err = run(capsys, "calendar-updates", "--db", url, "--write-updates", str(folder))
    assert status == 0, err
    (update,) = folder.iterdir()
    text = update.read_text(encoding="utf-8").replace(f"{COURSE}@", "").replace(f"COURSE-ID:{COURSE}", "")  # the test's own ids
    assert not [word for word in TELLING if word in text]
    state = parse_export(update.read_bytes(), "update")
    assert state.discreet and state.events and all(e.status == "CANCELLED" for e in state.events.values())


def test_a_plain_calendar_is_updated_plainly(capsys, tmp_path):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    place_bookings(url)
    given = tmp_path / "given.ics"
    assert run(capsys, "export", "--db", url, "--course-id", COURSE, "-o", str(given))[0] == 0
    assert not parse_export(given.read_bytes(), "given").discreet
    assert run(capsys, "course", "cancel", "--db", url, "--course-id", COURSE)[0] == 0
    folder = tmp_path / "updates"
    folder.mkdir()
    assert run(capsys, "calendar-updates", "--db", url, "--write-updates", str(folder))[0] == 0
    (update,) = folder.iterdir()
    assert "Radiotherapy 1 of 20" in update.read_text(encoding="utf-8")
