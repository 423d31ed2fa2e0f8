"""Ctrl+F in the Bookings window finds a patient on the day shown (12 machines and 300 bookings are too many to read
through for one name): the first booking whose patient's name or hospital number holds what was typed is chosen in the
day view and said, F3 goes on to the next; in 'Waiting to start' Ctrl+F goes to that page's Find field."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtWidgets import QInputDialog

from planner.app.booking import open_desk
from planner.core.catalogue import load_catalogue
from planner.resources_path import default_catalogue_path
from planner.ui.department_window import DepartmentWindow

from .booking_scenario import place_bookings, stock

SHOWN = date(2030, 4, 2)  # a Tuesday: the booked golden courses are on treatment


@pytest.fixture
def window(qtbot, tmp_path):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    place_bookings(url)
    desk = open_desk(url, load_catalogue(default_catalogue_path()))
    desk.today = date(2030, 3, 20)
    shown = DepartmentWindow(desk, SHOWN)
    qtbot.addWidget(shown)
    shown.resize(1366, 768)
    shown.show()
    qtbot.waitExposed(shown)
    yield shown
    shown.close()
    desk.store.close()


def typed(monkeypatch, text: str, asked: list[str] | None = None) -> None:
    def answer(_parent, _title, _label, text: str = "", **_kw) -> tuple[str, bool]:
        if asked is not None:
            asked.append(text)
        return typed_text, True
    typed_text = text
    monkeypatch.setattr(QInputDialog, "getText", answer)


def test_ctrl_f_chooses_the_patients_booking_and_says_it(window, monkeypatch):
    patients = {entry.patient for m in window.day_view.machines for entry in m.entries}
    assert "Dora Mbeki" in patients and len(patients) > 2
    window.tabs.setCurrentWidget(window.occupancy_scroll)  # from another page: the day is shown
    typed(monkeypatch, "mbek")
    window.find_action.trigger()
    assert window.tabs.currentWidget() is window.day_scroll and window.day_view.hasFocus()
    assert window.day_view.selected is not None and window.day_view.selected.patient == "Dora Mbeki"
    assert window.message.text().startswith("Dora Mbeki")


def test_a_hospital_number_finds_its_patient(window, monkeypatch):
    typed(monkeypatch, "h0002")
    window.find_action.trigger()
    assert window.day_view.selected is not None and window.day_view.selected.hospital_number == "H0002"


def test_f3_goes_round_the_days_matches(window, monkeypatch):
    matches = window.day_matches("h000")  # every golden patient booked that day, by time then machine
    assert len(matches) > 2
    asked: list[str] = []
    typed(monkeypatch, "h000", asked)
    window.find_action.trigger()
    chosen = [window.day_view.selected]
    assert window.message.text().endswith(f"Match 1 of {len(matches)}: F3 finds the next.")
    for _ in range(len(matches)):
        window.find_next_action.trigger()
        chosen.append(window.day_view.selected)
    assert [entry.key for entry in chosen] == [entry.key for entry in [*matches, matches[0]]]
    window.find_action.trigger()  # asked again: what was found last is offered
    assert asked == ["", "h000"]


def test_no_match_is_said_and_nothing_is_chosen(window, monkeypatch):
    typed(monkeypatch, "Nobody Here")
    window.find_action.trigger()
    assert window.message.text() == "No booking on Tue 2 Apr 2030 matches 'Nobody Here' (name or hospital number)."
    assert window.day_view.selected is None


def test_in_waiting_to_start_ctrl_f_goes_to_its_find_field(qtbot, window, monkeypatch):
    asked: list[str] = []
    typed(monkeypatch, "x", asked)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.tabs.setCurrentWidget(window.waiting_page)
    window.find_action.trigger()
    assert asked == [] and window.waiting_page.find.hasFocus()


def test_a_discreet_screen_finds_by_name_but_says_initials_and_never_the_name_typed(window, monkeypatch):
    window.discreet.setChecked(True)
    typed(monkeypatch, "Dora Mbeki")
    window.find_action.trigger()
    assert window.day_view.selected is not None and window.day_view.selected.patient == "Dora Mbeki"
    assert window.message.text().startswith("D. M.") and "Mbeki" not in window.message.text()
    typed(monkeypatch, "Nobody Here")
    window.find_action.trigger()
    assert window.message.text() == "No booking on Tue 2 Apr 2030 matches what was typed (name or hospital number)."
