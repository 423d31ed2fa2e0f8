"""The store's commands: `db upgrade`, `department ...`, `import FILES...`, `course ...`, and `--db`,
`--course-id` on the planning commands.

Registered from planner/cli.py. The database libraries load only when a command uses the store,
so `plan` with a course file starts as fast as before. Exit status 2 for bad input and for a
database that cannot be used (naming its URL without the password); 3 for a save that lost a
race to another coordinator.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .cli import (
    STANDARD_OUTPUT,
    UsageError,
    adjusted_by_options,
    catalogue_from,
    check_course_times_given,
    file_named,
    from_course_file,
    holidays_of,
    phases_from_options,
    say_written,
    spec_from_options,
    write_output,
    written_to,
)
from .cli_booking import LostRace, _calendars_json, calendar_lines, left_out_json, look_and_rerun, say
from .core.errors import InputError
from .core.text import counted, printable, too_long
from .store.settings import Settings
from .wording import not_given_words, unbooked_make_up_lines

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from sqlalchemy.engine import URL

    from .app.booking import CalendarUpdate
    from .app.department_import import DepartmentRead
    from .core.catalogue import Catalogue
    from .core.clinic import HolidaySource
    from .core.department import Department, Downtime, Recorded
    from .core.department_closures import DepartmentClosures
    from .core.kinds import AppointmentKey
    from .core.spec import CourseSpec
    from .store.db import CourseStatus, CourseSummary, Store, StoredCourse
    from .store.db.bookings import MissedCourse
    from .store.db.department_trail import TrailEntry

MAX_IMPORT_FILES = 10_000
MAX_SEARCH_CHARS = 200  # a patient's name is at most this long; the database refuses a pattern far longer
_CALENDAR_OPTIONS = ("tz", "holidays", "closed", "days")


Handler = Callable[[argparse.Namespace, Settings], int]


# ---------------------------------------------------------------------- registering
def add_store_commands(commands: Any, add_course_options: Callable[[argparse.ArgumentParser], None]) -> None:
    """Add the store's commands, and `--db` to every command (`--course-id` to plan, export and print)."""
    for name in ("plan", "export", "print"):
        parser = commands.choices.get(name)
        if parser is not None:
            parser.add_argument("--course-id", metavar="ID", help="a course in the store (instead of --course FILE)")

    db = commands.add_parser("db", help="the department store's database")
    db_commands = db.add_subparsers(dest="db_command", metavar="ACTION", parser_class=type(db))
    db_commands.required = True
    db_commands.add_parser("upgrade", help="bring the database to this planner's schema (SQLite: after a backup copy)") \
        .set_defaults(handler=cmd_db_upgrade)
    backup = db_commands.add_parser("backup", help="copy the embedded (SQLite) store to a new file, checked whole; "
                                                   "a PostgreSQL store is backed up with pg_dump")
    backup.add_argument("file", metavar="FILE", help="the copy; never an existing file")
    backup.set_defaults(handler=cmd_db_backup)

    department = commands.add_parser("department", help="the department: clinic, calendar, machines, downtime")
    dept_commands = department.add_subparsers(dest="department_command", metavar="ACTION", parser_class=type(department))
    dept_commands.required = True
    dept_import = dept_commands.add_parser("import", help="replace the department's settings from a TOML file")
    dept_import.add_argument("file", metavar="FILE.toml")
    dept_import.set_defaults(handler=cmd_department_import)
    dept_export = dept_commands.add_parser("export", help="write the department as a TOML file (default: standard output)")
    dept_export.add_argument("-o", "--output", metavar="FILE.toml")
    dept_export.set_defaults(handler=cmd_department_export)
    dept_show = dept_commands.add_parser("show", help="show the department")
    dept_show.add_argument("--json", action="store_true", help="print one JSON object")
    dept_show.set_defaults(handler=cmd_department_show)

    importing = commands.add_parser("import", help="bring course files (.igrt.json, .json, or folders of them) into the store")
    importing.add_argument("files", metavar="FILE", nargs="+")
    importing.add_argument("--catalogue", metavar="FILE", help="site catalogue (to date the courses)")
    importing.set_defaults(handler=cmd_import)

    course = commands.add_parser("course", help="courses in the store")
    course_commands = course.add_subparsers(dest="course_command", metavar="ACTION", parser_class=type(course))
    course_commands.required = True
    save = course_commands.add_parser("save", help="store a course (a new one, or --course-id ID to change one)")
    add_course_options(save)
    save.add_argument("--course-id", metavar="ID", help="the stored course to change")
    save.add_argument("--version", metavar="N", help="the version you read (course show): refuse the save if it changed since")
    urgency = save.add_mutually_exclusive_group()
    urgency.add_argument("--urgent", dest="urgent", action="store_const", const=True,
                         help="mark the course urgent (palliative): the waiting list shows it due within the department's "
                              "urgent limit, and `book` books it so")
    urgency.add_argument("--not-urgent", dest="urgent", action="store_const", const=False, help="take the urgent mark off")
    save.add_argument("--department-calendar", action="store_true",
                      help="plan the course on the department's calendar (zone, holidays, closures, treatment days) again, "
                           "dropping its own")
    save.add_argument("--json", action="store_true",
                      help='print {"course_id", "calendars", "left_out"}: the calendar update the save made due, as machine-down --json')
    save.set_defaults(handler=cmd_course_save)
    listing = course_commands.add_parser("list", help="the courses in the store")
    listing.add_argument("--status", metavar="S", help="planned | booked | on treatment | make-up not booked | finished | cancelled")
    listing.add_argument("--search", metavar="TEXT", help="part of the patient's name, or the start of the hospital number")
    listing.add_argument("--json", action="store_true", help="print one JSON object")
    listing.set_defaults(handler=cmd_course_list)
    show = course_commands.add_parser("show", help="one stored course, its calendar's source and its history")
    _add_course_id(show)
    show.add_argument("--json", action="store_true", help="print one JSON object")
    show.set_defaults(handler=cmd_course_show)
    export = course_commands.add_parser("export", help="write a stored course as a course file")
    _add_course_id(export)
    export.add_argument("-o", "--output", metavar="FILE.igrt.json", required=True)
    export.set_defaults(handler=cmd_course_export)
    from .cli_cancel import add_cancel_commands

    add_cancel_commands(course_commands)

    for parser in commands.choices.values():
        _add_db_option(parser)


