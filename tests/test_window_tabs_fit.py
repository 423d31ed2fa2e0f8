"""Showing each tab on a laptop screen never makes the window wider than the screen."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from tests.test_window_layout import COURSE
from tests.window_helpers import open_window


@pytest.mark.parametrize("size", [(1366, 768), (1024, 700)])
def test_the_window_keeps_its_size_when_each_tab_is_shown(qtbot, monkeypatch, size):
    # The month view's legend was one row of labels 766 px wide: at 1024x700 the window grew to 1132 px.
    window = open_window(qtbot, monkeypatch, COURSE)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    for index in (1, 2, 0, 2):
        window.tabs.setCurrentIndex(index)
        QApplication.processEvents()
        assert (window.width(), window.height()) == size, window.tabs.currentWidget().accessibleName()
    assert window.month.legend.isVisible() and window.month.legend.width() <= window.month.width()
