"""Booking on a night the clocks change, on machines that treat through the night: every appointment
at the wall-clock time the coordinator reads, inside its machine's hours on the clock, never two on
one machine at once, and the store takes every one (`book` exits 0, never "changed meanwhile").

Regression: the engine counted a day's minutes from the zone's offset at noon, so on such a day a
machine opening before the change got its bookings an hour off (00:10 on a Sunday became 23:10 on
the Saturday, refused by the store when the machine does not treat on Saturdays).

The hour the clocks skip is no one's time: hours inside it are reached when the clocks jump (02:30
in spring opens at 03:00); a daily time inside it is booked where the course's plan and the
patient's calendar put it, with the offset before the change (02:30 is 03:30). Of the hour they repeat, only the first run is booked: a
course, its file and the patient's calendar read such a time as the first of the two. No
appointment runs over a change, so each keeps one UTC offset from start to end."""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from planner.core.wall_clock import as_planned

from .command_line import run

EVERY_DAY = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# (zone, the Sunday the clocks change in 2027)
NIGHTS = [("Europe/Amsterdam", date(2027, 3, 28)), ("Europe/Amsterdam", date(2027, 10, 31)),
          ("America/New_York", date(2027, 3, 14)), ("America/New_York", date(2027, 11, 7))]
NIGHT_IDS = ["Amsterdam spring", "Amsterdam autumn", "New York spring", "New York autumn"]


def _hours(span: str, days: tuple[str, ...] = EVERY_DAY) -> str:
    return "{ " + ", ".join(f'{day} = "{span}"' for day in days) + " }"


def _department(capsys, tmp_path: Path, zone: str, machines: list[tuple[str, str]]) -> str:
    """A store holding a department in `zone` that treats every day, with `machines` (name, hours as TOML)."""
    lines = ["[department]", 'name = "Night Clinic"', f'timezone = "{zone}"',
             "treatment_days = [" + ", ".join(f'"{d}"' for d in EVERY_DAY) + "]",
             "[booking]", "urgent_reserve_percent = 0"]
    for name, hours in machines:
        lines += ["[[machines]]", f'name = "{name}"', 'group = "night"', 'capabilities = ["vmat"]', f"hours = {hours}"]
    path = tmp_path / "department.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'department.db'}"
    run_ok(capsys, "department", "import", str(path), "--db", url)
    return url


def run_ok(capsys, *argv: str) -> str:
    status, out, err = run(capsys, *argv)
    assert status == 0, (argv, err)
    return out


def _book(capsys, url: str, zone: str, first: date, daily: str, number: int, *extra: str) -> dict:
    course_id = run_ok(capsys, "course", "save", "--site", "rectum", "--preset", "5-daily", "--start", first.isoformat(),
                       "--time", daily, "--tz", zone, "--days", ",".join(EVERY_DAY), "--patient", f"Night Patient {number}",
                       "--patient-id", f"N{number:04d}", "--db", url).strip()
    status, out, err = run(capsys, "book", "--course-id", course_id, "--earliest", first.isoformat(), "--prefer-time", daily,
                           *extra, "--db", url, "--json")
    assert status == 0, err  # never exit 3 ("changed meanwhile") with no one else booking
    return json.loads(out)


def _stored(capsys, url: str, first: date, days: int) -> list[dict]:
    data = json.loads(run_ok(capsys, "agenda", "--date", first.isoformat(), "--days", str(days), "--db", url, "--json"))
    return [dict(b, machine=m["name"]) for m in data["machines"] for b in m["bookings"]]