class _CourseIdOnce(argparse.Action):
    """The course's id of `course show` and `course export`, as ID or, as every other course command takes it, as
    --course-id ID (the lost-race messages say `course show --course-id ID`); given both ways, refused naming both."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: object,
                 option_string: str | None = None) -> None:
        from .core.text import quoted

        if values is None or values == []:  # the optional ID left out (argparse still calls its action)
            return
        before = getattr(namespace, "course_id", None)
        if before is not None:
            raise argparse.ArgumentError(self, f"the course id is given twice ({quoted(str(before), 40)} and "
                                               f"{quoted(str(values), 40)}); give it once, as ID or as --course-id ID")
        namespace.course_id = values
        namespace.course_id_option = option_string is not None  # a refusal names it as it was given


def _add_course_id(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("course_id", metavar="ID", nargs="?", action=_CourseIdOnce, default=argparse.SUPPRESS,
                        help="the stored course (or --course-id ID)")
    parser.add_argument("--course-id", dest="course_id", metavar="ID", action=_CourseIdOnce, default=argparse.SUPPRESS,
                        help="the stored course, as the other course commands take it")
    parser.set_defaults(course_id=None)


def _add_db_option(parser: argparse.ArgumentParser, nested: bool = False) -> None:
    """`--db URL` on a command and on each of its actions. An action's own `--db` has no default, so
    `db --db URL upgrade` keeps the URL given before the action (argparse let the action's default
    None overwrite it, and the embedded file was upgraded or imported into instead)."""
    if not any("--db" in action.option_strings for action in parser._actions):
        parser.add_argument("--db", metavar="URL", default=argparse.SUPPRESS if nested else None,
                            help="the store: sqlite:///FILE or postgresql://USER@HOST/DB "
                            "(default: $IGRT_PLANNER_DB, settings, or the embedded file)")
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                _add_db_option(sub, nested=True)


# ---------------------------------------------------------------------- the store
def db_source(args: argparse.Namespace, settings: Settings) -> str:
    """What chose the store, to start a message about it: `--db`, the IGRT_PLANNER_DB variable or the
    `database` setting (a user who gave no --db is not sent looking for one); `store` for the embedded file,
    which nothing named."""
    import os

    from .store.database_choice import ENVIRONMENT

    if getattr(args, "db", None) is not None:
        return "--db"
    if os.environ.get(ENVIRONMENT, "").strip():
        return ENVIRONMENT
    if getattr(settings, "database", "").strip():
        return "settings: database"
    return "store"


def checked_url(args: argparse.Namespace, settings: Settings) -> tuple[str, URL]:
    """The store's URL as chosen (--db, IGRT_PLANNER_DB, settings, default) and as parsed; UsageError for one that is no URL."""
    from .store.db import StoreError, chosen_url
    from .store.db.url import parse_url

    url = getattr(args, "db", None)
    if url is not None and not url.strip():
        raise UsageError("--db: give a database URL (got an empty one)")
    given = chosen_url(url, settings.database)
    try:
        return given, parse_url(given)
    except StoreError as exc:
        raise UsageError(f"{db_source(args, settings)}: {exc}") from None


def store_file_missing(args: argparse.Namespace, settings: Settings) -> bool:
    """Whether the command's store is an SQLite file not made yet (or an empty file): a command that may create
    it checks its input first, so a refusal leaves no new database behind."""
    _, parsed = checked_url(args, settings)
    if parsed.get_backend_name() != "sqlite":
        return False
    path = Path(str(parsed.database)).expanduser()
    try:
        return not path.exists() or (path.is_file() and path.stat().st_size == 0)
    except OSError:  # a folder on the way the user may not look into: opening it says so
        return False


def refuse_missing_store(args: argparse.Namespace, settings: Settings) -> None:
    """UsageError when the command's SQLite file does not exist: a command that reads or changes a
    department must not leave an empty database behind (only `db upgrade`, `department import`,
    `import` and `course save` create one)."""
    from .store.db import masked

    given, parsed = checked_url(args, settings)
    source = db_source(args, settings)
    if parsed.get_backend_name() != "sqlite":
        return
    path = Path(str(parsed.database)).expanduser()
    try:
        empty = path.is_file() and path.stat().st_size == 0
        found = path.exists()
    except OSError as exc:  # a folder on the way the user may not look into
        raise UsageError(f"{source}: {masked(given)}: cannot reach the file ({exc.strerror or exc})") from None
    if empty:  # would become a database with nothing in it, as a missing file would
        raise UsageError(f"{source}: {masked(given)} is an empty file, not a planner database yet; create it with "
                         "`department import FILE --db URL` (or `db upgrade --db URL`)")
    if found:
        return
    if path.is_symlink():  # exists() is False for a link to nothing, or a loop of links: not "does not exist"
        raise UsageError(f"{source}: {masked(given)} is a symbolic link that leads to no file")
    raise UsageError(f"{source}: {masked(given)} does not exist; create it with `department import FILE --db URL` "
                     "(or `db upgrade --db URL`)")


def never_saved(course_id: str, given: int, current: int) -> str:
    """Why a --version above the course's own is bad input, not a lost race: no one has saved that version."""
    return f"course {course_id} is at version {current}; version {given} was never saved (course show gives the version)"


