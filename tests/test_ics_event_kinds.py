"""What each kind of event in an .ics export says to a calendar: its categories, whether it blocks
time (TRANSP), its status; prep steps that would overlap an earlier appointment; and when the
time-zone block uses yearly rules rather than one block per change."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from planner.core.catalogue import PrepReminder
from planner.core.course import Adjustments, MissedSession, Phase
from planner.core.errors import InputError
from planner.core.kinds import AppointmentKey, AppointmentKind, Pattern
from planner.ics import ExportOptions, appointment_uid, export_ics, parse_export
from planner.ics.vtimezone import YearlyRule, _observances, transitions, vtimezone

from .helpers import plan

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
COURSE_ID = "5f0c7d4e-0000-4000-8000-000000000002"


def events(data: bytes) -> dict[str, object]:
    """The file's events by UID."""
    return {str(e["uid"]): e for e in Calendar.from_ical(data).walk("VEVENT")}


def categories(event) -> str:
    return event["categories"].to_ical().decode()


def full_course(catalogue):
    missed = Adjustments(missed=(MissedSession(date(2026, 11, 4), reason="transport"),))
    return plan(catalogue, site="prostate", fractions=5, start=date(2026, 11, 2), at=time(8, 30),
                simulation=datetime(2026, 10, 26, 9, 0), review_weekday=1, follow_up_weeks=4, adjustments=missed)


def test_each_kind_of_event_has_its_own_categories_and_blocks_time_unless_cancelled(catalogue):
    schedule = full_course(catalogue)
    found = events(export_ics(schedule, ExportOptions(course_id=COURSE_ID, prep_events=True), now=NOW))
    by_kind = {
        AppointmentKind.SIMULATION: "Radiotherapy,Planning scan",
        AppointmentKind.FRACTION: "Radiotherapy,Treatment",
        AppointmentKind.REVIEW: "Radiotherapy,Review",
        AppointmentKind.FOLLOW_UP: "Radiotherapy,Follow-up",
    }
    seen = set()
    for appointment in schedule.appointments:
        event = found[appointment_uid(COURSE_ID, appointment.key)]
        assert categories(event) == by_kind[appointment.kind], appointment.key
        assert (str(event["status"]), str(event["transp"])) == ("CONFIRMED", "OPAQUE")
        seen.add(appointment.kind)
    assert seen == set(by_kind)
    prep = found[appointment_uid(COURSE_ID, AppointmentKey.fraction(1), 1)]
    assert categories(prep) == "Radiotherapy,Preparation" and str(prep["transp"]) == "OPAQUE"
    missed = [e for e in found.values() if str(e["status"]) == "CANCELLED"]
    assert len(missed) == 1
    assert categories(missed[0]) == "Radiotherapy,Missed" and str(missed[0]["transp"]) == "TRANSPARENT"
    assert str(missed[0]["description"]) == "Missed: transport. The session is made up later in the course."


def test_a_discreet_export_files_every_event_as_an_appointment(catalogue):
    data = export_ics(full_course(catalogue), ExportOptions(course_id=COURSE_ID, prep_events=True, discreet=True), now=NOW)
    found = events(data)
    assert {categories(e) for e in found.values()} == {"Appointment"}
    missed = [e for e in found.values() if str(e["status"]) == "CANCELLED"]
    assert [str(e["description"]) for e in missed] == ["Missed. The session is made up later in the course."]


def test_events_dropped_from_the_course_come_back_cancelled_and_free(catalogue):
    first = export_ics(full_course(catalogue), ExportOptions(course_id=COURSE_ID), now=NOW)
    shorter = plan(catalogue, site="prostate", fractions=3, start=date(2026, 11, 2), at=time(8, 30))
    again = export_ics(shorter, ExportOptions(course_id=COURSE_ID), now=NOW, previous=parse_export(first, "first.ics"))
    found = events(again)
    dropped = found[appointment_uid(COURSE_ID, AppointmentKey.fraction(5))]
    assert (str(dropped["status"]), str(dropped["transp"]), dropped["sequence"]) == ("CANCELLED", "TRANSPARENT", 1)
    was_missed = [e for uid, e in found.items() if uid.startswith("x2026")]  # a missed session, by its planned start
    assert len(was_missed) == 1
    # Already cancelled in the first file: it stays so with its SEQUENCE, as a calendar expects.
    assert (str(was_missed[0]["status"]), str(was_missed[0]["transp"]), was_missed[0]["sequence"]) == ("CANCELLED", "TRANSPARENT", 0)


