"""A session a machine's downtime or a closure re-booked says why in the patient's calendar event (and on the printed
sheet and week) in plain words: moved to another time, on another machine, added at the end of the course. Nothing
of diagnosis, site or treatment; a discreet calendar names no cause. Read back with vobject, from the file's own
VTIMEZONE, and with icalendar: every event stands at its booked time, and a changed one's SEQUENCE is raised.

The golden department: Zoë Ångström's prostate course is booked on Linac 1 at 08:30 from Mon 25 Mar 2030."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from icalendar import Calendar

from planner.core.kinds import AppointmentKind
from planner.store.db import Store
from planner.store.db import bookings as db

from ..test_ics import read_vobject
from ..test_printing import pages_text
from .booking_scenario import desk_on
from .command_line import run

LONDON = ZoneInfo("Europe/London")
COURSE = "course-prostate"
TUESDAY = date(2030, 3, 26)
THURSDAY = date(2030, 3, 28)
EXPORTED = datetime(2030, 3, 20, 9, 0, tzinfo=UTC)
MOVED = "Moved: the machine is unavailable at the usual time."
ADDED = "Added at the end of the course: the session of Thu 28 Mar 2030 could not go ahead (the department was closed)."



def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=LONDON)


def rebook(desk) -> None:
    """Both beam-matched linacs down on Tuesday morning (the 08:30 session goes later that day), the department
    closed on Thursday (that session is added at the end of the course)."""
    desk.today = date(2030, 3, 25)
    for machine in ("Linac 1", "Linac 2"):
        desk.machine_down(machine, at(TUESDAY, 8), at(TUESDAY, 9, 30), "beam fault", now=at(date(2030, 3, 25), 7))
    desk.close_department(THURSDAY, THURSDAY, "snow")


def booked_fractions(url: str) -> dict[str, datetime]:
    with Store.open(url) as store, store.engine.connect() as connection:
        return {f"t{b.number}": b.start for b in db.course_bookings(connection, COURSE) if b.kind is AppointmentKind.FRACTION}


def events_by_role(data: bytes) -> dict[str, tuple[datetime, str, int]]:
    """Each treatment event as vobject reads it: (start, description, sequence) by its role code ('t2')."""
    found = {}
    for event in read_vobject(data).vevent_list:
        role = event.contents["x-planner-role"][0].value if "x-planner-role" in event.contents else ""
        description = event.description.value if "description" in event.contents else ""
        found[role] = (event.dtstart.value, description, int(event.sequence.value))
    return found


def test_the_calendar_update_says_why_each_re_booked_session_moved_at_its_booked_time(url):
    with desk_on(url) as desk:
        given = desk.export_calendar(COURSE, now=EXPORTED)
        rebook(desk)
        [update] = desk.calendar_updates([COURSE])
    booked = booked_fractions(url)
    before, after = events_by_role(given), events_by_role(update.ics)
    moved = after["t2"]
    assert moved[0] == booked["t2"] and moved[0].astimezone(LONDON).date() == TUESDAY
    assert moved[0].astimezone(LONDON).time() >= at(TUESDAY, 9, 30).time()  # after the downtime, as booked
    assert moved[1].splitlines()[0] == MOVED
    assert moved[2] == before["t2"][2] + 1
    last = after["t20"]
    assert last[1].splitlines()[0] == ADDED and last[0] == booked["t20"]
    assert last[2] == before["t20"][2] + 1
    # every other session stands at its booked time and says nothing of a move
    for role, start in booked.items():
        assert after[role][0] == start, role
        if role not in ("t2", "t20"):
            assert "Moved" not in after[role][1] and "Added" not in after[role][1]
    assert after["t1"] == before["t1"]  # Monday's session, untouched: the same event, the same SEQUENCE
    # icalendar reads the same instants and words
    events = {str(e.get("X-PLANNER-ROLE")): e for e in Calendar.from_ical(update.ics).walk("VEVENT")}
    assert events["t2"].decoded("DTSTART") == booked["t2"]
    assert str(events["t2"]["DESCRIPTION"]).startswith(MOVED)
    assert str(events["t20"]["DESCRIPTION"]).startswith(ADDED)


def test_a_discreet_calendar_says_it_was_moved_without_the_cause(url):
    with Store.open(url) as store:
        opened = store.load_course(COURSE)
        store.save_course(replace(opened.spec, discreet=True), expected_version=opened.version)
    with desk_on(url) as desk:
        given = desk.export_calendar(COURSE, now=EXPORTED)
        rebook(desk)
        [update] = desk.calendar_updates([COURSE])
    after = events_by_role(update.ics)
    assert after["t2"][1].splitlines()[0] == "Moved from the usual time."
    assert after["t20"][1].splitlines()[0] == "Added at the end: the appointment of Thu 28 Mar 2030 could not go ahead."
    text = update.ics.decode("utf-8").replace("\r\n ", "").lower()
    assert "machine" not in text and "closed" not in text and "radiotherapy" not in text
    assert events_by_role(given)["t2"][0] != after["t2"][0]


def test_the_printed_sheet_and_week_say_it_under_the_session(url, tmp_path, capsys):
    with desk_on(url) as desk:
        rebook(desk)
    sheet, week = tmp_path / "sheet.pdf", tmp_path / "week.pdf"
    assert run(capsys, "print", "--db", url, "--course-id", COURSE, "--layout", "sheet", "-o", str(sheet))[0] == 0
    text = " ".join(pages_text(sheet.read_bytes()))
    assert MOVED in text and ADDED in text
    assert run(capsys, "print", "--db", url, "--course-id", COURSE, "--layout", "week", "-o", str(week))[0] == 0
    weeks = " ".join(pages_text(week.read_bytes()))
    assert "Moved: the machine is" in weeks and "(the department was closed)." in weeks  # whole, not cut off
