"""Two coordinators, two windows on one store: when the other coordinator cancels a course or saves a change
to it, this window's Patients list says so as soon as the window is active again (each row's status, days and
who saved it last, read again in place: the list keeps its rows, its place and its selection). Before, only the
calendar-owed mark was read again: a course cancelled elsewhere went on reading 'Planned' until F5."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication

from planner.app.stored_courses import open_stored, save_stored
from planner.store.db import Store
from tests.store_fill import fill_store
from tests.window_helpers import window_on_store


@pytest.fixture
def url(tmp_path):
    url = f"sqlite:///{tmp_path / 'planner.db'}"
    with Store.open(url, user="coordinator-a") as store:
        fill_store(store, 5)
    return url


@pytest.fixture
def window(qtbot, monkeypatch, url):
    store = Store.open(url, user="coordinator-a")
    yield window_on_store(qtbot, monkeypatch, store)
    store.close()


def row_texts(model, row: int) -> list[str]:
    return [model.data(model.index(row, column)) for column in range(model.columnCount())]


def test_the_patients_list_shows_another_coordinators_cancellation_and_change_when_the_window_is_active_again(window, url):
    model = window.store_link.patients.model
    first, second = model.course(0), model.course(1)
    assert first is not None and second is not None and first.status.value != "cancelled"
    window.store_link.patients.show_course(second.course_id)
    with Store.open(url, user="coordinator-b") as other:  # the other coordinator, at another workstation
        other.set_cancelled(first.course_id, True, first.version)
        theirs = open_stored(other, second.course_id)
        save_stored(other, theirs.spec.updated(start=theirs.spec.start.replace(year=theirs.spec.start.year + 1)), theirs.version, None)
    assert row_texts(model, 0)[2] != "Cancelled"  # nothing read yet
    QApplication.sendEvent(window, QEvent(QEvent.Type.WindowActivate))  # the coordinator comes back to this window
    assert row_texts(model, 0)[2] == "Cancelled"
    now = model.course(1)
    assert now is not None and now.course_id == second.course_id
    assert now.first is not None and second.first is not None and now.first.year == second.first.year + 1
    assert now.updated_by == "coordinator-b" and now.version == second.version + 1
    assert window.store_link.patients.chosen_course() == second.course_id  # the selection stays
