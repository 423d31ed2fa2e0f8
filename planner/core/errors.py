"""Errors the core raises for input it refuses, and the fields they name."""

from __future__ import annotations

from enum import StrEnum


class Field(StrEnum):
    """A field of a course as the user gives it; the value is the command line's option without `--`."""

    PATIENT = "patient"
    PATIENT_ID = "patient-id"
    SITE = "site"
    PRESET = "preset"
    FRACTIONS = "fractions"
    WEEKS = "weeks"
    PATTERN = "pattern"
    START = "start"
    TIME = "time"
    DURATION = "duration"
    TZ = "tz"
    HOLIDAYS = "holidays"
    CLOSED = "closed"
    DAYS = "days"
    SIMULATION = "simulation"
    FOLLOW_UP_WEEKS = "follow-up-weeks"
    REVIEW_DAY = "review-day"
    LOCATION = "location"
    DISCREET = "discreet"
    MISSED = "missed"  # kept in the course file, not an option of its own
    MOVES = "moves"  # kept in the course file, not an option of its own
    WEEK = "week"  # the week to print
    TREATMENT_DAYS = "treatment_days"  # the settings' key for the clinic's weekdays


class InputError(ValueError):
    """A value the user gave is refused; `field` names it, `reason` says why in the user's words."""

    def __init__(self, field: Field, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


class CatalogueError(ValueError):
    """The site catalogue file is malformed: names the file, the entry and the problem."""
