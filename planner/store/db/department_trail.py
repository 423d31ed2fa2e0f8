"""The department's audit trail (revision 0008): who recorded each machine downtime and department closure,
who removed one, and when. Entries are keyed by what they recorded (downtime: machine, start, end, reason;
closure: day, note), as downtime rows are rewritten whole by each save of the settings and closures live in
the department row; the newest "added" entry of a period or day says who recorded the one stored now."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import insert, select
from sqlalchemy.engine import Connection

from ...core.department import Downtime, Recorded
from . import schema as t


class TrailSubject(StrEnum):
    DOWNTIME = "downtime"
    CLOSURE = "closure"


class TrailAction(StrEnum):
    ADDED = "added"
    REMOVED = "removed"


DowntimeKey = tuple[str, datetime, datetime, str]
ClosureKey = tuple[date, str]


@dataclass(frozen=True)
class TrailEntry:
    """One entry of the department's trail: a downtime (machine, start, end) or a closure (day) added or removed,
    with its reason or note."""

    subject: TrailSubject
    action: TrailAction
    recorded: Recorded
    note: str = ""
    machine: str | None = None
    start: datetime | None = None
    end: datetime | None = None
    day: date | None = None


def downtime_key(down: Downtime) -> DowntimeKey:
    return (down.machine, down.start, down.end, down.reason)


def write_downtime_trail(conn: Connection, action: TrailAction, downs: Iterable[Downtime], who: str, now: datetime) -> None:
    rows = [{"at": now, "who": who, "subject": TrailSubject.DOWNTIME.value, "action": action.value, "machine": d.machine,
             "starts_at": d.start, "ends_at": d.end, "note": d.reason} for d in downs]
    if rows:
        conn.execute(insert(t.department_trail), rows)


def write_closure_trail(conn: Connection, action: TrailAction, closed: Iterable[tuple[date, str]], who: str, now: datetime) -> None:
    rows = [{"at": now, "who": who, "subject": TrailSubject.CLOSURE.value, "action": action.value, "day": day, "note": note}
            for day, note in closed]
    if rows:
        conn.execute(insert(t.department_trail), rows)


def _entries(conn: Connection, action: TrailAction, since: datetime | None = None) -> list[TrailEntry]:
    """Every entry of `action` (from `since` on), downtime and closures alike, oldest first: one read."""
    trail = t.department_trail
    query = select(trail).where(trail.c.action == action.value)
    if since is not None:
        query = query.where(trail.c.at >= since)
    found = []
    for row in conn.execute(query.order_by(trail.c.id)):
        try:
            subject = TrailSubject(row.subject)
        except ValueError:
            continue  # a subject this planner does not know (a newer one's): not its to show
        found.append(TrailEntry(subject, action, Recorded(row.who, row.at), row.note or "", row.machine, row.starts_at, row.ends_at, row.day))
    return found


def recorders(conn: Connection) -> tuple[dict[DowntimeKey, Recorded], dict[ClosureKey, Recorded]]:
    """Who recorded each downtime period (machine, start, end, reason) and each closure (day, note), and when: the
    newest "added" entry of each."""
    downtime: dict[DowntimeKey, Recorded] = {}
    closures: dict[ClosureKey, Recorded] = {}
    for e in _entries(conn, TrailAction.ADDED):
        if e.subject is TrailSubject.DOWNTIME and e.start is not None and e.end is not None:
            downtime[e.machine or "", e.start, e.end, e.note] = e.recorded
        elif e.subject is TrailSubject.CLOSURE and e.day is not None:
            closures[e.day, e.note] = e.recorded
    return downtime, closures


def removals(conn: Connection, since: datetime | None = None) -> list[TrailEntry]:
    """Every downtime and closure removed (from `since` on), oldest first."""
    return sorted(_entries(conn, TrailAction.REMOVED, since), key=lambda e: (e.recorded.at, e.subject is not TrailSubject.DOWNTIME))
