"""The day view draws a thin line across the machines at the current time when the day shown is today in the
department's zone (the clock injected: the view's `now`), kept current by a timer, visible in a light, a dark and a
high-contrast palette (3:1 against the background, WCAG 1.4.11), and on no other day. A patient from another
machine's list says where they usually come from, in the block's tooltip and in the words a screen reader hears."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from PySide6.QtGui import QColor, QPalette

from planner.ui.colours import contrast, dark_palette, high_contrast_palette, now_colour
from planner.ui.department_views import DayView, axis_ticks
from tests.department_sample import DAY, at, sample_agenda

PALETTES = {"light": QPalette, "dark": dark_palette, "high-contrast": high_contrast_palette}


def day_view(qtbot, palette: QPalette, now) -> DayView:
    view = DayView()
    qtbot.addWidget(view)
    view.setPalette(palette)
    view.now = now
    view.set_agenda(sample_agenda(), DAY)
    view.resize(900, view.sizeHint().height())
    return view


def free_pixels(view: DayView, y: int) -> list[QColor]:
    """The pixels at height `y` across the CT simulator's column, free at 10:40 (its scan is at 11:00)."""
    image = view.grab().toImage()
    column = [m.name for m in view.machines].index("CT simulator")
    x0 = int(view._axis + column * view._column_width()) + 6
    return [image.pixelColor(x, y) for x in range(x0, x0 + 60)]


@pytest.mark.parametrize("name", list(PALETTES))
def test_the_line_is_at_the_current_time_and_shows_in_every_palette(qtbot, name):
    palette = PALETTES[name]()
    view = day_view(qtbot, palette, lambda: at(DAY, 10, 40))
    y = view.now_y()
    assert y is not None and y == pytest.approx(view._y(at(DAY, 10, 40)))
    base = palette.color(QPalette.ColorRole.Base)
    drawn = free_pixels(view, round(y))
    assert all(contrast(colour, base) >= 3.0 for colour in drawn), {c.name() for c in drawn}
    assert all(colour == base for colour in free_pixels(view, round(y) + 12)), "a thin line: free time around it stays free"


def test_no_line_on_another_day_or_without_a_clock(qtbot):
    palette = QPalette()
    tomorrow = day_view(qtbot, palette, lambda: at(DAY + timedelta(days=1), 10, 40))
    assert tomorrow.now_y() is None
    y = round(tomorrow._y(at(DAY, 10, 40)))
    assert all(c == palette.color(QPalette.ColorRole.Base) for c in free_pixels(tomorrow, y))
    assert day_view(qtbot, palette, None).now_y() is None
    before = day_view(qtbot, palette, lambda: at(DAY, 6, 0))  # today, before any machine opens: off the axis
    assert before.now_y() is None and before.now_y(within=False) == pytest.approx(before._y(before._top))


def test_the_line_follows_the_clock_while_shown(qtbot):
    clock = [at(DAY, 10, 40)]
    view = day_view(qtbot, QPalette(), lambda: clock[0])
    view.show()
    qtbot.waitExposed(view)
    assert view._clock.isActive(), "a timer keeps the line current while the view is shown"
    qtbot.waitUntil(lambda: view._now_drawn == view.now_y())
    first = view._now_drawn
    clock[0] = at(DAY, 11, 15)
    view._clock_ticked()  # what the timer does every NOW_CHECK_MS
    qtbot.waitUntil(lambda: view._now_drawn != first)
    assert view._now_drawn == pytest.approx(view._y(at(DAY, 11, 15)))
    view.hide()
    assert not view._clock.isActive()


