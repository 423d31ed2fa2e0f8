"""Open, save and add courses in the department's store, list them, and tell what a lost save race changed.

A course opened from the store carries the version it was read at; saving hands that version
back, so a second coordinator's save cannot silently overwrite the first one's (the store
refuses it with who changed the course, when and what).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from ..core.schedule import Schedule
from ..core.spec import CourseSpec
from ..store.course_file import spec_to_json
from ..store.db import AuditEntry, CourseStatus, CourseSummary, Store
from ..store.db.store import changed_fields

PAGE_SIZE = 200  # rows of the patient list fetched at a time


@dataclass(frozen=True)
class OpenedCourse:
    """A course read from the store: the spec to plan with and the version a save must name."""

    course_id: str
    version: int
    spec: CourseSpec


@dataclass(frozen=True)
class Difference:
    """One field on which the stored course and the user's own version disagree."""

    field: str
    theirs: str
    mine: str


def find_courses(store: Store, search: str = "", status: CourseStatus | None = None, *, offset: int = 0,
                 limit: int = PAGE_SIZE, today: date | None = None) -> list[CourseSummary]:
    """One page of the patient list: search in the name or hospital number, filtered by status."""
    return store.list_courses(status, search or None, limit=limit, offset=offset, today=today)


def count_courses(store: Store, search: str = "", status: CourseStatus | None = None, *, today: date | None = None) -> int:
    """How many courses the patient list holds for this search and status."""
    return store.count_courses(status, search or None, today=today)


def open_stored(store: Store, course_id: str) -> OpenedCourse:
    """The course as stored, planned on the department's calendar unless it overrides it."""
    stored = store.load_course(course_id)
    return OpenedCourse(course_id, stored.version, stored.effective_spec(store.department()))


def save_stored(store: Store, spec: CourseSpec, version: int | None, schedule: Schedule | None) -> int:
    """Save the course (version None: a course new to the store); returns the new version.
    Raises CourseConflict when someone saved it since `version` was read, InputError for a
    missing patient name or hospital number."""
    span = (schedule.first_fraction.start.date(), schedule.last_fraction.start.date()) if schedule else (spec.start, None)
    return store.save_course(spec, version, span=span)


def course_audit(store: Store, course_id: str) -> list[AuditEntry]:
    """Who changed the course, when and what: every save, oldest first."""
    return store.course_history(course_id)


def readable_value(value: str | None) -> str:
    """A stored JSON value as the user reads it: text without quotes, nothing as empty."""
    if value is None:
        return ""
    loaded = json.loads(value)
    return "" if loaded is None else loaded if isinstance(loaded, str) else json.dumps(loaded, ensure_ascii=False)


def differences(theirs: CourseSpec, mine: CourseSpec) -> list[Difference]:
    """The fields on which two versions of a course differ, in the course file's words."""
    return [Difference(name, readable_value(old), readable_value(new))
            for name, old, new in changed_fields(spec_to_json(theirs), spec_to_json(mine))]
