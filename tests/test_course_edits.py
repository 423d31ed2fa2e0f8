"""The coordinator's edits (moves, missed sessions and their make-ups), the diff between two
exports, and the reader's handling of each event property, tested at their boundaries."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from planner.core.course import Adjustments, MakeUp, MissedSession
from planner.core.errors import InputError
from planner.core.schedule import suggest_make_up
from planner.ics import ExportFileError, ExportOptions, compare, export_ics, parse_export
from planner.ics.diff import Change
from planner.ics.state import EventState, ExportState, fingerprint

from .helpers import plan

MONDAY = date(2026, 11, 2)


def test_a_weekend_make_up_skips_treatment_days_and_closed_weekend_days():
    base = plan(_catalogue(), fractions=10, start=MONDAY, tz="Europe/Paris", at=time(8, 15),
                days=frozenset(range(6)), closures={date(2026, 11, 8): "service"})  # Saturdays treat; Sunday 8 closed
    when = suggest_make_up(base, date(2026, 11, 4), MakeUp.WEEKEND)
    assert when == datetime(2026, 11, 15, 8, 15, tzinfo=ZoneInfo("Europe/Paris"))
    friday = suggest_make_up(plan(_catalogue(), fractions=10, start=MONDAY, tz="Europe/Paris"), date(2026, 11, 6), MakeUp.WEEKEND)
    assert friday.date() == date(2026, 11, 7) and friday.tzinfo == ZoneInfo("Europe/Paris")


def test_a_same_day_make_up_goes_on_the_next_fraction_or_the_last_one():
    base = plan(_catalogue(), fractions=5, start=MONDAY, tz="UTC")
    assert suggest_make_up(base, date(2026, 11, 3), MakeUp.SAME_DAY) == datetime(2026, 11, 4, 15, 0, tzinfo=ZoneInfo("UTC"))
    assert suggest_make_up(base, date(2026, 11, 6), MakeUp.SAME_DAY) == datetime(2026, 11, 6, 15, 0, tzinfo=ZoneInfo("UTC"))
    with pytest.raises(InputError) as caught:
        suggest_make_up(base, date(2026, 11, 3), MakeUp.END)
    assert (caught.value.field, caught.value.reason) == ("missed", "'end' needs no make-up time: the session is added at the end")


@pytest.mark.parametrize("missed, words", [
    (MissedSession(date(2026, 11, 4)), "missed session (added at the end of the course)"),
    (MissedSession(date(2026, 11, 4), MakeUp.WEEKEND, datetime(2026, 11, 7, 9, 0)),
     "missed session (made up by a weekend session on Sat 7 Nov 2026 09:00)"),
    (MissedSession(date(2026, 11, 4), MakeUp.SAME_DAY, datetime(2026, 11, 5, 15, 0)),
     "missed session (made up by a second session on Thu 5 Nov 2026 15:00)"),
])
def test_a_missed_session_is_listed_with_its_make_up(missed, words):
    schedule = plan(_catalogue(), fractions=5, start=MONDAY, tz="UTC", adjustments=Adjustments(missed=(missed,)))
    assert [p.reason for p in schedule.pushed if p.day == date(2026, 11, 4)] == [words]


def _catalogue():
    from planner.core.catalogue import load_catalogue
    from planner.resources_path import default_catalogue_path

    return load_catalogue(default_catalogue_path())


# ---------------------------------------------------------------- diff
ZONE = ZoneInfo("Europe/Paris")


def event(uid: str, start: datetime, *, summary: str = "Radiotherapy 1 of 5", location: str = "Room 1",
          description: str = "", status: str = "CONFIRMED", role: str = "t1") -> EventState:
    return EventState(uid=uid, role=role, sequence=0, start=start, end=start + timedelta(minutes=20), summary=summary,
                      location=location, description=description, status=status)


def test_the_diff_names_each_kind_of_change_with_its_time():
    nine = datetime(2026, 11, 2, 9, 0, tzinfo=ZONE)
    old = ExportState("c", {
        "moved": event("moved", nine), "renamed": event("renamed", nine + timedelta(days=1)),
        "placed": event("placed", nine + timedelta(days=2)), "noted": event("noted", nine + timedelta(days=3)),
        "gone": event("gone", nine + timedelta(days=4)), "same": event("same", nine + timedelta(days=5)),
        "prep": event("prep", nine, role="t1-p1"), "was-cancelled": event("was-cancelled", nine, status="CANCELLED"),
    })
    new = ExportState("c", {
        "moved": event("moved", nine + timedelta(days=7)), "renamed": event("renamed", nine + timedelta(days=1), summary="Other"),
        "placed": event("placed", nine + timedelta(days=2), location="Room 2"),
        "noted": event("noted", nine + timedelta(days=3), description="Drink water"),
        "same": event("same", nine + timedelta(days=5)), "added": event("added", nine + timedelta(days=6)),
        "prep": event("prep", nine + timedelta(hours=1), role="t1-p1"),
    })
    assert compare(old, new) == [
        Change("changed", nine + timedelta(days=1), "Renamed: Radiotherapy 1 of 5 is now Other, Tue 3 Nov 2026 09:00"),
        Change("changed", nine + timedelta(days=2), "New place: Radiotherapy 1 of 5, Wed 4 Nov 2026 09:00, now 'Room 2'"),
        Change("changed", nine + timedelta(days=3), "New preparation notes: Radiotherapy 1 of 5, Thu 5 Nov 2026 09:00"),
        Change("cancelled", nine + timedelta(days=4), "Cancelled: Radiotherapy 1 of 5, Fri 6 Nov 2026 09:00"),
        Change("added", nine + timedelta(days=6), "Added: Radiotherapy 1 of 5, Sun 8 Nov 2026 09:00"),
        Change("moved", nine + timedelta(days=7),
               "Moved: Radiotherapy 1 of 5, from Mon 2 Nov 2026 09:00 to Mon 9 Nov 2026 09:00"),
    ]


# ---------------------------------------------------------------- reader
def _one_event(lines: str) -> bytes:
    return ("BEGIN:VCALENDAR\r\nPRODID:-//Course Planner//planner 0//EN\r\nX-PLANNER-COURSE-ID:c\r\nBEGIN:VEVENT\r\n"
            f"UID:u1\r\n{lines}END:VEVENT\r\nEND:VCALENDAR\r\n").encode()


def test_the_reader_keeps_every_property_of_an_event():
    raw = _one_event("DTSTART;TZID=Europe/Paris:20261102T090000\r\nDTEND:20261102T082000Z\r\nSEQUENCE:3\r\n"
                     "SUMMARY:Clinic appointment 1 of 5\r\nLOCATION:Room 1\r\nDESCRIPTION:Bring a list\r\n"
                     "STATUS:cancelled\r\nX-PLANNER-ROLE:t1\r\n")
    state = parse_export(raw, "one.ics")
    assert state.events["u1"] == EventState(
        uid="u1", role="t1", sequence=3, start=datetime(2026, 11, 2, 9, 0, tzinfo=ZONE),
        end=datetime(2026, 11, 2, 8, 20, tzinfo=UTC), summary="Clinic appointment 1 of 5", location="Room 1",
        description="Bring a list", status="CANCELLED")
    bare = parse_export(_one_event("DTSTART:20261102T080000Z\r\nDTEND:20261102T082000Z\r\n"), "bare.ics").events["u1"]
    assert (bare.sequence, bare.status, bare.summary, bare.location, bare.description, bare.role) == (0, "CONFIRMED", "", "", "", "")


@pytest.mark.parametrize("lines, message", [
    ("DTSTART:20261102T090000Z\r\nDTEND:20261102T092000Z\r\nSEQUENCE:x\r\n", "one.ics: event u1 has a malformed SEQUENCE"),
    ("DTSTART;VALUE=DATE:20261102\r\nDTEND:20261102T092000Z\r\n", "one.ics: event u1 has an all-day date; not an export of this planner"),
    ("DTSTART:20261102T090000\r\nDTEND:20261102T092000Z\r\n",
     "one.ics: event u1 has no time zone on its times; not an export of this planner"),
    ("DTSTART:20261102T090000Z\r\nDTEND:20261102T092000\r\n",
     "one.ics: event u1 has no time zone on its times; not an export of this planner"),
])
def test_the_reader_refuses_a_damaged_event_naming_it(lines, message):
    with pytest.raises(ExportFileError) as caught:
        parse_export(_one_event(lines), "one.ics")
    assert str(caught.value) == message


def test_reading_a_missing_file_names_it(tmp_path):
    from planner.ics import read_export

    missing = tmp_path / "gone.ics"
    with pytest.raises(ExportFileError) as caught:
        read_export(missing)
    assert str(caught.value) == f"{missing}: cannot open (No such file or directory)"
    written = tmp_path / "ok.ics"
    written.write_bytes(_one_event("DTSTART:20261102T090000Z\r\nSEQUENCE:x\r\nDTEND:20261102T092000Z\r\n"))
    with pytest.raises(ExportFileError, match=f"^{written}: event u1"):
        read_export(written)


def test_the_fingerprint_compares_instants_not_wall_clocks():
    paris = datetime(2026, 11, 2, 9, 0, tzinfo=ZONE)
    utc = paris.astimezone(UTC)
    assert fingerprint(paris, paris, "s", "l", "d", "CONFIRMED") == fingerprint(utc, utc, "s", "l", "d", "CONFIRMED")
    assert fingerprint(paris, paris, "s", "l", "d", "CONFIRMED")[:2] == ("2026-11-02T08:00:00+00:00",) * 2


def test_prep_events_in_a_plain_export_are_filed_as_preparation_without_a_place(catalogue):
    schedule = plan(catalogue, site="prostate", fractions=1, start=MONDAY, at=time(8, 30), tz="Europe/Paris")
    data = export_ics(schedule, ExportOptions(course_id="c", location="Room 1", prep_events=True),
                      now=datetime(2026, 11, 1, tzinfo=UTC)).decode()
    prep = data.split("BEGIN:VEVENT")[1]  # the earliest: drink water an hour before
    assert "CATEGORIES:Radiotherapy,Preparation" in prep and "LOCATION" not in prep
    assert "DTSTART;TZID=Europe/Paris:20261102T073000" in prep and "DTEND;TZID=Europe/Paris:20261102T074000" in prep
