"""Adjustments a coordinator manages: moves, missed sessions with reasons and make-ups, re-timing,
shifting; the seven-day clinic; saved with the course; shown in .ics exports and diffs."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time

import pytest

from planner.cli import main
from planner.core.clinic import SEARCH_DAYS, ClinicCalendar
from planner.core.course import (
    COMMON_REASONS,
    AdjustmentRef,
    Adjustments,
    AdjustmentType,
    MakeUp,
    MissedSession,
    Move,
    Phase,
    Retime,
    Shift,
)
from planner.core.errors import InputError
from planner.core.kinds import AppointmentKey, AppointmentKind, Pattern
from planner.core.make_up import make_up_options, preferred_make_up
from planner.core.schedule import suggest_make_up
from planner.core.spec import CourseSpec, PhaseSpec
from planner.ics import ExportOptions, compare, export_ics, parse_export
from planner.store.course_file import CourseFileError, dumps, loads

from .helpers import fraction_dates, plan

D = date
SEVEN_DAYS = frozenset(range(7))
NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)


def run(capsys, *argv):
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


# ---------------------------------------------------------------------- keys
def test_appointment_keys_print_and_parse_back():
    for key in (AppointmentKey.fraction(7), AppointmentKey(AppointmentKind.REVIEW, 2),
                AppointmentKey(AppointmentKind.FOLLOW_UP), AppointmentKey(AppointmentKind.SIMULATION)):
        assert AppointmentKey.parse(str(key)) == key
    assert str(AppointmentKey.fraction(7)) == "fraction-7"
    assert str(AppointmentKey(AppointmentKind.FOLLOW_UP)) == "follow-up"
    for bad in ("fraction", "fraction-", "fraction-x", "follow-up-2", "treatment-3", "fraction-٣", "fraction-0", ""):
        with pytest.raises(ValueError):
            AppointmentKey.parse(bad)


# ---------------------------------------------------------------------- the adjustments list
def test_adjustments_are_listed_found_edited_and_removed():
    moved = Move(AppointmentKey.fraction(3), datetime(2026, 11, 4, 13, 0), "transport")
    missed = MissedSession(D(2026, 11, 9), reason="patient unwell")
    adjustments = (Adjustments().with_entry(moved).with_entry(missed)
                   .with_entry(Retime(10, time(10, 0), "machine fault")).with_entry(Shift(12, reason="machine fault")))
    assert [e.ref.type for e in adjustments.entries()] == [AdjustmentType.MOVE, AdjustmentType.MISSED,
                                                             AdjustmentType.RETIME, AdjustmentType.SHIFT]
    assert adjustments.find(AdjustmentRef(AdjustmentType.MISSED, "2026-11-09")) == missed
    edited = adjustments.edited(missed.ref, MissedSession(D(2026, 11, 10), reason="transport"))
    assert [m.day for m in edited.missed] == [D(2026, 11, 10)] and edited.missed[0].reason == "transport"
    removed = edited.without(moved.ref)
    assert removed.moves == () and len(removed.entries()) == 3
    assert removed.without(AdjustmentRef(AdjustmentType.SHIFT, "12")).shifts == ()
    # A second move of the same appointment replaces the first.
    again = adjustments.with_move(AppointmentKey.fraction(3), datetime(2026, 11, 4, 15, 0))
    assert [m.start.hour for m in again.moves] == [15]
    assert "patient unwell" in COMMON_REASONS and "machine fault" in COMMON_REASONS


@pytest.mark.parametrize("reason", ["two\nlines", "tab\there", "x" * 201])
def test_a_reason_is_one_short_line(reason):
    with pytest.raises(InputError) as caught:
        MissedSession(D(2026, 11, 9), reason=reason)
    assert caught.value.field == "reason"


# ---------------------------------------------------------------------- missed sessions
def test_a_missed_day_is_shown_not_dropped_and_its_make_up_marked(catalogue):
    adjustments = Adjustments(missed=(MissedSession(D(2026, 11, 4), reason="patient unwell"),))
    schedule = plan(catalogue, site="prostate", fractions=10, start=D(2026, 11, 2), tz="UTC", adjustments=adjustments)
    assert [(m.number, m.start.date(), m.missed) for m in schedule.missed] == [(3, D(2026, 11, 4), True)]
    assert schedule.missed_reason(D(2026, 11, 4)) == "patient unwell"
    assert D(2026, 11, 4) not in fraction_dates(schedule)
    make_ups = [f for f in schedule.fractions if f.make_up]
    assert [f.number for f in make_ups] == [10]  # added at the end: the last fraction is the make-up
    assert make_ups[0].start.date() == D(2026, 11, 16)


def test_every_make_up_kind_accepts_the_coordinators_slot(catalogue):
    for make_up in MakeUp:
        slot = datetime(2026, 11, 7, 11, 15)  # a Saturday chosen by the coordinator
        adjustments = Adjustments(missed=(MissedSession(D(2026, 11, 4), make_up, slot),))
        schedule = plan(catalogue, site="head-neck", fractions=10, start=D(2026, 11, 2), tz="UTC", adjustments=adjustments)
        made_up = [f for f in schedule.fractions if f.make_up]
        assert [f"{f.start:%Y-%m-%d %H:%M}" for f in made_up] == ["2026-11-07 11:15"], make_up
        assert schedule.last_fraction.start.date() == D(2026, 11, 13)


def test_gap_sensitive_make_up_options_say_which_keeps_the_overall_time(catalogue):
    schedule = plan(catalogue, site="head-neck", fractions=10, start=D(2026, 11, 2), tz="UTC")
    options = make_up_options(schedule.request, catalogue, D(2026, 11, 4))
    by_kind = {o.make_up: o for o in options}
    assert set(by_kind) == set(MakeUp)
    assert not by_kind[MakeUp.END].keeps_overall_time and by_kind[MakeUp.END].slot is None
    assert by_kind[MakeUp.WEEKEND].keeps_overall_time and by_kind[MakeUp.WEEKEND].slot.date() == D(2026, 11, 7)
    assert by_kind[MakeUp.SAME_DAY].keeps_overall_time
    assert preferred_make_up(options, gap_sensitive=True).make_up is MakeUp.WEEKEND
    assert preferred_make_up(options, gap_sensitive=False).make_up is MakeUp.END


def test_gap_sensitive_warning_for_a_make_up_at_the_end(catalogue):
    adjustments = Adjustments(missed=(MissedSession(D(2026, 11, 4)),))
    schedule = plan(catalogue, site="head-neck", fractions=10, start=D(2026, 11, 2), tz="UTC", adjustments=adjustments)
    assert any("was added at the end" in w for w in schedule.warnings)
    quiet = plan(catalogue, site="prostate", fractions=10, start=D(2026, 11, 2), tz="UTC", adjustments=adjustments)
    assert not any("was added at the end" in w for w in quiet.warnings)


# ---------------------------------------------------------------------- seven-day clinic
def test_seven_day_clinic_weekend_make_up_is_a_clear_refusal(catalogue):
    schedule = plan(catalogue, site="head-neck", fractions=10, start=D(2026, 11, 2), tz="UTC", days=SEVEN_DAYS)
    with pytest.raises(InputError) as caught:
        suggest_make_up(schedule, D(2026, 11, 4), MakeUp.WEEKEND)
    assert caught.value.field == "missed" and "seven days" in caught.value.reason
    options = make_up_options(schedule.request, catalogue, D(2026, 11, 4))
    assert {o.make_up for o in options} == {MakeUp.END, MakeUp.SAME_DAY}


def test_the_calendar_walk_has_one_bound_and_survives_the_end_of_time():
    calendar = ClinicCalendar(treatment_days=SEVEN_DAYS)
    assert len(list(calendar.walk(D(2026, 1, 1)))) == SEARCH_DAYS
    assert list(calendar.walk(D(9999, 12, 30))) == [D(9999, 12, 30)]
    assert calendar.next_open_day(D(2026, 11, 7)) == D(2026, 11, 7)
    closed_for_years = ClinicCalendar(treatment_days=frozenset({0}),
                                      closures={D(2026, 11, 2) + (D(2026, 11, 9) - D(2026, 11, 2)) * k: "x" for k in range(200)})
    with pytest.raises(InputError):
        closed_for_years.next_open_day(D(2026, 11, 2))
    # Near the end of the calendar the walk stops instead of overflowing.
    free = D(9999, 12, 25).weekday()
    with pytest.raises(InputError) as caught:
        ClinicCalendar(treatment_days=SEVEN_DAYS - {free}).next_closed_weekday(D(9999, 12, 26))
    assert caught.value.field == "missed" and "no open weekend day" in caught.value.reason


def test_cli_seven_day_clinic_weekend_make_up(capsys):
    status, out, err = run(capsys, "plan", "--site", "head-neck", "--fractions", "10", "--start", "2026-11-02", "--tz", "UTC",
                           "--days", "mon,tue,wed,thu,fri,sat,sun", "--missed", "3=weekend")
    assert status == 2 and out == ""
    assert err == ("planner: error: --missed: the clinic treats on all seven days, so there is no weekend day for a make-up; "
                   "add it at the end or as a second session\n")


# ---------------------------------------------------------------------- re-timing and shifting
def test_retime_from_fraction_n_retimes_the_rest(catalogue):
    adjustments = Adjustments(retimes=(Retime(4, time(13, 15), "machine fault"),))
    schedule = plan(catalogue, fractions=8, start=D(2026, 11, 2), at=time(9, 0), tz="Europe/London", adjustments=adjustments)
    assert [f"{f.start:%H:%M}" for f in schedule.fractions] == ["09:00"] * 3 + ["13:15"] * 5


def test_retime_of_a_twice_daily_course_keeps_the_interval(catalogue):
    adjustments = Adjustments(retimes=(Retime(3, time(9, 0)),))
    schedule = plan(catalogue, site="lung", fractions=6, pattern=Pattern.TWICE_DAILY, start=D(2026, 11, 2), at=time(8, 0),
                    second_time=time(14, 0), tz="UTC", adjustments=adjustments)
    assert [f"{f.start:%H:%M}" for f in schedule.fractions] == ["08:00", "14:00", "09:00", "15:00", "09:00", "15:00"]


def test_shift_moves_the_rest_of_the_course_by_one_open_day(catalogue):
    base = plan(catalogue, fractions=10, start=D(2026, 11, 2), tz="UTC")
    shifted = plan(catalogue, fractions=10, start=D(2026, 11, 2), tz="UTC",
                   adjustments=Adjustments(shifts=(Shift(5, reason="machine fault"),)))
    before, after = fraction_dates(base), fraction_dates(shifted)
    assert after[:4] == before[:4]
    assert after[4] == D(2026, 11, 9)  # fraction 5 was Friday 6; the next open day is Monday 9
    assert after[4:] == before[5:] + [D(2026, 11, 16)]
    assert any(p.day == D(2026, 11, 6) and "shifted" in p.reason and "machine fault" in p.reason for p in shifted.pushed)
    twice = plan(catalogue, fractions=10, start=D(2026, 11, 2), tz="UTC", adjustments=Adjustments(shifts=(Shift(5, 2),)))
    assert fraction_dates(twice)[4] == D(2026, 11, 10)


# ---------------------------------------------------------------------- command line
BASE = ["plan", "--site", "head-neck", "--fractions", "10", "--start", "2026-11-02", "--time", "08:30", "--tz", "Europe/London"]


def test_cli_missed_with_reason_and_make_up_kinds(capsys):
    status, out, err = run(capsys, *BASE, "--missed", "3=weekend", "--missed", "5", "--reason", "machine fault", "--json")
    assert status == 0, err
    data = json.loads(out)
    assert data["missed"] == [{"date": "2026-11-04", "number": 3, "reason": "machine fault"},
                              {"date": "2026-11-06", "number": 4, "reason": "machine fault"}]
    fractions = [a for a in data["appointments"] if a["kind"] == "fraction"]
    assert len(fractions) == 10
    make_ups = [f["start"] for f in fractions if f["make_up"]]
    assert make_ups[0].startswith("2026-11-07T08:30") and len(make_ups) == 2
    assert {a["type"] for a in data["adjustments"]} == {"missed"}
    assert all(a["reason"] == "machine fault" for a in data["adjustments"])


def test_cli_second_session_make_up(capsys):
    status, out, _ = run(capsys, *BASE, "--missed", "3=second-session", "--json")
    assert status == 0
    fractions = [a for a in json.loads(out)["appointments"] if a["kind"] == "fraction"]
    made_up = [f for f in fractions if f["make_up"]]
    assert [f["start"][:16] for f in made_up] == ["2026-11-05T14:30"]


def test_cli_move_retime_and_shift(capsys):
    status, out, err = run(capsys, *BASE, "--move", "2=2026-11-03T13:00", "--retime-from", "7=10:15", "--shift-from", "9",
                           "--reason", "transport", "--json")
    assert status == 0, err
    data = json.loads(out)
    starts = {a["number"]: a["start"][:16] for a in data["appointments"] if a["kind"] == "fraction"}
    assert starts[2] == "2026-11-03T13:00"
    assert starts[6] == "2026-11-09T08:30" and starts[7] == "2026-11-10T10:15"
    assert starts[9] == "2026-11-13T10:15"  # shifted from Thursday 12 by one open day
    assert [a["type"] for a in data["adjustments"]] == ["move", "retime", "shift"]


@pytest.mark.parametrize(("extra", "message"), [
    (["--missed", "11"], "--missed: the course has no fraction 11 (it has 10)"),
    (["--missed", "3=sunday"], "--missed: 'sunday' is not a make-up"),
    (["--move", "2"], "--move: '2' needs a new date and time"),
    (["--move", "2=tomorrow"], "--move: 'tomorrow' is not a date and time"),
    (["--retime-from", "2=25:00"], "--retime-from: '25:00' is not a time"),
    (["--shift-from", "0"], "--shift-from: must be from 1 to 60"),
    (["--reason", "unwell"], "--reason: give it with --move, --missed, --retime-from or --shift-from"),
    (["--missed", "3", "--reason", "a\u001b[2Jb"], "--reason: must be one line without control characters"),
])
def test_cli_adjustment_refusals_are_one_line(capsys, extra, message):
    status, out, err = run(capsys, *BASE, *extra)
    assert status == 2 and out == ""
    assert err.startswith(f"planner: error: {message}") and err.count("\n") == 1


# ---------------------------------------------------------------------- course file
def full_spec() -> CourseSpec:
    adjustments = (Adjustments()
                   .with_entry(Move(AppointmentKey.fraction(2), datetime(2026, 11, 3, 13, 0), "transport"))
                   .with_entry(Move(AppointmentKey(AppointmentKind.FOLLOW_UP), datetime(2027, 1, 5, 10, 0)))
                   .with_entry(MissedSession(D(2026, 11, 4), MakeUp.WEEKEND, datetime(2026, 11, 7, 9, 0), "patient unwell"))
                   .with_entry(MissedSession(D(2026, 11, 11), reason="machine fault"))
                   .with_entry(Retime(12, time(11, 30), "machine fault"))
                   .with_entry(Shift(15, 2, "transport")))
    return CourseSpec(patient_name="Ann Example", site="breast", fractions=15, start=D(2026, 11, 2), tz="Europe/London",
                      follow_up_weeks=6, phases=(PhaseSpec(5), PhaseSpec(2, Pattern.WEEKLY, 30)), phase_gap=3,
                      second_time=time(15, 0), discreet=True, adjustments=adjustments)


def test_course_file_round_trip_of_every_new_field(catalogue):
    spec = full_spec()
    again = loads(dumps(spec), "course.igrt.json")
    assert again == spec
    assert json.loads(dumps(spec))["schema"] == 2
    request = again.to_request(catalogue)
    assert request.later_phases == (Phase(5, Pattern.DAILY, 20), Phase(2, Pattern.WEEKLY, 30))
    assert request.phase_gap_days == 3


def test_course_file_of_schema_1_is_still_read():
    old = {"schema": 1, "app": "igrt-course-planner", "course_id": "c1", "site": "prostate", "fractions": 20,
           "start": "2026-11-02", "tz": "UTC",
           "adjustments": {"moves": [{"appointment": "fraction-7", "start": "2026-11-10T13:00"},
                                     {"appointment": "follow-up", "start": "2027-01-05T10:00"}],
                           "missed": [{"date": "2026-11-04", "make_up": "end", "make_up_at": None}]}}
    spec = loads(json.dumps(old).encode(), "old.json")
    assert [m.key for m in spec.adjustments.moves] == [AppointmentKey.fraction(7), AppointmentKey(AppointmentKind.FOLLOW_UP)]
    assert spec.adjustments.missed[0].reason == "" and spec.phases == ()


@pytest.mark.parametrize(("change", "message"), [
    ({"adjustments": {"moves": [{"appointment": "treatment-7", "start": "2026-11-10T13:00"}]}}, "does not name an appointment"),
    ({"adjustments": {"missed": [{"date": "2026-11-04", "reason": "a\nb"}]}}, "one line"),
    ({"adjustments": {"retimes": [{"from": 0, "at": "10:00"}]}}, "fraction number"),
    ({"phases": [{"fractions": 5}] * 3}, "at most 3 phases"),
    ({"phases": [{"pattern": "daily"}]}, "number of fractions"),
    ({"schema": 3}, "schema 3"),
])
def test_course_file_refuses_bad_new_fields(change, message):
    data = json.loads(dumps(full_spec()))
    data.update(change)
    with pytest.raises(CourseFileError) as caught:
        loads(json.dumps(data).encode(), "bad.json")
    assert message in str(caught.value)


# ---------------------------------------------------------------------- .ics
def test_export_keeps_the_missed_session_and_the_diff_names_it(catalogue):
    options = ExportOptions(course_id="c-missed")
    before = plan(catalogue, site="prostate", fractions=10, start=D(2026, 11, 2), tz="Europe/London")
    after = plan(catalogue, site="prostate", fractions=10, start=D(2026, 11, 2), tz="Europe/London",
                 adjustments=Adjustments(missed=(MissedSession(D(2026, 11, 4), reason="transport"),)))
    old = parse_export(export_ics(before, options, now=NOW), "old.ics")
    new = parse_export(export_ics(after, options, now=NOW, previous=old), "new.ics")
    missed = [e for e in new.events.values() if e.is_missed]
    assert len(missed) == 1 and missed[0].status == "CANCELLED"
    assert "Moved: Radiotherapy 10 of 10 (make-up), from Fri 13 Nov 2026 09:00 to Mon 16 Nov 2026 09:00" in [c.text for c in compare(old, new)]
    assert missed[0].summary == "Missed: Radiotherapy 3 of 10" and "transport" in missed[0].description
    texts = [c.text for c in compare(old, new)]
    assert texts[0] == "Missed: Radiotherapy 3 of 10, Wed 4 Nov 2026 09:00"
    make_up = [e for e in new.events.values() if "Make-up session" in e.description]
    assert len(make_up) == 1 and make_up[0].start.date() == D(2026, 11, 16)
    discreet = parse_export(export_ics(after, ExportOptions(course_id="c-missed", discreet=True), now=NOW), "d.ics")
    hidden = [e for e in discreet.events.values() if e.is_missed][0]
    assert hidden.summary == "Missed: Clinic appointment 3 of 10" and "transport" not in hidden.description


def test_export_names_the_phase(catalogue):
    schedule = plan(catalogue, site="breast", fractions=3, start=D(2026, 11, 2), tz="UTC", later_phases=(Phase(2, Pattern.DAILY, 20),))
    state = parse_export(export_ics(schedule, ExportOptions(course_id="c-phase"), now=NOW), "p.ics")
    fourth = next(e for e in state.events.values() if e.summary == "Radiotherapy 4 of 5")
    assert fourth.description.startswith("Phase 2 of 2.")


def test_prep_events_never_overlap_the_patients_earlier_appointment(catalogue):
    # A weekly review straight after the session: its "arrive 15 minutes early" would fall inside the session.
    schedule = plan(catalogue, site="prostate", fractions=5, start=D(2026, 11, 2), at=time(8, 30), tz="UTC", review_weekday=0)
    review = next(a for a in schedule.appointments if a.kind is AppointmentKind.REVIEW)
    assert review.start == next(f.end for f in schedule.fractions if f.start.date() == review.start.date())
    state = parse_export(export_ics(schedule, ExportOptions(course_id="c-prep", prep_events=True), now=NOW), "prep.ics")
    prep = [e for e in state.events.values() if e.is_preparation]
    live = [e for e in state.events.values() if not e.is_preparation and not e.is_missed]
    for step in prep:
        for appointment in live:
            assert not (appointment.start < step.end and step.start < appointment.end), (step.summary, appointment.summary)
    assert not any(e.role.startswith("r") for e in prep)  # no "arrive early" for the review
    assert sum(1 for e in prep if e.role.startswith("t")) == 5 * 2  # the fractions keep theirs


def test_a_make_up_slot_outside_the_course_is_named(catalogue):
    adjustments = Adjustments(missed=(MissedSession(D(2026, 11, 4), MakeUp.WEEKEND, datetime(2027, 3, 6, 9, 0)),))
    schedule = plan(catalogue, site="head-neck", fractions=5, start=D(2026, 11, 2), tz="UTC", adjustments=adjustments)
    assert len(schedule.fractions) == 5 and schedule.last_fraction.start.date() == D(2026, 11, 9)
    assert any("is outside the course" in w for w in schedule.warnings)


def test_twice_daily_missed_day_lists_both_sessions_with_distinct_calendar_identities(catalogue):
    adjustments = Adjustments(missed=(MissedSession(D(2026, 11, 3), reason="transport"),))
    schedule = plan(catalogue, site="lung", fractions=6, pattern=Pattern.TWICE_DAILY, start=D(2026, 11, 2), at=time(5, 0),
                    second_time=time(11, 0), tz="UTC", minutes=30, adjustments=adjustments)
    assert [(m.number, f"{m.start:%H:%M}") for m in schedule.missed] == [(3, "05:00"), (4, "11:00")]
    state = parse_export(export_ics(schedule, ExportOptions(course_id="c-bid"), now=NOW), "bid.ics")
    assert len([e for e in state.events.values() if e.is_missed]) == 2


def test_a_course_at_the_end_of_the_calendar_is_refused_not_crashed(catalogue):
    with pytest.raises(InputError) as caught:
        plan(catalogue, site="breast", fractions=3, start=D(9999, 12, 28), tz="UTC",
             later_phases=(Phase(2, Pattern.DAILY, 20),), phase_gap_days=5)
    # The request bounds every date to the planner's calendar (planner.core.limits) before any walk.
    assert caught.value.field == "start" and "outside the planner's calendar" in caught.value.reason
    with pytest.raises(InputError) as caught:
        plan(catalogue, site="breast", fractions=3, start=D(9999, 12, 28), tz="UTC", follow_up_weeks=6)
    assert caught.value.field == "start"


def test_plan_table_lists_adjustments_with_reasons_and_missed_sessions(capsys):
    status, out, _ = run(capsys, *BASE, "--missed", "3=weekend", "--move", "2=2026-11-03T13:00", "--retime-from", "7=10:15",
                         "--shift-from", "8", "--reason", "machine fault")
    assert status == 0
    assert "  Fraction 2 moved to Tue 3 Nov 2026 13:00 (machine fault)" in out
    assert "  Missed on Wed 4 Nov 2026: weekend make-up on Sat 7 Nov 2026 08:30 (machine fault)" in out
    assert "  From fraction 7 on, at 10:15 (machine fault)" in out
    assert "  From fraction 8 on, shifted by 1 open day (machine fault)" in out
    assert "  Wed 2026-11-04 08:30  Radiotherapy 3 of 10: machine fault" in out
    assert "(make-up)" in out


def test_a_twice_daily_day_missed_is_warned_of_as_both_its_sessions(catalogue):
    adjustments = Adjustments(missed=(MissedSession(D(2026, 11, 4)),))
    schedule = plan(catalogue, site="lung", fractions=30, pattern=Pattern.TWICE_DAILY, start=D(2026, 11, 2), tz="UTC",
                    minutes=30, adjustments=adjustments, second_time=time(15, 0))
    assert [a.number for a in schedule.missed] == [5, 6]
    assert "The sessions missed on Wed 4 Nov 2026 were added at the end; Lung is gap-sensitive" in " ".join(schedule.warnings)
