"""A booked course marks a session missed (its make-up at the end, not booked yet), then its calendar changes: closures
taken away or added, its start changed. The bookings keep their times; the course as shown (`booked_spec`, what its
plan, export, print and window give) never puts two of its sessions at one time, and shows the make-up after its last
booked session, as far apart as its pattern wants and no later than that. Before, the make-up was placed by the changed
plan alone: a closure taken away put it on the day, and at the time, of the last booked session; one added left a
treatment day free before it."""

from __future__ import annotations

from datetime import UTC, date, timedelta

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from planner.app.booking import booked_spec
from planner.app.planning import plan
from planner.core.catalogue import load_catalogue
from planner.core.course import MakeUp, MissedSession
from planner.core.department import Booking
from planner.core.errors import InputError
from planner.core.kinds import AppointmentKind
from planner.core.spec import CourseSpec
from planner.resources_path import default_catalogue_path

CATALOGUE = load_catalogue(default_catalogue_path())
FIRST = date(2030, 3, 4)  # a Monday
REGIMENS = (("head-neck", "30-daily"), ("prostate", "20-daily"), ("lung", "sbrt-5-alternate"), ("lung", "30-twice-daily"),
            ("palliative", "5-twice-weekly"))


@st.composite
def courses(draw: st.DrawFn) -> tuple[CourseSpec, CourseSpec, list[Booking]]:
    """A course booked as planned, and the same course after a session was marked missed (made up at the end) and its
    calendar changed after the missed day: some closures taken away, others added, its start moved."""
    site, preset = draw(st.sampled_from(REGIMENS))
    start = FIRST + timedelta(days=draw(st.integers(0, 4)))  # a weekday, open
    closed = draw(st.lists(st.integers(1, 50), max_size=4, unique=True))
    booked = CourseSpec(course_id="c", site=site, preset=preset, start=start, tz="Europe/London",
                        closed=tuple((start + timedelta(days=d), "closed") for d in sorted(closed)))
    try:
        schedule = plan(booked, CATALOGUE)
    except InputError:
        assume(False)
        raise
    held = [Booking("c", AppointmentKind.FRACTION, f.number, "Linac 1", f.start.astimezone(UTC), f.end.astimezone(UTC))
            for f in schedule.fractions]
    days = sorted({f.start.date() for f in schedule.fractions})
    missed = draw(st.sampled_from(days[:-1]))
    kept = [day for day, _ in booked.closed if day <= missed or draw(st.booleans())]
    added = draw(st.lists(st.integers(1, 60), max_size=3, unique=True))
    new_closed = sorted(set(kept) | {missed + timedelta(days=d) for d in added})
    changed = booked.updated(closed=tuple((day, "closed") for day in new_closed),
                             start=start + timedelta(days=draw(st.integers(-3, 3))))
    changed = changed.updated(adjustments=changed.adjustments.with_missed(MissedSession(missed, MakeUp.END)))
    return booked, changed, held


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(courses())
def test_the_course_as_booked_has_no_two_sessions_at_once_and_its_make_up_after_the_last_booked(course):
    booked, changed, held = course
    try:
        shown = plan(booked_spec(changed, held, CATALOGUE), CATALOGUE)
    except InputError:
        assume(False)
        return
    given = sorted((f for f in shown.fractions if not f.missed), key=lambda f: f.start.astimezone(UTC))
    for before, after in zip(given, given[1:], strict=False):
        assert before.end.astimezone(UTC) <= after.start.astimezone(UTC), (before, after)
    last_booked = max(b.start.astimezone(shown.request.tz).date() for b in held)
    make_ups = [f for f in given if f.make_up]
    assert make_ups
    gap = shown.request.phases[-1].pattern.min_gap_days
    assert all((f.start.date() - last_booked).days >= gap for f in make_ups), (last_booked, make_ups)
    assert all(shown.request.calendar.is_open(f.start.date()) for f in make_ups)
    # and no later than needed: the first on the course's first open day that far after its last booked session
    earliest = last_booked + timedelta(days=gap)
    while not shown.request.calendar.is_open(earliest):
        earliest += timedelta(days=1)
    assert make_ups[0].start.date() == earliest