def _with_review_ending(catalogue, end: datetime):
    """A three-fraction prostate course at 08:30 whose review, on fraction 2's day, ends at `end`."""
    base = plan(catalogue, site="prostate", fractions=3, start=date(2026, 11, 2), at=time(8, 30), tz="UTC", review_weekday=1)
    review = next(a for a in base.appointments if a.kind is AppointmentKind.REVIEW)
    start = end - (review.end - review.start)
    moved = Adjustments().with_move(review.key, start)
    return plan(catalogue, site="prostate", fractions=3, start=date(2026, 11, 2), at=time(8, 30), tz="UTC",
                review_weekday=1, adjustments=moved)


def test_a_prep_step_is_left_out_once_the_patient_is_there_for_an_earlier_appointment_of_the_same_visit(catalogue):
    arrive = appointment_uid(COURSE_ID, AppointmentKey.fraction(2), 2)  # "arrive 15 minutes early": 08:15
    options = ExportOptions(course_id=COURSE_ID, prep_events=True)
    apart = _with_review_ending(catalogue, datetime(2026, 11, 3, 7, 59))  # 31 minutes before the session: another trip
    assert arrive in events(export_ics(apart, options, now=NOW))
    same_visit = _with_review_ending(catalogue, datetime(2026, 11, 3, 8, 0))  # 30 minutes: the same visit, there since 07:45
    found = events(export_ics(same_visit, options, now=NOW))
    assert arrive not in found
    session = found[appointment_uid(COURSE_ID, AppointmentKey.fraction(2))]
    assert "Arrive about 15 minutes early" not in session.to_ical().decode()  # neither as an alarm
    assert "TRIGGER:-PT2H" not in session.to_ical().decode()  # nor the default alarm: the review's brings the patient


def test_yearly_zone_rules_need_three_changes_to_be_trusted():
    paris = "Europe/Paris"
    two = _observances(paris, datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 12, 31, tzinfo=UTC))
    assert [rule for *_, rule in two] == [None, None, None]  # the change before the range, then March and October
    three = _observances(paris, datetime(2026, 1, 1, tzinfo=UTC), datetime(2027, 6, 30, tzinfo=UTC))
    assert len(three) == 2 and all(rule is not None for *_, rule in three)
    assert sorted(rule.recur().to_ical().decode() for *_, rule in three) == [
        "FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10", "FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3"]


def test_a_yearly_rule_names_the_nth_or_the_last_weekday_of_the_month():
    last = YearlyRule.of(datetime(2026, 3, 29, 2, 0))  # the EU's: last Sunday of March
    assert last.key() == (3, 6, -1, 2, 0, 0) and last.recur().to_ical() == b"FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3"
    assert last.in_year(2027) == datetime(2027, 3, 28, 2, 0)
    second = YearlyRule.of(datetime(2026, 3, 8, 2, 0))  # the United States': second Sunday of March
    assert second.nth == 2 and second.in_year(2027) == datetime(2027, 3, 14, 2, 0)
    # The 24th of a 31-day month is the fourth of its weekday, not necessarily the last (the 31st may be one).
    fourth = YearlyRule.of(datetime(2026, 3, 24, 0, 0, 30))
    assert fourth.key() == (3, 1, 4, 0, 0, 30) and fourth.in_year(2027) == datetime(2027, 3, 23, 0, 0, 30)
    assert YearlyRule.of(datetime(2026, 3, 25, 1, 0)).nth == -1
    assert [YearlyRule.of(datetime(2026, 3, day)).nth for day in (1, 7, 8, 14, 15, 21, 22)] == [1, 1, 2, 2, 3, 3, 4]
    assert YearlyRule.of(datetime(2026, 9, 23)).nth == 4 and YearlyRule.of(datetime(2026, 9, 24)).nth == -1  # 30 days