@contextmanager
def opened(args: argparse.Namespace, settings: Settings, *, create: bool = False, write: bool = False) -> Iterator[Store]:
    """The store the command names (--db, IGRT_PLANNER_DB, settings, default); refusals exit 2 or 3.
    A missing SQLite file is refused unless the command may `create` it. A command that does not
    `write` (nor create) reads an SQLite file it may not write; one that does is refused at once."""
    from .store.db import (
        Access,
        CourseCancelled,
        CourseConflict,
        CourseDamaged,
        CourseFromNewer,
        CourseNotFound,
        CourseUnreadable,
        Store,
        StoreError,
    )

    url = getattr(args, "db", None)
    if url is not None and not url.strip():
        raise UsageError("--db: give a database URL (got an empty one)")
    if not create:
        refuse_missing_store(args, settings)
    try:
        store = Store.open(url, setting=settings.database, access=Access.WRITE if write or create else Access.READ)
    except StoreError as exc:
        raise UsageError(f"{db_source(args, settings)}: {exc}") from None
    try:
        yield store
    except CourseConflict as exc:
        given = getattr(args, "version", None)
        if isinstance(given, str) and given.strip().isdigit() and int(given) > exc.details.version:  # that version never was
            raise UsageError(f"--version: {never_saved(exc.details.course_id, int(given), exc.details.version)}") from None
        raise LostRace(f"{exc}; {look_and_rerun(args, exc.details.course_id)}") from None
    except (CourseNotFound, CourseCancelled, CourseDamaged, CourseUnreadable, CourseFromNewer) as exc:  # the course id: named
        raise UsageError(f"{_course_id_name(args)}: {exc}") from None
    except StoreError as exc:
        raise UsageError(f"{db_source(args, settings)}: {exc}") from None
    finally:
        store.close()


def _course_id_name(args: argparse.Namespace) -> str:
    """How the command line names the course id: `course show ID` and `course export ID` take it as an argument (or,
    as the other course commands, as --course-id ID)."""
    positional = (getattr(args, "command", None) == "course" and getattr(args, "course_command", None) in ("show", "export")
                  and not getattr(args, "course_id_option", False))
    return "ID" if positional else "--course-id"


def course_id_argument(text: str | None) -> str:
    """The ID of `course show` and `course export`: given, one line, neither empty nor longer than an id can be."""
    from .cli_booking import MAX_ID
    from .core.text import quoted

    if text is None:
        raise UsageError("ID: give the course's id (course list gives it), as ID or as --course-id ID")
    value = text.strip()
    if not value:
        raise UsageError("ID: give a course id (got an empty one)")
    if len(value) > MAX_ID or any(ord(c) < 32 or ord(c) == 127 for c in value):
        raise UsageError(f"ID: {quoted(text, 40)} is not a course id")
    return value


def stored_spec(args: argparse.Namespace, settings: Settings) -> CourseSpec:
    """The course named by --course-id, planned on the department's calendar unless it overrides it."""
    if getattr(args, "course", None):
        raise UsageError("--course-id: give either --course FILE or --course-id ID, not both")
    from .app.stored_courses import open_stored

    repairing = getattr(args, "command", None) == "course" and getattr(args, "course_command", None) == "save"
    with opened(args, settings) as store:  # `course save` may replace free text today's rules refuse (CourseDamaged)
        return open_stored(store, args.course_id, repairing=repairing).spec


def department_closures_of(args: argparse.Namespace, settings: Settings) -> DepartmentClosures | None:
    """The department's closures beside the own calendar of the course named by --course-id (None: it follows the
    department's calendar, whose closures are its own), for the course file written of it: refused for a course
    holding a newer planner's fields, which the file would leave out."""
    from .app.stored_courses import open_stored
    from .store.db import CourseFromNewer

    with opened(args, settings) as store:
        found = open_stored(store, args.course_id)
        if found.unknown:  # a newer planner's fields: the file would be written without them
            raise CourseFromNewer(args.course_id, found.unknown, "writing it to a course file")
        return found.department_closures


def previous_export(args: argparse.Namespace, settings: Settings) -> Any:
    """The state of the course's last export from the store (None before the first)."""
    from .app.calendar_export import PreviousExportError
    from .app.stored_courses import last_stored_export

    with opened(args, settings) as store:
        try:
            return last_stored_export(store, args.course_id)
        except PreviousExportError as exc:
            raise UsageError(f"--course-id: {exc}") from None


def record_export(args: argparse.Namespace, settings: Settings, data: bytes) -> None:
    """Keep what was just written, so the next export updates it."""
    from .app.stored_courses import record_stored_export

    with opened(args, settings, write=True) as store:
        record_stored_export(store, args.course_id, data)


def refuse_read_only_store(args: argparse.Namespace, settings: Settings) -> None:
    """UsageError, before anything is written, when the command's store may not be changed here."""
    with opened(args, settings, write=True):
        pass


# ---------------------------------------------------------------------- commands
def cmd_db_upgrade(args: argparse.Namespace, settings: Settings) -> int:
    with opened(args, settings, create=True) as store:  # opening upgrades an older database (or makes a new one)
        before, backup, after = store.opened_at, store.backup, store.revision()
        where = store.display_url
    if before == after:
        print(f"{where} is up to date (schema {after}).")
    else:
        kept = f"; the old database was copied to {backup}" if backup else ""
        print(f"Upgraded {where} from schema {before or 'none'} to {after}{kept}.")
    return 0


def cmd_db_backup(args: argparse.Namespace, settings: Settings) -> int:
    from .store.db import StoreError
    from .store.db.backup import back_up

    if args.file == STANDARD_OUTPUT:  # as `-o -` elsewhere; a database is no stream, and a file named '-' a trap
        raise UsageError("FILE: '-' is not written to standard output: a backup is a database file; give a file name")
    target = file_named("FILE", args.file)
    with opened(args, settings) as store:
        try:
            copy = back_up(store, target)
        except StoreError as exc:
            raise UsageError(f"FILE: {exc}") from None
        where = store.display_url
    print(f"Backed up {where} to {copy.path}: {counted(copy.patients, 'patient')}, {counted(copy.courses, 'course')}, "
          f"{counted(copy.bookings, 'booked appointment')}.")
    return 0


def cmd_department_import(args: argparse.Namespace, settings: Settings) -> int:
    from .app.department_import import (
        BookedMachineLeftOut,
        DepartmentImportError,
        DowntimeOverBookings,
        import_department,
        instant,
        read_department_file,
    )
    from .store.db import StoreError

    try:
        read = read_department_file(file_named("FILE.toml", args.file), holidays_of(args))
    except DepartmentImportError as exc:
        raise UsageError(str(exc)) from None
    with opened(args, settings, create=True) as store:
        try:
            stored = import_department(store, read.department, read.source)
        except BookedMachineLeftOut as exc:  # the file's refusal, named as its others: not --db's fault
            raise UsageError(str(exc)) from None
        except DowntimeOverBookings as exc:
            down = exc.down
            raise UsageError(f"{exc}; record it with `machine-down '{down.machine}' --from {instant(down.start)} "
                             f"--to {instant(down.end)}` to re-book them, then import the file again") from None
        except StoreError as exc:  # new hours or closures over coming bookings: said as it is, not as --db's fault
            raise UsageError(str(exc)) from None
        _follow_plans(args, settings, store)
    print(f"Imported {read.summary()}")
    print(f"Booking: {read.department.booking.summary()}.")
    kept = len(stored.downtime) - len(read.department.downtime)
    if kept:
        print(f"Kept {counted(kept, 'downtime period')} recorded in the store that the file does not hold.")
        _say_not_shortened(stored.downtime, read.department.downtime, stored.zone)
    _say_machine_roles(read, settings)
    return 0


