"""The day list's print dialog uses each Alt letter once: Preview… keeps P (the own-page box had it too, so
Alt+P moved the focus back and forth and never opened the preview)."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QAbstractButton, QLabel

from planner.ui.booking_dialogs import DayListDialog

from .test_ui_small_screen import mnemonic


def test_each_alt_letter_of_the_day_list_dialog_is_used_once(qtbot):
    dialog = DayListDialog(["Linac 1", "Linac 2"], False, day=date(2026, 11, 24))
    qtbot.addWidget(dialog)
    dialog.show()
    texts = [w.text() for w in (*dialog.findChildren(QLabel), *dialog.findChildren(QAbstractButton)) if w.isVisibleTo(dialog)]
    letters = [letter for text in texts if (letter := mnemonic(text))]
    assert len(letters) == len(set(letters)), texts
    assert "p" in letters and "s" in letters  # Preview… and the own-page box's sheet
