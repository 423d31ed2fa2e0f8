"""Bookings in the store: which appointment of which course holds which machine when.

The store itself forbids two bookings overlapping on one machine, whoever writes them:
- PostgreSQL: an exclusion constraint over (machine_id WITH =, tstzrange(starts_at, ends_at) WITH &&)
  (migration 0003, extension btree_gist); a concurrent insert that loses raises
  exclusion_violation (SQLSTATE 23P01), turned into `SlotTaken`.
- SQLite: every write takes the database's write lock first (`BEGIN IMMEDIATE`), then reads the
  machine's bookings at the new times and refuses an overlap inside the same transaction, so a
  second writer waits for the first and then sees its booking.
In the same transaction (PostgreSQL: behind the writers' advisory lock, see `take_turns`) the store
also refuses, as `SlotTaken`, a booking outside its machine's hours, on a day the department is
closed or inside a recorded downtime of its machine (open_time.py), so a coordinator whose view of
the department is older than another's downtime or settings cannot book into them. Public holidays
are the engine's (open_time.py says why).
Instants are stored in UTC; a booking's local times are the department's business.
"""

from __future__ import annotations

import json
import sqlite3
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from itertools import accumulate
from typing import Any, cast
from weakref import WeakKeyDictionary
from zoneinfo import ZoneInfo

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Connection,
    Date,
    Engine,
    ForeignKey,
    Index,
    Integer,
    Row,
    Select,
    String,
    Table,
    UniqueConstraint,
    and_,
    bindparam,
    case,
    delete,
    func,
    insert,
    literal_column,
    or_,
    select,
    text,
    tuple_,
    update,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError, SQLAlchemyError
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from ...core.dates import day_text
from ...core.department import MAX_CLOSURES, Booking, Downtime, MakeUpCause, MakeUpMark
from ...core.kinds import AppointmentKind
from ...core.make_up import waits_at_end
from ...core.spec import CourseSpec
from ...core.text import single_line_problem
from . import schema as t
from .department_rows import machine_ids
from .department_trail import TrailAction, write_closure_trail, write_downtime_trail
from .errors import StoreError, Trouble, trouble_of
from .open_time import closed_time, department_zone, span_words
from .stored_spec import damage_of, damaged_name, newer_words, unreadable_words

EXCLUSION_VIOLATION = "23P01"
MACHINE_TAKEN_MEANWHILE = "another coordinator booked the same machine time meanwhile"
LOST_TO_ANOTHER_WRITER = ("40P01", "40001")  # deadlock detected, serialization failure: the other writer won
LONGEST_BOOKING = timedelta(hours=24)  # written only shorter: a read of a window need look back no further for overlaps
BOOKING_LOCK = 0x16E7B00C  # PostgreSQL advisory lock of the department's bookings (one per database)

