"""What Enter and a double-click do in the Bookings window's Week occupancy and Waiting to start pages: a cell of the
week did nothing (it now opens its day in the Day tab, at its machine's first booking), and a course chosen in the
waiting list left the status line empty (it now says the course's due date and what Enter does)."""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from planner.app.booking import BookingDesk
from planner.core.agenda import initials
from planner.core.catalogue import load_catalogue
from planner.resources_path import default_catalogue_path
from planner.store.db import Store
from planner.ui.department_window import DepartmentWindow

from .booking_scenario import place_bookings, stock

LONDON = ZoneInfo("Europe/London")
DAY = date(2030, 4, 2)  # a Tuesday with bookings on Linac 1 and Linac 2


@pytest.fixture
def window(qtbot, tmp_path):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    place_bookings(url, skip=("course-prostate-2",))  # left waiting
    with Store.open(url) as store:
        desk = BookingDesk(store, load_catalogue(default_catalogue_path()), today=date(2030, 3, 22))
        shown = DepartmentWindow(desk, DAY)
        qtbot.addWidget(shown)
        shown.resize(900, 420)  # short: the day scrolls
        shown.show()
        qtbot.waitExposed(shown)
        yield shown


def in_view(window, entry) -> bool:
    return window.day_view.visibleRegion().boundingRect().intersects(window.day_view.block_rect(entry).toRect())


def latest_first(window, day: date):
    """The machine (its row) whose first booking on `day` starts latest: the day must scroll to show it."""
    agenda = window.occupancy.agenda
    booked = [(row, m, sorted(m.on(day, LONDON), key=lambda e: e.start)) for row, m in enumerate(agenda.machines)]
    return max(((row, m.name, entries[0]) for row, m, entries in booked if entries), key=lambda found: found[2].start)


def test_enter_on_an_occupancy_cell_opens_its_day_at_its_machines_first_booking(window):
    thursday = DAY + timedelta(days=2)
    row, machine, first = latest_first(window, thursday)
    window.tabs.setCurrentWidget(window.occupancy_scroll)
    window.occupancy.setFocus()
    window.occupancy.current = (row, window.occupancy.agenda.dates.index(thursday))
    QTest.keyClick(window.occupancy, Qt.Key.Key_Return)
    assert window.day == thursday and window.tabs.currentWidget() is window.day_scroll
    assert QApplication.focusWidget() is window.day_view  # the arrows go on from there
    assert window.day_view.selected is not None and window.day_view.selected.key == first.key
    assert in_view(window, window.day_view.selected)
    assert machine in window.message.text() and first.patient in window.message.text()


def test_a_double_click_on_a_cell_opens_its_day_and_the_weeks_total_says_how_to(qtbot, window):
    window.tabs.setCurrentWidget(window.occupancy_scroll)
    view = window.occupancy
    wednesday = DAY + timedelta(days=1)
    column = view.agenda.dates.index(wednesday)
    total_row = len(view.agenda.machines)
    QTest.mouseDClick(view, Qt.MouseButton.LeftButton, pos=view.cell_rect(total_row, column).center().toPoint())
    assert window.day == wednesday and window.tabs.currentWidget() is window.day_scroll  # every machine: the day alone
    window.tabs.setCurrentWidget(window.occupancy_scroll)
    view.setFocus()
    view.current = (0, len(view.agenda.dates))  # the week's total
    QTest.keyClick(view, Qt.Key.Key_Enter)
    assert window.day == wednesday and window.tabs.currentWidget() is window.occupancy_scroll
    assert "choose a day's cell" in window.message.text()


