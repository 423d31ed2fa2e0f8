"""Which weekdays a calendar marks: the clinic's days without treatment, not Qt's red weekend.

QCalendarWidget colours Saturday and Sunday red, heading and days alike: a clinic that treats on
Saturdays saw a treatment day marked as a day off, and red reads as a warning. Here a treatment day
is written like any day and a day without treatment in the palette's muted tone (readable on its
background in light, dark and high-contrast palettes), in italics so that it is not told by colour alone.
"""

from __future__ import annotations

from collections.abc import Collection

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette, QTextCharFormat
from PySide6.QtWidgets import QCalendarWidget

from .colours import tone

DAYS_OF_WEEK = (Qt.DayOfWeek.Monday, Qt.DayOfWeek.Tuesday, Qt.DayOfWeek.Wednesday, Qt.DayOfWeek.Thursday,
                Qt.DayOfWeek.Friday, Qt.DayOfWeek.Saturday, Qt.DayOfWeek.Sunday)  # by Python's weekday(), Monday 0


def weekday_format(treated: bool, palette: QPalette) -> QTextCharFormat:
    """A day's text: the palette's own for a treatment day, muted and italic for a day without treatment."""
    fmt = QTextCharFormat()
    if treated:
        fmt.setForeground(palette.brush(QPalette.ColorRole.Text))
    else:
        fmt.setForeground(tone("muted", palette, QPalette.ColorRole.Base))
        fmt.setFontItalic(True)
    return fmt


def mark_treatment_weekdays(calendar: QCalendarWidget, treatment_days: Collection[int] | None) -> None:
    """Every weekday's heading and days follow `treatment_days` (Python weekdays, Monday 0); None: the
    clinic is not known, and every day is written alike."""
    palette = calendar.palette()
    for index, day in enumerate(DAYS_OF_WEEK):
        calendar.setWeekdayTextFormat(day, weekday_format(treatment_days is None or index in treatment_days, palette))
