"""The department in the store's tables: one row of clinic details, a row per machine, a row per
downtime. Machines keep their row id across imports (matched by name): bookings refer to it."""

from __future__ import annotations

import json
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Connection

from ...core.clinic import WEEKDAY_KEYS, format_weekdays, parse_weekdays
from ...core.department import BookingRules, Department, Downtime, Machine, Recorded
from ...core.errors import Field, InputError
from ...core.limits import EARLIEST_DATE, LATEST_DATE
from ...core.text import printable
from . import schema as t
from .department_trail import (
    TrailAction,
    downtime_key,
    write_closure_trail,
    write_downtime_trail,
)
from .department_trail import recorders as read_recorders
from .errors import StoreError


def hours_span(text_span: str) -> tuple[time, time]:
    """'08:00-18:00' as stored -> (opens, closes)."""
    opens, _, closes = text_span.partition("-")
    return time.fromisoformat(opens), time.fromisoformat(closes)


def machine_hours(stored: str) -> dict[int, tuple[time, time]]:
    """A machine row's hours ('{"mon": "08:00-18:00", ...}') by weekday number (0 = Monday)."""
    return {WEEKDAY_KEYS.index(day): hours_span(text_span) for day, text_span in json.loads(stored).items()}


def _within_calendar(machine: str, start: datetime, end: datetime, reason: str, zone: ZoneInfo,
                     recorders: dict[tuple[str, datetime, datetime, str], Recorded] | None = None) -> Downtime | None:
    """A stored downtime cut to the planner's calendar (a row reaching the year 9999 was written before
    such dates were refused): the store still opens, the machine stays down to the calendar's end, and
    a period wholly outside it is left out (no booking can lie there). None when nothing is left."""
    first = datetime.combine(EARLIEST_DATE, time(0), tzinfo=zone)
    last = datetime.combine(LATEST_DATE, time(23, 59), tzinfo=zone)
    start, end = max(start, first), min(end, last)  # compared as instants, before any zone arithmetic near the year 9999
    if not start < end:
        return None
    recorded = (recorders or {}).get((machine, start, end, reason))
    return Downtime(machine=machine, start=start.astimezone(zone), end=end.astimezone(zone), reason=reason, recorded=recorded)


def read_department(conn: Connection) -> Department | None:
    """The department as stored, or None when none was set yet; StoreError when its rows do not make one
    (changed by hand or by another program: the store refuses, one line, rather than crash)."""
    try:
        return _read_department(conn)
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError, InputError) as exc:
        raise StoreError(f"the department's settings in the database are damaged ({type(exc).__name__}: "
                         f"{printable(str(exc))[:200]}); import the department file again") from None


def recorded_downtime(conn: Connection, zone: ZoneInfo) -> tuple[Downtime, ...]:
    """The downtime rows alone, each that still makes a period (in `zone`, the department's to come),
    whatever else of the stored department is damaged: an import that repairs the settings keeps the
    downtime recorded, as it would have from a readable department."""
    names = {row.id: row.name for row in conn.execute(select(t.machines.c.id, t.machines.c.name))}
    kept: list[Downtime] = []
    for row in conn.execute(select(t.downtime).order_by(t.downtime.c.starts_at, t.downtime.c.id)):
        try:
            down = _within_calendar(names[row.machine_id], row.starts_at, row.ends_at, row.reason, zone)
        except (ValueError, KeyError, TypeError, AttributeError, InputError):
            continue  # a row the repair cannot read is left to go with the damaged settings
        if down is not None:
            kept.append(down)
    return tuple(kept)


def _read_department(conn: Connection) -> Department | None:
    head = conn.execute(select(t.department).where(t.department.c.id == 1)).first()
    if head is None:
        return None
    machine_rows = conn.execute(select(t.machines).order_by(t.machines.c.position, t.machines.c.id)).all()
    names = {row.id: row.name for row in machine_rows}
    down_rows = conn.execute(select(t.downtime).order_by(t.downtime.c.starts_at, t.downtime.c.id)).all()
    zone = ZoneInfo(head.timezone)
    recorders, closers = read_recorders(conn)
    machines = tuple(
        Machine(name=row.name, group=row.beam_group, capabilities=frozenset(json.loads(row.capabilities)),
                hours=machine_hours(row.hours))
        for row in machine_rows)
    downtime = tuple(down for row in down_rows
                     if (down := _within_calendar(names[row.machine_id], row.starts_at, row.ends_at, row.reason, zone, recorders))
                     is not None)
    closures = tuple((date.fromisoformat(item["date"]), str(item["name"])) for item in json.loads(head.closures))
    closures_recorded = tuple((day, closers[day, note]) for day, note in closures if (day, note) in closers)
    booking = BookingRules(urgent_within_days=head.urgent_within_days, urgent_reserve_percent=head.urgent_reserve_percent,
                           reserve_release_days=head.reserve_release_days, second_session=bool(head.second_session),
                           weekend_hours=hours_span(head.weekend_hours) if head.weekend_hours else None)
    return Department(name=head.name, timezone=head.timezone, address=head.address, phone=head.phone,
                      treatment_days=parse_weekdays(Field.TREATMENT_DAYS, head.treatment_days), holidays=head.holidays,
                      closures=closures, machines=machines, downtime=downtime, booking=booking,
                      closures_recorded=closures_recorded)


