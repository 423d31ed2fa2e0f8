"""Saving a stored course in the window whose patient was given its calendar owes the patient the update, as
`course save` does: the Patients list says "Update owed", the Bookings window's Calendars tab lists it, and the status
line says it at once. Before, the save left the patient's calendar out of date unsaid."""

from __future__ import annotations

import json

import pytest

from planner.store.db import Store
from planner.ui.patient_list import CALENDAR_OWED
from tests.window_helpers import window_on_store

from .booking_scenario import place_bookings, stock
from .command_line import run

COURSE = "course-prostate"


@pytest.fixture
def url(capsys, tmp_path) -> str:
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    place_bookings(url)
    status, _, err = run(capsys, "export", "--db", url, "--course-id", COURSE, "-o", str(tmp_path / "given.ics"))
    assert status == 0, err
    return url


def owed(capsys, url: str) -> list[str]:
    status, out, err = run(capsys, "calendar-updates", "--db", url, "--json")
    assert status == 0, err
    return [c["course_id"] for c in json.loads(out)["calendars"]]


def test_a_save_in_the_window_owes_the_patient_the_update(qtbot, monkeypatch, capsys, url):
    store = Store.open(url)
    try:
        window = window_on_store(qtbot, monkeypatch, store)
        link = window.store_link
        link.open_course(COURSE)
        window.session.edit(window.session.spec.updated(location="Radiotherapy, Level B2"), "location")
        assert window.save_course() is True
        assert "the patient's calendar changed" in window.statusBar().currentMessage()
        model = link.patients.model
        row = next(n for n in range(model.rowCount()) if model.course(n).course_id == COURSE)
        assert model.course(row).calendar_owed
        assert CALENDAR_OWED in [model.data(model.index(row, column)) for column in range(model.columnCount())]
    finally:
        store.close()
    assert owed(capsys, url) == [COURSE]


def test_a_course_never_exported_owes_nothing(qtbot, monkeypatch, capsys, url):
    store = Store.open(url)
    try:
        window = window_on_store(qtbot, monkeypatch, store)
        window.store_link.open_course("course-breast")
        window.session.edit(window.session.spec.updated(location="Radiotherapy, Level B2"), "location")
        assert window.save_course() is True
        assert "calendar changed" not in window.statusBar().currentMessage()
    finally:
        store.close()
    assert owed(capsys, url) == []
