"""The Bookings window opens on the next day the department treats (today when it does): a Sunday
or a closure day no longer opens on a grey, empty page. Ctrl+T ("Today") still shows today itself."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from planner.app.booking import BookingDesk
from planner.core.catalogue import load_catalogue
from planner.resources_path import default_catalogue_path
from planner.store.db import Store
from planner.ui.department_window import CLOSED_NOTE, DepartmentWindow

SUNDAY = date(2030, 3, 24)
MONDAY = date(2030, 3, 25)
TRAINING_DAY = date(2030, 3, 8)  # a Friday the golden department closes for staff training



def opened_on(qtbot, url: str, today: date) -> DepartmentWindow:
    store = Store.open(url)
    desk = BookingDesk(store, load_catalogue(default_catalogue_path()), today=today)
    window = DepartmentWindow(desk)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_on_a_sunday_it_opens_on_monday_and_says_why(qtbot, url):
    window = opened_on(qtbot, url, SUNDAY)
    assert window.day == MONDAY
    assert any(machine.open_hours for machine in window.day_view.machines)
    assert any(machine.entries for machine in window.day_view.machines)  # Monday's bookings, not an empty page
    said = window.message.text()
    assert "Today (Sun 24 Mar) the department is closed" in said and "Mon 25 Mar" in said and "Ctrl+T" in said


def test_on_a_closure_day_it_opens_on_the_next_open_day(qtbot, url):
    window = opened_on(qtbot, url, TRAINING_DAY)
    assert window.day == date(2030, 3, 11)  # past the weekend as well


def test_an_open_today_opens_on_today_and_says_nothing_of_it(qtbot, url):
    window = opened_on(qtbot, url, MONDAY)
    assert window.day == MONDAY
    assert "closed" not in window.message.text()


def test_today_still_means_today(qtbot, url):
    window = opened_on(qtbot, url, SUNDAY)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    QTest.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert window.day == SUNDAY
    assert window.message.text().endswith(CLOSED_NOTE)


def test_a_day_asked_for_is_kept_even_when_closed(qtbot, url):
    store = Store.open(url)
    desk = BookingDesk(store, load_catalogue(default_catalogue_path()), today=MONDAY)
    window = DepartmentWindow(desk, SUNDAY)
    qtbot.addWidget(window)
    assert window.day == SUNDAY
