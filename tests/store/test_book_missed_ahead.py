"""A course marked missed on a day still to come (the patient told us they cannot come that Wednesday) is
booked as its schedule shows it: no session on the missed day, and its make-up where the mark says (at the
end, a second session, or the weekend day in the department's weekend hours). Before, `book` put a session on
the missed day anyway, as if the mark were not there, and the make-up was never booked."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, time
from pathlib import Path

import pytest

from planner.core.department import BookingRules
from planner.store.db import Store

from .booking_scenario import stock
from .command_line import run

MISSED = date(2030, 3, 27)  # the Wednesday of the first week


def _marked(capsys, tmp_path: Path, how: str, weekend_hours: tuple[time, time] | None = None) -> str:
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    if weekend_hours is not None:
        with Store.open(url) as store:
            department = store.department()
            assert department is not None
            store.set_department(replace(department, booking=BookingRules(weekend_hours=weekend_hours)))
    status, _, err = run(capsys, "course", "save", "--course-id", "course-prostate", "--missed", f"3={how}",
                         "--reason", "cannot come", "--db", url)
    assert status == 0, err
    return url


def _planned(capsys, url: str) -> list[tuple[str, bool]]:
    status, out, err = run(capsys, "plan", "--course-id", "course-prostate", "--json", "--db", url)
    assert status == 0, err
    return [(a["start"][:10], a["make_up"]) for a in json.loads(out)["appointments"] if a["kind"] == "fraction"]


def _booked(capsys, url: str) -> dict[str, object]:
    status, out, err = run(capsys, "book", "--course-id", "course-prostate", "--earliest", "2030-03-25",
                           "--prefer-time", "08:30", "--json", "--db", url)
    assert status == 0, err
    return json.loads(out)


@pytest.mark.parametrize("how", ["end", "same-day"])
def test_the_missed_day_gets_no_booking_and_its_make_up_is_booked_where_the_schedule_has_it(capsys, tmp_path, how):
    url = _marked(capsys, tmp_path, how)
    planned = _planned(capsys, url)
    assert MISSED.isoformat() not in {day for day, _ in planned} and sum(make_up for _, make_up in planned) == 1
    answer = _booked(capsys, url)
    days = [a["start"][:10] for a in answer["appointments"] if a["kind"] == "fraction"]  # type: ignore[index,union-attr]
    assert MISSED.isoformat() not in days
    assert days == [day for day, _ in planned]  # the make-up too: at the end, or the next day's second session
    _, out, _ = run(capsys, "agenda", "--date", planned[-1][0] if how == "end" else "2030-03-28", "--db", url)
    assert "make-up for the session missed on Wed 27 Mar 2030" in out


def test_a_weekend_make_up_is_booked_on_its_weekend_day_in_the_weekend_hours(capsys, tmp_path):
    url = _marked(capsys, tmp_path, "weekend", (time(9, 0), time(13, 0)))
    planned = _planned(capsys, url)
    saturday = next(day for day, make_up in planned if make_up)
    assert date.fromisoformat(saturday).weekday() == 5
    answer = _booked(capsys, url)
    starts = [a["start"] for a in answer["appointments"] if a["kind"] == "fraction"]  # type: ignore[index,union-attr]
    assert [start[:10] for start in starts] == [day for day, _ in planned]
    assert next(start for start in starts if start.startswith(saturday))[11:16] == "09:00"  # the weekend hours open at 9


def test_without_weekend_hours_the_make_up_goes_to_the_next_open_day_and_says_why(capsys, tmp_path):
    url = _marked(capsys, tmp_path, "weekend")
    saturday = next(day for day, make_up in _planned(capsys, url) if make_up)
    status, out, err = run(capsys, "book", "--course-id", "course-prostate", "--earliest", "2030-03-25",
                           "--prefer-time", "08:30", "--db", url)
    assert status == 0, err
    assert f"Pushed: {date.fromisoformat(saturday):%a %Y-%m-%d}  no weekend sessions in the department's booking rules" in out
    assert f"{MISSED:%a %Y-%m-%d}  marked missed on the course" in out
    assert f"{MISSED:%a %Y-%m-%d} 08:30" not in out
