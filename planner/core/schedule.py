"""Turns a course request into a schedule: the appointments, what closures pushed, warnings."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import NamedTuple
from zoneinfo import ZoneInfo

from .catalogue import Catalogue, PrepReminder, TreatmentSite
from .clinic import SEARCH_DAYS
from .course import CourseRequest, MakeUp, MissedSession, Phase, placed_by_booking
from .dates import day_text, moment_text
from .errors import Field, InputError
from .kinds import SAME_DAY_MIN_HOURS, AppointmentKey, AppointmentKind, Pattern
from .limits import FAR_DAYS
from .text import counted
from .wall_clock import skipped

_UTC = UTC


@dataclass(frozen=True)
class Appointment:
    kind: AppointmentKind
    number: int  # fraction k (across all phases); review of week k; 1 for simulation and follow-up
    total: int  # N fractions for a fraction; the count of that kind otherwise
    start: datetime  # aware, in the course's zone
    end: datetime
    reminders: tuple[PrepReminder, ...]
    phase: int = 1  # the phase a fraction belongs to (1 for other kinds)
    make_up: bool = False  # a fraction that makes up a missed session
    missed: bool = False  # a session the patient missed: shown, not given
    makes_up: date | None = None  # a make-up's missed day (the course's plan says which day each make-up is for)

    @property
    def key(self) -> AppointmentKey:
        """Stable identity of this appointment within its course (fraction 7, the follow-up)."""
        return AppointmentKey(self.kind, self.number)


@dataclass(frozen=True)
class PushedDate:
    """A day the course would have used but could not, and why."""

    day: date
    reason: str


@dataclass(frozen=True)
class Schedule:
    request: CourseRequest
    site: TreatmentSite
    appointments: tuple[Appointment, ...]
    pushed: tuple[PushedDate, ...]
    warnings: tuple[str, ...]
    missed: tuple[Appointment, ...] = ()  # the sessions missed, where and when they were planned
    planned: tuple[tuple[AppointmentKey, datetime], ...] = ()  # each moved appointment's start where the plan put it

    @property
    def fractions(self) -> tuple[Appointment, ...]:
        return tuple(a for a in self.appointments if a.kind is AppointmentKind.FRACTION)

    @property
    def first_fraction(self) -> Appointment:
        return min(self.fractions, key=lambda a: a.start)

    @property
    def last_fraction(self) -> Appointment:
        return max(self.fractions, key=lambda a: a.start)

    @property
    def overall_days(self) -> int:
        """Overall treatment time: first to last fraction, both days counted."""
        return (self.last_fraction.start.date() - self.first_fraction.start.date()).days + 1

    @property
    def treatment_days(self) -> int:
        """Days with at least one fraction (a twice-daily day counts once)."""
        return len({f.start.date() for f in self.fractions})

    @property
    def phase_count(self) -> int:
        return len(self.request.phases)

    def find(self, key: AppointmentKey) -> Appointment | None:
        return next((a for a in self.appointments if a.key == key), None)

    def missed_reason(self, day: date) -> str:
        return next((m.reason for m in self.request.adjustments.missed if m.day == day), "")

    def planned_start(self, key: AppointmentKey) -> datetime | None:
        """Where the plan put a moved appointment (its start before the move); None for one not moved."""
        return next((start for moved, start in self.planned if moved == key), None)


@lru_cache(maxsize=64)
def fall_back_days(tz: ZoneInfo, year: int) -> frozenset[date]:
    """The days around `year` on which `tz`'s clocks may go back: the only days a wall-clock time can
    happen twice. Each offset fall between two samples (every local midnight and noon, from two days
    before the year to two after) marks the day before it and its own day. Kept per zone and year: a
    schedule's appointments then ask a set instead of the zone (most of an appointment's cost)."""
    found: set[date] = set()
    day = date(year, 1, 1) - timedelta(days=2) if year > 1 else date.min
    last = date(year, 12, 31) + timedelta(days=2) if year < 9999 else date.max
    previous = None
    while True:
        for hour in (0, 12):
            offset = datetime(day.year, day.month, day.day, hour, tzinfo=tz).utcoffset()
            if previous is not None and offset is not None and offset < previous:
                found.update((day - timedelta(days=1), day) if day > date.min else (day,))
            previous = offset
        if day >= last:
            return frozenset(found)
        day += timedelta(days=1)


def days_after(day: date, days: int) -> date:
    """`day` plus `days`, held at the calendar's last day (a walk from there finds nothing and says so)."""
    return day + timedelta(days=days) if date.max - day >= timedelta(days=days) else date.max


