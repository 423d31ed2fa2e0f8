"""One way to open the window on a course for the tests of the window, and to answer its questions."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QPushButton

from planner.core.spec import CourseSpec
from planner.store.db import Store
from planner.store.settings import Settings
from planner.ui.main_window import MainWindow, catalogue_at
from tests.questions import discard_unsaved
from tests.test_ui import SETTINGS

STORE_SETTINGS = Settings(clinic_name="Riverside Cancer Centre", time_zone="Europe/London", holidays="GB-ENG")


def open_window(qtbot, monkeypatch, course: CourseSpec, size: tuple[int, int] | None = None) -> MainWindow:
    """The window showing `course`; closing it at the end of the test discards it without a question."""
    discard_unsaved(monkeypatch)
    window = MainWindow(SETTINGS, catalogue_at(""), persist_settings=False)
    qtbot.addWidget(window)
    window.session.reset(course, None)
    if size is not None:
        window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    return window


def window_on_store(qtbot, monkeypatch, store: Store) -> MainWindow:
    """The window on the department's `store`, shown; closing it at the end of the test discards it without a question."""
    discard_unsaved(monkeypatch)
    window = MainWindow(STORE_SETTINGS, catalogue_at(""), persist_settings=False, open_store=lambda: store)
    qtbot.addWidget(window)
    window.show()
    return window


def answer(text: str, seen: list[str]) -> Callable[[QMessageBox], int]:
    """A stand-in for QMessageBox.exec that notes the question's text in `seen` and clicks the button `text`."""
    def run(box: QMessageBox) -> int:
        seen.append(box.text())
        next(b for b in box.findChildren(QPushButton) if b.text() == text).click()
        return 0
    return run
