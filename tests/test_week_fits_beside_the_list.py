"""At 1024x700 with the Patients list open, the Week tab showed three and a half days and scrolled sideways (the
week asked for 360 px; its pane gives it about 265). The treatment week, Monday to Friday, is now in view whole:
the time axis names whole hours only ('08'), each day's name goes on two lines ('Mon' over '25'), and a fraction's
block keeps its number ('1/20', its machine in the tooltip). At 1600x1000 the week is drawn as before."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QRectF
from PySide6.QtGui import QFont, QFontMetricsF

from planner.core.kinds import AppointmentKey
from planner.ui.result_panel import WEEK_TAB
from planner.ui.week_view import AXIS, fitting_label

from .helpers import plan
from .test_small_screen_week_legend import area_of
from .test_ui_small_screen import dock_of, make_window, press_patients_key  # noqa: F401 - the fixture


def week_beside_the_list(qtbot, make, size: tuple[int, int]):
    window = make(*size)
    dock = dock_of(window)
    if not dock.isVisible():
        press_patients_key(qtbot, window)
    qtbot.waitUntil(lambda: dock.isVisible() and dock.width() >= window.store_link.widths.narrowest_dock() - 20)
    window.tabs.setCurrentIndex(WEEK_TAB)
    week = window.results.week
    qtbot.waitUntil(lambda: week.view.width() > 0 and week.scroll.viewport().width() > 0)
    qtbot.wait(50)  # the sideways area shows or hides its bar on a later turn
    return window, week


def test_at_1024_beside_the_patients_list_monday_to_friday_are_in_view_without_scrolling_sideways(qtbot, make_window):  # noqa: F811
    window, week = week_beside_the_list(qtbot, make_window, (1024, 700))
    view = week.view
    assert [day.weekday() for day in view._days] == [0, 1, 2, 3, 4]  # the empty weekend stays folded
    assert not area_of(week).horizontalScrollBar().isVisible()
    assert view.width() <= week.scroll.viewport().width()  # the grid, every day of it, inside its area
    assert view._axis < AXIS  # the axis gave way: whole hours only
    column = view._column_width()
    assert view._axis + 5 * column <= view.width()
    bold = QFont(view.font())
    bold.setBold(True)
    for day in view._days:  # each day's name whole, on its two lines
        for line in (f"{day:%a}", str(day.day)):
            assert QFontMetricsF(bold).horizontalAdvance(line) <= column - 4, line
    metrics = QFontMetricsF(view.font())
    for number in range(1, 6):  # Monday's to Friday's fraction: inside the view, its number whole
        rect = view.block_rect(AppointmentKey.fraction(number))
        assert rect is not None and rect.right() <= view.width()
        assert metrics.horizontalAdvance(f"{number}/20") <= rect.width() - 7, number


def test_at_1600_the_week_keeps_its_half_hour_axis_and_wide_days(qtbot, make_window):  # noqa: F811
    window, week = week_beside_the_list(qtbot, make_window, (1600, 1000))
    view = week.view
    assert not area_of(week).horizontalScrollBar().isVisible()
    assert view._axis == AXIS
    assert abs(view._column_width() - (view.width() - AXIS - 1) / 5) < 0.01


def test_a_booked_fraction_in_a_column_too_narrow_for_its_machine_shows_its_number_alone(qapp, catalogue):
    """'1/20 Linac 1' wrapped to three lines in a two-line block: 'Linac' was read without its number."""
    schedule = plan(catalogue, site="prostate", fractions=20, start=date(2030, 3, 25), tz="Europe/London")
    fraction = schedule.find(AppointmentKey.fraction(1))
    metrics = QFontMetricsF(QFont("DejaVu Sans", 9))
    block = QRectF(0, 0, metrics.horizontalAdvance("20/20") + 1, 2 * metrics.lineSpacing())
    assert metrics.horizontalAdvance("Linac") < block.width() < metrics.horizontalAdvance("Linac 1")
    assert fitting_label(metrics, block, fraction, 1, "", "Linac 1") == "1/20"
