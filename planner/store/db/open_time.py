"""When the department's machines treat, as the store holds it now: what `bookings.place` checks
every booking it writes against, inside its write transaction, so that a booking proposed from a
view of the department read before another coordinator recorded downtime, or before someone
changed opening hours, treatment days or closures, is refused rather than written.

The rule is the booking engine's (`BookingEngine._hours(..., make_up=True)`): on a treatment
weekday that is no recorded closure, the machine's hours of that weekday; on any other weekday
that is no closure, the department's weekend hours for downtime make-ups (when it allows them);
and never inside a recorded downtime of the machine. Public holidays are left to the engine: they
come from the holidays package (or the source a desk is given) for the department's region, which
a desk reads afresh whenever the department changed, so the store does not compute them per booking.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, and_, select

from ...core.clinic import parse_weekdays
from ...core.dates import day_text
from ...core.department import Booking
from ...core.errors import Field, InputError
from ...core.text import printable
from ...core.wall_clock import hours_instants
from . import schema as t
from .department_rows import hours_span, machine_hours
from .errors import StoreError


def closed_time(connection: Connection, new: Sequence[tuple[Booking, int]], stored_hours: Mapping[int, str]) -> tuple[Booking, str] | None:
    """The first of `new` (booking, its machine's row id) that lies outside its machine's hours on
    its local day, on a day the department is closed, or inside a downtime of its machine, with the
    reason in words; None when every one may be written. `stored_hours`: each machine row's hours as stored."""
    if not new:
        return None
    head = connection.execute(select(t.department.c.timezone, t.department.c.treatment_days, t.department.c.closures,
                                     t.department.c.weekend_hours).where(t.department.c.id == 1)).first()
    if head is None:  # no department (machines come only with one): nothing to hold a booking to
        return None
    try:
        zone, treatment_days, closures, weekend = _department_time(head)
        hours = {machine_id: machine_hours(stored_hours[machine_id]) for machine_id in {machine_id for _, machine_id in new}}
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError, InputError) as exc:
        raise StoreError(f"the department's settings in the database are damaged ({type(exc).__name__}: "
                         f"{printable(str(exc))[:200]}); import the department file again") from None
    for booking, machine_id in new:
        local = booking.start.astimezone(zone)
        day = local.date()
        if day in closures:
            note = f" ({closures[day]})" if closures[day] else ""
            return booking, f"the department was closed on {day_text(day)} meanwhile{note}"
        if day.weekday() in treatment_days:
            span = hours[machine_id].get(day.weekday())
            if span is None:
                return booking, f"{booking.machine} does not treat on {day_text(day)} any more (its hours changed meanwhile)"
        elif weekend is None:
            return booking, f"{day_text(day)} is no treatment day of the department any more (changed meanwhile)"
        else:
            span = weekend
        if not _within(booking, day, span, zone):
            return booking, (f"{booking.machine}'s hours on {day_text(day)} changed meanwhile to "
                             f"{span[0]:%H:%M}–{span[1]:%H:%M}: {local:%H:%M} is outside them")
    return _first_in_downtime(connection, new, zone)


def _department_time(head: Any) -> tuple[ZoneInfo, frozenset[int], dict[date, str], tuple[time, time] | None]:
    """The zone, treatment weekdays, closures (day -> note) and weekend hours of the stored department row."""
    closures = {date.fromisoformat(item["date"]): str(item["name"]) for item in json.loads(head.closures)} if head.closures != "[]" else {}
    weekend = hours_span(head.weekend_hours) if head.weekend_hours else None
    return ZoneInfo(head.timezone), parse_weekdays(Field.TREATMENT_DAYS, head.treatment_days), closures, weekend


def _within(booking: Booking, day: date, span: tuple[time, time], zone: ZoneInfo) -> bool:
    """Whether the booking lies within `span` on its local day, as the engine counts it (`hours_instants`:
    on a day the clocks change, from the first moment the clock shows the opening time to the first it
    shows the closing time), compared as instants (datetimes of one zone compare by the clock)."""
    opens, closes = hours_instants(day, span[0], span[1], zone)
    return opens.timestamp() <= booking.start.timestamp() and booking.end.timestamp() <= closes.timestamp()


def _first_in_downtime(connection: Connection, new: Sequence[tuple[Booking, int]], zone: ZoneInfo) -> tuple[Booking, str] | None:
    """The first booking inside a recorded downtime of its machine: one query, for only the machines
    written and only the time from the first booking's start to the last one's end."""
    first = min(booking.start for booking, _ in new)
    last = max(booking.end for booking, _ in new)
    machines = sorted({machine_id for _, machine_id in new})
    rows = connection.execute(select(t.downtime.c.machine_id, t.downtime.c.starts_at, t.downtime.c.ends_at, t.downtime.c.reason)
                              .where(and_(t.downtime.c.machine_id.in_(machines), t.downtime.c.starts_at < last,
                                          t.downtime.c.ends_at > first))).all()
    if not rows:
        return None
    for booking, machine_id in new:
        for row in rows:
            if row.machine_id == machine_id and row.starts_at < booking.end and booking.start < row.ends_at:
                return booking, f"{booking.machine} was taken down {span_words(row.starts_at, row.ends_at, zone)} meanwhile" + (
                    f" ({row.reason})" if row.reason else "")
    return None


def department_zone(connection: Connection) -> ZoneInfo | None:
    """The stored department's zone, which a message about its time is written in (None: no department,
    or one whose zone no longer reads)."""
    name = connection.execute(select(t.department.c.timezone).where(t.department.c.id == 1)).scalar()
    try:
        return ZoneInfo(name) if isinstance(name, str) and name else None
    except (ValueError, KeyError, OSError):
        return None


def span_words(start: datetime, end: datetime, zone: ZoneInfo) -> str:
    """'Mon 25 Mar 2030 08:00–18:00', or from one day's moment to another's, on the department's clock."""
    start, end = start.astimezone(zone), end.astimezone(zone)
    if start.date() == end.date():
        return f"{day_text(start.date())} {start:%H:%M}–{end:%H:%M}"
    return f"{day_text(start.date())} {start:%H:%M} – {day_text(end.date())} {end:%H:%M}"
