"""What the department sees of its bookings: each machine's booked sessions, open hours and
downtime over a few days, as plain data read by the day and week views, the treatment-room
print and the `agenda` command. No Qt, no store: the store fills it, the views only read it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from .clinic import WEEKDAY_NAMES
from .dates import moment_text, whole_days_text
from .department import MakeUpMark, Recorded
from .kinds import AppointmentKind
from .wall_clock import clock_text


@dataclass(frozen=True)
class AgendaEntry:
    """One booked appointment on a machine. Times are aware; views show them in the department's zone."""

    course_id: str
    patient: str
    kind: AppointmentKind
    number: int
    total: int
    start: datetime
    end: datetime
    hospital_number: str = ""  # the patient's second identifier, checked at the treatment room's door
    make_up: MakeUpMark | None = None  # a fraction given in place of a missed session, or of one a re-booking took off its day
    missed: bool = False  # marked missed on its course: the patient did not come, and the booking stays as the day's record
    # The course's session this booking gives, where that is not its booking number: a session marked missed after the
    # course was booked gives none, so each later booking gives the session before its number (0: the same).
    session: int = 0
    # The machine the course is booked on, when this session is on another (a downtime's re-booking or a manual move put
    # it there): the therapists of the day are told the patient comes "from Linac 2". Empty on the course's own machine.
    moved_from: str = ""
    # Marked missed in advance (the patient said they will not come): the booking is the record of its day and holds
    # no machine time, so another session may be booked over it (the day view draws it faint, under the others).
    released: bool = False
    # The course's first fraction, when a downtime or closure put the course off before any of it was given: the day it
    # could not begin, and why. The sessions added at the end for it are no make-up of anything (`make_up` None).
    starts_later: MakeUpMark | None = None
    # Its course's stored text does not read at all: `patient` is the plain stand-in the store gives it ('course … (cannot
    # be read)'), no patient's name, so a discreet view shows it as it is (its initials 'C. C. J.' read as a patient's)
    unreadable: bool = False

    @property
    def shown_number(self) -> int:
        """The session's number as the course (and the patient's calendar) has it: what every view shows."""
        return self.session or self.number

    @property
    def minutes(self) -> int:
        """Elapsed minutes (times of one zone subtract by the clock: an hour off across a clock change)."""
        return int((self.end.astimezone(UTC) - self.start.astimezone(UTC)).total_seconds() // 60)

    @property
    def key(self) -> tuple[str, AppointmentKind, int]:
        """Which appointment of which course: stable when the booking moves."""
        return (self.course_id, self.kind, self.number)


@dataclass(frozen=True)
class Period:
    """A stretch of time on a machine: open hours, or downtime with its reason and who recorded it when
    (None: not known, or open hours)."""

    start: datetime
    end: datetime
    reason: str = ""
    recorded: Recorded | None = field(default=None, compare=False)

    @property
    def minutes(self) -> int:
        """Elapsed minutes (times of one zone subtract by the clock: an hour off across a clock change)."""
        return int((self.end.astimezone(UTC) - self.start.astimezone(UTC)).total_seconds() // 60)

    def overlaps(self, start: datetime, end: datetime) -> bool:
        return self.start < end and start < self.end


@dataclass(frozen=True)
class MachineAgenda:
    """One machine over the agenda's days: when it is open, when it is down, what is booked."""

    name: str
    open_hours: tuple[Period, ...] = ()
    downtime: tuple[Period, ...] = ()
    entries: tuple[AgendaEntry, ...] = ()

    def on(self, day: date, tz: ZoneInfo) -> list[AgendaEntry]:
        # by instant: by the clock, 01:10 GMT would come before 01:50 BST on the night the clocks go back
        return sorted((e for e in self.entries if e.start.astimezone(tz).date() == day), key=lambda e: e.start.astimezone(UTC))

    def open_minutes(self, day: date, tz: ZoneInfo) -> int:
        """Minutes the machine is open on `day`, less its downtime."""
        total = 0
        for period in self.open_hours:
            if period.start.astimezone(tz).date() != day:
                continue
            total += period.minutes - sum(_overlap_minutes(period, down) for down in self.downtime)
        return max(0, total)

    def down_minutes(self, day: date, tz: ZoneInfo) -> int:
        """Minutes of its hours on `day` the machine is down (what downtime took from its open minutes)."""
        scheduled = sum(p.minutes for p in self.open_hours if p.start.astimezone(tz).date() == day)
        return scheduled - self.open_minutes(day, tz)

    def down_all_day(self, day: date, tz: ZoneInfo) -> bool:
        """Whether the machine would be open on `day` but its downtime takes every open minute."""
        scheduled = [p for p in self.open_hours if p.start.astimezone(tz).date() == day]
        return bool(scheduled) and self.open_minutes(day, tz) == 0

    def idle_word(self, day: date, tz: ZoneInfo) -> str:
        """What a day with no open minutes is: "down" (all of it downtime) or "closed"."""
        return "down" if self.down_all_day(day, tz) else "closed"

    def booked_minutes(self, day: date, tz: ZoneInfo) -> int:
        """Minutes booked on `day`: a session marked missed ahead (its time released) holds none."""
        return sum(e.minutes for e in self.on(day, tz) if not e.released)

    def occupancy(self, day: date, tz: ZoneInfo) -> float | None:
        """Booked share of the open minutes (may pass 1.0 when over-booked); None on a closed day."""
        opened = self.open_minutes(day, tz)
        return self.booked_minutes(day, tz) / opened if opened else None


@dataclass(frozen=True)
class ClosedDay:
    """A day of the agenda the whole department is closed: a public holiday of its region, or one of the clinic's
    closures with its note ("snow"), which a discreet list leaves out (as a discreet print of a course does)."""

    day: date
    reason: str  # 'Christmas Day (public holiday, England)', or 'clinic closure'
    note: str = ""

    def words(self, discreet: bool = False) -> str:
        """'Christmas Day (public holiday, England)', 'clinic closure (snow)'; discreet: 'clinic closure'."""
        return f"{self.reason} ({self.note})" if self.note and not discreet else self.reason

    def refusal(self, discreet: bool = False) -> str:
        """Why no session goes on that day, as a slot check says it."""
        return f"the department is closed that day: {self.words(discreet)}"


@dataclass(frozen=True)
class OffWeekday(ClosedDay):
    """A day of a weekday the department does not treat on (a Saturday of a Monday-to-Friday department), whatever
    hours a machine keeps that day: no closure of the agenda, but the reason a session cannot go there."""

    treatment_days: frozenset[int] = frozenset(range(7))

    def refusal(self, discreet: bool = False) -> str:
        return (f"the department does not treat on {WEEKDAY_NAMES[self.day.weekday()]}s (its treatment days: "
                f"{weekdays_words(self.treatment_days)})")


def weekdays_words(days: frozenset[int]) -> str:
    """'Monday to Friday' for a run of three or more days, else 'Monday, Wednesday and Friday' ('Saturday' alone)."""
    ordered = sorted(days)
    names = [WEEKDAY_NAMES[d] for d in ordered]
    if len(ordered) >= 3 and ordered == list(range(ordered[0], ordered[-1] + 1)):
        return f"{names[0]} to {names[-1]}"
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


@dataclass(frozen=True)
class Agenda:
    """The department's machines from `first` for `days` days, in the department's zone, and the days of them
    the department is closed."""

    first: date
    days: int
    tz: ZoneInfo
    machines: tuple[MachineAgenda, ...] = ()
    closures: tuple[ClosedDay, ...] = ()
    # (course id, why and how to repair it) of each course shown that an older version stored damaged: its bookings are
    # shown (they hold their machine time) with a plain stand-in for its damaged text
    damaged: tuple[tuple[str, str], ...] = ()
    treatment_days: frozenset[int] = frozenset(range(7))  # the department's: no session goes on another weekday

    def closed(self, day: date) -> ClosedDay | None:
        """Why the department is closed on `day`: a closure of the agenda, or a weekday it does not treat on
        (None: it is open, or the day is not in the agenda)."""
        found = next((c for c in self.closures if c.day == day), None)
        if found is None and day.weekday() not in self.treatment_days:
            return OffWeekday(day, f"no treatment on {WEEKDAY_NAMES[day.weekday()]}s", treatment_days=self.treatment_days)
        return found

    def weekend_sessions(self, day: date) -> Period | None:
        """The hours of `day` open for weekend sessions: a weekday the department does not treat on, on which it books
        in its weekend hours (downtime make-ups; the store accepts any booking then); None on a treatment day, a closure,
        or a weekday without them."""
        if not isinstance(self.closed(day), OffWeekday):
            return None
        return next((p for m in self.machines for p in m.open_hours if p.start.astimezone(self.tz).date() == day), None)

    def counted_minutes(self, machine: MachineAgenda, day: date) -> int:
        """The open minutes of `machine` on `day` that its occupancy counts: on a day open for weekend sessions only
        when something is booked on it then (weekend hours are for make-ups, not the department's weekly capacity)."""
        if self.weekend_sessions(day) is not None and not machine.booked_minutes(day, self.tz):
            return 0
        return machine.open_minutes(day, self.tz)

    def idle_word(self, machine: MachineAgenda, day: date) -> str:
        """What a day of `machine` with no counted minutes is: 'down', 'closed', or 'weekend' (hours open for weekend
        sessions, nothing booked in them)."""
        if self.weekend_sessions(day) is not None and machine.open_minutes(day, self.tz):
            return "weekend"
        return machine.idle_word(day, self.tz)

    @property
    def dates(self) -> list[date]:
        return [self.first + timedelta(days=i) for i in range(self.days)]

    def machine(self, name: str) -> MachineAgenda | None:
        return next((m for m in self.machines if m.name == name), None)


UNREADABLE_WORD = "cannot be read"  # the standing of a course whose stored text does not read (WaitingCourse.status_words)


@dataclass(frozen=True)
class WaitingCourse:
    """A course ready (or nearly) to start and not yet on treatment, with the date it must start by."""

    course_id: str
    patient: str
    site: str
    ready: date | None  # None (and `due` too): not known, the course's stored text does not read (`unreadable`)
    due: date | None
    urgent: bool = False
    booked_first: date | None = None  # the first fraction's date once booked
    hospital_number: str = ""  # tells two patients of one name apart (never on a discreet screen)
    # a course whose stored text does not read at all: why, and what to do (its patient is a stand-in; it is not bookable)
    unreadable: str = ""

    @property
    def late(self) -> bool:
        """Booked to start after its due date."""
        return self.booked_first is not None and self.due is not None and self.booked_first > self.due

    def overdue(self, today: date) -> bool:
        """Not booked and its due date has passed: it cannot start in time any more."""
        return self.booked_first is None and self.due is not None and self.due < today

    def due_today(self, today: date) -> bool:
        """Not booked and due today: booked now, it may still start in time only today."""
        return self.booked_first is None and self.due == today

    def needs_attention(self, today: date | None = None) -> bool:
        """Urgent, late, overdue, due today or unreadable: what the waiting list shows in bold, beside the words."""
        return bool(self.urgent or self.late or self.unreadable
                    or (today is not None and (self.overdue(today) or self.due_today(today))))

    def status_words(self, today: date | None = None) -> tuple[str, ...]:
        """('urgent', 'not booked', 'overdue'): the course's standing in words, which read in every
        palette (a colour alone does not); with `today`, an unbooked course past its due date is
        'overdue' and one due today 'due today'. A booked course starting after its due date is 'late',
        an urgent one 'overdue' (its due day is the department's urgent limit)."""
        words = [UNREADABLE_WORD] if self.unreadable else []
        words += ["urgent"] if self.urgent else []
        words.append("not booked" if self.booked_first is None else "booked")
        if self.late:  # an urgent course booked past its due day (a downtime or closure pushed its start) is overdue
            words.append("overdue" if self.urgent else "late")
        elif today is not None and self.overdue(today):
            words.append("overdue")
        elif today is not None and self.due_today(today):
            words.append("due today")
        return tuple(words)


@dataclass(frozen=True)
class Conflict:
    """Why a session cannot go at a time on a machine."""

    reason: str
    entry: AgendaEntry | None = None


@dataclass(frozen=True)
class SlotCheck:
    """The answer to 'may this session go here?': empty conflicts mean yes."""

    conflicts: tuple[Conflict, ...] = field(default_factory=tuple)

    @property
    def free(self) -> bool:
        return not self.conflicts

    def reason(self) -> str:
        return "; ".join(c.reason for c in self.conflicts)


def initials(name: str) -> str:
    """'Zoë Ångström' -> 'Z. Å.': what a treatment-room screen may show of a patient."""
    parts = [p for p in name.replace("-", " ").split() if p and p[0].isalpha()]
    if not parts:
        return "?"
    return " ".join(f"{p[0].upper()}." for p in parts[:3])


def shown_patient(entry: AgendaEntry, discreet: bool) -> str:
    """Who a list or a print names for a booking: the patient, or their initials when discreet; a course that cannot be
    read keeps its stand-in, which names nobody (initials made of its words looked like a patient's)."""
    return initials(entry.patient) if discreet and not entry.unreadable else entry.patient


def with_hospital_number(name: str, hospital_number: str) -> str:
    """'Zoë Ångström (H100)': two patients of one name told apart in a report; the name alone without a number."""
    return f"{name} ({hospital_number})" if name and hospital_number else name


def check_slot(machine: MachineAgenda, start: datetime, end: datetime, *, tz: ZoneInfo,
               moving: AgendaEntry | None = None, discreet: bool = False, closed: ClosedDay | None = None) -> SlotCheck:
    """Whether a session from `start` to `end` fits on `machine`: inside its open hours, outside
    its downtime, overlapping no other booking (the session being moved is not in its own way).
    Compared as instants: two times in one zone compare by the clock, which on the night the clocks
    go back puts 01:10 after the change before 01:50 ahead of it. `closed`: the department's holiday or closure that
    day, or a weekday it does not treat on, said instead of the machine's hours when no hours of it are open then."""
    start, end = start.astimezone(UTC), end.astimezone(UTC)
    conflicts: list[Conflict] = []
    if end <= start:
        conflicts.append(Conflict("the session ends before it starts"))
    if not any(p.start <= start and end <= p.end for p in machine.open_hours):
        hours = _hours_on(machine, start, tz)
        conflicts.append(Conflict(closed.refusal(discreet) if closed is not None and hours == CLOSED_HOURS
                                  else f"outside {machine.name}'s open hours{hours}"))
    for down in machine.downtime:
        if down.overlaps(start, end):
            why = f": {down.reason}" if down.reason else ""
            conflicts.append(Conflict(f"{machine.name} is down {_span(down.start, down.end, tz)}{why}"))
    for entry in machine.entries:
        if (moving is not None and entry.key == moving.key) or entry.released:
            continue
        if entry.start < end and start < entry.end:
            who = shown_patient(entry, discreet)
            what = f"fraction {entry.number} of {entry.total}" if entry.kind is AppointmentKind.FRACTION else entry.kind.value
            conflicts.append(Conflict(f"overlaps {who}'s {what} ({_span(entry.start, entry.end, tz)})", entry))
    return SlotCheck(tuple(conflicts))


CLOSED_HOURS = " (closed that day)"


def _hours_on(machine: MachineAgenda, moment: datetime, tz: ZoneInfo) -> str:
    day = moment.astimezone(tz).date()
    spans = [_span(p.start, p.end, tz) for p in machine.open_hours if p.start.astimezone(tz).date() == day]
    return f" ({', '.join(spans)})" if spans else CLOSED_HOURS


def _span(start: datetime, end: datetime, tz: ZoneInfo) -> str:
    a, b = start.astimezone(tz), end.astimezone(tz)
    if (days := whole_days_text(a, b)) is not None:
        return days
    if a.date() == b.date():
        return f"{clock_text(a)}–{clock_text(b)}"
    return f"{moment_text(a)} to {moment_text(b)}"


def _overlap_minutes(a: Period, b: Period) -> int:
    start = max(a.start.astimezone(UTC), b.start.astimezone(UTC))
    end = min(a.end.astimezone(UTC), b.end.astimezone(UTC))
    return max(0, int((end - start).total_seconds() // 60))
