"""The wall-clock rules on plain values (`core/wall_clock.py`): which instant hours, a daily time and a
typed time name on the nights the clocks change. The engine's property tests use `first_showing` as
their own oracle, so a wrong jump would pass them; these pin the instants themselves."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from planner.core.errors import Field, InputError
from planner.core.wall_clock import as_planned, both_instants, check_wall_clock_given, first_showing, hours_instants, repeated, same_instant, skipped

LONDON = ZoneInfo("Europe/London")
LORD_HOWE = ZoneInfo("Australia/Lord_Howe")  # the clocks move half an hour
SPRING = date(2026, 3, 29)  # London: 01:00 GMT jumps to 02:00 BST
AUTUMN = date(2026, 10, 25)  # London: 02:00 BST goes back to 01:00 GMT


def utc(*fields: int) -> datetime:
    return datetime(*fields, tzinfo=UTC)


def test_a_time_the_clocks_skip_is_first_shown_at_the_jump_to_the_second():
    moment = first_showing(SPRING, time(1, 30), LONDON)
    assert moment == utc(2026, 3, 29, 1, 0)  # 02:00 BST, the instant the clocks jump
    assert (moment.hour, moment.minute, moment.second, moment.microsecond) == (2, 0, 0, 0)
    assert moment.tzinfo is LONDON


def test_a_half_hour_jump_is_found_as_well():
    # Lord Howe, 4 Oct 2026: 02:00 +10:30 jumps to 02:30 +11:00.
    moment = first_showing(date(2026, 10, 4), time(2, 10), LORD_HOWE)
    assert moment == utc(2026, 10, 3, 15, 30)
    assert (moment.hour, moment.minute, moment.second, moment.microsecond) == (2, 30, 0, 0)
    assert moment.tzinfo is LORD_HOWE


def test_a_time_shown_once_is_itself_and_a_repeated_one_its_first_run():
    ordinary = first_showing(date(2026, 3, 30), time(8, 15), LONDON)
    assert ordinary == utc(2026, 3, 30, 7, 15)
    assert (ordinary.hour, ordinary.minute) == (8, 15)
    assert ordinary.tzinfo is LONDON
    first_run = first_showing(AUTUMN, time(1, 30), LONDON)
    assert first_run.astimezone(UTC) == utc(2026, 10, 25, 0, 30)  # 01:30 BST, not 01:30 GMT an hour later
    assert (first_run.hour, first_run.minute, first_run.fold) == (1, 30, 0)


def test_a_planned_daily_time_the_clocks_skip_reads_with_the_offset_before_the_change():
    # RFC 5545 and the patient's calendar: 01:30 in London's spring gap is 02:30 BST, not the jump at 02:00.
    moment = as_planned(SPRING, time(1, 30), LONDON)
    assert moment == utc(2026, 3, 29, 1, 30)
    assert (moment.hour, moment.minute) == (2, 30)
    assert moment.tzinfo is LONDON
    assert as_planned(AUTUMN, time(1, 30), LONDON).astimezone(UTC) == utc(2026, 10, 25, 0, 30)


def test_hours_open_and_close_at_the_first_moment_the_clock_shows_them():
    opens, closes = hours_instants(SPRING, time(1, 30), time(23, 0), LONDON)
    assert (opens, closes) == (utc(2026, 3, 29, 1, 0), utc(2026, 3, 29, 22, 0))
    assert opens.tzinfo is LONDON and closes.tzinfo is LONDON
    opens, closes = hours_instants(SPRING, time(0, 0), time(1, 30), LONDON)
    assert closes == utc(2026, 3, 29, 1, 0)  # closing in the gap: at the jump, an hour of opening lost
    assert closes.tzinfo is LONDON
    opens, closes = hours_instants(AUTUMN, time(0, 0), time(1, 30), LONDON)
    assert opens == utc(2026, 10, 24, 23, 0)
    assert closes.astimezone(UTC) == utc(2026, 10, 25, 0, 30)  # the first 01:30


def test_skipped_and_repeated_times_are_told_apart():
    gap = datetime.combine(SPRING, time(1, 30), tzinfo=LONDON)
    twice = datetime.combine(AUTUMN, time(1, 30), tzinfo=LONDON)
    plain = datetime.combine(AUTUMN, time(3, 0), tzinfo=LONDON)
    assert skipped(gap) and not repeated(gap)
    assert repeated(twice) and repeated(twice.replace(fold=1)) and not skipped(twice)
    assert not skipped(plain) and not repeated(plain)


def test_one_instant_across_zones_and_folds():
    first_run = datetime.combine(AUTUMN, time(1, 30), tzinfo=LONDON)
    second_run = first_run.replace(fold=1)
    assert same_instant(first_run, utc(2026, 10, 25, 0, 30))
    assert same_instant(utc(2026, 10, 25, 1, 30), second_run)
    assert not same_instant(first_run, second_run)
    assert not same_instant(utc(2026, 10, 25, 0, 30), second_run)


def test_a_repeated_time_names_both_instants_with_their_offsets():
    assert both_instants(datetime.combine(AUTUMN, time(1, 30), tzinfo=LONDON)) == (
        "2026-10-25T01:30+01:00", "2026-10-25T01:30+00:00")


@pytest.mark.parametrize("offset_picks, asks", [
    (True, "(the clocks go back that night): give its UTC offset, 2026-10-25T01:30+01:00 for the first or 2026-10-25T01:30+00:00 for the second"),
    (False, "(the clocks go back that night: 2026-10-25T01:30+01:00 and 2026-10-25T01:30+00:00); "
            "give a time the clocks show once that day"),
])
def test_a_typed_repeated_time_is_refused_saying_what_to_give(offset_picks: bool, asks: str):
    with pytest.raises(InputError) as refused:
        check_wall_clock_given(Field.DOWNTIME, " 2026-10-25T01:30 ", datetime.combine(AUTUMN, time(1, 30), tzinfo=LONDON),
                               offset_picks=offset_picks)
    assert refused.value.field is Field.DOWNTIME
    assert refused.value.reason == f"'2026-10-25T01:30' occurs twice in Europe/London {asks}"


def test_a_typed_skipped_time_is_refused_and_an_ordinary_one_passes():
    with pytest.raises(InputError) as refused:
        check_wall_clock_given(Field.MOVE, "2026-03-29T01:30", datetime.combine(SPRING, time(1, 30), tzinfo=LONDON),
                               offset_picks=False)
    assert refused.value.field is Field.MOVE
    assert refused.value.reason == "'2026-03-29T01:30' does not exist in Europe/London (the clocks skip it)"
    check_wall_clock_given(Field.MOVE, "2026-03-29T03:00", datetime.combine(SPRING, time(3, 0), tzinfo=LONDON),
                           offset_picks=False)
