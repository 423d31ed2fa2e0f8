"""The patient list: every course in the department's store, searched by name or hospital number and
filtered by status; a double-click opens the course.

The model counts the courses that match and has a row for each from the start, so the scroll bar is right at
once (dragged to the middle, it shows the middle of the list; its handle keeps its size); it reads a page of rows
from the store when one of them is first shown, so 5,000 courses open as fast as 200 and Ctrl+End reads only the
last page. Going to a course, and the type-ahead on a name, ask the store for the row.

In a dock too narrow for the site and first day beside the name, number and status (its first width
at 1024 and 1366 px), the list folds into three columns of two lines a row: the patient and hospital
number, the status and site, the first and last day; the Calendar column's mark stays as the
name's warning icon. A dock made wide enough has a column each again. The cells' accessible texts
say both lines.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, QPersistentModelIndex, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QFontMetrics, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..app.stored_courses import PAGE_SIZE, count_and_find_courses, course_row, courses_now, find_courses, first_row_named
from ..store.db import CourseStatus, CourseSummary, Store
from ..wording import NEVER_BOOKED_CHOICES, not_given_words
from .as_written import as_written
from .folded_rows import FoldedDelegate, show_folded
from .formats import date_text, day_text
from .row_table import Index, RowTableModel
from .warning_sign import warning_sign

COLUMNS = ("Patient", "Hospital no.", "Status", "Site", "First", "Last", "Calendar")
STATUS_COLUMN = 2
LAST_COLUMN = 5
CALENDAR_COLUMN = 6
CALENDAR_OWED = "Update owed"  # words, not a colour: read alike in any palette and by a screen reader
CALENDAR_OWED_HINT = ("The patient's exported calendar changed (a save, a re-booking, unbooking or cancelling) and the update was not "
                      "given yet: Department → Bookings…, Calendars tab, or export the course's calendar again (File → Export "
                      "calendar; without a department, the only way)")
# The folded list (see the module's docstring): each shown column and the one folded under it, and their headings
FOLDED = {0: 1, 2: 3, 4: 5}
FOLDED_HEADINGS = {0: "Patient\nHospital no.", 2: "Status\nSite", 4: "First\nLast"}
# A booked course whose last day is a make-up not booked yet: the day is where booking it will put it (as the course's
# header and views show it), marked as the header's notice marks it; the tooltip and accessible text say it in words
NOT_BOOKED_MARK = " \u26a0"
NOT_BOOKED_HINT = ("The last day is a make-up not booked yet, shown where booking it will put it: Department → Book course… "
                   "(or `book --make-ups`) books it")
NEVER_BOOKED_HINT = ("A session was missed and its make-up never booked, its day now past: fractions of the prescribed course "
                     f"were not given. Open the course to see which; {NEVER_BOOKED_CHOICES}")
NEVER_BOOKED_LAST_HINT = ("The last day is a make-up never booked, its day now past: that fraction was not given (see the "
                          "status)")
SEARCH_PAUSE_MS = 200
HEADING_MARGIN = 24  # a heading's text plus the style's margins and sort arrow  # typing a name searches once the typing pauses


def _day(day: date | None) -> str:
    return day_text(day) if day else ""


def _last(course: CourseSummary, text: str) -> str:
    """The last day's `text`, marked when that day's make-up is not booked yet."""
    return f"{text}{NOT_BOOKED_MARK}" if text and course.last_not_booked else text


def _not_booked_words(course: CourseSummary) -> str:
    """What the last day is when it is a make-up not booked: one still to book, or one never booked, its day passed."""
    return ", a make-up never booked" if course.not_given else ", a make-up not booked yet"


def _last_words(course: CourseSummary) -> str:
    """The last day for a screen reader and a tooltip."""
    return f"last day {day_text(course.last)}" + (_not_booked_words(course) if course.last_not_booked else "") \
        if course.last else ""


def _status(course: CourseSummary) -> str:
    """The status cell: a course whose make-up was never booked, its day passed, marked and with how many fractions of
    the prescribed course were not given ('⚠ 1 fraction not given'; the status's name, 'Make-up not booked', is in its
    tooltip, its spoken words and the status filter: in the cell it pushed the count out, '⚠ Make-up …')."""
    if course.status is CourseStatus.MAKE_UP_NOT_BOOKED and course.not_given:
        return f"{NOT_BOOKED_MARK.strip()} {not_given_words(course.not_given)}"
    return course.status.value.capitalize()


def _status_words(course: CourseSummary) -> str:
    """The status for a screen reader and the tooltip: 'Make-up not booked, 1 fraction not given', without the mark."""
    words = course.status.value.capitalize()
    if course.status is CourseStatus.MAKE_UP_NOT_BOOKED and course.not_given:
        return f"{words}, {not_given_words(course.not_given)}"
    return words


def status_hint(status: CourseStatus) -> str:
    """What a status means, for the status filter's tooltips (the README's definitions)."""
    match status:
        case CourseStatus.PLANNED:
            return "Not booked on a machine; in a department with machines it stays planned, past its planned start, until booked"
        case CourseStatus.BOOKED:
            return "Booked on a machine, its first booked fraction still to come"
        case CourseStatus.ON_TREATMENT:
            return "Between its first and last fraction (a booked course: its booked days)"
        case CourseStatus.MAKE_UP_NOT_BOOKED:
            return NEVER_BOOKED_HINT
        case CourseStatus.FINISHED:
            return "Past its last fraction"
        case CourseStatus.CANCELLED:
            return ("Treatment stopped for good (Department → Cancel course…): its coming bookings released, the course "
                    "read-only until reinstated")


def bold_font() -> QFont:
    """The type of a status cell that says fractions were not given."""
    font = QFont()
    font.setBold(True)
    return font


EXPORT_KEY = QKeySequence("Ctrl+E")  # the window's Export calendar, pressed in the search box too

class SignDelegate(FoldedDelegate):
    """A cell's '⚠' (a make-up never booked: the status's, the last day's) drawn as the window's warning sign, in the
    row's colours (see warning_sign): the font's glyph is a hairline triangle, faint on a light palette's selection,
    and a desktop's colour emoji font draws it yellow, lost on a high-contrast palette's yellow selection. The cell's
    text (its accessible words, a copy) keeps the mark; the sign stands where the glyph was, before or after the words."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:  # noqa: N802
        super().initStyleOption(option, index)
        mark = NOT_BOOKED_MARK.strip()
        if mark not in option.text:
            return
        lines = option.text.split("\u2028")
        after = any(line.endswith(mark) for line in lines)  # the last day's: after its date
        option.text = "\u2028".join(line.replace(NOT_BOOKED_MARK, "").replace(f"{mark} ", "").replace(mark, "") for line in lines)
        side = option.fontMetrics.height() - 1  # about the glyph's own width: the column's room stays the text's
        option.icon = warning_sign(option.palette)
        option.decorationSize = QSize(side, side)
        option.decorationPosition = (QStyleOptionViewItem.Position.Right if after else QStyleOptionViewItem.Position.Left)
        option.decorationAlignment = Qt.AlignmentFlag.AlignVCenter | (Qt.AlignmentFlag.AlignLeft if after else Qt.AlignmentFlag.AlignHCenter)
        option.features |= QStyleOptionViewItem.ViewItemFeature.HasDecoration