def local_datetime(day: date, at: time, tz: ZoneInfo) -> datetime:
    """The wall-clock time `at` on `day` in `tz` (fold 0 for an ambiguous hour)."""
    return datetime(day.year, day.month, day.day, at.hour, at.minute, tzinfo=tz)


def exists_locally(moment: datetime) -> bool:
    """False for a wall-clock time skipped by a daylight-saving change (e.g. 02:30 in spring)."""
    return not skipped(moment)


def _apart(minutes: int) -> str:
    """How far apart two sessions start, in words: 'at the same time', '40 minutes apart', '3.0 hours apart'."""
    if minutes <= 0:
        return "at the same time"
    return f"{counted(minutes, 'minute')} apart" if minutes < 60 else f"{minutes / 60:.1f} hours apart"


def add_minutes(moment: datetime, minutes: int) -> datetime:
    """Elapsed-time arithmetic, right across a daylight-saving change."""
    return (moment.astimezone(_UTC) + timedelta(minutes=minutes)).astimezone(moment.tzinfo)


def as_local(moment: datetime, tz: ZoneInfo) -> datetime:
    return moment.replace(tzinfo=tz) if moment.tzinfo is None else moment.astimezone(tz)


def spacing_problems(fractions: Sequence[Appointment], phases: Sequence[Phase]) -> list[str]:
    """What breaks the course's spacing, fraction after fraction in time: one out of its number's order,
    a hypofractionated phase's sessions closer than its days apart, two sessions under 6 hours apart."""
    problems = []
    gaps = [p.pattern.min_gap_days if p.pattern.hypofractionated else 0 for p in phases]  # days apart a phase needs
    ordered = sorted(fractions, key=lambda f: f.start)
    for before, after in zip(ordered, ordered[1:], strict=False):
        if after.number < before.number:
            problems.append(f"Fraction {after.number} now comes after fraction {before.number}.")
        minutes = int((after.start - before.start).total_seconds()) // 60  # on the clock (one zone's times subtract so)
        if minutes < (SAME_DAY_MIN_HOURS + 2) * 60:  # near the limit: the time elapsed, right across a clock change
            minutes = (int(after.start.timestamp()) - int(before.start.timestamp())) // 60
        hours = minutes / 60
        days = (after.start.date() - before.start.date()).days
        pattern = phases[after.phase - 1].pattern
        if before.phase == after.phase and days < gaps[after.phase - 1]:
            problems.append(f"Fractions {before.number} and {after.number} are {counted(days, 'day')} apart; "
                            f"{_a(pattern.value)} {pattern.value} course needs at least {pattern.min_gap_days}.")
        elif hours < SAME_DAY_MIN_HOURS:
            problems.append(f"Fractions {before.number} and {after.number} are {_apart(minutes)}; "
                            f"two sessions need at least {SAME_DAY_MIN_HOURS} hours between them.")
    return problems


def sessions_at_once(fractions: Sequence[Appointment]) -> tuple[Appointment, Appointment] | None:
    """The first two sessions given (a missed one is not) that overlap on real instants, earliest first: a calendar
    that would tell the patient to be at two treatments at once. None when no two do."""
    given = sorted((f for f in fractions if not f.missed), key=lambda f: (f.start.astimezone(_UTC), f.number))
    latest: Appointment | None = None  # the session that ends last of those seen
    for fraction in given:
        if latest is not None and fraction.start.astimezone(_UTC) < latest.end.astimezone(_UTC):
            return latest, fraction
        if latest is None or fraction.end.astimezone(_UTC) > latest.end.astimezone(_UTC):
            latest = fraction
    return None


SAME_VISIT = timedelta(minutes=30)  # an appointment this soon after another's end is the same trip to the department


