"""Menus whose keys work while they are open.

A context menu names the window's keys for its choices ('Move the rest of this course…  Ctrl+Shift+R'); those keys belong to
the window's own actions (the menu's are named only, so the two never compete), and while the menu was open they did
nothing: an open menu takes every key. `KeyedMenu` takes the keys it names itself while it is open, as it takes its
choices' underlined letters. `menu_words` keeps a name typed by someone (a machine's, a file's) as written in a menu,
where '&' would otherwise underline the letter after it and vanish."""

from __future__ import annotations

from collections.abc import Callable

# Qt is taken where it is used: the main window imports this module before its first paint, which taking Qt (about a
# hundred Python enums built) would hold back (tests/test_start_frame_cost.py).
from PySide6 import QtCore
from PySide6.QtCore import QEvent
from PySide6.QtGui import QAction, QFont, QFontMetrics, QKeyEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import QMenu

# One meaning for each key in both windows, the course's and the Bookings window, so a coordinator who uses both gets
# what they expect: an appointment (a session) moved alone; a fraction marked missed (the course's window); the rest of
# the course from a session on to another time (and, in the Bookings window, machine).
MOVE_ONE_KEYS = "Ctrl+M"
MISSED_KEYS = "Ctrl+Shift+M"
REST_KEYS = "Ctrl+Shift+R"


def menu_words(text: str) -> str:
    """`text` shown as written in a menu or on a button: each '&' doubled (a single one marks the next letter as the
    choice's key)."""
    return text.replace("&", "&&")


class KeyedMenu(QMenu):
    """A menu in which the keys each choice names (its shortcut) choose it while the menu is open. With
    `highlight_default`, it shows its default choice highlighted (a menu opened by the keys: Enter then chooses it)."""

    highlight_default = False

    def add_named(self, text: str, slot: Callable[[], object], keys: str = "") -> QAction:
        """A choice that names the window's `keys` for it: they choose it while the menu is open; otherwise the window's
        own action takes them (the menu's is named only, so the two never compete)."""
        action = self.addAction(text, slot)
        if keys:
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(QtCore.Qt.ShortcutContext.WidgetShortcut)
        return action

    def room_for_bold_default(self) -> None:
        """Once its choices are in: as wide as its default choice needs in bold, as the style draws it. Qt measures it
        in the regular type, and a narrow menu cut it short ('Move this sessi…to another day…')."""
        default = self.defaultAction()
        if default is None:
            return
        bold = QFont(self.font())
        bold.setBold(True)
        text = default.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
        extra = QFontMetrics(bold).horizontalAdvance(text) - self.fontMetrics().horizontalAdvance(text)
        if extra > 0:
            self.setMinimumWidth(self.sizeHint().width() + extra)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self.highlight_default and self.defaultAction() is not None:
            self.setActiveAction(self.defaultAction())

    def _named(self, event: QKeyEvent) -> QAction | None:
        pressed = QKeySequence(event.keyCombination())
        for action in self.actions():
            shortcut = action.shortcut()
            if (action.isEnabled() and action.isVisible() and not shortcut.isEmpty()
                    and shortcut.matches(pressed) == QKeySequence.SequenceMatch.ExactMatch):
                return action
        return None

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) and self._named(event) is not None:
            event.accept()  # a key press for this menu, not a shortcut of the window's (the same choice, acted on twice)
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        action = self._named(event)
        if action is None:
            super().keyPressEvent(event)
            return
        event.accept()
        self.close()
        action.trigger()
