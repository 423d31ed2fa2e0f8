"""In every palette the window offers (light, dark, high contrast): the department day view's hour and
column lines show (3:1 against the background, WCAG 1.4.11), and a hint in an empty field ("Full name")
reads (4.5:1) but does not look like typed text."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QLineEdit

from planner.ui.colours import AA_TEXT, contrast, dark_palette, grid_line, high_contrast_palette
from planner.ui.department_views import AXIS, HEADER, OccupancyView
from tests.department_sample import DAY, at, drawn_day, sample_agenda

PALETTES = {"light": QPalette, "dark": dark_palette, "high-contrast": high_contrast_palette}


@pytest.mark.parametrize("name", list(PALETTES))
def test_grid_lines_contrast_with_the_background(name):
    palette = PALETTES[name]()
    base = palette.color(QPalette.ColorRole.Base)
    assert contrast(grid_line(palette, True), base) >= 3.0
    assert contrast(grid_line(palette, False), base) >= 1.5


@pytest.mark.parametrize("name", list(PALETTES))
def test_the_day_views_hour_and_column_lines_show(qtbot, name):
    palette = PALETTES[name]()
    base = palette.color(QPalette.ColorRole.Base)
    view, image = drawn_day(qtbot, palette)
    column = [m.name for m in view.machines].index("CT simulator")
    width = view._column_width()
    middle = int(AXIS + (column + 0.5) * width)
    noon = round(view._y(at(DAY, 12, 0)))  # the CT simulator is open and free at noon
    hour_line = max(contrast(image.pixelColor(middle, y), base) for y in range(noon - 1, noon + 2))
    assert hour_line >= 3.0, name
    between = noon + 10
    edge = int(AXIS + column * width)
    column_line = max(contrast(image.pixelColor(x, between), base) for x in range(edge - 1, edge + 2))
    assert column_line >= 3.0, name


@pytest.mark.parametrize("name", list(PALETTES))
def test_the_occupancy_views_row_lines_show(qtbot, name):
    palette = PALETTES[name]()
    view = OccupancyView()
    qtbot.addWidget(view)
    view.setPalette(palette)
    view.set_agenda(sample_agenda(7, DAY))
    view.resize(900, 300)
    image = view.grab().toImage()
    y = int(HEADER + view.ROW)
    base = image.pixelColor(3, y + 5)  # the view's own background beside the row line
    assert max(contrast(image.pixelColor(3, row), base) for row in range(y - 1, y + 2)) >= 3.0, name


@pytest.mark.parametrize("name", ["dark", "high-contrast"])
def test_a_fields_hint_reads_and_is_not_typed_text(name):
    palette = PALETTES[name]()
    hint, text = palette.color(QPalette.ColorRole.PlaceholderText), palette.color(QPalette.ColorRole.Text)
    assert contrast(hint, palette.color(QPalette.ColorRole.Base)) >= AA_TEXT
    assert contrast(hint, text) >= 1.5  # another grey, not the typed text's white


def brightest(field: QLineEdit) -> float:
    image = field.grab().toImage()
    return max(QColor(image.pixelColor(x, y)).lightnessF() for x in range(4, image.width() - 4) for y in range(4, image.height() - 4))


def test_the_high_contrast_hint_is_drawn_darker_than_typed_text(qtbot):
    fields = []
    for typed in ("", "Ann Smith"):
        field = QLineEdit(typed)
        field.setPlaceholderText("Full name")
        field.setPalette(high_contrast_palette())
        field.resize(200, 28)
        qtbot.addWidget(field)
        fields.append(field)
    hint, typed = (brightest(field) for field in fields)
    assert typed == pytest.approx(1.0) and hint < 0.8
