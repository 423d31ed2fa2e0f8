"""Booking use cases, shared by the command line and the window: propose and book a stored course,
show the machines' agenda, take a machine down and re-book its patients, release a course.

Each use case reads the store, lets the engine (planner.booking) decide, and writes the answer
back in one write transaction in which the store refuses any slot taken meanwhile (SlotTaken).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, NamedTuple, TypeVar
from zoneinfo import ZoneInfo

from ..booking.course_rules import SECOND_GAP, CourseRules
from ..booking.engine import BookingConflict, BookingEngine
from ..booking.model import (
    DEFAULT_PLANNING_DAYS,
    FIRST_SET_UP,
    BookableMachine,
    BookingAnswer,
    BookingPolicy,
    ClosureReport,
    CourseNeed,
    Move,
    Proposal,
    RebookReport,
    Unplaced,
    UrgentStart,
    urgent_due_day,
    working_days_after,
)
from ..booking.needs import need_from_schedule
from ..booking.reoptimise import HORIZON_DAYS, Reoptimisation, reoptimise
from ..core.agenda import Agenda, AgendaEntry, ClosedDay, MachineAgenda, Period, WaitingCourse, check_slot, with_hospital_number
from ..core.catalogue import Catalogue, PrepReminder
from ..core.clinic import ClinicCalendar, HolidaySource, PackageHolidays
from ..core.course import BOOKED_ON_PLAN_REASON, BOOKED_REASON, TO_BOOK_REASON, Adjustments, MakeUp
from ..core.dates import day_text, moment_text
from ..core.department import (
    HELD_WORDS,
    Booking,
    Department,
    Downtime,
    MakeUpCause,
    MakeUpMark,
    Rebooked,
    RebookedNote,
    Recorded,
    machine_key,
    plain_text,
)
from ..core.errors import Field, InputError
from ..core.kinds import AppointmentKey, AppointmentKind
from ..core.limits import MAX_CLOSURE_DAYS, earliest_start_problem, within_calendar
from ..core.make_up import booked_fractions, days_after_booked, missed_make_ups, waits_at_end
from ..core.schedule import Schedule, as_local, build_schedule
from ..core.spec import CourseSpec
from ..core.text import counted, quoted
from ..core.wall_clock import clock_text, hours_instants, same_instant
from ..ics.state import ExportState
from ..store.db import Access, Store, with_department_calendar
from ..store.db import bookings as db
from ..store.db.bookings import CourseRow, SlotTaken
from ..store.db.department_rows import machine_ids, read_department
from ..store.db.downtime_moves import (
    DowntimeMove,
    closure_moves,
    forget_moves,
    leave_older_moves,
    record_moves,
    set_up_moves,
)
from ..store.db.store import changed_since, department_version, entered_before_start, with_department_closures
from ..store.db.stored_spec import unreadable_name
from ..wording import NEVER_BOOKED_CHOICES, reminders_left_out
from .course_booking import (
    BookedAppointment,
    BookingFacts,
    at_booked_times,
    booking_facts,
    machines_shown,
    rebooked_notes,
    rebooked_shown,
)
from .discretion import PatientContact, shown_contact
from .file_names import names_hospital_number, update_file_name, with_course_id
from .move_refusal import refusal_line
from .planning import contact_of
from .stored_courses import without_booked_moves

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from ..store.settings import Settings
    from .machine_back import MachineBack

ReportT = TypeVar("ReportT", RebookReport, ClosureReport)
NO_DOWNTIME_REASON = "no reason given"  # downtime recorded without a reason says so in the views, reports and files
ROUTINE_DUE_DAYS = 31  # England's target: decision to treat to first fraction


class NoDepartment(InputError):
    """The store holds no department yet: nothing can be booked until one is imported (or entered)."""


class CourseBookedMeanwhile(SlotTaken):
    """Another coordinator booked the same course between its proposals and this booking: a booking
    lost to a concurrent one, like a slot taken (nothing written). Booking a course already booked
    when asked is refused before any proposal (InputError: unbook it first)."""

    def __init__(self, course_id: str, first: Booking, course: db.CourseBooking | None, zone: ZoneInfo) -> None:
        self.course_id = course_id
        by = f" by {course.booked_by}" if course is not None and course.booked_by else ""
        start = first.start.astimezone(zone)
        super().__init__(first.machine, first.start, first.end,
                         f"course {course_id} was booked meanwhile{by} ({first.machine} from {day_text(start.date())} {start:%H:%M})")


class CourseBegun(InputError):
    """A booked course that has begun, refused where a command would release or book it whole: its given sessions are
    the record of its treatment. What to do instead is said in each front end's words, made here once: `reason` names
    the commands that work (the command line's), `window_reason` the window's menus, without an option name."""

    def __init__(self, course_id: str, said: str, *, cancel: bool) -> None:
        """`said`: what was refused and why, up to the advice; `cancel`: the advice names cancelling the course too."""
        super().__init__(Field.COURSE_ID, f"{said}{begun_advice(course_id, cancel=cancel, window=False)}")
        self.window_reason = f"{said}{begun_advice(course_id, cancel=cancel, window=True)}"


def begun_advice(course_id: str, *, cancel: bool, window: bool) -> str:
    """What to do with a booked course that has begun instead of booking (or, `cancel`, unbooking) it, in the words of
    the window (its menus) or of the command line (the commands that work)."""
    command = f"`move --course-id {course_id} --rest-from N --time HH:MM`"
    if not cancel:  # booking it again: what is to come is moved instead
        return f"move its sessions still to come ({'Move the rest of this course in the Bookings window' if window else command})"
    stop = "cancel the course" if window else f"cancel the course (`course cancel --course-id {course_id}`)"
    move = "move the rest of the course in the Bookings window" if window else f"move them ({command})"
    return f"to stop the treatment, {stop}; to change the sessions still to come, {move}"


def window_words(refusal: InputError) -> str:
    """A refusal as the window says it: its own advice where the command line's names options."""
    return refusal.window_reason if isinstance(refusal, CourseBegun) else refusal.reason


class CourseChangedMeanwhile(SlotTaken):
    """Another coordinator cancelled the course, or saved a change to it, between its proposals and this
    booking: the proposals were made for the course as it was, so the booking is lost like a slot taken
    (nothing written); proposals asked for again follow the course as it is now."""

    def __init__(self, course_id: str, first: Booking, what: str, detail: str = "") -> None:
        self.course_id = course_id
        super().__init__(first.machine, first.start, first.end, f"course {course_id} was {what} meanwhile{detail}")


@dataclass(frozen=True)
class CalendarUpdate:
    """A patient whose exported calendar no longer matches the bookings: the .ics update to give them."""

    course_id: str
    patient: str
    changed: int  # events whose time or place changed (SEQUENCE raised) or that were cancelled
    ics: bytes
    written: Path | None = None
    hospital_number: str = ""
    changes: tuple[str, ...] = ()  # each change in words, as `diff` says them ("Moved: Radiotherapy 5 of 25, from ... to ...")
    file_name: str = ""  # the same for every update of the course ('Kim-Wu-H0002-appointments-3fa9c1d2.ics'), see `update_file_name`
    left_out: tuple[PrepReminder, ...] = ()  # a discreet update's preparation reminders with no discreet wording (`reminders_left_out`)


@dataclass(frozen=True)
class OutdatedCalendar:
    """A patient whose exported calendar no longer matches the bookings and who has not been given the update."""

    course_id: str
    patient: str
    hospital_number: str = ""


class Relocation(NamedTuple):
    """One appointment of a course to go to another machine or time (start aware)."""

    kind: AppointmentKind
    number: int
    machine: str
    start: datetime


@dataclass(frozen=True)
class BookedDailyTime:
    """The daily time a course is booked at, and the first session still to come and its booked start (None: every
    one has begun)."""

    time: time
    first_to_come: int | None
    first_start: datetime | None = None


@dataclass(frozen=True)
class BookedCourse:
    """A course's schedule as booked: every fraction at its booked time, and the machine of each appointment."""

    spec: CourseSpec
    schedule: Schedule
    machines: tuple[tuple[AppointmentKey, str], ...]  # each booked appointment's machine
    rebooked: tuple[tuple[AppointmentKey, RebookedNote], ...] = ()  # why a downtime or closure put an appointment where it is


class StoredClash(Exception):
    """A course's stored bookings clash with time the engine holds already (another course's, or downtime)."""

    def __init__(self, course_id: str, clash: BookingConflict) -> None:
        super().__init__(course_id, str(clash))
        self.course_id = course_id
        self.clash = clash


def _names_by_id(connection: Connection) -> dict[int, str]:
    """Each machine's name by its row id in the store, which the bare time read to book around names it by."""
    return {machine_id: name for name, machine_id in machine_ids(connection).items()}


class BookingDesk:
    """The department's bookings as a coordinator works with them: one store, its department and the catalogue."""

    def __init__(self, store: Store, catalogue: Catalogue, *, today: date | None = None, clinic_phone: str = "",
                 holidays: HolidaySource | None = None, clinic_name: str = "", discreet_shows_id: bool = True) -> None:
        self.store = store
        self.holidays: HolidaySource = holidays if holidays is not None else PackageHolidays()
        self.catalogue = catalogue
        found, self._read_at = store.department_and_version()
        if found is None:
            raise NoDepartment(Field.DB, f"{store.display_url} has no department yet: import one first (department import FILE)")
        self.department: Department = found
        self.zone: ZoneInfo = self.department.zone
        self._today = today  # None: the clock's day, read each time (a Bookings window left open overnight moves on)
        self.clinic_phone = clinic_phone
        self.clinic_name = clinic_name  # the desk's settings' name: a discreet calendar leaves it out too
        self.discreet_shows_id = discreet_shows_id  # the settings': a discreet calendar's update is named as its export
        self._proposed_at: dict[str, int | None] = {}  # each course's version when this desk last proposed for it
        self._proposed_rows: dict[str, CourseRow] = {}  # and its row as then read (its text is that version's)

    def follow_settings(self, settings: Settings) -> None:
        """The coordinator's Settings changed while the desk is open (a Bookings window left open): its calendars and
        updates name the clinic's phone (when the department has none), leave the clinic's name out of a discreet one,
        and name a discreet one's file from the new settings, not the ones read when it was opened."""
        self.clinic_phone = settings.clinic_phone
        self.clinic_name = settings.clinic_name
        self.discreet_shows_id = settings.discreet_print_shows_id

    @property
    def today(self) -> date:
        """The desk's today: the day given (a night's re-optimisation, a test), else the clock's in the department's
        zone, so that a desk kept open past midnight does not go on taking yesterday for today."""
        return self._today if self._today is not None else datetime.now(self.zone).date()

    @today.setter
    def today(self, day: date) -> None:
        self._today = day

    def __enter__(self) -> BookingDesk:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        self.store.close()

    # ------------------------------------------------------------------ reading the store
    def refresh(self, connection: Connection | None = None) -> bool:
        """Read the department again when the store's has changed since this desk read it (another
        coordinator's downtime or closure, Department settings saved meanwhile): each use case that
        proposes, re-books or shows the agenda starts here, so a desk kept open (the Bookings window's)
        works by the department as it is. One small query (through `connection` when given) when
        nothing changed; True when read again."""
        if connection is None:
            with self.store.connection() as own:
                return self.refresh(own)
        read_at = department_version(connection)  # first: a change landing before the read below is seen next time
        if read_at == self._read_at:
            return False
        found = read_department(connection)
        if found is None:
            raise NoDepartment(Field.DB, f"{self.store.display_url} has no department any more: import one first (department import FILE)")
        self.department, self._read_at, self.zone = found, read_at, found.zone
        return True

    def _rows(self, course_ids: Iterable[str] | None = None, unreadable: dict[str, str] | None = None) -> dict[str, CourseRow]:
        with self.store.connection() as connection:
            return db.course_rows(connection, course_ids, unreadable=unreadable)

    def patient_names(self, course_ids: Iterable[str]) -> dict[str, str]:
        """Each course's patient, for reports and dialogs."""
        with self.store.connection() as connection:
            return db.patient_names(connection, course_ids)

    def patient_labels(self, course_ids: Iterable[str]) -> dict[str, str]:
        """Each course's patient as a report names them, 'Name (H100)': two patients of one name told apart."""
        wanted = set(course_ids)
        with self.store.connection() as connection:
            names = db.patient_names(connection, wanted)
            numbers = db.hospital_numbers(connection, wanted)
        return {course_id: with_hospital_number(name, numbers.get(course_id, "")) for course_id, name in names.items()}

    def gap_sensitive(self, course_ids: Iterable[str]) -> set[str]:
        """The courses whose site the catalogue marks gap-sensitive (RCR category 1): a day lost costs them tumour
        control, so a re-booking that adds their lost session at the end is worth the team's attention."""
        found = set()
        for course_id, row in self._rows(course_ids).items():
            site = self.catalogue.site(row.spec.site)
            if site is not None and site.gap_sensitive:
                found.add(course_id)
        return found

    def first_booked(self, course_id: str) -> Booking | None:
        """The course's earliest booked appointment (None: not booked), so a dialog can say so before proposing."""
        with self.store.connection() as connection:
            return next(iter(db.course_bookings(connection, course_id)), None)

    def coming_booked(self, course_id: str) -> Booking | None:
        """The course's first booked appointment not over yet (else its last; None: not booked): where the Bookings
        window shows a booked course chosen in its waiting list."""
        now = self.now()
        with self.store.connection() as connection:
            held = db.course_bookings(connection, course_id)
        return next((b for b in held if b.end > now), held[-1] if held else None)

    def course_time(self, course_id: str) -> time | None:
        """The course's own daily time, which a booking prefers unless told another (None: no such course), on
        the department's clock: a course kept in New York at 09:00 prefers 14:00 in London, the patient's 09:00."""
        row = self._rows([course_id]).get(course_id)
        return self._on_department_clock(row) if row is not None else None

    def _on_department_clock(self, row: CourseRow) -> time:
        """The course's daily time as the machines' clock shows it on its first day (the same time unless the
        course keeps its own calendar in another zone)."""
        spec = self.course_spec(row)
        if spec.tz == self.zone.key or spec.start is None:
            return spec.time
        return datetime.combine(spec.start, spec.time, tzinfo=ZoneInfo(spec.tz)).astimezone(self.zone).time().replace(tzinfo=None)

    def marked_urgent(self, course_id: str) -> bool:
        """Whether the course is marked urgent (its own mark, set before booking), which a booking always follows."""
        row = self._rows([course_id]).get(course_id)
        return row is not None and row.spec.urgent

    def course_spec(self, row: CourseRow) -> CourseSpec:
        return row.spec if row.own_calendar else with_department_calendar(row.spec, self.department)

    def _schedule(self, row: CourseRow) -> Schedule:
        spec = self.course_spec(row)
        return build_schedule(spec.to_request(self.catalogue, self.holidays), self.catalogue)

    def _need(self, row: CourseRow, *, earliest: date | None = None, prefer_time: time | None = None,
              machine: str | None = None, urgent: bool = False) -> CourseNeed:
        return self._need_later(row, earliest=earliest, prefer_time=prefer_time, machine=machine, urgent=urgent)()

    def _need_later(self, row: CourseRow, *, earliest: date | None = None, prefer_time: time | None = None,
                    machine: str | None = None, urgent: bool = False) -> Callable[[], CourseNeed]:
        """`_need` as a function to call later, on the department, catalogue and holidays of now."""
        # A move a booking put on the course (saved into it by older versions) is not the coordinator's: the
        # engine books the coordinator's moves nearest their times (SessionNeed.wanted_at), not those.
        spec = without_booked_moves(self.course_spec(row))
        catalogue, holidays = self.catalogue, self.holidays
        preferred = prefer_time if prefer_time is not None else self._on_department_clock(row)

        def need() -> CourseNeed:
            schedule = build_schedule(spec.to_request(catalogue, holidays), catalogue)
            return need_from_schedule(schedule, catalogue, row.course_id, preset=spec.preset_in(spec.site_in(catalogue)),
                                      earliest=earliest, urgent=urgent, preferred_machine=machine, preferred_time=preferred,
                                      patient=row.patient, own_calendar=row.own_calendar)
        return need

    @property
    def policy(self) -> BookingPolicy:
        """The department's booking rules, as the engine applies them."""
        return BookingPolicy.of_department(self.department.booking)

    def engine(self, downtime: Sequence[Downtime] | None = None, reopened: Collection[date] = ()) -> BookingEngine:
        """The engine holding everything the store has booked, and the department's downtime (else `downtime`: the
        department's as it is about to be, e.g. one shortened); the department's closures but those of the days
        `reopened` (about to be taken back)."""
        machines = [BookableMachine.from_machine(m) for m in self.department.machines]
        calendar = replace(self.department, closures=tuple(c for c in self.department.closures if c[0] not in reopened)) \
            if reopened else self.department
        engine = BookingEngine(machines, calendar.clinic_calendar(self.holidays), self.zone, self.policy)
        with self.store.connection() as connection:
            # Courses whose bookings all lie in the past hold no free time anyone could want: leave them out.
            since = datetime.combine(self.today, time(0), tzinfo=self.zone)
            current = db.courses_booked_since(connection, since)
            stored = db.bookings_of_courses(connection, sorted(current))  # read by course: never the years before
            booked = db.course_bookings_of(connection, sorted(current))
        try:
            self._hold_courses(engine, stored, booked)
        except StoredClash as exc:
            raise InputError(Field.DB, f"the stored bookings of course {exc.course_id} clash ({exc.clash})") from None
        # After the bookings: what a department file's downtime hits is re-booked here.
        for down in self.department.downtime if downtime is None else downtime:
            engine.add_downtime(down, self.today)
        return engine

    def _engine_with_downtime(self) -> tuple[BookingEngine, datetime]:
        """An engine holding the department's downtime from today on (before any booking: one it covers then holds no
        time of its own), and the start of today, from which stored bookings are read."""
        machines = [BookableMachine.from_machine(m) for m in self.department.machines]
        engine = BookingEngine(machines, self.department.clinic_calendar(self.holidays), self.zone, self.policy)
        since = datetime.combine(self.today, time(0), tzinfo=self.zone)
        for down in self.department.downtime:
            if down.end > since:
                engine.add_downtime(down, self.today)
        return engine, since

    def engine_for(self, course_ids: Collection[str]) -> BookingEngine:
        """The engine a re-booking of these courses alone starts from (a machine down: the courses it hits): each of
        them held as `engine` holds it, re-bookable, and every other booking from today on held as bare time, read as
        the re-booking reaches it and never re-booked, beside the department's downtime. The same re-booking as
        `engine`'s, without reading, and planning by, every course going on. A stored booking of these courses that the
        department's downtime or another booking covers (a store left inconsistent): `engine`'s, which re-books it or
        says so."""
        engine, since = self._engine_with_downtime()
        left = set(course_ids)  # held whole: left out of the bare time
        wanted = sorted(left)
        store = self.store.engine

        def read(start: datetime, end: datetime) -> Sequence[tuple[int, int, int, str]]:
            with store.connect() as own:
                return [row for row in db.booked_time(own, start, end, since) if row[3] not in left]

        with store.connect() as connection:
            engine.read_stored_time(read, _names_by_id(connection))
            stored = db.bookings_of_courses(connection, wanted)
            booked = db.course_bookings_of(connection, wanted)
        try:
            self._hold_courses(engine, stored, booked)
        except StoredClash:
            return self.engine()
        return engine

    def _hold_courses(self, engine: BookingEngine, stored: Mapping[str, Sequence[Booking]],
                      booked: Mapping[str, db.CourseBooking]) -> None:
        """Hold each course's stored bookings in `engine`, re-bookable (its need worked out when first wanted); one whose
        text does not read, as bare time the engine refuses to re-book; BookingConflict on a clash."""
        by_course: dict[str, list[Booking]] = defaultdict(list)
        for item in sorted((b for held in stored.values() for b in held), key=lambda b: b.start):
            by_course[item.course_id].append(replace(item, start=item.start.astimezone(self.zone), end=item.end.astimezone(self.zone)))
        unreadable: dict[str, str] = {}
        rows = self._rows(by_course, unreadable)
        for course_id, held in by_course.items():
            if course_id in unreadable:  # no need to place it by: its time is held as booked, never re-booked
                engine.occupy(held)
                engine.held_as_booked[course_id] = unreadable[course_id]
                continue
            course = booked.get(course_id)
            row = rows.get(course_id)
            if course is None or row is None:
                continue
            try:  # its need worked out when first wanted: most re-bookings touch a few of the courses going on
                engine.restore_later(course_id, self._need_later(row, urgent=course.urgent), held, course.machine,
                                     course.daily_time)
            except BookingConflict as exc:
                raise StoredClash(course_id, exc) from None

    def free_time(self, connection: Connection | None = None) -> BookingEngine:
        """An engine holding the time of everything the store has booked (and the downtime), to propose
        one more course: it reads the stored rows of the weeks its search reaches, through `connection`
        while that stays open (else a connection per read, while the store is open), without planning
        any stored course again."""
        engine, since = self._engine_with_downtime()
        store = self.store.engine

        def read(start: datetime, end: datetime) -> Sequence[tuple[int, int, int, str]]:
            if connection is not None:  # whose time it is, the search never asks: '' for every course id
                return db.booked_time(connection, start, end, since, courses=False)
            with store.connect() as own:
                return db.booked_time(own, start, end, since, courses=False)

        if connection is not None:
            names = _names_by_id(connection)
        else:
            with store.connect() as own:
                names = _names_by_id(own)
        engine.read_stored_time(read, names)  # only the weeks the search reaches, as bare time
        return engine

    def machine_names(self) -> list[str]:
        return [m.name for m in self.department.machines]

    def _check_machine(self, name: str | None, field: Field = Field.MACHINE) -> None:
        if name is not None and name not in self.machine_names():
            if not name.strip():  # an empty value is a slip, not a machine's name
                raise InputError(field, "give a machine name (got an empty one)")
            known = self.machine_names()
            raise InputError(field, f"{quoted(name)} is not a machine of the department (known: {', '.join(known)})"
                                    + _look_alike_hint(name, known))

    # ------------------------------------------------------------------ book
    def propose(self, course_id: str, *, earliest: date | None = None, prefer_time: time | None = None,
                machine: str | None = None, urgent: bool = False) -> BookingAnswer:
        """Up to three proposals for a stored course, best first."""
        with self.store.connection() as connection:  # one read transaction for the course and the time it books around
            self.refresh(connection)
            self._check_machine(machine)
            too_early = earliest_start_problem(earliest, self.today) if earliest is not None else None
            if too_early:  # the wait would count, and a booking keep its ready date, from it
                raise InputError(Field.EARLIEST, too_early)
            unreadable: dict[str, str] = {}
            row = db.course_rows(connection, [course_id], unreadable=unreadable).get(course_id)
            if course_id in unreadable:  # no plan to book it by: it keeps what it holds
                raise InputError(Field.COURSE_ID, unreadable[course_id])
            if row is None:
                raise InputError(Field.COURSE_ID, f"no course {course_id} in {self.store.display_url}")
            if row.cancelled:
                raise InputError(Field.COURSE_ID, f"course {course_id} is cancelled")
            if row.held_back:  # booked, its calendar would carry the stand-ins of its damaged text: repaired first (or
                raise InputError(Field.COURSE_ID, row.held_back)  # planned without a newer planner's fields)
            self._proposed_at[course_id] = row.version
            self._proposed_rows[course_id] = row
            if db.course_bookings_of(connection, [course_id]):
                begun = [b.start for b in db.course_bookings(connection, course_id) if b.start < self.now()]
                if begun:  # unbooking it is refused (its given sessions are its record): what is to come is moved
                    raise CourseBegun(course_id, f"course {course_id} is already booked and has begun (from "
                                                 f"{moment_text(begun[0].astimezone(self.zone))}): ", cancel=False)
                raise InputError(Field.COURSE_ID, f"course {course_id} is already booked; unbook it first")
            urgent = urgent or row.spec.urgent  # a course marked urgent is booked so without being asked
            engine = self.free_time(connection)
            need = self._need(row, earliest=earliest, prefer_time=prefer_time, machine=machine, urgent=urgent)
            self._refuse_untreatable(row, need)
            ready = earliest if earliest is not None else course_ready_day(self.course_spec(row), self.catalogue, engine.is_open,
                                                                            self.zone, self.today)
            if ready < self.today:  # the engine starts today at the soonest; the wait still counts from the ready date
                need = replace(need, earliest=self.today)
            elif need.earliest is None and need.simulation_at is not None and need.simulation_at.astimezone(self.zone).date() < self.today:
                need = replace(need, earliest=ready)  # a scan gone by is not booked: its planning time counts from it, not today
            answer = engine.propose(need, self.today)
        if ready < self.today == answer.earliest:  # today held the start back (a planning scan still to come would)
            answer = replace(answer, earliest=ready, proposals=tuple(
                replace(p, wait_days=engine.working_days(ready, p.first)) for p in answer.proposals))
        best = answer.best
        if urgent:  # the day it must start by, said beside the proposals (the header and the waiting list say it too)
            due = self._urgent_due(engine.is_open, ready, row, engine.policy.urgent_within_days)
            # The engine counts its urgent limit from the day it books from: today, for a course ready before today, a
            # later day than this one. Its warning of that limit is said from this due day instead, so that one due day
            # is said (its choice of slots is the first day with room either way).
            late = (f"urgent course cannot start by {day_text(due)}, {engine.policy.urgent_within_days} working days after "
                    f"it was ready (first possible {day_text(best.first)})",) if best is not None and best.first > due else ()
            others = tuple(w for w in answer.warnings if not w.startswith(URGENT_LIMIT_WARNING))
            answer = replace(answer, urgent_due=due, warnings=(*late, *others))
        zone_note = self._zone_note(row, best)
        if zone_note:
            answer = replace(answer, warnings=(*answer.warnings, zone_note))
        moved = self._moves_not_kept(row, need, best)
        if moved:
            answer = replace(answer, warnings=(*answer.warnings, *moved))
        gone = self._past_starts(answer.proposals)
        if gone:
            answer = replace(answer, warnings=(*answer.warnings, *gone))
        return answer

    def _past_starts(self, proposals: Sequence[Proposal]) -> list[str]:
        """A warning for each proposal whose first session today is already past (the engine books from today's
        opening, not from now): it cannot be booked; the coordinator asks for proposals from a later start."""
        now = self.now()
        said = []
        for k, proposal in enumerate(proposals, 1):
            gone = sorted(b.start for b in proposal.bookings if b.start < now)
            if gone:
                which = "the best proposal" if k == 1 else f"proposal {k}"
                said.append(f"{which} ({proposal.machine}) starts {moment_text(gone[0].astimezone(self.zone))}, already past "
                            f"(now {now.astimezone(self.zone):%H:%M}): it cannot be booked; ask for proposals from a later start "
                            "(--earliest, or 'Or from date' in the window)")
        return said

    def _refuse_untreatable(self, row: CourseRow, need: CourseNeed) -> None:
        """InputError naming the course's regimen and the capabilities it needs when no machine of the department
        that treats has them all (an SRS course in a department without `srs`): the coordinator learns what is
        missing and where to add it, not a complaint about a machine they did not choose."""
        if not need.requires or any(m.holds is AppointmentKind.FRACTION and need.requires <= m.capabilities
                                    for m in self.department.machines):
            return
        spec = self.course_spec(row)
        site = spec.site_in(self.catalogue)
        preset = spec.preset_in(site)
        words = ", ".join(sorted(need.requires))
        them = "it" if len(need.requires) == 1 else "them all"
        raise InputError(Field.COURSE_ID, f"this course ({preset.name if preset is not None else site.name}) needs a machine "
                                          f"with {words}, and no machine of the department has {them}: add {words} to the "
                                          "capabilities of a machine equipped for it (Department settings → Machines, or "
                                          "the department file), or plan the course with another regimen")

    def _moves_not_kept(self, row: CourseRow, need: CourseNeed, best: Proposal | None) -> list[str]:
        """A fraction the coordinator moved (transport, a clash) or re-timed is booked nearest its time; where the
        best proposal has no session at that instant (another day, that time taken, or a move that put two
        sessions on one day), said, so the patient is not told it. By instant: such a move renumbers the rest."""
        if best is None:
            return []
        wanted: dict[datetime, str] = {}
        spec = without_booked_moves(self.course_spec(row))
        moved = {m.key for m in spec.adjustments.moves if m.key.kind is AppointmentKind.FRACTION}
        if moved:
            schedule = build_schedule(spec.to_request(self.catalogue, self.holidays), self.catalogue)
            for fraction in schedule.fractions:
                if fraction.key in moved and not fraction.missed:
                    wanted[fraction.start] = f"fraction {fraction.number} was moved to"
        for session in need.sessions:  # re-timed from fraction N on
            if session.wanted_at is not None and not any(same_instant(session.wanted_at, at) for at in wanted):
                wanted[session.wanted_at] = f"fraction {session.number} was re-timed to"
        said = []
        for at, what in sorted(wanted.items(), key=lambda item: item[0].timestamp()):
            if not any(same_instant(b.start, at) for b in best.fractions):
                said.append(f"{what} {moment_text(at.astimezone(self.zone))}, but the booking has no session then: "
                            "move it in the bookings (the Bookings window) if it must keep that time")
        return said

    def _zone_note(self, row: CourseRow, best: Proposal | None) -> str:
        """A course keeping its own calendar in another time zone is still treated on the department's clock:
        said, with what the first session's time reads in the course's zone (its calendar and print show that)."""
        own = self.course_spec(row).tz
        if not row.own_calendar or own == self.zone.key or best is None:
            return ""
        zone = ZoneInfo(own)
        apart = [b for b in best.fractions if b.start.astimezone(zone).utcoffset() != b.start.astimezone(self.zone).utcoffset()]
        if not apart:  # another name for the same clock over the whole course
            return ""
        start = apart[0].start
        return (f"the course keeps its own time zone ({own}) but is treated on the department's clock ({self.zone.key}): "
                f"{start.astimezone(self.zone):%H:%M} there is {start.astimezone(zone):%H:%M} in {own}, as the patient's "
                f"calendar will show it; set the course's time zone to {self.zone.key} unless the patient follows another clock")

    def _urgent_due(self, is_open: Callable[[date], bool], ready: date, row: CourseRow, days: int) -> date:
        """The day an urgent course must start by: `days` working days after it was ready, or after
        the department learnt of it when that was later (a course entered late is not late at once)."""
        return urgent_due_day(is_open, ready, days, row.created.astimezone(self.zone).date() if row.created is not None else None)

    def commit(self, proposal: Proposal, *, urgent: bool = False, ready: date | None = None) -> list[CalendarUpdate]:
        """Book a proposal; SlotTaken (nothing written) when another booking, downtime or a change of the
        department's hours or closures took any of its slots first, and CourseBookedMeanwhile when another
        coordinator booked the course itself since it was proposed (the proposal would replace theirs).
        Returns the update the patient's calendar needs, when one was exported before."""
        course_id = proposal.bookings[0].course_id
        gone = sorted(b.start for b in proposal.bookings if b.start < self.now())
        if gone:  # a session at a time already gone: the patient could never come to it
            raise InputError(Field.EARLIEST, f"its first session, {moment_text(gone[0].astimezone(self.zone))}, is already past: "
                                             "ask for proposals from a later start")
        with db.writing(self.store.engine, self.store.display_url) as connection:
            held = db.course_bookings(connection, course_id)
            if held:
                raise CourseBookedMeanwhile(course_id, held[0], db.course_bookings_of(connection, [course_id]).get(course_id), self.zone)
            version = self._refuse_changed_meanwhile(connection, course_id, proposal.bookings[0])
            ids = db.place(connection, list(proposal.bookings), fresh=True)  # it holds nothing: read above
            db.set_course_booking(connection, course_id, proposal.machine, proposal.time, urgent, self.store.user, ready, ids)
            written = sorted(proposal.bookings, key=lambda b: b.start)  # what the course holds now: not read back
            proposed = self._proposed_rows.get(course_id)  # its text unchanged since: its version was just checked
            self._follow_bookings(connection, [course_id], {course_id: written},
                                  {course_id: proposed} if proposed is not None else None)
            db.audit_booking(connection, course_id, self.store.user, None, self._words_of(written, proposal.machine, proposal.time),
                             version)
        return self._outdated([course_id])

    def _booking_words(self, connection: Connection, course_id: str) -> str | None:
        """The course's booking in the audit trail's words, 'Linac 1 at 08:30 from Mon 25 Mar 2030 (20 appointments)';
        None when it holds no booking."""
        held = db.course_bookings(connection, course_id)
        if not held:
            return None
        course = db.course_bookings_of(connection, [course_id]).get(course_id)
        return self._words_of(held, course.machine, course.daily_time) if course is not None else self._words_of(held)

    def _words_of(self, held: Sequence[Booking], machine: str | None = None, daily_time: time | None = None) -> str:
        """`_booking_words` of a course holding `held` (by start), booked on `machine` at `daily_time` (None: not known)."""
        first = min(held, key=lambda b: b.start).start.astimezone(self.zone)
        where = f"{machine} at {daily_time:%H:%M}" if machine is not None and daily_time is not None else held[0].machine
        return f"{where} from {day_text(first.date())} ({counted(len(held), 'appointment')})"

    def _moved_words(self, moved: Sequence[Booking], sessions: Mapping[int, int | None] | None = None) -> str:
        """Appointments and where they are, for the audit trail: 'fraction 3: Linac 2 Tue 26 Mar 2030 10:00'; a fraction
        by the session it gives where `sessions` (`session_numbers`) says it is not its booking's number."""
        known = sessions or {}

        def number(b: Booking) -> int:
            return (known.get(b.number) or b.number) if b.kind is AppointmentKind.FRACTION else b.number

        return "; ".join(f"{b.kind.value} {number(b)}: {b.machine} {moment_text(b.start.astimezone(self.zone))}"
                         for b in sorted(moved, key=lambda b: (b.kind.value, b.number)))

    def _audit_moved(self, connection: Connection, course_id: str, before: Iterable[Booking], after: Iterable[Booking]) -> None:
        """Inside a re-booking's write (machine down, department closed, re-optimisation): the course's audit trail
        names who moved which of its appointments from where to where (those left where they were are not named)."""
        was = {(b.kind, b.number): b for b in before}
        now = {(b.kind, b.number): b for b in after}
        moved = sorted(key for key in was.keys() | now.keys()
                       if key not in was or key not in now or (was[key].machine, was[key].start) != (now[key].machine, now[key].start))
        if moved:
            db.audit_booking(connection, course_id, self.store.user, self._moved_words([was[k] for k in moved if k in was]) or None,
                             self._moved_words([now[k] for k in moved if k in now]) or None)

    def _refuse_changed_meanwhile(self, connection: Connection, course_id: str, first: Booking) -> int:
        """Inside the booking's write: CourseChangedMeanwhile when the course was cancelled (or removed) since
        it was proposed, or saved anew since this desk proposed it (its plan, and so its sessions, may differ).
        Returns the course's version."""
        state = db.course_state(connection, course_id)
        if state is None:
            raise CourseChangedMeanwhile(course_id, first, "removed from the store")
        version, cancelled, by = state
        if cancelled:
            raise CourseChangedMeanwhile(course_id, first, "cancelled", _by(by))
        proposed = self._proposed_at.get(course_id)
        if proposed is not None and version != proposed:
            changed = changed_since(connection, course_id, proposed)
            fields = f" ({', '.join(changed.fields)})" if changed.fields else ""
            raise CourseChangedMeanwhile(course_id, first, "changed", f"{_by(changed.changed_by)}{fields}")
        return int(version)

    def unbook(self, course_id: str) -> tuple[int, list[CalendarUpdate]]:
        """Release every booking of a course; returns how many appointments were booked, and the
        update the patient's exported calendar needs (back to the planned times), which stays owed
        (`outdated_calendars`) until it is written or the course exported again. A course begun keeps its bookings;
        a cancelled one still holding appointments to come (booked as it was being cancelled) has those released. A
        course whose stored text does not read at all is unbooked too (its machine time is freed), its days then not
        known (no plan to take them from)."""
        unreadable: dict[str, str] = {}
        row = self._rows([course_id], unreadable).get(course_id)
        if row is None and course_id not in unreadable:
            raise InputError(Field.COURSE_ID, f"no course {course_id} in {self.store.display_url}")
        planned = self._planned_days(row) if row is not None else (None, None)
        with db.writing(self.store.engine, self.store.display_url) as connection:
            state = db.course_state(connection, course_id)  # read again inside the write: cancelled meanwhile?
            if state is None:
                raise InputError(Field.COURSE_ID, f"no course {course_id} in {self.store.display_url}")
            held = db.course_bookings(connection, course_id)
            now = self.now()
            if state[1] and held:  # cancelled
                if all(b.start < now for b in held):
                    raise InputError(Field.COURSE_ID, f"course {course_id} is cancelled: the appointments it still holds were "
                                                      "given before it was cancelled and stay booked, as the record of its treatment")
                # Still to come on a cancelled course: cancelling releases those, but a booking written while it was
                # being cancelled (before the check that now refuses it) kept them. Released here; the given stay.
                before = self._booking_words(connection, course_id)
                released, _ = db.release_coming(connection, course_id, now)
                db.audit_booking(connection, course_id, self.store.user, before, self._booking_words(connection, course_id))
            else:
                released = self._release_whole(connection, course_id, held, now, planned)
        return released, self._outdated([course_id]) if released else []

    def _release_whole(self, connection: Connection, course_id: str, held: list[Booking], now: datetime,
                       planned: tuple[date | None, date | None]) -> int:
        """Inside unbook's write: every booking of a course not begun released, its days back to the planned ones."""
        begun = sorted(b.start for b in held if b.start < now)
        if begun:  # releasing them would make the course 'planned' again, as if nothing had been given
            raise CourseBegun(course_id, f"the course has begun ({counted(len(begun), 'appointment')} from "
                                         f"{moment_text(begun[0].astimezone(self.zone))} on): those are the record of its "
                                         "treatment and stay booked; ", cancel=True)
        before = self._booking_words(connection, course_id)
        released = db.release(connection, course_id)
        if released:
            db.set_course_days(connection, course_id, *planned)
            db.audit_booking(connection, course_id, self.store.user, before, None)
        return released

    def _planned_days(self, row: CourseRow) -> tuple[date | None, date | None]:
        """The planned first and last fraction's days of a stored course (None, None when it cannot be planned), as the
        window shows and saves it: a course keeping its own calendar is closed with the department too."""
        spec = with_department_closures(self.course_spec(row), self.department)
        try:
            schedule = build_schedule(spec.to_request(self.catalogue, self.holidays), self.catalogue)
            fractions = [a.start.date() for a in schedule.fractions if not a.missed]
        except InputError:
            return None, None
        return (min(fractions), max(fractions)) if fractions else (None, None)

    def follow_plans(self) -> None:
        """After the department's calendar changed (a closure recorded or taken back, its treatment days or holidays
        saved): each course not booked, still to come, gets its plan's first and last days on that calendar, as saving
        it would give it, so the Patients list shows where a closure pushed it (it showed the days it was saved with); a
        booked course with a make-up waiting at its end ends on the make-up's day on that calendar."""
        self.refresh()
        with db.writing(self.store.engine, self.store.display_url) as connection:
            rows = db.course_rows(connection, db.unbooked_to_come(connection, self.today))
            for course_id, row in rows.items():
                days = self._planned_days(row)
                if days != (row.first_day, row.last_day) and days != (None, None):
                    db.set_course_days(connection, course_id, *days)
            self._follow_make_ups(connection)

    def follow_make_ups(self, course_ids: Collection[str] | None = None, *, read: db.OpeningRead | None = None) -> bool:
        """When the window opens the store (and `course list`, `course show`): each booked course (of `course_ids`, when
        given) with a make-up waiting at its end ends on that make-up's day, as its window shows it (a store written
        before the planner counted it kept the last booked session's day until something touched the course): those
        still to come, and those whose make-up no booking gives whatever their stored days, so that one whose stored
        last day has passed does not read "finished" with its make-up still due or never given. Nearly every course is
        right already: a read, no write. A store opened read-only is never written: the last days put right are kept
        beside it (`Store.last_days_not_written`), which its courses' status counts. `read`: what the opening read of
        these courses already (`make_up_days.follow_make_ups_on_opening`), not read again. True when days were put
        right (written, or kept beside a read-only store)."""
        from sqlalchemy.exc import SQLAlchemyError

        from ..store.db.store import database_failure

        try:
            with self.store.connection() as connection:
                missed = db.missed_courses(connection, course_ids) if read is None else read.missed
                waiting = self._waiting_at_end(connection, course_ids, missed, read.rows if read is not None else {})
                found = (read.older if read is not None and read.older is not None
                         else db.make_ups_waiting_at_end(connection, self.zone, course_ids, missed))
                older = [course_id for course_id in found if course_id not in waiting]
                if older:
                    waiting.update(db.course_rows(connection, older, unreadable={}))
                wrong: dict[str, tuple[date, date]] = {}
                for course_id, row in waiting.items():
                    days = self._booked_days(connection, course_id)
                    if days is not None and days != (row.first_day, row.last_day):
                        wrong[course_id] = days
        except SQLAlchemyError as exc:
            raise database_failure(exc, self.store.display_url, self.store.url) from None
        stored = {course_id: waiting[course_id].last_day for course_id in wrong}
        if self.store.read_only:
            self.store.last_days_not_written.update((c, (stored[c], last)) for c, (_, last) in wrong.items())
        elif wrong:  # a write only where the days stored are not those the course's window shows
            with db.writing(self.store.engine, self.store.display_url) as connection:
                self._follow_bookings(connection, list(wrong))
        return bool(wrong)

    def _follow_make_ups(self, connection: Connection) -> None:
        """Inside a write: a booked course's make-up waiting at its end goes to the next open day after its last booked
        session (one whose stored text does not read keeps its days, as its bookings stay as they are)."""
        self._follow_bookings(connection, list(self._waiting_at_end(connection)))

    def _waiting_at_end(self, connection: Connection, course_ids: Collection[str] | None = None,
                        missed: Sequence[db.MissedCourse] | None = None,
                        read: Mapping[str, db.CourseRow] | None = None) -> dict[str, db.CourseRow]:
        """The booked courses still to come (of `course_ids`, when given) with a make-up waiting at their end (their
        stored text reads), by id. `missed`: `db.missed_courses` read already; `read`: course rows read already."""
        to_come = db.booked_to_come_with_missed(connection, self.today, missed)  # not every booked course: those with a missed day
        if course_ids is not None:
            to_come = [course_id for course_id in to_come if course_id in course_ids]
        known = read or {}
        unread = [course_id for course_id in to_come if course_id not in known]
        booked = {**{course_id: known[course_id] for course_id in to_come if course_id in known},
                  **(db.course_rows(connection, unread, unreadable={}) if unread else {})}
        return {course_id: row for course_id, row in booked.items() if waits_at_end(row.spec.adjustments.missed)}

    def _follow_bookings(self, connection: Connection, course_ids: Iterable[str],
                         written: Mapping[str, list[Booking]] | None = None, rows: Mapping[str, CourseRow] | None = None) -> None:
        """Inside the write: the courses' first and last days become their booked fractions' days, so
        the patient list and a course's status follow the booking (not the plan it started from). A make-up
        added at the end and not booked yet counts: the last day is the one the course's window shows, where
        booking the make-up will put it (the list marks it not booked, `Store.list_courses`). `written`: a course's
        bookings as this write left them (by start), not read again; `rows`: a course's row, its text as stored now."""
        for course_id in course_ids:
            days = self._booked_days(connection, course_id, (written or {}).get(course_id), (rows or {}).get(course_id))
            if days is not None:
                db.set_course_days(connection, course_id, *days)

    def _booked_days(self, connection: Connection, course_id: str, held: list[Booking] | None = None,
                     row: CourseRow | None = None) -> tuple[date, date] | None:
        """The course's first booked fraction's day and its last day, a make-up waiting at its end counted (None: no
        fraction booked); `held`: its bookings, by start (None: read); `row`: the course's, its text as stored now
        (None: read when wanted)."""
        if held is None:
            held = db.course_bookings(connection, course_id)
        days = sorted(b.start.astimezone(self.zone).date() for b in held if b.kind is AppointmentKind.FRACTION)
        if not days:
            return None
        waiting = self._last_make_up_day(connection, course_id, held, row)
        return days[0], max(days[-1], waiting or days[-1])

    def _last_make_up_day(self, connection: Connection, course_id: str, held: list[Booking],
                          known: CourseRow | None = None) -> date | None:
        """The day of the course's last make-up added at the end and not booked yet, as its window shows it (None
        without one, or when the course cannot be planned). `known`: the course's row, its text as stored now."""
        if known is not None and not waits_at_end(known.spec.adjustments.missed):
            return None  # nearly every booked course: nothing waits at its end (its text says so: not read again)
        row = db.course_rows(connection, [course_id], unreadable={}).get(course_id)  # one that does not read: its bookings'
        if row is None or not waits_at_end(row.spec.adjustments.missed):
            return None  # nearly every booked course: nothing waits at its end
        try:
            shown = booked_spec(with_department_closures(self.course_spec(row), self.department), held, self.catalogue,
                                self.holidays)
            schedule = build_schedule(shown.text_left_out().to_request(self.catalogue, self.holidays), self.catalogue)
        except InputError:
            return None
        booked = {b.start.astimezone(self.zone).date() for b in held if b.kind is AppointmentKind.FRACTION}
        waiting = [a.start.astimezone(self.zone).date() for a in schedule.fractions
                   if a.make_up and not a.missed and a.start.astimezone(self.zone).date() not in booked]
        return max(waiting, default=None)

    def follow_saved(self, course_id: str) -> None:
        """After a booked course was saved (a session marked missed or the mark taken back, its calendar changed): its
        first and last days follow its bookings and the make-ups waiting at its end, as its window shows them."""
        with db.writing(self.store.engine, self.store.display_url) as connection:
            self._follow_bookings(connection, [course_id])

    def settle_days(self, connection: Connection, course_id: str) -> None:
        """Inside a write that released some of a course's bookings: its days become the booked
        fractions' that remain, or its planned ones when none remain (as unbooking leaves them)."""
        if not any(b.kind is AppointmentKind.FRACTION for b in db.course_bookings(connection, course_id)):
            unreadable: dict[str, str] = {}
            row = db.course_rows(connection, [course_id], unreadable=unreadable).get(course_id)
            if row is not None:
                db.set_course_days(connection, course_id, *self._planned_days(row))
            elif course_id in unreadable:  # no plan to take its days from: not known, as `_planned_days` says of one
                db.set_course_days(connection, course_id, None, None)
        self._follow_bookings(connection, [course_id])

    def owe_updates(self, course_ids: list[str]) -> list[CalendarUpdate]:
        """The calendar updates the courses need after a change made outside this desk's own use cases (cancelling), each owed until given."""
        return self._outdated(course_ids)

    def _outdated(self, course_ids: list[str]) -> list[CalendarUpdate]:
        """The calendar updates the courses need now, each course marked as needing one (and one whose
        last export matches its bookings again, a move put back, as needing none)."""
        updates = self.calendar_updates(course_ids)
        marked: dict[str, bool] = {}  # each course's mark as stored: one already right is not written again
        with self.store.connection() as connection:  # a damaged course's update is not made: owed, if it was exported
            damaged = set(db.damaged_courses(connection, course_ids, owed=marked))
        owed = sorted(c for c in {u.course_id for u in updates} | {c for c in damaged if self.store.last_export(c) is not None}
                      if marked.get(c) is not True)
        current = {c for c in set(course_ids) - {u.course_id for u in updates} - damaged if marked.get(c) is not False}
        if owed or current:
            with db.writing(self.store.engine, self.store.display_url) as connection:
                db.mark_calendars(connection, owed, True)
                db.mark_calendars(connection, sorted(current), False)
        return updates

    # ------------------------------------------------------------------ manual moves
    def move_rules(self, course_id: str) -> CourseRules:
        """The course's own rules and bookings, read once: a drag checks every position against them without another read."""
        self.refresh()  # the machines' capabilities and the booking rules as stored now
        unreadable: dict[str, str] = {}
        row = self._rows([course_id], unreadable).get(course_id)
        if course_id in unreadable:  # no rules to move it by: its bookings stay as booked
            raise InputError(Field.COURSE_ID, unreadable[course_id])
        if row is None:
            raise InputError(Field.COURSE_ID, f"no course {course_id} in {self.store.display_url}")
        with self.store.connection() as connection:
            held = tuple(replace(b, start=b.start.astimezone(self.zone), end=b.end.astimezone(self.zone))
                         for b in db.course_bookings(connection, course_id))
        need = self._need(row)
        daily = all(s.min_days <= 1 for s in need.sessions) and not need.twice_daily
        given = self._given_sessions([row], {course_id: held}) if row.spec.adjustments.missed else {}
        make_ups = frozenset(b.number for b in held if b.kind is AppointmentKind.FRACTION
                             and (b.make_up is not None or given.get((course_id, b.number), (0, None))[1] is not None))
        return CourseRules(course_id, self.zone, held, need.sessions, need.requires,
                           {m.name: m.capabilities for m in self.department.machines},
                           second_sessions=daily and need.gap_sensitive and self.policy.second_session,
                           own_calendar=need.own_calendar,
                           sessions_of={booked: session or None for (_, booked), (session, _) in given.items()},
                           make_ups=make_ups)

    def _sessions_of(self, row: CourseRow, held: Sequence[Booking]) -> dict[int, int | None]:
        """The course's session each booked fraction gives, by booking number (None: the booking of a day marked missed
        since, kept as its record); empty when the course marks no missed day (each booking gives its own number)."""
        if not row.spec.adjustments.missed:
            return {}
        given = self._given_sessions([row], {row.course_id: held})
        return {booked: session or None for (_, booked), (session, _) in given.items()}

    def sessions_of_bookings(self, *held: Mapping[str, Sequence[Booking]]) -> list[dict[str, dict[int, int | None]]]:
        """`_sessions_of` for each course of each `held` (its bookings as a re-booking or a moving back holds them, now
        and before, say) that marks a missed day: the session each booking number gives, what a report names it by;
        the courses read once for all. Courses that mark none (each booking gives its own number) are left out, and so
        is one whose stored text cannot be read (its bookings keep their numbers: there is no plan to number them by)."""
        named = sorted({course_id for bookings in held for course_id in bookings})
        rows = {course_id: row for course_id, row in self._rows(named, unreadable={}).items() if row.spec.adjustments.missed}
        return [{course_id: self._sessions_of(row, bookings.get(course_id, ())) for course_id, row in rows.items()
                 if course_id in bookings} for bookings in held]

    def session_numbers(self, course_id: str) -> dict[int, int | None]:
        """`_sessions_of` for a course by id: what a report or a refusal names a booked fraction by."""
        row = self._rows([course_id]).get(course_id)
        if row is None or not row.spec.adjustments.missed:
            return {}
        with self.store.connection() as connection:
            held = db.course_bookings(connection, course_id)
        return self._sessions_of(row, held)

    def now(self) -> datetime:
        """The moment that decides which sessions have begun: the clock on the desk's today, else (a desk set
        to another day) the start of its today."""
        clock = datetime.now(self.zone)
        return clock if clock.date() == self.today else datetime.combine(self.today, time(0), tzinfo=self.zone)

    def check_move(self, course_id: str, moves: list[Relocation], *, discreet: bool = False) -> list[str]:
        """Why each (kind, number) of a course cannot go to (machine, start): empty when every move fits;
        `discreet` names another patient in the way by initials (a screen in a treatment room).
        Besides the slot (open hours, downtime, other bookings) and the machine, the course's own rules
        (planner.booking.course_rules): its fractions' order, one a day or twice daily 6 hours apart,
        its pattern's spacing, the planning scan first, none of the patient's appointments at once."""
        rules = self.move_rules(course_id)
        held = {(b.kind, b.number): b for b in rules.held}
        reasons: list[str] = []
        row = self._rows([course_id]).get(course_id)
        if row is not None and row.held_back:  # its calendar cannot be rewritten until it is repaired (as reoptimise)
            return [row.held_back]
        days = sorted({start.astimezone(self.zone).date() for _, _, _, start in moves})
        if not days:
            return reasons
        agenda = self.agenda(days[0], (days[-1] - days[0]).days + 1)
        now = self.now()
        for kind, number, machine_name, start in moves:
            booking = held.get((kind, number))
            if booking is None:
                reasons.append(f"{kind.value} {rules.shown(kind, number)} of course {course_id} is not booked")
                continue
            past = past_reason(kind, rules.shown(kind, number), booking.start, start, now)
            if past is not None:
                reasons.append(past)
                continue
            machine = self.department.machine(machine_name)
            if machine is None:
                reasons.append(f"'{machine_name}' is not a machine of the department")
                continue
            if machine.holds is not kind:
                reasons.append(f"{machine_name} takes {HELD_WORDS[machine.holds]}, not {HELD_WORDS[kind]}")
                continue
            why = rules.machine_reason(kind, machine_name) or rules.calendar_reason(kind, number, start.astimezone(self.zone).date())
            if why is not None:
                reasons.append(why)
                continue
            moving = AgendaEntry(course_id, "", kind, number, 1, booking.start, booking.end)
            target = agenda.machine(machine_name)
            assert target is not None
            # The course's own appointments are the course rules' to check (below), wherever they are.
            others = replace(target, entries=tuple(e for e in target.entries if e.course_id != course_id))
            check = check_slot(others, start, _ending(start, booking), tz=self.zone, moving=moving, discreet=discreet,
                               closed=agenda.closed(start.astimezone(self.zone).date()))
            if not check.free:
                reasons.append(f"{kind.value} {rules.shown(kind, number)}: {check.reason()}")
        return list(dict.fromkeys(reasons + rules.conflicts(moves)))

    def move(self, course_id: str, moves: list[Relocation]) -> list[CalendarUpdate]:
        """Move appointments of a course to other machines or times, all or none: InputError names what
        is in the way; SlotTaken when another booking took a slot meanwhile. When the course's remaining
        fractions then mostly lie on another machine or at another daily time, the course's recorded
        machine and time follow them (`_follow_course_booking`). Returns the calendar updates it makes due."""
        reasons = self.check_move(course_id, moves)
        if reasons:
            raise InputError(Field.MOVE, refusal_line(reasons))
        sessions = self.session_numbers(course_id)  # a move keeps the fractions' order: the same before and after
        try:
            with db.writing(self.store.engine, self.store.display_url) as connection:
                held = {(b.kind, b.number): b for b in db.course_bookings(connection, course_id)}
                missing = [(kind, number) for kind, number, _, _ in moves if (kind, number) not in held]
                if missing:  # released meanwhile by another coordinator
                    kind, number = missing[0]
                    shown = (sessions.get(number) or number) if kind is AppointmentKind.FRACTION else number
                    raise InputError(Field.MOVE, f"{kind.value} {shown} of course {course_id} is no longer booked")
                # replace(): a make-up moved by hand stays the make-up it was; a session a downtime had moved is moved by
                # hand now, and its calendar says no more that the machine was unavailable
                new = [replace(held[(kind, number)], machine=machine, start=start, end=_ending(start, held[(kind, number)]),
                               moved=None) for kind, number, machine, start in moves]
                db.place(connection, new, replacing=[b.key for b in new])
                self._follow_bookings(connection, [course_id])
                self._follow_course_booking(connection, course_id)
                db.audit_booking(connection, course_id, self.store.user,
                                 self._moved_words([held[b.kind, b.number] for b in new], sessions), self._moved_words(new, sessions))
        except InputError:
            raise
        except ValueError as exc:  # the store's own check (two of the moves at once on one machine): refused, nothing written
            raise InputError(Field.MOVE, str(exc)) from None
        return self._outdated([course_id])

    def move_updates(self, course_id: str, moves: Sequence[Relocation]) -> list[CalendarUpdate]:
        """The calendar update `move` would make due (a dry run's: made, neither written nor owed), so that a
        preview says what it would leave out; empty when the course was never exported."""
        moving = {(m.kind, m.number): m for m in moves}
        held = []
        for booking in self.move_rules(course_id).held:
            to = moving.get((booking.kind, booking.number))
            held.append(booking if to is None else
                        replace(booking, machine=to.machine, start=to.start, end=_ending(to.start, booking), moved=None))
        return self.calendar_updates([course_id], {course_id: held})

    def booking_updates(self, course_id: str, added: Sequence[Booking]) -> list[CalendarUpdate]:
        """The calendar update booking `added` (a proposal's bookings, the make-ups `make_up_bookings` finds) beside
        the course's bookings would make due (a dry run's: made, neither written nor owed); empty when the course was
        never exported."""
        with self.store.connection() as connection:
            held = db.course_bookings(connection, course_id)
        return self.calendar_updates([course_id], {course_id: [*held, *added]})

    def make_ups_waiting(self, course_id: str) -> list[tuple[MakeUpMark, datetime, datetime]]:
        """The course's make-ups no booking gives yet (a session marked missed after the course was booked): each
        with the day it makes up, and its start and end where the course's schedule has it (aware, the desk's zone)."""
        return [(mark, start, end) for _, mark, start, end in self._make_ups_waiting(course_id)]

    def make_up_sessions(self, course_id: str) -> list[int]:
        """The course's session number of each make-up `make_ups_waiting` lists, in its order: what the course, the
        agenda and a report call it (its booking gets a number of its own, after the course's others)."""
        return [number for number, *_ in self._make_ups_waiting(course_id)]

    def _make_ups_waiting(self, course_id: str) -> list[tuple[int, MakeUpMark, datetime, datetime]]:
        """`make_ups_waiting`, each with the course's session number it gives."""
        row = self._rows([course_id]).get(course_id)
        if row is None:
            raise InputError(Field.COURSE_ID, f"no course {course_id} in {self.store.display_url}")
        with self.store.connection() as connection:
            held = db.course_bookings(connection, course_id)
        # at its booked times, as its calendar shows it: a save keeps the planned time when the booking has another
        schedule = (build_schedule(booked_spec(self.course_spec(row), held, self.catalogue, self.holidays)
                                   .to_request(self.catalogue, self.holidays), self.catalogue) if held else self._schedule(row))
        given = set(booked_fractions(schedule, [(b.number, b.start) for b in held if b.kind is AppointmentKind.FRACTION]).values())
        sessions = sorted((f for f in schedule.fractions if not f.missed), key=lambda f: f.number)  # as missed_make_ups numbers them
        return [(number, mark, sessions[number - 1].start.astimezone(self.zone), sessions[number - 1].end.astimezone(self.zone))
                for number, mark in sorted(missed_make_ups(schedule).items()) if number not in given and number <= len(sessions)]

    def make_up_bookings(self, course_id: str) -> list[Booking]:
        """Where each make-up `make_ups_waiting` finds would be booked, on the day the course's schedule has it: on
        the course's machine, else one of its beam-matched group, else another that can treat it, nearest the
        planned time (within the department's same-time minutes any of them; beyond, the nearest time first), never
        before now. InputError when none waits, or a day has no room. Nothing is written (see `book_make_ups`)."""
        waiting = self.make_ups_waiting(course_id)
        if not waiting:
            raise InputError(Field.COURSE_ID, f"course {course_id} has no make-up waiting for a booking")
        rules = self.move_rules(course_id)
        with self.store.connection() as connection:
            course = db.course_bookings_of(connection, [course_id]).get(course_id)
        if course is None or not rules.held:
            raise InputError(Field.COURSE_ID, f"course {course_id} is not booked: book the whole course")
        own = self.department.machine(course.machine)
        group = own.group if own is not None else ""
        treating = [m for m in self.department.machines if m.holds is AppointmentKind.FRACTION
                    and rules.machine_reason(AppointmentKind.FRACTION, m.name) is None]
        ranked = sorted(treating, key=lambda m: (m.name != course.machine, not group or m.group != group))
        number = max((b.number for b in rules.held if b.kind is AppointmentKind.FRACTION), default=0)
        now, taken = self.now(), [(b.start, b.end) for b in rules.held]
        made: list[Booking] = []
        moved_days = self._after_booked_end(course_id, waiting, rules)
        for mark, start, end in waiting:
            at_end = start.date() in moved_days
            if at_end:  # the same time on the day it goes to (a twice-daily day's two keep theirs)
                moved = datetime.combine(moved_days[start.date()], start.timetz().replace(tzinfo=None), tzinfo=self.zone)
                start, end = moved, moved + (end - start)
            day = start.date()
            if day < now.astimezone(self.zone).date():  # its day passed unbooked: a fraction of the course not given
                other = "" if at_end else f"{OTHER_MAKE_UP} if the course goes on; "
                raise InputError(Field.COURSE_ID, f"the make-up for the session missed on {day_text(mark.day)} was due on "
                                                  f"{day_text(day)}, already past, and can no longer be booked there: "
                                                  f"{other}{NEVER_BOOKED_CHOICES}")
            # A weekend make-up is on a day the course does not treat by choice; only a closure of its own calendar stops it.
            closed = rules.own_calendar.closure_reason(day) if rules.own_calendar is not None else None
            if closed:
                raise InputError(Field.COURSE_ID, f"the make-up for the session missed on {day_text(mark.day)} falls on "
                                                  f"{day_text(day)}, closed in the course's own calendar ({closed}): {OTHER_MAKE_UP}")
            agenda = self.agenda(day, 1)
            choices = []
            for rank, machine in enumerate(ranked):
                shown = agenda.machine(machine.name)
                if shown is None:
                    continue
                others = replace(shown, entries=tuple(e for e in shown.entries if e.course_id != course_id))
                for offset in range(-MAKE_UP_REACH, MAKE_UP_REACH + 1, 5):
                    at = start + timedelta(minutes=offset)
                    if at.date() != day or at < now or any(a < at + (end - start) and at < b for a, b in taken):
                        continue
                    if any(a.date() == day and abs(a - at) < SECOND_GAP for a, _ in taken):
                        continue  # two sessions of one day (a twice-daily day's two make-ups) at least 6 hours apart
                    if check_slot(others, at, at + (end - start), tz=self.zone).free:
                        choices.append((abs(offset) > self.policy.same_time_minutes, rank, abs(offset), at, machine.name))
            if not choices:
                raise InputError(Field.COURSE_ID, f"no machine that can treat course {course_id} has room on {day_text(day)} near "
                                                  f"{clock_text(start)} for the make-up of the session missed on {day_text(mark.day)}: "
                                                  f"{OTHER_MAKE_UP}")
            *_, at, machine_name = min(choices)
            number += 1
            made.append(Booking(course_id, AppointmentKind.FRACTION, number, machine_name, at, at + (end - start), mark))
            taken.append((at, at + (end - start)))
        return made

    def _after_booked_end(self, course_id: str, waiting: Sequence[tuple[MakeUpMark, datetime, datetime]],
                          rules: CourseRules) -> dict[date, date]:
        """Where the make-ups the coordinator put at the end of the course (no slot of their own chosen) are booked: by
        planned day, on the next treatment days after its last booked fraction, as far apart as its pattern wants: the
        days its plan has them unless its calendar changed since it was booked (`days_after_booked`, which the course's
        calendar follows too: `booked_spec`). Returns each planned day with its day."""
        row = self._rows([course_id]).get(course_id)
        if row is None:
            return {}
        at_end = {m.day for m in row.spec.adjustments.missed if m.make_up is MakeUp.END and m.make_up_at is None}
        planned = [start.date() for mark, start, _ in waiting if mark.day in at_end]
        booked = [b.start.astimezone(self.zone).date() for b in rules.held if b.kind is AppointmentKind.FRACTION]
        # the course's calendar as its plan shows it (as_booked): its own, with the department's closures beside it
        shown = with_department_closures(self.course_spec(row), self.department)
        request = shown.to_request(self.catalogue, self.holidays)
        return days_after_booked(planned, booked, request.calendar.is_open, request.calendar.treatment_days,
                                 request.phases[-1].pattern.min_gap_days)

    def book_make_ups(self, course_id: str) -> tuple[list[Booking], list[CalendarUpdate]]:
        """Book the course's waiting make-ups where `make_up_bookings` puts them: InputError as it says (nothing
        written); SlotTaken when another booking took a slot meanwhile. Returns the bookings made and the
        calendar update the patient then needs (when the course was exported)."""
        made = self.make_up_bookings(course_id)
        sessions: dict[int, int | None] = dict(zip((b.number for b in made), self.make_up_sessions(course_id), strict=False))
        with db.writing(self.store.engine, self.store.display_url) as connection:
            held = [b for b in db.course_bookings(connection, course_id) if b.kind is AppointmentKind.FRACTION]
            if any(b.number >= made[0].number for b in held) or not held:  # booked (or released) by another coordinator
                raise InputError(Field.COURSE_ID, f"the bookings of course {course_id} changed meanwhile (another coordinator "
                                                  "booked its make-up, or released the course); nothing was booked")
            db.place(connection, made)
            self._follow_bookings(connection, [course_id])
            db.audit_booking(connection, course_id, self.store.user, None, self._moved_words(made, sessions))
        return made, self._outdated([course_id])

    def _follow_course_booking(self, connection: Connection, course_id: str) -> None:
        """Inside the write: the course's recorded machine and daily time become those of its remaining
        fractions (from the desk's today on) when more than half of them lie elsewhere, so its booking
        line, departures, downtime make-ups and re-optimisation follow a move of the rest of the course;
        one dragged fraction of many stays a departure from them."""
        course = db.course_bookings_of(connection, [course_id]).get(course_id)
        if course is None:
            return
        fractions = sorted((b for b in db.course_bookings(connection, course_id) if b.kind is AppointmentKind.FRACTION
                            and b.start.astimezone(self.zone).date() >= self.today), key=lambda b: b.start)
        if not fractions:
            return
        half = len(fractions) / 2
        counts: dict[str, int] = defaultdict(int)
        for booking in fractions:
            counts[booking.machine] += 1
        machine = course.machine
        if counts[machine] <= half:
            best = max(counts, key=lambda name: counts[name])
            machine = best if counts[best] > half else machine
        firsts: dict[date, time] = {}
        for booking in fractions:  # each day's first session: a twice-daily course's second one is no daily time
            local = booking.start.astimezone(self.zone)
            firsts.setdefault(local.date(), local.time().replace(tzinfo=None))
        times = list(firsts.values())
        near = self.policy.same_time_minutes

        def within(clock: time) -> int:
            return sum(abs(_clock_minutes(t) - _clock_minutes(clock)) <= near for t in times)

        daily = course.daily_time
        if within(daily) <= len(times) / 2:
            best_time = max(sorted(set(times)), key=within)
            daily = best_time if within(best_time) > len(times) / 2 else daily
        if (machine, daily) != (course.machine, course.daily_time):
            db.set_course_booking(connection, course_id, machine, daily, course.urgent, self.store.user, course.ready)

    def booked_daily_time(self, course_id: str, tz: ZoneInfo) -> BookedDailyTime | None:
        """The daily time the course's booked fractions give on the clock `tz` (as `as_booked` reads the course at), and
        the first of its sessions still to come, numbered as the course shows it (what `rest_of_course` moves from):
        None when the course has no fraction booked."""
        now = self.now()
        sessions_of = self.session_numbers(course_id)
        with self.store.connection() as connection:
            fractions = [b for b in db.course_bookings(connection, course_id) if b.kind is AppointmentKind.FRACTION and not b.released]
        if not fractions:
            return None
        to_come = sorted((sessions_of.get(b.number) or b.number, b.start) for b in fractions
                         if b.start >= now and sessions_of.get(b.number, 1) is not None)
        first, start = to_come[0] if to_come else (None, None)
        return BookedDailyTime(daily_time_of(fractions, tz), first, start)

    def rest_of_course(self, course_id: str, from_number: int, machine: str, daily_time: time) -> list[Relocation]:
        """The moves that put fractions `from_number`..N of a course on `machine` at `daily_time`, each on its
        own day. `from_number` is the session's number as the course and the agenda show it (`AgendaEntry.shown_number`),
        not its booking's: after a booked day marked missed they differ, and a make-up booked since is the session it
        gives (a weekend make-up of session 3 is no part of 'from 10 on'); a missed day's booking stays as its record.
        A day's later session (twice daily, or a make-up) keeps its distance from the day's first,
        at least 6 hours; InputError when that would run past the machine's hours. A session that has begun
        (given this morning, or on a day past) stays as it was: the rest starts with the first still to come
        (InputError when none is)."""
        self._check_machine(machine)
        now = self.now()
        sessions_of = self.session_numbers(course_id)
        with self.store.connection() as connection:
            held = [b for b in db.course_bookings(connection, course_id) if b.kind is AppointmentKind.FRACTION
                    and sessions_of.get(b.number, b.number) is not None]

        def session(booking: Booking) -> int:
            return sessions_of.get(booking.number) or booking.number

        by_day: dict[date, list[Booking]] = defaultdict(list)
        for booking in sorted(held, key=lambda b: b.start):
            by_day[booking.start.astimezone(self.zone).date()].append(booking)
        found = self.department.machine(machine)
        moves: list[Relocation] = []
        for day, sessions in sorted(by_day.items()):
            first = sessions[0]
            moving = session(first) >= from_number and first.start >= now
            anchor = datetime.combine(day, daily_time, tzinfo=self.zone) if moving else first.start
            if moving:
                moves.append(Relocation(first.kind, first.number, machine, anchor))
            for booking in sessions[1:]:
                if session(booking) < from_number or booking.start < now:
                    continue
                offset = max(booking.start.astimezone(UTC) - first.start.astimezone(UTC), SECOND_GAP)
                start = (anchor.astimezone(UTC) + offset).astimezone(self.zone)
                end = _ending(start, booking)
                opening = found.opening(day, self.zone) if found is not None else None
                if opening is not None and (start.date() != day or end > opening[1]):
                    raise InputError(Field.TIME, f"fraction {session(booking)} on {day_text(day)} would be at {start:%H:%M}, "
                                                 f"{_hours_words(offset)} after fraction {session(first)} at {anchor:%H:%M}, past "
                                                 f"{machine}'s closing time ({opening[1]:%H:%M}): choose an earlier daily time")
                moves.append(Relocation(booking.kind, booking.number, machine, start))
        if not moves and any(session(b) >= from_number for b in held):
            raise InputError(Field.MOVE, f"every fraction from {from_number} on has begun or is past: there is nothing "
                                         "left to move")
        return moves

    # ------------------------------------------------------------------ agenda
    def agenda(self, first: date, days: int, machine: str | None = None) -> Agenda:
        """The machines' open hours, downtime and bookings from `first` for `days` days, and the days the department
        is closed (a public holiday, a clinic closure). A fraction on another machine than its course's says which."""
        self.refresh()
        self._check_machine(machine)
        within_calendar(Field.DAYS, first, first + timedelta(days=days - 1), f"{days} days")
        start = datetime.combine(first, time(0), tzinfo=self.zone)
        end = datetime.combine(first + timedelta(days=days), time(0), tzinfo=self.zone)
        with self.store.connection() as connection:
            found = db.bookings_between(connection, start, end, machine)
            ids = {b.course_id for b in found}
            totals = db.kind_counts(connection, ids)
            patients = db.patient_names(connection, ids)
            numbers = db.hospital_numbers(connection, ids)
            booked = db.course_bookings_of(connection, ids)
            usual = {course_id: course.machine for course_id, course in booked.items()}
            # Every course parsed once: that tells one that does not read (named, its bookings under a stand-in), one
            # damaged (named, with how to repair it), and one marking sessions missed (its bookings say which they give).
            unreadable: dict[str, str] = {}
            rows = db.course_rows(connection, ids, unreadable=unreadable)
            marked = {course_id: row for course_id, row in rows.items() if row.spec.adjustments.missed}
            held = {course_id: db.course_bookings(connection, course_id) for course_id in marked}
            # a course a downtime or closure put off before any of it was given: its first fraction here, or one added at
            # the end for it (never a make-up of anything)
            firsts = {b.course_id for b in found if b.kind is AppointmentKind.FRACTION and b.number == 1}
            made_up = {b.course_id for b in found if b.kind is AppointmentKind.FRACTION and b.make_up is not None
                       and b.make_up.cause is not MakeUpCause.MISSED}
            rebooked = db.bookings_of_courses(connection, made_up | db.rebooked_courses(connection, firsts - made_up))
        damaged = {course_id: row.damaged for course_id, row in rows.items() if row.damaged} | unreadable
        patients.update({course_id: unreadable_name(course_id) for course_id in unreadable})
        put_off = self._put_off(rebooked, booked)
        sessions: dict[str, int] = {}  # "29 of 30", not "of 32": the bookings of a day marked missed give no session
        given = self._given_sessions(marked.values(), held, sessions)
        totals.update({(course_id, AppointmentKind.FRACTION): total for course_id, total in sessions.items()})
        missed_days = {row.course_id: {m.day for m in row.spec.adjustments.missed} for row in marked.values()}
        calendar = self.department.clinic_calendar(self.holidays)
        weekend = self.department.booking.weekend_hours
        machines = []
        for item in self.department.machines:
            if machine is not None and item.name != machine:
                continue
            hours = []
            for offset in range(days):
                day = first + timedelta(days=offset)
                if calendar.is_open(day):
                    opening = item.opening(day, self.zone)
                elif weekend is not None and not calendar.is_treatment_weekday(day) and calendar.closure_reason(day) is None:
                    # the store's rule (open_time.closed_time): weekend sessions in the department's weekend hours
                    opening = hours_instants(day, weekend[0], weekend[1], self.zone)
                else:
                    opening = None
                if opening is not None:
                    hours.append(Period(*opening))
            down = tuple(Period(d.start, d.end, d.reason, d.recorded) for d in self.department.downtime_of(item.name)
                         if d.overlaps(start, end))
            entries = tuple(_agenda_entry(b, patients.get(b.course_id, ""), totals.get((b.course_id, b.kind), 1),
                                          numbers.get(b.course_id, ""), self.zone, given, missed_days.get(b.course_id, set()),
                                          usual.get(b.course_id, ""), put_off, b.course_id in unreadable)
                            for b in found if b.machine == item.name)
            machines.append(MachineAgenda(item.name, tuple(hours), down, entries))
        return Agenda(first, days, self.zone, tuple(machines), closed_days(calendar, first, days), tuple(sorted(damaged.items())),
                      treatment_days=calendar.treatment_days)

    def _put_off(self, held: Mapping[str, Sequence[Booking]], booked: Mapping[str, db.CourseBooking]
                 ) -> dict[tuple[str, int], MakeUpMark | None]:
        """(course id, fraction number) of the fractions of courses a downtime or closure put off before any of their
        sessions was given (`rebooked_notes`): the first fraction, with the day the course could not begin and why;
        each session added at the end for it, with None (it makes up nothing)."""
        found: dict[tuple[str, int], MakeUpMark | None] = {}
        for course_id, bookings in held.items():
            course = booked.get(course_id)
            if course is None:
                continue
            notes = rebooked_notes(bookings, course.machine, course.daily_time, self.department, self.zone)
            later = [(key, note) for key, note in notes.items() if note.how is Rebooked.LATER_START]
            if not later:
                continue
            for b in bookings:
                if b.kind is AppointmentKind.FRACTION and b.make_up is not None and b.make_up.cause is not MakeUpCause.MISSED \
                        and AppointmentKey.fraction(b.number) not in notes:
                    found[(course_id, b.number)] = None
            for key, note in later:
                found[(course_id, key.number)] = MakeUpMark(note.day, note.cause)
        return found

    def _given_sessions(self, rows: Iterable[CourseRow], held: Mapping[str, Sequence[Booking]],
                        totals: dict[str, int] | None = None) -> dict[tuple[str, int], tuple[int, MakeUpMark | None]]:
        """(course id, booked fraction number) of each fraction booked for a course that marks sessions missed: the
        number of the course's session it gives (0: none, the booking of a session marked missed since), and, for a
        make-up of a session marked missed, that session's day. The course's plan says which booking gives which
        (see `_need`); a make-up of a session marked missed after it was booked has no booking (`booked_fractions`).
        `totals`, when given, gets each such course's number of sessions (its bookings count the missed day's too)."""
        found: dict[tuple[str, int], tuple[int, MakeUpMark | None]] = {}
        for row in rows:
            if not row.spec.adjustments.missed or row.course_id not in held:
                continue
            try:
                spec = without_booked_moves(self.course_spec(row))
                schedule = build_schedule(spec.to_request(self.catalogue, self.holidays), self.catalogue)
            except InputError:
                continue  # a course its plan no longer builds: its bookings are shown without marks
            marks = missed_make_ups(schedule)
            if totals is not None:
                totals[row.course_id] = len(schedule.fractions)
            fractions = [(b.number, b.start) for b in held[row.course_id] if b.kind is AppointmentKind.FRACTION]
            found.update(((row.course_id, booked), (given or 0, marks.get(given) if given is not None else None))
                         for booked, given in booked_fractions(schedule, fractions).items())
        return found

    def waiting(self) -> list[WaitingCourse]:
        """Courses not yet on treatment: booked ones with their first day, unbooked ones due by their target."""
        self.refresh()
        since = datetime.combine(self.today, time(0), tzinfo=self.zone)
        firsts: dict[str, date] = {}
        candidates: list[str] = []
        with self.store.connection() as connection:
            # Only the courses not started are read (the store's years of courses given are passed over by index).
            for course_id, start, is_booked, first_day, last_day, created in db.first_fractions(connection, since):
                if start is not None:
                    firsts[course_id] = start.astimezone(self.zone).date()
                if is_booked or last_day is None or last_day >= self.today or entered_before_start(created, first_day):
                    candidates.append(course_id)
            booked = db.course_bookings_of(connection, candidates)
        is_open = self.department.clinic_calendar(self.holidays).is_open

        def waits(course_id: str, cancelled: bool, first_day: date | None, last_day: date | None, created: datetime | None) -> bool:
            if cancelled or (last_day is not None and last_day < self.today and course_id not in booked
                             and not entered_before_start(created, first_day)):
                return False  # cancelled, or planned and over before the store knew of it (see Store.course_status)
            first = firsts.get(course_id)
            return first is None or first > self.today  # not started

        waiting = []
        unreadable: dict[str, str] = {}
        for row in self._rows(candidates, unreadable=unreadable).values():
            if not waits(row.course_id, row.cancelled, row.first_day, row.last_day, row.created):
                continue
            first = firsts.get(row.course_id)
            spec = self.course_spec(row)
            course = booked.get(row.course_id)
            try:
                found = spec.site_in(self.catalogue)
            except InputError:
                found = None
            site = found.name if found is not None else spec.site
            urgent = spec.urgent or (course is not None and course.urgent)
            ready, due = self._ready_and_due(row, course, is_open)
            waiting.append(WaitingCourse(row.course_id, row.patient, site, ready, due, urgent, first, row.spec.patient_id))
        if unreadable:  # listed as the day view shows its bookings: under a stand-in, with its hospital number, and why
            with self.store.connection() as connection:
                standings = db.course_standings(connection, unreadable)
                numbers = db.hospital_numbers(connection, unreadable)
            for course_id, words in unreadable.items():
                standing = standings.get(course_id)
                if standing is None or not waits(course_id, standing.cancelled, standing.first_day, standing.last_day,
                                                 standing.created):
                    continue
                course = booked.get(course_id)
                waiting.append(WaitingCourse(course_id, unreadable_name(course_id), "", None, None,
                                             course is not None and course.urgent, firsts.get(course_id),
                                             numbers.get(course_id, ""), unreadable=words))
        return waiting

    def _ready_and_due(self, row: CourseRow, course: db.CourseBooking | None, is_open: Callable[[date], bool]) -> tuple[date, date]:
        """The day the course was ready (as booked, else its planning scan plus the site's planning days, else its
        start) and the day it must start by: the urgent limit after it for an urgent course, else the routine target."""
        spec = self.course_spec(row)
        if course is not None and course.ready is not None:
            ready = course.ready
        else:  # as booking counts it
            ready = course_ready_day(spec, self.catalogue, is_open, self.zone, self.today)
        if spec.urgent or (course is not None and course.urgent):
            return ready, self._urgent_due(is_open, ready, row, self.department.booking.urgent_within_days)
        return ready, _open_on_or_before(is_open, ready + timedelta(days=ROUTINE_DUE_DAYS), ready)

    def _urgent_starts(self, engine: BookingEngine, before: Mapping[str, Sequence[Booking]],
                       course_ids: Iterable[str]) -> tuple[UrgentStart, ...]:
        """The urgent courses, not started, whose first fraction the engine's re-booking put on a later day than
        `before`, with their due day (counted on the department's open days as they are now, as the waiting list counts it)."""
        firsts = {course_id: min(starts) for course_id in course_ids
                  if (starts := [b.start for b in before.get(course_id, ()) if b.kind is AppointmentKind.FRACTION])}
        return self.urgent_later(engine, firsts)

    def urgent_later(self, engine: BookingEngine, firsts: Mapping[str, datetime]) -> tuple[UrgentStart, ...]:
        """The urgent courses, not started, whose first fraction the engine now has on a later day than the one in
        `firsts` (where each course was booked to start), with their due day: `_urgent_starts` after a re-booking, and
        after a machine back sooner whose moving back could not give an urgent course its old start again."""
        chosen = list(firsts)
        rows = self._rows(chosen, unreadable={})  # one that cannot be read: no plan to tell its urgency by (named elsewhere)
        with self.store.connection() as connection:
            booked = db.course_bookings_of(connection, chosen)
        found = []
        for course_id in chosen:
            row, course = rows.get(course_id), booked.get(course_id)
            if row is None or not (row.spec.urgent or (course is not None and course.urgent)):
                continue
            new = [b.start for b in engine.bookings(course_id) if b.kind is AppointmentKind.FRACTION]
            if not new:
                continue
            was, now = firsts[course_id].astimezone(self.zone).date(), min(new).astimezone(self.zone).date()
            if was < self.today or now <= was:  # started already, or not later
                continue
            _, due = self._ready_and_due(row, course, engine.is_open)
            found.append(UrgentStart(course_id, was, now, due, engine.working_days(was, now), engine.working_days(due, now)))
        return tuple(sorted(found, key=lambda u: (u.now, u.course_id)))

    # ------------------------------------------------------------------ downtime
    def machine_down(self, machine: str, start: datetime, end: datetime, reason: str = "", *,
                     now: datetime | None = None, dry_run: bool = False) -> tuple[RebookReport, list[CalendarUpdate]]:
        """Record downtime, re-book every appointment it hits, and say whose exported calendar changed.
        The reason is optional: without one the downtime is recorded as NO_DOWNTIME_REASON. It starts
        today or later: sessions of a day gone are not moved, nor are today's that have begun by `now`
        (default: the desk's clock), so a breakdown entered at 10:45 'from 08:00' is refused, naming them.
        A dry run writes nothing: the report and the calendar updates it would make (made, not written or owed)."""
        self.refresh()
        self._check_machine(machine, Field.MACHINE)
        first = start.astimezone(self.zone).date()
        if first < self.today:  # as a closure: sessions of a day gone were given (or missed) then, not re-booked now
            raise InputError(Field.FROM, f"{day_text(first)} is past: downtime is recorded from today ({day_text(self.today)}) on, "
                                         "so sessions already given are not moved")
        moment = now or self.now()
        self._refuse_begun_on(machine, start, end, moment)
        down = Downtime(machine, start.astimezone(self.zone), end.astimezone(self.zone), reason.strip() or NO_DOWNTIME_REASON)
        with self.store.connection() as connection:  # the courses it hits: the only ones it re-books
            hit = {b.course_id for b in db.bookings_between(connection, down.start, down.end, machine) if not b.released}
        engine = self.engine_for(hit)
        before = {course: engine.bookings(course) for course in engine.booked_courses()}
        report = self._as_sessions(engine.add_downtime(down, self.today, not_before=moment), engine, before)
        report = replace(report, urgent=self._urgent_starts(engine, before, report.updated_courses))
        if dry_run:
            courses = list(report.updated_courses)
            return report, self.calendar_updates(courses, {course: engine.bookings(course) for course in courses})
        recorded = Recorded(self.store.user, datetime.now(UTC))  # the course audit's login: "alice (role planner)"
        with db.writing(self.store.engine, self.store.display_url) as connection:
            db.record_downtime(connection, down, recorded.who, recorded.at)
            self._write_rebooked(connection, engine, before, report.updated_courses, (machine, down.start, down.end))
            # What an earlier downtime of the machine overlapping this one moved and its machine back left moved (no
            # downtime covers its old slot now) is that downtime's, not this one's: moving back after this downtime moves
            # back only what this one moves, as reopening a day closed again moves back only what its new closure moved.
            leave_older_moves(connection, down, self.department.downtime_of(machine),
                              datetime.combine(self.today, time(0), tzinfo=self.zone))
            record_moves(connection, moved_off(report, before), recorded.who, recorded.at)  # so that a machine back sooner can have them back
        self.department = replace(self.department, downtime=self.department.downtime + (replace(down, recorded=recorded),))
        return report, self._outdated(list(report.updated_courses))

    def machine_up(self, machine: str, at: datetime, *, move_back: bool = True, dry_run: bool = False,
                   now: datetime | None = None) -> tuple[MachineBack, list[CalendarUpdate]]:
        """The machine is back at `at`, sooner than its downtime said: see `planner.app.machine_back.machine_up`."""
        from .machine_back import machine_up

        return machine_up(self, machine, at, move_back=move_back, dry_run=dry_run, now=now)

    def move_back_after(self, old: Downtime, new: Downtime | None, *, dry_run: bool = False,
                        now: datetime | None = None) -> tuple[MachineBack, list[CalendarUpdate]]:
        """A downtime shortened and saved (Department settings): see `planner.app.machine_back.move_back_after`."""
        from .machine_back import move_back_after

        return move_back_after(self, old, new, dry_run=dry_run, now=now)

    def _as_sessions(self, report: ReportT, engine: BookingEngine, before: Mapping[str, Sequence[Booking]]) -> ReportT:
        """The report with each fraction numbered as its course shows it (the session, `AgendaEntry.shown_number`), its
        number before the re-booking (`was`) too: a course that marks a booked day missed has bookings whose number is
        not their session's. Others are as the engine numbered them (booking and session agree)."""
        courses = {m.course_id for m in (*report.moved, *report.appended)} | {u.course_id for u in report.unplaced}
        rows = {course_id: row for course_id, row in self._rows(courses).items() if row.spec.adjustments.missed}
        if not rows:
            return report
        then = {course_id: self._sessions_of(row, before.get(course_id, ())) for course_id, row in rows.items()}
        now = {course_id: self._sessions_of(row, engine.bookings(course_id)) for course_id, row in rows.items()}

        def move(item: Move) -> Move:
            if item.course_id not in rows or item.kind is not AppointmentKind.FRACTION:
                return item
            number = now[item.course_id].get(item.number) or item.number
            was = (then[item.course_id].get(item.was) or item.was) if item.was else 0
            return replace(item, number=number, was=0 if was == number else was)

        def unplaced(item: Unplaced) -> Unplaced:
            if item.course_id not in rows:
                return item
            return replace(item, number=then[item.course_id].get(item.number) or item.number)

        return replace(report, moved=tuple(map(move, report.moved)), appended=tuple(map(move, report.appended)),
                       unplaced=tuple(map(unplaced, report.unplaced)))

    def _refuse_begun_on(self, machine: str, start: datetime, end: datetime, now: datetime) -> None:
        """InputError when the downtime from `start` to `end` takes in a session on `machine` that had begun by
        `now`: that patient was treated (or is being treated), and re-booking the session would move it, or add a
        fraction at the end of the course, as if it had not been given. The message says from when to take it down."""
        if start >= now:
            return
        with self.store.connection() as connection:
            begun = [b for b in db.bookings_between(connection, start, min(end, now), machine)
                     if b.start < now and not b.released]  # one marked missed ahead was not given: nothing to keep
        if begun:
            first = begun[0].start.astimezone(self.zone)
            after = max(max(b.end for b in begun), now).astimezone(self.zone)
            raise InputError(Field.FROM, f"{counted(len(begun), 'session')} on {machine} in that time began already (the first at "
                                         f"{clock_text(first)}): those were given, not lost; take it down from {clock_text(after)}")

    def _write_rebooked(self, connection: Connection, engine: BookingEngine, before: Mapping[str, tuple[Booking, ...]],
                        course_ids: Sequence[str], lost: tuple[str, datetime, datetime]) -> None:
        """Inside the write: each re-booked course's bookings as the engine holds them now, in place of
        those read `before`; SlotTaken saying which course another coordinator changed since it was read (on the
        machine of its first booking, else `lost`'s: machine, start, end)."""
        new: list[Booking] = []
        old: list[tuple[str, AppointmentKind, int]] = []
        for course_id in course_ids:
            read = {(b.kind, b.number, b.machine, b.start, b.released) for b in before.get(course_id, ())}
            now = {(b.kind, b.number, b.machine, b.start, b.released) for b in db.course_bookings(connection, course_id)}
            if read != now:  # another coordinator changed this course since we read it: re-book from fresh data
                first = next(iter(before.get(course_id, ())), None)
                raise SlotTaken(first.machine if first else lost[0], lost[1], lost[2],
                                f"course {course_id} was changed by another coordinator meanwhile", self.zone)
            old += [(b.course_id, b.kind, b.number) for b in before.get(course_id, ())]
            new += engine.bookings(course_id)
        # All at once: a course re-booked into time another re-booked course left (its row not yet replaced) is no clash.
        db.place(connection, new, replacing=old)
        for course_id in course_ids:
            self._audit_moved(connection, course_id, before.get(course_id, ()), engine.bookings(course_id))
        self._follow_bookings(connection, course_ids)

    # ------------------------------------------------------------------ the whole department closed
    def closure_days(self, first: date, last: date) -> list[date]:
        """The days from `first` to `last` a closure would record: each not closed already (by a recorded
        closure, a holiday or as no treatment weekday) or holding a booking (a weekend make-up session)."""
        self.refresh()
        calendar = self.department.clinic_calendar(self.holidays)
        recorded = {day for day, _ in self.department.closures}
        days = [first + timedelta(days=k) for k in range((last - first).days + 1)]
        booked = self.booked_on(days)
        return [day for day in days if day not in recorded and (calendar.is_open(day) or day in booked)]

    def close_department(self, first: date, last: date, reason: str = "", *, dry_run: bool = False,
                         now: datetime | None = None, calendars: bool = False) -> tuple[ClosureReport, list[CalendarUpdate]]:
        """Close the whole department from `first` to `last` (a snow day, a power cut) and re-book every
        appointment booked then, by the machine-down rules (no machine treats, so: a weekend or second
        session for a gap-sensitive course where the department allows it, else the end of the course),
        all in one write: the closures and every re-booking, or nothing (SlotTaken when another
        coordinator booked or changed one of them meanwhile). Returns the report and the calendar
        updates it makes due (on a dry run, which writes nothing, those it would make due when asked for
        `calendars`, else none). `now` (default: the clock, or midnight of the desk's today when that is
        another day) says which of today's sessions have begun."""
        note = closure_note(reason)
        if last < first:
            raise InputError(Field.TO, f"the closure must end on or after its first day ({day_text(first)})")
        if first < self.today:
            raise InputError(Field.DATE, f"{day_text(first)} is past: a closure is recorded from today ({day_text(self.today)}) on")
        if (last - first).days + 1 > MAX_CLOSURE_DAYS:
            raise InputError(Field.TO, f"a closure lasts at most {MAX_CLOSURE_DAYS} days (asked: {(last - first).days + 1})")
        within_calendar(Field.TO, first, last, f"{(last - first).days + 1} days")
        days = self.closure_days(first, last)
        if not days:
            why = self.department.clinic_calendar(self.holidays).closure_reason(first) or "no treatment day"
            raise InputError(Field.DATE, f"the department is closed every day from {day_text(first)} to {day_text(last)} already"
                                         if last > first else f"the department is closed on {day_text(first)} already ({why})")
        return self.close_days([(day, note) for day in days], dry_run=dry_run, now=now, calendars=calendars)

    def close_days(self, closed: Sequence[tuple[date, str]], *, dry_run: bool = False,
                   now: datetime | None = None, calendars: bool = False) -> tuple[ClosureReport, list[CalendarUpdate]]:
        """Close the department on each (day, note) and re-book every appointment then, all in one write
        (see `close_department`, which closes a span of days with one note); the days must be today or later.
        A dry run with `calendars` also says whose calendar it would change (the updates are made, not written)."""
        self.refresh()
        closed = sorted({day: closure_note(note) for day, note in closed}.items())
        if not closed:
            raise InputError(Field.DATE, "give at least one day to close")
        days = [day for day, _ in closed]
        if days[0] < self.today:
            raise InputError(Field.DATE, f"{day_text(days[0])} is past: a closure is recorded from today ({day_text(self.today)}) on")
        within_calendar(Field.DATE, days[0], days[-1], f"{(days[-1] - days[0]).days + 1} days")
        self._refuse_begun(days, now)
        engine = self.engine()
        before = {course: engine.bookings(course) for course in engine.booked_courses()}
        report = self._as_sessions(engine.close_days(dict(closed), self.today), engine, before)
        report = replace(report, urgent=self._urgent_starts(engine, before, report.updated_courses))
        if dry_run:
            if not calendars:
                return report, []
            courses = list(report.updated_courses)
            return report, self.calendar_updates(courses, {course: engine.bookings(course) for course in courses})
        start = datetime.combine(days[0], time(0), tzinfo=self.zone)
        end = datetime.combine(days[-1] + timedelta(days=1), time(0), tzinfo=self.zone)
        recorded = Recorded(self.store.user, datetime.now(UTC))
        with db.writing(self.store.engine, self.store.display_url) as connection:
            db.record_closures(connection, closed, self.store.user)
            self._write_rebooked(connection, engine, before, report.updated_courses, ("the department", start, end))
            # What an earlier closure of the same day, reopened without moving back, moved stays where it went: the
            # reopening after this closure moves back only what this one moves.
            recorded_days = {day for day, _ in self.department.closures}
            older = closure_moves(connection, [day for day in days if day not in recorded_days])
            forget_moves(connection, [m.id for m in (*older, *set_up_moves(connection, older))])
            # so that the department reopening (reopen --move-back) can have them back
            record_moves(connection, closure_moved_off(report, before, self.zone), recorded.who, recorded.at)
            for day in days:  # booked meanwhile by another coordinator (or not known to the engine): nothing is written
                left = [b for b in db.bookings_between(connection, datetime.combine(day, time(0), tzinfo=self.zone),
                                                       datetime.combine(day + timedelta(days=1), time(0), tzinfo=self.zone))
                        if not b.released]  # the record of a session marked missed in advance holds no time: it stays
                if left:
                    raise SlotTaken(left[0].machine, left[0].start, left[0].end, zone=self.zone)
        self.department = self.store.department() or self.department
        self.follow_plans()  # the unbooked courses the closure pushed
        return report, self._outdated(list(report.updated_courses))

    def booked_on(self, days: Iterable[date]) -> dict[date, set[str]]:
        """The courses booked on each of the days that holds a booking: whom closing those days would move."""
        found: dict[date, set[str]] = defaultdict(set)
        with self.store.connection() as connection:
            for day in sorted(set(days)):
                midnights = (datetime.combine(day, time(0), tzinfo=self.zone),
                             datetime.combine(day + timedelta(days=1), time(0), tzinfo=self.zone))
                for booking in db.bookings_between(connection, *midnights):
                    if booking.start.astimezone(self.zone).date() == day:
                        found[day].add(booking.course_id)
        return dict(found)

    def _refuse_begun(self, days: list[date], now: datetime | None) -> None:
        """A closure from today is refused while one of today's sessions has begun: those patients were
        treated (or are being treated); the rest of the day is machine downtime."""
        if days[0] != self.today:
            return
        clock = datetime.now(self.zone)
        moment = now or (clock if clock.date() == self.today else datetime.combine(self.today, time(0), tzinfo=self.zone))
        with self.store.connection() as connection:
            begun = [b for b in db.bookings_between(connection, datetime.combine(self.today, time(0), tzinfo=self.zone), moment)
                     if b.start < moment]
        if begun:
            first = begun[0].start.astimezone(self.zone)
            raise InputError(Field.DATE, f"{counted(len(begun), 'appointment')} of today began already (the first: {begun[0].machine} "
                                         f"at {first:%H:%M}): close from tomorrow, and take the machines down for the rest of today "
                                         "(machine-down, or Machine down… in the Bookings window)")

    # ------------------------------------------------------------------ nightly re-optimisation
    def reoptimise(self, days: int = HORIZON_DAYS, *, dry_run: bool = False,
                   calendars: bool = False) -> tuple[Reoptimisation, list[CalendarUpdate]]:
        """Place the unstarted courses of the coming `days` working days anew so that fewer wait
        (planner.booking.reoptimise: never later, never a started course), and write every changed
        course in one write transaction; SlotTaken (nothing written) when another coordinator changed
        one of them meanwhile. Returns the calendar updates it makes due (on a dry run, those it would
        make due when asked for `calendars`, made but not written; else none)."""
        self.refresh()
        engine = self.engine()
        within_calendar(Field.DAYS, self.today, engine.add_working_days(self.today, days), f"{days} working days")
        with self.store.connection() as connection:
            booked = db.course_bookings_of(connection, sorted(engine.booked_courses()))  # the courses it holds
        ready = {course_id: course.ready for course_id, course in booked.items() if course.ready is not None}
        before = {course_id: engine.bookings(course_id) for course_id in engine.booked_courses()}
        # a damaged course keeps its bookings: placed anew, its patient's calendar could not be rewritten
        result = reoptimise(engine, self.today, days=days, ready=ready, apply=not dry_run, kept=self.damaged_booked())
        if dry_run and calendars and result.changes:
            return result, self.calendar_updates(result.updated_courses, {course: proposal.bookings for course, proposal in result.placements})
        if dry_run or not result.changes:
            return result, []
        with db.writing(self.store.engine, self.store.display_url) as connection:
            new: list[Booking] = []
            replacing: list[tuple[str, AppointmentKind, int]] = []
            for course_id, proposal in result.placements:
                read = {(b.kind, b.number, b.machine, b.start, b.released) for b in before[course_id]}
                held = db.course_bookings(connection, course_id)
                if read != {(b.kind, b.number, b.machine, b.start, b.released) for b in held}:  # changed since we read it
                    first = held[0] if held else proposal.bookings[0]
                    raise SlotTaken(first.machine, first.start, first.end,
                                    f"course {course_id} was changed by another coordinator meanwhile", self.zone)
                replacing += [b.key for b in before[course_id]]
                new += proposal.bookings
            ids = db.place(connection, new, replacing=replacing)
            for course_id, proposal in result.placements:
                self._audit_moved(connection, course_id, before[course_id], proposal.bookings)
                course = booked[course_id]
                db.set_course_booking(connection, course_id, proposal.machine, proposal.time, course.urgent, self.store.user,
                                      course.ready, ids)
            self._follow_bookings(connection, result.updated_courses)
        return result, self._outdated(list(result.updated_courses))

    # ------------------------------------------------------------------ the course's calendar
    def booked_course(self, course_id: str, held: Sequence[Booking] | None = None) -> BookedCourse:
        """The course's schedule at its booked times, and each appointment's machine; `held`: the bookings
        to show it at instead of the store's (those a dry run would write)."""
        row = self._rows([course_id]).get(course_id)
        if row is None:
            raise InputError(Field.COURSE_ID, f"no course {course_id} in {self.store.display_url}")
        if held is None:
            spec = as_booked(self.store, self.course_spec(row), self.catalogue, self.holidays)
            schedule = build_schedule(spec.to_request(self.catalogue, self.holidays), self.catalogue)
            facts = booking_facts(self.store, course_id, self.zone)
            schedule = at_booked_times(schedule, facts)
            return BookedCourse(spec, schedule, machines_shown(schedule, facts), rebooked_shown(schedule, facts))
        spec = (booked_spec(with_department_closures(self.course_spec(row), self.department), list(held), self.catalogue, self.holidays)
                if held else self.course_spec(row))
        schedule = build_schedule(spec.to_request(self.catalogue, self.holidays), self.catalogue)
        with self.store.connection() as connection:
            course = db.course_bookings_of(connection, [course_id]).get(course_id)
        notes = rebooked_notes(held, course.machine, course.daily_time, self.department, self.zone) if course is not None else {}
        places = tuple(BookedAppointment(AppointmentKey(b.kind, b.number), b.machine, b.start, b.end,
                                         notes.get(AppointmentKey(b.kind, b.number))) for b in held)
        facts = BookingFacts(course_id, places[0].machine, time(0), None, places) if places else None
        if facts is not None:  # only the appointments' places count for the times shown (the machine and daily time do not)
            schedule = at_booked_times(schedule, facts)
        return BookedCourse(spec, schedule, machines_shown(schedule, facts), rebooked_shown(schedule, facts))

    def _calendar(self, course_id: str, previous: ExportState | None, now: datetime,
                  held: Sequence[Booking] | None = None) -> bytes:
        return self._calendar_left_out(course_id, previous, now, held)[0]

    def _calendar_left_out(self, course_id: str, previous: ExportState | None, now: datetime,
                           held: Sequence[Booking] | None = None) -> tuple[bytes, tuple[PrepReminder, ...]]:
        """The course's .ics (as `_calendar`) and, when it is discreet, the preparation reminders it leaves out."""
        from ..ics import ExportOptions, export_ics

        booked = self.booked_course(course_id, held)
        from .cancelling import given_if_cancelled, no_calendar_left

        kept = given_if_cancelled(self.store, course_id, booked.schedule)
        if kept is not None and not kept and previous is None:
            raise no_calendar_left(course_id)
        name, phone = contact_of(self.department, "", self.clinic_phone)  # as the window's and the command line's exports
        discreet = booked.spec.discreet or (previous is not None and previous.discreet)  # the patient's calendar stays discreet
        contact = shown_contact(PatientContact(name, phone, self.department.address, booked.spec.location),
                                (self.department.name, self.clinic_name), discreet)
        options = ExportOptions(course_id=previous.course_id if previous else course_id, location=contact.location,
                                clinic_name=contact.name, clinic_phone=contact.phone,
                                discreet=discreet, machines=booked.machines, kept=kept, rebooked=booked.rebooked,
                                prep_events=previous is not None and previous.prep_events)  # as the patient was given them
        data = export_ics(booked.schedule, options, now=now, patient_name=booked.spec.patient_name, previous=previous)
        return data, tuple(reminders_left_out(booked.schedule)) if discreet else ()

    def export_calendar(self, course_id: str, *, now: datetime | None = None) -> bytes:
        """The course's .ics at its booked times and machines (an update of its last export, if any), kept as its last export."""
        from ..ics import parse_export

        last = self.store.last_export(course_id)
        previous = parse_export(last, f"course {course_id}") if last is not None else None
        data = self._calendar(course_id, previous, now or datetime.now(UTC))
        self.store.record_export(course_id, data)
        with db.writing(self.store.engine, self.store.display_url) as connection:
            db.mark_calendars(connection, [course_id], False)
        return data

    def calendar_updates(self, course_ids: Iterable[str], held: Mapping[str, Sequence[Booking]] | None = None) -> list[CalendarUpdate]:
        """For each course exported before: the .ics update its patient needs (only when something changed);
        `held`: each course's bookings to write it at instead of the store's (a dry run's, which writes nothing)."""
        from ..ics import compare, parse_export

        updates = []
        for course_id in course_ids:
            last = self.store.last_export(course_id)
            if last is None:
                continue
            unreadable: dict[str, str] = {}
            row = self._rows([course_id], unreadable).get(course_id)
            if course_id in unreadable or (row is not None and row.held_back):
                continue  # its calendar would carry the stand-ins: owed until it is repaired (`damaged_owed` names it)
            previous = parse_export(last, f"course {course_id}")
            data, left_out = self._calendar_left_out(course_id, previous, datetime.now(UTC),
                                                     None if held is None else held.get(course_id, ()))
            state = parse_export(data, f"course {course_id}")
            changes = compare(previous, state)
            if changes:
                patient, number = (row.patient, row.spec.patient_id) if row else ("", "")
                shown = names_hospital_number(state.discreet, self.discreet_shows_id)  # as the window names its export
                name = update_file_name(patient, number if shown else "", course_id)
                updates.append(CalendarUpdate(course_id, patient, len(changes), data, hospital_number=number,
                                              changes=tuple(c.text for c in changes), file_name=name, left_out=left_out))
        return updates

    def write_updates(self, updates: list[CalendarUpdate], folder: Path) -> list[CalendarUpdate]:
        """Write each update as FOLDER/<its file_name> (mode 0600, atomically: named by the course, so it replaces the
        course's earlier update there, however its days moved) and keep it as the course's last export. A name another
        update of the batch has, or a file there that is not an earlier calendar of the same course, gets a longer tag
        of the course (`with_course_id`); a file of that name too that is not this course's: OSError before anything
        is written."""
        from ..store.files import write_private

        paths: list[Path] = []
        for update in updates:  # all named and checked before any is written
            path = folder / (update.file_name or update_file_name(update.patient, update.hospital_number, update.course_id))
            if path in paths or not earlier_calendar_or_free(path, update.course_id):
                path = folder / with_course_id(path.name, update.course_id)
            refuse_foreign_file(path, update.course_id)
            paths.append(path)
        written = []
        for update, path in zip(updates, paths, strict=True):
            write_private(path, update.ics)
            self.store.record_export(update.course_id, update.ics)
            written.append(replace(update, written=path))
        if written:
            with db.writing(self.store.engine, self.store.display_url) as connection:
                db.mark_calendars(connection, [u.course_id for u in written], False)
        return written

    # ------------------------------------------------------------------ calendars given out of date
    def outdated_calendars(self) -> list[OutdatedCalendar]:
        """The patients whose exported calendar a re-booking, move, closure, unbooking or cancelling changed and who were not
        given the update yet (written, or the course exported again), by name: what the coordinator still owes."""
        with self.store.connection() as connection:
            flagged = db.owed_calendars(connection)
            names = db.patient_names(connection, flagged)
            numbers = db.hospital_numbers(connection, flagged)
        found = [OutdatedCalendar(course_id, names.get(course_id, ""), numbers.get(course_id, "")) for course_id in flagged]
        return sorted(found, key=lambda c: (c.patient.casefold(), c.course_id))

    def damaged_owed(self, course_ids: Iterable[str] | None = None) -> dict[str, str]:
        """The courses owed a calendar update (of `course_ids`, else all) that an older version stored damaged, or whose
        text does not read at all: why and how to repair each. Their update is not written (it would carry the
        stand-ins of their damaged text) until they are repaired."""
        with self.store.connection() as connection:
            owed = db.owed_calendars(connection)
            wanted = set(course_ids) if course_ids is not None else None
            return db.damaged_courses(connection, [c for c in owed if wanted is None or c in wanted])

    def damaged_booked(self) -> dict[str, str]:
        """The courses booked from today on that an older version stored damaged: why and how to repair each. Their
        bookings hold their machine time; a re-optimisation leaves them where they are."""
        since = datetime.combine(self.today, time(0), tzinfo=self.zone)
        with self.store.connection() as connection:
            return db.damaged_courses(connection, db.courses_booked_since(connection, since))

    def outdated_updates(self, course_ids: Iterable[str] | None = None) -> list[CalendarUpdate]:
        """The .ics update of each outdated calendar (or of those of `course_ids`), with how many events changed."""
        flagged = [c.course_id for c in self.outdated_calendars()]
        wanted = set(course_ids) if course_ids is not None else None
        return self.calendar_updates([c for c in flagged if wanted is None or c in wanted])

    def write_outdated(self, folder: Path, course_ids: Iterable[str] | None = None) -> list[CalendarUpdate]:
        """Write the update of every outdated calendar (or of those of `course_ids`) into `folder`, as
        `write_updates` does, each no longer outdated; one whose bookings match its last export again
        needs no file and is no longer listed either."""
        flagged = [c.course_id for c in self.outdated_calendars()]
        wanted = set(course_ids) if course_ids is not None else None
        chosen = [c for c in flagged if wanted is None or c in wanted]
        updates = self.calendar_updates(chosen)
        written = self.write_updates(updates, folder)
        current = set(chosen) - {u.course_id for u in updates} - set(self.damaged_owed())  # a damaged one stays owed
        if current:
            with db.writing(self.store.engine, self.store.display_url) as connection:
                db.mark_calendars(connection, sorted(current), False)
        return written

    def treating_machine_names(self) -> list[str]:
        """The machines that take treatment sessions (not a CT simulator or a clinic room): where a course can be booked."""
        return [m.name for m in self.department.machines if m.holds is AppointmentKind.FRACTION]


MAKE_UP_REACH = 240  # minutes either side of a make-up's planned time searched for room on its day
OTHER_MAKE_UP = "choose another make-up for that session on the course (at the end, or a second session), then book it"


def moved_off(report: RebookReport, before: Mapping[str, Sequence[Booking]]) -> list[DowntimeMove]:
    """What a downtime's re-booking took off its machine, each with the slot it had (`before`) and where it went (none:
    released, no place found): the record that lets a machine back sooner have them back (`machine_up`). A fraction that
    moved on its own day for a lost first fraction's set-up time is kept too (`set_up`), to go back with that one."""
    down = report.downtime
    found: list[DowntimeMove] = []
    went: list[tuple[str, AppointmentKind | None, str, datetime, str | None, datetime | None, bool]] = [
        (m.course_id, m.kind, m.from_machine, m.from_start, m.to_machine, m.to_start, m.how == FIRST_SET_UP)
        for m in (*report.moved, *report.appended)]
    went += [(u.course_id, None, u.machine, u.start, None, None, False) for u in report.unplaced]
    for course_id, kind, machine, start, to_machine, to_start, set_up in went:
        if not set_up and (machine != down.machine or not down.start <= start < down.end):
            continue  # not the downtime's own (a re-booking reports none such but for the set-up time)
        old = next((b for b in before.get(course_id, ()) if b.machine == machine and same_instant(b.start, start)
                    and (kind is None or b.kind is kind)), None)
        if old is not None:
            found.append(DowntimeMove(course_id, old.kind, old.number, machine, old.start, old.end, old.make_up, to_machine, to_start,
                                      down.start, down.end, set_up=set_up))
    return found


def closure_moved_off(report: ClosureReport, before: Mapping[str, Sequence[Booking]], zone: ZoneInfo) -> list[DowntimeMove]:
    """What a closure's re-booking took off its closed days, each with the slot it had (`before`), where it went (none:
    released, no place found) and the day closed: the record that lets the department reopening have them back
    (`reopen --move-back`). Its span is the closed day's midnights. A fraction that moved on its own day for a lost first
    fraction's set-up time is kept too (`set_up`), with the closed day of the course's first session lost."""
    days = {day for day, _ in report.closed}
    went: list[tuple[str, AppointmentKind | None, str, datetime, str | None, datetime | None, bool]] = [
        (m.course_id, m.kind, m.from_machine, m.from_start, m.to_machine, m.to_start, m.how == FIRST_SET_UP)
        for m in (*report.moved, *report.appended)]
    went += [(u.course_id, None, u.machine, u.start, None, None, False) for u in report.unplaced]
    lost: dict[str, date] = {}  # each course's first day closed, for its set-up records
    for course_id, _, _, start, _, _, set_up in went:
        day = start.astimezone(zone).date()
        if not set_up and day in days:
            lost[course_id] = min(lost.get(course_id, day), day)
    found: list[DowntimeMove] = []
    for course_id, kind, machine, start, to_machine, to_start, set_up in went:
        day = start.astimezone(zone).date()
        if set_up and course_id in lost:
            day = lost[course_id]
        elif set_up or day not in days:
            continue  # not the closure's own
        old = next((b for b in before.get(course_id, ()) if b.machine == machine and same_instant(b.start, start)
                    and (kind is None or b.kind is kind)), None)
        if old is not None:
            found.append(DowntimeMove(course_id, old.kind, old.number, machine, old.start, old.end, old.make_up, to_machine, to_start,
                                      datetime.combine(day, time(0), tzinfo=zone),
                                      datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone), closed_day=day,
                                      set_up=set_up))
    return found