def test_a_machine_without_a_booking_that_day_has_no_other_machines_booking_chosen(qtbot, window):
    """The words and the highlight agree: before, the status line said the machine had none while the keys' outline
    (and a screen reader's focus) landed on another machine's booking, which Enter would then have moved."""
    from planner.ui.department_views import NOTHING_CHOSEN

    view = window.occupancy
    row, name = next((row, m.name) for row, m in enumerate(view.agenda.machines) if not m.on(DAY, LONDON))
    window.tabs.setCurrentWidget(window.occupancy_scroll)
    view.setFocus()
    view.current = (row, view.agenda.dates.index(DAY))
    QTest.keyClick(view, Qt.Key.Key_Return)
    day = window.day_view
    assert window.tabs.currentWidget() is window.day_scroll and QApplication.focusWidget() is day
    assert day.selected is None and day.selected_rect() is None
    assert day.accessibleDescription() == NOTHING_CHOSEN
    assert window.message.text().startswith(f"{name} has no booking on ")
    left, width = day.column_span([m.name for m in day.machines].index(name))
    seen = window.day_scroll.horizontalScrollBar().value()
    assert seen <= left and left + width <= seen + window.day_scroll.viewport().width()  # its column in sight
    QTest.keyClick(day, Qt.Key.Key_Down)  # the arrows choose one from there, as on any day
    assert day.selected is not None


def test_a_course_chosen_in_the_waiting_list_says_when_it_is_due_and_what_enter_does(qtbot, window):
    table = window.waiting
    window.tabs.setCurrentWidget(table)
    table.setFocus()
    QTest.keyClick(table, Qt.Key.Key_Home)
    QTest.keyClick(table, Qt.Key.Key_Down)
    course = table.courses[table.currentRow()]
    said = window.message.text()
    assert said.startswith(course.patient) and f"due {course.due:%a} {course.due.day} " in said
    enter = "Enter or Ctrl+B books it." if course.booked_first is None else "Enter shows its booking, and books any make-up still waiting."
    assert said.endswith(enter)
    unbooked = next(row for row, c in enumerate(table.courses) if c.booked_first is None)
    table.setCurrentCell(unbooked, 0)
    assert window.message.text().endswith("Enter or Ctrl+B books it.")
    window.discreet.setChecked(True)
    other = next(row for row in range(table.rowCount()) if row != unbooked)
    table.setCurrentCell(other, 0)
    shown = table.courses[other]
    assert window.message.text().startswith(f"{initials(shown.patient)}: due ")  # initials only, as the row
    assert shown.patient not in window.message.text() and shown.hospital_number not in window.message.text()
    window.tabs.setCurrentWidget(window.occupancy_scroll)
    assert "Enter" not in window.message.text()  # said of the list, gone with it


def test_enter_on_a_booked_course_shows_its_booking_as_the_status_line_says(qtbot, window, monkeypatch):
    """The status line said 'Enter shows its booking' of a booked course with no make-up waiting, but Enter opened a
    greyed Book dialog saying it was booked already (unbook first). It now shows its first session to come, chosen in
    the Day tab with the keys, and says it there."""
    from planner.ui import booking_dialogs

    opened: list[str] = []
    monkeypatch.setattr(booking_dialogs.BookDialog, "exec", lambda self: opened.append(self.course_id) or 0)
    table = window.waiting
    window.tabs.setCurrentWidget(table)
    row = next(r for r, c in enumerate(table.courses) if c.course_id == "course-lung")
    course = table.courses[row]
    assert course.booked_first is not None and not window.desk.make_ups_waiting("course-lung")
    table.setCurrentCell(row, 0)
    table.setFocus()
    qtbot.waitUntil(table.hasFocus)
    assert window.message.text().endswith("Enter shows its booking, and books any make-up still waiting.")
    QTest.keyClick(table, Qt.Key.Key_Return)
    assert opened == []  # no Book dialog that could only say it is booked
    assert window.tabs.currentWidget() is window.day_scroll and window.day == course.booked_first
    chosen = window.day_view.selected
    assert chosen is not None and (chosen.course_id, chosen.number) == ("course-lung", 1)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.day_view)
    assert window.message.text().startswith(course.patient)
    assert in_view(window, chosen)
