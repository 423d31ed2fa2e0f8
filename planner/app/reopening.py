"""The department reopens: a whole-department closure (`closure`, Department closed…) taken back for days still to
come, recorded in the department's trail (`reopen`). Qt-free, for the command line and the window.

A closure's re-booking records, for each session it moved, the slot it had (revision 0011, beside a downtime's
`downtime_moves`). Asked to (`reopen --move-back`, Move back after Department settings saved a closure removed), the
sessions go back to those slots where free and the course's rules hold there, with the code a machine back sooner
uses (`machine_back.sessions_back`); the others stay where they are, each with why. A closure re-booked before that
revision kept no slot: its sessions stay, said so."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from ..booking.model import Move
from ..core.dates import day_text
from ..core.department import Department, MakeUpCause
from ..core.errors import Field, InputError
from ..core.kinds import AppointmentKind
from ..core.limits import MAX_CLOSURE_DAYS
from ..core.text import counted
from ..core.wall_clock import same_instant
from ..store.db import bookings as db
from ..store.db.downtime_moves import closure_moves, set_up_moves
from .machine_back import SessionBack, SessionStayed, number_after, sessions_back, stayed_order, write_back

if TYPE_CHECKING:
    from .booking import BookingDesk, CalendarUpdate

NO_OLD_SLOT = "no old slot kept (moved before this version, or by an earlier closure of that day)"


@dataclass(frozen=True)
class StillMoved:
    """A session the closure of `closed_day` moved, where it is now (a weekend, a second session, the end of the course)."""

    course_id: str
    kind: AppointmentKind
    number: int
    machine: str
    start: datetime
    closed_day: date


@dataclass(frozen=True)
class Reopening:
    """The closures taken back (day, note), and the sessions those closures moved: those that went back to the slots
    they had (`moved_back`, asked for), those that stay and why (`stayed`, when asked), every one still where the
    closure put it (`still_moved`), the fractions renumbered for a first fraction's set-up time, and the courses whose
    bookings changed. `left_moved`: not asked to move back, how many stay moved. `taken_back`: False when the days were
    reopened already (Department settings, or `reopen` without --move-back) and only the moving back was left to do."""

    reopened: tuple[tuple[date, str], ...]
    still_moved: tuple[StillMoved, ...]
    dry_run: bool = False
    moved_back: tuple[SessionBack, ...] = ()
    stayed: tuple[SessionStayed, ...] = ()
    refitted: tuple[Move, ...] = ()
    updated_courses: tuple[str, ...] = ()
    left_moved: int = 0
    taken_back: bool = True


def reopen_department(desk: BookingDesk, first: date, last: date, *, move_back: bool = False, dry_run: bool = False,
                      now: datetime | None = None) -> tuple[Reopening, list[CalendarUpdate]]:
    """Take back the department's closures recorded from `first` to `last` (today or later) and (with `move_back`) move
    back the sessions they moved, all in one write with the trail's entries (SlotTaken, nothing written, when another
    coordinator changed one of them, or one of the courses, meanwhile). Days reopened already whose closure's moves are
    still recorded are only moved back. A dry run says the same and writes nothing. InputError naming the field for a
    span that ends before it starts, is too long, lies in the past, or holds no closure (nor, asked to move back, any
    session a closure moved). Returns the report and the calendar updates it makes due."""
    if last < first:
        raise InputError(Field.TO, f"the span must end on or after its first day ({day_text(first)})")
    if (last - first).days + 1 > MAX_CLOSURE_DAYS:
        raise InputError(Field.TO, f"a closure lasts at most {MAX_CLOSURE_DAYS} days (asked: {(last - first).days + 1})")
    desk.refresh()
    if first < desk.today:
        raise InputError(Field.DATE, f"{day_text(first)} is past: a closure is taken back from today ({day_text(desk.today)}) on; "
                                     "a day gone stays as it was")
    days = [first + timedelta(days=k) for k in range((last - first).days + 1)]
    closed = tuple((day, note) for day, note in desk.department.closures if first <= day <= last)
    if closed:
        return _reopen(desk, closed, days, take_back=True, move_back=move_back, dry_run=dry_run, now=now)
    if move_back:  # reopened already (Department settings, or reopen without --move-back): only the moving back is left
        with desk.store.connection() as connection:
            moved = sorted({m.closed_day for m in closure_moves(connection, days) if m.closed_day is not None})
        if moved:
            return _reopen(desk, tuple((day, "") for day in moved), days, take_back=False, move_back=True, dry_run=dry_run, now=now)
    coming = [day_text(day) for day, _ in desk.department.closures if day >= desk.today][:3]
    span = f"on {day_text(first)}" if first == last else f"from {day_text(first)} to {day_text(last)}"
    raise InputError(Field.DATE, f"the department has no closure recorded {span}"
                                 + (", nor a session a closure moved then left to move back" if move_back else "")
                                 + (f" (closures to come: {', '.join(coming)})" if coming else " (and none to come)"))


def move_back_after_reopening(desk: BookingDesk, reopened: Sequence[tuple[date, str]], *, dry_run: bool = False,
                              now: datetime | None = None) -> tuple[Reopening, list[CalendarUpdate]]:
    """Closures still to come were removed and saved (Department settings): move back the sessions they moved, as
    `reopen --move-back` does."""
    desk.refresh()
    days = sorted({day for day, _ in reopened if day >= desk.today})
    return _reopen(desk, tuple(item for item in reopened if item[0] in days), days, take_back=False, move_back=True,
                   dry_run=dry_run, now=now)


def _reopen(desk: BookingDesk, closed: tuple[tuple[date, str], ...], days: Sequence[date], *, take_back: bool, move_back: bool,
            dry_run: bool, now: datetime | None) -> tuple[Reopening, list[CalendarUpdate]]:
    marked = moved_by_closures(desk, days)
    if not move_back:  # what the closures moved stays where it is: listed
        marked = _as_sessions(marked, {course: desk.session_numbers(course) for course in {s.course_id for s in marked}})
        if not dry_run:
            with db.writing(desk.store.engine, desk.store.display_url) as connection:
                db.remove_closures(connection, list(closed), desk.store.user, desk.zone)
            desk.follow_plans()  # the unbooked courses it pushed come back
        return Reopening(closed, marked, dry_run, left_moved=len(marked), taken_back=take_back), []
    engine = desk.engine(reopened=days)  # the department as it will be: those days open again
    before = {course: engine.bookings(course) for course in engine.booked_courses()}
    with desk.store.connection() as connection:
        records = closure_moves(connection, days)
        set_up = set_up_moves(connection, records)
    moving = sessions_back(desk, engine, before, records, now or desk.now(), set_up)
    kept = {(m.course_id, m.closed_day) for m in records}
    # every session named by its number once the others are back, as `moved_back` names those that go back
    marked = tuple(replace(s, number=number_after(engine, s.course_id, s.kind, s.machine, s.start, s.number)) for s in marked)
    marked = _as_sessions(marked, desk.sessions_of_bookings({s.course_id: engine.bookings(s.course_id) for s in marked})[0])
    older = tuple(SessionStayed(s.course_id, s.kind, s.number, s.machine, s.start, None, None, NO_OLD_SLOT)
                  for s in marked if (s.course_id, s.closed_day) not in kept)  # re-booked by an older version, or its record done with
    still = tuple(s for s in marked if not any(b.course_id == s.course_id and b.from_start is not None
                                               and same_instant(b.from_start, s.start) for b in moving.back))
    report = Reopening(closed, still, dry_run, moving.back, tuple(sorted((*moving.stayed, *older), key=stayed_order)),
                       moving.refitted, moving.updated_courses, 0, take_back)
    courses = list(moving.updated_courses)
    if dry_run:
        return report, desk.calendar_updates(courses, {course: engine.bookings(course) for course in courses}) if courses else []
    if take_back or courses or moving.done:
        start = datetime.combine(days[0], time(0), tzinfo=desk.zone)
        end = datetime.combine(days[-1] + timedelta(days=1), time(0), tzinfo=desk.zone)
        with db.writing(desk.store.engine, desk.store.display_url) as connection:
            if take_back:
                db.remove_closures(connection, list(closed), desk.store.user, desk.zone)
            write_back(desk, connection, engine, before, moving, ("the department", start, end))
        desk.follow_plans()  # refreshed; the unbooked courses it pushed come back
    return report, desk._outdated(courses) if courses else []


def _as_sessions(marked: Sequence[StillMoved], sessions: Mapping[str, Mapping[int, int | None]]) -> tuple[StillMoved, ...]:
    """`marked` with each fraction numbered as its course shows it (`sessions`: the session each booking number gives,
    for a course that marks a booked day missed), as `closure` named it."""
    return tuple(replace(s, number=sessions.get(s.course_id, {}).get(s.number) or s.number)
                 if s.kind is AppointmentKind.FRACTION else s for s in marked)


@dataclass(frozen=True)
class ReopenedDay:
    """A day still to come the department reopened on (its closure taken back) while what the closure moved stayed moved:
    `sessions` recorded with the slot they had, not moved back yet. `note`: the closure's, as the trail kept it."""

    day: date
    note: str
    sessions: int


