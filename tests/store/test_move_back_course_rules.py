"""Moving back (`machine-up --move-back`) keeps the course's own rules as booking and a move by hand do: a twice-daily
course's two sessions of a day at least 6 hours apart, an SBRT course's alternate-day or twice-weekly spacing, a machine
that can treat the course. A session whose old slot would break one stays where it is, the report saying why; one
that keeps them goes back. Before, moving back checked a simplified copy of those rules of its own (no machine check)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from planner.app.booking import Relocation
from planner.core.kinds import AppointmentKind
from planner.store.db import Store
from planner.store.db import bookings as db

from .booking_scenario import desk_on, stock
from .command_line import run

LONDON = ZoneInfo("Europe/London")
COURSES = (("course-bid", "Ann Twice", "H0100", "lung", "30-twice-daily", None),
           ("course-alt", "Bob Alternate", "H0101", "lung", "sbrt-5-alternate", None),
           ("course-tw", "Cy Twiceweekly", "H0102", "upper-abdomen", "sbrt-5-twice-weekly", None),
           ("course-breast", "Amir Haddad", "H0002", "breast", "left-15-daily-dibh", None))


def at(day: int, hour: int, minute: int = 0) -> datetime:
    month = 3 if day >= 20 else 4
    return datetime(2030, month, day, hour, minute, tzinfo=LONDON)


@pytest.fixture
def url(tmp_path, capsys) -> str:
    found = stock(f"sqlite:///{tmp_path / 'planner.db'}", COURSES)
    for course, time, machine in (("course-bid", "08:00", "Linac 3"), ("course-alt", "09:00", "Linac 1"),
                                  ("course-tw", "10:00", "Linac 1"), ("course-breast", "11:00", "Linac 3")):
        status, _, err = run(capsys, "book", "--db", found, "--course-id", course, "--earliest", "2030-03-25",
                             "--prefer-time", time, "--machine", machine)
        assert status == 0, err
    return found


def fractions(url: str, course_id: str) -> list[tuple[int, str, datetime]]:
    with Store.open(url) as store, store.engine.connect() as connection:
        return [(b.number, b.machine, b.start.astimezone(LONDON)) for b in db.course_bookings(connection, course_id)
                if b.kind is AppointmentKind.FRACTION]


def down(capsys, url: str, machine: str, start: str, end: str) -> None:
    status, _, err = run(capsys, "machine-down", machine, "--db", url, "--from", start, "--to", end, "--reason", "beam fault")
    assert status == 0, err


def up(capsys, url: str, machine: str, back: str, *more: str) -> dict:
    status, out, err = run(capsys, "machine-up", machine, "--db", url, "--at", back, *more, "--json")
    assert status == 0, err
    return json.loads(out)


def hand_move(url: str, course_id: str, start: datetime, to: datetime) -> None:
    number, machine, _ = next(f for f in fractions(url, course_id) if f[2] == start)
    with desk_on(url) as desk:
        desk.move(course_id, [Relocation(AppointmentKind.FRACTION, number, machine, to)])


def twice_daily_lost_morning(capsys, url: str) -> list[tuple[int, str, datetime]]:
    """Linac 3 (no beam-matched twin) down on the morning of Tue 2 Apr: the twice-daily course's 08:00 session finds
    no place that day (its 14:00 session leaves none before 08:00) and goes to the end of the course."""
    before = fractions(url, "course-bid")
    assert (13, "Linac 3", at(2, 8)) in before and (14, "Linac 3", at(2, 14)) in before
    down(capsys, url, "Linac 3", "2030-04-02T07:00", "2030-04-02T10:00")
    moved = fractions(url, "course-bid")
    assert not any(start == at(2, 8) for _, _, start in moved) and max(s for _, _, s in moved) > max(s for _, _, s in before)
    return before


def test_a_twice_daily_session_goes_back_where_the_day_keeps_its_6_hours(capsys, url):
    before = twice_daily_lost_morning(capsys, url)
    answer = up(capsys, url, "Linac 3", "2030-04-02T07:00", "--move-back")
    assert [(b["course_id"], b["to"]["start"]) for b in answer["moved_back"]] == [("course-bid", "2030-04-02T08:00+01:00")]
    assert answer["stayed"] == []
    assert fractions(url, "course-bid") == before


def test_a_twice_daily_session_stays_where_its_old_slot_would_be_less_than_6_hours_from_the_other(capsys, url):
    twice_daily_lost_morning(capsys, url)
    up(capsys, url, "Linac 3", "2030-04-02T07:00")  # back, nothing moved back yet
    hand_move(url, "course-bid", at(2, 14), at(2, 12))  # the day's one session moved to noon by hand (allowed: it is alone)
    moved = fractions(url, "course-bid")
    answer = up(capsys, url, "Linac 3", "2030-04-02T07:00", "--move-back")
    assert answer["moved_back"] == []
    [stayed] = answer["stayed"]
    assert stayed["course_id"] == "course-bid" and stayed["was"] == {"machine": "Linac 3", "start": "2030-04-02T08:00+01:00"}
    noon = next(number for number, _, start in moved if start == at(2, 12))  # named by the number the course shows now
    assert stayed["reason"] == ("the course's rules refuse it back there: twice daily: at least 6 hours between the two sessions "
                                f"of a day (fraction {noon} is at 12:00)")
    assert fractions(url, "course-bid") == moved


def sbrt_lost_day(capsys, url: str, course_id: str, day: int, hour: int) -> list[tuple[int, str, datetime]]:
    """Both SBRT linacs (the versa group) down all day: the SBRT session of that day goes to the end of its course."""
    before = fractions(url, course_id)
    assert any(start == at(day, hour) for _, _, start in before)
    stamp = at(day, 0).date().isoformat()
    down(capsys, url, "Linac 2", f"{stamp}T07:00", f"{stamp}T19:00")
    down(capsys, url, "Linac 1", f"{stamp}T07:00", f"{stamp}T19:00")
    moved = fractions(url, course_id)
    assert not any(start == at(day, hour) for _, _, start in moved) and len(moved) == len(before)
    return before


@pytest.mark.parametrize(("course_id", "day", "hour", "pattern"), [("course-alt", 27, 9, "alternate days"),
                                                                   ("course-tw", 28, 10, "twice weekly")])
def test_an_sbrt_session_goes_back_where_its_pattern_holds(capsys, url, course_id, day, hour, pattern):
    before = sbrt_lost_day(capsys, url, course_id, day, hour)
    answer = up(capsys, url, "Linac 1", f"{at(day, 0).date().isoformat()}T07:00", "--move-back")
    assert [b["course_id"] for b in answer["moved_back"]] == [course_id] and answer["stayed"] == []
    assert fractions(url, course_id) == before


@pytest.mark.parametrize(("course_id", "day", "hour", "next_day", "to_day", "pattern", "days"),
                         [("course-alt", 27, 9, 29, 28, "alternate days", 2),
                          ("course-tw", 28, 10, 1, 29, "twice weekly", 3)])
def test_an_sbrt_session_stays_where_its_old_slot_would_break_the_pattern(capsys, url, course_id, day, hour, next_day,
                                                                          to_day, pattern, days):
    """The next session was moved by hand a day sooner meanwhile (the pattern holds after the lost day): back on the
    lost day it would be too close to it."""
    sbrt_lost_day(capsys, url, course_id, day, hour)
    stamp = at(day, 0).date().isoformat()
    up(capsys, url, "Linac 1", f"{stamp}T07:00")
    hand_move(url, course_id, at(next_day, hour), at(to_day, hour))
    moved = fractions(url, course_id)
    answer = up(capsys, url, "Linac 1", f"{stamp}T07:00", "--move-back")
    assert answer["moved_back"] == []
    [stayed] = answer["stayed"]
    assert stayed["course_id"] == course_id and stayed["was"]["start"] == at(day, hour).isoformat(timespec="minutes")
    assert f"{pattern}: at least {days} days" in stayed["reason"], stayed["reason"]
    assert fractions(url, course_id) == moved


def test_a_session_stays_when_its_old_machine_can_no_longer_treat_the_course(capsys, url):
    """Linac 3 came back without its breath-hold system (the department took 'dibh' off it): the left-breast
    breath-hold session is not put back on it, as booking would not put it there."""
    down(capsys, url, "Linac 3", "2030-04-02T07:00", "2030-04-02T18:00")
    moved = fractions(url, "course-breast")
    with Store.open(url) as store:
        department = store.department()
        assert department is not None
        machines = tuple(replace(m, capabilities=frozenset({"vmat"})) if m.name == "Linac 3" else m for m in department.machines)
        store.set_department(replace(department, machines=machines))
    answer = up(capsys, url, "Linac 3", "2030-04-02T07:00", "--move-back")
    assert [b["course_id"] for b in answer["moved_back"] if b["course_id"] == "course-breast"] == []
    [stayed] = [s for s in answer["stayed"] if s["course_id"] == "course-breast"]
    assert "Linac 3 cannot treat this course (it lacks dibh)" in stayed["reason"]
    assert fractions(url, "course-breast") == moved
