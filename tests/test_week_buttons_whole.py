"""At 1024x700 beside the Patients list the Week tab's buttons did not fit its pane: "Course start" was
cut to "Cou" behind the week's sideways scroll. They now wrap onto a second line above the week, each
whole and in view; at 1366 they keep one line. The week itself still scrolls sideways, never cut."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect

from planner.ui.result_panel import WEEK_TAB

from .test_ui_small_screen import dock_of, make_window, press_patients_key  # noqa: F401 - the fixture


def whole_in_view(button, pane) -> bool:
    """The button at least as wide as its text wants, and wholly inside `pane`'s rectangle."""
    rect = QRect(button.mapTo(pane, QPoint(0, 0)), button.size())
    return button.isVisible() and button.width() >= button.sizeHint().width() and pane.rect().contains(rect)


def test_the_week_buttons_are_whole_beside_the_patients_list(qtbot, make_window):  # noqa: F811
    window = make_window(1024, 700)
    press_patients_key(qtbot, window)
    qtbot.waitUntil(lambda: dock_of(window).isVisible() and dock_of(window).width() > 0)
    window.tabs.setCurrentIndex(WEEK_TAB)
    week = window.results.week
    pane = window.tabs.currentWidget()
    buttons = (week.previous, week.today, week.next, week.first)
    qtbot.waitUntil(lambda: all(whole_in_view(button, pane) for button in buttons))
    assert week.first.text() == "Course start"
    assert len({button.y() for button in buttons}) <= 2  # on two lines where the pane is narrow
    view_room = week.scroll.viewport().width()
    assert view_room >= week.view.minimumSizeHint().width()  # the week is not cut: its page scrolls sideways instead


def test_on_a_larger_screen_the_week_buttons_keep_one_line(qtbot, make_window):  # noqa: F811
    window = make_window(1366, 768)
    window.tabs.setCurrentIndex(WEEK_TAB)
    week = window.results.week
    pane = window.tabs.currentWidget()
    buttons = (week.previous, week.today, week.next, week.first)
    qtbot.waitUntil(lambda: all(whole_in_view(button, pane) for button in buttons))
    assert len({button.y() for button in buttons}) == 1
