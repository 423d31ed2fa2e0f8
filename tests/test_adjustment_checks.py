"""The checks on a course's adjustments and make-ups, at their bounds, and the field each refusal
names (the window puts the message next to that field; the command line prints it)."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from planner.core.clinic import ClinicCalendar
from planner.core.course import (
    AdjustmentRef,
    Adjustments,
    AdjustmentType,
    CourseRequest,
    MakeUp,
    MissedSession,
    Move,
    Phase,
    Retime,
    Shift,
    check_reason,
    fractions_from_weeks,
)
from planner.core.dates import day_text
from planner.core.errors import InputError
from planner.core.kinds import MAX_REASON_CHARS, MAX_TWICE_DAILY_FRACTIONS, AppointmentKey, Pattern
from planner.core.make_up import MakeUpOption, make_up_option, make_up_options, missed_fraction_day, preferred_make_up
from planner.core.zones import zone

from .helpers import plan

D = date


def refusal(build) -> InputError:
    with pytest.raises(InputError) as caught:
        build()
    return caught.value


# ---------------------------------------------------------------------- shifts and re-timings
def test_a_shift_starts_at_a_real_fraction_and_moves_one_to_thirty_open_days():
    assert Shift(1, 1).days == 1 and Shift(MAX_TWICE_DAILY_FRACTIONS, 30).days == 30
    for number in (0, MAX_TWICE_DAILY_FRACTIONS + 1):
        error = refusal(lambda number=number: Shift(number))
        assert (error.field, error.reason) == ("shift-from", f"no fraction {number} in a course")
    for days in (0, 31):
        error = refusal(lambda days=days: Shift(3, days))
        assert (error.field, error.reason) == ("shift-from", f"a shift is 1 to 30 open days (got {days})")


def test_a_retiming_starts_at_a_real_fraction():
    assert Retime(1, time(10, 0)).from_number == 1
    assert Retime(MAX_TWICE_DAILY_FRACTIONS, time(10, 0)).from_number == MAX_TWICE_DAILY_FRACTIONS
    for number in (0, MAX_TWICE_DAILY_FRACTIONS + 1):
        error = refusal(lambda number=number: Retime(number, time(10, 0)))
        assert (error.field, error.reason) == ("retime-from", f"no fraction {number} in a course")


def test_a_reason_of_the_longest_length_is_kept_trimmed():
    assert check_reason(" " + "x" * (MAX_REASON_CHARS - 2) + " ") == "x" * (MAX_REASON_CHARS - 2)
    assert check_reason("y" * MAX_REASON_CHARS) == "y" * MAX_REASON_CHARS
    error = refusal(lambda: Shift(2, reason="z" * (MAX_REASON_CHARS + 1)))
    assert (error.field, error.reason) == ("reason", f"is {MAX_REASON_CHARS + 1} characters long (at most {MAX_REASON_CHARS})")
    error = refusal(lambda: Retime(2, time(9, 0), reason="a\x07b"))
    assert (error.field, error.reason) == ("reason", "must be one line without control characters")


def test_every_adjustment_names_itself_by_type_and_target():
    assert Move(AppointmentKey.fraction(4), datetime(2026, 11, 4, 13, 0)).ref == AdjustmentRef(AdjustmentType.MOVE, "fraction-4")
    assert MissedSession(D(2026, 11, 9)).ref == AdjustmentRef(AdjustmentType.MISSED, "2026-11-09")
    assert Retime(7, time(10, 0)).ref == AdjustmentRef(AdjustmentType.RETIME, "7")
    assert Shift(12).ref == AdjustmentRef(AdjustmentType.SHIFT, "12")


def test_adjustments_keep_missed_days_retimings_and_shifts_in_course_order():
    adjustments = Adjustments()
    for entry in (MissedSession(D(2026, 11, 12)), MissedSession(D(2026, 11, 5)), MissedSession(D(2026, 11, 9)),
                  Retime(9, time(11, 0)), Retime(3, time(10, 0)), Retime(6, time(12, 0)),
                  Shift(8, 2), Shift(2, 1), Shift(5, 3)):
        adjustments = adjustments.with_entry(entry)
    assert [m.day.day for m in adjustments.missed] == [5, 9, 12]
    assert [r.from_number for r in adjustments.retimes] == [3, 6, 9]
    assert [s.from_number for s in adjustments.shifts] == [2, 5, 8]
    # A later entry for the same fraction replaces the earlier one.
    again = adjustments.with_entry(Shift(5, 4)).with_entry(Retime(6, time(13, 0)))
    assert [(s.from_number, s.days) for s in again.shifts] == [(2, 1), (5, 4), (8, 2)]
    assert [r.at for r in again.retimes] == [time(10, 0), time(13, 0), time(11, 0)]
    assert [again.shift_days_before(n) for n in range(1, 10)] == [0, 1, 0, 0, 4, 0, 0, 2, 0]
    assert again.time_from(2) is None
    assert [again.time_from(n).from_number for n in (3, 5, 6, 8, 9, 40)] == [3, 3, 6, 6, 9, 9]


def test_removing_one_move_keeps_the_others_and_every_other_adjustment():
    third, fifth = AppointmentKey.fraction(3), AppointmentKey.fraction(5)
    adjustments = (Adjustments().with_move(third, datetime(2026, 11, 4, 13, 0)).with_move(fifth, datetime(2026, 11, 6, 14, 0))
                   .with_missed(MissedSession(D(2026, 11, 10))).with_entry(Shift(7)).with_entry(Retime(8, time(10, 0))))
    left = adjustments.without_move(third)
    assert [m.key for m in left.moves] == [fifth]
    assert left.moved(third) is None and left.moved(fifth) == datetime(2026, 11, 6, 14, 0)
    assert len(left.missed) == len(left.shifts) == len(left.retimes) == 1


def test_make_up_words_of_the_window_and_the_command_line():
    assert MakeUp.parse("make-up", " Second-Session ") is MakeUp.SAME_DAY
    assert MakeUp.parse("make-up", "WEEKEND") is MakeUp.WEEKEND
    assert MakeUp.parse("make-up", "same-day") is MakeUp.SAME_DAY
    error = refusal(lambda: MakeUp.parse("make-up", "tomorrow"))
    assert error.field == "make-up" and "is not a make-up (use end, weekend or second-session)" in error.reason


# ---------------------------------------------------------------------- the course request's own checks
def request(**changes) -> CourseRequest:
    fields: dict[str, object] = dict(site_id="prostate", fractions=20, pattern=Pattern.DAILY, start=D(2026, 11, 2),
                                     time=time(9, 0), duration_minutes=20, tz=ZoneInfo("UTC"))
    fields.update(changes)
    return CourseRequest(**fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(("changes", "field", "reason"), [
    (dict(duration_minutes=4), "duration", "a session lasts 5 to 240 minutes (got 4)"),
    (dict(duration_minutes=241), "duration", "a session lasts 5 to 240 minutes (got 241)"),
    (dict(fractions=41), "fractions", "a daily course has 1 to 40 fractions (got 41)"),
    (dict(fractions=6, pattern=Pattern.WEEKLY), "fractions", "the weekly pattern takes 1 to 5 fractions (got 6)"),
    (dict(phase_gap_days=61, later_phases=(Phase(5, Pattern.DAILY, 20),)), "phase-gap", "must be 0 to 60 days (got 61)"),
    (dict(phase_gap_days=-1), "phase-gap", "must be 0 to 60 days (got -1)"),
    (dict(later_phases=(Phase(5, Pattern.DAILY, 4),)), "phase", "a session lasts 5 to 240 minutes (got 4)"),
    (dict(later_phases=(Phase(41, Pattern.DAILY, 20),)), "phase", "a daily course has 1 to 40 fractions (got 41)"),
    (dict(later_phases=(Phase(5, Pattern.DAILY, 20),) * 3), "phase", "a course has at most 3 phases"),
    (dict(later_phases=(Phase(26, Pattern.DAILY, 20),)), "phase",
     "the phases of a course hold at most 45 fractions in all (got 46)"),
    (dict(follow_up_weeks=0), "follow-up-weeks", "must be 1 to 104 weeks (got 0)"),
    (dict(follow_up_weeks=105), "follow-up-weeks", "must be 1 to 104 weeks (got 105)"),
    (dict(review_weekday=7), "review-day", "must be a weekday"),
    (dict(pattern=Pattern.TWICE_DAILY, fractions=10), "second-time", "a twice-daily course needs the time of the second session"),
    (dict(pattern=Pattern.TWICE_DAILY, fractions=10, second_time=time(14, 59)), "second-time",
     "the second session must be at least 6 hours after the first (09:00); got 14:59"),
    (dict(pattern=Pattern.TWICE_DAILY, fractions=1, second_time=time(15, 0)), "fractions",
     "a twice-daily course has 2 to 60 fractions (got 1)"),
])
def test_a_course_request_names_the_field_it_refuses(changes, field, reason):
    error = refusal(lambda: request(**changes))
    assert (error.field, error.reason) == (field, reason)


def test_a_course_request_accepts_every_bound():
    for changes in (dict(duration_minutes=5), dict(duration_minutes=240), dict(fractions=40), dict(fractions=1),
                    dict(pattern=Pattern.WEEKLY, fractions=5), dict(follow_up_weeks=1), dict(follow_up_weeks=104),
                    dict(review_weekday=0), dict(review_weekday=6), dict(phase_gap_days=60),
                    dict(fractions=20, later_phases=(Phase(20, Pattern.DAILY, 20), Phase(5, Pattern.DAILY, 20))),
                    dict(pattern=Pattern.TWICE_DAILY, fractions=2, second_time=time(15, 0)),
                    dict(pattern=Pattern.TWICE_DAILY, fractions=60, second_time=time(15, 0))):
        made = request(**changes)
        assert made.total_fractions == made.fractions + sum(p.fractions for p in made.later_phases)


def test_weeks_become_fractions_for_daily_courses_only():
    five_days = ClinicCalendar()
    assert fractions_from_weeks(1, Pattern.DAILY, five_days) == 5
    assert fractions_from_weeks(8, Pattern.DAILY, five_days) == 40
    assert fractions_from_weeks(3, Pattern.TWICE_DAILY, five_days) == 30
    assert fractions_from_weeks(2, Pattern.DAILY, ClinicCalendar(treatment_days=frozenset(range(6)))) == 12
    for weeks in (0, 9):
        error = refusal(lambda weeks=weeks: fractions_from_weeks(weeks, Pattern.DAILY, five_days))
        assert (error.field, error.reason) == ("weeks", f"a daily course lasts 1 to 8 weeks (got {weeks})")
    error = refusal(lambda: fractions_from_weeks(2, Pattern.WEEKLY, five_days))
    assert (error.field, error.reason) == ("weeks", "weeks apply to daily courses; give --fractions for a weekly course")


@pytest.mark.parametrize("name", ["", "  ", "/etc/passwd", "./UTC", "Europe/../UTC", "Mars/Olympus"])
def test_a_time_zone_is_an_iana_name(name):
    error = refusal(lambda: zone("tz", name))
    assert error.field == "tz" and "is not an IANA time zone (e.g. Europe/London" in error.reason


def test_a_time_zone_name_may_have_spaces_around_it():
    assert zone("tz", " Europe/Paris ").key == "Europe/Paris"


# ---------------------------------------------------------------------- marking a session missed
def test_only_a_planned_unmoved_regular_fraction_can_be_marked_missed(catalogue):
    moved_key = AppointmentKey.fraction(5)
    adjustments = (Adjustments().with_move(moved_key, datetime(2026, 11, 6, 14, 0))
                   .with_missed(MissedSession(D(2026, 11, 3), MakeUp.END)))
    schedule = plan(catalogue, site="prostate", fractions=10, start=D(2026, 11, 2), tz="UTC", adjustments=adjustments)
    assert missed_fraction_day(schedule, 3) == D(2026, 11, 5)  # fraction 2 was missed on the 3rd
    for number, reason in ((11, "the course has no fraction 11 (it has 10)"),
                           (0, "the course has no fraction 0 (it has 10)"),
                           (10, "fraction 10 is itself a make-up session; change or remove that make-up instead"),
                           (5, "fraction 5 was moved; remove the move before marking it missed")):
        error = refusal(lambda number=number: missed_fraction_day(schedule, number))
        assert (error.field, error.reason) == ("missed", reason)


def test_a_make_up_is_offered_only_for_a_day_with_a_fraction(catalogue):
    schedule = plan(catalogue, site="head-neck", fractions=10, start=D(2026, 11, 2), tz="UTC")
    for day in (D(2026, 11, 7), D(2026, 12, 1)):  # a Saturday; after the course
        error = refusal(lambda day=day: make_up_option(schedule.request, catalogue, day, MakeUp.END))
        assert (error.field, error.reason) == ("missed", f"no fraction is planned on {day_text(day)}")
        with pytest.raises(InputError):
            make_up_options(schedule.request, catalogue, day)


def test_a_make_up_at_the_end_lengthens_the_course_to_the_next_open_day(catalogue):
    schedule = plan(catalogue, site="head-neck", fractions=10, start=D(2026, 11, 2), tz="UTC")
    option = make_up_option(schedule.request, catalogue, D(2026, 11, 4), MakeUp.END)
    assert option.slot is None and option.make_up is MakeUp.END
    assert schedule.overall_days == 12  # Monday 2 to Friday 13 November
    assert option.overall_days == 15 and not option.keeps_overall_time  # to Monday 16
    weekend = make_up_option(schedule.request, catalogue, D(2026, 11, 4), MakeUp.WEEKEND)
    assert weekend.slot == datetime(2026, 11, 7, 9, 0, tzinfo=ZoneInfo("UTC"))
    assert weekend.overall_days == schedule.overall_days and weekend.keeps_overall_time


def test_options_for_a_day_already_marked_missed_are_those_of_the_plain_course(catalogue):
    marked = Adjustments(missed=(MissedSession(D(2026, 11, 4), MakeUp.END),))
    fresh = plan(catalogue, site="head-neck", fractions=10, start=D(2026, 11, 2), tz="UTC")
    again = plan(catalogue, site="head-neck", fractions=10, start=D(2026, 11, 2), tz="UTC", adjustments=marked)
    assert make_up_options(again.request, catalogue, D(2026, 11, 4)) == make_up_options(fresh.request, catalogue, D(2026, 11, 4))


def test_a_gap_sensitive_course_takes_the_end_when_nothing_keeps_the_overall_time(catalogue):
    schedule = plan(catalogue, site="head-neck", fractions=10, start=D(2026, 11, 2), tz="UTC")
    options = make_up_options(schedule.request, catalogue, D(2026, 11, 4))
    none_keep = tuple(o for o in options if not o.keeps_overall_time)
    assert preferred_make_up(none_keep, gap_sensitive=True).make_up is MakeUp.END
    same_day_first = tuple(sorted(options, key=lambda o: o.make_up is not MakeUp.SAME_DAY))
    assert preferred_make_up(same_day_first, gap_sensitive=True).make_up is MakeUp.SAME_DAY


def test_an_adjustment_keeps_its_reason_trimmed_and_a_missing_one_is_not_found():
    assert MissedSession(D(2026, 11, 9), reason="  transport ").reason == "transport"
    moved = Adjustments().with_move(AppointmentKey.fraction(3), datetime(2026, 11, 4, 13, 0), " machine fault ")
    assert moved.moves[0].reason == "machine fault"
    assert Adjustments().with_move(AppointmentKey.fraction(3), datetime(2026, 11, 4, 13, 0)).moves[0].reason == ""
    assert moved.find(AdjustmentRef(AdjustmentType.MOVE, "fraction-4")) is None
    assert moved.find(AdjustmentRef(AdjustmentType.SHIFT, "3")) is None


def test_the_second_session_is_six_hours_after_the_first_to_the_minute():
    assert request(pattern=Pattern.TWICE_DAILY, fractions=10, time=time(9, 30), second_time=time(15, 30)).second_time == time(15, 30)
    error = refusal(lambda: request(pattern=Pattern.TWICE_DAILY, fractions=10, time=time(9, 30), second_time=time(15, 29)))
    assert (error.field, error.reason) == ("second-time", "the second session must be at least 6 hours after the first (09:30); got 15:29")


def test_a_day_already_marked_missed_can_be_given_another_make_up(catalogue):
    marked = Adjustments(missed=(MissedSession(D(2026, 11, 4), MakeUp.END),))
    schedule = plan(catalogue, site="head-neck", fractions=10, start=D(2026, 11, 2), tz="UTC", adjustments=marked)
    weekend = make_up_option(schedule.request, catalogue, D(2026, 11, 4), MakeUp.WEEKEND)
    assert weekend.slot is not None and weekend.slot.date() == D(2026, 11, 7) and weekend.keeps_overall_time


def test_a_gap_sensitive_course_prefers_the_first_make_up_that_keeps_the_overall_time():
    def option(make_up: MakeUp, keeps: bool) -> MakeUpOption:
        return MakeUpOption(make_up, None if make_up is MakeUp.END else datetime(2026, 11, 7, 9, 0), 12 if keeps else 13, keeps)

    options = (option(MakeUp.WEEKEND, False), option(MakeUp.SAME_DAY, True), option(MakeUp.END, False))
    assert preferred_make_up(options, gap_sensitive=True).make_up is MakeUp.SAME_DAY
    assert preferred_make_up(options[:1] + options[2:], gap_sensitive=True).make_up is MakeUp.END
    assert preferred_make_up(options, gap_sensitive=False).make_up is MakeUp.END
