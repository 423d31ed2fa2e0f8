"""What each machine downtime (revision 0009) or department closure (revision 0011) moved, and from where: a session a
re-booking took off its slot keeps that slot beside where it went, so that a machine back sooner (`machine-up`, a
downtime shortened in Department settings) or a department reopening (`reopen --move-back`, a closure removed in
Department settings) can have its sessions moved back to the slots they had. A record is dropped once a moving back
asked about it, whether its session went back or stays (moved again since by hand or released, its old time passed,
its old slot taken, the course's rules: said once, not offered again); and a closure's when its day is closed again
after a reopening that left it moved (the new closure's own records then say what a moving back can have back). A
downtime's left moved by a machine back stay, so that `machine-up --move-back` can still have them back later; when the
machine goes down again over that downtime's span (`machine-down`, or downtime entered in Department settings or a
department import) they are marked LEFT: as after a day closed again, the new downtime's
moving back moves back only what it moved. Each moving back offers the slot a session had just before that downtime or
closure moved it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Column, Date, ForeignKey, Integer, String, Table, and_, delete, insert, select, update
from sqlalchemy.engine import Connection, Row

from ...core.department import Downtime, MakeUpMark
from ...core.kinds import AppointmentKind
from . import schema as t
from .bookings import stored_make_up

downtime_moves = Table(
    "downtime_moves", t.metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("course_id", String(100), ForeignKey("courses.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("kind", String(20), nullable=False),
    Column("from_number", Integer, nullable=False),
    Column("from_machine", String(200), nullable=False, index=True),
    Column("from_starts_at", t.UtcDateTime, nullable=False),
    Column("from_ends_at", t.UtcDateTime, nullable=False),
    Column("from_make_up_day", Date),
    Column("from_make_up_cause", String(20)),
    Column("to_machine", String(200)),
    Column("to_starts_at", t.UtcDateTime),
    Column("down_starts_at", t.UtcDateTime, nullable=False),
    Column("down_ends_at", t.UtcDateTime, nullable=False),
    Column("at", t.UtcDateTime, nullable=False),
    Column("who", String(200), nullable=False),
    Column("cause", String(20), nullable=False, server_default="downtime"),  # downtime or closure (revision 0011)
    Column("closed_day", Date, index=True),  # a closure's: the day closed (its down_* span: that day's midnights)
)

DOWNTIME, CLOSURE = "downtime", "closure"
# A fraction the re-booking moved on its own day, not hit, for the first fraction's set-up time (it took the number of a
# lost first fraction that went to the end of the course): kept beside the downtime's (or closure's) own records of that
# write (`set_up_moves`), so that moving the first fraction back can give it its old slot again. Never moved back alone.
SET_UP = "set-up"
# A downtime's record of a session its machine back left moved, once the machine went down again over that downtime's
# span: moving back after the new downtime leaves it (as reopening a day closed again leaves what its older closure
# moved); the older downtime's own moving back (`machine-up --move-back` at a time within it) can still have it back.
LEFT = "downtime-left"


@dataclass(frozen=True)
class DowntimeMove:
    """A session a downtime (or a closure of `closed_day`) moved: where it was (`from_*`, with the number and make-up
    mark it had then) and where it went (`to_machine`, `to_start`; None: the re-booking found it no place and released
    it). `down_*`: the downtime as it was then (a closure's: the closed day's midnights)."""

    course_id: str
    kind: AppointmentKind
    from_number: int
    from_machine: str
    from_start: datetime
    from_end: datetime
    from_make_up: MakeUpMark | None
    to_machine: str | None
    to_start: datetime | None
    down_start: datetime
    down_end: datetime
    id: int = 0
    closed_day: date | None = None
    set_up: bool = False  # moved for the first fraction's set-up time (SET_UP), not the downtime's or closure's own
    at: datetime | None = None  # when the re-booking that moved it was written (read back; links a SET_UP record)


def record_moves(connection: Connection, moves: Sequence[DowntimeMove], who: str, now: datetime) -> None:
    """Inside the re-booking's write: what the downtime (or closure) moved, and from where."""
    rows = [{"course_id": m.course_id, "kind": m.kind.value, "from_number": m.from_number, "from_machine": m.from_machine,
             "from_starts_at": m.from_start, "from_ends_at": m.from_end,
             "from_make_up_day": m.from_make_up.day if m.from_make_up is not None else None,
             "from_make_up_cause": m.from_make_up.cause.value if m.from_make_up is not None else None,
             "to_machine": m.to_machine, "to_starts_at": m.to_start, "down_starts_at": m.down_start, "down_ends_at": m.down_end,
             "at": now, "who": who, "cause": SET_UP if m.set_up else CLOSURE if m.closed_day is not None else DOWNTIME,
             "closed_day": m.closed_day}
            for m in moves]
    if rows:
        connection.execute(insert(downtime_moves), rows)


