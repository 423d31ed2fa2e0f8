"""A zone whose standard offset changes once during a course, with no other change for years before
(Moscow went from UTC+4 to UTC+3 for good on 26 Oct 2014): the VTIMEZONE must also say which offset
held before that change, or a second parser has no rule for the first weeks of the course (vobject
read them an hour early, ical.js as UTC)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from planner.ics import ExportOptions, export_ics
from planner.ics.vtimezone import vtimezone

from .helpers import plan
from .test_ics import read_vobject

NOW = datetime(2014, 9, 1, 12, 0, tzinfo=UTC)


def test_every_session_of_a_course_across_a_lasting_offset_change_reads_at_its_instant(catalogue):
    schedule = plan(catalogue, start=date(2014, 10, 13), at=time(9, 0), tz="Europe/Moscow", holidays=None)
    data = export_ics(schedule, ExportOptions(course_id="c-1"), now=NOW, patient_name="Ivan Petrov")
    read = {event.x_planner_role.value: event.dtstart.value for event in read_vobject(data).vevent_list}
    checked = 0
    for appointment in schedule.fractions:
        assert read[f"t{appointment.key.number}"].astimezone(UTC) == appointment.start.astimezone(UTC), appointment.key
        assert read[f"t{appointment.key.number}"].strftime("%H:%M") == "09:00"
        checked += 1
    assert checked == 20


def test_the_offset_before_the_first_change_in_range_is_written():
    from zoneinfo import ZoneInfo

    block = vtimezone(ZoneInfo("Europe/Moscow"), datetime(2014, 10, 13, 5, tzinfo=UTC), datetime(2014, 11, 7, 5, tzinfo=UTC))
    observances = [(o.decoded("TZOFFSETTO"), o.decoded("DTSTART")) for o in block.subcomponents]
    assert {to for to, _ in observances} == {timedelta(hours=4), timedelta(hours=3)}
    first_to, first_start = min(observances, key=lambda o: o[1])
    assert first_to == timedelta(hours=4) and first_start < datetime(2013, 10, 13)  # in force well before the course
