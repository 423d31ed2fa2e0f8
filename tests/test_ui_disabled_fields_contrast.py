"""A field that takes no input (a cancelled course's form, read-only under its banner) looks unlike an
editable one in a high-contrast palette: there both were black with near-white text, told apart only by a
dotted border. Now a disabled field is grey with grey text that still reads (WCAG's 4.5:1), in the app's
own high-contrast palette and in a desktop's that gives no disabled colours of its own; the dark and
light palettes, which tell them apart already, are left as they were. Checked on rendered pixels."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QComboBox, QLineEdit, QListWidget, QSpinBox, QWidget

from planner.ui.colours import AA_TEXT, DISTINCT_FILL, DISTINCT_TEXT, contrast, dark_palette, distinct_disabled, high_contrast_palette
from planner.ui.contrast_style import use_contrast_style

DISABLED, ACTIVE = QPalette.ColorGroup.Disabled, QPalette.ColorGroup.Active




def desktop_high_contrast() -> QPalette:
    """A desktop's high-contrast palette as Qt may hand it over: white on black, disabled the same but for a light grey text."""
    palette = QPalette(QColor("#000000"))
    for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Base, QPalette.ColorRole.Button, QPalette.ColorRole.AlternateBase):
        palette.setColor(role, QColor("#000000"))
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        palette.setColor(role, QColor("#ffffff"))
        palette.setColor(DISABLED, role, QColor("#c0c0c0"))
    palette.setColor(QPalette.ColorRole.Highlight, QColor("#ffff00"))
    return palette


def fill_of(widget: QWidget, qtbot, enabled: bool) -> QColor:
    """The colour inside the field, right of any text and left of any arrow: what tells a field's state at a glance."""
    qtbot.addWidget(widget)
    widget.setEnabled(enabled)
    widget.resize(240, max(widget.sizeHint().height(), 30))
    widget.show()
    qtbot.waitExposed(widget)
    image = widget.grab().toImage()
    return image.pixelColor(image.width() // 2 + 40, image.height() // 2)


FIELDS = {"line edit": lambda: QLineEdit("Alex"), "spin box": QSpinBox, "drop-down": lambda: _combo(), "list": QListWidget}


def _combo() -> QComboBox:
    box = QComboBox()
    box.addItem("Head")
    return box


@pytest.mark.parametrize("make", list(FIELDS.values()), ids=list(FIELDS))
@pytest.mark.parametrize("palette", [high_contrast_palette, desktop_high_contrast], ids=["own", "desktop"])
def test_a_disabled_field_is_told_apart_from_an_editable_one_in_high_contrast(restore_style, qtbot, make, palette):
    app = restore_style
    app.setStyle("Fusion")
    app.setPalette(palette())
    use_contrast_style(app)  # as the app starts: a desktop's palette is made to tell them apart
    enabled, disabled = fill_of(make(), qtbot, True), fill_of(make(), qtbot, False)
    assert contrast(enabled, disabled) >= DISTINCT_FILL, (enabled.name(), disabled.name())
    shown = app.palette()
    text = shown.color(DISABLED, QPalette.ColorRole.Text)
    assert contrast(text, shown.color(DISABLED, QPalette.ColorRole.Base)) >= AA_TEXT  # a cancelled course's values still read
    assert contrast(text, shown.color(ACTIVE, QPalette.ColorRole.Text)) >= DISTINCT_TEXT  # and read as not editable
    label = shown.color(DISABLED, QPalette.ColorRole.WindowText)
    assert contrast(label, shown.color(ACTIVE, QPalette.ColorRole.Window)) >= AA_TEXT


def test_dark_and_light_palettes_are_left_as_they_were(restore_style):
    assert distinct_disabled(dark_palette()) == {}
    light = QPalette(QColor("#efefef"))
    assert distinct_disabled(light) == {}
    assert distinct_disabled(high_contrast_palette()) == {}  # the app's own is made distinct once, where it is built
    assert distinct_disabled(desktop_high_contrast())  # a desktop's is not, until use_contrast_style
