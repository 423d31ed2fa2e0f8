"""A stored course's booking as the window shows it: the machine and daily time it is booked on,
its first day, and which machine each appointment on screen is on (only where the time shown is
the booked time, so an edit not yet booked never shows a machine it does not have)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from ..core.clinic import DEFAULT_TREATMENT_DAYS
from ..core.dates import day_text
from ..core.department import Booking, Department, MakeUpCause, MakeUpMark, Rebooked, RebookedNote
from ..core.kinds import AppointmentKey, AppointmentKind
from ..core.make_up import booked_fractions
from ..core.make_up import unbooked_make_ups as make_ups_to_book
from ..core.schedule import Schedule
from ..core.text import counted
from ..core.wall_clock import same_instant

if TYPE_CHECKING:  # the window shows a booking on every edit: the store's and the engine's modules load only to read one
    from ..core.catalogue import Catalogue
    from ..core.clinic import HolidaySource
    from ..store.db import Store
    from .stored_courses import OpenedCourse


@dataclass(frozen=True)
class BookedAppointment:
    """One appointment's place: the machine and the aware start and end the store holds for it."""

    key: AppointmentKey
    machine: str
    start: datetime
    end: datetime
    note: RebookedNote | None = None  # why a downtime or closure put it here (`rebooked_notes`)


@dataclass(frozen=True)
class BookingFacts:
    """What the store holds of one course's booking."""

    course_id: str
    machine: str  # the machine the course was booked on (a re-booking may have moved some fractions)
    daily_time: time
    first: date | None  # the first fraction's day (None: no fraction booked)
    appointments: tuple[BookedAppointment, ...]
    elsewhere: int = 0  # fractions booked on another machine than `machine` (a downtime, a hand move)
    off_time: int = 0  # days whose (first) fraction is booked at another time than `daily_time`


def booking_facts(store: Store, course_id: str, zone: ZoneInfo | None = None) -> BookingFacts | None:
    """The course's booking, or None when it is not booked; days in `zone` (None: the department's).
    StoreError when the store cannot be read."""
    from ..store.db import bookings as db

    with _reading(store), store.engine.connect() as connection:
        course = db.course_bookings_of(connection, [course_id]).get(course_id)
        held = db.course_bookings(connection, course_id)
    if course is None or not held:
        return None
    department = None
    if zone is None or _made_up(held):  # the department's treatment days tell a weekend make-up from a second session
        with _reading(store):
            department = store.department()
    if zone is None:
        zone = department.zone if department is not None else ZoneInfo("UTC")
    notes = rebooked_notes(held, course.machine, course.daily_time, department, zone)
    fractions = sorted((b for b in held if b.kind is AppointmentKind.FRACTION), key=lambda b: b.start)
    first = fractions[0].start if fractions else None
    days: set[date] = set()
    off_time = 0
    for fraction in fractions:
        local = fraction.start.astimezone(zone)
        if local.date() not in days:  # a twice-daily course's second session has its own time
            days.add(local.date())
            off_time += (local.hour, local.minute) != (course.daily_time.hour, course.daily_time.minute)
    return BookingFacts(course_id, course.machine, course.daily_time,
                        first.astimezone(zone).date() if first is not None else None,
                        tuple(BookedAppointment(AppointmentKey(b.kind, b.number), b.machine, b.start, b.end,
                                                notes.get(AppointmentKey(b.kind, b.number))) for b in held),
                        sum(1 for b in fractions if b.machine != course.machine), off_time)


def _made_up(held: Iterable[Booking]) -> bool:
    """Whether a fraction makes up a session a re-booking took off its day: only then are the department's treatment
    days needed to say how (the window reads a booking on every edit: the department only when it may tell why)."""
    return any(b.kind is AppointmentKind.FRACTION and b.make_up is not None and b.make_up.cause is not MakeUpCause.MISSED
               for b in held)


MADE_UP = (Rebooked.WEEKEND, Rebooked.SECOND_SESSION, Rebooked.END)  # given on another day than the session lost


