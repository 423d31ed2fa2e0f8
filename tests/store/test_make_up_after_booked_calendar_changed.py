"""A booked course marks a session missed (made up at the end, not booked yet), then its own calendar changes (its public
holidays taken away, or given). The booked sessions keep their times; the make-up is shown where `book --make-ups` books
it: after the last booked session, as far apart as the course's pattern wants. Before, the plan, the export, the print
and the window put it where the changed plan had it: a head-and-neck course whose Belgian holidays were taken away showed
fractions 29 and 30 both on Mon 29 Apr 2030 at 08:30, while `book --make-ups` would book Tue 30 Apr; an alternate-day
SBRT course showed (and booked) its make-up the day after its last session; a course given holidays left a treatment
day free before its make-up."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import UTC, date, datetime, time

import pytest
from icalendar import Calendar

from planner.app.course_booking import open_as_booked
from planner.app.planning import plan
from planner.core.catalogue import load_catalogue
from planner.core.department import load_department
from planner.core.spec import CourseSpec
from planner.resources_path import default_catalogue_path
from planner.store.db import Store

from .booking_scenario import DEPARTMENT_FILE, WEEKDAYS
from .command_line import run

COURSE = "course-hn"
# (site, preset, start, holidays of the department and course, holidays after, session missed, the make-up's day)
CASES = {
    # Easter Monday (22 Apr 2030) pushed the last booked session to Mon 29 Apr; without the holidays the plan ends a day sooner
    "holidays taken away": ("head-neck", "30-daily", date(2030, 3, 18), "BE", "none", 3, date(2030, 4, 30)),
    # booked without holidays, ending Fri 26 Apr; given Belgium's, the plan ends later: the make-up left Mon 29 Apr free
    "holidays given": ("head-neck", "30-daily", date(2030, 3, 18), None, "BE", 3, date(2030, 4, 29)),
    # 15, 17, 19, 23 (Easter Monday closed), 25 Apr booked; without the holiday the plan's make-up is Fri 26, a day after 25
    "alternate days, holidays taken away": ("lung", "sbrt-5-alternate", date(2030, 4, 15), "BE", "none", 2, date(2030, 4, 29)),
}


def _booked_then_missed(capsys, tmp_path, site, preset, start, holidays, after, missed) -> str:
    url = f"sqlite:///{tmp_path / 'department.db'}"
    with Store.open(url) as store:
        store.set_department(replace(load_department(DEPARTMENT_FILE), holidays=holidays))
        store.save_course(CourseSpec(course_id=COURSE, patient_name="Ines Peeters", patient_id="H0042", site=site, preset=preset,
                                     start=start, time=time(8, 30), tz="Europe/London", days=WEEKDAYS, holidays=holidays))
    status, _, err = run(capsys, "book", "--course-id", COURSE, "--earliest", start.isoformat(), "--prefer-time", "08:30",
                         "--db", url)
    assert status == 0, err
    status, _, err = run(capsys, "course", "save", "--course-id", COURSE, "--missed", f"{missed}=end", "--db", url)
    assert status == 0, err
    status, _, err = run(capsys, "course", "save", "--course-id", COURSE, "--holidays", after, "--db", url)
    assert status == 0, err
    return url


def _no_two_at_once(spans: list[tuple[datetime, datetime]]) -> None:
    spans = sorted(spans)
    assert all(before[1] <= after[0] for before, after in zip(spans, spans[1:], strict=False)), spans


@pytest.mark.parametrize("case", CASES)
def test_the_make_up_is_shown_where_booking_puts_it_and_never_at_a_booked_sessions_time(capsys, tmp_path, case):
    site, preset, start, holidays, after, missed, make_up_day = CASES[case]
    url = _booked_then_missed(capsys, tmp_path, site, preset, start, holidays, after, missed)

    status, out, err = run(capsys, "book", "--course-id", COURSE, "--make-ups", "--dry-run", "--db", url)
    assert status == 0, err
    booking_day = re.search(r"Would book the make-up .*: \S+ \d+ (\w{3} \d+ \w{3} \d{4}) ", out)
    assert booking_day is not None, out
    assert datetime.strptime(booking_day.group(1), "%a %d %b %Y").date() == make_up_day

    status, out, err = run(capsys, "plan", "--course-id", COURSE, "--json", "--db", url)
    assert status == 0, err
    fractions = [a for a in json.loads(out)["appointments"] if a["kind"] == "fraction" and not a.get("missed")]
    _no_two_at_once([(datetime.fromisoformat(a["start"]).astimezone(UTC), datetime.fromisoformat(a["end"]).astimezone(UTC))
                     for a in fractions])
    assert [a["start"][:10] for a in fractions if a["make_up"]] == [make_up_day.isoformat()]

    ics = tmp_path / "calendar.ics"
    status, _, err = run(capsys, "export", "--course-id", COURSE, "-o", str(ics), "--db", url)
    assert status == 0, err
    events = [e for e in Calendar.from_ical(ics.read_bytes()).walk("VEVENT") if str(e["UID"]).startswith("t")]
    assert len(events) == len(fractions)
    _no_two_at_once([(e.decoded("DTSTART").astimezone(UTC), e.decoded("DTEND").astimezone(UTC)) for e in events])
    assert max(e.decoded("DTSTART").date() for e in events) == make_up_day

    catalogue = load_catalogue(default_catalogue_path())
    with Store.open(url) as store:  # the window (and its print): the course at its booked times
        shown = plan(open_as_booked(store, COURSE, catalogue).spec, catalogue)
    given = [f for f in shown.fractions if not f.missed]
    _no_two_at_once([(f.start.astimezone(UTC), f.end.astimezone(UTC)) for f in given])
    assert [f.start.date() for f in given if f.make_up] == [make_up_day]

    status, out, err = run(capsys, "book", "--course-id", COURSE, "--make-ups", "--db", url)
    assert status == 0, err
    status, out, err = run(capsys, "plan", "--course-id", COURSE, "--json", "--db", url)  # booked there: shown there still
    assert [a["start"][:10] for a in json.loads(out)["appointments"] if a["kind"] == "fraction" and a["make_up"]] == [
        make_up_day.isoformat()]
