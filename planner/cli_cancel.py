"""`course cancel` and `course reinstate`: a stored course cancelled (its coming bookings released,
the appointments given kept, the patient's calendar update owed) and the cancellation taken back.

Registered with the other `course` actions in planner/cli_store.py. Bad input: one line on stderr,
exit 2 (a course cancelled already among it); a course changed by another coordinator since the
version read (or given with --version): exit 3, nothing written.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

from .cli_booking import NOT_WRITTEN, LostRace, _desk, _guarded, course_id, left_out_json, look_and_rerun, say, warn_damaged
from .cli_store import never_saved
from .core.errors import Field, InputError
from .core.parsing import parse_int
from .core.text import counted
from .store.settings import Settings

if TYPE_CHECKING:
    from .app.booking import BookingDesk, CalendarUpdate
    from .core.kinds import AppointmentKey
    from .core.schedule import Schedule
    from .store.db import Store

Done = TypeVar("Done")
WIDEST_VERSION = 10**6
_OWED = ("The patient's calendar needs the update{what}: write it with `calendar-updates --write-updates DIR` "
         "(the Bookings window's Calendars tab lists it too).")


def add_cancel_commands(course_commands: Any) -> None:
    """`course cancel` and `course reinstate`, beside `course save`, `list`, `show` and `export`."""
    for name, what in (("cancel", "cancel a stored course: release its coming bookings, keep the appointments given, "
                                  "and owe the patient a calendar update cancelling what is to come"),
                       ("reinstate", "take a course's cancellation back (one cancelled before any appointment was given)")):
        parser = course_commands.add_parser(name, help=what)
        parser.add_argument("--course-id", metavar="ID", required=True, help="the stored course")
        parser.add_argument("--version", metavar="N", help="the version you read (course show): refuse if it changed since")
        parser.add_argument("--json", action="store_true", help="print one JSON object")
        parser.set_defaults(handler=_guarded(cmd_course_cancel if name == "cancel" else cmd_course_reinstate))


def given_if_cancelled(args: argparse.Namespace, settings: Settings, schedule: Schedule) -> frozenset[AppointmentKey] | None:
    """For `export --course-id`: a cancelled course's appointments given, the only ones its calendar keeps (None: not cancelled)."""
    from .app import cancelling
    from .cli_store import opened

    with opened(args, settings) as store:
        return cancelling.given_if_cancelled(store, args.course_id, schedule)


def cancelled_note(args: argparse.Namespace, settings: Settings, schedule: Schedule) -> str:
    """For `plan --course-id`: what of a cancelled course was given ('' for a course not cancelled)."""
    from .app.cancelling import given_only
    from .wording import cancelled_line

    kept = given_if_cancelled(args, settings, schedule)
    if kept is None:
        return ""
    given = given_only(schedule, kept)
    if given is None:
        return f"course {args.course_id} was {cancelled_line(None, schedule)}: none of it will take place"
    return f"course {args.course_id} is cancelled: {cancelled_line(given, schedule)}; the rest will not take place"


def as_given_if_cancelled(args: argparse.Namespace, settings: Settings, schedule: Schedule) -> Schedule:
    """For `print --course-id`: a cancelled course's schedule as its patient had it (the appointments
    given, as its calendar keeps them); any other course's as it is."""
    from .app.cancelling import as_given

    kept = given_if_cancelled(args, settings, schedule)
    return schedule if kept is None else as_given(schedule, kept, args.course_id)


def _expected(args: argparse.Namespace) -> int | None:
    from .cli import UsageError

    try:
        return parse_int(Field.VERSION, args.version, 1, WIDEST_VERSION) if args.version is not None else None
    except InputError as exc:
        raise UsageError(f"--version: {exc.reason}") from None


def _owed_json(owed: bool, update: CalendarUpdate | None) -> dict[str, Any]:
    """The owed update's part of the answer; `left_out` as every answer that makes a calendar update due says it."""
    return {"calendar_update_owed": owed, "changed": update.changed if update is not None else 0,
            "left_out": left_out_json([update] if update is not None else [])}