def _follow_plans(args: argparse.Namespace, settings: Settings, store: Store) -> None:
    """After an import: the courses not booked get their plans' days on the department's calendar as imported (its
    closures, treatment days and holidays push them), so `course list` shows where they now end."""
    from .app.booking import BookingDesk
    from .cli import catalogue_from, holidays_of
    from .core.errors import InputError
    from .store.db import StoreError

    try:
        BookingDesk(store, catalogue_from(None, settings), holidays=holidays_of(args)).follow_plans()
    except (InputError, StoreError) as exc:  # imported all the same: only the list's days wait for each course's next save
        print(f"planner: warning: the courses' days were not planned again on the imported calendar ({exc})", file=sys.stderr)


def _say_not_shortened(stored: Sequence[Downtime], given: Sequence[Downtime], zone: ZoneInfo) -> None:
    """A note (stderr) for each downtime the file gives with an earlier end than one recorded for that machine from the
    same start: the engineer says the machine is back sooner, but an import never shortens recorded downtime (it keeps
    a broken machine off the bookings), so the machine stays down until the recorded end."""
    from .core.dates import day_text

    given_keys = {(d.machine, d.start, d.end) for d in given}

    def when(moment: datetime) -> str:
        local = moment.astimezone(zone)
        return f"{day_text(local.date())} {local:%H:%M}"

    for down in given:
        longer = [d for d in stored if d.machine == down.machine and d.start == down.start and d.end > down.end
                  and (d.machine, d.start, d.end) not in given_keys]
        for recorded in longer:
            print(f"planner: note: {down.machine} stays down until {when(recorded.end)}, as recorded: importing a file never "
                  f"shortens recorded downtime (the file's, from {when(down.start)}, ends {when(down.end)}); shorten it in "
                  "the window's Department settings, Downtime page", file=sys.stderr)


def _say_machine_roles(read: DepartmentRead, settings: Settings) -> None:
    """What each machine is booked for (stdout), and a note (stderr) per capability word no catalogue entry asks for."""
    from .app.machine_roles import capability_notes

    print(read.roles)
    try:
        catalogue = catalogue_from(None, settings)
    except UsageError as exc:  # the department is imported all the same; only the words cannot be checked
        print(f"note: capabilities not checked: {printable(str(exc))}", file=sys.stderr)
        return
    for note in capability_notes(read.department, catalogue):
        print(f"note: {printable(note)}", file=sys.stderr)


def _department(store: Store, source: str) -> Department:
    department = store.department()
    if department is None:
        raise UsageError(no_department(source, store.display_url))
    return department


def no_department(source: str, shown_url: str) -> str:
    """Why a command that needs a department is refused, with the import that gives this very store one: `--db` in it
    when `--db` chose the store (without it the import would go to another, the variable's, the setting's or the
    embedded one)."""
    db = " --db URL" if source == "--db" else ""
    return f"{source}: {shown_url} has no department yet: import one first (`department import FILE.toml{db}`)"


def cmd_department_export(args: argparse.Namespace, settings: Settings) -> int:
    from .core.department import department_to_toml
    from .store.files import write_private

    with opened(args, settings) as store:
        department = _department(store, db_source(args, settings))
    text = department_to_toml(department)
    if args.output is not None and args.output != STANDARD_OUTPUT:
        write_output(args.output, text.encode("utf-8"), write_private)
        print(f"Wrote {printable(args.output)}")
    else:
        sys.stdout.write(text)
    return 0


def cmd_department_show(args: argparse.Namespace, settings: Settings) -> int:
    from .core.department import department_to_json
    from .wording import recorded_words

    with opened(args, settings) as store:
        department = _department(store, db_source(args, settings))
        removed = store.department_removals(datetime.now(UTC) - timedelta(days=REMOVALS_SHOWN_DAYS))
    data = department_to_json(department)
    tz = department.zone
    for item, (day, _) in zip(data["closures"], department.closures, strict=True):
        item.update(_recorded_json(department.closure_recorded(day), tz))
    for item, down in zip(data["downtime"], department.downtime, strict=True):
        item.update(_recorded_json(down.recorded, tz))
    data["removed"] = [_removal_json(entry, tz) for entry in removed]
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    say(f"{department.name} ({department.timezone}; holidays {department.holidays or 'none'}; "
          f"treatment days {', '.join(data['treatment_days'])})")
    for line in (department.address, department.phone):
        if line:
            say(f"  {line}")
    say(f"  Booking: {department.booking.summary()}")
    for machine in data["machines"]:
        hours = ", ".join(f"{day} {span}" for day, span in machine["hours"].items()) or "no hours"
        say(f"  {machine['name']} [group {machine['group'] or '-'}; {', '.join(machine['capabilities']) or 'no capabilities'}]: {hours}")
    for day, name in department.closures:
        say(f"  closed {day.isoformat()}: {name} ({recorded_words(department.closure_recorded(day), tz)})")
    for item, down in zip(data["downtime"], department.downtime, strict=True):
        say(f"  {item['machine']} down {item['start']} to {item['end']}: {item['reason']} ({recorded_words(down.recorded, tz)})")
    if removed:
        say(f"  Removed in the last {REMOVALS_SHOWN_DAYS} days:")
    for entry in removed:
        say(f"    {_removal_text(entry, tz)}")
    return 0


REMOVALS_SHOWN_DAYS = 30  # `department show` lists the downtime and closures removed this recently


