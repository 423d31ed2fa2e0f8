"""The window's side of the course model: the list shows missed sessions, phases and make-ups, and
the session adds, removes, re-times and shifts adjustments with undo."""

from __future__ import annotations

from datetime import date, time

from PySide6.QtCore import Qt

from planner.core.course import AdjustmentRef, Adjustments, AdjustmentType, MakeUp, MissedSession
from planner.core.spec import CourseSpec, PhaseSpec
from planner.store.settings import Settings
from planner.ui.schedule_model import ScheduleTableModel
from planner.ui.session import CourseSession, build

SPEC = CourseSpec(site="breast", fractions=6, start=date(2026, 11, 2), tz="Europe/London", phases=(PhaseSpec(3),),
                  adjustments=Adjustments(missed=(MissedSession(date(2026, 11, 4), reason="patient unwell"),)))


def test_list_shows_the_missed_session_in_its_place_with_phases_and_the_make_up(qapp, qtmodeltester, catalogue):
    model = ScheduleTableModel()
    model.set_schedule(build(SPEC, catalogue).schedule)
    qtmodeltester.check(model)
    titles = [model.data(model.index(row, 4), Qt.ItemDataRole.DisplayRole) for row in range(model.rowCount())]
    assert titles[2] == "Missed: Radiotherapy 3 of 9 (phase 1 of 2)"
    assert titles[3] == "Radiotherapy 3 of 9 (phase 1 of 2)"
    assert titles[6] == "Radiotherapy 6 of 9 (phase 1 of 2, make-up)"
    assert titles[-1] == "Radiotherapy 9 of 9 (phase 2 of 2)"
    assert model.appointment(2).missed and not model.appointment(3).missed


def test_session_manages_adjustments_with_undo(qapp, catalogue):
    session = CourseSession(catalogue, Settings())
    session.reset(SPEC, None)
    session.retime_from(4, time(13, 0), "machine fault")
    assert [f"{f.start:%H:%M}" for f in session.schedule.fractions][3:5] == ["13:00", "13:00"]
    session.shift_from(7, "transport")
    assert session.spec.adjustments.shifts[0].days == 1 and session.spec.adjustments.shifts[0].reason == "transport"
    session.mark_missed(date(2026, 11, 9), MakeUp.END, None, "transport")
    assert {m.reason for m in session.spec.adjustments.missed} == {"patient unwell", "transport"}
    session.remove_adjustment(AdjustmentRef(AdjustmentType.MISSED, "2026-11-04"))
    assert [m.day for m in session.spec.adjustments.missed] == [date(2026, 11, 9)]
    assert [m.start.date() for m in session.schedule.missed] == [date(2026, 11, 9)]
    session.undo_stack.undo()
    assert len(session.spec.adjustments.missed) == 2
    edited = MissedSession(date(2026, 11, 5), reason="machine fault")
    session.edit_adjustment(AdjustmentRef(AdjustmentType.MISSED, "2026-11-04"), edited)
    assert [m.day for m in session.spec.adjustments.missed] == [date(2026, 11, 5), date(2026, 11, 9)]
