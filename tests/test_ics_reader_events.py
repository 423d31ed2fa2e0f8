"""The .ics reader's refusals of one event and of a file spanning too long, and the kind of each
change the diff reports: the exact one-line messages a coordinator sees."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from planner.core.course import Adjustments, MissedSession
from planner.core.limits import (
    MAX_EXPORT_BYTES,
    MAX_EXPORT_EVENTS,
    MAX_EXPORT_LINE_CHARS,
    MAX_EXPORT_LINES,
    MAX_EXPORT_SPAN_DAYS,
)
from planner.ics import ExportFileError, ExportOptions, compare, export_ics, parse_export

from .helpers import plan

HEAD = b"BEGIN:VCALENDAR\r\nPRODID:-//Course Planner//x//EN\r\nX-PLANNER-COURSE-ID:c\r\n"
TAIL = b"END:VCALENDAR\r\n"
NOW = datetime(2026, 10, 1, 12, 0, tzinfo=UTC)


def event(uid: str, start: str = "20261102T090000Z", end: str | None = "20261102T092000Z") -> bytes:
    lines = [b"BEGIN:VEVENT", f"UID:{uid}".encode(), f"DTSTART:{start}".encode()]
    if end is not None:
        lines.append(f"DTEND:{end}".encode())
    return b"\r\n".join([*lines, b"END:VEVENT", b""])


def refusal(raw: bytes) -> str:
    with pytest.raises(ExportFileError) as caught:
        parse_export(raw, "f.ics")
    return str(caught.value)


def test_an_event_without_an_end_or_with_all_day_dates_is_refused_naming_at_most_80_characters_of_its_uid():
    uid = "u" * 120
    assert refusal(HEAD + event(uid, end=None) + TAIL) == (
        f"f.ics: event {'u' * 80} has no time zone on its times; not an export of this planner")
    assert refusal(HEAD + event(uid, start="20261102T090000") + TAIL) == (
        f"f.ics: event {'u' * 80} has no time zone on its times; not an export of this planner")
    all_day = event(uid).replace(b"DTSTART:20261102T090000Z", b"DTSTART;VALUE=DATE:20261102")
    assert refusal(HEAD + all_day + TAIL) == f"f.ics: event {'u' * 80} has an all-day date; not an export of this planner"


def test_events_may_span_exactly_the_limit_and_not_a_day_more():
    first = date(2026, 1, 1)
    last = date.fromordinal(first.toordinal() + MAX_EXPORT_SPAN_DAYS)
    at_limit = HEAD + event("a") + event("b", f"{last:%Y%m%d}T090000Z", f"{last:%Y%m%d}T092000Z") + TAIL
    at_limit = at_limit.replace(b"20261102", f"{first:%Y%m%d}".encode())
    assert set(parse_export(at_limit, "f.ics").events) == {"a", "b"}
    beyond = date.fromordinal(last.toordinal() + 1)
    too_long = at_limit.replace(f"{last:%Y%m%d}".encode(), f"{beyond:%Y%m%d}".encode())
    assert refusal(too_long) == "f.ics: the events span more than 10 years; not an export of one course"


def test_each_change_of_the_diff_has_its_kind(catalogue):
    options = ExportOptions(course_id="c-kinds")
    before = plan(catalogue, site="prostate", fractions=10, start=date(2026, 11, 2), tz="Europe/London")
    after = plan(catalogue, site="prostate", fractions=10, start=date(2026, 11, 2), tz="Europe/London",
                 adjustments=Adjustments(missed=(MissedSession(date(2026, 11, 4), reason="transport"),)))
    old = parse_export(export_ics(before, options, now=NOW), "old.ics")
    new = parse_export(export_ics(after, options, now=NOW, previous=old), "new.ics")
    kinds = {(change.kind, change.text.split(":")[0]) for change in compare(old, new)}
    assert ("missed", "Missed") in kinds and ("moved", "Moved") in kinds
    assert {kind for kind, _ in kinds} <= {"moved", "added", "cancelled", "changed", "missed"}


def test_each_size_limit_lets_the_limit_itself_through():
    # Text that passes a limit goes on to the next check: here, the missing product mark.
    unmarked = "f.ics: not a calendar exported by this planner"
    start = b"BEGIN:VCALENDAR\r\n"
    filler = (b"X" * 998 + b"\r\n") * 1001
    assert refusal((start + filler)[:MAX_EXPORT_BYTES]) == unmarked
    assert refusal((start + filler)[:MAX_EXPORT_BYTES + 1]) == (
        "f.ics: too large for a course calendar (at most 1 MB)")
    events = f"too many components for a course calendar (at most {MAX_EXPORT_EVENTS} events)"
    assert refusal(start + b"BEGIN:VEVENT\r\n" * MAX_EXPORT_EVENTS) == unmarked
    assert refusal(start + b"BEGIN:VEVENT\r\n" * (MAX_EXPORT_EVENTS + 1)) == f"f.ics: {events}"
    assert refusal(start + b"BEGIN:X\r\n" * (MAX_EXPORT_EVENTS * 4 - 1)) == unmarked  # with the calendar's own
    assert refusal(start + b"BEGIN:X\r\n" * (MAX_EXPORT_EVENTS * 4)) == f"f.ics: {events}"
    lines = (f"f.ics: too many or too long lines for a course calendar "
             f"(at most {MAX_EXPORT_LINES} lines of {MAX_EXPORT_LINE_CHARS} characters)")
    assert refusal(start + b"X\r\n" * (MAX_EXPORT_LINES - 1)) == unmarked
    assert refusal(start + b"X\r\n" * MAX_EXPORT_LINES) == lines
    assert refusal(start + b"X" * MAX_EXPORT_LINE_CHARS + b"\r\n") == unmarked
    assert refusal(start + b"X" * (MAX_EXPORT_LINE_CHARS + 1) + b"\r\n") == lines


def test_a_byte_order_mark_before_the_calendar_is_allowed():
    """As a text editor on Windows may save it."""
    assert set(parse_export(b"\xef\xbb\xbf" + HEAD + event("u1") + TAIL, "f.ics").events) == {"u1"}


def test_a_year_outside_the_calendar_is_found_across_a_folded_line():
    folded = event("u1").replace(b"DTSTART:20261102T090000Z", b"DTSTART:9999\r\n 1102T090000Z")
    assert refusal(HEAD + folded + TAIL) == "f.ics: a date in the year 9999 is outside the planner's calendar (1895 to 2205)"
    long_line = b"X-NOTE:" + b"\r\n " .join([b"x" * 70] * (MAX_EXPORT_LINE_CHARS // 70 + 1)) + b"\r\n"
    assert refusal(HEAD + long_line + event("u1") + TAIL).startswith("f.ics: too many or too long lines")


def test_as_many_events_as_the_limit_are_read_and_one_more_is_refused_however_it_is_written():
    events = b"".join(event(f"u{i}") for i in range(MAX_EXPORT_EVENTS))
    assert len(parse_export(HEAD + events + TAIL, "f.ics").events) == MAX_EXPORT_EVENTS
    # A parameter on BEGIN hides the event from the quick count before parsing, not from the parser.
    hidden = event("extra").replace(b"BEGIN:VEVENT", b"BEGIN;X=1:VEVENT")
    assert refusal(HEAD + events + hidden + TAIL) == f"f.ics: too many events for a course calendar (at most {MAX_EXPORT_EVENTS})"


def test_a_malformed_event_is_named_by_at_most_80_characters_of_its_uid():
    damaged = event("v" * 120).replace(b"DTSTART:20261102T090000Z", b"DTSTART:garbage")
    assert refusal(HEAD + damaged + TAIL) == f"f.ics: event {'v' * 80} is malformed (BrokenCalendarProperty)"


def test_events_in_the_first_and_last_years_an_export_may_hold_are_read():
    for year in (1895, 2205):
        raw = (HEAD + event("u1") + TAIL).replace(b"20261102", f"{year}1102".encode())
        assert set(parse_export(raw, "f.ics").events) == {"u1"}
    for year in (1894, 2206):
        raw = (HEAD + event("u1") + TAIL).replace(b"20261102", f"{year}1102".encode())
        assert refusal(raw) == f"f.ics: a date in the year {year} is outside the planner's calendar (1895 to 2205)"


def test_a_year_hidden_from_the_quick_check_by_a_blank_line_in_a_fold_is_refused_when_read():
    """The parser unfolds a line break followed by blank lines and a space; the quick check before
    parsing does not, so the event's own check finds the year, naming the event in 80 characters."""
    uid = "w" * 120
    hidden = event(uid).replace(b"DTSTART:20261102T090000Z", b"DTSTART:9999\r\n\r\n 1102T090000Z")
    assert refusal(HEAD + hidden + TAIL) == (
        f"f.ics: event {'w' * 80}: a date in the year 9999 is outside the planner's calendar (1895 to 2205)")
