"""Booking a waiting course from the Bookings window says whom it booked: with Find or "Not booked only" on, the course
booked leaves the list and another row takes its place, so "Booked from Wed 23 Dec on Linac 5 at 10:10." read as if
about the patient now chosen. Initials only on a discreet screen."""

from __future__ import annotations

from datetime import time
from types import SimpleNamespace

import pytest

import planner.ui.department_window as department_window


def book_first(window, monkeypatch: pytest.MonkeyPatch, discreet: bool) -> tuple[str, str]:
    course = window.waiting.courses[0]
    first = window.desk.today

    class Booked:  # the Book dialog, its best proposal chosen
        def __init__(self, *args: object, **kwargs: object) -> None:
            self.booked = SimpleNamespace(first=first, machine="Linac 2", time=time(10, 10))

        def exec(self) -> bool:
            return True

    monkeypatch.setattr(department_window, "BookDialog", Booked)
    window.discreet.setChecked(discreet)
    window.book_course(course.course_id)
    return course.patient, window.message.text()


def test_the_status_line_names_the_patient_booked(waiting_window, monkeypatch):
    patient, said = book_first(waiting_window, monkeypatch, discreet=False)
    assert said.startswith(f"Booked {patient} from ") and said.endswith(" on Linac 2 at 10:10.")


def test_a_discreet_screen_says_the_initials(waiting_window, monkeypatch):
    from planner.core.agenda import initials

    patient, said = book_first(waiting_window, monkeypatch, discreet=True)
    assert said.startswith(f"Booked {initials(patient)} from ") and patient not in said
