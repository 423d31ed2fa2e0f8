"""A stored course that keeps its own calendar in another time zone is treated on the department's
clock (its machines are there): booking says so, with what its first session's time reads in the
course's zone, as the patient's calendar will show it; a course on the department's clock, or on
another name for it, is booked without the note."""

from __future__ import annotations

import json
from pathlib import Path

from .booking_scenario import stock
from .command_line import run


def _book_warnings(capsys, url: str, *course: str) -> list[str]:
    status, out, err = run(capsys, "course", "save", "--site", "prostate", "--preset", "20-daily", "--start", "2030-04-08",
                           "--time", "09:00", "--patient", "Ny Pat", "--patient-id", "H77", *course, "--db", url)
    assert status == 0, err
    status, out, err = run(capsys, "book", "--course-id", out.strip(), "--db", url, "--dry-run", "--json")
    assert status == 0, err
    return json.loads(out)["warnings"]


def test_a_course_on_another_clock_is_told_what_its_times_read_there(capsys, tmp_path: Path):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    (note,) = _book_warnings(capsys, url, "--tz", "America/New_York")
    # booked at the patient's 09:00 (14:00 on the machines' clock), and said, as the clocks differ
    assert note == ("the course keeps its own time zone (America/New_York) but is treated on the department's clock "
                    "(Europe/London): 14:00 there is 09:00 in America/New_York, as the patient's calendar will show it; "
                    "set the course's time zone to Europe/London unless the patient follows another clock")


def test_a_course_on_the_departments_clock_or_another_name_for_it_has_no_note(capsys, tmp_path: Path):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    assert _book_warnings(capsys, url) == []
    assert _book_warnings(capsys, url, "--tz", "Europe/London", "--holidays", "GB-ENG") == []  # its own calendar, same zone
    assert _book_warnings(capsys, url, "--tz", "Europe/Belfast") == []  # the same clock by another name


def test_a_course_on_another_clock_is_exported_and_planned_at_its_booked_instants(capsys, tmp_path: Path):
    """The booked 09:00 in London is the patient's 04:00 in New York: the .ics, `plan` and the print
    follow the booked instants (they were written at 09:00 in New York, five hours off the booking)."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from icalendar import Calendar

    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    status, out, err = run(capsys, "course", "save", "--site", "prostate", "--preset", "20-daily", "--start", "2030-04-08",
                           "--time", "09:00", "--patient", "Ny Pat", "--patient-id", "H77", "--tz", "America/New_York",
                           "--db", url)
    assert status == 0, err
    course_id = out.strip()
    status, out, err = run(capsys, "book", "--course-id", course_id, "--db", url, "--json")
    assert status == 0, err
    booked = {(a["kind"], a["number"]): (datetime.fromisoformat(a["start"]), datetime.fromisoformat(a["end"]))
              for a in json.loads(out)["appointments"] if a["kind"] == "fraction"}
    assert len(booked) == 20
    target = tmp_path / "ny.ics"
    status, _, err = run(capsys, "export", "--course-id", course_id, "-o", str(target), "--db", url)
    assert status == 0, err
    events = [e for e in Calendar.from_ical(target.read_bytes()).walk("VEVENT") if "Radiotherapy" in str(e["SUMMARY"])]
    exported = {("fraction", int(str(e["SUMMARY"]).split()[1])): (e.decoded("DTSTART"), e.decoded("DTEND")) for e in events}
    assert exported == booked  # instants: the first fraction ends at its longer booked end
    status, out, err = run(capsys, "plan", "--course-id", course_id, "--json", "--db", url)
    assert status == 0, err
    planned = {(a["kind"], a["number"]): datetime.fromisoformat(a["start"])
               for a in json.loads(out)["appointments"] if a["kind"] == "fraction"}
    assert planned == {key: start for key, (start, _end) in booked.items()}
    first = planned[("fraction", 1)]
    assert first.utcoffset() == first.astimezone(ZoneInfo("America/New_York")).utcoffset()  # on the course's clock


def test_a_course_with_its_own_calendar_goes_back_to_the_departments(capsys, tmp_path: Path):
    """A course file saved on a desk in another zone keeps its own calendar when imported; `course save
    --department-calendar` plans it on the department's again (nothing else did)."""
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    status, out, err = run(capsys, "course", "save", "--site", "prostate", "--preset", "20-daily", "--start", "2030-04-08",
                           "--time", "09:00", "--patient", "Ny Pat", "--patient-id", "H77", "--tz", "Etc/UTC", "--db", url)
    assert status == 0, err
    course_id = out.strip()

    def calendar() -> dict[str, object]:
        status, out, err = run(capsys, "course", "show", course_id, "--json", "--db", url)
        assert status == 0, err
        return json.loads(out)["calendar"]

    assert (calendar()["source"], calendar()["tz"]) == ("course", "Etc/UTC")
    status, out, err = run(capsys, "course", "save", "--course-id", course_id, "--department-calendar", "--tz", "Etc/UTC",
                           "--db", url)
    assert (status, out) == (2, "")
    assert err == ("planner: error: --department-calendar: give it without --tz, --holidays, --closed or --days "
                   "(those make the course keep a calendar of its own)\n")
    status, _, err = run(capsys, "course", "save", "--course-id", course_id, "--department-calendar", "--db", url)
    assert status == 0, err
    shown = calendar()
    assert (shown["source"], shown["overrides_department"], shown["tz"]) == ("department", False, "Europe/London")
    assert shown["closed"] == [{"date": "2030-03-08", "note": "Staff training day"}]


def test_importing_a_file_saved_in_another_zone_says_it_keeps_that_calendar(capsys, tmp_path: Path):
    from dataclasses import replace
    from datetime import date

    from planner.store.course_file import save_course

    from .booking_scenario import course_spec

    url = stock(f"sqlite:///{tmp_path / 'department.db'}", courses=())
    spec = course_spec("course-utc", "Cy Gamma", "C1", "prostate", "20-daily", None)
    save_course(replace(spec, tz="Etc/UTC"), tmp_path / "cy.igrt.json")  # `plan --save` on a desk whose zone is UTC
    save_course(replace(spec, course_id="course-london", patient_id="C2", closed=((date(2030, 3, 8), "Staff training day"),)),
                tmp_path / "london.igrt.json")  # the department's calendar: nothing to say
    status, out, err = run(capsys, "import", str(tmp_path / "cy.igrt.json"), str(tmp_path / "london.igrt.json"), "--db", url)
    assert (status, out) == (0, "Imported 2 courses.\n")
    assert err == ("planner: warning: Cy Gamma (C1) keeps the calendar of its file, not the department's (time zone Etc/UTC, "
                   "not Europe/London; closures): `course save --course-id course-utc --department-calendar` plans it on "
                   "the department's\n")


def test_the_book_dialog_prefers_the_patients_time_on_the_machines_clock(capsys, tmp_path: Path):
    """A course kept at 09:00 in New York is offered 14:00 in London by default, the patient's 09:00 (it was
    offered 09:00 in London, the patient's 04:00)."""
    from datetime import time

    from planner.app.booking import open_desk
    from planner.ui.main_window import catalogue_at

    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    status, out, err = run(capsys, "course", "save", "--site", "prostate", "--preset", "20-daily", "--start", "2030-04-08",
                           "--time", "09:00", "--patient", "Ny Pat", "--patient-id", "H77", "--tz", "America/New_York",
                           "--db", url)
    assert status == 0, err
    with open_desk(url, catalogue_at("")) as desk:
        assert desk.course_time(out.strip()) == time(14, 0)
        assert desk.course_time("course-prostate") == time(8, 30)  # on the department's clock already
