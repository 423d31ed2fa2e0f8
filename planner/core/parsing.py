"""Text -> values for the command line and saved files; every refusal names the field."""

from __future__ import annotations

from datetime import date, datetime, time

from .errors import Field, InputError
from .kinds import Pattern


def parse_date(field: Field, text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(field, f"'{text}' is not a date in the form YYYY-MM-DD") from None


def parse_time(field: Field, text: str) -> time:
    raw = text.strip()
    try:
        hours, minutes = raw.split(":")
        if len(hours) not in (1, 2) or len(minutes) != 2:
            raise ValueError
        return time(int(hours), int(minutes))
    except ValueError:
        raise InputError(field, f"'{text}' is not a time in the form HH:MM (00:00 to 23:59)") from None


def parse_local_datetime(field: Field, text: str) -> datetime:
    raw = text.strip()
    day, sep, clock = raw.partition("T")
    if not sep:
        day, sep, clock = raw.partition(" ")
    if not sep:
        raise InputError(field, f"'{text}' is not a date and time in the form YYYY-MM-DDTHH:MM")
    try:
        return datetime.combine(date.fromisoformat(day), parse_time(field, clock))
    except (ValueError, InputError):
        raise InputError(field, f"'{text}' is not a date and time in the form YYYY-MM-DDTHH:MM") from None


def parse_int(field: Field, text: str, low: int, high: int, what: str = "a whole number") -> int:
    raw = text.strip()
    if not raw.lstrip("-").isdigit() or len(raw) > 6:
        raise InputError(field, f"'{text}' is not {what}")
    value = int(raw)
    if not low <= value <= high:
        raise InputError(field, f"must be from {low} to {high} (got {value})")
    return value


def parse_pattern(field: Field, text: str) -> Pattern:
    try:
        return Pattern(text.strip().lower())
    except ValueError:
        raise InputError(field, f"'{text}' is not a pattern (use {', '.join(p.value for p in Pattern)})") from None
