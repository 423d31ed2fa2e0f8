"""The month view's day cells read at any size and in any palette.

At 1024 px beside the Patients list a short window gave the month 35 x 20 px cells, and a day's badge was drawn
over its date ("1◆" over "30", a "2" beside "1" read as "21"): the date and the badges now keep rows of their
own, and the month scrolls in its area rather than shrink below that. The days of the months before and after
were drawn in Qt's disabled grey even on a fraction's fill (about 2:1): a day with an appointment now reads as
in its own month, and a plain one in a muted tone that still reads (4.5:1)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QRect
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QScrollArea, QTableView

from planner.core.spec import CourseSpec
from planner.ui.colours import AA_TEXT, contrast
from planner.ui.result_panel import MONTH_TAB
from tests.window_helpers import open_window

from .test_small_screen_keys_in_sight import beside_the_list, in_sight
from .test_ui_small_screen import dock_of, make_window, press_patients_key  # noqa: F401 - the fixture
from .test_window_palette import styled  # noqa: F401 - the fixture: light, dark and high-contrast

# 35 fractions from Mon 23 Nov 2026: November's page shows 1-6 December in its last row
COURSE = CourseSpec(patient_name="Alex Example", patient_id="RX-1", site="head-neck", fractions=35, start=date(2026, 11, 23),
                    tz="Europe/London", holidays="GB-ENG", review_day=1)
INKED = 1.2  # a pixel this far in contrast from the cell's fill is text (or a badge), not fill


def cell_image(view, day: date) -> tuple[QImage, QRect]:
    """The month's grid as drawn, and `day`'s cell inside it (the grid lines left out)."""
    grid = view.findChild(QTableView)
    QApplication.processEvents()
    image = grid.viewport().grab().toImage()
    rect = view._cell_rect(day)
    rect.moveTopLeft(grid.viewport().mapFrom(view._marker_owner, rect.topLeft()))
    ratio = image.devicePixelRatio()
    inner = rect.adjusted(2, 2, -2, -2)
    return image, QRect(int(inner.left() * ratio), int(inner.top() * ratio), int(inner.width() * ratio), int(inner.height() * ratio))


def fill_of(image: QImage, rect: QRect) -> QColor:
    """The cell's fill: the colour of its top left corner, clear of its text."""
    return QColor.fromRgb(image.pixel(rect.left(), rect.top()))


def inked_bands(image: QImage, rect: QRect) -> list[tuple[int, int]]:
    """The runs of pixel rows that hold text, top to bottom (first row, last row)."""
    fill = fill_of(image, rect)
    bands: list[tuple[int, int]] = []
    for y in range(rect.top(), rect.bottom() + 1):
        if any(contrast(QColor.fromRgb(image.pixel(x, y)), fill) >= INKED for x in range(rect.left(), rect.right() + 1)):
            if bands and bands[-1][1] == y - 1:
                bands[-1] = (bands[-1][0], y)
            else:
                bands.append((y, y))
    return bands


def strongest_ink(image: QImage, rect: QRect, rows: tuple[int, int]) -> QColor:
    """The colour in `rows` of the cell farthest in contrast from its fill: the text's own colour."""
    fill = fill_of(image, rect)
    colours = {image.pixel(x, y) for x in range(rect.left(), rect.right() + 1) for y in range(rows[0], rows[1] + 1)}
    return max((QColor.fromRgb(pixel) for pixel in colours), key=lambda colour: contrast(colour, fill))


def test_a_days_badges_keep_off_its_date_beside_the_list_in_a_short_window(qtbot, make_window):  # noqa: F811
    window = make_window(1024, 640)
    press_patients_key(qtbot, window)
    dock = dock_of(window)
    qtbot.waitUntil(lambda: dock.isVisible() and dock.width() >= window.store_link.widths.narrowest_dock() - 20)
    window.tabs.setCurrentIndex(MONTH_TAB)
    qtbot.wait(50)
    view = window.results.month.view
    schedule = view.schedule
    days = sorted({a.start.date() for a in schedule.fractions
                   if (a.start.year, a.start.month) == (view.yearShown(), view.monthShown())})[1:6]  # not the selected first
    assert days
    for day in days:
        image, rect = cell_image(view, day)
        bands = inked_bands(image, rect)
        assert len(bands) == 2, (day, bands, rect)  # the date, then under it and apart from it the fraction's badge
    view.setSelectedDate(QDate(days[-1]))  # the last of them, wherever the month had to scroll to show it
    assert in_sight(view._marker_owner, view._cell_rect(days[-1]))


