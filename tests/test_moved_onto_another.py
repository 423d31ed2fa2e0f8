"""A fraction moved to a day that a closure since gave to another: said with the way out, and the window asks
before it exports or prints a course that breaks its spacing (Go back the default)."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtWidgets import QFileDialog, QMessageBox

from planner.app.planning import plan
from planner.core.course import Adjustments, Move
from planner.core.kinds import AppointmentKey
from planner.core.spec import CourseSpec
from planner.ui import dialogs
from tests.window_helpers import answer, open_window

MOVED = Adjustments(moves=(Move(AppointmentKey.fraction(5), datetime(2027, 4, 2, 14, 15)),))
SPEC = CourseSpec(patient_name="Ann Example", site="prostate", fractions=20, start=date(2027, 3, 25), tz="Europe/London",
                  holidays="GB-ENG", adjustments=MOVED)
CLOSED = SPEC.updated(closed=((date(2027, 4, 1), "Linac service"),))


def test_a_closure_that_puts_another_fraction_on_a_moved_ones_day_is_said_with_the_way_out(catalogue):
    assert not [w for w in plan(SPEC, catalogue).warnings if "was moved to" in w]
    warnings = plan(CLOSED, catalogue).warnings
    assert ("Fraction 5 was moved to Fri 2 Apr 2027, the day of fraction 4: the patient has two sessions that day. If a closure "
            "or a change made since put fraction 4 there, change or remove the move of fraction 5.") in warnings


def test_export_and_print_ask_first_with_go_back_the_default(qtbot, monkeypatch, tmp_path):
    window = open_window(qtbot, monkeypatch, CLOSED)
    seen: list[str] = []
    chosen: list[int] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (chosen.append(1), ("", ""))[1])
    monkeypatch.setattr(dialogs.ExportDialog, "exec", lambda self: True)
    monkeypatch.setattr(dialogs.PrintDialog, "exec", lambda self: (chosen.append(2), False)[1])
    monkeypatch.setattr(QMessageBox, "exec", answer("&Go back", seen))
    window.export_calendar()
    window.print_course()
    assert chosen == [] and len(seen) == 2
    assert "Fractions 4 and 5 are 5.2 hours apart" in seen[0] and "the patient would be given these times" in seen[0]
    monkeypatch.setattr(QMessageBox, "exec", answer("Export &anyway", seen))
    window.export_calendar()
    assert chosen == [1]
    monkeypatch.setattr(QMessageBox, "exec", answer("Print &anyway", seen))
    window.print_course()
    assert chosen == [1, 2]


def test_a_course_that_keeps_its_spacing_is_not_asked_about(qtbot, monkeypatch):
    window = open_window(qtbot, monkeypatch, SPEC)
    monkeypatch.setattr(QMessageBox, "exec", lambda box: (_ for _ in ()).throw(AssertionError(box.text())))
    printed: list[int] = []
    monkeypatch.setattr(dialogs.PrintDialog, "exec", lambda self: (printed.append(1), False)[1])
    window.print_course()
    assert printed == [1]
