"""`move`: a booked appointment moved by hand from the command line, as the Bookings window's drag, Move to
another day... (Ctrl+M) and Move the rest of this course... (Ctrl+Shift+R) do.

    move --course-id ID --session N --to YYYY-MM-DDTHH:MM [--machine NAME]
    move --course-id ID --review N --to ...  |  --scan --to ...
    move --course-id ID --rest-from N --time HH:MM [--machine NAME]

The same checks as the window's (the machine's hours, closures, downtime, other bookings, the machine's
capabilities, the course's own rules), all or nothing; `--dry-run` checks and prints, writes nothing. A session is
named by its number as `plan` and the agenda show it (after a day marked missed, not its booking's). Refused: one
line on stderr, exit 2; a slot taken by another booking between the check and the write: exit 3, nothing written.
"""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any

from .app.move_refusal import refusal_line
from .cli_booking import (
    LostBooking,
    _calendars_json,
    _db,
    _desk,
    _guarded,
    _instant,
    calendar_lines,
    course_id,
    left_out_json,
    local_instant,
    say,
    warn_of_left_out_updates,
    write_folder,
    written_updates,
)
from .core.dates import moment_text
from .core.errors import Field, InputError
from .core.kinds import AppointmentKind
from .core.parsing import parse_int, parse_time

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from .app.booking import BookingDesk, CalendarUpdate, Relocation
    from .booking.course_rules import CourseRules
    from .core.department import Booking
    from .store.settings import Settings

MAX_NUMBER = 999


def add_move_command(commands: Any) -> None:
    """`move`, beside the other booking commands."""
    move = commands.add_parser("move", help="move a booked session (or the rest of a course) to another time or machine, "
                                            "with the window's checks")
    _db(move)
    move.add_argument("--course-id", metavar="ID", required=True, help="the booked course")
    which = move.add_mutually_exclusive_group(required=True)
    which.add_argument("--session", metavar="N", help="the treatment session N, numbered as plan and agenda show it")
    which.add_argument("--review", metavar="N", help="the on-treatment review N")
    which.add_argument("--scan", action="store_true", help="the planning scan")
    which.add_argument("--rest-from", metavar="N", help="sessions N to the last, each on its own day, at --time "
                                                        "(a session that has begun stays)")
    move.add_argument("--to", metavar="YYYY-MM-DDTHH:MM", help="the new start (department's local time, or with its UTC offset), with --session, "
                                                              "--review or --scan")
    move.add_argument("--time", metavar="HH:MM", help="the new daily time, with --rest-from")
    move.add_argument("--machine", metavar="NAME", help="the machine (default: the one it is booked on; with --rest-from, "
                                                        "the session N's)")
    move.add_argument("--dry-run", action="store_true", help="check the move and print it, change nothing")
    move.add_argument("--write-updates", metavar="DIR", help="write the patient's updated .ics file into DIR")
    move.add_argument("--json", action="store_true", help="print one JSON object")
    move.set_defaults(handler=_guarded(cmd_move))


def _number(field: Field, text: str) -> int:
    return parse_int(field, text, 1, MAX_NUMBER, "a number")


def _booking_of(rules: CourseRules, kind: AppointmentKind, number: int, field: Field) -> Booking:
    """The course's booking giving `kind` `number` as the course shows it; InputError naming `field` when none does."""
    what = _what(kind, number).removeprefix("the ")  # "has no planning scan booked"
    for booking in rules.held:
        if booking.kind is not kind:
            continue
        given = rules.sessions_of.get(booking.number, booking.number) if kind is AppointmentKind.FRACTION else booking.number
        if kind is AppointmentKind.SIMULATION or given == number:
            return booking
    raise InputError(field, f"course {rules.course_id} has no {what} booked")


def _planned_moves(args: argparse.Namespace, desk: BookingDesk, course: str) -> tuple[list[Relocation], CourseRules]:
    """The moves the options ask for, each checked as a value (not yet against the bookings)."""
    from .app.booking import Relocation

    rules = desk.move_rules(course)
    if not rules.held:
        raise InputError(Field.COURSE_ID, f"course {course} is not booked: book it first (book --course-id {course})")
    desk._check_machine(args.machine)  # named --machine, with the machines there are; an empty one is a slip, not "as booked"
    if args.rest_from is not None:
        if args.to is not None:
            raise InputError(Field.TO, "not with --rest-from: give the daily time with --time")
        if args.time is None:
            raise InputError(Field.TIME, "give the new daily time with --time HH:MM")
        first = _number(Field.REST_FROM, args.rest_from)
        daily = parse_time(Field.TIME, args.time)
        booking = _booking_of(rules, AppointmentKind.FRACTION, first, Field.REST_FROM)
        _check_machine_kind(desk, args.machine, AppointmentKind.FRACTION)
        return desk.rest_of_course(course, first, args.machine or booking.machine, daily), rules
    if args.time is not None:
        raise InputError(Field.TIME, "only with --rest-from: give one appointment's new start with --to")
    if args.to is None:
        raise InputError(Field.TO, "give the new start with --to YYYY-MM-DDTHH:MM")
    if args.session is not None:
        kind, number, field = AppointmentKind.FRACTION, _number(Field.SESSION, args.session), Field.SESSION
    elif args.review is not None:
        kind, number, field = AppointmentKind.REVIEW, _number(Field.REVIEW, args.review), Field.REVIEW
    else:
        kind, number, field = AppointmentKind.SIMULATION, 1, Field.SCAN
    booking = _booking_of(rules, kind, number, field)
    _check_machine_kind(desk, args.machine, kind)
    start = local_instant(Field.TO, args.to, desk.zone)
    return [Relocation(booking.kind, booking.number, args.machine or booking.machine, start)], rules


