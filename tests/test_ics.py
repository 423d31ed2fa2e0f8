"""The .ics export: golden files, a second parser that reads the file's VTIMEZONE, folding,
alarms, discreet exports, updates (UID and SEQUENCE), diff, and refusal of foreign files."""

from __future__ import annotations

import os
import re
import sys
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
import vobject

from planner.core.course import Adjustments, Move
from planner.core.kinds import AppointmentKey, Pattern
from planner.ics import ExportFileError, ExportOptions, appointment_uid, compare, export_ics, parse_export

from .helpers import plan

GOLDEN = Path(__file__).parent / "golden"
NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
COURSE_ID = "5f0c7d4e-0000-4000-8000-000000000001"


def options(**changes) -> ExportOptions:
    base = dict(course_id=COURSE_ID, location="Clinique Saint-Éloi; Bâtiment B, niveau -1",
                clinic_name="東京 放射線治療センター", clinic_phone="+1 555 0100")
    base.update(changes)
    return ExportOptions(**base)


def dst_course(catalogue, **extra):
    """A prostate course across the US fall-back change (1 November 2026)."""
    return plan(catalogue, fractions=20, start=date(2026, 10, 26), at=time(8, 30), tz="America/New_York",
                holidays="US-NY", simulation=datetime(2026, 10, 19, 10, 0), review_weekday=1, follow_up_weeks=6, **extra)


def read_vobject(data: bytes | str):
    """Read with vobject, from the file's own VTIMEZONE only.

    vobject keeps the first zone it saw for a TZID in a global map, and falls back to pytz's
    database for a TZID it has not seen: forget the map, and keep pytz out, so that each file
    is read with its own VTIMEZONE and nothing else."""
    vobject.icalendar.__dict__["__tzidMap"].clear()
    vobject.icalendar.registerTzid("UTC", vobject.icalendar.utc)  # as vobject starts
    saved = sys.modules.get("pytz")
    sys.modules["pytz"] = None  # type: ignore[assignment]
    try:
        calendar = vobject.readOne(data.decode("utf-8") if isinstance(data, bytes) else data)
        for event in calendar.vevent_list:
            event.dtstart.value  # noqa: B018 - resolve times while pytz is out of reach
        return calendar
    finally:
        if saved is None:
            sys.modules.pop("pytz", None)
        else:
            sys.modules["pytz"] = saved


def unfold(raw: bytes) -> list[str]:
    return raw.decode("utf-8").replace("\r\n ", "").split("\r\n")


def check_golden(name: str, data: bytes) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_bytes(data)
    assert data == path.read_bytes(), f"{name} differs from the golden file (UPDATE_GOLDEN=1 rewrites it after review)"


def test_golden_dst_course(catalogue):
    data = export_ics(dst_course(catalogue), options(), now=NOW, patient_name="Zoë Ångström-Nguyễn")
    check_golden("prostate-dst-us.ics", data)


def test_golden_discreet_prep_events_eu(catalogue):
    schedule = plan(catalogue, site="upper-abdomen", fractions=5, pattern=Pattern.ALTERNATE, start=date(2026, 3, 23),
                    at=time(10, 15), tz="Europe/Berlin", holidays="DE-BY", minutes=30)
    data = export_ics(schedule, options(discreet=True, prep_events=True), now=NOW, patient_name="山田太郎")
    check_golden("abdomen-discreet-prep-eu.ics", data)


