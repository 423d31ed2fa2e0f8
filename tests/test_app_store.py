"""The application layer's store use cases without Qt: import, span, exports kept with the course."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from planner.app.calendar_export import PreviousExportError, export_calendar
from planner.app.planning import clinic_spec, plan
from planner.app.stored_courses import (
    course_span,
    import_course_files,
    last_stored_export,
    open_stored,
    record_stored_export,
)
from planner.store.course_file import save_course
from planner.store.db import Store
from planner.store.settings import Settings

SETTINGS = Settings(time_zone="America/New_York", holidays="US-NY")


@pytest.fixture
def store(tmp_path):
    with Store.open(f"sqlite:///{tmp_path / 'planner.db'}") as opened:
        yield opened


def spec(name: str, number: str, **changes):
    return clinic_spec(SETTINGS).updated(patient_name=name, patient_id=number, site="prostate", preset="20-daily",
                                         start=date(2026, 11, 2), **changes)


def test_import_adds_files_once_all_or_none_and_refuses_each_bad_one_by_name(store, tmp_path, catalogue):
    good, nameless, broken = tmp_path / "good.igrt.json", tmp_path / "nameless.igrt.json", tmp_path / "broken.igrt.json"
    course = spec("A. Patient", "H1")
    save_course(course, good)
    save_course(spec("", ""), nameless)
    broken.write_text("{")
    report = import_course_files(store, [good, nameless, broken], catalogue)
    assert report.added == () and report.already_stored == 0  # all or none: the good file waits for the others
    assert len(report.refused) == 2 and "nameless.igrt.json" in report.refused[0] and "broken.igrt.json" in report.refused[1]
    assert not store.has_course(course.course_id)
    report = import_course_files(store, [good], catalogue)
    assert report.added == (course.course_id,) and report.refused == ()
    assert store.load_course(course.course_id).last == plan(course, catalogue).last_fraction.start.date()
    again = import_course_files(store, [good], catalogue)
    assert again.added == () and again.already_stored == 1


def test_the_span_of_a_course_that_cannot_be_planned_is_its_start(catalogue):
    assert course_span(spec("A", "1").updated(fractions=999), catalogue) == (date(2026, 11, 2), None)
    assert course_span(spec("A", "1"), catalogue) == (date(2026, 11, 2), date(2026, 12, 2))  # Veterans Day, Thanksgiving closed


def test_an_export_kept_with_the_stored_course_is_the_next_ones_previous(store, catalogue):
    course = spec("A. Patient", "H1")
    store.save_course(course)
    opened = open_stored(store, course.course_id)
    assert last_stored_export(store, course.course_id) is None
    data = export_calendar(plan(opened.spec, catalogue), opened.spec, SETTINGS, now=datetime(2026, 11, 1, tzinfo=UTC), discreet=False)
    record_stored_export(store, course.course_id, data)
    kept = last_stored_export(store, course.course_id)
    assert kept is not None and kept.course_id == course.course_id and len(kept.events) == 20
    record_stored_export(store, course.course_id, b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    with pytest.raises(PreviousExportError):
        last_stored_export(store, course.course_id)
