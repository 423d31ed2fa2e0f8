"""A booked course's own rules for moving its appointments by hand: the machine must be able to treat
it, the course's own calendar must be open, and the course's pattern still holds afterwards
(fractions in order, one a day or twice daily at least 6 hours apart, the spacing of an alternate,
twice-weekly or weekly pattern and between phases, the planning scan before the first fraction, no two
of the patient's appointments at once).

Read once from the store (see `BookingDesk.move_rules`), it answers every position of a drag
without another read: the day view checks it on each mouse move, the desk before it writes.
A move that would change the fractions' order is refused, never re-numbered: the coordinator moves
the later fraction first, and every fraction keeps the number the patient's calendar shows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from ..core.clinic import ClinicCalendar
from ..core.dates import day_text, short_day_text
from ..core.department import Booking
from ..core.kinds import AppointmentKind
from .model import SECOND_SESSION_HOURS, SessionNeed

SECOND_GAP = timedelta(hours=SECOND_SESSION_HOURS)
# The spacing a pattern keeps between two treatment days (SessionNeed.min_days), in the clinic's words.
SPACING_WORDS = {2: "alternate days", 3: "twice weekly", 7: "weekly"}
_KIND_WORDS = {AppointmentKind.SIMULATION: "the planning scan", AppointmentKind.REVIEW: "review",
               AppointmentKind.FOLLOW_UP: "follow-up visit", AppointmentKind.FRACTION: "fraction"}

Place = tuple[AppointmentKind, int, str, datetime]  # (kind, number, machine, aware start): one appointment's new place
Key = tuple[AppointmentKind, int]


def appointment_words(kind: AppointmentKind, number: int) -> str:
    """'fraction 3', 'the planning scan', 'review 2'."""
    if kind is AppointmentKind.SIMULATION:
        return _KIND_WORDS[kind]
    return f"{_KIND_WORDS[kind]} {number}"


@dataclass(frozen=True)
class CourseRules:
    """What a manual move of a booked course must keep to, and the course's bookings it is checked against."""

    course_id: str
    tz: ZoneInfo
    held: tuple[Booking, ...]  # the course's bookings as the store holds them
    sessions: tuple[SessionNeed, ...]  # the course's fractions as planned: spacing, same-day second sessions, phases
    requires: frozenset[str] = frozenset()
    capabilities: Mapping[str, frozenset[str]] = field(default_factory=dict)  # each machine's, by name
    # A daily, gap-sensitive course may take a make-up second session on a treatment day (at least 6 hours
    # after the first) when the department allows it, as the engine books one after downtime.
    second_sessions: bool = False
    own_calendar: ClinicCalendar | None = None
    # The course's session each booked fraction gives, where that is not its booking number (a booked day marked
    # missed since: each later booking gives the session before its number), None for the booking of a day marked
    # missed (the record of that day, no session of the course). Reasons name sessions as the course shows them.
    sessions_of: Mapping[int, int | None] = field(default_factory=dict)
    # The booking numbers of the fractions that make up a session (of a downtime, a closure, a day marked missed): one may
    # lie on a day the course does not treat by choice (a weekend make-up, booked in the department's weekend hours).
    make_ups: frozenset[int] = frozenset()

    @property
    def twice_daily(self) -> bool:
        return any(s.same_day for s in self.sessions)

    def machine_reason(self, kind: AppointmentKind, machine: str) -> str | None:
        """Why `machine` cannot treat the course (None: it can, or the appointment is no fraction)."""
        if kind is not AppointmentKind.FRACTION or machine not in self.capabilities:
            return None
        missing = self.requires - self.capabilities[machine]
        return f"{machine} cannot treat this course (it lacks {', '.join(sorted(missing))})" if missing else None

    def shown(self, kind: AppointmentKind, number: int) -> int:
        """The number the course, the agenda and the day view show for booking `number` of `kind`."""
        if kind is not AppointmentKind.FRACTION:
            return number
        return self.sessions_of.get(number) or number

    def calendar_reason(self, kind: AppointmentKind, number: int, day: date) -> str | None:
        """Why the course's own calendar refuses `day` (None: open, the course keeps the department's, or a make-up goes
        on a day the course does not treat by choice, which no closure of its calendar shuts)."""
        own = self.own_calendar
        if own is None or own.is_open(day):
            return None
        why = own.closure_reason(day)
        if why is None and kind is AppointmentKind.FRACTION and number in self.make_ups:
            return None  # a make-up on a weekend, as the engine books it: only a closure of the course's calendar stops it
        why = why or "no treatment day"
        return f"{kind.value} {self.shown(kind, number)}: the course keeps its own calendar, closed on {day_text(day)}: {why}"

    def conflicts(self, moves: Iterable[Place]) -> list[str]:
        """Why the course's rules refuse the moves, each reason once (empty: they keep every rule).
        Only what involves a moved appointment counts: an older oddity elsewhere blocks no move."""
        places: dict[Key, tuple[datetime, datetime]] = {}
        missed_days: set[date] = set()
        for booking in self.held:  # keyed by the session each gives; a missed day's booking is only that day's record
            number = self._session(booking.kind, booking.number)
            if number is not None:
                places[(booking.kind, number)] = (booking.start.astimezone(UTC), booking.end.astimezone(UTC))
            else:
                missed_days.add(self._day(booking.start))
        moved: set[Key] = set()
        records = []  # a missed day's booking moved: refused, it is what the patient was booked for that day
        for kind, booked, _, start in moves:
            number = self._session(kind, booked)
            if number is None:
                day = next((self._day(b.start) for b in self.held if (b.kind, b.number) == (kind, booked)), None)
                if day is not None and self._day(start) == day:
                    continue  # another time that day, free (the desk checks it): where the session goes if the mark is taken back
                records.append(f"the booking of {day_text(day) if day else 'the day'} is the record of a session marked missed "
                               "on the course: it stays on its day (change the mark on the course instead)")
                continue
            key = (kind, number)
            if key not in places:
                continue  # not booked: the desk says so
            old_start, old_end = places[key]
            begin = start.astimezone(UTC)
            places[key] = (begin, begin + (old_end - old_start))
            moved.add(key)
        if not moved:
            return records
        reasons = records + [f"fraction {number}: the course marks {day_text(self._day(places[(kind, number)][0]))} missed (the patient "
                   "does not come that day)" for kind, number in sorted(moved, key=lambda key: key[1])
                   if kind is AppointmentKind.FRACTION and self._day(places[(kind, number)][0]) in missed_days]
        reasons += self._overlaps(places, moved)
        fractions = sorted((number, span) for (kind, number), span in places.items() if kind is AppointmentKind.FRACTION)
        reasons += self._order(fractions, moved)
        reasons += self._same_day(fractions, moved)
        reasons += self._spacing(fractions, moved)
        reasons += self._scan_first(places, moved)
        return list(dict.fromkeys(reasons))

    def _session(self, kind: AppointmentKind, number: int) -> int | None:
        if kind is not AppointmentKind.FRACTION or number not in self.sessions_of:
            return number
        return self.sessions_of[number]

    # ------------------------------------------------------------------ the rules
    def _when(self, moment: datetime) -> str:
        local = moment.astimezone(self.tz)
        return f"{short_day_text(local.date())} {local:%H:%M}"

    def _day(self, moment: datetime) -> date:
        return moment.astimezone(self.tz).date()

    def _overlaps(self, places: Mapping[Key, tuple[datetime, datetime]], moved: set[Key]) -> list[str]:
        """The patient cannot be at two appointments at once, on any machine or in any room."""
        reasons = []
        keys = sorted(places, key=lambda k: places[k][0])
        for index, first in enumerate(keys):
            start, end = places[first]
            for second in keys[index + 1:]:
                other_start, other_end = places[second]
                if other_start >= end:
                    break
                if first not in moved and second not in moved:
                    continue
                mover, still = (second, first) if second in moved and first not in moved else (first, second)
                span = places[still]
                reasons.append(f"{appointment_words(*mover)} would overlap {appointment_words(*still)} "
                               f"({self._when(span[0])}–{span[1].astimezone(self.tz):%H:%M})")
        return reasons

    def _order(self, fractions: Sequence[tuple[int, tuple[datetime, datetime]]], moved: set[Key]) -> list[str]:
        """Fractions stay in their order: a move that would swap two is refused, not re-numbered."""
        reasons = []
        for before, before_start, after, after_start, before_moved in _neighbours(fractions, moved):
            if after_start > before_start:
                continue
            if before_moved:
                reasons.append(f"fraction {before} would come after fraction {after} ({self._when(after_start)})")
            else:
                reasons.append(f"fraction {after} would come before fraction {before} ({self._when(before_start)})")
        return reasons

    def _same_day(self, fractions: Sequence[tuple[int, tuple[datetime, datetime]]], moved: set[Key]) -> list[str]:
        """One fraction a day; twice daily (or a make-up second session) two, at least 6 hours apart."""
        by_day: dict[date, list[tuple[datetime, int]]] = defaultdict(list)
        for number, (start, _) in fractions:
            by_day[self._day(start)].append((start, number))
        two = self.twice_daily or self.second_sessions
        reasons = []
        for day, held in sorted(by_day.items()):
            if len(held) < 2:
                continue
            held.sort()
            for start, number in held:
                if (AppointmentKind.FRACTION, number) not in moved:
                    continue
                others = [(s, n) for s, n in held if n != number]
                if not two:
                    other_start, other = others[0]
                    reasons.append(f"fraction {number}: one fraction a day for this course "
                                   f"(fraction {other} is on {short_day_text(day)} at {other_start.astimezone(self.tz):%H:%M})")
                    continue
                if len(held) > 2:
                    named = " and ".join(str(n) for _, n in others)
                    reasons.append(f"fraction {number}: at most two fractions a day (fractions {named} are on {short_day_text(day)})")
                    continue
                other_start, other = others[0]
                if abs(other_start - start) < SECOND_GAP:
                    rule = "twice daily: at least" if self.twice_daily else "a second session on one day needs at least"
                    reasons.append(f"fraction {number}: {rule} {SECOND_SESSION_HOURS} hours between the two sessions of a day "
                                   f"(fraction {other} is at {other_start.astimezone(self.tz):%H:%M})")
        return reasons

    def _spacing(self, fractions: Sequence[tuple[int, tuple[datetime, datetime]]], moved: set[Key]) -> list[str]:
        """An alternate-day, twice-weekly or weekly pattern, and the gap between phases, keep their days apart."""
        reasons = []
        for before, before_start, after, after_start, before_moved in _neighbours(fractions, moved):
            first, second = self._day(before_start), self._day(after_start)
            if second <= first or not self.sessions:
                continue  # the same day (see _same_day), or out of order (see _order)
            index = min(after, len(self.sessions)) - 1
            session = self.sessions[index]
            need = max(1, session.min_days)
            if session.same_day or (second - first).days >= need:
                continue
            previous = self.sessions[index - 1] if index >= 1 else session
            rule = "a new phase" if previous.phase != session.phase else SPACING_WORDS.get(need, "the course's pattern")
            which, other, day, relation = (before, after, second, "before") if before_moved else (after, before, first, "after")
            reasons.append(f"fraction {which}: {rule}: at least {need} days {relation} fraction {other} "
                           f"(fraction {other} is on {short_day_text(day)})")
        return reasons

    def _scan_first(self, places: Mapping[Key, tuple[datetime, datetime]], moved: set[Key]) -> list[str]:
        """The course is planned on its planning scan: no fraction before it."""
        scan = next((key for key in places if key[0] is AppointmentKind.SIMULATION), None)
        first = (AppointmentKind.FRACTION, 1)
        if scan is None or first not in places or (scan not in moved and first not in moved):
            return []
        scan_start, scan_end = places[scan]
        fraction_start, _ = places[first]
        if fraction_start >= scan_end:
            return []
        if first in moved:
            return [f"fraction 1 would come before the planning scan ({self._when(scan_start)})"]
        return [f"the planning scan would come after fraction 1 ({self._when(fraction_start)})"]


def _neighbours(fractions: Sequence[tuple[int, tuple[datetime, datetime]]],
                moved: set[Key]) -> Iterator[tuple[int, datetime, int, datetime, bool]]:
    """Each two fractions next in number of which one moved: (number, start, next number, its start, whether the first moved)."""
    for (before, (before_start, _)), (after, (after_start, _)) in zip(fractions, fractions[1:], strict=False):
        before_moved = (AppointmentKind.FRACTION, before) in moved
        if before_moved or (AppointmentKind.FRACTION, after) in moved:
            yield before, before_start, after, after_start, before_moved
