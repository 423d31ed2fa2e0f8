"""What the booking engine reads and answers: machines, the department's booking policy, what a
course needs, and the bookings, proposals and re-booking reports it returns."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from ..core.clinic import ClinicCalendar
from ..core.department import Booking, BookingRules, Downtime, Machine, held_kind
from ..core.errors import Field, InputError
from ..core.kinds import AppointmentKind
from ..core.schedule import PushedDate

DEFAULT_PLANNING_DAYS = 7  # working days from planning scan to first fraction when the site names none
NO_ROOM = "no free time on an eligible machine"
CLOSED_DAY = "the department is closed that day"  # a scan or review on a day closed after it was booked
# An urgent course's first fraction kept on its day on a machine outside its beam-matched group (none in the group had room):
# the plan needs checking for that machine, which the report says.
URGENT_START_KEPT = "same day, urgent start kept on a machine not beam-matched: check the plan for it"
FIRST_SET_UP = "first fraction's set-up time"  # a fraction whose day was not hit, moved that day for the first's set-up time
# A course that is not gap-sensitive stays in its machine's beam-matched group after its first day:
# a day the group has no room moves on, though a machine of another group has room.
NO_GROUP_ROOM = "no free time on its machine or a beam-matched one"
MISSED_DAY = "marked missed on the course"  # a day the patient told us they cannot come
NO_WEEKEND_HOURS = "no weekend sessions in the department's booking rules"  # a weekend make-up booked on the next open day
SECOND_SESSION_HOURS = 6  # two sessions on one day at least 6 hours apart (RCR)


@dataclass(frozen=True)
class BookableMachine:
    """A treatment machine (or CT simulator) as the engine books it.

    `group` names the beam-matched group: machines of one group treat each other's patients
    without a new plan. `hours` maps a weekday (0 = Monday) to its opening and closing time;
    sessions start on the machine's slots, counted from its opening.
    """

    name: str
    group: str
    capabilities: frozenset[str] = frozenset()
    hours: Mapping[int, tuple[time, time]] = field(default_factory=dict)
    slot_minutes: int = 0  # sessions start on slots of this length from opening; 0: the policy's grid

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise InputError(Field.MACHINE, "a machine needs a name")
        if not 0 <= self.slot_minutes <= 120:
            raise InputError(Field.SLOT_MINUTES, f"{self.name}: a slot lasts 0 (the department's grid) to 120 minutes")
        for weekday, (opens, closes) in self.hours.items():
            if weekday not in range(7):
                raise InputError(Field.HOURS, f"{self.name}: weekdays are numbered 0 (Monday) to 6 (Sunday)")
            if closes <= opens:
                raise InputError(Field.HOURS, f"{self.name}: closes at {closes:%H:%M}, not after it opens at {opens:%H:%M}")

    def can_treat(self, requires: frozenset[str]) -> bool:
        return requires <= self.capabilities

    @property
    def holds(self) -> AppointmentKind:
        """The kind booked on it: planning scans on a CT simulator, reviews in a clinic room, else fractions."""
        return held_kind(self.capabilities)

    @classmethod
    def from_machine(cls, machine: Machine, slot_minutes: int = 0) -> BookableMachine:
        """The department's machine as the engine books it; a machine without a group is a group of its own."""
        return cls(machine.name, machine.group or machine.name, machine.capabilities, dict(machine.hours), slot_minutes)


def working_days_after(is_open: Callable[[date], bool], start: date, days: int) -> date:
    """The open day `days` working days after `start` (`start`'s next open day for 0): how the engine counts a wait,
    a planning time and an urgent limit, from a closed day as from the open day after it."""
    day = start
    while not is_open(day):
        day += timedelta(days=1)
    for _ in range(days):
        day += timedelta(days=1)
        while not is_open(day):
            day += timedelta(days=1)
    return day


def urgent_due_day(is_open: Callable[[date], bool], ready: date, within_days: int, entered: date | None = None) -> date:
    """The one rule of an urgent course's due day, as the engine books it (`BookingEngine.propose`) and every view says
    it: the department's urgent limit in working days after the course is ready (its planning scan plus the site's
    planning days, else its first fraction planned), or after it was `entered` into the store when that was later
    (a course entered late is not late at once)."""
    return working_days_after(is_open, ready if entered is None else max(ready, entered), within_days)


