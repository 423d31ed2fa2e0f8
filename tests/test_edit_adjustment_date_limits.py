"""The Edit adjustment dialog's date field (a move's new day, a make-up's slot) offers only the planner's calendar,
1900 to 2200, as every other date field of the window does: it offered the years 100 to 9999, so a day the
planner then refuses could be picked."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from PySide6.QtCore import QDate

from planner.core.course import MakeUp, MissedSession, Move
from planner.core.kinds import AppointmentKey, AppointmentKind
from planner.core.limits import EARLIEST_DATE, LATEST_DATE
from planner.ui.adjustments import EditAdjustmentDialog

ENTRIES = [Move(AppointmentKey(AppointmentKind.FRACTION, 3), datetime(2026, 12, 9, 10, 30), "machine service"),
           MissedSession(date(2026, 12, 8), MakeUp.SAME_DAY, datetime(2026, 12, 8, 16, 0), "patient unwell")]


@pytest.mark.parametrize("entry", ENTRIES, ids=["move", "make-up"])
def test_the_edit_adjustment_date_offers_only_the_planners_calendar(qtbot, entry):
    dialog = EditAdjustmentDialog(entry)
    qtbot.addWidget(dialog)
    day = dialog.day
    assert day is not None
    earliest = QDate(EARLIEST_DATE.year, EARLIEST_DATE.month, EARLIEST_DATE.day)
    latest = QDate(LATEST_DATE.year, LATEST_DATE.month, LATEST_DATE.day)
    assert (day.minimumDate(), day.maximumDate()) == (earliest, latest)
    assert day.date() == QDate(2026, 12, 9 if isinstance(entry, Move) else 8)  # the entry's own day, unchanged
    day.setDate(QDate(9999, 12, 31))
    assert day.date() == latest
    day.setDate(QDate(100, 1, 1))
    assert day.date() == earliest
