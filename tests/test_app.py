"""The application layer without Qt: plan, adjust, undo history, export and print facts, fields."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from planner.app import adjusting
from planner.app.calendar_export import PreviousExportError, export_calendar, previous_export, stable_course_id
from planner.app.history import CourseHistory
from planner.app.planning import attempt_plan, clinic_spec, default_location, new_spec, plan
from planner.app.print_facts import print_facts
from planner.cli import main as cli_main
from planner.core.course import MakeUp
from planner.core.errors import Field, InputError
from planner.core.kinds import AppointmentKey
from planner.core.spec import CourseSpec
from planner.ics import parse_export
from planner.store.settings import Settings

SETTINGS = Settings(clinic_name="Riverside Cancer Centre", clinic_address="12 River Road", clinic_phone="+1 212 555 0100",
                    time_zone="America/New_York", holidays="US-NY", treatment_time="08:15")
NOW = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


def course(catalogue, **changes) -> CourseSpec:
    spec = clinic_spec(SETTINGS).updated(site="prostate", preset="20-daily", start=date(2026, 11, 2), patient_name="A. Patient")
    return spec.updated(**changes)


# ---------------------------------------------------------------------- planning
def test_the_clinic_spec_takes_zone_holidays_time_and_location_from_the_settings():
    spec = clinic_spec(SETTINGS)
    assert (spec.tz, spec.holidays, spec.time) == ("America/New_York", "US-NY", time(8, 15))
    assert spec.location == default_location(SETTINGS) == "Riverside Cancer Centre, 12 River Road"
    assert default_location(Settings(clinic_address="12 River Road")) == "12 River Road"


def test_a_new_course_starts_on_an_open_day_a_week_on_with_the_first_site(catalogue):
    thanksgiving_week = date(2026, 11, 19)  # a week on is Thanksgiving, a New York holiday
    spec = new_spec(SETTINGS, catalogue, thanksgiving_week)
    assert spec.site == catalogue.sites[0].id
    assert spec.start == date(2026, 11, 27)
    assert attempt_plan(spec, catalogue).schedule is not None


def test_plan_raises_and_attempt_plan_reports_the_field_at_fault(catalogue):
    spec = course(catalogue, start=date(2026, 11, 26))  # Thanksgiving
    with pytest.raises(InputError) as raised:
        plan(spec, catalogue)
    assert raised.value.field is Field.START
    result = attempt_plan(spec, catalogue)
    assert result.schedule is None and result.error is not None and result.error.field is Field.START


# ---------------------------------------------------------------------- adjustments
def test_move_and_reset_name_the_appointment_for_undo(catalogue):
    spec = course(catalogue)
    moved = adjusting.move(spec, AppointmentKey.fraction(3), datetime(2026, 11, 4, 14, 0))
    assert moved.label == "Move fraction 3"
    assert plan(moved.spec, catalogue).find(AppointmentKey.fraction(3)).start.hour == 14
    back = adjusting.reset_move(moved.spec, AppointmentKey.fraction(3))
    assert back.spec.adjustments == spec.adjustments


def test_make_up_options_show_each_way_and_marking_missed_lengthens_the_course(catalogue):
    spec = course(catalogue)
    schedule = plan(spec, catalogue)
    options = adjusting.make_up_options(spec, schedule, catalogue, date(2026, 11, 4))
    assert MakeUp.END in options
    at_end = options[MakeUp.END].schedule
    assert at_end is not None and at_end.last_fraction.start.date() > schedule.last_fraction.start.date()
    edit = adjusting.mark_missed(spec, date(2026, 11, 4), MakeUp.END, None)
    assert edit.label == "Mark Wed 4 Nov 2026 missed"
    assert plan(edit.spec, catalogue).last_fraction.start == at_end.last_fraction.start


# ---------------------------------------------------------------------- undo history
def spec_named(name: str) -> CourseSpec:
    return CourseSpec(course_id="c", patient_name=name)


def test_history_undoes_and_redoes_in_order_and_a_new_change_drops_the_redo_tail():
    history = CourseHistory(spec_named(""))
    history.record(spec_named("A"), "Change patient", "patient")
    history.record(CourseSpec(course_id="c", patient_name="A", site="lung"), "Change site", "site")
    assert history.undo_label == "Change site"
    assert history.undo().site == "" and history.spec.patient_name == "A"
    assert history.redo_label == "Change site"
    assert history.undo().patient_name == ""
    assert not history.can_undo and history.undo().patient_name == ""
    assert history.redo().patient_name == "A"
    history.record(spec_named("B"), "Change patient", "patient")
    assert not history.can_redo and [e.spec.patient_name for e in history.entries] == ["", "B"]


def test_consecutive_edits_of_one_field_undo_together():
    history = CourseHistory(spec_named(""))
    for typed in ("Z", "Zo", "Zoë"):
        history.record(spec_named(typed), "Change patient", "patient")
    history.record(spec_named("Zoë").updated(site="lung"), "Change site", "site")
    history.record(spec_named("Zoë").updated(site="breast"), "Change site", "site")
    assert len(history.entries) == 3
    assert history.undo().site == "" and history.spec.patient_name == "Zoë"
    assert history.undo().patient_name == ""


def test_an_unchanged_course_records_nothing_and_moves_never_merge():
    history = CourseHistory(spec_named("A"))
    assert history.record(spec_named("A"), "Change patient", "patient") == 0
    history.record(spec_named("B"), "Move fraction 1")
    history.record(spec_named("C"), "Move fraction 2")
    assert len(history.entries) == 3


def test_a_saved_state_stays_reachable_and_dirty_follows_it():
    history = CourseHistory(spec_named(""))
    assert not history.dirty
    history.record(spec_named("A"), "Change patient", "patient")
    assert history.dirty
    history.mark_saved()
    assert not history.dirty
    history.record(spec_named("AB"), "Change patient", "patient")  # does not merge into the saved state
    assert history.dirty and history.undo().patient_name == "A" and not history.dirty
    history.undo()
    history.record(spec_named("X"), "Change patient", "patient")  # the saved state is gone for good
    assert history.dirty and [e.spec.patient_name for e in history.entries] == ["", "X"]
    with pytest.raises(IndexError):
        history.go_to(5)


# ---------------------------------------------------------------------- export and print
def test_export_takes_the_clinic_from_the_settings_and_an_update_keeps_the_identity(catalogue):
    spec = course(catalogue)
    schedule = plan(spec, catalogue)
    first = export_calendar(schedule, spec, SETTINGS, now=NOW, discreet=False)
    state = parse_export(first, "first.ics")
    assert state.course_id == spec.course_id and len(state.events) == len(schedule.appointments)
    assert "+1 212 555 0100" in first.decode("utf-8").replace("\r\n ", "")
    other = export_calendar(schedule, spec, SETTINGS, now=NOW, discreet=True, phone="+1 000", previous=state)
    assert parse_export(other, "other.ics").course_id == spec.course_id
    assert "+1 000" in other.decode("utf-8").replace("\r\n ", "")
    assert "Prostate" not in other.decode("utf-8")


def test_an_earlier_export_of_another_course_is_refused_by_name(tmp_path, catalogue):
    spec = course(catalogue)
    path = tmp_path / "earlier.ics"
    path.write_bytes(export_calendar(plan(spec, catalogue), spec, SETTINGS, now=NOW, discreet=False))
    assert previous_export(path, spec.course_id).course_id == spec.course_id
    assert previous_export(path, None).course_id == spec.course_id
    with pytest.raises(PreviousExportError, match="earlier.ics was exported from another course"):
        previous_export(path, "someone-else")
    (tmp_path / "junk.ics").write_text("not a calendar")
    with pytest.raises(PreviousExportError):
        previous_export(tmp_path / "junk.ics", None)


def test_a_course_without_a_file_keeps_one_identity_for_the_same_patient_site_and_start(catalogue):
    a, b = course(catalogue), course(catalogue)
    assert a.course_id != b.course_id and stable_course_id(a) == stable_course_id(b)
    assert stable_course_id(a) != stable_course_id(a.updated(start=date(2026, 11, 3)))


def test_print_facts_come_from_the_course_the_settings_and_the_catalogue(catalogue):
    spec = course(catalogue, discreet=True)
    facts = print_facts(plan(spec, catalogue), spec, SETTINGS, catalogue, printed_on=date(2026, 11, 1))
    assert (facts.patient_name, facts.discreet, facts.clinic_phone) == ("A. Patient", True, "+1 212 555 0100")
    # A discreet page lists the neutral "when to call" lines, never the site's own.
    assert facts.call_team == catalogue.call_team_discreet and facts.call_team != catalogue.call_team_for(facts.schedule.site)
    # A discreet page names no clinic (its name tells the diagnosis): the address and phone are enough to come and call.
    assert (facts.clinic_name, facts.location, facts.clinic_address) == ("", "12 River Road", "12 River Road")
    plain = spec.updated(discreet=False)
    assert print_facts(facts.schedule, plain, SETTINGS, catalogue, printed_on=date.today()).location == default_location(SETTINGS)
    assert print_facts(facts.schedule, plain, SETTINGS, catalogue, printed_on=date.today()).call_team == catalogue.call_team_for(facts.schedule.site)
    assert print_facts(facts.schedule, spec, SETTINGS, catalogue, printed_on=date.today(), phone="").clinic_phone == ""


# ---------------------------------------------------------------------- fields
def test_every_refusal_names_a_field_and_the_command_line_its_option(capsys, catalogue):
    with pytest.raises(InputError) as raised:
        plan(course(catalogue, duration=1), catalogue)
    assert isinstance(raised.value.field, Field) and raised.value.field is Field.DURATION
    assert cli_main(["plan", "--site", "prostate", "--start", "2026-11-02", "--fractions", "20", "--review-day", "someday"]) == 2
    assert capsys.readouterr().err.startswith("planner: error: --review-day: ")
    assert Field("follow-up-weeks") is Field.FOLLOW_UP_WEEKS and f"--{Field.FOLLOW_UP_WEEKS}" == "--follow-up-weeks"
