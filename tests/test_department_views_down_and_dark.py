"""The department window's week says "down" for a machine whose downtime takes its whole day (a
closed day stays "closed"), and a machine's closed hours show in a dark palette (3:1 against the
background, WCAG 1.4.11) as in a light one."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtGui import QColor

from planner.core.agenda import Period
from planner.ui.colours import contrast, dark_palette, high_contrast_palette
from planner.ui.department_views import OccupancyView
from tests.department_sample import DAY, TZ, at, drawn_day, sample_agenda


def test_a_machine_down_all_day_reads_down_and_a_closed_day_closed(qtbot):
    agenda = sample_agenda(7, DAY)
    linac2 = agenda.machine("Linac 2")
    all_day = replace(linac2, downtime=(Period(at(DAY, 0), at(DAY, 23, 59), "service"),))
    agenda = replace(agenda, machines=tuple(all_day if m.name == "Linac 2" else m for m in agenda.machines))
    view = OccupancyView()
    qtbot.addWidget(view)
    view.set_agenda(agenda)
    assert all_day.down_all_day(DAY, TZ) and all_day.open_minutes(DAY, TZ) == 0
    assert view.cell_text(all_day, DAY) == "down\n30 min booked"
    saturday = next(d for d in agenda.dates if d.weekday() == 5)
    assert view.cell_text(all_day, saturday) == "closed"
    assert view.cell_text(agenda.machine("Linac 1"), DAY).endswith("%")


def closed_hours_colours(qtbot, palette) -> tuple[set[str], QColor]:
    view, image = drawn_day(qtbot, palette)
    column = [m.name for m in view.machines].index("CT simulator")  # closes at 16:00, the linacs at 18:00
    width = view._column_width()
    x0 = int(52 + column * width) + 4
    top, bottom = int(view._y(at(DAY, 16, 15))), int(view._y(at(DAY, 17, 45)))
    colours = {image.pixelColor(x, y).name() for x in range(x0, x0 + 40) for y in range(top, bottom)}
    return colours, palette.color(palette.ColorRole.Base)


def test_closed_hours_show_in_a_dark_and_a_high_contrast_palette(qtbot):
    for palette in (dark_palette(), high_contrast_palette()):
        colours, base = closed_hours_colours(qtbot, palette)
        assert max(contrast(QColor(c), base) for c in colours) >= 3.0, sorted(colours)
