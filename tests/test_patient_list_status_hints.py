"""The Patients list's status filter says what each status means, Cancelled too (its tooltip only
repeated the word): where it comes from and that the course is read-only until reinstated."""

from __future__ import annotations

from planner.store.db import CourseStatus
from planner.ui.patient_list import status_hint


def test_every_status_hint_explains_more_than_its_name():
    for status in CourseStatus:
        assert status_hint(status).lower() != status.value.lower(), status
    cancelled = status_hint(CourseStatus.CANCELLED)
    assert "Department → Cancel course…" in cancelled and "reinstated" in cancelled
