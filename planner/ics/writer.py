"""Schedule -> .ics bytes that phone calendars (Apple, Google, Outlook, Android, Thunderbird)
import with the same appointments at the same local times, and that update cleanly."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from icalendar import Alarm, Calendar, Event

from .. import __version__
from ..core.catalogue import PrepReminder
from ..core.department import RebookedNote
from ..core.errors import Field
from ..core.kinds import AppointmentKey, AppointmentKind
from ..core.schedule import Appointment, Schedule, same_visit_as_earlier
from ..core.text import single_line
from ..wording import missed_title, phase_label, rebooked_line, reminder_line, reminder_shown, reminder_text, shown_reminders, title, title_for
from .diff import MAKE_UP_MARK
from .state import COURSE_ID_PROPERTY, ROLE_PROPERTY, EventState, ExportState, calendar_identity, fingerprint
from .vtimezone import vtimezone

# Both product identifiers carry state.PRODUCT_MARK ("Course Planner//"), so the reader
# knows our files of either kind; the discreet one names no treatment.
PRODID = f"-//IGRT Course Planner//planner {__version__}//EN"
DISCREET_PRODID = f"-//Course Planner//planner {__version__}//EN"
# One neutral domain and one set of X- names for both kinds of export: a discreet update of a plain
# export (or the reverse) keeps every event's UID, and neither spells out the treatment.
UID_DOMAIN = "course-planner"
# Earlier exports used this domain; a re-export keeps such an event's UID so the phone
# updates it in place instead of showing it twice (the phone already holds that UID).
LEGACY_UID_DOMAIN = "igrt-planner"
DEFAULT_ALARM_MINUTES = 120
PREP_EVENT_MINUTES = 10
_UTC = UTC


@dataclass(frozen=True)
class ExportOptions:
    course_id: str
    location: str = ""
    clinic_name: str = ""
    clinic_phone: str = ""
    discreet: bool = False
    prep_events: bool = False
    alarm_minutes: int = DEFAULT_ALARM_MINUTES  # the default reminder before every appointment; 0: none
    machines: tuple[tuple[AppointmentKey, str], ...] = ()  # (appointment, booked machine); named unless discreet
    # A cancelled course: only these appointments (those already given) are written; an earlier export's
    # events of the others become CANCELLED with a raised SEQUENCE. None: every appointment.
    kept: frozenset[AppointmentKey] | None = None
    # (appointment, why a downtime or closure re-booked it): a plain line in its description (`rebooked_line`)
    rebooked: tuple[tuple[AppointmentKey, RebookedNote], ...] = ()

    def location_of(self, key: AppointmentKey) -> str:
        """The clinic's location, and the booked machine (never in a discreet export: a machine name tells the treatment)."""
        machine = "" if self.discreet else next((name for k, name in self.machines if k == key), "")
        return ", ".join(p for p in (self.location, machine) if p)


_ROLE_CODES = {AppointmentKind.SIMULATION: "s", AppointmentKind.FRACTION: "t", AppointmentKind.REVIEW: "r",
               AppointmentKind.FOLLOW_UP: "f"}
MISSED_CODE = "x"  # a missed session, by its planned local start: "x202612070830"
_CODE_KINDS = {code: kind for kind, code in _ROLE_CODES.items()}
_ROLE_PATTERN = re.compile(r"([strf])([0-9]{1,4})(?:-p([0-9]{1,3}))?")
_COUNT_PATTERN = re.compile(r"\b[0-9]{1,4} of ([0-9]{1,4})\b")


def role_code(key: AppointmentKey, prep: int | None = None) -> str:
    """A short neutral code for an appointment (fraction 7 -> "t7"), so that not even
    the file's UIDs name the treatment in a discreet export."""
    code = f"{_ROLE_CODES[key.kind]}{key.number}"
    return f"{code}-p{prep}" if prep is not None else code


def missed_code(missed: Appointment) -> str:
    return f"{MISSED_CODE}{missed.start:%Y%m%d%H%M}"


