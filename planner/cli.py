"""`python -m planner ...`: the scheduling core on the command line.

Bad input of any kind ends with one line on stderr naming the option and the reason, and
exit status 2.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import Any, NoReturn, cast

from . import APP_NAME
from .app.catalogues import chosen_catalogue
from .app.planning import clinic_contact, clinic_spec, plan
from .app.print_facts import PrintFacts, print_facts
from .cli_booking import BOOKING_COMMANDS, add_booking_commands, at_booked_times_of, department_of, machines_of, rebooked_of
from .cli_move import add_move_command
from .core.catalogue import Catalogue, PrepReminder
from .core.clinic import WEEKDAY_NAMES, HolidaySource, parse_weekday, parse_weekdays
from .core.course import Adjustment, MakeUp, MissedSession, Move, Retime, Shift, check_reason
from .core.department import Department
from .core.errors import CatalogueError, Field, InputError
from .core.kinds import MAX_PHASE_GAP_DAYS, MAX_PHASES, MAX_TWICE_DAILY_FRACTIONS, AppointmentKey, AppointmentKind, Pattern
from .core.make_up import make_up_option, missed_fraction_day
from .core.parsing import parse_date, parse_int, parse_local_datetime, parse_pattern, parse_time
from .core.schedule import Appointment, Schedule
from .core.spec import CourseSpec, PhaseSpec
from .core.text import counted, printable, quoted, single_line
from .store.course_file import CourseFileError, dumps, load_course
from .store.holiday_cache import holiday_cache
from .store.settings import Settings, SettingsError, load_settings
from .wording import adjustment_line, appointment_notes, left_out_words, reminder_line, reminders_left_out, title

EXIT_USAGE = 2
MAX_MESSAGE_CHARS = 2000
MESSAGE_END_CHARS = 300  # of a message cut short, the end kept: its reason
WIDE = 10**6
# Core field names that are not options of their own live in the course file.
_FIELD_OPTIONS: dict[str, str] = {Field.MOVES: "--move"}
_COURSE_OPTION_GROUPS = ("course options", "phases, twice-daily sessions and adjustments")  # see _GivenOnce
EXIT_STATUSES = "exit status: 0 no changes, 1 the calendars differ, 2 bad input (one line on stderr)"


class UsageError(Exception):
    """One line for stderr; exit status 2."""


class _Parser(argparse.ArgumentParser):
    """The command line's parser, and each sub-command's: a shortened option (`--machin` for `--machine`)
    is refused as unknown rather than guessed, so a typo never becomes another option."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["allow_abbrev"] = False
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        message = message.replace("argument ", "", 1) if message.startswith("argument ") else message
        raise UsageError(message)


class _Skipped:
    """A command's parser left unbuilt because the command line gives another command (see `_Commands`): every call on
    it, and on what a call returns, does nothing."""

    def __getattr__(self, name: str) -> Callable[..., _Skipped]:
        return self._nothing

    def _nothing(self, *args: object, **kwargs: object) -> _Skipped:
        return self


class _Commands(argparse._SubParsersAction):  # type: ignore[type-arg]
    """The commands; with `only`, the parser of that command alone is built (the one the command line gives): building
    every command's options took about 5 ms of each command, half of a `course list`."""

    only: str | None = None

    def add_parser(self, name: str, **kwargs: Any) -> argparse.ArgumentParser:
        if self.only is not None and name != self.only:
            return cast(argparse.ArgumentParser, _Skipped())
        return super().add_parser(name, **kwargs)  # type: ignore[no-any-return]


class _OnlyOnce(argparse.Action):
    """An option that a second use would silently override: refused instead."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: object,
                 option_string: str | None = None) -> None:
        if getattr(namespace, self.dest, None) is not None:
            raise argparse.ArgumentError(self, "given twice; one reason goes with every adjustment of the command, "
                                               "so give adjustments with different reasons in separate commands")
        setattr(namespace, self.dest, values)


def _shown(dest: str, value: object) -> str:
    """An option's value as a message may quote it: a database URL with its password as ***, as every message shows it."""
    if dest == "db":
        from .store.db import masked

        return masked(str(value))
    return str(value)


