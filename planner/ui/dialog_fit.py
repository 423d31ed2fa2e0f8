"""A dialog as tall as its wrapped text needs at its width: a label that wraps (a reason, a preview)
tells its layout its height only for a given width, so a top-level dialog does not grow to it by itself
and its lines would be squeezed over one another."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, QSize, QTimer
from PySide6.QtGui import QGuiApplication, QResizeEvent
from PySide6.QtWidgets import QLabel, QWidget


def fit_height(dialog: QWidget, *, shrink: bool = False) -> None:
    """Resize `dialog` to the height its layout needs at its width: never shorter than now unless
    `shrink` (a long message gave way to a short one), never shorter than its minimum size."""
    layout = dialog.layout()
    if layout is None:
        return
    layout.activate()
    needed = max(dialog.minimumSizeHint().height(), layout.totalHeightForWidth(dialog.width()))
    dialog.resize(dialog.width(), needed if shrink else max(dialog.height(), needed))


class FormNote(QLabel):
    """Wrapped words in a form's field column (what a choice does, said as it is made), as tall as they are at the
    width they have. A form layout gives a row the larger of its hint's height and its height for the column's
    width, and a wrapping QLabel's hint is the height at a narrow guess at its width: three lines stood in a box
    of seven, a blank gap above them and below."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)

    def _height(self) -> int:
        return max(self.fontMetrics().lineSpacing(), self.heightForWidth(max(1, self.width())))

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(super().sizeHint().width(), self._height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(super().minimumSizeHint().width(), self._height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.updateGeometry()  # wider or narrower: as many lines as the words now take


class RoomKept(QObject):
    """Refits `dialog` to its height (`fit_height`, shrinking too) once it is shown and whenever one of `lines`
    (its error lines) is shown or hidden; `refit` after words change. A line shown in a dialog not grown for it
    takes its room from the lines around it, cut short or squeezed over one another."""

    def __init__(self, dialog: QWidget, *lines: QWidget) -> None:
        super().__init__(dialog)
        self.dialog = dialog
        self.lines = lines
        dialog.installEventFilter(self)
        for line in lines:
            line.installEventFilter(self)

    def refit(self) -> None:
        QTimer.singleShot(0, self, lambda: fit_height(self.dialog, shrink=True))  # once the layout has the line

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        kind = event.type()
        if (watched is self.dialog and kind == QEvent.Type.Show) or (
                watched in self.lines and kind in (QEvent.Type.Show, QEvent.Type.Hide)):
            self.refit()
        return False


FRAME_ALLOWANCE = 40  # a title bar and borders, before the window system has framed the dialog
FRAME_ROOM = (16, 48)  # what a window manager's frame and title bar take, across and down


def screen_room(widget: QWidget) -> QRect | None:
    """The free area of the screen the widget is on (None: no screen, as under a bare test platform)."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else None


def fit_on_screen(dialog: QWidget, height: int) -> None:
    """Give a top-level dialog `height`, as much of it as the free screen leaves beside its frame, and move a
    dialog that would reach below the screen's free area up into it."""
    room = screen_room(dialog)
    if room is None:
        dialog.resize(dialog.width(), height)
        return
    frame = dialog.frameGeometry().height() - dialog.height() if dialog.isVisible() else FRAME_ALLOWANCE
    height = max(dialog.minimumHeight(), min(height, room.height() - max(frame, 0)))
    if dialog.isVisible():  # from where it is, as tall as it is about to be (the window system may answer the resize later)
        outer = dialog.frameGeometry()
        bottom = outer.top() + height + max(frame, 0) - 1
        if bottom > room.bottom():
            dialog.move(dialog.x(), max(room.top(), room.bottom() - height - max(frame, 0) + 1))
    dialog.resize(dialog.width(), height)


def fill_screen(window: QWidget, beside: QWidget) -> None:
    """Open `window` (a print preview) over the whole free area of the screen `beside` is on, its frame
    included: a preview's toolbar then shows every button (Print too) rather than folding them behind »."""
    room = screen_room(beside)
    if room is not None:
        window.resize(room.width() - FRAME_ROOM[0], room.height() - FRAME_ROOM[1])
        window.move(room.topLeft())