def rebooked_notes(held: Iterable[Booking], machine: str, daily_time: time, department: Department | None,
                   zone: ZoneInfo) -> dict[AppointmentKey, RebookedNote]:
    """Why each fraction a downtime or closure re-booked is where it is, for the patient's calendar and sheet, as the
    re-booking recorded it with the booking: a make-up it marked (on a weekend, a second session that day, else added
    at the end of the course), or a session it moved on its own day (`Booking.moved`: another time, or only another
    machine). Recorded then, the note stays when the downtime is shortened later; a move by hand (which clears the
    mark), or the first fraction's earlier start for its set-up, says nothing. A session added at the end only because
    none of the course had come before the day it lost makes up nothing: the course starts later, said on its first
    fraction. `department`: its treatment days tell a weekend from a second session (None: Monday to Friday)."""
    treatment_days = department.treatment_days if department is not None else DEFAULT_TREATMENT_DAYS
    fractions = sorted((b for b in held if b.kind is AppointmentKind.FRACTION), key=lambda b: b.start)
    days: dict[date, int] = {}
    given: set[date] = set()  # the days holding a session that makes nothing up: a make-up beside one is a second session
    for booking in fractions:
        day = booking.start.astimezone(zone).date()
        days[day] = days.get(day, 0) + 1
        if booking.make_up is None or booking.make_up.cause is MakeUpCause.MISSED:
            given.add(day)
    notes: dict[AppointmentKey, RebookedNote] = {}
    seen: set[date] = set()
    first_day = fractions[0].start.astimezone(zone).date() if fractions else None
    put_off: MakeUpMark | None = None  # the first day lost, when the course had not begun: it starts later
    for booking in fractions:
        day = booking.start.astimezone(zone).date()
        first_of_day = day not in seen
        seen.add(day)
        key = AppointmentKey.fraction(booking.number)
        mark = booking.make_up
        if mark is not None:
            if mark.cause is MakeUpCause.MISSED:  # the patient's own missed session: the course's adjustments say it
                continue
            # a day of make-ups only (a twice-daily course's whole day added at the end as one of its days) is no second session
            how = (Rebooked.WEEKEND if day.weekday() not in treatment_days
                   else Rebooked.SECOND_SESSION if days[day] > 1 and day in given else Rebooked.END)
            if how is Rebooked.END and first_day is not None and mark.day < first_day:
                # none of the course came before the day lost: not a make-up of anything, the course starts later
                put_off = mark if put_off is None or mark.day < put_off.day else put_off
                continue
            notes[key] = RebookedNote(how, mark.cause, mark.day)
            continue
        if booking.moved is None or booking.released:
            continue
        usual = datetime.combine(day, daily_time, tzinfo=zone)
        same_time = same_instant(booking.start, usual) if first_of_day else booking.machine != machine
        notes[key] = RebookedNote(Rebooked.OTHER_MACHINE if same_time else Rebooked.OTHER_TIME, booking.moved, day)
    # a twice-daily course's whole day re-booked: each of its sessions says both ("the 2 sessions of Tue 2 Apr 2030")
    lost = Counter((n.how, n.cause, n.day) for n in notes.values() if n.how in MADE_UP)
    notes = {key: replace(n, count=lost[(n.how, n.cause, n.day)]) if n.how in MADE_UP else n for key, n in notes.items()}
    if put_off is not None:  # said on the course's first session, which was not its first as booked
        notes[AppointmentKey.fraction(fractions[0].number)] = RebookedNote(Rebooked.LATER_START, put_off.cause, put_off.day)
    return notes


def rebooked_shown(schedule: Schedule | None, facts: BookingFacts | None) -> tuple[tuple[AppointmentKey, RebookedNote], ...]:
    """Each appointment of `schedule` shown at its booked time that a downtime or closure re-booked, with why: what the
    patient's calendar and printed sheet explain (as `machines_shown` gives the machines)."""
    return tuple((key, place.note) for key, place in _shown_at_booked_time(schedule, facts) if place.note is not None)


