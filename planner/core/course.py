"""A course request: everything the coordinator chose, checked, before it becomes a schedule."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from enum import StrEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .clinic import ClinicCalendar
from .errors import Field, InputError
from .kinds import MAX_DAILY_FRACTIONS, MAX_HYPO_FRACTIONS, MAX_WEEKS, Pattern

MAX_FOLLOW_UP_WEEKS = 104


def zone(field_name: Field, name: str) -> ZoneInfo:
    """An IANA zone by name, or an InputError naming the field."""
    text = name.strip()
    if not text or text.startswith(("/", ".")) or ".." in text:
        raise InputError(field_name, f"'{name}' is not an IANA time zone (e.g. Europe/London)")
    try:
        return ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise InputError(field_name, f"'{name}' is not an IANA time zone (e.g. Europe/London, America/New_York)") from None


class MakeUp(StrEnum):
    """How a missed fraction is made up."""

    END = "end"  # added at the end of the course (the course gets longer)
    WEEKEND = "weekend"  # an extra session on a weekend day
    SAME_DAY = "same-day"  # a second session on a treatment day, at least 6 hours apart


@dataclass(frozen=True)
class MissedSession:
    """A fraction the patient did not attend on `day`; `make_up_at` for weekend or same-day."""

    day: date
    make_up: MakeUp = MakeUp.END
    make_up_at: datetime | None = None


@dataclass(frozen=True)
class Adjustments:
    """Changes the coordinator made to the planned course; they survive re-planning."""

    moves: tuple[tuple[str, datetime], ...] = ()  # (role key such as "fraction-7", new local start)
    missed: tuple[MissedSession, ...] = ()

    def moved(self, role: str) -> datetime | None:
        return next((when for key, when in self.moves if key == role), None)

    def with_move(self, role: str, when: datetime) -> Adjustments:
        moves = tuple((k, w) for k, w in self.moves if k != role) + ((role, when),)
        return Adjustments(moves=moves, missed=self.missed)

    def without_move(self, role: str) -> Adjustments:
        return Adjustments(moves=tuple((k, w) for k, w in self.moves if k != role), missed=self.missed)

    def with_missed(self, session: MissedSession) -> Adjustments:
        missed = tuple(m for m in self.missed if m.day != session.day) + (session,)
        return Adjustments(moves=self.moves, missed=tuple(sorted(missed, key=lambda m: m.day)))


@dataclass(frozen=True)
class CourseRequest:
    """What the coordinator chose. Times are local wall-clock times in `tz`."""

    site_id: str
    fractions: int
    pattern: Pattern
    start: date
    time: time
    duration_minutes: int
    tz: ZoneInfo
    calendar: ClinicCalendar = field(default_factory=ClinicCalendar)
    simulation: datetime | None = None  # naive local, or aware in any zone
    review_weekday: int | None = None
    follow_up_weeks: int | None = None
    adjustments: Adjustments = field(default_factory=Adjustments)

    def __post_init__(self) -> None:
        check_fraction_count(self.pattern, self.fractions)
        if not 5 <= self.duration_minutes <= 240:
            raise InputError(Field.DURATION, f"a session lasts 5 to 240 minutes (got {self.duration_minutes})")
        if self.follow_up_weeks is not None and not 1 <= self.follow_up_weeks <= MAX_FOLLOW_UP_WEEKS:
            raise InputError(Field.FOLLOW_UP_WEEKS, f"must be 1 to {MAX_FOLLOW_UP_WEEKS} weeks (got {self.follow_up_weeks})")
        if self.review_weekday is not None and self.review_weekday not in range(7):
            raise InputError(Field.REVIEW_DAY, "must be a weekday")


def check_fraction_count(pattern: Pattern, fractions: int) -> None:
    if pattern is Pattern.DAILY:
        if not 1 <= fractions <= MAX_DAILY_FRACTIONS:
            raise InputError(Field.FRACTIONS, f"a daily course has 1 to {MAX_DAILY_FRACTIONS} fractions (got {fractions})")
    elif not 1 <= fractions <= MAX_HYPO_FRACTIONS:
        raise InputError(Field.FRACTIONS, f"the {pattern.value} pattern takes 1 to {MAX_HYPO_FRACTIONS} fractions (got {fractions})")


def fractions_from_weeks(weeks: int, pattern: Pattern, calendar: ClinicCalendar) -> int:
    """Weeks of daily treatment -> fractions (weeks x treatment days per week)."""
    if pattern is not Pattern.DAILY:
        raise InputError(Field.WEEKS, f"weeks apply to daily courses; give --fractions for a {pattern.value} course")
    if not 1 <= weeks <= MAX_WEEKS:
        raise InputError(Field.WEEKS, f"a daily course lasts 1 to {MAX_WEEKS} weeks (got {weeks})")
    return weeks * len(calendar.treatment_days)
