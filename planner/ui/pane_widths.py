"""How the main window shares its width between the Patients dock, the form and the schedule.

On a small screen the form gives way, down to the width its fields need (its wide rows put the
field under the label), so the schedule's list keeps its date, time and appointment columns in
view, with a readable preparation (and beside a closed dock, room for a machine); as the window
grows, the form gets its own width back. Once the user drags the splitter between the form and
the schedule, their choice stays.

The dock's first width (see first_dock_width): up to a quarter of the window, narrower where that
leaves the form and the schedule too little (a 1366x768 laptop), and none where even its narrowest
would (a 1024-pixel screen): there the docks start closed and View → Patients (F9) opens them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QDockWidget, QSplitter

from .list_columns import CELL_MARGINS, COMFORTABLE_PREPARATION
from .main_window import FORM_WIDTH

if TYPE_CHECKING:
    from .main_window import MainWindow

DOCK_SEPARATOR = 12  # the dock's separator and the splitter's handle between the three panes
SCROLL_BAR_ROOM = 20  # the form's vertical scroll bar and frame
MACHINE_SAMPLE = "Linac 10"  # a machine's name as wide as most, kept in view when a stored course is booked
PATIENTS_WIDTH = 520  # the dock's widest first width: name, hospital number and status in view
PATIENTS_MIN_WIDTH = 230  # its narrowest, whatever its list needs


class PaneWidths(QObject):
    """Shares the width between the form and the schedule (`share`), and the docks' once the store shows
    them (`hold`); again whenever the window's width changes."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.docks: tuple[QDockWidget, ...] = ()  # the Patients dock and those tabbed with it, once the store shows them
        self.dragged = False  # the user placed the splitter: leave it
        self.shared_at = -1  # the window's width the panes were last shared for
        self.placed = False  # the dock has had a width beside the form (its first one, or the user's)
        splitter = window.centralWidget()
        if isinstance(splitter, QSplitter):
            splitter.splitterMoved.connect(self._dragged)
        window.installEventFilter(self)
        self.form_at = -1  # the form's whole width the panes were last shared with
        window.form.installEventFilter(self)  # its whole width changes with its fields (another site's preset names)

    @property
    def dock(self) -> QDockWidget | None:
        """The Patients dock (None: the window has no store)."""
        return self.docks[0] if self.docks else None

    def hold(self, dock: QDockWidget, *beside: QDockWidget) -> None:
        """Share the width with the Patients `dock` too, and the docks tabbed with it (History), which
        take its place when it closes."""
        self.docks = (dock, *beside)
        for each in self.docks:
            each.visibilityChanged.connect(self._dock_shown_or_hidden)
            each.topLevelChanged.connect(self._dock_shown_or_hidden)

    def schedule_needs(self, machine_reserved: bool, comfortable: bool = False) -> int:
        """The schedule's width for its list's number, day, date, time, a fraction's appointment, the
        machine (when shown, or `machine_reserved` for a course yet to open) and a readable preparation
        (`comfortable`: a few words a line, else its longest word)."""
        results = self.window.results
        table, columns = results.table, results.columns
        before = columns.before_width()  # their own widths, also while the narrow list folds them
        chrome = results.wanted_width() - before - columns.appointment_widths[1]  # margins, frames, scroll bar
        machine = 0
        if columns.machine_wanted:
            machine = columns.machine_width()
        elif machine_reserved:
            machine = table.fontMetrics().horizontalAdvance(MACHINE_SAMPLE) + CELL_MARGINS
        preparation = columns.preparation_floor()
        if comfortable:
            preparation = max(preparation, min(COMFORTABLE_PREPARATION, columns.preparation_longest() + CELL_MARGINS))
        return before + columns.appointment_widths[0] + machine + preparation + chrome

    def form_whole(self) -> int:
        """The form's width without scrolling sideways."""
        return self.window.form.minimumSizeHint().width() + SCROLL_BAR_ROOM

    def first_dock_width(self) -> int | None:
        """The dock's first width in this window. In turn: the schedule its list through a fraction's
        appointment, the form its whole width and the dock its narrowest (else None: the dock starts
        closed); then the schedule a readable preparation, the form its own width, the dock up to a
        quarter of the window; the schedule the rest."""
        splitter = self.window.centralWidget()
        handle = splitter.handleWidth() if isinstance(splitter, QSplitter) else 0
        whole = self.form_whole()
        narrowest = self.narrowest_dock()
        preparation = self.window.results.columns.preparation_floor()
        spare = self.window.width() - DOCK_SEPARATOR - handle - self.schedule_needs(False) - whole - narrowest
        if spare + preparation < 0:
            return None
        spare = max(0, spare)
        spare -= min(spare, max(0, FORM_WIDTH - whole))
        quarter = max(narrowest, min(PATIENTS_WIDTH, self.window.width() // 4))
        return narrowest + max(0, min(spare, quarter - narrowest))

    def widest_dock(self) -> int:
        """The widest the dock may be in this window and still leave the form its whole width and the schedule its
        list through the machine (never narrower than its narrowest): at 1024 px its narrowest."""
        splitter = self.window.centralWidget()
        handle = splitter.handleWidth() if isinstance(splitter, QSplitter) else 0
        schedule = self.schedule_needs(False) - self.window.results.columns.preparation_floor()
        return max(self.narrowest_dock(), self.window.width() - DOCK_SEPARATOR - handle - self.form_whole() - schedule)

    def fit_restored(self) -> None:
        """The docks as the last session left them, shown or closed, but no wider than this window allows (see
        widest_dock): a dock widened on a 1600-pixel screen squeezed the form and the schedule at 1024 px."""
        docked = [dock for dock in self.docks if not dock.isHidden() and not dock.isFloating()]
        width = max((dock.width() for dock in docked), default=0)
        if docked and width > self.widest_dock():
            width = self.widest_dock()
            self.window.resizeDocks([docked[0]], [width], Qt.Orientation.Horizontal)
        if not self.dragged:
            self.share(width)

    def _dock_shown_or_hidden(self, *_: object) -> None:
        """The dock opened, closed, floated or docked again: the form and the schedule share what is left.
        Opened for the first time (it started closed), it gets the narrowest width."""
        dock = self.dock
        if dock is not None and dock.isVisible() and not dock.isFloating() and not self.placed:
            self.placed = True
            QTimer.singleShot(0, self._first_opening)  # once the window's layout has put the dock in
        elif not self.dragged:
            self.share()

    def narrowest_dock(self) -> int:
        """The dock's narrowest first width: its list's name, number and status in view, headings whole."""
        if self.dock is None:
            return PATIENTS_MIN_WIDTH
        panel = self.dock.widget()
        readable = getattr(panel, "narrowest_width", None)
        wanted = readable() + DOCK_SEPARATOR // 2 if callable(readable) else 0
        return max(PATIENTS_MIN_WIDTH, self.dock.minimumSizeHint().width(), wanted)

    def _first_opening(self) -> None:
        width = self.narrowest_dock()
        if self.dock is not None:
            self.window.resizeDocks([self.dock], [width], Qt.Orientation.Horizontal)
        if not self.dragged:
            self.share(width)

    def _dragged(self, *_: object) -> None:
        self.dragged = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if (watched is self.window and event.type() == QEvent.Type.Resize and not self.dragged
                and self.window.width() != self.shared_at):
            self.share()
        elif (watched is self.window.form and event.type() == QEvent.Type.LayoutRequest and not self.dragged
              and self.shared_at >= 0 and self.form_whole() != self.form_at):
            QTimer.singleShot(0, self._form_changed)  # once its layout is done
        return False

    def _form_changed(self) -> None:
        """The form's whole width changed: shared again, so it never scrolls sideways (nor keeps width it no longer needs)."""
        if not self.dragged and self.form_whole() != self.form_at:
            self.share()

    def share(self, dock_width: int | None = None) -> None:
        """The form's and the schedule's widths for the window's width now; `dock_width` None: the dock's own
        (none when it is closed or floats)."""
        splitter = self.window.centralWidget()
        if not isinstance(splitter, QSplitter) or splitter.count() != 2:
            return
        if dock_width is None:
            docked = [dock.width() for dock in self.docks if dock.isVisible() and not dock.isFloating()]
            dock_width = max(docked, default=0)
        self.shared_at = self.window.width()
        room = self.window.width() - dock_width - DOCK_SEPARATOR
        # Without a dock beside them the form gives way (down to its whole width) to a comfortable preparation, and
        # beside a closed dock to a machine too.
        wanted = self.schedule_needs(machine_reserved=bool(self.docks) and not dock_width, comfortable=not dock_width)
        whole = self.form_whole()
        self.form_at = whole
        form = max(splitter.widget(0).minimumWidth(), min(FORM_WIDTH, max(whole, room - wanted)))
        splitter.setSizes([form, max(0, room - form)])
