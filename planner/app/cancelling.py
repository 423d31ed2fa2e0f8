"""Cancelling a stored course (treatment stopped for good) and taking a cancellation back, for both front ends.

Cancelling, in one write transaction:
- marks the course cancelled, a new version with its entry in the audit trail (expected version checked);
- releases its bookings still to come (starting at or after the moment of cancelling), so their machine
  time goes back to the department;
- keeps every appointment already given (or begun) as it was: its booking stays, the record of what
  the patient had, and so do the course's machine and daily time while any remain. Nothing is deleted
  from the course's history; its last day becomes the last fraction given.
Then, when the patient was given the course's calendar, the update that cancels every coming event
(STATUS:CANCELLED, SEQUENCE raised) is owed, listed by `calendar-updates` and the Bookings window's
Calendars tab until it is written, as any other owed update.

A store without a department (courses planned and exported one by one, nothing booked) cancels too:
there is nothing to release, and the course is marked as owing its patient a calendar, which exporting
the course again gives (the export of a cancelled course keeps the appointments given and cancels the
earlier export's others); the Patients list shows the mark until then.

A cancelled course is never proposed for booking and leaves the waiting list. Taking the cancellation
back (reinstating) is for a course cancelled by mistake before any appointment was given: it is
planned again, waiting to be booked, and its patient is owed a calendar with its events back. A course
cancelled after appointments were given cannot go on around them; a new course is planned for the rest.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from ..core.department import Booking
from ..core.errors import Field, InputError
from ..core.kinds import AppointmentKey, AppointmentKind
from ..core.schedule import Schedule
from ..core.text import counted
from ..ics.state import ExportState, parse_export
from ..store.db import CourseNotFound, CourseUnreadable, Store
from ..store.db import bookings as db
from ..store.db.store import cancelled_at, write_cancelled

if TYPE_CHECKING:
    from .booking import BookingDesk, CalendarUpdate


@dataclass(frozen=True)
class CancelOutlook:
    """What cancelling the course would do, for the coordinator to confirm first."""

    course_id: str
    patient: str
    version: int
    cancelled: bool  # it is cancelled already
    coming: int  # booked appointments still to come: released by cancelling
    given: int  # booked appointments already begun: kept as they were
    exported: bool  # the patient was given its calendar: an update cancelling what is to come will be owed


@dataclass(frozen=True)
class Cancellation:
    """What cancelling did."""

    course_id: str
    patient: str
    version: int  # the course's new version
    released: int
    kept: int
    update: CalendarUpdate | None  # the update now owed to the patient's calendar, as the department lists it
    owed: bool = False  # the patient's calendar is owed an update (with `update` None: no department, export the course again)
    booked: bool = True  # the store holds a department (False: nothing was booked to release)
    # the course is stored damaged, or its text does not read at all: why (and what to do), its owed update not written
    unwritten: str = ""


@dataclass(frozen=True)
class Reinstatement:
    """What taking a cancellation back did."""

    course_id: str
    patient: str
    version: int
    update: CalendarUpdate | None
    owed: bool = False  # as Cancellation's
    unreadable: bool = False  # its stored text does not read: reinstated, but not booked until the administrator restores it


def _store_and_desk(where: BookingDesk | Store) -> tuple[Store, BookingDesk | None]:
    """The store, and the booking desk on it when the store holds a department (None: nothing is booked there)."""
    return (where, None) if isinstance(where, Store) else (where.store, where)


def given_appointments(schedule: Schedule, held: Iterable[Booking], since: datetime) -> frozenset[AppointmentKey]:
    """The appointments of a course cancelled at `since` that its patient had: of a kind the course had
    booked, those still booked (a booking released by cancelling was never given, even where its
    planned time lies before `since`); of a kind it never booked (no machines, reviews without rooms),
    those that began before `since`. A missed session is never one."""
    booked = list(held)
    held_keys = {AppointmentKey(b.kind, b.number) for b in booked}
    held_kinds = {b.kind for b in booked}
    return frozenset(a.key for a in schedule.appointments
                     if not a.missed and (a.key in held_keys if a.kind in held_kinds else a.start < since))


def given_if_cancelled(store: Store, course_id: str, schedule: Schedule) -> frozenset[AppointmentKey] | None:
    """For an export of a stored course: when it is cancelled, the appointments given, the only ones its
    calendar keeps (its earlier export's others become CANCELLED); None for a course not cancelled."""
    with store.connection() as connection:
        row = db.course_rows(connection, [course_id]).get(course_id)
        if row is None or not row.cancelled:
            return None
        held = db.course_bookings(connection, course_id)
        since = cancelled_at(connection, course_id)
    return given_appointments(schedule, held, since or datetime.now(UTC))


def given_only(schedule: Schedule, kept: frozenset[AppointmentKey]) -> Schedule | None:
    """A cancelled course's schedule as its patient had it: the appointments given (those its calendar
    keeps; the released ones will never take place); None when no treatment session was given."""
    given = tuple(a for a in schedule.appointments if a.key in kept)
    if not any(a.kind is AppointmentKind.FRACTION for a in given):
        return None
    return replace(schedule, appointments=given)


def as_given(schedule: Schedule, kept: frozenset[AppointmentKey], course_id: str) -> Schedule:
    """`given_only`, for a cancelled course's printouts: InputError when no treatment session was
    given, as there is nothing to print."""
    given = given_only(schedule, kept)
    if given is None:
        raise InputError(Field.COURSE_ID, f"course {course_id} was cancelled before any treatment session: "
                                          "there is no appointment of it to print")
    return given


def written_count(schedule: Schedule, kept: frozenset[AppointmentKey] | None) -> int:
    """The appointments an export writes: every one, or a cancelled course's given ones (`kept`)."""
    return sum(1 for a in schedule.appointments if kept is None or a.key in kept)


def cancelled_note(kept: frozenset[AppointmentKey] | None, written: bytes = b"", previous: ExportState | None = None) -> str:
    """What an export's message adds for a cancelled course: only the appointments given, and how many
    events of the patient's earlier calendar (`previous`) the file `written` cancels, so that "Wrote 0
    appointments" of a course cancelled before it began does not read as an empty file."""
    if kept is None:
        return ""
    before = previous.events if previous is not None else {}
    now = parse_export(written, "export").events if written else {}
    taken = sum(1 for uid, event in now.items() if event.status == "CANCELLED" and uid in before)  # again in a second export
    tail = f"; it cancels {counted(taken, 'event')} of the patient's earlier calendar" if taken else ""
    return f" (the course is cancelled: only the appointments given{tail})"


def no_calendar_left(course_id: str) -> InputError:
    """A course cancelled before any appointment, never exported: there is nothing to give the patient."""
    return InputError(Field.COURSE_ID, f"course {course_id} was cancelled before any appointment: there is no calendar to give")


def given_before_cancelling(course_id: str, given: int) -> InputError:
    """Why a course cancelled after `given` appointments is not reinstated (for either front end to say before asking)."""
    return InputError(Field.COURSE_ID, f"course {course_id} was cancelled after {counted(given, 'appointment')} "
                                       "had been given; it cannot go on around them: plan a new course for the rest")


def cancel_outlook(where: BookingDesk | Store, course_id: str, *, now: datetime | None = None) -> CancelOutlook:
    """What cancelling the course now would release and keep, and whether a calendar update would be owed
    (`where`: the booking desk, or the store itself when it holds no department)."""
    store, _ = _store_and_desk(where)
    moment = now or datetime.now(UTC)
    with store.connection() as connection:
        # not the course's text, which cancelling does not need: a course stored damaged, or whose text does not read at
        # all, is cancelled too (its machine time freed); its patient as the patients' row names them
        state = db.course_state(connection, course_id)
        if state is None:
            raise CourseNotFound(f"no course {course_id} in {store.display_url}")
        patient = db.patient_names(connection, [course_id]).get(course_id, "")
        held = db.course_bookings(connection, course_id)
    version, cancelled, _ = state
    coming = sum(1 for b in held if b.start >= moment)
    return CancelOutlook(course_id, patient, version, cancelled, coming, len(held) - coming,
                         store.last_export(course_id) is not None)


def _owed(desk: BookingDesk | None, course_id: str, exported: bool) -> CalendarUpdate | None:
    """After the write: the department's calendar update now owed to an exported course's patient (None without
    a department, whose course was marked owing inside the write, or for a course never exported)."""
    return next(iter(desk.owe_updates([course_id])), None) if exported and desk is not None else None


def cancel_course(where: BookingDesk | Store, course_id: str, *, expected_version: int | None = None,
                  now: datetime | None = None) -> Cancellation:
    """Cancel the course (see the module's docstring). InputError when it is cancelled already;
    CourseConflict (nothing written) when it is no longer at `expected_version` (default: the version read here)."""
    store, desk = _store_and_desk(where)
    moment = now or datetime.now(UTC)
    outlook = cancel_outlook(store, course_id, now=moment)
    if outlook.cancelled:
        raise InputError(Field.COURSE_ID, f"course {course_id} is already cancelled")
    version = outlook.version if expected_version is None else expected_version
    with db.writing(store.engine, store.display_url) as connection:
        new_version = write_cancelled(connection, store.display_url, course_id, True, version, store.user, moment)
        released, kept = db.release_coming(connection, course_id, moment)
        if released and desk is not None:  # a store without a department holds no bookings
            desk.settle_days(connection, course_id)
        if outlook.exported and desk is None:
            db.mark_calendars(connection, [course_id], True)
    update = _owed(desk, course_id, outlook.exported)
    unwritten = desk.damaged_owed([course_id]).get(course_id, "") if desk is not None and outlook.exported else ""
    return Cancellation(course_id, outlook.patient, new_version, released, kept, update,
                        owed=update is not None or (outlook.exported and desk is None), booked=desk is not None,
                        unwritten=unwritten)


def reinstate_course(where: BookingDesk | Store, course_id: str, *, expected_version: int | None = None,
                     now: datetime | None = None) -> Reinstatement:
    """Take the course's cancellation back: planned again, waiting to be booked. InputError when it is
    not cancelled, or when appointments were given before it was cancelled (see the module's docstring)."""
    store, desk = _store_and_desk(where)
    moment = now or datetime.now(UTC)
    outlook = cancel_outlook(store, course_id, now=moment)
    if not outlook.cancelled:
        raise InputError(Field.COURSE_ID, f"course {course_id} is not cancelled")
    version = outlook.version if expected_version is None else expected_version
    with db.writing(store.engine, store.display_url) as connection:
        given = db.course_bookings(connection, course_id)
        if given:
            raise given_before_cancelling(course_id, len(given))
        new_version = write_cancelled(connection, store.display_url, course_id, False, version, store.user, moment)
        if outlook.exported and desk is None:
            db.mark_calendars(connection, [course_id], True)
    update = _owed(desk, course_id, outlook.exported)
    return Reinstatement(course_id, outlook.patient, new_version, update,
                         owed=update is not None or (outlook.exported and desk is None), unreadable=not _reads(store, course_id))


def not_bookable_words(course_id: str) -> str:
    """What a reinstated course whose stored text does not read waits for (`Reinstatement.unreadable`): not booking,
    which refuses it, but the administrator."""
    return (f"its stored text cannot be read (`course show {course_id}` says where), so it cannot be booked until the "
            "administrator restores it from a backup of the store")


def _reads(store: Store, course_id: str) -> bool:
    """Whether the course's stored text reads (a damaged one does, with stand-ins): one that does not is reinstated all
    the same (as it is cancelled), but nothing can plan or book it until the administrator restores its text."""
    try:
        store.load_course(course_id, repairing=True)
    except CourseUnreadable:
        return False
    return True
