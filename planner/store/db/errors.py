"""What the store refuses: a database it cannot use, and a save that lost a race."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from ...core.department import Downtime
from ..course_file import REASON_FIELDS, fields_named


class Trouble(Enum):
    """Why the database itself failed a read or a write, as a coordinator can act on it (`trouble_of`)."""

    BUSY = "busy"  # another program (another coordinator's planner) holds it locked
    DAMAGED = "damaged"  # the file (the server's data) is corrupt, or no database at all
    READ_ONLY = "read-only"  # this user, this file or this server may not be written
    FULL = "full"  # no room left on its disk
    UNREACHABLE = "unreachable"  # gone: the file's disk or share, the server, the connection
    REPLACED = "replaced"  # the store's file was replaced or moved while this planner had it open (a backup copied over it)
    OTHER = "other"  # any other failure of the driver


# What a coordinator whose database role may not write asks for (`StoreError.why`, `Store.read_only_why`).
ASK_FOR_WRITES = "ask the department's database administrator for write access"


class StoreError(Exception):
    """The database cannot be used (unreachable, from a newer planner, on a network share...):
    one line naming the URL without its password. `trouble`: set when the database itself failed (the driver's
    error, sorted by `trouble_of`), None for the store's own refusals; `writing`: whether it failed a write; `why`: for
    a write PostgreSQL refused for want of privilege, why, naming the role ("your database role 'viewer' may only read
    this database"; what to do is ASK_FOR_WRITES), "" when not known."""

    def __init__(self, *args: object, trouble: Trouble | None = None, writing: bool = False, why: str = "") -> None:
        super().__init__(*args)
        self.trouble = trouble
        self.why = why
        self.writing = writing


# SQLite's primary result codes (the driver's `sqlite_errorname`, extended codes included by their prefix) and
# PostgreSQL's SQLSTATE classes or codes, by trouble; a driver error without either is sorted by its words.
_SQLITE_TROUBLES = (("SQLITE_BUSY", Trouble.BUSY), ("SQLITE_LOCKED", Trouble.BUSY), ("SQLITE_CORRUPT", Trouble.DAMAGED),
                    ("SQLITE_NOTADB", Trouble.DAMAGED), ("SQLITE_READONLY", Trouble.READ_ONLY), ("SQLITE_PERM", Trouble.READ_ONLY),
                    ("SQLITE_AUTH", Trouble.READ_ONLY), ("SQLITE_FULL", Trouble.FULL), ("SQLITE_IOERR", Trouble.UNREACHABLE),
                    ("SQLITE_CANTOPEN", Trouble.UNREACHABLE))
_DRIVER_WORDS = (("database is locked", Trouble.BUSY), ("database table is locked", Trouble.BUSY),
                 ("disk image is malformed", Trouble.DAMAGED), ("file is not a database", Trouble.DAMAGED),
                 ("readonly database", Trouble.READ_ONLY), ("database or disk is full", Trouble.FULL),
                 ("disk i/o error", Trouble.UNREACHABLE), ("unable to open database file", Trouble.UNREACHABLE),
                 # a PostgreSQL server not reached: the driver's words, no SQLSTATE
                 ("connection to server", Trouble.UNREACHABLE), ("connection is bad", Trouble.UNREACHABLE),
                 ("connection refused", Trouble.UNREACHABLE), ("server closed the connection", Trouble.UNREACHABLE),
                 ("timeout expired", Trouble.UNREACHABLE))
_POSTGRES_TROUBLES = (("55P03", Trouble.BUSY), ("40P01", Trouble.BUSY), ("40001", Trouble.BUSY), ("57014", Trouble.BUSY),
                      ("XX001", Trouble.DAMAGED), ("XX002", Trouble.DAMAGED), ("25006", Trouble.READ_ONLY),
                      ("42501", Trouble.READ_ONLY), ("53100", Trouble.FULL), ("08", Trouble.UNREACHABLE),
                      ("57P", Trouble.UNREACHABLE), ("53", Trouble.UNREACHABLE))


def trouble_of(exc: BaseException) -> Trouble:
    """What kind of failure a driver's error is (SQLAlchemy's wrapper or the driver's own exception)."""
    if getattr(exc, "connection_invalidated", False):  # SQLAlchemy saw the connection itself go
        return Trouble.UNREACHABLE
    inner = getattr(exc, "orig", None) or exc
    name = str(getattr(inner, "sqlite_errorname", "") or "")
    state = str(getattr(inner, "sqlstate", "") or getattr(inner, "pgcode", "") or "")
    if name:
        return next((trouble for prefix, trouble in _SQLITE_TROUBLES if name.startswith(prefix)), Trouble.OTHER)
    if state:
        return next((trouble for prefix, trouble in _POSTGRES_TROUBLES if state.startswith(prefix)), Trouble.OTHER)
    words = str(inner).lower()
    return next((trouble for said, trouble in _DRIVER_WORDS if said in words), Trouble.OTHER)


class CourseNotFound(StoreError):
    """No course with that id in the store."""


# How a damaged free-text field is repaired from the command line (see course_file.REPAIRABLE_FIELDS).
REPAIR_OPTIONS = {"patient.name": "--patient NAME", "patient.id": "--patient-id ID", "location": "--location TEXT",
                  "closed.note": "--closed",  # a closure given again (with its date) has its note left empty
                  # an adjustment's reason: --reason given with no adjustment replaces each damaged reason
                  **dict.fromkeys(REASON_FIELDS, "--reason TEXT")}


class CourseDamaged(StoreError):
    """A stored course with free text that today's rules refuse (markup, a line break: written by an older version);
    it is shown, exported and booked only once repaired, which `course save --course-id ID --FIELD VALUE` (or the
    window's form) does. `damaged`: (field as the course file names it, why, a closure's date), the value escaped in `why`."""

    def __init__(self, course_id: str, damaged: tuple[tuple[str, str, str], ...]) -> None:
        self.course_id = course_id
        self.damaged = damaged
        fields = ", ".join(f"field '{name}'{f' ({day})' if day else ''}: {why}" for name, why, day in damaged)
        options = " ".join(dict.fromkeys(f"{REPAIR_OPTIONS[name]} {day}" if name == "closed.note" else REPAIR_OPTIONS[name]
                                         for name, _, day in damaged))
        super().__init__(f"course {course_id} is damaged ({fields}); repair it with "
                         f"`course save --course-id {course_id} {options}` or in the window")


class CourseUnreadable(StoreError):
    """A stored course whose text does not read at all (a date that is not one, a number stored as text, JSON that does
    not parse): no option retypes it, as `course save` repairs a damaged text; the administrator restores it from a
    backup. The department goes on around it (see `unreadable_words`); asked for by its id, it is refused in one line
    naming the course (the course id given, not the store, is what cannot be used)."""

    def __init__(self, course_id: str, why: str, where: str = "") -> None:
        self.course_id = course_id
        super().__init__(f"{where}{': ' if where else ''}course {course_id} cannot be read (its stored text: {why}); no command "
                         "repairs it: ask the administrator, who can restore it from a backup of the store")


def newer_fields_held(course_id: str, fields: tuple[str, ...]) -> str:
    """'course X holds field 'gating', which this version of the planner does not know (saved by a newer version)'."""
    return (f"course {course_id} holds {fields_named(fields)}, which this version of the planner does not know "
            "(saved by a newer version)")


def newer_fields_words(course_id: str, fields: tuple[str, ...]) -> str:
    """What is said of a stored course holding a newer planner's fields as it is opened: shown as this version reads it."""
    them = "them" if len(fields) != 1 else "it"
    return (f"{newer_fields_held(course_id, fields)}: the course is shown without {them}, and not saved here, which would "
            f"drop {them}; change it with the newer version of the planner")


class CourseFromNewer(StoreError):
    """A stored course holding fields this planner does not know (a newer planner shares the store): it is shown as this
    version reads it, but saving over it (or writing it to a course file) would drop them, so that is refused."""

    def __init__(self, course_id: str, fields: tuple[str, ...], doing: str = "saving it here") -> None:
        self.course_id = course_id
        self.fields = fields
        super().__init__(f"{newer_fields_held(course_id, fields)}: {doing} would drop {'them' if len(fields) != 1 else 'it'}, "
                         "so nothing was written; change it with the newer version of the planner")


class CourseCancelled(StoreError):
    """A cancelled course is changed only once it is reinstated (what it held stays the record)."""


class DowntimeHitsBookings(StoreError):
    """New settings bring downtime that hits booked appointments: nothing was written (re-booking
    them is the machine-down action's work, which reports who moved)."""

    def __init__(self, down: Downtime, hit: int) -> None:
        self.down = down
        self.hit = hit
        super().__init__(f"downtime of {down.machine} from {down.start:%Y-%m-%dT%H:%M} hits {hit} booked appointments")


class MachineStillBooked(StoreError):
    """New settings leave out a machine that still holds bookings: nothing was written (its patients
    must be moved or unbooked first)."""

    def __init__(self, machine: str, held: int, courses: int) -> None:
        self.machine = machine
        self.what = f"{held} booking{'s' if held != 1 else ''}" if held else f"{courses} booked course{'s' if courses != 1 else ''}"
        super().__init__(f"{machine} has {self.what}: move or unbook them before removing it")


@dataclass(frozen=True)
class ConflictDetails:
    """Who saved the course since the caller read it, when, and which fields they changed."""

    course_id: str
    changed_by: str
    changed_at: datetime
    version: int
    fields: tuple[str, ...]


class CourseConflict(Exception):
    """A save lost the optimistic-locking race: someone else saved the course first. The caller's
    own version is untouched, to compare and re-apply."""

    def __init__(self, details: ConflictDetails) -> None:
        self.details = details
        what = ", ".join(details.fields) if details.fields else "no field"
        super().__init__(f"course {details.course_id} was changed by {details.changed_by} at "
                         f"{details.changed_at.isoformat(timespec='seconds')} (version {details.version}; changed: {what}); "
                         "your changes were not saved")
