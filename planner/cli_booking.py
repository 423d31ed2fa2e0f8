"""The booking commands of `python -m planner`: book, agenda, machine-down, machine-up, closure, reoptimise, unbook,
calendar-updates.

A contract: every command takes `--db URL`; bad input ends with one line on stderr and exit
status 2; a booking lost to a concurrent booking (the slot was taken between reading free time
and writing, by another booking, by downtime or by new hours or closures, or another coordinator
booked the same course) ends with one line and exit status 3, with nothing written.
"""

from __future__ import annotations

import argparse
import json
import os
import stat
import sys
import tempfile
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from .core.agenda import shown_patient, with_hospital_number
from .core.dates import day_text, moment_text
from .core.errors import Field, InputError
from .core.limits import MAX_CLOSURE_DAYS
from .core.parsing import parse_date, parse_int, parse_time
from .core.text import counted, printable, quoted
from .core.wall_clock import clock_text
from .wording import booking_note, kept_as_booked_words, left_out_words, moved_from_words, recorded_words

if TYPE_CHECKING:
    from .app.booking import BookingDesk, CalendarUpdate
    from .app.machine_back import MachineBack, SessionBack, SessionStayed
    from .app.reopening import Reopening
    from .booking.model import BookingAnswer, ClosureReport, Move, Proposal, RebookReport, Unplaced, UrgentStart
    from .booking.reoptimise import CourseChange, Reoptimisation
    from .core.agenda import Agenda, Period
    from .core.department import Department, RebookedNote
    from .core.kinds import AppointmentKey
    from .core.schedule import Schedule
    from .core.spec import CourseSpec
    from .store.settings import Settings

EXIT_LOST = 3  # a lost race (LostRace)
MAX_AGENDA_DAYS = 31
MAX_REOPTIMISE_DAYS = 60
MAX_ID = 100


class LostRace(Exception):
    """Another coordinator changed what the command read before it wrote, so nothing was written: what happened and
    what to do, said by `planner.cli` in one line with the one prefix of every lost race (LOST_RACE_PREFIX), exit status 3."""


class LostBooking(LostRace):
    """A booking command's lost race: another booking took the slot first (or the machine, the day or the course changed)."""


LOST_RACE_PREFIX = "planner: conflict: "  # every exit-3 line starts so, whichever command lost


def look_and_rerun(args: argparse.Namespace, course: str) -> str:
    """What to do after losing a race over a course: see what the other coordinator did, then run the command again."""
    words = [args.command, *([sub] if isinstance(sub := getattr(args, f"{args.command}_command", None), str) else [])]
    return f"look at the course (course show --course-id {course}), then run {' '.join(words)} again"


def add_booking_commands(commands: Any) -> None:
    """Add the booking sub-commands to the CLI's sub-parsers."""
    book = commands.add_parser("book", help="book a stored course onto a machine (or show proposals with --dry-run)")
    _db(book)
    book.add_argument("--course-id", metavar="ID", required=True, help="the stored course to book")
    book.add_argument("--earliest", metavar="YYYY-MM-DD", help="first day the course may start (default: planning scan plus planning time)")
    book.add_argument("--prefer-time", metavar="HH:MM", help="the daily time the patient would like")
    book.add_argument("--machine", metavar="NAME", help="the machine to prefer")
    book.add_argument("--urgent", action="store_true", help="an urgent course: start within the department's urgent limit "
                      "(a course marked urgent with `course save --urgent` is booked so without it)")
    book.add_argument("--make-ups", action="store_true", help="book only the make-ups of a booked course that no booking gives "
                      "yet (a session marked missed after the course was booked), on the days its schedule has them")
    book.add_argument("--dry-run", action="store_true", help="print up to three proposals, book nothing")
    book.add_argument("--json", action="store_true", help="print one JSON object")

    agenda = commands.add_parser("agenda", help="the machines' bookings for a day or a few days")
    _db(agenda)
    agenda.add_argument("--date", metavar="YYYY-MM-DD", required=True, help="the first day")
    agenda.add_argument("--days", metavar="N", default="1", help=f"how many days (1-{MAX_AGENDA_DAYS}, default 1)")
    agenda.add_argument("--machine", metavar="NAME", help="only this machine")
    agenda.add_argument("--json", action="store_true", help="print one JSON object")
    agenda.add_argument("--pdf", metavar="FILE.pdf",
                        help="write the treatment room's day list (one day) as a PDF instead of printing the agenda (--json prints it as well)")
    agenda.add_argument("--discreet", action="store_true",
                        help="initials only: the day list without hospital numbers or kinds of appointment, and so the text and JSON")
    agenda.add_argument("--run-on", action="store_true",
                        help="with --pdf: the machines run on from page to page (default: each machine on its own page, "
                             "one sheet for each room, as the window prints it)")

    down = commands.add_parser("machine-down", help="record a machine's downtime and re-book its patients")
    _db(down)
    down.add_argument("machine", metavar="MACHINE", help="the machine that is down, by name")
    down.add_argument("--from", dest="start", metavar="YYYY-MM-DDTHH:MM", required=True,
                      help="down from (department's local time; add the UTC offset, +01:00, for a time the clocks repeat)")
    down.add_argument("--to", dest="end", metavar="YYYY-MM-DDTHH:MM", required=True,
                      help="down until (department's local time, or with its UTC offset)")
    down.add_argument("--reason", metavar="TEXT", help="why, e.g. 'beam fault' or 'service' (default: 'no reason given')")
    down.add_argument("--dry-run", action="store_true", help="print who would move where, record nothing")
    down.add_argument("--write-updates", metavar="DIR", help="write each affected patient's updated .ics file into DIR")
    down.add_argument("--json", action="store_true", help="print one JSON object")

    up = commands.add_parser("machine-up", help="a machine back sooner than its downtime: end or shorten the downtime, and "
                                                 "(--move-back) move back the sessions it moved")
    _db(up)
    up.add_argument("machine", metavar="MACHINE", help="the machine that is back, by name")
    up.add_argument("--at", metavar="YYYY-MM-DDTHH:MM", required=True,
                    help="back from (department's local time, or with its UTC offset): the downtime in force then ends there "
                         "(at its start: removed whole)")
    up.add_argument("--move-back", action="store_true", help="move the sessions the downtime moved off the machine from --at on "
                    "back to the slots they had, where those are free again (the others stay where they are, said why)")
    up.add_argument("--dry-run", action="store_true", help="print what would change, change nothing")
    up.add_argument("--write-updates", metavar="DIR", help="write each affected patient's updated .ics file into DIR")
    up.add_argument("--json", action="store_true", help="print one JSON object")

    closure = commands.add_parser("closure", help="close the whole department for a day or a few (snow, a power cut) and re-book "
                                                  "every appointment then (taken back with reopen)")
    _db(closure)
    closure.add_argument("--date", metavar="YYYY-MM-DD", required=True, help="the first day closed (today or later)")
    span = closure.add_mutually_exclusive_group()
    span.add_argument("--days", metavar="N", help=f"how many calendar days from --date (1-{MAX_CLOSURE_DAYS}, default 1)")
    span.add_argument("--to", metavar="YYYY-MM-DD", help="the last day closed, instead of --days")
    closure.add_argument("--reason", metavar="TEXT", help="why, e.g. 'snow' or 'power cut' (the closure's note)")
    closure.add_argument("--dry-run", action="store_true", help="print who would move where, change nothing")
    closure.add_argument("--write-updates", metavar="DIR", help="write each affected patient's updated .ics file into DIR")
    closure.add_argument("--json", action="store_true", help="print one JSON object")

    reopen = commands.add_parser("reopen", help="the department reopens: take back its closures (closure, Department closed...) "
                                                "from --date on, and (--move-back) move back the sessions they moved")
    _db(reopen)
    reopen.add_argument("--date", metavar="YYYY-MM-DD", required=True, help="the first day to reopen (today or later)")
    span = reopen.add_mutually_exclusive_group()
    span.add_argument("--days", metavar="N", help=f"how many calendar days from --date (1-{MAX_CLOSURE_DAYS}, default 1)")
    span.add_argument("--to", metavar="YYYY-MM-DD", help="the last day to reopen, instead of --days")
    reopen.add_argument("--move-back", action="store_true", help="move the sessions the closures moved back to the slots they "
                        "had, where those are free and the course's rules hold (the others stay where they are, said why; a "
                        "closure recorded by an older version kept no old slot); also for days reopened already")
    reopen.add_argument("--dry-run", action="store_true", help="print what would change, change nothing")
    reopen.add_argument("--write-updates", metavar="DIR", help="write each affected patient's updated .ics file into DIR")
    reopen.add_argument("--json", action="store_true", help="print one JSON object")

    again = commands.add_parser("reoptimise", help="place the coming weeks' unstarted courses anew so fewer wait (run nightly)")
    _db(again)
    again.add_argument("--date", metavar="YYYY-MM-DD", help="the night it runs for, today or later: courses starting after this day (default: today)")
    again.add_argument("--days", metavar="N", default="20", help=f"working days ahead to look at (1-{MAX_REOPTIMISE_DAYS}, default 20)")
    again.add_argument("--dry-run", action="store_true", help="print what would change, change nothing")
    again.add_argument("--write-updates", metavar="DIR", help="write each affected patient's updated .ics file into DIR")
    again.add_argument("--json", action="store_true", help="print one JSON object")

    owed = commands.add_parser("calendar-updates", help="list the patients whose exported calendar changed (a re-booking, a move, "
                                                        "unbooking, cancelling, a course saved) and who were not given the update "
                                                        "(or write those updates)")
    _db(owed)
    owed.add_argument("--write-updates", metavar="DIR", help="write each listed patient's updated .ics file into DIR "
                                                             "(they are then no longer listed)")
    owed.add_argument("--json", action="store_true", help="print one JSON object")

    unbook = commands.add_parser("unbook", help="release a course's bookings; it stays planned (treatment stopped: course cancel)")
    _db(unbook)
    unbook.add_argument("--course-id", metavar="ID", required=True, help="the stored course")
    unbook.add_argument("--json", action="store_true", help="print one JSON object")