class PatientListModel(RowTableModel):
    """Rows of the store's course list for one search and status: every course that matches is a row from the start
    (counted by the store), each page of rows read from the store when one of its rows is first shown."""

    columns = COLUMNS
    folded_under = FOLDED
    pageRead = Signal()  # a page of rows was read: the longest status shown may have changed
    storeChanged = Signal()  # a page came back short of the rows counted: the list needs asking again

    def __init__(self, store: Store, page_size: int = PAGE_SIZE) -> None:
        super().__init__()
        self.store = store
        self.page_size = page_size
        self.search = ""
        self.status: CourseStatus | None = None
        self.today: date | None = None  # the day the statuses were worked out for (the department's today)
        self.folded = False  # the narrow dock's list: two lines a row (see the module's docstring)
        self._total = 0
        self._pages: set[int] = set()  # the pages read since the list was last asked for

    def set_folded(self, folded: bool) -> None:
        if folded != self.folded:
            self.folded = folded
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.columns) - 1)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if self.folded and role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and section in FOLDED_HEADINGS:
            return FOLDED_HEADINGS[section]
        return super().headerData(section, orientation, role)

    def folded_lines(self, row: int, column: int) -> tuple[str, str]:
        """A folded cell's two lines: its own column's text and the one folded under it (dates without the weekday)."""
        course = self.course(row)
        if course is None:
            return "", ""
        if column == 4:
            return (date_text(course.first) if course.first else ""), _last(course, date_text(course.last) if course.last else "")
        own, under = (self.data(self.index(row, each)) for each in (column, FOLDED[column]))
        return str(own or ""), str(under or "")

    def refresh(self, search: str | None = None, status: CourseStatus | None | str = "") -> None:
        """Ask the store again (for a new search or status when given): how many courses match, every one a row from
        the start (the scroll bar right at once), and the first page read; the others are read as they are shown."""
        if search is not None:
            self.search = search.strip()
        if status != "":
            self.status = status if isinstance(status, CourseStatus) or status is None else CourseStatus(status)
        self.beginResetModel()
        self.today = self.store.today()
        self._total, first = count_and_find_courses(self.store, self.search, self.status, limit=self.page_size,
                                                    today=self.today)  # the count and the first page in one read
        self.rows = [None] * self._total
        self.rows[:len(first)] = first
        self._pages = {0} if self._total else set()
        if self._total:
            self.pageRead.emit()
        self.endResetModel()

    def _read_page(self, page: int) -> None:
        """Read the page of rows `page` (of `page_size` rows) from the store, once. A page the store no longer fills
        (courses removed or no longer matching since the list was counted) asks for the list again (`storeChanged`,
        after the paint that read it)."""
        if page in self._pages or page * self.page_size >= self._total:
            return
        self._pages.add(page)
        first = page * self.page_size
        wanted = min(self.page_size, self._total - first)
        found = find_courses(self.store, self.search, self.status, offset=first, limit=wanted, today=self.today)
        self.rows[first:first + len(found)] = found
        self.pageRead.emit()
        if len(found) < wanted:
            self.storeChanged.emit()

    @property
    def rows_read(self) -> int:
        """How many rows were read from the store since the list was last asked for."""
        return sum(row is not None for row in self.rows)

    def row_of(self, course_id: str) -> int | None:
        """The course's row (None: the search or status leaves it out), read without the rows before it."""
        found = next((n for n, course in enumerate(self.rows) if course is not None and course.course_id == course_id), None)
        if found is None:
            found = course_row(self.store, course_id, self.search, self.status, today=self.today)
        return found if found is not None and found < self._total else None

    def match(self, start: Index, role: int, value: Any, hits: int = 1,  # noqa: N802 - Qt's name
              flags: Qt.MatchFlag = Qt.MatchFlag.MatchStartsWith | Qt.MatchFlag.MatchWrap) -> list[QModelIndex]:
        """The list's type-ahead (a name typed in the list goes to the first patient whose name starts with it) asks the
        store for the row, not every row of the list; anything else looks in the rows read so far."""
        text = str(value)
        if start.column() == 0 and role == Qt.ItemDataRole.DisplayRole and hits == 1 and text \
                and flags & Qt.MatchFlag.MatchTypeMask == Qt.MatchFlag.MatchStartsWith \
                and not flags & Qt.MatchFlag.MatchCaseSensitive:
            row = first_row_named(self.store, text, start.row(), self.search, self.status, today=self.today)
            if row is not None and row < self._total and (row >= start.row() or flags & Qt.MatchFlag.MatchWrap):
                return [self.index(row, 0)]
            return []
        return [self.index(row, start.column()) for row in self._rows_matching(start.row(), start.column(), role, text, hits, flags)]

    def _rows_matching(self, first: int, column: int, role: int, text: str, hits: int, flags: Qt.MatchFlag) -> list[int]:
        """Rows read so far (from `first`, wrapping when asked) whose cell matches `text` as `flags` say."""
        order = [*range(first, self._total), *(range(first) if flags & Qt.MatchFlag.MatchWrap else ())]
        sensitive = bool(flags & Qt.MatchFlag.MatchCaseSensitive)
        wanted = text if sensitive else text.casefold()
        kind = flags & Qt.MatchFlag.MatchTypeMask
        found: list[int] = []
        for row in order:
            if self.rows[row] is None:
                continue
            cell = str(self._data(self.index(row, column), role) or "")
            cell = cell if sensitive else cell.casefold()
            if (kind == Qt.MatchFlag.MatchStartsWith and cell.startswith(wanted)) \
                    or (kind == Qt.MatchFlag.MatchContains and wanted in cell) \
                    or (kind == Qt.MatchFlag.MatchEndsWith and cell.endswith(wanted)) \
                    or (kind in (Qt.MatchFlag.MatchExactly, Qt.MatchFlag.MatchFixedString) and cell == wanted):
                found.append(row)
                if hits != -1 and len(found) >= hits:
                    break
        return found

    def update_rows(self) -> None:
        """The rows read, read again in place (no reset: the list keeps its place, its rows and its
        selection): each course's status, days, patient and calendar-owed mark as stored now, after another
        coordinator booked, cancelled or changed it, or the Bookings window wrote updates. A row that no
        longer matches the search or status stays until the list is asked again (F5)."""
        read = [row.course_id for row in self.rows if row is not None]
        if not read:
            return
        self.today = self.store.today()
        now = courses_now(self.store, read, today=self.today)
        for index, row in enumerate(self.rows):
            fresh = now.get(row.course_id) if row is not None else None
            if fresh is not None and fresh != row:
                self.rows[index] = fresh
                self.dataChanged.emit(self.index(index, 0), self.index(index, len(self.columns) - 1))

    @property
    def total(self) -> int:
        """How many courses match (every one a row, read or not)."""
        return self._total

    def course(self, row: int) -> CourseSummary | None:
        """The course on `row`, its page read from the store when it was not yet."""
        if 0 <= row < self._total and self.rows[row] is None:
            self._read_page(row // self.page_size)
        summary: CourseSummary | None = self.row_at(row)
        return summary

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        found = self._data(index, role)
        return as_written(found) if role == Qt.ItemDataRole.ToolTipRole else found

    def _data(self, index: Index, role: int) -> Any:
        course = self.course(index.row()) if index.isValid() else None
        if course is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return (course.patient, course.patient_id, _status(course), course.site, _day(course.first),
                    _last(course, _day(course.last)), CALENDAR_OWED if course.calendar_owed else "")[index.column()]
        if role == Qt.ItemDataRole.DecorationRole and course.calendar_owed and index.column() == 0:
            # In sight however narrow the dock (the Calendar column may be scrolled off): a shape, not a colour.
            return warning_sign()  # read on the selection too (the style's yellow sign vanished on a yellow one)
        if role == Qt.ItemDataRole.AccessibleTextRole and self.folded and index.column() in FOLDED:
            return self._folded_words(course, index.column())
        if course.not_given and index.column() == STATUS_COLUMN:  # in words and in bold: read alike in every palette
            if role == Qt.ItemDataRole.FontRole:
                return bold_font()
            if role == Qt.ItemDataRole.AccessibleTextRole and not self.folded:
                return _status_words(course)
            if role == Qt.ItemDataRole.ToolTipRole:  # the count too, where the cell elides it (folded: with the site)
                words = self._folded_words(course, STATUS_COLUMN) if self.folded else _status_words(course)
                return f"{words}.\n{NEVER_BOOKED_HINT}"
        if role == Qt.ItemDataRole.AccessibleTextRole and course.last_not_booked and index.column() == LAST_COLUMN:
            words = _last_words(course)
            return words[:1].upper() + words[1:]
        if role == Qt.ItemDataRole.AccessibleTextRole and course.calendar_owed and index.column() in (0, CALENDAR_COLUMN):
            return f"{course.patient}, calendar update owed" if index.column() == 0 else "Calendar update owed"
        if role == Qt.ItemDataRole.ToolTipRole and self.folded and index.column() in FOLDED:
            # Both lines whole, where the cell elides them (a long name, a long site), above what the cell tells else
            return f"{self._folded_words(course, index.column())}\n{self._data(index.siblingAtColumn(CALENDAR_COLUMN), role)}"
        if role == Qt.ItemDataRole.ToolTipRole:
            if course.calendar_owed and index.column() in (0, CALENDAR_COLUMN):
                return CALENDAR_OWED_HINT
            if course.last_not_booked and index.column() == LAST_COLUMN:
                return NEVER_BOOKED_LAST_HINT if course.not_given else NOT_BOOKED_HINT
            saved = f"Last saved by {course.updated_by} on {day_text(course.updated_at.date())} {course.updated_at:%H:%M} UTC"
            if course.status is CourseStatus.PLANNED and course.first is not None and self.today is not None \
                    and course.first <= self.today:
                return f"Not booked on a machine yet: planned to start {day_text(course.first)}, now past\n{saved}"
            return saved
        return None


    def _folded_words(self, course: CourseSummary, column: int) -> str:
        """A folded cell in words, both its lines, for a screen reader."""
        if column == 0:
            owed = ", calendar update owed" if course.calendar_owed else ""
            return f"{course.patient}, hospital number {course.patient_id}{owed}"
        if column == 2:
            return f"{_status_words(course)}, {course.site}"
        days = ", ".join(words for words in (f"first day {day_text(course.first)}" if course.first else "", _last_words(course))
                         if words)
        return days[:1].upper() + days[1:]


class PatientListPanel(QWidget):
    """Search, status filter and the list; `courseActivated(course_id)` on a double-click or Enter."""

    courseActivated = Signal(str)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = PatientListModel(store)
        self.search = QLineEdit()
        # Short enough to show whole in the dock at its narrowest (1024 px); the tooltip and name say it in full.
        self.search.setPlaceholderText("Name or hospital no.")
        self.search.setToolTip("Search the courses by the patient's name or hospital number; Down goes into the list")
        self.search.setAccessibleName("Search patients")
        self.search.setAccessibleDescription("By the patient's name or hospital number")
        self.search.setClearButtonEnabled(True)
        self.status = QComboBox()
        self.status.addItem("All courses", None)
        for status in CourseStatus:
            self.status.addItem(status.value.capitalize(), status.value)
            self.status.setItemData(self.status.count() - 1, status_hint(status), Qt.ItemDataRole.ToolTipRole)
        self.count = QLabel()
        self.table = QTableView()
        self.table.setTabKeyNavigation(False)  # Tab leaves the list like any other field; the arrow keys move inside it
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        metrics, heading = self.table.fontMetrics(), header.fontMetrics()
        # Each column as wide as its longest likely value and its heading (with the heading's margins).
        self._widths = [max(metrics.horizontalAdvance(sample) + 16, heading.horizontalAdvance(title) + HEADING_MARGIN)
                        for sample, title in zip(("Ångström-Nguyễn, Zoë", "MRN-000000", "On treatment", "pelvis-gyn",
                                                  "Wed 30 Sep 2026", f"Wed 30 Sep 2026{NOT_BOOKED_MARK}"), COLUMNS, strict=False)]
        for index, width in enumerate(self._widths):
            self.table.setColumnWidth(index, width)
        self._name_min = max(metrics.horizontalAdvance("Ångström-N…") + 16, heading.horizontalAdvance(COLUMNS[0]) + HEADING_MARGIN)
        # Folded: the status over the site, the first day over the last (without the weekday), the name over the number
        lines = (*FOLDED_HEADINGS[2].split("\n"), *FOLDED_HEADINGS[4].split("\n"), *FOLDED_HEADINGS[0].split("\n"))
        self._folded_widths = {
            2: max(self._widths[2], self._widths[3], *(heading.horizontalAdvance(line) + HEADING_MARGIN for line in lines[:2])),
            4: max(metrics.horizontalAdvance(f"30 Sep 2026{NOT_BOOKED_MARK}") + 16,
                   *(heading.horizontalAdvance(line) + HEADING_MARGIN for line in lines[2:4])),
            0: max(self._name_min, *(heading.horizontalAdvance(line) + HEADING_MARGIN for line in lines[4:])),
        }
        self._row_height = self.table.fontMetrics().height() + 8
        self.table.setItemDelegate(SignDelegate(self.model, self.table))
        self._floor = metrics.horizontalAdvance("Planned") + 16  # the least a shared column keeps: a short status whole
        self._shared = False  # the three first columns share a width too narrow for them (see fit_columns)
        self.table.viewport().installEventFilter(self)
        for changed in (self.model.modelReset, self.model.dataChanged):
            changed.connect(self._statuses_changed)  # the longest status may have changed
        # A page is read while the list paints its rows: the columns are fitted, and a list the store no longer fills
        # asked for again, once the paint is done
        self.model.pageRead.connect(self._statuses_changed, Qt.ConnectionType.QueuedConnection)
        self.model.storeChanged.connect(self.refresh, Qt.ConnectionType.QueuedConnection)
        self.search.installEventFilter(self)  # Down moves into the list
        self.table.installEventFilter(self)  # Up from the first row goes back to the search box
        filters = QHBoxLayout()
        filters.addWidget(self.search, 1)
        filters.addWidget(self.status)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)
        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(SEARCH_PAUSE_MS)
        self._pause.timeout.connect(self.refresh)
        self.search.textChanged.connect(self._pause.start)
        self.search.returnPressed.connect(self._search_entered)
        self.status.currentIndexChanged.connect(self.refresh)
        # Activated: a double-click (or the platform's own click to open) and Enter.
        self.table.activated.connect(self._activated)
        again = QShortcut(QKeySequence(QKeySequence.StandardKey.Refresh), self, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        again.activated.connect(self.refresh)
        self.table.setToolTip("Double-click a course (or press Enter) to open it; F5 asks the store again")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self.fit_columns()
        elif watched is self.search and event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) \
                and event.keyCombination().toCombined() == EXPORT_KEY[0].toCombined():
            event.ignore()  # the window's Export calendar, not the box's "end of line" (X11); its own undo stays its own
            return True
        elif event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) \
                and event.modifiers() in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier):
            if watched is self.search and event.key() == Qt.Key.Key_Down:
                return self._enter_list()
            if watched is self.table and event.key() == Qt.Key.Key_Up and self.table.currentIndex().row() <= 0:
                self.search.setFocus(Qt.FocusReason.OtherFocusReason)
                return True
        return False

    def _search_now(self) -> None:
        """Run a search still waiting for the typing to pause, so the keys act on what was typed."""
        if self._pause.isActive() or self.search.text().strip() != self.model.search:
            self.refresh()

    def _enter_list(self) -> bool:
        """Down in the search box: the list takes the focus with its first row selected."""
        self._search_now()
        if self.model.rowCount() == 0:
            return False
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        self.table.setCurrentIndex(self.model.index(0, 0))
        return True

    def _search_entered(self) -> None:
        """Enter in the search box opens the selected course, or the first that matches."""
        self._search_now()
        current = self.table.currentIndex()
        index = current if current.isValid() and self.table.selectionModel().isSelected(current) else self.model.index(0, 0)
        if index.isValid():
            self._activated(index)

    def _statuses_changed(self, *_: object) -> None:
        if self.table.viewport().width() > 0:
            self.fit_columns()

    def fit_columns(self) -> None:
        """A dock wide enough for the site and first day keeps a column each: the name gives way (long names are
        elided) so the hospital number and the status stay in view; site and dates follow to the right. Narrower,
        the list folds (see the module's docstring). Narrower still, the three share the width, each elided."""
        view = self.table.viewport().width()
        folded = view < self._name_min + sum(self._widths[1:5])  # the status's own width: it folds where it did
        self._fold(folded)
        if folded:
            self._fit_folded(view)
            return
        room = view - self._widths[1] - self._widths[2]
        if room >= self._name_min:
            # The status as wide as its longest shown ('⚠ 2 fractions not given'), where the name can give way for it
            status = max(self._widths[2], min(self._longest_status(), view - self._widths[1] - self._name_min))
            self.table.setColumnWidth(0, min(self._widths[0], view - self._widths[1] - status))
            if self._shared:  # wide enough again: the number gets its own width back
                self._shared = False
                self.table.setColumnWidth(1, self._widths[1])
            if self.table.columnWidth(STATUS_COLUMN) != status:
                self.table.setColumnWidth(STATUS_COLUMN, status)
            return
        self._shared = True
        wanted = (self._name_min, self._widths[1], self._widths[2])
        for column, width in enumerate(wanted):
            self.table.setColumnWidth(column, max(self._floor, width * view // sum(wanted)))

    def _fold(self, folded: bool) -> None:
        """Two lines a row in three columns (True), or a column each."""
        if folded == self.model.folded:
            return
        self.model.set_folded(folded)
        show_folded(self.table, FOLDED, folded, self._row_height)
        if not folded:
            self._shared = False
            for column, width in enumerate(self._widths):
                self.table.setColumnWidth(column, width)

    def _longest_status(self) -> int:
        """The width of the longest status cell loaded (in bold where fractions were not given), with its margins."""
        bold = QFontMetrics(bold_font())
        return max((bold.horizontalAdvance(_status(course)) + 16 for course in self.model.rows
                    if course is not None and course.not_given), default=0)

    def _fit_folded(self, view: int) -> None:
        status, dates = self._folded_widths[2], self._folded_widths[4]
        if view - status - dates >= self._folded_widths[0]:  # the status line as wide as the longest, where the name has room
            status = max(status, min(self._longest_status(), view - dates - self._folded_widths[0]))
        name = view - status - dates
        if name >= self._folded_widths[0]:
            widths = {0: name, 2: status, 4: dates}  # the name and number take what the others leave
        else:  # the three share the width, each elided
            wanted = {0: self._folded_widths[0], 2: status, 4: dates}
            widths = {column: max(self._floor, width * view // sum(wanted.values())) for column, width in wanted.items()}
        for column, width in widths.items():
            if self.table.columnWidth(column) != width:
                self.table.setColumnWidth(column, width)

    def narrowest_width(self) -> int:
        """The panel's narrowest width with the name, hospital number and status in view and their
        headings whole (long names elided, see fit_columns): the narrowest a dock should start at."""
        table = self.table
        heading = table.horizontalHeader().fontMetrics()
        wanted = (self._name_min, self._widths[1], self._widths[2])
        view = max(-(-(heading.horizontalAdvance(COLUMNS[column]) + HEADING_MARGIN) * sum(wanted) // width)
                   for column, width in enumerate(wanted))
        chrome = 2 * table.frameWidth() + table.verticalScrollBar().sizeHint().width()
        margins = self.layout().contentsMargins()
        return view + chrome + margins.left() + margins.right()

    def refresh(self) -> None:
        """Run the search and filter now (also after a save elsewhere changed the list); the course
        selected stays selected and in view while it still matches."""
        self._pause.stop()
        chosen = self.chosen_course()
        self.model.refresh(self.search.text(), self.status.currentData())
        if chosen is not None:
            self.show_course(chosen)
        total = self.model.total
        if total == 0 and (self.model.search or self.model.status is not None):
            self.count.setText("No course matches this search.")
        else:
            self.count.setText(f"{total} course{'s' if total != 1 else ''}")

    def chosen_course(self) -> str | None:
        """The id of the course selected in the list (None: no row selected)."""
        rows = self.table.selectionModel().selectedRows()
        course = self.model.course(rows[0].row()) if rows else None
        return course.course_id if course is not None else None

    def show_course(self, course_id: str) -> bool:
        """Select the course's row and scroll it into view, its page read (the focus stays where it is); False
        when the search or filter leaves it out."""
        row = self.model.row_of(course_id)
        if row is None:
            self.table.clearSelection()
            return False
        index = self.model.index(row, 0)
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self.table.selectionModel().setCurrentIndex(index, flags)
        self.table.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)
        return True

    def _activated(self, index: QModelIndex) -> None:
        course = self.model.course(index.row())
        if course is not None:
            self.courseActivated.emit(course.course_id)
