"""The main window's Department menu opens the booking window on the department store, and says
why in a message when the store has no department yet."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QMessageBox

from planner.store.settings import Settings
from planner.ui.department_window import DepartmentWindow
from planner.ui.main_window import MainWindow, catalogue_at
from tests.questions import discard_unsaved

from .booking_scenario import stock


def main_window(qtbot, monkeypatch, database: str) -> MainWindow:
    discard_unsaved(monkeypatch)
    window = MainWindow(replace(Settings(clinic_name="Riverside", time_zone="Europe/London"), database=database), catalogue_at(""),
                        persist_settings=False)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.started, timeout=10_000)
    return window


def department_actions(window: MainWindow) -> list[str]:
    menu = next(a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == "Department")
    return [a.text() for a in menu.actions()]


def test_the_department_menu_opens_the_booking_window(qtbot, monkeypatch, tmp_path):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    window = main_window(qtbot, monkeypatch, url)
    assert department_actions(window) == ["&Bookings…", "Book &this course…", "&Unbook this course…", "&Cancel course…",
                                          "&Reinstate course…"]
    window.open_department()
    opened = window.findChildren(DepartmentWindow)
    assert len(opened) == 1 and opened[0].isVisible()
    assert [m.name for m in opened[0].day_view.machines] == ["Linac 1", "Linac 2", "Linac 3", "CT simulator"]
    opened[0].close()


def test_a_store_without_a_department_is_a_message_not_a_window(qtbot, monkeypatch, tmp_path):
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: said.append(box.text()) or 0)
    window = main_window(qtbot, monkeypatch, f"sqlite:///{tmp_path / 'empty.db'}")
    window.open_department()
    assert not window.findChildren(DepartmentWindow)
    assert said and "has no department yet" in said[0] and "Department → Import department file…" in said[0]
