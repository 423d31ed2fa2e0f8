"""Errors the core raises for input it refuses, and the fields they name."""

from __future__ import annotations

from enum import StrEnum


class Field(StrEnum):
    """A field the user gives: a course's command-line option without `--`, or a key of the
    settings or of the department file."""

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
    URGENT = "urgent"  # a course marked urgent before booking
    PHASE = "phase"
    PHASE_GAP = "phase-gap"
    SECOND_TIME = "second-time"
    MISSED = "missed"  # kept in the course file, not an option of its own
    NOT_MISSED = "not-missed"  # a missed mark taken back
    MOVES = "moves"  # kept in the course file, not an option of its own
    MOVE = "move"
    RETIME_FROM = "retime-from"
    SHIFT_FROM = "shift-from"
    WEEK = "week"  # the week to print
    STATUS = "status"  # a course's status in the patient list
    COURSE_ID = "course-id"  # a course in the store
    VERSION = "version"  # the version of a stored course a save expects
    TREATMENT_DAYS = "treatment_days"  # the clinic's weekdays, in the settings and the department
    TIME_ZONE = "time_zone"  # the clinic's zone in the settings
    # The department and its machines (keys of the department file).
    NAME = "name"
    ADDRESS = "address"
    PHONE = "phone"
    TIMEZONE = "timezone"
    DATE = "date"
    MACHINES = "machines"
    MACHINE = "machine"
    GROUP = "group"
    CAPABILITIES = "capabilities"
    HOURS = "hours"
    DOWNTIME = "downtime"
    END = "end"
    REASON = "reason"
    # Booking a course onto the machines (command-line options of book, agenda, machine-down).
    SLOT_MINUTES = "slot-minutes"
    URGENT_WITHIN = "urgent-within"
    URGENT_RESERVE = "urgent-reserve"
    RESERVE_RELEASE = "reserve-release"
    EXTRA_WAIT = "extra-wait"
    SECOND_SESSION = "second-session"
    WEEKEND_HOURS = "weekend-hours"
    COURSE = "course"
    BOOK = "book"
    DB = "db"
    WRITE_UPDATES = "write-updates"
    EARLIEST = "earliest"
    PREFER_TIME = "prefer-time"
    PDF = "pdf"
    FROM = "from"
    TO = "to"
    AT = "at"  # when a machine is back (machine-up)
    # A booked appointment moved by hand (move).
    SESSION = "session"
    REVIEW = "review"
    SCAN = "scan"
    REST_FROM = "rest-from"


class InputError(ValueError):
    """A value the user gave is refused; `field` names it, `reason` says why in the user's words."""

    def __init__(self, field: Field, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


class CatalogueError(ValueError):
    """The site catalogue file is malformed: names the file, the entry and the problem."""
