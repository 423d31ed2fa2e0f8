"""Enumerations shared by the catalogue, the course request and the schedule."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .text import quoted


class AppointmentKind(StrEnum):
    SIMULATION = "simulation"
    FRACTION = "fraction"
    REVIEW = "review"
    FOLLOW_UP = "follow-up"


KIND_VALUES = tuple(k.value for k in AppointmentKind)


class Pattern(StrEnum):
    """How fractions follow each other."""

    DAILY = "daily"
    ALTERNATE = "alternate"
    TWICE_WEEKLY = "twice-weekly"
    WEEKLY = "weekly"
    TWICE_DAILY = "twice-daily"

    @property
    def min_gap_days(self) -> int:
        """Calendar days at least between two treatment days."""
        return {"daily": 1, "alternate": 2, "twice-weekly": 3, "weekly": 7, "twice-daily": 1}[self.value]

    @property
    def hypofractionated(self) -> bool:
        """Spaced patterns: fewer, larger fractions on days apart."""
        return self not in (Pattern.DAILY, Pattern.TWICE_DAILY)

    @property
    def sessions_per_day(self) -> int:
        return 2 if self is Pattern.TWICE_DAILY else 1


# The limits, written once and read everywhere (core, course files, command line, window).
MAX_DAILY_FRACTIONS = 40
MAX_HYPO_FRACTIONS = 5
MIN_TWICE_DAILY_FRACTIONS = 2
MAX_TWICE_DAILY_FRACTIONS = 60
MAX_WEEKS = 8
MAX_PHASES = 3
MAX_PHASED_FRACTIONS = 45  # all phases of a course together
MAX_PHASE_GAP_DAYS = 60
SAME_DAY_MIN_HOURS = 6  # RCR: two sessions on one day at least 6 hours apart
MAX_REASON_CHARS = 200


_SINGLE_KINDS = (AppointmentKind.SIMULATION, AppointmentKind.FOLLOW_UP)
MAX_KEY_NUMBER = 1000


@dataclass(frozen=True, order=True)
class AppointmentKey:
    """Which appointment of a course, stable across re-planning: fraction 7, review 2, the follow-up.

    `str()` gives the form course files and calendars keep ("fraction-7", "follow-up"); `parse` reads it back.
    """

    kind: AppointmentKind
    number: int = 1

    def __post_init__(self) -> None:
        if self.kind in _SINGLE_KINDS and self.number != 1:
            raise ValueError(f"a {self.kind.value} has no number")
        if not 1 <= self.number <= MAX_KEY_NUMBER:
            raise ValueError(f"appointment number {self.number} is out of range")

    def __str__(self) -> str:
        if self.kind in _SINGLE_KINDS:
            return self.kind.value
        return f"{self.kind.value}-{self.number}"

    @classmethod
    def fraction(cls, number: int) -> AppointmentKey:
        return cls(AppointmentKind.FRACTION, number)

    @classmethod
    def parse(cls, text: str) -> AppointmentKey:
        """'fraction-7' -> fraction 7; 'follow-up' -> the follow-up. ValueError for anything else."""
        for kind in _SINGLE_KINDS:
            if text == kind.value:
                return cls(kind)
        kind_text, dash, number = text.rpartition("-")
        if not dash or not number.isascii() or not number.isdigit() or len(number) > 4:
            raise ValueError(f"{quoted(text, 40)} does not name an appointment (e.g. fraction-7)")
        try:
            kind = AppointmentKind(kind_text)
        except ValueError:
            raise ValueError(f"{quoted(text, 40)} does not name an appointment (e.g. fraction-7)") from None
        if kind in _SINGLE_KINDS:
            raise ValueError(f"{quoted(text, 40)} does not name an appointment (e.g. fraction-7)")
        return cls(kind, int(number))