@dataclass(frozen=True)
class BookingPolicy:
    """The department's booking settings, each with the default the issue names."""

    urgent_within_days: int = 2  # an urgent course starts within this many working days
    urgent_reserve: float = 0.10  # share of each machine-day kept for urgent starts
    reserve_release_days: int = 2  # working days ahead when the reserve opens to routine bookings
    same_time_minutes: int = 15  # a fraction within this of the course's daily time is "the same time"
    slot_minutes: int = 5  # start times are on this grid of the local day
    max_extra_wait_days: int = 0  # working days a routine start may wait to avoid more than a short departure from its machine
    second_session: bool = True  # downtime make-up: a second session >= 6 h apart on a treatment day
    weekend_hours: tuple[time, time] | None = None  # downtime make-up on a weekend in these hours (None: not allowed)

    @classmethod
    def of_department(cls, rules: BookingRules) -> BookingPolicy:
        """The engine's settings from the department's booking rules (the other settings at their defaults)."""
        return cls(urgent_within_days=rules.urgent_within_days, urgent_reserve=rules.urgent_reserve_percent / 100,
                   reserve_release_days=rules.reserve_release_days, second_session=rules.second_session,
                   weekend_hours=rules.weekend_hours)

    def __post_init__(self) -> None:
        if not 0 <= self.urgent_within_days <= 30:
            raise InputError(Field.URGENT_WITHIN, "must be 0 to 30 working days")
        if not 0.0 <= self.urgent_reserve < 1.0:
            raise InputError(Field.URGENT_RESERVE, "must be a share from 0 to below 1 (e.g. 0.10)")
        if not 0 <= self.reserve_release_days <= 60:
            raise InputError(Field.RESERVE_RELEASE, "must be 0 to 60 working days")
        if not 1 <= self.slot_minutes <= 60:
            raise InputError(Field.SLOT_MINUTES, "must be 1 to 60 minutes")
        if not 0 <= self.max_extra_wait_days <= 30:
            raise InputError(Field.EXTRA_WAIT, "must be 0 to 30 working days")


@dataclass(frozen=True)
class SessionNeed:
    """One fraction as the course's rules need it placed.

    `min_days` is how many calendar days at least after the previous fraction's day (1 daily,
    2 alternate, 3 twice weekly, 7 weekly); `same_day` marks the second session of a twice-daily
    day, at least six hours after the first.
    """

    number: int
    minutes: int
    min_days: int = 1
    same_day: bool = False
    phase: int = 1
    # The time the coordinator moved or re-timed this fraction to (aware; its wall-clock time is what
    # counts): it is booked nearest that time of its day, not the daily time, and counts as on time there.
    wanted_at: datetime | None = None
    # A make-up the course gives on a day the department does not treat (a weekend, for a session marked
    # missed): booked that day in the department's weekend hours, else on the next open day.
    make_up_on: date | None = None
    # A day's second session: how many minutes after the day's first session the course has it (its second
    # time, or the time it was re-timed to, on the wall clock). Booked nearest that, never under six hours after
    # the first session as booked; None: six hours after it.
    after_first: int | None = None


@dataclass(frozen=True)
class ReviewNeed:
    """The course's weekly on-treatment reviews, booked in a clinic room when the department lists
    rooms: in each week of treatment, after the fraction on `weekday` (else that week's next
    fraction, else its last: the planner's own rule, `review_fractions`), `offset_minutes` after
    that fraction starts, or right after it ends when None."""

    weekday: int
    minutes: int
    offset_minutes: int | None = None

    def __post_init__(self) -> None:
        if self.weekday not in range(7):
            raise InputError(Field.REVIEW_DAY, "weekdays are numbered 0 (Monday) to 6 (Sunday)")


@dataclass(frozen=True)
class CourseNeed:
    """Everything the engine needs to book one course."""

    course_id: str
    sessions: tuple[SessionNeed, ...]
    requires: frozenset[str] = frozenset()
    earliest: date | None = None  # None: the planning scan plus `planning_days` working days
    planning_days: int = DEFAULT_PLANNING_DAYS
    simulation_minutes: int | None = None  # book a planning scan on a CT simulator
    simulation_at: datetime | None = None  # the scan's wanted start (aware); None: earliest free
    urgent: bool = False
    preferred_machine: str | None = None
    preferred_time: time | None = None
    gap_sensitive: bool = False
    patient: str = ""  # a label for views only; never logged
    reviews: ReviewNeed | None = None
    # The course's own calendar when it keeps one over the department's (its own holidays, closures or
    # treatment days): a day it closes is closed to the course too, as a department closure is.
    own_calendar: ClinicCalendar | None = None
    # Days the course marks missed ahead (the patient cannot come): closed to it; its make-ups are among `sessions`.
    missed_days: frozenset[date] = frozenset()

    def __post_init__(self) -> None:
        if not self.sessions:
            raise InputError(Field.FRACTIONS, "a course to book has at least one fraction")
        if [s.number for s in self.sessions] != list(range(1, len(self.sessions) + 1)):
            raise InputError(Field.FRACTIONS, "fractions are numbered 1 to N in order")
        if self.sessions[0].same_day:
            raise InputError(Field.FRACTIONS, "the first fraction cannot be a day's second session")

    @property
    def twice_daily(self) -> bool:
        return any(s.same_day for s in self.sessions)