@pytest.mark.parametrize(
    ("tz", "start"),
    [("America/New_York", date(2026, 3, 2)), ("America/New_York", date(2026, 10, 19)),
     ("Europe/Berlin", date(2026, 3, 16)), ("Europe/London", date(2026, 10, 19)), ("Australia/Sydney", date(2026, 3, 30)),
     ("Asia/Tokyo", date(2026, 11, 2)), ("UTC", date(2026, 11, 2)), ("America/Sao_Paulo", date(2026, 11, 2)),
     ("Pacific/Auckland", date(2026, 9, 14)), ("Europe/Dublin", date(2026, 3, 16))],
)
def test_independent_parser_agrees_on_every_local_time_and_instant(catalogue, tz, start):
    schedule = plan(catalogue, fractions=25, start=start, at=time(8, 30), tz=tz, follow_up_weeks=8,
                    simulation=datetime.combine(start - timedelta(days=7), time(11, 0)))
    data = export_ics(schedule, options(prep_events=True), now=NOW)
    parsed = read_vobject(data)
    events = {e.uid.value: e for e in parsed.vevent_list}
    assert len(events) > len(schedule.appointments)
    for appointment in schedule.appointments:
        event = events[appointment_uid(COURSE_ID, appointment.key)]
        start_value = event.dtstart.value
        if tz != "UTC":  # vobject reads a UTC VTIMEZONE as plain UTC
            assert "tzicalvtz" in type(start_value.tzinfo).__name__  # read from the file's VTIMEZONE
        assert start_value.astimezone(UTC) == appointment.start.astimezone(UTC)
        assert start_value.strftime("%Y-%m-%d %H:%M") == appointment.start.strftime("%Y-%m-%d %H:%M")
        assert event.dtend.value.astimezone(UTC) == appointment.end.astimezone(UTC)
    offsets = {events[appointment_uid(COURSE_ID, AppointmentKey.fraction(n))].dtstart.value.utcoffset() for n in range(1, 26)}
    if tz in ("America/New_York", "Europe/Berlin", "Europe/London", "Australia/Sydney"):
        assert len(offsets) == 2  # the course really crosses a change


def test_second_parser_really_reads_the_vtimezone(catalogue):
    """Spoil the file's offsets: a parser that used its own tz database would not notice."""
    data = export_ics(dst_course(catalogue), options(), now=NOW).decode("utf-8")
    spoiled = data.replace("TZOFFSETTO:-0500", "TZOFFSETTO:-0300")
    event = [e for e in read_vobject(spoiled).vevent_list if e.uid.value == appointment_uid(COURSE_ID, AppointmentKey.fraction(20))][0]
    assert event.dtstart.value.astimezone(UTC).hour != 13


def test_vtimezone_uses_yearly_rules_for_a_regular_zone(catalogue):
    data = export_ics(dst_course(catalogue), options(), now=NOW)
    lines = unfold(data)
    assert not any(line.startswith("RDATE") for line in lines)
    block = lines[lines.index("BEGIN:VTIMEZONE"):lines.index("END:VTIMEZONE")]
    assert block.count("BEGIN:STANDARD") == 1 and block.count("BEGIN:DAYLIGHT") == 1
    assert "RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11" in block and "RRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3" in block
    assert "DTSTART:19701101T020000" in block and "TZOFFSETFROM:-0400" in block and "TZOFFSETTO:-0500" in block


def test_vtimezone_falls_back_to_one_block_per_transition_when_rules_change(catalogue):
    """Mexico City dropped daylight saving after October 2022: no yearly rule fits."""
    schedule = plan(catalogue, fractions=30, start=date(2022, 9, 26), at=time(8, 30), tz="America/Mexico_City")
    data = export_ics(schedule, options(), now=NOW)
    lines = unfold(data)
    block = lines[lines.index("BEGIN:VTIMEZONE"):lines.index("END:VTIMEZONE")]
    assert not any(line.startswith(("RRULE", "RDATE")) for line in block)
    assert "DTSTART:20221030T020000" in block
    events = {e.uid.value: e for e in read_vobject(data).vevent_list}
    for appointment in schedule.appointments:
        value = events[appointment_uid(COURSE_ID, appointment.key)].dtstart.value
        assert value.astimezone(UTC) == appointment.start.astimezone(UTC)


