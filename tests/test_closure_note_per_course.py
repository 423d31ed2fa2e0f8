"""A closure note half typed (or kept after a refusal) stays with its course: opening another patient's
course clears it, so it cannot be added to the wrong patient; an edit of the same course keeps it."""

from __future__ import annotations

from datetime import date

from planner.core.spec import CourseSpec
from tests.window_helpers import open_window

COURSE = CourseSpec(patient_name="Mary Jones", patient_id="H201", site="prostate", fractions=20,
                    start=date(2026, 12, 14), tz="Europe/London")


def test_another_course_clears_the_half_typed_note_the_same_course_keeps_it(qtbot, monkeypatch):
    window = open_window(qtbot, monkeypatch, COURSE)
    form = window.form
    form.closure_note.setText("Physics QA")
    window.session.edit(window.session.spec.updated(location="Level 2"), "location")  # the same course, edited
    assert form.closure_note.text() == "Physics QA"
    window.session.reset(CourseSpec(patient_name="Bob Lee", patient_id="H204", site="prostate", fractions=20,
                                    start=date(2026, 12, 14), tz="Europe/London"), None)  # another patient's course
    assert form.closure_note.text() == ""
