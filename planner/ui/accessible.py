"""Appointments drawn with QPainter, made visible to screen readers.

The week and month views paint their blocks; a painted block is nothing to assistive technology.
Each block therefore gets an invisible child widget at its place whose accessible name and
description say what the block shows, so that QAccessible lists every appointment.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QWidget

from ..core.kinds import AppointmentKey
from ..core.schedule import Appointment, Schedule
from ..wording import BOOKED_OFF, MOVED, NOT_BOOKED_YET, missed_title, move_note, moved_words, reminder_line, title


def spoken_name(appointment: Appointment, machine: str = "") -> str:
    """'Radiotherapy 7 of 20, Tuesday 8 December, 08:15 to 08:35', and ', on Linac 1' once booked."""
    start, end = appointment.start, appointment.end
    what = missed_title(appointment) if appointment.missed else title(appointment)
    where = f", on {machine}" if machine and not appointment.missed else ""
    return f"{what}, {start:%A} {start.day} {start:%B}, {start:%H:%M} to {end:%H:%M}{where}"


def spoken_description(appointment: Appointment, moved: str, words: str = "") -> str:
    """`moved`: the move's note as the view shows it (`wording.move_note`), '' when not moved; `words`: for a
    coordinator's move, where from and why (`wording.moved_words`)."""
    parts = [f"{appointment.start:%Y}"]
    if appointment.make_up:
        parts.append("a make-up session")
    if moved == NOT_BOOKED_YET:
        parts.append("not booked yet: shown where booking it will put it")
    elif moved == BOOKED_OFF:
        parts.append("booked off its planned time: its machine booking decides where it is")
    elif moved:
        parts.append(words[:1].lower() + words[1:] if words else "moved from its planned time")
    parts += [reminder_line(r) for r in appointment.reminders]
    return ". ".join(parts)


def moves_said(schedule: Schedule | None) -> dict[AppointmentKey, str]:
    """Each appointment the coordinator moved and, in words, where from and why (`wording.moved_words`): what a moved
    block's tooltip and accessible description say in full."""
    if schedule is None:
        return {}
    return {move.key: moved_words(move.reason, schedule.planned_start(move.key))
            for move in schedule.request.adjustments.moves if move_note(move.reason) == MOVED}


class AppointmentMarker(QWidget):
    """An invisible, mouse-transparent stand-in for one painted appointment."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.key: AppointmentKey | None = None

    def describe(self, appointment: Appointment, moved: str, rect: QRect, machine: str = "", words: str = "") -> None:
        self.key = appointment.key
        self.setAccessibleName(spoken_name(appointment, machine))
        self.setAccessibleDescription(spoken_description(appointment, moved, words))
        self.setGeometry(rect)


class MarkerSet:
    """The markers of one view, reused from one layout to the next."""

    def __init__(self, owner: QWidget) -> None:
        self.owner = owner
        self.markers: list[AppointmentMarker] = []
        self.machines: dict[AppointmentKey, str] = {}  # each booked appointment's machine, said with it
        self.moved_words: dict[AppointmentKey, str] = {}  # each appointment a coordinator moved: where from and why

    def place(self, items: list[tuple[Appointment, str, QRect]]) -> None:
        while len(self.markers) < len(items):
            self.markers.append(AppointmentMarker(self.owner))
        for marker, (appointment, moved, rect) in zip(self.markers, items, strict=False):
            marker.describe(appointment, moved, rect, self.machines.get(appointment.key, ""),
                            self.moved_words.get(appointment.key, ""))
            marker.show()
        for marker in self.markers[len(items):]:
            marker.hide()

    def visible(self) -> list[AppointmentMarker]:
        return [m for m in self.markers if not m.isHidden()]
