"""The window reopens inside the screen it opens on: a size and place saved on a bigger screen (quit at 1366x768,
started at 1024x700) is moved, and shrunk where need be, into the screen's free area; a window saved maximised
comes back maximised."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QScreen
from PySide6.QtWidgets import QMainWindow

from planner.ui.main_window import MainWindow, catalogue_at
from planner.ui.window_fit import fitted
from tests.questions import discard_unsaved
from tests.test_ui import SETTINGS


@pytest.mark.parametrize("frame, available, expected", [
    (QRect(283, 327, 649, 514), QRect(0, 0, 1024, 700), QRect(283, 186, 649, 514)),  # moved up, whole
    (QRect(453, 322, 1300, 740), QRect(0, 0, 1024, 700), QRect(0, 0, 1024, 700)),  # shrunk to the free area
    (QRect(-50, -20, 400, 300), QRect(0, 30, 1024, 670), QRect(0, 30, 400, 300)),  # a panel at the top: below it
    (QRect(100, 100, 400, 300), QRect(0, 0, 1024, 700), QRect(100, 100, 400, 300)),  # inside already: kept
])
def test_a_frame_is_fitted_inside_the_free_area(frame, available, expected):
    assert fitted(frame, available) == expected


def saved_geometry(qtbot, place: QRect) -> str:
    """What closing a window at `place` leaves in the settings (as made on a bigger screen)."""
    before = QMainWindow()
    qtbot.addWidget(before)
    before.setGeometry(place)
    return bytes(before.saveGeometry().toBase64().data()).decode("ascii")


def test_a_geometry_from_a_bigger_screen_opens_inside_the_smaller_one(qtbot, monkeypatch):
    discard_unsaved(monkeypatch)
    free = QRect(0, 0, 640, 480)  # the smaller screen's free area (the test screen is faked smaller than it is)
    saved = saved_geometry(qtbot, QRect(453, 322, 760, 600))
    monkeypatch.setattr(QScreen, "availableGeometry", lambda self: QRect(free))
    window = MainWindow(replace(SETTINGS, window_geometry=saved), catalogue_at(""), persist_settings=False)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: free.contains(window.frameGeometry()))
    assert window.width() <= 640 and window.height() <= 480


def test_a_window_saved_maximised_comes_back_maximised(qtbot, monkeypatch):
    discard_unsaved(monkeypatch)
    first = MainWindow(SETTINGS, catalogue_at(""), persist_settings=False)
    qtbot.addWidget(first)
    first.showMaximized()
    qtbot.waitUntil(first.isMaximized)
    first.close()
    assert first.settings.window_geometry
    second = MainWindow(first.settings, catalogue_at(""), persist_settings=False)
    qtbot.addWidget(second)
    second.show()
    qtbot.waitExposed(second)
    assert second.isMaximized()
