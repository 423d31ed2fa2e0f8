"""How the main window shares its width between the Patients dock, the form and the schedule.

On a small screen the form gives way, down to the width its fields need (its wide rows put the
field under the label), so the schedule's list keeps its date, time and appointment columns in
view; as the window grows, the form gets its own width back. Without the dock beside them (closed
or floating) the schedule also keeps the machine and a readable preparation in view. Once the
user drags the splitter between the form and the schedule, their choice stays.

The dock's first width: a quarter of the window, narrower where that leaves the form and the
schedule too little, and none (the dock starts closed, View → Patients opens it) where even its
narrowest would (a 1024-pixel screen)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QDockWidget, QSplitter

from .list_columns import CELL_MARGINS
from .main_window import FORM_WIDTH
from .schedule_model import MACHINE_COLUMN

if TYPE_CHECKING:
    from .main_window import MainWindow

DOCK_SEPARATOR = 12  # the dock's separator and the splitter's handle between the three panes
SCROLL_BAR_ROOM = 20  # the form's vertical scroll bar and frame
MACHINE_SAMPLE = "Linac 10"  # a machine's name as wide as most, kept in view when a stored course is booked
PATIENTS_WIDTH = 520  # the dock's widest first width: name, hospital number and status in view
PATIENTS_MIN_WIDTH = 230  # its narrowest: below this the dock starts closed


class PaneWidths(QObject):
    """Shares the width once the dock is placed (`share`) and again whenever the window's width changes."""

    def __init__(self, window: MainWindow, dock: QDockWidget) -> None:
        super().__init__(window)
        self.window = window
        self.dock = dock
        self.dragged = False  # the user placed the splitter: leave it
        self.shared_at = -1  # the window's width the panes were last shared for
        splitter = window.centralWidget()
        if isinstance(splitter, QSplitter):
            splitter.splitterMoved.connect(self._dragged)
        window.installEventFilter(self)
        dock.visibilityChanged.connect(self._dock_shown_or_hidden)
        dock.topLevelChanged.connect(self._dock_shown_or_hidden)
        self.placed = False  # the dock has had a width beside the form (its first one, or the user's)

    def first_dock_width(self) -> int | None:
        """The dock's first width in this window: a quarter of it, narrower where the form and the
        schedule would not have theirs beside it; None where not even the narrowest leaves them that."""
        splitter = self.window.centralWidget()
        handle = splitter.handleWidth() if isinstance(splitter, QSplitter) else 0
        whole = self.window.form.minimumSizeHint().width() + SCROLL_BAR_ROOM
        left = self.window.width() - DOCK_SEPARATOR - handle - whole - self.window.results.wanted_width()
        width = max(PATIENTS_MIN_WIDTH, min(PATIENTS_WIDTH, self.window.width() // 4))
        if width <= left:
            return width
        return left if left >= PATIENTS_MIN_WIDTH else None

    def _dock_shown_or_hidden(self, *_: object) -> None:
        """The dock opened, closed, floated or docked again: the form and the schedule share what is left.
        Opened for the first time (it started closed), it gets the narrowest width."""
        if self.dock.isVisible() and not self.dock.isFloating() and not self.placed:
            self.placed = True
            QTimer.singleShot(0, self._first_opening)  # once the window's layout has put the dock in
        elif not self.dragged:
            self.share()

    def _first_opening(self) -> None:
        width = max(PATIENTS_MIN_WIDTH, self.dock.minimumSizeHint().width())
        self.window.resizeDocks([self.dock], [width], Qt.Orientation.Horizontal)
        if not self.dragged:
            self.share(width)

    def _dragged(self, *_: object) -> None:
        self.dragged = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if (watched is self.window and event.type() == QEvent.Type.Resize and not self.dragged
                and self.window.width() != self.shared_at):
            self.share()
        return False

    def share(self, dock_width: int | None = None) -> None:
        """The form's and the schedule's widths for the window's width now; `dock_width` None: the dock's own
        (none when it is closed or floats)."""
        splitter = self.window.centralWidget()
        if not isinstance(splitter, QSplitter) or splitter.count() != 2:
            return
        if dock_width is None:
            docked = self.dock.isVisible() and not self.dock.isFloating()
            dock_width = self.dock.width() if docked else 0
        self.shared_at = self.window.width()
        room = self.window.width() - dock_width - DOCK_SEPARATOR
        wanted = self.window.results.wanted_width()
        if not dock_width:  # the schedule has the room for the machine and the preparation too
            table = self.window.results.table
            machine = table.fontMetrics().horizontalAdvance(MACHINE_SAMPLE) + CELL_MARGINS
            columns = self.window.results.columns
            wanted += machine + columns.preparation_floor() - (columns.appointment_widths[1] - columns.appointment_widths[0])
            if not table.isColumnHidden(MACHINE_COLUMN):
                wanted += max(0, table.columnWidth(MACHINE_COLUMN) - machine)
        whole = self.window.form.minimumSizeHint().width() + SCROLL_BAR_ROOM  # the form without scrolling sideways
        form = max(splitter.widget(0).minimumWidth(), min(FORM_WIDTH, max(whole, room - wanted)))
        splitter.setSizes([form, max(0, room - form)])
