"""The night the clocks go back: a time the wall clock shows twice must reach every calendar as the
one instant the planner meant. RFC 5545 reads such a local time as its first run, Mozilla's ical.js
(Thunderbird) as its second, so the file writes those instants in UTC and no reader has to choose."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from planner.core.catalogue import Catalogue
from planner.core.kinds import AppointmentKind
from planner.core.schedule import Schedule
from planner.ics import ExportOptions, compare, export_ics, parse_export
from planner.ics.state import ExportState

from .helpers import plan
from .test_ics import read_vobject

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
EVERY_DAY = frozenset(range(7))
CHANGE_DAY = date(2027, 10, 31)  # Europe/London: 02:00 BST becomes 01:00 GMT


def plan_course(catalogue: Catalogue, at: time) -> Schedule:
    """A prostate course treated every day of the week, at `at`, across the London change."""
    return plan(catalogue, start=date(2027, 10, 25), at=at, tz="Europe/London", days=EVERY_DAY)


def _export(schedule: Schedule, *, prep_events: bool, previous: ExportState | None = None) -> bytes:
    return export_ics(schedule, ExportOptions(course_id="c-1", prep_events=prep_events), now=NOW,
                      patient_name="Ann Lee", previous=previous)


def _events_on_change_day(data: bytes) -> dict[str, tuple[datetime, datetime]]:
    calendar = read_vobject(data)
    out = {}
    for event in calendar.vevent_list:
        start, end = event.dtstart.value, event.dtend.value
        if start.astimezone(UTC).date() in (CHANGE_DAY, CHANGE_DAY - timedelta(days=1)):
            out[event.x_planner_role.value] = (start.astimezone(UTC), end.astimezone(UTC))
    return out


def test_a_session_ending_after_the_clocks_go_back_ends_after_it_starts_for_a_second_parser(catalogue):
    """01:50 (the first, BST) plus 20 minutes is 01:10 GMT: written on the wall clock it reads as
    01:10 BST, forty minutes before the start."""
    schedule = plan_course(catalogue, time(1, 50))
    session = next(a for a in schedule.appointments if a.kind is AppointmentKind.FRACTION and a.start.date() == CHANGE_DAY)
    events = _events_on_change_day(_export(schedule, prep_events=False))
    start, end = events[f"t{session.key.number}"]
    assert (start, end) == (session.start.astimezone(UTC), session.end.astimezone(UTC))
    assert end > start


@pytest.mark.parametrize("at", [time(1, 50), time(2, 10), time(2, 40)])
def test_every_event_on_the_change_night_is_the_planned_instant_for_a_second_parser(catalogue, at):
    """The preparation steps too: 60 minutes before 02:10 GMT is 01:10 GMT, the second 01:10."""
    schedule = plan_course(catalogue, at)
    events = _events_on_change_day(_export(schedule, prep_events=True))
    checked = 0
    for appointment in schedule.appointments:
        role = f"t{appointment.key.number}"
        if role not in events:
            continue
        assert events[role] == (appointment.start.astimezone(UTC), appointment.end.astimezone(UTC)), role
        for reminder_index, reminder in enumerate([r for r in appointment.reminders if r.minutes_before > 0], start=1):
            prep = events.get(f"{role}-p{reminder_index}")
            if prep is None:
                continue
            assert prep[0] == appointment.start.astimezone(UTC) - timedelta(minutes=reminder.minutes_before), prep
            assert prep[1] > prep[0]
            checked += 1
    assert checked >= 2


def test_times_the_clock_shows_once_stay_on_the_course_zone_and_the_update_reads_back(catalogue):
    """Only the repeated hour is written in UTC: the rest keeps TZID (same wall clock before and
    after the change), and the planner reads its own file back to the same instants."""
    schedule = plan_course(catalogue, time(2, 10))
    data = _export(schedule, prep_events=True)
    text = data.decode()
    assert "DTSTART;TZID=Europe/London:20271031T021000" in text
    assert "DTSTART;TZID=Europe/London:20271101T021000" in text
    assert "DTSTART:20271031T011000Z" in text  # the bladder step, 60 minutes before, in the second 01:10
    state = parse_export(data, "back.ics")
    again = _export(schedule, prep_events=True, previous=state).decode()
    assert "SEQUENCE:0" in again and "SEQUENCE:1" not in again  # nothing moved, so nothing is raised


def test_the_planner_reads_a_utc_written_time_back_on_the_course_clock_and_diff_says_it_so(catalogue):
    """`diff` reads the file back: "01:50", as the patient's clock shows it, never 00:50 UTC."""
    before = parse_export(_export(plan_course(catalogue, time(1, 50)), prep_events=False), "old.ics")
    after = parse_export(_export(plan_course(catalogue, time(1, 55)), prep_events=False), "new.ics")
    session = next(e for e in before.events.values() if e.role == "t7")
    assert str(session.start.tzinfo) == "Europe/London" and f"{session.start:%H:%M}" == "01:50"
    assert session.start.astimezone(UTC) == datetime(2027, 10, 31, 0, 50, tzinfo=UTC)
    texts = [change.text for change in compare(before, after)]
    assert "Moved: Radiotherapy 7 of 20, from Sun 31 Oct 2027 01:50 to Sun 31 Oct 2027 01:55" in texts


def test_an_update_cancelling_a_session_in_the_repeated_hour_keeps_its_instant(catalogue):
    """The cancelled event names the time the patient was given, so the phone finds and drops it."""
    previous = parse_export(_export(plan_course(catalogue, time(1, 50)), prep_events=False), "old.ics")
    shorter = plan(catalogue, fractions=6, start=date(2027, 10, 25), at=time(1, 50), tz="Europe/London", days=EVERY_DAY)
    update = _export(shorter, prep_events=False, previous=previous)
    cancelled = {e.x_planner_role.value: e for e in read_vobject(update).vevent_list if e.status.value == "CANCELLED"}
    assert cancelled["t7"].dtstart.value.astimezone(UTC) == datetime(2027, 10, 31, 0, 50, tzinfo=UTC)
    assert cancelled["t7"].dtend.value.astimezone(UTC) == datetime(2027, 10, 31, 1, 10, tzinfo=UTC)
