"""The window's one way of writing a date, so the form, the list, the views and the messages agree."""

from __future__ import annotations

from datetime import date


def day_text(day: date) -> str:
    """'Mon 7 Dec 2026': the weekday matters to a coordinator, the year to a course across New Year."""
    return f"{day:%a} {day.day} {day:%b %Y}"


def short_day(day: date) -> str:
    """'Mon 7 Dec': inside a week whose year is already shown."""
    return f"{day:%a} {day.day} {day:%b}"
