"""Ticking Discreet (for a screen in a treatment room) takes the patient's name and hospital number off the
status line at once: the chosen booking is said again by initials, and a line about an earlier action,
which may name a patient, goes. Unticking says the chosen booking whole again."""

from __future__ import annotations

from datetime import date

import pytest

from planner.app.booking import BookingDesk
from planner.core.catalogue import load_catalogue
from planner.resources_path import default_catalogue_path
from planner.store.db import Store
from planner.ui.department_window import DepartmentWindow

from .booking_scenario import place_bookings, stock

DAY = date(2030, 4, 2)


@pytest.fixture
def window(qtbot, tmp_path):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    place_bookings(url)
    store = Store.open(url)
    desk = BookingDesk(store, load_catalogue(default_catalogue_path()), today=date(2030, 3, 22))
    shown = DepartmentWindow(desk, DAY)
    qtbot.addWidget(shown)
    shown.resize(1000, 600)
    shown.show()
    yield shown
    store.close()


def shown_words(window) -> str:
    return window.message.text() + " " + window.message.toolTip()


def test_the_chosen_booking_is_said_by_initials_once_discreet(window):
    zoe = next(e for m in window.day_view.machines for e in m.entries if e.patient == "Zoë Ångström")
    window.day_view.selected = zoe
    window._selected(zoe)
    assert "Zoë Ångström · H0001" in window.message.text()
    window.discreet.setChecked(True)
    assert "Zoë" not in shown_words(window) and "H0001" not in shown_words(window)
    assert window.message.text().startswith("Z. Å. (")
    window.discreet.setChecked(False)
    assert window.message.text().startswith("Zoë Ångström · H0001 (")


def test_a_line_naming_a_patient_goes_once_discreet(window):
    window.say("Moved Zoë Ångström (5 of 20 · Treatment) from Linac 1 at 08:00 to Linac 2 at 09:00. Ctrl+Z puts it back.")
    window.discreet_action.setChecked(True)  # the Bookings menu's Discreet, as Alt+B, D does
    assert "Zoë" not in shown_words(window)


def test_the_book_dialog_opened_while_discreet_names_initials(qtbot, window, monkeypatch):
    from planner.ui import booking_dialogs

    shown: list[booking_dialogs.BookDialog] = []
    monkeypatch.setattr(booking_dialogs.BookDialog, "exec", lambda self: shown.append(self) or 0)
    window.discreet.setChecked(True)
    window.book_course("course-prostate")
    dialog = shown[0]
    qtbot.addWidget(dialog)
    texts = [dialog.windowTitle(), dialog.patient_label.text(), dialog.booked_note.text() if dialog.booked_note else ""]
    assert not [t for t in texts if "Zoë" in t or "Ångström" in t], texts
    assert dialog.windowTitle() == "Book Z. Å."


def test_the_chosen_booking_is_not_said_on_another_page(window):
    zoe = next(e for m in window.day_view.machines for e in m.entries if e.patient == "Zoë Ångström")
    window.day_view.selected = zoe
    window._selected(zoe)
    window.tabs.setCurrentWidget(window.waiting_page)
    assert window.message.text() == ""  # 'Shift+arrows move it' of a booking not in sight
    window.tabs.setCurrentWidget(window.day_scroll)
    assert window.message.text().startswith("Zoë Ångström · H0001 (")
    window.say("Moved Zoë Ångström (5 of 20 · Treatment) from Linac 1 at 08:00 to Linac 2 at 09:00. Ctrl+Z puts it back.")
    window.tabs.setCurrentWidget(window.waiting_page)
    assert window.message.text().startswith("Moved Zoë")  # what was done stays said
