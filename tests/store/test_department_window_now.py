"""The Bookings window opened on today scrolls its day to the current time (the desk's clock, injected), at
1024 x 700 where the day does not fit; opened on another day it stays at the day's first hours. Ctrl+T too."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from planner.app.booking import BookingDesk
from planner.core.catalogue import load_catalogue
from planner.resources_path import default_catalogue_path
from planner.store.db import Store
from planner.ui.department_views import HEADER
from planner.ui.department_window import DepartmentWindow

from .booking_scenario import place_bookings, stock

LONDON = ZoneInfo("Europe/London")
TODAY = date(2030, 4, 2)
NOW = datetime(2030, 4, 2, 16, 40, tzinfo=LONDON)


@pytest.fixture
def desk(tmp_path):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    place_bookings(url)
    with Store.open(url) as store:
        made = BookingDesk(store, load_catalogue(default_catalogue_path()), today=TODAY)
        made.now = lambda: NOW  # type: ignore[method-assign]
        yield made


def opened(qtbot, desk, day: date) -> DepartmentWindow:
    window = DepartmentWindow(desk, day)
    qtbot.addWidget(window)
    window.resize(1024, 700)
    window.show()
    qtbot.waitExposed(window)
    return window


def line_in_sight(window: DepartmentWindow) -> bool:
    y = window.day_view.now_y()
    top = window.day_scroll.verticalScrollBar().value()
    return y is not None and top + HEADER < y < top + window.day_scroll.viewport().height()


def test_opened_on_today_the_current_time_is_in_sight(qtbot, desk):
    window = opened(qtbot, desk, TODAY)
    assert window.day_scroll.verticalScrollBar().maximum() > 0, "the day is taller than the window: it scrolls"
    qtbot.waitUntil(lambda: line_in_sight(window))
    window.close()


def test_another_day_stays_at_its_first_hours_and_ctrl_t_finds_the_time(qtbot, desk):
    window = opened(qtbot, desk, TODAY + timedelta(days=1))
    qtbot.wait(50)
    assert window.day_scroll.verticalScrollBar().value() == 0 and window.day_view.now_y() is None
    window.today_action.trigger()
    assert window.day == TODAY and line_in_sight(window)
    window.close()


def test_a_closed_day_says_why_in_the_status_line(qtbot, desk):
    window = opened(qtbot, desk, date(2030, 3, 8))  # the golden department's staff training day
    assert window.message.text().startswith("Fri 8 Mar 2030, clinic closure (Staff training day): every machine is closed")
    window.close()


def names_in_sight(window: DepartmentWindow) -> int:
    """How many of the day's bookings show their top (the patient's name) under the machines' names."""
    top = window.day_scroll.verticalScrollBar().value()
    bottom = top + window.day_scroll.viewport().height()
    return sum(top + HEADER <= rect.top() < bottom for rect in window.day_view.block_rects())


def test_another_day_chosen_after_today_s_evening_shows_its_bookings(qtbot, desk):
    """Opened late in the day, the view scrolls to the evening; the next day chosen kept that scroll, and its morning
    of bookings lay above the view: a full day that looked empty. It now scrolls to the day's first booking."""
    desk.now = lambda: datetime(2030, 4, 2, 21, 30, tzinfo=LONDON)  # type: ignore[method-assign]
    window = opened(qtbot, desk, TODAY)
    bar = window.day_scroll.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0 and bar.value() == bar.maximum())  # the foot of the day: after hours
    window.next_action.trigger()
    assert window.day == TODAY + timedelta(days=1) and window.day_view.block_rects()
    qtbot.waitUntil(lambda: names_in_sight(window) > 0)
    first = min(rect.top() for rect in window.day_view.block_rects())
    assert bar.value() + HEADER <= first  # the first booking whole, under the machines' names
    scrolled = bar.value()
    window.next_action.trigger()  # a day whose bookings are in sight at the same hours: the view stays
    qtbot.wait(50)
    assert names_in_sight(window) > 0 and bar.value() == scrolled
    window.close()


def test_a_day_showing_only_the_foot_of_a_booking_scrolls_to_its_first(qtbot, desk):
    """Only the foot of the last booking in sight, its name under the machines' names: the day looked empty too."""
    window = opened(qtbot, desk, TODAY + timedelta(days=1))
    bar = window.day_scroll.verticalScrollBar()
    last = max(rect.top() for rect in window.day_view.block_rects())
    bar.setValue(int(last) - HEADER + 5)
    assert bar.value() == int(last) - HEADER + 5 and names_in_sight(window) == 0
    window.next_action.trigger()
    window.previous_action.trigger()  # the same day again, at the same scroll
    qtbot.waitUntil(lambda: names_in_sight(window) > 0)
    assert bar.value() + HEADER <= min(rect.top() for rect in window.day_view.block_rects())
    window.close()
