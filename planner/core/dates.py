"""The one way people read a date in the planner's messages, window and notices alike.

English abbreviations spelled out here rather than taken from strftime, so the words do not
change with the machine's locale. Machine-readable output (JSON, course files, .ics) stays ISO.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def short_day_text(day: date) -> str:
    """'Mon 7 Dec': inside a week or list whose year is already shown."""
    return f"{_WEEKDAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]}"


def date_text(day: date) -> str:
    """'7 Dec 2026': where the weekday does not fit, e.g. beside a long name in a printed footer."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def day_text(day: date) -> str:
    """'Mon 7 Dec 2026': the weekday matters to a coordinator, the year to a course across New Year."""
    return f"{short_day_text(day)} {day.year}"


def moment_text(moment: datetime) -> str:
    """'Mon 7 Dec 2026 09:00': a day and its wall-clock time, as the moment's own zone shows it."""
    return f"{day_text(moment.date())} {moment:%H:%M}"


def whole_days_text(start: datetime, end: datetime) -> str | None:
    """'all day Tue 24 Nov 2026', or 'all day Tue 24 Nov 2026 to Thu 26 Nov 2026', for a period from one midnight
    to another (as its zone reads it); None for any other period. Said so, not '00:00 to 00:00' of the next day."""
    if start.time() != time(0) or end.time() != time(0) or end.date() <= start.date():
        return None
    last = end.date() - timedelta(days=1)
    return f"all day {day_text(start.date())}" + (f" to {day_text(last)}" if last != start.date() else "")
