"""Controls keep visible borders in a dark or high-contrast palette (Fusion alone draws an unchecked
check box and a field's border black on black there), checked on rendered pixels with WCAG's 3:1
for the parts of a control; and every top-level menu has its own Alt letter."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication, QCheckBox, QComboBox, QLineEdit, QSpinBox, QStyle, QStyleOptionButton, QWidget

from planner.ui.colours import contrast, dark_palette, high_contrast_palette
from planner.ui.contrast_style import AA_PARTS, ContrastStyle, border_colour, use_contrast_style
from tests.test_window_keyboard import mnemonic
from tests.window_helpers import open_window

PALETTES = {"dark": dark_palette, "high-contrast": high_contrast_palette}




def strongest(image: QImage, rect: QRect, background: QColor) -> float:
    """The highest contrast of any pixel in `rect` against `background`."""
    best = 1.0
    for x in range(rect.left(), rect.right() + 1):
        for y in range(rect.top(), rect.bottom() + 1):
            best = max(best, contrast(image.pixelColor(x, y), background))
    return best


def indicator_rect(box: QCheckBox) -> QRect:
    option = QStyleOptionButton()
    box.initStyleOption(option)
    return box.style().subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, option, box)


def rendered(widget: QWidget, qtbot) -> QImage:
    qtbot.addWidget(widget)
    widget.resize(widget.sizeHint())
    widget.show()
    qtbot.waitExposed(widget)
    return widget.grab().toImage()


def test_the_border_colour_reads_on_the_window_and_light_palettes_keep_fusions():
    for make in PALETTES.values():
        palette = make()
        colour = border_colour(palette)
        assert colour is not None
        assert contrast(colour, palette.color(QPalette.ColorRole.Window)) >= AA_PARTS
        assert contrast(colour, palette.color(QPalette.ColorRole.Base)) >= AA_PARTS
    light = QPalette(QColor("#efefef"))
    assert border_colour(light) is None


@pytest.mark.parametrize("palette_name", list(PALETTES))
def test_an_unchecked_box_and_an_empty_field_show_their_border(restore_style, qtbot, palette_name):
    app = restore_style
    app.setStyle("Fusion")
    app.setPalette(PALETTES[palette_name]())
    window = app.palette().color(QPalette.ColorRole.Window)

    def borders() -> list[float]:
        box = QCheckBox("Discreet calendar and print")
        image = rendered(box, qtbot)
        found = [strongest(image, indicator_rect(box), window)]
        for field in (QLineEdit(), QSpinBox(), QComboBox()):
            image = rendered(field, qtbot)
            edge = QRect(0, 0, image.width(), 2)  # the top edge: nothing but the border is drawn there
            found.append(strongest(image, edge, window))
        return found

    if palette_name == "high-contrast":
        assert max(borders()) < 1.5  # Fusion alone: black on black, the defect this style mends
    app.setStyle(ContrastStyle("Fusion"))
    assert all(ratio >= AA_PARTS for ratio in borders()), borders()


def test_the_app_puts_the_style_over_fusion_only(restore_style):
    app = restore_style
    app.setStyle("Fusion")
    use_contrast_style(app)
    assert isinstance(app.style(), ContrastStyle) and app.style().name().lower() == "fusion"
    use_contrast_style(app)  # once is enough
    assert isinstance(app.style(), ContrastStyle)
    app.setStyle("Windows")
    use_contrast_style(app)
    assert not isinstance(app.style(), ContrastStyle)


def test_the_windows_check_boxes_show_in_high_contrast(restore_style, qtbot, monkeypatch):
    from datetime import date

    from planner.core.spec import CourseSpec

    app = restore_style
    app.setStyle("Fusion")
    use_contrast_style(app)
    app.setPalette(high_contrast_palette())
    window = open_window(qtbot, monkeypatch, CourseSpec(patient_name="Alex Example", start=date(2026, 11, 23), tz="Europe/London"),
                         (1366, 768))
    box = window.form.discreet
    assert not box.isChecked()
    image = box.grab().toImage()
    assert strongest(image, indicator_rect(box), QColor("#000000")) >= AA_PARTS


def test_every_top_level_menu_has_its_own_alt_letter(qtbot, monkeypatch):
    from datetime import date

    from planner.core.spec import CourseSpec

    window = open_window(qtbot, monkeypatch, CourseSpec(patient_name="Alex Example", start=date(2026, 11, 23), tz="Europe/London"))
    titles = [action.text() for action in window.menuBar().actions()]
    assert [t.replace("&", "") for t in titles] == ["File", "Edit", "Department", "Help"]
    letters = [mnemonic(t) for t in titles]
    assert None not in letters and letters == ["f", "e", "d", "h"]  # Department has D (its Holidays field moved to I)
    form = window.form.findChildren(QWidget)
    labels = [w.text() for w in form if hasattr(w, "text") and isinstance(w.text(), str) and "&" in w.text()]
    assert not {mnemonic(label) for label in labels} & set(letters)


def test_a_disabled_field_has_a_dotted_border_in_high_contrast(restore_style, qtbot):
    app = restore_style
    app.setStyle(ContrastStyle("Fusion"))
    app.setPalette(high_contrast_palette())
    black = QColor("#000000")

    def lit_share(field: QLineEdit) -> float:
        image = rendered(field, qtbot)
        xs = range(4, image.width() - 4)
        return sum(contrast(image.pixelColor(x, 0), black) >= AA_PARTS for x in xs) / len(xs)

    assert lit_share(QLineEdit("15:00")) > 0.95
    disabled = QLineEdit("15:00")
    disabled.setEnabled(False)
    assert 0.2 < lit_share(disabled) < 0.8


def test_a_hint_in_an_empty_field_reads_in_fusions_light_palette(restore_style, qtbot):
    """Fusion greys a hint ("Full name") to about 4:1 on white; under the app's style it reads at
    WCAG's 4.5:1 for text, measured on the drawn pixels, and still looks unlike typed text."""
    app = restore_style
    app.setStyle("Fusion")
    app.setPalette(app.style().standardPalette())

    def drawn_hint() -> float:
        field = QLineEdit()
        field.setPlaceholderText("Full name")
        field.resize(220, 32)
        qtbot.addWidget(field)
        image = field.grab().toImage()
        return strongest(image, QRect(6, 6, 120, 20), field.palette().color(QPalette.ColorRole.Base))

    assert drawn_hint() < 4.5  # the defect mended here
    use_contrast_style(app)
    assert drawn_hint() >= 4.5
    palette = app.palette()
    hint = palette.color(QPalette.ColorRole.PlaceholderText)
    assert contrast(hint, palette.color(QPalette.ColorRole.Base)) < contrast(palette.color(QPalette.ColorRole.Text),
                                                                            palette.color(QPalette.ColorRole.Base)) / 2


