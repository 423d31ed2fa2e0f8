"""A scroll area that keeps the focused field in view, however the focus got there.

QScrollArea scrolls to a field reached by Tab, but not to one reached by its label's Alt+letter
(a mnemonic on a check box also ticks it) or given focus by the program: the field would change
off screen with nothing visible to explain it. A field that is one of several working together
(the closures' list, date, note and Add) shows the whole of its group, label too, when it fits:
the list alone in view left the date and note of a new closure below the fold.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QPoint, QRect
from PySide6.QtWidgets import QApplication, QLabel, QScrollArea, QWidget
from shiboken6 import isValid

MARGIN = 20  # room kept around the field, so its label and message show too
WHOLE_IN_VIEW = "wholeInView"  # the property that marks a group shown whole (see keep_whole)


def keep_whole(group: QWidget) -> None:
    """When a field inside `group` takes the focus, the scroll area shows the whole group and the
    labels naming its fields, if they fit in its height (else the field alone)."""
    group.setProperty(WHOLE_IN_VIEW, True)


class FocusInView(QObject):
    """Scrolls `area` to the widget inside it that has just taken the keyboard focus."""

    def __init__(self, area: QScrollArea, kept: Callable[[], QRect | None] | None = None) -> None:
        """`kept`: a rectangle of the content (a field's error line) to keep in view beside the focused field
        whenever both fit, so moving on from a field does not scroll what is wrong with it out of sight."""
        super().__init__(area)
        self.area = area
        self.kept = kept
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        app.focusChanged.connect(self.on_focus_changed)

    def on_focus_changed(self, _old: QWidget | None, now: QWidget | None) -> None:
        if not isValid(self.area):  # its scroll area deleted (a window closed): the application's signal outlives it
            return
        content = self.area.widget()
        if now is not None and content is not None and content.isAncestorOf(now):
            whole = self.group_rect(content, now)
            if whole is not None and whole.height() + 2 * MARGIN <= self.area.viewport().height():
                centre = now.mapTo(content, now.rect().center())
                self.area.ensureVisible(centre.x(), whole.center().y(), now.width() // 2 + MARGIN, whole.height() // 2 + MARGIN)
            self.area.ensureWidgetVisible(now, MARGIN, MARGIN)
            self._keep_in_view(content, now)

    def _keep_in_view(self, content: QWidget, now: QWidget) -> None:
        """The kept rectangle too, when it and the focused field fit together: scrolled as little as it takes,
        the field staying in view (only on a move of the focus, never against the user's own scrolling)."""
        kept = self.kept() if self.kept is not None else None
        if kept is None:
            return
        field = QRect(now.mapTo(content, QPoint(0, 0)), now.size())
        both = kept.united(field)
        if both.height() + 2 * MARGIN > self.area.viewport().height():
            return  # too far apart: the focused field alone (the result's heading still names the error)
        top, bottom = self.area.verticalScrollBar().value(), self.area.verticalScrollBar().value() + self.area.viewport().height()
        if both.top() - MARGIN >= top and both.bottom() + MARGIN <= bottom:
            return
        centre = field.center()
        self.area.ensureVisible(centre.x(), both.center().y(), field.width() // 2 + MARGIN, both.height() // 2 + MARGIN)

    @staticmethod
    def group_rect(content: QWidget, field: QWidget) -> QRect | None:
        """The rectangle (in `content`) of the group marked by keep_whole around `field` and of the labels
        whose buddies are in it; None when `field` is in no such group."""
        group = field.parentWidget()
        while group is not None and group is not content and not group.property(WHOLE_IN_VIEW):
            group = group.parentWidget()
        if group is None or group is content:
            return None
        whole = QRect(group.mapTo(content, QPoint(0, 0)), group.size())
        for label in content.findChildren(QLabel):
            buddy = label.buddy()
            if buddy is not None and label.isVisible() and (buddy is group or group.isAncestorOf(buddy)):
                whole = whole.united(QRect(label.mapTo(content, QPoint(0, 0)), label.size()))
        return whole



def bring_into_view(widget: QWidget, rect: QRect, top_margin: int = 0) -> None:
    """Scroll every scroll area around `widget`, innermost first, so that `rect` (in `widget`'s
    coordinates) is in view, `top_margin` below its top edge (a header that stays on top): what the
    arrow keys chose in the week or the month, when its pane shows only part of it (at 1024 px beside
    the Patients list the week and month scroll sideways, and the week scrolls through the day)."""
    ancestor = widget.parentWidget()
    while ancestor is not None:
        content = ancestor.widget() if isinstance(ancestor, QScrollArea) else None
        if isinstance(ancestor, QScrollArea) and content is not None and (content is widget or content.isAncestorOf(widget)):
            centre = rect.center() if content is widget else widget.mapTo(content, rect.center())
            ancestor.ensureVisible(centre.x(), centre.y(), rect.width() // 2 + 4, rect.height() // 2 + top_margin)
        ancestor = ancestor.parentWidget()
