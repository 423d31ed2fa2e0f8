"""The month overview: every day with an appointment marked, closed days shaded and named."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QColor, QFont, QTextCharFormat
from PySide6.QtWidgets import QCalendarWidget, QWidget

from ..core.kinds import AppointmentKind
from ..core.schedule import Schedule
from ..wording import title
from .week_layout import KIND_STYLES


class MonthView(QCalendarWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.schedule: Schedule | None = None
        self.setGridVisible(True)
        self.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.ISOWeekNumbers)
        self.currentPageChanged.connect(lambda year, month: self._mark())

    def set_schedule(self, schedule: Schedule | None) -> None:
        first_time = self.schedule is None
        self.schedule = schedule
        if schedule is not None and first_time:
            start = schedule.first_fraction.start.date()
            self.setCurrentPage(start.year, start.month)
        self._mark()

    def _mark(self) -> None:
        self.setDateTextFormat(QDate(), QTextCharFormat())
        schedule = self.schedule
        if schedule is None:
            return
        by_day: dict[date, list[str]] = {}
        kinds: dict[date, AppointmentKind] = {}
        for appointment in schedule.appointments:
            day = appointment.start.date()
            by_day.setdefault(day, []).append(f"{appointment.start:%H:%M} {title(appointment)}")
            if day not in kinds or appointment.kind is AppointmentKind.FRACTION:
                kinds[day] = appointment.kind
        calendar = schedule.request.calendar
        year, month = self.yearShown(), self.monthShown()
        first = date(year, month, 1)
        for offset in range(-7, 45):
            day = date.fromordinal(first.toordinal() + offset)
            fmt = QTextCharFormat()
            lines = list(by_day.get(day, ()))
            reason = calendar.closure_reason(day) if day.weekday() in calendar.treatment_days else None
            if reason:
                fmt.setBackground(QColor("#dcdcdc"))
                fmt.setForeground(QColor("#7a1f1f"))
                lines.insert(0, f"Closed: {reason}")
            if day in kinds:
                fmt.setBackground(KIND_STYLES[kinds[day]].fill)
                fmt.setFontWeight(QFont.Weight.Bold)
            if not lines:
                continue
            fmt.setToolTip("\n".join(lines))
            self.setDateTextFormat(QDate(day.year, day.month, day.day), fmt)
