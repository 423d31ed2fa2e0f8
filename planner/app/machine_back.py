"""A machine back sooner than its recorded downtime: end or shorten the downtime (`machine-up`, the Bookings window's
right-click on a downtime, Department settings → Downtime) and move back the sessions that downtime moved, each to the
slot it had, where that slot is free again and the course's rules hold there; the others stay where they are, with why.
Shared by the command line and the window (Qt-free); the department reopening after a closure (`reopening`) moves its
sessions back with the same code (`sessions_back`, `write_back`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from ..booking.model import FIRST_SET_UP, Move, UrgentStart
from ..core.dates import moment_text
from ..core.department import Booking, Downtime, Recorded
from ..core.errors import Field, InputError
from ..core.kinds import AppointmentKind
from ..core.wall_clock import same_instant
from ..store.db import bookings as db
from ..store.db.downtime_moves import DowntimeMove, forget_moves, moves_of_courses, moves_off, set_up_moves

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from sqlalchemy.engine import Connection

    from ..booking.engine import BookingEngine
    from .booking import BookingDesk, CalendarUpdate

FAR = datetime(2201, 1, 1, tzinfo=UTC)  # after the planner's calendar: every moved session's old slot lies before it


@dataclass(frozen=True)
class SessionBack:
    """A session moved back to the slot it had before the downtime moved it."""

    course_id: str
    kind: AppointmentKind
    number: int  # its number now
    from_machine: str | None  # where the downtime had put it (None: it had found no place)
    from_start: datetime | None
    to_machine: str  # its slot before the downtime, again
    to_start: datetime
    was: int = 0  # its number before moving back, where that differs
    shortens: bool = False  # it had been added at the end of the course: the course is a session shorter again


def starts_sooner(moved_back: Iterable[SessionBack]) -> set[str]:
    """The courses whose first fraction is among the sessions moved back: the downtime had put off the whole course,
    and it now starts sooner again (a session back from the end of it leaves it no shorter: none was given before)."""
    return {b.course_id for b in moved_back if b.kind is AppointmentKind.FRACTION and b.number == 1}


@dataclass(frozen=True)
class SessionStayed:
    """A session the downtime moved that stays where it is: where it is (None: nowhere, it found no place), the slot it
    had before, and why it cannot go back."""

    course_id: str
    kind: AppointmentKind
    number: int
    machine: str | None
    start: datetime | None
    was_machine: str | None  # None: moved before this version, its old slot not kept
    was_start: datetime | None
    reason: str


@dataclass(frozen=True)
class MachineBack:
    """What a machine back sooner did: the downtime as it was, from when the machine is back (`kept`: the downtime now,
    None when it is gone whole), who went back, who stayed and why, and the courses whose bookings changed."""

    machine: str
    down: Downtime
    back: datetime
    kept: Downtime | None
    moved_back: tuple[SessionBack, ...]
    stayed: tuple[SessionStayed, ...]
    refitted: tuple[Move, ...]  # fractions that moved for the first fraction's set-up time, numbered anew
    updated_courses: tuple[str, ...]
    dry_run: bool = False
    left_moved: int = 0  # not asked to move back: how many sessions its downtime moved from then on stay moved
    # urgent courses (not started) that still start on a later day than booked before the downtime: a session of theirs
    # that stays where it is (or was not asked back) had been their first; said first in the report, as machine-down does
    urgent: tuple[UrgentStart, ...] = ()


def downtime_at(desk: BookingDesk, machine: str, at: datetime) -> Downtime:
    """The recorded downtime of `machine` in force at `at` (its start up to its end): the one a machine back at `at`
    ends. InputError naming --at when the machine is not down then, saying its downtime to come (if any)."""
    downs = sorted(desk.department.downtime_of(machine), key=lambda d: d.start)
    found = [d for d in downs if d.start <= at < d.end]
    if found:
        return found[0]
    zone = desk.zone
    coming = [d for d in downs if d.end > at]
    said = "; ".join(f"{moment_text(d.start.astimezone(zone))} to {moment_text(d.end.astimezone(zone))}" for d in coming[:3])
    raise InputError(Field.AT, f"{machine} is not down at {moment_text(at.astimezone(zone))}"
                               + (f" (its downtime: {said})" if said else " (it has no downtime from then on)"))


def machine_up(desk: BookingDesk, machine: str, at: datetime, *, move_back: bool = True, dry_run: bool = False,
               now: datetime | None = None) -> tuple[MachineBack, list[CalendarUpdate]]:
    """`machine` is back at `at`: its downtime in force then ends at `at` (removed whole when `at` is its start), who
    recorded it so goes into the department's trail, and (with `move_back`) the sessions it moved off the machine from
    `at` on go back where they were, all in one write (SlotTaken, nothing written, when another coordinator changed the
    downtime or one of the courses meanwhile). A dry run writes nothing and says whose calendar would change."""
    desk.refresh()
    desk._check_machine(machine, Field.MACHINE)
    at = at.astimezone(desk.zone)
    try:
        old = downtime_at(desk, machine, at)
    except InputError:
        ended = _ended_sooner(desk, machine, at) if move_back else None
        if ended is None:
            raise
        # Shortened already (Department settings, or machine-up without --move-back): only the moving back is left to do.
        return _back(desk, ended, replace(ended, end=at) if at > ended.start else None, record=False, move_back=True,
                     dry_run=dry_run, now=now, ended=True)
    new = replace(old, end=at, recorded=None) if at > old.start else None
    return _back(desk, old, new, record=True, move_back=move_back, dry_run=dry_run, now=now)


def _ended_sooner(desk: BookingDesk, machine: str, at: datetime) -> Downtime | None:
    """The downtime, as it was when it moved sessions, of a machine back by `at` that was shortened already (its
    moves off the machine from `at` on are still recorded): None when there is none."""
    with desk.store.connection() as connection:
        found = [m for m in moves_off(connection, machine, at, FAR, left=True) if m.down_start <= at < m.down_end]
    if not found:
        return None
    return Downtime(machine, min(m.down_start for m in found).astimezone(desk.zone), max(m.down_end for m in found).astimezone(desk.zone))


def move_back_after(desk: BookingDesk, old: Downtime, new: Downtime | None, *, dry_run: bool = False,
                    now: datetime | None = None) -> tuple[MachineBack, list[CalendarUpdate]]:
    """The downtime `old` was shortened to `new` (None: removed) and saved (Department settings): move back the sessions
    it moved off its machine from the new end on, as `machine_up` does."""
    desk.refresh()
    return _back(desk, old, new, record=False, move_back=True, dry_run=dry_run, now=now)


def _back(desk: BookingDesk, old: Downtime, new: Downtime | None, *, record: bool, move_back: bool, dry_run: bool,
          now: datetime | None, ended: bool = False) -> tuple[MachineBack, list[CalendarUpdate]]:
    """`ended`: `old` was ended sooner already (`_ended_sooner`), its records perhaps marked LEFT since."""
    back_at = new.end if new is not None else old.start
    if record:  # the engine holds the department's downtime as it will be
        downtime = [d for d in desk.department.downtime if d != old] + ([new] if new is not None else [])
        engine = desk.engine(downtime)
    else:
        engine = desk.engine()
    before = {course: engine.bookings(course) for course in engine.booked_courses()}
    with desk.store.connection() as connection:
        # The sessions this downtime moved (as it was when it moved them, a part shortened before too) from the
        # moment the machine is back on.
        records = own_records(moves_off(connection, old.machine, back_at, FAR, left=ended), old)
        set_up = set_up_moves(connection, records)
    left = 0 if move_back else len(records)
    moving = sessions_back(desk, engine, before, records if move_back else [], now or desk.now(), set_up if move_back else [])
    # an urgent course not started that still starts later than booked before the downtime: said first
    away = ([(s.course_id, s.kind, s.was_start) for s in moving.stayed if s.was_start is not None] if move_back
            else [(m.course_id, m.kind, m.from_start) for m in records])  # not asked back: each stays where the downtime put it
    urgent = desk.urgent_later(engine, _booked_starts(engine, away))
    report = MachineBack(old.machine, old, back_at, new, moving.back, moving.stayed, moving.refitted, moving.updated_courses,
                         dry_run, left, urgent)
    courses = list(moving.updated_courses)
    if dry_run:
        return report, desk.calendar_updates(courses, {course: engine.bookings(course) for course in courses})
    recorded = Recorded(desk.store.user, datetime.now(UTC))
    with db.writing(desk.store.engine, desk.store.display_url) as connection:
        if record:
            db.shorten_downtime(connection, old, new, recorded.who, recorded.at)
        write_back(desk, connection, engine, before, moving, (old.machine, back_at, old.end))
    desk.refresh()
    return report, desk._outdated(courses)


def own_records(found: Sequence[DowntimeMove], old: Downtime) -> list[DowntimeMove]:
    """Of the records of sessions moved off `old`'s machine, those `old` itself moved: one re-booking's (one write, its
    span as it was then: `old`'s start, ending when `old` does or later, shortened since); of two that fit alike, the
    later. Where none starts with `old` (its start changed in Department settings since), every one overlapping it."""
    groups: dict[tuple[datetime | None, datetime, datetime], list[DowntimeMove]] = {}
    for move in found:
        if move.down_start < old.end and old.start < move.down_end:
            groups.setdefault((move.at, move.down_start, move.down_end), []).append(move)
    if not groups:
        return []
    same = [key for key in groups if same_instant(key[1], old.start) and key[2] >= old.end]
    if not same:
        return [move for group in groups.values() for move in group]
    return groups[min(same, key=lambda key: (key[2], -(key[0] or FAR).timestamp()))]


@dataclass(frozen=True)
class SessionsBack:
    """What moving recorded sessions back would do (`sessions_back`): who goes back (by old slot), who stays and why,
    the fractions renumbered for a first fraction's set-up time, the courses whose bookings change, and the records
    done with once written: every record asked about, of the sessions that go back and of those that stay (each said
    once: a session that stays is not offered again, moving back again does not report it again)."""

    back: tuple[SessionBack, ...]
    stayed: tuple[SessionStayed, ...]
    refitted: tuple[Move, ...]
    updated_courses: tuple[str, ...]
    done: tuple[int, ...]


def sessions_back(desk: BookingDesk, engine: BookingEngine, before: Mapping[str, Sequence[Booking]],
                  records: Sequence[DowntimeMove], moment: datetime, set_up: Sequence[DowntimeMove] = ()) -> SessionsBack:
    """Move the sessions `records` say a downtime or closure moved back to their old slots in `engine` (which holds the
    department as it is about to be: the machine back, the days reopened), where free and the course's rules hold there,
    none to a time before `moment`; the others stay, each with why. `before`: the courses' bookings as read. `set_up`:
    the fractions the same re-bookings moved for a lost first fraction's set-up time (`set_up_moves`): once that first
    fraction is back, each goes back to its old slot too, so the course is as it was before (where that slot is free);
    one whose first fraction stays, stays too. Nothing is written (see `write_back`)."""
    zone = desk.zone
    asked: list[DowntimeMove] = []
    returns: list[tuple[Booking | None, Booking]] = []
    stayed: list[SessionStayed] = []
    stayed += _unreadable_stay(desk, engine, records)
    later: dict[str, list[DowntimeMove]] = {}  # each course's recorded moves, read once when one is followed
    for item in records:
        if item.course_id in engine.held_as_booked:
            continue
        slot = Booking(item.course_id, item.kind, item.from_number, item.from_machine, item.from_start.astimezone(zone),
                       item.from_end.astimezone(zone), item.from_make_up)
        current = None
        if item.to_machine is not None and item.to_start is not None:
            current = next((b for b in before.get(item.course_id, ()) if b.kind is item.kind and b.machine == item.to_machine
                            and same_instant(b.start, item.to_start)), None)
            if current is None:
                stayed.append(_stayed(item, _moved_again(desk, item, before, later), "it was moved again since (by hand or by "
                                                                                    "another re-booking), or released: it stays "
                                                                                    "where it is"))
                continue
            if current.start < moment:
                stayed.append(_stayed(item, current, "it has begun or is past"))
                continue
        if slot.start < moment:
            stayed.append(_stayed(item, current, "its old time has passed"))
            continue
        asked.append(item)
        returns.append((current, slot))
    result = engine.move_back(returns, desk.today, not_before=moment)
    back: list[SessionBack] = []
    for index, placed in result.back:
        current = returns[index][0]
        shortens = current is not None and _added_at_the_end(current, before.get(placed.course_id, ()), zone)
        back.append(SessionBack(placed.course_id, placed.kind, placed.number, current.machine if current else None,
                                current.start if current else None, placed.machine, placed.start,
                                current.number if current is not None and current.number != placed.number else 0, shortens))
    stayed += [_stayed(asked[index], returns[index][0], why) for index, why in result.stayed]
    pairs = list(result.refitted)
    updated = list(result.updated_courses)
    firsts = {item.course_id: item for item in records if item.kind is AppointmentKind.FRACTION and item.from_number == 1}
    gone_back = {asked[index].course_id for index, _ in result.back if asked[index] is firsts.get(asked[index].course_id)}
    done = [item.id for item in records]
    again: list[DowntimeMove] = []
    for item in set_up:
        if item.course_id not in firsts or item.course_id in engine.held_as_booked:
            continue  # its first fraction was not asked back (its old slot before the machine is back): neither is it
        done.append(item.id)
        current = current_of(engine, item)
        if item.course_id not in gone_back:
            stayed.append(_stayed(item, current, "it moved for the first fraction's set-up time, and fraction 1 does not go "
                                                 "back: it keeps that time"))
        elif current is None:
            stayed.append(_stayed(item, None, "it was moved again since (by hand or by another re-booking): it stays where it is"))
        else:
            again.append(item)
    if again:  # the first fraction is back: each fraction that moved for its set-up time has its old slot again
        slots = [(current_of(engine, item), Booking(item.course_id, item.kind, item.from_number, item.from_machine,
                                                    item.from_start.astimezone(zone), item.from_end.astimezone(zone), item.from_make_up))
                 for item in again]
        second = engine.move_back(slots, desk.today, not_before=moment)
        for index, placed in second.back:
            item = again[index]
            shown = next((b.number for b in before.get(item.course_id, ()) if b.kind is item.kind and b.machine == item.to_machine
                          and item.to_start is not None and same_instant(b.start, item.to_start)), placed.number)
            back.append(SessionBack(placed.course_id, placed.kind, placed.number, item.to_machine, item.to_start, placed.machine,
                                    placed.start, shown if shown != placed.number else 0))
        stayed += [_stayed(again[index], slots[index][0], why) for index, why in second.stayed]
        pairs += second.refitted
        updated += [course for course in second.updated_courses if course not in updated]
    refitted = tuple(Move(new_.course_id, new_.number, old_.machine, old_.start, new_.machine, new_.start, FIRST_SET_UP, new_.kind,
                          old_.number if old_.number != new_.number else 0) for old_, new_ in pairs)
    stayed = [numbered_after(engine, s) for s in stayed]  # one numbering in the answer: the course's after the moves back
    back, stayed, refitted = as_sessions(desk, engine, before, back, stayed, refitted)
    return SessionsBack(tuple(sorted(back, key=lambda b: b.to_start)), tuple(sorted(stayed, key=stayed_order)), refitted,
                        tuple(updated), tuple(done))


def as_sessions(desk: BookingDesk, engine: BookingEngine, before: Mapping[str, Sequence[Booking]],
                back: Sequence[SessionBack], stayed: Sequence[SessionStayed],
                refitted: Sequence[Move]) -> tuple[list[SessionBack], list[SessionStayed], tuple[Move, ...]]:
    """The answer with each fraction numbered as its course shows it (the session, as the agenda, `machine-down` and
    `closure` name it), its number before (`was`) as the course showed it then: a course that marks a booked day missed
    has bookings whose number is not their session's. Others are as the engine numbered them (booking and session agree)."""
    courses = {b.course_id for b in back} | {s.course_id for s in stayed} | {m.course_id for m in refitted}
    now, then = desk.sessions_of_bookings({course: engine.bookings(course) for course in courses},
                                          {course: before.get(course, ()) for course in courses})
    if not now:
        return list(back), list(stayed), tuple(refitted)

    def shown(numbers: Mapping[str, Mapping[int, int | None]], course_id: str, kind: AppointmentKind, number: int) -> int:
        if not number or kind is not AppointmentKind.FRACTION or course_id not in numbers:
            return number
        return numbers[course_id].get(number) or number

    def was(item_number: int, item_was: int, course_id: str, kind: AppointmentKind) -> int:
        earlier = shown(then, course_id, kind, item_was) if item_was else 0
        return 0 if earlier == item_number else earlier

    back = [replace(b, number=(n := shown(now, b.course_id, b.kind, b.number)), was=was(n, b.was, b.course_id, b.kind))
            for b in back]
    stayed = [replace(s, number=shown(now, s.course_id, s.kind, s.number)) for s in stayed]
    refitted = tuple(replace(m, number=(n := shown(now, m.course_id, m.kind, m.number)), was=was(n, m.was, m.course_id, m.kind))
                     for m in refitted)
    return back, stayed, refitted


def number_after(engine: BookingEngine, course_id: str, kind: AppointmentKind, machine: str | None, start: datetime | None,
                 number: int) -> int:
    """The number the session at (machine, start) has in `engine` (the course once the others are moved back), as
    `moved_back` numbers the sessions that go back: a session staying at the end of a course is its 20th again once
    the 19th went back, not the 19th it is now (`number` when it is not there)."""
    if machine is None or start is None:
        return number
    return next((b.number for b in engine.bookings(course_id) if b.kind is kind and b.machine == machine
                 and same_instant(b.start, start)), number)


def numbered_after(engine: BookingEngine, stayed: SessionStayed) -> SessionStayed:
    return replace(stayed, number=number_after(engine, stayed.course_id, stayed.kind, stayed.machine, stayed.start, stayed.number))


def _unreadable_stay(desk: BookingDesk, engine: BookingEngine, records: Sequence[DowntimeMove]) -> list[SessionStayed]:
    """Each session of `records` of a course whose stored text does not read at all (the engine holds its bookings as
    booked, with why: there is no plan to check its rules by) stays where it is, named with why, as any that stays."""
    wanted = {item.course_id for item in records if item.course_id in engine.held_as_booked}
    if not wanted:
        return []
    with desk.store.connection() as connection:
        held = db.bookings_of_courses(connection, wanted)
    found = []
    for item in records:
        if item.course_id in wanted:
            current = next((b for b in held.get(item.course_id, ()) if b.kind is item.kind and b.machine == item.to_machine
                            and item.to_start is not None and same_instant(b.start, item.to_start)), None)
            found.append(_stayed(item, current, f"{engine.held_as_booked[item.course_id]}; it stays where it is"))
    return found


def _moved_again(desk: BookingDesk, item: DowntimeMove, before: Mapping[str, Sequence[Booking]],
                 later: dict[str, list[DowntimeMove]]) -> Booking | None:
    """Where the session `item` moved is now, when a later re-booking (another downtime, a closure) moved it again from
    there, and again: followed through the moves recorded after `item`'s to its booking in `before` (None: not found,
    as after a move by hand, which records none, or a release). `later` keeps each course's records once read."""
    if item.course_id not in later:
        with desk.store.connection() as connection:
            later[item.course_id] = moves_of_courses(connection, [item.course_id])
    held = before.get(item.course_id, ())
    machine, start, after = item.to_machine, item.to_start, item.id
    for move in later[item.course_id]:
        if machine is None or start is None:
            return None
        if move.id <= after or move.kind is not item.kind or move.from_machine != machine or not same_instant(move.from_start, start):
            continue
        machine, start, after = move.to_machine, move.to_start, move.id
        found = next((b for b in held if b.kind is item.kind and b.machine == machine and start is not None
                      and same_instant(b.start, start)), None)
        if found is not None:
            return found
    return None


def current_of(engine: BookingEngine, item: DowntimeMove) -> Booking | None:
    """Where the session `item` moved is now in `engine` (None: not there any more)."""
    return next((b for b in engine.bookings(item.course_id) if b.kind is item.kind and b.machine == item.to_machine
                 and item.to_start is not None and same_instant(b.start, item.to_start)), None)


def _added_at_the_end(current: Booking, held: Sequence[Booking], zone: ZoneInfo) -> bool:
    """Whether `current` is a make-up the re-booking added at the end of its course: on a day after every fraction that
    is no make-up (two closures or downtimes each add one there; a weekend or second-session make-up lies within)."""
    if current.make_up is None:
        return False
    regular = [b.start.astimezone(zone).date() for b in held if b.kind is AppointmentKind.FRACTION and b.make_up is None]
    return not regular or current.start.astimezone(zone).date() > max(regular)


def write_back(desk: BookingDesk, connection: Connection, engine: BookingEngine, before: Mapping[str, tuple[Booking, ...]],
               moving: SessionsBack, lost: tuple[str, datetime, datetime]) -> None:
    """Inside the write: the courses `moving` changes as `engine` holds them now (SlotTaken, naming `lost`, when another
    coordinator changed one meanwhile), their machine and daily time following them back, and the records asked
    about dropped: those of the sessions that went back and those that stay (said once)."""
    courses = list(moving.updated_courses)
    desk._write_rebooked(connection, engine, before, courses, lost)
    for course in courses:
        desk._follow_course_booking(connection, course)  # the course's machine and time follow it back
    forget_moves(connection, moving.done)


def _booked_starts(engine: BookingEngine, away: Sequence[tuple[str, AppointmentKind, datetime]]) -> dict[str, datetime]:
    """Where each course of the fractions `away` (course, kind, the slot the downtime took them from) was booked to
    start before the downtime: the first of those slots and of its fractions as they are now."""
    firsts: dict[str, datetime] = {}
    for course_id, kind, was in away:
        if kind is AppointmentKind.FRACTION:
            firsts[course_id] = min(firsts.get(course_id, was), was)
    for course_id, was in list(firsts.items()):
        now = [b.start for b in engine.bookings(course_id) if b.kind is AppointmentKind.FRACTION]
        firsts[course_id] = min([was, *now])
    return firsts


def _stayed(item: DowntimeMove, current: Booking | None, why: str) -> SessionStayed:
    return SessionStayed(item.course_id, item.kind, current.number if current is not None else 0,
                         current.machine if current is not None else None, current.start if current is not None else None,
                         item.from_machine, item.from_start, why)


def stayed_order(stayed: SessionStayed) -> tuple[float, str]:
    """By the slot it had (one whose old slot was not kept: by where it is)."""
    moment = stayed.was_start or stayed.start
    return (moment.timestamp() if moment is not None else 0.0, stayed.course_id)


def sessions_moved(report: MachineBack) -> Sequence[str]:
    """The courses the report names (moved back, stayed, or an urgent start still later), for the patients' names."""
    return sorted({b.course_id for b in report.moved_back} | {s.course_id for s in report.stayed}
                  | {u.course_id for u in report.urgent})