def _recorded_json(recorded: Recorded | None, tz: ZoneInfo) -> dict[str, Any]:
    """Who recorded a downtime or closure, and when (null and null: not known, recorded before the store kept track)."""
    if recorded is None:
        return {"recorded_by": None, "recorded_at": None}
    return {"recorded_by": recorded.who, "recorded_at": recorded.at.astimezone(tz).isoformat(timespec="seconds")}


def _removal_json(entry: TrailEntry, tz: ZoneInfo) -> dict[str, Any]:
    what: dict[str, Any] = {"what": entry.subject.value}
    if entry.day is not None:
        what["date"] = entry.day.isoformat()
    if entry.start is not None and entry.end is not None:
        what.update(machine=entry.machine, start=entry.start.astimezone(tz).isoformat(timespec="minutes"),
                    end=entry.end.astimezone(tz).isoformat(timespec="minutes"))
    return {**what, "note": entry.note, "removed_by": entry.recorded.who,
            "removed_at": entry.recorded.at.astimezone(tz).isoformat(timespec="seconds")}


def _removal_text(entry: TrailEntry, tz: ZoneInfo) -> str:
    """'Linac 2 down 2030-03-27T08:00+00:00 to 2030-03-27T12:00+00:00: beam fault (removed by bob on Wed 27 Mar 2030 10:02)'."""
    from .wording import removed_words

    note = f": {entry.note}" if entry.note else ""
    if entry.day is not None:
        return f"closed {entry.day.isoformat()}{note} ({removed_words(entry.recorded, tz)})"
    start = entry.start.astimezone(tz).isoformat(timespec="minutes") if entry.start is not None else "?"
    end = entry.end.astimezone(tz).isoformat(timespec="minutes") if entry.end is not None else "?"
    return f"{entry.machine} down {start} to {end}{note} ({removed_words(entry.recorded, tz)})"


def _course_files(names: list[str]) -> list[Path]:
    files: list[Path] = []
    for name in names:
        if not name.strip():
            raise UsageError("FILE: give a file or folder name (got an empty one)")
        path = Path(name)
        try:
            folder = path.is_dir()
        except OSError:  # a folder on the way the user may not look into: the file's own refusal says so
            folder = False
        if folder:
            try:
                # every .json entry but a folder: a pipe or device among them is refused with its reason, not passed over
                found = sorted(p for p in path.iterdir() if p.name.endswith(".json") and not p.is_dir())
            except OSError as exc:
                raise UsageError(f"FILE: {printable(name)}: cannot read the folder ({exc.strerror or exc})") from None
            if not found:
                raise UsageError(f"FILE: {name} holds no course files (.igrt.json or .json)")
            files += found
        else:
            files.append(path)
        if len(files) > MAX_IMPORT_FILES:
            raise UsageError(f"FILE: more than {MAX_IMPORT_FILES} files at once")
    return files


def cmd_import(args: argparse.Namespace, settings: Settings) -> int:
    from .app.stored_courses import ImportReport, add_course_files, imported_course_warnings, read_course_files

    catalogue = catalogue_from(args.catalogue, settings)
    files = _course_files(args.files)
    checked_url(args, settings)  # a bad --db is named even when every file is refused
    try:  # read before the store is opened: files that are all refused create no database
        read = read_course_files(files, catalogue, holidays_of(args))
    except InputError as exc:
        raise UsageError(f"FILE: {exc}") from None
    if read.refused:  # all or none: the store is not opened (nor created), nothing on stdout
        from .cli import fail

        for line in read.refused:  # one line per file refused, a long name cut in its middle as every refusal's
            fail(line)
        if read.items:  # the good files were held back too: said, so no one looks for them in the store
            print(f"planner: error: nothing imported: {len(read.refused)} of {counted(len(files), 'file')} refused; "
                  "fix or leave out the refused and import again", file=sys.stderr)
        return 2
    report = ImportReport((), 0, ())
    warnings: list[tuple[str, str]] = []
    if read.items:
        with opened(args, settings, create=True) as store:
            try:
                report = add_course_files(store, read)
            except InputError as exc:
                raise UsageError(f"FILE: {exc}") from None
            # each course stored, read back as `course save` reads it: a course too long for its site is said here too
            warnings = imported_course_warnings(store, report.added, catalogue, holidays_of(args))
    added = len(report.added)
    note = f" ({report.already_stored} already in the store, left as they were)" if report.already_stored else ""
    print(f"Imported {added} course{'s' if added != 1 else ''}{note}.")
    for spec, differences in report.own_calendars:  # a file saved on a desk in another zone, say: said, and how to undo it
        print(printable(f"planner: warning: {spec.patient_name} ({spec.patient_id}) keeps the calendar of its file, not "
                        f"the department's ({differences}): `course save --course-id {spec.course_id} --department-calendar` "
                        "plans it on the department's"), file=sys.stderr)
    for course_id, warning in warnings:  # named by its id: an import brings many courses
        print(f"planner: warning: course {printable(course_id)}: {printable(warning)}", file=sys.stderr)
    return 0