def _db(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", metavar="URL", help="the department store: sqlite:///FILE or postgresql://USER@HOST/DB "
                                                    "(default: $IGRT_PLANNER_DB, settings, or the embedded file)")


def say(text: str) -> None:
    """Print lines of a text answer, each with its control characters escaped: names and reasons come
    from a database that another program (or a hand) may have written, and must not drive the terminal."""
    print("\n".join(printable(line) for line in text.split("\n")))


# ---------------------------------------------------------------------- checked options
def course_id(text: str) -> str:
    value = text.strip()
    if not value or len(value) > MAX_ID or any(ord(c) < 32 for c in value):
        raise InputError(Field.COURSE_ID, f"'{text[:40]}' is not a course id")
    return value


def agenda_days(text: str) -> int:
    return parse_int(Field.DAYS, text, 1, MAX_AGENDA_DAYS, "a number of days", say_range=True)


def local_instant(field: Field, text: str, tz: ZoneInfo) -> datetime:
    """'2026-11-24T08:00' as the department's wall-clock time (or with its UTC offset); one skipped by the clocks, or
    one giving seconds, is refused."""
    from .core.department import parse_local_instant

    return parse_local_instant(field, text, tz)


def write_folder(text: str) -> Path:
    if not text.strip():  # Path("") is the current folder: an empty value is a slip, not a choice
        raise InputError(Field.WRITE_UPDATES, "give a folder (got an empty name)")
    folder = Path(text)
    try:
        is_folder = stat.S_ISDIR(os.stat(folder).st_mode)
    except (FileNotFoundError, NotADirectoryError):
        is_folder = False
    except OSError as exc:  # a name too long, a folder on the way that may not be searched
        raise InputError(Field.WRITE_UPDATES, f"cannot write into {text} ({exc.strerror or exc})") from None
    if not is_folder:
        raise InputError(Field.WRITE_UPDATES, f"{text} is not a folder")
    try:  # found out now, before anything is booked, rather than after the bookings changed
        handle, probe = tempfile.mkstemp(prefix=".planner-write-test-", dir=folder)
        os.close(handle)
        os.unlink(probe)
    except OSError as exc:
        raise InputError(Field.WRITE_UPDATES, f"cannot write into {text} ({exc.strerror or exc})") from None
    return folder


def written_updates(desk: BookingDesk, updates: list[CalendarUpdate], folder: Path, done: str) -> list[CalendarUpdate]:
    """The updates written into `folder`; a failure half-way (a full disk) is one line saying what was `done` all the same."""
    try:
        written = desk.write_updates(updates, folder)
    except OSError as exc:
        raise InputError(Field.WRITE_UPDATES, f"cannot write the calendar updates into {folder} ({exc.strerror or exc}); "
                                              f"{done}: export the changed courses with `export --course-id ID`") from None
    warn_of_left_out_updates(written)
    return written


def warn_of_left_out_updates(written: Iterable[CalendarUpdate], *, would: bool = False) -> None:
    """One line on stderr for each discreet update written that leaves a preparation reminder out, in the words of a
    discreet export (`warn_of_left_out`), naming the patient: the coordinator tells them another way. `would`: the
    updates are not written (a dry run, the list of those owed), so the coordinator learns it before they are."""
    for update in written:
        words = (left_out_words(update.left_out, "calendar update", "a plain export has {them}", quoted, leaves="would leave out")
                 if would else left_out_words(update.left_out, "calendar", "a plain export has {them}", quoted))
        if words:
            print(f"planner: warning: {_who(update.course_id, _update_label(update))}: {words}", file=sys.stderr)


def left_out_json(updates: Iterable[CalendarUpdate]) -> list[dict[str, Any]]:
    """The `"left_out"` key of every JSON answer that writes, would write or makes due calendar updates: for each
    discreet update that leaves preparation reminders out (no discreet wording), the course and those reminders, as
    `plan --json` gives a reminder; empty when none does."""
    return [{"course_id": u.course_id, "reminders": [{"text": r.text, "minutes_before": r.minutes_before} for r in u.left_out]}
            for u in updates if u.left_out]


# ---------------------------------------------------------------------- JSON
def _instant(moment: datetime, tz: ZoneInfo) -> str:
    return moment.astimezone(tz).isoformat(timespec="minutes")


def proposal_json(proposal: Proposal) -> dict[str, Any]:
    return {"first": proposal.first.isoformat(), "machine": proposal.machine, "time": f"{proposal.time:%H:%M}",
            "off_time": proposal.off_time, "off_machine": proposal.off_machine, "wait_days": proposal.wait_days}


def book_json(answer: BookingAnswer, booked: bool, tz: ZoneInfo, department: Department | None = None,
              updates: Iterable[CalendarUpdate] = ()) -> dict[str, Any]:
    """The contract of `book --json`: the chosen (or best) proposal's appointments, the others as alternatives;
    with the `department`, the warnings say too which proposal leaves the beam-matched group; `updates`: the calendar
    update the booking made due (or, a dry run, would), for its `left_out`."""
    from .app.booking import answer_warnings

    best = answer.best
    return {
        "course_id": answer.course_id,
        "booked": booked,
        "machine": best.machine if best else None,
        "appointments": [
            {"kind": b.kind.value, "number": b.number, "start": _instant(b.start, tz), "end": _instant(b.end, tz), "machine": b.machine}
            for b in sorted(best.bookings, key=lambda b: b.start)
        ] if best else [],
        "alternatives": [proposal_json(p) for p in answer.proposals[1:]],
        "pushed": [{"date": p.day.isoformat(), "reason": p.reason} for p in best.pushed] if best else [],
        "warnings": answer_warnings(answer, department) if department is not None else
                    list(answer.warnings) + (list(best.warnings) if best else []),
        # the calendar update the booking made due, as every command that makes one due lists it (a dry run: none)
        "calendars": _calendars_json(list(updates)) if booked else [],
        "left_out": left_out_json(updates),
    }