@dataclass(frozen=True)
class Proposal:
    """One way to book a course: what the coordinator compares."""

    first: date
    machine: str
    time: time
    off_time: int  # fractions more than `same_time_minutes` away from `time`
    off_machine: int  # fractions on another machine than `machine`
    off_group: int  # of those, fractions outside the machine's beam-matched group
    wait_days: int  # working days from the earliest date to the first fraction
    bookings: tuple[Booking, ...]
    pushed: tuple[PushedDate, ...]
    warnings: tuple[str, ...] = ()

    @property
    def fractions(self) -> tuple[Booking, ...]:
        return tuple(b for b in self.bookings if b.kind is AppointmentKind.FRACTION)


@dataclass(frozen=True)
class BookingAnswer:
    """The proposals for a course, best first, and the date its wait counts from."""

    course_id: str
    earliest: date
    proposals: tuple[Proposal, ...]
    warnings: tuple[str, ...] = ()
    urgent: bool = False  # proposed for an urgent course (asked so, or the course is marked urgent): book it so
    urgent_due: date | None = None  # an urgent course's last day to start (the department's limit after it was ready)

    @property
    def best(self) -> Proposal | None:
        return self.proposals[0] if self.proposals else None


@dataclass(frozen=True)
class Move:
    """A fraction that downtime moved; `number` is its number after the re-booking."""

    course_id: str
    number: int
    from_machine: str
    from_start: datetime
    to_machine: str
    to_start: datetime
    how: str  # "same day", URGENT_START_KEPT, "weekend", "second session", "end of course", FIRST_SET_UP, "re-optimised"
    kind: AppointmentKind = AppointmentKind.FRACTION
    was: int = 0  # its number before the re-booking, where that differs (a session made up at the end is the last)


def started_later(appended: Iterable[Move]) -> set[str]:
    """The courses whose first fraction was among the sessions a re-booking made up at the end: none of theirs came
    before the time lost, so the course simply starts later, and its overall treatment time does not grow."""
    return {m.course_id for m in appended if m.kind is AppointmentKind.FRACTION and (m.was or m.number) == 1}


@dataclass(frozen=True)
class Unplaced:
    course_id: str
    number: int
    machine: str
    start: datetime
    reason: str


@dataclass(frozen=True)
class UrgentStart:
    """An urgent course (not started) whose first fraction a re-booking put on a later day: said prominently,
    since it must start within the department's urgent limit. Working days are the department's open days."""

    course_id: str
    was: date  # the day it was booked to start
    now: date  # the day it starts now
    due: date  # the day it must start by
    later: int  # working days later than it was booked to start
    past_due: int  # working days after its due day (0: still on time)


@dataclass(frozen=True)
class RebookReport:
    """What a new downtime did: who moved where, who could not be placed, whose calendar changed."""

    downtime: Downtime
    moved: tuple[Move, ...]
    appended: tuple[Move, ...]
    unplaced: tuple[Unplaced, ...]
    updated_courses: tuple[str, ...]
    urgent: tuple[UrgentStart, ...] = ()  # urgent courses that now start later (the booking desk says which)


@dataclass(frozen=True)
class MovedBack:
    """What moving a downtime's sessions back did (`BookingEngine.move_back`): each (index of the return asked, the
    booking it is now, numbered anew), each (index, why it stays), the fractions that moved for a first fraction's
    set-up time (old, new), and the courses whose bookings changed."""

    back: tuple[tuple[int, Booking], ...]
    stayed: tuple[tuple[int, str], ...]
    refitted: tuple[tuple[Booking, Booking], ...]
    updated_courses: tuple[str, ...]


@dataclass(frozen=True)
class ClosureReport:
    """What closing the whole department on some days did (a snow day, a power cut): the days closed
    with their note, who moved where, who could not be placed, and the courses whose bookings changed."""

    closed: tuple[tuple[date, str], ...]
    moved: tuple[Move, ...]
    appended: tuple[Move, ...]
    unplaced: tuple[Unplaced, ...]
    updated_courses: tuple[str, ...]
    urgent: tuple[UrgentStart, ...] = ()  # urgent courses that now start later (the booking desk says which)
