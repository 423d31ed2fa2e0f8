"""The Bookings window's unchecked check boxes ('Discreet' in the toolbar, 'Not booked only' on the 'Waiting to start'
page) show their box in a dark and a high-contrast palette: its outline at least 3:1 (WCAG 1.4.11) against what is
around it, measured on the rendered window. The dark box (the field colour) is about 1.2:1 on a dark toolbar, so the
outline is all that shows it; it was chosen against the window and the fields only, and on a tab's page, which Fusion
paints lighter (#434343), it was 2.8:1; focused, it took the selection colour whatever its contrast (2.7:1). The light
palette keeps Fusion's own look."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QImage, QPalette
from PySide6.QtWidgets import QCheckBox, QStyle, QStyleOptionButton

from planner.ui.colours import contrast, dark_palette, high_contrast_palette
from planner.ui.contrast_style import AA_PARTS, ContrastStyle
from planner.ui.department_window import DepartmentWindow

from .test_department_window_eyes import DAY, desk  # noqa: F401 - the fixture

PALETTES = {"dark": dark_palette, "high-contrast": high_contrast_palette}


def box_in(window: DepartmentWindow, box: QCheckBox) -> QRect:
    """The check box's box (its indicator), in the window's coordinates."""
    option = QStyleOptionButton()
    box.initStyleOption(option)
    rect = box.style().subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, option, box)
    return rect.translated(box.mapTo(window, QPoint(0, 0)))


def outline_contrasts(window: DepartmentWindow, box: QCheckBox) -> tuple[float, float]:
    """The box's left outline against what is just left of it, and against the box's inside, as rendered."""
    image: QImage = window.grab().toImage()
    rect = box_in(window, box)
    y = rect.center().y()
    outline = image.pixelColor(rect.left(), y)
    return contrast(outline, image.pixelColor(rect.left() - 2, y)), contrast(outline, image.pixelColor(rect.left() + 3, y))


def shown(qtbot, desk, page: int) -> DepartmentWindow:  # noqa: F811
    window = DepartmentWindow(desk, DAY)
    qtbot.addWidget(window)
    window.resize(1300, 760)
    window.show()
    qtbot.waitExposed(window)
    window.tabs.setCurrentIndex(page)
    return window


@pytest.mark.parametrize("palette_name", list(PALETTES))
def test_an_unchecked_box_shows_in_the_toolbar_and_on_the_waiting_page(restore_style, qtbot, desk, palette_name):  # noqa: F811
    app = restore_style
    app.setStyle(ContrastStyle("Fusion"))
    app.setPalette(PALETTES[palette_name]())
    window = shown(qtbot, desk, 2)  # 'Waiting to start': its find line on the tab's page
    boxes = {"Discreet": window.discreet, "Not booked only": window.waiting_page.unbooked}
    for name, box in boxes.items():
        assert not box.isChecked()
        around, inside = outline_contrasts(window, box)
        assert around >= AA_PARTS and inside >= AA_PARTS, (name, around, inside)
        box.setFocus()  # focused: its outline in a colour that shows too
        qtbot.waitUntil(box.hasFocus)
        around, inside = outline_contrasts(window, box)
        assert around >= AA_PARTS and inside >= AA_PARTS, (name, "focused", around, inside)


def test_the_light_palette_keeps_fusions_own_boxes(restore_style, qtbot, desk):  # noqa: F811
    app = restore_style
    app.setStyle("Fusion")
    app.setPalette(QPalette(app.style().standardPalette()))
    images = []
    for style in ("Fusion", ContrastStyle("Fusion")):
        app.setStyle(style)
        window = shown(qtbot, desk, 2)
        images.append([window.grab().toImage().copy(box_in(window, box).adjusted(-2, -2, 2, 2))
                       for box in (window.discreet, window.waiting_page.unbooked)])
        window.close()
    assert images[0] == images[1]
