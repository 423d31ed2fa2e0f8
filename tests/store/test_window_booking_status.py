"""Department → Book this course… from the main window: once booked, the status bar says what was
booked (machine, first day, time), read back from the store; a cancelled dialog changes nothing."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialog

from planner.app.course_booking import booking_facts
from planner.core.dates import day_text
from planner.store.db import Store
from planner.ui.booking_dialogs import BookDialog

from .booking_scenario import main_window_on, stock


@pytest.fixture
def url(tmp_path) -> str:
    return stock(f"sqlite:///{tmp_path / 'department.db'}")


@pytest.fixture
def window(qtbot, monkeypatch, url):
    with main_window_on(qtbot, monkeypatch, url) as win:
        yield win


def book_action(window):
    return next(a for a in window.menuBar().findChildren(type(window.print_action)) if a.text() == "Book &this course…")


def test_a_booking_made_in_the_dialog_is_said_in_the_status_bar(window, url, monkeypatch):
    chosen = []

    def choose_second(dialog: BookDialog) -> int:
        dialog.find_proposals()  # what the dialog does as it opens
        assert dialog.table.rowCount() >= 2
        dialog.table.selectRow(1)  # not the best proposal: the message must say the one chosen
        chosen.append(dialog.chosen())
        dialog.book_selected()
        return int(dialog.result())

    monkeypatch.setattr(BookDialog, "exec", choose_second)
    window.store_link.open_course("course-spine")
    book_action(window).trigger()
    (proposal,) = chosen
    with Store.open(url) as store:
        facts = booking_facts(store, "course-spine")
    assert facts is not None and facts.machine == proposal.machine and facts.first == proposal.first
    message = window.statusBar().currentMessage()
    assert message == (f"Booked Dora Mbeki on {proposal.machine} from {day_text(proposal.first)} at "
                       f"{proposal.time:%H:%M} ({len(facts.appointments)} appointments).")


def test_an_alternate_day_course_is_not_said_booked_daily(window, url, monkeypatch):
    """An SBRT course on alternate days: the status bar says its time as the course's header does, not "daily at"."""
    def book_best(dialog: BookDialog) -> int:
        dialog.find_proposals()
        dialog.book_selected()
        return int(dialog.result())

    monkeypatch.setattr(BookDialog, "exec", book_best)
    window.store_link.open_course("course-lung")
    book_action(window).trigger()
    with Store.open(url) as store:
        facts = booking_facts(store, "course-lung")
    assert facts is not None
    message = window.statusBar().currentMessage()
    assert message.startswith(f"Booked Bea Lindqvist on {facts.machine} from {day_text(facts.first)} at {facts.daily_time:%H:%M} ")
    assert "daily" not in message


def test_a_cancelled_booking_dialog_leaves_the_status_bar_as_it_was(window, url, monkeypatch):
    monkeypatch.setattr(BookDialog, "exec", lambda dialog: int(QDialog.DialogCode.Rejected))
    window.store_link.open_course("course-spine")
    window.statusBar().showMessage("What the coordinator read last")
    book_action(window).trigger()
    assert window.statusBar().currentMessage() == "What the coordinator read last"
    with Store.open(url) as store:
        assert booking_facts(store, "course-spine") is None