def test_calendar_and_event_properties(catalogue):
    schedule = dst_course(catalogue)
    data = export_ics(schedule, options(), now=NOW, patient_name="Zoë Ångström-Nguyễn")
    calendar = read_vobject(data)
    assert calendar.version.value == "2.0"
    assert calendar.method.value == "PUBLISH"
    assert calendar.calscale.value == "GREGORIAN"
    assert "IGRT Course Planner" in calendar.prodid.value
    assert calendar.contents["x-wr-calname"][0].value == "Radiotherapy: Zoë Ångström-Nguyễn"
    for event in calendar.vevent_list:
        assert event.uid.value and event.dtstamp.value == NOW
        assert event.sequence.value == "0"
        assert event.location.value == "Clinique Saint-Éloi; Bâtiment B, niveau -1"
        assert event.categories.value[0] == "Radiotherapy"
    fraction_3 = [e for e in calendar.vevent_list if e.uid.value == appointment_uid(COURSE_ID, AppointmentKey.fraction(3))][0]
    assert fraction_3.summary.value == "Radiotherapy 3 of 20"
    assert "drink 500 ml of water" in fraction_3.description.value
    assert "東京 放射線治療センター, phone +1 555 0100" in fraction_3.description.value
    assert len(calendar.vevent_list) == len(schedule.appointments)


def test_every_timed_reminder_is_an_alarm_with_a_valid_trigger(catalogue):
    data = export_ics(dst_course(catalogue), options(), now=NOW)
    calendar = read_vobject(data)
    fraction = [e for e in calendar.vevent_list if e.uid.value == appointment_uid(COURSE_ID, AppointmentKey.fraction(1))][0]
    triggers = sorted(a.trigger.value for a in fraction.valarm_list)
    assert triggers == [timedelta(minutes=-120), timedelta(minutes=-60), timedelta(minutes=-15)]
    water = [a for a in fraction.valarm_list if a.trigger.value == timedelta(minutes=-60)][0]
    assert "drink 500 ml of water" in water.description.value
    for line in unfold(data):
        if line.startswith("TRIGGER"):
            assert re.fullmatch(r"TRIGGER:-P(T\d+[HMS])+|TRIGGER:-P\d+D", line), line
        assert not line.startswith("TRIGGER:P0")


def test_lines_fold_at_75_octets_without_splitting_characters(catalogue):
    long_name = "Zoë Ångström-Nguyễn 山田太郎 " * 6
    data = export_ics(dst_course(catalogue), options(location="東京都 " * 30), now=NOW, patient_name=long_name)
    assert b"\n" not in data.replace(b"\r\n", b"")
    for line in data.split(b"\r\n"):
        assert len(line) <= 75
        line.decode("utf-8")  # every physical line is whole UTF-8: no character was split
    text = "\n".join(unfold(data))
    assert f"X-WR-CALNAME:Radiotherapy: {long_name}" in text
    assert "LOCATION:" + "東京都 " * 29 + "東京都" in text


def test_text_values_are_escaped(catalogue):
    data = export_ics(dst_course(catalogue), options(location="Ward 3; Room 2, back\\side"), now=NOW)
    assert "LOCATION:Ward 3\\; Room 2\\, back\\\\side" in unfold(data)
    event = read_vobject(data).vevent_list[0]
    assert event.location.value == "Ward 3; Room 2, back\\side"
    assert "\n" in event.description.value


def test_discreet_export_names_no_site_diagnosis_or_treatment(catalogue):
    for site in ("prostate", "breast", "head-neck", "upper-abdomen", "lung"):
        schedule = plan(catalogue, site=site, fractions=5, start=date(2026, 11, 2), simulation=datetime(2026, 10, 26, 9, 0),
                        review_weekday=2, follow_up_weeks=4)
        data = export_ics(schedule, options(discreet=True, prep_events=True, clinic_name="City Hospital"), now=NOW,
                          patient_name="Jane Doe")
        text = "\n".join(unfold(data)).lower()
        for word in ("radio", "radiation", "oncolog", "treatment", "treated", "fraction", "sbrt", "tumour", "cancer",
                     "planning scan", "mask", "breast", "prostate", "lung", "abdomen", "head and neck", "bladder"):
            assert word not in text, (site, word)
        assert "clinic appointment 3 of 5" in text
        assert "x-wr-calname:clinic appointments" in text