def agenda_json(agenda: Agenda, *, discreet: bool = False) -> dict[str, Any]:
    """The answer of `agenda --json`; discreet: each patient's initials only, as the discreet day list."""
    tz = agenda.tz
    return {"machines": [
        {"name": machine.name,
         # only on a machine down in those days: when, why, and who recorded it when (null: not known)
         **({"downtime": [{"start": _instant(p.start, tz), "end": _instant(p.end, tz), "reason": p.reason,
                           "recorded_by": p.recorded.who if p.recorded else None,
                           "recorded_at": p.recorded.at.astimezone(tz).isoformat(timespec="seconds") if p.recorded else None}
                          for p in sorted(machine.downtime, key=lambda p: p.start)]} if machine.downtime else {}),
         "bookings": [
            {"course_id": e.course_id, "patient": shown_patient(e, discreet), "kind": e.kind.value,
             "number": e.number,
             **({"session": e.session} if e.session else {}),  # only where the course numbers it otherwise (see AgendaEntry)
             "start": _instant(e.start, tz), "end": _instant(e.end, tz),
             # only on a make-up: the day of the session it replaces, and why that one was not given
             **({"make_up": {"day": e.make_up.day.isoformat(), "cause": e.make_up.cause.value}} if e.make_up is not None else {}),
             # only on the first session of a course a downtime or closure put off before any of it was given: the day it
             # could not begin, and why (the sessions added at the end for it have no "make_up": they make up nothing)
             **({"starts_later": {"day": e.starts_later.day.isoformat(), "cause": e.starts_later.cause.value}}
                if e.starts_later is not None else {}),
             **({"missed": True} if e.missed else {}),  # only on a session its course marks missed
             **({"released": True} if e.released else {}),  # marked missed ahead: its machine time is free for others
             **({"moved_from": e.moved_from} if e.moved_from else {})}  # only off the course's own machine
            for e in sorted(machine.entries, key=lambda e: e.start)
        ]}
        for machine in agenda.machines
    ],
        # the days shown the whole department is closed, and why (discreet: a clinic closure without its note)
        "closures": [{"date": c.day.isoformat(), "reason": c.words(discreet)} for c in agenda.closures]}


def _move_json(move: Move, tz: ZoneInfo) -> dict[str, Any]:
    return {"course_id": move.course_id, "number": move.number,
            "from": {"machine": move.from_machine, "start": _instant(move.from_start, tz)},
            "to": {"machine": move.to_machine, "start": _instant(move.to_start, tz)}}


def _unplaced_json(item: Unplaced, tz: ZoneInfo) -> dict[str, Any]:
    return {"course_id": item.course_id, "number": item.number, "machine": item.machine,
            "start": _instant(item.start, tz), "reason": item.reason}


def _urgent_json(urgent: Iterable[UrgentStart]) -> list[dict[str, Any]]:
    return [{"course_id": u.course_id, "booked_start": u.was.isoformat(), "start": u.now.isoformat(),
             "due": u.due.isoformat(), "working_days_later": u.later, "working_days_past_due": u.past_due} for u in urgent]


def down_json(report: RebookReport | ClosureReport, updates: list[CalendarUpdate], tz: ZoneInfo) -> dict[str, Any]:
    """The answer of `machine-down --json` (and the re-booking part of `closure --json`)."""
    return {
        # urgent courses (not started) the re-booking starts on a later day: first, as the text says them
        "urgent": _urgent_json(report.urgent),
        "moved": [_move_json(m, tz) for m in report.moved],
        "appended": [_move_json(m, tz) for m in report.appended],
        "unplaced": [_unplaced_json(u, tz) for u in report.unplaced],
        "calendars": _calendars_json(updates),
        "left_out": left_out_json(updates),
    }


def _at_json(machine: str | None, start: datetime | None, tz: ZoneInfo) -> dict[str, Any] | None:
    return {"machine": machine, "start": _instant(start, tz)} if machine is not None and start is not None else None


def up_json(report: MachineBack, updates: list[CalendarUpdate], tz: ZoneInfo) -> dict[str, Any]:
    """The answer of `machine-up --json`: the downtime as it was and is now, who went back to their old slot (as
    machine-down's moves: from where the downtime had put them, to where they were), who stayed and why, whose calendar."""
    return {
        "machine": report.machine,
        "down": {"start": _instant(report.down.start, tz), "end": _instant(report.down.end, tz)},
        "back": _instant(report.back, tz),
        "downtime_left": {"start": _instant(report.kept.start, tz), "end": _instant(report.kept.end, tz)} if report.kept else None,
        "dry_run": report.dry_run,
        # urgent courses (not started) that still start later than booked before the downtime, as machine-down's "urgent"
        "urgent": _urgent_json(report.urgent),
        **_back_json(report.moved_back, report.stayed, report.refitted, tz),
        "left_moved": report.left_moved,
        "calendars": _calendars_json(updates),
        "left_out": left_out_json(updates),
    }


def _back_json(moved_back: Sequence[SessionBack], stayed: Sequence[SessionStayed], refitted: Sequence[Move],
               tz: ZoneInfo) -> dict[str, Any]:
    """Who went back to their old slot, who stayed and why (`was` null: no old slot kept), who was renumbered: as
    `machine-up --json` and `reopen --json` say them."""
    return {
        "moved_back": [{"course_id": b.course_id, "kind": b.kind.value, "number": b.number, "from": _at_json(b.from_machine, b.from_start, tz),
                        "to": _at_json(b.to_machine, b.to_start, tz), "shortens_course": b.shortens} for b in moved_back],
        "stayed": [{"course_id": s.course_id, "kind": s.kind.value, "number": s.number, "at": _at_json(s.machine, s.start, tz),
                    "was": _at_json(s.was_machine, s.was_start, tz), "reason": s.reason} for s in stayed],
        "renumbered": [_move_json(m, tz) for m in refitted],
    }


def _calendars_json(updates: list[CalendarUpdate]) -> list[dict[str, Any]]:
    return [{"course_id": u.course_id, "patient": u.patient, "changed": u.changed, "written": str(u.written) if u.written else None}
            for u in updates]


def up_text(report: MachineBack, updates: list[CalendarUpdate], tz: ZoneInfo, patients: Mapping[str, str], moving: bool) -> str:
    """The answer of `machine-up`: from when the machine is back, who went back where, who stayed and why, whose calendar."""
    def when(moment: datetime) -> str:
        return f"{moment.astimezone(tz):%a %Y-%m-%d %H:%M}"

    was = f"down {when(report.down.start)} to {when(report.down.end)}"
    verb = "would be" if report.dry_run else "is"
    head = (f"{report.machine} {verb} back from {when(report.back)} ({was})" if report.kept is not None
            else f"{report.machine}'s downtime ({was}) {'would be' if report.dry_run else 'was'} removed whole")
    lines = [head + ("; nothing was changed" if report.dry_run else "")]
    from .app.booking import urgent_start_words

    # first, as machine-down says them: an urgent course whose start the downtime had put off, and still does
    lines += [urgent_start_words(item, _who(item.course_id, patients), still=True) for item in report.urgent]
    lines += _back_lines(report.moved_back, report.stayed, report.refitted, report.dry_run, tz, patients)
    if not moving and report.left_moved:
        lines.append(f"{counted(report.left_moved, 'session')} its downtime moved from then on stay{'s' if report.left_moved == 1 else ''} "
                     "moved: machine-up --move-back with the same --at moves them back where their old slot is free.")
    elif not (report.moved_back or report.stayed):
        lines.append("Nothing its downtime moved is to come after then.")
    lines += _calendar_update_lines(updates, report.dry_run)
    return "\n".join(lines)