def _check_machine_kind(desk: BookingDesk, name: str | None, kind: AppointmentKind) -> None:
    """A --machine that takes another kind of appointment (a CT simulator for a fraction) is --machine's fault, not the
    new time's: refused naming --machine, as a machine the department does not have is."""
    from .core.department import HELD_WORDS

    machine = desk.department.machine(name) if name else None
    if machine is not None and machine.holds is not kind:
        raise InputError(Field.MACHINE, f"{name} takes {HELD_WORDS[machine.holds]}, not {HELD_WORDS[kind]}")


def cmd_move(args: argparse.Namespace, settings: Settings) -> int:
    """A refusal of the move itself (the slot, the machine, the course's rules) names the option that gave the new place:
    --to, or --time for the rest of a course."""
    from .cli import UsageError

    try:
        return _move(args, settings)
    except InputError as exc:
        if exc.field is Field.MOVE:
            raise UsageError(f"--{Field.TO if args.rest_from is None else Field.TIME}: {exc.reason}") from None
        if exc.field is Field.TIME:  # not among the booking commands' own options: `book` has none of that name
            raise UsageError(f"--{Field.TIME}: {exc.reason}") from None
        raise


def _move(args: argparse.Namespace, settings: Settings) -> int:
    from .store.db.bookings import SlotTaken

    course = course_id(args.course_id)
    folder = write_folder(args.write_updates) if args.write_updates is not None and not args.dry_run else None
    updates: list[CalendarUpdate] = []
    would: list[CalendarUpdate] = []
    with _desk(args, settings, write=not args.dry_run) as desk:
        moves, rules = _planned_moves(args, desk, course)
        held = {(b.kind, b.number): b for b in rules.held}
        moves = [m for m in moves if (held[m.kind, m.number].machine, held[m.kind, m.number].start) != (m.machine, m.start)]
        if not moves:
            raise InputError(Field.TO if args.rest_from is None else Field.TIME, "that is where it is booked already: nothing to move")
        if args.dry_run:
            reasons = desk.check_move(course, moves)
            if reasons:
                raise InputError(Field.MOVE, refusal_line(reasons))
            would = desk.move_updates(course, moves)  # the update it would make due: what it would leave out is said
        else:
            try:
                updates = desk.move(course, moves)
            except SlotTaken as exc:
                raise LostBooking(f"move lost: {exc}; nothing was moved, run move again") from None
            if folder is not None:
                updates = written_updates(desk, updates, folder, "the move was made")
        tz = desk.zone
        patient = desk.patient_labels([course]).get(course, "")
    rows = [(rules.shown(m.kind, m.number), m, held[m.kind, m.number]) for m in moves]
    warn_of_left_out_updates(would, would=True)
    if args.json:
        print(json.dumps(_move_answer(course, rows, args.dry_run, updates, tz, would), ensure_ascii=False, indent=2))
        return 0
    verb = "Would move" if args.dry_run else "Moved"
    lines = [f"{verb} {_what(m.kind, shown)} of {patient or course}: {was.machine} {moment_text(was.start.astimezone(tz))} → "
             f"{m.machine} {moment_text(m.start.astimezone(tz))}" for shown, m, was in rows]
    say("\n".join(lines + calendar_lines(updates, own_option="move")))
    return 0


def _what(kind: AppointmentKind, shown: int) -> str:
    return {AppointmentKind.FRACTION: f"session {shown}", AppointmentKind.REVIEW: f"review {shown}",
            AppointmentKind.SIMULATION: "the planning scan"}[kind]


def _move_answer(course: str, rows: list[tuple[int, Relocation, Booking]], dry_run: bool, updates: list[CalendarUpdate],
                 tz: ZoneInfo, would: list[CalendarUpdate]) -> dict[str, Any]:
    """`move --json`; `would`: a dry run's update the move would make due, whose reminders left out `left_out` says."""
    return {"course_id": course, "moved": not dry_run,
            "moves": [{"kind": m.kind.value, "number": shown,
                       "from": {"machine": was.machine, "start": _instant(was.start, tz)},
                       "to": {"machine": m.machine, "start": _instant(m.start, tz)}} for shown, m, was in rows],
            "calendars": _calendars_json(updates), "left_out": left_out_json(updates or would)}
