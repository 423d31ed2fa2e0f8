"""Ctrl+E exports from anywhere in the form: on X11 a text field would take it as "end of line"."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit

from tests.test_window_layout import COURSE
from tests.window_helpers import open_window


def test_the_forms_text_fields_leave_ctrl_e_to_the_window(qtbot, monkeypatch):
    window = open_window(qtbot, monkeypatch, COURSE)
    assert window.export_action.shortcut().toString() == "Ctrl+E"
    fields = window.form.findChildren(QLineEdit)
    assert fields
    for field in fields:
        override = QKeyEvent(QEvent.Type.ShortcutOverride, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
        override.accept()
        assert window._undo_router.eventFilter(field, override)  # the field does not claim the key
        assert not override.isAccepted()


def test_ctrl_e_right_after_typing_a_first_fraction_exports_the_date_typed(qtbot, monkeypatch, tmp_path):
    """A shortcut leaves the keys in the field, so the date typed there had not been taken: the calendar was exported
    with the first fraction the field showed before it was typed over."""
    from PySide6.QtWidgets import QFileDialog

    from planner.ui import dialogs

    window = open_window(qtbot, monkeypatch, COURSE)
    target = tmp_path / "calendar.ics"
    monkeypatch.setattr(dialogs.ExportDialog, "exec", lambda self: True)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    start = window.form.start
    start.setFocus()
    start.selectAll()
    qtbot.keyClicks(start, "14 Dec 2026")  # a week later than the course's 7 Dec; no Enter
    window.export_action.trigger()
    assert window.session.spec.start.isoformat() == "2026-12-14"
    starts = sorted(line.split(":")[-1] for line in target.read_text(encoding="utf-8").splitlines()
                    if line.startswith("DTSTART") and line.split(":")[-1] > "2000")
    assert starts[0].startswith("20261214T")  # the first fraction as typed, nothing on 7 Dec
