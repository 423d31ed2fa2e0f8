"""The Patients dock on a course not booked on a machine whose planned start has passed: the row
says "Planned" (not "On treatment") and its tooltip says it is not booked yet."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt

from planner.store.db import CourseStatus, Store
from planner.ui.patient_list import PatientListModel
from tests.store.booking_scenario import COURSES, course_spec, stock


def test_an_unbooked_course_past_its_planned_start_shows_planned_and_says_why(tmp_path):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}", courses=())
    with Store.open(url) as store:
        today = store.today()
        first = today - timedelta(days=7)
        store.save_course(course_spec(*COURSES[0], start=first), span=(first, today + timedelta(days=21)))
        model = PatientListModel(store)
        model.refresh()
        assert model.data(model.index(0, 2)) == "Planned"
        tip = model.data(model.index(0, 2), Qt.ItemDataRole.ToolTipRole)
        assert tip.startswith("Not booked on a machine yet") and "Last saved by" in tip
        model.refresh("", CourseStatus.ON_TREATMENT)
        assert model.total == 0
        model.refresh("", CourseStatus.PLANNED)
        assert model.total == 1
