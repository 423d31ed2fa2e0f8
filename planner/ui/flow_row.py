"""Buttons in a row that wraps onto a second line when the pane is too narrow for them all (the
Week tab's Previous, Today, Next and Course start at 1024 px beside the Patients list, where the
last was cut to "Cou" behind a sideways scroll). It asks for no more width than its widest button,
so it never widens the pane."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QSizePolicy, QWidget


class FlowRow(QLayout):
    """Items left to right, on as many lines as the width needs."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 - Qt's name
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # type: ignore[override]  # noqa: N802
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # type: ignore[override]  # noqa: N802
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return self._place(QRect(0, 0, width, 0), apply=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802
        super().setGeometry(rect)
        self._place(rect, apply=True)

    def sizeHint(self) -> QSize:  # noqa: N802
        return self.minimumSize()

    def minimumSize(self) -> QSize:  # noqa: N802
        widest = max((item.sizeHint().width() for item in self._items if not item.isEmpty()), default=0)
        margins = self.contentsMargins()
        width = widest + margins.left() + margins.right()
        return QSize(width, self.heightForWidth(width))

    def _spacing(self) -> int:
        spacing = self.spacing()
        if spacing < 0 and self.parentWidget() is not None:
            spacing = self.parentWidget().style().layoutSpacing(QSizePolicy.ControlType.PushButton, QSizePolicy.ControlType.PushButton,
                                                                  Qt.Orientation.Horizontal)
        return max(spacing, 4)

    def _place(self, rect: QRect, apply: bool) -> int:
        """Lay the items out in `rect` (when `apply`); returns the height they take."""
        margins = self.contentsMargins()
        inner = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        spacing = self._spacing()
        x, y, line = inner.x(), inner.y(), 0
        for item in self._items:
            if item.isEmpty():
                continue
            hint = item.sizeHint()
            if x > inner.x() and x + hint.width() > inner.x() + inner.width():
                x, y, line = inner.x(), y + line + spacing, 0
            if apply:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + spacing
            line = max(line, hint.height())
        return y + line - rect.y() + margins.bottom()
