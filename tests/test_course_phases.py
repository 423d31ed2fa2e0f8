"""Courses in phases and twice-daily courses, through the core, the command line and print."""

from __future__ import annotations

import io
import json
from datetime import date, time, timedelta

import pytest
from pypdf import PdfReader

from planner.cli import main
from planner.core.course import Phase
from planner.core.errors import InputError
from planner.core.kinds import Pattern

from .helpers import fraction_dates, plan

D = date


def run(capsys, *argv):
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


# ---------------------------------------------------------------------- phases
def test_boost_follows_the_whole_breast_phase_numbered_across_the_course(catalogue):
    schedule = plan(catalogue, site="breast", fractions=15, start=D(2026, 11, 2), tz="Europe/London",
                    later_phases=(Phase(5, Pattern.DAILY, 25),))
    fractions = schedule.fractions
    assert [f.number for f in fractions] == list(range(1, 21))
    assert {f.total for f in fractions} == {20}
    assert [f.phase for f in fractions] == [1] * 15 + [2] * 5
    assert schedule.phase_count == 2
    # Fraction 15 on Friday 20 November; the boost starts on the first open day after it.
    assert fractions[14].start.date() == D(2026, 11, 20)
    assert fractions[15].start.date() == D(2026, 11, 23)
    # Each phase keeps its own session length.
    assert fractions[0].end - fractions[0].start == timedelta(minutes=20)
    assert fractions[15].end - fractions[15].start == timedelta(minutes=25)


def test_a_gap_between_phases_counts_calendar_days_then_the_next_open_day(catalogue):
    base = dict(site="breast", fractions=15, start=D(2026, 11, 2), tz="Europe/London")
    # Gap of 3 days after Friday 20 November: Sat, Sun, Mon left free; Tuesday 24 opens phase 2.
    schedule = plan(catalogue, **base, later_phases=(Phase(5, Pattern.DAILY, 20),), phase_gap_days=3)
    assert fraction_dates(schedule)[15] == D(2026, 11, 24)
    # A closure on that Tuesday pushes the boost on to Wednesday, and says so.
    closed = plan(catalogue, **base, later_phases=(Phase(5, Pattern.DAILY, 20),), phase_gap_days=3,
                  closures={D(2026, 11, 24): "Linac service"})
    assert fraction_dates(closed)[15] == D(2026, 11, 25)
    assert any(p.day == D(2026, 11, 24) for p in closed.pushed)


def test_a_later_phase_keeps_its_own_pattern(catalogue):
    schedule = plan(catalogue, site="prostate", fractions=25, start=D(2026, 11, 2), tz="Europe/London",
                    later_phases=(Phase(3, Pattern.WEEKLY, 20),))
    boost = [f for f in schedule.fractions if f.phase == 2]
    days = [f.start.date() for f in boost]
    assert all((b - a).days >= 7 for a, b in zip(days, days[1:], strict=False))
    assert not any("apart" in w for w in schedule.warnings)


def test_phases_hold_at_most_45_fractions_and_three_phases(catalogue):
    with pytest.raises(InputError) as caught:
        plan(catalogue, fractions=40, later_phases=(Phase(6, Pattern.DAILY, 20),))
    assert caught.value.field == "phase" and "45" in caught.value.reason
    with pytest.raises(InputError) as caught:
        plan(catalogue, fractions=5, later_phases=(Phase(5, Pattern.DAILY, 20),) * 3)
    assert caught.value.field == "phase" and "3 phases" in caught.value.reason
    with pytest.raises(InputError) as caught:
        plan(catalogue, fractions=5, later_phases=(Phase(5, Pattern.DAILY, 20),), phase_gap_days=61)
    assert caught.value.field == "phase-gap"
    assert len(plan(catalogue, fractions=40, later_phases=(Phase(5, Pattern.DAILY, 20),)).fractions) == 45


# ---------------------------------------------------------------------- twice daily
def test_twice_daily_puts_two_sessions_on_each_open_day_in_time_order(catalogue):
    schedule = plan(catalogue, site="lung", fractions=30, pattern=Pattern.TWICE_DAILY, start=D(2026, 11, 2),
                    at=time(8, 0), second_time=time(14, 30), tz="Europe/London", minutes=30)
    fractions = schedule.fractions
    assert [f.number for f in fractions] == list(range(1, 31))
    assert [f.start for f in fractions] == sorted(f.start for f in fractions)
    assert [f"{f.start:%H:%M}" for f in fractions[:4]] == ["08:00", "14:30", "08:00", "14:30"]
    assert schedule.treatment_days == 15
    # 15 open days, Monday 2 to Friday 20 November: the overall time counts days, not fractions.
    assert schedule.overall_days == 19
    assert fractions[-1].start.date() == D(2026, 11, 20)
    assert schedule.warnings == ()


