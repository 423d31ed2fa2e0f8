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


def as_read(text: str) -> str:
    """A menu choice's or button's text as the coordinator reads it: its key letter's '&' gone, a '&&' one '&'."""
    import re

    return re.sub("&(.)", r"\1", text)


def menu_texts(show: Callable[[], object], choose: str = "") -> list[str]:
    """The texts of the popup menu `show` opens, as read (`as_read`), and `choose`'s action triggered, the menu closed
    from a timer so that its exec returns."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMenu

    seen: list[str] = []

    def look_and_close() -> None:
        menu = QApplication.activePopupWidget()
        if isinstance(menu, QMenu):
            seen.extend(as_read(a.text()) for a in menu.actions())
            chosen = next((a for a in menu.actions() if choose and as_read(a.text()) == choose), None)
            menu.close()
            if chosen is not None:
                chosen.trigger()

    QTimer.singleShot(0, look_and_close)
    show()
    return seen


def week_notes(window: MainWindow, monkeypatch, day) -> dict[object, str]:
    """The week of `day` shown in the window's Week tab and painted: the note each appointment's block was drawn with
    ('moved', 'not booked yet', 'booked off the planned time', or '')."""
    from planner.ui import week_view
    from planner.ui.result_panel import WEEK_TAB

    window.tabs.setCurrentIndex(WEEK_TAB)
    view = window.week.view
    view.show_week(day)
    painted: dict[object, str] = {}
    real = week_view.fitting_label
    monkeypatch.setattr(week_view, "fitting_label", lambda m, inner, a, phases, moved, machine="": (
        painted.__setitem__(a.key, moved), real(m, inner, a, phases, moved, machine))[1])
    view.grab()
    return painted
