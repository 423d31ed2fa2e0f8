"""Books courses onto machines against capacity, proposes alternatives, and re-books after downtime.

The engine keeps every booking in an `Occupancy` (sorted intervals per machine-day) and plans a
course fraction by fraction under the course's own rules (daily, alternate days, twice weekly,
weekly, twice daily), preferring in order: the same machine (or its beam-matched group), the same
daily time, and the earliest start.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from ..core.clinic import ClinicCalendar, HolidaySource
from ..core.dates import day_text
from ..core.department import HELD_WORDS, Booking, Department, Downtime, MakeUpCause, MakeUpMark
from ..core.errors import Field, InputError
from ..core.kinds import AppointmentKind
from ..core.limits import LATEST_DATE
from ..core.schedule import PushedDate, review_fractions
from ..core.wall_clock import as_planned, hours_instants
from .course_rules import CourseRules
from .model import (
    CLOSED_DAY,
    FIRST_SET_UP,
    MISSED_DAY,
    NO_GROUP_ROOM,
    NO_ROOM,
    NO_WEEKEND_HOURS,
    SECOND_SESSION_HOURS,
    URGENT_START_KEPT,
    BookableMachine,
    BookingAnswer,
    BookingPolicy,
    ClosureReport,
    CourseNeed,
    Move,
    MovedBack,
    Proposal,
    RebookReport,
    SessionNeed,
    Unplaced,
    urgent_due_day,
    working_days_after,
)
from .occupancy import Occupancy

SEARCH_DAYS = 400  # a course that finds no room in this many days is refused
MAKE_UPS = ("weekend", "second session", "end of course")  # re-bookings onto another day: the session of the old day made up
# Nothing is placed after the planner's calendar ends (LATEST_DATE): no view, agenda or command could show it.
SECOND_GAP = SECOND_SESSION_HOURS * 60
_FRACTION_NUMBER = re.compile(r"(\bfractions? |(?<=\d) and )(\d+)\b")  # a fraction's number in a course rule's reason
# Minutes: the longer first fraction counts as near the daily time while, alone off it, it would
# raise the course's standard deviation of start times by at most this much.
NEAR_FIRST_SD = 20
FIRST_DAY_WEIGHT = 100_000  # in the search for a daily time, room on the first day outweighs all others
# Choosing the daily time (see `_best_minute`): the times weighed have room on the first day and on
# at least the best-covered time's number of later days less COVER_SLACK_DAYS. Each later day
# without room at the time costs OFF_DAY_MINUTES (that day's fraction goes nearest to it), cutting
# one free window in two costs SPLIT_MINUTES, on top of the minutes left in gaps too short to start
# a course (`_least_waste`). The longer first fraction near the time stays a must unless the best
# time with it near has room on more than NEAR_SLACK_DAYS fewer later days than the best without.
COVER_SLACK_DAYS = 20
OFF_DAY_MINUTES = 40
SPLIT_MINUTES = 40
NEAR_SLACK_DAYS = 2
# Ranking proposals (see `_day_candidates`): up to SHORT_DEPARTURE fractions on another machine of
# the group still beat waiting for the same machine; when no proposal is free of departures, the
# earliest start that is (within CONSISTENT_SEARCH_DAYS working days) is offered as well.
SHORT_DEPARTURE = 2
CONSISTENT_SEARCH_DAYS = 10


def _moved_on(proposal: Proposal) -> int:
    """The days the course moved on for want of room (each makes it a day longer)."""
    return sum(p.reason in (NO_ROOM, NO_GROUP_ROOM) for p in proposal.pushed)


def _consistent(proposal: Proposal) -> bool:
    """Every fraction on the proposal's machine at its daily time."""
    return proposal.off_machine == 0 and proposal.off_time == 0


class BookingConflict(Exception):
    """The time a proposal wanted is no longer free (someone else booked it first)."""


class _Course:
    """A course the engine holds: what it needs, its bookings, the machine it was booked on and its daily time (wall-clock
    minutes after midnight). A course restored from the store works out its need when first asked (`restore_later`):
    a machine down for a day re-books a few courses, and planning the other hundreds took most of its time."""

    __slots__ = ("_need", "_need_of", "bookings", "machine", "minute")

    def __init__(self, need: CourseNeed | Callable[[], CourseNeed], bookings: list[Booking], machine: str, minute: int) -> None:
        self._need: CourseNeed | None = need if isinstance(need, CourseNeed) else None
        self._need_of: Callable[[], CourseNeed] | None = None if isinstance(need, CourseNeed) else need
        self.bookings = bookings
        self.machine = machine
        self.minute = minute

    @property
    def need(self) -> CourseNeed:
        if self._need is None:
            assert self._need_of is not None
            self._need = self._need_of()
            self._need_of = None
        return self._need


@dataclass(frozen=True)
class _Slot:
    session: SessionNeed
    machine: int
    day: date
    minute: int  # start, minutes of the local day as `_LocalDay` counts them


@dataclass(frozen=True)
class _LocalDay:
    """How the engine counts the minutes of one local day: real minutes from `base`, the epoch second of
    the day's minute 0 as the zone's offset at noon gives it. Durations, gaps and overlaps are then plain
    sums on every day, and on a day the clocks keep (`plain`) minute m is what the clock shows."""

    base: int
    first: int  # the minute the local day begins (its midnight): 0; -60 or 60 when the clocks change before noon
    last: int  # the minute the next local day begins: 1440 unless the clocks change that day
    changes: tuple[tuple[int, int], ...] = ()  # (minute, minutes the clock moves there: +60 in spring, -60 in autumn)
    plain: bool = field(init=False)  # no clock change: an attribute, read thousands of times a booking

    def __post_init__(self) -> None:
        object.__setattr__(self, "plain", not self.changes)

    def closed_starts(self, minutes: int) -> list[tuple[int, int]]:
        """The minutes (first, last) a session of `minutes` may not start at: it would run over a clock
        change or end at it (its end read on the other side), or start in the hour the clocks repeat
        (its second run, which no booking holds)."""
        return [(minute - minutes, minute - 1 if moved > 0 else minute - moved - 1) for minute, moved in self.changes]


@dataclass(frozen=True)
class _Plan:
    slots: tuple[_Slot, ...]
    pushed: tuple[PushedDate, ...]


