"""The calendar export dialog by keyboard alone: each of its choices has an Alt letter, as the other dialogs' do."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from planner.ui import dialogs


@pytest.fixture
def dialog(qtbot):
    shown = dialogs.ExportDialog(False)
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitExposed(shown)
    shown.activateWindow()
    shown.previous.setFocus()
    return shown


@pytest.mark.parametrize(("letter", "box"), [(Qt.Key.Key_D, "discreet"), (Qt.Key.Key_E, "prep_events")])
def test_alt_letter_ticks_the_export_choice(dialog, qtbot, letter, box):
    """Alt+D (Discreet) and Alt+E (preparation steps as their own events) take the focus to the box and tick it."""
    target = getattr(dialog, box)
    QTest.keyClick(QApplication.focusWidget(), letter, Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is target
    qtbot.waitUntil(target.isChecked)
    assert dialog.choice().discreet == (box == "discreet")
    assert dialog.choice().prep_events == (box == "prep_events")


def test_the_export_dialogs_alt_letters_are_each_used_once(dialog):
    from PySide6.QtWidgets import QAbstractButton, QLabel

    texts = [w.text() for w in dialog.findChildren(QLabel) if w.buddy() is not None]
    texts += [w.text() for w in dialog.findChildren(QAbstractButton)]
    letters = [text[text.index("&") + 1].lower() for text in texts if "&" in text]
    assert len(letters) == len(set(letters)) >= 3
