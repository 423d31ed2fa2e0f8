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
