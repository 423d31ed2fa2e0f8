"""How the engine re-books two kinds of session a closure takes off their day.

A gap-sensitive course (head and neck, 30 daily) not yet begun whose first day is closed has lost no treatment time:
it starts a day later. Before, its first session was made up as a second session on its new first day (fraction 1
Thu 09:00 and fraction 2 Thu 15:00, "make-up for the session of Wed 27 Mar"; the calendar said "Second session this
day..."). Now the course starts on the next open day, its sessions follow, it ends one treatment day later, and its
first session says it starts later; nothing of it is a make-up.

A twice-daily course whose whole day is closed has that day added at the end as one of its twice-daily days, at its
two times (at least 6 hours apart). Before, the two sessions went one a day, both at 08:00 (Mon 15 and Tue 16 Apr)."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path

from .booking_scenario import stock
from .command_line import run
from .test_rebooked_start_later_and_both_sessions import descriptions

HEAD_NECK = ("course-hn", "Hal Nguyen", "H0009", "head-neck", "30-daily", None)
TWICE_DAILY = ("course-lung-bid", "Fay Okafor", "H0007", "lung", "30-twice-daily", None)


def booked(capsys, tmp_path: Path, course: tuple, *options: str) -> str:
    url = stock(f"sqlite:///{tmp_path / 'department.db'}", (course,))
    status, _, err = run(capsys, "book", "--db", url, "--course-id", course[0], *options)
    assert status == 0, err
    return url


def close(capsys, url: str, day: str) -> str:
    status, out, err = run(capsys, "closure", "--db", url, "--date", day, "--reason", "snow")
    assert status == 0, err
    return out


def fractions(capsys, url: str, first: str, days: int) -> list[dict]:
    """The fractions `agenda --json` lists over `days` days from `first` (asked 31 days at a time, its most)."""
    found: list[dict] = []
    start = date.fromisoformat(first)
    for offset in range(0, days, 31):
        status, out, err = run(capsys, "agenda", "--db", url, "--date", (start + timedelta(days=offset)).isoformat(),
                               "--days", str(min(31, days - offset)), "--json")
        assert status == 0, err
        found += [b for m in json.loads(out)["machines"] for b in m["bookings"] if b["kind"] == "fraction"]
    return sorted(found, key=lambda b: b["start"])


def day_of(entry: dict) -> date:
    return datetime.fromisoformat(entry["start"]).date()


def test_a_gap_sensitive_course_not_begun_whose_first_day_is_closed_starts_a_day_later(capsys, tmp_path):
    url = booked(capsys, tmp_path, HEAD_NECK, "--earliest", "2030-03-27", "--prefer-time", "09:00")
    before = fractions(capsys, url, "2030-03-25", 70)
    assert day_of(before[0]) == date(2030, 3, 27) and day_of(before[-1]) == date(2030, 5, 7)

    out = close(capsys, url, "2030-03-27")
    assert "second session" not in out and "(the course starts later)" in out

    after = fractions(capsys, url, "2030-03-25", 70)
    assert [b["number"] for b in after] == list(range(1, 31))
    assert max(Counter(day_of(b) for b in after).values()) == 1, "one session a day: no second session"
    assert day_of(after[0]) == date(2030, 3, 28)  # the next open day
    assert day_of(after[-1]) == date(2030, 5, 8)  # one treatment day later than booked
    assert all(day_of(b).weekday() < 5 for b in after), "no weekend session"
    assert not any("make_up" in b for b in after), "a course not begun makes nothing up"
    assert after[0]["starts_later"] == {"day": "2030-03-27", "cause": "closure"}
    assert not any("starts_later" in b for b in after[1:])
    assert [b["start"][11:16] for b in after] == ["09:00"] * 30

    events = descriptions(capsys, url, HEAD_NECK[0], tmp_path)
    assert events["t1"].splitlines()[0] == ("Starts later: the course could not begin on Wed 27 Mar 2030 as planned "
                                            "(the department was closed).")
    lines = [line for text in events.values() for line in text.splitlines()]
    assert not any(line.startswith(("Second session", "Added at the end", "Make-up")) for line in lines)


def test_a_twice_daily_course_s_closed_day_is_added_at_the_end_as_one_twice_daily_day(capsys, tmp_path):
    url = booked(capsys, tmp_path, TWICE_DAILY, "--earliest", "2030-03-25", "--prefer-time", "08:00")
    close(capsys, url, "2030-04-02")
    after = fractions(capsys, url, "2030-03-25", 30)
    assert [b["number"] for b in after] == list(range(1, 31))
    assert set(Counter(day_of(b) for b in after).values()) == {2}, "two sessions each day, the day added at the end too"
    added = [b for b in after if "make_up" in b]
    assert [b["number"] for b in added] == [29, 30]
    assert {day_of(b) for b in added} == {date(2030, 4, 15)}  # the next treatment day after the last (Fri 12 Apr)
    assert [b["start"][11:16] for b in added] == ["08:00", "14:00"]  # the course's two times
    starts = [datetime.fromisoformat(b["start"]) for b in added]
    assert starts[1] - starts[0] >= timedelta(hours=6)

    events = descriptions(capsys, url, TWICE_DAILY[0], tmp_path)
    firsts = [text.splitlines()[0] for text in events.values() if "Tue 2 Apr 2030" in text]
    assert firsts == ["Added at the end of the course: the 2 sessions of Tue 2 Apr 2030 could not go ahead "
                      "(the department was closed)."] * 2, "a day of make-ups only is no second session"


def test_a_twice_daily_course_not_begun_whose_first_day_is_closed_starts_a_day_later(capsys, tmp_path):
    url = booked(capsys, tmp_path, TWICE_DAILY, "--earliest", "2030-03-27", "--prefer-time", "08:00")
    before = fractions(capsys, url, "2030-03-25", 30)
    close(capsys, url, "2030-03-27")
    after = fractions(capsys, url, "2030-03-25", 30)
    assert [b["number"] for b in after] == list(range(1, 31))
    assert set(Counter(day_of(b) for b in after).values()) == {2}
    assert day_of(after[0]) == date(2030, 3, 28)
    assert day_of(after[-1]) == day_of(before[-1]) + timedelta(days=3 if day_of(before[-1]).weekday() == 4 else 1)
    assert [b["start"][11:16] for b in after[-2:]] == ["08:00", "14:00"]
    assert not any("make_up" in b for b in after)
    assert after[0]["starts_later"] == {"day": "2030-03-27", "cause": "closure"}
    events = descriptions(capsys, url, TWICE_DAILY[0], tmp_path)
    assert events["t1"].splitlines()[0].startswith("Starts later: the course could not begin on Wed 27 Mar 2030")
    lines = [line for text in events.values() for line in text.splitlines()]
    assert not any(line.startswith(("Second session", "Added at the end", "Make-up")) for line in lines)
