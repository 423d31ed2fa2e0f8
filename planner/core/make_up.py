"""The choices a coordinator has when a session is missed, and what each does to the course."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from .catalogue import Catalogue
from .course import CourseRequest, MakeUp, MissedSession, placed_by_booking
from .dates import day_text
from .department import MakeUpCause, MakeUpMark
from .errors import Field, InputError
from .kinds import AppointmentKind
from .schedule import Schedule, as_local, build_schedule, spacing_problems, suggest_make_up


@dataclass(frozen=True)
class MakeUpOption:
    """One way to make up a missed session: its suggested slot and the overall treatment time it gives."""

    make_up: MakeUp
    slot: datetime | None  # the suggested date and time; None: added at the end of the course
    overall_days: int
    keeps_overall_time: bool


def waits_at_end(missed: Iterable[MissedSession]) -> bool:
    """Whether a course's missed sessions hold one with its make-up at the end and no day chosen for it: a booked
    course's make-up that may wait for its booking after the last booked session."""
    return any(m.make_up is MakeUp.END and m.make_up_at is None for m in missed)


def missed_fraction_day(schedule: Schedule, number: int) -> date:
    """The day of fraction `number` in `schedule`, for marking it missed: a booked course's where its booking puts it (as
    the window's Mark missed takes the appointment's day); one the coordinator moved is refused until the move goes."""
    fraction = next((f for f in schedule.fractions if f.number == number), None)
    if fraction is None:
        raise InputError(Field.MISSED, f"the course has no fraction {number} (it has {len(schedule.fractions)})")
    if fraction.make_up:
        raise InputError(Field.MISSED, f"fraction {number} is itself a make-up session; change or remove that make-up instead")
    reason = schedule.request.adjustments.move_reason(fraction.key)
    if reason is not None and not placed_by_booking(reason):  # the coordinator's own move, not where a booking put it
        raise InputError(Field.MISSED, f"fraction {number} was moved; remove the move before marking it missed")
    return fraction.start.date()


def _without(request: CourseRequest, day: date) -> CourseRequest:
    others = tuple(m for m in request.adjustments.missed if m.day != day)
    return replace(request, adjustments=replace(request.adjustments, missed=others))


def make_up_refusal(before: Schedule, after: Schedule, make_up: MakeUp, slot: datetime | None) -> str | None:
    """Why a weekend or second-session make-up in `slot` must not be offered, judged on the course `after` it:
    the session not given in its slot (the course ends before it: it would go to the end, not where the
    choice says), or the course's spacing broken where it was not (an SBRT fraction a day after another,
    two sessions under 6 hours apart). None: it may be offered. The end of the course is always offered."""
    if make_up is MakeUp.END or slot is None:
        return None
    at = as_local(slot, after.request.tz)
    if not any(f.make_up and f.start == at for f in after.fractions):
        return f"{day_text(at.date())}, {at:%H:%M} is after the course's last session: the session would be added at the end"
    then, now = spacing_problems(before.fractions, before.request.phases), spacing_problems(after.fractions, after.request.phases)
    if len(now) > len(then):
        problem = next((problem for problem in now if problem not in then), now[-1])
        return "it would break the course's spacing: " + problem[0].lower() + problem[1:].rstrip(".")
    return None


def make_up_option(request: CourseRequest, catalogue: Catalogue, day: date, make_up: MakeUp,
                   base: Schedule | None = None) -> MakeUpOption:
    """One make-up for the session on `day` with its suggested slot; InputError says why it cannot be."""
    base = base or build_schedule(_without(request, day), catalogue)
    if not any(f.start.date() == day for f in base.fractions if f.kind is AppointmentKind.FRACTION):
        raise InputError(Field.MISSED, f"no fraction is planned on {day_text(day)}")
    slot = None if make_up is MakeUp.END else suggest_make_up(base, day, make_up)
    trial = replace(request, adjustments=request.adjustments.with_missed(MissedSession(day, make_up, slot)))
    after = build_schedule(trial, catalogue)
    refusal = make_up_refusal(base, after, make_up, slot)
    if refusal is not None:
        raise InputError(Field.MISSED, f"{_words(make_up)} is not possible: {refusal}")
    return MakeUpOption(make_up, slot, after.overall_days, after.overall_days <= base.overall_days)


def _words(make_up: MakeUp) -> str:
    return {MakeUp.END: "a session at the end", MakeUp.WEEKEND: "a weekend session",
            MakeUp.SAME_DAY: "a second session on a treatment day"}[make_up]


