"""The department store: patients, courses with their history and exports, and the department.

Open one with `Store.open(url)`. Every update of a course is checked against the version the
caller read (optimistic locking): the loser of a race gets `CourseConflict` naming who saved
first, when, and which fields they changed, and nothing of either save is lost. Every change
is written to the audit table in the same transaction as the change itself.
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import re
import sqlite3
import stat
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time
from enum import StrEnum
from pathlib import Path
from time import sleep
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from sqlalchemy import (
    Date,
    Engine,
    String,
    and_,
    case,
    create_engine,
    delete,
    event,
    exists,
    func,
    insert,
    inspect,
    literal,
    literal_column,
    or_,
    select,
    text,
    type_coerce,
    update,
)
from sqlalchemy.engine import URL, Connection
from sqlalchemy.exc import DBAPIError, IntegrityError, SQLAlchemyError
from sqlalchemy.pool import NullPool

from ...core.department import (
    Booking,
    Department,
    Downtime,
    new_downtime,
    with_changes_since,
    with_machines_renamed,
    with_recorded_closures,
    with_recorded_downtime,
)
from ...core.department_closures import DepartmentClosures
from ...core.errors import Field, InputError
from ...core.spec import CourseSpec
from ...core.text import quoted, single_line_problem, too_long
from ..course_file import DamagedText, spec_to_json, unknown_fields
from ..database_choice import chosen_url
from ..files import data_dir, ensure_private_dir
from . import schema as t
from .bookings import (
    BOOKING_FIELD,
    MissedCourse,
    booked_courses,
    bookings,
    bookings_between,
    follow_missed,
    make_ups_never_booked,
    mark_calendars,
    missed_courses,
    shown_last_day,
    take_turns,
)
from .department_rows import machine_ids, read_department, recorded_downtime, write_department
from .department_trail import TrailEntry, removals
from .downtime_moves import downtime_moves, leave_older_moves
from .errors import (
    ASK_FOR_WRITES,
    ConflictDetails,
    CourseCancelled,
    CourseConflict,
    CourseFromNewer,
    CourseNotFound,
    DowntimeHitsBookings,
    MachineStillBooked,
    StoreError,
    Trouble,
    trouble_of,
)
from .stored_spec import spec_of_row
from .url import connect_seconds, masked, parse_url, refuse_network_share, url_secrets

BUSY_TIMEOUT_MS = 10_000
UPGRADE_LOCK = 0x16E7B00D  # PostgreSQL advisory lock held while one planner upgrades the schema (see Store.upgrade)
MAX_NAME = 200
MAX_NUMBER = 100
MAX_COURSE_ID = 100
_SKIPPED_FIELDS = frozenset({"schema", "app", "course_id"})
_CALENDAR_FIELDS = ("tz", "holidays", "closed", "days")


class Access(StrEnum):
    """What the caller of `Store.open` will do with the store, for a store this user may not write: an SQLite file (its
    mode, its owner, a read-only folder or file system), or a PostgreSQL database whose role lacks the privileges the
    planner writes with (a viewer's role granted only SELECT; one allowed to write some tables but not all counts too)."""

    READ = "read"  # reads only: such a store is opened read-only (listing, showing, the agenda)
    WRITE = "write"  # changes it: such a store is refused at once, naming why, before anything is done
    ANY = "any"  # the Bookings window's: opened as any other (not asked), a write failing when it comes


class CourseStatus(StrEnum):
    """Where a course stands today."""

    PLANNED = "planned"  # not booked on a machine (where the department has machines: until its planned last day)
    BOOKED = "booked"  # planned, and booked on a machine; not started yet
    ON_TREATMENT = "on treatment"  # from its first booked fraction (no machines in the department: its planned first day)
    # booked, not cancelled: a make-up of a session missed was never booked and its day has passed, so fractions of the
    # prescribed course were not given; until the make-up is booked, the mark taken back, or the course cancelled
    MAKE_UP_NOT_BOOKED = "make-up not booked"
    FINISHED = "finished"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class StoredCourse:
    """A course as the store holds it, with the version to hand back when saving it again."""

    spec: CourseSpec
    version: int
    own_calendar: bool  # True: the course overrides the department's calendar (tz, holidays, closures, days)
    cancelled: bool
    first: date | None
    last: date | None
    created_at: datetime
    created_by: str
    updated_at: datetime
    updated_by: str
    damaged: tuple[DamagedText, ...] = ()  # read for repair (load_course(repairing=True)): its text a save must replace
    unknown: tuple[str, ...] = ()  # fields a newer planner wrote that this one does not know: shown without, never saved over

    def effective_spec(self, department: Department | None) -> CourseSpec:
        """The spec to plan with: the department's calendar unless the course overrides it."""
        if self.own_calendar or department is None:
            return self.spec
        return with_department_calendar(self.spec, department)


@dataclass(frozen=True)
class CourseSummary:
    """One row of the patient list."""

    course_id: str
    patient: str
    patient_id: str
    site: str
    first: date | None
    last: date | None
    status: CourseStatus
    version: int
    updated_at: datetime
    updated_by: str
    calendar_owed: bool = False  # the patient's exported calendar changed and the update was not given yet
    # `last` is a make-up added at the end of the booked course and not booked yet (its day is where booking it puts it)
    last_not_booked: bool = False
    # fractions of the prescribed course never given: their make-up was never booked and its day has passed
    # (`CourseStatus.MAKE_UP_NOT_BOOKED`); 0 on every other course
    not_given: int = 0

    def to_json(self) -> dict[str, Any]:
        return {"course_id": self.course_id, "patient": self.patient, "patient_id": self.patient_id, "site": self.site,
                "first": self.first.isoformat() if self.first else None, "last": self.last.isoformat() if self.last else None,
                "last_not_booked": self.last_not_booked, "status": self.status.value, "not_given": self.not_given}


@dataclass(frozen=True)
class AuditEntry:
    """One changed field of one save: who, when, from what to what (values as JSON text)."""

    at: datetime
    who: str
    course_id: str
    version: int
    field: str
    old_value: str | None
    new_value: str | None


def with_department_calendar(spec: CourseSpec, department: Department) -> CourseSpec:
    """`spec` planned on the department's calendar: its zone, holidays, closures and treatment days."""
    return spec.updated(tz=department.timezone, holidays=department.holidays, closed=department.closures,
                        days=department.treatment_days)


def with_department_closures(spec: CourseSpec, department: Department | None) -> CourseSpec:
    """`spec` with the department's closures beside its own, for a booked course shown (its week, sheet, plan): a
    department closure (snow, a power cut) closes every machine, so it applies to a course that keeps its own
    calendar too. A day its own calendar already closes keeps the course's note."""
    if department is None:
        return spec
    added = DepartmentClosures(department.closures).beside(spec.closed)
    return spec.updated(closed=tuple(sorted(spec.closed + added, key=lambda item: item[0]))) if added else spec


def without_department_closures(spec: CourseSpec, stored: CourseSpec, department: Department | None,
                                shown: Iterable[tuple[date, str]] = ()) -> CourseSpec:
    """`spec` (as shown: `with_department_closures`) without the department's closures that the `stored` course's
    own calendar did not hold: saving keeps them the department's, so a closure taken back is taken back for it too.
    `shown`: the closures the course was shown with, those of the department then (taken back since, still not its own)."""
    kept = set(stored.closed)
    theirs = set(department.closures if department is not None else ()) | set(shown)
    closed = tuple(item for item in spec.closed if item in kept or item not in theirs)
    return spec if closed == spec.closed else spec.updated(closed=closed)


def same_calendar(spec: CourseSpec, department: Department) -> bool:
    """Whether the course's own calendar fields say what the department's do."""
    return (spec.tz == department.timezone and (spec.holidays or None) == department.holidays
            and spec.closed == department.closures and spec.days == department.treatment_days)


def _zone_of(spec: CourseSpec) -> ZoneInfo:
    """The course's own zone, which its missed days are days of (UTC when it no longer reads)."""
    try:
        return ZoneInfo(spec.tz)
    except (ValueError, KeyError, OSError):
        return ZoneInfo("UTC")


def default_user() -> str:
    """The operating-system user, for the audit trail of an embedded store. getpass reads $LOGNAME or $USER first:
    one that is not a clean short line (a line break, an escape sequence, markup a window would render, a megabyte)
    is not written into the trail that every coordinator's window and terminal shows; the user id is."""
    try:
        name = getpass.getuser()
    except (OSError, KeyError):
        name = ""
    if not name.strip() or single_line_problem(name, MAX_NAME):  # the audit columns hold 200 characters
        return f"uid {os.getuid()}"
    return name


def database_user(role: str) -> str:
    """Who a PostgreSQL store's audit trail names: the coordinator's login and the database role the server
    let in, "alice (role planner)". A department whose workstations share one role (as its setup suggests)
    would otherwise read "planner" for every change; where the login is the role, the role alone."""
    login = default_user()
    named = f"{login} (role {role})"
    return role if login == role or len(named) > MAX_NAME else named


def _flatten(prefix: str, value: Any, out: dict[str, str]) -> None:
    if isinstance(value, dict):
        for key, inner in value.items():
            if not prefix and key in _SKIPPED_FIELDS:
                continue
            _flatten(f"{prefix}.{key}" if prefix else key, inner, out)
    else:
        out[prefix] = json.dumps(value, ensure_ascii=False, sort_keys=True)


def _unknown_of(stored: str) -> tuple[str, ...]:
    """The fields of a stored course's text this planner does not know (none for text that does not parse: that is
    the reading's to refuse)."""
    try:
        return unknown_fields(json.loads(stored))
    except (ValueError, RecursionError):
        return ()


def changed_fields(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[tuple[str, str | None, str | None]]:
    """(field, old JSON, new JSON) for each field of the course file that differs."""
    before: dict[str, str] = {}
    after: dict[str, str] = {}
    _flatten("", old, before)
    _flatten("", new, after)
    return [(key, before.get(key), after.get(key)) for key in sorted(set(before) | set(after)) if before.get(key) != after.get(key)]


def database_failure(exc: BaseException, display_url: str, url: URL) -> StoreError:
    """A database error met outside the store's own methods (the booking desk reads it directly: a file
    damaged past its first pages, a server gone mid-command) as the store says its own: one line, no password."""
    return StoreError(f"{display_url}: the database cannot be read or written ({_first_line(exc, url)})", trouble=trouble_of(exc))


def _first_line(exc: BaseException, url: URL) -> str:
    """The driver's own reason, one line, with any password taken out."""
    inner = getattr(exc, "orig", None) or exc
    line = next((part.strip() for part in str(inner).splitlines() if part.strip()), type(inner).__name__)
    for secret in sorted(url_secrets(url), key=len, reverse=True):
        line = line.replace(secret, "***")
    return line[:300]


def entered_before_start(created: datetime | None, first: date | None) -> bool:
    """Whether a course was stored before its first day (UTC's, as the SQL compares): in a department that
    books, such a course not booked is still waiting past its planned days, not finished. One stored later
    (an old course imported) was treated before the store knew of it."""
    return created is not None and first is not None and created < datetime.combine(first, time(0), tzinfo=UTC)


def _last_day_column(last_days: Mapping[str, tuple[date | None, date]]) -> Any:
    """The courses' last day as their status counts it: the stored one, or `Store.last_days_not_written`'s while the
    store still holds the day it was put right from."""
    if not last_days:
        return t.courses.c.last_day
    stored = t.courses.c.last_day
    return case(*((and_(t.courses.c.id == course_id, stored.is_(None) if was is None else stored == was), literal(day, Date))
                  for course_id, (was, day) in sorted(last_days.items())), else_=stored)


def _status_expression(today: date, short: Iterable[str] = (),
                       last_days: Mapping[str, tuple[date | None, date]] | None = None) -> Any:
    """The SQL twin of `Store.course_status`: in a department that books (it has machines) a course
    not booked on a machine is "planned" until its planned last day, even once its planned first
    day has passed (nobody treats it), and after it too when it was stored before its first day (it
    was meant to be booked, and nobody did: not "finished"); without machines the planned days alone
    decide. `short`: the courses with a make-up never booked whose day has passed (`make_ups_never_booked`); `last_days`:
    `Store.last_days_not_written`."""
    never_booked = sorted(short)  # a few at most: nearly always none, and the case then holds no such test
    not_started = or_(t.courses.c.first_day.is_(None), t.courses.c.first_day > today)
    booked = exists().where(booked_courses.c.course_id == t.courses.c.id)
    last_day = _last_day_column(last_days or {})
    not_over = or_(last_day.is_(None), last_day >= today)
    books = exists().where(t.machines.c.id.is_not(None))
    entered_early = t.courses.c.created_at < t.courses.c.first_day  # see `entered_before_start`
    short_of = [(t.courses.c.id.in_(never_booked), CourseStatus.MAKE_UP_NOT_BOOKED.value)] if never_booked else []
    return case(
        (t.courses.c.cancelled, CourseStatus.CANCELLED.value),
        *short_of,
        (and_(not_started, booked), CourseStatus.BOOKED.value),
        (not_started, CourseStatus.PLANNED.value),
        (and_(or_(not_over, entered_early), books, ~booked), CourseStatus.PLANNED.value),
        (not_over, CourseStatus.ON_TREATMENT.value),
        else_=CourseStatus.FINISHED.value,
    )


def _conflict_of(conn: Connection, course_id: str, since: int) -> ConflictDetails:
    """Who changed the course since version `since`, when, and which fields."""
    row = conn.execute(select(t.courses.c.version, t.courses.c.updated_by, t.courses.c.updated_at)
                       .where(t.courses.c.id == course_id)).first()
    if row is None:
        return ConflictDetails(course_id, "another user", datetime.now(UTC), 0, ())
    names = conn.execute(select(t.audit.c.field).where(and_(t.audit.c.course_id == course_id, t.audit.c.version > since,
                                                           t.audit.c.field != BOOKING_FIELD))  # bookings make no new version
                         .order_by(t.audit.c.id)).scalars().all()
    fields = tuple(dict.fromkeys(str(n) for n in names))
    return ConflictDetails(course_id, str(row.updated_by), row.updated_at, int(row.version), fields)


def changed_since(conn: Connection, course_id: str, since: int) -> ConflictDetails:
    """Who changed the course since version `since` (inside the caller's transaction), when, and which fields."""
    return _conflict_of(conn, course_id, since)


def write_cancelled(conn: Connection, display_url: str, course_id: str, cancelled: bool, expected_version: int, who: str,
                    now: datetime) -> int:
    """Inside the caller's write: the course cancelled (or reinstated) as a new version, with its audit
    entry at `now` (the instant a cancelled course's calendar counts as cancelled from); returns the
    new version. CourseConflict when it is no longer at `expected_version`."""
    row = conn.execute(select(t.courses.c.version, t.courses.c.cancelled).where(t.courses.c.id == course_id)).first()
    if row is None:
        raise CourseNotFound(f"no course {course_id} in {display_url}")
    done = conn.execute(update(t.courses)
                        .where(and_(t.courses.c.id == course_id, t.courses.c.version == expected_version))
                        .values(cancelled=cancelled, version=expected_version + 1, updated_at=now, updated_by=who))
    if done.rowcount != 1:
        raise CourseConflict(_conflict_of(conn, course_id, expected_version))
    conn.execute(insert(t.audit).values(at=now, who=who, course_id=course_id, version=expected_version + 1,
                                        field="cancelled", old_value=json.dumps(bool(row.cancelled)),
                                        new_value=json.dumps(cancelled)))
    return expected_version + 1


def cancelled_at(conn: Connection, course_id: str) -> datetime | None:
    """When the course was last cancelled (its audit trail's last "cancelled" entry), None if never."""
    found: datetime | None = conn.execute(
        select(t.audit.c.at).where(and_(t.audit.c.course_id == course_id, t.audit.c.field == "cancelled",
                                        t.audit.c.new_value == json.dumps(True)))
        .order_by(t.audit.c.id.desc()).limit(1)).scalar()
    return found


class Store:
    """One open database. Thread-safe through SQLAlchemy's connection pool."""

    def __init__(self, engine: Engine, url: URL, user: str) -> None:
        self.engine = engine
        self.url = url
        self.user = user
        self.display_url = masked(url)  # the URL for messages: never with its password
        self.opened_at: str | None = None  # the schema revision the database had when opened
        self.backup: Path | None = None  # the copy made before upgrading it, if one was
        self.read_only = False  # a store this user may not write, opened for reading (Access.READ)
        self.read_only_why = ""  # why, in words ("the file may not be written: ...", "your database role ... may only read it")
        self.read_only_role = ""  # on PostgreSQL, the role that may not write it (named in `read_only_why`)
        # Booked courses whose stored last day an older planner left at their last booked session, before the make-up
        # waiting at their end, and that could not be put right here (a store opened read-only): by course, (the last day
        # stored, the make-up's day), which their status counts in place of the stored one while the store still holds
        # that day (`BookingDesk.follow_make_ups`; a course changed since, by another coordinator, is read as stored).
        self.last_days_not_written: dict[str, tuple[date | None, date]] = {}
        self._watcher: sqlite3.Connection | None = None  # an SQLite store's connection that only reads `change_mark`
        self.opened_file: tuple[int, int] | None = None  # a writable SQLite store's file as opened (`_refuse_replaced`)

    # ------------------------------------------------------------------ opening
    @classmethod
    def open(cls, url: str | None = None, *, user: str | None = None, upgrade: bool = True, setting: str = "",
             access: Access = Access.ANY) -> Store:
        """Open (creating the embedded file when missing) and, with `upgrade`, bring an older schema
        up to date (after a backup copy for SQLite). A newer schema is refused. `access` says what
        the caller will do with a store it may not write (see Access): on PostgreSQL, one query at opening
        asks whether the role may write every table the planner writes (`_role_may_not_write`)."""
        given = url or chosen_url(None, setting)
        parsed = parse_url(given)
        created: Path | None = None
        read_only = False
        opened_file: tuple[int, int] | None = None
        if parsed.get_backend_name() == "sqlite":
            engine, created, read_only = _sqlite_engine(parsed, masked(given), access)
            if not read_only:
                opened_file = _refuse_replaced(engine, Path(str(engine.url.database)), masked(given))
        else:  # PostgreSQL: the planner has no hstore column, so SQLAlchemy need not look the type up at each connection
            # (a query and about 3.5 ms of every command's opening)
            engine = create_engine(parsed, connect_args={"connect_timeout": connect_seconds(parsed)}, pool_pre_ping=True,
                                   use_native_hstore=False)
        store = cls(engine, parsed, user or "")
        store.opened_file = opened_file
        store.display_url = masked(given)
        store.read_only = read_only
        if read_only:
            store.read_only_why = read_only_reason(Path(str(parsed.database)).expanduser()) or "read-only"
        try:
            store.opened_at, store.backup = store._prepare(upgrade and not read_only, access)
        except BaseException:
            engine.dispose()
            if created is not None:  # made by this call and never used: no empty database is left behind
                _remove_new_file(created)
            raise
        return store

    @property
    def backend(self) -> str:
        return self.url.get_backend_name()

    def close(self) -> None:
        if self._watcher is not None:
            self._watcher.close()
            self._watcher = None
        self.engine.dispose()

    @contextmanager
    def connection(self) -> Iterator[Connection]:
        """A connection for a use case's own reading (the booking desk's, which reads tables the store's methods do not):
        a failure of the database itself is the store's error (`database_failure`: one line, its trouble), never the
        driver's, which the window would only report as an unexpected problem."""
        try:
            with self.engine.connect() as conn:
                yield conn
        except SQLAlchemyError as exc:
            raise database_failure(exc, self.display_url, self.url) from None

    def change_mark(self) -> str | None:
        """A cheap mark of the whole store's state (one small query, no table read), for a reader that shows what it
        read (the Bookings window) to tell whether anything was written since, by this process or any other: equal
        marks, nothing committed in between. Read it before what it marks, so that a write landing in between leaves
        an older mark beside the newer reading (read again next time), never the reverse. None when no such mark can be
        read (a store opened read-only, in memory, one whose mark fails): the reader then reads again each time.

        SQLite: `PRAGMA data_version` on a connection of its own that never writes, which changes with every commit of
        any other connection (this store's pool included). PostgreSQL: the transaction snapshot (xmin:xmax:in-progress
        ids), which moves once a transaction that wrote has begun or ended; other databases of the server move it too,
        which only costs a reading."""
        if self.read_only and self.backend == "sqlite":  # its connections read copies of the file (`_read_only_engine`)
            return None
        if self.backend == "sqlite":
            return self._sqlite_mark()
        try:
            with self.engine.connect() as conn:
                return str(conn.execute(text("SELECT txid_current_snapshot()::text")).scalar_one())
        except SQLAlchemyError:
            return None

    def _sqlite_mark(self) -> str | None:
        database = str(self.url.database or "")
        if not database or database == ":memory:" or database.startswith("file:"):
            return None
        if self.opened_file is not None and _file_identity(Path(database).expanduser()) != self.opened_file:
            return None  # replaced under this store: the reader reads again, and is told (`_refuse_replaced`)
        try:
            if self._watcher is None:
                path = Path(database).expanduser().resolve()
                self._watcher = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, isolation_level=None,
                                                check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000)
            return f"sqlite:{self._watcher.execute('PRAGMA data_version').fetchone()[0]}"
        except (sqlite3.Error, OSError, ValueError):
            if self._watcher is not None:
                self._watcher.close()
                self._watcher = None  # opened again next time
            return None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _prepare(self, upgrade: bool, access: Access = Access.ANY) -> tuple[str | None, Path | None]:
        from .migrate import head_revision_fast

        try:
            with self.engine.connect() as conn:
                current = _revision_of(conn)
                role, why = _role_may_not_write(conn) if self.backend == "postgresql" and access is not Access.ANY else ("", None)
                if not self.user:  # on PostgreSQL the role's name (asked once: the question above gives it when asked)
                    self.user = database_user(role or str(conn.execute(text("SELECT current_user")).scalar_one())) \
                        if self.backend == "postgresql" else default_user()
        except SQLAlchemyError as exc:
            raise StoreError(f"{self.display_url}: cannot open the database ({_first_line(exc, self.url)})") from None
        if why is not None and access is Access.WRITE:
            raise StoreError(f"{self.display_url}: the database cannot be changed here ({why}); nothing was changed")
        if why is not None:  # opened for reading, as an SQLite file this user may not write: nothing written, no upgrade
            self.read_only, self.read_only_why, self.read_only_role = True, why, role
        head = head_revision_fast()
        if current == head:
            return current, None
        from .migrate import known_revisions

        if current is not None and current not in known_revisions():
            raise StoreError(f"{self.display_url}: the database was written by a newer version of the planner "
                             f"(schema {current}; this planner knows up to {head}): update the planner")
        if self.read_only:
            raise StoreError(f"{self.display_url}: the database is at schema {current or 'none'}, this planner needs {head}, "
                             "and it cannot be upgraded here (read-only): ask someone who may change it to run "
                             "`python -m planner db upgrade`")
        if not upgrade:
            raise StoreError(f"{self.display_url}: the database is at schema {current or 'none'}, "
                             f"this planner needs {head}: run `python -m planner db upgrade`")
        return current, self.upgrade()

    def revision(self) -> str | None:
        """The schema revision the database is at."""
        with self._reading() as conn:
            return _revision_of(conn)

    def upgrade(self) -> Path | None:
        """Bring the schema to the newest revision; an older SQLite file is first copied beside
        itself. Returns the copy's path, or None when no copy was needed."""
        from .migrate import head_revision_fast
        from .migrate import upgrade as run_upgrade

        made: Path | None = None
        try:
            with self.engine.connect() as conn:
                # One upgrade at a time: workstations started together after an update would otherwise each
                # read the old revision and then create the same tables (the second failing, "already exists";
                # on SQLite also both copying the file under one name). The second waits for the first, then
                # finds the schema current. SQLite: the write lock taken at BEGIN; PostgreSQL: an advisory lock.
                if self.backend == "sqlite":
                    conn.execution_options(immediate=True)
                conn.begin()
                if self.backend == "postgresql":
                    conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": UPGRADE_LOCK})
                current = _revision_inside(conn)
                if current == head_revision_fast():
                    conn.rollback()
                    return None
                if current is not None and self.backend == "sqlite":
                    made = self._backup(current)
                run_upgrade(conn)  # inside this transaction (Alembic joins it), committed when done
        except SQLAlchemyError as exc:
            raise StoreError(f"{self.display_url}: upgrading the database failed ({_first_line(exc, self.url)})") from None
        return made

    def _backup(self, revision: str) -> Path:
        """A consistent copy of the SQLite file (sqlite3's online backup), mode 0600, beside it."""
        source = Path(str(self.url.database)).expanduser()
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        target = source.with_name(f"{source.name}.schema-{revision}-{stamp}.bak")
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.close(fd)
        with contextlib.closing(sqlite3.connect(source)) as src, contextlib.closing(sqlite3.connect(target)) as dst:
            src.backup(dst)
        os.chmod(target, 0o600)
        return target

    # ------------------------------------------------------------------ transactions
    @contextmanager
    def _writing(self, *, integrity_errors: bool = False, lock_bookings: bool = False) -> Iterator[Connection]:
        """One write transaction (on SQLite the write lock is taken at BEGIN, so what is read
        inside cannot change before the write). `integrity_errors`: let the caller handle them.
        `lock_bookings`: on PostgreSQL, take turns with the writers of bookings and downtime too."""
        if self.read_only:  # opened for reading (a window on a file it may only read): said before anything is tried
            raise StoreError(f"{self.display_url}: the database cannot be changed here ({self.read_only_why}); nothing was changed",
                             trouble=Trouble.READ_ONLY, writing=True)
        try:
            with self.engine.connect() as conn:
                if self.backend == "sqlite":
                    conn.execution_options(immediate=True)
                with conn.begin():
                    if lock_bookings:
                        take_turns(conn)
                    yield conn
        except (CourseConflict, InputError, StoreError):
            raise
        except IntegrityError:
            if integrity_errors:
                raise
            raise StoreError(f"{self.display_url}: another user changed the same records at the same moment; try again") from None
        except SQLAlchemyError as exc:
            raise write_refused(exc, self.engine, self.display_url, _first_line(exc, self.url)) from None

    @contextmanager
    def _reading(self) -> Iterator[Connection]:
        try:
            with self.engine.connect() as conn, conn.begin():
                yield conn
        except (CourseConflict, InputError, StoreError):
            raise
        except SQLAlchemyError as exc:
            raise StoreError(f"{self.display_url}: {_first_line(exc, self.url)}", trouble=trouble_of(exc)) from None

    # ------------------------------------------------------------------ courses
    def save_course(self, spec: CourseSpec, expected_version: int | None = None, user: str | None = None, *,
                    span: tuple[date | None, date | None] | None = None, own_calendar: bool | None = None) -> int:
        """Store `spec`. `expected_version` is the version the caller read (None for a new course);
        returns the new version. `span` gives the first and last fraction's dates for the patient
        list. `own_calendar` None keeps what the course had (a new course overrides the department's
        calendar only where its calendar differs from it)."""
        check_patient(spec)
        spec.check_text()  # a course read for repair (its markup kept) is saved only with clean text in its place
        patient_name = spec.patient_name.strip()
        number = spec.patient_id.strip()
        document = spec_to_json(spec)
        stored_text = json.dumps(document, ensure_ascii=False, sort_keys=True)
        first, last = span if span is not None else (spec.start, None)
        who = user or self.user
        now = datetime.now(UTC)
        try:
            with self._writing(integrity_errors=True, lock_bookings=True) as conn:
                patient_id = self._patient(conn, number, patient_name)
                row = conn.execute(select(t.courses.c.version, t.courses.c.spec, t.courses.c.own_calendar,
                                          t.courses.c.updated_by, t.courses.c.updated_at, t.courses.c.first_day,
                                          t.courses.c.last_day, t.courses.c.patient_id, t.courses.c.cancelled)
                                   .where(t.courses.c.id == spec.course_id)).first()
                if expected_version is None:
                    if row is not None:
                        raise CourseConflict(self._conflict(conn, spec.course_id, 0))
                    if own_calendar is None:
                        department = self._department(conn)
                        own_calendar = department is None or not same_calendar(spec, department)
                    self._insert(conn, spec, patient_id, stored_text, (first, last), own_calendar, who, now)
                    return 1
                if row is None:
                    raise CourseNotFound(f"no course {spec.course_id} in {self.display_url}")
                if row.version != expected_version:
                    raise CourseConflict(self._conflict(conn, spec.course_id, expected_version))
                newer = _unknown_of(row.spec)
                if newer:  # written by a newer planner: this version's text would leave its fields out
                    raise CourseFromNewer(spec.course_id, newer)
                keep_own = row.own_calendar if own_calendar is None else own_calendar
                booked = conn.execute(select(booked_courses.c.course_id).where(booked_courses.c.course_id == spec.course_id)).first()
                if booked:
                    first, last = row.first_day, row.last_day  # a booked course's days are its bookings' (see BookingDesk)
                if (stored_text == row.spec and bool(keep_own) == bool(row.own_calendar) and patient_id == row.patient_id
                        and (first, last) == (row.first_day, row.last_day)):
                    return expected_version  # nothing changed: no new version, no audit entry
                if row.cancelled:
                    raise CourseCancelled(f"course {spec.course_id} is cancelled: reinstate it first (`course reinstate "
                                          f"--course-id {spec.course_id}`, or Department → Reinstate course…)")
                version = expected_version + 1
                done = conn.execute(update(t.courses)
                                    .where(and_(t.courses.c.id == spec.course_id, t.courses.c.version == expected_version))
                                    .values(patient_id=patient_id, site=spec.site, first_day=first, last_day=last,
                                            own_calendar=keep_own, spec=stored_text, version=version,
                                            updated_at=now, updated_by=who))
                if done.rowcount != 1:
                    raise CourseConflict(self._conflict(conn, spec.course_id, expected_version))
                if booked:  # a session marked missed in advance gives its machine time up; one unmarked takes it back
                    follow_missed(conn, spec.course_id, [m.day for m in spec.adjustments.missed], _zone_of(spec), now,
                                  spec.review_day, who)
                changes = changed_fields(json.loads(row.spec), document)
                if keep_own != row.own_calendar:
                    changes.append(("own_calendar", json.dumps(row.own_calendar), json.dumps(keep_own)))
                if changes:
                    conn.execute(insert(t.audit), [
                        {"at": now, "who": who, "course_id": spec.course_id, "version": version,
                         "field": name, "old_value": old, "new_value": new} for name, old, new in changes])
                return version
        except IntegrityError:
            # Another writer inserted the same course (or patient) between our read and our write.
            with self._reading() as conn:
                raise CourseConflict(self._conflict(conn, spec.course_id, expected_version or 0)) from None

    def _insert(self, conn: Connection, spec: CourseSpec, patient_id: int, stored_text: str,
                span: tuple[date | None, date | None], own_calendar: bool, who: str, now: datetime) -> None:
        conn.execute(insert(t.courses).values(
            id=spec.course_id, patient_id=patient_id, site=spec.site, first_day=span[0], last_day=span[1],
            cancelled=False, own_calendar=own_calendar, spec=stored_text, version=1,
            created_at=now, created_by=who, updated_at=now, updated_by=who))
        conn.execute(insert(t.audit).values(at=now, who=who, course_id=spec.course_id, version=1,
                                            field="(created)", old_value=None, new_value=None))

    def add_courses(self, items: Sequence[tuple[CourseSpec, tuple[date | None, date | None]]], *,
                    user: str | None = None) -> list[str]:
        """Add many new courses in one transaction (importing a folder of course files); a course
        whose id is already in the store is left as it is. Returns the ids added."""
        who = user or self.user
        now = datetime.now(UTC)
        for spec, _ in items:
            check_patient(spec)
        with self._writing() as conn:
            department = self._department(conn)
            present = set(conn.execute(select(t.courses.c.id)).scalars())
            fresh: dict[str, CourseSpec] = {}
            for spec, _ in items:
                if spec.course_id not in present:
                    fresh.setdefault(spec.course_id, spec)
            if not fresh:
                return []
            spans = {spec.course_id: span for spec, span in items}
            names = {spec.patient_id.strip(): spec.patient_name.strip() for spec in fresh.values()}
            patient_ids = self._patients(conn, names)
            rows, entries = [], []
            for spec in fresh.values():
                first, last = spans[spec.course_id]
                rows.append({"id": spec.course_id, "patient_id": patient_ids[spec.patient_id.strip()], "site": spec.site,
                             "first_day": first, "last_day": last, "cancelled": False,
                             "own_calendar": department is None or not same_calendar(spec, department),
                             "spec": json.dumps(spec_to_json(spec), ensure_ascii=False, sort_keys=True), "version": 1,
                             "created_at": now, "created_by": who, "updated_at": now, "updated_by": who})
                entries.append({"at": now, "who": who, "course_id": spec.course_id, "version": 1, "field": "(created)",
                                "old_value": None, "new_value": None})
            conn.execute(insert(t.courses), rows)
            conn.execute(insert(t.audit), entries)
        return list(fresh)

    def _patients(self, conn: Connection, names: Mapping[str, str]) -> dict[str, int]:
        """Row ids of the patients by hospital number, adding and renaming as needed (in bulk)."""
        known: dict[str, tuple[int, str]] = {}
        numbers = list(names)
        for chunk in range(0, len(numbers), 500):
            part = numbers[chunk:chunk + 500]
            for row in conn.execute(select(t.patients.c.hospital_number, t.patients.c.id, t.patients.c.name)
                                    .where(t.patients.c.hospital_number.in_(part))):
                known[row.hospital_number] = (row.id, row.name)
        missing = [{"hospital_number": n, "name": names[n], "name_folded": names[n].casefold()} for n in numbers if n not in known]
        if missing:
            conn.execute(insert(t.patients), missing)
            for chunk in range(0, len(missing), 500):
                part = [m["hospital_number"] for m in missing[chunk:chunk + 500]]
                for row in conn.execute(select(t.patients.c.hospital_number, t.patients.c.id, t.patients.c.name)
                                        .where(t.patients.c.hospital_number.in_(part))):
                    known[row.hospital_number] = (row.id, row.name)
        for number, (key, name) in known.items():
            if name != names[number]:
                conn.execute(update(t.patients).where(t.patients.c.id == key).values(name=names[number], name_folded=names[number].casefold()))
        return {number: key for number, (key, _) in known.items()}

    def has_course(self, course_id: str) -> bool:
        with self._reading() as conn:
            return conn.execute(select(t.courses.c.id).where(t.courses.c.id == course_id)).first() is not None

    def set_cancelled(self, course_id: str, cancelled: bool, expected_version: int, *, user: str | None = None,
                      now: datetime | None = None) -> int:
        """Cancel a course (or take the cancellation back); returns the new version."""
        with self._writing() as conn:
            return write_cancelled(conn, self.display_url, course_id, cancelled, expected_version, user or self.user,
                                   now or datetime.now(UTC))

    def _patient(self, conn: Connection, number: str, name: str) -> int:
        """The patient's row id, added or renamed as needed."""
        row = conn.execute(select(t.patients.c.id, t.patients.c.name).where(t.patients.c.hospital_number == number)).first()
        if row is not None:
            if row.name != name:
                conn.execute(update(t.patients).where(t.patients.c.id == row.id).values(name=name, name_folded=name.casefold()))
            return int(row.id)
        # Another coordinator may be adding a course of the same new patient this very moment: their row is
        # waited for and taken (PostgreSQL; SQLite's writers take turns), not a unique violation that would
        # refuse this save as if the course itself had been changed.
        values = {"hospital_number": number, "name": name, "name_folded": name.casefold()}
        if self.backend == "postgresql":
            from sqlalchemy.dialects.postgresql import insert as insert_new
        else:
            from sqlalchemy.dialects.sqlite import insert as insert_new  # type: ignore[assignment]
        conn.execute(insert_new(t.patients).values(**values).on_conflict_do_nothing(index_elements=["hospital_number"]))
        return self._patient(conn, number, name)

    def _conflict(self, conn: Connection, course_id: str, since: int) -> ConflictDetails:
        return _conflict_of(conn, course_id, since)

    def load_course(self, course_id: str, *, repairing: bool = False) -> StoredCourse:
        """The course as stored. Free text that today's rules refuse (markup an older version let in) raises
        CourseDamaged, which says how to repair it; `repairing` (a save, or the window's form, that is to replace it)
        reads it as it is, the fields named in `StoredCourse.damaged`. Anything else that does not read: StoreError."""
        with self._reading() as conn:
            row = conn.execute(select(t.courses, t.patients.c.name, t.patients.c.hospital_number)
                               .join(t.patients, t.patients.c.id == t.courses.c.patient_id)
                               .where(t.courses.c.id == course_id)).first()
        if row is None:
            raise CourseNotFound(f"no course {course_id} in {self.display_url}")
        unknown: list[str] = []
        spec, damaged = spec_of_row(course_id, row.spec, row.name, row.hospital_number, repairing=repairing,
                                    where=self.display_url, unknown=unknown)
        return StoredCourse(spec=spec, version=row.version, own_calendar=bool(row.own_calendar), cancelled=bool(row.cancelled),
                            first=row.first_day, last=row.last_day, created_at=row.created_at, created_by=row.created_by,
                            updated_at=row.updated_at, updated_by=row.updated_by, damaged=damaged, unknown=tuple(unknown))

    def course_status(self, course: StoredCourse, today: date | None = None) -> CourseStatus:
        """Where `course` stands on `today` (default: today in the department's zone)."""
        day = today or self.today()
        if course.cancelled:
            return CourseStatus.CANCELLED
        with self._reading() as conn:
            booked = conn.execute(select(booked_courses.c.course_id)
                                  .where(booked_courses.c.course_id == course.spec.course_id)).first() is not None
            books = conn.execute(select(t.machines.c.id).limit(1)).first() is not None
            if booked and self._make_ups(conn, day, [course.spec.course_id])[0]:
                return CourseStatus.MAKE_UP_NOT_BOOKED
        if course.first is None or course.first > day:
            return CourseStatus.BOOKED if booked else CourseStatus.PLANNED
        last = shown_last_day(self.last_days_not_written, course.spec.course_id, course.last)
        if last is None or last >= day:
            return CourseStatus.PLANNED if books and not booked else CourseStatus.ON_TREATMENT
        if books and not booked and entered_before_start(course.created_at, course.first):
            return CourseStatus.PLANNED
        return CourseStatus.FINISHED

    def today(self) -> date:
        """Today in the department's zone (the machine's when no department is set)."""
        with self._reading() as conn:
            zone_name = conn.execute(select(t.department.c.timezone).where(t.department.c.id == 1)).scalar()
        if not zone_name:
            return date.today()
        try:
            return datetime.now(ZoneInfo(zone_name)).date()
        except (ValueError, KeyError) as exc:  # KeyError: ZoneInfoNotFoundError; a zone changed by hand in the database
            raise StoreError(f"{self.display_url}: the department's time zone in the database is damaged "
                             f"({type(exc).__name__}); import the department file again") from None

    def _course_query(self, status: CourseStatus | str | None, search: str | None, today: date,
                      short: Iterable[str] = ()) -> Any:
        """`short`: the courses with a make-up never booked whose day has passed (`_make_ups`)."""
        status_column = _status_expression(today, short, self.last_days_not_written).label("status")
        query = (select(t.courses.c.id, t.patients.c.name, t.patients.c.hospital_number, t.courses.c.site,
                        t.courses.c.first_day, t.courses.c.last_day, status_column, t.courses.c.version,
                        t.courses.c.updated_at, t.courses.c.updated_by, t.courses.c.calendar_owed)
                 .join(t.patients, t.patients.c.id == t.courses.c.patient_id))
        if status is not None:
            try:
                wanted = CourseStatus(status)
            except ValueError:
                raise InputError(Field.STATUS, f"{quoted(str(status))} is not a status (use {', '.join(s.value for s in CourseStatus)})") from None
            query = query.where(_status_expression(today, short, self.last_days_not_written) == wanted.value)
        if search and search.strip():
            words = search.strip().casefold()
            query = query.where(or_(t.patients.c.name_folded.contains(words, autoescape=True),
                                    func.lower(t.patients.c.hospital_number).startswith(words, autoescape=True)))
        return query

    def list_courses(self, status: CourseStatus | str | None = None, search: str | None = None, *, limit: int | None = None,
                     offset: int = 0, today: date | None = None, missed_read: list[MissedCourse] | None = None) -> list[CourseSummary]:
        """The patient list: by patient name, then first fraction; filtered by status and by a search
        in the name (anywhere) or hospital number (its start), case-insensitive. `missed_read`: given, it receives the
        courses with a missed session as this read found them (`missed_courses`; none without a department), for
        `make_up_days.follow_make_ups_on_opening` (`course list`), which then does not read them again."""
        day = today or self.today()
        with self._reading() as conn:
            return self._page(conn, status, search, day, self._make_ups(conn, day, missed_read=missed_read), limit, offset)

    def count_and_list_courses(self, status: CourseStatus | str | None = None, search: str | None = None, *,
                               limit: int | None = None, today: date | None = None) -> tuple[int, list[CourseSummary]]:
        """`count_courses` and the first page of `list_courses` (`limit` rows) in one read: the make-up questions
        (`_make_ups`) are asked once for both, and both see the store at the same moment."""
        day = today or self.today()
        with self._reading() as conn:
            make_ups = self._make_ups(conn, day)
            return self._count(conn, status, search, day, make_ups[0]), self._page(conn, status, search, day, make_ups, limit, 0)

    def _page(self, conn: Connection, status: CourseStatus | str | None, search: str | None, day: date,
              make_ups: tuple[dict[str, int], set[str]], limit: int | None, offset: int) -> list[CourseSummary]:
        """A page of the patient list; `make_ups`: `_make_ups` of the same read."""
        short, ending = make_ups
        query = (self._course_query(status, search, day, short)
                 .order_by(t.patients.c.name_folded, t.courses.c.first_day, t.courses.c.id))
        if limit is not None:
            query = query.limit(limit)
        if offset:
            query = query.offset(offset)
        return [_summary(r, ending, short) for r in conn.execute(query).all()]

    def course_summaries(self, course_ids: Sequence[str], *, today: date | None = None) -> dict[str, CourseSummary]:
        """The patient list's rows of these courses as stored now, by id (a list that keeps its rows and
        place reads them again: another coordinator booked, cancelled or changed one meanwhile)."""
        day = today or self.today()
        found: dict[str, CourseSummary] = {}
        with self._reading() as conn:
            for chunk in range(0, len(course_ids), 500):
                part = list(course_ids[chunk:chunk + 500])
                short, ending = self._make_ups(conn, day, part)
                query = self._course_query(None, None, day, short).where(t.courses.c.id.in_(part))
                found.update((row.course_id, row) for row in (_summary(r, ending, short) for r in conn.execute(query).all()))
        return found

    def _make_ups(self, conn: Connection, today: date, course_ids: Iterable[str] | None = None, *,
                  missed_read: list[MissedCourse] | None = None) -> tuple[dict[str, int], set[str]]:
        """What the patient list and `course list` show of make-ups, from one read of the courses whose text shows a
        missed session (`missed_courses`; of `course_ids`, when given): the booked courses with a make-up never booked
        whose day is before `today`, each with how many fractions of the prescribed course were so not given
        (`make_ups_never_booked`); and the booked courses whose last day is a make-up not booked yet
        (`CourseSummary.last_not_booked`): those whose last day is after their last booked fraction's. Only a course
        whose text shows a missed session can have either: the others are passed over unread (a pass over every booking
        took 60 ms at 100,000). Neither without a department (none read then: no booking can exist), nor in a zone
        this computer does not know (no day is marked as not booked then). `missed_read`: receives the courses read."""
        name = conn.execute(select(t.department.c.timezone).where(t.department.c.id == 1)).scalar()
        if not name:  # no department: no machine, so no booking, and no course a make-up question asks of
            if missed_read is not None:
                missed_read[:] = []
            return {}, set()
        zone = _known_zone(name)
        if zone is None:
            if missed_read is not None:  # read all the same: the opening's check asks of them with the department's zone
                missed_read[:] = missed_courses(conn, course_ids)
            return {}, set()
        missed = missed_courses(conn, course_ids)
        if missed_read is not None:
            missed_read[:] = missed
        short = make_ups_never_booked(conn, today, zone, course_ids, self.last_days_not_written, missed)
        return short, {course.course_id for course in missed if course.ends_after_last_booked(zone)}

    def list_course_json(self, status: CourseStatus | str | None = None, search: str | None = None, *,
                         today: date | None = None) -> list[dict[str, Any]]:
        """The patient list as the command line prints it (`CourseSummary.to_json` of each row), read
        without building values or converting dates and instants it does not print."""
        day = today or self.today()
        with self._reading() as conn:
            short, waiting = self._make_ups(conn, day)
            base = self._course_query(status, search, day, short)
            query = (base.with_only_columns(t.courses.c.id, t.patients.c.name, t.patients.c.hospital_number, t.courses.c.site,
                                            type_coerce(t.courses.c.first_day, String), type_coerce(t.courses.c.last_day, String),
                                            _status_expression(day, short, self.last_days_not_written))
                     .order_by(t.patients.c.name_folded, t.courses.c.first_day, t.courses.c.id))
            rows = conn.execute(query).all()
        keys = ("course_id", "patient", "patient_id", "site", "first", "last", "last_not_booked", "status", "not_given")
        return [dict(zip(keys, (r[0], r[1], r[2], r[3], _iso(r[4]), _iso(r[5]), r[0] in waiting, r[6], short.get(r[0], 0)),
                         strict=True))
                for r in rows]

    def list_course_json_text(self, status: CourseStatus | str | None = None, search: str | None = None, *,
                              today: date | None = None, missed_read: list[MissedCourse] | None = None) -> str:
        """`list_course_json` as JSON text, assembled by the database itself (SQLite's json1,
        PostgreSQL's json_agg): 5,000 rows reach Python as one string, not 35,000 values. `missed_read`: as for
        `list_courses`."""
        day = today or self.today()
        names = ("course_id", "patient", "patient_id", "site", "first", "last", "last_not_booked", "status", "not_given")
        with self._reading() as conn:
            short, ending = self._make_ups(conn, day, missed_read=missed_read)
            base = self._course_query(status, search, day, short)
            status_column = _status_expression(day, short, self.last_days_not_written)
            not_given = _not_given_column(short)
            waiting = sorted(ending)
            flag = case((t.courses.c.id.in_(waiting), literal_column("'true'")), else_=literal_column("'false'"))
            if self.backend == "sqlite":
                inner = (base.with_only_columns(t.courses.c.id, t.patients.c.name, t.patients.c.hospital_number, t.courses.c.site,
                                                type_coerce(t.courses.c.first_day, String),
                                                type_coerce(t.courses.c.last_day, String), flag, status_column,
                                                not_given.label("not_given"))
                         .order_by(t.patients.c.name_folded, t.courses.c.first_day, t.courses.c.id).subquery())
                columns: tuple[Any, ...] = tuple(inner.c)
                columns = (*columns[:6], func.json(columns[6]), *columns[7:])  # true / false, not the text
                query = select(func.json_group_array(func.json_object(*_json_pairs(names, columns))))
            else:
                from sqlalchemy.dialects.postgresql import aggregate_order_by

                columns = (t.courses.c.id, t.patients.c.name, t.patients.c.hospital_number, t.courses.c.site,
                           t.courses.c.first_day, t.courses.c.last_day, t.courses.c.id.in_(waiting), status_column, not_given)
                pairs = _json_pairs(names, columns)
                ordered = aggregate_order_by(func.json_build_object(*pairs), t.patients.c.name_folded, t.courses.c.first_day,
                                             t.courses.c.id)
                query = base.with_only_columns(func.coalesce(func.json_agg(ordered), literal_column("'[]'::json")))
            found = conn.execute(query).scalar()
        if found is None:
            return "[]"
        return found if isinstance(found, str) else json.dumps(found, ensure_ascii=False)

    def count_courses(self, status: CourseStatus | str | None = None, search: str | None = None, *, today: date | None = None) -> int:
        day = today or self.today()
        with self._reading() as conn:
            return self._count(conn, status, search, day, self._make_ups(conn, day)[0])

    def _count(self, conn: Connection, status: CourseStatus | str | None, search: str | None, day: date,
               short: Mapping[str, int]) -> int:
        query = self._course_query(status, search, day, short).subquery()
        return int(conn.execute(select(func.count()).select_from(query)).scalar_one())

    def _numbered(self, conn: Connection, status: CourseStatus | str | None, search: str | None, day: date) -> Any:
        """The patient list's courses for this status and search, each with its row (from 1) in `list_courses`' order."""
        base = self._course_query(status, search, day, self._make_ups(conn, day)[0])
        row = func.row_number().over(order_by=(t.patients.c.name_folded, t.courses.c.first_day, t.courses.c.id))
        return base.with_only_columns(t.courses.c.id, t.patients.c.name_folded, row.label("row")).subquery()

    def course_row(self, course_id: str, status: CourseStatus | str | None = None, search: str | None = None, *,
                   today: date | None = None) -> int | None:
        """Where the course stands in the patient list for this status and search (0: first), None when they leave it
        out: the list shows it without reading the rows before it."""
        day = today or self.today()
        with self._reading() as conn:
            numbered = self._numbered(conn, status, search, day)
            found = conn.execute(select(numbered.c.row).where(numbered.c.id == course_id)).scalar()
        return None if found is None else int(found) - 1

    def first_row_named(self, start: str, after: int, status: CourseStatus | str | None = None, search: str | None = None,
                        *, today: date | None = None) -> int | None:
        """The patient list's first row from `after` on (0: the first row) whose patient's name starts with `start`
        (case-insensitive), else the first from the top; None when no name does (the list's type-ahead)."""
        day = today or self.today()
        words = start.casefold()
        with self._reading() as conn:
            numbered = self._numbered(conn, status, search, day)
            named = numbered.c.name_folded.startswith(words, autoescape=True)
            found = conn.execute(select(func.min(numbered.c.row)).where(named, numbered.c.row > after)).scalar()
            if found is None:
                found = conn.execute(select(func.min(numbered.c.row)).where(named)).scalar()
        return None if found is None else int(found) - 1

    def course_history(self, course_id: str) -> list[AuditEntry]:
        """Every audit entry of the course, oldest first."""
        with self._reading() as conn:
            rows = conn.execute(select(t.audit).where(t.audit.c.course_id == course_id).order_by(t.audit.c.id)).all()
        return [AuditEntry(at=r.at, who=r.who, course_id=r.course_id, version=r.version, field=r.field,
                           old_value=r.old_value, new_value=r.new_value) for r in rows]

    # ------------------------------------------------------------------ exports
    def record_export(self, course_id: str, ics: bytes, *, user: str | None = None) -> None:
        """Keep the .ics just written: the next export of the course updates it (same UIDs, higher SEQUENCE)."""
        now = datetime.now(UTC)
        with self._writing() as conn:
            if conn.execute(select(t.courses.c.id).where(t.courses.c.id == course_id)).first() is None:
                raise CourseNotFound(f"no course {course_id} in {self.display_url}")
            conn.execute(insert(t.course_exports).values(course_id=course_id, exported_at=now, who=user or self.user,
                                                         ics=ics.decode("utf-8")))
            # The patient has the course's calendar as booked now: no update is owed any more.
            conn.execute(update(t.courses).where(t.courses.c.id == course_id).values(calendar_owed=False))

    def calendars_owed(self, course_ids: list[str]) -> set[str]:
        """Which of the courses owe their patient a calendar update now (for a list that keeps its rows)."""
        owed: set[str] = set()
        with self._reading() as conn:
            for chunk in range(0, len(course_ids), 500):
                part = course_ids[chunk:chunk + 500]
                owed.update(conn.execute(select(t.courses.c.id).where(and_(t.courses.c.id.in_(part), t.courses.c.calendar_owed)))
                            .scalars().all())
        return owed

    def last_export(self, course_id: str) -> bytes | None:
        """The .ics of the course's last export, or None when it was never exported from the store."""
        with self._reading() as conn:
            found = conn.execute(select(t.course_exports.c.ics).where(t.course_exports.c.course_id == course_id)
                                 .order_by(t.course_exports.c.id.desc()).limit(1)).scalar()
        return found.encode("utf-8") if found is not None else None

    # ------------------------------------------------------------------ the department
    def department(self) -> Department | None:
        """The department's settings, or None when none was set yet."""
        with self._reading() as conn:
            return self._department(conn)

    def _department(self, conn: Connection) -> Department | None:
        return read_department(conn)

    def department_and_version(self) -> tuple[Department | None, DepartmentVersion]:
        """The department and a cheap mark of the state it was read in (`department_version`), for a
        reader (a booking desk) to tell later whether it is still the stored one without reading it
        again: the mark read first, so a change landing in between leaves an older mark beside the
        newer settings (read again next time), never the reverse."""
        with self._reading() as conn:
            version = department_version(conn)
            return self._department(conn), version

    def department_version(self) -> DepartmentVersion:
        """A cheap mark of the stored department's state (one small query): a reader that kept a copy
        (the main window's) reads the department again only when this differs from the mark read with it."""
        with self._reading() as conn:
            return department_version(conn)

    def set_department(self, department: Department, *, user: str | None = None,
                       keep_recorded_downtime: bool = False, opened: Department | None = None,
                       renamed: Mapping[str, str] | None = None) -> Department:
        """Replace the department's settings in one transaction; returns what is now stored. Machines
        are matched by name, so a machine kept keeps its identity (bookings refer to it); a machine
        left out is removed. With `keep_recorded_downtime` (an import of the department file) the
        downtime already recorded, and the closures recorded from today on, are kept beside `department`'s. Downtime new to the store that hits a
        booked appointment is refused either way (DowntimeHitsBookings: re-booking is the machine-down
        action's work; the settings table saved it silently, leaving patients booked on a machine
        that is down). The stored department is read inside the write transaction, which a machine-down
        waits for (and, on PostgreSQL, the bookings' lock), so downtime recorded at the same moment is never lost.
        Stored settings that no longer read (damaged, or two machines an older version let look alike) are
        replaced, as the store's refusal to read them advises, keeping the downtime rows that still read.
        `opened`: the settings `department` was edited from (Department settings): downtime and closures
        recorded since by another coordinator are kept (see `with_changes_since`). `renamed`: machines renamed
        (old name -> new name, as `department` names them): each keeps its row, so its bookings, downtime and what
        its downtime moved (`machine-up --move-back`) stay its own under the new name, and its patients with coming
        bookings whose calendar (the last one given) names the machine are owed an update (a discreet one names none)."""
        with self._writing(lock_bookings=True) as conn:
            if renamed:
                kept = {m.name for m in department.machines}
                displaced = _remove_displaced_machines(conn, renamed, kept, department.downtime)
                if opened is not None and displaced:  # gone before the rename: its downtime is none of the renamed one's
                    opened = replace(opened, machines=tuple(m for m in opened.machines if m.name not in displaced),
                                     downtime=tuple(d for d in opened.downtime if d.machine not in displaced))
                renamed = _rename_machines(conn, renamed, datetime.now(UTC), kept)
                if opened is not None:
                    opened = with_machines_renamed(opened, renamed)
            try:
                old = self._department(conn)
                recorded = old.downtime if old is not None else ()
            except StoreError:  # damaged settings: these replace them, keeping the downtime that can still be read
                old, recorded = None, recorded_downtime(conn, department.zone)
            if keep_recorded_downtime:
                department = with_recorded_downtime(recorded, department)
                if old is not None:  # and the coming closures recorded (`closure`, Department closed…)
                    department = with_recorded_closures(old.closures, department, datetime.now(department.zone).date())
            elif opened is not None and old is not None:
                department = with_changes_since(opened, old, department)
            added = new_downtime(recorded, department)
            for down in added:
                hit = [b for b in bookings_between(conn, down.start, down.end, down.machine) if not b.released]
                if hit:
                    raise DowntimeHitsBookings(down, len(hit))
            for down in added:  # as a machine down again does: its moving back has back only what it moved itself
                leave_older_moves(conn, down, [d for d in recorded if d.machine == down.machine])
            _refuse_closing_booked_time(conn, old, department)
            _refuse_removing_booked_machines(conn, department)
            _forget_removed_machines_moves(conn, department)
            write_department(conn, department, user or self.user, datetime.now(UTC))
        return department

    def department_removals(self, since: datetime | None = None) -> list[TrailEntry]:
        """The downtime and closures removed from the department (from `since` on), oldest first, each with who
        removed it and when (the department's trail; who recorded those stored is on each, see `department`)."""
        with self._reading() as conn:
            return removals(conn, since)

    def machine_ids(self) -> dict[str, int]:
        """Each machine's row id by name (what other tables refer to)."""
        with self._reading() as conn:
            return machine_ids(conn)


def _known_zone(name: str) -> ZoneInfo | None:
    """The zone of that name, None when this computer does not know it."""
    try:
        return ZoneInfo(name)
    except (ValueError, KeyError):
        return None


class DepartmentVersion(NamedTuple):
    """When the department's settings were last written (closures too), and the newest downtime row and
    how many there are: recording downtime leaves the settings' time alone, and every other change of
    the downtime rows (an import, a machine removed) rewrites the settings."""

    updated_at: datetime | None
    last_downtime: int | None
    downtime: int


def department_version(conn: Connection) -> DepartmentVersion:
    """A cheap mark of the stored department's state: one query of the department row and the
    downtime table's newest id and size."""
    row = conn.execute(select(select(t.department.c.updated_at).where(t.department.c.id == 1).scalar_subquery(),
                              select(func.max(t.downtime.c.id)).scalar_subquery(),
                              select(func.count()).select_from(t.downtime).scalar_subquery())).one()
    return DepartmentVersion(row[0], row[1], int(row[2]))


def _open_for(department: Department, booking: Booking) -> bool:
    """Whether `booking` lies in its machine's hours on a treatment day that is no closure of `department`."""
    machine = department.machine(booking.machine)
    if machine is None:
        return False
    zone = department.zone
    start, end = booking.start.astimezone(zone), booking.end.astimezone(zone)
    day = start.date()
    if day.weekday() not in department.treatment_days or any(closed == day for closed, _ in department.closures):
        return False
    opening = machine.opening(day, zone)
    return opening is not None and opening[0] <= start and end <= opening[1]


def _refuse_closing_booked_time(conn: Connection, old: Department | None, department: Department) -> None:
    """New hours, treatment days or closures that would leave a coming booking outside them (it was inside
    before) are refused, naming the first: its patient must be moved first, not told a time the machine is shut."""
    if old is None:
        return
    coming = bookings_between(conn, datetime.now(UTC), datetime(2201, 1, 1, tzinfo=UTC))
    kept = {m.name for m in department.machines}
    shut = [b for b in coming if b.machine in kept and not b.released and _open_for(old, b) and not _open_for(department, b)]
    if shut:
        first = shut[0].start.astimezone(department.zone)
        count = f"{len(shut)} booked appointment{'s' if len(shut) != 1 else ''}"
        added = {day for day, _ in department.closures} - {day for day, _ in old.closures}
        closing = sorted({b.start.astimezone(department.zone).date() for b in shut} & added)
        whole = (f"; a day closed whole: closure --date {closing[0].isoformat()}"
                 + (f" --to {closing[-1].isoformat()}" if len(closing) > 1 else "")
                 + " (or Department closed… in the Bookings window) closes it and re-books its patients") if closing else ""
        raise StoreError(f"{count} would fall outside the new opening hours, treatment days or closures (the first: "
                         f"{shut[0].machine} {first:%a} {first.day} {first:%b %Y %H:%M}): move them first, or record the "
                         "time as machine downtime (machine-down, or Machine down… in the Bookings window), which "
                         f"re-books them{whole}")


def _remove_displaced_machines(conn: Connection, renamed: Mapping[str, str], kept: set[str],
                               downtime: Sequence[Downtime]) -> set[str]:
    """Inside the settings' write, before the renames: each machine whose name another takes (`renamed`) while these
    settings list it no more (`kept`: the names they list; it is not itself renamed) is removed first, with its downtime
    and the records of what a downtime moved off or onto it (kept by its name), so that none of them is read as the
    renamed machine's. One holding bookings is refused (MachineStillBooked), as removing it alone is; so is one whose
    downtime the new settings still give under its name (`downtime`: theirs), which would become the renamed one's.
    Returns their names."""
    ids = machine_ids(conn)
    made = {old: new for old, new in renamed.items() if old in ids and old != new}
    displaced = {new for old, new in made.items() if new in ids and new not in made and old not in kept}
    for name in sorted(displaced):
        key = ids[name]
        held = conn.execute(select(func.count()).select_from(bookings).where(bookings.c.machine_id == key)).scalar_one()
        courses = conn.execute(select(func.count()).select_from(booked_courses).where(booked_courses.c.machine_id == key)).scalar_one()
        if held or courses:
            raise MachineStillBooked(name, held, courses)
        own = {(row.starts_at, row.ends_at) for row in conn.execute(select(t.downtime.c.starts_at, t.downtime.c.ends_at)
                                                                      .where(t.downtime.c.machine_id == key))}
        left = next((d for d in downtime if d.machine == name and (d.start, d.end) in own), None)
        if left is not None:
            raise StoreError(f"{name}'s downtime {left.start:%Y-%m-%d %H:%M}–{left.end:%H:%M} is that of the machine these "
                             f"settings remove, not of the one renamed to its name: take it out of the settings (it goes "
                             "with its machine), then save")
        conn.execute(delete(downtime_moves).where(or_(downtime_moves.c.from_machine == name, downtime_moves.c.to_machine == name)))
        conn.execute(delete(t.downtime).where(t.downtime.c.machine_id == key))
        conn.execute(delete(t.machines).where(t.machines.c.id == key))
    return displaced


def _rename_machines(conn: Connection, renamed: Mapping[str, str], now: datetime, kept: set[str]) -> dict[str, str]:
    """Inside the settings' write: each machine of `renamed` still stored takes its new name in place (its row id, which
    bookings and downtime refer to, stays), and the records naming it by name (what its downtime moved, the department's
    trail) follow; the courses with bookings to come on it whose last calendar given names it are owed an update.
    Returns the renames made (one whose machine another coordinator removed meanwhile is left out: the new name is then
    a machine added). `kept`: the names the new settings list."""
    ids = machine_ids(conn)
    made = {old: new for old, new in renamed.items() if old in ids and old != new}
    if not made:
        return {}
    for new in made.values():  # a machine these settings remove under the new name is gone already
        if new in ids and new not in made:
            raise StoreError(f"'{new}' is already the name of another machine: rename that one first, or choose another name")
    moved = {old: ([int(r.id) for r in conn.execute(select(downtime_moves.c.id).where(downtime_moves.c.from_machine == old))],
                   [int(r.id) for r in conn.execute(select(downtime_moves.c.id).where(downtime_moves.c.to_machine == old))],
                   [int(r.id) for r in conn.execute(select(t.department_trail.c.id).where(t.department_trail.c.machine == old))])
             for old in made}
    for old in made:  # through a name no machine can have (names are trimmed), so that two machines may swap names
        conn.execute(update(t.machines).where(t.machines.c.id == ids[old]).values(name=f" renaming {ids[old]}"))
    for old, new in made.items():
        conn.execute(update(t.machines).where(t.machines.c.id == ids[old]).values(name=new))
        from_ids, to_ids, trail_ids = moved[old]
        if from_ids:
            conn.execute(update(downtime_moves).where(downtime_moves.c.id.in_(from_ids)).values(from_machine=new))
        if to_ids:
            conn.execute(update(downtime_moves).where(downtime_moves.c.id.in_(to_ids)).values(to_machine=new))
        if trail_ids:
            conn.execute(update(t.department_trail).where(t.department_trail.c.id.in_(trail_ids)).values(machine=new))
    booked = conn.execute(select(bookings.c.course_id).distinct().where(and_(
        bookings.c.machine_id.in_([ids[old] for old in made]), bookings.c.ends_at > now,
        bookings.c.course_id.in_(select(t.courses.c.id).where(t.courses.c.cancelled.is_(False)))))).scalars().all()
    given = _last_exports(conn, booked)
    mark_calendars(conn, sorted(c for c in booked if c in given and any(_calendar_names(given[c], old) for old in made)), True)
    return made


def _last_exports(conn: Connection, course_ids: Sequence[str]) -> dict[str, str]:
    """Each of the courses' last export (the .ics text its patient was given), for those exported."""
    if not course_ids:
        return {}
    last = (select(func.max(t.course_exports.c.id)).where(t.course_exports.c.course_id.in_(list(course_ids)))
            .group_by(t.course_exports.c.course_id))
    return {r.course_id: r.ics for r in conn.execute(select(t.course_exports.c.course_id, t.course_exports.c.ics)
                                                      .where(t.course_exports.c.id.in_(last)))}


def _calendar_names(ics: str, name: str) -> bool:
    """Whether the calendar text `ics` says `name` anywhere (its lines unfolded, its text unescaped): a discreet calendar,
    or one given before the course was booked, names no machine, so a machine's new name changes nothing in it."""
    unfolded = re.sub(r"\r?\n[ \t]", "", ics)
    plain = re.sub(r"\\([\\,;nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), unfolded)
    return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", plain) is not None  # whole: "Linac 1" is not in "Linac 10"


def _forget_removed_machines_moves(conn: Connection, department: Department) -> None:
    """A machine left out of the new settings goes with its downtime, and with the records of what a downtime (or a
    closure) moved off it or onto it, kept by its name: a machine added later under that name is another machine, and
    moving back must neither put the old one's sessions onto it nor take its own sessions off it."""
    wanted = {m.name for m in department.machines}
    gone = sorted(name for name in machine_ids(conn) if name not in wanted)
    if gone:
        conn.execute(delete(downtime_moves).where(or_(downtime_moves.c.from_machine.in_(gone),
                                                      downtime_moves.c.to_machine.in_(gone))))


def _refuse_removing_booked_machines(conn: Connection, department: Department) -> None:
    """A machine left out of the new settings goes with its row: one still holding bookings is refused by name."""
    wanted = {m.name for m in department.machines}
    for name, key in machine_ids(conn).items():
        if name in wanted:
            continue
        held = conn.execute(select(func.count()).select_from(bookings).where(bookings.c.machine_id == key)).scalar_one()
        courses = conn.execute(select(func.count()).select_from(booked_courses).where(booked_courses.c.machine_id == key)).scalar_one()
        if held or courses:
            raise MachineStillBooked(name, held, courses)


def _summary(r: Any, ending: Collection[str], short: Mapping[str, int]) -> CourseSummary:
    """A row of `Store._course_query` as the patient list's row: `ending` holds the booked courses whose last day is a
    make-up not booked yet, `short` the fractions not given of those whose make-up was never booked (`Store._make_ups`)."""
    return CourseSummary(course_id=r[0], patient=r[1], patient_id=r[2], site=r[3], first=r[4], last=r[5],
                         status=CourseStatus(r[6]), version=r[7], updated_at=r[8], updated_by=r[9], calendar_owed=bool(r[10]),
                         last_not_booked=r[0] in ending, not_given=short.get(r[0], 0))


def _not_given_column(short: Mapping[str, int]) -> Any:
    """`CourseSummary.not_given` as a column of the course list's JSON: the counts are the planner's own numbers."""
    if not short:
        return literal_column("0")
    return case(*((t.courses.c.id == course_id, literal_column(str(int(count)))) for course_id, count in sorted(short.items())),
                else_=literal_column("0"))


def _json_pairs(names: tuple[str, ...], columns: tuple[Any, ...]) -> list[Any]:
    """'name1', column1, 'name2', column2 ... for json_object / json_build_object (fixed key names, no user text)."""
    pairs: list[Any] = []
    for name, column in zip(names, columns, strict=True):
        pairs += [literal_column(f"'{name}'"), column]
    return pairs


def _iso(value: Any) -> str | None:
    return None if value is None else value if isinstance(value, str) else str(value.isoformat())


def check_patient(spec: CourseSpec) -> None:
    """A stored course names its patient: a name and a hospital number, one line each."""
    name, number = spec.patient_name.strip(), spec.patient_id.strip()
    if not name:
        raise InputError(Field.PATIENT, "give the patient's name")
    if not number:
        raise InputError(Field.PATIENT_ID, "give the patient's hospital number")
    for field, what, value, limit in ((Field.PATIENT, "the name", name, MAX_NAME),
                                      (Field.PATIENT_ID, "the hospital number", number, MAX_NUMBER),
                                      (Field.COURSE_ID, "the course id", spec.course_id, MAX_COURSE_ID)):
        long = too_long(value, limit)
        if long:
            raise InputError(field, f"{what} {long}")
        if field is not Field.COURSE_ID and any(ord(c) < 32 for c in value):
            raise InputError(field, f"{what} must be one line, without control characters")


def _revision_of(conn: Connection) -> str | None:
    """The alembic_version row, read without loading Alembic (a start should not pay for it)."""
    try:
        with conn.begin_nested() if conn.in_transaction() else conn.begin():
            found = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    except DBAPIError:
        if conn.in_transaction():
            conn.rollback()
        return None
    return str(found[0]) if found else None


def _revision_inside(conn: Connection) -> str | None:
    """The alembic_version row read inside the caller's transaction (a missing table is no error that
    would end it: the lock the transaction holds stays held)."""
    if not inspect(conn).has_table("alembic_version"):
        return None
    found = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    return str(found[0]) if found else None


def _private_folders(folder: Path) -> None:
    """Make `folder` and each missing folder above it readable by the user alone (mkdir's `parents`
    would make the upper ones with the default mode)."""
    for part in reversed([folder, *folder.parents]):
        if not part.exists():
            part.mkdir(mode=0o700)


def _another_programs_database(path: Path) -> bool:
    """Whether the file is an SQLite database that holds tables but no schema revision of the planner's:
    looked at read-only, so that nothing of it changes (not even its journal mode). A file that is no
    database at all is left for the opening to refuse."""
    try:
        if path.stat().st_size == 0:
            return False
        with contextlib.closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as conn:
            names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except (OSError, sqlite3.Error):
        return False
    own = {name for name in names if not name.startswith("sqlite_")}
    return bool(own) and "alembic_version" not in own


def _sqlite_engine(url: URL, shown: str, access: Access = Access.ANY) -> tuple[Engine, Path | None, bool]:
    """An engine on the SQLite file: created mode 0600 in a private folder, WAL, foreign keys, busy timeout.
    Also the file when this call created it, and whether it is opened read-only (see Access)."""
    path = Path(str(url.database)).expanduser()
    try:
        refuse_network_share(path, shown)
        if path.exists() and not path.is_file():
            raise StoreError(f"{shown}: not a regular file")
    except OSError as exc:  # a folder on the way the user may not look into
        raise StoreError(f"{shown}: cannot reach the file ({exc.strerror or exc})") from None
    if _another_programs_database(path):  # named by mistake: the planner's tables would be written into it
        raise StoreError(f"{shown}: the file is another program's SQLite database (it holds tables, but not the "
                         "planner's); name a new file or a planner database")
    created: Path | None = None
    if path.exists():
        if not os.access(path, os.R_OK):
            raise StoreError(f"{shown}: the file may not be read (its mode or its owner)")
        why = read_only_reason(path) if access is not Access.ANY else None
        if why is not None and access is Access.WRITE:
            raise StoreError(f"{shown}: the database cannot be changed here ({why}); nothing was changed")
        if why is not None:
            return _read_only_engine(path), None, True
        if _sqlite_or_empty(path):  # any other file is refused by the opening below, and left as it was
            _narrow_to_owner(path)
    else:
        if not path.parent.exists():
            try:
                ensure_private_dir(path.parent) if path.parent == data_dir() else _private_folders(path.parent)
            except OSError as exc:
                raise StoreError(f"{shown}: cannot create the folder ({exc.strerror or exc})") from None
        new = not path.is_symlink()  # a link to nothing is followed (its target made), a loop of links refused by the system
        try:
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | (os.O_EXCL if new else 0), 0o600))
            created = path if new else None
            os.chmod(path, 0o600)
        except FileExistsError:  # made by another process this very moment: theirs, opened as it is
            pass
        except OSError as exc:
            if created is not None:
                _remove_new_file(created)
            raise StoreError(f"{shown}: cannot create the database file ({exc.strerror or exc})") from None
    engine = create_engine(url.set(database=str(path)), connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # SQLAlchemy's BEGIN below, not the driver's own
        cursor = dbapi_connection.cursor()
        for pragma in ("journal_mode=WAL", "foreign_keys=ON", f"busy_timeout={BUSY_TIMEOUT_MS}", "synchronous=FULL"):
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()

    _begin_as_asked(engine)
    return engine, created, False


def _sqlite_or_empty(path: Path) -> bool:
    """Whether the file is an SQLite database, or is empty (a new store is made in it). Asked of SQLite, read-only, never
    by opening the file with Python: closing any handle on a file drops every POSIX lock this process holds on it, so
    a store already open here (the main window's, when the Bookings window opens its own) would lose SQLite's locks,
    and the next program to close the store would fold the write-ahead log into the file and delete it under that
    store's feet (its next write: 'database disk image is malformed'). SQLite keeps its own handles open meanwhile."""
    try:
        if path.stat().st_size == 0:
            return True
        with contextlib.closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as conn:
            conn.execute("PRAGMA schema_version").fetchone()  # reads the header: 'file is not a database' otherwise
    except sqlite3.DatabaseError as exc:
        return exc.sqlite_errorcode != sqlite3.SQLITE_NOTADB  # any other failure: the opening says why
    except OSError:
        return True  # the opening says why it cannot be read
    return True


def _narrow_to_owner(path: Path) -> None:
    """An existing SQLite file this user owns (made by hand, copied, or by an older version) is made
    readable by them alone before anything is written into it, with the journal files beside it:
    SQLite gives a new -wal or -shm the database file's mode, so a 0644 file would leak both."""
    for part in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
        with contextlib.suppress(OSError):  # gone, or another user's: left as it is
            status = part.stat()
            if status.st_uid == os.geteuid() and stat.S_IMODE(status.st_mode) & 0o077:
                os.chmod(part, stat.S_IMODE(status.st_mode) & 0o700)


# What the planner writes in each of its tables on PostgreSQL (on an empty database: its schema, to create them): a role
# lacking any of it is opened read-only (Access.READ) or refused (Access.WRITE), rather than failing at its first write.
_WRITTEN = {"department": ("INSERT", "UPDATE"), "machines": ("INSERT", "UPDATE", "DELETE"), "downtime": ("INSERT", "DELETE"),
            "patients": ("INSERT", "UPDATE"), "courses": ("INSERT", "UPDATE"), "audit": ("INSERT",),
            "course_exports": ("INSERT",), "department_trail": ("INSERT", "UPDATE"),
            "bookings": ("INSERT", "UPDATE", "DELETE"), "booked_courses": ("INSERT", "UPDATE", "DELETE"),
            "downtime_moves": ("INSERT", "UPDATE", "DELETE")}
_SERIAL = tuple(table.name for table in t.metadata.sorted_tables if table.name in _WRITTEN and "id" in table.c
                and table.c.id.autoincrement is True)  # a new row's id is drawn from the table's sequence
_MISSING_PRIVILEGES = text("""
WITH written AS (
  SELECT w.name, bool_or(NOT has_table_privilege(to_regclass(w.name), w.privilege))
                 OR coalesce(w.name IN ({serial}) AND NOT has_sequence_privilege(pg_get_serial_sequence(w.name, 'id'), 'USAGE'),
                             false) AS refused
  FROM (VALUES {tables}) AS w(name, privilege) WHERE to_regclass(w.name) IS NOT NULL GROUP BY w.name)
SELECT current_user AS role, (SELECT count(*) FROM written) AS present,
       coalesce((SELECT array_agg(name) FROM written WHERE refused), '{{}}') AS refused,
       to_regclass('alembic_version') IS NULL
         AND NOT has_schema_privilege(coalesce(current_schema(), 'public'), 'CREATE') AS may_not_create
""".format(tables=", ".join(f"('{name}', '{privilege}')" for name, wanted in _WRITTEN.items() for privilege in wanted),
           serial=", ".join(f"'{name}'" for name in _SERIAL)))


def _role_may_not_write(conn: Connection) -> tuple[str, str | None]:
    """The PostgreSQL role of `conn`, and why it may not change the planner's database, in the coordinator's words (None:
    it may write every table the planner writes; an empty database, when it may create the planner's tables there). One
    query; a table not there yet (an older schema, which the upgrade creates) asks nothing of it."""
    name, why = _role_refusal(conn)
    return name, f"{why}; {ASK_FOR_WRITES}" if why else None


def _role_refusal(conn: Connection) -> tuple[str, str]:
    """`_role_may_not_write` without what to ask for: the role's name, and why it may not write ("" where it may)."""
    found = conn.execute(_MISSING_PRIVILEGES).one()
    name = str(found.role)
    role = quoted(name, 63)
    refused = [table for table in _WRITTEN if table in set(found.refused)]
    if (refused and len(refused) == found.present) or (not found.present and found.may_not_create):
        return name, f"your database role {role} may only read this database"
    if not refused:
        return name, ""
    named = ", ".join(refused[:-1]) + f" and {refused[-1]}" if len(refused) > 1 else refused[0]
    return name, f"your database role {role} may not write {'tables' if len(refused) > 1 else 'table'} {named} of this database"


def write_refused(exc: SQLAlchemyError, engine: Engine, display_url: str, said: str) -> StoreError:
    """A failed write (`exc`) as the store's error: `said` (its first line) with its trouble. A write PostgreSQL refused
    for want of privilege (a store opened without asking, Access.ANY, as the Bookings window opens it) names the role
    and why, as a store opened read-only says it (`read_only_why`): one question, asked only then."""
    trouble = trouble_of(exc)
    why = ""
    if trouble is Trouble.READ_ONLY and engine.dialect.name == "postgresql":
        try:
            with engine.connect() as conn:
                why = _role_refusal(conn)[1]
        except SQLAlchemyError:
            why = ""  # the question failed too: the refusal is said as the driver gave it
    if why:
        return StoreError(f"{display_url}: the database cannot be changed here ({why}; {ASK_FOR_WRITES}); nothing was changed",
                          trouble=trouble, writing=True, why=why)
    return StoreError(f"{display_url}: {said}", trouble=trouble, writing=True)


def read_only_reason(path: Path) -> str | None:
    """Why this user may not change the SQLite file at `path` (None: they may). SQLite writes its
    journal beside the file, so a folder that may not be written makes the database read-only too."""
    if not os.access(path, os.W_OK):
        return "the file may not be written: its mode, its owner or a read-only file system"
    if not os.access(path.parent, os.W_OK | os.X_OK):
        return "its folder may not be written, and SQLite keeps its journal beside the file"
    return None


def _read_only_engine(path: Path) -> Engine:
    """An engine that reads the SQLite file and never writes it, nor its journal mode. In a folder that may not be
    written, a store in write-ahead-log mode (as the planner keeps it) can be opened `mode=ro` only while a writer has
    it open (its -wal and -shm beside it): SQLite would otherwise need to create them, and refuses. Without them, each
    connection reads a copy of the whole file made while no writer was at it (`_quiet_copy`), held in memory and
    `query_only`: SQLite's `immutable`, which reads the file in place, takes no lock and looks for no change, so a save
    landing during a reading (its log copied into the file as its writer closes) gave that reading part of the old
    store and part of the new. That is judged anew for each connection, and no connection is kept between readings
    (NullPool): each reading sees the store as it was saved last."""
    base = f"{path.resolve().as_uri()}?mode=ro"
    wal = Path(f"{path}-wal")
    copied: dict[str, Any] = {}  # the last copy and the file's stamp then: read again only once the file changed

    def in_place() -> sqlite3.Connection:
        return sqlite3.connect(base, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)

    def connect() -> sqlite3.Connection:
        if os.access(path.parent, os.W_OK | os.X_OK) or wal.exists() or not _in_wal_mode(path):
            return in_place()  # SQLite's own locks keep each reading whole
        data = _quiet_copy(path, wal, copied)
        if data is None:  # a writer came meanwhile: its log is there to read through
            return in_place()
        conn = sqlite3.connect(":memory:", check_same_thread=False)
        # the copy read as the rollback-journal file it is (header bytes 18, 19): it has no log of its own to look for
        conn.deserialize(data[:18] + b"\x01\x01" + data[20:])
        conn.execute("PRAGMA query_only=ON")  # a write refused, as on the file, never made to the copy and lost
        return conn

    engine = create_engine("sqlite+pysqlite://", creator=connect, poolclass=NullPool)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        for pragma in ("foreign_keys=ON", f"busy_timeout={BUSY_TIMEOUT_MS}"):
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()

    _begin_as_asked(engine)
    return engine


QUIET_COPY_TRIES = 50
QUIET_COPY_PAUSE = 0.1  # seconds between tries: a writer's save takes a moment


def _file_stamp(path: Path) -> tuple[int, int, int, int]:
    found = path.stat()
    return found.st_ino, found.st_size, found.st_mtime_ns, found.st_ctime_ns


_KEPT_OPEN: dict[tuple[int, int], int] = {}  # (device, inode) of a store file: a descriptor of it this process keeps


def _read_kept_open(path: Path, size: int | None = None) -> bytes:
    """The first `size` bytes of the file (None: all of it), read through a descriptor this process opens once and never
    closes: closing any descriptor of a file drops every POSIX lock this process holds on it, SQLite's included, and
    a store open here (a reading in place, another window's) would lose them; the next program to close the store
    would then take itself for the last and fold away the write-ahead log under that store's feet."""
    found = path.stat()
    if not stat.S_ISREG(found.st_mode):  # a pipe put in its place would never end, nor wait for a writer here
        raise OSError(f"{path.name}: not a regular file")
    key = (found.st_dev, found.st_ino)
    descriptor = _KEPT_OPEN.get(key)
    if descriptor is None:
        opened = os.open(path, os.O_RDONLY | os.O_CLOEXEC | os.O_NONBLOCK)
        held = os.fstat(opened)
        if not stat.S_ISREG(held.st_mode) or (held.st_dev, held.st_ino) != key:  # replaced in between: not kept
            os.close(opened)
            raise OSError(f"{path.name}: changed while it was opened")
        descriptor = _KEPT_OPEN[key] = opened
    wanted = found.st_size if size is None else size
    chunks: list[bytes] = []
    at = 0
    while at < wanted:
        chunk = os.pread(descriptor, wanted - at, at)
        if not chunk:
            break
        chunks.append(chunk)
        at += len(chunk)
    return b"".join(chunks)


def _in_wal_mode(path: Path) -> bool:
    """Whether the SQLite file's header says write-ahead log (bytes 18 and 19: 2); an older rollback-journal file
    (a backup) is read in place, SQLite's shared lock keeping out a writer meanwhile. Read without closing a descriptor
    of the file (`_read_kept_open`)."""
    try:
        head = _read_kept_open(path, 20)
    except OSError:
        return False  # the opening says why
    return len(head) == 20 and head[18] == 2 and head[19] == 2


def _quiet_copy(path: Path, wal: Path, copied: dict[str, Any]) -> bytes | None:
    """The whole SQLite file, read while no writer was at it: no -wal beside it before and after the reading, and the
    file not changed meanwhile (a writer in write-ahead-log mode makes its -wal before writing anything, and copies it
    into the file only before removing it); the last copy again while the file is unchanged. None: a writer is at it
    now (its -wal is there to read through). A file written all the while: sqlite3.OperationalError, which the
    reading says as the store's error."""
    for _ in range(QUIET_COPY_TRIES):
        if wal.exists():
            return None
        stamp = _file_stamp(path)
        if copied.get("stamp") == stamp:
            data: bytes = copied["data"]
        else:
            data = _read_kept_open(path)  # never closed: see there
        if not wal.exists() and _file_stamp(path) == stamp:
            copied.update(stamp=stamp, data=data)
            return data
        sleep(QUIET_COPY_PAUSE)
    raise sqlite3.OperationalError("the database was being written all the while it was read; try again")


def _file_identity(path: Path) -> tuple[int, int] | None:
    """The file at `path` as the system knows it (device, inode); None when there is none."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_dev, found.st_ino


def _refuse_replaced(engine: Engine, path: Path, shown: str) -> tuple[int, int] | None:
    """Every transaction of a writable SQLite store first checks that the file at its path is still the one it opened:
    a file copied or moved over it while the planner is open (a backup put back without closing the planner) would
    otherwise go on being read and written through the handles open on the old one, whose every later write is lost
    with it. Refused instead (StoreError, trouble REPLACED), before anything is read or written. Returns the file's
    identity as opened."""
    opened = _file_identity(path)

    def _on_begin(conn: Connection) -> None:
        if _file_identity(path) != opened:
            raise StoreError(f"{shown}: the store's file was replaced or moved while the planner had it open; nothing "
                             "was read or written: close the planner's windows on this store and open it again",
                             trouble=Trouble.REPLACED, writing=bool(conn.get_execution_options().get("immediate")))

    event.listen(engine, "begin", _on_begin, insert=True)  # before the BEGIN itself (`_begin_as_asked`)
    return opened


def _begin_as_asked(engine: Engine) -> None:
    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("immediate") else "BEGIN")


def _remove_new_file(path: Path) -> None:
    """Remove an SQLite file this process has just created and not yet used, with its journal files."""
    for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
        with contextlib.suppress(FileNotFoundError):
            leftover.unlink()
