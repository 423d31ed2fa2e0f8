"""Small builders shared by the tests."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from planner.booking.engine import BookingEngine
from planner.core.catalogue import Catalogue
from planner.core.clinic import ClinicCalendar, HolidayRegion
from planner.core.course import Adjustments, CourseRequest
from planner.core.department import Downtime
from planner.core.kinds import Pattern
from planner.core.schedule import Schedule, build_schedule


def plan(
    catalogue: Catalogue,
    *,
    site: str = "prostate",
    fractions: int = 20,
    pattern: Pattern = Pattern.DAILY,
    start: date = date(2026, 11, 2),
    at: time = time(9, 0),
    minutes: int = 20,
    tz: str = "America/New_York",
    holidays: str | None = None,
    days: frozenset[int] = frozenset(range(5)),
    closures: dict[date, str] | None = None,
    adjustments: Adjustments | None = None,
    **extra: object,
) -> Schedule:
    region = HolidayRegion.parse("holidays", holidays) if holidays else None
    calendar = ClinicCalendar(treatment_days=days, holiday_region=region, closures=closures or {})
    request = CourseRequest(
        site_id=site, fractions=fractions, pattern=pattern, start=start, time=at,
        duration_minutes=minutes, tz=ZoneInfo(tz), calendar=calendar,
        adjustments=adjustments or Adjustments(), **extra,  # type: ignore[arg-type]
    )
    return build_schedule(request, catalogue)


def fraction_dates(schedule: Schedule) -> list[date]:
    return [a.start.date() for a in schedule.fractions]


def leave_free(eng: BookingEngine, machine: str, day: date, *windows: tuple[time, time]) -> None:
    """Downtime over the machine's 08:00-18:00 day except `windows` (in the engine's zone)."""
    edges = [time(8, 0)]
    for start, end in windows:
        edges += [start, end]
    edges.append(time(18, 0))
    for start, end in zip(edges[::2], edges[1::2], strict=True):
        if start < end:
            eng.add_downtime(Downtime(machine, datetime.combine(day, start, eng.tz), datetime.combine(day, end, eng.tz)), day)
