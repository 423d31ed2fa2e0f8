"""The forms of time, date-time, number and pattern the parsers take, at their edges."""

from __future__ import annotations

from datetime import datetime, time

import pytest

from planner.core.errors import Field, InputError
from planner.core.parsing import parse_int, parse_local_datetime, parse_pattern, parse_time


def refusal(call, *args) -> str:
    with pytest.raises(InputError) as caught:
        call(*args)
    return str(caught.value)


def test_a_time_has_one_or_two_hour_digits_and_exactly_two_minute_digits():
    assert parse_time(Field.TIME, "9:05") == time(9, 5)
    assert parse_time(Field.TIME, "09:05") == time(9, 5)
    for text in ("9:5", "009:05", "9:005"):
        assert refusal(parse_time, Field.TIME, text) == f"time: '{text}' is not a time in the form HH:MM (00:00 to 23:59)"


def test_a_time_holds_digits_only_around_its_colon():
    for text in ("09:-0", "+9:00", "-0:00", "9 :05", "09: 5", "09:+5", "9_:05"):  # each read by int(), none a time
        assert refusal(parse_time, Field.TIME, text) == f"time: '{text}' is not a time in the form HH:MM (00:00 to 23:59)"
    assert refusal(parse_local_datetime, Field.TO, "2026-12-15T08:-0") == (
        "to: '2026-12-15T08:-0' is not a date and time in the form YYYY-MM-DDTHH:MM")


def test_a_date_and_time_may_be_split_by_more_than_one_space():
    assert parse_local_datetime(Field.SIMULATION, "2026-11-02  08:30") == datetime(2026, 11, 2, 8, 30)


def test_a_number_of_seven_characters_is_read_and_of_eight_refused():
    assert parse_int(Field.FRACTIONS, "1000000", 0, 10**8) == 1_000_000
    assert parse_int(Field.FRACTIONS, " 0000042 ", 0, 100) == 42
    assert refusal(parse_int, Field.FRACTIONS, "10000000", 0, 10**8) == "fractions: '10000000' is far too large a number"
    assert refusal(parse_int, Field.FRACTIONS, "-10000000", 1, 40) == "fractions: '-10000000' is far too small a number"
    assert refusal(parse_int, Field.FRACTIONS, "1" * 5000, 1, 40).endswith("is far too large a number")  # never int() on it
    assert refusal(parse_int, Field.FRACTIONS, "１２３４５６７８", 1, 40) == "fractions: '１２３４５６７８' is not a whole number"


def test_an_unknown_pattern_lists_the_patterns_there_are():
    assert refusal(parse_pattern, Field.PATTERN, "fortnightly") == (
        "pattern: 'fortnightly' is not a pattern (use daily, alternate, twice-weekly, weekly, twice-daily)")