def machine_ids(conn: Connection) -> dict[str, int]:
    """Each machine's row id by name."""
    return {row.name: int(row.id) for row in conn.execute(select(t.machines.c.id, t.machines.c.name))}


def write_department(conn: Connection, department: Department, who: str, now: datetime) -> None:
    """Replace the stored department with `department` inside the caller's transaction; the downtime and
    closures it adds or removes go into the department's trail as `who`'s, at `now`."""
    _trail_changes(conn, department, who, now)
    values = {"name": department.name, "address": department.address, "phone": department.phone,
              "timezone": department.timezone, "holidays": department.holidays,
              "treatment_days": format_weekdays(department.treatment_days),
              "closures": json.dumps([{"date": d.isoformat(), "name": n} for d, n in department.closures], ensure_ascii=False),
              "urgent_within_days": department.booking.urgent_within_days,
              "urgent_reserve_percent": department.booking.urgent_reserve_percent,
              "reserve_release_days": department.booking.reserve_release_days,
              "second_session": department.booking.second_session, "weekend_hours": department.booking.weekend_text,
              "updated_at": now, "updated_by": who}
    if conn.execute(select(t.department.c.id).where(t.department.c.id == 1)).first() is None:
        conn.execute(insert(t.department).values(id=1, **values))
    else:
        conn.execute(update(t.department).where(t.department.c.id == 1).values(**values))
    existing = machine_ids(conn)
    wanted = {m.name for m in department.machines}
    gone = [key for name, key in existing.items() if name not in wanted]
    if gone:
        conn.execute(delete(t.downtime).where(t.downtime.c.machine_id.in_(gone)))
        conn.execute(delete(t.machines).where(t.machines.c.id.in_(gone)))
    ids: dict[str, int] = {}
    for position, machine in enumerate(department.machines):
        row = {"beam_group": machine.group, "capabilities": json.dumps(sorted(machine.capabilities)),
               "hours": json.dumps({WEEKDAY_KEYS[d]: f"{o:%H:%M}-{c:%H:%M}" for d, (o, c) in sorted(machine.hours.items())}),
               "position": position}
        if machine.name in existing:
            conn.execute(update(t.machines).where(t.machines.c.id == existing[machine.name]).values(**row))
            ids[machine.name] = existing[machine.name]
        else:
            key = conn.execute(insert(t.machines).values(name=machine.name, **row)).inserted_primary_key
            assert key is not None
            ids[machine.name] = int(key[0])
    conn.execute(delete(t.downtime))
    if department.downtime:
        conn.execute(insert(t.downtime), [
            {"machine_id": ids[d.machine], "starts_at": d.start, "ends_at": d.end, "reason": d.reason}
            for d in department.downtime])


def _stored_closures(conn: Connection) -> list[tuple[date, str]]:
    """The closures stored now ([] when there is no department, or its closures no longer read)."""
    head = conn.execute(select(t.department.c.closures).where(t.department.c.id == 1)).first()
    if head is None:
        return []
    try:
        return [(date.fromisoformat(item["date"]), str(item["name"])) for item in json.loads(head.closures)]
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return []


def _trail_changes(conn: Connection, department: Department, who: str, now: datetime) -> None:
    """Write into the department's trail the downtime and closures `department` adds to or removes from
    the stored ones (a downtime whose reason changed, or a closure whose note did: one removed, one added)."""
    old_down = {downtime_key(d): d for d in recorded_downtime(conn, department.zone)}
    new_down = {downtime_key(d): d for d in department.downtime}
    write_downtime_trail(conn, TrailAction.REMOVED, [d for key, d in old_down.items() if key not in new_down], who, now)
    write_downtime_trail(conn, TrailAction.ADDED, [d for key, d in new_down.items() if key not in old_down], who, now)
    old_closed, new_closed = set(_stored_closures(conn)), set(department.closures)
    write_closure_trail(conn, TrailAction.REMOVED, sorted(old_closed - new_closed), who, now)
    write_closure_trail(conn, TrailAction.ADDED, sorted(new_closed - old_closed), who, now)
