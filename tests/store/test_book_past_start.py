"""A course is never booked to start at a time already gone: the engine books from the day's opening, so at
noon a course ready today was proposed from 08:30 this morning, and booking it gave the patient a first
session they could not come to. Such a proposal is said to be past, and booking it is refused with the reason
(in the Book dialog without the command line's option name)."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from planner.app.booking import BookingDesk
from planner.core.errors import InputError
from planner.store.db import bookings as db
from planner.ui.booking_dialogs import BookDialog

from .booking_scenario import desk_on, stock

LONDON = ZoneInfo("Europe/London")
NOON = datetime(2030, 3, 25, 12, 0, tzinfo=LONDON)


@pytest.fixture
def desk(tmp_path, monkeypatch):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    monkeypatch.setattr(BookingDesk, "now", lambda self: NOON)
    with desk_on(url) as opened:
        opened.today = NOON.date()
        yield opened


def test_a_proposal_starting_this_morning_is_said_past_and_not_booked(desk):
    answer = desk.propose("course-prostate", earliest=date(2030, 3, 25), prefer_time=time(8, 30))
    best = answer.best
    assert best is not None and best.bookings[0].start.astimezone(LONDON) == datetime(2030, 3, 25, 8, 30, tzinfo=LONDON)
    assert any(w.startswith("the best proposal (Linac 1) starts Mon 25 Mar 2030 08:30, already past (now 12:00)")
               for w in answer.warnings)
    with pytest.raises(InputError, match="its first session, Mon 25 Mar 2030 08:30, is already past"):
        desk.commit(best)
    with desk.store.engine.connect() as connection:
        assert db.course_bookings(connection, "course-prostate") == []


def test_the_book_dialog_says_why_it_did_not_book(qtbot, desk):
    dialog = BookDialog(desk, "course-prostate", "Zoë Ångström")
    qtbot.addWidget(dialog)
    dialog.use_earliest.setChecked(False)
    dialog.earliest.setDate(date(2030, 3, 25))
    dialog.find_proposals()
    dialog.table.selectRow(0)
    dialog.book_selected()
    assert dialog.booked is None
    assert dialog.error.text().startswith("Not booked: its first session, Mon 25 Mar 2030")
    assert "already past" in dialog.notes.text()
