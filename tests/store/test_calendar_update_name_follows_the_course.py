"""A calendar update's file is named by the course, not by its first appointment's day: when a re-booking moves the
first session, the next update replaces the one written before in the same folder (mode 0600), rather than landing
beside it under a new name for a coordinator to send the stale one; another course's file is never written over."""

from __future__ import annotations

import stat
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from planner.app.booking import Relocation
from planner.core.kinds import AppointmentKind
from planner.ics import parse_export

from .booking_scenario import desk_on

LONDON = ZoneInfo("Europe/London")
COURSE = "course-prostate"



def first_fraction_to(url: str, when: datetime) -> None:
    """The course's first fraction moved to `when` (on its own machine): a re-booking that moves its first day."""
    with desk_on(url) as desk:
        first = desk.first_booked(COURSE)
        assert first is not None and first.kind is AppointmentKind.FRACTION and first.number == 1
        desk.move(COURSE, [Relocation(first.kind, first.number, first.machine, when)])


def first_day_in(ics: bytes) -> str:
    state = parse_export(ics, "update")
    return min(e.start for e in state.events.values() if not e.is_preparation).astimezone(LONDON).date().isoformat()


def test_two_updates_of_a_course_whose_first_session_moved_leave_one_file_with_the_newer_calendar(url, tmp_path):
    with desk_on(url) as desk:
        desk.export_calendar(COURSE, now=datetime(2030, 3, 1, tzinfo=UTC))
    folder = tmp_path / "updates"
    folder.mkdir()

    first_fraction_to(url, datetime(2030, 3, 22, 16, 0, tzinfo=LONDON))  # Friday before the course's Monday start
    with desk_on(url) as desk:
        (earlier,) = desk.write_outdated(folder)
    assert earlier.written is not None and first_day_in(earlier.written.read_bytes()) == "2030-03-22"

    first_fraction_to(url, datetime(2030, 3, 21, 16, 0, tzinfo=LONDON))  # and again, a day earlier still
    with desk_on(url) as desk:
        (newer,) = desk.write_outdated(folder)
    assert newer.written == earlier.written  # the same name: the stale update does not stay beside it
    assert list(folder.iterdir()) == [newer.written]
    assert newer.written.read_bytes() == newer.ics != earlier.ics
    assert first_day_in(newer.written.read_bytes()) == "2030-03-21"
    assert stat.S_IMODE(newer.written.stat().st_mode) == 0o600
    assert "prostate" not in newer.written.name and "2030" not in newer.written.name

