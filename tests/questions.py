"""The window's unsaved-changes question (planner.ui.discard_question.unsaved_question) answered in a test."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from planner.ui import discard_question


def discard_unsaved(monkeypatch, button: QMessageBox.StandardButton = QMessageBox.StandardButton.Discard,
                    asked: list[str] | None = None) -> None:
    """The question answered with `button` (Don't save by default: a window closed at the end of a test discards
    its course), its text noted in `asked`."""
    def answer(_parent, _title, text, *_a, **_k) -> QMessageBox.StandardButton:
        if asked is not None:
            asked.append(text)
        return button

    monkeypatch.setattr(discard_question, "unsaved_question", answer)