class _GivenOnce(argparse._StoreAction):
    """An option that takes one value: a second use would silently override the first (a command
    recalled from the history and edited: `machine-down --from A --from B`), so it is refused naming
    both values. The course options keep the usual last-one-wins, so a shell alias holding them can
    be overridden (`plan --course FILE` is overridden the same way)."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: str | Sequence[Any] | None,
                 option_string: str | None = None) -> None:
        given: set[str] = namespace.__dict__.setdefault("_options_given", set())
        if self.dest in given:
            before = getattr(namespace, self.dest, None)
            raise argparse.ArgumentError(self, f"given twice ({quoted(_shown(self.dest, before), 40)} and "
                                               f"{quoted(_shown(self.dest, values), 40)}); give it once")
        given.add(self.dest)
        super().__call__(parser, namespace, values, option_string)


_STORE_QUERIED = ("course_id", "search")  # options whose text the store is asked for: bytes that are not UTF-8 never reach it


def _valid_utf8(text: str) -> str:
    """A value given as bytes that are not UTF-8 (Python keeps them as lone surrogates) is refused, as every free-text
    option refuses it, rather than sent to the database, which fails on it."""
    if any(0xD800 <= ord(c) <= 0xDFFF for c in text):
        raise argparse.ArgumentTypeError(f"{quoted(text, 40)} is not valid UTF-8 text")
    return text


def _check_store_queried(parser: argparse.ArgumentParser) -> None:
    """Every option of `parser` and its sub-commands that names a course (or searches the courses) takes UTF-8 only."""
    for action in parser._actions:
        if action.dest in _STORE_QUERIED and action.type is None:
            action.type = _valid_utf8
        elif isinstance(action, argparse._SubParsersAction):
            for sub in set(action.choices.values()):
                _check_store_queried(sub)


def _refuse_repeats(parser: argparse.ArgumentParser) -> None:
    """Every single-value option of `parser` and its sub-commands but the course options refuses a second use."""
    overridable = {id(action) for group in parser._action_groups if group.title in _COURSE_OPTION_GROUPS
                   for action in group._group_actions}
    for action in parser._actions:
        if type(action) is argparse._StoreAction and action.option_strings and id(action) not in overridable:
            action.__class__ = _GivenOnce
        elif isinstance(action, argparse._SubParsersAction):
            for sub in set(action.choices.values()):
                _refuse_repeats(sub)


# free text `course save` replaces (CourseDamaged); a reason: --reason given with no adjustment
_REPAIRABLE = (Field.PATIENT, Field.PATIENT_ID, Field.LOCATION, Field.CLOSED, Field.REASON)


def _option(field: str) -> str:
    return _FIELD_OPTIONS.get(field, f"--{field}")


def _add_course_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group(_COURSE_OPTION_GROUPS[0])
    group.add_argument("--course", metavar="FILE", help="load a saved course; options given beside it override its fields")
    group.add_argument("--catalogue", metavar="FILE", help="site catalogue (default: settings, $IGRT_PLANNER_CATALOGUE, or the shipped one)")
    group.add_argument("--site", metavar="ID", help="treatment site id (see `sites`)")
    group.add_argument("--preset", metavar="NAME", help="regimen preset id or name of the site")
    group.add_argument("--fractions", metavar="N", help="number of fractions (daily 1-40; other patterns 1-5)")
    group.add_argument("--weeks", metavar="W", help="daily course length in weeks (1-8), instead of --fractions")
    group.add_argument("--pattern", metavar="PATTERN", help="daily | alternate | twice-weekly | weekly | twice-daily (with --second-time)")
    group.add_argument("--start", metavar="YYYY-MM-DD", help="date of the first fraction (an open treatment day)")
    group.add_argument("--time", metavar="HH:MM", help="daily treatment time, local to --tz")
    group.add_argument("--duration", metavar="MINUTES", help="session length (default: preset or site)")
    group.add_argument("--tz", metavar="ZONE", help="IANA time zone (default: settings or this machine's zone)")
    group.add_argument("--holidays", metavar="CC[-SUBDIV]", help="public holidays, e.g. US-NY, GB-ENG, DE-BY; 'none': none")
    group.add_argument("--closed", metavar="YYYY-MM-DD", action="append", help="a clinic closure date (repeatable)")
    group.add_argument("--days", metavar="mon,tue,...", help="treatment weekdays (default mon-fri)")
    group.add_argument("--simulation", metavar="YYYY-MM-DDTHH:MM", help="planning scan date and time")
    group.add_argument("--follow-up-weeks", metavar="N", help="follow-up visit N weeks after the last fraction")
    group.add_argument("--review-day", metavar="DAY", help="weekday of the weekly on-treatment review")
    group.add_argument("--patient", metavar="NAME", help="patient name")
    group.add_argument("--patient-id", metavar="ID", help="the patient's hospital number (printed on every page; the store needs it)")
    group.add_argument("--location", metavar="TEXT", help="where the appointments are (default: the department's name "
                       "and address for a new stored course, else the clinic in settings); never empty")
    group.add_argument("--no-location", action="store_true",
                       help="the course names no location (as an emptied Location field in the window)")
    _add_phase_and_adjustment_options(parser)


def _add_phase_and_adjustment_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group(_COURSE_OPTION_GROUPS[1])
    group.add_argument("--phase", metavar="FRACTIONS[:PATTERN]", action="append",
                       help="a later phase after the one of --fractions/--weeks/--pattern (repeatable, up to 3 phases)")
    group.add_argument("--phase-gap", metavar="DAYS", help="days left free between phases (default 0)")
    group.add_argument("--second-time", metavar="HH:MM",
                       help="twice daily: the second session, at least 6 hours after --time (default --time + 6 h)")
    group.add_argument("--move", metavar="N=YYYY-MM-DDTHH:MM", action="append", help="move fraction N (repeatable)")
    group.add_argument("--missed", metavar="N[=end|weekend|second-session]", action="append",
                       help="fraction N was missed; made up at the end (default) or in the suggested slot (repeatable)")
    group.add_argument("--not-missed", metavar="N|YYYY-MM-DD", action="append",
                       help="take back the missed mark of fraction N as `plan` lists it under Missed, or of that day "
                            "(repeatable); its make-up goes")
    group.add_argument("--retime-from", metavar="N=HH:MM", action="append", help="from fraction N on, treat at HH:MM")
    group.add_argument("--shift-from", metavar="N", action="append",
                       help="from fraction N on, shift the rest of the course by one open day (repeatable)")
    group.add_argument("--reason", metavar="TEXT", action=_OnlyOnce,
                       help="the reason recorded with the adjustments given (once a command)")


def _translations_remembered() -> None:
    """argparse translates each of its words anew for every option it is given (gettext looks for message files on
    disk each time): about 4 ms of the 9 ms every command spends building its parser. The words and the locale do not
    change while a command runs, so each is looked up once."""
    if not hasattr(argparse._, "cache_info"):  # type: ignore[attr-defined]
        argparse._ = functools.lru_cache(maxsize=None)(argparse._)  # type: ignore[attr-defined]


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser; with `only`, a command's name, that command's alone (what a command line giving it
    needs): the other commands are not built, so the parser knows no other command."""
    _translations_remembered()
    parser = _Parser(prog=program_name(), description=f"{APP_NAME}: plan radiotherapy course calendars.")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser, action=_Commands)
    cast(_Commands, commands).only = only
    commands.required = True
    sites = commands.add_parser("sites", help="list treatment sites and their regimen presets")
    sites.add_argument("--catalogue", metavar="FILE", help="site catalogue to list")
    plan = commands.add_parser("plan", help="print a course's schedule")
    _add_course_options(plan)
    plan.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    plan.add_argument("--save", metavar="FILE.json", help="also save the course as a course file (for --course)")
    export = commands.add_parser("export", help="write the course as an .ics file for phone calendars")
    _add_course_options(export)
    export.add_argument("-o", "--output", metavar="FILE.ics", required=True, help="the .ics file to write ('-': standard output)")
    shown = export.add_mutually_exclusive_group()
    shown.add_argument("--discreet", action="store_true", help="name no diagnosis, site or treatment")
    shown.add_argument("--not-discreet", action="store_true",
                       help="name the treatment even when the patient's earlier calendar (--previous, or the store's) was discreet")
    steps = export.add_mutually_exclusive_group()
    steps.add_argument("--prep-events", action="store_true", help="also write each timed preparation step as its own event")
    steps.add_argument("--no-prep-events", action="store_true",
                       help="leave the preparation steps' events out even when the patient's earlier calendar had them")
    export.add_argument("--previous", metavar="OLD.ics", help="an earlier export of this course, to update it")
    export.add_argument("--phone", metavar="TEXT", help="the clinic's phone (default: the department's, else settings)")
    diff = commands.add_parser("diff", help="what changed between two exports of a course", epilog=EXIT_STATUSES,
                               description="What changed between two exports of a course, in words to read to the patient.")
    diff.add_argument("old", metavar="OLD.ics")
    diff.add_argument("new", metavar="NEW.ics")
    printing = commands.add_parser("print", help="print the weekly view, the course at a glance or the course sheet to PDF")
    _add_course_options(printing)
    printing.add_argument("--layout", choices=["week", "glance", "sheet"], default="week",
                          help="week (default: a page per week), glance (the course at a glance, up to 4 weeks a page) or sheet")
    printing.add_argument("--week", metavar="YYYY-MM-DD", help="only the week containing this date")
    printing.add_argument("--all-weeks", action="store_true", help="every week of the course (the default)")
    printing.add_argument("--paper", choices=["a4", "letter"], help="paper size (default: from the locale)")
    printing.add_argument("--discreet", action="store_true", help="name no diagnosis, site or treatment")
    printing.add_argument("--phone", metavar="TEXT", help="the clinic's phone (default: the department's, else settings)")
    printing.add_argument("-o", "--output", metavar="FILE.pdf", required=True, help="the PDF to write ('-': standard output, not a terminal)")
    from .cli_store import add_store_commands

    add_store_commands(commands, _add_course_options)
    add_booking_commands(commands)
    add_move_command(commands)
    _refuse_repeats(parser)
    _check_store_queried(parser)
    return parser


def parser_for(argv: Sequence[str]) -> argparse.ArgumentParser:
    """The parser of the command `argv` gives (see `build_parser`), or the whole parser when it gives none that is
    known (help, a typo: the whole parser lists the commands)."""
    wanted = argv[0] if argv and not argv[0].startswith("-") else None
    if wanted is not None:
        parser = build_parser(wanted)
        if wanted in _commands(parser).choices:
            return parser
    return build_parser()