def _back_lines(moved_back: Sequence[SessionBack], stayed: Sequence[SessionStayed], refitted: Sequence[Move], dry_run: bool,
                tz: ZoneInfo, patients: Mapping[str, str]) -> list[str]:
    """Who went back where, who stayed and why, who moved for a first session's set-up time: as `machine-up` and
    `reopen` say them."""
    def when(moment: datetime) -> str:
        return f"{moment.astimezone(tz):%a %Y-%m-%d %H:%M}"

    def at(machine: str | None, moment: datetime | None, nowhere: str) -> str:
        return f"{machine} {when(moment)}" if machine and moment else nowhere

    lines: list[str] = []
    if moved_back:
        from .app.machine_back import starts_sooner

        sooner = starts_sooner(moved_back)

        def shorter(back: SessionBack) -> str:
            if not back.shortens:
                return ""
            return " (the course starts sooner again)" if back.course_id in sooner else " (the course is a session shorter again)"

        lines.append("Would move back:" if dry_run else "Moved back:")
        lines += [f"  {_who(b.course_id, patients)} {b.kind.value} {b.number}{f' (was {b.was})' if b.was else ''}: "
                  f"{at(b.from_machine, b.from_start, 'no place')} -> {b.to_machine} {when(b.to_start)}{shorter(b)}"
                  for b in moved_back]
    if stayed:
        lines.append("Stay where they are:" if dry_run else "Stay where they are (not offered again: move them in Bookings if wanted):")
        lines += [f"  {_who(s.course_id, patients)} {s.kind.value} {s.number or ''}".rstrip()
                  + f" ({at(s.machine, s.start, 'no place')}"
                  + (f"; was {at(s.was_machine, s.was_start, '')}" if s.was_machine and s.was_start else "") + f"): {s.reason}"
                  for s in stayed]
    if refitted:
        lines.append("Moved for the first session's set-up time:")
        lines += [f"  {_who(m.course_id, patients)} fraction {m.number}: {m.from_machine} {when(m.from_start)} -> "
                  f"{m.to_machine} {when(m.to_start)}" for m in refitted]
    return lines


def closure_json(report: ClosureReport, updates: list[CalendarUpdate], dry_run: bool, tz: ZoneInfo) -> dict[str, Any]:
    """The answer of `closure --json`: the days closed, then machine-down's moved, appended, unplaced and calendars."""
    return {"closed": [{"date": day.isoformat(), "reason": note} for day, note in report.closed], "dry_run": dry_run,
            **down_json(report, updates, tz)}


def _change_json(change: CourseChange, patients: Mapping[str, str]) -> dict[str, Any]:
    return {"course_id": change.course_id, "patient": patients.get(change.course_id, ""),
            "from": {"first": change.from_first.isoformat(), "machine": change.from_machine, "time": f"{change.from_time:%H:%M}"},
            "to": {"first": change.to_first.isoformat(), "machine": change.to_machine, "time": f"{change.to_time:%H:%M}"},
            "wait_before": change.wait_before, "wait_after": change.wait_after}


def reoptimise_json(result: Reoptimisation, updates: list[CalendarUpdate], dry_run: bool, tz: ZoneInfo,
                    patients: Mapping[str, str]) -> dict[str, Any]:
    """The answer of `reoptimise --json`: each appointment moved (as machine-down's), each course placed anew (with its patient)."""
    return {
        "date": result.today.isoformat(),
        "last_day": result.last_day.isoformat(),
        "dry_run": dry_run,
        "moved": [{**_move_json(m, tz), "kind": m.kind.value} for m in result.moved],
        "courses": [_change_json(c, patients) for c in result.changes],
        "unchanged": result.unchanged,
        "waiting": result.waiting,
        "days_saved": result.days_saved,
        "status": result.status,
        "calendars": _calendars_json(updates),
        "left_out": left_out_json(updates),
    }


# ---------------------------------------------------------------------- text
def _proposal_line(index: int, proposal: Proposal) -> str:
    return (f"  {index}. {proposal.first:%a %Y-%m-%d} on {proposal.machine} at {proposal.time:%H:%M}: "
            f"{counted(proposal.off_time, 'session')} off the daily time, {counted(proposal.off_machine, 'session')} on another "
            f"machine, wait {counted(proposal.wait_days, 'working day')}")


def book_text(answer: BookingAnswer, booked: bool, tz: ZoneInfo, department: Department | None = None) -> str:
    from .app.booking import answer_warnings

    best = answer.best
    if best is None:
        return "No proposal: no eligible machine has room."
    first = min(best.fractions, key=lambda b: b.start).start.astimezone(tz) if best.fractions else None
    # The daily time is the course's; its first, longer session (set-up and imaging) may start before it.
    opening = f", the first session at {first:%H:%M}" if first is not None and first.time() != best.time else ""
    lines = [f"{'Booked' if booked else 'Best proposal'}: course {answer.course_id} from {best.first:%a %Y-%m-%d} "
             f"on {best.machine} at {best.time:%H:%M}{opening} (wait {counted(best.wait_days, 'working day')})"]
    for b in sorted(best.bookings, key=lambda b: b.start):
        start, end = b.start.astimezone(tz), b.end.astimezone(tz)
        lines.append(f"  {b.kind.value:<10} {b.number:>3}  {start:%a %Y-%m-%d %H:%M}-{end:%H:%M}  {b.machine}")
    if answer.proposals[1:]:
        lines.append("Alternatives:")
        lines += [_proposal_line(i, p) for i, p in enumerate(answer.proposals[1:], start=2)]
    for pushed in best.pushed:
        lines.append(f"Pushed: {pushed.day:%a %Y-%m-%d}  {pushed.reason}")
    warnings = answer_warnings(answer, department) if department is not None else list(answer.warnings) + list(best.warnings)
    lines += [f"! {w}" for w in warnings]
    return "\n".join(lines)


def agenda_text(agenda: Agenda, *, discreet: bool = False) -> str:
    """`agenda`'s text; discreet: as the discreet day list, initials and session only (no hospital number, no kind)."""
    lines = [f"Closed {c.day:%a %Y-%m-%d}: {c.words(discreet)}" for c in agenda.closures]  # the department, every machine
    for machine in agenda.machines:
        lines.append(machine.name)
        timed: list[tuple[datetime, int, str]] = []  # in time order over the days shown, a downtime before a booking at its start
        for down in machine.downtime:  # who put it there: the coordinator whose patients it moved asks
            timed.append((down.start, 0, f"  {_down_span(down, agenda.tz)}  down{f': {down.reason}' if down.reason else ''}"
                                         f"  ({recorded_words(down.recorded, agenda.tz)})"))
        if not machine.entries:
            timed.append((datetime.max.replace(tzinfo=UTC), 1, "  (nothing booked)"))
        for e in machine.entries:
            start, end = e.start.astimezone(agenda.tz), e.end.astimezone(agenda.tz)
            notes = "; ".join(n for n in (booking_note(e), moved_from_words(e)) if n)
            made_up = f"  ({notes})" if notes else ""  # no reason, site or treatment: discreet too
            if discreet:
                timed.append((e.start, 1, f"  {start:%a %Y-%m-%d} {clock_text(start)}-{clock_text(end)}  {shown_patient(e, True)}  "
                                          f"{e.shown_number}/{e.total}{made_up}"))
                continue
            which = f"{e.kind.value} {e.shown_number}/{e.total}"
            number = f" ({e.hospital_number})" if e.hospital_number and e.patient else ""
            timed.append((e.start, 1, f"  {start:%a %Y-%m-%d} {clock_text(start)}-{clock_text(end)}  {e.patient or e.course_id}{number}  "
                                      f"{which}{made_up}"))
        lines.extend(line for _, _, line in sorted(timed, key=lambda t: (t[0], t[1])))
    return "\n".join(lines)


def _down_span(down: Period, tz: ZoneInfo) -> str:
    """'Wed 2030-03-27 08:00-12:00', or with both days when it runs past midnight."""
    start, end = down.start.astimezone(tz), down.end.astimezone(tz)
    if start.date() == end.date():
        return f"{start:%a %Y-%m-%d} {clock_text(start)}-{clock_text(end)}"
    return f"{start:%a %Y-%m-%d} {clock_text(start)} to {end:%a %Y-%m-%d} {clock_text(end)}"


def _who(course_id: str, patients: Mapping[str, str]) -> str:
    """The patient on one line, 'Name (H100)' as `BookingDesk.patient_labels` and `_update_label` give it (the
    course id when the store names none), for text reports: two patients of one name told apart."""
    return " ".join(patients.get(course_id, "").split()) or f"course {course_id}"


def down_text(report: RebookReport, updates: list[CalendarUpdate], tz: ZoneInfo, patients: Mapping[str, str],
              sensitive: Collection[str] = (), *, dry_run: bool = False) -> str:
    def when(moment: datetime) -> str:
        return f"{moment.astimezone(tz):%a %Y-%m-%d %H:%M}"

    lines = [f"{report.downtime.machine} {'would be ' if dry_run else ''}down {when(report.downtime.start)} to "
             f"{when(report.downtime.end)}" + ("; nothing was changed" if dry_run else "")]
    return "\n".join(lines + _rebooked_lines(report, updates, tz, patients, dry_run=dry_run, sensitive=sensitive))