def cmd_course_save(args: argparse.Namespace, settings: Settings) -> int:
    from .app.booking import as_booked
    from .app.stored_courses import BOOKING_SHOWN_FIELDS, with_stored_plan, without_booked_moves
    from .cli import WIDE
    from .core.errors import Field
    from .core.parsing import parse_int
    from .store.db.bookings import MissedSlotTaken
    from .store.db.store import without_department_closures

    expected = parse_int(Field.VERSION, args.version, 1, WIDE) if args.version is not None else None
    if expected is not None and not args.course_id:
        raise UsageError("--version: give it with --course-id, the course it belongs to")
    catalogue = catalogue_from(args.catalogue, settings)
    if not args.course_id and store_file_missing(args, settings):  # a new store is made only for a course it can keep
        _course_to_save(args, settings, catalogue, None, None, lambda _course_id: False)
    with opened(args, settings, create=not args.course_id, write=True) as store:  # a new course may start a new store
        stored = store.load_course(args.course_id, repairing=True) if args.course_id else None
        department = store.department()
        spec, span, own_calendar = _course_to_save(args, settings, catalogue, department, stored, store.has_course)
        if stored is not None and stored.own_calendar and own_calendar:
            # read with the department's closures beside its own (as_booked), it keeps them the department's, as the
            # window's save does: one the department takes back is gone from the course too
            spec = without_department_closures(spec, stored.spec, department)
        if stored is not None and args.time is not None and expected in (None, stored.version):  # else the version is said
            _keeps_booked_time(store, catalogue, args, spec)
        version = expected if expected is not None else (stored.version if stored is not None else None)
        # A booked course is read at its booked times (booked moves); it is stored without them, as the window
        # saves it, so an unbooked course goes back to its plan.
        saved = without_booked_moves(spec, stored.spec if stored is not None else None)
        try:
            # the first day, daily time and scan it was read at are the booking's: stored as they were unless changed here
            shown = as_booked(store, stored.spec, catalogue, holidays_of(args)) if stored is not None else None
            given = [name for name in BOOKING_SHOWN_FIELDS if getattr(args, name, None) is not None]
            store.save_course(with_stored_plan(saved, stored.spec if stored is not None else None, shown, given), version,
                              span=span, own_calendar=own_calendar)
        except MissedSlotTaken as exc:  # a missed mark taken back, its time booked meanwhile: nothing saved
            raise UsageError(f"{'--not-missed' if args.not_missed else '--course-id'}: {exc}") from None
        if stored is not None:  # booked: its last day counts a make-up waiting at its end, as the window shows it
            from .app.booking import follow_booked_days

            follow_booked_days(store, spec.course_id, catalogue, holidays_of(args))
        # the course as it stood, read as this command read it (its booking's first day and daily time, the department's
        # closures beside its own: `as_booked`), less the booking's own moves, as `saved` is: a session a downtime or a
        # hand move put at another time is not said to keep it "not the one saved", nor are the sessions of a course
        # booked to start on another day than planned when a day is marked missed
        off, unbooked = (_off_booking(store, spec, saved, without_booked_moves(shown, stored.spec).updated(time=spec.time),
                                      department, catalogue, args)
                         if stored is not None and shown is not None else (0, ()))
        warnings = _saved_course_warnings(store, spec.course_id, catalogue, args)
        updates = _calendar_owed(store, spec.course_id, catalogue, args, settings) if stored is not None else []
    for warning in warnings:  # as plan, export and print say them: a course too long for its site, holidays not known
        print(f"planner: warning: {printable(warning)}", file=sys.stderr)
    for line in unbooked_make_up_lines(unbooked):
        print(f"planner: warning: {line[:1].lower()}{line[1:]}", file=sys.stderr)
    if off:
        print(f"planner: warning: {counted(off, 'booked appointment')} {'keep' if off != 1 else 'keeps'} "
              f"the booked time, not the one saved: move {'them' if off != 1 else 'it'} with `move` (--rest-from N --time HH:MM for a new "
              "daily time) or in the Bookings window, or unbook and book the course again", file=sys.stderr)
    if args.json:
        print(json.dumps({"course_id": spec.course_id, "calendars": _calendars_json(updates), "left_out": left_out_json(updates)},
                         ensure_ascii=False))
    else:
        # on stderr: standard output stays the course's id alone, for scripts; without a department, `export` alone gives it
        for line in calendar_lines(updates, every_owed=department is not None):
            print(f"planner: note: {line[:1].lower()}{line[1:]}", file=sys.stderr)
        print(spec.course_id)
    return 0


def _calendar_owed(store: Store, course_id: str, catalogue: Catalogue, args: argparse.Namespace,
                   settings: Settings) -> list[CalendarUpdate]:
    """The calendar update the save made due (its patient was given the course's calendar before), with the clinic of
    the settings as every booking command makes it; from the catalogue the save read (nothing is refused once saved)."""
    from .app.stored_courses import calendar_owed_after_save

    return calendar_owed_after_save(store, course_id, catalogue, holidays_of(args), settings=settings)


def _keeps_booked_time(store: Store, catalogue: Catalogue, args: argparse.Namespace, spec: CourseSpec) -> None:
    """A booked course's daily time changes with its bookings, never by a save alone: a new --time is refused (nothing
    saved), saying how to move the bookings. Saved, it would disagree with them (the agenda, the patient's calendar),
    and the next save of any field, reading the course at its booked times, would put the booked time back unsaid."""
    from zoneinfo import ZoneInfo

    from .app.booking import BookingDesk, NoDepartment

    try:
        desk = BookingDesk(store, catalogue, holidays=holidays_of(args))
    except NoDepartment:  # nothing can be booked without a department
        return
    course_clock = ZoneInfo(spec.tz)
    booked = desk.booked_daily_time(spec.course_id, course_clock)
    if booked is None or booked.time == spec.time:
        return
    if booked.first_to_come is None or booked.first_start is None:
        raise UsageError(f"--time: every session of course {spec.course_id} has begun or is past at its booked time "
                         f"({booked.time:%H:%M}): its daily time stays as booked; nothing was saved")
    day = booked.first_start.astimezone(course_clock).date()
    new = datetime.combine(day, spec.time, tzinfo=course_clock).astimezone(desk.zone)  # `move` reads the department's clock
    raise UsageError(f"--time: course {spec.course_id} is booked at {booked.time:%H:%M}, and saving the course does not move its "
                     f"bookings: move them with `move --course-id {spec.course_id} --rest-from {booked.first_to_come} "
                     f"--time {new:%H:%M}`; nothing was saved")


def _off_booking(store: Store, spec: CourseSpec, saved: CourseSpec, before: CourseSpec, department: Department | None,
                 catalogue: Catalogue, args: argparse.Namespace) -> tuple[int, tuple[date, ...]]:
    """How many of a stored course's bookings the course as `saved` plans at another time than booked, where the
    course as it stood `before` planned them at the booked time (a move, a re-timing): the bookings keep theirs until
    moved or booked again; and the missed days whose make-up has no booking. Compared booking by booking, each
    course planning the session that booking gives, so a day marked missed (or taken back), which gives the later
    bookings other session numbers, does not count a booking a hand move or a re-booking put elsewhere."""
    from .app.course_booking import booked_by_key, booking_facts, unbooked_make_ups
    from .app.planning import plan
    from .core.wall_clock import same_instant
    from .store.db.store import with_department_closures

    facts = booking_facts(store, spec.course_id)
    if facts is None:
        return 0, ()
    holidays = holidays_of(args)

    def planned(course: CourseSpec) -> dict[AppointmentKey, datetime]:
        """Each booking's session, as `course` plans it (a booking of a day marked missed gives none)."""
        # the course as it was may be one read for repair (its damaged text as stored): the text plays no part in times
        schedule = plan(with_department_closures(course.text_left_out(), department), catalogue, holidays)
        starts = {a.key: a.start for a in schedule.appointments if not a.missed}
        return {place.key: starts[key] for key, place in booked_by_key(schedule, facts).items() if key in starts}

    was, now = planned(before), planned(saved)
    # off: a booking the save moved its session away from: at the session's planned time before, at another now (one
    # a downtime, closure or hand move had already put elsewhere stays where it was, as before the save)
    off = sum(1 for place in facts.appointments if place.key in now and not same_instant(now[place.key], place.start)
              and (place.key not in was or same_instant(was[place.key], place.start)))
    return off, unbooked_make_ups(plan(spec, catalogue, holidays), facts)