def _commands(parser: argparse.ArgumentParser) -> argparse._SubParsersAction:  # type: ignore[type-arg]
    return next(action for action in parser._actions if isinstance(action, argparse._SubParsersAction))


def program_name() -> str:
    """How the user started the planner: `igrt-planner`, or `python -m planner`."""
    name = Path(sys.argv[0]).name if sys.argv and sys.argv[0] else ""
    return "python -m planner" if not name or name == "__main__.py" else name


def file_option(option: str, value: str | None) -> Path | None:
    """A file named by an option, None when the option is not given."""
    return None if value is None else file_named(option, value)


def file_named(option: str, value: str) -> Path:
    """An empty file name is refused, not taken as 'none given'."""
    if not value.strip():
        raise UsageError(f"{option}: give a file name (got an empty one)")
    return Path(value)


# ---------------------------------------------------------------------- course options -> spec
def catalogue_from(path_text: str | None, settings: Settings) -> Catalogue:
    given = file_option("--catalogue", path_text)
    try:
        return chosen_catalogue(str(given) if given else None, settings)
    except CatalogueError as exc:
        raise UsageError(f"--catalogue: {exc}") from None


def spec_from_options(args: argparse.Namespace, settings: Settings) -> CourseSpec:
    """The course file (if any) or the settings' defaults, overridden by the options given."""
    course_path = file_option("--course", args.course)
    course_id = getattr(args, "course_id", None)
    if course_id is not None and not course_id.strip():
        raise UsageError("--course-id: give a course id (got an empty one)")
    if course_id:
        from .cli_booking import as_booked_spec
        from .cli_store import stored_spec

        spec = as_booked_spec(args, settings, stored_spec(args, settings))
    elif course_path is not None:
        try:
            spec = load_course(course_path)
        except CourseFileError as exc:
            raise UsageError(f"--course: {exc}") from None
    else:
        spec = clinic_spec(settings)
    changes: dict[str, Any] = {}
    if args.site is not None:
        changes["site"] = args.site
    if args.preset is not None:
        changes["preset"] = args.preset if args.preset.strip() else ""  # blank: no preset, as "" (with --fractions or --weeks)
    if args.fractions is not None:
        changes["fractions"] = parse_int(Field.FRACTIONS, args.fractions, -WIDE, WIDE)
        changes["weeks"] = None
    if args.weeks is not None:
        changes["weeks"] = parse_int(Field.WEEKS, args.weeks, -WIDE, WIDE)
        if args.fractions is None:
            changes["fractions"] = None
    if args.preset is not None and not args.preset.strip() \
            and changes.get("fractions", spec.fractions) is None and changes.get("weeks", spec.weeks) is None:
        # an unset variable, say: the course would have no number of fractions, refused as its own field's slip
        raise InputError(Field.PRESET, "give a preset (got an empty one; `sites` lists them), or --fractions or --weeks "
                                       "for a course without one")
    if args.pattern is not None:
        changes["pattern"] = parse_pattern(Field.PATTERN, args.pattern)
    if args.start is not None:
        changes["start"] = parse_date(Field.START, args.start)
    if args.time is not None:
        changes["time"] = parse_time(Field.TIME, args.time)
    if args.duration is not None:
        changes["duration"] = parse_int(Field.DURATION, args.duration, -WIDE, WIDE)
    if args.tz is not None:
        changes["tz"] = args.tz
    if args.holidays is not None:
        changes["holidays"] = _holidays_given(args.holidays)
    if args.closed:
        # a day the course closes already is given again with no note: it replaces that closure's (one an older
        # version stored with markup, say), never a second closure of that day beside it
        given = dict.fromkeys(parse_date(Field.CLOSED, c) for c in args.closed)
        kept = tuple((day, "" if day in given else note) for day, note in spec.closed)
        changes["closed"] = kept + tuple((day, "") for day in given if day not in dict(spec.closed))
    if args.days is not None:
        changes["days"] = parse_weekdays(Field.DAYS, args.days)
    if args.simulation is not None:
        changes["simulation"] = parse_local_datetime(Field.SIMULATION, args.simulation)
    if args.follow_up_weeks is not None:
        changes["follow_up_weeks"] = parse_int(Field.FOLLOW_UP_WEEKS, args.follow_up_weeks, -WIDE, WIDE)
    if args.review_day is not None:
        changes["review_day"] = parse_weekday(Field.REVIEW_DAY, args.review_day)
    if args.patient is not None:
        changes["patient_name"] = args.patient
    if args.patient_id is not None:
        changes["patient_id"] = args.patient_id
    if args.location is not None:
        if getattr(args, "no_location", False):
            raise InputError(Field.LOCATION, "give either --location or --no-location, not both")
        if not args.location.strip():  # a slip (an unset variable), as an empty --phone is; --no-location clears it
            raise InputError(Field.LOCATION, "give where the appointments are (got an empty one), or leave --location "
                                             "out; --no-location leaves the course without one")
        changes["location"] = args.location
    elif getattr(args, "no_location", False):
        changes["location"] = ""
    if getattr(args, "discreet", False):
        changes["discreet"] = True
    if args.fractions is not None and args.weeks is not None:
        raise InputError(Field.WEEKS, "give either --fractions or --weeks, not both")
    return spec.updated(**changes)


def _holidays_given(text: str) -> str | None:
    """--holidays: a region, or `none` for no public holiday closing the clinic. Empty is refused as a slip (an unset
    variable), as an empty --location is: it planned the course through every public holiday unsaid."""
    if not text.strip():
        raise InputError(Field.HOLIDAYS, "give a region such as US-NY (got an empty one), or 'none' for no public holidays")
    return None if text.strip().lower() == "none" else text


def schedule_from_options(args: argparse.Namespace, settings: Settings) -> tuple[CourseSpec, Schedule, Catalogue]:
    catalogue = catalogue_from(args.catalogue, settings)
    spec = phases_from_options(args, spec_from_options(args, settings))
    spec = adjusted_by_options(args, spec, catalogue)
    try:
        schedule = plan(spec, catalogue, holidays_of(args))
    except InputError as exc:
        raise from_course_file(args, exc) from None
    check_course_times_given(args, spec)
    return spec, at_booked_times_of(args, settings, schedule), catalogue


def check_course_times_given(args: argparse.Namespace, spec: CourseSpec) -> None:
    """--simulation and --move name wall-clock times in the course's zone (known once the course is
    planned): one the clocks skip or repeat that day is refused, not taken as some instant."""
    from .core.wall_clock import check_wall_clock_given
    from .core.zones import zone

    tz = zone(Field.TZ, spec.tz)
    if args.simulation is not None:
        check_wall_clock_given(Field.SIMULATION, args.simulation,
                               parse_local_datetime(Field.SIMULATION, args.simulation).replace(tzinfo=tz), offset_picks=False)
    for text in args.move or ():
        _, value, _ = _numbered(Field.MOVE, text)
        check_wall_clock_given(Field.MOVE, value, parse_local_datetime(Field.MOVE, value).replace(tzinfo=tz), offset_picks=False)


def holidays_of(args: argparse.Namespace) -> HolidaySource | None:
    """The holiday source `main` handed the command (None: ask the holidays package itself)."""
    source: HolidaySource | None = getattr(args, "holiday_source", None)
    return source