def test_a_moved_patient_says_where_from_in_the_tooltip_and_to_a_screen_reader(qtbot):
    agenda = sample_agenda()
    linac2 = agenda.machines[1]
    linac2 = replace(linac2, entries=tuple(replace(e, moved_from="Linac 1") if e.patient == "Dora Mbeki" else e
                                           for e in linac2.entries))
    view = DayView()
    qtbot.addWidget(view)
    view.set_agenda(replace(agenda, machines=(agenda.machines[0], linac2, agenda.machines[2])), DAY)
    view.resize(900, view.sizeHint().height())
    dora = next(e for e in linac2.entries if e.patient == "Dora Mbeki")
    centre = view.block_rect(dora).center()
    assert view.tip_at(centre).splitlines()[-1] == "From Linac 1, its usual machine"
    assert view.tip_at(view.block_rect(linac2.entries[1]).center()).count("usual machine") == 0
    marker = view._marker_of(dora)
    assert marker is not None and marker.accessibleName().endswith("from Linac 1, its usual machine")
    view.set_discreet(True)
    tip = view.tip_at(centre)
    assert tip.startswith("D. M.") and "Dora" not in tip and tip.endswith("From Linac 1, its usual machine")


@pytest.mark.parametrize("name", list(PALETTES))
def test_the_line_does_not_strike_through_a_downtimes_label(qtbot, name):
    """Linac 2 is down from 08:00 ("Down 08:00–13:00 (beam fault)"); at 08:05 the line crossed that label, which then read as
    struck out, as if the downtime were cancelled. The label stays whole over the line, as a booking's name does."""
    palette = PALETTES[name]()
    with_line = day_view(qtbot, palette, lambda: at(DAY, 8, 5))
    without = day_view(qtbot, palette, None)
    y = with_line.now_y()
    top = with_line._y(at(DAY, 8))
    assert y is not None and top + 3 < y < top + 21, "the line lies across the label's box"
    column = [m.name for m in with_line.machines].index("Linac 2")
    x0 = int(with_line._axis + column * with_line._column_width()) + 6
    label = with_line.fontMetrics().horizontalAdvance("Down 08:00–13:00 (beam fault)")
    drawn, plain = with_line.grab().toImage(), without.grab().toImage()
    for row in (round(y) - 1, round(y), round(y) + 1):
        assert [drawn.pixelColor(x, row) for x in range(x0, x0 + label)] == [plain.pixelColor(x, row) for x in range(x0, x0 + label)]
    assert drawn.pixelColor(x0 + label + 20, round(y)) != plain.pixelColor(x0 + label + 20, round(y)), "beside the label the line shows"


@pytest.mark.parametrize("minute", [(10, 28), (10, 31), (10, 0), (10, 15), (8, 2), (13, 59)])
@pytest.mark.parametrize("name", list(PALETTES))
def test_the_time_in_the_axis_hides_no_hour_or_half_hour(qtbot, name, minute):
    """At 10:28 the current time's box, centred on its line, covered the axis's '10:30' (and at 10:31 its top half).
    Every hour and half hour in the axis now reads as without the line; the box keeps beside its line."""
    palette = PALETTES[name]()
    now = at(DAY, *minute)
    with_line = day_view(qtbot, palette, lambda: now)
    without = day_view(qtbot, palette, None)
    y = with_line.now_y()
    assert y is not None
    drawn, plain = with_line.grab().toImage(), without.grab().toImage()
    metrics = with_line.fontMetrics()
    right = int(with_line._axis) - 8  # where the labels end (the line starts 6 px left of the axis)
    for moment, label in axis_ticks(with_line._top, with_line._bottom, with_line.agenda.tz):
        if moment >= with_line._bottom:
            continue
        tick = with_line._y(moment)
        rows = range(max(0, round(tick) - 1), round(tick) + metrics.height())
        hidden = [row for row in rows if any(drawn.pixelColor(x, row) != plain.pixelColor(x, row) for x in range(right))]
        assert not hidden, f"'{label}' is covered at {now:%H:%M}"
    box = [row for row in range(drawn.height()) if drawn.pixelColor(right - 2, row) == now_colour(palette)]
    assert box, "the time is shown in the axis"
    # on its line, or just past the label it would cover (under the day's first, at 08:02)
    assert abs((min(box) + max(box)) / 2 - y) <= 2 * metrics.height() + 2, "beside its line"