def _by(who: str | None) -> str:
    return f" by {who}" if who else ""


def group_departure(proposal: Proposal, department: Department) -> str:
    """'2 sessions would be on a machine not beam-matched to Linac 1 (group versa)': the departure
    from the course's beam-matched group that the proposal's counts do not show (empty: none)."""
    if not proposal.off_group:
        return ""
    machine = department.machine(proposal.machine)
    group = f" (group {machine.group})" if machine is not None and machine.group else ""
    return f"{counted(proposal.off_group, 'session')} would be on a machine not beam-matched to {proposal.machine}{group}"


def not_beam_matched(department: Department, machine_from: str, machine_to: str) -> str:
    """'Linac 3 is not beam-matched with Linac 1 (group A)': a session moved between them needs its plan checked
    (or redone) for the new machine. Empty when they are one machine or of one group (a machine without a group
    is a group of its own, as the engine books it)."""
    before, after = department.machine(machine_from), department.machine(machine_to)
    if before is None or after is None or before.name == after.name:
        return ""
    if (before.group or before.name) == (after.group or after.name):
        return ""
    group = f" (group {before.group})" if before.group else ""
    return f"{after.name} is not beam-matched with {before.name}{group}"


def answer_warnings(answer: BookingAnswer, department: Department) -> list[str]:
    """The warnings of a booking answer: its own, the best proposal's, and each proposal's departure
    from the beam-matched group (an alternative's named by its number, start, machine and time)."""
    best = answer.best
    warnings = list(answer.warnings) + (list(best.warnings) if best else [])
    for number, proposal in enumerate(answer.proposals, start=1):
        departure = group_departure(proposal, department)
        if departure and number == 1:
            warnings.append(departure)
        elif departure:
            warnings.append(f"alternative {number} ({proposal.first.isoformat()} on {proposal.machine} at {proposal.time:%H:%M}): "
                            f"{departure}")
    return warnings


