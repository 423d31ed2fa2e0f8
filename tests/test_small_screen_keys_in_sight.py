"""At 1024x700 beside the Patients list the month (and the week, beside a list made wider) are wider than
their pane and scroll sideways in it: what the arrow keys choose there (an appointment in the week, a day in the month) is
brought into sight, sideways and, in the week, through the day below the day names, so a keyboard
user sees what Enter would move or what the day's note describes."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QRect, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QScrollArea

from planner.ui.result_panel import MONTH_TAB, WEEK_TAB
from planner.ui.week_view import HEADER

from .test_ui_small_screen import dock_of, make_window, press_patients_key  # noqa: F401 - the fixture


def beside_the_list(qtbot, make, tab: int):
    """The window at 1024x700 with the Patients list open, the keys in the week's or month's view."""
    window = make(1024, 700)
    press_patients_key(qtbot, window)
    dock = dock_of(window)
    qtbot.waitUntil(lambda: dock.isVisible() and dock.width() >= window.store_link.widths.narrowest_dock() - 20)  # settled at its narrowest
    window.tabs.setCurrentIndex(tab)
    qtbot.wait(20)
    window.results.focus_view()
    return window


def in_sight(widget, rect: QRect) -> bool:
    """`rect` (in `widget`'s coordinates) wholly inside the viewport of every scroll area around it."""
    ancestor = widget.parentWidget()
    while ancestor is not None:
        if isinstance(ancestor, QScrollArea):
            viewport = ancestor.viewport()
            if not viewport.rect().contains(QRect(widget.mapTo(viewport, rect.topLeft()), rect.size())):
                return False
        ancestor = ancestor.parentWidget()
    return True


def test_the_appointment_chosen_with_the_arrows_in_the_week_is_in_sight(qtbot, make_window):  # noqa: F811
    window = beside_the_list(qtbot, make_window, WEEK_TAB)
    week = window.results.week
    view = week.view
    qtbot.waitUntil(view.hasFocus)
    # The five days fit beside the list at its narrowest now: the user widens the list, and the week scrolls sideways.
    window.resizeDocks([dock_of(window)], [420], Qt.Orientation.Horizontal)
    area = week.parentWidget()
    while area is not None and not isinstance(area, QScrollArea):
        area = area.parentWidget()
    assert area is not None
    qtbot.waitUntil(area.horizontalScrollBar().isVisible)  # the week is wider than its pane here
    days = []
    for _ in range(5):  # Monday's fraction to Friday's
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Right)
        rect = view.block_rect(view.selected_role).toAlignedRect()
        days.append(view.selected_role)
        assert in_sight(view, rect), (view.selected_role, rect)
        assert rect.top() >= week.scroll.verticalScrollBar().value() + HEADER  # below the day names
    assert len(set(days)) == 5 and area.horizontalScrollBar().value() > 0  # Friday is off to the right at first
    for _ in range(4):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Left)
    assert in_sight(view, view.block_rect(view.selected_role).toAlignedRect())  # back to Monday


def test_the_day_chosen_with_the_arrows_in_the_month_is_in_sight(qtbot, make_window):  # noqa: F811
    """A guard: the calendar passes the arrow keys on to the sideways area too, which scrolls with them."""
    window = beside_the_list(qtbot, make_window, MONTH_TAB)
    month = window.results.month
    qtbot.waitUntil(lambda: month.isAncestorOf(QApplication.focusWidget()))
    chosen = []
    for _ in range(6):  # along the week to the Sunday, off to the right at first
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Right)
        selected = month.view.selectedDate()
        day = date(selected.year(), selected.month(), selected.day())
        chosen.append(day)
        rect = month.view._cell_rect(day)
        assert in_sight(month, rect), (day, rect)
    assert any(day.weekday() == 6 for day in chosen), chosen
