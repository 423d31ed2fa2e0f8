"""Turns a course request into a schedule: the appointments, what closures pushed, warnings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from .catalogue import Catalogue, PrepReminder, TreatmentSite
from .course import CourseRequest, MakeUp, MissedSession
from .errors import Field, InputError
from .kinds import AppointmentKind, Pattern

MAX_COURSE_DAYS = 400  # a course that cannot fit in this many days means the calendar is wrong
SAME_DAY_MIN_HOURS = 6  # RCR: two sessions on one day at least 6 hours apart

_UTC = UTC


@dataclass(frozen=True)
class Appointment:
    kind: AppointmentKind
    number: int  # fraction k; review of week k; 1 for simulation and follow-up
    total: int  # N fractions for a fraction; the count of that kind otherwise
    start: datetime  # aware, in the course's zone
    end: datetime
    reminders: tuple[PrepReminder, ...]

    @property
    def role(self) -> str:
        """Stable key of this appointment within its course ("fraction-7", "follow-up")."""
        if self.kind in (AppointmentKind.SIMULATION, AppointmentKind.FOLLOW_UP):
            return self.kind.value
        return f"{self.kind.value}-{self.number}"


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

    def find(self, role: str) -> Appointment | None:
        return next((a for a in self.appointments if a.role == role), None)


def local_datetime(day: date, at: time, tz: ZoneInfo) -> datetime:
    """The wall-clock time `at` on `day` in `tz` (fold 0 for an ambiguous hour)."""
    return datetime(day.year, day.month, day.day, at.hour, at.minute, tzinfo=tz)


def exists_locally(moment: datetime) -> bool:
    """False for a wall-clock time skipped by a daylight-saving change (e.g. 02:30 in spring)."""
    round_trip = moment.astimezone(_UTC).astimezone(moment.tzinfo)
    return round_trip.replace(tzinfo=None) == moment.replace(tzinfo=None)


def add_minutes(moment: datetime, minutes: int) -> datetime:
    """Elapsed-time arithmetic, right across a daylight-saving change."""
    return (moment.astimezone(_UTC) + timedelta(minutes=minutes)).astimezone(moment.tzinfo)


def as_local(moment: datetime, tz: ZoneInfo) -> datetime:
    return moment.replace(tzinfo=tz) if moment.tzinfo is None else moment.astimezone(tz)


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

    def fraction_starts(self) -> list[datetime]:
        request = self.request
        reason = self.calendar.why_not_open(request.start)
        if reason:
            raise InputError(Field.START, f"{reason}; the first fraction must be on an open treatment day")
        if request.start in self.missed:
            raise InputError(Field.START, "the first fraction cannot be marked missed; move the start instead")
        if request.pattern is Pattern.DAILY:
            return self._daily()
        if any(m.make_up is not MakeUp.END for m in self.missed.values()):
            raise InputError(Field.MISSED, "weekend and same-day make-up sessions apply to daily courses")
        return self._spaced()

    def no_room(self) -> InputError:
        return InputError(Field.CLOSED, f"the clinic calendar leaves no room for {self.request.fractions} fractions "
                                    f"within {MAX_COURSE_DAYS} days")

    def _daily(self) -> list[datetime]:
        request = self.request
        extras: dict[date, list[datetime]] = {}
        for missed in self.missed.values():
            if missed.make_up is not MakeUp.END:
                if missed.make_up_at is None:
                    raise InputError(Field.MISSED, f"the make-up session for {missed.day.isoformat()} needs a date and time")
                when = as_local(missed.make_up_at, self.tz)
                extras.setdefault(when.date(), []).append(when)
        starts: list[datetime] = []
        day = request.start
        limit = request.start + timedelta(days=MAX_COURSE_DAYS)
        while len(starts) < request.fractions:
            if day > limit:
                raise self.no_room()
            todays = list(extras.get(day, ()))
            if self.open_for_patient(day):
                todays.append(local_datetime(day, request.time, self.tz))
            elif self.calendar.is_treatment_weekday(day):
                self.push(day)
            if len(todays) > 1:
                todays.sort()
            starts.extend(todays[:request.fractions - len(starts)])
            day += timedelta(days=1)
        return starts

    def _spaced(self) -> list[datetime]:
        request = self.request
        gap = request.pattern.min_gap_days
        starts = [local_datetime(request.start, request.time, self.tz)]
        day = request.start
        limit = request.start + timedelta(days=MAX_COURSE_DAYS)
        while len(starts) < request.fractions:
            day += timedelta(days=gap)
            while not self.open_for_patient(day):
                if day > limit:
                    raise self.no_room()
                if self.calendar.is_treatment_weekday(day):
                    self.push(day)
                day += timedelta(days=1)
            starts.append(local_datetime(day, request.time, self.tz))
        return starts

    # ------------------------------------------------------------------ appointments
    def appointment(self, kind: AppointmentKind, number: int, total: int, start: datetime, minutes: int) -> Appointment:
        if not exists_locally(start):
            shown = start.astimezone(_UTC).astimezone(self.tz)
            self.warnings.append(
                f"{start:%H:%M} does not exist on {start.date().isoformat()} (the clocks go forward); "
                f"the {kind.value} is at {shown:%H:%M} instead"
            )
            start = shown
        reminders = self._reminders.get(kind)
        if reminders is None:
            reminders = self._reminders[kind] = self.catalogue.reminders_for(self.site, kind)
        return Appointment(kind, number, total, start, add_minutes(start, minutes), reminders)

    def build(self) -> Schedule:
        request = self.request
        starts = self.fraction_starts()
        duration = request.duration_minutes
        fractions = []
        for number, planned in enumerate(starts, start=1):
            moved = request.adjustments.moved(f"fraction-{number}")
            start = as_local(moved, self.tz) if moved is not None else planned
            fractions.append(self.appointment(AppointmentKind.FRACTION, number, len(starts), start, duration))
        appointments = list(fractions)
        appointments += self.simulation(fractions[0])
        appointments += self.reviews(fractions)
        appointments += self.follow_up(fractions)
        appointments = [self.apply_move(a) for a in appointments if a.kind is not AppointmentKind.FRACTION] + fractions
        appointments.sort(key=lambda a: (a.start, a.kind is not AppointmentKind.FRACTION))
        self.check_fractions(fractions)
        self.check_span(fractions)
        self.pushed.sort(key=lambda p: p.day)
        return Schedule(request, self.site, tuple(appointments), tuple(self.pushed), tuple(self.warnings))

    def apply_move(self, appointment: Appointment) -> Appointment:
        moved = self.request.adjustments.moved(appointment.role)
        if moved is None:
            return appointment
        minutes = int((appointment.end - appointment.start).total_seconds() // 60)
        start = as_local(moved, self.tz)
        return Appointment(appointment.kind, appointment.number, appointment.total, start,
                           add_minutes(start, minutes), appointment.reminders)

    def simulation(self, first: Appointment) -> list[Appointment]:
        if self.request.simulation is None:
            return []
        start = as_local(self.request.simulation, self.tz)
        if start >= first.start:
            raise InputError(Field.SIMULATION, f"the planning scan must be before the first fraction ({first.start:%Y-%m-%d %H:%M})")
        closed = self.calendar.closure_reason(start.date())
        if closed:
            self.warnings.append(f"The planning scan on {start.date().isoformat()} falls on a closed day: {closed}.")
        return [self.appointment(AppointmentKind.SIMULATION, 1, 1, start, self.catalogue.simulation_minutes)]

    def reviews(self, fractions: list[Appointment]) -> list[Appointment]:
        weekday = self.request.review_weekday
        if weekday is None:
            return []
        by_week: dict[tuple[int, int], list[Appointment]] = {}
        for fraction in fractions:
            iso = fraction.start.isocalendar()
            by_week.setdefault((iso.year, iso.week), []).append(fraction)
        offset = self.site.review_minutes_after
        chosen: list[Appointment] = []
        for week_fractions in by_week.values():
            # The chosen weekday when a fraction is on it; else the next fraction day that
            # week; else the last fraction day before it.
            later = [f for f in week_fractions if f.start.weekday() >= weekday]
            chosen.append(min(later, key=lambda f: f.start) if later else max(week_fractions, key=lambda f: f.start))
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
        day = last + timedelta(weeks=weeks)
        while not self.calendar.is_open(day):
            reason = self.calendar.closure_reason(day)
            if reason is not None:
                self.pushed.append(PushedDate(day, f"{reason}: follow-up moved to the next open day"))
            day += timedelta(days=1)
        start = local_datetime(day, self.request.time, self.tz)
        return [self.appointment(AppointmentKind.FOLLOW_UP, 1, 1, start, self.catalogue.follow_up_minutes)]

    # ------------------------------------------------------------------ checks
    def check_fractions(self, fractions: list[Appointment]) -> None:
        ordered = sorted(fractions, key=lambda f: f.start)
        for before, after in zip(ordered, ordered[1:], strict=False):
            if after.number < before.number:
                self.warnings.append(f"Fraction {after.number} now comes after fraction {before.number}.")
            hours = (after.start - before.start).total_seconds() / 3600
            days = (after.start.date() - before.start.date()).days
            pattern = self.request.pattern
            if pattern.hypofractionated and days < pattern.min_gap_days:
                self.warnings.append(
                    f"Fractions {before.number} and {after.number} are {days} day(s) apart; "
                    f"a {pattern.value} course needs at least {pattern.min_gap_days}."
                )
            elif hours < SAME_DAY_MIN_HOURS:
                self.warnings.append(
                    f"Fractions {before.number} and {after.number} are {hours:.1f} hours apart; "
                    f"two sessions need at least {SAME_DAY_MIN_HOURS} hours between them."
                )
        planned = {f"fraction-{i}" for i in range(1, len(fractions) + 1)}
        for role, when in self.request.adjustments.moves:
            local = as_local(when, self.tz)
            if role in planned:
                reason = self.calendar.why_not_open(local.date())
                if reason:
                    self.warnings.append(f"{role.replace('-', ' ').capitalize()} was moved to a day the clinic does not treat: {reason}.")

    def check_span(self, fractions: list[Appointment]) -> None:
        request = self.request
        first = min(f.start.date() for f in fractions)
        last = max(f.start.date() for f in fractions)
        span = (last - first).days + 1
        lost = sum(1 for p in self.pushed if first <= p.day <= last and not p.reason.startswith("missed"))
        if request.pattern.hypofractionated:
            limit = self.max_span()
            if limit is not None and span > limit:
                self.warnings.append(
                    f"The course spans {span} days, more than the {limit} days the catalogue allows "
                    f"for {self.site.name} ({request.pattern.value})"
                    + (f"; {lost} closed day(s) pushed it." if lost else ".")
                )
        if self.site.gap_sensitive and lost:
            self.warnings.append(
                f"{self.site.name} is gap-sensitive: {lost} closed treatment day(s) lengthen the overall "
                f"treatment time to {span} days. Consider a weekend session or two sessions on one day "
                f"at least {SAME_DAY_MIN_HOURS} hours apart."
            )
        if request.pattern is Pattern.DAILY and self.site.gap_sensitive:
            for missed in self.missed.values():
                if missed.make_up is MakeUp.END:
                    self.warnings.append(
                        f"The session missed on {missed.day.isoformat()} was added at the end; {self.site.name} "
                        f"is gap-sensitive, so a weekend or same-day make-up keeps the overall time."
                    )

    def max_span(self) -> int | None:
        request = self.request
        for preset in self.site.presets:
            if (preset.pattern is request.pattern and preset.fractions == request.fractions
                    and preset.max_span_days is not None):
                return preset.max_span_days
        return self.site.max_span_days


def _make_up_words(missed: MissedSession) -> str:
    if missed.make_up is MakeUp.END:
        return "added at the end of the course"
    when = missed.make_up_at
    at = f" on {when:%Y-%m-%d %H:%M}" if when else ""
    if missed.make_up is MakeUp.WEEKEND:
        return f"made up by a weekend session{at}"
    return f"made up by a second session{at}"


def build_schedule(request: CourseRequest, catalogue: Catalogue) -> Schedule:
    """The one entry point: a checked request and the catalogue -> the schedule."""
    return _Builder(request, catalogue).build()


def suggest_make_up(schedule: Schedule, missed_day: date, make_up: MakeUp) -> datetime:
    """A sensible time for a weekend or same-day make-up of the session missed on `missed_day`."""
    request = schedule.request
    calendar = request.calendar
    tz = request.tz
    if make_up is MakeUp.WEEKEND:
        day = missed_day + timedelta(days=1)
        while day.weekday() in calendar.treatment_days or calendar.closure_reason(day) is not None:
            day += timedelta(days=1)
        return local_datetime(day, request.time, tz)
    if make_up is MakeUp.SAME_DAY:
        later = [f for f in schedule.fractions if f.start.date() > missed_day]
        base = min(later, key=lambda f: f.start) if later else schedule.last_fraction
        second = add_minutes(base.start, SAME_DAY_MIN_HOURS * 60)
        return second
    raise InputError(Field.MISSED, f"'{make_up.value}' needs no make-up time: the session is added at the end")