def _shown_at_booked_time(schedule: Schedule | None, facts: BookingFacts | None
                          ) -> Iterator[tuple[AppointmentKey, BookedAppointment]]:
    """Each appointment of `schedule` that starts at its booked time, with its booking."""
    if schedule is None or facts is None:
        return
    booked = booked_by_key(schedule, facts)
    for appointment in schedule.appointments:
        place = booked.get(appointment.key)
        if place is not None and same_instant(place.start, appointment.start):
            yield appointment.key, place


def booked_by_key(schedule: Schedule, facts: BookingFacts) -> dict[AppointmentKey, BookedAppointment]:
    """Each booked appointment under the key of the appointment of `schedule` it gives: its own, but for a course
    that marks a booked session missed (that booking gives none, and the later ones give the fractions after it:
    `booked_fractions`)."""
    fractions = [(a.key.number, a.start) for a in facts.appointments if a.key.kind is AppointmentKind.FRACTION]
    gives = booked_fractions(schedule, fractions) if schedule.request.adjustments.missed else {}
    found = {}
    for place in facts.appointments:
        if place.key.kind is AppointmentKind.FRACTION and place.key.number in gives:
            number = gives[place.key.number]
            if number is not None:
                found[AppointmentKey.fraction(number)] = place
        else:
            found[place.key] = place
    return found


def unbooked_make_ups(schedule: Schedule | None, facts: BookingFacts | None) -> tuple[date, ...]:
    """The days missed whose make-up the booking does not give yet (the course was marked missed after it was booked)."""
    if schedule is None or facts is None or not schedule.request.adjustments.missed:
        return ()
    return make_ups_to_book(schedule, [(a.key.number, a.start) for a in facts.appointments if a.key.kind is AppointmentKind.FRACTION])


@dataclass(frozen=True)
class NeverBooked:
    """Make-ups of one missed day that no booking gives and whose day, as the course shows it, has passed."""

    missed: date  # the day missed
    due: date  # the day the course shows its (first such) make-up on: where booking it would have put it
    count: int  # how many: a twice-daily day missed has two


def make_ups_never_booked(schedule: Schedule | None, facts: BookingFacts | None, today: date | None) -> tuple[NeverBooked, ...]:
    """The make-ups `unbooked_make_ups` finds whose day, as the course shows it (a make-up at the end after its last
    booked session, else its chosen slot), is before `today`: fractions of the prescribed course not given, which the
    course's status says ("make-up not booked", `CourseStatus.MAKE_UP_NOT_BOOKED`). None without a `today`."""
    waiting = Counter(unbooked_make_ups(schedule, facts))
    if schedule is None or today is None or not waiting:
        return ()
    found = []
    for day, count in sorted(waiting.items()):
        shown = sorted(f.start.date() for f in schedule.fractions if f.make_up and not f.missed and f.makes_up == day)
        passed = [at for at in shown[-count:] if at < today]  # the last of the day's make-ups are those not booked
        if passed:
            found.append(NeverBooked(day, passed[0], len(passed)))
    return tuple(found)


def machines_shown(schedule: Schedule | None, facts: BookingFacts | None) -> tuple[tuple[AppointmentKey, str], ...]:
    """Each appointment of `schedule` that starts at its booked time, with its machine: what the views and prints show."""
    return tuple((key, place.machine) for key, place in _shown_at_booked_time(schedule, facts))


