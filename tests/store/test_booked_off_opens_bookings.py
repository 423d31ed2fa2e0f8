"""A hand move in the bookings (`move`, the Bookings window's Move…) puts a course's session off its planned time. In the
main window the week marks it 'booked off the planned time' and its menu's 'Bookings of that day…' opens the Bookings
window on the day the session is on (the booking decides where it is); before, the week said 'moved' and offered 'Back
to the planned time'."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QPoint

from planner.core.course import BOOKED_REASON
from planner.ui.department_window import DepartmentWindow
from planner.ui.result_panel import WEEK_TAB
from tests.window_helpers import menu_texts

from .booking_scenario import main_window_on, place_bookings, stock
from .command_line import run

pytestmark = pytest.mark.qt_log_ignore("does not support raise", "does not support grabbing")  # offscreen, on the menus


def test_a_session_moved_in_the_bookings_opens_the_bookings_on_its_new_day(qtbot, monkeypatch, capsys, tmp_path):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    place_bookings(url)
    status, _, err = run(capsys, "move", "--course-id", "course-prostate", "--session", "2", "--to", "2030-03-26T13:00",
                         "--db", url)
    assert status == 0, err
    with main_window_on(qtbot, monkeypatch, url) as window:
        window.store_link.open_course("course-prostate")
        adjustments = window.session.schedule.request.adjustments
        rebooked = [a for a in window.session.schedule.fractions if adjustments.move_reason(a.key) == BOOKED_REASON]
        assert [a.number for a in rebooked] == [2]
        session = rebooked[0]
        assert session.start.date() == date(2030, 3, 26)
        window.tabs.setCurrentIndex(WEEK_TAB)
        view = window.week.view
        view.show_week(session.start.date())
        spoken = next(m for m in view.markers.visible() if m.key == session.key).accessibleDescription()
        assert "booked off its planned time" in spoken and "moved" not in spoken
        menu = menu_texts(lambda: view._menu(session, QPoint(0, 0)), "Bookings of that day…")
        assert "Back to the planned time" not in menu and "Bookings of that day…" in menu
        shown = [w for w in window.findChildren(DepartmentWindow) if w.isVisible()]
        assert len(shown) == 1 and shown[0].day == session.start.date()
        assert window.session.schedule.request.adjustments.move_reason(session.key) == BOOKED_REASON  # nothing taken back
        shown[0].close()
