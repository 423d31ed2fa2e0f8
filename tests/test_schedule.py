"""The scheduling rules: patterns, closures, daylight saving, limits, reviews, follow-up."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from planner.core.clinic import ClinicCalendar
from planner.core.course import Adjustments, MakeUp, MissedSession, Move, fractions_from_weeks
from planner.core.errors import InputError
from planner.core.kinds import AppointmentKey, AppointmentKind, Pattern
from planner.core.schedule import suggest_make_up

from .helpers import fraction_dates, plan

D = date


def test_daily_course_on_consecutive_weekdays(catalogue):
    schedule = plan(catalogue, fractions=10, start=D(2026, 11, 2), tz="UTC")
    assert fraction_dates(schedule) == [D(2026, 11, d) for d in (2, 3, 4, 5, 6, 9, 10, 11, 12, 13)]
    assert [a.number for a in schedule.fractions] == list(range(1, 11))
    assert {a.total for a in schedule.fractions} == {10}
    assert schedule.overall_days == 12
    assert schedule.pushed == ()


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (Pattern.ALTERNATE, [(11, 2), (11, 4), (11, 6), (11, 9), (11, 11)]),
        (Pattern.TWICE_WEEKLY, [(11, 2), (11, 5), (11, 9), (11, 12), (11, 16)]),
        (Pattern.WEEKLY, [(11, 2), (11, 9), (11, 16), (11, 23), (11, 30)]),
    ],
)
def test_hypofractionated_patterns_keep_their_minimum_gap(catalogue, pattern, expected):
    schedule = plan(catalogue, fractions=5, pattern=pattern, start=D(2026, 11, 2), tz="UTC")
    assert fraction_dates(schedule) == [D(2026, m, d) for m, d in expected]
    dates = fraction_dates(schedule)
    assert all((b - a).days >= pattern.min_gap_days for a, b in zip(dates, dates[1:], strict=False))


def test_thanksgiving_pushes_later_fractions_and_is_listed(catalogue):
    schedule = plan(catalogue, fractions=5, start=D(2026, 11, 23), holidays="US")
    assert fraction_dates(schedule) == [D(2026, 11, 23), D(2026, 11, 24), D(2026, 11, 25), D(2026, 11, 27), D(2026, 11, 30)]
    assert len(schedule.fractions) == 5
    assert [p.day for p in schedule.pushed] == [D(2026, 11, 26)]
    assert "Thanksgiving" in schedule.pushed[0].reason


def test_gb_christmas_and_boxing_day_substitute(catalogue):
    schedule = plan(catalogue, fractions=10, start=D(2026, 12, 21), holidays="GB-ENG", tz="Europe/London")
    assert fraction_dates(schedule) == [
        D(2026, 12, 21), D(2026, 12, 22), D(2026, 12, 23), D(2026, 12, 24), D(2026, 12, 29),
        D(2026, 12, 30), D(2026, 12, 31), D(2027, 1, 4), D(2027, 1, 5), D(2027, 1, 6),
    ]
    reasons = {p.day: p.reason for p in schedule.pushed}
    assert set(reasons) == {D(2026, 12, 25), D(2026, 12, 28), D(2027, 1, 1)}
    assert "Boxing Day (observed)" in reasons[D(2026, 12, 28)]


def test_clinic_closure_pushes_like_a_holiday(catalogue):
    schedule = plan(catalogue, fractions=3, start=D(2026, 11, 2), closures={D(2026, 11, 3): "linac service"}, tz="UTC")
    assert fraction_dates(schedule) == [D(2026, 11, 2), D(2026, 11, 4), D(2026, 11, 5)]
    assert schedule.pushed[0].reason == "clinic closure (linac service)"


def test_hypofractionated_course_past_its_span_warns(catalogue):
    schedule = plan(catalogue, site="lung", fractions=5, pattern=Pattern.ALTERNATE, start=D(2026, 12, 21),
                    holidays="GB-ENG", tz="Europe/London")
    assert fraction_dates(schedule) == [D(2026, 12, 21), D(2026, 12, 23), D(2026, 12, 29), D(2026, 12, 31), D(2027, 1, 4)]
    assert [p.day for p in schedule.pushed] == [D(2026, 12, 25), D(2026, 12, 28)]
    assert any("spans 15 days, more than the 14" in w for w in schedule.warnings)


def test_same_course_without_holidays_gives_no_span_warning(catalogue):
    schedule = plan(catalogue, site="lung", fractions=5, pattern=Pattern.ALTERNATE, start=D(2026, 12, 21), tz="UTC")
    assert not any("spans" in w for w in schedule.warnings)


def test_gap_sensitive_site_warns_when_closures_lengthen_the_course(catalogue):
    schedule = plan(catalogue, site="head-neck", fractions=10, start=D(2026, 11, 23), holidays="US")
    assert any("gap-sensitive" in w and "weekend session" in w for w in schedule.warnings)
    calm = plan(catalogue, site="prostate", fractions=10, start=D(2026, 11, 23), holidays="US")
    assert not any("gap-sensitive" in w for w in calm.warnings)


@pytest.mark.parametrize(
    ("tz", "start", "offsets"),
    [
        ("America/New_York", D(2026, 3, 2), {"-05:00", "-04:00"}),  # US spring forward, 8 March
        ("America/New_York", D(2026, 10, 26), {"-04:00", "-05:00"}),  # US fall back, 1 November
        ("Europe/Berlin", D(2026, 3, 23), {"+01:00", "+02:00"}),  # EU spring forward, 29 March
        ("Europe/Berlin", D(2026, 10, 19), {"+02:00", "+01:00"}),  # EU fall back, 25 October
    ],
)
def test_same_wall_clock_time_across_daylight_saving(catalogue, tz, start, offsets):
    schedule = plan(catalogue, fractions=10, start=start, at=time(8, 30), tz=tz)
    assert {a.start.strftime("%H:%M") for a in schedule.fractions} == {"08:30"}
    assert {a.end.strftime("%H:%M") for a in schedule.fractions} == {"08:50"}
    assert {a.start.isoformat()[-6:] for a in schedule.fractions} == offsets
    for a in schedule.fractions:
        utc = a.start.astimezone(UTC)
        assert utc.astimezone(a.start.tzinfo).strftime("%H:%M") == "08:30"
        assert a.end - a.start == timedelta(minutes=20)


def test_a_wall_clock_time_skipped_by_the_clocks_is_moved_and_warned(catalogue):
    schedule = plan(catalogue, fractions=7, start=D(2026, 3, 2), at=time(2, 30), tz="America/New_York",
                    days=frozenset(range(7)))
    on_change = [a for a in schedule.fractions if a.start.date() == D(2026, 3, 8)][0]
    assert on_change.start.strftime("%H:%M") == "03:30"
    assert any("02:30 does not exist on Sun 8 Mar 2026" in w for w in schedule.warnings)


def test_a_wall_clock_time_the_clocks_repeat_is_the_first_instant_and_warned(catalogue):
    schedule = plan(catalogue, fractions=7, start=D(2026, 10, 26), at=time(1, 30), tz="America/New_York",
                    days=frozenset(range(7)))
    on_change = [a for a in schedule.fractions if a.start.date() == D(2026, 11, 1)][0]
    assert on_change.start.isoformat(timespec="minutes") == "2026-11-01T01:30-04:00"
    assert on_change.end.isoformat(timespec="minutes") == "2026-11-01T01:50-04:00"
    assert schedule.warnings == ("01:30 occurs twice on Sun 1 Nov 2026 (the clocks go back); the fraction is at the first 01:30 "
                                 "(UTC-04:00)",)


def test_start_on_a_weekend_is_refused_with_the_weekday(catalogue):
    with pytest.raises(InputError) as caught:
        plan(catalogue, start=D(2026, 11, 28))
    assert caught.value.field == "start"
    assert "Saturday" in caught.value.reason


def test_start_on_a_holiday_is_refused_with_its_name(catalogue):
    with pytest.raises(InputError) as caught:
        plan(catalogue, start=D(2026, 11, 26), holidays="US")
    assert caught.value.field == "start"
    assert "Thanksgiving Day" in caught.value.reason


@pytest.mark.parametrize(("pattern", "count"), [(Pattern.DAILY, 0), (Pattern.DAILY, 41), (Pattern.ALTERNATE, 6),
                                                (Pattern.WEEKLY, 0), (Pattern.TWICE_WEEKLY, 6)])
def test_fraction_limits(catalogue, pattern, count):
    with pytest.raises(InputError) as caught:
        plan(catalogue, fractions=count, pattern=pattern)
    assert caught.value.field == "fractions"


def test_forty_daily_fractions_is_allowed(catalogue):
    assert len(plan(catalogue, fractions=40, start=D(2026, 11, 2), holidays="US").fractions) == 40


def test_weeks_limits_and_conversion():
    calendar = ClinicCalendar()
    assert fractions_from_weeks(8, Pattern.DAILY, calendar) == 40
    for weeks in (0, 9):
        with pytest.raises(InputError) as caught:
            fractions_from_weeks(weeks, Pattern.DAILY, calendar)
        assert caught.value.field == "weeks"
    with pytest.raises(InputError):
        fractions_from_weeks(2, Pattern.WEEKLY, calendar)


def test_four_day_treatment_week(catalogue):
    four_days = frozenset({0, 1, 2, 3})
    assert fractions_from_weeks(2, Pattern.DAILY, ClinicCalendar(treatment_days=four_days)) == 8
    schedule = plan(catalogue, fractions=8, start=D(2026, 11, 2), days=four_days, tz="UTC")
    assert fraction_dates(schedule) == [D(2026, 11, d) for d in (2, 3, 4, 5, 9, 10, 11, 12)]
    with pytest.raises(InputError) as caught:
        plan(catalogue, fractions=8, start=D(2026, 11, 6), days=four_days)
    assert "Friday" in caught.value.reason


def test_follow_up_landing_on_a_holiday_moves_to_the_next_open_day(catalogue):
    schedule = plan(catalogue, fractions=5, start=D(2026, 11, 13), holidays="US", follow_up_weeks=1)
    assert fraction_dates(schedule)[-1] == D(2026, 11, 19)
    follow_up = [a for a in schedule.appointments if a.kind is AppointmentKind.FOLLOW_UP][0]
    assert follow_up.start.date() == D(2026, 11, 27)
    assert follow_up.start.strftime("%H:%M") == "09:00"
    assert any(p.day == D(2026, 11, 26) and "follow-up" in p.reason for p in schedule.pushed)


def test_simulation_must_come_before_the_first_fraction(catalogue):
    ok = plan(catalogue, start=D(2026, 11, 9), simulation=datetime(2026, 11, 2, 10, 0))
    sim = ok.appointments[0]
    assert sim.kind is AppointmentKind.SIMULATION
    assert sim.start.strftime("%Y-%m-%d %H:%M") == "2026-11-02 10:00"
    assert sim.end - sim.start == timedelta(minutes=catalogue.simulation_minutes)
    with pytest.raises(InputError) as caught:
        plan(catalogue, start=D(2026, 11, 9), simulation=datetime(2026, 11, 9, 10, 0))
    assert caught.value.field == "simulation"


def test_weekly_review_on_the_chosen_day_after_the_session(catalogue):
    schedule = plan(catalogue, fractions=10, start=D(2026, 11, 4), tz="UTC", review_weekday=1)  # Wed start, Tue review
    reviews = [a for a in schedule.appointments if a.kind is AppointmentKind.REVIEW]
    # Week 1 starts on Wednesday: the review goes to the first fraction day after Tuesday.
    assert [r.start.date() for r in reviews] == [D(2026, 11, 4), D(2026, 11, 10), D(2026, 11, 17)]
    assert {r.start.strftime("%H:%M") for r in reviews} == {"09:20"}
    assert [r.number for r in reviews] == [1, 2, 3]


def test_appointments_are_in_time_order_with_their_reminders(catalogue):
    schedule = plan(catalogue, fractions=5, start=D(2026, 11, 9), simulation=datetime(2026, 11, 2, 10, 0),
                    follow_up_weeks=6, review_weekday=2)
    starts = [a.start for a in schedule.appointments]
    assert starts == sorted(starts)
    water = [r for r in schedule.fractions[0].reminders if "water" in r.text]
    assert water and water[0].minutes_before == 60
    assert any("metal" in r.text for r in schedule.fractions[0].reminders)
    follow_up = schedule.appointments[-1]
    assert not any("water" in r.text for r in follow_up.reminders)


def test_missed_session_added_at_the_end(catalogue):
    base = plan(catalogue, fractions=5, start=D(2026, 11, 2), tz="UTC")
    missed = plan(catalogue, fractions=5, start=D(2026, 11, 2), tz="UTC",
                  adjustments=Adjustments(missed=(MissedSession(D(2026, 11, 4)),)))
    assert fraction_dates(base) == [D(2026, 11, d) for d in (2, 3, 4, 5, 6)]
    assert fraction_dates(missed) == [D(2026, 11, d) for d in (2, 3, 5, 6, 9)]
    assert missed.pushed[0].reason.startswith("missed session")


def test_missed_session_made_up_on_a_weekend_keeps_overall_time(catalogue):
    base = plan(catalogue, site="head-neck", fractions=10, start=D(2026, 11, 2), tz="UTC")
    saturday = suggest_make_up(base, D(2026, 11, 4), MakeUp.WEEKEND)
    assert saturday.date() == D(2026, 11, 7)
    made_up = plan(catalogue, site="head-neck", fractions=10, start=D(2026, 11, 2), tz="UTC",
                   adjustments=Adjustments(missed=(MissedSession(D(2026, 11, 4), MakeUp.WEEKEND, saturday),)))
    assert D(2026, 11, 7) in fraction_dates(made_up)
    assert D(2026, 11, 4) not in fraction_dates(made_up)
    assert made_up.overall_days == base.overall_days


def test_missed_session_made_up_the_same_day_six_hours_apart(catalogue):
    base = plan(catalogue, site="head-neck", fractions=10, start=D(2026, 11, 2), tz="UTC")
    second = suggest_make_up(base, D(2026, 11, 4), MakeUp.SAME_DAY)
    assert second == datetime(2026, 11, 5, 15, 0, tzinfo=second.tzinfo)
    made_up = plan(catalogue, site="head-neck", fractions=10, start=D(2026, 11, 2), tz="UTC",
                   adjustments=Adjustments(missed=(MissedSession(D(2026, 11, 4), MakeUp.SAME_DAY, second),)))
    on_fifth = [a.start.strftime("%H:%M") for a in made_up.fractions if a.start.date() == D(2026, 11, 5)]
    assert on_fifth == ["09:00", "15:00"]
    assert made_up.overall_days == base.overall_days
    assert not any("hours apart" in w for w in made_up.warnings)


def test_moving_a_fraction_rechecks_spacing(catalogue):
    moved = Adjustments(moves=(Move(AppointmentKey.fraction(2), datetime(2026, 11, 2, 13, 0)),))
    schedule = plan(catalogue, site="lung", fractions=3, pattern=Pattern.ALTERNATE, start=D(2026, 11, 2), tz="UTC",
                    adjustments=moved)
    assert schedule.find(AppointmentKey.fraction(2)).start.strftime("%Y-%m-%d %H:%M") == "2026-11-02 13:00"
    assert any("0 days apart" in w for w in schedule.warnings)


def test_moving_a_fraction_onto_a_holiday_warns(catalogue):
    moved = Adjustments(moves=(Move(AppointmentKey.fraction(3), datetime(2026, 11, 26, 9, 0)),))
    schedule = plan(catalogue, fractions=5, start=D(2026, 11, 23), holidays="US", adjustments=moved)
    assert any("Thanksgiving" in w for w in schedule.warnings)


def test_unknown_site_is_refused(catalogue):
    with pytest.raises(InputError) as caught:
        plan(catalogue, site="elbow")
    assert caught.value.field == "site"


def test_closed_days_have_a_short_name_for_views():
    from planner.core.clinic import ClinicCalendar, HolidayRegion

    calendar = ClinicCalendar(holiday_region=HolidayRegion("US"), closures={D(2026, 12, 4): "linac service"})
    assert calendar.closure_name(D(2026, 11, 26)) == "Thanksgiving Day"
    assert calendar.closure_name(D(2026, 12, 4)) == "Clinic closure (linac service)"
    assert calendar.closure_name(D(2026, 12, 3)) is None
