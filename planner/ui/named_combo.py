"""A combo box for long names (a regimen preset's "Prostate 20 fractions daily (4 weeks)"): it asks for the
width of its longest name, so a form whose rows wrap puts it under its label, whole, where it does not fit beside
it (a small screen); narrower still the chosen name ends in "…" rather than being cut mid-letter, its tooltip
gives it whole, and the open list is wide enough for the longest name, whatever the style."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QComboBox, QStyle, QStyleOptionComboBox, QStylePainter, QWidget


class NamedCombo(QComboBox):
    """`hint`: what the field is for, said in the tooltip under the chosen name."""

    def __init__(self, hint: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hint = hint
        self.currentIndexChanged.connect(self._chosen)
        model = self.model()
        model.rowsInserted.connect(self._widen_list)
        model.rowsRemoved.connect(self._widen_list)
        model.modelReset.connect(self._widen_list)
        self._chosen()

    def setCurrentIndex(self, index: int) -> None:  # noqa: N802 - Qt's name
        """Also while the form fills it with its signals blocked: the tooltip follows."""
        super().setCurrentIndex(index)
        self._chosen()

    def _chosen(self) -> None:
        name = self.currentText()
        self.setToolTip("\n".join(part for part in (name, self.hint) if part))
        self.setAccessibleDescription(self.hint)

    def _widen_list(self) -> None:
        """The open list as wide as its longest name, with its frame, margins and scroll bar."""
        view = self.view()
        widest = max((view.fontMetrics().horizontalAdvance(self.itemText(i)) for i in range(self.count())), default=0)
        chrome = 2 * view.frameWidth() + view.verticalScrollBar().sizeHint().width() + 24
        view.setMinimumWidth(widest + chrome if widest else 0)
        for row in range(self.count()):
            self.setItemData(row, self.itemText(row), Qt.ItemDataRole.ToolTipRole)
        self._chosen()
        self.updateGeometry()  # the form asks again whether its longest name fits beside the label

    WHOLE_UP_TO = 50  # characters: a longer name (a clinic's own) is elided rather than widen the form beyond this
    LEAST_WHOLE = 34  # characters of it the field asks for at least: past them, a form whose rows wrap puts it under
    # its label (where it has the form's width) rather than beside it, and no other field is narrower than that

    def whole_width(self, characters: int) -> int:
        """The field's width with its longest name whole (up to `characters` of it)."""
        metrics = self.fontMetrics()
        widest = max((metrics.horizontalAdvance(self.itemText(i)) for i in range(self.count())), default=0)
        widest = min(widest, metrics.averageCharWidth() * characters)
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        height = super().sizeHint().height()
        return self.style().sizeFromContents(QStyle.ContentsType.CT_ComboBox, option, QSize(widest, height), self).width()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        hint = super().sizeHint()
        return QSize(max(hint.width(), self.whole_width(self.WHOLE_UP_TO)), hint.height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        """Its longest name whole (up to LEAST_WHOLE characters): beside a label too narrow for that, the row wraps."""
        hint = super().minimumSizeHint()
        return QSize(max(hint.width(), self.whole_width(self.LEAST_WHOLE)), hint.height())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QStylePainter(self)
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        option.currentText = self.shown_text(option)
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)

    def shown_text(self, option: QStyleOptionComboBox | None = None) -> str:
        """The chosen name as the field shows it: whole, or ending in "…" where the field is too narrow."""
        if option is None:
            option = QStyleOptionComboBox()
            self.initStyleOption(option)
        room = self.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                           QStyle.SubControl.SC_ComboBoxEditField, self).width()
        return self.fontMetrics().elidedText(option.currentText, Qt.TextElideMode.ElideRight, max(0, room))
