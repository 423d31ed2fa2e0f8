"""At 1024x700 a course opened with a damaged field scrolls the form to the field's error line, but the keyboard's
focus stayed on the name at the top, out of sight: the next Tab went to the hospital number and scrolled the line
out of view. The focus now moves to the damaged field (Tab goes on from there), and a focus moved to another field
keeps the error line in view too whenever both fit, scrolling no further than that."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from planner.core.errors import Field
from tests.test_form_focus_in_view import _in_view, _scroll_area

from .booking_scenario import main_window_on, stock
from .test_damaged_reason_repair import COURSE
from .test_damaged_text_repair import stored_as_an_old_version_would


def opened_damaged(qtbot, window):
    """The course with markup in its location opened from the store at 1024x700, the name focused as at the start."""
    window.resize(1024, 700)
    qtbot.waitUntil(lambda: window.started, timeout=10_000)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.form.patient_name.setFocus(Qt.FocusReason.OtherFocusReason)
    area = _scroll_area(window)
    area.verticalScrollBar().setValue(0)
    window.store_link.open_course(COURSE)
    line = window.form.errors[Field.LOCATION]
    qtbot.waitUntil(lambda: "markup" in line.text() and _in_view(area, line))
    qtbot.waitUntil(window.form.location.hasFocus)  # the field that is wrong, not the name out of sight
    return area, line


def test_tab_after_opening_a_damaged_course_keeps_its_error_line_in_view(qtbot, monkeypatch, tmp_path: Path):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    stored_as_an_old_version_would(url, location="<b>Riverside</b> clinic")
    with main_window_on(qtbot, monkeypatch, url) as window:
        area, line = opened_damaged(qtbot, window)
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        qtbot.waitUntil(lambda: not window.form.location.hasFocus())
        focused = QApplication.focusWidget()
        assert window.form.isAncestorOf(focused) and _in_view(area, focused)
        assert _in_view(area, line)


def test_a_focus_moved_near_the_error_shows_the_error_line_too(qtbot, monkeypatch, tmp_path: Path):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    stored_as_an_old_version_would(url, location="<b>Riverside</b> clinic")
    with main_window_on(qtbot, monkeypatch, url) as window:
        area, line = opened_damaged(qtbot, window)
        form = window.form
        area.verticalScrollBar().setValue(0)  # the coordinator scrolled back up: the line out of view, as they chose
        assert not _in_view(area, line) and not _in_view(area, form.follow_up)
        form.follow_up.setFocus(Qt.FocusReason.ShortcutFocusReason)  # the field just above the location's
        qtbot.waitUntil(form.follow_up.hasFocus)
        assert _in_view(area, form.follow_up)
        assert _in_view(area, line)  # scrolled on far enough to show what is wrong below it
        area.verticalScrollBar().setValue(0)  # scrolling by hand is never undone
        qtbot.wait(20)
        assert area.verticalScrollBar().value() == 0