def _assert_inside_and_apart(bookings: list[dict], zone: ZoneInfo, hours: dict[str, tuple[time, time]]) -> None:
    """Every booking within its machine's hours as the local wall clock reads them on its own day,
    starting at a wall-clock time that names it alone or first, and none overlapping another on its machine."""
    by_machine: dict[str, list[tuple[datetime, datetime]]] = {}
    for booking in bookings:
        start = datetime.fromisoformat(booking["start"]).astimezone(zone)
        end = datetime.fromisoformat(booking["end"]).astimezone(zone)
        opens, closes = hours[booking["machine"]]
        assert end.date() == start.date(), booking
        assert opens <= start.time().replace(tzinfo=None) and end.time().replace(tzinfo=None) <= closes, booking
        assert start.fold == 0 and end.fold == 0, booking  # not in the second run of a repeated hour
        assert start.utcoffset() == end.utcoffset(), booking  # not over a clock change
        by_machine.setdefault(booking["machine"], []).append((start, end))
    for spans in by_machine.values():
        spans.sort()
        for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
            assert end <= start, (end, start)


@pytest.mark.parametrize(("zone", "night"), NIGHTS, ids=NIGHT_IDS)
def test_each_fraction_keeps_its_wall_clock_time_through_the_night_the_clocks_change(capsys, tmp_path: Path, zone: str,
                                                                                      night: date):
    tz = ZoneInfo(zone)
    dailies = ("00:10", "01:30", "02:30", "05:00")
    names = [f"Linac {k}" for k in range(1, len(dailies) + 1)]
    url = _department(capsys, tmp_path, zone, [(name, _hours("00:00-23:59")) for name in names])
    first = night - timedelta(days=2)
    for number, (daily, machine) in enumerate(zip(dailies, names, strict=True), start=1):
        answer = _book(capsys, url, zone, first, daily, number, "--machine", machine)
        starts = [datetime.fromisoformat(a["start"]).astimezone(tz) for a in answer["appointments"] if a["kind"] == "fraction"]
        assert [s.date() for s in starts] == [first + timedelta(days=k) for k in range(5)]
        clock = time.fromisoformat(daily)
        for start in starts:  # the daily time on the clock; on the night itself as the plan reads it (a skipped time an hour on)
            assert start == as_planned(start.date(), clock, tz), (daily, start)
            assert start.utcoffset() == start.astimezone(tz).utcoffset()
        assert answer["alternatives"][0]["off_time"] == 0 and answer["alternatives"][0]["off_machine"] == 0
    _assert_inside_and_apart(_stored(capsys, url, first, 5), tz, {name: (time(0), time(23, 59)) for name in names})


@pytest.mark.parametrize(("zone", "night"), NIGHTS, ids=NIGHT_IDS)
def test_a_full_night_books_inside_the_hours_on_the_clock_and_the_store_takes_every_booking(capsys, tmp_path: Path, zone: str,
                                                                                           night: date):
    tz = ZoneInfo(zone)
    hours = {"Linac 1": (time(0), time(23, 59)), "Linac 2": (time(1), time(23))}
    # Linac 3 treats the night only from Sunday to Friday: a Sunday booking counted an hour early fell on its closed Saturday.
    hours["Linac 3"] = (time(0), time(23, 59))
    url = _department(capsys, tmp_path, zone, [("Linac 1", _hours("00:00-23:59")), ("Linac 2", _hours("01:00-23:00")),
                                       ("Linac 3", _hours("00:00-23:59", ("sun", "mon", "tue", "wed", "thu", "fri")))])
    first = night - timedelta(days=1)
    number = 0
    for minute in range(0, 4 * 60, 20):  # daily times from midnight to 04:00 fill the night on each machine
        for machine in ("Linac 1", "Linac 2", "Linac 3"):
            number += 1
            day = night if machine == "Linac 3" else first
            _book(capsys, url, zone, day, f"{minute // 60:02d}:{minute % 60:02d}", number, "--machine", machine)
    stored = _stored(capsys, url, first, 6)
    assert len(stored) == 5 * number
    on_the_night = [b for b in stored if datetime.fromisoformat(b["start"]).astimezone(tz).date() == night]
    assert {b["machine"] for b in on_the_night} == {"Linac 1", "Linac 2", "Linac 3"}
    _assert_inside_and_apart(stored, tz, hours)
