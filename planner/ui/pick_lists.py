"""Pick lists (combo boxes) that open only when asked, and wide enough to read.

Qt opens a combo box's list on Space (besides F4, Alt+Down and a click): a coordinator tabbing
through Settings and pressing Space by habit, as on a check box or a button, got the Holidays list
over the dialog. Here Space leaves a list closed; F4, Alt+Down, a click and typing a name's first
letters work as before. An open list is as wide as its longest entry (within the screen): with most
styles Qt makes it only as wide as the field, which cut region names short ("Dadra and Nagar Hav").
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QComboBox, QWidget

from .type_ahead import TypeAheadCombo

CHROME = 24  # the list's item margins and a check mark's room, besides its frame and scroll bar


class SpaceOpensNothing(QObject):
    """An event filter for combo boxes without a line to type in: Space (without modifiers) does not open the list;
    typed within a name's first letters it is one more letter ('United K' finds United Kingdom)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() != QEvent.Type.KeyPress or not isinstance(watched, QComboBox) or watched.isEditable():
            return False
        assert isinstance(event, QKeyEvent)
        if event.key() == Qt.Key.Key_Space and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            event.accept()  # taken, so it does not press the dialog's default button either
            if not isinstance(watched, TypeAheadCombo) or not watched.type_letter(" ", event.timestamp()):
                search_on(watched, " ")
            return True
        return False


def search_on(combo: QComboBox, text: str) -> None:
    """`text` added to the letters typed on `combo` so far, as Qt adds a letter: its list's own search, started at the
    chosen entry (a name beginning with a space alone matches nothing, so a Space on its own changes nothing)."""
    view = combo.view()
    view.setCurrentIndex(combo.model().index(combo.currentIndex(), combo.modelColumn(), combo.rootModelIndex()))
    before = view.currentIndex().row()
    view.keyboardSearch(text)
    row = view.currentIndex().row()
    if row != before and row >= 0:
        combo.setCurrentIndex(row)


class ListWidth(QObject):
    """Keeps `combo`'s open list as wide as its longest entry (frame and scroll bar included), never wider than
    its screen; measured as entries come (an entry at a time as a list is filled), not all again each time."""

    def __init__(self, combo: QComboBox) -> None:
        super().__init__(combo)
        self.combo = combo
        self.widest = 0
        model = combo.model()
        model.rowsInserted.connect(self._inserted)
        model.rowsRemoved.connect(self._measure_all)
        model.modelReset.connect(self._measure_all)
        self._measure_all()

    def _text_width(self, row: int) -> int:
        return self.combo.view().fontMetrics().horizontalAdvance(self.combo.itemText(row))

    def _inserted(self, _parent: QModelIndex, first: int, last: int) -> None:
        self.widest = max([self.widest, *(self._text_width(row) for row in range(first, last + 1))])
        self._apply()

    def _measure_all(self) -> None:
        self.widest = max((self._text_width(row) for row in range(self.combo.count())), default=0)
        self._apply()

    def wanted(self) -> int:
        """The list's width for its longest entry, at most the screen's free width; 0 for an empty list."""
        if not self.widest:
            return 0
        view = self.combo.view()
        width = self.widest + 2 * view.frameWidth() + view.verticalScrollBar().sizeHint().width() + CHROME
        screen = self.combo.screen()
        return min(width, screen.availableGeometry().width()) if screen is not None else width

    def _apply(self) -> None:
        self.combo.view().setMinimumWidth(self.wanted())


def calm_pick_lists(root: QWidget, space: SpaceOpensNothing) -> None:
    """Every combo box under `root` opens on F4, Alt+Down or a click but not on Space, and its open list shows
    its entries whole."""
    for combo in root.findChildren(QComboBox):
        combo.installEventFilter(space)
        if combo.findChild(ListWidth) is None:
            ListWidth(combo)
