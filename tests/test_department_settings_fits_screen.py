"""Department settings opens within a small screen: at 1024×700 the dialog was 1040 px wide, so its right edge
(the end of every field, the Cancel button, the window's close box) fell off the screen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QScreen

from planner.core.department import parse_department
from planner.ui.department_settings import DepartmentDialog
from planner.ui.dialog_fit import FRAME_ROOM
from tests.test_department_settings_editor import TWO_MACHINES


@pytest.mark.parametrize(("width", "height"), [(1024, 700), (1366, 768)])
def test_the_dialog_opens_within_the_screen(qtbot, monkeypatch, width, height):
    monkeypatch.setattr(QScreen, "availableGeometry", lambda screen: QRect(0, 0, width, height))
    dialog = DepartmentDialog(parse_department(TWO_MACHINES, "x.toml"), [].append)
    qtbot.addWidget(dialog)
    assert dialog.width() + FRAME_ROOM[0] <= width
    assert dialog.height() + FRAME_ROOM[1] <= height
    assert dialog.minimumSizeHint().width() + FRAME_ROOM[0] <= 1024  # nothing in it needs more than a small screen


def test_a_large_screen_keeps_the_roomy_size(qtbot, monkeypatch):
    monkeypatch.setattr(QScreen, "availableGeometry", lambda screen: QRect(0, 0, 1600, 1000))
    dialog = DepartmentDialog(parse_department(TWO_MACHINES, "x.toml"), [].append)
    qtbot.addWidget(dialog)
    assert (dialog.width(), dialog.height()) == (1040, 560)