# Revision 0003 (0004: ix_bookings_start, 0012: with released)
bookings = Table(
    "bookings", t.metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("course_id", String(100), ForeignKey("courses.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("number", Integer, nullable=False),
    Column("machine_id", Integer, ForeignKey("machines.id"), nullable=False),
    Column("starts_at", t.UtcDateTime, nullable=False),
    Column("ends_at", t.UtcDateTime, nullable=False),
    # Revision 0007: a fraction a downtime or closure re-booking gave in place of another session (MakeUpMark)
    Column("make_up_day", Date, nullable=True),
    Column("make_up_cause", String(20), nullable=True),
    # Revision 0010: a session marked missed in advance holds no machine time (PostgreSQL's exclusion constraint
    # leaves it out); a session a re-booking moved on its own day keeps why (`Booking.moved`)
    Column("released", Boolean, nullable=False, default=False),
    Column("moved_cause", String(20), nullable=True),
    UniqueConstraint("course_id", "kind", "number", name="uq_bookings_appointment"),
    CheckConstraint("ends_at > starts_at", name="ck_bookings_positive"),
    Index("ix_bookings_machine_start", "machine_id", "starts_at"),
    Index("ix_bookings_course", "course_id"),
    Index("ix_bookings_start", "starts_at", "ends_at", "machine_id", "course_id", "released"),  # covers `booked_time`
)

booked_courses = Table(
    "booked_courses", t.metadata,
    Column("course_id", String(100), ForeignKey("courses.id", ondelete="CASCADE"), primary_key=True),
    Column("machine_id", Integer, ForeignKey("machines.id"), nullable=False),
    Column("daily_time", String(5), nullable=False),  # HH:MM, the department's wall clock
    Column("urgent", Boolean, nullable=False, default=False),
    Column("ready", Date),  # the day the course's wait counts from
    Column("booked_at", t.UtcDateTime, nullable=False),
    Column("booked_by", String(200), nullable=False),
)  # (revision 0006 moved its calendar_outdated mark to the course: courses.calendar_owed)


@dataclass(frozen=True)
class CourseBooking:
    """A booked course: its machine and daily time, as chosen from the proposals."""

    course_id: str
    machine: str
    daily_time: time
    urgent: bool
    ready: date | None
    booked_at: datetime
    booked_by: str


class SlotTaken(Exception):
    """A booking lost to a concurrent (or earlier) change: the slot is no longer free (another booking,
    downtime, new hours or a closure took it, as `why` says). Nothing was written."""

    def __init__(self, machine: str, start: datetime, end: datetime, why: str = "", zone: ZoneInfo | None = None) -> None:
        self.machine = machine
        self.start = start
        self.end = end
        when = span_words(start, end, zone) if zone is not None else \
            f"{start.astimezone(UTC):%Y-%m-%d %H:%M}–{end.astimezone(UTC):%H:%M} UTC"
        super().__init__(why or f"{machine} was taken {when} by another booking")


def take_turns(connection: Connection) -> None:
    """On PostgreSQL, as SQLite's BEGIN IMMEDIATE: writers of bookings, downtime and the department
    take turns (until the transaction ends), so the free time one reads cannot change before it
    commits; the exclusion constraint stays the last word."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": BOOKING_LOCK})


@contextmanager
def writing(engine: Engine, display_url: str) -> Iterator[Connection]:
    """One write transaction that holds the write lock from its first statement (SQLite: BEGIN
    IMMEDIATE), so the free time it reads cannot change before it commits."""
    try:
        with engine.connect() as connection:
            if connection.dialect.name == "sqlite":
                connection = connection.execution_options(immediate=True)
            with connection.begin():
                take_turns(connection)
                yield connection
    except (SlotTaken, StoreError, ValueError):
        raise
    except IntegrityError as exc:
        if getattr(exc.orig, "sqlstate", None) == EXCLUSION_VIOLATION:
            raise SlotTaken("the machine", datetime.now(UTC), datetime.now(UTC)) from None
        raise StoreError(f"{display_url}: {_first_line(exc)}", trouble=trouble_of(exc), writing=True) from None
    except OperationalError as exc:
        if getattr(exc.orig, "sqlstate", None) in LOST_TO_ANOTHER_WRITER:
            raise SlotTaken("the machine", datetime.now(UTC), datetime.now(UTC), MACHINE_TAKEN_MEANWHILE) from None
        trouble = trouble_of(exc)
        if trouble is Trouble.BUSY:
            raise StoreError(f"{display_url}: the database stayed locked by another writer; try again", trouble=trouble,
                             writing=True) from None
        raise StoreError(f"{display_url}: {_first_line(exc)}", trouble=trouble, writing=True) from None
    except SQLAlchemyError as exc:  # a role that may not write (PostgreSQL's 'permission denied') is named, and why
        from .store import write_refused

        raise write_refused(exc, engine, display_url, _first_line(exc)) from None


def _first_line(exc: SQLAlchemyError) -> str:
    orig = getattr(exc, "orig", None)
    source = orig if orig is not None else exc
    return str(source).strip().splitlines()[0][:300] if str(source).strip() else type(exc).__name__


def _check(booking: Booking) -> None:
    if booking.start.tzinfo is None or booking.end.tzinfo is None:
        raise ValueError("a booking's instants must be aware datetimes")
    start, end = booking.start.astimezone(UTC), booking.end.astimezone(UTC)  # instants: one zone compares by the clock
    if end <= start:
        raise ValueError("a booking must end after it starts")
    if end - start > LONGEST_BOOKING:
        raise ValueError("a booking lasts at most 24 hours")


def place(connection: Connection, new: Sequence[Booking], *, replacing: Iterable[tuple[str, AppointmentKind, int]] = (),
          fresh: bool = False) -> dict[str, int]:
    """Inside a write transaction: drop the `replacing` appointments' bookings, then book `new`,
    refusing (SlotTaken, nothing written) any that overlaps another booking on its machine, and any
    written anew (not the same appointment at the same place and time as the booking it replaces)
    that lies outside its machine's hours, on a closed day or inside its machine's downtime. `fresh`: the caller has
    read, inside this transaction, that none of `new`'s courses holds a booking (nothing to drop, no statement for it).
    Returns each machine's row id by name, as read for the write."""
    machines = {row.name: (int(row.id), str(row.hours))
                for row in connection.execute(select(t.machines.c.id, t.machines.c.name, t.machines.c.hours))}
    ids = {name: machine_id for name, (machine_id, _) in machines.items()}
    on: list[int] = []  # each new booking's machine id
    for booking in new:
        _check(booking)
        machine_id = ids.get(booking.machine)
        if machine_id is None:  # removed in Department settings since the caller read the department
            raise SlotTaken(booking.machine, booking.start, booking.end, f"{booking.machine} is no longer a machine of the department")
        on.append(machine_id)
    _refuse_overlaps(new)
    dropped: dict[str, list[tuple[str, int]]] = {}
    for course_id, kind, number in set(replacing) | (set() if fresh else {b.key for b in new}):
        dropped.setdefault(course_id, []).append((kind.value, number))
    kept: set[tuple[str, str, int, int, datetime, datetime]] = set()  # what was booked before, as dropped
    held_before: set[tuple[str, str, int, int, datetime, datetime]] = set()  # those of them that held their time
    for course_id, keys in dropped.items():  # one statement per course, not one per appointment
        for row in connection.execute(
                delete(bookings).where(and_(bookings.c.course_id == course_id, tuple_(bookings.c.kind, bookings.c.number).in_(sorted(keys))))
                .returning(bookings.c.course_id, bookings.c.kind, bookings.c.number, bookings.c.machine_id, bookings.c.starts_at,
                           bookings.c.ends_at, bookings.c.released)):
            key = (row.course_id, row.kind, row.number, row.machine_id, row.starts_at, row.ends_at)
            kept.add(key)
            if not row.released:
                held_before.add(key)
    if not new:
        return ids
    # Read by machine and span of time (`held_time`), not one query per appointment.
    # A released booking (a session marked missed in advance) holds no time: it neither blocks nor is blocked.
    holding = [(booking, machine_id) for booking, machine_id in zip(new, on, strict=True) if not booking.released]
    # An appointment written again where it was (a re-booked course's other sessions, a past one) stays
    # as it was booked, under the rules of then; one written anew must fit the department as it is now.
    written = [(booking, machine_id) for booking, machine_id in holding
               if (booking.course_id, booking.kind.value, booking.number, machine_id, booking.start, booking.end) not in kept]
    # Tested against the stored bookings: all but one written again where it held its time in the store until this
    # transaction dropped it (no other booking can have been written over that), `new` never overlapping itself. One
    # that was released (a session marked missed ahead) held no time: another booking may have taken it since.
    tested = [(booking, machine_id) for booking, machine_id in holding
              if (booking.course_id, booking.kind.value, booking.number, machine_id, booking.start, booking.end) not in held_before]
    found = held_time(connection, tested)
    for booking, machine_id in tested:
        if any(held == machine_id and starts < booking.end and booking.start < ends for held, starts, ends in found):
            raise SlotTaken(booking.machine, booking.start, booking.end, zone=department_zone(connection))
    refused = closed_time(connection, written, {machine_id: machines[booking.machine][1] for booking, machine_id in written})
    if refused is not None:
        raise SlotTaken(refused[0].machine, refused[0].start, refused[0].end, refused[1])
    rows = [{"course_id": booking.course_id, "kind": booking.kind.value, "number": booking.number, "machine_id": machine_id,
             "starts_at": booking.start, "ends_at": booking.end,
             "make_up_day": booking.make_up.day if booking.make_up is not None else None,
             "make_up_cause": booking.make_up.cause.value if booking.make_up is not None else None,
             "released": booking.released, "moved_cause": booking.moved.value if booking.moved is not None else None}
            for booking, machine_id in zip(new, on, strict=True)]
    try:
        connection.execute(insert(bookings), rows)
    except IntegrityError as exc:
        if getattr(exc.orig, "sqlstate", None) == EXCLUSION_VIOLATION:
            first = new[0]
            raise SlotTaken(first.machine, first.start, first.end, MACHINE_TAKEN_MEANWHILE) from None
        raise
    return ids


def _refuse_overlaps(new: Sequence[Booking]) -> None:
    """ValueError when two of `new` that hold time (not released) overlap on one machine: by machine and start, each
    against the latest end before it (not every pair: a re-booking writes every appointment of the courses it moves)."""
    reach: dict[str, datetime] = {}  # each machine's latest end so far
    for booking in sorted((b for b in new if not b.released), key=lambda b: (b.machine, b.start.astimezone(UTC))):
        end = reach.get(booking.machine)
        if end is not None and booking.start < end:
            raise ValueError(f"two appointments overlap on {booking.machine} at {booking.start.isoformat()}")
        reach[booking.machine] = booking.end if end is None else max(end, booking.end)


def held_time(connection: Connection, wanted: Sequence[tuple[Booking, int]],
              leaving_out: Iterable[int] = ()) -> list[tuple[int, datetime, datetime]]:
    """(machine id, start, end) of each stored booking holding machine time (not released) that overlaps one of
    `wanted` (booking, its machine's row id) on its machine. `leaving_out`: booking row ids not to count (the one
    being tested). The wanted bookings are read by machine in spans (`_held_spans`: one for a daily course's weeks),
    each with one statement of a single shape (an index range on machine and start, compiled once per process,
    whatever the number of bookings: a statement of one range test per booking cost more to compile than to run),
    and the rows read are matched to the wanted bookings here."""
    skip = set(leaving_out)
    found: list[tuple[int, datetime, datetime]] = []
    for machine_id, since, until, tests in _held_spans(wanted):
        starts = [start for start, _ in tests]
        reach = list(accumulate((end for _, end in tests), max))  # the latest end of the tests up to each one
        for row in connection.execute(_HELD_SPAN, {"machine": machine_id, "since": since - LONGEST_BOOKING, "after": since,
                                                   "until": until}):
            if row.id in skip:
                continue
            before = bisect_left(starts, row.ends_at)  # the tests starting before this booking ends
            if before and reach[before - 1] > row.starts_at:  # one of them ends after it starts: they overlap
                found.append((row.machine_id, row.starts_at, row.ends_at))
    return found


# The bookings holding time on one machine that may overlap [since, until): starting within a day (LONGEST_BOOKING)
# before it, and ending after it starts.
_HELD_SPAN = (select(bookings.c.id, bookings.c.machine_id, bookings.c.starts_at, bookings.c.ends_at)
              .where(bookings.c.machine_id == bindparam("machine"), bookings.c.starts_at > bindparam("since"),
                     bookings.c.starts_at < bindparam("until"), bookings.c.ends_at > bindparam("after"),
                     bookings.c.released.is_(False)))
HELD_SPAN_GAP = timedelta(days=4)  # wanted bookings this close on a machine are read in one span (a weekend between)


def _held_spans(wanted: Sequence[tuple[Booking, int]]) -> list[tuple[int, datetime, datetime, list[tuple[datetime, datetime]]]]:
    """The wanted bookings by machine, in spans of time: (machine id, first start, last end, each booking's (start,
    end) by start). A span ends where the next booking starts more than HELD_SPAN_GAP after every end before it, so
    a daily course's fractions read in one span, and a weekly one's do not read the weeks between."""
    by_machine: dict[int, list[tuple[datetime, datetime]]] = {}
    for booking, machine_id in wanted:
        by_machine.setdefault(machine_id, []).append((booking.start.astimezone(UTC), booking.end.astimezone(UTC)))
    spans: list[tuple[int, datetime, datetime, list[tuple[datetime, datetime]]]] = []
    for machine_id, tests in sorted(by_machine.items()):
        tests.sort()
        span = [tests[0]]
        until = tests[0][1]
        for test in tests[1:]:
            if test[0] - until > HELD_SPAN_GAP:
                spans.append((machine_id, span[0][0], until, span))
                span, until = [], test[1]
            span.append(test)
            until = max(until, test[1])
        spans.append((machine_id, span[0][0], until, span))
    return spans


def set_course_booking(connection: Connection, course_id: str, machine: str, daily_time: time, urgent: bool, who: str,
                       ready: date | None = None, ids: Mapping[str, int] | None = None) -> None:
    """The course's machine, daily time, urgency and ready day as booked (`ids`: each machine's row id by name, as
    `place` read them in this transaction; else read)."""
    ids = ids if ids is not None else machine_ids(connection)
    connection.execute(delete(booked_courses).where(booked_courses.c.course_id == course_id))
    connection.execute(insert(booked_courses).values(course_id=course_id, machine_id=ids[machine], daily_time=f"{daily_time:%H:%M}",
                                                     urgent=urgent, ready=ready, booked_at=datetime.now(UTC), booked_by=who))


def set_course_days(connection: Connection, course_id: str, first: date | None, last: date | None) -> None:
    """The first and last fraction's days the patient list shows and a course's status counts from
    (the booked days while the course is booked, else the planned ones); no new version of the course."""
    connection.execute(update(t.courses).where(t.courses.c.id == course_id).values(first_day=first, last_day=last))


def unbooked_to_come(connection: Connection, today: date) -> list[str]:
    """The courses neither booked nor cancelled whose planned last fraction is today or later (or not known): those whose
    first and last days follow their plan on the department's calendar (see `set_course_days`)."""
    query = (select(t.courses.c.id).where(t.courses.c.cancelled.is_(False),
                                          or_(t.courses.c.last_day.is_(None), t.courses.c.last_day >= today),
                                          t.courses.c.id.not_in(select(bookings.c.course_id).distinct()))
             .order_by(t.courses.c.id))
    return [row.id for row in connection.execute(query)]


# How a course with no missed session is stored (`json.dumps` of its course file, as every save writes it): a course whose
# text says so has no make-up waiting, and is not read to find one; any other text is read (an older planner's).
_NONE_MISSED = '%"missed": []%'
# How a missed session whose make-up has a slot of its own (a weekend, a second session, a day chosen) is stored
_SLOT_CHOSEN = '%"make_up_at": "%'


def last_booked_start() -> Any:
    """The start of the course's last booked fraction (None when not booked), beside a row of the courses table: read
    by course from the bookings' index on it."""
    return (select(func.max(bookings.c.starts_at))
            .where(bookings.c.course_id == t.courses.c.id, bookings.c.kind == AppointmentKind.FRACTION.value)
            .scalar_subquery())


def not_all_given_text() -> Any:
    """True of a course whose stored text does not show that no session is missed (`_NONE_MISSED`): only those can
    have a make-up waiting, so a course's last day can differ from its last booked fraction's only there."""
    return t.courses.c.spec.not_like(_NONE_MISSED)


@dataclass(frozen=True)
class MissedCourse:
    """A course whose stored text does not show that no session is missed (`not_all_given_text`), as `missed_courses`
    reads it: all that the make-up questions (`booked_to_come_with_missed`, `make_ups_never_booked`,
    `make_ups_waiting_at_end`, `MissedCourse.ends_after_last_booked`) ask of it before reading its text."""

    course_id: str
    cancelled: bool
    first_day: date | None
    last_day: date | None  # as stored
    last_booked: datetime | None  # the start of its last booked fraction (None: no fraction booked)
    booked: bool  # it holds a booking of any kind
    slot_chosen: bool  # its text shows a make-up with a slot of its own (`_SLOT_CHOSEN`)

    def ends_after_last_booked(self, zone: ZoneInfo | None) -> bool:
        """Its stored last day is after its last booked fraction's day in the department's `zone`: that day is a
        make-up not booked yet (`CourseSummary.last_not_booked`; cancelled or not)."""
        return (self.last_booked is not None and zone is not None and self.last_day is not None
                and self.last_day > self.last_booked.astimezone(zone).date())


def missed_courses(connection: Connection, course_ids: Iterable[str] | None = None) -> tuple[MissedCourse, ...]:
    """The courses (of `course_ids`, when given) whose stored text does not show that no session is missed, each with
    its last booked fraction's start and whether it holds a booking, both read by course from the bookings' index on
    it: one statement, one pass over the courses' texts, for every make-up question a listing asks (each asked its own
    statement, and the texts were filtered three or four times over for one `course list`)."""
    slot_chosen = case((t.courses.c.spec.like(_SLOT_CHOSEN), 1), else_=0)
    any_booking = select(bookings.c.id).where(bookings.c.course_id == t.courses.c.id).exists()
    query = (select(t.courses.c.id, t.courses.c.cancelled, t.courses.c.first_day, t.courses.c.last_day, last_booked_start(),
                    any_booking, slot_chosen)
             .where(not_all_given_text()))
    if course_ids is not None:
        query = query.where(t.courses.c.id.in_(list(course_ids)))
    return tuple(MissedCourse(row[0], bool(row[1]), row[2], row[3], row[4], bool(row[5]), bool(row[6]))
                 for row in connection.execute(query))


@dataclass(frozen=True)
class OpeningRead:
    """What opening a store read of the booked courses whose make-up may wait at their end
    (`make_up_days.follow_make_ups_on_opening`), handed to `BookingDesk.follow_make_ups`, which would read it again:
    `missed_courses`' rows; the course rows read of those still to come (as of a day no later than the desk's today);
    `make_ups_waiting_at_end`'s answer, None when it was not asked."""

    missed: tuple[MissedCourse, ...]
    rows: Mapping[str, CourseRow]
    older: tuple[str, ...] | None = None


def _of(missed: Iterable[MissedCourse], course_ids: Iterable[str] | None) -> Iterable[MissedCourse]:
    """`missed`, those of `course_ids` when given."""
    if course_ids is None:
        return missed
    wanted = set(course_ids)
    return (course for course in missed if course.course_id in wanted)


def booked_to_come_with_missed(connection: Connection, today: date, missed: Sequence[MissedCourse] | None = None) -> list[str]:
    """The booked courses, not cancelled, whose last day is today or later and whose stored text does not show that no
    session is missed: those a make-up waiting at their end (not booked yet) may end later or sooner than their last
    booked session (see `set_course_days`), found without reading every booked course (a few among hundreds).
    `missed`: `missed_courses` read already (else it is read here)."""
    found = missed_courses(connection) if missed is None else missed
    return sorted(course.course_id for course in found
                  if not course.cancelled and course.last_day is not None and course.last_day >= today and course.booked)


def _fraction_days(connection: Connection, course_ids: Iterable[str], zone: ZoneInfo) -> dict[str, list[tuple[date, date | None]]]:
    """Each course's booked fractions as (its day in `zone`, the missed day it makes up for, if a make-up booked for a
    missed session): the record `make_ups_never_booked` and `make_ups_waiting_at_end` count the make-ups owed by."""
    held: dict[str, list[tuple[date, date | None]]] = {course_id: [] for course_id in course_ids}
    for row in connection.execute(select(bookings.c.course_id, bookings.c.starts_at, bookings.c.make_up_day,
                                         bookings.c.make_up_cause)
                                  .where(bookings.c.course_id.in_(list(held)),
                                         bookings.c.kind == AppointmentKind.FRACTION.value)):
        made_up = row.make_up_day if row.make_up_cause == MakeUpCause.MISSED.value else None
        held[row.course_id].append((row.starts_at.astimezone(zone).date(), made_up))
    return held


def make_ups_never_booked(connection: Connection, today: date, zone: ZoneInfo,
                          course_ids: Iterable[str] | None = None,
                          put_right: Mapping[str, tuple[date | None, date]] | None = None,
                          missed: Sequence[MissedCourse] | None = None) -> dict[str, int]:
    """The booked courses, not cancelled (of `course_ids`, when given), with a session marked missed after it was booked
    whose make-up no booking gives and whose day is before `today`: by id, how many fractions of the prescribed course
    were so never given. The day is the one the course shows the make-up on: its chosen slot (a weekend, a second
    session), else the course's last day (a make-up waiting at its end, `set_course_days`), never before the day after
    its last booked fraction. A missed day's bookings are the record of the sessions not given there; a make-up booked
    since (`book --make-ups`) names that day. Only the few booked courses that started and whose stored text does not
    show that no session is missed, and that have a make-up in a slot of its own (`_SLOT_CHOSEN`) or end later than their
    last booked fraction (a make-up waiting at the end), are read: a course whose make-ups at its end were all booked is
    passed over unread, however many such courses years of treatment leave behind. `put_right`: the last day of a course
    whose stored one an older planner left before the make-up waiting at its end and that could not be written here (a
    store opened read-only, `Store.last_days_not_written`), in place of the stored one. `missed`: `missed_courses` read
    already (else it is read here)."""
    shown = put_right or {}
    # The courses are filtered first and each survivor's last booked fraction read from the bookings' index on the course:
    # a join grouped by course walked every booking of the department (50 ms at 100,000) at every page of the list.
    found_missed = missed_courses(connection, course_ids) if missed is None else missed
    last_days: dict[str, date | None] = {}
    for course in _of(found_missed, course_ids):
        if course.cancelled or course.first_day is None or course.first_day >= today or course.last_booked is None:
            continue  # not started, or no fraction booked
        last = shown_last_day(shown, course.course_id, course.last_day)
        if course.slot_chosen or (last is not None and last > course.last_booked.astimezone(zone).date()):
            last_days[course.course_id] = last
    if not last_days:
        return {}
    rows = course_rows(connection, list(last_days), unreadable={})  # one whose text does not read: nothing known of it
    held = _fraction_days(connection, rows, zone)
    found: dict[str, int] = {}
    for course_id, course_row in rows.items():
        days = held[course_id]
        if not days:
            continue
        after_booked = max(day for day, _ in days) + timedelta(days=1)
        at_end = max(last_days[course_id] or after_booked, after_booked)
        short = 0
        for mark in course_row.spec.adjustments.missed:
            waiting = sum(1 for day, _ in days if day == mark.day) - sum(1 for _, made_up in days if made_up == mark.day)
            due = mark.make_up_at.astimezone(zone).date() if mark.make_up_at is not None else at_end
            if waiting > 0 and due < today:
                short += waiting
        if short:
            found[course_id] = short
    return found


def shown_last_day(put_right: Mapping[str, tuple[date | None, date]], course_id: str, stored: date | None) -> date | None:
    """The course's last day in `put_right` (`Store.last_days_not_written`: (the day stored, the day put right) by
    course) while the store still holds the day it was put right from; else the one stored."""
    was, day = put_right.get(course_id, (stored, stored))
    return day if was == stored else stored


def make_ups_waiting_at_end(connection: Connection, zone: ZoneInfo, course_ids: Iterable[str] | None = None,
                            missed: Sequence[MissedCourse] | None = None) -> list[str]:
    """The booked courses, not cancelled (of `course_ids`, when given), with a session marked missed after it was booked
    whose make-up waits at the course's end (no slot of its own) and no booking gives yet, whatever days are stored for
    them: those whose last day is that make-up's, which a store an older planner wrote may not say (it kept the last
    booked session's day, and then `make_ups_never_booked` and the status pass them over as finished). Only a booked
    course whose text does not show that no session is missed and whose stored last day is not after its last booked
    fraction's (never put right) is read (tens of microseconds a course), never planned: one put right before ends on
    its make-up's day already, and years of such courses are not planned again at every opening of the store.
    `missed`: `missed_courses` read already (else it is read here)."""
    found = missed_courses(connection, course_ids) if missed is None else missed
    unright = sorted(course.course_id for course in _of(found, course_ids)
                     if not course.cancelled and course.last_booked is not None
                     and (course.last_day is None or course.last_day <= course.last_booked.astimezone(zone).date()))
    if not unright:
        return []
    rows = {course_id: row for course_id, row in course_rows(connection, unright, unreadable={}).items()
            if waits_at_end(row.spec.adjustments.missed)}
    if not rows:
        return []
    held = _fraction_days(connection, rows, zone)
    return [course_id for course_id, course in rows.items()
            if any(waits_at_end([m]) and sum(1 for day, _ in held[course_id] if day == m.day)
                   > sum(1 for _, made_up in held[course_id] if made_up == m.day) for m in course.spec.adjustments.missed)]


def mark_calendars(connection: Connection, course_ids: Iterable[str], outdated: bool) -> None:
    """Mark the courses' exported calendars as owed an update (or given it); booked or not, so the
    mark outlives unbooking and cancelling."""
    wanted = list(course_ids)
    if wanted:
        connection.execute(update(t.courses).where(t.courses.c.id.in_(wanted)).values(calendar_owed=outdated))


def owed_calendars(connection: Connection) -> list[str]:
    """The courses whose patient is owed a calendar update (see `mark_calendars`)."""
    return list(connection.execute(select(t.courses.c.id).where(t.courses.c.calendar_owed)).scalars())


def release(connection: Connection, course_id: str) -> int:
    """Drop every booking of a course; returns how many appointments were booked."""
    result = connection.execute(delete(bookings).where(bookings.c.course_id == course_id))
    connection.execute(delete(booked_courses).where(booked_courses.c.course_id == course_id))
    return int(result.rowcount or 0)


def release_coming(connection: Connection, course_id: str, since: datetime) -> tuple[int, int]:
    """Drop the course's bookings starting at or after `since` (a cancelled course's appointments to
    come); those before stay as they were, the record of what was given, and so does the course's
    machine and daily time while any of them remain. Returns (released, kept)."""
    released = connection.execute(delete(bookings).where(and_(bookings.c.course_id == course_id, bookings.c.starts_at >= since)))
    kept = int(connection.execute(select(func.count()).select_from(bookings).where(bookings.c.course_id == course_id)).scalar_one())
    if not kept:
        connection.execute(delete(booked_courses).where(booked_courses.c.course_id == course_id))
    return int(released.rowcount or 0), kept


def record_downtime(connection: Connection, downtime: Downtime, who: str, now: datetime | None = None) -> None:
    """Add a machine's downtime inside the caller's write, and `who` recorded it (at `now`) to the department's trail."""
    ids = machine_ids(connection)
    if downtime.machine not in ids:  # removed by a department import since the caller read the department
        raise StoreError(f"{downtime.machine} is no longer a machine of the department: nothing recorded")
    connection.execute(insert(t.downtime).values(machine_id=ids[downtime.machine], starts_at=downtime.start, ends_at=downtime.end,
                                                 reason=downtime.reason))
    write_downtime_trail(connection, TrailAction.ADDED, [downtime], who, now or datetime.now(UTC))


def shorten_downtime(connection: Connection, old: Downtime, new: Downtime | None, who: str, now: datetime | None = None) -> None:
    """Inside the caller's write: the machine is back sooner, `old` ends as `new` does (None: removed whole, back before it
    began); the department's trail says `who` removed the old period and recorded the new one. The row is written anew (a
    new id), so a desk that read the department before sees it changed. SlotTaken (a lost race) when `old` is no longer
    recorded as it was read (another coordinator changed or removed it meanwhile)."""
    ids = machine_ids(connection)
    machine_id = ids.get(old.machine)
    found = connection.execute(select(t.downtime.c.id).where(and_(
        t.downtime.c.machine_id == machine_id, t.downtime.c.starts_at == old.start, t.downtime.c.ends_at == old.end))).first() \
        if machine_id is not None else None
    if found is None:
        raise SlotTaken(old.machine, old.start, old.end, f"{old.machine}'s downtime was changed meanwhile by another coordinator")
    # The new row before the old one goes: SQLite gives a row the highest id + 1, so inserted after the delete it could
    # take the old row's id back, and the department's version (newest downtime id, count) would read unchanged.
    if new is not None:
        connection.execute(insert(t.downtime).values(machine_id=machine_id, starts_at=new.start, ends_at=new.end, reason=new.reason))
    connection.execute(delete(t.downtime).where(t.downtime.c.id == found.id))
    moment = now or datetime.now(UTC)
    write_downtime_trail(connection, TrailAction.REMOVED, [old], who, moment)
    if new is not None:
        write_downtime_trail(connection, TrailAction.ADDED, [new], who, moment)


def record_closures(connection: Connection, closed: Sequence[tuple[date, str]], who: str) -> None:
    """Add whole-department closures (day, note) to the stored department inside the caller's write,
    beside those it holds (read here, so one recorded meanwhile is kept); a day already closed keeps its note."""
    head = connection.execute(select(t.department.c.closures).where(t.department.c.id == 1)).first()
    if head is None:
        raise StoreError("the department was removed meanwhile: nothing recorded")
    stored = [(date.fromisoformat(item["date"]), str(item["name"])) for item in json.loads(head.closures)]
    known = {day for day, _ in stored}
    added = [(day, note) for day, note in closed if day not in known]
    merged = sorted([*stored, *added])
    if len(merged) > MAX_CLOSURES:
        raise StoreError(f"the department would have more than {MAX_CLOSURES} closures: remove past ones in Department settings first")
    now = datetime.now(UTC)
    connection.execute(update(t.department).where(t.department.c.id == 1).values(
        closures=json.dumps([{"date": d.isoformat(), "name": n} for d, n in merged], ensure_ascii=False),
        updated_at=now, updated_by=who))
    write_closure_trail(connection, TrailAction.ADDED, added, who, now)


def remove_closures(connection: Connection, closed: Sequence[tuple[date, str]], who: str, zone: ZoneInfo | None = None) -> None:
    """Take whole-department closures (day, note) back inside the caller's write (the department reopens); the
    department's trail says `who` removed them. SlotTaken (a lost race, nothing written) when one of them is no longer
    stored as read: another coordinator removed it or changed its note meanwhile."""
    head = connection.execute(select(t.department.c.closures).where(t.department.c.id == 1)).first()
    if head is None:
        raise StoreError("the department was removed meanwhile: nothing recorded")
    stored = [(date.fromisoformat(item["date"]), str(item["name"])) for item in json.loads(head.closures)]
    gone = [item for item in closed if item not in stored]
    if gone:
        day = gone[0][0]
        start = datetime.combine(day, time(0), tzinfo=zone or UTC)
        raise SlotTaken("the department", start, start, f"the closure of {day.isoformat()} was changed or removed meanwhile by another "
                                                       "coordinator", zone=zone)
    kept = [item for item in stored if item not in set(closed)]
    now = datetime.now(UTC)
    connection.execute(update(t.department).where(t.department.c.id == 1).values(
        closures=json.dumps([{"date": d.isoformat(), "name": n} for d, n in kept], ensure_ascii=False),
        updated_at=now, updated_by=who))
    write_closure_trail(connection, TrailAction.REMOVED, sorted(closed), who, now)


def _select() -> Select[Any]:
    return (select(bookings.c.course_id, bookings.c.kind, bookings.c.number, t.machines.c.name.label("machine"),
                   bookings.c.starts_at, bookings.c.ends_at, bookings.c.make_up_day, bookings.c.make_up_cause,
                   bookings.c.moved_cause, bookings.c.released)
            .join(t.machines, t.machines.c.id == bookings.c.machine_id))


def stored_make_up(day: date | None, cause: str | None) -> MakeUpMark | None:
    """A booking's make-up mark as stored (none without a day; a cause this version does not know reads as downtime)."""
    if day is None:
        return None
    try:
        return MakeUpMark(day, MakeUpCause(cause or MakeUpCause.DOWNTIME.value))
    except ValueError:
        return MakeUpMark(day, MakeUpCause.DOWNTIME)


def _moved(cause: str | None) -> MakeUpCause | None:
    """Why a re-booking moved a session on its own day, as stored (a cause this version does not know reads as downtime)."""
    if cause is None:
        return None
    try:
        return MakeUpCause(cause)
    except ValueError:
        return MakeUpCause.DOWNTIME


def _stored(row: Row[Any]) -> Booking:
    return Booking(row.course_id, AppointmentKind(row.kind), row.number, row.machine, row.starts_at, row.ends_at,
                   stored_make_up(row.make_up_day, row.make_up_cause), _moved(row.moved_cause), bool(row.released))


def all_bookings(connection: Connection, since: datetime | None = None) -> list[Booking]:
    """Every booking (ending after `since`), by start. With `since`, an index range on the start: the years of
    treatment given before it are never read (none lasts longer than a day)."""
    query = _select()
    if since is not None:
        query = query.where(bookings.c.starts_at > since - LONGEST_BOOKING, bookings.c.ends_at > since)
    return [_stored(r) for r in connection.execute(query.order_by(bookings.c.starts_at))]


def courses_booked_since(connection: Connection, since: datetime) -> set[str]:
    """The courses holding a booking that ends after `since`: from the index on the start alone (it holds the end
    and the course), never the years of treatment given before."""
    query = (select(bookings.c.course_id).distinct()
             .where(bookings.c.starts_at > since - LONGEST_BOOKING, bookings.c.ends_at > since))
    return {row.course_id for row in connection.execute(query)}


def first_fractions(connection: Connection, since: datetime) -> list[tuple[str, datetime | None, bool, date | None,
                                                                            date | None, datetime | None]]:
    """Every course not cancelled whose first fraction is not booked, or booked to start at or after `since`: (course
    id, that start or None, whether the course is booked on a machine, its first and last days, when it was stored).
    Each course's first fraction is looked up by the appointment's unique index, never by reading its other bookings:
    a lookup a course, whatever the database's statistics say (PostgreSQL, before it had analysed a store filled at
    once, joined every course to every first fraction: 1.1 s for 5,400 courses)."""
    first = (select(bookings.c.starts_at)
             .where(bookings.c.course_id == t.courses.c.id, bookings.c.kind == AppointmentKind.FRACTION.value,
                    bookings.c.number == 1)
             .scalar_subquery())
    is_booked = select(booked_courses.c.course_id).where(booked_courses.c.course_id == t.courses.c.id).exists()
    query = (select(t.courses.c.id, first, is_booked, t.courses.c.first_day, t.courses.c.last_day, t.courses.c.created_at)
             .where(t.courses.c.cancelled.is_(False)))
    return [(row[0], row[1], bool(row[2]), row[3], row[4], row[5]) for row in connection.execute(query)
            if row[1] is None or row[1] >= since]


class EpochSeconds(FunctionElement[int]):
    """An instant column as whole UTC epoch seconds (a fraction dropped; SQLite 3.38 on: but for the last half
    millisecond of a second, read as the next), computed by the database so that reading thousands of bookings as
    bare time builds no datetime per row."""

    type = Integer()
    inherit_cache = True


@compiles(EpochSeconds, "sqlite")
def _epoch_sqlite(element: EpochSeconds, compiler: SQLCompiler, **kw: Any) -> str:
    # Stored as 'YYYY-MM-DD HH:MM:SS.ffffff' in UTC. SQLite's unixepoch() (3.38 on) reads it a third faster than
    # the Julian day below, and drops a fraction of a second too (which the planner never writes: its times are
    # whole minutes), but for one within half a millisecond of the next second, which it counts in that one (it
    # keeps milliseconds); for such a one in the last second of year 9999 it gives NULL, read as the Julian day.
    # Before 3.38, the fraction is cut off and the whole seconds' Julian day, exact to well under a millisecond even
    # in year 9999, is rounded back to its second (twice as fast as strftime('%s')).
    column = compiler.process(element.clauses, **kw)
    julian = f"CAST(round((julianday(substr({column}, 1, 19)) - 2440587.5) * 86400) AS INTEGER)"
    return f"coalesce(unixepoch({column}), {julian})" if sqlite3.sqlite_version_info >= (3, 38) else julian


@compiles(EpochSeconds, "postgresql")
def _epoch_postgresql(element: EpochSeconds, compiler: SQLCompiler, **kw: Any) -> str:
    # date_part() gives a double, exact for whole seconds in every year PostgreSQL holds; EXTRACT gives a numeric (since
    # PostgreSQL 14), and computing thousands of those took most of the read's time on the server (10 against 6 ms
    # for 5,000 bookings). A fraction of a second, which the planner never writes, is dropped; in the far future
    # (year 9999) one within about 30 microseconds of the next second may count in that one.
    return f"CAST(FLOOR(date_part('epoch', {compiler.process(element.clauses, **kw)})) AS BIGINT)"


def booked_time(connection: Connection, start: datetime, end: datetime, since: datetime | None = None, *,
                courses: bool = True) -> Sequence[tuple[int, int, int, str]]:
    """(machine's row id, start, end, course id) of every booking starting in [start, end) (and ending after
    `since`), instants as UTC epoch seconds, by start: the bare time a search books around, read
    from the index on the start alone (migrations 0004, 0012: it holds every column read) without building a datetime
    per row, nor joining the machines' names (a quarter of the read's time on PostgreSQL: `machine_ids` names them).

    On PostgreSQL the rows come through psycopg's binary cursor, the statement compiled once per engine as SQLAlchemy
    would: the server sends the numbers without writing them out as text, and no SQLAlchemy row is made for each of the
    thousands read (8,000 bookings: 12.7 ms read through SQLAlchemy, 6.6 ms so). A failure is raised as SQLAlchemy would
    raise it, so that the store's callers name it alike.

    Without `courses`, '' stands for each course id: the search for one more course's time never asks whose time it is,
    and the ids were a third of the rows' reading (8,000 rows on PostgreSQL: 11.3 ms with them, 7.4 ms at best without)."""
    query = _BOOKED_TIME[courses, since is not None]
    values: dict[str, datetime] = {"start": start, "end": end} if since is None else {"start": start, "end": end, "since": since}
    if connection.dialect.name == "postgresql":
        return _binary_rows(connection, query, values)
    # Rows unpack as tuples; copying thousands of them into real tuples would only cost time.
    return cast("Sequence[tuple[int, int, int, str]]", connection.execute(query, values).all())


def booked_time_query(start: datetime, end: datetime, since: datetime | None = None) -> Select[tuple[int, int, int, str]]:
    """The statement `booked_time` runs, with its values in it."""
    query = _BOOKED_TIME[True, since is not None]
    values = {"start": start, "end": end} if since is None else {"start": start, "end": end, "since": since}
    return query.params(values)


def _booked_time_statement(courses: bool, since: bool) -> Select[tuple[int, int, int, str]]:
    owner = bookings.c.course_id if courses else literal_column("''", String)
    query = (select(bookings.c.machine_id, EpochSeconds(bookings.c.starts_at), EpochSeconds(bookings.c.ends_at), owner)
             .where(and_(bookings.c.starts_at >= bindparam("start"), bookings.c.starts_at < bindparam("end"),
                         bookings.c.released.is_(False)))
             .order_by(bookings.c.starts_at))
    return query.where(bookings.c.ends_at > bindparam("since")) if since else query


# By (course ids read, an end after `since` asked): built once, so compiled once per engine.
_BOOKED_TIME = {(courses, since): _booked_time_statement(courses, since) for courses in (True, False) for since in (True, False)}
_DRIVER_SQL: WeakKeyDictionary[Dialect, dict[Select[Any], str]] = WeakKeyDictionary()  # per engine (each has its dialect)


def _binary_rows(connection: Connection, query: Select[tuple[int, int, int, str]], values: Mapping[str, Any]) -> list[tuple[Any, ...]]:
    """The rows of `query` through the driver's binary cursor on PostgreSQL (psycopg), in the connection's transaction."""
    compiled = _DRIVER_SQL.setdefault(connection.dialect, {})
    sql = compiled.get(query)
    if sql is None:
        sql = compiled[query] = str(query.compile(dialect=connection.dialect))
    driver = connection.connection.driver_connection
    try:
        with driver.cursor(binary=True) as cursor:  # type: ignore[union-attr]
            cursor.execute(sql, values)
            return cursor.fetchall()  # type: ignore[no-any-return]
    except connection.dialect.loaded_dbapi.Error as exc:
        raise DBAPIError.instance(sql, dict(values), exc, connection.dialect.loaded_dbapi.Error) from exc


def course_bookings(connection: Connection, course_id: str) -> list[Booking]:
    query = _select().where(bookings.c.course_id == course_id).order_by(bookings.c.starts_at)
    return [_stored(r) for r in connection.execute(query)]


def bookings_of_courses(connection: Connection, course_ids: Iterable[str]) -> dict[str, list[Booking]]:
    """Every booking of each course of `course_ids`, by start (courses without a booking are left out)."""
    wanted = list(course_ids)
    found: dict[str, list[Booking]] = {}
    if not wanted:
        return found
    query = _select().where(bookings.c.course_id.in_(wanted)).order_by(bookings.c.starts_at)
    for row in connection.execute(query):
        found.setdefault(row.course_id, []).append(_stored(row))
    return found


def rebooked_courses(connection: Connection, course_ids: Iterable[str]) -> set[str]:
    """The courses of `course_ids` with a fraction a downtime or closure re-booked onto another day (a make-up mark of
    another cause than a missed session)."""
    wanted = list(course_ids)
    if not wanted:
        return set()
    query = (select(bookings.c.course_id).distinct()
             .where(and_(bookings.c.course_id.in_(wanted), bookings.c.make_up_day.is_not(None),
                         or_(bookings.c.make_up_cause.is_(None), bookings.c.make_up_cause != MakeUpCause.MISSED.value))))
    return {row.course_id for row in connection.execute(query)}


def bookings_between(connection: Connection, start: datetime, end: datetime, machine: str | None = None) -> list[Booking]:
    """Bookings that overlap [start, end), by start (an index range on the start: none lasts longer than a day)."""
    query = _select().where(and_(bookings.c.starts_at < end, bookings.c.starts_at > start - LONGEST_BOOKING, bookings.c.ends_at > start))
    if machine is not None:
        query = query.where(t.machines.c.name == machine)
    return [_stored(r) for r in connection.execute(query.order_by(bookings.c.starts_at))]


def course_bookings_of(connection: Connection, course_ids: Iterable[str] | None = None) -> dict[str, CourseBooking]:
    query = (select(booked_courses, t.machines.c.name.label("machine"))
             .join(t.machines, t.machines.c.id == booked_courses.c.machine_id))
    wanted = list(course_ids) if course_ids is not None else None
    if wanted is not None:
        query = query.where(booked_courses.c.course_id.in_(wanted))
    found = {}
    for row in connection.execute(query):
        found[row.course_id] = CourseBooking(row.course_id, row.machine, time.fromisoformat(row.daily_time), bool(row.urgent),
                                             row.ready, row.booked_at, row.booked_by)
    return found



@dataclass(frozen=True)
class CourseRow:
    """What the booking desk reads of a stored course: its spec, patient and state."""

    course_id: str
    spec: CourseSpec
    own_calendar: bool
    cancelled: bool
    patient: str
    last_day: date | None = None  # the last fraction's day as saved (None: not known)
    created: datetime | None = None  # when the course was first stored: the department knew of it from then
    first_day: date | None = None  # the first fraction's day as saved (None: not known)
    version: int | None = None  # the course's version, which every save and cancellation raises
    # a course an older version stored with free text today's rules refuse: why and how to repair it (its spec and
    # patient carry plain stand-ins for that text); "" for a sound course
    damaged: str = ""
    # a course a newer planner saved with fields this one does not know: why the department's work leaves it alone
    # (`newer_words`; booked, moved or sent a calendar here, it would be planned without them); "" for any other
    newer: str = ""

    @property
    def held_back(self) -> str:
        """Why its bookings and calendar are not to be rewritten here (damaged, or a newer planner's); "" when they may."""
        return self.damaged or self.newer


def course_rows(connection: Connection, course_ids: Iterable[str] | None = None, *,
                unreadable: dict[str, str] | None = None) -> dict[str, CourseRow]:
    """Stored courses by id (all of them when `course_ids` is None), with their patient's name; each parsed once
    (some tens of microseconds a course), which alone tells one that does not read. A course whose stored text does not
    read at all: StoreError; with `unreadable` (the department's work, which goes on around it) it is left out and
    named there, with `unreadable_words`."""
    query = (select(t.courses.c.id, t.courses.c.spec, t.courses.c.own_calendar, t.courses.c.cancelled, t.patients.c.name,
                    t.patients.c.hospital_number, t.courses.c.last_day, t.courses.c.created_at, t.courses.c.first_day,
                    t.courses.c.version)
             .join(t.patients, t.patients.c.id == t.courses.c.patient_id))
    if course_ids is not None:
        query = query.where(t.courses.c.id.in_(list(course_ids)))
    found = {}
    for row in connection.execute(query):
        # a damaged course stays the department's: its bookings are capacity, shown and kept under plain stand-ins
        unknown: list[str] = []
        try:
            spec, damage = damage_of(row.id, row.spec, row.name, row.hospital_number, unknown)
        except StoreError:
            if unreadable is None:
                raise
            unreadable[row.id] = unreadable_words(row.id)
            continue
        found[row.id] = CourseRow(row.id, spec,
                                  bool(row.own_calendar), bool(row.cancelled), spec.patient_name, row.last_day,
                                  row.created_at, row.first_day, int(row.version), str(damage) if damage else "",
                                  newer_words(row.id, tuple(unknown)) if unknown else "")
    return found


@dataclass(frozen=True)
class CourseStanding:
    """What the store holds of a course beside its text, read without parsing it: for one whose text does not read."""

    course_id: str
    cancelled: bool
    first_day: date | None
    last_day: date | None
    created: datetime | None


def course_standings(connection: Connection, course_ids: Iterable[str]) -> dict[str, CourseStanding]:
    """Each course's `CourseStanding` (a course not stored is left out)."""
    wanted = list(course_ids)
    if not wanted:
        return {}
    query = select(t.courses.c.id, t.courses.c.cancelled, t.courses.c.first_day, t.courses.c.last_day,
                   t.courses.c.created_at).where(t.courses.c.id.in_(wanted))
    return {row.id: CourseStanding(row.id, bool(row.cancelled), row.first_day, row.last_day, row.created_at)
            for row in connection.execute(query)}


BOOKING_FIELD = "booking"  # the audit trail's field for a course's bookings (booked, moved, released): not a field of the course file


def audit_booking(connection: Connection, course_id: str, who: str, before: str | None, after: str | None,
                  version: int | None = None) -> None:
    """Inside the caller's write: an entry in the course's audit trail saying who booked, moved or released its
    appointments (`before` and `after` in words; None: not booked), at the course's current version (a booking
    makes no new version of the course, nor does it count as a change in a save conflict); `version`: that version,
    read earlier in the same write (None: read here)."""
    if version is None:
        version = connection.execute(select(t.courses.c.version).where(t.courses.c.id == course_id)).scalar()
    if version is None or before == after:
        return
    connection.execute(insert(t.audit).values(at=datetime.now(UTC), who=who, course_id=course_id, version=int(version),
                                              field=BOOKING_FIELD, old_value=None if before is None else json.dumps(before),
                                              new_value=None if after is None else json.dumps(after)))


def course_state(connection: Connection, course_id: str) -> tuple[int, bool, str] | None:
    """The course's version, whether it is cancelled, and who saved it last (None: no such course)."""
    row = connection.execute(select(t.courses.c.version, t.courses.c.cancelled, t.courses.c.updated_by)
                             .where(t.courses.c.id == course_id)).first()
    return None if row is None else (int(row.version), bool(row.cancelled), str(row.updated_by))


def _of_patients(connection: Connection, course_ids: Iterable[str], column: Any) -> dict[str, str]:
    """One column of each course's patient, without reading the course itself."""
    wanted = list(course_ids)
    if not wanted:
        return {}
    query = (select(t.courses.c.id, column.label("value")).join(t.patients, t.patients.c.id == t.courses.c.patient_id)
             .where(t.courses.c.id.in_(wanted)))
    return {row.id: row.value for row in connection.execute(query)}


def patient_names(connection: Connection, course_ids: Iterable[str]) -> dict[str, str]:
    """Each course's patient (for an agenda of hundreds of bookings); a name an older version stored with markup (or
    a line break) by the plain `damaged_name`, never as it is."""
    return {course_id: damaged_name(course_id) if single_line_problem(name) else name
            for course_id, name in _of_patients(connection, course_ids, t.patients.c.name).items()}


def hospital_numbers(connection: Connection, course_ids: Iterable[str]) -> dict[str, str]:
    """Each course's patient's hospital number, which a coordinator looks a patient up by ("" for one an older
    version stored with markup, until it is repaired)."""
    return {course_id: "" if single_line_problem(number) else number
            for course_id, number in _of_patients(connection, course_ids, t.patients.c.hospital_number).items()}


def damaged_courses(connection: Connection, course_ids: Iterable[str], unreadable: set[str] | None = None,
                    owed: dict[str, bool] | None = None) -> dict[str, str]:
    """Of `course_ids`, each course an older version stored with free text today's rules refuse: why, and how to
    repair it (CourseDamaged's words); and each whose stored text does not read at all (`unreadable_words`; its id
    added to `unreadable` too); and each a newer planner saved with fields this one does not know (`newer_words`), whose
    bookings and calendar are left to that planner. Every course is parsed: only parsing tells a course that does not
    read (some tens of microseconds a course). `owed`: each course's mark of a calendar update owed, as stored
    (`mark_calendars`), added to it."""
    wanted = list(course_ids)
    if not wanted:
        return {}
    query = (select(t.courses.c.id, t.courses.c.spec, t.patients.c.name, t.patients.c.hospital_number, t.courses.c.calendar_owed)
             .join(t.patients, t.patients.c.id == t.courses.c.patient_id).where(t.courses.c.id.in_(wanted)))
    found = {}
    for row in connection.execute(query):
        if owed is not None:
            owed[row.id] = bool(row.calendar_owed)
        unknown: list[str] = []
        try:
            _, damage = damage_of(row.id, row.spec, row.name, row.hospital_number, unknown)
        except StoreError:
            found[row.id] = unreadable_words(row.id)
            if unreadable is not None:
                unreadable.add(row.id)
            continue
        if damage is not None:
            found[row.id] = str(damage)
        elif unknown:
            found[row.id] = newer_words(row.id, tuple(unknown))
    return found


def kind_counts(connection: Connection, course_ids: Iterable[str]) -> dict[tuple[str, AppointmentKind], int]:
    """How many appointments of each kind (fractions, reviews, ...) each course has booked: the "of N" of each."""
    wanted = list(course_ids)
    if not wanted:
        return {}
    rows = connection.execute(select(bookings.c.course_id, bookings.c.kind, func.count())
                              .where(bookings.c.course_id.in_(wanted)).group_by(bookings.c.course_id, bookings.c.kind))
    return {(row[0], AppointmentKind(row[1])): int(row[2]) for row in rows}


class MissedSlotTaken(StoreError):
    """A session's missed mark taken back, but its released machine time was booked for another patient since (or is
    no longer open): the session cannot be given back there. Nothing was written. `number`: the booking's fraction
    number; `machine`, `start`, `end`: its time (aware); `nearest`: the nearest free start on that machine that day
    (None: none within reach)."""

    def __init__(self, course_id: str, number: int, machine: str, start: datetime, end: datetime, why: str,
                 nearest: datetime | None, zone: ZoneInfo) -> None:
        self.course_id, self.number, self.machine, self.start, self.end, self.nearest = course_id, number, machine, start, end, nearest
        local = start.astimezone(zone)
        offer = (f"; the nearest free time on {machine} that day is {nearest.astimezone(zone):%H:%M}: move the session there in "
                 "the day view, then take the missed mark back" if nearest is not None
                 else f"; {machine} has no free time for it that day: move it in the day view")
        super().__init__(f"The session of {day_text(local.date())} at {local:%H:%M} on {machine} cannot be given back: it was "
                         f"marked missed, which released its time, and since then {why}. Nothing was saved; it stays marked "
                         f"missed{offer}")


NEAREST_REACH = timedelta(hours=4)  # how far from its old time a session given back is offered the nearest free time
NEAREST_STEP = timedelta(minutes=5)


def follow_missed(connection: Connection, course_id: str, missed_days: Iterable[date], zone: ZoneInfo, now: datetime,
                  review_weekday: int | None = None, who: str = "") -> None:
    """Inside the caller's write (the course being saved): a booked fraction on a day the course now marks missed,
    still to come (starting after `now`), releases its machine time, kept as the record of that day; one released whose
    day is no longer marked missed holds its time again, or MissedSlotTaken when another booking (or a downtime, a
    closure, new hours) took that time meanwhile: never an overlap. A session begun, or past, keeps its booking as it is.
    A weekly review booked in a clinic room on such a day follows the session that week's review now comes after
    (`_follow_reviews`): the patient does not come that day."""
    days = set(missed_days)
    rows = connection.execute(
        select(bookings.c.id, bookings.c.number, bookings.c.kind, bookings.c.machine_id, t.machines.c.name.label("machine"),
               bookings.c.starts_at, bookings.c.ends_at, bookings.c.released, t.machines.c.hours)
        .join(t.machines, t.machines.c.id == bookings.c.machine_id)
        .where(and_(bookings.c.course_id == course_id, bookings.c.kind == AppointmentKind.FRACTION.value))
        .order_by(bookings.c.starts_at)).all()
    releasing = [row.id for row in rows if not row.released and row.starts_at > now and row.starts_at.astimezone(zone).date() in days]
    if releasing:
        connection.execute(update(bookings).where(bookings.c.id.in_(releasing)).values(released=True))
    given_back: set[date] = set()
    for row in rows:
        if not row.released or row.starts_at.astimezone(zone).date() in days:
            continue
        given_back.add(row.starts_at.astimezone(zone).date())
        booking = Booking(course_id, AppointmentKind.FRACTION, row.number, row.machine, row.starts_at, row.ends_at)
        why = _why_not_free(connection, booking, row.machine_id, str(row.hours), row.id)
        if why is not None:
            own = [(r.starts_at, r.ends_at) for r in rows if r.id != row.id]
            shown = department_zone(connection) or zone
            raise MissedSlotTaken(course_id, row.number, row.machine, row.starts_at, row.ends_at, why,
                                  _nearest_free(connection, booking, row.machine_id, str(row.hours), row.id, own, now, shown), shown)
        connection.execute(update(bookings).where(bookings.c.id == row.id).values(released=False))
    if given_back:
        _release_make_ups(connection, course_id, given_back, zone, now, who)
    if review_weekday is not None and days:
        _follow_reviews(connection, course_id, days, zone, now, review_weekday, who)


def _release_make_ups(connection: Connection, course_id: str, days: set[date], zone: ZoneInfo, now: datetime, who: str) -> None:
    """The make-ups booked (`book --make-ups`) for sessions whose missed mark was taken back, still to come, are
    released: the session is given on its day again, and the course would otherwise hold one session too many. The
    course's history says which."""
    from ...core.dates import moment_text

    found = connection.execute(
        select(bookings.c.id, bookings.c.make_up_day, t.machines.c.name.label("machine"), bookings.c.starts_at)
        .join(t.machines, t.machines.c.id == bookings.c.machine_id)
        .where(and_(bookings.c.course_id == course_id, bookings.c.kind == AppointmentKind.FRACTION.value,
                    bookings.c.make_up_day.in_(sorted(days)), bookings.c.make_up_cause == MakeUpCause.MISSED.value,
                    bookings.c.starts_at > now))
        .order_by(bookings.c.starts_at)).all()
    if not found:
        return
    connection.execute(delete(bookings).where(bookings.c.id.in_([row.id for row in found])))
    audit_booking(connection, course_id, who, "; ".join(f"the make-up for the session missed on {day_text(row.make_up_day)}: "
                                                        f"{row.machine} {moment_text(row.starts_at.astimezone(zone))}"
                                                        for row in found), None)


REVIEW_REACH = timedelta(hours=4)  # how far after its session a review that follows another session is looked for room


def _follow_reviews(connection: Connection, course_id: str, days: set[date], zone: ZoneInfo, now: datetime, weekday: int,
                    who: str) -> None:
    """Each review still to come booked on a day the course marks missed (the patient cannot come) goes, in its room,
    after the session the week's review follows now (the planner's rule, `review_fractions`: the week's fraction on
    the review weekday, else its next one, else its last before), as long after that session's start as it was after
    the missed one's (never before the session ends), at the first time from then that the room is free and clear of
    the patient's other appointments; with no such time within REVIEW_REACH, or no session that week, it stays."""
    from ...core.dates import moment_text
    from ...core.schedule import review_fractions

    rows = connection.execute(
        select(bookings.c.id, bookings.c.number, bookings.c.kind, bookings.c.machine_id, t.machines.c.name.label("machine"),
               bookings.c.starts_at, bookings.c.ends_at, bookings.c.released, t.machines.c.hours)
        .join(t.machines, t.machines.c.id == bookings.c.machine_id)
        .where(bookings.c.course_id == course_id).order_by(bookings.c.starts_at)).all()
    fraction = AppointmentKind.FRACTION.value
    given = [r for r in rows if r.kind == fraction and not r.released]
    records = [r for r in rows if r.kind == fraction and r.released]
    moved: list[tuple[str, str]] = []
    for review in rows:
        day = review.starts_at.astimezone(zone).date()
        if review.kind != AppointmentKind.REVIEW.value or review.released or review.starts_at <= now or day not in days:
            continue
        week = day.isocalendar()[:2]
        in_week = [r for r in given if r.starts_at.astimezone(zone).date().isocalendar()[:2] == week]
        if not in_week:
            continue
        session = in_week[review_fractions([r.starts_at.astimezone(zone) for r in in_week], weekday)[0]]
        missed = next((r for r in records if r.starts_at.astimezone(zone).date() == day), None)
        after = max(review.starts_at - missed.starts_at if missed is not None else timedelta(0), session.ends_at - session.starts_at)
        length = review.ends_at - review.starts_at
        own = [(r.starts_at, r.ends_at) for r in rows if r.id != review.id and not r.released]
        start = session.starts_at + after
        while start <= session.starts_at + after + REVIEW_REACH:
            local = start.astimezone(zone)
            placed = Booking(course_id, AppointmentKind.REVIEW, review.number, review.machine, start, start + length)
            if (local.date() == session.starts_at.astimezone(zone).date() and start > now
                    and not any(a < placed.end and placed.start < b for a, b in own)
                    and _why_not_free(connection, placed, review.machine_id, str(review.hours), review.id) is None):
                connection.execute(update(bookings).where(bookings.c.id == review.id)
                                   .values(starts_at=placed.start, ends_at=placed.end))
                moved.append((f"review {review.number}: {review.machine} {moment_text(review.starts_at.astimezone(zone))}",
                              f"review {review.number}: {review.machine} {moment_text(local)}"))
                break
            start += NEAREST_STEP
    if moved:
        audit_booking(connection, course_id, who, "; ".join(was for was, _ in moved), "; ".join(now_ for _, now_ in moved))


def _why_not_free(connection: Connection, booking: Booking, machine_id: int, hours: str, row_id: int) -> str | None:
    if held_time(connection, [(booking, machine_id)], leaving_out=[row_id]):
        return "that time was booked for another patient"
    closed = closed_time(connection, [(booking, machine_id)], {machine_id: hours})
    return closed[1] if closed is not None else None


def _nearest_free(connection: Connection, booking: Booking, machine_id: int, hours: str, row_id: int,
                  own: Sequence[tuple[datetime, datetime]], now: datetime, zone: ZoneInfo) -> datetime | None:
    """The free start on the booking's machine nearest its own, that day, still to come, clear of the patient's other
    appointments (within NEAREST_REACH, on NEAREST_STEP): what a coordinator taking a missed mark back is offered."""
    length = booking.end - booking.start
    day = booking.start.astimezone(zone).date()
    step = NEAREST_STEP
    while step <= NEAREST_REACH:
        for start in (booking.start - step, booking.start + step):
            moved = replace(booking, start=start, end=start + length)
            if start <= now or start.astimezone(zone).date() != day or (start + length).astimezone(zone).date() != day:
                continue
            if any(a < moved.end and moved.start < b for a, b in own):
                continue
            if _why_not_free(connection, moved, machine_id, hours, row_id) is None:
                return start
        step += NEAREST_STEP
    return None