def test_the_chosen_day_is_in_sight_when_the_keys_come_into_a_short_month(qtbot, make_window):  # noqa: F811
    window = beside_the_list(qtbot, lambda w, h: make_window(w, 600), MONTH_TAB)
    month = window.results.month
    qtbot.waitUntil(lambda: month.view.findChild(QTableView).hasFocus())
    area = month.parentWidget()
    while not isinstance(area, QScrollArea):
        area = area.parentWidget()
    qtbot.waitUntil(lambda: area.verticalScrollBar().maximum() > 0)  # the month scrolls in so short a pane
    selected = month.view.selectedDate().toPython()
    qtbot.waitUntil(lambda: in_sight(month, month.view._cell_rect(selected)))


def test_days_of_the_next_month_read_on_their_fill_in_every_palette(styled, qtbot, monkeypatch):  # noqa: F811
    window = open_window(qtbot, monkeypatch, COURSE, (1366, 768))
    window.tabs.setCurrentIndex(MONTH_TAB)
    view = window.month.view
    qtbot.waitUntil(lambda: (view.yearShown(), view.monthShown()) == (2026, 11))
    QApplication.processEvents()
    for day in (date(2026, 12, 1), date(2026, 12, 2), date(2026, 12, 3), date(2026, 12, 4)):  # fractions, shown in November
        image, rect = cell_image(view, day)
        bands = inked_bands(image, rect)
        assert bands, day
        ink, fill = strongest_ink(image, rect, bands[0]), fill_of(image, rect)
        assert contrast(ink, fill) >= AA_TEXT, (styled, day, ink.name(), fill.name())
    for day in (date(2026, 10, 26), date(2026, 10, 27)):  # October's plain days before November: muted, still readable
        image, rect = cell_image(view, day)
        bands = inked_bands(image, rect)
        ink, fill = strongest_ink(image, rect, bands[0]), fill_of(image, rect)
        assert contrast(ink, fill) >= AA_TEXT, (styled, day, ink.name(), fill.name())


def test_week_numbers_sit_in_line_with_their_dates_in_short_cells(qtbot, catalogue):
    """In a short cell the date sits above the badges' row; the week number beside it was centred in the whole cell
    by Qt, a few pixels lower. Now each week number's text is level with its week's dates."""
    from planner.ui.month_view import MonthView
    from tests.helpers import plan

    view = MonthView()
    qtbot.addWidget(view)
    view.set_schedule(plan(catalogue, start=date(2026, 12, 7), tz="Europe/London"))
    view.setCurrentPage(2026, 12)
    view.resize(view.minimumSizeHint())  # the shortest cells: the dates raised above the badges
    view.show()
    qtbot.waitExposed(view)
    grid = view.findChild(QTableView)
    QApplication.processEvents()
    image = grid.viewport().grab().toImage()
    ratio = image.devicePixelRatio()
    for row, day in ((1, date(2026, 12, 1)), (2, date(2026, 12, 8)), (3, date(2026, 12, 15))):  # weeks 49 to 51
        _, date_rect = cell_image(view, day)
        week = grid.visualRect(grid.model().index(row, 0)).adjusted(2, 2, -2, -2)
        week_rect = QRect(int(week.left() * ratio), int(week.top() * ratio), int(week.width() * ratio), int(week.height() * ratio))
        assert date_rect.top() == week_rect.top()  # the same week's row
        date_band, week_band = inked_bands(image, date_rect)[0], inked_bands(image, week_rect)[0]
        assert abs((date_band[0] + date_band[1]) - (week_band[0] + week_band[1])) <= 2 * ratio, (day, date_band, week_band)