def from_course_file(args: argparse.Namespace, exc: InputError) -> Exception:
    """A value refused in the course file (or the stored course), not on the command line, is named as the file's
    (or the course's) field: the user gave no such option."""
    option = _option(exc.field)
    given = getattr(args, option.removeprefix("--").replace("-", "_"), None) if option.startswith("--") else None
    if args.course and given is None and option != "--course":
        return UsageError(f"--course: {printable(args.course)}: field '{exc.field}': {exc.reason}")
    stored = getattr(args, "course_id", None)
    if stored and given is None and option not in ("--course-id", "--course"):
        # a stored course's free text an older version let in (markup): `course save` repairs it with its option
        repair = (f"; repair it with {option} (course save --course-id {printable(stored)} {option} ...)"
                  if exc.field in _REPAIRABLE and getattr(args, "course_command", None) == "save" else "")
        return UsageError(f"--course-id: course {printable(stored)}: field '{exc.field}': {exc.reason}{repair}")
    return exc


def phases_from_options(args: argparse.Namespace, spec: CourseSpec) -> CourseSpec:
    """--phase, --phase-gap and --second-time over the course file's phases."""
    changes: dict[str, Any] = {}
    if args.phase:
        if len(args.phase) > MAX_PHASES - 1:
            raise InputError(Field.PHASE, f"a course has at most {MAX_PHASES} phases (give --phase at most {MAX_PHASES - 1} times)")
        phases = []
        for text in args.phase:
            count, colon, pattern = text.partition(":")
            phases.append(PhaseSpec(parse_int(Field.PHASE, count, 1, WIDE),
                                    parse_pattern(Field.PHASE, pattern) if colon else Pattern.DAILY))
        changes["phases"] = tuple(phases)
    if args.phase_gap is not None:
        changes["phase_gap"] = parse_int(Field.PHASE_GAP, args.phase_gap, 0, MAX_PHASE_GAP_DAYS)
    if args.second_time is not None:
        changes["second_time"] = parse_time(Field.SECOND_TIME, args.second_time)
    return spec.updated(**changes)


def _numbered(field: Field, text: str) -> tuple[int, str, bool]:
    """'7=09:30' -> (7, '09:30', True); '7' -> (7, '', False)."""
    number, equals, value = text.partition("=")
    return parse_int(field, number, 1, MAX_TWICE_DAILY_FRACTIONS, "a fraction number"), value, bool(equals)


def adjusted_by_options(args: argparse.Namespace, spec: CourseSpec, catalogue: Catalogue) -> CourseSpec:
    """--move, --retime-from, --shift-from, then --missed (each missed fraction found in the course
    as adjusted so far), every one with --reason."""
    reason = check_reason(args.reason) if args.reason is not None else ""
    if args.reason is not None and not (args.move or args.missed or args.retime_from or args.shift_from):
        # given alone, it repairs: each reason an older version stored damaged (markup, say) is replaced by it
        repaired = spec.adjustments.with_refused_reasons(reason)
        if repaired == spec.adjustments:
            raise InputError(Field.REASON, "give it with --move, --missed, --retime-from or --shift-from")
        spec = spec.updated(adjustments=repaired)
    if getattr(args, "not_missed", None):
        spec = _not_missed(args.not_missed, spec, catalogue, holidays_of(args))
    adjustments = spec.adjustments
    for text in args.move or ():
        number, value, given = _numbered(Field.MOVE, text)
        if not given:
            raise InputError(Field.MOVE, f"'{text}' needs a new date and time: N=YYYY-MM-DDTHH:MM")
        adjustments = adjustments.with_entry(Move(AppointmentKey.fraction(number), parse_local_datetime(Field.MOVE, value), reason))
    for text in args.retime_from or ():
        number, value, given = _numbered(Field.RETIME_FROM, text)
        if not given:
            raise InputError(Field.RETIME_FROM, f"'{text}' needs a time: N=HH:MM")
        adjustments = adjustments.with_entry(Retime(number, parse_time(Field.RETIME_FROM, value), reason))
    for text in args.shift_from or ():
        number, _, _ = _numbered(Field.SHIFT_FROM, text)
        earlier = next((s for s in adjustments.shifts if s.from_number == number), None)
        adjustments = adjustments.with_entry(Shift(number, (earlier.days if earlier else 0) + 1, reason))
    spec = spec.updated(adjustments=adjustments)
    if not args.missed:
        return spec
    planned = plan(spec, catalogue, holidays_of(args))  # fraction N as the course stood
    chosen = []
    for text in args.missed:
        number, value, given = _numbered(Field.MISSED, text)
        chosen.append((number, value, MakeUp.parse(Field.MISSED, value) if given else MakeUp.END,
                       missed_fraction_day(planned, number)))
    for _number, _value, make_up, day in chosen:
        request = spec.to_request(catalogue, holidays_of(args))
        slot = make_up_option(request, catalogue, day, make_up).slot if make_up is not MakeUp.END else None
        session = MissedSession(day, make_up, slot.replace(tzinfo=None) if slot else None, reason)
        spec = spec.updated(adjustments=spec.adjustments.with_missed(session))
    return spec


def _not_missed(given: Sequence[str], spec: CourseSpec, catalogue: Catalogue, holidays: HolidaySource | None) -> CourseSpec:
    """--not-missed: each missed mark named (by the number `plan` lists the missed session under, or by its day)
    taken back, found in the course as it stood before this command's other adjustments."""
    marked = {m.day: m for m in spec.adjustments.missed}
    if not marked:
        raise InputError(Field.NOT_MISSED, "the course marks no session missed")
    listed = plan(spec, catalogue, holidays).missed
    days: dict[date, list[int]] = {}
    for session in listed:
        days.setdefault(session.start.date(), []).append(session.number)
    shown = "; ".join(f"{' and '.join(map(str, numbers))} on {day.isoformat()}" for day, numbers in sorted(days.items()))
    adjustments = spec.adjustments
    for text in given:
        value = text.strip()
        if "-" in value.lstrip("-") or len(value) >= len("YYYYMMDD"):  # a day (20261207 too: refused), not a number
            day = parse_date(Field.NOT_MISSED, value)
        else:
            number = parse_int(Field.NOT_MISSED, value, 1, MAX_TWICE_DAILY_FRACTIONS, "a fraction number or a date")
            found = sorted(d for d, numbers in days.items() if number in numbers)
            if len(found) > 1:
                raise InputError(Field.NOT_MISSED, f"fraction {number} is listed missed on {len(found)} days "
                                                   f"({', '.join(d.isoformat() for d in found)}): give the day instead")
            if not found:
                raise InputError(Field.NOT_MISSED, f"fraction {number} is not marked missed (missed: {shown})")
            day = found[0]
        if day not in marked:
            raise InputError(Field.NOT_MISSED, f"{day.isoformat()} is not marked missed (missed: {shown})")
        adjustments = adjustments.without(marked[day].ref)
    return spec.updated(adjustments=adjustments)