def closure_text(report: ClosureReport, updates: list[CalendarUpdate], dry_run: bool, tz: ZoneInfo,
                 patients: Mapping[str, str], sensitive: Collection[str] = ()) -> str:
    days = [day for day, _ in report.closed]
    span = f"{days[0]:%a %Y-%m-%d}" + (f" to {days[-1]:%a %Y-%m-%d}" if len(days) > 1 else "")
    note = report.closed[0][1]
    head = f"{'Would close' if dry_run else 'Closed'} the department {span}" + (f" ({note})" if note else "")
    if dry_run:
        head += "; nothing was changed"
    return "\n".join([head, *_rebooked_lines(report, updates, tz, patients, dry_run=dry_run, sensitive=sensitive)])


def _rebooked_lines(report: RebookReport | ClosureReport, updates: list[CalendarUpdate], tz: ZoneInfo,
                    patients: Mapping[str, str], *, dry_run: bool = False, sensitive: Collection[str] = ()) -> list[str]:
    """Who moved where, who went to the end of the course, who could not be placed, whose calendar to update
    (on a dry run: whose calendar would need an update). A move to another day says how (a weekend, a second
    session: the patient comes twice that day), and a `sensitive` (gap-sensitive) course made up at the end
    that its overall treatment time grows, as the window's report does."""
    def when(moment: datetime) -> str:
        return f"{moment.astimezone(tz):%a %Y-%m-%d %H:%M}"

    from .booking.model import started_later

    later = started_later(report.appended)

    def how(move: Move) -> str:
        if move.how == "end of course":
            if move.course_id in later:  # nothing of it given before: no longer overall, a later start
                return " (the course starts later)"
            return " (gap-sensitive: the overall treatment time grows)" if move.course_id in sensitive else ""
        return "" if move.how == "same day" else f" ({move.how})"

    from .app.booking import urgent_start_words

    # first, before the moves: an urgent course that now starts later, which must not be read past
    lines: list[str] = [urgent_start_words(item, _who(item.course_id, patients)) for item in report.urgent]
    for title, moves in (("Moved", report.moved), ("Added at the end of the course", report.appended)):
        if moves:
            lines.append(f"{title}:")
            lines += [f"  {_who(m.course_id, patients)} fraction {m.number}{f' (was {m.was})' if m.was else ''}: "
                      f"{m.from_machine} {when(m.from_start)} -> "
                      f"{m.to_machine} {when(m.to_start)}{how(m)}"
                      for m in moves]
    if report.unplaced:
        lines.append("Could not be placed:")
        lines += [f"  {_who(u.course_id, patients)} fraction {u.number} ({u.machine} {when(u.start)}): {u.reason}"
                  for u in report.unplaced]
    if not (report.moved or report.appended or report.unplaced):
        lines.append("Nothing was booked in that time.")
    lines += _calendar_update_lines(updates, dry_run)
    return lines


def _update_label(update: CalendarUpdate) -> dict[str, str]:
    """The patient of a calendar update as `_who` names them, with the hospital number."""
    return {update.course_id: with_hospital_number(update.patient, update.hospital_number)}


def _calendar_update_lines(updates: list[CalendarUpdate], dry_run: bool) -> list[str]:
    """Whose exported calendar changed (or, on a dry run, would change), and where each update was written."""
    changed = [u for u in updates if u.changed]
    if not changed:
        return []
    return [f"Calendars {'that would need an update' if dry_run else 'to update'}:"] + [
        f"  {_who(u.course_id, _update_label(u))}" + (f": wrote {u.written}" if u.written else "") for u in changed]


def reoptimise_text(result: Reoptimisation, updates: list[CalendarUpdate], dry_run: bool, patients: Mapping[str, str]) -> str:
    waiting = "none" if result.waiting == 0 else str(result.waiting)
    lines = [f"Courses starting after {result.today:%a %Y-%m-%d} up to {result.last_day:%a %Y-%m-%d}: "
             f"{waiting} could start earlier than booked."]
    if result.changes:
        lines.append("Would place anew:" if dry_run else "Placed anew:")
        lines += [f"  {_who(c.course_id, patients)}: {c.what_changed()} (wait {c.wait_before} -> {counted(c.wait_after, 'working day')}); "
                  f"course {c.course_id}" for c in result.changes]
        lines.append(f"{counted(result.days_saved, 'working day')} of wait saved{kept_as_booked_words(result.unchanged)}.")
    elif result.waiting == 0:
        lines.append("Nothing to re-place: no unstarted course could start earlier.")
    else:
        lines.append(f"Nothing to re-place: no room could be made for {'it' if result.waiting == 1 else 'them'}.")
    lines += _calendar_update_lines(updates, dry_run)
    return "\n".join(lines)



# ---------------------------------------------------------------------- stored courses as booked
def as_booked_spec(args: argparse.Namespace, settings: Settings, spec: CourseSpec) -> CourseSpec:
    """A course read from the store (--course-id) at its booked times, for plan, export and print."""
    from .app.booking import as_booked
    from .cli import catalogue_from, holidays_of
    from .cli_store import opened

    with opened(args, settings) as store:
        return as_booked(store, spec, catalogue_from(getattr(args, "catalogue", None), settings), holidays=holidays_of(args))


def at_booked_times_of(args: argparse.Namespace, settings: Settings, schedule: Schedule) -> Schedule:
    """The schedule of the course named by --course-id with each booked appointment ending when its
    booking does (the window's views, export and print do the same); a course file's is unchanged."""
    if not getattr(args, "course_id", None):
        return schedule
    from .app.course_booking import at_booked_times, booking_facts
    from .cli_store import opened

    with opened(args, settings) as store:
        return at_booked_times(schedule, booking_facts(store, args.course_id))


def unbooked_make_ups_of(args: argparse.Namespace, settings: Settings, schedule: Schedule) -> tuple[date, ...]:
    """The missed days of the course named by --course-id whose make-up no booking gives yet (none for a course file)."""
    if not getattr(args, "course_id", None) or not schedule.request.adjustments.missed:
        return ()
    from .app.course_booking import booking_facts, unbooked_make_ups
    from .cli_store import opened

    with opened(args, settings) as store:
        return unbooked_make_ups(schedule, booking_facts(store, args.course_id))


def machines_of(args: argparse.Namespace, settings: Settings, schedule: Schedule) -> tuple[tuple[AppointmentKey, str], ...]:
    """The booked machine of each appointment of `schedule` (the course named by --course-id) shown at its booked time,
    as the window shows them (empty: not booked, or a course file); a make-up not booked yet has none."""
    if not getattr(args, "course_id", None):
        return ()
    from .app.course_booking import booking_facts, machines_shown
    from .cli_store import opened

    with opened(args, settings) as store:
        return machines_shown(schedule, booking_facts(store, args.course_id))


def rebooked_of(args: argparse.Namespace, settings: Settings, schedule: Schedule) -> tuple[tuple[AppointmentKey, RebookedNote], ...]:
    """Why a downtime or closure re-booked each appointment of `schedule` (the course named by --course-id) shown at its
    booked time, as the window's export and print say it (empty: not booked, or a course file)."""
    if not getattr(args, "course_id", None):
        return ()
    from .app.course_booking import booking_facts, rebooked_shown
    from .cli_store import opened

    with opened(args, settings) as store:
        return rebooked_shown(schedule, booking_facts(store, args.course_id))


def department_of(args: argparse.Namespace, settings: Settings) -> Department | None:
    """The store's department when the command reads the store (--course-id or --db): its name and phone go
    into the export or print, as in the window tied to that store (None: the settings' alone)."""
    if not getattr(args, "course_id", None) and getattr(args, "db", None) is None:
        return None
    from .cli_store import opened

    with opened(args, settings) as store:
        return store.department()


