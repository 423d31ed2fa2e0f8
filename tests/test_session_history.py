"""The window's undo stack presents the course's history from the application layer, step for step."""

from __future__ import annotations

from datetime import datetime

from planner.core.kinds import AppointmentKey
from planner.store.settings import Settings
from planner.ui.session import CourseSession

SETTINGS = Settings(time_zone="America/New_York", holidays="US-NY")


def test_the_undo_stack_and_the_history_agree_on_merges_saves_and_moves(qtbot, catalogue, tmp_path):
    session = CourseSession(catalogue, SETTINGS)
    session.start()
    start = session.spec
    for typed in ("Z", "Zo", "Zoë"):
        session.edit(start.updated(patient_name=typed), "patient")
    stack = session.undo_stack
    assert stack.count() == 1 and len(session.history.entries) == 2
    session.save(tmp_path / "course.igrt.json")
    assert stack.isClean() and not session.dirty
    session.edit(session.spec.updated(patient_name="Zoë A"), "patient")  # after a save: a step of its own
    fraction = session.schedule.find(AppointmentKey.fraction(2))
    session.move(AppointmentKey.fraction(2), datetime.combine(fraction.start.date(), fraction.start.time().replace(hour=14)))
    assert stack.count() == 3 and len(session.history.entries) == 4
    assert stack.undoText() == "Move fraction 2" == session.history.undo_label
    stack.undo()
    assert session.schedule.find(AppointmentKey.fraction(2)).start.hour != 14 and session.spec.patient_name == "Zoë A"
    stack.undo()
    assert session.spec.patient_name == "Zoë" and stack.isClean() and not session.dirty
    stack.undo()
    assert session.spec == start and session.dirty
    stack.redo()
    stack.redo()
    assert session.spec.patient_name == "Zoë A" and session.history.index == 2


def test_an_undo_stack_marked_clean_from_outside_leaves_nothing_unsaved(qtbot, catalogue):
    session = CourseSession(catalogue, SETTINGS)
    session.start()
    session.edit(session.spec.updated(patient_name="A"), "patient")
    assert session.dirty
    session.undo_stack.setClean()
    assert not session.dirty and not session.history.dirty
