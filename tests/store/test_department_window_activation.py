"""The Bookings window, active again, reads the store again only when something was written to it since it last drew
(by another coordinator's planner, another window, the command line) or the day turned: the redraw reads the agenda
twice, the waiting list and the calendars owed (a quarter of a second on a busy department), and a coordinator moves
between windows all day. The store's change mark (Store.change_mark) tells, in one small query."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget

from planner.app.booking import BookingDesk, Relocation, open_desk
from planner.core.catalogue import load_catalogue
from planner.core.spec import CourseSpec
from planner.resources_path import default_catalogue_path
from planner.store.db import Access, Store
from planner.ui.department_window import DepartmentWindow

from .booking_scenario import place_bookings, stock

DAY = date(2030, 4, 2)
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def url(tmp_path) -> str:
    made = stock(f"sqlite:///{tmp_path / 'department.db'}")
    place_bookings(made)
    return made


@pytest.fixture
def window(qtbot, url):
    desk = open_desk(url, load_catalogue(default_catalogue_path()))
    shown = DepartmentWindow(desk, DAY)
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitExposed(shown)
    yield shown
    desk.store.close()


@pytest.fixture
def reads(window, monkeypatch) -> list[date]:
    """The agenda reads of the window's desk from now on, by their first day."""
    seen: list[date] = []
    agenda = window.desk.agenda

    def counted(first: date, *args, **kwargs):
        seen.append(first)
        return agenda(first, *args, **kwargs)

    monkeypatch.setattr(window.desk, "agenda", counted)
    return seen


def back_in(qtbot, window: DepartmentWindow) -> None:
    """Another window active, then the Bookings window again."""
    elsewhere = QWidget()
    qtbot.addWidget(elsewhere)
    elsewhere.show()
    elsewhere.activateWindow()
    qtbot.waitUntil(lambda: not window.isActiveWindow())
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def booking_of(window: DepartmentWindow, patient: str):
    return next((machine.name, entry) for machine in window.day_view.machines for entry in machine.entries
                if entry.patient == patient and entry.start.date() == DAY)


def test_back_in_the_window_with_nothing_written_reads_nothing_again(qtbot, window, reads):
    back_in(qtbot, window)
    back_in(qtbot, window)
    assert reads == []


def test_a_move_by_another_coordinator_shows_once_back_in_the_window(qtbot, window, reads, url):
    back_in(qtbot, window)
    _, dora = booking_of(window, "Dora Mbeki")
    target = dora.start.replace(hour=15, minute=0)
    with Store.open(url) as store:  # another coordinator's planner: a store opening of its own
        BookingDesk(store, window.desk.catalogue, today=window.desk.today).move(
            dora.course_id, [Relocation(dora.kind, dora.number, "Linac 2", target)])
    assert reads == []
    back_in(qtbot, window)
    assert len(reads) == 2  # the day and its week
    machine, moved = booking_of(window, "Dora Mbeki")
    assert (machine, moved.start) == ("Linac 2", target)
    back_in(qtbot, window)
    assert len(reads) == 2  # drawn as it is now: not again


def test_a_downtime_recorded_by_another_process_shows_once_back_in_the_window(qtbot, window, reads, url):
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "planner", "machine-down", "Linac 1", "--db", url, "--from", "2030-04-02T08:00",
                           "--to", "2030-04-02T12:00", "--reason", "beam fault"], capture_output=True, env=environment, timeout=120)
    assert done.returncode == 0, done.stderr
    back_in(qtbot, window)
    assert reads
    assert [(d.start.hour, d.end.hour) for d in window.desk.department.downtime_of("Linac 1")] == [(8, 12)]
    assert all(entry.start.hour >= 12 for machine in window.day_view.machines if machine.name == "Linac 1"
               for entry in machine.entries if entry.start.date() == DAY)


def test_the_windows_own_move_is_drawn_at_once_and_not_read_again_when_back(qtbot, window, reads):
    _, dora = booking_of(window, "Dora Mbeki")
    target = dora.start.replace(hour=15, minute=0)
    assert window.day_view.drop(dora, "Linac 1", "Linac 2", target)
    assert booking_of(window, "Dora Mbeki")[0] == "Linac 2" and reads[-2:] == [DAY, DAY - timedelta(days=1)]  # redrawn
    drawn = len(reads)
    back_in(qtbot, window)
    assert len(reads) == drawn


def test_a_new_day_is_read_again_though_nothing_was_written(qtbot, window, reads):
    window.desk.today = window.desk.today + timedelta(days=1)  # the window kept open past midnight
    back_in(qtbot, window)
    assert len(reads) == 2


def test_a_reading_that_failed_is_tried_again_when_back(qtbot, window, reads, monkeypatch):
    from planner.store.db import StoreError

    failing = window.desk.waiting
    gone = StoreError(f"{window.desk.store.display_url}: the database is gone")
    monkeypatch.setattr(window.desk, "waiting", lambda: (_ for _ in ()).throw(gone))
    window.refresh()
    assert window.message.text() == "The database is gone"
    monkeypatch.setattr(window.desk, "waiting", failing)
    tried = len(reads)
    back_in(qtbot, window)
    assert len(reads) == tried + 2
    back_in(qtbot, window)
    assert len(reads) == tried + 2  # drawn whole this time


def test_the_mark_moves_with_each_write_from_anywhere_and_only_then(url, tmp_path):
    with Store.open(url) as store, Store.open(url) as other:
        first = store.change_mark()
        assert first is not None and store.change_mark() == first
        store.list_courses()  # a reading is no change
        assert store.change_mark() == first
        other.save_course(CourseSpec(course_id="new", patient_name="Ann Smith", patient_id="H100", site="prostate"))
        second = store.change_mark()
        assert second != first
        store.save_course(CourseSpec(course_id="newer", patient_name="Bo Li", patient_id="H101", site="prostate"))
        assert store.change_mark() not in (first, second)
    with Store.open(url, access=Access.READ) as looking:  # a read-only opening reads copies: no mark, read each time
        assert looking.read_only or looking.change_mark() is not None
        if looking.read_only:
            assert looking.change_mark() is None


def test_the_mark_moves_with_a_write_on_postgresql(postgres):
    url = postgres.new_database()
    with Store.open(url) as store, Store.open(url) as other:
        first = store.change_mark()
        assert first is not None
        other.save_course(CourseSpec(course_id="new", patient_name="Ann Smith", patient_id="H100", site="prostate"))
        assert store.change_mark() != first