def test_prep_events_come_just_before_their_appointment(catalogue):
    schedule = plan(catalogue, site="prostate", fractions=3, start=date(2026, 11, 2), at=time(8, 30))
    data = export_ics(schedule, options(prep_events=True), now=NOW)
    events = {e.uid.value: e for e in read_vobject(data).vevent_list}
    water = events[appointment_uid(COURSE_ID, AppointmentKey.fraction(2), 1)]
    assert water.dtstart.value.strftime("%Y-%m-%d %H:%M") == "2026-11-03 07:30"
    assert "drink 500 ml of water" in water.summary.value
    assert water.dtend.value - water.dtstart.value == timedelta(minutes=10)
    arrive = events[appointment_uid(COURSE_ID, AppointmentKey.fraction(2), 2)]
    assert arrive.dtstart.value.strftime("%H:%M") == "08:15"
    assert len(events) == 3 * 3


def test_reexport_keeps_uids_and_sequence(catalogue):
    first = export_ics(dst_course(catalogue), options(), now=NOW)
    again = export_ics(dst_course(catalogue), options(), now=NOW + timedelta(days=1),
                       previous=parse_export(first, "old.ics"))
    old, new = parse_export(first, "old.ics"), parse_export(again, "new.ics")
    assert set(old.events) == set(new.events)
    assert {e.sequence for e in new.events.values()} == {0}
    assert compare(old, new) == []


def test_closure_added_mid_course_raises_sequence_only_on_moved_fractions(catalogue):
    first = export_ics(dst_course(catalogue), options(), now=NOW)
    old = parse_export(first, "old.ics")
    updated = export_ics(dst_course(catalogue, closures={date(2026, 11, 16): "linac service"}), options(), now=NOW,
                         previous=old)
    new = parse_export(updated, "new.ics")
    moved = {uid for uid, e in new.events.items() if e.start != old.events[uid].start}
    assert moved, "the closure moved nothing"
    for uid, event in new.events.items():
        assert event.sequence == (1 if uid in moved else 0), event.role
    assert all(new.events[uid].role[0] in "trf" for uid in moved)  # fractions, reviews, follow-up
    # 16 November was fraction 14 (3 and 11 November are NY holidays): 1-13 stay, 14-20 move.
    assert new.events[appointment_uid(COURSE_ID, AppointmentKey.fraction(13))].sequence == 0
    assert new.events[appointment_uid(COURSE_ID, AppointmentKey.fraction(14))].sequence == 1
    # A second update from the updated file raises only what moves again.
    third = parse_export(export_ics(dst_course(catalogue, closures={date(2026, 11, 16): "linac service"}), options(),
                                    now=NOW, previous=new), "third.ics")
    assert {uid: e.sequence for uid, e in third.events.items()} == {uid: e.sequence for uid, e in new.events.items()}


def test_removed_fractions_come_back_cancelled(catalogue):
    old = parse_export(export_ics(plan(catalogue, fractions=5, start=date(2026, 11, 2)), options(), now=NOW), "old.ics")
    shorter = export_ics(plan(catalogue, fractions=3, start=date(2026, 11, 2)), options(), now=NOW, previous=old)
    new = parse_export(shorter, "new.ics")
    for number in (4, 5):
        event = new.events[appointment_uid(COURSE_ID, AppointmentKey.fraction(number))]
        assert event.status == "CANCELLED"
        assert event.sequence == 1
        assert event.start == old.events[event.uid].start
    kept = new.events[appointment_uid(COURSE_ID, AppointmentKey.fraction(1))]
    assert kept.status == "CONFIRMED"
    assert kept.summary == "Radiotherapy 1 of 3" and kept.sequence == 1  # its title changed
    texts = [c.text for c in compare(old, new)]
    assert any(t.startswith("Cancelled: Radiotherapy 4 of 5, Thu 5 Nov 2026 09:00") for t in texts)
    # Cancelled stays cancelled with the same SEQUENCE in the next update.
    again = parse_export(export_ics(plan(catalogue, fractions=3, start=date(2026, 11, 2)), options(), now=NOW, previous=new),
                         "again.ics")
    assert again.events[appointment_uid(COURSE_ID, AppointmentKey.fraction(4))].sequence == 1
    assert again.events[appointment_uid(COURSE_ID, AppointmentKey.fraction(4))].status == "CANCELLED"


