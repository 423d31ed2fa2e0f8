"""The window's date fields offer only the planner's calendar (planner.core.limits), so no date
the core refuses, and none that overflows the calendar popup, can be chosen."""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QDateTimeEdit

from ..core.limits import EARLIEST_DATE, LATEST_DATE
from .date_field import DateField


def bound_dates(*edits: QDateEdit | QDateTimeEdit | DateField) -> None:
    earliest = QDate(EARLIEST_DATE.year, EARLIEST_DATE.month, EARLIEST_DATE.day)
    latest = QDate(LATEST_DATE.year, LATEST_DATE.month, LATEST_DATE.day)
    for edit in edits:
        edit.setDateRange(earliest, latest)
