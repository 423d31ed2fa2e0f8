"""At 1024x700 with the Patients list open, the week page is narrower than its buttons and grid and
scrolls sideways in its own pane (result_panel.sideways): the sideways scroll bar then takes its
height from the page, which must shrink to it, so the legend below the grid shows whole above the bar."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QScrollArea, QWidget

from planner.ui.result_panel import MONTH_TAB, WEEK_TAB
from planner.ui.week_view import WeekLegend

from .test_ui_small_screen import dock_of, make_window, press_patients_key  # noqa: F401 - the fixture


def area_of(page: QWidget) -> QScrollArea:
    """The sideways area the page sits in."""
    area = page.parentWidget()
    while not isinstance(area, QScrollArea):
        area = area.parentWidget()
    assert area.widget().isAncestorOf(page)
    return area


def assert_whole_above_the_bar(page: QWidget) -> None:
    """`page`'s bottom edge is inside its sideways area's viewport: nothing of it under the scroll bar."""
    area = area_of(page)
    bottom = page.mapTo(area.viewport(), QPoint(0, page.height()))
    assert bottom.y() <= area.viewport().height(), (bottom.y(), area.viewport().height())


@pytest.mark.parametrize("first", ["dock", "week"])
def test_the_week_legend_shows_whole_above_the_sideways_scroll_bar(qtbot, make_window, first):  # noqa: F811
    window = make_window(1024, 700)
    dock = dock_of(window)
    if first == "dock":
        press_patients_key(qtbot, window)
        qtbot.waitUntil(lambda: dock.isVisible() and dock.width() > 0)
    window.tabs.setCurrentIndex(WEEK_TAB)
    if first == "week":
        qtbot.wait(20)
        press_patients_key(qtbot, window)
        qtbot.waitUntil(lambda: dock.isVisible() and dock.width() > 0)
    week = window.results.week
    area = area_of(week)
    qtbot.waitUntil(lambda: area.horizontalScrollBar().isVisible())  # the page is wider than its pane here
    qtbot.wait(50)
    legend = week.findChild(WeekLegend)
    assert legend.isVisible()
    bottom = legend.mapTo(area.viewport(), QPoint(0, legend.height()))
    assert bottom.y() <= area.viewport().height(), (bottom.y(), area.viewport().height())
    assert legend.height() >= legend.sizeHint().height()
    assert_whole_above_the_bar(week)


def test_the_month_page_fits_above_the_sideways_scroll_bar_too(qtbot, make_window):  # noqa: F811
    window = make_window(1024, 700)
    press_patients_key(qtbot, window)
    dock = dock_of(window)
    qtbot.waitUntil(lambda: dock.isVisible() and dock.width() > 0)
    window.tabs.setCurrentIndex(MONTH_TAB)
    qtbot.wait(50)
    assert_whole_above_the_bar(window.results.month)
