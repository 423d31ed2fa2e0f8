"""A course request: everything the coordinator chose, checked, before it becomes a schedule."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from enum import StrEnum
from typing import TypeVar
from zoneinfo import ZoneInfo

from .clinic import ClinicCalendar
from .errors import Field, InputError
from .kinds import (
    MAX_DAILY_FRACTIONS,
    MAX_HYPO_FRACTIONS,
    MAX_PHASE_GAP_DAYS,
    MAX_PHASED_FRACTIONS,
    MAX_PHASES,
    MAX_REASON_CHARS,
    MAX_TWICE_DAILY_FRACTIONS,
    MAX_WEEKS,
    MIN_TWICE_DAILY_FRACTIONS,
    SAME_DAY_MIN_HOURS,
    AppointmentKey,
    Pattern,
)
from .limits import check_course_dates
from .text import MARKUP, quoted, single_line_problem, too_long

MAX_FOLLOW_UP_WEEKS = 104
Clock = time  # a field named `time` hides the type inside CourseRequest


class MakeUp(StrEnum):
    """How a missed fraction is made up."""

    END = "end"  # added at the end of the course (the course gets longer)
    WEEKEND = "weekend"  # an extra session on a weekend day
    SAME_DAY = "same-day"  # a second session on a treatment day, at least 6 hours apart

    @classmethod
    def parse(cls, field_name: Field, text: str) -> MakeUp:
        """'end', 'weekend', 'same-day' or 'second-session' (the command line's word for same-day)."""
        key = text.strip().lower()
        if key == "second-session":
            return cls.SAME_DAY
        try:
            return cls(key)
        except ValueError:
            raise InputError(field_name, f"{quoted(text)} is not a make-up (use end, weekend or second-session)") from None


# Reasons the window offers for a move or a missed session; any other text may be typed.
COMMON_REASONS = ("patient unwell", "machine fault", "transport")


def check_reason(reason: str) -> str:
    """A reason is one line of free text."""
    long = too_long(reason, MAX_REASON_CHARS)
    if long:
        raise InputError(Field.REASON, long)
    if MARKUP.search(reason):  # a window would show it as rich text, and read the files an <img> names
        raise InputError(Field.REASON, "must be plain text, without markup (a '<' right before a letter)")
    if single_line_problem(reason, MAX_REASON_CHARS):  # control characters, line breaks, bytes that were not UTF-8
        raise InputError(Field.REASON, "must be one line without control characters")
    return reason.strip()


class _Reasoned:
    """An adjustment's reason: one line of free text, checked once for every kind."""

    reason: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "reason", check_reason(self.reason))


class AdjustmentType(StrEnum):
    MOVE = "move"
    MISSED = "missed"
    RETIME = "retime"
    SHIFT = "shift"


@dataclass(frozen=True, order=True)
class AdjustmentRef:
    """Names one adjustment of a course, for listing, editing and removing it."""

    type: AdjustmentType
    target: str  # the appointment key ("fraction-7"), the missed date, or the fraction number


@dataclass(frozen=True)
class MissedSession(_Reasoned):
    """A fraction the patient did not attend on `day`; `make_up_at` is the slot the coordinator chose
    (needed for weekend and same-day make-ups; for END it puts the make-up there instead of last)."""

    day: date
    make_up: MakeUp = MakeUp.END
    make_up_at: datetime | None = None
    reason: str = ""

    @property
    def ref(self) -> AdjustmentRef:
        return AdjustmentRef(AdjustmentType.MISSED, self.day.isoformat())


@dataclass(frozen=True)
class Move(_Reasoned):
    """One appointment moved to `start` (naive local, or aware in any zone)."""

    key: AppointmentKey
    start: datetime
    reason: str = ""

    @property
    def ref(self) -> AdjustmentRef:
        return AdjustmentRef(AdjustmentType.MOVE, str(self.key))


@dataclass(frozen=True)
class Retime(_Reasoned):
    """From fraction `from_number` on, the course is given at `at` (local wall-clock time)."""

    from_number: int
    at: time
    reason: str = ""

    def __post_init__(self) -> None:
        super().__post_init__()
        if not 1 <= self.from_number <= MAX_TWICE_DAILY_FRACTIONS:
            raise InputError(Field.RETIME_FROM, f"no fraction {self.from_number} in a course")

    @property
    def ref(self) -> AdjustmentRef:
        return AdjustmentRef(AdjustmentType.RETIME, str(self.from_number))


@dataclass(frozen=True)
class Shift(_Reasoned):
    """From fraction `from_number` on, the rest of the course moves `days` open days later."""

    from_number: int
    days: int = 1
    reason: str = ""

    def __post_init__(self) -> None:
        super().__post_init__()
        if not 1 <= self.from_number <= MAX_TWICE_DAILY_FRACTIONS:
            raise InputError(Field.SHIFT_FROM, f"no fraction {self.from_number} in a course")
        if not 1 <= self.days <= 30:
            raise InputError(Field.SHIFT_FROM, f"a shift is 1 to 30 open days (got {self.days})")

    @property
    def ref(self) -> AdjustmentRef:
        return AdjustmentRef(AdjustmentType.SHIFT, str(self.from_number))