def test_an_odd_twice_daily_count_leaves_one_session_on_the_last_day(catalogue):
    schedule = plan(catalogue, site="lung", fractions=7, pattern=Pattern.TWICE_DAILY, start=D(2026, 11, 2),
                    at=time(8, 0), second_time=time(14, 0), tz="UTC", minutes=30)
    last_day = [f for f in schedule.fractions if f.start.date() == D(2026, 11, 5)]
    assert [f"{f.start:%H:%M}" for f in last_day] == ["08:00"]
    assert schedule.treatment_days == 4


@pytest.mark.parametrize(("fractions", "second", "field"), [
    (1, time(15, 0), "fractions"), (61, time(15, 0), "fractions"), (10, time(13, 59), "second-time"), (10, None, "second-time"),
])
def test_twice_daily_limits(catalogue, fractions, second, field):
    with pytest.raises(InputError) as caught:
        plan(catalogue, site="lung", fractions=fractions, pattern=Pattern.TWICE_DAILY, at=time(8, 0), second_time=second)
    assert caught.value.field == field


def test_twice_daily_keeps_wall_clock_times_across_the_clock_change(catalogue):
    # Europe/London leaves summer time on Sunday 25 October 2026.
    schedule = plan(catalogue, site="lung", fractions=8, pattern=Pattern.TWICE_DAILY, start=D(2026, 10, 22),
                    at=time(8, 0), second_time=time(14, 30), tz="Europe/London", minutes=30)
    assert {f"{f.start:%H:%M}" for f in schedule.fractions} == {"08:00", "14:30"}
    offsets = {f.start.date(): f.start.utcoffset() for f in schedule.fractions}
    assert offsets[D(2026, 10, 23)] == timedelta(hours=1) and offsets[D(2026, 10, 26)] == timedelta(0)
    for fraction in schedule.fractions:
        assert fraction.end - fraction.start == timedelta(minutes=30)


def test_twice_daily_gap_warning_counts_closed_treatment_days(catalogue):
    schedule = plan(catalogue, site="lung", fractions=10, pattern=Pattern.TWICE_DAILY, start=D(2026, 11, 2),
                    at=time(8, 0), second_time=time(14, 0), tz="UTC", minutes=30, closures={D(2026, 11, 4): "service"})
    gap = [w for w in schedule.warnings if "gap-sensitive" in w]
    assert len(gap) == 1 and "1 closed treatment day lengthens" in gap[0]


# ---------------------------------------------------------------------- command line
BASE = ["plan", "--site", "breast", "--fractions", "15", "--start", "2026-11-02", "--time", "08:30", "--tz", "Europe/London"]


def test_cli_phase_json_numbers_across_and_names_the_phase(capsys):
    status, out, err = run(capsys, *BASE, "--phase", "5", "--phase-gap", "2", "--json")
    assert status == 0, err
    data = json.loads(out)
    fractions = [a for a in data["appointments"] if a["kind"] == "fraction"]
    assert [f["phase"] for f in fractions] == [1] * 15 + [2] * 5
    assert fractions[16]["title"] == "Radiotherapy 17 of 20"
    assert fractions[15]["start"].startswith("2026-11-23")
    assert data["phases"] == 2


def test_cli_three_phases_with_patterns(capsys):
    status, out, _ = run(capsys, *BASE, "--phase", "5:daily", "--phase", "2:weekly", "--json")
    assert status == 0
    fractions = [a for a in json.loads(out)["appointments"] if a["kind"] == "fraction"]
    assert [f["phase"] for f in fractions].count(3) == 2
    assert len(fractions) == 22


@pytest.mark.parametrize(("extra", "message"), [
    (["--phase", "40"], "--phase: the phases of a course hold at most 45 fractions in all (got 55)"),
    (["--phase", "5", "--phase", "5", "--phase", "5"], "--phase: a course has at most 3 phases"),
    (["--phase", "5:hourly"], "--phase: 'hourly' is not a pattern"),
    (["--phase", "x"], "--phase: 'x' is not a whole number"),
    (["--phase", "5", "--phase-gap", "-1"], "--phase-gap: must be from 0 to 60"),
])
def test_cli_phase_refusals_are_one_line(capsys, extra, message):
    status, out, err = run(capsys, *BASE, *extra)
    assert status == 2 and out == ""
    assert err.startswith(f"planner: error: {message}") and err.count("\n") == 1


def test_cli_twice_daily(capsys):
    status, out, err = run(capsys, "plan", "--site", "lung", "--fractions", "30", "--pattern", "twice-daily",
                           "--start", "2026-11-02", "--time", "08:00", "--second-time", "14:30", "--tz", "Europe/London", "--json")
    assert status == 0, err
    data = json.loads(out)
    fractions = [a for a in data["appointments"] if a["kind"] == "fraction"]
    assert len(fractions) == 30 and data["treatment_days"] == 15
    assert [f["start"][11:16] for f in fractions[:2]] == ["08:00", "14:30"]
    status, _, err = run(capsys, "plan", "--site", "lung", "--fractions", "30", "--pattern", "twice-daily",
                         "--start", "2026-11-02", "--time", "08:00", "--second-time", "12:00", "--tz", "Europe/London")
    assert status == 2 and err.startswith("planner: error: --second-time: the second session must be at least 6 hours")