def moves_off(connection: Connection, machine: str, start: datetime, end: datetime, *, left: bool = False) -> list[DowntimeMove]:
    """The sessions a downtime moved off `machine` whose old slot starts in [start, end), by old start; with `left`, those
    an older downtime's machine back left moved before the machine went down again too (LEFT)."""
    found = connection.execute(select(downtime_moves).where(and_(
        downtime_moves.c.cause.in_([DOWNTIME, LEFT] if left else [DOWNTIME]), downtime_moves.c.from_machine == machine,
        downtime_moves.c.from_starts_at >= start, downtime_moves.c.from_starts_at < end))
        .order_by(downtime_moves.c.from_starts_at, downtime_moves.c.id))
    return [_move(row) for row in found]


def closure_moves(connection: Connection, days: Iterable[date]) -> list[DowntimeMove]:
    """The sessions the department's closure of one of `days` moved, by old start."""
    wanted = sorted(set(days))
    if not wanted:
        return []
    found = connection.execute(select(downtime_moves).where(and_(
        downtime_moves.c.cause == CLOSURE, downtime_moves.c.closed_day.in_(wanted)))
        .order_by(downtime_moves.c.from_starts_at, downtime_moves.c.id))
    return [_move(row) for row in found]


def closure_moves_from(connection: Connection, first: date) -> list[DowntimeMove]:
    """The sessions the department's closures of `first` and later moved (those not moved back yet), by old start."""
    found = connection.execute(select(downtime_moves).where(and_(
        downtime_moves.c.cause == CLOSURE, downtime_moves.c.closed_day >= first))
        .order_by(downtime_moves.c.from_starts_at, downtime_moves.c.id))
    return [_move(row) for row in found]


def moves_of_courses(connection: Connection, course_ids: Iterable[str]) -> list[DowntimeMove]:
    """Every recorded move of the sessions of `course_ids` (a downtime's, a closure's, or for a set-up time), in the
    order they were written: to follow a session another re-booking moved again since."""
    wanted = sorted(set(course_ids))
    if not wanted:
        return []
    found = connection.execute(select(downtime_moves).where(downtime_moves.c.course_id.in_(wanted)).order_by(downtime_moves.c.id))
    return [_move(row) for row in found]


def _move(row: Row[Any]) -> DowntimeMove:
    return DowntimeMove(row.course_id, AppointmentKind(row.kind), row.from_number, row.from_machine, row.from_starts_at,
                        row.from_ends_at, stored_make_up(row.from_make_up_day, row.from_make_up_cause), row.to_machine, row.to_starts_at,
                        row.down_starts_at, row.down_ends_at, int(row.id), row.closed_day if row.cause not in (DOWNTIME, LEFT) else None,
                        row.cause == SET_UP, row.at)


def set_up_moves(connection: Connection, records: Sequence[DowntimeMove]) -> list[DowntimeMove]:
    """The fractions moved for a first fraction's set-up time by the re-bookings that wrote `records` (the same course,
    the same write, the same downtime or closed day), by old start."""
    written = {(r.course_id, r.at, r.down_start, r.down_end) for r in records if not r.set_up}
    if not written:
        return []
    found = connection.execute(select(downtime_moves).where(and_(
        downtime_moves.c.cause == SET_UP, downtime_moves.c.course_id.in_(sorted({course for course, *_ in written}))))
        .order_by(downtime_moves.c.from_starts_at, downtime_moves.c.id))
    return [move for move in map(_move, found) if (move.course_id, move.at, move.down_start, move.down_end) in written]


def leave_moved(connection: Connection, ids: Iterable[int]) -> None:
    """Inside the write of a machine down again: those records of an older downtime (left moved) are LEFT."""
    wanted = sorted(set(ids))
    if wanted:
        connection.execute(update(downtime_moves).where(downtime_moves.c.id.in_(wanted)).values(cause=LEFT))


EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
LATEST = datetime(2201, 1, 3, tzinfo=UTC)  # past the calendar's last day (LATEST_DATE) in every zone


def leave_older_moves(connection: Connection, down: Downtime, recorded: Iterable[Downtime], since: datetime = EARLIEST) -> None:
    """Inside the write of new downtime `down` (a machine down again, or downtime entered in Department settings): the
    records of what an older downtime of its machine overlapping it moved, whose old slot (from `since` on) no downtime
    `recorded` before it covers (its machine back left them moved), are LEFT: moving back after `down` moves back only
    what `down` itself moved, not sessions a coordinator chose to leave where the older downtime put them."""
    covering = list(recorded)
    older = [m for m in moves_off(connection, down.machine, since, LATEST)
             if m.down_start < down.end and down.start < m.down_end
             and not any(d.machine == down.machine and d.start <= m.from_start < d.end for d in covering)]
    leave_moved(connection, [m.id for m in older])


def forget_moves(connection: Connection, ids: Iterable[int]) -> None:
    """Inside the write that moved them back: those records are done with."""
    wanted = sorted(set(ids))
    if wanted:
        connection.execute(delete(downtime_moves).where(downtime_moves.c.id.in_(wanted)))