def at_booked_times(schedule: Schedule, facts: BookingFacts | None) -> Schedule:
    """The schedule as the patient is given it: each appointment shown at its booked start also ends
    at its booked end (the first fraction is booked longer, for set-up and imaging), so the views, the
    .ics and the prints of the window and the command line all give the time the machine holds."""
    if facts is None:
        return schedule
    booked = booked_by_key(schedule, facts)
    appointments = []
    longer = []  # (planned end, booked end) of each appointment booked longer than planned
    for appointment in schedule.appointments:
        place = booked.get(appointment.key)
        if (place is not None and not appointment.missed and same_instant(place.start, appointment.start)
                and not same_instant(place.end, appointment.end)):
            if place.end > appointment.end:
                longer.append((appointment.end, place.end))
            appointment = replace(appointment, end=place.end.astimezone(appointment.start.tzinfo))
        appointments.append(appointment)
    # An appointment no booking places that was planned right after one booked longer (the weekly review after the
    # first fraction, which is booked longer for set-up and imaging) starts when that one ends, never inside it.
    shifted = False
    for index, appointment in enumerate(appointments):
        if appointment.key in booked or appointment.missed:
            continue
        for planned_end, booked_end in longer:
            if planned_end <= appointment.start < booked_end:
                start = booked_end.astimezone(appointment.start.tzinfo)
                length = appointment.end.astimezone(UTC) - appointment.start.astimezone(UTC)
                appointments[index] = replace(appointment, start=start, end=(start.astimezone(UTC) + length).astimezone(start.tzinfo))
                shifted = True
                break
    if shifted:
        appointments.sort(key=lambda a: a.start)
    return replace(schedule, appointments=tuple(appointments))


def off_booking(schedule: Schedule | None, facts: BookingFacts | None) -> int:
    """How many booked appointments the schedule shows elsewhere than their booked time (an edit not booked); the
    booking of a session marked missed since is that day's record, shown missed, not elsewhere."""
    if schedule is None or facts is None:
        return 0
    return len(booked_by_key(schedule, facts)) - len(machines_shown(schedule, facts))


def booking_line(facts: BookingFacts, off_plan: int | None = None) -> str:
    """'Booked on Linac 1 at 08:15 from Mon 7 Dec 2026', and what of the course is booked otherwise ('; 2 fractions
    on another machine, 1 at another time': a machine's downtime or a hand move), which the list shows row by row.
    `off_plan`: the fractions the list marks booked off the planned time (`booked_off_plan`), said so, the same
    count, in place of those at another time than the daily time (a session a re-booking added at the end is at
    another day's time, and the later ones, numbered one lower, are each where the plan has a session)."""
    since = f" from {day_text(facts.first)}" if facts.first is not None else ""
    off, words = (facts.off_time, "at another time") if off_plan is None else (off_plan, "off the planned time")
    departures = [text for count, text in ((facts.elsewhere, f"{counted(facts.elsewhere, 'fraction')} on another machine"),
                                           (off, f"{off} {words}")) if count]
    if off and not facts.elsewhere:
        departures = [f"{counted(off, 'fraction')} {words}"]
    return f"Booked on {facts.machine} at {facts.daily_time:%H:%M}{since}" + (f"; {', '.join(departures)}" if departures else "")


def booked_off_plan(schedule: Schedule | None) -> int:
    """How many fractions the schedule shows booked off the planned time: the ones the list, the week and the month
    mark so (a move the booking made to a time its plan gives no session)."""
    from ..core.course import BOOKED_REASON

    if schedule is None:
        return 0
    return sum(1 for m in schedule.request.adjustments.moves if m.reason == BOOKED_REASON and m.key.kind is AppointmentKind.FRACTION)


def open_as_booked(store: Store, course_id: str, catalogue: Catalogue, holidays: HolidaySource | None = None) -> OpenedCourse:
    """The stored course at its booked times (as its calendar and prints show it), with the version a save must name."""
    from .booking import as_booked
    from .stored_courses import open_stored

    with _reading(store):
        opened = open_stored(store, course_id, repairing=True)  # damaged free text shown in its field, for a save to repair
        return replace(opened, spec=as_booked(store, opened.spec, catalogue, holidays))


@contextmanager
def _reading(store: Store) -> Iterator[None]:
    """A database that cannot be read (gone, locked, unreachable) is the store's error, said in one line."""
    from sqlalchemy.exc import SQLAlchemyError

    from ..store.db import StoreError
    from ..store.db.errors import trouble_of

    try:
        yield
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()
        raise StoreError(f"{store.display_url}: {reason[0][:300] if reason else type(exc).__name__}", trouble=trouble_of(exc)) from None
