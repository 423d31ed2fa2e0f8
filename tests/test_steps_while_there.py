"""A timed step that would fall once the patient is in the department for an earlier appointment of the same
visit is left out everywhere (list, prints, calendar alarms); steps before the visit, and another trip's, stay."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from planner.core.catalogue import PrepReminder
from planner.core.kinds import AppointmentKind
from planner.core.schedule import Appointment, steps_while_there_left_out
from planner.ics import ExportOptions, export_ics

from .helpers import plan

LONDON = ZoneInfo("Europe/London")
ARRIVE = PrepReminder("Arrive about 15 minutes early.", 15, frozenset(AppointmentKind), "Arrive about 15 minutes early.")
DAY_BEFORE = PrepReminder("Bring your medicines list.", 1440, frozenset(AppointmentKind), "Bring your medicines list.")
NOTE = PrepReminder("Wear loose clothing.", 0, frozenset(AppointmentKind), "Wear loose clothing.")


def at(hour: int, minute: int = 0) -> datetime:
    return datetime(2027, 3, 30, hour, minute, tzinfo=LONDON)


def appointment(kind: AppointmentKind, start: datetime, minutes: int) -> Appointment:
    return Appointment(kind, 1, 1, start, start + timedelta(minutes=minutes), (DAY_BEFORE, ARRIVE, NOTE))


def test_a_review_straight_after_the_session_keeps_the_day_before_and_the_note_not_arrive_early():
    session = appointment(AppointmentKind.FRACTION, at(8, 30), 20)
    review = appointment(AppointmentKind.REVIEW, at(8, 50), 15)
    kept = steps_while_there_left_out([session, review])
    assert kept[0] == session
    assert kept[1].reminders == (DAY_BEFORE, NOTE)


def test_another_trip_the_same_day_keeps_every_step():
    morning = appointment(AppointmentKind.FRACTION, at(8, 30), 20)
    afternoon = appointment(AppointmentKind.FRACTION, at(9, 21), 20)  # 31 minutes after the morning's end
    assert steps_while_there_left_out([morning, afternoon])[1].reminders == (DAY_BEFORE, ARRIVE, NOTE)
    soon = appointment(AppointmentKind.FRACTION, at(9, 20), 20)  # 30 minutes: the same visit
    assert steps_while_there_left_out([morning, soon])[1].reminders == (DAY_BEFORE, NOTE)


def test_the_list_print_and_calendar_of_a_course_with_reviews_agree(catalogue):
    schedule = plan(catalogue, site="prostate", fractions=10, start=date(2026, 11, 2), at=time(8, 30), tz="UTC", review_weekday=1)
    review = next(a for a in schedule.appointments if a.kind is AppointmentKind.REVIEW)
    assert not any(r.minutes_before > 0 for r in review.reminders)
    text = export_ics(schedule, ExportOptions(course_id="5f0c7d4e-0000-4000-8000-000000000009"),
                      now=datetime(2026, 11, 1, tzinfo=ZoneInfo("UTC"))).decode()
    review_event = text[text.index("UID:r1."):]
    review_event = review_event[:review_event.index("END:VEVENT")]
    assert "VALARM" not in review_event  # neither its arrive-early step nor a 2-hour alarm 20 minutes after the session's
