"""The list keeps the appointment chosen across the re-plans of one course, never into another: after New or
opening the next patient, their fraction 4 was shown selected (and its preparation under the list) because the last
patient's fraction 4 had been."""

from __future__ import annotations

from dataclasses import replace
from datetime import time

from planner.core.spec import new_course_id
from tests.test_focus_in_sight import COURSE
from tests.window_helpers import open_window


def selected_rows(window) -> list[int]:
    return [index.row() for index in window.table.selectionModel().selectedRows()]


def test_the_chosen_appointment_stays_with_its_course_only(qtbot, monkeypatch):
    window = open_window(qtbot, monkeypatch, COURSE)
    window.table.selectRow(4)
    assert selected_rows(window) == [4]
    window.session.replace(replace(window.session.spec, time=time(10, 0)), "Change time")  # the same course re-planned
    assert selected_rows(window) == [4]
    window.session.reset(replace(COURSE, course_id=new_course_id(), patient_name="Next Patient"), None)  # another one
    assert selected_rows(window) == []
    window.new_course()
    assert selected_rows(window) == []