def _saved_course_warnings(store: Store, course_id: str, catalogue: Catalogue, args: argparse.Namespace) -> tuple[str, ...]:
    """The warnings of the course as saved, read back as `plan --course-id` reads it (at its booked times): the course
    the command built still numbers its booked moves as before a missed mark it adds or takes back."""
    from .app.stored_courses import saved_course_warnings

    return saved_course_warnings(store, course_id, catalogue, holidays_of(args))


def _course_to_save(args: argparse.Namespace, settings: Settings, catalogue: Catalogue, department: Department | None,
                    stored: StoredCourse | None, in_store: Callable[[str], bool]
                    ) -> tuple[CourseSpec, tuple[date | None, date | None], bool | None]:
    """The course `course save` stores, its span and whether it keeps its own calendar; every refusal (exit 2)
    comes from here, so it can run before a new store is created."""
    from .app.planning import default_location
    from .store.db import same_calendar, with_department_calendar
    from .store.db.store import check_patient

    spec = spec_from_options(args, settings)
    if stored is None and not args.course and args.location is None and not args.no_location and department is not None:
        spec = spec.updated(location=default_location(settings, department))  # as a new course in the window
    if stored is None and in_store(spec.course_id):
        raise UsageError(f"--course: course {spec.course_id} is already in the store: change it with --course-id {spec.course_id}")
    if args.patient_id is not None:
        spec = spec.updated(patient_id=args.patient_id)
    calendar_given = any(getattr(args, name) is not None for name in _CALENDAR_OPTIONS)  # --holidays none too
    own_calendar: bool | None
    if args.department_calendar:
        if calendar_given:
            raise UsageError("--department-calendar: give it without --tz, --holidays, --closed or --days "
                             "(those make the course keep a calendar of its own)")
        if department is None:
            raise UsageError("--department-calendar: the store has no department yet: import one first")
        own_calendar = False
    elif calendar_given:
        own_calendar = True
    elif stored is not None:
        own_calendar = stored.own_calendar
    elif args.course:
        own_calendar = department is None or not same_calendar(spec, department)
    else:
        own_calendar = department is None
    if department is not None and not own_calendar:
        spec = with_department_calendar(spec, department)
    spec = adjusted_by_options(args, phases_from_options(args, spec), catalogue)
    if args.urgent is not None:
        spec = spec.updated(urgent=args.urgent)
    try:
        span = _span_checked(spec, catalogue, holidays_of(args))
    except InputError as exc:  # a value of the course file or the stored course, not an option given: named so
        raise from_course_file(args, exc) from None
    check_course_times_given(args, spec)
    check_patient(spec)
    return spec, span, own_calendar


def _span_checked(spec: CourseSpec, catalogue: Catalogue, holidays: HolidaySource | None) -> tuple[date | None, date | None]:
    """The course's first and last fraction; a course that cannot be planned is refused (exit 2)."""
    from .app.planning import plan
    from .app.stored_courses import schedule_span

    return schedule_span(spec, plan(spec, catalogue, holidays))


def cmd_course_list(args: argparse.Namespace, settings: Settings) -> int:
    long = too_long(args.search, MAX_SEARCH_CHARS) if args.search is not None else None
    if long:
        raise UsageError(f"--search: {long}")
    with opened(args, settings) as store:
        try:
            # The list is read first, and the opening's check (`_follow_make_ups`) asks its questions of the courses
            # with a missed session that read found: one read of them for the whole command. When the check puts days
            # right (a store an older planner wrote), the list is read again, as it would have been read after it.
            missed: list[MissedCourse] = []
            listed = _course_list(store, args, missed)
            if _follow_make_ups(args, settings, store, missed=missed):
                listed = _course_list(store, args)
        except InputError as exc:
            raise UsageError(f"--status: {exc.reason}") from None
    if isinstance(listed, str):
        sys.stdout.write('{"courses": ' + listed + "}\n")
        return 0
    for row in listed:
        span = f"{row.first.isoformat() if row.first else '?'} to {row.last.isoformat() if row.last else '?'}{_not_booked(row)}"
        say(f"{row.course_id}  {row.patient} ({row.patient_id})  {row.site}  {span}  {_status_words(row.status, row)}")
    if not listed:
        say("No courses.")
    return 0


def _course_list(store: Store, args: argparse.Namespace, missed_read: list[MissedCourse] | None = None) -> str | list[CourseSummary]:
    """`course list`'s courses: the JSON text (--json), else the rows; `missed_read` as `Store.list_courses` takes it."""
    if args.json:
        return store.list_course_json_text(args.status, args.search, missed_read=missed_read)
    return store.list_courses(args.status, args.search, missed_read=missed_read)


def _follow_make_ups(args: argparse.Namespace, settings: Settings, store: Store, course_ids: list[str] | None = None, *,
                     missed: Sequence[MissedCourse] | None = None) -> bool:
    """Before `course list` or `course show` reads a store it may change: a booked course whose make-up waits at its end
    ends on that make-up's day, as the window puts it right on opening the store (an older store kept the last booked
    session's day). A store opened read-only is never written: it shows the days as stored, as the window's list does.
    A failure (a catalogue that does not read, a database user who may not write) leaves the days as stored, as in the
    window: the command still answers. `missed`: the courses with a missed session as the command just read them (not
    read again). True when days were put right (what the command read before is out of date)."""
    from .app.make_up_days import follow_make_ups_on_opening
    from .cli import catalogue_from, holidays_of
    from .store.db import StoreError

    try:
        return follow_make_ups_on_opening(store, lambda: catalogue_from(None, settings), holidays_of(args), course_ids,
                                          missed=missed)
    except (StoreError, InputError, UsageError):
        return False


