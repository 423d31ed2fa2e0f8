"""The limits every front end and file reader applies, written once.

Dates outside the supported calendar would overflow date arithmetic and time-zone conversion
(years 1 and 9999), so every date the planner takes is checked against `EARLIEST_DATE` and
`LATEST_DATE`; the byte limits bound what is read from any file.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import TYPE_CHECKING

from .dates import day_text
from .errors import Field, InputError

if TYPE_CHECKING:
    from .course import CourseRequest

EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2200, 12, 31)
# A date further than this from where it belongs is warned about, most likely a mistyped year: a first fraction
# from today (in the window), a moved appointment from its planned day, the planning scan before the first fraction.
FAR_DAYS = 183
MAX_EARLIEST_PAST_DAYS = 366  # a booking's earliest start further back is a mistyped year: the wait would count from it
MAX_TEXT_CHARS = 500  # one line of text: a name, a place, a note, an id
MAX_URGENT_WITHIN_DAYS = 30  # the department setting: an urgent course starts within this many working days
MAX_RESERVE_RELEASE_DAYS = 60  # the department setting: working days ahead the urgent reserve opens to routine bookings
MAX_URGENT_RESERVE_PERCENT = 90  # the department setting: share of each machine-day held for urgent starts
MAX_CLOSURE_DAYS = 31  # an unplanned closure of the department (snow, a power cut); a longer one is a new calendar
MAX_COURSE_FILE_BYTES = 1_000_000
MAX_SETTINGS_BYTES = 1_000_000
MAX_CATALOGUE_BYTES = 1_000_000
MAX_EXPORT_BYTES = 1_000_000
MAX_HOLIDAY_CACHE_BYTES = 4 * 1024 * 1024
MAX_EXPORT_EVENTS = 600  # events in an earlier export (a course with preparation events writes about 200)
MAX_EXPORT_LINES = 20_000  # content lines, unfolded (about 25 per event): the parser's time grows with them
MAX_EXPORT_LINE_CHARS = 10_000  # one unfolded line: many parameters or list items in one line are slow to parse
MAX_EXPORT_SPAN_DAYS = 10 * 366  # first to last event of an earlier export
# A course starting on LATEST_DATE ends (follow-up included) a few years later; an export's events
# may run that far past the calendar, and preparation steps a little before EARLIEST_DATE.
EXPORT_YEAR_MARGIN = 5


def date_out_of_range(day: date) -> str | None:
    """Why `day` is refused (None when it is within the planner's calendar)."""
    if EARLIEST_DATE <= day <= LATEST_DATE:
        return None
    return f"{day_text(day)} is outside the planner's calendar ({day_text(EARLIEST_DATE)} to {day_text(LATEST_DATE)})"


def earliest_start_problem(day: date, today: date) -> str | None:
    """Why an earliest start given for a booking is refused (None when it is taken): more than a year before today is
    most likely a mistyped year, and the booking's wait would count (and be kept) from it."""
    if (today - day).days <= MAX_EARLIEST_PAST_DAYS:
        return None
    return f"{day_text(day)} is more than a year before today ({day_text(today)}): check the year"


def within_calendar(field: Field, first: date, last: date, span: str) -> None:
    """InputError naming `field` when a span of days from `first` runs past the planner's calendar:
    refused rather than cut short, so no answer names a day the planner cannot take."""
    if last > LATEST_DATE:
        raise InputError(field, f"{span} from {day_text(first)} run to {day_text(last)}, past the planner's calendar "
                                f"(it ends {day_text(LATEST_DATE)})")


def export_year_problem(year: int) -> str | None:
    """Why an event dated in `year` cannot be part of an export the planner wrote (None when it can)."""
    low, high = EARLIEST_DATE.year - EXPORT_YEAR_MARGIN, LATEST_DATE.year + EXPORT_YEAR_MARGIN
    if low <= year <= high:
        return None
    return f"a date in the year {year} is outside the planner's calendar ({low} to {high})"


def check_date(field: Field, day: date | datetime | None) -> None:
    """Raise InputError naming `field` when `day` is outside the planner's calendar."""
    if day is None:
        return
    reason = date_out_of_range(day.date() if isinstance(day, datetime) else day)
    if reason:
        raise InputError(field, reason)


def check_dates(field: Field, days: Iterable[date | datetime | None]) -> None:
    for day in days:
        check_date(field, day)


def check_course_dates(request: CourseRequest) -> None:
    """Every date of a course request, whichever front end made it, within the planner's calendar."""
    check_date(Field.START, request.start)
    check_date(Field.SIMULATION, request.simulation)
    check_dates(Field.CLOSED, request.calendar.closures)
    check_dates(Field.MOVES, (move.start for move in request.adjustments.moves))
    check_dates(Field.MISSED, (m.day for m in request.adjustments.missed))
    check_dates(Field.MISSED, (m.make_up_at for m in request.adjustments.missed))
