"""What an earlier export said, read back from our own .ics file (for updates and diffs).

Only files this planner wrote are accepted; anything else, malformed or oversized, is refused
with one clear message, and reading is bounded in size so a hostile file cannot hang or
exhaust memory.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from icalendar import Calendar

from ..core.giveaway import names_giveaway
from ..core.limits import (
    MAX_EXPORT_BYTES,
    MAX_EXPORT_EVENTS,
    MAX_EXPORT_LINE_CHARS,
    MAX_EXPORT_LINES,
    MAX_EXPORT_SPAN_DAYS,
    export_year_problem,
)
from ..core.text import printable, size_words
from ..store.files import read_bounded

MAX_BYTES = MAX_EXPORT_BYTES
MAX_EVENTS = MAX_EXPORT_EVENTS
_FOLD = re.compile(rb"\r?\n[ \t]")
_COMPONENT = re.compile(rb"^BEGIN:", re.IGNORECASE | re.MULTILINE)
_EVENT = re.compile(rb"^BEGIN:VEVENT", re.IGNORECASE | re.MULTILINE)
_YEAR = re.compile(rb"(?<![0-9])([0-9]{4})[0-9]{4}T[0-9]{6}|UNTIL=([0-9]{4})|^DT[A-Z-]*[;:][^\r\n]*?:([0-9]{4})[0-9]{4}",
                   re.IGNORECASE | re.MULTILINE)
# Carried by the PRODID of every export, plain ("-//IGRT Course Planner//planner 0.1.0//EN"),
# discreet ("-//Course Planner//planner 0.1.0//EN") and earlier ones alike; it names no treatment.
PRODUCT_MARK = "Course Planner//"
DISCREET_MARK = "-//Course Planner//"  # how a discreet export's PRODID begins (a plain one's names the IGRT planner)
ROLE_PROPERTY = "X-PLANNER-ROLE"
COURSE_ID_PROPERTY = "X-PLANNER-COURSE-ID"
# What earlier exports called the same two properties.
_LEGACY_PROPERTIES = {ROLE_PROPERTY: "X-IGRT-ROLE", COURSE_ID_PROPERTY: "X-IGRT-COURSE-ID"}
_UTC = UTC


class ExportFileError(ValueError):
    """A file that is not one of our exports, or is malformed."""


def fingerprint(start: datetime, end: datetime, summary: str, location: str, description: str, status: str) -> tuple[str, ...]:
    """What a calendar shows of an event: a change in any of it raises SEQUENCE."""
    return (start.astimezone(_UTC).isoformat(), end.astimezone(_UTC).isoformat(), summary, location, description, status)


@dataclass(frozen=True)
class EventState:
    uid: str
    role: str
    sequence: int
    start: datetime
    end: datetime
    summary: str
    location: str
    description: str
    status: str

    @property
    def fingerprint(self) -> tuple[str, ...]:
        return fingerprint(self.start, self.end, self.summary, self.location, self.description, self.status)

    @property
    def is_preparation(self) -> bool:
        return "-p" in self.role

    @property
    def is_missed(self) -> bool:
        """A session the patient missed, kept in the export as a cancelled event ("x202612070830")."""
        return self.role.startswith("x")


@dataclass(frozen=True)
class ExportState:
    course_id: str
    events: dict[str, EventState]
    discreet: bool = False  # a discreet export (its PRODID): the patient's updates stay discreet

    @property
    def prep_events(self) -> bool:
        """Whether the export gave preparation steps as events of their own (`--prep-events`): the
        patient's updates keep them, as their calendar may drop alarms."""
        return any(e.is_preparation and e.status != "CANCELLED" for e in self.events.values())


def _text(component: Any, key: str) -> str:
    value = component.get(key)
    return "" if value is None else str(value)


def _planner_text(component: Any, key: str) -> str:
    """One of our X- properties, under its current name or the name older exports used."""
    return _text(component, key) or _text(component, _LEGACY_PROPERTIES[key])


def _aware(value: Any, source: str, uid: str) -> datetime:
    moment = getattr(value, "dt", None)
    if isinstance(moment, datetime) and moment.tzinfo is not None:
        return moment
    if isinstance(moment, date) and not isinstance(moment, datetime):
        raise ExportFileError(f"{source}: event {printable(uid[:80])} has an all-day date; not an export of this planner")
    raise ExportFileError(f"{source}: event {printable(uid[:80])} has no time zone on its times; not an export of this planner")


def _event_state(event: Any, uid: str, source: str) -> EventState:
    try:
        sequence = int(event.get("SEQUENCE", 0))
    except (TypeError, ValueError):
        raise ExportFileError(f"{source}: event {printable(uid[:80])} has a malformed SEQUENCE") from None
    return EventState(
        uid=uid,
        role=_planner_text(event, ROLE_PROPERTY),
        sequence=sequence,
        start=_aware(event.get("DTSTART"), source, uid),
        end=_aware(event.get("DTEND"), source, uid),
        summary=_text(event, "SUMMARY"),
        location=_text(event, "LOCATION"),
        description=_text(event, "DESCRIPTION"),
        status=_text(event, "STATUS").upper() or "CONFIRMED",
    )


