"""The day view scrolled: a machine down all morning, scrolled past the downtime's start, showed a hatched column that
said nothing, its "Down: beam fault" at the downtime's top, out of view. The words now keep to the top of what is in
view while the downtime shows there, and go back to its top once that is in view. And a chosen booking scrolled out of
view above no longer leaves a line under the machines' names. In a narrow column (twelve machines on a 1366 px screen)
the words said "Down: bea…": the reason now wraps under "Down", on the view's background in every palette. The label
says when too ("Down 08:00–13:00 (beam fault)"), in shorter forms where the column is narrow ("Down" over "08:00–11:00"
over the reason), never cut inside a word without an ellipsis; the tooltip says it whole."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPalette
from PySide6.QtWidgets import QScrollArea

from planner.core.agenda import Period
from planner.ui.colours import AA_TEXT, contrast, dark_palette, high_contrast_palette
from planner.ui.department_views import HEADER, DayView, down_label_fitted, down_span, down_tip
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
    assert words == "Down 08:00–13:00 (beam fault)"
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


def test_the_downtime_reason_wraps_under_down_and_its_times_in_a_narrow_column(narrow_view):
    view = narrow_view
    labels = dict((words.split("\n")[-1], box) for box, words in view.down_labels(view.fontMetrics()))
    words = [words.split("\n") for _, words in view.down_labels(view.fontMetrics())]
    assert ["Down", "08:00–11:00", "beam fault"] in words  # was "Down: bea…", then without its times
    width = view._column_width()
    metrics = view.fontMetrics()
    for lines in words:
        assert all(metrics.horizontalAdvance(line) <= width - 13 for line in lines), lines
    short = next(lines for lines in words if lines != ["Down", "08:00–11:00", "beam fault"])
    assert short == ["Down"]  # ten minutes: one line's room, "Down" whole, its times and reason in its tooltip
    linac7 = next(machine for machine in view.machines if machine.name == "Linac 7")
    assert down_tip("Linac 7", linac7.downtime[0], view.agenda.tz).startswith("Linac 7 down 13:00–13:10: no reason given\n")
    box = labels["beam fault"]
    assert box.height() >= 3 * metrics.height() and box.right() <= view._axis + 3 * width


def test_a_narrow_label_is_never_cut_inside_a_word_without_an_ellipsis(qtbot):
    """However narrow the column and short the downtime, each line of its label is whole words of the full label, or
    ends in '…'."""
    metrics = QFontMetrics(QFont())
    whole = "Down 08:00–13:00 (magnetron replaced after arcing)".replace("(", "").replace(")", "").split()
    for room in range(40, 400, 7):
        for lines in (1, 2, 3, 5):
            shown = down_label_fitted("08:00–13:00", "magnetron replaced after arcing", metrics, room, lines)
            assert 1 <= len(shown) <= lines
            for line in shown:
                assert metrics.horizontalAdvance(line) <= room, (room, lines, shown)
                kept = line.replace("(", "").replace(")", "").split()
                assert line.endswith("…") or all(word in whole for word in kept), (room, lines, shown)


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
    room = metrics.horizontalAdvance("08:00–13:00") + 4  # "Down 08:00–13:00" does not fit: "Down" over the times
    lines = down_label_fitted("08:00–13:00", reason, metrics, room, 4)
    assert len(lines) == 4 and lines[:2] == ["Down", "08:00–13:00"] and lines[-1].endswith("…")
    assert all(metrics.horizontalAdvance(line) <= room for line in lines)
    assert " ".join(lines[2:]).rstrip("…") in reason  # the words in their order, from the start
    (alone,) = down_label_fitted("08:00–13:00", reason, metrics, room, 1)  # a downtime of a few minutes: one line
    assert alone == "Down"
    wide = down_label_fitted("08:00–13:00", reason, metrics, 1000, 1)
    assert wide == [f"Down 08:00–13:00 ({reason})"]  # a wide column: whole, on one line


def test_the_span_of_a_downtime_on_the_day_shown():
    london = ZoneInfo("Europe/London")
    day = datetime(2026, 11, 24).date()

    def at(d: int, h: int, m: int = 0) -> datetime:
        return datetime(2026, 11, d, h, m, tzinfo=london)

    assert down_span(Period(at(24, 8), at(24, 13)), day, london) == "08:00–13:00"
    assert down_span(Period(at(23, 18), at(24, 11)), day, london) == "until 11:00"
    assert down_span(Period(at(24, 14), at(25, 9)), day, london) == "from 14:00"
    assert down_span(Period(at(23, 18), at(25, 9)), day, london) == "all day"
    assert down_span(Period(at(24, 0), at(25, 0)), day, london) == "all day"