def follow_booked_days(store: Store, course_id: str, catalogue: Catalogue, holidays: HolidaySource | None = None) -> None:
    """After a course was saved: a booked one's first and last days (the patient list's, `course list`'s, its status's)
    follow its bookings and the make-ups waiting at its end (`BookingDesk.follow_saved`); nothing for one not booked."""
    try:
        desk = BookingDesk(store, catalogue, holidays=holidays)
    except NoDepartment:  # nothing is booked without a department
        return
    desk.follow_saved(course_id)


def booked_spec(spec: CourseSpec, held: list[Booking], catalogue: Catalogue,
                holidays: HolidaySource | None = None) -> CourseSpec:
    """The course as booked: the first fraction's day and time, and a move for every appointment
    the booking placed elsewhere than the plan would (so the .ics and prints follow the bookings).
    The booked instants are written on the course's own clock, which its times are read in: a
    course that keeps its own zone is booked on the department's clock, and 08:00 in New York is
    its 13:00 in UTC."""
    tz = ZoneInfo(spec.tz)
    fractions = sorted((b for b in held if b.kind is AppointmentKind.FRACTION), key=lambda b: b.number)
    if not fractions:
        return spec
    first = fractions[0].start.astimezone(tz)
    scan = next((b for b in held if b.kind is AppointmentKind.SIMULATION), None)
    changes: dict[str, object] = {"start": first.date(), "time": daily_time_of(fractions, tz)}
    if scan is not None:
        changes["simulation"] = scan.start.astimezone(tz).replace(tzinfo=None)
    base = spec.updated(**changes)
    # a course read for repair (its damaged text as stored) is placed all the same: the text plays no part in the times
    planned = build_schedule(base.text_left_out().to_request(catalogue, holidays), catalogue)
    starts = {a.key: a.start for a in planned.appointments}
    adjustments = base.adjustments
    gives = booked_fractions(planned, [(b.number, b.start) for b in fractions])
    # A session booked at a time the plan gives one is on the plan, whatever its number: a re-booking that added a session
    # lost to downtime at the end numbers the later ones one lower, each still where the plan has a session.
    on_plan = {a.start for a in planned.fractions if not a.missed}
    for booking in fractions:
        number = gives.get(booking.number)
        if number is None:  # the booking of a session marked missed since: the record of that day, not a fraction given
            continue
        key = AppointmentKey.fraction(number)
        local = booking.start.astimezone(tz)
        if starts.get(key) != local:
            adjustments = adjustments.with_move(key, local.replace(tzinfo=None),
                                                BOOKED_ON_PLAN_REASON if local in on_plan else BOOKED_REASON)
    adjustments = _make_ups_after_booked(planned, gives, fractions, adjustments)
    reviews = sorted((b for b in held if b.kind is AppointmentKind.REVIEW), key=lambda b: b.number)
    if reviews:  # booked in a clinic room: the plan's reviews follow the booked fractions first
        moved = build_schedule(base.updated(adjustments=adjustments).to_request(catalogue, holidays), catalogue)
        starts = {a.key: a.start for a in moved.appointments}
        for booking in reviews:
            key = AppointmentKey(AppointmentKind.REVIEW, booking.number)
            local = booking.start.astimezone(tz)
            if key in starts and starts[key] != local:
                adjustments = adjustments.with_move(key, local.replace(tzinfo=None), BOOKED_REASON)
    return base.updated(adjustments=adjustments)