def calendar_identity(course_id: str) -> str:
    """The course as its calendar files name it (each UID and X-PLANNER-COURSE-ID): its id, or a digest of an id that
    names the treatment or the site ('prostate-sbrt-2030', typed in another system), which a discreet calendar would
    otherwise carry into the phone's and the cloud's copy. The same in plain and discreet files, so each updates the
    other in place."""
    if not names_giveaway(course_id):
        return course_id
    return "course-" + hashlib.sha256(course_id.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def of_course(state: ExportState, course_id: str) -> bool:
    """Whether an exported calendar is course `course_id`'s, named by the id itself (an export before
    `calendar_identity`) or by its calendar identity."""
    return state.course_id in (course_id, calendar_identity(course_id))


def parse_export(raw: bytes, source: str) -> ExportState:
    if len(raw) > MAX_BYTES:
        # A bounded read stops one byte past the limit: say the limit, not the bytes read.
        raise ExportFileError(f"{source}: too large for a course calendar (at most {size_words(MAX_BYTES)})")
    head = raw.lstrip(b"\xef\xbb\xbf \r\n\t")[:15].upper()
    if not head.startswith(b"BEGIN:VCALENDAR"):
        raise ExportFileError(f"{source}: not an iCalendar file")
    unfolded = _FOLD.sub(b"", raw)
    if len(_EVENT.findall(unfolded)) > MAX_EVENTS or len(_COMPONENT.findall(unfolded)) > MAX_EVENTS * 4:
        raise ExportFileError(f"{source}: too many components for a course calendar (at most {MAX_EVENTS} events)")
    lines = unfolded.splitlines()
    if len(lines) > MAX_EXPORT_LINES or max(map(len, lines), default=0) > MAX_EXPORT_LINE_CHARS:
        raise ExportFileError(f"{source}: too many or too long lines for a course calendar "
                              f"(at most {MAX_EXPORT_LINES} lines of {MAX_EXPORT_LINE_CHARS} characters)")
    _check_years(unfolded, source)
    try:
        text = raw.decode("utf-8-sig")  # a byte order mark is skipped, as by the check above
    except UnicodeDecodeError:
        raise ExportFileError(f"{source}: not UTF-8 text") from None
    if PRODUCT_MARK not in text:
        raise ExportFileError(f"{source}: not a calendar exported by this planner")
    try:
        calendar = Calendar.from_ical(text)
    except Exception as exc:  # icalendar raises assorted errors on malformed input
        raise ExportFileError(f"{source}: malformed iCalendar ({type(exc).__name__})") from None
    if not isinstance(calendar, Calendar) or PRODUCT_MARK not in _text(calendar, "PRODID"):
        raise ExportFileError(f"{source}: not a calendar exported by this planner")
    course_id = _planner_text(calendar, COURSE_ID_PROPERTY)
    if not course_id:
        raise ExportFileError(f"{source}: the calendar carries no course identity")
    if len(calendar.walk("VEVENT")) != sum(1 for c in calendar.subcomponents if c.name == "VEVENT"):
        raise ExportFileError(f"{source}: an event inside another event; not an export of this planner")
    events: dict[str, EventState] = {}
    for event in calendar.walk("VEVENT"):
        uid = _text(event, "UID")
        if not uid:
            raise ExportFileError(f"{source}: an event has no UID")
        try:
            events[uid] = _event_state(event, uid, source)
        except ExportFileError:
            raise
        except Exception as exc:  # a damaged property surfaces as assorted errors when read
            raise ExportFileError(f"{source}: event {printable(uid[:80])} is malformed ({type(exc).__name__})") from None
    if len(events) > MAX_EVENTS:
        raise ExportFileError(f"{source}: too many events for a course calendar (at most {MAX_EVENTS})")
    _check_span(events, source)
    events = _on_course_clock(events)
    return ExportState(course_id=course_id, events=events, discreet=_text(calendar, "PRODID").startswith(DISCREET_MARK))


def _on_course_clock(events: dict[str, EventState]) -> dict[str, EventState]:
    """Times the writer put in UTC (a time the clocks show twice) read back on the course's clock,
    so a diff says "01:30" as the other events do; the course's zone is the one zone the events use."""
    zones = {m.tzinfo for e in events.values() for m in (e.start, e.end) if m.tzname() not in ("UTC", "Z")}
    if len(zones) != 1:
        return events
    zone = zones.pop()
    return {uid: replace(e, start=e.start.astimezone(zone), end=e.end.astimezone(zone)) for uid, e in events.items()}


def _check_years(unfolded: bytes, source: str) -> None:
    """Every date-time written in the file is within the planner's calendar, checked on the raw
    text before the expensive parse (times in year 1 or 9999 overflow in zone conversion)."""
    for match in _YEAR.finditer(unfolded):
        problem = export_year_problem(int(next(group for group in match.groups() if group)))
        if problem:
            raise ExportFileError(f"{source}: {problem}")


def _check_span(events: dict[str, EventState], source: str) -> None:
    """Each event within the planner's calendar, and all of them within a course's span."""
    for event in events.values():
        for moment in (event.start, event.end):
            problem = export_year_problem(moment.year)
            if problem:
                raise ExportFileError(f"{source}: event {printable(event.uid[:80])}: {problem}")
    if events:
        first = min(e.start.date() for e in events.values())
        last = max(e.end.date() for e in events.values())
        if (last - first).days > MAX_EXPORT_SPAN_DAYS:
            raise ExportFileError(f"{source}: the events span more than {MAX_EXPORT_SPAN_DAYS // 366} years; "
                                  "not an export of one course")


def read_export(path: Path) -> ExportState:
    try:
        raw = read_bounded(path, MAX_BYTES)
    except OSError as exc:
        raise ExportFileError(f"{path}: cannot open ({exc.strerror or exc})") from None
    return parse_export(raw, str(path))
