"""A booked course whose machine booking put a session off its planned time (a downtime re-booking, a hand move in
the Bookings window) shows it in the list as '(booked off the planned time)'. The week and month views say so alike,
to the eye and to a screen reader, and the menus (week and list) offer the Bookings window on that day rather than
'Back to the planned time', which for a booked session cannot do what it says: the booking decides where it is.
Before, the week called it 'moved' and offered to put it back. A coordinator's own move keeps 'moved' and its way back."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from PySide6.QtCore import QPoint

from planner.core.course import BOOKED_REASON
from planner.core.kinds import AppointmentKey
from planner.ui import department_window, week_view
from planner.ui.result_panel import MONTH_TAB, WEEK_TAB
from planner.ui.schedule_model import APPOINTMENT_COLUMN
from tests.test_list_moved_mark import COURSE, MOVES, row_of
from tests.window_helpers import menu_texts, open_window, week_notes

pytestmark = pytest.mark.qt_log_ignore("does not support raise", "does not support grabbing")  # offscreen, on the menus

BOOKED_DAY = date(2026, 12, 7)
BOOKED = MOVES.with_move(AppointmentKey.fraction(1), datetime(2026, 12, 7, 8, 50), BOOKED_REASON)


@pytest.fixture
def window(qtbot, monkeypatch):
    return open_window(qtbot, monkeypatch, COURSE.updated(adjustments=BOOKED), size=(1366, 768))


def test_the_week_and_month_say_booked_off_the_planned_time_and_offer_that_days_bookings(window, monkeypatch):
    first = next(a for a in window.session.schedule.fractions if a.number == 1)
    model = window.model
    assert model.index(row_of(model, 1), APPOINTMENT_COLUMN).data() == "Radiotherapy 1 of 20 (booked off the planned time)"
    opened: list[object] = []  # the Bookings window opened (no store here: open_department is only recorded)
    monkeypatch.setattr(department_window, "open_department", lambda *args, **kwargs: opened.append(args) or None)

    rect = window.table.visualRect(model.index(row_of(model, 1), APPOINTMENT_COLUMN))
    listed = menu_texts(lambda: window.results.on_table_menu(rect.center()))
    assert "Back to the planned time" not in listed and "Bookings of that day…" in listed

    painted = week_notes(window, monkeypatch, BOOKED_DAY)
    view = window.week.view
    assert painted[first.key] == "booked off the planned time"  # not 'moved'
    assert week_view.block_label(first, 1, painted[first.key]) == "08:50 Radiotherapy 1 of 20 (booked off the planned time)"
    spoken = next(m for m in view.markers.visible() if m.key == first.key).accessibleDescription()
    assert "booked off its planned time" in spoken and "moved" not in spoken
    days: list[object] = []
    window.results.bookingsDayRequested.connect(days.append)
    menu = menu_texts(lambda: view._menu(first, QPoint(0, 0)), "Bookings of that day…")
    assert "Back to the planned time" not in menu and "Bookings of that day…" in menu
    assert days == [BOOKED_DAY] and len(opened) == 1  # the Bookings window, asked for that day
    assert window.session.spec.adjustments.move_reason(first.key) == BOOKED_REASON  # nothing taken back

    window.tabs.setCurrentIndex(MONTH_TAB)
    month = window.month.view
    month.setCurrentPage(BOOKED_DAY.year, BOOKED_DAY.month)
    assert "08:50 Radiotherapy 1 of 20 (booked off the planned time)" in month.day_lines(BOOKED_DAY)
    spoken = next(m for m in month.markers.visible() if m.key == first.key).accessibleDescription()
    assert "booked off its planned time" in spoken and "moved" not in spoken


def test_a_coordinators_move_on_an_unbooked_course_is_still_moved_and_can_go_back(qtbot, monkeypatch):
    window = open_window(qtbot, monkeypatch, COURSE, size=(1366, 768))
    moved = next(a for a in window.session.schedule.fractions if a.number == 3)
    window.tabs.setCurrentIndex(WEEK_TAB)
    view = window.week.view
    view.show_week(moved.start.date())
    spoken = next(m for m in view.markers.visible() if m.key == moved.key).accessibleDescription()
    assert "moved from its planned time" in spoken
    menu = menu_texts(lambda: view._menu(moved, QPoint(0, 0)))
    assert "Back to the planned time" in menu and "Bookings of that day…" not in menu
    model = window.model
    rect = window.table.visualRect(model.index(row_of(model, 3), APPOINTMENT_COLUMN))
    window.tabs.setCurrentIndex(0)
    listed = menu_texts(lambda: window.results.on_table_menu(rect.center()))
    assert "Back to the planned time" in listed and "Bookings of that day…" not in listed