def _make_ups_after_booked(planned: Schedule, gives: Mapping[int, int | None], fractions: Sequence[Booking],
                           adjustments: Adjustments) -> Adjustments:
    """`adjustments` with the make-ups added at the end and not booked yet (a session marked missed after the course
    was booked) moved where `book --make-ups` will book them (`days_after_booked`): after the last booked fraction, which
    keeps its time when the course's calendar changes, so no session of the course is shown at the time of another. A
    twice-daily day's two keep their times."""
    request = planned.request
    at_end = {m.day for m in request.adjustments.missed if m.make_up is MakeUp.END and m.make_up_at is None}
    if not at_end:  # nearly every booked course: nothing to place, nothing to sort
        return adjustments
    given = {number for number in gives.values() if number is not None}
    sessions = sorted((f for f in planned.fractions if not f.missed), key=lambda f: f.number)  # as missed_make_ups numbers them
    waiting = [sessions[number - 1] for number, mark in sorted(missed_make_ups(planned).items())
               if number not in given and mark.day in at_end and number <= len(sessions)]
    if not waiting:
        return adjustments
    booked = [b.start.astimezone(request.tz).date() for b in fractions]  # a day marked missed in advance too: after it
    moved = days_after_booked((f.start.date() for f in waiting), booked, request.calendar.is_open, request.calendar.treatment_days,
                              request.phases[-1].pattern.min_gap_days)
    for fraction in waiting:
        day = moved.get(fraction.start.date(), fraction.start.date())
        if day != fraction.start.date():
            adjustments = adjustments.with_move(fraction.key, datetime.combine(day, fraction.start.time()), TO_BOOK_REASON)
    return adjustments


