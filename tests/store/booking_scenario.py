"""A small department with stored courses, for the booking tests, the golden agenda and the
screenshots: the golden department file, and courses whose patients and regimens differ."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from planner.core.department import load_department
from planner.core.spec import CourseSpec
from planner.store.db import Store
from tests.questions import discard_unsaved

GOLDEN = Path(__file__).resolve().parent.parent / "golden" / "department"
DEPARTMENT_FILE = GOLDEN / "department.toml"
WEEKDAYS = frozenset(range(5))

# (course id, patient, hospital number, site, preset, planning scan or None)
COURSES = (
    ("course-prostate", "Zoë Ångström", "H0001", "prostate", "20-daily", None),
    ("course-breast", "Amir Haddad", "H0002", "breast", "left-15-daily-dibh", None),
    ("course-lung", "Bea Lindqvist", "H0003", "lung", "sbrt-5-alternate", None),
    ("course-rectum", "Chen Wei", "H0004", "rectum", "5-daily", datetime(2030, 3, 20, 10, 0)),
    ("course-spine", "Dora Mbeki", "H0005", "spine-bone", "5-daily", None),
    ("course-prostate-2", "Eamon O'Neill", "H0006", "prostate", "20-daily", None),
)


def course_spec(course_id: str, patient: str, number: str, site: str, preset: str, simulation: datetime | None,
                start: date = date(2030, 3, 25)) -> CourseSpec:
    return CourseSpec(course_id=course_id, patient_name=patient, patient_id=number, site=site, preset=preset, start=start,
                      time=time(8, 30), tz="Europe/London", days=WEEKDAYS, simulation=simulation)


def stock(url: str, courses: tuple[tuple[str, str, str, str, str, datetime | None], ...] = COURSES) -> str:
    """Put the golden department and the courses (not yet booked) into the store at `url`; returns `url`."""
    with Store.open(url) as store:
        store.set_department(load_department(DEPARTMENT_FILE))
        for entry in courses:
            store.save_course(course_spec(*entry))
    return url


# The bookings of the golden scenario, in order: (course id, extra options of `book`)
BOOKINGS = (
    ("course-prostate", ["--earliest", "2030-03-25", "--prefer-time", "08:30"]),
    ("course-breast", ["--earliest", "2030-03-25", "--prefer-time", "08:30"]),
    ("course-lung", ["--earliest", "2030-03-26", "--prefer-time", "09:00", "--machine", "Linac 2"]),
    ("course-rectum", ["--prefer-time", "08:30"]),
    ("course-spine", ["--earliest", "2030-03-28", "--urgent"]),
    ("course-prostate-2", ["--earliest", "2030-03-25", "--prefer-time", "08:30"]),
)


def place_bookings(url: str, skip: tuple[str, ...] = ()) -> None:
    """Put the golden bookings (kept as data, so the engine's choices cannot move them) into the store."""
    import json
    from datetime import time as clock

    from planner.core.kinds import AppointmentKind
    from planner.store.db import bookings as db

    data = json.loads((GOLDEN / "bookings.json").read_text(encoding="utf-8"))
    held = [db.Booking(b["course_id"], AppointmentKind(b["kind"]), b["number"], b["machine"],
                             datetime.fromisoformat(b["start"]), datetime.fromisoformat(b["end"]))
            for b in data["bookings"] if b["course_id"] not in skip]
    with Store.open(url) as store, db.writing(store.engine, store.display_url) as connection:
        db.place(connection, held)
        for course in data["courses"]:
            if course["course_id"] not in skip:
                db.set_course_booking(connection, course["course_id"], course["machine"], clock.fromisoformat(course["daily_time"]),
                                      course["urgent"], "golden")


@contextmanager
def main_window_on(qtbot: Any, monkeypatch: Any, url: str, **settings: Any) -> Iterator[Any]:
    """The main window on the store at `url` (1600 x 1000, London, discarding unsaved edits when asked)."""
    from planner.store.settings import Settings
    from planner.ui.main_window import MainWindow, catalogue_at

    discard_unsaved(monkeypatch)
    store = Store.open(url)
    chosen = replace(Settings(clinic_name="Riverside", time_zone="Europe/London", **settings), database=url)
    window = MainWindow(chosen, catalogue_at(""), persist_settings=False, open_store=lambda: store)
    qtbot.addWidget(window)
    window.resize(1600, 1000)
    window.show()
    try:
        yield window
    finally:
        from PySide6.QtWidgets import QApplication

        window.close()  # closed, and its events handled, while its store is open: a window coming back to the front
        QApplication.processEvents()  # reads the store again, and a store closed first would open a new connection
        store.close()


def desk_on(url: str) -> Any:
    """A booking desk on the store at `url`, with the shipped catalogue (a context manager: closes the store)."""
    from planner.app.booking import open_desk
    from planner.core.catalogue import load_catalogue
    from planner.resources_path import default_catalogue_path

    return open_desk(url, load_catalogue(default_catalogue_path()))


def owed_calendars(url: str) -> list[str]:
    """The courses whose patient is owed a calendar update, as `calendar-updates` lists them."""
    with desk_on(url) as desk:
        return [c.course_id for c in desk.outdated_calendars()]


def writes_the_prostate_update(report, folder: Path) -> None:
    """A re-booking report (machine down, re-optimisation) writes the prostate course's calendar update into a new
    `folder`, named as the window's export of the course is, and says so naming the file; its table then says the
    calendar was written (it kept saying '1 change' under 'Calendars to update')."""
    from planner.app.file_names import course_tag

    folder.mkdir()
    assert report.write_button.isEnabled()
    (update,) = report.updates
    changes = f"{update.changed} change{'s' if update.changed != 1 else ''}"
    assert report.calendar_table.item(0, 1).text() == changes
    report.write_to(folder)
    (written,) = folder.iterdir()
    assert written.name == f"Zoë-Ångström-H0001-appointments-{course_tag('course-prostate')}.ics"
    assert report.status.text() == f"Wrote 1 calendar update to {folder}: {written.name}."
    # the table says it was written, not still '1 change' to update under 'Calendars to update'
    assert report.calendar_table.item(0, 1).text() == f"written: {changes}"
    assert report.calendars_heading.text() == "<b>Calendars updated</b> (1 written)"


BREAST_ON_LINAC_3 = ("course-breast", "--earliest", "2030-03-25", "--prefer-time", "08:30", "--machine", "Linac 3")


def breast_booked(store_url: str, capsys: Any) -> str:
    """The stock department at `store_url`, its breast course booked on Linac 3 (no beam-matched twin)."""
    from .command_line import run

    found = stock(store_url)
    status, _, err = run(capsys, "book", "--db", found, "--course-id", *BREAST_ON_LINAC_3)
    assert status == 0, err
    return found