# ---------------------------------------------------------------------- output
def schedule_json(schedule: Schedule) -> dict[str, Any]:
    return {
        "appointments": [_appointment_json(a) for a in schedule.appointments],
        "warnings": list(schedule.warnings),
        "pushed": [{"date": p.day.isoformat(), "reason": p.reason} for p in schedule.pushed],
        "missed": [{"date": m.start.date().isoformat(), "number": m.number, "reason": schedule.missed_reason(m.start.date())}
                   for m in schedule.missed],
        "phases": len(schedule.request.phases),
        "treatment_days": schedule.treatment_days,
        "overall_days": schedule.overall_days,
        "adjustments": [_adjustment_json(entry) for entry in schedule.request.adjustments.entries()],
    }


def _appointment_json(a: Appointment) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "kind": a.kind.value,
        "number": a.number,
        "start": a.start.isoformat(timespec="minutes"),
        "end": a.end.isoformat(timespec="minutes"),
        "title": title(a),
        "reminders": [{"text": r.text, "minutes_before": r.minutes_before} for r in a.reminders],
    }
    if a.kind is AppointmentKind.FRACTION:
        entry["phase"] = a.phase
        entry["make_up"] = a.make_up
    return entry


def _adjustment_json(entry: Adjustment) -> dict[str, Any]:
    data: dict[str, Any] = {"type": entry.ref.type.value, "target": entry.ref.target, "reason": entry.reason}
    if isinstance(entry, Move):
        data["start"] = entry.start.replace(tzinfo=None).isoformat(timespec="minutes")
    elif isinstance(entry, MissedSession):
        data["make_up"] = entry.make_up.value
        data["make_up_at"] = entry.make_up_at.replace(tzinfo=None).isoformat(timespec="minutes") if entry.make_up_at else None
    elif isinstance(entry, Retime):
        data["at"] = entry.at.strftime("%H:%M")
    else:
        data["days"] = entry.days
    return data


def schedule_table(spec: CourseSpec, schedule: Schedule) -> str:
    request = schedule.request
    lines = []
    who = f"{spec.patient_name}: " if spec.patient_name else ""
    lines.append(f"{who}{schedule.site.name}, {counted(len(schedule.fractions), 'fraction')}, {request.pattern.value}, "
                 f"{request.duration_minutes} min at {request.time:%H:%M} ({request.tz.key})")
    if spec.location:
        lines.append(f"Location: {spec.location}")
    lines.append("")
    legend: dict[str, str] = {}
    rows = []
    for a in schedule.appointments:
        marks = []
        for r in a.reminders:
            if r.minutes_before > 0:
                letter = legend.setdefault(reminder_line(r), chr(ord("A") + len(legend)))
                marks.append(letter)
        number = str(a.number) if a.kind is AppointmentKind.FRACTION else ""
        notes = appointment_notes(a, schedule.phase_count)
        rows.append(f"{number:>3}  {title(a):<34} {a.start:%a} {a.start:%Y-%m-%d}  "
                    f"{a.start:%H:%M}-{a.end:%H:%M}  {' '.join(marks)}" + (f"  ({notes})" if notes else ""))
    lines.append(f"{'#':>3}  {'Appointment':<34} {'Day':<3} {'Date':<10}  {'Time':<11}  Prep")
    lines += rows
    if legend:
        lines.append("")
        lines.append("Preparation:")
        lines += [f"  {letter}  {text}" for text, letter in legend.items()]
    first, last = schedule.first_fraction.start, schedule.last_fraction.start
    lines.append("")
    lines.append(f"Overall treatment time: {counted(schedule.overall_days, 'day')}, {first:%Y-%m-%d} to {last:%Y-%m-%d} "
                 f"(ends on a {WEEKDAY_NAMES[last.weekday()]}), {counted(schedule.treatment_days, 'treatment day')}")
    entries = request.adjustments.entries()
    if entries:
        lines.append("Adjustments:")
        lines += [f"  {adjustment_line(entry)}" for entry in entries]
    if schedule.missed:
        lines.append("Missed:")
        for m in schedule.missed:
            reason = schedule.missed_reason(m.start.date())
            lines.append(f"  {m.start:%a %Y-%m-%d %H:%M}  {title(m)}" + (f": {reason}" if reason else ""))
    if schedule.pushed:
        lines.append("Pushed by closures:")
        lines += [f"  {p.day:%a %Y-%m-%d}  {p.reason}" for p in schedule.pushed]
    if schedule.warnings:
        lines.append("Warnings:")
        lines += [f"  ! {w}" for w in schedule.warnings]
    return "\n".join(lines)


# ---------------------------------------------------------------------- commands
def cmd_sites(args: argparse.Namespace, settings: Settings) -> int:
    catalogue = catalogue_from(args.catalogue, settings)
    for site in catalogue.sites:
        flags = []
        if site.gap_sensitive:
            flags.append("gap-sensitive")
        if site.max_span_days:
            flags.append(f"max span {site.max_span_days} d")
        extra = f" [{', '.join(flags)}]" if flags else ""
        emit(f"{site.id:<14} {site.name} ({site.session_minutes} min){extra}")
        for preset in site.presets:
            course = "1 fraction" if preset.fractions == 1 else f"{preset.fractions} x {preset.pattern.value}"
            emit(f"    {preset.id:<22} {preset.name}: {course}")
    return 0


def cmd_plan(args: argparse.Namespace, settings: Settings) -> int:
    from .store.files import write_private

    spec, schedule, _ = schedule_from_options(args, settings)
    if args.save == STANDARD_OUTPUT:
        raise UsageError("--save: '-' would write the course file into the table on standard output; give a file name")
    if args.save is not None:
        saved = spec
        if getattr(args, "course_id", None):  # a stored course's own closures only: the department's stay the department's
            from .app.stored_courses import as_course_file
            from .cli_store import department_closures_of

            saved = as_course_file(spec, department_closures_of(args, settings))
        write_output(args.save, dumps(saved), write_private, option="--save")
    if getattr(args, "course_id", None):
        from .cli_cancel import cancelled_note

        note = cancelled_note(args, settings, schedule)
        if note:  # the plan stays whole (what was prescribed); the note says which of it will not take place
            print(f"planner: note: {note}", file=sys.stderr)
        from .cli_booking import unbooked_make_ups_of
        from .wording import unbooked_make_up_lines

        for line in unbooked_make_up_lines(unbooked_make_ups_of(args, settings, schedule)):
            print(f"planner: note: {line}", file=sys.stderr)
    if args.json:
        emit(json.dumps(schedule_json(schedule), ensure_ascii=False, indent=2))
    else:
        emit(schedule_table(spec, schedule))
        if args.save is not None:
            emit(f"Saved the course to {printable(args.save)}")
    return 0


def given_phone(text: str | None) -> str | None:
    """`--phone` of an export or print: left out, the department's (else the settings'); given, one line and never empty
    (an empty value is a slip, e.g. an unset variable, and would leave the patient no number to call)."""
    if text is None:
        return None
    if not text.strip():
        raise InputError(Field.PHONE, "give the clinic's phone number (got an empty one), or leave --phone out")
    return single_line(Field.PHONE, text)


