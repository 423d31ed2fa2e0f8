"""A new course saved with File → Save while the window works on a department store goes to a course file, not
to the store the Patients list and the bookings read: the status line says so and where to add it, so a first-time
coordinator does not believe the department has it."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QFileDialog

from planner.ui.course_controller import NOT_IN_STORE

from .booking_scenario import main_window_on, stock


def test_a_new_course_saved_to_a_file_is_said_to_be_not_in_the_store(qtbot, monkeypatch, tmp_path):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    target = tmp_path / "kim.igrt.json"
    with main_window_on(qtbot, monkeypatch, url) as window:
        window.new_course()
        window.session.edit(replace(window.session.spec, patient_name="Kim Wu", patient_id="H9"), "patient_name")
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
        assert window.save_course()
        assert target.exists()
        message = window.statusBar().currentMessage()
        assert message.startswith("Saved kim.igrt.json") and NOT_IN_STORE in message


def test_without_a_store_the_message_stays_short(qtbot, monkeypatch, tmp_path):
    from planner.core.spec import CourseSpec
    from tests.window_helpers import open_window

    window = open_window(qtbot, monkeypatch, CourseSpec(patient_name="Kim Wu", site="prostate", tz="UTC"))
    target = tmp_path / "kim.igrt.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    assert window.save_course()
    assert window.statusBar().currentMessage() == "Saved kim.igrt.json"
