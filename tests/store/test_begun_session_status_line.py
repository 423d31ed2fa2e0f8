"""A session chosen in the day view that has begun (given this morning, or missed) was described as every other:
"Shift+arrows move it", which the window then refuses, as a session begun is never moved. The status line says it
stays as given, and that Ctrl+Shift+R still moves the rest of the course."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from planner.app.booking import BookingDesk
from planner.core.agenda import AgendaEntry
from planner.core.catalogue import load_catalogue
from planner.resources_path import default_catalogue_path
from planner.store.db import Store
from planner.ui.department_window import BEGUN_HINT, CHOSEN_HINT, DepartmentWindow

from .booking_scenario import place_bookings, stock

LONDON = ZoneInfo("Europe/London")
DAY = date(2030, 3, 26)  # Zoë Ångström on Linac 1 at 08:30, Bea Lindqvist's lung course on Linac 2 at 09:00


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch) -> Iterator[DepartmentWindow]:
    """The Bookings window on DAY at 08:45, Zoë's 08:30 session begun."""
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    place_bookings(url)
    store = Store.open(url)
    try:
        desk = BookingDesk(store, load_catalogue(default_catalogue_path()), today=DAY)
        monkeypatch.setattr(desk, "now", lambda: datetime(2030, 3, 26, 8, 45, tzinfo=LONDON))
        shown = DepartmentWindow(desk, DAY)
        qtbot.addWidget(shown)
        shown.show()
        yield shown
    finally:
        store.close()


def given_and_later(window: DepartmentWindow) -> tuple[AgendaEntry, AgendaEntry]:
    """The session begun at 08:30, and one still to come."""
    entries = [e for m in window.day_view.machines for e in m.entries]
    given = next(e for e in entries if e.start.astimezone(LONDON).hour == 8 and e.start.astimezone(LONDON).minute == 30)
    later = next(e for e in entries if e.start.astimezone(LONDON).hour >= 9)
    return given, later


def test_a_session_begun_is_not_offered_to_move(window: DepartmentWindow):
    given, later = given_and_later(window)
    window.day_view.selected = given
    window._selected(given)
    assert window.message.text().endswith(BEGUN_HINT) and "Shift+arrows" not in window.message.text()
    window.day_view.selected = later
    window._selected(later)
    assert window.message.text().endswith(CHOSEN_HINT)


def test_enter_on_a_session_begun_says_it_stays_rather_than_open_a_move_that_is_refused(window: DepartmentWindow, monkeypatch):
    """Enter (or a double-click, or Ctrl+M) on a session begun opened "Move one session", whose Move could only be
    refused: the status line says at once that it stays as given; a session still to come opens the dialog."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from planner.ui import department_window

    opened: list[str] = []
    monkeypatch.setattr(department_window.MoveOneDialog, "exec", lambda self: opened.append(self.entry.patient) or 0)
    given, later = given_and_later(window)
    window.day_view.setFocus()
    window.day_view.choose(given)
    QTest.keyClick(window.day_view, Qt.Key.Key_Return)
    assert opened == []
    assert window.message.text().startswith("Not moved: fraction ") and "has begun" in window.message.text()
    window.day_view.choose(later)
    QTest.keyClick(window.day_view, Qt.Key.Key_Return)
    assert opened == [later.patient]
