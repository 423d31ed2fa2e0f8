"""The layout rules shared by the week view and the printed week, tested directly: side-by-side
lanes for overlapping appointments, the time axis, and the printed page's scale (points, not
pixels, at any resolution)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QBrush, QColor, QImage

from planner.core.kinds import AppointmentKind
from planner.core.schedule import Appointment
from planner.ui.printing import paint_document
from planner.ui.printing.canvas import Canvas
from planner.ui.week_layout import MIN_SPAN_MINUTES, hour_range, lanes

ZONE = ZoneInfo("Europe/Paris")


def at(hour: int, minute: int = 0, minutes: int = 30, number: int = 1) -> Appointment:
    start = datetime(2026, 11, 4, hour, minute, tzinfo=ZONE)
    return Appointment(AppointmentKind.FRACTION, number, 9, start, start + timedelta(minutes=minutes), ())


def test_overlapping_appointments_sit_side_by_side_and_a_free_lane_is_reused():
    first, overlapping, later = at(9, 0, 60, 1), at(9, 30, 30, 2), at(10, 0, 30, 3)
    placed = lanes([later, overlapping, first])
    assert [(a.number, lane, total) for a, lane, total in placed] == [(1, 0, 2), (2, 1, 2), (3, 0, 2)]


def test_three_at_once_take_three_lanes_and_touching_ones_share_one():
    placed = lanes([at(9, 0, 60, 1), at(9, 10, 60, 2), at(9, 20, 60, 3)])
    assert [(lane, total) for _, lane, total in placed] == [(0, 3), (1, 3), (2, 3)]
    touching = lanes([at(9, 0, 30, 1), at(9, 30, 30, 2)])  # one ends as the next begins
    assert [(lane, total) for _, lane, total in touching] == [(0, 1), (0, 1)]
    assert lanes([]) == []


def test_the_time_axis_covers_every_appointment_in_half_hours():
    assert hour_range([at(9, 10, 20), at(14, 40, 30)]) == (9.0, 15.5)
    first, last = hour_range([at(9, 0, 15)])
    assert (first, last) == (9.0, 9.0 + MIN_SPAN_MINUTES / 60)
    assert hour_range([at(23, 30, 15)]) == (24 - MIN_SPAN_MINUTES / 60, 24.0)
    assert hour_range([]) == (8.0, 8.0 + MIN_SPAN_MINUTES / 60)


class _Square:
    """A one-page document that fills one inch square, one inch from the top left corner."""

    landscape = False

    def __init__(self) -> None:
        self.page = QRectF()

    def paginate(self, canvas: Canvas, page: QRectF) -> int:
        self.page = page
        return 1

    def render_page(self, canvas: Canvas, page: QRectF, index: int, count: int) -> None:
        canvas.fill(QRectF(72, 72, 72, 72), QBrush(QColor("black")))


@pytest.mark.parametrize("dpi", [72, 150, 300])
def test_a_page_is_laid_out_in_points_at_any_resolution(qapp, dpi):
    width_in, height_in = 210 / 25.4, 297 / 25.4  # A4
    image = QImage(round(width_in * dpi), round(height_in * dpi), QImage.Format.Format_RGB32)
    image.setDotsPerMeterX(round(dpi / 0.0254))
    image.setDotsPerMeterY(round(dpi / 0.0254))
    image.fill(QColor("white"))
    document = _Square()
    assert paint_document(document, image) == 1  # type: ignore[arg-type]
    assert document.page.width() == pytest.approx(595.3, abs=0.6)
    assert document.page.height() == pytest.approx(841.9, abs=0.6)

    def black(x: float, y: float) -> bool:
        return QColor(image.pixel(round(x * dpi), round(y * dpi))).lightness() < 50

    assert black(1.5, 1.5)  # the middle of the square, one and a half inches in
    assert black(1.05, 1.05) and black(1.95, 1.95)
    assert not black(0.95, 1.5) and not black(2.05, 1.5) and not black(1.5, 0.95) and not black(1.5, 2.05)
