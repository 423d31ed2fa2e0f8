"""The warning sign beside a cell's text (a calendar update owed, a value the department cannot take), drawn so it
reads on every background it lands on.

The style's own sign (Fusion's SP_MessageBoxWarning) is a yellow triangle: on a high-contrast palette's yellow
selection it vanished (1.1:1), and it came near it on a light palette's pale rows. This one is the road sign's shape:
an amber triangle with a dark rim and a dark '!' where the row is not selected, and, on a selected row, the
selection's text colour on the selection (black on yellow, white on blue), as the row's words are drawn there.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QApplication

AMBER = QColor("#f5b800")  # the sign's fill off the selection
RIM = QColor("#3d2b00")  # its rim and mark: 10:1 on the amber, 13:1 on white
SIZES = (*range(11, 25), 28, 32, 48)  # each row height its own, unscaled: a scaled sign blurs

_made: dict[tuple[str, str], QIcon] = {}


def _sign(size: int, fill: QColor, rim: QColor, ink: QColor, ratio: float) -> QPixmap:
    """One size of the sign: a triangle filled with `fill` inside a `rim`, its '!' in `ink`."""
    pixmap = QPixmap(round(size * ratio), round(size * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        width = max(1.25, size / 12)
        inset = width / 2 + 0.5
        triangle = QPainterPath(QPointF(size / 2, inset))
        triangle.lineTo(size - inset, size - inset - size / 16)
        triangle.lineTo(inset, size - inset - size / 16)
        triangle.closeSubpath()
        painter.setPen(QPen(rim, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin))
        painter.setBrush(fill)
        painter.drawPath(triangle)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(ink)
        stroke = max(1.5, size / 9)
        bottom = size - inset - size / 16
        painter.drawRoundedRect(QRectF(size / 2 - stroke / 2, size * 0.36, stroke, bottom - size * 0.36 - stroke * 2.2),
                                stroke / 3, stroke / 3)
        painter.drawEllipse(QPointF(size / 2, bottom - stroke * 1.25), stroke * 0.6, stroke * 0.6)
    finally:
        painter.end()
    return pixmap


def warning_sign(palette: QPalette | None = None) -> QIcon:
    """The sign for a view drawn with `palette` (the application's by default): amber off the selection, the selection's
    text colour on it (an item view draws a selected cell's icon in the Selected mode)."""
    palette = palette or QApplication.palette()
    on, ink = palette.color(QPalette.ColorRole.Highlight), palette.color(QPalette.ColorRole.HighlightedText)
    key = (on.name(), ink.name())
    if key not in _made:
        app = QApplication.instance()
        ratio = app.devicePixelRatio() if isinstance(app, QApplication) else 1.0
        icon = QIcon()
        for size in SIZES:
            icon.addPixmap(_sign(size, AMBER, RIM, RIM, ratio), QIcon.Mode.Normal)
            icon.addPixmap(_sign(size, ink, ink, on, ratio), QIcon.Mode.Selected)  # the selection's words' colour, its '!' cut out
        _made[key] = icon
    return _made[key]