def test_cli_twice_daily_second_time_defaults_to_six_hours_later(capsys):
    status, out, _ = run(capsys, "plan", "--site", "lung", "--preset", "30-twice-daily", "--start", "2026-11-02",
                         "--time", "08:15", "--tz", "UTC", "--json")
    assert status == 0
    starts = [a["start"][11:16] for a in json.loads(out)["appointments"] if a["kind"] == "fraction"]
    assert starts[:2] == ["08:15", "14:15"]


# ---------------------------------------------------------------------- print
def _pdf_text(path) -> str:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return "\n".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_print_of_a_phased_course_shows_the_phases(tmp_path, capsys, qapp):
    sheet, week = tmp_path / "sheet.pdf", tmp_path / "week.pdf"
    assert main(["print", *BASE[1:], "--phase", "5", "--layout", "sheet", "-o", str(sheet)]) == 0
    assert main(["print", *BASE[1:], "--phase", "5", "--week", "2026-11-23", "-o", str(week)]) == 0
    capsys.readouterr()
    text = _pdf_text(sheet)
    assert "Phase 1 of 2" in text and "Phase 2 of 2" in text and "in 2 phases" in text
    assert text.index("Phase 2 of 2") > text.index("15 of 20")
    week_text = _pdf_text(week)
    assert "Phase 2 of 2" in week_text and "Radiotherapy" in week_text and "16 of 20" in week_text


def test_print_of_a_twice_daily_course(tmp_path, capsys, qapp):
    sheet, week = tmp_path / "sheet.pdf", tmp_path / "week.pdf"
    common = ["--site", "lung", "--preset", "30-twice-daily", "--start", "2026-11-02", "--time", "08:00",
              "--second-time", "14:30", "--tz", "Europe/London"]
    assert main(["print", *common, "--layout", "sheet", "-o", str(sheet)]) == 0
    assert main(["print", *common, "--week", "2026-11-09", "-o", str(week)]) == 0
    capsys.readouterr()
    text = _pdf_text(sheet)
    assert "30 treatment sessions" in text and "on 15 days (two a day)" in text
    assert "30 of 30" in text
    week_text = _pdf_text(week)
    assert "08:00–08:30" in week_text and "14:30–15:00" in week_text
    assert "11 of 30" in week_text and "20 of 30" in week_text


def test_random_twice_daily_courses_keep_every_rule(catalogue):
    import random

    rng = random.Random(20261122)
    built = 0
    for _ in range(150):
        start = date(2026, 1, 5) + timedelta(days=rng.randint(0, 600))
        days = frozenset(rng.sample(range(7), rng.randint(3, 7)))
        first = time(rng.randint(6, 10), rng.choice([0, 15, 30, 45]))
        second = time(first.hour + rng.randint(6, 9), first.minute)
        closures = {start + timedelta(days=rng.randint(1, 40)): "service" for _ in range(rng.randint(0, 3))}
        fractions = rng.randint(2, 60)
        try:
            schedule = plan(catalogue, site="lung", fractions=fractions, pattern=Pattern.TWICE_DAILY, start=start, at=first,
                            second_time=second, tz=rng.choice(["Europe/London", "America/New_York", "Australia/Sydney"]),
                            days=days, closures=closures, minutes=30)
        except InputError as exc:
            assert exc.field == "start"
            continue
        built += 1
        numbered = schedule.fractions
        assert [f.number for f in numbered] == list(range(1, fractions + 1))
        assert [f.start for f in numbered] == sorted(f.start for f in numbered)
        per_day: dict[date, list] = {}
        for fraction in numbered:
            per_day.setdefault(fraction.start.date(), []).append(fraction)
            assert schedule.request.calendar.is_open(fraction.start.date())
        assert all(len(v) == 2 for v in list(per_day.values())[:-1])
        assert len(per_day[max(per_day)]) == (2 if fractions % 2 == 0 else 1)
        for pair in per_day.values():
            if len(pair) == 2:
                assert (pair[1].start - pair[0].start) >= timedelta(hours=5)  # 6 h of wall clock, 5 across a spring change
        assert schedule.treatment_days == len(per_day) == (fractions + 1) // 2
    assert built > 50


def test_a_daily_course_with_one_day_of_two_sessions_is_not_called_two_a_day(tmp_path, capsys, qapp):
    sheet = tmp_path / "sheet.pdf"
    assert main(["print", "--site", "prostate", "--fractions", "5", "--start", "2026-11-02", "--time", "08:30",
                 "--tz", "Europe/London", "--move", "5=2026-11-05T14:15", "--layout", "sheet", "-o", str(sheet)]) == 0
    capsys.readouterr()
    text = _pdf_text(sheet)
    assert "5 treatment sessions" in text and "on 4 days (two on 1 day)" in text and "two a day" not in text