def daily_time_of(fractions: list[Booking], tz: ZoneInfo) -> time:
    """The booked course's daily time on its own clock: the time most of its days begin at (the first session,
    longer for set-up and imaging, may begin earlier: it is that one's move, not the other sessions'); on a tie,
    the earliest day's. A day's second session does not count."""
    days: dict[date, datetime] = {}
    for booking in sorted(fractions, key=lambda b: b.start):
        local = booking.start.astimezone(tz)
        days.setdefault(local.date(), local)
    counts = Counter(moment.time().replace(tzinfo=None) for moment in days.values())
    return counts.most_common(1)[0][0]


def as_booked(store: Store, spec: CourseSpec, catalogue: Catalogue, holidays: HolidaySource | None = None) -> CourseSpec:
    """A stored course at its booked times (at its planned ones when it is not booked), for its calendar and prints,
    with the department's closures beside its own, booked or not: a course keeping its own calendar is closed with the
    department too, and booking it will move its sessions off those days, so its plan shows them moved already.
    StoreError when its bookings cannot be read (a damaged database)."""
    from sqlalchemy.exc import SQLAlchemyError

    from ..store.db.store import database_failure

    try:
        with store.connection() as connection:
            held = db.course_bookings(connection, spec.course_id)
    except SQLAlchemyError as exc:
        raise database_failure(exc, store.display_url, store.url) from None
    shown = with_department_closures(spec, store.department())
    return booked_spec(shown, held, catalogue, holidays) if held else shown


