"""The ring of 'Å' (a tall accented capital) rises above the font's ascent, and a block's first line, drawn a pixel
under its top outline, had it touch the outline: 'Zoë Ångström' in the day view, a machine's 'Å' in the week view.
The words now go lower where the block has room under them, a row of the block's fill left between the outline and
the ring; a plain name is drawn where it was and no block grows."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter

from planner.core.kinds import AppointmentKey
from planner.core.spec import CourseSpec
from planner.ui.colours import contrast
from planner.ui.fonts import first_line_drop, rise_above_ascent
from planner.ui.result_panel import WEEK_TAB
from tests.window_helpers import open_window

from .test_department_window_eyes import desk, window  # noqa: F401 - the fixtures


def ink_rows(image: QImage, rect: QRectF, fill: QColor, rows: int = 8) -> list[bool]:
    """For each row from the block's top edge down, whether anything but the block's fill is drawn in it (the outline,
    a letter), across the middle of the block's width."""
    left, right = int(rect.left()) + 6, int(rect.left() + rect.width() * 0.6)
    return [any(contrast(image.pixelColor(x, y), fill) > 1.3 for x in range(left, right))
            for y in range(int(rect.top()), int(rect.top()) + rows)]


def clear_under_outline(found: list[bool]) -> bool:
    """A row of fill between the outline (the first rows with ink) and the first letters."""
    outline_end = next(i for i, ink in enumerate(found) if not ink)
    return found[:outline_end] != [] and not found[outline_end]


def test_only_letters_that_rise_above_the_ascent_move_down(qapp):
    metrics = QFontMetricsF(QFont("DejaVu Sans", 9))
    metrics_bold = QFontMetricsF(QFont("DejaVu Sans", 9, QFont.Weight.Bold))
    for font in (metrics, metrics_bold):
        assert rise_above_ascent(font, "Zoë Angström") == 0 and rise_above_ascent(font, "Dora Mbeki") == 0
        assert rise_above_ascent(font, "Zoë Ångström") > 0
        assert first_line_drop(font, "Dora Mbeki", 1, 1.5, 3) == 0  # a plain name where it was
        drop = first_line_drop(font, "Zoë Ångström", 1, 1.5, 3)
        assert 0 < drop <= 3 and 1 + drop - rise_above_ascent(font, "Zoë Ångström") >= 1.5
        assert first_line_drop(font, "Zoë Ångström", 1, 1.5, 0.25) == 0.25  # no more than the room under the words


def test_the_ring_of_a_in_the_day_view_clears_the_blocks_outline(window):  # noqa: F811
    view = window.day_view
    entries = {e.patient: e for m in view.machines for e in m.entries}
    image = view.grab().toImage()
    ring, plain = entries["Zoë Ångström"], entries["Dora Mbeki"]
    heights = []
    for entry in (ring, plain):
        rect = view.block_rect(entry)
        fill = image.pixelColor(int(rect.right()) - 3, int(rect.center().y()))
        assert clear_under_outline(ink_rows(image, rect, fill)), entry.patient
        heights.append(rect.height())
    assert heights[0] == heights[1]  # half-hour sessions alike: no block grew for its letters


def test_a_machines_ring_in_the_week_view_clears_the_blocks_outline(qtbot, monkeypatch):
    """A laptop's narrow column, a block of one line: '09:00 1/5 Åre Linac', its 'Å' on the first line."""
    course = CourseSpec(patient_name="Alex Example", patient_id="RX-1", site="prostate", fractions=5, start=date(2026, 12, 7),
                        tz="Europe/London")
    shown = open_window(qtbot, monkeypatch, course, size=(1024, 700))
    shown.tabs.setCurrentIndex(WEEK_TAB)
    view = shown.week.view
    first, second = (shown.session.schedule.find(AppointmentKey.fraction(n)) for n in (1, 2))
    view.set_machines(((first.key, "Åre Linac"), (second.key, "Linac 2")))
    metrics = QFontMetricsF(view.font())
    for appointment, words in ((first, "09:00 1/5 Åre Linac"), (second, "09:00 2/5 Linac 2")):
        rect = QRectF(10, 10, metrics.horizontalAdvance(words) + 12, metrics.height() + 5)
        image = QImage(int(rect.right()) + 10, int(rect.bottom()) + 10, QImage.Format.Format_ARGB32)
        image.fill(QColor("#ffffff"))
        painter = QPainter(image)
        painter.setFont(view.font())
        view._paint_block(painter, rect, appointment)
        painter.end()
        fill = image.pixelColor(int(rect.right()) - 3, int(rect.bottom()) - 3)
        assert clear_under_outline(ink_rows(image, rect, fill)), words