def _not_booked(summary: CourseSummary | None) -> str:
    """What `course list` and `course show` add after a booked course's last day when that day is a make-up not booked
    yet (shown where `book --make-ups` will book it, as the window shows it)."""
    if summary is None or not summary.last_not_booked:
        return ""
    return " (last day: a make-up never booked)" if summary.not_given else " (last day: a make-up not booked yet)"


def _status_words(status: CourseStatus, summary: CourseSummary | None) -> str:
    """The status as `course list` and `course show` say it: a course whose make-up was never booked, its day passed,
    says how many fractions of the prescribed course were not given ('make-up not booked: 1 fraction not given')."""
    count = _not_given(status, summary)
    return f"{status.value}: {not_given_words(count)}" if count else status.value


def _not_given(status: CourseStatus, summary: CourseSummary | None) -> int:
    """How many fractions of the prescribed course were not given, their make-up never booked (0: none, or not so)."""
    from .store.db import CourseStatus

    return summary.not_given if summary is not None and status is CourseStatus.MAKE_UP_NOT_BOOKED else 0


def cmd_course_show(args: argparse.Namespace, settings: Settings) -> int:
    from .app.audit_words import real_changes
    from .core.clinic import format_weekdays
    from .store.course_file import fields_named, spec_to_json

    args.course_id = course_id_argument(args.course_id)
    try:  # only to leave out what merely spelt out a default: a catalogue that does not read does not stop `show`
        catalogue: Catalogue | None = catalogue_from(None, settings)
    except UsageError:
        catalogue = None
    with opened(args, settings) as store:
        _follow_make_ups(args, settings, store, [args.course_id])
        stored = store.load_course(args.course_id)
        department = store.department()
        status = store.course_status(stored)
        summary = store.course_summaries([args.course_id]).get(args.course_id)
        history = store.course_history(args.course_id)
        if catalogue is not None:  # without the entries an older window wrote that only spelt out a default (pattern null -> daily)
            history = real_changes(history, stored.spec, catalogue)
    spec = stored.effective_spec(department)
    source = "course" if stored.own_calendar or department is None else "department"
    data = {
        "course_id": spec.course_id, "version": stored.version, "patient": spec.patient_name, "patient_id": spec.patient_id,
        "site": spec.site, "first": stored.first.isoformat() if stored.first else None,
        "last": stored.last.isoformat() if stored.last else None,
        "last_not_booked": bool(summary is not None and summary.last_not_booked), "status": status.value,
        "not_given": _not_given(status, summary),
        "calendar": {"source": source, "overrides_department": bool(stored.own_calendar and department is not None),
                     "tz": spec.tz, "holidays": spec.holidays, "days": format_weekdays(spec.days),
                     "closed": [{"date": d.isoformat(), "note": n} for d, n in spec.closed]},
        "created_at": stored.created_at.isoformat(timespec="seconds"), "created_by": stored.created_by,
        "updated_at": stored.updated_at.isoformat(timespec="seconds"), "updated_by": stored.updated_by,
        "course": spec_to_json(spec),
        "unknown_fields": list(stored.unknown),  # a newer planner's, left out of "course": saving over it is refused
        "history": [{"at": e.at.isoformat(timespec="seconds"), "who": e.who, "version": e.version, "field": e.field,
                     "old": e.old_value, "new": e.new_value} for e in history],
    }
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    say(f"{spec.patient_name} ({spec.patient_id}): {spec.site}, {data['first'] or '?'} to {data['last'] or '?'}"
        f"{_not_booked(summary)}, {_status_words(status, summary)}")
    zone = _course_clock(spec.tz)  # the text says when on the course's clock, as agenda and department show do (JSON: UTC)
    say(f"Course {spec.course_id}, version {stored.version}, last saved by {stored.updated_by} at "
        f"{stored.updated_at.astimezone(zone).isoformat(timespec='seconds')}")
    if spec.urgent:
        say("Urgent: to start within the department's urgent limit")
    if stored.unknown:
        say(f"Shown without {fields_named(stored.unknown)}, saved by a newer version of the planner: change the course "
            "with that version (saving it here is refused, as it would drop them)")
    calendar = data["calendar"]
    assert isinstance(calendar, dict)
    if source == "department":
        say(f"Calendar: the department's ({spec.tz}, holidays {spec.holidays or 'none'}, {calendar['days']})")
    else:
        overrides = " - overrides the department's" if department is not None else ""
        say(f"Calendar: the course's own ({spec.tz}, holidays {spec.holidays or 'none'}, {calendar['days']}){overrides}")
    for entry in history:
        change = (f": {_history_value(entry.old_value)} -> {_history_value(entry.new_value)}"
                  if entry.old_value is not None or entry.new_value is not None else "")
        say(f"  {entry.at.astimezone(zone).isoformat(timespec='seconds')}  {entry.who}  v{entry.version}  {entry.field}{change}")
    return 0


def _course_clock(tz: str) -> tzinfo:
    """The course's zone for the times `course show` prints (UTC for a zone this machine does not know)."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def _history_value(value: str | None) -> str:
    """A value of the audit trail as `course show` prints it: a field the course did not have reads "(not set)", not None."""
    return "(not set)" if value is None else value


def cmd_course_export(args: argparse.Namespace, settings: Settings) -> int:
    from .store.course_file import dumps
    from .store.db import CourseFromNewer
    from .store.files import write_private

    args.course_id = course_id_argument(args.course_id)
    with opened(args, settings) as store:
        stored = store.load_course(args.course_id)
        if stored.unknown:  # a newer planner's fields: the file would be written without them
            raise CourseFromNewer(args.course_id, stored.unknown, "writing it to a course file")
        spec = stored.effective_spec(store.department())
    write_output(args.output, dumps(spec), write_private)
    say_written(args.output, f"Wrote {written_to(args.output)}")
    return 0
