"""A scroll area that keeps the focused field in view, however the focus got there.

QScrollArea scrolls to a field reached by Tab, but not to one reached by its label's Alt+letter
(a mnemonic on a check box also ticks it) or given focus by the program: the field would change
off screen with nothing visible to explain it.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QRect
from PySide6.QtWidgets import QApplication, QScrollArea, QWidget

MARGIN = 20  # room kept around the field, so its label and message show too


class FocusInView(QObject):
    """Scrolls `area` to the widget inside it that has just taken the keyboard focus."""

    def __init__(self, area: QScrollArea) -> None:
        super().__init__(area)
        self.area = area
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        app.focusChanged.connect(self.on_focus_changed)

    def on_focus_changed(self, _old: QWidget | None, now: QWidget | None) -> None:
        content = self.area.widget()
        if now is not None and content is not None and content.isAncestorOf(now):
            self.area.ensureWidgetVisible(now, MARGIN, MARGIN)



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
