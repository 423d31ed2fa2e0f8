"""Text -> values for the command line and saved files; every refusal names the field."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone

from .errors import Field, InputError
from .kinds import Pattern
from .limits import check_date
from .text import quoted

MAX_NUMBER_CHARS = 7


# The forms the help and the README name, and none of the other ISO forms Python's fromisoformat also reads
# ('20261207', '2026-W50-1', '2026-12-07T0900'): ASCII digits, a four-digit year, two-digit month, day and minute.
DATE_FORM = "YYYY-MM-DD"
TIME_FORM = "HH:MM"
DATE_TIME_FORM = "YYYY-MM-DDTHH:MM"
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})", re.ASCII)
_TIME = re.compile(r"(\d{1,2}):(\d{2})", re.ASCII)  # the hour's leading zero may be left out: 9:05
_DATE_TIME = re.compile(r"(\S+?)(?:T| +)(\S+)", re.ASCII)  # a space (or several) may stand for the T
_SECONDS = re.compile(r"(\d{1,2}:\d{2}):\d{2}(?:[.,]\d+)?", re.ASCII)
_OFFSET = re.compile(r"(.+?)([+-])(\d{2}):(\d{2})", re.ASCII | re.DOTALL)


def _date_of(text: str) -> date | None:
    found = _DATE.fullmatch(text)
    try:
        return date(*map(int, found.groups())) if found else None
    except ValueError:  # 2026-02-30
        return None


def _time_of(text: str) -> time | None:
    found = _TIME.fullmatch(text)
    try:  # digits only: int() would also read '09:-0', '+9:00', '9 :05' or another script's digits
        return time(int(found.group(1)), int(found.group(2))) if found else None
    except ValueError:  # 24:00
        return None


def parse_date(field: Field, text: str) -> date:
    """YYYY-MM-DD within the planner's calendar (see limits)."""
    day = _date_of(text.strip())
    if day is None:
        raise InputError(field, f"{quoted(text)} is not a date in the form {DATE_FORM}")
    check_date(field, day)
    return day


def parse_time(field: Field, text: str) -> time:
    """HH:MM (or H:MM), 00:00 to 23:59."""
    clock = _time_of(text.strip())
    if clock is None:
        raise InputError(field, f"{quoted(text)} is not a time in the form {TIME_FORM} (00:00 to 23:59)")
    return clock


def parse_local_datetime(field: Field, text: str) -> datetime:
    """YYYY-MM-DDTHH:MM (or a space instead of T), naive, within the planner's calendar. One given to the second
    is refused saying so: the planner keeps, shows and books times to the minute."""
    found = _DATE_TIME.fullmatch(text.strip())
    day_text, clock_text = found.groups() if found else ("", "")
    seconds = _SECONDS.fullmatch(clock_text)
    day, clock = _date_of(day_text), _time_of(seconds.group(1) if seconds else clock_text)
    if day is None or clock is None:
        raise InputError(field, f"{quoted(text)} is not a date and time in the form {DATE_TIME_FORM}")
    if seconds:
        raise InputError(field, f"{quoted(text)} gives seconds: give the minute, in the form {DATE_TIME_FORM}")
    moment = datetime.combine(day, clock)
    check_date(field, moment)
    return moment


def parse_offset_datetime(field: Field, text: str) -> datetime:
    """YYYY-MM-DDTHH:MM as parse_local_datetime reads it (naive), or followed by its UTC offset, +HH:MM or -HH:MM
    (aware, in that offset)."""
    found = _OFFSET.fullmatch(text.strip())
    if found is None:
        return parse_local_datetime(field, text)
    local_text, sign, hours, minutes = found.groups()
    try:
        local = parse_local_datetime(field, local_text)
    except InputError as exc:
        raise InputError(field, exc.reason.replace(quoted(local_text), quoted(text), 1)) from None
    if int(hours) > 23 or int(minutes) > 59:
        raise InputError(field, f"{quoted(text)} is not a date and time in the form {DATE_TIME_FORM}: "
                                f"{sign}{hours}:{minutes} is not a UTC offset")
    offset = timedelta(hours=int(hours), minutes=int(minutes))
    return local.replace(tzinfo=timezone(offset if sign == "+" else -offset))


def parse_int(field: Field, text: str, low: int, high: int, what: str = "a whole number", *, say_range: bool = False) -> int:
    """A whole number from low to high. What `int()` refuses is refused here (`str.isdigit()`
    also accepts '²' and '①'); digits of other scripts that `int()` reads are accepted. With `say_range`, every
    refusal names the range (low and high are the option's own limits, not a wide first check)."""
    raw = text.strip()
    digits = raw.removeprefix("-")
    limits = f" ({low} to {high})" if say_range else ""
    if len(raw) > MAX_NUMBER_CHARS and digits.isascii() and digits.isdigit():  # a number, too long to read: out of range
        raise InputError(field, f"{quoted(text)} is far too {'small' if raw.startswith('-') else 'large'} a number{limits}")
    try:
        if len(raw) > MAX_NUMBER_CHARS or "_" in raw:
            raise ValueError
        value = int(raw)
    except ValueError:
        raise InputError(field, f"{quoted(text)} is not {what}{limits}") from None
    if not low <= value <= high:
        raise InputError(field, f"must be from {low} to {high} (got {value})")
    return value


def parse_pattern(field: Field, text: str) -> Pattern:
    try:
        return Pattern(text.strip().lower())
    except ValueError:
        raise InputError(field, f"{quoted(text)} is not a pattern (use {', '.join(p.value for p in Pattern)})") from None
