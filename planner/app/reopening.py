"""The department reopens: a whole-department closure (`closure`, Department closed…) taken back for days still to
come, recorded in the department's trail (`reopen`). Qt-free, for the command line and the window.

What the closure moved stays where it is: a closure's re-booking marks each session it moved as making up for the
closed day (the bookings' make-up mark), but keeps no record of the slot (machine, time) the session had, as
`machine-down` does for a downtime (revision 0009's `downtime_moves`), so nothing can be moved back to it. The answer
lists those sessions, for the coordinator to move by hand where wanted."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import TYPE_CHECKING

from ..core.dates import day_text
from ..core.department import Department, MakeUpCause
from ..core.errors import Field, InputError
from ..core.kinds import AppointmentKind
from ..core.limits import MAX_CLOSURE_DAYS
from ..core.text import counted
from ..store.db import bookings as db

if TYPE_CHECKING:
    from .booking import BookingDesk


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
    """The closures taken back (day, note), and the sessions those closures moved, which stay where they are."""

    reopened: tuple[tuple[date, str], ...]
    still_moved: tuple[StillMoved, ...]
    dry_run: bool = False


def reopen_department(desk: BookingDesk, first: date, last: date, *, dry_run: bool = False) -> Reopening:
    """Take back the department's closures recorded from `first` to `last` (today or later), all in one write with
    the trail's entries (SlotTaken, nothing written, when another coordinator changed one of them meanwhile). A dry run
    says the same and writes nothing. InputError naming the field for a span that ends before it starts, is too long,
    lies in the past, or holds no closure."""
    if last < first:
        raise InputError(Field.TO, f"the span must end on or after its first day ({day_text(first)})")
    if (last - first).days + 1 > MAX_CLOSURE_DAYS:
        raise InputError(Field.TO, f"a closure lasts at most {MAX_CLOSURE_DAYS} days (asked: {(last - first).days + 1})")
    desk.refresh()
    if first < desk.today:
        raise InputError(Field.DATE, f"{day_text(first)} is past: a closure is taken back from today ({day_text(desk.today)}) on; "
                                     "a day gone stays as it was")
    closed = tuple((day, note) for day, note in desk.department.closures if first <= day <= last)
    if not closed:
        coming = [day_text(day) for day, _ in desk.department.closures if day >= desk.today][:3]
        span = f"on {day_text(first)}" if first == last else f"from {day_text(first)} to {day_text(last)}"
        raise InputError(Field.DATE, f"the department has no closure recorded {span}"
                                     + (f" (closures to come: {', '.join(coming)})" if coming else " (and none to come)"))
    still = moved_by_closures(desk, {day for day, _ in closed})
    if not dry_run:
        with db.writing(desk.store.engine, desk.store.display_url) as connection:
            db.remove_closures(connection, list(closed), desk.store.user, desk.zone)
        desk.refresh()
    return Reopening(closed, still, dry_run)


def moved_by_closures(desk: BookingDesk, days: Collection[date]) -> tuple[StillMoved, ...]:
    """The sessions to come that a closure of one of `days` moved (each marked as making up for that day), by start."""
    if not days:
        return ()
    with desk.store.engine.connect() as connection:
        held = db.all_bookings(connection, since=datetime.combine(desk.today, time(0), tzinfo=desk.zone))  # those to come
    still = [StillMoved(b.course_id, b.kind, b.number, b.machine, b.start.astimezone(desk.zone), b.make_up.day)
             for b in held if b.make_up is not None and b.make_up.cause is MakeUpCause.CLOSURE and b.make_up.day in days]
    return tuple(sorted(still, key=lambda s: (s.start, s.course_id)))


def reopened_words(desk: BookingDesk, before: Department, after: Department) -> str:
    """After Department settings saved without some closures still to come (the department reopens those days): the
    days, and how many sessions those closures moved stay where they are ('' when no closure to come was removed)."""
    gone = sorted({day for day, _ in before.closures} - {day for day, _ in after.closures})
    gone = [day for day in gone if day >= desk.today]
    if not gone:
        return ""
    said = ", ".join(day_text(day) for day in gone[:3]) + (f" and {len(gone) - 3} more" if len(gone) > 3 else "")
    still = moved_by_closures(desk, gone)
    if not still:
        return f"the department reopens {said}"
    stay = "stays where it" if len(still) == 1 else "stay where they"
    return (f"the department reopens {said}; {counted(len(still), 'session')} its closure moved {stay} "
            "went (a closure keeps no record of the old slots: move them in Bookings if wanted)")