def appointment_uid(course_id: str, key: AppointmentKey, prep: int | None = None) -> str:
    """Stable across re-exports: the course's identity (`calendar_identity`) and the appointment's key."""
    return f"{role_code(key, prep)}.{calendar_identity(course_id)}@{UID_DOMAIN}"


def _categories(appointment: Appointment, discreet: bool) -> list[str]:
    if discreet:
        return ["Appointment"]
    return {
        AppointmentKind.SIMULATION: ["Radiotherapy", "Planning scan"],
        AppointmentKind.FRACTION: ["Radiotherapy", "Treatment"],
        AppointmentKind.REVIEW: ["Radiotherapy", "Review"],
        AppointmentKind.FOLLOW_UP: ["Radiotherapy", "Follow-up"],
    }[appointment.kind]


def _description(appointment: Appointment, options: ExportOptions, phases: int = 1) -> str:
    lines = []
    marks = []
    if appointment.make_up:
        marks.append(MAKE_UP_MARK)
    if phases > 1 and appointment.kind is AppointmentKind.FRACTION:
        marks.append(phase_label(appointment.phase, phases))
    if marks:
        lines.append(", ".join(marks)[0].upper() + ", ".join(marks)[1:] + ".")
    note = next((n for key, n in options.rebooked if key == appointment.key), None)
    said = rebooked_line(note, options.discreet) if note is not None else ""
    if said:
        lines.append(said)
    reminders = shown_reminders(appointment.reminders, options.discreet)
    if reminders:
        lines.append("Preparation:")
        lines += [f"- {reminder_line(r, options.discreet)}" for r in reminders]
    name = "" if options.discreet else options.clinic_name  # a clinic's name ("... Cancer Centre") tells the diagnosis
    contact = ", ".join(p for p in (name, options.clinic_phone and f"phone {options.clinic_phone}") if p)
    if contact:
        if lines:
            lines.append("")
        lines.append(f"Questions or cannot come: {contact}")
    return "\n".join(lines)


@dataclass(frozen=True)
class _Planned:
    """One event as it will be written, before SEQUENCE is settled."""

    uid: str
    role: str
    start: datetime
    end: datetime
    summary: str
    location: str
    description: str
    categories: list[str]
    alarms: tuple[tuple[int, str], ...]  # (minutes before, text)
    status: str = "CONFIRMED"  # CANCELLED for a missed session, kept so calendars and diffs show it


def _planned_events(schedule: Schedule, options: ExportOptions) -> list[_Planned]:
    events: list[_Planned] = []
    for appointment in schedule.appointments:
        if options.kept is not None and appointment.key not in options.kept:
            continue
        summary = title(appointment, options.discreet)
        timed = [r for r in appointment.reminders if r.minutes_before > 0]
        alarms: list[tuple[int, str]] = [(r.minutes_before, f"{summary}: {reminder_text(r, options.discreet)}") for r in timed
                                         if reminder_shown(r, options.discreet)]
        if options.alarm_minutes and all(m != options.alarm_minutes for m, _ in alarms) \
                and not same_visit_as_earlier(appointment, schedule):  # the visit's first appointment's alarm brings the patient
            alarms.append((options.alarm_minutes, f"{summary} at {appointment.start:%H:%M}"))
        events.append(_Planned(
            uid=appointment_uid(options.course_id, appointment.key),
            role=role_code(appointment.key),
            start=appointment.start,
            end=appointment.end,
            summary=summary,
            location=options.location_of(appointment.key),
            description=_description(appointment, options, schedule.phase_count),
            categories=_categories(appointment, options.discreet),
            alarms=tuple(sorted(alarms, key=lambda a: -a[0])),
        ))
        if options.prep_events:
            events += _prep_events(appointment, summary, timed, options)
    for missed in schedule.missed:
        code = missed_code(missed)
        reason = schedule.missed_reason(missed.start.date())
        events.append(_Planned(
            uid=f"{code}.{options.course_id}@{UID_DOMAIN}",
            role=code,
            start=missed.start,
            end=missed.end,
            summary=missed_title(missed, options.discreet),
            location=options.location,
            description=f"Missed{'' if options.discreet or not reason else f': {reason}'}. The session is made up later in the course.",
            categories=["Appointment"] if options.discreet else ["Radiotherapy", "Missed"],
            alarms=(),
            status="CANCELLED",
        ))
    return events


