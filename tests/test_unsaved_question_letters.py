"""The question before unsaved changes are lost (Ctrl+N, Ctrl+O, closing, booking) names its buttons with Alt
letters: Alt+S saves, Alt+D does not save, Alt+C cancels. Qt's standard Save, Discard and Cancel had none, so
Alt+D did nothing and a keyboard user had to Tab to the button."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox, QPushButton

from planner.core.spec import CourseSpec
from planner.ui import discard_question
from planner.ui.discard_question import unsaved_question
from tests.test_ui import fill_course
from tests.window_helpers import open_window

Button = QMessageBox.StandardButton


def pressing(qtbot, key: Qt.Key, seen: list[list[str]]):
    """A stand-in for QMessageBox.exec that shows the box, notes its buttons' words and presses Alt+`key` in it."""
    def run(box: QMessageBox) -> int:
        seen.append([b.text() for b in box.findChildren(QPushButton)])
        box.show()
        box.activateWindow()
        qtbot.waitUntil(box.isActiveWindow)
        QTest.keyClick(box, key, Qt.KeyboardModifier.AltModifier)
        qtbot.waitUntil(lambda: box.clickedButton() is not None)  # a button's Alt letter clicks it after a moment
        box.hide()
        return 0
    return run


@pytest.mark.parametrize(("key", "button"), [(Qt.Key.Key_S, Button.Save), (Qt.Key.Key_D, Button.Discard),
                                             (Qt.Key.Key_C, Button.Cancel)])
def test_each_answer_has_its_alt_letter(qtbot, monkeypatch, key, button):
    seen: list[list[str]] = []
    monkeypatch.setattr(QMessageBox, "exec", pressing(qtbot, key, seen))
    answer = unsaved_question(None, "Unsaved changes", "The course has unsaved changes. Save them first?",
                              Button.Save | Button.Discard | Button.Cancel, Button.Save)
    assert answer == button
    assert sorted(seen[0]) == ["&Cancel", "&Don't save", "&Save"]
    assert all(QKeySequence.mnemonic(text) for text in seen[0])


def test_alt_d_on_ctrl_n_leaves_the_changed_course_for_a_new_one(qtbot, monkeypatch):
    window = open_window(qtbot, monkeypatch, CourseSpec(tz="America/New_York"))
    fill_course(window, qtbot)
    assert window.session.dirty
    monkeypatch.setattr(discard_question, "unsaved_question", unsaved_question)  # the real question
    seen: list[list[str]] = []
    monkeypatch.setattr(QMessageBox, "exec", pressing(qtbot, Qt.Key.Key_C, seen))
    window.courses.new_course()
    assert len(seen) == 1 and window.session.dirty and window.session.spec.patient_name == "Zoë Ångström-Nguyễn"
    monkeypatch.setattr(QMessageBox, "exec", pressing(qtbot, Qt.Key.Key_D, seen))
    window.courses.new_course()
    assert len(seen) == 2 and not window.session.dirty and window.session.spec.patient_name == ""