# ---------------------------------------------------------------------- commands
def _desk(args: argparse.Namespace, settings: Settings, *, write: bool) -> BookingDesk:
    """The booking desk on the command's store; one that does not `write` works on a store it may not change,
    one that does is refused at once on such a store."""
    from .app.booking import open_desk
    from .cli import catalogue_from, holidays_of
    from .cli_store import refuse_missing_store
    from .store.db import Access, StoreError

    refuse_missing_store(args, settings)  # booking needs a department: never leave an empty database behind
    catalogue = catalogue_from(None, settings)
    try:
        return open_desk(args.db, catalogue, setting=getattr(settings, "database", ""), clinic_phone=settings.clinic_phone,
                         holidays=holidays_of(args), access=Access.WRITE if write else Access.READ, clinic_name=settings.clinic_name,
                         discreet_shows_id=settings.discreet_print_shows_id)
    except StoreError as exc:
        raise InputError(Field.DB, str(exc)) from None


def cmd_book(args: argparse.Namespace, settings: Settings) -> int:
    from .app.booking import CourseBookedMeanwhile
    from .store.db.bookings import SlotTaken

    course = course_id(args.course_id)
    if args.make_ups:
        return book_make_ups(args, settings, course)
    earliest = parse_date(Field.EARLIEST, args.earliest) if args.earliest is not None else None
    prefer: time | None = parse_time(Field.PREFER_TIME, args.prefer_time) if args.prefer_time is not None else None
    with _desk(args, settings, write=not args.dry_run) as desk:
        answer = desk.propose(course, earliest=earliest, prefer_time=prefer, machine=args.machine, urgent=args.urgent)
        booked = False
        updates: list[CalendarUpdate] = []
        would: list[CalendarUpdate] = []  # a dry run's: the update booking the best proposal would make due
        if args.dry_run and answer.best is not None:
            would = desk.booking_updates(course, answer.best.bookings)
        if not args.dry_run:
            if answer.best is None:
                raise InputError(Field.COURSE_ID, f"no eligible machine has room for course {course}")
            try:
                updates = desk.commit(answer.best, urgent=answer.urgent, ready=answer.earliest)
            except CourseBookedMeanwhile as exc:
                raise LostBooking(f"booking lost: {exc}; nothing more was booked, look at the course "
                                  f"(course show --course-id {course})") from None
            except SlotTaken as exc:
                raise LostBooking(f"booking lost: {exc}; nothing was booked, run book again for new proposals") from None
            booked = True
        tz = desk.zone
        department = desk.department
    warn_of_left_out_updates(would, would=True)
    if args.json:
        print(json.dumps(book_json(answer, booked, tz, department, updates or would), ensure_ascii=False, indent=2))
    else:
        say("\n".join([book_text(answer, booked, tz, department), *calendar_lines(updates)]))
    return 0


def book_make_ups(args: argparse.Namespace, settings: Settings, course: str) -> int:
    """`book --make-ups`: the course's waiting make-ups booked (or, with --dry-run, where they would go)."""
    from .store.db.bookings import SlotTaken

    for field, given in ((Field.EARLIEST, args.earliest), (Field.PREFER_TIME, args.prefer_time), (Field.MACHINE, args.machine)):
        if given is not None:  # a make-up goes where the course's schedule has it, by the course's own rules
            raise InputError(field, "not with --make-ups: a make-up is booked on the day the course's schedule has it")
    updates: list[CalendarUpdate] = []
    with _desk(args, settings, write=not args.dry_run) as desk:
        sessions = desk.make_up_sessions(course)  # the course's numbers for them; their bookings' come after the others
        would: list[CalendarUpdate] = []  # a dry run's: the update booking them would make due
        if args.dry_run:
            made = desk.make_up_bookings(course)
            would = desk.booking_updates(course, made)
        else:
            try:
                made, updates = desk.book_make_ups(course)
            except SlotTaken as exc:
                raise LostBooking(f"booking lost: {exc}; nothing was booked, run book --make-ups again") from None
        tz = desk.zone
    warn_of_left_out_updates(would, would=True)
    if args.json:
        print(json.dumps({"course_id": course, "booked": not args.dry_run, "make_ups": [
            {"number": b.number, "session": session, "machine": b.machine, "start": _instant(b.start, tz),
             "end": _instant(b.end, tz), "makes_up": b.make_up.day.isoformat() if b.make_up else None}
            for b, session in zip(made, sessions, strict=False)], "calendars": _calendars_json(updates),
            "left_out": left_out_json(updates or would)}, ensure_ascii=False, indent=2))
        return 0
    verb = "Would book" if args.dry_run else "Booked"
    lines = [f"{verb} the make-up for the session missed on {day_text(b.make_up.day) if b.make_up else '?'}: "
             f"{b.machine} {moment_text(b.start.astimezone(tz))}–{b.end.astimezone(tz):%H:%M}" for b in made]
    say("\n".join(lines + calendar_lines(updates)))
    return 0


def calendar_lines(updates: list[CalendarUpdate], *, own_option: str | None = None, every_owed: bool = True) -> list[str]:
    """What a command that changed a patient's bookings says of their calendar (nothing when it was never exported):
    where the update was written, else how to write it for them: `export` writes this patient's alone (and is then
    given), `calendar-updates --write-updates DIR` every patient's owed one (not said when `every_owed` is False: a
    store without a department, where that command has nothing to write). `own_option`: the command's own
    `--write-updates DIR` (`move`), said for next time."""
    lines = []
    for update in updates:
        if update.written is not None:
            lines.append(f"The patient's calendar update was written: {update.written}")
            continue
        also = f"; `{own_option} --write-updates DIR` writes it with the {own_option}" if own_option is not None else ""
        every = f" (`calendar-updates --write-updates DIR` writes every update owed{also})" if every_owed else ""
        lines.append(f"The patient's calendar changed: give them the update: `export --course-id {update.course_id} --output "
                     f"FILE.ics` writes it{every}.")
    return lines


NOT_WRITTEN = "its patient's calendar update is not written until it is repaired"  # a damaged course's, owed


def warn_damaged(damaged: Iterable[tuple[str, str]], what: str) -> None:
    """One line on stderr for each course an older version stored damaged that the command went on without (a
    department keeps working): which course, why, how to repair it, and `what` the command did with it."""
    for _, words in damaged:
        print(f"planner: warning: {printable(words)}; {what}", file=sys.stderr)


def cmd_agenda(args: argparse.Namespace, settings: Settings) -> int:
    first = parse_date(Field.DATE, args.date)
    days = agenda_days(args.days)
    if args.pdf is not None and days != 1:
        raise InputError(Field.PDF, "the day list prints one day: give --days 1")
    if args.pdf is not None and not args.pdf.strip():
        raise InputError(Field.PDF, "give a file name (got an empty one)")
    if args.run_on and args.pdf is None:
        from .cli import UsageError

        raise UsageError("--run-on: it is how the day list's pages run; give it with --pdf FILE.pdf")
    if args.pdf == "-" and args.json:
        raise InputError(Field.PDF, "'-' would write the PDF into the JSON on standard output; give a file name")
    with _desk(args, settings, write=False) as desk:
        agenda = desk.agenda(first, days, machine=args.machine)
        clinic = desk.department.name
    warn_damaged(agenda.damaged, "its bookings are listed as booked (they keep their machine time)")
    if args.pdf is not None:
        write_day_list(agenda, first, args.pdf, discreet=args.discreet, clinic_name=clinic, page_per_machine=not args.run_on)
    if args.json:
        print(json.dumps(agenda_json(agenda, discreet=args.discreet), ensure_ascii=False, indent=2))
    elif args.pdf is not None:  # the day list went to the file: the patients' names are not repeated on the terminal
        from .cli import say_written, written_to

        say_written(args.pdf, f"Wrote {written_to(args.pdf)}")
    else:
        say(agenda_text(agenda, discreet=args.discreet))
    return 0


def write_day_list(agenda: Agenda, day: date, path_text: str, *, discreet: bool, clinic_name: str,
                   page_per_machine: bool = True) -> None:
    """The treatment room's day list as a PDF (mode 0600), through the one render path of the prints; each machine on
    its own page unless `page_per_machine` is off, as the window's Print day list… offers."""
    from .cli import write_output
    from .store.files import write_private
    from .ui.printing import qt_ready

    app = qt_ready()  # noqa: F841 - Qt needs the application alive while painting
    from .ui.printing import paper_size, pdf_bytes
    from .ui.printing.day_list import DayListDocument

    document = DayListDocument(agenda, day, discreet=discreet, clinic_name=clinic_name, printed_on=date.today(),
                               page_per_machine=page_per_machine)
    write_output(path_text, pdf_bytes(document, paper_size(None), "Day list"), write_private, option="--pdf",
                 text=False)