def _prep_events(appointment: Appointment, summary: str, timed: list[PrepReminder], options: ExportOptions) -> list[_Planned]:
    """Each timed step as its own short event, for calendars that drop imported alarms. A step that would
    fall once the patient is in the department for an earlier appointment of the same visit (a review held
    straight after the session: "arrive 15 minutes early") is not among the appointment's steps at all."""
    events = []
    for index, reminder in enumerate(timed, start=1):  # numbered among them all: a step's UID is the same in both forms
        if not reminder_shown(reminder, options.discreet):  # a discreet calendar has no wording for it
            continue
        start = (appointment.start.astimezone(_UTC) - timedelta(minutes=reminder.minutes_before)).astimezone(appointment.start.tzinfo)
        length = min(PREP_EVENT_MINUTES, reminder.minutes_before)
        events.append(_Planned(
            uid=appointment_uid(options.course_id, appointment.key, index),
            role=role_code(appointment.key, index),
            start=start,
            end=(start.astimezone(_UTC) + timedelta(minutes=length)).astimezone(start.tzinfo),
            summary=reminder_text(reminder, options.discreet),
            location="",
            description=f"Before {summary} at {appointment.start:%H:%M}.",
            categories=["Appointment"] if options.discreet else ["Radiotherapy", "Preparation"],
            alarms=(),
        ))
    return events


def file_time(moment: datetime) -> datetime:
    """The moment as the file writes it: on the course's wall clock, except a time the clocks show
    twice (the night they go back), which is written in UTC. RFC 5545 reads such a local time as its
    first run and Mozilla's ical.js as its second, so only UTC reaches every calendar as one instant."""
    first, second = moment.replace(fold=0), moment.replace(fold=1)
    if first.utcoffset() != second.utcoffset():
        return moment.astimezone(_UTC)
    return moment


def _event(planned: _Planned, sequence: int, stamp: datetime) -> Event:
    event = Event()
    event.uid = planned.uid
    event.DTSTAMP = stamp
    event.sequence = sequence
    event.start = file_time(planned.start)
    event.end = file_time(planned.end)
    event.summary = planned.summary
    if planned.location:
        event.location = planned.location
    if planned.description:
        event.description = planned.description
    event.categories = planned.categories
    event.status = planned.status
    event.transparency = "OPAQUE" if planned.status == "CONFIRMED" else "TRANSPARENT"
    event.add(ROLE_PROPERTY, planned.role)
    for minutes, text in planned.alarms:
        alarm = Alarm()
        alarm.ACTION = "DISPLAY"
        alarm.description = text
        alarm.TRIGGER = timedelta(minutes=-minutes)
        event.add_component(alarm)
    return event


def _keep_legacy_uid(item: _Planned, old_events: dict[str, EventState]) -> _Planned:
    legacy = item.uid.removesuffix(f"@{UID_DOMAIN}") + f"@{LEGACY_UID_DOMAIN}"
    if item.uid not in old_events and legacy in old_events:
        return replace(item, uid=legacy)
    return item


_SESSION_NUMBER = re.compile(r"\b([0-9]{1,4}) of [0-9]{1,4}\b")


def _keep_missed_uids(planned: list[_Planned], old_events: dict[str, EventState]) -> list[_Planned]:
    """A missed session keeps the event the patient's calendar has for it when the course's times changed
    since (its code holds its planned start, "x202610280830"): that event moves, rather than a second
    "Missed: ... 3 of 20" appearing beside it and `diff` reading it as a session newly missed."""
    claimed = {item.uid for item in planned}
    kept = []
    for item in planned:
        number = _SESSION_NUMBER.search(item.summary)
        if item.role.startswith(MISSED_CODE) and item.uid not in old_events and number is not None:
            earlier = next((old for uid, old in old_events.items() if uid not in claimed and old.is_missed
                            and old.start.astimezone(item.start.tzinfo).date() == item.start.date()
                            and (found := _SESSION_NUMBER.search(old.summary)) is not None and found[1] == number[1]), None)
            if earlier is not None:
                claimed.add(earlier.uid)
                item = replace(item, uid=earlier.uid, role=earlier.role)
        kept.append(item)
    return kept


