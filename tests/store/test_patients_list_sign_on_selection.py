"""The Patients list in the high-contrast palette, its row selected (black on yellow): the warning sign of a calendar
update owed, beside the name, was the style's yellow triangle and could not be seen; the status cell's '⚠' (a make-up
never booked) is drawn in the row's text colour. Both read on the selection and off it."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from planner.store.db import Store
from planner.ui.colours import contrast, dark_palette, high_contrast_palette
from planner.ui.contrast_style import use_contrast_style
from planner.ui.patient_list import STATUS_COLUMN

from .test_make_up_never_booked import AFTER, _today, url
from .test_status_cell_reads_whole import panel_at

__all__ = ["url"]  # the fixture, used by name

PALETTES = {"light": lambda: QApplication.style().standardPalette(), "dark": dark_palette, "high contrast": high_contrast_palette}


def readable_pixels(image, area: QRect, background, minimum: float) -> int:
    return sum(contrast(image.pixelColor(x, y), background) >= minimum
               for x in range(area.left(), area.right() + 1) for y in range(area.top(), area.bottom() + 1))


@pytest.mark.parametrize("palette_name", list(PALETTES))
def test_the_warning_signs_read_on_the_selected_row_and_off_it(url, qtbot, monkeypatch, palette_name):  # noqa: F811
    _today(monkeypatch, AFTER)
    app = QApplication.instance()
    palette = PALETTES[palette_name]()
    app.setPalette(palette)
    use_contrast_style(app)
    try:
        with Store.open(url) as store:
            panel = panel_at(qtbot, store, 560)  # a column each: the name, then the status
            model, table = panel.model, panel.table
            model.rows[0] = replace(model.rows[0], calendar_owed=True)
            model.dataChanged.emit(model.index(0, 0), model.index(0, model.columnCount() - 1))
            for selected in (False, True):
                table.selectRow(0) if selected else table.clearSelection()
                image = table.viewport().grab().toImage()
                background = palette.color(QPalette.ColorRole.Highlight if selected else QPalette.ColorRole.Base)
                words = palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
                as_the_words = min(4.5, contrast(words, background)) - 0.05  # light's selection: white on blue, 3.6:1
                name = table.visualRect(model.index(0, 0))
                sign = QRect(name.left(), name.top(), name.height(), name.height())  # the sign, left of the name
                assert readable_pixels(image, sign, background, 3.0) >= 25, (palette_name, selected)
                status = table.visualRect(model.index(0, STATUS_COLUMN))
                mark = QRect(status.left(), status.top(), status.height(), status.height())  # the '⚠' its text starts with
                assert readable_pixels(image, mark, background, as_the_words) >= 10, (palette_name, selected)
    finally:
        app.setPalette(QApplication.style().standardPalette())
        use_contrast_style(app)
