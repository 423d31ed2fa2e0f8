"""Fusion with borders that show in a dark or high-contrast palette.

Fusion draws the border of a check box, a radio button, a text or spin field, a drop-down list, a
list or table and a button a shade darker than the window colour. On a black window (a high-contrast palette) that
is black on black: an unchecked box and an empty field vanish. This style draws those borders again,
in a colour with at least WCAG's 3:1 contrast for the parts of a control (success criterion 1.4.11) against
each surface a control stands on (the window, a field, a tab's page), whenever Fusion's own border would
not show, and the keyboard focus (a tab, a check box, a table cell) as a solid outline where Fusion only tints
it. Light palettes are left as Fusion draws them.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QPen
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle, QStyleOption, QStyleOptionComplex, QWidget

from .colours import AA_TEXT, contrast, distinct_disabled, mix, quietest_mix, with_distinct_disabled

AA_PARTS = 3.0  # WCAG 1.4.11: the boundary of a control against what is next to it
FUSION_SHADE = 140  # Fusion's border: the window colour darker by this factor (QFusionStyle's outline())
FRAMED = (QStyle.PrimitiveElement.PE_IndicatorCheckBox, QStyle.PrimitiveElement.PE_FrameLineEdit,
          QStyle.PrimitiveElement.PE_PanelButtonCommand, QStyle.PrimitiveElement.PE_Frame)  # PE_Frame: lists and tables
ROUND = (QStyle.PrimitiveElement.PE_IndicatorRadioButton,)
FRAMED_CONTROLS = (QStyle.ComplexControl.CC_SpinBox, QStyle.ComplexControl.CC_ComboBox)


def tab_page_colour(palette: QPalette) -> QColor:
    """The fill Fusion gives a tab's page (QFusionStyle's tabFrameColor): the button colour lightened, the more the
    darker it is. A dark palette's tab page is lighter than its window (#434343 on a #2b2b2b window): a control on
    it (the Bookings window's 'Not booked only') stands on that, not on the window."""
    button = palette.color(QPalette.ColorRole.Button)
    grey = (button.red() * 11 + button.green() * 16 + button.blue() * 5) // 32  # qGray
    return button.lighter(100 + max(1, (180 - grey) // 6)).lighter(104)


def surfaces(palette: QPalette) -> tuple[QColor, ...]:
    """What a control's border stands against: the window (and a toolbar), a field or list, a tab's page."""
    return palette.color(QPalette.ColorRole.Window), palette.color(QPalette.ColorRole.Base), tab_page_colour(palette)


def border_colour(palette: QPalette) -> QColor | None:
    """The border to draw over Fusion's, or None when Fusion's own shows (3:1 against each surface a control
    stands on is asked for the border drawn here; Fusion's is kept while it is not practically invisible)."""
    window = palette.color(QPalette.ColorRole.Window)
    if contrast(window.darker(FUSION_SHADE), window) >= 1.5:
        return None
    text = palette.color(QPalette.ColorRole.Text)
    for step in range(5, 11):  # the quietest mix of window and text that still reads as a border
        colour = mix(window, text, step / 10)
        if all(contrast(colour, surface) >= AA_PARTS for surface in surfaces(palette)):
            return colour
    return text


def focus_colour(palette: QPalette) -> QColor:
    """The keyboard focus outline: the selection colour where it shows against each surface (the window, the
    fields, a tab's page: 3:1), else the quietest mix of it towards the text that does."""
    highlight, text = palette.color(QPalette.ColorRole.Highlight), palette.color(QPalette.ColorRole.Text)
    for step in range(11):
        colour = mix(highlight, text, step / 10)
        if all(contrast(colour, surface) >= AA_PARTS for surface in surfaces(palette)):
            return colour
    return text


class ContrastStyle(QProxyStyle):
    """The base style (by name), with visible borders around the controls a dark palette hides."""

    def name(self) -> str:
        """The base style's name ('fusion'), as code that restores or compares styles expects."""
        return self.baseStyle().name()

    def drawPrimitive(self, element: QStyle.PrimitiveElement, option: QStyleOption, painter: QPainter,  # noqa: N802 - Qt's name
                      widget: QWidget | None = None) -> None:
        if element == QStyle.PrimitiveElement.PE_FrameFocusRect and border_colour(option.palette) is not None:
            # Fusion's focus frame is a faint tint of the selection colour: on a dark window it hardly
            # shows which tab, box or cell the keyboard is on. Drawn here as a solid outline.
            if option.state & QStyle.StateFlag.State_KeyboardFocusChange:
                self._focus_outline(painter, option)
            return
        super().drawPrimitive(element, option, painter, widget)
        if element in FRAMED or element in ROUND:
            self._outline(painter, option, element in ROUND)

    def drawControl(self, element: QStyle.ControlElement, option: QStyleOption, painter: QPainter,  # noqa: N802 - Qt's name
                    widget: QWidget | None = None) -> None:
        super().drawControl(element, option, painter, widget)
        # The tab the keyboard is on: Fusion only tints it, which a dark palette all but hides.
        focused = QStyle.StateFlag.State_HasFocus | QStyle.StateFlag.State_KeyboardFocusChange
        if (element == QStyle.ControlElement.CE_TabBarTabShape and option.state & focused == focused
                and border_colour(option.palette) is not None):
            self._focus_outline(painter, option)

    def drawComplexControl(self, control: QStyle.ComplexControl, option: QStyleOptionComplex, painter: QPainter,  # noqa: N802
                           widget: QWidget | None = None) -> None:
        super().drawComplexControl(control, option, painter, widget)
        if control in FRAMED_CONTROLS and getattr(option, "frame", True):
            self._outline(painter, option, False)

    @staticmethod
    def _focus_outline(painter: QPainter, option: QStyleOption) -> None:
        painter.save()
        try:
            painter.setPen(QPen(focus_colour(option.palette), 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(QRectF(option.rect).adjusted(1, 1, -1, -1))
        finally:
            painter.restore()

    @staticmethod
    def _outline(painter: QPainter, option: QStyleOption, round_: bool) -> None:
        colour = border_colour(option.palette)
        if colour is None:
            return
        if option.state & QStyle.StateFlag.State_HasFocus:
            colour = focus_colour(option.palette)  # the selection colour where it shows (3:1), as the focus frame's
        painter.save()
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            pen = QPen(colour, 1)
            if not option.state & QStyle.StateFlag.State_Enabled:
                pen.setStyle(Qt.PenStyle.DotLine)  # a field that takes no input now: its text alone may not tell
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            rect = QRectF(option.rect).adjusted(0.5, 0.5, -0.5, -0.5)
            if round_:
                painter.drawEllipse(rect)
            else:
                painter.drawRoundedRect(rect, 2, 2)
        finally:
            painter.restore()


def hint_colour(palette: QPalette) -> QColor | None:
    """The hint in an empty field ("Full name") as text it must be read as (WCAG's 4.5:1 on the
    field), or None when the palette's own reads: Fusion's light palette greys it to about 4:1. The
    quietest mix towards the text colour that reads, so it still looks unlike typed text."""
    base = palette.color(QPalette.ColorRole.Base)
    given = palette.color(QPalette.ColorRole.PlaceholderText)
    hint = mix(base, given, given.alphaF())  # as drawn: Fusion's hint is the text colour half transparent
    if contrast(hint, base) >= AA_TEXT:
        return None
    text = palette.color(QPalette.ColorRole.Text)
    found = quietest_mix(hint, text, base, AA_TEXT)
    return text if found is None else found


def use_contrast_style(app: QApplication) -> None:
    """Under Fusion, the window's controls keep visible borders in any palette, hints in empty fields read,
    and a disabled field looks unlike an editable one (other styles are left alone)."""
    name = app.style().name()
    if name.lower() == "fusion" and not isinstance(app.style(), ContrastStyle):
        app.setStyle(ContrastStyle(name))
    if isinstance(app.style(), ContrastStyle):
        colour = hint_colour(app.palette())
        if colour is not None:
            palette = app.palette()
            palette.setColor(QPalette.ColorRole.PlaceholderText, colour)
            app.setPalette(palette)
        if distinct_disabled(app.palette()):  # a desktop's high-contrast palette: disabled fields look disabled
            app.setPalette(with_distinct_disabled(app.palette()))
