"""A course's location too long for its field is shown from its start when the course is shown: the coordinator read
"ancer Centre, 1 River Road, Riverside RV1 2AB", the clinic's name cut at the front. (The patient's name keeps Qt's
cursor at its end: the keys start there, and what is typed goes after the name.)"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QApplication

from tests.test_focus_in_sight import COURSE
from tests.window_helpers import open_window

LOCATION = "Riverside Cancer Centre, Radiotherapy Department, Level B1, 1 River Road, Riverside RV1 2AB"


def test_a_long_location_reads_from_its_start(qtbot, monkeypatch):
    window = open_window(qtbot, monkeypatch, replace(COURSE, location=LOCATION), size=(1024, 700))
    field = window.form.location
    assert field.text() == LOCATION
    assert field.fontMetrics().horizontalAdvance(LOCATION) > field.width()  # too long to show whole
    assert QApplication.focusWidget() is not field
    assert field.cursorPosition() == 0  # its start in sight
    window.session.reset(replace(COURSE, patient_name="Another Patient", location=LOCATION), None)  # the next course
    assert field.cursorPosition() == 0