def _on_desk(args: argparse.Namespace, settings: Settings, undone: str,
             use: Callable[[BookingDesk | Store, str, int | None], Done]) -> Done:
    """`use` (the use case) on the command's course and desk, or on the store itself when it holds no
    department: a course changed meanwhile is a lost race (exit 3, nothing `undone`), an unknown course
    names --course-id (exit 2)."""
    from .app.booking import NoDepartment
    from .store.db import CourseConflict, CourseNotFound

    course = course_id(args.course_id)
    expected = _expected(args)
    try:
        try:
            desk = _desk(args, settings, write=True)
        except NoDepartment:  # courses planned and exported one by one: nothing booked, nothing to release
            with _plain_store(args, settings) as store:
                return use(store, course, expected)
        with desk:
            return use(desk, course, expected)
    except CourseConflict as exc:
        if expected is not None and expected > exc.details.version:  # no one changed it: that version never was
            from .cli import UsageError

            raise UsageError(f"--version: {never_saved(course, expected, exc.details.version)}") from None
        raise LostRace(f"{exc.details.changed_by} changed course {course} meanwhile (now version {exc.details.version}); "
                       f"nothing was {undone}; {look_and_rerun(args, course)}") from None
    except CourseNotFound as exc:
        raise InputError(Field.COURSE_ID, str(exc)) from None


@contextmanager
def _plain_store(args: argparse.Namespace, settings: Settings) -> Iterator[Store]:
    """The command's store, opened to write, for a use case that needs no department."""
    from .store.db import Access, StoreError
    from .store.db import Store as Opened

    try:
        store = Opened.open(args.db, setting=settings.database, access=Access.WRITE)
    except StoreError as exc:
        raise InputError(Field.DB, str(exc)) from None
    try:
        yield store
    finally:
        store.close()


def _owed_line(args: argparse.Namespace, owed: bool, update: CalendarUpdate | None, what: str) -> list[str]:
    """What the command says of the patient's calendar: the department's owed update, or (no department)
    the course's export to give again."""
    if update is not None:
        return [_OWED.format(what=what.format(events=counted(update.changed, "coming event")))]
    if owed:
        return [f"The patient's calendar needs the update{what.format(events='coming events')}: export the course again "
                f"(export --course-id {args.course_id} --output FILE.ics) and give them that file."]
    return []


def cmd_course_cancel(args: argparse.Namespace, settings: Settings) -> int:
    from .app.cancelling import cancel_course

    done = _on_desk(args, settings, "cancelled", lambda desk, course, expected: cancel_course(desk, course, expected_version=expected))
    warn_damaged([(done.course_id, done.unwritten)] if done.unwritten else [], NOT_WRITTEN)
    if args.json:
        print(json.dumps({"course_id": done.course_id, "cancelled": True, "version": done.version, "released": done.released,
                          "kept": done.kept, **_owed_json(done.owed, done.update)}, ensure_ascii=False))
        return 0
    released = f": released {counted(done.released, 'coming booking')}" if done.booked else ""
    lines = [f"Cancelled course {done.course_id} ({done.patient}){released}"
             + (f"; {counted(done.kept, 'appointment')} already given {_stay(done.kept)}." if done.kept else ".")]
    say("\n".join(lines + _owed_line(args, done.owed, done.update, " cancelling its {events}")))
    return 0


def _stay(given: int) -> str:
    """'stays as it was' for one appointment given, 'stay as they were' for more."""
    return "stays as it was" if given == 1 else "stay as they were"


def cmd_course_reinstate(args: argparse.Namespace, settings: Settings) -> int:
    from .app.cancelling import not_bookable_words, reinstate_course

    done = _on_desk(args, settings, "reinstated",
                    lambda desk, course, expected: reinstate_course(desk, course, expected_version=expected))
    if args.json:
        print(json.dumps({"course_id": done.course_id, "cancelled": False, "version": done.version, **_owed_json(done.owed, done.update),
                          "bookable": not done.unreadable},  # false: its stored text cannot be read, `book` refuses it
                         ensure_ascii=False))
        return 0
    if done.unreadable:  # `book` refuses it: not said to wait for a booking
        lines = [f"Reinstated course {done.course_id} ({done.patient}); {not_bookable_words(done.course_id)}."]
    else:
        lines = [f"Reinstated course {done.course_id} ({done.patient}): planned again, waiting to be booked "
                 f"(book --course-id {done.course_id})."]
    say("\n".join(lines + _owed_line(args, done.owed, done.update, " that gives its appointments back")))
    return 0