def past_reason(kind: AppointmentKind, number: int, booked: datetime, start: datetime, now: datetime) -> str | None:
    """Why a booked session cannot go from `booked` to `start` at `now`, as the past goes: one that has begun
    (or was given, or missed) is the record of what the patient had and stays where it was; none is moved to
    a time already gone, which no patient could keep. None when both lie ahead."""
    if booked < now:
        return (f"{kind.value} {number} ({moment_text(booked.astimezone(now.tzinfo))}) has begun or is past: "
                "it stays as it was; only sessions still to come are moved")
    if start < now:
        return f"{kind.value} {number}: {moment_text(start.astimezone(now.tzinfo))} is past: move it to a time still to come"
    return None


def _clock_minutes(clock: time) -> int:
    return clock.hour * 60 + clock.minute


def _hours_words(span: timedelta) -> str:
    """'6 hours', '6 h 30 min': how far a day's second session lies after its first."""
    minutes = int(span.total_seconds() // 60)
    return f"{minutes // 60} hours" if minutes % 60 == 0 else f"{minutes // 60} h {minutes % 60:02d} min"


def urgent_start_words(item: UrgentStart, who: str, *, still: bool = False) -> str:
    """'URGENT: Dora Mbeki (H0005) now starts Fri 29 Mar 2030, 1 working day past due (due by Wed 27 Mar 2030;
    booked to start Thu 28 Mar 2030)': an urgent course a re-booking started later, said first in its report.
    `still`: a machine back sooner could not give it its old start again ('still starts')."""
    if item.past_due:
        standing = f"{counted(item.past_due, 'working day')} past due (due by {day_text(item.due)}"
    else:
        standing = f"{counted(item.later, 'working day')} later than booked, still by its due day ({day_text(item.due)}"
    return (f"URGENT: {who} {'still' if still else 'now'} starts {day_text(item.now)}, {standing}; "
            f"booked to start {day_text(item.was)})")


# How the engine's own warning of the urgent limit begins (`BookingEngine.propose`), counted from the day it books from:
# the desk says it from the due day shown instead (`BookingDesk.propose`).
URGENT_LIMIT_WARNING = "urgent course cannot start within"


def course_ready_day(spec: CourseSpec, catalogue: Catalogue, is_open: Callable[[date], bool], zone: ZoneInfo,
                     today: date) -> date:
    """The day a course not yet booked is ready, as booking counts its wait and its urgent due day
    (`BookingDesk.propose`): its planning scan (its day on the department's clock) plus the site's planning days,
    else the first fraction planned, else today."""
    if spec.simulation is None:
        return spec.start or today
    try:
        found = spec.site_in(catalogue)
    except InputError:
        found = None
    planning = found.planning_days if found is not None and found.planning_days is not None else DEFAULT_PLANNING_DAYS
    scan = as_local(spec.simulation, ZoneInfo(spec.tz)).astimezone(zone).date()
    return _ready_after_scan(is_open, scan, planning)


def course_urgent_due(department: Department, holidays: HolidaySource, catalogue: Catalogue, spec: CourseSpec,
                      entered: date, today: date) -> date:
    """The day an urgent course not yet booked must start by, as booking says it (the Book dialog, the waiting list):
    `urgent_due_day` from the day it is ready (`course_ready_day`) or was `entered` into the store."""
    is_open = department.clinic_calendar(holidays).is_open
    ready = course_ready_day(spec, catalogue, is_open, department.zone, today)
    return urgent_due_day(is_open, ready, department.booking.urgent_within_days, entered)


def _ready_after_scan(is_open: Callable[[date], bool], scan_day: date, planning_days: int) -> date:
    """The day a course is ready: its planning scan's treatment day plus the planning days (working
    days), as the engine counts them (`BookingEngine.add_working_days`)."""
    return working_days_after(is_open, scan_day, planning_days)


def _open_on_or_after(is_open: Callable[[date], bool], day: date) -> date:
    """The first treatment day from `day` on, as the engine moves a start onto one."""
    while not is_open(day):
        day += timedelta(days=1)
    return day


def _open_on_or_before(is_open: Callable[[date], bool], day: date, floor: date) -> date:
    """The last treatment day on or before `day`, not before `floor`: a target date that falls on a
    weekend or a closure is due the treatment day before it (after it, when none is left)."""
    back = day
    while back > floor and not is_open(back):
        back -= timedelta(days=1)
    return back if is_open(back) else _open_on_or_after(is_open, day)


def closed_days(calendar: ClinicCalendar, first: date, days: int) -> tuple[ClosedDay, ...]:
    """The days from `first` for `days` days the department is closed, and why: a clinic closure (its note apart,
    which a discreet list leaves out) or a public holiday of its region. A weekend is no closure."""
    found = []
    for offset in range(days):
        day = first + timedelta(days=offset)
        if day in calendar.closures:
            found.append(ClosedDay(day, "clinic closure", calendar.closures[day]))
        elif (reason := calendar.closure_reason(day)) is not None:
            found.append(ClosedDay(day, reason))
    return tuple(found)


def _agenda_entry(b: Booking, patient: str, total: int, hospital_number: str, zone: ZoneInfo,
                  given: Mapping[tuple[str, int], tuple[int, MakeUpMark | None]], missed_days: set[date],
                  usual_machine: str = "", put_off: Mapping[tuple[str, int], MakeUpMark | None] | None = None,
                  unreadable: bool = False) -> AgendaEntry:
    """A booking as the agenda shows it. A fraction on a day its course marks missed is that missed session, kept
    as the record of the day (a session begun is never moved); it makes up nothing, whatever its number says. The
    others show the number of the course's session they give (`given`), and are a make-up only when that one is.
    A fraction on another machine than its course's (`usual_machine`) says where the patient comes from. `put_off`
    (`BookingDesk._put_off`): the first fraction of a course a downtime or closure put off says it starts later, and
    the sessions added at the end for it make up nothing."""
    start, end = b.start.astimezone(zone), b.end.astimezone(zone)
    fraction = b.kind is AppointmentKind.FRACTION
    missed = fraction and start.date() in missed_days
    session, mark = given.get((b.course_id, b.number), (0, None)) if fraction else (0, None)
    later = put_off.get((b.course_id, b.number)) if fraction and put_off else None
    own = None if fraction and put_off and (b.course_id, b.number) in put_off else b.make_up
    make_up = None if missed else own or mark
    moved_from = usual_machine if fraction and usual_machine and usual_machine != b.machine else ""
    return AgendaEntry(b.course_id, patient, b.kind, b.number, total, start, end, hospital_number, make_up, missed or b.released,
                       session if session != b.number else 0, moved_from, b.released, None if missed else later, unreadable)


def _ending(start: datetime, booking: Booking) -> datetime:
    """When a booking moved to `start` ends: as long as it was in elapsed time, across a clock change too (an
    aware time plus a timedelta in one zone is wall-clock arithmetic, an hour off over the night the clocks go back)."""
    return (start.astimezone(UTC) + (booking.end.astimezone(UTC) - booking.start.astimezone(UTC))).astimezone(start.tzinfo)


def _look_alike_hint(name: str, known: Sequence[str]) -> str:
    """Why a name that reads like a machine's is not it: it differs only in capitals or spacing, or it holds a
    character no machine's name holds (a Cyrillic 'і' for a Latin 'i'), which the quoted name cannot show."""
    import unicodedata

    same = next((m for m in known if machine_key(m) == machine_key(name)), None)
    if same is not None:
        return f"; did you mean '{same}'?"
    odd = next((c for c in name if not c.isascii() and c.isprintable() and not any(c in m for m in known)), None)
    if odd is None:
        return ""
    return f"; it holds U+{ord(odd):04X} {unicodedata.name(odd, 'a character')}, which no machine's name holds"


def earlier_calendar_or_free(path: Path, course_id: str) -> bool:
    """Whether `path` holds nothing, or an earlier calendar of course `course_id` (which its update may replace)."""
    from ..ics.state import ExportFileError, of_course, read_export

    if not path.is_symlink() and not path.exists():
        return True
    try:
        return of_course(read_export(path), course_id)
    except ExportFileError:
        return False


def refuse_foreign_file(path: Path, course_id: str) -> None:
    """OSError (EEXIST) when `path` holds a file other than an earlier calendar of course `course_id`:
    an update replaces the patient's previous update of the same name, never a file the user put there."""
    import errno

    if not earlier_calendar_or_free(path, course_id):
        raise OSError(errno.EEXIST, f"{path.name} is already there and is not this course's calendar; it was left as it was, "
                                    "move it away or choose another folder", str(path))


def closure_note(text: str) -> str:
    """A closure's note as the department keeps it: one line of at most 200 characters (empty: none), as every text of a department."""
    return plain_text(Field.REASON, text)


def open_desk(url: str | None, catalogue: Catalogue, *, setting: str = "", clinic_phone: str = "",
              holidays: HolidaySource | None = None, access: Access = Access.ANY, clinic_name: str = "",
              discreet_shows_id: bool = True) -> BookingDesk:
    """The desk on the store at `url` (else IGRT_PLANNER_DB, the `setting`, or the default database);
    `access` as in Store.open (a desk that only reads works on a store it may not change)."""
    store = Store.open(url, setting=setting, access=access)
    try:
        return BookingDesk(store, catalogue, clinic_phone=clinic_phone, holidays=holidays, clinic_name=clinic_name,
                           discreet_shows_id=discreet_shows_id)
    except BaseException:
        store.close()
        raise


__all__ = ["MAX_CLOSURE_DAYS", "NO_DOWNTIME_REASON", "BookedCourse", "BookingDesk", "CalendarUpdate", "ClosureReport",
           "CourseBookedMeanwhile", "NoDepartment", "OutdatedCalendar", "SlotTaken", "answer_warnings", "booked_spec",
           "group_departure", "open_desk", "urgent_start_words"]