def make_up_options(request: CourseRequest, catalogue: Catalogue, day: date) -> tuple[MakeUpOption, ...]:
    """Every make-up the calendar allows for the session on `day`, each with its suggested slot."""
    base = build_schedule(_without(request, day), catalogue)
    options = []
    for make_up in MakeUp:
        try:
            options.append(make_up_option(request, catalogue, day, make_up, base))
        except InputError:
            if make_up is MakeUp.END:
                raise
            # e.g. no weekend day in a seven-day clinic
    return tuple(options)


def preferred_make_up(options: tuple[MakeUpOption, ...], gap_sensitive: bool) -> MakeUpOption:
    """For a gap-sensitive site, the first option that keeps the overall treatment time; else the end."""
    if gap_sensitive:
        keeping = [o for o in options if o.keeps_overall_time and o.make_up is not MakeUp.END]
        if keeping:
            return keeping[0]
    return next(o for o in options if o.make_up is MakeUp.END)


def missed_make_ups(schedule: Schedule) -> dict[int, MakeUpMark]:
    """The course's make-up fractions by number as they are booked (the fractions given, in time order: see
    booking.needs), each with the day of the missed session it replaces, as the schedule placed it: a make-up in
    a chosen slot (a weekend, a second session) is its own missed day's; those added at the end take the missed
    days in order. A twice-daily day missed has two make-ups, both that day's. In the order of their numbers, which
    is the sessions' order: a coordinator's move of one onto a later day (shown at its booked time) renumbers none."""
    given = sorted((f for f in schedule.fractions if not f.missed), key=lambda f: f.number)
    return {number: MakeUpMark(fraction.makes_up, MakeUpCause.MISSED)
            for number, fraction in enumerate(given, start=1) if fraction.make_up and fraction.makes_up is not None}


def booked_fractions(schedule: Schedule, booked: Iterable[tuple[int, datetime]]) -> dict[int, int | None]:
    """Which of the schedule's fractions each booked fraction (its booking number, its start) gives: None for a
    booking on a day the course marks missed, kept as the record of that day. A session marked missed after it
    was booked leaves its make-up without a booking (one added at the end is after every booking), so the other
    bookings give, in time order, the schedule's fractions less those make-ups; by number otherwise."""
    tz = schedule.request.tz
    days = {m.day for m in schedule.request.adjustments.missed}
    ordered = sorted(booked, key=lambda b: b[1])
    held = {start.astimezone(tz).date() for _, start in ordered if start.astimezone(tz).date() in days}
    if not held:
        return {number: number for number, _ in ordered}
    kept = [number for number, start in ordered if start.astimezone(tz).date() not in held]
    fractions = sorted(schedule.fractions, key=lambda f: f.number)  # the bookings' order, whatever a move did to the plan's
    missing = max(0, len(fractions) - len(kept))
    waiting = sorted(number for number, mark in missed_make_ups(schedule).items() if mark.day in held)
    unbooked = set(waiting[len(waiting) - min(missing, len(waiting)):])
    given = [f.number for f in fractions if f.number not in unbooked]
    found: dict[int, int | None] = {number: None for number, start in ordered if start.astimezone(tz).date() in held}
    found.update(zip(kept, given, strict=False))
    return found


def unbooked_make_ups(schedule: Schedule, booked: Iterable[tuple[int, datetime]]) -> tuple[date, ...]:
    """The missed days whose make-up no booking gives (marked missed after the course was booked): still to book."""
    given = {number for number in booked_fractions(schedule, booked).values() if number is not None}
    return tuple(sorted(mark.day for number, mark in missed_make_ups(schedule).items() if number not in given))


MAKE_UP_DAYS_AHEAD = 60  # calendar days searched for the course's next treatment day after its last booked fraction


def days_after_booked(planned: Iterable[date], booked: Iterable[date], is_open: Callable[[date], bool],
                      days: Collection[int], gap_days: int = 1) -> dict[date, date]:
    """Where make-ups added at the end of a booked course and not booked yet go: by planned day, on the next treatment
    days (`is_open` and a weekday of `days`) at least `gap_days` after its last booked fraction (the record of a day
    marked missed counts) and after each other, as its pattern wants (an alternate-day course's 2). That is where its
    plan has them, unless its calendar changed since it was booked (a holiday or closure taken away or added, a closure
    or downtime that added a session at the end): the bookings keep their times, and the make-ups follow them, never on
    a booked session's day nor a day later than needed. Returns each planned day with its day: what `book --make-ups`
    books and the course's calendar shows."""
    wanted = sorted(set(planned))
    held = list(booked)
    if not wanted or not held:
        return {}
    moved: dict[date, date] = {}
    day = max(held)
    for planned_day in wanted:
        day += timedelta(days=gap_days)
        for _ in range(MAKE_UP_DAYS_AHEAD):
            if is_open(day) and day.weekday() in days:
                break
            day += timedelta(days=1)
        moved[planned_day] = day
    return moved
