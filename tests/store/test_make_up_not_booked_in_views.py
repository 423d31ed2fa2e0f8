"""A booked course marks a session missed (made up at the end) and is then given holidays: its make-up, not booked yet,
is shown after the last booked session, where `book --make-ups` will book it. The list, the week and the month say so
alike ('make-up, not booked yet'), and its menus offer to book it rather than 'Back to the planned time'. Before, the
week and month views marked it 'moved', as a session the coordinator moved, and offered to put it 'back' where the
changed plan has it: beside another session."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QPoint

from planner.ui.result_panel import MONTH_TAB, WEEK_TAB
from planner.ui.schedule_model import APPOINTMENT_COLUMN
from tests.window_helpers import menu_texts, week_notes

from .booking_scenario import main_window_on
from .test_make_up_after_booked_calendar_changed import COURSE, _booked_then_missed

MAKE_UP_DAY = date(2030, 4, 29)  # the Monday after the last booked session (Fri 26 Apr)


pytestmark = pytest.mark.qt_log_ignore("does not support raise", "does not support grabbing")  # offscreen, on the menus


@pytest.fixture
def window(qtbot, monkeypatch, capsys, tmp_path):
    url = _booked_then_missed(capsys, tmp_path, "head-neck", "30-daily", date(2030, 3, 18), None, "BE", 3)
    with main_window_on(qtbot, monkeypatch, url) as win:
        win.store_link.open_course(COURSE)
        yield win


def _make_up(window):
    made_up = [a for a in window.session.schedule.fractions if a.make_up and not a.missed]
    assert [a.start.date() for a in made_up] == [MAKE_UP_DAY]
    return made_up[0]


def test_the_list_week_and_month_say_the_make_up_is_not_booked_yet_and_offer_to_book_it(window, qtbot, monkeypatch):
    make_up = _make_up(window)
    number = make_up.number
    model = window.model
    row = next(r for r in range(model.rowCount()) if model.appointment(r).key == make_up.key)
    assert model.index(row, APPOINTMENT_COLUMN).data() == f"Radiotherapy {number} of 30 (make-up, not booked yet)"
    rect = window.table.visualRect(model.index(row, APPOINTMENT_COLUMN))
    listed = menu_texts(lambda: window.results.on_table_menu(rect.center()))
    assert "Back to the planned time" not in listed and "Book the make-up…" in listed

    painted = week_notes(window, monkeypatch, MAKE_UP_DAY)
    view = window.week.view
    assert painted[make_up.key] == "not booked yet"  # drawn '(make-up, not booked yet)', not '(make-up, moved)'
    marker = next(m for m in view.markers.visible() if m.key == make_up.key)
    assert "not booked yet" in marker.accessibleDescription() and "moved" not in marker.accessibleDescription()
    menu = menu_texts(lambda: view._menu(make_up, QPoint(0, 0)))
    assert "Back to the planned time" not in menu and "Book the make-up…" in menu
    from planner.ui import department_window

    booking: list[str] = []  # the window's Book this course…, which books a booked course's waiting make-ups
    monkeypatch.setattr(department_window, "book_open_course", lambda _window, _db, _catalogue, course_id, *rest: booking.append(course_id))
    menu_texts(lambda: view._menu(make_up, QPoint(0, 0)), "Book the make-up…")
    assert booking == [COURSE]

    window.tabs.setCurrentIndex(MONTH_TAB)
    month = window.month.view
    month.setCurrentPage(MAKE_UP_DAY.year, MAKE_UP_DAY.month)
    assert f"08:30 Radiotherapy {number} of 30 (make-up, not booked yet)" in month.day_lines(MAKE_UP_DAY)
    spoken = next(m for m in month.markers.visible() if m.key == make_up.key).accessibleDescription()
    assert "not booked yet" in spoken and "moved" not in spoken


def test_a_coordinators_move_is_still_marked_moved_and_can_go_back(window, monkeypatch):
    moved = next(a for a in window.session.schedule.fractions if a.number == 10)
    window.session.move(moved.key, moved.start.replace(tzinfo=None, hour=14))
    window.tabs.setCurrentIndex(WEEK_TAB)
    view = window.week.view
    view.show_week(moved.start.date())
    shown = next(a for a in view.schedule.fractions if a.key == moved.key)
    assert "moved from its planned time" in next(m for m in view.markers.visible() if m.key == moved.key).accessibleDescription()
    menu = menu_texts(lambda: view._menu(shown, QPoint(0, 0)))
    assert "Back to the planned time" in menu and "Book the make-up…" not in menu
