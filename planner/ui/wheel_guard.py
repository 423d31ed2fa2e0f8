"""The mouse wheel scrolls a form, not the spin box or list the pointer passes over.

Qt gives a spin box and a combo box the wheel whether they have the focus or not (and a spin box
takes the focus on it): a coordinator scrolling down the course form changed the fraction count,
the session length or the frequency under the pointer without noticing. Here such a field takes
the focus only by click or Tab (Qt.StrongFocus), and the wheel changes it only while it has the
focus; otherwise the wheel goes to the scroll area around it, which scrolls the page.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QAbstractScrollArea, QAbstractSpinBox, QApplication, QComboBox, QWidget

WHEELED = (QAbstractSpinBox, QComboBox)


class WheelOnlyWhenFocused(QObject):
    """An event filter for spin boxes and combo boxes: a wheel turned over one without the focus scrolls
    the nearest scroll area around it instead (or goes on to its parent when there is none)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() != QEvent.Type.Wheel or not isinstance(watched, QWidget) or watched.hasFocus():
            return False
        assert isinstance(event, QWheelEvent)
        area = scroll_area_around(watched)
        if area is None:
            event.ignore()  # Qt hands an ignored wheel on to the parent
            return True
        viewport = area.viewport()
        position = viewport.mapFromGlobal(event.globalPosition().toPoint()).toPointF()
        forwarded = QWheelEvent(position, event.globalPosition(), event.pixelDelta(), event.angleDelta(), event.buttons(),
                                event.modifiers(), event.phase(), event.inverted(), event.source())
        QApplication.sendEvent(viewport, forwarded)
        event.accept()  # taken: Qt does not also hand it to the parents
        return True


def scroll_area_around(widget: QWidget) -> QAbstractScrollArea | None:
    """The innermost scroll area holding `widget` in its viewport (not the field's own list or text)."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea) and parent.viewport().isAncestorOf(widget):
            return parent
        parent = parent.parentWidget()
    return None


def guard_wheel(root: QWidget, guard: WheelOnlyWhenFocused) -> None:
    """Every spin box and combo box under `root` (a time, a date-time, a number, a list) takes the focus by
    click or Tab only, and the wheel only while focused."""
    for field in root.findChildren(QWidget):
        if isinstance(field, WHEELED):
            field.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            field.installEventFilter(guard)
