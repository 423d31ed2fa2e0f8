"""A course ready long before today (`book --earliest` a year or more back) waits as many working days
as lie between: the count does not depend on which day the engine was asked about first."""

from __future__ import annotations

from datetime import date

from .test_booking_engine import engine


def weekdays_between(start: date, end: date) -> int:
    """Monday-to-Friday days after `start` up to and including `end`, counted one by one."""
    return sum(1 for n in range(1, (end - start).days + 1) if date.fromordinal(start.toordinal() + n).weekday() < 5)


def test_a_wait_counted_from_years_back_is_every_working_day_between():
    eng = engine()
    today = date(2026, 11, 24)
    assert eng.working_days(today, today) == 0  # the engine first asked about today, as `book` does
    for ready in (date(2025, 11, 24), date(2023, 11, 24), date(2020, 1, 1), date(1900, 1, 1)):
        assert eng.working_days(ready, today) == weekdays_between(ready, today), ready


def test_a_fresh_engine_counts_a_span_longer_than_a_year_whole():
    ready, today = date(2024, 1, 1), date(2026, 11, 24)
    assert engine().working_days(ready, today) == weekdays_between(ready, today)
