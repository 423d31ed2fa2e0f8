"""Buttons in a row that wraps onto a second line when the pane is too narrow for them all (the
Week tab's Previous, Today, Next and Course start at 1024 px beside the Patients list, where the
last was cut to "Cou" behind a sideways scroll). It asks for no more width than its widest button,
so it never widens the pane. Fields given a stretch (`add_stretched`: a phase's fractions, pattern and
length) share a line's spare width as a box layout's would, so a wide form shows them as before."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QSizePolicy, QWidget


class FlowRow(QLayout):
    """Items left to right, on as many lines as the width needs."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._stretch: dict[int, int] = {}  # by the item's place: its share of a line's spare width
        self.least_line = 0  # the least width asked for, up to the one line's: a form's row too narrow wraps under its label
        self.setContentsMargins(0, 0, 0, 0)

    def add_stretched(self, widget: QWidget, stretch: int) -> None:
        """`widget`, taking `stretch` shares of its line's spare width."""
        self.addWidget(widget)
        self._stretch[len(self._items) - 1] = stretch

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
        shown = [item.sizeHint().width() for item in self._items if not item.isEmpty()]
        widest = max(shown, default=0)
        if self.least_line:
            one_line = sum(shown) + self._spacing() * max(0, len(shown) - 1)
            widest = max(widest, min(one_line, self.least_line))
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
        lines: list[list[tuple[int, QLayoutItem, QSize]]] = [[]]
        x = inner.x()
        for index, item in enumerate(self._items):
            if item.isEmpty():
                continue
            hint = item.sizeHint()
            if lines[-1] and x + hint.width() > inner.x() + inner.width():
                lines.append([])
                x = inner.x()
            lines[-1].append((index, item, hint))
            x += hint.width() + spacing
        y = inner.y()
        for number, line in enumerate(lines):
            if not line:
                continue
            if number:
                y += spacing
            used = sum(hint.width() for _, _, hint in line) + spacing * (len(line) - 1)
            shares = sum(self._stretch.get(index, 0) for index, _, _ in line)
            spare = max(0, inner.width() - used)
            x = inner.x()
            for index, item, hint in line:
                width = hint.width() + (spare * self._stretch.get(index, 0) // shares if shares else 0)
                if apply:
                    item.setGeometry(QRect(QPoint(x, y), QSize(width, hint.height())))
                x += width + spacing
            y += max(hint.height() for _, _, hint in line)
        return y - rect.y() + margins.bottom()