def cmd_export(args: argparse.Namespace, settings: Settings) -> int:
    from .app.calendar_export import (
        PreviousExportError,
        export_calendar,
        previous_export,
        sessions_at_once_refusal,
        stable_course_id,
    )
    from .store.files import write_private

    spec, schedule, _ = schedule_from_options(args, settings)
    phone = given_phone(args.phone)
    refusal = sessions_at_once_refusal(schedule)
    if refusal is not None:
        raise UsageError(refusal)
    previous = None
    from_store = bool(getattr(args, "course_id", None))
    previous_path = file_option("--previous", args.previous)
    if from_store:  # the export is recorded in the store: a store that may not be changed is refused before the file is written
        from .cli_store import refuse_read_only_store

        refuse_read_only_store(args, settings)
    if from_store and previous_path is None:
        from .cli_store import previous_export as stored_export

        previous = stored_export(args, settings)
    if previous_path is not None:
        try:
            previous = previous_export(previous_path, spec.course_id if args.course or from_store else None)
        except PreviousExportError as exc:
            raise UsageError(f"--previous: {exc}") from None
    kept = None
    if from_store:
        from .cli_cancel import given_if_cancelled

        kept = given_if_cancelled(args, settings, schedule)  # a cancelled course's calendar: only the appointments given
    discreet = spec.discreet and not args.not_discreet
    if previous is not None and previous.discreet and not discreet and not args.not_discreet:
        # An update of a discreet calendar stays discreet: the patient chose a calendar that names no treatment.
        discreet = True
        print("planner: note: the patient's earlier calendar was discreet, so this one is too (--not-discreet names "
              "the treatment)", file=sys.stderr)
    prep_events = args.prep_events
    if previous is not None and previous.prep_events and not prep_events and not args.no_prep_events:
        # The patient's calendar drops imported alarms (Google): an update without the steps' events would cancel them.
        prep_events = True
        print("planner: note: the patient's earlier calendar had the preparation steps as events, so this one has them "
              "too (--no-prep-events leaves them out)", file=sys.stderr)
    department = department_of(args, settings)
    if discreet:
        note_clinic_words(settings, department, spec.location, "calendar")
    data = export_calendar(schedule, spec, settings, now=datetime.now(UTC), discreet=discreet, prep_events=prep_events,
                           previous=previous, course_id=None if args.course or from_store else stable_course_id(spec),
                           phone=phone, department=department, machines=machines_of(args, settings, schedule), kept=kept,
                           rebooked=rebooked_of(args, settings, schedule))
    if args.output != STANDARD_OUTPUT:
        check_output(args.output)  # refused before the warnings: a refusal stays the one line on stderr
    # said before the file is written, as the window's export dialog and every command writing calendar updates say them
    warn_of(schedule)
    if discreet:
        warn_of_left_out(reminders_left_out(schedule), "calendar", "a plain export has {them}")
    if not clinic_contact(settings, department, phone)[1].strip():  # as the window's export warns
        print("planner: warning: the calendar names no clinic phone number, so it does not tell the patient whom to "
              "call; give --phone, or the clinic's phone in Settings", file=sys.stderr)
    sys.stderr.flush()  # on a terminal, or with standard output joined to it, before the calendar
    write_output(args.output, data, write_private,
                 unread_then="the store records it as the patient's calendar, as it would a file written" if from_store else "")
    if from_store:
        from .cli_store import record_export

        record_export(args, settings, data)
    from .app.cancelling import cancelled_note, written_count

    say_written(args.output, f"Wrote {counted(written_count(schedule, kept), 'appointment')} to {written_to(args.output)}"
                f"{cancelled_note(kept, data, previous)}")
    return 0


def note_clinic_words(settings: Settings, department: Department | None, location: str, what: str) -> None:
    """Before a discreet export or print: the parts of the course's typed location it leaves out as naming the
    treatment ("Radiation Oncology"), and the words of the clinic's name ("Riverside") the location still holds,
    which the file or page writes as typed (the window's export dialog says the same)."""
    from .app.discretion import treatment_left_out_of_location, words_left_in_location

    left_out = treatment_left_out_of_location(settings, department, location)
    if left_out:
        print(f"planner: note: a discreet {what} leaves {', '.join(quoted(part) for part in left_out)} out of the "
              "course's location: it names the treatment", file=sys.stderr)
    words = words_left_in_location(settings, department, location)
    if words:
        print(f"planner: note: the course's location still says {', '.join(quoted(word) for word in words)}, from the "
              f"clinic's name: a discreet {what} writes the location as typed (change it with --location)", file=sys.stderr)


def warn_of_left_out(reminders: list[PrepReminder], what: str, where: str) -> None:
    """One line on stderr for the preparation reminders a discreet calendar or print leaves out (never logged: they
    name the treatment), so the coordinator tells the patient another way; nothing when it leaves none out."""
    words = left_out_words(reminders, what, where, quoted)
    if words:
        print(f"planner: warning: {words}", file=sys.stderr)


def warn_of(schedule: Schedule) -> None:
    """The schedule's warnings (a time the clocks skip or repeat, a span too long...) on stderr, one a line:
    `export` and `print` show no table that would hold them, and a file must not carry them unseen."""
    for warning in schedule.warnings:
        print(f"planner: warning: {printable(warning)}", file=sys.stderr)


STANDARD_OUTPUT = "-"  # as a file name to write: standard output, as Unix commands take it
# How long `-o -` waits for a pipe's reader that takes nothing more of the file (a parent that reads only once the
# command has ended would otherwise wait for it for ever): then the command ends as if it had been read, and says so.
READER_PATIENCE_SECONDS = 5.0
PIPE_PAGE = 4096  # a pipe's buffers are pages


def write_output(path_text: str, data: bytes, writer: Any, option: str = "--output", *, text: bool = True,
                 unread_then: str = "") -> None:
    """Write through `writer`; a folder, a name ending in '/', or anything but a regular file is refused.
    '-' writes to standard output instead (`export -o - | ...`); a PDF (`text=False`) not to a terminal.
    `unread_then`: what the command does all the same with a file the reader has not taken yet when it ends."""
    if path_text == STANDARD_OUTPUT:
        _write_stdout(option, data, text=text, unread_then=unread_then)
        return
    path = _file_not_folder(path_text, option)
    try:
        if path.is_dir():
            raise UsageError(f"{option}: {path_text} is a folder; give a file name")
        writer(path, data)
    except OSError as exc:
        raise UsageError(f"{option}: cannot write {path_text} ({exc.strerror or exc})") from None


def _file_not_folder(path_text: str, option: str) -> Path:
    """The file named, refused when empty or ending in '/' (a folder's name)."""
    path = file_named(option, path_text)
    if path_text.endswith(os.sep):
        raise UsageError(f"{option}: {path_text} names a folder (it ends in '{os.sep}'); give a file name")
    return path


def check_output(path_text: str, option: str = "--output") -> Path:
    """The file `write_output` would write (not standard output), or the refusal it would make of it before writing:
    an empty name, a folder or a name ending in '/', a pipe or device, a name too long, a folder that is not there or
    may not be written. A command that warns before it writes checks it first, so that such a refusal stays the one line
    on stderr (a failure only the write meets, a full disk say, is still said when it comes)."""
    import errno
    import stat

    from .core.bounded import not_regular

    path = _file_not_folder(path_text, option)
    try:
        if path.is_dir():
            raise UsageError(f"{option}: {path_text} is a folder; give a file name")
        try:
            mode: int | None = os.stat(path).st_mode
        except FileNotFoundError:
            mode = None
        if mode is not None and not stat.S_ISREG(mode):
            raise not_regular(path)  # never replaced by a file, as the write refuses it
        folder = path.parent if str(path.parent) else Path(".")
        if not folder.is_dir():
            raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), str(folder))
        if not os.access(folder, os.W_OK | os.X_OK):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(folder))
    except OSError as exc:
        raise UsageError(f"{option}: cannot write {path_text} ({exc.strerror or exc})") from None
    return path


