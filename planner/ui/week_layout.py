"""How weeks and kinds of appointment look, shared by the screen and the printed page.

Kept apart from the printing package so that the window can start without loading it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from ..core.kinds import AppointmentKind
from ..core.schedule import Appointment

MIN_SPAN_MINUTES = 90


@dataclass(frozen=True)
class KindStyle:
    fill: QColor
    pattern: Qt.BrushStyle  # drawn over the fill, so grey printers still tell kinds apart
    border: Qt.PenStyle
    border_pt: float


KIND_STYLES = {
    AppointmentKind.FRACTION: KindStyle(QColor("#d6e6f7"), Qt.BrushStyle.NoBrush, Qt.PenStyle.SolidLine, 1.2),
    AppointmentKind.REVIEW: KindStyle(QColor("#e2f1d9"), Qt.BrushStyle.NoBrush, Qt.PenStyle.DashLine, 1.2),
    AppointmentKind.SIMULATION: KindStyle(QColor("#fde3c8"), Qt.BrushStyle.BDiagPattern, Qt.PenStyle.SolidLine, 2.4),
    AppointmentKind.FOLLOW_UP: KindStyle(QColor("#ece0f4"), Qt.BrushStyle.Dense6Pattern, Qt.PenStyle.DotLine, 1.6),
}
CLOSED_FILL = QColor("#ececec")


def hour_range(appointments: list[Appointment]) -> tuple[float, float]:
    """The time axis, in hours: half-hours that cover every appointment of the week, at least
    MIN_SPAN_MINUTES long so short sessions still have room for their text."""
    if not appointments:
        return 8.0, 8.0 + MIN_SPAN_MINUTES / 60
    first = min(minutes_of(a.start) for a in appointments) // 30 * 30
    last = max(_end_minutes(a) for a in appointments)
    last = -(-last // 30) * 30
    last = min(max(last, first + MIN_SPAN_MINUTES), 24 * 60)
    first = min(first, last - MIN_SPAN_MINUTES)
    return first / 60, last / 60


def _end_minutes(appointment: Appointment) -> float:
    if appointment.end.date() > appointment.start.date():
        return 24 * 60
    return minutes_of(appointment.end)


def minutes_of(moment: datetime) -> float:
    return moment.hour * 60 + moment.minute


def lanes(appointments: list[Appointment]) -> list[tuple[Appointment, int, int]]:
    """Side-by-side lanes for appointments that overlap in time: (appointment, lane, lanes)."""
    placed: list[tuple[Appointment, int]] = []
    ends: list[datetime] = []
    for appointment in sorted(appointments, key=lambda a: a.start):
        lane = next((i for i, end in enumerate(ends) if end <= appointment.start), None)
        if lane is None:
            ends.append(appointment.end)
            lane = len(ends) - 1
        else:
            ends[lane] = appointment.end
        placed.append((appointment, lane))
    total = max(1, len(ends))
    return [(a, lane, total) for a, lane in placed]