def test_diff_lists_moves_in_local_time(catalogue):
    old = parse_export(export_ics(dst_course(catalogue), options(), now=NOW), "old.ics")
    moved = dst_course(catalogue, adjustments=Adjustments(moves=(Move(AppointmentKey.fraction(2), datetime(2026, 10, 27, 14, 0)),)))
    new = parse_export(export_ics(moved, options(), now=NOW, previous=old), "new.ics")
    changes = compare(old, new)
    assert [c.text for c in changes] == [
        "Moved: Radiotherapy 2 of 20, from Tue 27 Oct 2026 08:30 to Tue 27 Oct 2026 14:00",
        "Moved: On-treatment review (week 1), from Tue 27 Oct 2026 08:50 to Tue 27 Oct 2026 14:20",  # follows its session
    ]


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"", "not an iCalendar file"),
        (b"hello world", "not an iCalendar file"),
        (b"BEGIN:VCALENDAR\r\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\r\nEND:VCALENDAR\r\n", "not a calendar exported by this planner"),
        (b"BEGIN:VCALENDAR\r\nPRODID:-//IGRT Course Planner//x//EN\r\nEND:VCALENDAR\r\n", "no course identity"),
        (b"BEGIN:VCALENDAR\r\nPRODID:-//IGRT Course Planner//x//EN\r\nX-IGRT-COURSE-ID:x\r\nBEGIN:VEVENT\r\nDTSTART:garbage\r\n",
         "malformed"),
        (b"BEGIN:VCALENDAR\r\n" + b"\xff\xfe" * 10, "not UTF-8"),
        (b"BEGIN:VCALENDAR\r\nPRODID:-//IGRT Course Planner//\r\n" + b"BEGIN:VEVENT\r\n" * 30000, "too many components"),
        (b"BEGIN:VCALENDAR\r\n" + b"X" * 5_000_000, "too large"),
    ],
)
def test_foreign_or_malformed_files_are_refused(raw, message):
    with pytest.raises(ExportFileError) as caught:
        parse_export(raw, "old.ics")
    assert message in str(caught.value)
    assert str(caught.value).startswith("old.ics: ")


@pytest.mark.parametrize("depth", [2, 100])
def test_nested_events_are_refused_in_one_line(depth):
    """Events nested inside events, each whole (UID and times), so that the nesting alone is wrong;
    how long refusing takes is for benchmarks, not this test."""
    event = b"BEGIN:VEVENT\r\nUID:u%d\r\nDTSTART:20261102T090000Z\r\nDTEND:20261102T092000Z\r\n"
    raw = (b"BEGIN:VCALENDAR\r\nPRODID:-//IGRT Course Planner//\r\nX-IGRT-COURSE-ID:x\r\n"
           + b"".join(event % i for i in range(depth)) + b"END:VEVENT\r\n" * depth + b"END:VCALENDAR\r\n")
    with pytest.raises(ExportFileError) as caught:
        parse_export(raw, "deep.ics")
    assert str(caught.value) == "deep.ics: an event inside another event; not an export of this planner"


def test_times_in_the_file_are_in_the_course_zone(catalogue):
    data = export_ics(dst_course(catalogue), options(), now=NOW)
    lines = unfold(data)
    assert "DTSTART;TZID=America/New_York:20261026T083000" in lines
    assert "DTSTART;TZID=America/New_York:20261102T083000" in lines
    assert "DTSTAMP:20261121T120000Z" in lines
    assert lines.count("TZID:America/New_York") == 1  # the zone those TZIDs name is in the file
