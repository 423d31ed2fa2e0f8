"""A moved appointment is marked in the List as the Week view marks it: "Radiotherapy 3 of 20 (moved)";
its tooltip and its words for a screen reader say it was moved from its planned time (which), and why when a
reason was given. The narrow list (at 1024 px beside the Patients list) says it too."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import Qt

from planner.core.course import Adjustments
from planner.core.kinds import AppointmentKey
from planner.core.spec import CourseSpec
from planner.ui.schedule_model import APPOINTMENT_COLUMN, ScheduleTableModel
from tests.window_helpers import open_window

MOVES = (Adjustments().with_move(AppointmentKey.fraction(3), datetime(2026, 12, 9, 13, 0), "transport")
         .with_move(AppointmentKey.fraction(5), datetime(2026, 12, 11, 14, 0)))
SAID = "Radiotherapy 3 of 20 (moved). Moved from its planned time (Wed 9 Dec 2026 09:00): transport"
COURSE = CourseSpec(patient_name="Alex Example", patient_id="RX-1", site="prostate", fractions=20,
                    start=date(2026, 12, 7), tz="Europe/London", adjustments=MOVES)


def row_of(model, number: int) -> int:
    return next(row for row in range(model.rowCount()) if model.appointment(row).key == AppointmentKey.fraction(number))


def test_the_list_marks_a_moved_fraction_and_says_why(qtbot, monkeypatch):
    window = open_window(qtbot, monkeypatch, COURSE, size=(1366, 768))
    model = window.model
    cell = model.index(row_of(model, 3), APPOINTMENT_COLUMN)
    assert cell.data() == "Radiotherapy 3 of 20 (moved)"
    assert cell.data(Qt.ItemDataRole.ToolTipRole) == "Radiotherapy 3 of 20 (moved)\nMoved from its planned time (Wed 9 Dec 2026 09:00): transport"
    assert cell.data(Qt.ItemDataRole.AccessibleTextRole) == SAID
    without_reason = model.index(row_of(model, 5), APPOINTMENT_COLUMN)
    assert without_reason.data() == "Radiotherapy 5 of 20 (moved)"
    assert without_reason.data(Qt.ItemDataRole.ToolTipRole).endswith("\nMoved from its planned time (Fri 11 Dec 2026 09:00)")
    kept = model.index(row_of(model, 4), APPOINTMENT_COLUMN)
    assert kept.data() == "Radiotherapy 4 of 20"  # not moved: no mark
    assert kept.data(Qt.ItemDataRole.ToolTipRole) == "Radiotherapy 4 of 20"
    assert kept.data(Qt.ItemDataRole.AccessibleTextRole) is None  # the cell says it itself
    narrow = ScheduleTableModel()  # the narrow list beside the Patients list
    narrow.set_compact(True)
    narrow.set_schedule(window.session.schedule)
    cell, kept = (narrow.index(row_of(narrow, number), APPOINTMENT_COLUMN) for number in (3, 4))
    assert cell.data() == "Radiotherapy 3 of 20 (moved)"
    assert cell.data(Qt.ItemDataRole.AccessibleTextRole) == SAID
    assert kept.data(Qt.ItemDataRole.AccessibleTextRole) == "Radiotherapy 4 of 20"


def test_a_time_the_machine_booking_set_is_not_marked_as_a_coordinators_move(qtbot, monkeypatch):
    from planner.core.course import BOOKED_REASON

    booked = MOVES.with_move(AppointmentKey.fraction(1), datetime(2026, 12, 7, 8, 50), BOOKED_REASON)
    window = open_window(qtbot, monkeypatch, COURSE.updated(adjustments=booked), size=(1366, 768))
    model = window.model
    first = model.index(row_of(model, 1), APPOINTMENT_COLUMN)
    assert first.data() == "Radiotherapy 1 of 20 (booked off the planned time)"
    assert first.data(Qt.ItemDataRole.ToolTipRole).endswith("\nMoved from its planned time by its machine booking")
    assert model.index(row_of(model, 3), APPOINTMENT_COLUMN).data() == "Radiotherapy 3 of 20 (moved)"  # the coordinator's


def test_a_make_up_shown_where_its_booking_will_go_says_it_is_not_booked_yet(qtbot, monkeypatch):
    from planner.core.course import TO_BOOK_REASON

    waiting = MOVES.with_move(AppointmentKey.fraction(20), datetime(2027, 1, 5, 8, 30), TO_BOOK_REASON)
    window = open_window(qtbot, monkeypatch, COURSE.updated(adjustments=waiting), size=(1366, 768))
    model = window.model
    last = model.index(row_of(model, 20), APPOINTMENT_COLUMN)
    assert last.data() == "Radiotherapy 20 of 20 (not booked yet)"  # not the coordinator's move
    assert last.data(Qt.ItemDataRole.ToolTipRole).endswith(
        "\nNot booked yet: shown after the last booked session, where booking it will put it")