Adjustment = Move | MissedSession | Retime | Shift
AdjustmentT = TypeVar("AdjustmentT", Move, MissedSession, Retime, Shift)  # one kind of adjustment, kept


BOOKED_REASON = "booked"  # a move a machine booking puts on a course as shown (app.booking.booked_spec): the store placed it
# the booking's placing of a session at a time its plan gives a session (another number: a re-booking that added a lost
# session at the end numbers the later ones one lower): shown where it is booked, not off the plan
BOOKED_ON_PLAN_REASON = "booked at a planned time"
# a make-up added at the end and not booked yet, shown where booking it will put it: after the last booked session
TO_BOOK_REASON = "to be booked after the last booked session"


def booked_there(reason: str | None) -> bool:
    """Whether a move with this reason is where the machine booking puts the session (on the plan or off it): the
    bookings decide where it is, so the Bookings window moves it, and there is no planned time to go back to."""
    return reason in (BOOKED_REASON, BOOKED_ON_PLAN_REASON)


def placed_by_booking(reason: str) -> bool:
    """Whether a move with this reason is the booking's own placing (`app.booking.booked_spec`), not the coordinator's:
    never saved into the course, nor checked as a coordinator's move is."""
    return reason in (BOOKED_REASON, BOOKED_ON_PLAN_REASON, TO_BOOK_REASON)


@dataclass(frozen=True)
class Adjustments:
    """Changes the coordinator made to the planned course; they survive re-planning.

    Every entry has a `ref` (`entries`, `find`, `without`, `with_entry`, `edited`): the window lists
    them with Edit and Remove, the course file keeps them, each with its reason.
    """

    moves: tuple[Move, ...] = ()
    missed: tuple[MissedSession, ...] = ()
    retimes: tuple[Retime, ...] = ()
    shifts: tuple[Shift, ...] = ()

    def moved(self, key: AppointmentKey) -> datetime | None:
        return next((m.start for m in self.moves if m.key == key), None)

    def move_reason(self, key: AppointmentKey) -> str | None:
        """The reason of the appointment's move ('' when none was given), or None when it is not moved."""
        return next((m.reason for m in self.moves if m.key == key), None)

    def with_move(self, key: AppointmentKey, when: datetime, reason: str = "") -> Adjustments:
        return self.with_entry(Move(key, when, reason))

    def without_move(self, key: AppointmentKey) -> Adjustments:
        return self.without(AdjustmentRef(AdjustmentType.MOVE, str(key)))

    def with_missed(self, session: MissedSession) -> Adjustments:
        return self.with_entry(session)

    def with_refused_reasons(self, reason: str) -> Adjustments:
        """These adjustments with each reason today's rules refuse (one an older version stored, read for repair)
        replaced by `reason` ("" to leave it out)."""

        def mended(entry: AdjustmentT) -> AdjustmentT:
            return replace(entry, reason=reason) if single_line_problem(entry.reason, MAX_REASON_CHARS) else entry

        return replace(self, moves=tuple(map(mended, self.moves)), missed=tuple(map(mended, self.missed)),
                       retimes=tuple(map(mended, self.retimes)), shifts=tuple(map(mended, self.shifts)))

    def entries(self) -> tuple[Adjustment, ...]:
        """Every adjustment: moves, missed sessions, re-timings and shifts, each in its order."""
        return (*self.moves, *self.missed, *self.retimes, *self.shifts)

    def find(self, ref: AdjustmentRef) -> Adjustment | None:
        return next((e for e in self.entries() if e.ref == ref), None)

    def without(self, ref: AdjustmentRef) -> Adjustments:
        return Adjustments(
            moves=tuple(m for m in self.moves if m.ref != ref),
            missed=tuple(m for m in self.missed if m.ref != ref),
            retimes=tuple(r for r in self.retimes if r.ref != ref),
            shifts=tuple(s for s in self.shifts if s.ref != ref),
        )

    def with_entry(self, entry: Adjustment) -> Adjustments:
        """`entry` added, replacing the one with the same ref."""
        rest = self.without(entry.ref)
        if isinstance(entry, Move):
            return replace(rest, moves=(*rest.moves, entry))
        if isinstance(entry, MissedSession):
            return replace(rest, missed=tuple(sorted((*rest.missed, entry), key=lambda m: m.day)))
        if isinstance(entry, Retime):
            return replace(rest, retimes=tuple(sorted((*rest.retimes, entry), key=lambda r: r.from_number)))
        return replace(rest, shifts=tuple(sorted((*rest.shifts, entry), key=lambda s: s.from_number)))

    def edited(self, ref: AdjustmentRef, entry: Adjustment) -> Adjustments:
        """The entry named `ref` replaced by `entry` (which may name another appointment or day)."""
        return self.without(ref).with_entry(entry)

    def time_from(self, number: int) -> Retime | None:
        """The re-timing that applies to fraction `number`, if any (the latest one starting at or before it)."""
        return next((r for r in reversed(self.retimes) if r.from_number <= number), None)

    def shift_days_before(self, number: int) -> int:
        return sum(s.days for s in self.shifts if s.from_number == number)