def test_a_zone_change_is_found_to_the_second_wherever_the_search_starts():
    paris = ZoneInfo("Europe/Paris")
    change = datetime(2026, 3, 29, 1, 0, tzinfo=UTC)
    for seconds_earlier in (0, 407, 962, 1517, 2109, 3219):
        start = change - timedelta(hours=5, seconds=seconds_earlier)
        assert transitions(paris, start, start + timedelta(days=2)) == [change], seconds_earlier


def test_the_location_names_the_booked_machine_of_that_appointment_only():
    first, second = AppointmentKey.fraction(1), AppointmentKey.fraction(2)
    options = ExportOptions(course_id=COURSE_ID, location="Level -1", machines=((first, "Linac 2"), (second, "Linac 3")))
    assert options.location_of(first) == "Level -1, Linac 2" and options.location_of(second) == "Level -1, Linac 3"
    assert options.location_of(AppointmentKey.fraction(3)) == "Level -1"
    assert ExportOptions(course_id=COURSE_ID, machines=((first, "Linac 2"),)).location_of(first) == "Linac 2"
    assert ExportOptions(course_id=COURSE_ID, location="Level -1", machines=((first, "Linac 2"),), discreet=True).location_of(first) == "Level -1"


def test_a_missed_session_keeps_the_clinics_location(catalogue):
    found = events(export_ics(full_course(catalogue), ExportOptions(course_id=COURSE_ID, location="Level -1"), now=NOW))
    missed = [e for e in found.values() if str(e["status"]) == "CANCELLED"]
    assert [str(e["location"]) for e in missed] == ["Level -1"]


def test_no_default_alarm_is_written_when_it_is_turned_off(catalogue):
    schedule = full_course(catalogue)
    found = events(export_ics(schedule, ExportOptions(course_id=COURSE_ID, alarm_minutes=0), now=NOW))
    for appointment in schedule.appointments:
        steps = sorted(-r.minutes_before for r in appointment.reminders if r.minutes_before > 0)
        alarms = found[appointment_uid(COURSE_ID, appointment.key)].walk("VALARM")
        assert sorted(a.decoded("trigger").total_seconds() / 60 for a in alarms) == steps, appointment.key


def test_a_make_up_in_a_phased_course_says_both_in_its_description(catalogue):
    missed = Adjustments(missed=(MissedSession(date(2026, 11, 4)),))
    schedule = plan(catalogue, site="breast", fractions=5, start=date(2026, 11, 2), tz="UTC", adjustments=missed,
                    later_phases=(Phase(3, Pattern.DAILY, 15),))
    make_up = next(a for a in schedule.fractions if a.make_up)
    found = events(export_ics(schedule, ExportOptions(course_id=COURSE_ID), now=NOW))
    description = str(found[appointment_uid(COURSE_ID, make_up.key)]["description"])
    assert description.splitlines()[0] == f"Make-up session, phase {make_up.phase} of 2."


def test_a_line_break_in_a_written_text_is_refused_naming_its_field(catalogue):
    schedule = full_course(catalogue)
    for field, patient, options in (("patient", "Jane\nDoe", ExportOptions(course_id=COURSE_ID)),
                                    ("location", "", ExportOptions(course_id=COURSE_ID, location="Level\r\n-1")),
                                    ("phone", "", ExportOptions(course_id=COURSE_ID, clinic_phone="555\n0100"))):
        with pytest.raises(InputError) as caught:
            export_ics(schedule, options, now=NOW, patient_name=patient)
        assert caught.value.field == field


def test_a_calendar_without_a_patient_name_is_named_after_the_site(catalogue):
    data = export_ics(full_course(catalogue), ExportOptions(course_id=COURSE_ID), now=NOW)
    assert str(Calendar.from_ical(data)["x-wr-calname"]) == "Radiotherapy: Prostate"


