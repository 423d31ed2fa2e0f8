"""Drawing in points on any paint device (PDF writer, printer, preview).

Layout is done in points (1/72 inch); the canvas converts to the device's resolution when it
draws, and fonts are sized in points, so the same page looks the same at 72 or 1200 dpi.
"""

from __future__ import annotations

import unicodedata

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPen, QTextOption

FONT_FAMILY = "DejaVu Sans"
BODY_PT = 11.0
SMALL_PT = 11.0  # nothing printed for the patient is smaller than 11 pt
HEADING_PT = 15.0


class Canvas:
    """A painter plus the device's scale; every coordinate given to it is in points."""

    def __init__(self, painter: QPainter) -> None:
        self.painter = painter
        # Every line reads left to right, whatever script it starts with: a footer starting with a Hebrew or
        # Arabic name took the name's direction and printed 'Hospital number … 2026<name> ·'.
        painter.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        device = painter.device()
        self.scale = device.logicalDpiX() / 72.0
        self._fonts: dict[tuple[float, bool, bool], QFont] = {}

    def font(self, size_pt: float = BODY_PT, bold: bool = False, italic: bool = False) -> QFont:
        key = (size_pt, bold, italic)
        if key not in self._fonts:
            font = QFont(FONT_FAMILY)
            font.setPointSizeF(size_pt)
            font.setBold(bold)
            font.setItalic(italic)
            font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
            self._fonts[key] = font
        return self._fonts[key]

    def _rect(self, rect: QRectF) -> QRectF:
        s = self.scale
        return QRectF(rect.x() * s, rect.y() * s, rect.width() * s, rect.height() * s)

    def metrics(self, font: QFont) -> QFontMetricsF:
        return QFontMetricsF(font, self.painter.device())

    def line_height(self, font: QFont) -> float:
        return self.metrics(font).lineSpacing() / self.scale

    def text_width(self, text: str, font: QFont) -> float:
        return self.metrics(font).horizontalAdvance(text) / self.scale

    def text_height(self, text: str, width: float, font: QFont) -> float:
        """Height in points of `text` wrapped to `width` points."""
        bounds = self.metrics(font).boundingRect(
            QRectF(0, 0, width * self.scale, 1e9), int(Qt.TextFlag.TextWordWrap), text)
        return bounds.height() / self.scale

    def elide(self, text: str, width: float, font: QFont) -> str:
        return self.metrics(font).elidedText(text, Qt.TextElideMode.ElideRight, width * self.scale)

    def name_lines(self, name: str, width: float, font: QFont) -> list[str]:
        """A patient's name as a page's heading prints it: on up to three lines, so a name of 100-odd letters is printed
        whole (it ended '…Wolfeschlegels…' on one), each line elided past that."""
        return [self.elide(line, width, font) for line in self.wrap_lines(name, width, font, 3)] or [""]

    def wrap_lines(self, text: str, width: float, font: QFont, max_lines: int) -> list[str]:
        """Word-wrap `text` into at most `max_lines` lines, the last one elided if needed."""
        words = [w for w in text.split(" ") if w]  # a no-break space keeps words together
        lines: list[str] = []
        current = ""
        for index, word in enumerate(words):
            trial = f"{current} {word}".strip()
            if self.text_width(trial, font) <= width or not current:
                current = trial
                continue
            lines.append(current)
            current = word
            if len(lines) == max_lines - 1:
                current = " ".join(words[index:])
                break
        if current:
            lines.append(current)
        if len(lines) > max_lines:
            lines = lines[:max_lines]
        if lines:
            lines[-1] = self.elide(lines[-1], width, font)
        return lines

    def text(self, rect: QRectF, text: str, font: QFont, flags: int = 0, color: QColor | None = None) -> None:
        self.painter.setFont(font)
        self.painter.setPen(QPen(color or QColor("black")))
        self.painter.drawText(self._rect(rect), flags or int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop), text)

    def wrapped(self, rect: QRectF, text: str, font: QFont,
                align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft) -> float:
        """Draw wrapped text at the top of `rect`; returns the height used in points."""
        self.painter.setFont(font)
        self.painter.setPen(QPen(QColor("black")))
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WordWrap)
        option.setAlignment(align)
        option.setTextDirection(Qt.LayoutDirection.LeftToRight)
        self.painter.drawText(self._rect(rect), text, option)
        return self.text_height(text, rect.width(), font)

    def fill(self, rect: QRectF, brush: QBrush) -> None:
        self.painter.fillRect(self._rect(rect), brush)

    def frame(self, rect: QRectF, width_pt: float = 0.75, style: Qt.PenStyle = Qt.PenStyle.SolidLine,
              color: QColor | None = None) -> None:
        pen = QPen(color or QColor("black"))
        pen.setWidthF(width_pt * self.scale)
        pen.setStyle(style)
        self.painter.setPen(pen)
        self.painter.setBrush(Qt.BrushStyle.NoBrush)
        self.painter.drawRect(self._rect(rect))

    def line(self, x1: float, y1: float, x2: float, y2: float, width_pt: float = 0.5,
             color: QColor | None = None, style: Qt.PenStyle = Qt.PenStyle.SolidLine) -> None:
        pen = QPen(color or QColor("black"))
        pen.setWidthF(width_pt * self.scale)
        pen.setStyle(style)
        self.painter.setPen(pen)
        s = self.scale
        self.painter.drawLine(QPointF(x1 * s, y1 * s), QPointF(x2 * s, y2 * s))

    def hatch(self, rect: QRectF, style: Qt.BrushStyle, color: QColor) -> None:
        """A pattern fill whose lines keep the same spacing on paper at any resolution."""
        brush = QBrush(color, style)
        transform = brush.transform()
        transform.scale(self.scale / 2, self.scale / 2)
        brush.setTransform(transform)
        self.fill(rect, brush)


def unprintable(text: str) -> list[str]:
    """The characters of `text` a print shows as boxes: no installed font has them (invisible marks such
    as an emoji's variation selector aside)."""
    from ..fonts import uncovered_characters

    return [c for c in uncovered_characters(text, QFont(FONT_FAMILY))
            if unicodedata.category(c) != "Cf" and not unicodedata.name(c, "").startswith("VARIATION SELECTOR")]
