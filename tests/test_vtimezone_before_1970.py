"""A course before 1970 (the planner takes dates from 1900): the VTIMEZONE's observances began in 1970
(the fallback for a zone with no change near the course, and the yearly rules' origin), after every
appointment. RFC 5545 gives such a time no offset: Mozilla's ical.js (Thunderbird) read New York's
08:30 in January 1900 as 08:30 UTC, 03:30 on the patient's clock. An observance must be in force
from before the first appointment."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from planner.ics import ExportOptions, export_ics
from planner.ics.vtimezone import vtimezone

from .helpers import plan

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(("zone", "start"), [("America/New_York", date(1900, 1, 8)), ("Asia/Tokyo", date(1960, 6, 6)),
                                             ("Europe/Berlin", date(1969, 3, 3)), ("America/New_York", date(2026, 11, 23))])
def test_every_appointment_starts_after_the_first_observance_of_its_zone(catalogue, zone, start):
    schedule = plan(catalogue, start=start, at=time(8, 30), tz=zone, holidays=None)
    calendar = Calendar.from_ical(export_ics(schedule, ExportOptions(course_id="c-1"), now=NOW, patient_name="Ann Old"))
    (block,) = calendar.walk("VTIMEZONE")
    first = min(o.decoded("DTSTART") for o in block.subcomponents)  # local wall-clock time, as the file writes it
    starts = [e.decoded("DTSTART").replace(tzinfo=None) for e in calendar.walk("VEVENT")]
    assert len(starts) == len(schedule.appointments) and min(starts) >= first


def test_the_observance_in_force_reads_each_instant_at_the_zones_offset():
    """Read as a client reads it: the last observance onset at or before the local time gives the offset."""
    zone = ZoneInfo("America/New_York")
    moment = datetime(1900, 1, 8, 8, 30, tzinfo=zone)
    block = vtimezone(zone, moment, moment + timedelta(days=30))
    onsets = sorted((o.decoded("DTSTART"), o.decoded("TZOFFSETTO")) for o in block.subcomponents)
    in_force = [offset for onset, offset in onsets if onset <= moment.replace(tzinfo=None)]
    assert in_force and in_force[-1] == moment.utcoffset()
