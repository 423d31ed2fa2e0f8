"""The Bookings window's day view draws its booking blocks in the palette's own tints: no pale block glaring
in a dark or high-contrast palette, and the text on every block at least WCAG AA's 4.5:1 on its fill in a
light, a dark and a high-contrast palette (measured on the colours and on the rendered pixels)."""

from __future__ import annotations

from collections import Counter

import pytest
from PySide6.QtGui import QColor, QImage, QPalette

from planner.core.kinds import AppointmentKind
from planner.ui.colours import AA_TEXT, contrast, dark_palette, high_contrast_palette, kind_colours, luminance
from tests.department_sample import drawn_day

PALETTES = {"light": QPalette, "dark": dark_palette, "high-contrast": high_contrast_palette}
GLARE = 0.25  # a fill brighter than this (relative luminance) on a dark palette's near-black glares


@pytest.mark.parametrize("name", list(PALETTES))
def test_each_kind_has_text_that_reads_on_its_fill(name):
    palette = PALETTES[name]()
    for kind in AppointmentKind:
        fill, text = kind_colours(kind, palette)
        assert contrast(text, fill) >= AA_TEXT, (name, kind, text.name(), fill.name())
        if name != "light":
            assert luminance(fill) < GLARE, (name, kind, fill.name())


def fill_and_text(image: QImage, left: int, top: int, width: int, height: int) -> tuple[QColor, QColor]:
    """The most common colour inside a block (its fill) and the one of most contrast with it (its text)."""
    counts = Counter(image.pixel(x, y) for x in range(left, left + width) for y in range(top, top + height))
    fill = QColor.fromRgb(counts.most_common(1)[0][0])
    text = max((QColor.fromRgb(p) for p in counts), key=lambda c: contrast(c, fill))
    return fill, text


@pytest.mark.parametrize("name", list(PALETTES))
def test_the_drawn_blocks_read_and_do_not_glare(qtbot, name):
    palette = PALETTES[name]()
    view, image = drawn_day(qtbot, palette)
    ratio = image.devicePixelRatio()
    blocks = list(view._blocks)
    assert {entry.kind for _, entry, _ in blocks} >= {AppointmentKind.FRACTION, AppointmentKind.SIMULATION}
    for rect, entry, _ in blocks:
        inner = rect.adjusted(3, 3, -3, -3)
        fill, text = fill_and_text(image, int(inner.left() * ratio), int(inner.top() * ratio),
                                   int(inner.width() * ratio), int(inner.height() * ratio))
        assert contrast(text, fill) >= AA_TEXT, (name, entry.patient, text.name(), fill.name())
        if name != "light":
            assert luminance(fill) < GLARE, (name, entry.patient, fill.name())
