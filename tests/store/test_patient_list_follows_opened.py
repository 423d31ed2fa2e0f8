"""The Patients list highlights the course on screen: opening another course after saving the one edited (the
unsaved-changes question answered Save) left the highlight on the saved course while the form showed the other,
and Cancel left it on the course not opened; a coordinator then exports or prints what they think is selected."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QMessageBox

from tests.questions import discard_unsaved

from .booking_scenario import main_window_on, stock


def activate(window, course_id: str) -> None:
    """A double-click on the course's row in the Patients list."""
    patients = window.store_link.patients
    row = next(n for n, course in enumerate(patients.model.rows) if course.course_id == course_id)
    index = patients.model.index(row, 0)
    patients.table.setCurrentIndex(index)  # the click before the double-click selects the row
    patients.table.activated.emit(index)


def test_the_list_highlights_the_course_opened_after_a_save(qtbot, monkeypatch, tmp_path):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    with main_window_on(qtbot, monkeypatch, url) as window:
        window.store_link.open_course("course-prostate")
        window.session.edit(replace(window.session.spec, patient_name="Zoë Ångström-Berg"), "patient_name")
        assert window.session.dirty
        discard_unsaved(monkeypatch, QMessageBox.StandardButton.Save)
        activate(window, "course-breast")
        assert window.session.spec.course_id == "course-breast"
        assert window.store_link.patients.chosen_course() == "course-breast"


def test_cancel_keeps_the_highlight_on_the_course_still_on_screen(qtbot, monkeypatch, tmp_path):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    with main_window_on(qtbot, monkeypatch, url) as window:
        window.store_link.open_course("course-prostate")
        window.session.edit(replace(window.session.spec, patient_name="Zoë Ångström-Berg"), "patient_name")
        discard_unsaved(monkeypatch, QMessageBox.StandardButton.Cancel)
        activate(window, "course-breast")
        assert window.session.spec.course_id == "course-prostate"
        assert window.store_link.patients.chosen_course() == "course-prostate"