def cancelled_summary(old: EventState, discreet: bool) -> str:
    """The title a cancelled event gets in this export's wording, rebuilt from its role code
    ("t16" -> "Clinic appointment 16 of 20" or "Radiotherapy 16 of 20"), never the old text, which
    may be in the other wording; an event we cannot place gets the plain neutral title."""
    match = _ROLE_PATTERN.fullmatch(old.role)
    if match is None:
        return "Clinic appointment" if discreet else old.summary
    kind = _CODE_KINDS[match[1]]
    count = _COUNT_PATTERN.search(old.summary) or _COUNT_PATTERN.search(old.description)  # a prep event's
    total = int(count[1]) if count else 0
    summary = title_for(kind, int(match[2]), total, discreet)
    return f"Before {summary}" if match[3] is not None else summary


def _cancelled(old: EventState, stamp: datetime, tz: object, discreet: bool) -> Event:
    event = Event()
    event.uid = old.uid
    event.DTSTAMP = stamp
    event.sequence = old.sequence if old.status == "CANCELLED" else old.sequence + 1
    event.start = file_time(old.start.astimezone(tz))  # type: ignore[arg-type]
    event.end = file_time(old.end.astimezone(tz))  # type: ignore[arg-type]
    event.summary = cancelled_summary(old, discreet)
    event.status = "CANCELLED"
    event.transparency = "TRANSPARENT"
    if old.role:
        event.add(ROLE_PROPERTY, old.role)
    return event


def calendar_name(schedule: Schedule, options: ExportOptions, patient_name: str) -> str:
    if options.discreet:
        return "Clinic appointments"
    return f"Radiotherapy: {patient_name}" if patient_name else f"Radiotherapy: {schedule.site.name}"


def export_ics(schedule: Schedule, options: ExportOptions, *, now: datetime, patient_name: str = "",
               previous: ExportState | None = None) -> bytes:
    """The whole .ics file. `now` is injected (DTSTAMP); `previous` is the earlier export."""
    for field, text in ((Field.PATIENT, patient_name), (Field.LOCATION, options.location), (Field.PHONE, options.clinic_phone)):
        single_line(field, text)  # whichever front end called: no line of the calendar is written from raw input
    stamp = now.astimezone(_UTC).replace(microsecond=0)
    tz = schedule.request.tz
    options = replace(options, course_id=calendar_identity(options.course_id))
    planned = _planned_events(schedule, options)
    old_events = previous.events if previous else {}
    events = []
    planned = _keep_missed_uids([_keep_legacy_uid(item, old_events) for item in planned], old_events)
    for item in planned:
        old = old_events.get(item.uid)
        sequence = 0
        if old is not None:
            same = old.fingerprint == fingerprint(item.start, item.end, item.summary, item.location, item.description, item.status)
            sequence = old.sequence if same else old.sequence + 1
        events.append(_event(item, sequence, stamp))
    new_uids = {item.uid for item in planned}
    cancelled = [_cancelled(old, stamp, tz, options.discreet) for uid, old in old_events.items() if uid not in new_uids]

    moments = [p.start for p in planned] + [p.end for p in planned]
    moments += [old.start for uid, old in old_events.items() if uid not in new_uids]
    moments += [old.end for uid, old in old_events.items() if uid not in new_uids]
    calendar = Calendar()
    calendar.prodid = DISCREET_PRODID if options.discreet else PRODID
    calendar.version = "2.0"
    calendar.calscale = "GREGORIAN"
    calendar.method = "PUBLISH"
    name = calendar_name(schedule, options, patient_name)
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add(COURSE_ID_PROPERTY, options.course_id)
    calendar.add_component(vtimezone(tz, min(moments), max(moments)))
    for event in sorted(events + cancelled, key=lambda e: (e.start, e.uid)):
        calendar.add_component(event)
    return bytes(calendar.to_ical())

