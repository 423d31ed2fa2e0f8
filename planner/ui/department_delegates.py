"""Cell editors and the marked table model of the department settings: dates read as "Thu 24 Dec 2026" and
picked in a date field, opening hours checked as typed, capability words completed, the machine of a downtime
chosen from the Machines tab, its start and end picked as a date and a time. The model keeps the department
file's text (what `department_tables` reads); only what is shown and how a cell is edited changes."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QDate, QEvent, QModelIndex, QPersistentModelIndex, QStringListModel, Qt
from PySide6.QtGui import QAction, QIcon, QKeyEvent, QPainter, QPalette, QPen, QValidator
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QCompleter,
    QLineEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from ..app.department_tables import cell_words, hours_problem, normal_hours
from ..core.dates import day_text
from .date_field import DateField, locale_day_first, parse_typed_date
from .date_limits import bound_dates
from .text_table import TextTableModel
from .warning_sign import warning_sign

_Index = QModelIndex | QPersistentModelIndex
MOMENT_FORMAT = "yyyy-MM-dd'T'HH:mm"  # the department file's local date and time


def warning_icon() -> QIcon:
    """The warning sign: a shape beside the text, read in any palette and on the selection, not a colour alone."""
    return warning_sign()


def iso_day(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


def iso_moment(text: str) -> datetime | None:
    raw = text.strip()
    if "T" not in raw:
        return None
    try:
        return datetime.fromisoformat(raw)
    except ValueError:
        return None


def closure_day_words(text: str) -> str:
    """'2026-12-24' as the window writes a date (the month in words: never read the wrong way round)."""
    day = iso_day(text)
    return day_text(day) if day is not None else text


def moment_words(text: str) -> str:
    """'2026-12-02T07:30' as 'Wed 2 Dec 2026, 07:30'; text that is no moment as typed."""
    moment = iso_moment(text)
    if moment is None:
        return text
    offset = f" (UTC{moment:%z})" if moment.tzinfo is not None else ""  # a wall-clock time a DST change repeats
    return f"{day_text(moment.date())}, {moment:%H:%M}{offset}"


class CheckedTableModel(TextTableModel):
    """Rows of text that show some columns in words (`shown`: column -> text to words) and mark each cell
    with a problem: the warning sign beside it and the reason as its tooltip."""

    def __init__(self, columns: Sequence[str], rows: Sequence[Sequence[str]], row_labels: Sequence[str] = (),
                 shown: dict[int, Callable[[str], str]] | None = None) -> None:
        super().__init__(columns, rows, row_labels)
        self._shown = dict(shown or {})
        self._problems: dict[tuple[int, int], str] = {}

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        problem = self._problems.get((index.row(), index.column()))
        if role == Qt.ItemDataRole.ToolTipRole:
            return problem
        if role == Qt.ItemDataRole.DecorationRole:
            return warning_icon() if problem else None
        if role == Qt.ItemDataRole.AccessibleDescriptionRole:
            return problem
        text = super().data(index, role)
        if role == Qt.ItemDataRole.DisplayRole and index.column() in self._shown and text:
            return self._shown[index.column()](text)
        return text

    def problem(self, row: int, column: int) -> str:
        return self._problems.get((row, column), "")

    def set_problems(self, problems: dict[tuple[int, int], str]) -> None:
        """Mark these cells (row, column) with their reasons; every other cell is clear."""
        if problems == self._problems:
            return
        changed = set(problems) ^ set(self._problems) | {cell for cell in problems if problems[cell] != self._problems.get(cell)}
        self._problems = dict(problems)
        roles = [Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.AccessibleDescriptionRole]
        for row, column in changed:
            if row < self.rowCount() and column < self.columnCount():
                self.dataChanged.emit(self.index(row, column), self.index(row, column), roles)

    def removeRows(self, row: int, count: int, parent: _Index = QModelIndex()) -> bool:  # noqa: B008, N802 - Qt's signature
        self._problems = {}  # row numbers move: the caller checks again
        return super().removeRows(row, count, parent)


class RecordedTableModel(CheckedTableModel):
    """A CheckedTableModel with a last column, read only, that says who recorded each row and when (`recorded`: a
    row's cells to those words). It is no cell of the row: `rows()` and what is saved stay the editable cells, and a
    row edited since the dialog opened says so, not the recorder of what it was. `recorded` is given the row's number too:
    what the row stands for may be known beside its cells (a downtime row's machine, by its row on the Machines tab)."""

    def __init__(self, columns: Sequence[str], rows: Sequence[Sequence[str]], recorded: Callable[[int, list[str]], str],
                 shown: dict[int, Callable[[str], str]] | None = None, title: str = "Recorded") -> None:
        super().__init__(columns, rows, shown=shown)
        self._recorded = recorded
        self._title = title

    @property
    def recorded_column(self) -> int:
        return len(self._columns)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's signature
        return 0 if parent.isValid() else len(self._columns) + 1

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and section == self.recorded_column:
            return self._title if role == Qt.ItemDataRole.DisplayRole else None
        return super().headerData(section, orientation, role)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and index.column() == self.recorded_column:
            if role == Qt.ItemDataRole.DisplayRole and index.row() < len(self._rows):  # no tooltip: that marks a problem
                return self._recorded(index.row(), list(self._rows[index.row()]))
            return None
        return super().data(index, role)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if index.isValid() and index.column() == self.recorded_column:
            return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return super().flags(index)

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if index.isValid() and index.column() == self.recorded_column:
            return False
        changed = super().setData(index, value, role)
        if changed:  # the row is no longer what was recorded (or is again): its last cell says so
            said = self.index(index.row(), self.recorded_column)
            self.dataChanged.emit(said, said, [Qt.ItemDataRole.DisplayRole])
        return changed


class MarkedCellDelegate(QStyledItemDelegate):
    """Draws a cell with a problem inside a dashed frame in the text's own colour (the selection's when selected), so the
    mark shows beside the warning sign on any palette, a high-contrast yellow selection too."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        super().paint(painter, option, index)
        if not index.data(Qt.ItemDataRole.ToolTipRole):
            return
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        pen = QPen(option.palette.color(role), 2, Qt.PenStyle.DashLine)
        painter.save()
        try:
            painter.setPen(pen)
            painter.drawRect(option.rect.adjusted(2, 2, -3, -3))
        finally:
            painter.restore()


def _model_text(index: QModelIndex | QPersistentModelIndex) -> str:
    return str(index.data(Qt.ItemDataRole.EditRole) or "")


class ClosureDateDelegate(MarkedCellDelegate):
    """A closure's date in the app's date field: typed as "24 Dec 2026" or "2026-12-24", or picked (Alt+Down)."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: _Index) -> QWidget:  # noqa: N802
        field = DateField(parent)
        bound_dates(field)
        return field

    def setEditorData(self, editor: QWidget, index: _Index) -> None:  # noqa: N802
        assert isinstance(editor, DateField)
        text = _model_text(index)
        day = iso_day(text)
        if day is not None:
            editor.setDate(QDate(day.year, day.month, day.day))
        elif text:
            editor.setText(text)  # what was typed and refused stays, to be corrected
        editor.selectAll()

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: _Index) -> None:  # noqa: N802
        assert isinstance(editor, DateField)
        text = editor.text().strip()
        typed = parse_typed_date(text, locale_day_first())
        model.setData(index, typed.isoformat() if typed is not None else text)  # not a date: kept, marked, refused at Save


class HoursValidator(QValidator):
    """Opening hours take digits, ':', '-' and spaces; the form is checked (and marked) as typed, never blocked."""

    def validate(self, text: str, pos: int) -> object:
        allowed = all(char.isdigit() and char.isascii() or char in ":- " for char in text)
        return (QValidator.State.Acceptable if allowed else QValidator.State.Invalid), text, pos


class CheckedLineEdit(QLineEdit):
    """A cell's line that shows the warning sign at its end, with the reason as tooltip, while the text is wrong."""

    def __init__(self, check: Callable[[str], str | None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._check = check
        self.mark = QAction(warning_icon(), "", self)  # made here, not by addAction: PySide lost the one addAction made
        self.addAction(self.mark, QLineEdit.ActionPosition.TrailingPosition)
        self.textChanged.connect(self._checked)
        self._checked(self.text())

    def _checked(self, text: str) -> None:
        problem = self._check(text) or ""
        self.mark.setVisible(bool(problem))
        self.mark.setToolTip(problem)
        self.setToolTip(problem)

    @property
    def problem(self) -> str:
        return self._check(self.text()) or ""


class HoursDelegate(MarkedCellDelegate):
    """A weekday's opening hours, 07:30-19:00 (empty: closed), checked as typed; '7:30 - 19:00' saved as 07:30-19:00."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: _Index) -> QWidget:  # noqa: N802
        editor = CheckedLineEdit(hours_problem, parent)
        editor.setValidator(HoursValidator(editor))
        editor.setPlaceholderText("closed")
        return editor

    def setEditorData(self, editor: QWidget, index: _Index) -> None:  # noqa: N802
        assert isinstance(editor, QLineEdit)
        editor.setText(_model_text(index))
        editor.selectAll()

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: _Index) -> None:  # noqa: N802
        assert isinstance(editor, QLineEdit)
        model.setData(index, normal_hours(editor.text()))


class WordCompleter(QCompleter):
    """Completes the word being typed at the end of a list of words ('vmat, sb' -> 'vmat, sbrt')."""

    def __init__(self, words: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.words = QStringListModel(sorted(words), self)  # held: a model made inline is collected and the list is gone
        self.setModel(self.words)
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)

    def splitPath(self, path: str) -> list[str]:  # noqa: N802 - Qt's name
        return [cell_words(path)[-1] if path and path[-1] not in ", ;" and cell_words(path) else ""]

    def pathFromIndex(self, index: QModelIndex | QPersistentModelIndex) -> str:  # noqa: N802
        line = self.widget()
        typed = line.text() if isinstance(line, QLineEdit) else ""
        words = cell_words(typed)
        kept = typed[: len(typed) - len(words[-1])] if words and typed[-1:] not in (",", ";", " ") else typed
        return f"{kept}{index.data()}"


ENDING_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab, Qt.Key.Key_Backtab)


class WordsLine(QLineEdit):
    """A cell's line of words with the known words offered in a list: Enter or Tab while the list is open takes the
    highlighted word (if one is) and then ends the edit as it would without the list (Enter keeps the cell, Tab goes
    on to the next). Qt's completer handed these keys to the line past the table's editing, so Enter left the cell
    open with its text unsaved and Tab jumped out of the table."""

    def event(self, event: QEvent) -> bool:
        completer = self.completer()
        if (event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) and event.key() in ENDING_KEYS
                and completer is not None and completer.popup().isVisible()):
            chosen = completer.popup().currentIndex()
            completer.popup().hide()
            if chosen.isValid():
                self.setText(completer.pathFromIndex(chosen))
            QApplication.postEvent(self, QKeyEvent(QEvent.Type.KeyPress, event.key(), event.modifiers()))  # through the table
            event.accept()
            return True
        return super().event(event)


class CapabilitiesDelegate(MarkedCellDelegate):
    """Capability words with the known words (the catalogue's and the roles') offered as the last one is typed."""

    def __init__(self, known: Callable[[], Sequence[str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._known = known

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: _Index) -> QWidget:  # noqa: N802
        editor = WordsLine(parent)
        editor.setCompleter(WordCompleter(self._known(), editor))
        return editor


class MachineChoiceDelegate(MarkedCellDelegate):
    """The machine a downtime is for, chosen from the machines named on the Machines tab (a name no longer
    there is kept at the top, marked, to be corrected)."""

    def __init__(self, names: Callable[[], list[str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._names = names

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: _Index) -> QWidget:  # noqa: N802
        combo = QComboBox(parent)
        combo.addItems(self._names())
        return combo

    def setEditorData(self, editor: QWidget, index: _Index) -> None:  # noqa: N802
        assert isinstance(editor, QComboBox)
        text = _model_text(index).strip()
        if text and editor.findText(text, Qt.MatchFlag.MatchExactly) < 0:
            editor.insertItem(0, text)
        if text:
            editor.setCurrentIndex(editor.findText(text, Qt.MatchFlag.MatchExactly))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: _Index) -> None:  # noqa: N802
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentText())


TYPED_MOMENT = re.compile(r"^(?P<day>.+?)[\sT,]+(?P<hour>\d{1,2})[:.h](?P<minute>\d{2})$")


def typed_moment(text: str) -> str | None:
    """'24 Nov 2026 12:00', '2026-11-24T12:00', '24/11/2026 9.15' -> '2026-11-24T12:00' (the file's form); None when
    the text is not a date followed by a time of day."""
    found = TYPED_MOMENT.match(text.strip())
    if found is None:
        return None
    day = parse_typed_date(found["day"].strip().rstrip(","), locale_day_first())
    hour, minute = int(found["hour"]), int(found["minute"])
    if day is None or hour > 23 or minute > 59:
        return None
    return f"{day.isoformat()}T{hour:02d}:{minute:02d}"


class MomentDelegate(MarkedCellDelegate):
    """A downtime's start or end typed as it is shown ("24 Nov 2026 12:00", or "2026-11-24T12:00"), in the department's
    local time; what cannot be read is kept as typed, marked and refused at Save. A time given with its UTC offset (one
    a DST change repeats) is kept unless changed. (Qt's date-time box jumped a part at each space: "24 Nov 2026 12:00"
    typed into it gave 20:26.)"""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: _Index) -> QWidget:  # noqa: N802
        editor = QLineEdit(parent)
        editor.setToolTip("A date and a time of day, e.g. 24 Nov 2026 12:00 or 2026-11-24T12:00")
        return editor

    def setEditorData(self, editor: QWidget, index: _Index) -> None:  # noqa: N802
        assert isinstance(editor, QLineEdit)
        text = _model_text(index)
        moment = iso_moment(text)
        editor.setText(f"{moment.day} {moment:%b %Y %H:%M}" if moment is not None else text)
        editor.selectAll()

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: _Index) -> None:  # noqa: N802
        assert isinstance(editor, QLineEdit)
        typed = editor.text().strip()
        text = typed_moment(typed) or typed  # not a date and time: kept, marked, refused at Save
        if _model_text(index).strip()[:16] != text:  # unchanged: an offset that picks one of two equal wall-clock times stays
            model.setData(index, text)
