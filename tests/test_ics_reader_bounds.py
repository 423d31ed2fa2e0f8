"""The .ics reader at its limits: leading blank lines, a product mark found outside PRODID, and the exact one-line messages."""

from __future__ import annotations

import pytest

from planner.ics import ExportFileError, parse_export

HEAD = b"BEGIN:VCALENDAR\r\nPRODID:-//Course Planner//x//EN\r\nX-PLANNER-COURSE-ID:c\r\n"
EVENT = b"BEGIN:VEVENT\r\nUID:u1\r\nDTSTART:20261102T090000Z\r\nDTEND:20261102T092000Z\r\nEND:VEVENT\r\n"
TAIL = b"END:VCALENDAR\r\n"


def refusal(raw: bytes) -> str:
    with pytest.raises(ExportFileError) as caught:
        parse_export(raw, "f.ics")
    return str(caught.value)


def test_blank_lines_before_the_calendar_are_allowed_and_other_text_is_not():
    assert set(parse_export(b"\r\n\r\n" + HEAD + EVENT + TAIL, "f.ics").events) == {"u1"}
    assert refusal(b"X" + HEAD + EVENT + TAIL) == "f.ics: not an iCalendar file"


def test_the_product_mark_counts_only_in_prodid():
    foreign = b"BEGIN:VCALENDAR\r\nPRODID:-//Google Inc//EN\r\nX-WR-CALNAME:Course Planner//x\r\nX-PLANNER-COURSE-ID:c\r\n"
    assert refusal(foreign + EVENT + TAIL) == "f.ics: not a calendar exported by this planner"


def test_exact_messages_for_a_malformed_file_and_a_malformed_event():
    assert refusal(HEAD + b"BEGIN:VEVENT\r\n" + TAIL) == "f.ics: malformed iCalendar (ValueError)"
    damaged = EVENT.replace(b"DTSTART:20261102T090000Z", b"DTSTART:garbage")
    assert refusal(HEAD + damaged + TAIL) == "f.ics: event u1 is malformed (BrokenCalendarProperty)"
    long_uid = "u" * 100
    bad_sequence = EVENT.replace(b"UID:u1", f"UID:{long_uid}\r\nSEQUENCE:x".encode())
    assert refusal(HEAD + bad_sequence + TAIL) == f"f.ics: event {'u' * 80} has a malformed SEQUENCE"
    assert refusal(HEAD + EVENT.replace(b"UID:u1\r\n", b"") + TAIL) == "f.ics: an event has no UID"