@dataclass(frozen=True)
class Phase:
    """One phase of a course: e.g. 15 whole-breast fractions, then a 5-fraction boost."""

    fractions: int
    pattern: Pattern
    duration_minutes: int


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
    later_phases: tuple[Phase, ...] = ()  # phases 2 and 3, after the one described above
    phase_gap_days: int = 0  # days left free between phases, before the next open day
    second_time: Clock | None = None  # the second session of a twice-daily day
    preset_id: str | None = None  # the site's preset chosen, for the reminders kept to some presets; None: its own regimen

    def __post_init__(self) -> None:
        check_course_dates(self)
        check_fraction_count(self.pattern, self.fractions)
        check_duration(Field.DURATION, self.duration_minutes)
        if len(self.later_phases) > MAX_PHASES - 1:
            raise InputError(Field.PHASE, f"a course has at most {MAX_PHASES} phases")
        for phase in self.later_phases:
            check_fraction_count(phase.pattern, phase.fractions, Field.PHASE)
            check_duration(Field.PHASE, phase.duration_minutes)
        if self.later_phases and self.total_fractions > MAX_PHASED_FRACTIONS:
            raise InputError(Field.PHASE, f"the phases of a course hold at most {MAX_PHASED_FRACTIONS} fractions "
                                      f"in all (got {self.total_fractions})")
        if not 0 <= self.phase_gap_days <= MAX_PHASE_GAP_DAYS:
            raise InputError(Field.PHASE_GAP, f"must be 0 to {MAX_PHASE_GAP_DAYS} days (got {self.phase_gap_days})")
        if any(p.pattern is Pattern.TWICE_DAILY for p in self.phases):
            if self.second_time is None:
                raise InputError(Field.SECOND_TIME, "a twice-daily course needs the time of the second session")
            check_second_time(self.time, self.second_time)
        if self.follow_up_weeks is not None and not 1 <= self.follow_up_weeks <= MAX_FOLLOW_UP_WEEKS:
            raise InputError(Field.FOLLOW_UP_WEEKS, f"must be 1 to {MAX_FOLLOW_UP_WEEKS} weeks (got {self.follow_up_weeks})")
        if self.review_weekday is not None and self.review_weekday not in range(7):
            raise InputError(Field.REVIEW_DAY, "must be a weekday")


    @property
    def phases(self) -> tuple[Phase, ...]:
        return (Phase(self.fractions, self.pattern, self.duration_minutes), *self.later_phases)

    @property
    def total_fractions(self) -> int:
        return self.fractions + sum(p.fractions for p in self.later_phases)


def check_duration(field_name: Field, minutes: int) -> None:
    if not 5 <= minutes <= 240:
        raise InputError(field_name, f"a session lasts 5 to 240 minutes (got {minutes})")


def check_second_time(first: time, second: time) -> None:
    """The second session of a day at least SAME_DAY_MIN_HOURS after the first (wall clock)."""
    apart = (second.hour * 60 + second.minute) - (first.hour * 60 + first.minute)
    if apart < SAME_DAY_MIN_HOURS * 60:
        raise InputError(Field.SECOND_TIME, f"the second session must be at least {SAME_DAY_MIN_HOURS} hours after "
                                        f"the first ({first:%H:%M}); got {second:%H:%M}")


def check_fraction_count(pattern: Pattern, fractions: int, field_name: Field = Field.FRACTIONS) -> None:
    if pattern is Pattern.DAILY:
        if not 1 <= fractions <= MAX_DAILY_FRACTIONS:
            raise InputError(field_name, f"a daily course has 1 to {MAX_DAILY_FRACTIONS} fractions (got {fractions})")
    elif pattern is Pattern.TWICE_DAILY:
        if not MIN_TWICE_DAILY_FRACTIONS <= fractions <= MAX_TWICE_DAILY_FRACTIONS:
            raise InputError(field_name, f"a twice-daily course has {MIN_TWICE_DAILY_FRACTIONS} to "
                                         f"{MAX_TWICE_DAILY_FRACTIONS} fractions (got {fractions})")
    elif not 1 <= fractions <= MAX_HYPO_FRACTIONS:
        raise InputError(field_name, f"the {pattern.value} pattern takes 1 to {MAX_HYPO_FRACTIONS} fractions (got {fractions})")


def fractions_from_weeks(weeks: int, pattern: Pattern, calendar: ClinicCalendar) -> int:
    """Weeks of daily treatment -> fractions (weeks x treatment days per week)."""
    if pattern.hypofractionated:
        raise InputError(Field.WEEKS, f"weeks apply to daily courses; give --fractions for a {pattern.value} course")
    if not 1 <= weeks <= MAX_WEEKS:
        raise InputError(Field.WEEKS, f"a daily course lasts 1 to {MAX_WEEKS} weeks (got {weeks})")
    return weeks * len(calendar.treatment_days) * pattern.sessions_per_day