def cmd_machine_down(args: argparse.Namespace, settings: Settings) -> int:
    from .store.db.bookings import SlotTaken

    folder = write_folder(args.write_updates) if args.write_updates is not None else None
    with _desk(args, settings, write=not args.dry_run) as desk:
        tz = desk.zone
        start = local_instant(Field.FROM, args.start, tz)
        end = local_instant(Field.TO, args.end, tz)
        if end <= start:
            raise InputError(Field.TO, "the downtime must end after it starts")
        try:
            report, updates = desk.machine_down(args.machine, start, end, given_reason(args.reason), dry_run=args.dry_run)
        except InputError as exc:
            raise as_machine_argument(exc) from None
        except SlotTaken as exc:
            raise LostBooking(f"re-booking lost: {exc}; the downtime was not recorded, run machine-down again") from None
        if folder is not None and not args.dry_run:  # a dry run lists whose calendar would change, and writes nothing
            updates = written_updates(desk, updates, folder, "the downtime was recorded and its patients re-booked")
        if args.dry_run:  # said before anything is written, as writing them would say it
            warn_of_left_out_updates(updates, would=True)
        patients = desk.patient_labels({m.course_id for m in (*report.moved, *report.appended)} | {u.course_id for u in report.unplaced})
        sensitive = desk.gap_sensitive({m.course_id for m in report.appended})
    if args.json:
        print(json.dumps({**down_json(report, updates, tz), "dry_run": args.dry_run}, ensure_ascii=False, indent=2))
    else:
        say(down_text(report, updates, tz, patients, sensitive, dry_run=args.dry_run))
    return 0


def given_reason(text: str | None) -> str:
    """`--reason` of a downtime or closure: left out, none; given, never empty (an empty value is a slip, not 'none')."""
    if text is not None and not text.strip():
        raise InputError(Field.REASON, "give the reason (got an empty one), or leave --reason out")
    return text or ""


def as_machine_argument(exc: InputError) -> Exception:
    """A refusal of the machine named as MACHINE, the argument as the usage line names it (not an option); any other
    refusal as it is."""
    from .cli import UsageError

    return UsageError(f"MACHINE: {exc.reason}") if exc.field is Field.MACHINE else exc


def cmd_machine_up(args: argparse.Namespace, settings: Settings) -> int:
    from .store.db.bookings import SlotTaken

    folder = write_folder(args.write_updates) if args.write_updates is not None else None
    with _desk(args, settings, write=not args.dry_run) as desk:
        tz = desk.zone
        at = local_instant(Field.AT, args.at, tz)
        try:
            report, updates = desk.machine_up(args.machine, at, move_back=args.move_back, dry_run=args.dry_run,
                                              now=None)
        except InputError as exc:
            raise as_machine_argument(exc) from None
        except SlotTaken as exc:
            raise LostBooking(f"moving back lost: {exc}; nothing was changed, run machine-up again") from None
        if folder is not None and not args.dry_run:  # a dry run lists whose calendar would change, and writes nothing
            updates = written_updates(desk, updates, folder, "the downtime was shortened and its sessions moved back")
        if args.dry_run:  # said before anything is written, as writing them would say it
            warn_of_left_out_updates(updates, would=True)
        from .app.machine_back import sessions_moved

        patients = desk.patient_labels(sessions_moved(report))
    if args.json:
        print(json.dumps(up_json(report, updates, tz), ensure_ascii=False, indent=2))
    else:
        say(up_text(report, updates, tz, patients, args.move_back))
    return 0


def closed_span(args: argparse.Namespace) -> tuple[date, date]:
    """The days `closure` and `reopen` are given: --date, to --to or for --days (default 1)."""
    from datetime import timedelta

    first = parse_date(Field.DATE, args.date)
    if args.to is not None:
        return first, parse_date(Field.TO, args.to)
    from .core.limits import within_calendar

    days = parse_int(Field.DAYS, "1" if args.days is None else args.days, 1, MAX_CLOSURE_DAYS, "a number of days", say_range=True)
    last = first + timedelta(days=days - 1)
    within_calendar(Field.DAYS, first, last, f"{days} days")  # named as given, before the desk checks the span again
    return first, last


def cmd_closure(args: argparse.Namespace, settings: Settings) -> int:
    from .store.db.bookings import SlotTaken

    first, last = closed_span(args)
    folder = write_folder(args.write_updates) if args.write_updates is not None else None
    with _desk(args, settings, write=not args.dry_run) as desk:
        try:
            report, updates = desk.close_department(first, last, given_reason(args.reason), dry_run=args.dry_run,
                                                     calendars=args.dry_run)
        except SlotTaken as exc:
            raise LostBooking(f"re-booking lost: {exc}; the closure was not recorded, run closure again") from None
        if folder is not None and not args.dry_run:  # a dry run lists whose calendar would change, and writes nothing
            updates = written_updates(desk, updates, folder, "the closure was recorded and its patients re-booked")
        if args.dry_run:  # said before anything is written, as writing them would say it
            warn_of_left_out_updates(updates, would=True)
        tz = desk.zone
        patients = desk.patient_labels({m.course_id for m in (*report.moved, *report.appended)} | {u.course_id for u in report.unplaced})
        sensitive = desk.gap_sensitive({m.course_id for m in report.appended})
    if args.json:
        print(json.dumps(closure_json(report, updates, args.dry_run, tz), ensure_ascii=False, indent=2))
    else:
        say(closure_text(report, updates, args.dry_run, tz, patients, sensitive))
    return 0


def reopen_json(report: Reopening, updates: list[CalendarUpdate], tz: ZoneInfo) -> dict[str, Any]:
    """The answer of `reopen --json`: the closures taken back (`already_open`: reopened before, only moved back now),
    who went back to their old slot, who stayed and why (as `machine-up --json` says them), the sessions the closures
    moved that are still where they went, and whose calendar changed."""
    return {
        "reopened": [{"date": day.isoformat(), "reason": note} for day, note in report.reopened],
        "already_open": not report.taken_back,
        "dry_run": report.dry_run,
        **_back_json(report.moved_back, report.stayed, report.refitted, tz),
        "still_moved": [{"course_id": s.course_id, "kind": s.kind.value, "number": s.number, "at": _at_json(s.machine, s.start, tz),
                         "closed_day": s.closed_day.isoformat()} for s in report.still_moved],
        "left_moved": report.left_moved,
        "calendars": _calendars_json(updates),
        "left_out": left_out_json(updates),
    }


def reopen_text(report: Reopening, updates: list[CalendarUpdate], tz: ZoneInfo, patients: Mapping[str, str], moving: bool) -> str:
    """The answer of `reopen`: the days reopened, who went back where, who stayed and why, whose calendar."""
    said = ", ".join(f"{day:%a %Y-%m-%d}" + (f" ({note})" if note else "") for day, note in report.reopened)
    if report.taken_back:
        head = f"{'Would reopen' if report.dry_run else 'Reopened'} the department {said}"
    else:
        head = f"The department was reopened before on {said}"
    lines = [head + ("; nothing was changed" if report.dry_run else "")]
    lines += _back_lines(report.moved_back, report.stayed, report.refitted, report.dry_run, tz, patients)
    if not moving and report.still_moved:
        lines.append(f"{'Would stay' if report.dry_run else 'Stay'} where the closure moved them (reopen --move-back with the same "
                     "days moves them back where their old slot is free):")
        lines += [f"  {_who(s.course_id, patients)} {s.kind.value} {s.number}: {s.machine} {s.start.astimezone(tz):%a %Y-%m-%d %H:%M} "
                  f"(for {s.closed_day:%a %Y-%m-%d})" for s in report.still_moved]
    elif not (report.moved_back or report.stayed):
        lines.append("No session the closure moved is still to come.")
    lines += _calendar_update_lines(updates, report.dry_run)
    return "\n".join(lines)