@pytest.mark.parametrize("palette_name", sorted(PALETTES))
def test_a_palette_whose_hints_read_is_left_as_it_is(restore_style, palette_name):
    from planner.ui.contrast_style import hint_colour

    assert hint_colour(PALETTES[palette_name]()) is None


@pytest.mark.parametrize("palette_name", sorted(PALETTES))
def test_the_tab_the_keyboard_is_on_shows_in_a_dark_palette(restore_style, qtbot, palette_name):
    """Fusion only tints the focused tab (the tester saw nothing in the dark palette); under the app's
    style it has an outline with 3:1 against the window, measured on the tab's edge."""
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QTabWidget

    app = restore_style
    app.setPalette(PALETTES[palette_name]())

    def focused_tab_edge() -> float:
        holder = QWidget()
        before = QLineEdit(holder)
        tabs = QTabWidget(holder)
        for name in ("List", "Week", "Month"):
            tabs.addTab(QWidget(), name)
        tabs.setGeometry(0, 40, 300, 120)
        qtbot.addWidget(holder)
        holder.resize(320, 180)
        holder.show()
        qtbot.waitExposed(holder)
        holder.activateWindow()
        qtbot.waitUntil(holder.isActiveWindow)
        before.setFocus()
        qtbot.waitUntil(lambda: QApplication.focusWidget() is before)
        QTest.keyClick(before, Qt.Key.Key_Tab)  # by keyboard: Fusion draws focus only then
        bar = tabs.tabBar()
        assert QApplication.focusWidget() is bar
        image = bar.grab().toImage()
        edge = bar.tabRect(0)
        window = bar.palette().color(QPalette.ColorRole.Window)
        return strongest(image, QRect(edge.left() + 1, edge.top() + 8, 2, edge.height() - 16), window)

    app.setStyle("Fusion")
    assert focused_tab_edge() < AA_PARTS  # the defect: the focused tab's edge does not stand out
    use_contrast_style(app)
    assert focused_tab_edge() >= AA_PARTS