def _write_stdout(option: str, data: bytes, *, text: bool, unread_then: str = "") -> None:
    """The file's bytes on standard output, whole or refused: a store's export is recorded only after this. A pipe's
    reader that closed its end before taking them all makes it refused; one still there that takes nothing more for
    READER_PATIENCE_SECONDS (it may read only once the command has ended) makes a note, and the file counts as written."""
    if not text and sys.stdout.isatty():
        raise UsageError(f"{option}: '-' writes to standard output, which is a terminal here, and a PDF is not text; "
                         "give a file name, or send it on with '|' or '>'")
    try:
        sys.stdout.flush()
        _make_room(sys.stdout, len(data))
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    except BrokenPipeError:
        _drop_stdout()
        raise UsageError(f"{option}: standard output was closed before the file was written whole") from None
    except OSError as exc:
        raise UsageError(f"{option}: cannot write standard output ({exc.strerror or exc})") from None
    unread = _left_unread(sys.stdout, READER_PATIENCE_SECONDS)
    if unread is None:
        then = f"; {unread_then}" if unread_then else ""
        print(f"planner: note: {option}: standard output's reader took nothing more of the file for "
              f"{READER_PATIENCE_SECONDS:g} s, so the command ends without knowing whether it reads it whole{then} (read "
              "it while the command runs, or give a file name, to know)", file=sys.stderr)
    elif unread:
        _drop_stdout()
        raise UsageError(f"{option}: standard output was closed before the file was read whole ({unread:,} of "
                         f"{len(data):,} bytes unread), so it counts as not written")


def _make_room(stream: Any, size: int) -> None:
    """A pipe made to hold `size` bytes more than it holds now, where the system allows it (Linux: up to 1 MiB, as a
    rule): the file is then written into it at once, never waiting for a reader that reads only once the command has
    ended (`_left_unread` waits for it a bounded time). Where it cannot be, the write waits for the reader, as any
    command's output larger than a pipe does."""
    try:
        import array
        import fcntl
        import stat
        import termios

        descriptor = stream.fileno()
        if not stat.S_ISFIFO(os.fstat(descriptor).st_mode):
            return
        unread = array.array("i", [0])
        fcntl.ioctl(descriptor, termios.FIONREAD, unread, True)
        wanted = unread[0] + size + PIPE_PAGE  # a page more: what is unread may end in a page of its own
        if fcntl.fcntl(descriptor, fcntl.F_GETPIPE_SZ) < wanted:
            fcntl.fcntl(descriptor, fcntl.F_SETPIPE_SZ, wanted)
    except (ImportError, AttributeError, OSError, ValueError):  # not a file, too large a pipe for this user, no such call
        return


def _left_unread(stream: Any, patience: float) -> int | None:
    """The bytes a pipe's reader left unread when it closed its end (`-o - | head -c 10`): a file small enough for the
    pipe's buffer is written without error whether or not anyone reads it. Waits until the reader has taken every
    byte or has gone, or takes nothing more for `patience` seconds: None then (a parent that reads only once the command
    has ended, `Popen(...).wait()` before reading, would wait for it forever). 0 where that cannot be told (not a
    pipe, or no FIONREAD on a pipe's writing end)."""
    try:
        import array
        import fcntl
        import select
        import stat
        import termios
        import time

        descriptor = stream.fileno()
        if not stat.S_ISFIFO(os.fstat(descriptor).st_mode):
            return 0
        waiting = select.poll()
        waiting.register(descriptor, select.POLLERR)  # the reader gone: its end closed
        unread = array.array("i", [0])
        before = -1
        while True:
            fcntl.ioctl(descriptor, termios.FIONREAD, unread, True)
            if unread[0] == 0:
                return 0
            if unread[0] != before:  # the reader is taking it: waited on as long as it does
                before, until = unread[0], time.monotonic() + patience
            left = until - time.monotonic()
            if left <= 0:
                return None
            if waiting.poll(min(100, max(1, int(left * 1000)))):
                fcntl.ioctl(descriptor, termios.FIONREAD, unread, True)
                return unread[0]
    except (ImportError, OSError, ValueError):  # not a file (a test's capture), or a system that cannot tell
        return 0


def written_to(path_text: str) -> str:
    """The place a file was written, as the command's answer names it."""
    return "standard output" if path_text == STANDARD_OUTPUT else printable(path_text)


def say_written(path_text: str, line: str) -> None:
    """The command's answer after writing a file: on stdout, or on stderr when the file itself went to stdout."""
    if path_text == STANDARD_OUTPUT:
        print(line, file=sys.stderr)
    else:
        emit(line)


def cmd_diff(args: argparse.Namespace, settings: Settings) -> int:
    from .ics import ExportFileError, compare, read_export
    from .ics.state import of_course

    states = []
    for label, path in (("OLD.ics", args.old), ("NEW.ics", args.new)):
        try:
            states.append(read_export(file_named(label, path)))
        except ExportFileError as exc:
            raise UsageError(f"{label}: {exc}") from None
    old, new = states
    if not (of_course(old, new.course_id) or of_course(new, old.course_id)):  # the id itself before its digest counts
        raise UsageError(f"NEW.ics: {args.new} is the export of another course than {args.old}")
    changes = compare(old, new)
    if not changes:
        emit("No changes: the calendars hold the same appointments.")
        return 0
    emit(f"{len(changes)} change{'s' if len(changes) != 1 else ''}:")
    for change in changes:
        emit(f"  {printable(change.text)}")  # text read from a file: no terminal escapes
    return 1


def cmd_print(args: argparse.Namespace, settings: Settings) -> int:
    spec, planned, catalogue = schedule_from_options(args, settings)
    schedule = planned
    if getattr(args, "course_id", None):
        from .cli_cancel import as_given_if_cancelled

        schedule = as_given_if_cancelled(args, settings, schedule)  # a cancelled course: only the appointments given
    week = parse_date(Field.WEEK, args.week) if args.week is not None else None
    phone = given_phone(args.phone)
    if week is not None and args.all_weeks:
        raise UsageError("--week: give either --week or --all-weeks, not both")
    if week is not None and args.layout == "sheet":
        raise UsageError("--week: the course sheet always covers the whole course")
    from .ui.printing import qt_ready

    app = qt_ready()  # noqa: F841 - Qt needs the application alive while painting
    from .store.files import write_private
    from .ui.printing import GlanceDocument, SheetDocument, WeekDocument, context_from, course_weeks, paper_size, pdf_bytes, unprintable

    mondays = course_weeks(schedule)
    if week is not None:
        monday = week - timedelta(days=week.weekday())
        if monday not in mondays:
            raise UsageError(f"--week: the course has no appointment in the week of {monday.isoformat()}")
        mondays = [monday]
    department = department_of(args, settings)
    if spec.discreet:
        note_clinic_words(settings, department, spec.location, "print")
    context = context_from(print_facts(schedule, spec, settings, catalogue, printed_on=date.today(), phone=phone,
                                       department=department, machines=machines_of(args, settings, schedule),
                                       rebooked=rebooked_of(args, settings, schedule)))
    document: SheetDocument | GlanceDocument | WeekDocument
    if args.layout == "sheet":
        document = SheetDocument(context)
    else:
        document = GlanceDocument(context, mondays) if args.layout == "glance" else WeekDocument(context, mondays)
    data = pdf_bytes(document, paper_size(args.paper), "Appointments" if spec.discreet else "Radiotherapy appointments")
    if args.output != STANDARD_OUTPUT:
        check_output(args.output)  # refused before the warnings: a refusal stays the one line on stderr
    elif sys.stdout.isatty():
        write_output(args.output, data, write_private, text=False)  # the refusal a PDF to a terminal meets, said alone
    # said before the PDF is written, as `export` says its own
    warn_of(planned)
    if spec.discreet and args.layout != "glance":  # the course at a glance shows no preparation, plain or discreet
        warn_of_left_out(reminders_left_out(schedule, timed_only=args.layout == "week"), "print", "a plain print has {them}")
    warn_of_paper(context, unprintable)
    sys.stderr.flush()  # on a terminal, or with standard output joined to it, before the PDF
    write_output(args.output, data, write_private, text=False)
    say_written(args.output, f"Wrote {written_to(args.output)}")
    return 0


