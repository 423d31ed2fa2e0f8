"""The day view scrolled: a machine down all morning, scrolled past the downtime's start, showed a hatched column that
said nothing, its "Down: beam fault" at the downtime's top, out of view. The words now keep to the top of what is in
view while the downtime shows there, and go back to its top once that is in view. And a chosen booking scrolled out of
view above no longer leaves a line under the machines' names. In a narrow column (twelve machines on a 1366 px screen)
the words said "Down: bea…": the reason now wraps under "Down:", on the view's background in every palette."""

from __future__ import annotations

from collections import Counter

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPalette
from PySide6.QtWidgets import QScrollArea

from planner.ui.colours import AA_TEXT, contrast, dark_palette, high_contrast_palette
from planner.ui.department_views import HEADER, DayView, down_label_lines
from tests.department_sample import DAY, at, busy_day, sample_agenda

PALETTES = {"light": QPalette, "dark": dark_palette, "high-contrast": high_contrast_palette}


def scrolled_day(qtbot) -> tuple[QScrollArea, DayView]:
    view = DayView()
    view.set_agenda(sample_agenda(), DAY)
    area = QScrollArea()
    area.setWidget(view)
    area.setWidgetResizable(True)
    qtbot.addWidget(area)
    area.resize(900, 360)  # short: the day scrolls
    area.show()
    qtbot.waitExposed(area)
    area.verticalScrollBar().valueChanged.connect(view.update)  # as the Bookings window does: the header keeps in view
    return area, view


def label_box(view: DayView) -> QRect:
    (box, words), = view.down_labels(view.fontMetrics())
    assert words == "Down: beam fault"
    return box.toRect()


def test_the_downtime_says_why_at_the_top_of_the_view_when_its_start_is_scrolled_past(qtbot):
    area, view = scrolled_day(qtbot)
    start, end = view._y(at(DAY, 8)), view._y(at(DAY, 13))  # Linac 2 down 08:00-13:00
    assert label_box(view).top() < start + 5  # in view at its top
    bar = area.verticalScrollBar()
    bar.setValue(int(view._y(at(DAY, 10)) - HEADER))  # 08:00 to 10:00 above the view, the rest of the downtime in it
    assert bar.value() > start and bar.value() + HEADER + 21 < end
    qtbot.waitUntil(lambda: view.visibleRegion().boundingRect().top() == bar.value())
    box = label_box(view)
    assert bar.value() + HEADER <= box.top() < bar.value() + HEADER + 10  # just under the machines' names
    image = area.viewport().grab().toImage()
    shown = box.translated(0, -bar.value())
    assert image.copy(shown) != image.copy(shown.translated(0, 60)), "its words drawn over the hatching there"
    bar.setValue(0)
    qtbot.waitUntil(lambda: view.visibleRegion().boundingRect().top() == 0)
    assert label_box(view).top() < start + 5  # back at the downtime's top


def test_past_the_downtime_its_words_stay_at_its_top(qtbot):
    area, view = scrolled_day(qtbot)
    bar = area.verticalScrollBar()
    bar.setValue(int(view._y(at(DAY, 12, 55)) - HEADER))  # only the downtime's last minutes in view: no room for the words
    qtbot.waitUntil(lambda: view.visibleRegion().boundingRect().top() == bar.value())
    assert label_box(view).top() < view._y(at(DAY, 8)) + 5


def test_a_chosen_booking_scrolled_out_of_view_above_draws_no_line_under_the_names(qtbot):
    """The chosen booking scrolled wholly above the view: its outline, its top edge kept just under the machines'
    names, was drawn there as a line in the highlight colour (bright yellow in a high-contrast palette), as if a
    booking of that machine were chosen in view."""
    area, view = scrolled_day(qtbot)
    rect, chosen = min(((rect, entry) for rect, entry, _ in view._blocks), key=lambda block: block[0].top())  # the first
    view._select(chosen)
    bar = area.verticalScrollBar()
    bar.setValue(bar.maximum())  # the foot of the day: the first booking wholly above the view
    assert rect.bottom() < bar.value()
    qtbot.waitUntil(lambda: view.visibleRegion().boundingRect().top() == bar.value())
    chosen_image = area.viewport().grab().toImage()
    view.selected = None
    plain_image = area.viewport().grab().toImage()
    rows = range(int(HEADER) - 2, int(HEADER) + 6)
    columns = range(int(rect.left()), int(rect.right()))
    assert [[chosen_image.pixelColor(x, y) for x in columns] for y in rows] == \
        [[plain_image.pixelColor(x, y) for x in columns] for y in rows]


@pytest.fixture
def narrow_view(qtbot):
    shown = DayView()
    qtbot.addWidget(shown)
    shown.set_agenda(busy_day(), DAY)
    shown.resize(1300, shown.sizeHint().height())  # the Bookings window at 1366 px, beside its scroll bar
    shown.show()
    qtbot.waitExposed(shown)
    assert shown._column_width() < 110
    return shown


def test_the_downtime_reason_wraps_under_down_in_a_narrow_column(narrow_view):
    view = narrow_view
    labels = dict((words.split("\n")[-1], box) for box, words in view.down_labels(view.fontMetrics()))
    words = [words.split("\n") for _, words in view.down_labels(view.fontMetrics())]
    assert ["Down:", "beam fault"] in words  # was "Down: bea…"
    width = view._column_width()
    metrics = view.fontMetrics()
    for lines in words:
        assert all(metrics.horizontalAdvance(line) <= width - 16 for line in lines), lines
    short = next(lines for lines in words if lines[0].startswith("Down") and lines != ["Down:", "beam fault"])
    assert len(short) == 1 and short[0].startswith("Down")  # ten minutes: one line's room, cut short
    box = labels["beam fault"]
    assert box.height() >= 2 * metrics.height() and box.right() <= view._axis + 3 * width


@pytest.mark.parametrize("name", list(PALETTES))
def test_the_downtime_words_read_in_every_palette(qtbot, name):
    view = DayView()
    qtbot.addWidget(view)
    view.setPalette(PALETTES[name]())
    view.set_agenda(busy_day(), DAY)
    view.resize(1300, view.sizeHint().height())
    image = view.grab().toImage()
    box = next(box for box, words in view.down_labels(view.fontMetrics()) if words.endswith("beam fault")).toRect()
    second = box.adjusted(2, box.height() // 2, -2, -1)  # the reason's line
    counts = Counter(image.pixel(x, y) for x in range(second.left(), second.right()) for y in range(second.top(), second.bottom()))
    ground = QColor.fromRgb(counts.most_common(1)[0][0])
    ink = max((QColor.fromRgb(p) for p in counts), key=lambda colour: contrast(colour, ground))
    assert ground == view.palette().base().color()  # on the background, not over the hatching
    assert contrast(ink, ground) >= AA_TEXT


def test_a_long_reason_wraps_to_the_room_there_is_and_says_there_is_more(qtbot):
    metrics = QFontMetrics(QFont())
    reason = "cooling water leak in the gantry stand"
    lines = down_label_lines(reason, metrics, 80, 3)
    assert len(lines) == 3 and lines[0] == "Down:" and lines[-1].endswith("…")
    assert all(metrics.horizontalAdvance(line) <= 80 for line in lines)
    assert " ".join(lines[1:]).rstrip("…") in reason  # the words in their order, from the start
    (alone,) = down_label_lines(reason, metrics, 80, 1)  # a downtime of a few minutes: one line
    assert alone.startswith("Down") and metrics.horizontalAdvance(alone) <= 80
    assert down_label_lines(reason, metrics, 1000, 1) == [f"Down: {reason}"]  # a wide column: whole, on one line