def reopened_still_moved(desk: BookingDesk) -> tuple[ReopenedDay, ...]:
    """The reopened days whose closure's sessions can still be moved back (Department settings' "Leave them where they
    are", or `reopen` without --move-back), by day: what Bookings → Move back after reopening… offers."""
    from collections import Counter

    from ..store.db.department_trail import TrailSubject
    from ..store.db.downtime_moves import closure_moves_from

    desk.refresh()
    closed = {day for day, _ in desk.department.closures}
    with desk.store.connection() as connection:
        records = closure_moves_from(connection, desk.today)
    counts = Counter(r.closed_day for r in records if r.closed_day is not None and r.closed_day not in closed)
    if not counts:
        return ()
    notes = {e.day: e.note for e in desk.store.department_removals() if e.subject is TrailSubject.CLOSURE and e.day in counts}
    return tuple(ReopenedDay(day, notes.get(day, ""), count) for day, count in sorted(counts.items()))


def moved_by_closures(desk: BookingDesk, days: Collection[date]) -> tuple[StillMoved, ...]:
    """The sessions to come that a closure of one of `days` moved (each marked as making up for that day), by start."""
    if not days:
        return ()
    with desk.store.connection() as connection:
        held = db.all_bookings(connection, since=datetime.combine(desk.today, time(0), tzinfo=desk.zone))  # those to come
    still = [StillMoved(b.course_id, b.kind, b.number, b.machine, b.start.astimezone(desk.zone), b.make_up.day)
             for b in held if b.make_up is not None and b.make_up.cause is MakeUpCause.CLOSURE and b.make_up.day in days]
    return tuple(sorted(still, key=lambda s: (s.start, s.course_id)))


