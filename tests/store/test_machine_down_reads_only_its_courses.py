"""A machine down re-books the courses it hits from an engine holding only those (every other booking as bare time):
the same re-booking, report and calendar updates as from the engine holding every course going on, on a busy
department whose downtime moves sessions to other machines, to a second session and to the end of courses."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from planner.app.booking import BookingDesk
from planner.core.catalogue import load_catalogue
from planner.core.department import parse_department
from planner.core.errors import InputError
from planner.core.spec import CourseSpec
from planner.resources_path import default_catalogue_path
from planner.store.db import Store

from .booking_scenario import DEPARTMENT_FILE

LONDON = ZoneInfo("Europe/London")
CATALOGUE = load_catalogue(default_catalogue_path())
TODAY = date(2030, 3, 18)  # a Monday
STARTS = [TODAY + timedelta(days=k) for k in range(14) if (TODAY + timedelta(days=k)).weekday() < 5]  # two weeks' weekdays
# (site, preset) of the courses, in turn: daily, breath-hold, SBRT, short palliative ones
MIX = (("prostate", "20-daily"), ("breast", "left-15-daily-dibh"), ("lung", "sbrt-5-alternate"), ("rectum", "5-daily"),
       ("spine-bone", "5-daily"), ("head-neck", None))


def busy_department() -> str:
    """The golden department with short days (08:00-11:00, Linac 2 to 10:00 on Fridays) and weekend make-ups."""
    text = DEPARTMENT_FILE.read_text(encoding="utf-8").replace("08:00-18:00", "08:00-11:00").replace("08:00-16:00", "08:00-10:00")
    return text.replace("[[closures]]", '[booking]\nweekend_hours = "09:00-12:00"\n\n[[closures]]', 1)


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A department filled near capacity by the booking engine: 26 courses starting over two weeks."""
    url = f"sqlite:///{tmp_path_factory.mktemp('busy') / 'department.db'}"
    with Store.open(url, user="test") as store:
        store.set_department(parse_department(busy_department(), "busy department"))
        for n in range(26):
            site, preset = MIX[n % len(MIX)]
            if preset is None:
                preset = CATALOGUE.site(site).presets[0].id
            store.save_course(CourseSpec(course_id=f"course-{n:02d}", patient_name=f"Patient {n:02d}", patient_id=f"H{n:04d}",
                                         site=site, preset=preset, start=STARTS[n % 10], time=time(8, 30),
                                         tz="Europe/London", days=frozenset(range(5))))
    with BookingDesk(Store.open(url, user="test"), CATALOGUE, today=TODAY) as desk:
        for n in range(26):
            answer = desk.propose(f"course-{n:02d}", earliest=STARTS[n % 10], urgent=n % 7 == 4)
            if answer.best is not None:
                desk.commit(answer.best, urgent=answer.urgent, ready=answer.earliest)
                if n % 2:
                    desk.export_calendar(f"course-{n:02d}")  # the patient has a calendar that a re-booking changes
    return url


def rebooking(url: str, machine: str, start: datetime, end: datetime, whole: bool) -> object:
    """What a dry run of the machine down reports and the calendar updates it makes, from the narrow engine or
    (`whole`) from the engine holding every course going on; or the message it refuses with."""
    with BookingDesk(Store.open(url, user="test"), CATALOGUE, today=TODAY) as desk:
        if whole:
            desk.engine_for = lambda course_ids: desk.engine()  # type: ignore[method-assign]
        try:
            report, updates = desk.machine_down(machine, start, end, "fault", now=datetime.combine(TODAY, time(7), LONDON),
                                                dry_run=True)
        except InputError as exc:
            return ("refused", str(exc))
        return report, [(u.course_id, u.patient, u.changed, u.changes, u.file_name) for u in updates]


def test_the_department_is_busy_enough_to_move_sessions_every_way(url: str) -> None:
    with BookingDesk(Store.open(url, user="test"), CATALOGUE, today=TODAY) as desk:
        report, updates = desk.machine_down("Linac 1", datetime(2030, 3, 25, 8, 0, tzinfo=LONDON), datetime(2030, 3, 29, 11, 0, tzinfo=LONDON),
                                      "fault", now=datetime.combine(TODAY, time(7), LONDON), dry_run=True)
    assert report.moved and report.appended  # other machines, and the end of courses
    assert updates  # calendars given to patients change


@pytest.mark.parametrize("machine", ["Linac 1", "Linac 2", "Linac 3", "CT simulator"])
@pytest.mark.parametrize("day, hours", [(date(2030, 3, 20), (8, 11)), (date(2030, 3, 25), (8, 10)), (date(2030, 3, 27), (9, 11)),
                                        (date(2030, 4, 1), (8, 11))])
def test_a_machine_down_rebooks_as_the_whole_engine_does(url: str, machine: str, day: date, hours: tuple[int, int]) -> None:
    start = datetime.combine(day, time(hours[0]), LONDON)
    end = datetime.combine(day, time(hours[1]), LONDON)
    assert rebooking(url, machine, start, end, whole=False) == rebooking(url, machine, start, end, whole=True)


def test_a_week_down_rebooks_as_the_whole_engine_does(url: str) -> None:
    start, end = datetime(2030, 3, 25, 8, 0, tzinfo=LONDON), datetime(2030, 3, 29, 11, 0, tzinfo=LONDON)
    assert rebooking(url, "Linac 1", start, end, whole=False) == rebooking(url, "Linac 1", start, end, whole=True)
