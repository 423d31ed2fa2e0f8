"""The List tab's column widths and row heights, so that what is in view is readable whole.

The number, day, date, time and machine keep their content's width. The Appointment column gives
way to the Machine and then to the Preparation, down to a fraction's "Radiotherapy 20 of 20" (a
longer review title wraps onto a second line). The Preparation takes the rest of the width and
wraps, as long as its longest word fits beside the others. Rows in a run with the same preparation
(every fraction of a course, mostly) share one cell that shows it once, so the list keeps one line
a row; the text stays at the top of the part of that cell in view while the list scrolls, and rows
grow only where a run is too short for its text. Where the Preparation has no readable width beside
the others (its longest word does not fit beside a booked course's Machine next to the Patients dock
on a laptop, or its text would make the short runs between weekly reviews grow more than a few lines
tall), its column is hidden and the line under the list shows the chosen appointment's preparation
(preparation_line.py): the list never scrolls sideways for it.

Narrower still, where a fraction's appointment does not fit beside the number, day, date and time (a
booked course beside the Patients dock on a 1024-pixel screen), the list folds into two columns
and two lines a row: When (the weekday and date, the time under it) and the Appointment (the
machine under it), so the appointment reads whole without scrolling sideways. The number, day,
time and machine columns are hidden meanwhile; the cells' accessible texts say all they held."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QTableView

from .schedule_model import (
    APPOINTMENT_COLUMN,
    COLUMNS,
    DATE_COLUMN,
    MACHINE_COLUMN,
    PREPARATION_COLUMN,
    ROLE_PREPARATION_LINES,
    ScheduleTableModel,
)

NARROWEST_APPOINTMENT = "Radiotherapy 20 of 20"  # the Appointment column gives way down to this
COMFORTABLE_PREPARATION = 300  # the Appointment column gives way while the Preparation is narrower than this
GROWTH_LINES = 6  # a Preparation column whose texts would make their rows grow by more lines is not shown
CELL_MARGINS = 16  # a sample's width plus this is a column's width: the text and the cell's margins
ROW_MARGINS = 8  # a row's height above its lines of text
GRID = 1  # the grid line a cell gives up of its column's width
WIDEST_WHEN = "Wed 30 Sep 2026"  # the narrow list's When column: as wide as a long date (its time is narrower)
FOLDED = (0, 1, 3)  # the number, day and time: hidden in the narrow list (the Date column shows the day and time)


class ListColumns(QObject):
    """Keeps the table's Appointment and Preparation widths and its row heights fitted to its width.
    Signal: placed(bool) when the Preparation moves into its column (True) or out of it, under the list."""

    placed = Signal(bool)

    def __init__(self, table: QTableView, widest_appointment: int) -> None:
        super().__init__(table)
        self.table = table
        metrics = table.fontMetrics()
        self.appointment_widths = (metrics.horizontalAdvance(NARROWEST_APPOINTMENT) + CELL_MARGINS, widest_appointment)
        self.wrapping = True  # the Preparation wraps in its column beside the others (else it is under the list)
        self.compact = False  # the narrow list: When and Appointment, two lines a row (see the module's docstring)
        self.machine_wanted = False  # the course is booked: its Machine column shows (a line under the appointment when narrow)
        self.compact_floor = metrics.horizontalAdvance("Radiotherapy") + CELL_MARGINS  # narrower, a title wraps by word
        self.when_width = max(metrics.horizontalAdvance(WIDEST_WHEN), metrics.horizontalAdvance("08:30–08:50")) + CELL_MARGINS
        # The number's, day's, date's, time's and machine's own widths, kept while the narrow list hides or narrows them
        self.widths = {column: table.columnWidth(column) for column in (*range(APPOINTMENT_COLUMN), MACHINE_COLUMN)}
        table.setColumnHidden(MACHINE_COLUMN, True)  # until the course shown is booked (show_machine)
        self._fitting = False
        self._generation = 0  # counts the schedules and text changes fitted for
        self._fitted_for: tuple[object, ...] = ()
        self._heights: dict[tuple[str, int], int] = {}  # (text, width) -> lines' height
        self._advances: dict[str, int] = {}  # text -> its width on one line
        self._words: dict[str, int] = {}  # text -> its longest word's width
        self.runs: tuple[tuple[int, int], ...] = ()  # (first row, rows) sharing one Preparation cell
        table.setWordWrap(True)
        table.setItemDelegateForColumn(PREPARATION_COLUMN, PreparationDelegate(self))
        table.verticalScrollBar().valueChanged.connect(table.viewport().update)  # the shared text follows the scroll
        table.horizontalHeader().setStretchLastSection(False)
        self.viewport = table.viewport()
        self.viewport.installEventFilter(self)
        table.horizontalHeader().sectionResized.connect(self._resized)
        model = table.model()
        model.modelReset.connect(self._changed)
        model.dataChanged.connect(self._changed)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Resize and watched is self.viewport:
            if self._fitting:  # the rows' new heights brought or took the scroll bar: fit again once this fit is done
                QTimer.singleShot(0, self, self.fit)
            else:
                self.fit()
        return False

    def _changed(self, first: QModelIndex | None = None, last: QModelIndex | None = None, *_: object) -> None:
        """A new schedule, or its appointments' or preparations' texts changed (not only the machines)."""
        if first is None or last is None or (first.column() <= PREPARATION_COLUMN and last.column() >= APPOINTMENT_COLUMN
                                             and (first.column(), last.column()) != (MACHINE_COLUMN, MACHINE_COLUMN)):
            self._generation += 1
            self.fit()

    def _resized(self, column: int, _old: int = 0, new: int = 0, *_: object) -> None:
        if column not in (APPOINTMENT_COLUMN, PREPARATION_COLUMN) and not self._fitting:
            if column in self.widths and new > 0 and not (self.compact and column == DATE_COLUMN):
                self.widths[column] = new  # the user widened or narrowed another column: its own width now
            self.fit()

    def show_machine(self, booked: bool) -> None:
        """The course shown is booked (True): its machines show, in their column or, narrow, under each appointment."""
        self.machine_wanted = booked
        self.fit()

    def before_width(self) -> int:
        """The number's, day's, date's and time's own widths (also while the narrow list folds them)."""
        return sum(self.widths[column] for column in range(APPOINTMENT_COLUMN))

    def machine_width(self) -> int:
        """The Machine column's own width."""
        return self.widths[MACHINE_COLUMN]

    def _texts(self) -> tuple[str, ...]:
        """Each row's preparation on one line."""
        model = self.table.model()
        return model.preparations() if isinstance(model, ScheduleTableModel) else ()

    def _lines(self, row: int) -> str:
        model = self.table.model()
        return model.preparation_lines(row) if isinstance(model, ScheduleTableModel) else ""

    def advance(self, text: str) -> int:
        """The text's width on one line (remembered: the same texts come back at every change)."""
        if text not in self._advances:
            self._advances[text] = self.table.fontMetrics().horizontalAdvance(text)
        return self._advances[text]

    def _longest_word(self, text: str) -> int:
        if text not in self._words:
            self._words[text] = max((self.advance(word) for word in text.split()), default=0)
        return self._words[text]

    def _margin(self) -> int:
        """The cell's text margin on each side, as the item delegate draws it."""
        style = self.table.style()
        return style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, self.table) + 1

    def preparation_floor(self) -> int:
        """The narrowest readable Preparation: its heading and its longest word whole."""
        header = self.table.horizontalHeader()
        header_margin = self.table.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
        heading = header.fontMetrics().horizontalAdvance(COLUMNS[PREPARATION_COLUMN]) + 2 * header_margin + 2 * GRID
        words = max((self._longest_word(text) for text in set(self._texts())), default=0)
        return max(heading, words + 2 * self._margin() + 2)

    def preparation_longest(self) -> int:
        """The widest preparation on one line."""
        return max((self.advance(text) for text in set(self._texts())), default=0)

    def fit(self, *_: object) -> None:
        """Widths for the viewport's width now, then the rows' heights."""
        table = self.table
        fitted_for = (self._generation, table.viewport().width(), self.machine_wanted, *self.widths.values())
        if self._fitting or fitted_for == self._fitted_for:
            return  # nothing changed since the last fit (or this is its own column resizing)
        self._fitted_for = fitted_for
        self._fitting = True
        try:
            self._fit_widths()
            self._fit_runs()
            self._fit_heights()
        finally:
            self._fitting = False

    def _fold(self, compact: bool) -> None:
        """Fold the list into When and Appointment (True), or give each column its own again."""
        table = self.table
        for column in FOLDED:
            if table.isColumnHidden(column) != compact:
                table.setColumnHidden(column, compact)
        if table.isColumnHidden(MACHINE_COLUMN) != (compact or not self.machine_wanted):
            table.setColumnHidden(MACHINE_COLUMN, compact or not self.machine_wanted)
        date = self.when_width if compact else self.widths[DATE_COLUMN]
        if table.columnWidth(DATE_COLUMN) != date:
            table.setColumnWidth(DATE_COLUMN, date)
        self.compact = compact
        model = table.model()
        if isinstance(model, ScheduleTableModel):
            model.set_compact(compact)

    def _fit_widths(self) -> None:
        table = self.table
        narrowest, widest = self.appointment_widths
        machine = self.machine_width() if self.machine_wanted else 0
        room = table.viewport().width() - self.before_width() - machine
        self._fold(room < narrowest)
        if self.compact:  # When and the appointment (wrapped), the preparation under the list
            self._place(max(self.compact_floor, table.viewport().width() - self.when_width), 0, False)
            return
        appointment = max(narrowest, min(widest, room)) if machine else widest
        wrapping = room - narrowest >= self.preparation_floor()
        if wrapping:
            appointment = max(narrowest, min(appointment, room - COMFORTABLE_PREPARATION))
            preparation = room - appointment
            wrapping = self.growth(preparation) <= GROWTH_LINES * table.fontMetrics().height()
        if not wrapping:  # no readable width beside the others: the line under the list shows it
            appointment = max(narrowest, room)  # the Appointment takes the width the Preparation leaves, no blank beside it
            preparation = 0
        self._place(appointment, preparation, wrapping)

    def _place(self, appointment: int, preparation: int, wrapping: bool) -> None:
        """The Appointment's width and the Preparation's, in its column (`wrapping`) or under the list."""
        table = self.table
        if table.isColumnHidden(PREPARATION_COLUMN) == wrapping:
            table.setColumnHidden(PREPARATION_COLUMN, not wrapping)
        if table.columnWidth(APPOINTMENT_COLUMN) != appointment:
            table.setColumnWidth(APPOINTMENT_COLUMN, appointment)
        if wrapping and table.columnWidth(PREPARATION_COLUMN) != preparation:
            table.setColumnWidth(PREPARATION_COLUMN, preparation)
        if wrapping != self.wrapping:
            self.wrapping = wrapping
            self.placed.emit(wrapping)

    def _lines_height(self, text: str, width: int) -> int:
        key = (text, width)
        if key not in self._heights:
            inner = max(1, width - 2 * self._margin() - GRID)
            flags = int(Qt.TextFlag.TextWordWrap.value)
            self._heights[key] = self.table.fontMetrics().boundingRect(QRect(0, 0, inner, 1_000_000), flags, text).height()
        return self._heights[key]

    def wrapped_height(self, text: str, column: int) -> int:
        """The height of `text`'s lines in `column` at its width now (one line when it fits)."""
        width = self.table.columnWidth(column)
        metrics = self.table.fontMetrics()
        if not text or ("\n" not in text and self.advance(text) + 2 * self._margin() + GRID <= width):
            return metrics.height()
        return self._lines_height(text, width)

    def _runs(self) -> tuple[tuple[int, int], ...]:
        """Each run of rows with the same preparation: its first row and its number of rows."""
        runs: list[tuple[int, int]] = []
        texts = self._texts()
        first = 0
        for row in range(1, len(texts) + 1):
            if row == len(texts) or texts[row] != texts[first]:
                runs.append((first, row - first))
                first = row
        return tuple(runs)

    def growth(self, width: int) -> int:
        """How much taller the rows would grow for each preparation to show whole, once, in a Preparation
        column `width` wide (a narrow column beside short runs, cut by weekly reviews, grows them a lot)."""
        one_line = self.table.fontMetrics().height() + ROW_MARGINS
        grown = 0
        for row, rows in self._runs():  # every run shows its text whole, a short one between reviews too
            text = self._lines(row)
            if text:
                grown += max(0, self._lines_height(text, width) + ROW_MARGINS - rows * one_line)
        return grown

    def _fit_runs(self) -> None:
        """One Preparation cell for each run of rows with the same preparation, while it wraps beside the others."""
        runs = self._runs() if self.wrapping else ()
        if tuple(runs) != self.runs:
            self.table.clearSpans()
            for first, rows in runs:
                if rows > 1:
                    self.table.setSpan(first, PREPARATION_COLUMN, rows, 1)
            self.runs = tuple(runs)

    def _fit_heights(self) -> None:
        """Each row one line, or its wrapped Appointment whole. A run's Preparation shows whole in the
        rows' heights, or its rows grow: a run cut short by a weekly review too (it showed what fit, elided,
        "Empty your bladder, then drink…", which a coordinator reading that row could not read whole)."""
        if len(self._heights) + len(self._advances) > 4096:  # a long session of many courses and widths: start again
            self._heights.clear()
            self._advances.clear()
            self._words.clear()
        model = self.table.model()
        titles = model.shown_titles() if isinstance(model, ScheduleTableModel) else ()
        heights = [self.wrapped_height(text, APPOINTMENT_COLUMN) + ROW_MARGINS for text in titles]
        if self.compact and isinstance(model, ScheduleTableModel):  # the When cell's two lines (or more, wrapped)
            heights = [max(height, self.wrapped_height(model.when(row), DATE_COLUMN) + ROW_MARGINS)
                       for row, height in enumerate(heights)]
        for row, rows in self.runs if self.wrapping else ():
            text = self._lines(row)
            short = self.wrapped_height(text, PREPARATION_COLUMN) + ROW_MARGINS - sum(heights[row:row + rows])
            for offset in range(rows if short > 0 else 0):  # spread over the run's rows
                heights[row + offset] += short // rows + (1 if offset < short % rows else 0)
        header = self.table.verticalHeader()
        for row, height in enumerate(heights):
            if header.sectionSize(row) != height:
                header.resizeSection(row, height)


