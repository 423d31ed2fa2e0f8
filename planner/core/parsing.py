"""Text -> values for the command line and saved files; every refusal names the field."""

from __future__ import annotations

from datetime import date, datetime, time

from .errors import Field, InputError
from .kinds import Pattern
from .limits import check_date
from .text import quoted

MAX_NUMBER_CHARS = 7


def parse_date(field: Field, text: str) -> date:
    """YYYY-MM-DD within the planner's calendar (see limits)."""
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(field, f"{quoted(text)} is not a date in the form YYYY-MM-DD") from None
    check_date(field, day)
    return day


def parse_time(field: Field, text: str) -> time:
    raw = text.strip()
    try:
        hours, minutes = raw.split(":")
        if len(hours) not in (1, 2) or len(minutes) != 2 or not (hours.isdigit() and minutes.isdigit()):
            raise ValueError  # digits only: int() would also read '09:-0', '+9:00' or '9 :05
        return time(int(hours), int(minutes))
    except ValueError:
        raise InputError(field, f"{quoted(text)} is not a time in the form HH:MM (00:00 to 23:59)") from None


def parse_local_datetime(field: Field, text: str) -> datetime:
    """YYYY-MM-DDTHH:MM (or a space instead of T), naive, within the planner's calendar."""
    raw = text.strip()
    day, sep, clock = raw.partition("T")
    if not sep:
        day, sep, clock = raw.partition(" ")
    if not sep:
        raise InputError(field, f"{quoted(text)} is not a date and time in the form YYYY-MM-DDTHH:MM")
    try:
        moment = datetime.combine(date.fromisoformat(day), parse_time(field, clock))
    except (ValueError, InputError):
        raise InputError(field, f"{quoted(text)} is not a date and time in the form YYYY-MM-DDTHH:MM") from None
    check_date(field, moment)
    return moment


def parse_int(field: Field, text: str, low: int, high: int, what: str = "a whole number") -> int:
    """A whole number from low to high. What `int()` refuses is refused here (`str.isdigit()`
    also accepts '²' and '①'); digits of other scripts that `int()` reads are accepted."""
    raw = text.strip()
    digits = raw.removeprefix("-")
    if len(raw) > MAX_NUMBER_CHARS and digits.isascii() and digits.isdigit():  # a number, too long to read: out of range
        raise InputError(field, f"{quoted(text)} is far too {'small' if raw.startswith('-') else 'large'} a number")
    try:
        if len(raw) > MAX_NUMBER_CHARS or "_" in raw:
            raise ValueError
        value = int(raw)
    except ValueError:
        raise InputError(field, f"{quoted(text)} is not {what}") from None
    if not low <= value <= high:
        raise InputError(field, f"must be from {low} to {high} (got {value})")
    return value


def parse_pattern(field: Field, text: str) -> Pattern:
    try:
        return Pattern(text.strip().lower())
    except ValueError:
        raise InputError(field, f"{quoted(text)} is not a pattern (use {', '.join(p.value for p in Pattern)})") from None