class BookingEngine:
    """One department's machines, calendar and policy, and everything booked on them."""

    def __init__(self, machines: Sequence[BookableMachine], calendar: ClinicCalendar, tz: ZoneInfo,
                 policy: BookingPolicy | None = None) -> None:
        names = [m.name for m in machines]
        if len(set(names)) != len(names):
            raise InputError(Field.MACHINE, "two machines share a name")
        self.machines = tuple(machines)
        self.calendar = calendar
        self.tz = tz
        self.policy = policy or BookingPolicy()
        self._index = {m.name: i for i, m in enumerate(self.machines)}
        self._occupancy = Occupancy()
        self._courses: dict[str, _Course] = {}
        # courses held by `occupy` alone, which nothing can re-book (a stored course that does not read): why, by id
        self.held_as_booked: dict[str, str] = {}
        self._downtime: list[Downtime] = []
        self._open: dict[date, bool] = {}
        self._days: dict[date, _LocalDay] = {}
        self._grid = [self._slot_grid(m) for m in self.machines]
        self._anchor: date | None = None
        self._counts: list[int] = []
        self._not_before: int | None = None  # epoch second: while re-booking around downtime, no start before it (now)
        self._groups: tuple[CourseNeed, list[list[SessionNeed]]] | None = None  # `_day_groups`' last answer

    def _slot_grid(self, machine: BookableMachine) -> tuple[int, int]:
        """(slot length, minute of the day the slots count from): starts fall on the machine's slots."""
        grid = machine.slot_minutes or self.policy.slot_minutes
        opens = min((h[0] for h in machine.hours.values()), default=time(0, 0))
        return grid, (opens.hour * 60 + opens.minute) % grid

    @classmethod
    def for_department(cls, department: Department, policy: BookingPolicy | None = None,
                       holidays: HolidaySource | None = None, slot_minutes: dict[str, int] | None = None) -> BookingEngine:
        """An engine for a department: its machines, calendar, zone and booking rules, its recorded downtime held."""
        slots = slot_minutes or {}
        machines = [BookableMachine.from_machine(m, slots.get(m.name, 0)) for m in department.machines]
        engine = cls(machines, department.clinic_calendar(holidays), department.zone,
                     policy or BookingPolicy.of_department(department.booking))
        for downtime in department.downtime:
            engine.add_downtime(downtime, downtime.start.astimezone(engine.tz).date())
        return engine

    # ------------------------------------------------------------------ calendar geometry
    def is_open(self, day: date) -> bool:
        """The department treats on `day` (a treatment weekday, not a holiday or closure)."""
        found = self._open.get(day)
        if found is None:
            found = self._open[day] = self.calendar.is_open(day)
        return found

    def open_for(self, need: CourseNeed, day: date) -> bool:
        """The department treats on `day`, and so does the course's own calendar when it keeps one, and the
        course does not mark it missed (the patient cannot come)."""
        return (self.is_open(day) and (need.own_calendar is None or need.own_calendar.is_open(day))
                and day not in need.missed_days)

    def _closed_reason(self, need: CourseNeed, day: date) -> str | None:
        """Why a treatment weekday is closed to the course (a closure or holiday of the department, else
        of the course's own calendar, else its missed mark); None for a day that is no treatment weekday."""
        own = need.own_calendar
        if day in need.missed_days and self.is_open(day) and (own is None or own.is_open(day)):
            return MISSED_DAY
        calendar = own if self.is_open(day) and own is not None else self.calendar
        return calendar.closure_reason(day) if calendar.is_treatment_weekday(day) else None

    def working_days(self, start: date, end: date) -> int:
        """Open days after `start` up to and including `end` (0 when `end` <= `start`)."""
        if end <= start:
            return 0
        first = self._open_ordinal(start)  # the earlier day first: it may move the running count's anchor back
        return self._open_ordinal(end) - first

    def _open_ordinal(self, day: date) -> int:
        """How many open days there are from the engine's first known day up to `day` (a running count)."""
        if self._anchor is None or day < self._anchor:
            self._anchor = day - timedelta(days=366)
            self._counts = []
        index = (day - self._anchor).days
        counts = self._counts
        while len(counts) <= index:
            previous = counts[-1] if counts else 0
            counts.append(previous + self.is_open(self._anchor + timedelta(days=len(counts))))
        return counts[index]

    def add_working_days(self, start: date, days: int) -> date:
        """The open day `days` working days after `start` (`start`'s next open day for 0)."""
        return working_days_after(self.is_open, start, days)

    def _day_base(self, day: date) -> int:
        """Epoch second of minute 0 of the local day, taken from the zone's offset at noon."""
        return self._local(day).base

    def _local(self, day: date) -> _LocalDay:
        """How the minutes of `day` are counted (see `_LocalDay`), the clock changes found once per day."""
        found = self._days.get(day)
        if found is None:
            base = int(datetime(day.year, day.month, day.day, 12, tzinfo=self.tz).timestamp()) - 12 * 3600
            first = -((base - int(datetime.combine(day, time(0), tzinfo=self.tz).timestamp())) // 60)
            last = (int(datetime.combine(day + timedelta(days=1), time(0), tzinfo=self.tz).timestamp()) - base) // 60
            changes: tuple[tuple[int, int], ...] = ()
            if (first, last) != (0, 24 * 60):
                changes = tuple(self._clock_changes(day, base, first, last - 1))
            found = self._days[day] = _LocalDay(base, first, last, changes)
        return found

    def _clock_changes(self, day: date, base: int, lo: int, hi: int) -> list[tuple[int, int]]:
        """Where between minutes `lo` and `hi` of `day` the clock moves, and by how much (bisection)."""
        before, after = self._shift(day, base, lo), self._shift(day, base, hi)
        if before == after:
            return []
        if hi - lo == 1:
            return [(hi, after - before)]
        middle = (lo + hi) // 2
        return self._clock_changes(day, base, lo, middle) + self._clock_changes(day, base, middle, hi)

    def _shift(self, day: date, base: int, minute: int) -> int:
        """What the clock shows at `minute` of `day`, less `minute`."""
        shown = datetime.fromtimestamp(base + minute * 60, self.tz)
        return (shown.date() - day).days * 24 * 60 + shown.hour * 60 + shown.minute - minute

    def _wall(self, day: date, minute: int) -> int:
        """The wall-clock time (minutes after midnight) the clock shows at `minute` of `day`."""
        local = self._local(day)
        return minute if local.plain else minute + self._shift(day, local.base, minute)

    def _at_wall(self, day: date, wall: int) -> int:
        """The minute of `day` a daily time (wall-clock minutes after midnight) names, as the course's plan
        and the patient's calendar read it (see `as_planned`): a time the clocks skip an hour later."""
        local = self._local(day)
        if local.plain:
            return wall
        if wall >= 24 * 60:
            return local.last
        moment = as_planned(day, time(max(0, wall) // 60, max(0, wall) % 60), self.tz)
        return -((local.base - int(moment.timestamp())) // 60)

    def _wall_windows(self, day: date, windows: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """Free windows (minutes of `day`) as the wall-clock times they show, cut where the clock moves
        and joined where it shows the same times twice: to weigh daily times against other days."""
        local = self._local(day)
        if local.plain:
            return windows
        skips = [(self._wall(day, m), moved) for m, moved in local.changes if moved > 0]  # (the clock after the jump, minutes)
        pieces: list[tuple[int, int]] = []
        for a, b in windows:
            cuts = [a, *(m for m, _ in local.changes if a < m < b), b]
            for p, q in zip(cuts, cuts[1:], strict=False):
                shown = self._wall(day, p)
                pieces.append((shown, shown + q - p))
                # A daily time the clocks skip is held `moved` minutes on (`as_planned`): room there is room for it.
                pieces += [(max(shown - moved, jump - moved), min(shown + q - p - moved, jump)) for jump, moved in skips
                           if jump <= shown < jump + moved]
        pieces.sort()
        joined: list[tuple[int, int]] = []
        for a, b in pieces:
            if joined and a <= joined[-1][1]:
                joined[-1] = (joined[-1][0], max(b, joined[-1][1]))
            else:
                joined.append((a, b))
        return joined

    def _start_ranges(self, day: date, early: int, late: int, minutes: int) -> list[tuple[int, int]]:
        """Where a session of `minutes` may start between minutes `early` and `late` (inclusive) of `day`.

        Anywhere on most days. On a day the clocks change, no session runs up to or over the change, none is
        held in the second run of the hour the clocks repeat: a course, its file and the patient's
        calendar keep wall-clock times, which name the first run, and a booking's start and end, read on
        the department's clock, then keep one UTC offset, so the clock's order is time's order."""
        local = self._local(day)
        if local.plain:
            return [(early, late)]
        ranges = [(early, late)]
        for a, b in local.closed_starts(minutes):
            ranges = [part for lo, hi in ranges for part in ((lo, min(hi, a - 1)), (max(lo, b + 1), hi)) if part[0] <= part[1]]
        return ranges

    def _hours(self, machine: int, day: date, make_up: bool = False) -> tuple[int, int] | None:
        """Opening and closing minute of a machine on a day, or None when it does not treat."""
        if self.is_open(day):
            hours = self.machines[machine].hours.get(day.weekday())
        elif make_up and self.policy.weekend_hours is not None and not self.calendar.is_treatment_weekday(day) \
                and self.calendar.closure_reason(day) is None:
            hours = self.policy.weekend_hours
        else:
            return None
        if hours is None:
            return None
        local = self._days.get(day) or self._local(day)  # the hottest call of a search: no method call on a plain day
        if local.plain:
            return hours[0].hour * 60 + hours[0].minute, hours[1].hour * 60 + hours[1].minute
        opens, closes = hours_instants(day, hours[0], hours[1], self.tz)
        return -((local.base - int(opens.timestamp())) // 60), (int(closes.timestamp()) - local.base) // 60

    def open_minutes(self, machine: str, day: date) -> int:
        """Minutes a machine treats on a day, downtime taken off."""
        index = self._machine(machine)
        hours = self._hours(index, day)
        if hours is None:
            return 0
        opens, closes = self._epoch(day, hours[0]), self._epoch(day, hours[1])
        down = 0
        found = self._occupancy.peek(index, day)
        if found is not None:
            down = sum(max(0, min(e, closes) - max(s, opens))
                       for s, e, o in zip(found.starts, found.ends, found.owners, strict=True) if o is None)
        return max(0, closes - opens - down) // 60

    def booked_minutes(self, machine: str, day: date) -> int:
        found = self._occupancy.peek(self._machine(machine), day)
        return found.booked_seconds // 60 if found is not None else 0

    def _machine(self, name: str) -> int:
        index = self._index.get(name)
        if index is None:
            known = ", ".join(self._index)
            raise InputError(Field.MACHINE, f"'{name}' is not a machine of this department (known: {known})")
        return index

    def _instant(self, day: date, minute: int) -> datetime:
        return datetime.fromtimestamp(self._day_base(day) + minute * 60, self.tz)

    def _epoch(self, day: date, minute: int) -> int:
        return self._day_base(day) + minute * 60

    # ------------------------------------------------------------------ free time
    def _bookable_until(self, day: date, hours: tuple[int, int], today: date, urgent: bool) -> int:
        """The minute routine bookings must end by: the last `urgent_reserve` share of the machine-day
        is a block held for urgent starts until `reserve_release_days` working days ahead."""
        reserve = self.policy.urgent_reserve
        if urgent or reserve <= 0 or day <= today or self.working_days(today, day) <= self.policy.reserve_release_days:
            return hours[1]
        grid = self.policy.slot_minutes
        block = -(-int((hours[1] - hours[0]) * reserve) // grid) * grid
        return hours[1] - block

    def _windows(self, machine: int, day: date, hours: tuple[int, int]) -> list[tuple[int, int]]:
        held = self._occupancy.peek(machine, day)
        if held is None:
            return [hours]
        return held.free_windows(self._day_base(day), hours[0], hours[1])

    def _bookable_windows(self, machine: int, day: date, hours: tuple[int, int], today: date, urgent: bool) -> list[tuple[int, int]]:
        """The machine-day's free windows a course may book (`_windows`), cut where the urgent reserve still held begins."""
        until = self._bookable_until(day, hours, today, urgent)
        windows = self._windows(machine, day, hours)
        if windows and windows[-1][1] > until:  # the reserve still held: cut off (windows are by time)
            windows = [(a, b if b < until else until) for a, b in windows if a < until]
        return windows

    def _nearest(self, machine: int, day: date, minutes: int, target: int, today: date, urgent: bool,
                 lo: int | None = None, hi: int | None = None, make_up: bool = False) -> int | None:
        """The free start nearest `target` (on the slot grid, within [lo, hi] when given) for a session
        of `minutes` on a machine-day, or None."""
        hours = self._hours(machine, day, make_up)
        if hours is None:
            return None
        if self._not_before is not None:  # a time already gone is no one's: a patient cannot be told to come then
            gone = -(-(self._not_before - self._day_base(day)) // 60)
            if gone > 0:
                lo = gone if lo is None else max(lo, gone)
        until = self._bookable_until(day, hours, today, urgent) - minutes
        hi = until if hi is None else min(hi, until)
        grid, offset = self._grid[machine]
        best: int | None = None
        best_distance = 0
        for a, b in self._windows(machine, day, hours):
            fits = False  # a window with no start on the grid says nothing of those after it
            for early, late in self._start_ranges(day, a if lo is None else max(a, lo), min(b - minutes, hi), minutes):
                first = offset - (offset - early) // grid * grid  # up to the machine's slot grid
                last = offset + (late - offset) // grid * grid  # down to it
                if first > last:
                    continue
                fits = True
                clamped = min(max(target, first), last)
                down = offset + (clamped - offset) // grid * grid
                snapped = down + grid if down + grid <= last and (clamped - down) * 2 > grid else down
                distance = abs(snapped - target)
                if best is None or distance < best_distance:
                    best, best_distance = snapped, distance
            if fits and a > target and best is not None:
                break
        return best

    # ------------------------------------------------------------------ planning one course
    def _eligible(self, need: CourseNeed) -> list[int]:
        found = [i for i, m in enumerate(self.machines)
                 if m.holds is AppointmentKind.FRACTION and m.can_treat(need.requires)]
        if not found:
            raise InputError(Field.MACHINE, "no machine of the department has " + (", ".join(sorted(need.requires)) or "treatment hours"))
        if need.preferred_machine is not None:
            preferred = self._machine(need.preferred_machine)
            if preferred not in found:
                machine = self.machines[preferred]
                if machine.holds is not AppointmentKind.FRACTION:  # nothing it lacks: it books scans or reviews, not fractions
                    raise InputError(Field.MACHINE, f"{machine.name} takes {HELD_WORDS[machine.holds]}, "
                                                    f"not {HELD_WORDS[AppointmentKind.FRACTION]}")
                lacking = ", ".join(sorted(need.requires - machine.capabilities))
                raise InputError(Field.MACHINE, f"{machine.name} lacks what this course needs ({lacking})")
            found.remove(preferred)
            found.insert(0, preferred)
        return found

    def _search_order(self, anchor: int, eligible: list[int]) -> list[int]:
        """The anchor machine, then its beam-matched group, then every other eligible machine."""
        group = self.machines[anchor].group
        same = [i for i in eligible if i != anchor and self.machines[i].group == group]
        other = [i for i in eligible if i != anchor and self.machines[i].group != group]
        return [anchor, *same, *other]

    def _place_day(self, sessions: Sequence[SessionNeed], day: date, order: list[int], minute: int,
                   today: date, urgent: bool, reserved: dict[tuple[int, date], list[tuple[int, int]]],
                   make_up: bool = False) -> list[_Slot] | None:
        """Place one treatment day's sessions (one, or two >= 6 h apart, the second nearest the course's own
        second time) nearest the daily time: on
        the first machine of `order` if it has room at all, else its beam-matched group, else any
        (the same machine before the same time); None when the day has no room. `make_up`: a weekend
        make-up's day, in the department's weekend hours."""
        slots: list[_Slot] = []
        group = self.machines[order[0]].group
        first_wall = self._wanted_wall(sessions[0], minute)
        for k, session in enumerate(sessions):
            if k == 0:
                lo = self._local(day).first
                target = max(self._at_wall(day, first_wall), lo)
            else:  # a second session: its own time after the first (the course's second time), at least 6 h on
                lo = slots[-1].minute + SECOND_GAP
                after = session.after_first
                target = lo if after is None else max(self._at_wall(day, first_wall + after), lo)
            best: tuple[int, int, int, int] | None = None  # (tier, distance, machine, start)
            for machine in order:
                tier = 0 if machine == order[0] else 1 if self.machines[machine].group == group else 2
                if best is not None and tier > best[0]:
                    break
                start = self._nearest_unreserved(machine, day, session.minutes, target, today, urgent, reserved, lo, make_up)
                if start is not None and (best is None or (tier, abs(start - target)) < best[:2]):
                    best = (tier, abs(start - target), machine, start)
            if best is None:
                return None
            reserved.setdefault((best[2], day), []).append((best[3], best[3] + session.minutes))
            slots.append(_Slot(session, best[2], day, best[3]))
        return slots

    def _wanted_wall(self, session: SessionNeed, minute: int) -> int:
        """The wall-clock minute a day's first session is booked nearest: the time the coordinator moved it
        to (on the department's clock), else the daily time `minute`."""
        if session.wanted_at is None:
            return minute
        wanted = session.wanted_at.astimezone(self.tz)
        return wanted.hour * 60 + wanted.minute

    @staticmethod
    def _second_reference(session: SessionNeed, first: int, second: int) -> int:
        """The wall-clock minute a day's second session counts as on time near: as long after the day's first
        session's own time (`first`) as the course has it, else (a course with no time of its own for it) the
        course's first second session as booked (`second`)."""
        if session.after_first is not None:
            return first + session.after_first
        return second

    def _nearest_unreserved(self, machine: int, day: date, minutes: int, target: int, today: date, urgent: bool,
                            reserved: dict[tuple[int, date], list[tuple[int, int]]], lo: int,
                            make_up: bool = False) -> int | None:
        """Like `_nearest`, but also clear of what this plan itself already placed."""
        taken = reserved.get((machine, day))
        start = self._nearest(machine, day, minutes, target, today, urgent, lo=lo, make_up=make_up)
        if not taken or start is None:
            return start
        # Rare (twice-daily or make-up sessions on one machine-day): step until clear of the plan's own slots.
        grid = self._grid[machine][0]
        for step in range(0, 25 * 60 // grid):  # a day is 25 hours long when the clocks go back
            for candidate in (target + step * grid, target - step * grid):
                if candidate < lo:
                    continue
                found = self._nearest(machine, day, minutes, candidate, today, urgent, lo=candidate, hi=candidate,
                                      make_up=make_up)
                if found is not None and all(found + minutes <= a or found >= b for a, b in taken):
                    return found
        return None

    def _day_groups(self, need: CourseNeed) -> list[list[SessionNeed]]:
        """The course's sessions by day (a twice-daily day's two together); kept for the course last asked about,
        which a search asks about hundreds of times (each machine and day it weighs). Not to be changed."""
        last = self._groups
        if last is not None and last[0] is need:
            return last[1]
        groups: list[list[SessionNeed]] = []
        for session in need.sessions:
            if session.same_day and groups:
                groups[-1].append(session)
            else:
                groups.append([session])
        self._groups = (need, groups)
        return groups

    def _plan(self, need: CourseNeed, first: date, anchor: int, minute: int, eligible: list[int], today: date,
              limit: date) -> _Plan | None:
        """Every fraction of the course from `first`, each nearest to `anchor` at `minute` (the daily
        time, minutes after midnight on the wall clock).

        After the first day a course stays in the anchor's beam-matched group unless it is
        gap-sensitive: a day none of the group has room moves on, as after a closure, rather than
        going to a machine of another group (which would need a plan of its own), as a day of
        downtime does. A gap-sensitive course, for which a day lost costs more, may go to any."""
        order = self._search_order(anchor, eligible)
        group = self.machines[anchor].group
        later = order if need.gap_sensitive else [i for i in order if self.machines[i].group == group]
        reserved: dict[tuple[int, date], list[tuple[int, int]]] = {}
        slots: list[_Slot] = []
        pushed: list[PushedDate] = []
        previous: date | None = None
        limit = min(limit, LATEST_DATE)
        for sessions in self._day_groups(need):
            day = first if previous is None else previous + timedelta(days=max(1, sessions[0].min_days))
            weekend = sessions[0].make_up_on
            if previous is not None and weekend is not None and day <= weekend <= limit:
                placed = self._place_day(sessions, weekend, later, minute, today, need.urgent, reserved, make_up=True)
                if placed is not None:  # the make-up of a session marked missed, on its weekend day
                    slots.extend(placed)
                    previous = weekend
                    continue
                pushed.append(PushedDate(weekend, NO_WEEKEND_HOURS if self.policy.weekend_hours is None else NO_ROOM))
                day = max(day, weekend + timedelta(days=1))
            while True:
                if day > limit:
                    return None
                if not self.open_for(need, day):
                    reason = self._closed_reason(need, day)
                    if reason is not None and previous is not None:
                        pushed.append(PushedDate(day, reason))
                    day += timedelta(days=1)
                    continue
                placed = self._place_day(sessions, day, order if previous is None else later, minute, today,
                                         need.urgent, reserved)
                if placed is not None:
                    break
                if previous is None:
                    return None
                pushed.append(PushedDate(day, self._no_room_reason(sessions, day, order[len(later):], minute, today,
                                                                   need.urgent, reserved)))
                day += timedelta(days=1)
            slots.extend(placed)
            previous = day
        return _Plan(tuple(slots), tuple(pushed))

    def _no_room_reason(self, sessions: Sequence[SessionNeed], day: date, others: list[int], minute: int, today: date,
                        urgent: bool, reserved: dict[tuple[int, date], list[tuple[int, int]]]) -> str:
        """Why a day the course needed moved on: no eligible machine had room, or only machines
        outside its beam-matched group (`others`) had."""
        if others and self._place_day(sessions, day, others, minute, today, urgent,
                                      {key: list(spans) for key, spans in reserved.items()}) is not None:
            return NO_GROUP_ROOM
        return NO_ROOM

    def _nominal_days(self, need: CourseNeed, first: date, machine: int) -> Iterator[tuple[date, int]]:
        """The days the course would use from `first` with room everywhere: (day, first session minutes), found as
        they are asked for (a first day without room ends the search for the time: no need of the rest)."""
        day = first
        limit = min(first + timedelta(days=SEARCH_DAYS), LATEST_DATE)
        for k, sessions in enumerate(self._day_groups(need)):
            if k:
                day = day + timedelta(days=max(1, sessions[0].min_days))
            while day <= limit and (self._hours(machine, day) is None or not self.open_for(need, day)):
                day += timedelta(days=1)
            yield day, sessions[0].minutes

    def _best_minute(self, need: CourseNeed, first: date, machine: int, today: date, prefer: int | None) -> int | None:
        """The course's daily start time on one machine (wall clock, minutes after midnight); None when
        the first day has no room at all.

        With a preferred time: the time free on the most of the course's days, nearest to it.
        Otherwise the cheapest of the times free on nearly as many days (COVER_SLACK_DAYS): a later
        day without room at the time costs OFF_DAY_MINUTES, and the free time the choice leaves
        unusable or cuts in two counts too (`_least_waste`), because near capacity a department
        whose free time lies in short gaps has no room to start a course, whose first fraction is
        longer. A day or two off the time (that day's fraction nearest to it) costs the patient
        less than a wait.

        A longer first fraction is not tied to the daily time: it goes nearest to it wherever it fits
        on the machine that day. Tied to the daily time, its extra minutes would stay free on every
        later day as a gap too short for anyone's session. Times with the first fraction near enough
        to keep the course's spread of start times small (`NEAR_FIRST_SD`) are a must while they
        cover almost as many days (NEAR_SLACK_DAYS)."""
        grid, offset = self._grid[machine]
        events: dict[int, int] = {}

        def count(lo: int, hi: int, weight: int) -> None:
            if lo <= hi:
                events[lo] = events.get(lo, 0) + weight
                events[hi + 1] = events.get(hi + 1, 0) - weight

        first_ok = False
        longer_first = len(need.sessions) > 1 and need.sessions[0].minutes > need.sessions[1].minutes
        free: list[tuple[int, list[tuple[int, int]]]] = []  # each day's session minutes and free windows
        spots: list[tuple[int, int]] = []  # where the longer first fraction can start on the first day
        for k, (day, minutes) in enumerate(self._nominal_days(need, first, machine)):
            if k and not first_ok:
                return None  # only the first day can say the course starts here
            hours = self._hours(machine, day)
            if hours is None:
                continue
            windows = self._bookable_windows(machine, day, hours, today, need.urgent)
            if not self._local(day).plain:  # weighed as the clock shows them, as the daily time is
                windows = self._wall_windows(day, windows)
                hours = (self._wall(day, hours[0]), self._wall(day, hours[1]))
            free.append((minutes, windows))
            if k == 0 and longer_first:
                spots = [(a, b - minutes) for a, b in windows if b - a >= minutes]
                if not spots:
                    return None
                count(-((offset - hours[0]) // grid), (hours[1] - offset) // grid, FIRST_DAY_WEIGHT)
                days = len(self._day_groups(need))
                # One start this far off among `days` equal ones has a standard deviation of NEAR_FIRST_SD.
                reach = int(NEAR_FIRST_SD * days / max(1.0, (days - 1) ** 0.5))
                near: list[tuple[int, int]] = []
                for a, b in spots:
                    lo, hi = -((offset - a + reach) // grid), (b + reach - offset) // grid
                    if near and lo <= near[-1][1] + 1:
                        near[-1] = (near[-1][0], max(hi, near[-1][1]))  # each day counts once
                    else:
                        near.append((lo, hi))
                for lo, hi in near:
                    count(lo, hi, 1)  # a tie-break: every later day with room counts 2
                first_ok = True
                continue
            weight = FIRST_DAY_WEIGHT if k == 0 else 2  # the start day must have room at that time
            for a, b in windows:
                # Slot indices: minute = offset + index * grid.
                lo, hi = -((offset - a) // grid), (b - minutes - offset) // grid
                count(lo, hi, weight)
                first_ok = first_ok or (k == 0 and lo <= hi)
        if not first_ok:
            return None
        ranges: list[tuple[int, int, int]] = []  # grid ranges with room on the first day, and their coverage
        level = 0
        points = sorted(events)
        for i, point in enumerate(points):
            level += events[point]
            if i + 1 < len(points) and level >= FIRST_DAY_WEIGHT:
                ranges.append((point, points[i + 1] - 1, level))
        if not ranges:
            return None
        top = max(lev for _, _, lev in ranges)
        if prefer is not None:
            best = [(lo, hi) for lo, hi, lev in ranges if lev == top]
            candidates = [min(max((prefer - offset) // grid, lo), hi) for lo, hi in best]
            return offset + min(candidates, key=lambda g: (abs(offset + g * grid - prefer), g)) * grid
        # Coverage is FIRST_DAY_WEIGHT + 2 per later day with room + 1 when the longer first fraction
        # fits near. Near the first fraction is kept as a must (the spread of start times); a few
        # later days without room at the time are traded against the free time the choice wastes.
        covered = [(lo, hi, *divmod(lev - FIRST_DAY_WEIGHT, 2)) for lo, hi, lev in ranges]  # (lo, hi, days, near)
        top_days = max(days for *_, days, _ in covered)
        near_days = max((days for *_, days, first_near in covered if first_near), default=None)
        must_near = int(near_days is not None and near_days >= top_days - NEAR_SLACK_DAYS)
        kept = [(lo, hi, OFF_DAY_MINUTES * (top_days - days)) for lo, hi, days, first_near in covered
                if first_near >= must_near and days >= top_days - COVER_SLACK_DAYS]
        # Free time too short for two of the course's sessions cannot start a course like it (the first
        # fraction is longer), so leaving such gaps is what the choice avoids.
        return self._least_waste(kept, free, spots, grid, offset, 2 * min(s.minutes for s in need.sessions))

    @staticmethod
    def _least_waste(ranges: list[tuple[int, int, int]], free: list[tuple[int, list[tuple[int, int]]]],
                     spots: list[tuple[int, int]], grid: int, offset: int, shortest: int) -> int:
        """Of the daily times in `ranges` (grid ranges, each with the minutes its uncovered days
        cost), the one with the lowest cost: those minutes, plus the minutes of free time it leaves
        in gaps too short for a session (`shortest`) over the course's days net of such gaps it
        fills, plus SPLIT_MINUTES for every free window it cuts in two (a cut window keeps no room
        for a longer first fraction); ties: the one nearest where the longer first fraction fits
        (`spots`), then the earliest. Times flush against a booking or an edge of the free time are
        the only ones that can leave no gap, so only they (and each range's earliest) are weighed."""
        starts = {lo: cost for lo, _, cost in ranges}
        for minutes, windows in free:
            for a, b in windows:
                for minute in (a, b - minutes):
                    index = -((offset - minute) // grid)  # up to the grid
                    if index in starts:
                        continue
                    for lo, hi, cost in ranges:
                        if lo <= index <= hi:
                            starts[index] = cost
                            break
        if len(starts) == 1:
            return offset + next(iter(starts)) * grid
        day_starts = [[a for a, _ in windows] for _, windows in free]

        def waste(index: int) -> int:
            start = offset + index * grid
            lost = 0
            for (minutes, windows), lefts in zip(free, day_starts, strict=True):
                k = bisect_right(lefts, start) - 1
                if k < 0 or windows[k][1] < start + minutes:
                    continue  # no room at this time on this day: the plan goes elsewhere
                left, right = start - windows[k][0], windows[k][1] - start - minutes
                size = windows[k][1] - windows[k][0]
                lost += (left if 0 < left < shortest else 0) + (right if 0 < right < shortest else 0) \
                    - (size if size < shortest else 0) + (SPLIT_MINUTES if left > 0 and right > 0 else 0)
            return lost

        def first_off(index: int) -> int:
            start = offset + index * grid
            return min((max(a - start, start - b, 0) for a, b in spots), default=0)

        return offset + min(starts, key=lambda g: (starts[g] + waste(g), first_off(g), g)) * grid

    def earliest_date(self, need: CourseNeed, today: date, scan_day: date | None = None) -> date:
        """The date the wait counts from: given, or the planning scan (or today) plus the planning days."""
        if need.earliest is not None:
            return max(need.earliest, today)
        return self.add_working_days(scan_day or today, need.planning_days)

    def _proposal(self, need: CourseNeed, plan: _Plan, anchor: int, minute: int, earliest: date,
                  extra: tuple[Booking, ...]) -> Proposal:
        near = self.policy.same_time_minutes
        group = self.machines[anchor].group
        second_minute: int | None = None
        off_time = off_machine = off_group = 0
        bookings = list(extra)
        previous_day: date | None = None
        first_reference = minute
        for slot in plan.slots:
            if slot.session.same_day and slot.day == previous_day:
                if second_minute is None:
                    second_minute = self._wall(slot.day, slot.minute)
                reference = self._second_reference(slot.session, first_reference, second_minute)
            else:
                reference = first_reference = self._wanted_wall(slot.session, minute)
            previous_day = slot.day
            off_time += abs(slot.minute - self._at_wall(slot.day, reference)) > near  # where the clock shows it that day
            off_machine += slot.machine != anchor
            off_group += self.machines[slot.machine].group != group
            bookings.append(Booking(need.course_id, AppointmentKind.FRACTION, slot.session.number,
                                    self.machines[slot.machine].name, self._instant(slot.day, slot.minute),
                                    self._instant(slot.day, slot.minute + slot.session.minutes)))
        first = plan.slots[0].day
        return Proposal(first, self.machines[anchor].name, time(minute // 60, minute % 60), off_time, off_machine, off_group,
                        self.working_days(earliest, first), tuple(bookings), plan.pushed)

    def _scan_booking(self, need: CourseNeed, today: date) -> Booking | None:
        """The planning scan on a CT simulator, at or after its wanted time; None without one, or for a scan
        on a day gone by: it was done (or missed) before the booking, and the time of days gone by is not
        the engine's to give (it does not hold what was booked then, and the store refuses an overlap)."""
        if need.simulation_minutes is None:
            return None
        scanners = self._holding(AppointmentKind.SIMULATION)
        if not scanners:
            return None
        wanted = need.simulation_at.astimezone(self.tz) if need.simulation_at is not None else None
        if wanted is not None and wanted.date() < today:
            return None
        day = wanted.date() if wanted is not None else today
        target = (int(wanted.timestamp()) - self._day_base(day)) // 60 if wanted is not None else self._local(day).first
        for _ in range(SEARCH_DAYS):
            if day > LATEST_DATE:
                break
            for machine in scanners:
                start = self._nearest(machine, day, need.simulation_minutes, target, today, True, lo=target)
                if start is not None:
                    return Booking(need.course_id, AppointmentKind.SIMULATION, 1, self.machines[machine].name,
                                   self._instant(day, start), self._instant(day, start + need.simulation_minutes))
            day += timedelta(days=1)
            target = self._local(day).first
        return None

    def _holding(self, kind: AppointmentKind) -> list[int]:
        """The machines booked for `kind`: CT simulators for scans, clinic rooms for reviews."""
        return [i for i, m in enumerate(self.machines) if m.holds is kind]

    def _with_reviews(self, need: CourseNeed, proposal: Proposal, today: date) -> Proposal:
        """The proposal with its weekly reviews booked in clinic rooms, when the department lists
        rooms: after the fractions the planner's rule picks among the booked ones (so a course booked
        to start a day later keeps its review weekday), nearest the wanted time and clear of the
        patient's own sessions that day. A review no room can take stays unbooked, with a warning."""
        rooms = self._holding(AppointmentKind.REVIEW)
        review = need.reviews
        if not rooms or review is None:
            return proposal
        fractions = sorted(proposal.fractions, key=lambda b: b.start)
        starts = [b.start.astimezone(self.tz) for b in fractions]
        taken: dict[tuple[int, date], list[tuple[int, int]]] = {}
        placed: list[Booking] = []
        warnings: list[str] = []
        for number, index in enumerate(review_fractions(starts, review.weekday), start=1):
            local = starts[index]
            day = local.date()
            own = self._busy_minutes(proposal.bookings, day)
            wanted = int(local.timestamp()) + review.offset_minutes * 60 if review.offset_minutes is not None \
                else int(fractions[index].end.timestamp())  # real minutes after the fraction, whatever the clock does
            target = (wanted - self._day_base(day)) // 60
            best: tuple[int, int] | None = None
            for room in rooms:
                start = self._clear_start(room, day, review.minutes, target, today, own + taken.get((room, day), []))
                if start is not None and (best is None or abs(start - target) < abs(best[1] - target)):
                    best = (room, start)
            if best is None:
                warnings.append(f"review {number} on {day_text(day)}: no free time in a clinic room")
                continue
            taken.setdefault((best[0], day), []).append((best[1], best[1] + review.minutes))
            placed.append(Booking(need.course_id, AppointmentKind.REVIEW, number, self.machines[best[0]].name,
                                  self._instant(day, best[1]), self._instant(day, best[1] + review.minutes)))
        return replace(proposal, bookings=proposal.bookings + tuple(placed), warnings=proposal.warnings + tuple(warnings))

    def _clear_start(self, machine: int, day: date, minutes: int, target: int, today: date,
                     busy: list[tuple[int, int]]) -> int | None:
        """The free start nearest `target` on a machine-day that overlaps none of `busy` (minutes of the day)."""
        best: int | None = None
        local = self._local(day)
        for lo, hi in self._gaps(busy, local.first, local.last):
            start = self._nearest(machine, day, minutes, target, today, True, lo=lo, hi=hi - minutes)
            if start is not None and (best is None or abs(start - target) < abs(best - target)):
                best = start
        return best

    def _busy_minutes(self, bookings: Iterable[Booking], day: date) -> list[tuple[int, int]]:
        """A patient's own appointments on `day`, as minutes of that local day."""
        base = self._day_base(day)
        return [((int(b.start.timestamp()) - base) // 60, (int(b.end.timestamp()) - base) // 60)
                for b in bookings if b.start.astimezone(self.tz).date() == day]

    @staticmethod
    def _gaps(busy: list[tuple[int, int]], first: int, last: int) -> list[tuple[int, int]]:
        """The stretches of a day (minutes `first` to `last`) outside `busy`."""
        gaps: list[tuple[int, int]] = []
        lo = first
        for a, b in sorted(busy):
            if a > lo:
                gaps.append((lo, a))
            lo = max(lo, b)
        if lo < last:
            gaps.append((lo, last))
        return gaps

    def propose(self, need: CourseNeed, today: date, limit: int = 3) -> BookingAnswer:
        """Up to `limit` ways to book the course, best first (deterministic)."""
        if need.course_id in self._courses:
            raise InputError(Field.COURSE, f"course {need.course_id} is already booked; unbook it first")
        eligible = self._eligible(need)
        scan = self._scan_booking(need, today)
        earliest = self.earliest_date(need, today, scan.start.date() if scan is not None else None)
        if scan is not None and earliest <= scan.start.date():
            earliest = scan.start.date() + timedelta(days=1)
        prefer = need.preferred_time.hour * 60 + need.preferred_time.minute if need.preferred_time is not None else None
        self._check_within_calendar(need, earliest)
        horizon = min(earliest + timedelta(days=SEARCH_DAYS), LATEST_DATE)
        extra = (scan,) if scan is not None else ()
        warnings: list[str] = []
        candidates: list[tuple[tuple[int, ...], Proposal]] = []
        day = earliest
        first_possible: date | None = None
        extra_wait = self.policy.max_extra_wait_days if not need.urgent else 0
        deadline = self.add_working_days(earliest, extra_wait)
        while day <= horizon:
            if self.open_for(need, day):
                candidates.extend(self._day_candidates(need, day, eligible, today, prefer, earliest, extra, horizon))
                if candidates and first_possible is None:
                    first_possible = day
                    deadline = max(deadline, self.add_working_days(day, extra_wait))
                # A short departure here beats every later start; a long one may wait for the same machine.
                if first_possible is not None and (day >= deadline or any(k[:2] == (0, 0) for k, _ in candidates)):
                    break
            day += timedelta(days=1)
        if not candidates:
            self._check_within_calendar(need, earliest, cut=horizon == LATEST_DATE)
            if need.preferred_time is not None and need.twice_daily:
                # Each day's first session is sought near the time asked, its second at least 6 hours on: a time
                # late in the day leaves the second none of the machines' hours, so no day is found. Said so, naming
                # the option
                raise InputError(Field.PREFER_TIME, f"no eligible machine has room within {SEARCH_DAYS} days for this "
                                 f"twice-daily course with its first session near {need.preferred_time:%H:%M}: each "
                                 f"day's second session, {SECOND_SESSION_HOURS} hours later, must fit in a machine's "
                                 "hours too; give an earlier time")
            raise InputError(Field.BOOK, f"no eligible machine has room for course {need.course_id} within {SEARCH_DAYS} days")
        if need.urgent:
            due = urgent_due_day(self.is_open, earliest, self.policy.urgent_within_days)  # entered by today: not later
            candidates.sort(key=lambda c: (c[1].first > due, c[0]))
            if candidates[0][1].first > due:
                warnings.append(f"urgent course cannot start within {self.policy.urgent_within_days} working days "
                                f"(first possible {day_text(candidates[0][1].first)})")
        else:
            candidates.sort(key=lambda c: c[0])
        chosen: list[Proposal] = []
        seen: set[tuple[date, str]] = set()
        for _, proposal in candidates:
            key2 = (proposal.first, proposal.machine)
            if key2 in seen:
                continue
            seen.add(key2)
            chosen.append(self._with_reviews(need, proposal, today))
            if len(chosen) == limit:
                break
        if limit > 1 and not need.urgent and not any(_consistent(p) for p in chosen):
            later = self._consistent_start(need, day + timedelta(days=1), eligible, today, prefer, earliest, extra, horizon)
            if later is not None:
                chosen = [*chosen[:limit - 1], self._with_reviews(need, later, today)]
        return BookingAnswer(need.course_id, earliest, tuple(chosen), tuple(warnings), urgent=need.urgent)

    @staticmethod
    def _check_within_calendar(need: CourseNeed, earliest: date, cut: bool = False) -> None:
        """InputError naming --earliest when the course cannot start by the end of the planner's calendar
        (`earliest` past it) or, `cut` short by that end, found no way to place all its fractions before it."""
        if earliest > LATEST_DATE:
            raise InputError(Field.EARLIEST, f"course {need.course_id} could start on {day_text(earliest)} at the earliest, "
                                             f"past the planner's calendar (it ends {day_text(LATEST_DATE)})")
        if cut:
            raise InputError(Field.EARLIEST, f"course {need.course_id} cannot be booked from {day_text(earliest)}: its "
                                             f"{len(need.sessions)} fractions would run past the planner's calendar "
                                             f"(it ends {day_text(LATEST_DATE)})")

    def _day_candidates(self, need: CourseNeed, day: date, eligible: list[int], today: date, prefer: int | None,
                        earliest: date, extra: tuple[Booking, ...], horizon: date) -> list[tuple[tuple[int, ...], Proposal]]:
        """Each eligible machine's proposal starting on `day`, with its rank (lower is better).

        The rank: a short departure (at most SHORT_DEPARTURE fractions on another machine of the
        group) before a long one; the named machine; then, among short departures, the earlier start
        before fewer fractions off the machine or off the time, so that a day or two off beats a
        wait; then fewer fractions off the group, fewer days moved on for want of room (a day longer
        each), fewer fractions off the machine, off the time, the preferred time."""
        found: list[tuple[tuple[int, ...], Proposal]] = []
        plain, minutes = self._local(day).plain, need.sessions[0].minutes
        for rank, machine in enumerate(eligible):
            if plain and not self._may_start(machine, day, minutes, today, need.urgent):
                continue  # as `_best_minute` would find, at a fraction of its cost (a full department: most of them)
            minute = self._best_minute(need, day, machine, today, prefer)
            if minute is None:
                continue
            plan = self._plan(need, day, machine, minute, eligible, today, horizon + timedelta(days=SEARCH_DAYS))
            if plan is None:
                continue
            proposal = self._proposal(need, plan, machine, minute, earliest, extra)
            distance = 0 if prefer is None else abs(minute - prefer)
            long = int(proposal.off_group > 0 or proposal.off_machine > SHORT_DEPARTURE)
            key = (long, int(need.preferred_machine is not None and rank > 0), 0 if long else proposal.wait_days,
                   proposal.off_group, _moved_on(proposal), proposal.off_machine, proposal.off_time,
                   int(distance > self.policy.same_time_minutes), proposal.wait_days, distance, rank)
            found.append((key, proposal))
        return found

    def _may_start(self, machine: int, day: date, minutes: int, today: date, urgent: bool) -> bool:
        """False only when the machine treats on `day` and none of its free time then (the urgent reserve kept) is
        `minutes` long, so that no course whose first session is that long starts there that day: `_best_minute` would
        find no time (on a day the clocks change it weighs the wall clock's windows: not asked here). True otherwise,
        also when the machine does not treat that day (its first day is a later one, which `_best_minute` finds)."""
        hours = self._hours(machine, day)
        return hours is None or any(b - a >= minutes for a, b in self._bookable_windows(machine, day, hours, today, urgent))

    def _consistent_start(self, need: CourseNeed, day: date, eligible: list[int], today: date, prefer: int | None,
                          earliest: date, extra: tuple[Booking, ...], horizon: date) -> Proposal | None:
        """The earliest start from `day` (within CONSISTENT_SEARCH_DAYS working days) with every
        fraction on one machine at one daily time, for the coordinator who would rather wait."""
        last = min(horizon, self.add_working_days(day, CONSISTENT_SEARCH_DAYS))
        while day <= last:
            if self.open_for(need, day):
                found = sorted((c for c in self._day_candidates(need, day, eligible, today, prefer, earliest, extra, horizon)
                                if _consistent(c[1])), key=lambda c: c[0])
                if found:
                    return found[0][1]
            day += timedelta(days=1)
        return None

    # ------------------------------------------------------------------ committing
    def book(self, need: CourseNeed, proposal: Proposal) -> tuple[Booking, ...]:
        """Hold every booking of a proposal; BookingConflict (nothing held) when one is taken."""
        if need.course_id in self._courses:
            raise InputError(Field.COURSE, f"course {need.course_id} is already booked; unbook it first")
        self._check_free(proposal.bookings)
        for booking in proposal.bookings:
            self._hold(booking)
        anchor = proposal.time.hour * 60 + proposal.time.minute
        self._courses[need.course_id] = _Course(need, list(proposal.bookings), proposal.machine, anchor)
        return proposal.bookings

    def book_best(self, need: CourseNeed, today: date) -> Proposal:
        """Propose and book the best proposal."""
        answer = self.propose(need, today, limit=1)
        best = answer.proposals[0]
        if answer.warnings:
            best = replace(best, warnings=best.warnings + answer.warnings)
        self.book(need, best)
        return best

    def restore(self, need: CourseNeed, bookings: Iterable[Booking], machine: str, daily_time: time) -> None:
        """Put a course booked earlier (e.g. read from the store) back; BookingConflict on a clash."""
        self.restore_later(need.course_id, need, bookings, machine, daily_time)

    def restore_later(self, course_id: str, need: CourseNeed | Callable[[], CourseNeed], bookings: Iterable[Booking],
                      machine: str, daily_time: time) -> None:
        """`restore`, the course's need given as a function called when the engine first wants it (its time is held
        at once); what that function raises (a course that cannot be planned) is raised where the need is wanted."""
        held = tuple(bookings)
        self._check_free(held)
        for booking in held:
            self._hold(booking)
        self._courses[course_id] = _Course(need, list(held), machine, daily_time.hour * 60 + daily_time.minute)

    def occupy(self, bookings: Iterable[Booking]) -> int:
        """Hold the time of bookings this engine will only book around, never re-book (e.g. everything
        the store holds, read to propose one course): no course, no need, no checks (the store keeps
        them apart). Bookings under time already held (downtime) are left out. Returns how many it held."""
        count = 0
        machines: dict[str, int] = {}
        for booking in bookings:
            if booking.released:
                continue
            machine = machines.get(booking.machine)
            if machine is None:
                machine = machines[booking.machine] = self._machine(booking.machine)
            start, end = int(booking.start.timestamp()), int(booking.end.timestamp())
            held = self._occupancy.day(machine, booking.start.astimezone(self.tz).date())
            if not held.overlaps(start, end):
                held.add(start, end, booking)
                count += 1
        return count

    def read_stored_time(self, read: Callable[[datetime, datetime], Iterable[tuple[int, int, int, str]]],
                         names: Mapping[int, str]) -> None:
        """Like `occupy`, but read as the search reaches it: `read(start, end)` gives (machine's key, start,
        end, course id) of every stored booking starting in [start, end), instants as UTC epoch
        seconds, by start; `names`: each key's machine name (the store's row ids). Give downtime first: bookings under
        time already held are left out."""

        def reader(first: date, last: date) -> tuple[list[int], Iterable[tuple[int, int, int, str]]]:
            midnights = [int(datetime.combine(first + timedelta(days=k), time(0), tzinfo=self.tz).timestamp())
                         for k in range((last - first).days + 1)]
            return midnights, read(datetime.fromtimestamp(midnights[0], UTC), datetime.fromtimestamp(midnights[-1], UTC))

        self._occupancy.read_from(reader, {key: self._index[name] for key, name in names.items() if name in self._index}, names)

    def _check_free(self, bookings: Iterable[Booking]) -> None:
        seen: list[Booking] = []
        for booking in bookings:
            if booking.released:  # a session marked missed in advance: the record of its day, holding no time
                continue
            machine = self._machine(booking.machine)
            day = booking.start.astimezone(self.tz).date()
            start, end = int(booking.start.timestamp()), int(booking.end.timestamp())
            hours = self._hours(machine, day, make_up=True)
            minute = (start - self._day_base(day)) // 60
            if hours is None or minute < hours[0] or minute + (end - start) // 60 > hours[1]:
                raise BookingConflict(f"{booking.machine} does not treat at {booking.start:%Y-%m-%d %H:%M}")
            held = self._occupancy.peek(machine, day)
            if held is not None and held.overlaps(start, end):
                raise BookingConflict(f"{booking.machine} is taken at {booking.start:%Y-%m-%d %H:%M}")
            for other in seen:
                if other.machine == booking.machine and other.start < booking.end and booking.start < other.end:
                    raise BookingConflict(f"two appointments of the course overlap at {booking.start:%Y-%m-%d %H:%M}")
            seen.append(booking)

    def _hold(self, booking: Booking) -> None:
        if booking.released:  # a session marked missed in advance holds no machine time (the store's `follow_missed`)
            return
        day = booking.start.astimezone(self.tz).date()
        self._occupancy.day(self._machine(booking.machine), day).add(int(booking.start.timestamp()), int(booking.end.timestamp()), booking)

    def _release(self, booking: Booking) -> None:
        if booking.released:
            return
        day = booking.start.astimezone(self.tz).date()
        held = self._occupancy.peek(self._machine(booking.machine), day)
        if held is not None:
            held.remove(int(booking.start.timestamp()), booking)

    def unbook(self, course_id: str) -> tuple[Booking, ...]:
        """Release every booking of a course (treatment cancelled); returns what was released."""
        course = self._courses.pop(course_id, None)
        if course is None:
            return ()
        for booking in course.bookings:
            self._release(booking)
        return tuple(course.bookings)

    # ------------------------------------------------------------------ re-placing whole courses
    def placement(self, course_id: str) -> tuple[str, time] | None:
        """The machine and daily time a booked course was booked on (None: not booked)."""
        course = self._courses.get(course_id)
        return (course.machine, time(course.minute // 60, course.minute % 60)) if course is not None else None

    @contextmanager
    def set_aside(self, course_ids: Iterable[str]) -> Iterator[None]:
        """While inside: the courses' bookings hold no time, so plans may take it (they stay booked)."""
        held = [b for course_id in course_ids for b in self._courses[course_id].bookings]
        for booking in held:
            self._release(booking)
        try:
            yield
        finally:
            for booking in held:
                self._hold(booking)

    def eligible_machines(self, need: CourseNeed) -> tuple[str, ...]:
        """The machines that can treat the course, its preferred one first."""
        return tuple(self.machines[i].name for i in self._eligible(need))

    def daily_minute(self, need: CourseNeed, first: date, machine: str, today: date) -> int | None:
        """The daily time (minute of the day) the engine would choose for the course starting on
        `first` on `machine`; None when that day has no room for its first fraction there."""
        prefer = need.preferred_time.hour * 60 + need.preferred_time.minute if need.preferred_time is not None else None
        return self._best_minute(need, first, self._machine(machine), today, prefer)

    def free_starts(self, need: CourseNeed, first: date, machine: str, today: date) -> list[int]:
        """The daily times (wall-clock minutes, on the machine's slot grid) where the course's first
        fraction fits flush against the start or the end of a free window of `machine` on `first`."""
        index = self._machine(machine)
        hours = self._hours(index, first)
        if hours is None:
            return []
        minutes = need.sessions[0].minutes
        until = self._bookable_until(first, hours, today, need.urgent)
        grid, offset = self._grid[index]
        found: list[int] = []
        for a, b in self._windows(index, first, hours):
            for start, end in self._start_ranges(first, a, min(b, until) - minutes, minutes):
                early = offset - (offset - start) // grid * grid  # up to the grid
                late = offset + (end - offset) // grid * grid  # down to it
                if early <= late:
                    found += [early] if early == late else [early, late]
        return [self._wall(first, minute) for minute in found]

    def plan_placement(self, need: CourseNeed, first: date, machine: str, minute: int, today: date, earliest: date,
                       keep: tuple[Booking, ...] = ()) -> Proposal | None:
        """The course planned by the engine's own rules to start on `first` on `machine` at `minute`
        (reviews in clinic rooms, `keep` such as its planning scan carried along); None when the
        first day has no room there."""
        anchor = self._machine(machine)
        plan = self._plan(need, first, anchor, minute, self._eligible(need), today, first + timedelta(days=2 * SEARCH_DAYS))
        if plan is None or plan.slots[0].day != first:
            return None
        return self._with_reviews(need, self._proposal(need, plan, anchor, minute, earliest, keep), today)

    def departures(self, course_id: str) -> tuple[int, int, int]:
        """(off time, off machine, off group) of a booked course's fractions against its machine and
        daily time, counted as a proposal counts them."""
        course = self._courses[course_id]
        anchor = self._machine(course.machine)
        group = self.machines[anchor].group
        near = self.policy.same_time_minutes
        off_time = off_machine = off_group = 0
        second: int | None = None
        first = course.minute
        previous: date | None = None
        sessions = course.need.sessions
        for booking in sorted((b for b in course.bookings if b.kind is AppointmentKind.FRACTION), key=lambda b: b.start):
            day = booking.start.astimezone(self.tz).date()
            minute = (int(booking.start.timestamp()) - self._day_base(day)) // 60
            session = sessions[booking.number - 1] if booking.number <= len(sessions) else None
            if day == previous:
                second = self._wall(day, minute) if second is None else second
                reference = self._second_reference(session, first, second) if session is not None and session.same_day \
                    else second
            else:
                reference = first = self._wanted_wall(session, course.minute) if session is not None else course.minute
            previous = day
            machine = self._machine(booking.machine)
            off_time += abs(minute - self._at_wall(day, reference)) > near  # where the clock shows it that day
            off_machine += machine != anchor
            off_group += self.machines[machine].group != group
        return off_time, off_machine, off_group

    def rebook_courses(self, placements: Mapping[str, Proposal]) -> None:
        """Replace the bookings of booked courses by new proposals, all or nothing: BookingConflict
        (every course as it was) when one of them meets time held by anything else."""
        old = {course_id: self._courses[course_id] for course_id in placements}
        for course in old.values():
            for booking in course.bookings:
                self._release(booking)
        held: list[Booking] = []
        try:
            for proposal in placements.values():
                self._check_free(proposal.bookings)
                for booking in proposal.bookings:
                    self._hold(booking)
                    held.append(booking)
        except BookingConflict:
            for booking in held:
                self._release(booking)
            for course in old.values():
                for booking in course.bookings:
                    self._hold(booking)
            raise
        for course_id, proposal in placements.items():
            minute = proposal.time.hour * 60 + proposal.time.minute
            self._courses[course_id] = _Course(old[course_id].need, list(proposal.bookings), proposal.machine, minute)

    # ------------------------------------------------------------------ reading
    def bookings(self, course_id: str) -> tuple[Booking, ...]:
        course = self._courses.get(course_id)
        return tuple(sorted(course.bookings, key=lambda b: b.start)) if course is not None else ()

    def booked_courses(self) -> tuple[str, ...]:
        return tuple(self._courses)

    def need(self, course_id: str) -> CourseNeed | None:
        course = self._courses.get(course_id)
        return course.need if course is not None else None

    def agenda(self, day: date, machine: str | None = None) -> dict[str, tuple[Booking, ...]]:
        """Each machine's bookings on a local day, by start."""
        names = [machine] if machine is not None else [m.name for m in self.machines]
        agenda: dict[str, tuple[Booking, ...]] = {}
        for name in names:
            held = self._occupancy.peek(self._machine(name), day)
            agenda[name] = tuple(o for o in held.owners if isinstance(o, Booking)) if held is not None else ()
        return agenda

    def downtime(self) -> tuple[Downtime, ...]:
        return tuple(self._downtime)

    # ------------------------------------------------------------------ downtime
    def _local_span(self, downtime: Downtime) -> list[date]:
        first = downtime.start.astimezone(self.tz).date()
        last = (downtime.end - timedelta(seconds=1)).astimezone(self.tz).date()
        return [first + timedelta(days=k) for k in range((last - first).days + 1)]

    def add_downtime(self, downtime: Downtime, today: date, not_before: datetime | None = None) -> RebookReport:
        """Record downtime and re-book every appointment it hits (see `RebookReport`), none of them before
        `not_before` (the moment it is recorded: a session of today goes to a time still to come)."""
        machine = self._machine(downtime.machine)
        start, end = int(downtime.start.timestamp()), int(downtime.end.timestamp())
        hit: list[Booking] = []
        for day in self._local_span(downtime):
            held = self._occupancy.day(machine, day)
            todays = [owner for owner in held.clashes(start, end) if isinstance(owner, Booking)]
            for booking in todays:
                held.remove(int(booking.start.timestamp()), booking)
            hit.extend(todays)
            held.add(start, end, None)
        self._downtime.append(downtime)
        self._not_before = None if not_before is None else int(not_before.timestamp())
        try:
            moved, appended, unplaced, touched = self._rebook_hits(hit, today, MakeUpCause.DOWNTIME)
        finally:
            self._not_before = None
        return RebookReport(downtime, moved, appended, unplaced, touched)

    def move_back(self, returns: Sequence[tuple[Booking | None, Booking]], today: date,
                  not_before: datetime | None = None) -> MovedBack:
        """Put sessions a downtime moved back where they were, the machine being back sooner: each (where it is now, None
        when the re-booking released it; where it was, with its number and make-up mark then), by the old slot's start.
        One goes back only when its old slot is free again (the machine's hours, no downtime, no other booking) and the
        course's rules hold there, checked by the code that checks a move by hand (`CourseRules`: a machine that can treat
        the course, one fraction a day or two at least 6 hours apart where the course may have two, the spacing of its
        pattern, none of the patient's appointments at once); else it stays where it is, with why. The
        course's fractions are then numbered 1..N by start again (a session made up at the end, moved back, leaves the
        course shorter by it); a fraction that takes the first's number takes its set-up time (see `_renumber`). No session
        goes back to a time before `not_before` (now: a patient cannot be told to come then)."""
        self._not_before = None if not_before is None else int(not_before.timestamp())
        try:
            return self._move_back(returns, today)
        finally:
            self._not_before = None

    def _move_back(self, returns: Sequence[tuple[Booking | None, Booking]], today: date) -> MovedBack:
        back: list[tuple[int, Booking]] = []
        stayed: list[tuple[int, str]] = []
        touched: list[str] = []
        for index in sorted(range(len(returns)), key=lambda k: (returns[k][1].start, returns[k][1].course_id)):
            current, old = returns[index]
            course = self._courses.get(old.course_id)
            if course is None:
                stayed.append((index, "the course is no longer booked"))
                continue
            if current is not None:
                if current not in course.bookings:
                    stayed.append((index, "it was moved again since (by hand or by another re-booking): it stays where it is"))
                    continue
                course.bookings.remove(current)
                self._release(current)
            why = self._back_reason(course, old)
            if why is not None:
                if current is not None:
                    course.bookings.append(current)
                    self._hold(current)
                stayed.append((index, why))
                continue
            self._hold(old)
            course.bookings.append(old)
            back.append((index, old))
            if old.course_id not in touched:
                touched.append(old.course_id)
        refitted: list[tuple[Booking, Booking]] = []
        final: dict[int, Booking] = {}
        for course_id in touched:
            mapping, fitted = self._renumber(self._courses[course_id], today)
            refitted += fitted
            final.update(mapping)
        placed = tuple((index, final.get(id(booking), booking)) for index, booking in back)
        ids = {id(booking) for _, booking in back}
        return MovedBack(placed, tuple(stayed), tuple((old, new) for old, new in refitted if id(old) not in ids), tuple(touched))

    def _back_reason(self, course: _Course, old: Booking) -> str | None:
        """Why `old` (a session's slot before a downtime moved it) cannot take the session again now: None when it can."""
        index = self._index.get(old.machine)
        if index is None:
            return f"{old.machine} is no longer a machine of the department"
        day = old.start.astimezone(self.tz).date()
        start, end = int(old.start.timestamp()), int(old.end.timestamp())
        if self._not_before is not None and start < self._not_before:
            return "its old time has passed"
        own = course.need.own_calendar
        if own is not None and own.closure_reason(day) is not None:
            return f"the course's own calendar is closed on {day_text(day)}"
        hours = self._hours(index, day, make_up=old.make_up is not None)
        minute = (start - self._day_base(day)) // 60
        if hours is None or minute < hours[0] or minute + (end - start) // 60 > hours[1]:
            return f"{old.machine} does not treat then any more"
        held = self._occupancy.peek(index, day)
        if held is not None:
            clashes = held.clashes(start, end)
            if any(owner is None for owner in clashes):
                return f"{old.machine} is still down then"
            if clashes:
                return "its old slot was booked for another patient meanwhile"
        for other in course.bookings:
            if other.start < old.end and old.start < other.end:
                return (f"the patient has another appointment then ({other.kind.value} {other.number}, {other.machine} at "
                        f"{other.start.astimezone(self.tz):%H:%M})")
        if old.kind is not AppointmentKind.FRACTION:
            return None
        return self._course_rules_reason(course, old)

    def _course_rules_reason(self, course: _Course, old: Booking) -> str | None:
        """Why the course's own rules refuse the fraction `old` back in its slot, checked by the code that checks a move
        by hand (`CourseRules`): a machine that can treat the course, a day the course does not mark missed, one fraction
        a day or two at least 6 hours apart, its pattern's spacing, the planning scan first. The course is numbered as it
        would be with `old` back (the sessions' lengths and spacing go by number); None when they hold."""
        need = course.need
        day = old.start.astimezone(self.tz).date()
        if day in need.missed_days:
            return f"the course marks {day_text(day)} missed (the patient does not come that day)"
        fractions = sorted([*(b for b in course.bookings if b.kind is AppointmentKind.FRACTION), old], key=lambda b: b.start)
        number = next(n for n, b in enumerate(fractions, start=1) if b is old)
        held = tuple([*(b for b in course.bookings if b.kind is not AppointmentKind.FRACTION),
                      *(replace(b, number=n) for n, b in enumerate(fractions, start=1))])
        daily = all(s.min_days <= 1 for s in need.sessions) and not need.twice_daily
        rules = CourseRules(need.course_id, self.tz, held, need.sessions, need.requires,
                            {m.name: m.capabilities for m in self.machines},
                            second_sessions=daily and need.gap_sensitive and self.policy.second_session)
        machine = rules.machine_reason(old.kind, old.machine)
        if machine is not None:
            return machine
        reasons = rules.conflicts([(old.kind, number, old.machine, old.start)])
        if not reasons:
            return None
        own = f"fraction {number}: "  # each reason about it names it by the number it would have: the row names it
        said = "; ".join(r.removeprefix(own) for r in reasons)
        # The others by the numbers the course shows now (the rules numbered them as they would be with it back).
        now = {n: b.number for n, b in enumerate(fractions, start=1) if b is not old}
        said = _FRACTION_NUMBER.sub(lambda found: found[1] + str(now.get(int(found[2]), found[2])), said)
        return f"the course's rules refuse it back there: {said}"

    def close_days(self, closures: Mapping[date, str], today: date) -> ClosureReport:
        """Close the department on each day of `closures` (day -> note: a snow day, a power cut) and
        re-book every appointment booked on one, by the downtime rules: no machine treats that day, so
        a gap-sensitive course's fraction goes to a weekend or a second session when the policy allows
        it and the course has begun, any other to the end of its course (see `ClosureReport`, `_rebook_one`)."""
        self.calendar = replace(self.calendar, closures={**self.calendar.closures, **closures})
        self._open.clear()  # the open-day caches count the days now closed as open
        self._anchor, self._counts = None, []
        hit: list[Booking] = []
        for day in sorted(closures):
            for machine in range(len(self.machines)):
                held = self._occupancy.peek(machine, day)
                if held is None:
                    continue
                todays = [owner for owner in held.owners if isinstance(owner, Booking)]
                for booking in todays:
                    held.remove(int(booking.start.timestamp()), booking)
                hit.extend(todays)
        moved, appended, unplaced, touched = self._rebook_hits(hit, today, MakeUpCause.CLOSURE)
        return ClosureReport(tuple(sorted(closures.items())), moved, appended, unplaced, touched)

    def _rebook_hits(self, hit: list[Booking], today: date, cause: MakeUpCause) -> tuple[tuple[Move, ...], tuple[Move, ...],
                                                                                      tuple[Unplaced, ...], tuple[str, ...]]:
        """Re-book appointments taken off their machines (already released), earliest first: what
        moved, what went to the end of its course, what found no place, and every course touched. A
        fraction given on another day (a weekend, a second session, the end of the course) is marked as
        the make-up of the session of its old day, lost to `cause` (a make-up moved again keeps its first mark)."""
        hit.sort(key=lambda b: (b.start, b.course_id))
        moved: list[tuple[Booking, Booking, str]] = []
        appended: list[tuple[Booking, Booking, str]] = []
        unplaced: list[Unplaced] = []
        touched: list[str] = []
        for booking in hit:
            if booking.course_id in self.held_as_booked:  # no plan to re-book it by: refused whole, nothing changed
                at = booking.start.astimezone(self.tz)
                raise InputError(Field.DB, f"{self.held_as_booked[booking.course_id]}; its booking on {booking.machine} "
                                           f"{day_text(at.date())} {at:%H:%M} cannot be re-booked, so nothing was recorded")
            course = self._courses[booking.course_id]
            course.bookings.remove(booking)
            if booking.course_id not in touched:
                touched.append(booking.course_id)
            new, how = self._rebook_one(course, booking, today)
            if new is None:
                unplaced.append(Unplaced(booking.course_id, booking.number, booking.machine, booking.start, how))
                continue
            if how in MAKE_UPS and new.make_up is None:
                new = replace(new, make_up=MakeUpMark(booking.start.astimezone(self.tz).date(), cause), moved=None)
            elif how not in MAKE_UPS and new.kind is AppointmentKind.FRACTION and new.make_up is None \
                    and (new.machine, new.start) != (booking.machine, booking.start):
                new = replace(new, moved=booking.moved or cause)  # moved on its own day: why is kept with it
            self._hold(new)
            course.bookings.append(new)
            (appended if how == "end of course" else moved).append((booking, new, how))
        renumbered: dict[str, dict[int, Booking]] = {}
        rebooked = {id(new) for _, new, _ in moved + appended}
        for course_id in touched:
            renumbered[course_id], refitted = self._renumber(self._courses[course_id], today)
            # a fraction that took another's number with another length (the first's set-up time) and had to move for it
            moved.extend((old, new, FIRST_SET_UP) for old, new in refitted if id(old) not in rebooked)
        return (tuple(self._move(old, new, how, renumbered) for old, new, how in moved),
                tuple(self._move(old, new, how, renumbered) for old, new, how in appended),
                tuple(unplaced), tuple(touched))

    def _move(self, old: Booking, new: Booking, how: str, renumbered: dict[str, dict[int, Booking]]) -> Move:
        final = renumbered.get(new.course_id, {}).get(id(new)) or new
        return Move(new.course_id, final.number, old.machine, old.start, final.machine, final.start, how, new.kind,
                    old.number if old.number != final.number else 0)

    def _renumber(self, course: _Course, today: date) -> tuple[dict[int, Booking], list[tuple[Booking, Booking]]]:
        """Number the course's fractions 1..N by start again; maps id(old booking) to its renumbered copy.

        A fraction that takes a number of another length takes that length: the new first fraction the
        first's set-up time (in place, else nearest its time that day in its group: returned as
        (old, new) to report as a move; kept as it was where the day has no room), the old first, now
        later, the plain length. Lengths go by the difference, not the catalogue's minutes of now."""
        fractions = sorted((b for b in course.bookings if b.kind is AppointmentKind.FRACTION), key=lambda b: b.start)
        mapping: dict[int, Booking] = {}
        refitted: list[tuple[Booking, Booking]] = []
        for number, booking in enumerate(fractions, start=1):
            if booking.number == number:
                continue
            new = replace(booking, number=number)
            self._release(booking)
            at = course.bookings.index(booking)
            del course.bookings[at]
            longer = self._session(course.need, number).minutes - self._session(course.need, booking.number).minutes
            if longer:
                fitted = self._refit(course, new, longer, today)
                if fitted is not None:
                    if (fitted.machine, fitted.start) != (new.machine, new.start):
                        refitted.append((booking, fitted))
                    new = fitted
            course.bookings.insert(at, new)
            self._hold(new)
            mapping[id(booking)] = new
        return mapping, refitted

    def _refit(self, course: _Course, booking: Booking, longer: int, today: date) -> Booking | None:
        """`booking` (released, not among the course's) `longer` minutes longer (or shorter): at its start
        on its machine when that has room, else nearest its start that day on a machine of its group;
        None when neither has."""
        minutes = (int(booking.end.timestamp()) - int(booking.start.timestamp())) // 60 + longer
        day = booking.start.astimezone(self.tz).date()
        target = (int(booking.start.timestamp()) - self._day_base(day)) // 60
        machine = self._machine(booking.machine)
        if longer < 0 or self._nearest(machine, day, minutes, target, today, True, lo=target, hi=target) == target:
            return self._booking_at(booking, machine, day, target, minutes)
        group = [i for i, m in enumerate(self.machines)
                 if m.group == self.machines[machine].group and m.can_treat(course.need.requires)]
        found = self._same_day_slot(course, [machine, *(i for i in group if i != machine)], day, minutes, target, today)
        return self._booking_at(booking, found[0], day, found[1], minutes) if found is not None else None

    def _session(self, need: CourseNeed, number: int) -> SessionNeed:
        return need.sessions[min(number, len(need.sessions)) - 1]

    def _rebook_one(self, course: _Course, booking: Booking, today: date) -> tuple[Booking | None, str]:
        """Where a fraction hit by downtime goes: same day on its group, a weekend or second session
        for gap-sensitive courses that have begun, else the end of the course. A course none of whose fractions
        comes on or before the day lost has lost no treatment time: it simply starts later (its session goes to the
        end, the others moving up a number), never two sessions on its new first day nor a weekend. A twice-daily
        course's session added at the end joins a last day holding one of its sessions (at least
        SECOND_SESSION_HOURS apart, nearest its own time): a whole day lost is added as one twice-daily day."""
        need = course.need
        day = booking.start.astimezone(self.tz).date()
        minutes = (int(booking.end.timestamp()) - int(booking.start.timestamp())) // 60  # real minutes, not the clock's
        target = (int(booking.start.timestamp()) - self._day_base(day)) // 60
        if booking.kind is not AppointmentKind.FRACTION:
            own = self._busy_minutes(course.bookings, day)
            best: tuple[int, int] | None = None
            for machine in self._holding(booking.kind):
                start = self._clear_start(machine, day, minutes, target, today, own)
                if start is not None and (best is None or abs(start - target) < abs(best[1] - target)):
                    best = (machine, start)
            if best is not None:
                return self._booking_at(booking, best[0], day, best[1], minutes), "same day"
            if not self.is_open(day):
                return None, CLOSED_DAY
            where = "in a clinic room" if booking.kind is AppointmentKind.REVIEW else "on a CT simulator"
            return None, f"no free time {where} that day"
        origin = self._machine(booking.machine)
        group = [i for i, m in enumerate(self.machines) if m.group == self.machines[origin].group and m.can_treat(need.requires)]
        found = self._same_day_slot(course, group, day, minutes, target, today)
        if found is not None:
            return self._booking_at(booking, found[0], day, found[1], minutes), "same day"
        if need.urgent and self._starts_course(course, booking):  # an urgent start keeps its day on any machine that can treat it
            others = [i for i in self._eligible(replace(need, preferred_machine=None)) if i not in group]
            found = self._same_day_slot(course, others, day, minutes, target, today)
            if found is not None:
                return self._booking_at(booking, found[0], day, found[1], minutes), URGENT_START_KEPT
        daily = all(s.min_days <= 1 for s in need.sessions)
        begun = any(b.kind is AppointmentKind.FRACTION and b.start.astimezone(self.tz).date() <= day for b in course.bookings)
        if need.gap_sensitive and daily and begun:  # a course not begun by then just starts later (see below)
            weekend = self._weekend_slot(course, group, day, minutes, target, today)
            if weekend is not None:
                return self._booking_at(booking, weekend[0], weekend[1], weekend[2], minutes), "weekend"
            second = self._second_session_slot(course, group, day, minutes, today)
            if second is not None:
                return self._booking_at(booking, second[0], second[1], second[2], minutes), "second session"
        eligible = self._eligible(replace(need, preferred_machine=None))
        last = max((b for b in course.bookings if b.kind is AppointmentKind.FRACTION), key=lambda b: b.start, default=booking)
        last_day = max(last.start.astimezone(self.tz).date(), day)
        if need.twice_daily and last_day > day and len(self._course_minutes_on(course, last_day)) == 1 \
                and self.open_for(need, last_day):
            [other] = self._course_minutes_on(course, last_day)
            joined = (self._same_day_slot(course, group, last_day, minutes, self._at_wall(last_day, self._wall(day, target)),
                                          today)
                      or self._same_day_slot(course, group, last_day, minutes, other + SECOND_GAP, today))
            if joined is not None:
                return self._booking_at(booking, joined[0], last_day, joined[1], minutes), "end of course"
        anchor = self._index.get(course.machine, origin)
        session = replace(self._session(need, booking.number), same_day=False)
        spacing = max((s.min_days for s in need.sessions[1:] if not s.same_day), default=1)  # the course's own pattern
        after = last_day + timedelta(days=max(1, spacing))
        order = self._search_order(anchor if anchor in eligible else eligible[0], eligible)
        probe = after
        while probe <= min(after + timedelta(days=SEARCH_DAYS), LATEST_DATE):
            if self.open_for(need, probe):
                placed = self._place_day([replace(session, minutes=minutes)], probe, order, course.minute, today, True, {})
                if placed is not None:
                    slot = placed[0]
                    return self._booking_at(booking, slot.machine, probe, slot.minute, minutes), "end of course"
            probe += timedelta(days=1)
        return None, NO_ROOM

    @staticmethod
    def _starts_course(course: _Course, booking: Booking) -> bool:
        """`booking` (taken off its machine) is the course's first fraction: no fraction of the course is held before it."""
        return booking.kind is AppointmentKind.FRACTION and not any(
            b.kind is AppointmentKind.FRACTION and b.start < booking.start for b in course.bookings)

    def _booking_at(self, booking: Booking, machine: int, day: date, minute: int, minutes: int) -> Booking:
        return replace(booking, machine=self.machines[machine].name, start=self._instant(day, minute),
                       end=self._instant(day, minute + minutes))

    def _course_minutes_on(self, course: _Course, day: date) -> list[int]:
        return [(int(b.start.timestamp()) - self._day_base(day)) // 60 for b in course.bookings
                if b.kind is AppointmentKind.FRACTION and b.start.astimezone(self.tz).date() == day]

    def _same_day_slot(self, course: _Course, group: list[int], day: date, minutes: int, target: int,
                       today: date) -> tuple[int, int] | None:
        others = self._course_minutes_on(course, day)
        lo, hi = self._local(day).first, self._local(day).last
        for other in others:
            if other < target:
                lo = max(lo, other + SECOND_GAP)
            else:
                hi = min(hi, other - SECOND_GAP)
        best: tuple[int, int] | None = None
        for machine in group:  # make_up: a weekend make-up session stays on its weekend day, in the department's weekend hours
            start = self._nearest(machine, day, minutes, target, today, True, lo=lo, hi=hi, make_up=True)
            if start is not None and (best is None or abs(start - target) < abs(best[1] - target)):
                best = (machine, start)
        return best

    def _weekend_slot(self, course: _Course, group: list[int], day: date, minutes: int, target: int,
                      today: date) -> tuple[int, date, int] | None:
        if self.policy.weekend_hours is None:
            return None
        fraction_days = {b.start.astimezone(self.tz).date() for b in course.bookings if b.kind is AppointmentKind.FRACTION}
        own = course.need.own_calendar
        probe = day + timedelta(days=1)
        for _ in range(7):
            if probe > LATEST_DATE:
                break
            if not self.calendar.is_treatment_weekday(probe) and probe not in fraction_days \
                    and (own is None or own.closure_reason(probe) is None):
                for machine in group:
                    start = self._nearest(machine, probe, minutes, self._at_wall(probe, self._wall(day, target)), today, True,
                                          make_up=True)
                    if start is not None:
                        return machine, probe, start
            probe += timedelta(days=1)
        return None

    def _second_session_slot(self, course: _Course, group: list[int], day: date, minutes: int,
                             today: date) -> tuple[int, date, int] | None:
        if not self.policy.second_session:
            return None
        later = sorted({b.start.astimezone(self.tz).date() for b in course.bookings
                        if b.kind is AppointmentKind.FRACTION and b.start.astimezone(self.tz).date() > day})
        for probe in later[:5]:
            others = self._course_minutes_on(course, probe)
            if len(others) != 1:
                continue
            local = self._local(probe)
            for machine in group:
                for lo, hi, target in ((others[0] + SECOND_GAP, local.last, others[0] + SECOND_GAP),
                                       (local.first, others[0] - SECOND_GAP, others[0] - SECOND_GAP)):
                    if hi < lo:
                        continue
                    start = self._nearest(machine, probe, minutes, target, today, True, lo=lo, hi=hi)
                    if start is not None:
                        return machine, probe, start
        return None

    # ------------------------------------------------------------------ the baseline
    def propose_first_fit(self, need: CourseNeed, today: date) -> Proposal:
        """The baseline policy: each fraction in the earliest free slot on any eligible machine."""
        eligible = self._eligible(replace(need, preferred_machine=None))
        scan = self._scan_booking(need, today)
        earliest = self.earliest_date(need, today, scan.start.date() if scan is not None else None)
        self._check_within_calendar(need, earliest)
        horizon = min(earliest + timedelta(days=2 * SEARCH_DAYS), LATEST_DATE)
        reserved: dict[tuple[int, date], list[tuple[int, int]]] = {}
        slots: list[_Slot] = []
        pushed: list[PushedDate] = []
        previous: date | None = None
        for sessions in self._day_groups(need):
            day = earliest if previous is None else previous + timedelta(days=max(1, sessions[0].min_days))
            while day <= horizon:
                if self.open_for(need, day):
                    placed = self._first_fit_day(sessions, day, eligible, today, need.urgent, reserved)
                    if placed is not None:
                        break
                    if previous is not None:
                        pushed.append(PushedDate(day, NO_ROOM))
                day += timedelta(days=1)
            else:
                self._check_within_calendar(need, earliest, cut=horizon == LATEST_DATE)
                raise InputError(Field.BOOK, f"no eligible machine has room for course {need.course_id}")
            slots.extend(placed)
            previous = day
        plan = _Plan(tuple(slots), tuple(pushed))
        proposal = self._proposal(need, plan, slots[0].machine, self._wall(slots[0].day, slots[0].minute), earliest,
                                  (scan,) if scan else ())
        return self._with_reviews(need, proposal, today)

    def _first_fit_day(self, sessions: Sequence[SessionNeed], day: date, eligible: list[int], today: date, urgent: bool,
                       reserved: dict[tuple[int, date], list[tuple[int, int]]]) -> list[_Slot] | None:
        slots: list[_Slot] = []
        for k, session in enumerate(sessions):
            lo = self._local(day).first if k == 0 else slots[-1].minute + SECOND_GAP
            best: tuple[int, int] | None = None
            for machine in eligible:
                start = self._nearest_unreserved(machine, day, session.minutes, lo, today, urgent, reserved, lo)
                if start is not None and (best is None or start < best[1]):
                    best = (machine, start)
            if best is None:
                return None
            reserved.setdefault((best[0], day), []).append((best[1], best[1] + session.minutes))
            slots.append(_Slot(session, best[0], day, best[1]))
        return slots

    def book_first_fit(self, need: CourseNeed, today: date) -> Proposal:
        proposal = self.propose_first_fit(need, today)
        self.book(need, proposal)
        return proposal