class PreparationDelegate(QStyledItemDelegate):
    """Draws a shared Preparation cell's text at the top of the part of it in view."""

    def __init__(self, columns: ListColumns) -> None:
        super().__init__(columns)
        self.columns = columns

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        if not self.columns.wrapping:
            super().paint(painter, option, index)
            return
        table = self.columns.table
        cell = QStyleOptionViewItem(option)
        self.initStyleOption(cell, index)
        text, cell.text = str(index.data(ROLE_PREPARATION_LINES) or ""), ""
        style = table.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, cell, painter, table)  # background, selection, focus
        margin = self.columns._margin()
        area = option.rect.adjusted(margin, ROW_MARGINS // 2, -margin, -(ROW_MARGINS // 2))
        height = self.columns.wrapped_height(text, PREPARATION_COLUMN)
        top = max(area.top(), min(ROW_MARGINS // 2, area.bottom() + 1 - height))  # in view, inside the cell
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.save()
        try:
            painter.setPen(cell.palette.color(role))
            painter.setFont(cell.font)
            flags = (int(Qt.TextFlag.TextWordWrap.value) | int(Qt.AlignmentFlag.AlignLeft.value)
                     | int(Qt.AlignmentFlag.AlignTop.value))
            painter.drawText(QRect(area.left(), top, area.width(), area.bottom() + 1 - top), flags, text)
        finally:
            painter.restore()

