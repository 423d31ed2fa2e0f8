"""The window readable in any palette: Fusion with a dark and a high-contrast palette, checked by the
WCAG contrast of the colours actually used and by looking at rendered pixels."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication

from planner.core.kinds import AppointmentKey, AppointmentKind
from planner.core.spec import CourseSpec
from planner.ui.colours import AA_TEXT, contrast, dark_palette, high_contrast_palette
from planner.ui.week_view import block_colours
from tests.window_helpers import open_window

COURSE = CourseSpec(patient_name="Alex Example", patient_id="RX-1", site="head-neck", fractions=35, start=date(2026, 11, 23),
                    tz="Europe/London", holidays="GB-ENG", review_day=1, follow_up_weeks=6,
                    closed=((date(2026, 12, 8), "Linac service"),))

PALETTES = {"light": QPalette, "dark": dark_palette, "high-contrast": high_contrast_palette}


@pytest.fixture(params=list(PALETTES))
def styled(request):
    """Fusion and the palette for one test; the application's own style and palette afterwards."""
    app = QApplication.instance()
    style, palette = app.style().name(), app.palette()
    app.setStyle("Fusion")
    if request.param != "light":
        app.setPalette(PALETTES[request.param]())
    yield request.param
    app.setPalette(palette)
    app.setStyle(style)


@pytest.fixture
def window(styled, qtbot, monkeypatch):
    return open_window(qtbot, monkeypatch, COURSE, (1366, 768))


def test_the_contrast_ratio_is_wcags():
    assert contrast(QColor("#000000"), QColor("#ffffff")) == pytest.approx(21.0)
    assert contrast(QColor("#777777"), QColor("#ffffff")) == pytest.approx(4.48, abs=0.01)
    assert contrast(QColor("#ffffff"), QColor("#ffffff")) == pytest.approx(1.0)


def test_the_list_column_of_appointments_reads_on_its_fill(window):
    model = window.model
    for row in range(model.rowCount()):
        index = model.index(row, 4)
        fill = model.data(index, Qt.ItemDataRole.BackgroundRole).color()
        text = model.data(index, Qt.ItemDataRole.ForegroundRole).color()
        assert contrast(text, fill) >= AA_TEXT, (row, text.name(), fill.name())


def test_week_blocks_read_in_this_palette(window):
    palette = window.palette()
    for kind in AppointmentKind:
        fill, text = block_colours(kind, palette)
        assert contrast(text, fill) >= AA_TEXT, (kind, text.name(), fill.name())


def test_notices_and_field_errors_read_on_the_window(window):
    background = window.notices.palette().color(QPalette.ColorRole.Window)
    colours = re.findall(r"color:(#[0-9a-fA-F]{6})", window.notices.text())
    assert len(colours) >= 4  # pushed days and the gap-sensitivity warning
    for name in colours:
        assert contrast(QColor(name), background) >= AA_TEXT, name
    window.form.start.setDate(QDate(2026, 11, 28))  # a Saturday: an error beside the field
    error = window.form.errors["start"]
    assert error.isVisible()
    assert contrast(error.palette().color(QPalette.ColorRole.WindowText), error.palette().color(QPalette.ColorRole.Window)) >= AA_TEXT


def test_month_day_numbers_read_on_their_marks(window):
    window.tabs.setCurrentIndex(2)
    calendar = window.month.view
    palette = calendar.palette()
    formats = calendar.dateTextFormat()
    assert formats
    for day, fmt in formats.items():
        background = fmt.background().color() if fmt.background().style() != Qt.BrushStyle.NoBrush else palette.color(QPalette.ColorRole.Base)
        foreground = fmt.foreground().color() if fmt.foreground().style() != Qt.BrushStyle.NoBrush else palette.color(QPalette.ColorRole.Text)
        assert contrast(foreground, background) >= AA_TEXT, (day.toString(), foreground.name(), background.name())
    weekend = calendar.weekdayTextFormat(Qt.DayOfWeek.Saturday).foreground().color()
    assert contrast(weekend, palette.color(QPalette.ColorRole.Base)) >= AA_TEXT


def test_date_popups_shade_closures_readably(window):
    popup = window.form.start_popup
    popup.setCurrentPage(2026, 12)
    fmt = popup.dateTextFormat(QDate(2026, 12, 8))
    assert "Linac service" in fmt.toolTip()
    assert contrast(fmt.foreground().color(), fmt.background().color()) >= AA_TEXT
    weekend = popup.dateTextFormat(QDate(2026, 12, 12)).foreground().color()
    assert contrast(weekend, popup.palette().color(QPalette.ColorRole.Base)) >= AA_TEXT


def two_colours(image: QImage, left: int, top: int, width: int, height: int) -> tuple[QColor, QColor]:
    """The most common colour in the rectangle (the fill) and the one farthest from it in contrast (the text)."""
    counts: Counter[int] = Counter(image.pixel(x, y) for x in range(left, left + width) for y in range(top, top + height))
    fill = QColor.fromRgb(counts.most_common(1)[0][0])
    text = max((QColor.fromRgb(p) for p in counts), key=lambda c: contrast(c, fill))
    return fill, text


def test_the_rendered_week_view_shows_text_that_reads_on_each_block(window, qtbot):
    window.tabs.setCurrentIndex(1)
    QApplication.processEvents()  # the week laid out in its room, as on screen (its hour rows follow the height in view)
    view = window.week.view
    window.week.go(date(2026, 11, 23))
    rect = view.block_rect(AppointmentKey.fraction(1))
    assert rect is not None
    image = view.grab().toImage()
    ratio = image.devicePixelRatio()
    fill, text = two_colours(image, int((rect.left() + 3) * ratio), int((rect.top() + 3) * ratio),
                             int((rect.width() - 6) * ratio), int((rect.height() - 6) * ratio))
    assert contrast(text, fill) >= AA_TEXT, (text.name(), fill.name())


def test_the_rendered_list_shows_the_appointment_column_readably(window):
    table = window.table
    rect = table.visualRect(window.model.index(1, 4))
    image = table.viewport().grab().toImage()
    ratio = image.devicePixelRatio()
    fill, text = two_colours(image, int((rect.left() + 2) * ratio), int((rect.top() + 2) * ratio),
                             int((rect.width() - 4) * ratio), int((rect.height() - 4) * ratio))
    assert contrast(text, fill) >= AA_TEXT, (text.name(), fill.name())