def cmd_reopen(args: argparse.Namespace, settings: Settings) -> int:
    from .app.reopening import reopen_department
    from .store.db.bookings import SlotTaken

    first, last = closed_span(args)
    folder = write_folder(args.write_updates) if args.write_updates is not None else None
    with _desk(args, settings, write=not args.dry_run) as desk:
        try:
            report, updates = reopen_department(desk, first, last, move_back=args.move_back, dry_run=args.dry_run)
        except SlotTaken as exc:
            raise LostBooking(f"reopening lost: {exc}; nothing was changed, run reopen again") from None
        if folder is not None and not args.dry_run:  # a dry run lists whose calendar would change, and writes nothing
            updates = written_updates(desk, updates, folder, "the closure was taken back and its sessions moved back")
        if args.dry_run:  # said before anything is written, as writing them would say it
            warn_of_left_out_updates(updates, would=True)
        tz = desk.zone
        patients = desk.patient_labels({s.course_id for s in report.still_moved} | {b.course_id for b in report.moved_back}
                                       | {s.course_id for s in report.stayed})
    if args.json:
        print(json.dumps(reopen_json(report, updates, tz), ensure_ascii=False, indent=2))
    else:
        say(reopen_text(report, updates, tz, patients, args.move_back))
    return 0


def cmd_reoptimise(args: argparse.Namespace, settings: Settings) -> int:
    from .store.db.bookings import SlotTaken

    night = parse_date(Field.DATE, args.date) if args.date is not None else None
    days = parse_int(Field.DAYS, args.days, 1, MAX_REOPTIMISE_DAYS, "a number of working days", say_range=True)
    folder = write_folder(args.write_updates) if args.write_updates is not None else None
    with _desk(args, settings, write=not args.dry_run) as desk:
        if night is not None:
            if night < desk.today:  # "never a started course" is judged from the night: a past one would move courses on treatment
                from .core.dates import day_text

                raise InputError(Field.DATE, f"{day_text(night)} is past: a re-optimisation runs for today ({day_text(desk.today)}) "
                                             "or a night to come, never for one whose courses may have started since")
            desk.today = night
        try:
            result, updates = desk.reoptimise(days, dry_run=args.dry_run, calendars=args.dry_run)
        except SlotTaken as exc:
            raise LostBooking(f"re-optimisation lost: {exc}; nothing was changed, run reoptimise again") from None
        if folder is not None and not args.dry_run:  # a dry run lists whose calendar would change, and writes nothing
            updates = written_updates(desk, updates, folder, "the courses were placed anew")
        if args.dry_run:  # said before anything is written, as writing them would say it
            warn_of_left_out_updates(updates, would=True)
        tz = desk.zone
        patients = desk.patient_names(result.updated_courses)  # the JSON's "patient": the name, as ever
        labels = desk.patient_labels(result.updated_courses)
        damaged = desk.damaged_booked()
    warn_damaged(sorted(damaged.items()), "it was left as booked (its patient's calendar cannot be rewritten until it is repaired)")
    if args.json:
        print(json.dumps(reoptimise_json(result, updates, args.dry_run, tz, patients), ensure_ascii=False, indent=2))
    else:
        say(reoptimise_text(result, updates, args.dry_run, labels))
    return 0


def cmd_calendar_updates(args: argparse.Namespace, settings: Settings) -> int:
    """The calendars still owed: listed with how many events changed, or written into --write-updates DIR."""
    folder = write_folder(args.write_updates) if args.write_updates is not None else None
    with _desk(args, settings, write=folder is not None) as desk:
        damaged = desk.damaged_owed()
        warn_damaged(sorted(damaged.items()), NOT_WRITTEN)
        if folder is None:
            updates = desk.outdated_updates()
            warn_of_left_out_updates(updates, would=True)  # said before they are written, as writing them says it
        else:
            try:
                updates = desk.write_outdated(folder)
            except OSError as exc:
                raise InputError(Field.WRITE_UPDATES, f"cannot write the calendar updates into {folder} "
                                                      f"({exc.strerror or exc}); those not written are still listed") from None
            warn_of_left_out_updates(updates)
    if args.json:
        print(json.dumps({"calendars": _calendars_json(updates), "left_out": left_out_json(updates)}, ensure_ascii=False, indent=2))
    else:
        say(owed_text(updates, written=folder is not None))
    return 0


def owed_text(updates: list[CalendarUpdate], *, written: bool) -> str:
    """The answer of `calendar-updates`: each patient owed an update, and where it was written."""
    if not updates:
        # true too before any calendar was exported ("every exported calendar is up to date" read as if some were)
        return "No patient is owed a calendar update." if not written else "No calendar update to write: no patient is owed one."
    lines = [f"{'Wrote' if written else 'Calendars to update'} ({len(updates)}):"]
    lines += [f"  {_who(u.course_id, _update_label(u))}: {counted(u.changed, 'change')}" + (f", wrote {u.written}" if u.written else "")
              for u in updates]
    if not written:
        lines.append("Write them with --write-updates DIR (or export each course again).")
    return "\n".join(lines)


def cmd_unbook(args: argparse.Namespace, settings: Settings) -> int:
    course = course_id(args.course_id)
    with _desk(args, settings, write=True) as desk:
        released, updates = desk.unbook(course)
        damaged = desk.damaged_owed([course]) if released else {}
    warn_damaged(sorted(damaged.items()), NOT_WRITTEN)
    if args.json:
        print(json.dumps({"course_id": course, "released": released, "calendar_changed": bool(updates),
                          "left_out": left_out_json(updates)}, ensure_ascii=False))
    elif not released:
        print(f"Course {course} was not booked: nothing to release")
    else:
        say("\n".join([f"Released {released} booking{'s' if released != 1 else ''} of course {course}", *calendar_lines(updates)]))
    return 0


Command = Callable[[argparse.Namespace, "Settings"], int]


def _guarded(command: Command) -> Command:
    """A store that cannot be used (or is damaged) -> one line naming --db (or what chose the store), exit 2. A lost
    booking (LostBooking) goes on to `planner.cli`, which says every lost race alike: one line, exit 3."""

    def run(args: argparse.Namespace, settings: Settings) -> int:
        from sqlalchemy.exc import SQLAlchemyError

        from .app.booking import NoDepartment
        from .cli import UsageError
        from .cli_store import checked_url, db_source, no_department
        from .store.db import StoreError, masked
        from .store.db.store import database_failure

        try:
            return command(args, settings)
        except StoreError as exc:
            raise UsageError(f"{db_source(args, settings)}: {exc}") from None
        except SQLAlchemyError as exc:  # the desk reads the database directly: damaged past its first pages, or gone
            given, parsed = checked_url(args, settings)
            raise UsageError(f"{db_source(args, settings)}: {database_failure(exc, masked(given), parsed)}") from None
        except InputError as exc:
            if isinstance(exc, NoDepartment):  # said with the import that would give this store its department
                given, _ = checked_url(args, settings)
                raise UsageError(no_department(db_source(args, settings), masked(given))) from None
            if exc.field == Field.DB:  # named as the user chose the store: --db, IGRT_PLANNER_DB or the setting
                raise UsageError(f"{db_source(args, settings)}: {exc.reason}") from None
            if exc.field in _OPTIONS:
                raise
            # A rule about the stored course itself (its start, fractions...): name the course, then the rule.
            if getattr(args, "course_id", None):
                raise InputError(Field.COURSE_ID, f"{exc.field}: {exc.reason}") from None
            raise UsageError(f"{db_source(args, settings)}: {exc.field}: {exc.reason}") from None

    return run


_OPTIONS = frozenset({"db", "course-id", "earliest", "prefer-time", "machine", "date", "days", "from", "to", "reason", "write-updates",
                      "pdf", "at", "session", "review", "scan", "rest-from"})


BOOKING_COMMANDS: dict[str, Command] = {
    "book": _guarded(cmd_book), "agenda": _guarded(cmd_agenda), "machine-down": _guarded(cmd_machine_down),
    "machine-up": _guarded(cmd_machine_up),
    "unbook": _guarded(cmd_unbook), "reoptimise": _guarded(cmd_reoptimise), "closure": _guarded(cmd_closure),
    "reopen": _guarded(cmd_reopen),
    "calendar-updates": _guarded(cmd_calendar_updates),
}
