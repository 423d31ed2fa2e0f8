"""Plan: a course as chosen -> its schedule; and the course a new plan starts from."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from ..core.catalogue import Catalogue
from ..core.clinic import HolidaySource
from ..core.dates import day_text
from ..core.department import Department
from ..core.errors import Field, InputError
from ..core.kinds import AppointmentKind
from ..core.limits import LATEST_DATE, within_calendar
from ..core.schedule import Schedule, build_schedule
from ..core.spec import CourseSpec
from ..core.text import counted
from ..store.settings import Settings

NEW_COURSE_LEAD_DAYS = 7  # a new course starts on the first open day a week from today


@dataclass(frozen=True)
class PlanResult:
    """The schedule, or the refusal naming the field at fault: exactly one is set."""

    schedule: Schedule | None
    error: InputError | None


def plan(spec: CourseSpec, catalogue: Catalogue, holidays: HolidaySource | None = None) -> Schedule:
    """The course's schedule, public holidays asked of `holidays` (raises InputError naming the field at fault)."""
    schedule = build_schedule(spec.to_request(catalogue, holidays), catalogue)
    check_within_calendar(schedule)
    return schedule


def check_within_calendar(schedule: Schedule) -> None:
    """InputError naming the field at fault when a fraction, review or the follow-up falls after the planner's calendar
    ends: refused here as `book` refuses it, so no plan, export, print or save holds a day the planner cannot take."""
    fractions = sorted(a.start.date() for a in schedule.fractions)
    if len(fractions) > 1:  # one fraction past the end is said below, as the other appointments are
        within_calendar(Field.START, fractions[0], fractions[-1], counted(len(fractions), "fraction"))
    for appointment in sorted(schedule.appointments, key=lambda a: a.start):
        day = appointment.start.date()
        if day <= LATEST_DATE:
            continue
        field = Field.FOLLOW_UP_WEEKS if appointment.kind is AppointmentKind.FOLLOW_UP else Field.START
        what = "the follow-up visit" if appointment.kind is AppointmentKind.FOLLOW_UP else f"the {appointment.kind.value}"
        raise InputError(field, f"{what} on {day_text(day)} is past the planner's calendar (it ends {day_text(LATEST_DATE)})")


def attempt_plan(spec: CourseSpec, catalogue: Catalogue, holidays: HolidaySource | None = None) -> PlanResult:
    """The course's schedule or its refusal, for a front end that shows either live."""
    try:
        return PlanResult(plan(spec, catalogue, holidays), None)
    except InputError as exc:
        return PlanResult(None, exc)


def default_location(settings: Settings, department: Department | None = None) -> str:
    """Where the appointments are unless the course says otherwise: the clinic's (or department's) name and address."""
    parts = (department.name, department.address) if department is not None else (settings.clinic_name, settings.clinic_address)
    return ", ".join(part for part in parts if part)


def clinic_contact(settings: Settings, department: Department | None, phone: str | None = None) -> tuple[str, str]:
    """The clinic's name and phone for the patient, the same for the window and the command line."""
    return contact_of(department, settings.clinic_name, settings.clinic_phone, phone)


def contact_of(department: Department | None, desk_name: str, desk_phone: str, phone: str | None = None) -> tuple[str, str]:
    """Name and phone by precedence: `phone` given for this export or print, then the department's (when the
    store holds one and it is filled in), then the desk's settings."""
    name = (department.name if department is not None else "") or desk_name
    known = (department.phone if department is not None else "") or desk_phone
    return name, known if phone is None else phone


def clinic_spec(settings: Settings, department: Department | None = None) -> CourseSpec:
    """A course with only the clinic's choices: zone, holidays, treatment days (and closures), time and location.
    The department's calendar, when the store holds one, wins over the desk's settings."""
    spec = CourseSpec(tz=settings.zone_name, holidays=settings.holidays or None, days=settings.treatment_weekdays,
                      time=settings.default_time, location=default_location(settings, department))
    if department is None:
        return spec
    return spec.updated(tz=department.timezone, holidays=department.holidays, days=department.treatment_days,
                        closed=department.closures)


def new_spec(settings: Settings, catalogue: Catalogue, today: date, department: Department | None = None,
             holidays: HolidaySource | None = None) -> CourseSpec:
    """A new course: the clinic's choices, the catalogue's first site and preset, the first open day a week on."""
    site = catalogue.sites[0]
    preset = site.presets[0] if site.presets else None
    spec = clinic_spec(settings, department).updated(
        site=site.id, preset=preset.id if preset else None, fractions=preset.fractions if preset else 5,
        pattern=preset.pattern if preset else None, duration=(preset.session_minutes if preset else None) or site.session_minutes,
    )
    try:
        start = spec.clinic_calendar(holidays).next_open_day(today + timedelta(days=NEW_COURSE_LEAD_DAYS))
    except InputError:
        return spec
    return spec.updated(start=start)
