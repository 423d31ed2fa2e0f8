"""`reoptimise`'s text reads naturally for none, one and many: never '0 courses looked at kept as booked'."""

from __future__ import annotations

from datetime import date, time

import pytest

from planner.booking.reoptimise import CourseChange, Reoptimisation
from planner.cli_booking import reoptimise_text

CHANGE = CourseChange("course-1", date(2030, 4, 1), "Linac 1", time(9), date(2030, 3, 25), "Linac 1", time(9), 10, 5)


def result(*, changes: tuple[CourseChange, ...] = (CHANGE,), unchanged: int = 0, waiting: int = 1) -> Reoptimisation:
    return Reoptimisation(today=date(2030, 3, 22), last_day=date(2030, 4, 19), changes=changes, moved=(),
                          unchanged=unchanged, waiting=waiting, status="OPTIMAL", placements=())


@pytest.mark.parametrize(("unchanged", "last"), [
    (0, "5 working days of wait saved."),
    (1, "5 working days of wait saved; 1 other course looked at, kept as booked."),
    (3, "5 working days of wait saved; 3 other courses looked at, kept as booked."),
])
def test_the_courses_kept_are_counted_in_plain_words(unchanged, last):
    text = reoptimise_text(result(unchanged=unchanged), [], False, {"course-1": "Ann Smith"})
    assert text.splitlines()[-1] == last
    assert "Ann Smith: starts Mon 25 Mar instead of Mon 1 Apr" in text


def test_nothing_to_re_place_says_why():
    text = reoptimise_text(result(changes=(), unchanged=4, waiting=0), [], True, {})
    assert text.splitlines() == ["Courses starting after Fri 2030-03-22 up to Fri 2030-04-19: none could start earlier than booked.",
                                 "Nothing to re-place: no unstarted course could start earlier."]
    assert reoptimise_text(result(changes=(), waiting=1), [], False, {}).splitlines()[-1] == \
        "Nothing to re-place: no room could be made for it."
    assert reoptimise_text(result(changes=(), waiting=2), [], False, {}).splitlines()[-1] == \
        "Nothing to re-place: no room could be made for them."
