"""How the main window shares its width between the Patients dock, the form and the schedule.

On a small screen the form gives way, down to the width its fields need (its wide rows put the
field under the label), so the schedule's list keeps its date, time and appointment columns in
view; as the window grows, the form gets its own width back. Once the user drags the splitter
between the form and the schedule, their choice stays."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QDockWidget, QSplitter

from .main_window import FORM_WIDTH

if TYPE_CHECKING:
    from .main_window import MainWindow

DOCK_SEPARATOR = 12  # the dock's separator and the splitter's handle between the three panes
SCROLL_BAR_ROOM = 20  # the form's vertical scroll bar and frame


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
        whole = self.window.form.minimumSizeHint().width() + SCROLL_BAR_ROOM  # the form without scrolling sideways
        form = max(splitter.widget(0).minimumWidth(), min(FORM_WIDTH, max(whole, room - wanted)))
        splitter.setSizes([form, max(0, room - form)])
