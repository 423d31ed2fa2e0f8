"""Enumerations shared by the catalogue, the course request and the schedule."""

from __future__ import annotations

from enum import StrEnum


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

    @property
    def min_gap_days(self) -> int:
        """Calendar days at least between two fractions."""
        return {"daily": 1, "alternate": 2, "twice-weekly": 3, "weekly": 7}[self.value]

    @property
    def hypofractionated(self) -> bool:
        return self is not Pattern.DAILY


MAX_DAILY_FRACTIONS = 40
MAX_HYPO_FRACTIONS = 5
MAX_WEEKS = 8