def closures_taken_back(desk: BookingDesk, before: Department, after: Department) -> tuple[tuple[date, str], ...]:
    """The closures still to come that Department settings saved without (the department reopens those days)."""
    kept = {day for day, _ in after.closures}
    return tuple(sorted(item for item in before.closures if item[0] not in kept and item[0] >= desk.today))


def days_words(days: Iterable[date]) -> str:
    """'Thu 28 Mar 2030, Fri 29 Mar 2030 and 2 more'."""
    gone = sorted(days)
    return ", ".join(day_text(day) for day in gone[:3]) + (f" and {len(gone) - 3} more" if len(gone) > 3 else "")


def reopened_words(desk: BookingDesk, before: Department, after: Department, moved: str = "") -> str:
    """After Department settings saved without some closures still to come (the department reopens those days): the
    days, and what became of the sessions those closures moved (`moved`, as the offer to move them back says it; else
    how many stay where they went) ('' when no closure to come was removed)."""
    gone = [day for day, _ in closures_taken_back(desk, before, after)]
    if not gone:
        return ""
    said = days_words(gone)
    if moved:
        return f"the department reopens {said}; {moved}"
    still = moved_by_closures(desk, gone)
    if not still:
        return f"the department reopens {said}"
    stay = "stays where it" if len(still) == 1 else "stay where they"
    return f"the department reopens {said}; {counted(len(still), 'session')} its closure moved {stay} went (move them in Bookings if wanted)"
