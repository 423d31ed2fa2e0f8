"""The department's booking rules: how soon an urgent course starts, the share of each machine-day held
for urgent starts and when it opens to routine bookings, and how a fraction lost to downtime may be
made up. Each is a setting of the department (file, store, window), and the engine books by them."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from planner.booking.engine import BookingEngine
from planner.booking.model import BookingPolicy, CourseNeed, SessionNeed
from planner.core.department import (
    BookingRules,
    Department,
    DepartmentFileError,
    Downtime,
    Machine,
    department_from_json,
    department_to_json,
    department_to_toml,
    parse_department,
)
from planner.core.errors import Field, InputError

TZ = ZoneInfo("Europe/London")
HEAD = '[department]\nname = "Riverside"\ntimezone = "Europe/London"\n'
WEEKDAYS = {d: (time(8), time(18)) for d in range(5)}
MONDAY = date(2030, 4, 1)


DEFAULT_RULES = BookingRules()


def department(rules: BookingRules = DEFAULT_RULES, *machines: Machine) -> Department:
    return Department(name="Riverside", timezone="Europe/London",
                      machines=machines or (Machine("Linac 1", group="A", capabilities=frozenset({"vmat"}), hours=WEEKDAYS),),
                      booking=rules)


def test_a_department_without_booking_rules_books_by_the_defaults_the_issue_names():
    rules = parse_department(HEAD, "d.toml").booking
    assert rules == BookingRules()
    assert (rules.urgent_within_days, rules.urgent_reserve_percent, rules.reserve_release_days) == (2, 10, 2)
    assert rules.second_session and rules.weekend_hours is None
    policy = BookingPolicy.of_department(rules)
    assert (policy.urgent_within_days, policy.urgent_reserve, policy.reserve_release_days) == (2, 0.10, 2)
    assert policy.second_session and policy.weekend_hours is None


def test_the_booking_table_is_read_and_written_back_to_the_same_rules():
    text = HEAD + ('[booking]\nurgent_within_days = 1\nurgent_reserve_percent = 15\nreserve_release_days = 3\n'
                   'second_session = false\nweekend_hours = "09:00-13:30"\n')
    found = parse_department(text, "d.toml")
    assert found.booking == BookingRules(1, 15, 3, False, (time(9), time(13, 30)))
    written = department_to_toml(found)
    assert '\n[booking]\nurgent_within_days = 1\nurgent_reserve_percent = 15\nreserve_release_days = 3\n' \
           'second_session = false\nweekend_hours = "09:00-13:30"\n' in written
    assert parse_department(written, "again.toml") == found
    assert department_to_json(found)["booking"] == {"urgent_within_days": 1, "urgent_reserve_percent": 15,
                                                    "reserve_release_days": 3, "second_session": False,
                                                    "weekend_hours": "09:00-13:30"}
    assert department_from_json(department_to_json(found), "store") == found
    policy = BookingPolicy.of_department(found.booking)
    assert (policy.urgent_within_days, policy.urgent_reserve, policy.reserve_release_days) == (1, 0.15, 3)
    assert not policy.second_session and policy.weekend_hours == (time(9), time(13, 30))


def test_a_key_left_out_keeps_its_default_and_an_empty_weekend_means_none():
    found = parse_department(HEAD + '[booking]\nurgent_reserve_percent = 0\nweekend_hours = ""\n', "d.toml").booking
    assert found == BookingRules(urgent_reserve_percent=0)


@pytest.mark.parametrize("lines, problem", [
    ("urgent_within_days = 31", "'urgent_within_days' must be a whole number of working days from 0 to 30"),
    ("urgent_within_days = -1", "'urgent_within_days' must be a whole number of working days from 0 to 30"),
    ("urgent_within_days = 2.5", "'urgent_within_days' must be a whole number"),
    ("urgent_within_days = true", "'urgent_within_days' must be a whole number"),
    ("urgent_reserve_percent = 91", "'urgent_reserve_percent' must be a whole percentage from 0 to 90"),
    ("urgent_reserve_percent = 12.5", "'urgent_reserve_percent' must be a whole number"),
    ("urgent_reserve_percent = \"10\"", "'urgent_reserve_percent' must be a whole number"),
    ("reserve_release_days = 61", "'reserve_release_days' must be a whole number of working days from 0 to 60"),
    ("second_session = \"yes\"", "'second_session' must be true or false"),
    ("weekend_hours = \"13:00-09:00\"", "'weekend_hours': '13:00-09:00' closes before it opens"),
    ("weekend_hours = \"9-13\"", "'weekend_hours':"),
    ("weekend_hours = 9", "'weekend_hours' must be text such as \"09:00-13:00\" (empty: no weekend sessions)"),
    ("slots = 5", "unknown key 'slots' (known: reserve_release_days, second_session, urgent_reserve_percent, "
                  "urgent_within_days, weekend_hours)"),
])
def test_each_refusal_of_the_booking_table_names_file_table_key_and_problem(lines, problem):
    with pytest.raises(DepartmentFileError) as caught:
        parse_department(HEAD + "[booking]\n" + lines + "\n", "d.toml")
    assert str(caught.value).startswith(f"d.toml: [booking]: {problem}")


def test_a_booking_entry_that_is_no_table_is_refused():
    with pytest.raises(DepartmentFileError, match=r"^d\.toml: \[booking\]: must be a table$"):
        parse_department('booking = 3\n' + HEAD, "d.toml")


@pytest.mark.parametrize("values, field", [
    ({"urgent_within_days": 31}, Field.URGENT_WITHIN),
    ({"urgent_reserve_percent": -1}, Field.URGENT_RESERVE),
    ({"reserve_release_days": 61}, Field.RESERVE_RELEASE),
    ({"second_session": 1}, Field.SECOND_SESSION),
    ({"weekend_hours": (time(13), time(13))}, Field.WEEKEND_HOURS),
])
def test_the_rules_value_refuses_what_the_file_would(values, field):
    with pytest.raises(InputError) as caught:
        BookingRules(**values)
    assert caught.value.field is field
    assert BookingRules(urgent_within_days=30, urgent_reserve_percent=90, reserve_release_days=60).urgent_reserve_percent == 90


def test_the_rules_read_as_one_line_for_the_departments_listing():
    assert BookingRules().summary() == (
        "urgent courses start within 2 working days; 10 % of each machine-day held for them, open to routine bookings "
        "2 working days ahead; gap-sensitive courses make up a fraction lost to downtime in a second session that day")
    assert BookingRules(1, 0, 1, False, (time(9), time(13))).summary() == (
        "urgent courses start within 1 working day; no time held for them; gap-sensitive courses make up a fraction "
        "lost to downtime in a weekend session (09:00-13:00)")
    assert BookingRules(reserve_release_days=1, second_session=False).summary().endswith(
        "open to routine bookings 1 working day ahead; a fraction lost to downtime goes to the end of the course")


# ---------------------------------------------------------------- the engine books by them
def _routine_late(engine: BookingEngine, course_id: str, today: date) -> datetime:
    """The start a routine one-fraction course asking for 17:30 three weeks ahead gets."""
    need = CourseNeed(course_id, (SessionNeed(1, 20),), earliest=today + timedelta(days=21), preferred_time=time(17, 30))
    return engine.book_best(need, today).fractions[0].start.astimezone(TZ)


def test_the_urgent_reserve_and_its_release_are_the_departments():
    held = BookingEngine.for_department(department(BookingRules(urgent_reserve_percent=20, reserve_release_days=2)))
    start = _routine_late(held, "r1", MONDAY)
    assert start.time() <= time(16, 0)  # the last 20 % (2 hours) of the day is held for urgent starts
    open_all = BookingEngine.for_department(department(BookingRules(urgent_reserve_percent=0)))
    assert _routine_late(open_all, "r1", MONDAY).time() == time(17, 30)
    released = BookingEngine.for_department(department(BookingRules(urgent_reserve_percent=20, reserve_release_days=20)))
    assert _routine_late(released, "r1", MONDAY).time() == time(17, 30)  # 15 working days ahead: already open
    assert held.policy.urgent_reserve == 0.20 and released.policy.reserve_release_days == 20


def test_an_explicit_policy_still_overrides_the_departments_rules():
    engine = BookingEngine.for_department(department(BookingRules(urgent_reserve_percent=50)), BookingPolicy(urgent_reserve=0.0))
    assert engine.policy.urgent_reserve == 0.0


def test_a_weekend_make_up_is_offered_only_where_the_department_allows_it():
    linacs = (Machine("Linac 1", group="A", capabilities=frozenset({"vmat"}), hours=WEEKDAYS),)

    def make_up_day(rules: BookingRules) -> date | None:
        engine = BookingEngine.for_department(department(rules, *linacs))
        need = CourseNeed("hn", tuple(SessionNeed(n, 15) for n in range(1, 11)), earliest=MONDAY,
                          preferred_time=time(9), gap_sensitive=True)
        engine.book_best(need, MONDAY - timedelta(days=7))
        wednesday = MONDAY + timedelta(days=2)
        report = engine.add_downtime(Downtime("Linac 1", datetime.combine(wednesday, time(8), TZ),
                                              datetime.combine(wednesday, time(18), TZ), "fault"), MONDAY)
        moved = report.moved[0].to_start.astimezone(TZ) if report.moved else None
        return moved.date() if moved is not None else None

    saturday = MONDAY + timedelta(days=5)
    assert make_up_day(BookingRules(second_session=False, weekend_hours=(time(9), time(13)))) == saturday
    assert make_up_day(BookingRules(second_session=False)) != saturday
