"""The day view scrolled: a machine down all morning, scrolled past the downtime's start, showed a hatched column that
said nothing, its "Down: beam fault" at the downtime's top, out of view. The words now keep to the top of what is in
view while the downtime shows there, and go back to its top once that is in view. And a chosen booking scrolled out of
view above no longer leaves a line under the machines' names."""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtWidgets import QScrollArea

from planner.ui.department_views import HEADER, DayView
from tests.department_sample import DAY, at, sample_agenda


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
