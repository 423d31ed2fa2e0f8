"""Reinstate course… on a course cancelled midway through treatment says at once why it cannot be
taken back (appointments were given), rather than asking "Take back the cancellation?" and then
refusing the Yes."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtWidgets import QMessageBox

from planner.app.cancelling import cancel_course
from planner.store.db import Store
from planner.ui.course_cancel import reinstate_open_course

from .booking_scenario import desk_on, main_window_on, place_bookings, stock

COURSE = "course-prostate"
CANCELLED = datetime(2030, 4, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def url(tmp_path) -> str:
    made = stock(f"sqlite:///{tmp_path / 'department.db'}")
    place_bookings(made)
    with desk_on(made) as desk:  # cancelled on its sixth day, after its sixth fraction at 08:30
        cancel_course(desk, COURSE, now=CANCELLED)
    return made


def test_a_course_cancelled_midway_is_refused_before_the_question(qtbot, monkeypatch, url):
    asked: list[str] = []
    said: list[str] = []
    with main_window_on(qtbot, monkeypatch, url) as window:
        qtbot.waitUntil(lambda: window.started, timeout=10_000)
        window.store_link.open_course(COURSE)
        monkeypatch.setattr(QMessageBox, "question", lambda parent, title, text, *a, **k: asked.append(text)
                            or QMessageBox.StandardButton.Yes)
        monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: said.append(text))
        assert reinstate_open_course(window) is False
    assert asked == [], "no question whose Yes would be refused"
    assert len(said) == 1 and said[0].startswith("Not reinstated: this course was cancelled after 6 appointments had been given")
    with Store.open(url) as store:
        assert store.load_course(COURSE).cancelled


def unbook_refusals(qtbot, monkeypatch, url: str, course_id: str = COURSE) -> list[str]:
    """The warnings the window shows when Unbook this course (answered Yes) is refused for the stored course."""
    from planner.ui.course_bookings import unbook_open_course

    said: list[str] = []
    with main_window_on(qtbot, monkeypatch, url) as window:
        qtbot.waitUntil(lambda: window.started, timeout=10_000)
        window.store_link.open_course(course_id)
        monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
        monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: said.append(text))
        assert unbook_open_course(window) is False
    return said


def test_unbooking_it_is_refused_about_this_course_not_its_id(qtbot, monkeypatch, url):
    from planner.app.booking import BookingDesk

    # on the day it was cancelled: by today's clock its 2030 appointments are all to come (released, as booked in a race)
    monkeypatch.setattr(BookingDesk, "now", lambda desk: CANCELLED)
    said = unbook_refusals(qtbot, monkeypatch, url)
    assert len(said) == 1 and said[0].startswith("Not unbooked:") and "this course" in said[0] and COURSE not in said[0]