def steps_while_there_left_out(appointments: list[Appointment]) -> list[Appointment]:
    """Each appointment without the timed steps that would fall once the patient is already in the department for
    an earlier one of the same visit (a review held straight after the session: "arrive 15 minutes early" at 08:35,
    during the treatment); steps before the visit (the day before) stay. The list, the prints and the calendar's
    alarms then all leave them out. `appointments` in time order."""
    kept: list[Appointment] = []
    for index, appointment in enumerate(appointments):
        day = appointment.start.date()
        earlier = [other for other in appointments[max(0, index - 4):index]  # a few before at most
                   if other.start.date() == day and other.start < appointment.start]
        if not earlier or not any(r.minutes_before > 0 for r in appointment.reminders):
            kept.append(appointment)  # the first of its day (most are): nothing to ask of the clock
            continue
        begins = appointment.start.astimezone(_UTC)
        visit = [other.start.astimezone(_UTC) for other in earlier if begins - other.end.astimezone(_UTC) <= SAME_VISIT]
        if visit:
            arrived = min(visit)  # by then the patient is in the department
            steps = tuple(r for r in appointment.reminders
                          if r.minutes_before == 0 or begins - timedelta(minutes=r.minutes_before) < arrived)
            if steps != appointment.reminders:
                appointment = replace(appointment, reminders=steps)
        kept.append(appointment)
    return kept


def same_visit_as_earlier(appointment: Appointment, schedule: Schedule) -> bool:
    """Whether `appointment` begins within the same trip to the department as an earlier one that day."""
    begins = appointment.start.astimezone(_UTC)
    return any(other.start < appointment.start and other.start.date() == appointment.start.date()
               and begins - other.end.astimezone(_UTC) <= SAME_VISIT for other in schedule.appointments)


def _a(word: str) -> str:
    """'an' before a vowel's sound as these words are read ('an alternate', 'a weekly', 'a twice-weekly')."""
    return "an" if word[:1].lower() in "aeio" else "a"


class _Slot(NamedTuple):
    """Where one fraction goes, before moves and the skipped-hour check (a tuple: one per fraction per build)."""

    start: datetime
    phase: int
    make_up: date | None  # the missed day it makes up; None: a session of the course's own