def warn_of_paper(context: PrintFacts, unprintable: Callable[[str], list[str]]) -> None:
    """What the window asks about before a print, said on stderr: a sheet with no number to call, no
    patient's name, or a name or location the printer's font has no letters for (printed as boxes)."""
    if not context.clinic_phone:
        print("planner: warning: the print names no clinic phone number, so it does not tell the patient whom to call; "
              "give --phone, or the clinic's phone in Settings", file=sys.stderr)
    if not context.patient_name.strip():
        print("planner: warning: the print names no patient; give --patient", file=sys.stderr)
    for label, text in (("--patient", context.patient_name), ("--location", context.location)):
        missing = unprintable(text)
        if missing:
            print(f"planner: warning: {label}: no font on this computer shows {printable(' '.join(missing))}: "
                  "they print as boxes; install a font that has them", file=sys.stderr)


COMMANDS = {"sites": cmd_sites, "plan": cmd_plan, "export": cmd_export, "diff": cmd_diff, "print": cmd_print, **BOOKING_COMMANDS}


def _cut(shown: str) -> str:
    """A message at most about MAX_MESSAGE_CHARS long (argparse quoting a megabyte-long value, a file name thousands
    of characters long): cut in the middle, so the line keeps its start, the option, and its end, the reason."""
    if len(shown) <= MAX_MESSAGE_CHARS:
        return shown
    return f"{shown[:MAX_MESSAGE_CHARS - MESSAGE_END_CHARS]}...{shown[-MESSAGE_END_CHARS:]}"


def fail(message: str) -> int:
    """One line on stderr, whatever the message quotes (control characters are escaped)."""
    print(f"planner: error: {_cut(printable(message))}", file=sys.stderr)
    return EXIT_USAGE


def emit(text: str) -> None:
    """A line of output. When the reader has gone (`planner diff ... | head`), the rest is
    dropped quietly and the command still ends with its own exit status."""
    try:
        print(text)
    except BrokenPipeError:
        _drop_stdout()


def _drop_stdout() -> None:
    """From now on stdout goes nowhere: Python's own flush at exit cannot fail either."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # stdout is not a file (captured by a test): nothing to flush at exit
        pass
    finally:
        os.close(devnull)


class OutputFailed(Exception):
    """Standard output could not be written (a full disk, /dev/full, a terminal gone): one line, exit status 2."""


class _CheckedOutput:
    """Standard output whose write failures (other than a reader gone, see `emit`) become OutputFailed."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        written: int = self._checked(self._stream.write, text)
        return written

    def flush(self) -> None:
        self._checked(self._stream.flush)

    @staticmethod
    def _checked(call: Callable[..., Any], *args: Any) -> Any:
        try:
            return call(*args)
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise OutputFailed(exc.strerror or str(exc)) from None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def entry() -> int:
    """The command line as a process (`python -m planner`, `igrt-planner`): a fault of the planner's own ends
    with one line naming its kind and place, not a traceback, whose messages may quote a patient's name,
    hospital number or dates (a database error quotes the row). IGRT_PLANNER_TRACEBACK=1 shows it whole."""
    if not os.environ.get("IGRT_PLANNER_TRACEBACK"):
        sys.excepthook = _internal_error
    _standard_streams_held()
    return main()


def _standard_streams_held() -> None:
    """A standard stream the command was started without (`<&-`, `>&-`, `2>&-`) is given /dev/null, so that no
    file the command opens (the store, a calendar) takes its number and receives what is written to it."""
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            held = os.open(os.devnull, os.O_RDWR)
            if held != fd:  # a lower number was free after all: not this one's to take
                os.close(held)


def _internal_error(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
    if not issubclass(kind, Exception):  # Ctrl+C, SystemExit: Python's own way
        sys.__excepthook__(kind, error, tb)
        return
    frames = traceback.extract_tb(tb)
    where = " <- ".join(f"{Path(frame.filename).name}:{frame.lineno} {frame.name}" for frame in reversed(frames[-4:]))
    print(f"planner: internal error: {kind.__name__} at {where or 'an unknown place'} (the message is left out: it may "
          "quote patient data; IGRT_PLANNER_TRACEBACK=1 shows it). Please report it.", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    stdout, stderr = sys.stdout, sys.stderr
    if stderr is None:  # started without it (`2>&-`): its lines go nowhere, never into standard output's file
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 (closed below)
    try:
        if stdout is None:  # started without it (`>&-`): the answer would be lost, so nothing is done
            return fail("standard output: it is closed, so the command's answer could not be written; nothing was "
                        "done (send it somewhere, e.g. > /dev/null)")
        sys.stdout = _CheckedOutput(stdout)  # a text stream in all that the commands use
        try:
            return _main(argv)
        except OutputFailed as exc:
            _drop_stdout()  # what is still buffered goes nowhere, so the exit cannot fail again
            return fail(f"standard output: cannot write ({exc}); the command was carried out, only its answer is lost")
        finally:
            sys.stdout = stdout
    finally:
        if sys.stderr is not stderr:
            sys.stderr.close()
            sys.stderr = stderr


def _main(argv: Sequence[str] | None) -> int:
    from .cli_booking import EXIT_LOST, LOST_RACE_PREFIX, LostRace

    parser = parser_for(list(sys.argv[1:] if argv is None else argv))
    for stream in (sys.stdout, sys.stderr):  # a file name that is not UTF-8 is printed escaped, not a crash
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    try:
        args = parser.parse_args(argv)
        args.holiday_source = holiday_cache()  # the one source of public holidays for this command
        settings = load_settings(holidays=args.holiday_source)
        status = (getattr(args, "handler", None) or COMMANDS[args.command])(args, settings)
    except LostRace as exc:
        print(f"{LOST_RACE_PREFIX}{_cut(printable(str(exc)))}", file=sys.stderr)
        return EXIT_LOST
    except BrokenPipeError:  # the reader went (`| head`) while a command printed, its output being its last step
        _drop_stdout()
        return 0
    except UsageError as exc:
        return fail(str(exc))
    except InputError as exc:
        return fail(f"{_option(exc.field)}: {exc.reason}")
    except SettingsError as exc:
        return fail(f"settings: {exc}")
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _drop_stdout()
    return status