def test_each_event_names_its_own_booked_machine_and_a_one_minute_step_still_rings(catalogue):
    steps = (PrepReminder("Arrive at the desk", 1, frozenset({AppointmentKind.FRACTION}), "Arrive"),
             PrepReminder("Bring your card", 0, frozenset({AppointmentKind.FRACTION}), "Card"))
    schedule = plan(replace(catalogue, common_reminders=steps), site="prostate", fractions=3, start=date(2026, 11, 2))
    first = AppointmentKey.fraction(1)
    found = events(export_ics(schedule, ExportOptions(course_id=COURSE_ID, location="Level -1", alarm_minutes=0,
                                                      machines=((first, "Linac 2"),)), now=NOW))
    assert str(found[appointment_uid(COURSE_ID, first)]["location"]) == "Level -1, Linac 2"
    assert str(found[appointment_uid(COURSE_ID, AppointmentKey.fraction(2))]["location"]) == "Level -1"
    alarms = found[appointment_uid(COURSE_ID, first)].walk("VALARM")
    timed = sorted(timedelta(minutes=-r.minutes_before) for r in schedule.fractions[0].reminders if r.minutes_before > 0)
    assert timedelta(minutes=-1) in timed  # the site's own steps, and the one-minute step; the untimed note rings no alarm
    assert sorted(a.decoded("trigger") for a in alarms) == timed


def test_exporting_an_unchanged_course_again_keeps_every_sequence_prep_steps_included(catalogue):
    schedule = full_course(catalogue)
    options = ExportOptions(course_id=COURSE_ID, location="Level -1", prep_events=True)
    first = export_ics(schedule, options, now=NOW)
    again = export_ics(schedule, options, now=NOW + timedelta(days=1), previous=parse_export(first, "first.ics"))
    before, after = events(first), events(again)
    assert any("-p" in uid for uid in after) and set(before) == set(after)
    assert {uid: int(e["sequence"]) for uid, e in after.items()} == {uid: int(e["sequence"]) for uid, e in before.items()}


@pytest.mark.parametrize("key", ["America/Nuuk", "Europe/Chisinau"])  # each changed its clocks at 00:00-01:00 UTC in 2019
def test_the_zone_block_covers_from_midnight_utc_a_year_back_whatever_the_time_of_day(key):
    """The block depends on the first and last days only, and an observance is in effect from
    the window's first instant (the day's UTC midnight a year back), even when the zone changed
    its clocks within that day's first hour."""
    zone = ZoneInfo(key)
    day = date(2020, 3, 31)
    written = set()
    for clock in (time(0), time(0, 0, 0, 5), time(0, 0, 30), time(0, 30), time(12, 30, 30, 5), time(23, 59, 59, 999999)):
        first = datetime.combine(day, clock, tzinfo=UTC)
        written.add(vtimezone(zone, first, first + timedelta(days=20)).to_ical())
    assert len(written) == 1
    (block,) = written
    onsets = [o.decoded("dtstart").replace(tzinfo=UTC) - o.decoded("tzoffsetfrom")
              for o in Calendar.from_ical(block).walk() if o.name in ("STANDARD", "DAYLIGHT")]
    assert min(onsets) <= datetime.combine(day, time(0), tzinfo=UTC) - timedelta(days=366)


def test_the_zone_block_also_covers_the_cancelled_events_of_an_earlier_export(catalogue):
    """Sessions dropped since the last export are written as cancelled at their old times, here
    weeks after the rest: the zone block reaches a year past them too (Morocco's clocks change
    for Ramadan on 14 January 2029, within a year of the last cancelled session, not of the others)."""
    casablanca = "Africa/Casablanca"  # no yearly rule: one block per change
    old = plan(catalogue, site="prostate", fractions=30, start=date(2028, 1, 3), tz=casablanca)
    first = export_ics(old, ExportOptions(course_id=COURSE_ID), now=NOW)
    new = plan(catalogue, site="prostate", fractions=5, start=date(2026, 11, 2), tz=casablanca)
    again = Calendar.from_ical(export_ics(new, ExportOptions(course_id=COURSE_ID), now=NOW, previous=parse_export(first, "first.ics")))
    cancelled = [e.decoded("dtstart") for e in again.walk("VEVENT") if str(e["status"]) == "CANCELLED"]
    assert cancelled and max(cancelled).date() == date(2028, 2, 11)
    onsets = [o.decoded("dtstart").replace(tzinfo=UTC) - o.decoded("tzoffsetfrom")
              for o in again.walk() if o.name in ("STANDARD", "DAYLIGHT")]
    assert datetime(2029, 1, 14, 2, 0, tzinfo=UTC) in onsets
