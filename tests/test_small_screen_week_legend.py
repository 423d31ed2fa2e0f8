"""At 1024x700 with the Patients list open, the week and month pages are wider than their pane and
scroll sideways in it (result_panel.sideways). The sideways scroll bar takes its height from the
page, which shrinks to it, so the bottom of the page shows above the bar; and the words under and
over the grids (the week's dates and legend, the month's notes and legend) sit outside the sideways
scroll, wrapped to the width in view, so a keyboard user reads them whole without scrolling."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QLabel, QScrollArea, QWidget

from planner.ui.result_panel import MONTH_TAB, WEEK_TAB

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


def assert_whole_in_view(window, widget: QWidget) -> None:
    """`widget` whole inside the tab page on show and inside every scroll area's viewport around it."""
    page = window.tabs.currentWidget()
    assert page.isAncestorOf(widget) and widget.isVisible()
    assert page.rect().contains(QRect(widget.mapTo(page, QPoint(0, 0)), widget.size())), (widget, widget.geometry())
    ancestor = widget.parentWidget()
    while ancestor is not page:
        if isinstance(ancestor, QScrollArea):
            viewport = ancestor.viewport()
            assert viewport.rect().contains(QRect(widget.mapTo(viewport, QPoint(0, 0)), widget.size())), widget
        ancestor = ancestor.parentWidget()
    if isinstance(widget, QLabel) and widget.wordWrap():
        assert widget.height() >= widget.heightForWidth(widget.width()), widget.text()  # every wrapped line


def beside_the_list(qtbot, make, first: str, tab: int):
    """The window at 1024x700, the Patients list opened before or after the tab is shown."""
    window = make(1024, 700)
    dock = dock_of(window)
    if first == "dock":
        press_patients_key(qtbot, window)
        qtbot.waitUntil(lambda: dock.isVisible() and dock.width() >= window.store_link.widths.narrowest_dock() - 20)  # settled at its narrowest
    window.tabs.setCurrentIndex(tab)
    if first != "dock":
        qtbot.wait(20)
        press_patients_key(qtbot, window)
        qtbot.waitUntil(lambda: dock.isVisible() and dock.width() >= window.store_link.widths.narrowest_dock() - 20)  # settled at its narrowest
    return window


@pytest.mark.parametrize("first", ["dock", "week"])
def test_the_week_and_its_legend_show_whole_beside_the_list(qtbot, make_window, first):  # noqa: F811
    window = beside_the_list(qtbot, make_window, first, WEEK_TAB)
    week = window.results.week
    # The five days fit the pane here now (test_week_fits_beside_the_list.py); a week with a weekend session, or a
    # wider dock, still scrolls sideways: the legend and dates are whole either way.
    qtbot.waitUntil(lambda: week.scroll.viewport().width() >= week.view.minimumSizeHint().width())
    qtbot.wait(50)
    assert_whole_above_the_bar(week)
    legend = week.legend
    assert_whole_in_view(window, legend)
    assert legend.height() >= legend.heightForWidth(legend.width())
    assert all(corner.x() + 24 + legend.fontMetrics().horizontalAdvance(words) <= legend.width()
               for corner, _kind, words in legend.places(legend.width()))  # every entry whole, on more rows if need be
    assert_whole_in_view(window, week.label)  # the week's dates


def test_the_month_and_its_notes_show_whole_beside_the_list(qtbot, make_window):  # noqa: F811
    window = beside_the_list(qtbot, make_window, "dock", MONTH_TAB)
    month = window.results.month
    qtbot.wait(50)
    assert_whole_above_the_bar(month)
    for words in month.words:
        if not words.isHidden():
            assert_whole_in_view(window, words)
    assert not month.day_note.isHidden() and not month.machine_note.isHidden()  # a booked course, a day chosen
