"""The Book dialog opens with proposals for the course's own time. A coordinator who then typed another preferred
time (or chose another machine, start or urgency) and pressed Enter booked the first proposal still shown, found for
the old choices: 08:20 on Linac 1 when 14:00 had just been typed. A change now takes the proposals away, and Enter
finds them for the new choices; Enter again books the one chosen."""

from __future__ import annotations

from datetime import date, time

import pytest
from PySide6.QtCore import Qt, QTime
from PySide6.QtTest import QTest

from planner.app.booking import BookingDesk
from planner.core.catalogue import load_catalogue
from planner.resources_path import default_catalogue_path
from planner.store.db import Store
from planner.ui.booking_dialogs import BookDialog

from .booking_scenario import place_bookings, stock


@pytest.fixture
def dialog(qtbot, tmp_path):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    place_bookings(url, skip=("course-prostate-2",))  # Eamon O'Neill's course waits, not booked
    with Store.open(url) as store:
        desk = BookingDesk(store, load_catalogue(default_catalogue_path()), today=date(2030, 3, 22))
        shown = BookDialog(desk, "course-prostate-2")
        qtbot.addWidget(shown)
        shown.show()
        qtbot.waitExposed(shown)
        qtbot.waitUntil(lambda: shown.table.rowCount() > 0)  # found for the course's own time as it opens
        yield shown


def minutes(clock: time) -> int:
    return clock.hour * 60 + clock.minute


def test_enter_after_a_new_time_finds_proposals_for_it_rather_than_booking_the_old_ones(qtbot, dialog):
    old = [p.time for p in dialog.answer.proposals]
    assert all(abs(minutes(t) - minutes(time(14))) > 60 for t in old)  # the case: none of them near 14:00
    dialog.prefer_time.setFocus()
    dialog.prefer_time.setTime(QTime(14, 0))
    assert dialog.table.rowCount() == 0 and dialog.answer is None and not dialog.book_button.isEnabled()
    assert "Find proposals" in dialog.notes.text()
    QTest.keyClick(dialog.prefer_time, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.booked is None  # not booked: found again
    assert dialog.table.rowCount() > 0 and dialog.answer is not None
    assert abs(minutes(dialog.answer.proposals[0].time) - minutes(time(14))) <= 15
    QTest.keyClick(dialog.prefer_time, Qt.Key.Key_Return)  # the proposals follow the choices: Enter books
    assert dialog.booked is dialog.answer.proposals[0] and not dialog.isVisible()


def test_another_machine_chosen_takes_the_proposals_away_too(qtbot, dialog):
    machine = next(dialog.machine.itemData(i) for i in range(1, dialog.machine.count())
                   if dialog.machine.itemData(i) != dialog.answer.proposals[0].machine)
    dialog.machine.setCurrentIndex(dialog.machine.findData(machine))
    assert dialog.table.rowCount() == 0 and not dialog.book_button.isEnabled()
    dialog.find.click()
    assert dialog.table.rowCount() > 0 and dialog.book_button.isEnabled()
