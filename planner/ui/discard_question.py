"""The question a settings dialog asks before its changes are thrown away (Escape, Cancel, its close button):
the main window never loses unsaved changes without one, and neither do they."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget


def may_discard(dialog: QWidget, what: str) -> bool:
    """Whether the dialog may close without saving its changes to `what`; Keep editing is the default (and Escape)."""
    box = QMessageBox(QMessageBox.Icon.Question, "Discard the changes?", f"Close without saving the changes to {what}?",
                      parent=dialog)
    discard = box.addButton("&Discard changes", QMessageBox.ButtonRole.DestructiveRole)
    keep = box.addButton("&Keep editing", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    box.setEscapeButton(keep)
    box.exec()
    return box.clickedButton() is discard


UNSAVED_WORDS = {QMessageBox.StandardButton.Save: "&Save", QMessageBox.StandardButton.Discard: "&Don't save",
                 QMessageBox.StandardButton.Cancel: "&Cancel"}


def unsaved_question(parent: QWidget, title: str, text: str, buttons: QMessageBox.StandardButton,
                     default: QMessageBox.StandardButton) -> QMessageBox.StandardButton:
    """QMessageBox.question for a course's unsaved changes, its buttons with Alt letters (Alt+S, Alt+D, Alt+C; in a
    message box the letter alone too), which Qt's standard Save, Discard and Cancel have not. Escape cancels.
    The window's one way to ask it, so that a test answers it in one place."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, buttons, parent)
    for which, words in UNSAVED_WORDS.items():
        button = box.button(which)
        if button is not None:
            button.setText(words)
    box.setDefaultButton(default)
    box.setEscapeButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    clicked = box.clickedButton()
    return box.standardButton(clicked) if clicked is not None else QMessageBox.StandardButton.Cancel
