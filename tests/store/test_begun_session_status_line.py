"""A session chosen in the day view that has begun (given this morning, or missed) was described as every other:
"Shift+arrows move it", which the window then refuses, as a session begun is never moved. The status line says it
stays as given, and that Ctrl+M still moves the rest of the course."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from planner.app.booking import BookingDesk
from planner.core.catalogue import load_catalogue
from planner.resources_path import default_catalogue_path
from planner.store.db import Store
from planner.ui.department_window import BEGUN_HINT, CHOSEN_HINT, DepartmentWindow

from .booking_scenario import place_bookings, stock

LONDON = ZoneInfo("Europe/London")
DAY = date(2030, 3, 26)  # Zoë Ångström on Linac 1 at 08:30, Bea Lindqvist's lung course on Linac 2 at 09:00


def test_a_session_begun_is_not_offered_to_move(qtbot, tmp_path, monkeypatch):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    place_bookings(url)
    store = Store.open(url)
    try:
        desk = BookingDesk(store, load_catalogue(default_catalogue_path()), today=DAY)
        monkeypatch.setattr(desk, "now", lambda: datetime(2030, 3, 26, 8, 45, tzinfo=LONDON))
        window = DepartmentWindow(desk, DAY)
        qtbot.addWidget(window)
        window.show()
        entries = [e for m in window.day_view.machines for e in m.entries]
        given = next(e for e in entries if e.start.astimezone(LONDON).hour == 8 and e.start.astimezone(LONDON).minute == 30)
        later = next(e for e in entries if e.start.astimezone(LONDON).hour >= 9)
        window.day_view.selected = given
        window._selected(given)
        assert window.message.text().endswith(BEGUN_HINT) and "Shift+arrows" not in window.message.text()
        window.day_view.selected = later
        window._selected(later)
        assert window.message.text().endswith(CHOSEN_HINT)
    finally:
        store.close()
