"""Seeded random courses and mangled files: the rules hold for every case, not only the chosen ones."""

from __future__ import annotations

import contextlib
import os
import random
from datetime import UTC, date, datetime, time, timedelta

import pytest

from planner.core.errors import InputError
from planner.core.kinds import Pattern
from planner.core.limits import MAX_EXPORT_LINE_CHARS
from planner.ics import ExportFileError, ExportOptions, export_ics, parse_export

from .helpers import plan

REGIONS = [None, "US", "US-NY", "GB-ENG", "DE-BY", "CA-ON", "AU-NSW", "FR", "JP"]
ZONES = ["America/New_York", "Europe/London", "Europe/Berlin", "Australia/Sydney", "Asia/Tokyo", "America/Toronto"]


def random_course(rng: random.Random, catalogue):
    pattern = rng.choice([p for p in Pattern if p is not Pattern.TWICE_DAILY])  # twice daily: test_course_phases.py
    fractions = rng.randint(1, 40) if pattern is Pattern.DAILY else rng.randint(1, 5)
    days = frozenset(rng.sample(range(7), rng.randint(1, 7)))
    start = date(2026, 1, 1) + timedelta(days=rng.randint(0, 700))
    closures = {start + timedelta(days=rng.randint(0, 60)): "service" for _ in range(rng.randint(0, 4))}
    at = time(rng.randint(7, 18), rng.choice([0, 15, 30, 45]))
    try:
        return plan(catalogue, site=rng.choice([s.id for s in catalogue.sites]), fractions=fractions, pattern=pattern,
                    start=start, at=at, tz=rng.choice(ZONES), holidays=rng.choice(REGIONS), days=days, closures=closures,
                    follow_up_weeks=rng.choice([None, 4, 6]), review_weekday=rng.choice([None, 0, 2]))
    except InputError as exc:
        assert exc.field == "start"  # the only refusal a random but well-formed request can meet
        return None


def test_random_courses_keep_every_rule(catalogue):
    rng = random.Random(20261121)
    built = 0
    for _ in range(400):
        schedule = random_course(rng, catalogue)
        if schedule is None:
            continue
        built += 1
        request = schedule.request
        fractions = schedule.fractions
        assert len(fractions) == request.fractions
        assert [f.number for f in fractions] == list(range(1, request.fractions + 1))
        dates = [f.start.date() for f in fractions]
        assert dates == sorted(dates) and dates[0] == request.start
        for fraction in fractions:
            assert request.calendar.is_open(fraction.start.date())
            assert fraction.start.replace(tzinfo=None).time() == request.time or fraction.start.dst() != fraction.end.dst() \
                or any("does not exist" in w for w in schedule.warnings)
            assert fraction.end - fraction.start == timedelta(minutes=request.duration_minutes)
        gap = request.pattern.min_gap_days
        assert all((b - a).days >= gap for a, b in zip(dates, dates[1:], strict=False))
        if request.pattern is Pattern.DAILY:
            # No open day between two fractions was skipped.
            for a, b in zip(dates, dates[1:], strict=False):
                assert not any(request.calendar.is_open(a + timedelta(days=k)) for k in range(1, (b - a).days))
        starts = [a.start for a in schedule.appointments]
        assert starts == sorted(starts)
    assert built > 150  # about half of the random starts fall on a closed day and are refused


def test_mangled_exports_are_refused_cleanly(catalogue):
    """Any damage to one of our files ends in ExportFileError or a readable state, never another error."""
    schedule = plan(catalogue, fractions=10, start=date(2026, 10, 26), tz="America/New_York", follow_up_weeks=4)
    good = export_ics(schedule, ExportOptions(course_id="fuzz"), now=datetime(2026, 11, 21, tzinfo=UTC))
    rng = random.Random(int(os.environ.get("FUZZ_SEED", "7")))
    for _ in range(int(os.environ.get("FUZZ_CASES", "300"))):
        data = bytearray(good)
        for _ in range(rng.randint(1, 12)):
            position = rng.randrange(len(data))
            action = rng.random()
            if action < 0.4:
                data[position] = rng.randrange(256)
            elif action < 0.7:
                del data[position:position + rng.randint(1, 40)]
            else:
                data[position:position] = rng.choice([b":", b";", b"\r\n", b"BEGIN:VEVENT\r\n", b"END:VCALENDAR", b"\xff"])
        try:
            state = parse_export(bytes(data), "mangled.ics")
        except ExportFileError as exc:
            assert str(exc).startswith("mangled.ics: ")
            continue
        assert state.course_id


@pytest.mark.parametrize("size", [10, 1000, 100_000])
def test_long_single_line_files_are_refused_quickly(size):
    raw = b"BEGIN:VCALENDAR\r\nPRODID:-//IGRT Course Planner//x//EN\r\nX-IGRT-COURSE-ID:" + b"x" * size + b"\r\n"
    if size > MAX_EXPORT_LINE_CHARS:  # a line longer than any export writes is refused before parsing
        with pytest.raises(ExportFileError, match="too long lines"):
            parse_export(raw + b"END:VCALENDAR\r\n", "long.ics")
        return
    state = parse_export(raw + b"END:VCALENDAR\r\n", "long.ics")
    assert len(state.course_id) == size + 0


def test_course_files_with_wrong_types_are_refused_cleanly(catalogue):
    """Every field of a course file, given a value of the wrong kind, is refused with a CourseFileError
    naming the file (or read and then refused by the core naming the field), never a traceback."""
    import json

    from planner.core.spec import CourseSpec
    from planner.store.course_file import CourseFileError, loads, spec_to_json

    base = spec_to_json(CourseSpec(site="prostate", preset="20-daily", start=date(2026, 11, 23), holidays="US",
                                   closed=((date(2026, 12, 1), "service"),)))
    base["adjustments"] = {"moves": [{"appointment": "fraction-2", "start": "2026-11-24T10:00"}],
                           "missed": [{"date": "2026-11-25", "make_up": "end", "make_up_at": None}]}
    wrong = [None, 5, -1, 3.5, True, "", "garbage", [], [1, "x"], {}, {"date": 5}, [{"date": 5}], [{"appointment": 3}],
             {"moves": 7}, {"missed": [{"date": "2026-13-01"}]}, "9999-99-99", "25:99", "x" * 2000]
    for key in list(base):
        for value in wrong:
            data = dict(base)
            data[key] = value
            try:
                spec = loads(json.dumps(data).encode(), "course.json")
            except CourseFileError as exc:
                assert str(exc).startswith("course.json: ")
                continue
            with contextlib.suppress(InputError):
                spec.to_request(catalogue)
