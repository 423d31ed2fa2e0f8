"""From a planned course (the core's Schedule) to what the engine books: each fraction's session
length and spacing rule, the capabilities it needs, and when it may start."""

from __future__ import annotations

from datetime import date, time

from ..core.catalogue import Catalogue, RegimenPreset
from ..core.kinds import AppointmentKind
from ..core.schedule import Schedule
from .model import DEFAULT_PLANNING_DAYS, CourseNeed, ReviewNeed, SessionNeed


def sessions_from_schedule(schedule: Schedule, first_extra_minutes: int) -> tuple[SessionNeed, ...]:
    """One SessionNeed per planned fraction (missed sessions left out), in order: its own length
    (the first one longer), its phase, and its spacing: a second fraction on the same day is the
    day's second session, otherwise it keeps its phase's pattern gap (and the gap between phases).
    A make-up on a day the calendar does not treat (a weekend) is booked on that day. A day's second
    session keeps how long after the first the course has it (its second time)."""
    fractions = sorted((a for a in schedule.fractions if not a.missed), key=lambda a: a.start)
    request = schedule.request
    phases = request.phases
    sessions: list[SessionNeed] = []
    previous_day: date | None = None
    previous_phase = 1
    day_first = 0  # wall-clock minute of the day's first session
    for number, fraction in enumerate(fractions, start=1):
        minutes = (int(fraction.end.timestamp()) - int(fraction.start.timestamp())) // 60  # real minutes, whatever the clock does
        day = fraction.start.date()
        same_day = previous_day is not None and day == previous_day
        phase = min(max(fraction.phase, 1), len(phases))
        gap = phases[phase - 1].pattern.min_gap_days
        if phase != previous_phase:
            gap = max(gap, request.phase_gap_days + 1)
        clock = (fraction.start.hour, fraction.start.minute)  # on the course's clock, as its daily time
        if not same_day:
            day_first = clock[0] * 60 + clock[1]
        sessions.append(SessionNeed(
            number=number,
            minutes=minutes + (first_extra_minutes if number == 1 else 0),
            min_days=0 if number == 1 or same_day else gap,
            same_day=same_day,
            phase=phase,
            # moved or re-timed by the coordinator (transport, a clash): booked nearest that time, not the daily one
            wanted_at=fraction.start if not same_day and clock != (request.time.hour, request.time.minute) else None,
            make_up_on=day if fraction.make_up and not same_day and not request.calendar.is_open(day) else None,
            # the second time the coordinator chose (or a day's re-timed second session), after the day's first
            after_first=clock[0] * 60 + clock[1] - day_first if same_day else None,
        ))
        previous_day, previous_phase = day, phase
    return tuple(sessions)


def review_from_schedule(schedule: Schedule, catalogue: Catalogue) -> ReviewNeed | None:
    """The course's weekly reviews as the engine books them (None without a review day)."""
    weekday = schedule.request.review_weekday
    if weekday is None:
        return None
    return ReviewNeed(weekday, catalogue.review_minutes, schedule.site.review_minutes_after)


def need_from_schedule(schedule: Schedule, catalogue: Catalogue, course_id: str, *,
                       preset: RegimenPreset | None = None, earliest: date | None = None, urgent: bool = False,
                       preferred_machine: str | None = None, preferred_time: time | None = None,
                       patient: str = "", own_calendar: bool = False) -> CourseNeed:
    """What the engine books for a planned course: its fractions, its planning scan when the
    schedule has one (the wait then counts from the scan plus the site's planning days), and its
    reviews (booked only when the department lists clinic rooms). With `own_calendar` the course keeps
    its schedule's calendar over the department's: the days that calendar closes are closed to it."""
    site = schedule.site
    simulation = next((a for a in schedule.appointments if a.kind is AppointmentKind.SIMULATION), None)
    if earliest is None and simulation is None:
        earliest = schedule.request.start
    return CourseNeed(
        course_id=course_id,
        sessions=sessions_from_schedule(schedule, catalogue.first_fraction_extra_minutes),
        requires=site.requirements(preset),
        earliest=earliest,
        planning_days=site.planning_days if site.planning_days is not None else DEFAULT_PLANNING_DAYS,
        simulation_minutes=catalogue.simulation_minutes if simulation is not None else None,
        simulation_at=simulation.start if simulation is not None else None,
        urgent=urgent,
        preferred_machine=preferred_machine,
        preferred_time=preferred_time if preferred_time is not None else schedule.request.time,
        gap_sensitive=site.gap_sensitive,
        patient=patient,
        reviews=review_from_schedule(schedule, catalogue),
        own_calendar=schedule.request.calendar if own_calendar else None,
        missed_days=frozenset(m.day for m in schedule.request.adjustments.missed),
    )


def daily_sessions(count: int, minutes: int, first_extra_minutes: int, min_days: int = 1,
                   twice_daily: bool = False) -> tuple[SessionNeed, ...]:
    """Sessions of a regimen without a planned schedule: `count` fractions, `min_days` apart, or
    in pairs on one day when twice daily."""
    sessions = []
    for number in range(1, count + 1):
        same_day = twice_daily and number % 2 == 0
        sessions.append(SessionNeed(number, minutes + (first_extra_minutes if number == 1 else 0),
                                    0 if number == 1 or same_day else min_days, same_day))
    return tuple(sessions)