class _Builder:
    def __init__(self, request: CourseRequest, catalogue: Catalogue) -> None:
        site = catalogue.site(request.site_id)
        if site is None:
            known = ", ".join(s.id for s in catalogue.sites)
            raise InputError(Field.SITE, f"'{request.site_id}' is not in the catalogue (known: {known})")
        self.request = request
        self.catalogue = catalogue
        self.site = site
        self.calendar = request.calendar
        self.tz = request.tz
        self.pushed: list[PushedDate] = []
        self.warnings: list[str] = []
        self.missed = {m.day: m for m in request.adjustments.missed}
        self.missed_appointments: list[Appointment] = []
        self.planned: list[tuple[AppointmentKey, datetime]] = []  # each moved appointment's start before its move
        self.second_slots: dict[date, datetime] = {}  # a twice-daily missed day's second make-up, beside its chosen slot
        self._reminders: dict[AppointmentKind, tuple[PrepReminder, ...]] = {}

    # ------------------------------------------------------------------ fractions
    def open_for_patient(self, day: date) -> bool:
        return self.calendar.is_open(day) and day not in self.missed

    def push(self, day: date) -> None:
        missed = self.missed.get(day)
        if missed is not None:
            self.pushed.append(PushedDate(day, f"missed session ({_make_up_words(missed)})"))
            return
        reason = self.calendar.closure_reason(day)
        if reason is not None:
            self.pushed.append(PushedDate(day, reason))

    def no_room(self) -> InputError:
        return InputError(Field.CLOSED, f"the clinic calendar leaves no room for {self.request.total_fractions} fractions "
                                    f"within {SEARCH_DAYS} days")

    def session_times(self, day: date, number: int, phase: Phase) -> list[datetime]:
        """The day's session(s) for fraction `number` on: the course time, or a re-timing's."""
        request = self.request
        first = request.time
        retime = request.adjustments.time_from(number) if request.adjustments.retimes else None
        if retime is not None:
            first = retime.at
        times = [local_datetime(day, first, self.tz)]
        if phase.pattern is Pattern.TWICE_DAILY:
            second = request.second_time
            assert second is not None  # checked by the request
            later = self.request.adjustments.time_from(number + 1)
            if later is not None:
                offset = (second.hour * 60 + second.minute) - (request.time.hour * 60 + request.time.minute)
                minutes = later.at.hour * 60 + later.at.minute + offset
                if minutes >= 24 * 60:
                    raise InputError(Field.RETIME_FROM, f"at {later.at:%H:%M} the second session would fall after midnight")
                second = time(minutes // 60, minutes % 60)
            times.append(local_datetime(day, second, self.tz))
        return times

    def make_up_slots(self) -> dict[date, list[tuple[datetime, date]]]:
        extras: dict[date, list[tuple[datetime, date]]] = {}
        for missed in self.missed.values():
            if missed.make_up is not MakeUp.END and missed.make_up_at is None:
                raise InputError(Field.MISSED, f"the make-up session for {day_text(missed.day)} needs a date and time")
            if missed.make_up_at is not None:
                when = as_local(missed.make_up_at, self.tz)
                extras.setdefault(when.date(), []).append((when, missed.day))
        return extras

    def fraction_slots(self) -> list[_Slot]:
        """Walk the calendar once, phase after phase, placing every fraction and noting every
        day a closure, a missed session or a shift pushed."""
        request = self.request
        reason = self.calendar.why_not_open(request.start)
        if reason:
            raise InputError(Field.START, f"{reason}; the first fraction must be on an open treatment day")
        if request.start in self.missed:
            raise InputError(Field.START, "the first fraction cannot be marked missed; move the start instead")
        extras = self.make_up_slots()
        pending_shift = {s.from_number: s for s in request.adjustments.shifts}
        shift_left = {n: s.days for n, s in pending_shift.items()}
        phases = request.phases
        spaced = [phase.pattern.hypofractionated for phase in phases]
        slots: list[_Slot] = []
        index, made, earliest = 0, 0, request.start
        for day in self.calendar.walk(request.start):
            phase = phases[index]
            made_up = extras.get(day)
            todays: list[tuple[datetime, date | None]] = list(made_up) if made_up else []
            if day >= earliest:
                number = len(slots) + 1
                if self.open_for_patient(day):
                    if shift_left.get(number, 0) > 0:
                        shift_left[number] -= 1
                        why = pending_shift[number].reason
                        self.pushed.append(PushedDate(day, "course shifted by one open day" + (f" ({why})" if why else "")))
                    else:
                        room = phase.fractions - made - len(todays)
                        todays += [(when, None) for when in self.session_times(day, number, phase)[:max(room, 0)]]
                elif day in self.missed and self.calendar.is_open(day):
                    self.push(day)
                    planned = self.session_times(day, number, phase)[:phase.fractions - made]
                    self.second_make_up(self.missed[day], planned, extras, day)
                    for offset, when in enumerate(planned):
                        self.missed_appointments.append(Appointment(
                            AppointmentKind.FRACTION, number + offset, request.total_fractions, when,
                            add_minutes(when, phase.duration_minutes), (), phase=index + 1, missed=True))
                elif self.calendar.is_treatment_weekday(day) or day in self.missed:
                    self.push(day)
            if not todays:
                continue
            if len(todays) > 1:
                todays.sort(key=lambda today: today[0])
            taken = todays[:phase.fractions - made]
            slots += [_Slot(when, index + 1, make_up) for when, make_up in taken]
            made += len(taken)
            if made >= phase.fractions:
                index, made = index + 1, 0
                if index == len(phases):
                    return slots
                earliest = days_after(day, 1 + request.phase_gap_days)
            elif spaced[index]:
                earliest = days_after(day, phase.pattern.min_gap_days)
        raise self.no_room()

    def second_make_up(self, missed: MissedSession, planned: list[datetime], extras: dict[date, list[tuple[datetime, date]]],
                       today: date) -> None:
        """A twice-daily day missed loses both its sessions: a make-up in a chosen slot (a weekend day) then gives
        both, the second as far after the slot as the day's second session was after its first (at least 6 hours),
        so the course keeps its number of sessions there rather than pushing one to the end. A slot before the
        day, or a second session that would run past midnight, leaves that one to the end, as before."""
        if len(planned) < 2 or missed.make_up_at is None:
            return
        slot = as_local(missed.make_up_at, self.tz)
        gap = _wall_minutes(planned[1]) - _wall_minutes(planned[0])
        minutes = _wall_minutes(slot) + gap
        if slot.date() <= today or minutes >= 24 * 60:
            return
        second = local_datetime(slot.date(), time(minutes // 60, minutes % 60), self.tz)
        extras.setdefault(slot.date(), []).append((second, missed.day))
        self.second_slots[missed.day] = second
        self.pushed = [PushedDate(p.day, f"missed session ({_make_up_words(missed, second)})") if p.day == missed.day else p
                       for p in self.pushed]

    def mark_end_make_ups(self, slots: list[_Slot]) -> list[_Slot]:
        """The sessions added at the end for each missed day (END without a slot) are make-ups: one for each
        session the day lost (a twice-daily day loses two), and one for a slot's second session that found no
        room on the slot's day."""
        ends: dict[int, list[date]] = {}  # by phase, the missed days in order: the later end sessions the later days'
        for missed in sorted(self.missed.values(), key=lambda m: m.day):
            lost = [m.phase for m in self.missed_appointments if m.start.date() == missed.day]
            in_slots = 0 if missed.make_up_at is None else 1 + (missed.day in self.second_slots)
            for phase in lost[in_slots:]:
                ends.setdefault(phase, []).append(missed.day)
        marked = list(slots)
        for position in range(len(marked) - 1, -1, -1):
            slot = marked[position]
            days = ends.get(slot.phase)
            if days and slot.make_up is None:
                marked[position] = _Slot(slot.start, slot.phase, days.pop())
        return marked

    # ------------------------------------------------------------------ appointments
    def appointment(self, kind: AppointmentKind, number: int, total: int, start: datetime, minutes: int,
                    phase: int = 1, makes_up: date | None = None) -> Appointment:
        # One trip through UTC serves both the skipped-hour check (as in exists_locally) and the
        # end (as in add_minutes): these conversions are most of an appointment's cost.
        in_utc = start.astimezone(_UTC)
        shown = in_utc.astimezone(self.tz)
        if shown.utcoffset() != start.utcoffset():
            self.warnings.append(
                f"{start:%H:%M} does not exist on {day_text(start.date())} (the clocks go forward); "
                f"the {kind.value} is at {shown:%H:%M} instead"
            )
            start = shown
        elif start.date() in fall_back_days(self.tz, start.year) \
                and start.replace(fold=1 - start.fold).utcoffset() != start.utcoffset():  # a wall-clock time the clocks repeat
            self.warnings.append(
                f"{start:%H:%M} occurs twice on {day_text(start.date())} (the clocks go back); the {kind.value} is at "
                f"the {'second' if start.fold else 'first'} {start:%H:%M} (UTC{start.isoformat(timespec='minutes')[-6:]})"
            )
        reminders = self._reminders.get(kind)
        if reminders is None:
            reminders = self._reminders[kind] = self.catalogue.reminders_for(self.site, kind, self.request.preset_id)
        end = (in_utc + timedelta(minutes=minutes)).astimezone(self.tz)
        return Appointment(kind, number, total, start, end, reminders, phase, makes_up is not None, makes_up=makes_up)

    def build(self) -> Schedule:
        request = self.request
        slots = self.mark_end_make_ups(self.fraction_slots())
        phases = request.phases
        moved_fractions = {m.key.number: m.start for m in reversed(request.adjustments.moves)
                           if m.key.kind is AppointmentKind.FRACTION}  # reversed: the first move of a fraction wins, as in `moved`
        fractions = []
        for number, slot in enumerate(slots, start=1):
            moved = moved_fractions.get(number)
            start = as_local(moved, self.tz) if moved is not None else slot.start
            if moved is not None:
                self.check_far_move(AppointmentKey.fraction(number), start, slot.start)
                self.planned.append((AppointmentKey.fraction(number), slot.start))
            fractions.append(self.appointment(AppointmentKind.FRACTION, number, len(slots), start,
                                              phases[slot.phase - 1].duration_minutes, slot.phase, slot.make_up))
        given = {slot.start for slot in slots if slot.make_up is not None}
        for missed in self.missed.values():
            if missed.make_up_at is not None and as_local(missed.make_up_at, self.tz) not in given:
                self.warnings.append(f"The make-up slot {moment_text(missed.make_up_at)} for the session missed on "
                                     f"{day_text(missed.day)} is outside the course; the session was added at the end.")
        appointments = list(fractions)
        appointments += self.simulation(fractions[0])
        appointments += self.reviews(fractions)
        appointments += self.follow_up(fractions)
        appointments = [self.apply_move(a) for a in appointments if a.kind is not AppointmentKind.FRACTION] + fractions
        appointments.sort(key=lambda a: (a.start, a.kind is not AppointmentKind.FRACTION))
        appointments = steps_while_there_left_out(appointments)
        self.check_fractions(fractions)
        self.check_span(fractions)
        self.check_holiday_years(appointments)
        self.pushed.sort(key=lambda p: p.day)
        return Schedule(request, self.site, tuple(appointments), tuple(self.pushed), tuple(self.warnings),
                        tuple(self.missed_numbered(fractions)), tuple(self.planned))

    def missed_numbered(self, fractions: list[Appointment]) -> list[Appointment]:
        """The missed sessions, each numbered as the session that day would have given: one after the sessions given
        before it (and after a session missed earlier that day), as the walk numbers them on a course as planned. A
        booked course's sessions are where its bookings put them (a closure's weekend make-up before the missed day, a
        downtime's session after it): numbered by the plan, the missed day read '15 of 30' beside a Sunday's booked
        '15 of 30' before it."""
        if not self.missed_appointments or not any(m.key.kind is AppointmentKind.FRACTION and placed_by_booking(m.reason)
                                                   for m in self.request.adjustments.moves):
            return self.missed_appointments
        starts = sorted(f.start.astimezone(_UTC) for f in fractions)
        numbered: list[Appointment] = []
        for missed in sorted(self.missed_appointments, key=lambda m: m.start.astimezone(_UTC)):
            before = bisect_left(starts, missed.start.astimezone(_UTC))
            same_day = sum(1 for m in numbered if m.start.date() == missed.start.date())
            numbered.append(replace(missed, number=before + same_day + 1))
        return numbered

    def apply_move(self, appointment: Appointment) -> Appointment:
        moved = self.request.adjustments.moved(appointment.key)
        if moved is None:
            return appointment
        minutes = int((appointment.end - appointment.start).total_seconds() // 60)
        start = as_local(moved, self.tz)
        self.check_far_move(appointment.key, start, appointment.start)
        self.planned.append((appointment.key, appointment.start))
        return Appointment(appointment.kind, appointment.number, appointment.total, start,
                           add_minutes(start, minutes), appointment.reminders, appointment.phase)

    def check_far_move(self, key: AppointmentKey, moved: datetime, planned: datetime) -> None:
        """An appointment moved more than six months from its planned day: most likely a mistyped year, said as the
        window says of a first fraction that far away (a booking's own placing is the engine's, not typed)."""
        if abs((moved.date() - planned.date()).days) <= FAR_DAYS or placed_by_booking(self.request.adjustments.move_reason(key) or ""):
            return
        what = str(key) if str(key) == key.kind.value else f"{key.kind.value} {key.number}"
        self.warnings.append(f"{what.capitalize()} was moved to {day_text(moved.date())}, more than six months from its "
                             f"planned day ({day_text(planned.date())}): check the year.")

    def simulation(self, first: Appointment) -> list[Appointment]:
        if self.request.simulation is None:
            return []
        start = as_local(self.request.simulation, self.tz)
        if start >= first.start:
            raise InputError(Field.SIMULATION, f"the planning scan must be before the first fraction ({moment_text(first.start)})")
        if (first.start.date() - start.date()).days > FAR_DAYS:
            self.warnings.append(f"The planning scan ({day_text(start.date())}) is more than six months before the first "
                                 f"fraction ({day_text(first.start.date())}): check the year.")
        closed = self.calendar.closure_reason(start.date())
        if closed:
            self.warnings.append(f"The planning scan on {day_text(start.date())} falls on a closed day: {closed}.")
        return [self.appointment(AppointmentKind.SIMULATION, 1, 1, start, self.catalogue.simulation_minutes)]

    def reviews(self, fractions: list[Appointment]) -> list[Appointment]:
        weekday = self.request.review_weekday
        if weekday is None:
            return []
        offset = self.site.review_minutes_after
        chosen = [fractions[i] for i in review_fractions([f.start for f in fractions], weekday)]
        reviews = []
        for number, fraction in enumerate(chosen, start=1):
            minutes_after = offset if offset is not None else int((fraction.end - fraction.start).total_seconds() // 60)
            reviews.append(self.appointment(AppointmentKind.REVIEW, number, len(chosen),
                                            add_minutes(fraction.start, minutes_after), self.catalogue.review_minutes))
        return reviews

    def follow_up(self, fractions: list[Appointment]) -> list[Appointment]:
        weeks = self.request.follow_up_weeks
        if weeks is None:
            return []
        last = max(f.start.date() for f in fractions)
        for day in self.calendar.walk(days_after(last, 7 * weeks)):
            if self.calendar.is_open(day):
                start = local_datetime(day, self.request.time, self.tz)
                return [self.appointment(AppointmentKind.FOLLOW_UP, 1, 1, start, self.catalogue.follow_up_minutes)]
            reason = self.calendar.closure_reason(day)
            if reason is not None:
                self.pushed.append(PushedDate(day, f"{reason}: follow-up moved to the next open day"))
        raise InputError(Field.FOLLOW_UP_WEEKS, "the clinic calendar has no open day for the follow-up visit")

    # ------------------------------------------------------------------ checks
    def check_fractions(self, fractions: list[Appointment]) -> None:
        self.warnings += spacing_problems(fractions, self.request.phases)
        for move in self.request.adjustments.moves:
            local = as_local(move.start, self.tz)
            # A booked day was checked by the store against the department's hours, a weekend make-up's included.
            if move.key.kind is AppointmentKind.FRACTION and move.key.number <= len(fractions) and not placed_by_booking(move.reason):
                reason = self.calendar.why_not_open(local.date())
                if reason:
                    self.warnings.append(f"Fraction {move.key.number} was moved to a day the clinic does not treat: {reason}.")
        self.check_moved_onto_others(fractions)

    def check_moved_onto_others(self, fractions: list[Appointment]) -> None:
        """A fraction moved to a day that holds another of a once-a-day phase: said with the way out, as a closure
        or a change made since the move may have put the other there (a move keeps its fraction's date and time)."""
        phases = self.request.phases
        by_number = {f.number: f for f in fractions}
        for number in sorted({m.key.number for m in self.request.adjustments.moves  # a booking's are the engine's to space
                              if m.key.kind is AppointmentKind.FRACTION and not placed_by_booking(m.reason)}):
            moved = by_number.get(number)
            if moved is None or phases[moved.phase - 1].pattern is Pattern.TWICE_DAILY:
                continue
            others = [f.number for f in fractions if f.number != number and f.start.date() == moved.start.date()]
            if others:
                self.warnings.append(
                    f"Fraction {number} was moved to {day_text(moved.start.date())}, the day of fraction {others[0]}: the patient "
                    f"has two sessions that day. If a closure or a change made since put fraction {others[0]} there, change or "
                    f"remove the move of fraction {number}.")

    def check_holiday_years(self, appointments: list[Appointment]) -> None:
        """A year of the course for which the holiday region has no public holiday at all is a year the holidays
        data does not reach (it ends in 2100) or a mistyped one: said, since its holidays would be treated as open days."""
        calendar, region = self.calendar, self.calendar.holiday_region
        if region is None or not appointments:
            return
        years = range(min(a.start.year for a in appointments), max(a.start.year for a in appointments) + 1)
        unknown = [year for year in years if not calendar.holidays_from.year(region.country, region.subdivision, year)]
        if unknown:
            shown = str(unknown[0]) if len(unknown) == 1 else f"{unknown[0]} to {unknown[-1]}"
            self.warnings.append(f"No public holidays of {calendar.region_name or region.code} are known for {shown}: "
                                 "they are planned as open days. Check the year, or enter them as clinic closures.")

    def check_span(self, fractions: list[Appointment]) -> None:
        request = self.request
        first = min(f.start.date() for f in fractions)
        last = max(f.start.date() for f in fractions)
        span = (last - first).days + 1
        lost = len({p.day for p in self.pushed if first <= p.day <= last and not p.reason.startswith("missed")
                    and p.day not in self.missed})
        if request.pattern.hypofractionated and not request.later_phases:
            limit = self.max_span()
            if limit is not None and span > limit:
                self.warnings.append(
                    f"The course spans {span} days, more than the {limit} days the catalogue allows "
                    f"for {self.site.name} ({request.pattern.value})"
                    + (f"; {counted(lost, 'closed day')} pushed it." if lost else ".")
                )
        if self.site.gap_sensitive and lost:
            self.warnings.append(
                f"{self.site.name} is gap-sensitive: {counted(lost, 'closed treatment day')} {'lengthens' if lost == 1 else 'lengthen'} the overall "
                f"treatment time to {span} days. Consider a weekend session or two sessions on one day "
                f"at least {SAME_DAY_MIN_HOURS} hours apart."
            )
        if not request.pattern.hypofractionated and self.site.gap_sensitive:
            for missed in self.missed.values():
                if missed.make_up is MakeUp.END and missed.make_up_at is None:
                    # a twice-daily course misses both of the day's sessions
                    both = sum(1 for m in self.missed_appointments if m.start.date() == missed.day) > 1
                    self.warnings.append(
                        f"The {'sessions' if both else 'session'} missed on {day_text(missed.day)} "
                        f"{'were' if both else 'was'} added at the end; {self.site.name} "
                        f"is gap-sensitive, so a weekend or same-day make-up keeps the overall time."
                    )

    def max_span(self) -> int | None:
        request = self.request
        for preset in self.site.presets:
            if (preset.pattern is request.pattern and preset.fractions == request.fractions
                    and preset.max_span_days is not None):
                return preset.max_span_days
        return self.site.max_span_days


def _wall_minutes(moment: datetime) -> int:
    return moment.hour * 60 + moment.minute


def _make_up_words(missed: MissedSession, second: datetime | None = None) -> str:
    """How the day's session is made up; `second`: a twice-daily day's second make-up, beside the chosen slot."""
    if missed.make_up is MakeUp.END and second is None:
        return "added at the end of the course"
    when = missed.make_up_at
    at = f" on {moment_text(when)}" if when else ""
    if second is not None:
        kind = {MakeUp.WEEKEND: "two weekend sessions", MakeUp.SAME_DAY: "two extra sessions"}.get(missed.make_up, "two sessions")
        return f"both made up by {kind}{at} and {second:%H:%M}"
    if missed.make_up is MakeUp.WEEKEND:
        return f"made up by a weekend session{at}"
    return f"made up by a second session{at}"


def review_fractions(starts: Sequence[datetime], weekday: int) -> list[int]:
    """The fractions the weekly reviews follow, as indices into `starts` (local times), one per
    week of treatment in the order the weeks come: the fraction on `weekday` when there is one;
    else the week's next fraction day; else its last fraction day before it."""
    by_week: dict[tuple[int, int], list[int]] = {}
    for index, start in enumerate(starts):
        iso = start.isocalendar()
        by_week.setdefault((iso.year, iso.week), []).append(index)
    chosen = []
    for indices in by_week.values():
        later = [i for i in indices if starts[i].weekday() >= weekday]
        chosen.append(min(later, key=lambda i: starts[i]) if later else max(indices, key=lambda i: starts[i]))
    return chosen


def build_schedule(request: CourseRequest, catalogue: Catalogue) -> Schedule:
    """The one entry point: a checked request and the catalogue -> the schedule."""
    return _Builder(request, catalogue).build()


def suggest_make_up(schedule: Schedule, missed_day: date, make_up: MakeUp) -> datetime:
    """A sensible time for a weekend or same-day make-up of the session missed on `missed_day`."""
    request = schedule.request
    calendar = request.calendar
    tz = request.tz
    if make_up is MakeUp.WEEKEND:
        return local_datetime(calendar.next_closed_weekday(days_after(missed_day, 1)), request.time, tz)
    if make_up is MakeUp.SAME_DAY:
        regular = [f for f in schedule.fractions if not f.make_up and calendar.is_open(f.start.date())] or list(schedule.fractions)
        later = [f for f in regular if f.start.date() > missed_day]
        base = min(later, key=lambda f: f.start) if later else max(regular, key=lambda f: f.start)
        return add_minutes(base.start, SAME_DAY_MIN_HOURS * 60)
    raise InputError(Field.MISSED, f"'{make_up.value}' needs no make-up time: the session is added at the end")
