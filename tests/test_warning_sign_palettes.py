"""The warning sign beside a cell's text (the Patients list's calendar update owed, a Department settings cell the
department cannot take) was the style's yellow triangle: on the high-contrast palette's yellow selection it vanished,
and on a light palette's white rows it was faint (under 3:1). The sign drawn now reads in the light, dark and
high-contrast palettes, on a row selected or not (WCAG 1.4.11 asks 3:1 for such a shape)."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QIcon, QImage, QPainter, QPalette
from PySide6.QtWidgets import QApplication

from planner.ui.colours import contrast, dark_palette, high_contrast_palette
from planner.ui.department_delegates import warning_icon
from planner.ui.warning_sign import warning_sign

PALETTES = {"light": lambda: QApplication.style().standardPalette(), "dark": dark_palette, "high contrast": high_contrast_palette}
SHAPE = 3.0  # WCAG 1.4.11: a graphic's parts against what is next to them


def readable_share(icon: QIcon, mode: QIcon.Mode, background: QColor, size: int = 16) -> float:
    """The share of the sign's square drawn at 3:1 or more against `background` (the sign's shape that is seen)."""
    image = QImage(size, size, QImage.Format.Format_RGB32)
    image.fill(background)
    painter = QPainter(image)
    painter.drawPixmap(0, 0, icon.pixmap(size, size, mode))
    painter.end()
    pixels = [image.pixelColor(x, y) for x in range(size) for y in range(size)]
    return sum(contrast(colour, background) >= SHAPE for colour in pixels) / len(pixels)


@pytest.mark.parametrize("palette_name", list(PALETTES))
@pytest.mark.parametrize("size", [16, 24])
def test_the_warning_sign_reads_on_rows_and_on_the_selection_in_every_palette(qapp, palette_name, size):
    palette = PALETTES[palette_name]()
    sign = warning_sign(palette)
    for role, mode in ((QPalette.ColorRole.Base, QIcon.Mode.Normal), (QPalette.ColorRole.AlternateBase, QIcon.Mode.Normal),
                       (QPalette.ColorRole.Highlight, QIcon.Mode.Selected)):
        share = readable_share(sign, mode, palette.color(role), size)
        assert share >= 0.12, (palette_name, role.name, share)  # the style's sign: 0 on white and on every selection


def test_department_settings_marks_a_cell_with_the_same_sign(qapp):
    palette = high_contrast_palette()
    qapp.setPalette(palette)
    try:
        share = readable_share(warning_icon(), QIcon.Mode.Selected, palette.color(QPalette.ColorRole.Highlight))
    finally:
        qapp.setPalette(QApplication.style().standardPalette())
    assert share >= 0.12
