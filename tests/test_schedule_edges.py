"""The schedule at its edges: appointments looked up that are not there, moves given in another
zone, the review's offset from the catalogue, same-day make-up suggestions around moved or
made-up fractions, and the calendar's last day."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from planner.core.clinic import SEARCH_DAYS
from planner.core.course import BOOKED_REASON, Adjustments, MakeUp, MissedSession, Move, Phase, Retime, Shift
from planner.core.errors import Field, InputError
from planner.core.kinds import AppointmentKey, AppointmentKind, Pattern
from planner.core.schedule import build_schedule, days_after, exists_locally, review_fractions, suggest_make_up

from .helpers import plan

NEW_YORK = ZoneInfo("America/New_York")


def test_looking_up_what_the_course_does_not_have_gives_nothing(catalogue):
    schedule = plan(catalogue, fractions=5)
    assert schedule.find(AppointmentKey(AppointmentKind.FOLLOW_UP)) is None
    assert schedule.find(AppointmentKey.fraction(5)) is not None
    assert schedule.missed_reason(date(2026, 11, 3)) == ""


def test_a_move_given_in_another_zone_lands_at_the_same_instant_in_the_course_zone(catalogue):
    moved = datetime(2026, 11, 6, 19, 0, tzinfo=UTC)  # 14:00 in New York
    schedule = plan(catalogue, fractions=5, follow_up_weeks=2,
                    adjustments=Adjustments(moves=(Move(AppointmentKey.fraction(3), moved),
                                                   Move(AppointmentKey(AppointmentKind.FOLLOW_UP), moved + timedelta(days=28)))))
    third = schedule.find(AppointmentKey.fraction(3))
    assert third is not None and third.start == moved and third.start.tzinfo == NEW_YORK and third.start.hour == 14
    follow_up = schedule.find(AppointmentKey(AppointmentKind.FOLLOW_UP))
    assert follow_up is not None and follow_up.start.tzinfo == NEW_YORK and follow_up.start.hour == 14
    assert (follow_up.total, follow_up.phase) == (1, 1)
    assert follow_up.end - follow_up.start == timedelta(minutes=catalogue.follow_up_minutes)


def test_a_moved_review_keeps_its_number_of_reviews(catalogue):
    schedule = plan(catalogue, fractions=10, review_weekday=2,
                    adjustments=Adjustments(moves=(Move(AppointmentKey(AppointmentKind.REVIEW, 1), datetime(2026, 11, 5, 13, 0)),)))
    reviews = [a for a in schedule.appointments if a.kind is AppointmentKind.REVIEW]
    assert [(r.number, r.total, r.phase) for r in reviews] == [(1, 2, 1), (2, 2, 1)]
    assert reviews[0].start == datetime(2026, 11, 5, 13, 0, tzinfo=NEW_YORK)


def test_a_review_starts_the_catalogues_minutes_after_the_session_when_the_site_says_so(catalogue):
    sites = tuple(replace(s, review_minutes_after=45) if s.id == "prostate" else s for s in catalogue.sites)
    schedule = plan(replace(catalogue, sites=sites), fractions=5, review_weekday=2)
    review = next(a for a in schedule.appointments if a.kind is AppointmentKind.REVIEW)
    assert review.start == datetime(2026, 11, 4, 9, 45, tzinfo=NEW_YORK)
    plain = plan(catalogue, fractions=5, review_weekday=2)
    review = next(a for a in plain.appointments if a.kind is AppointmentKind.REVIEW)
    assert review.start == datetime(2026, 11, 4, 9, 20, tzinfo=NEW_YORK)  # after the 20-minute session


def test_a_same_day_make_up_follows_a_regular_fraction_on_an_open_day(catalogue):
    # Fraction 5 moved to Saturday and a weekend make-up on Saturday 14 Nov: neither is a regular
    # open-day session, so the suggestion for Friday's missed session follows Monday's.
    missed = MissedSession(date(2026, 11, 11), MakeUp.WEEKEND, make_up_at=datetime(2026, 11, 14, 9, 0))
    schedule = plan(catalogue, fractions=10, adjustments=Adjustments(
        missed=(missed,), moves=(Move(AppointmentKey.fraction(5), datetime(2026, 11, 7, 9, 0)),)))
    suggested = suggest_make_up(schedule, date(2026, 11, 6), MakeUp.SAME_DAY)
    assert suggested == datetime(2026, 11, 9, 15, 0, tzinfo=NEW_YORK)
    # After the last regular fraction (Friday 13th) only the weekend make-up is left: the last regular one.
    suggested = suggest_make_up(schedule, date(2026, 11, 13), MakeUp.SAME_DAY)
    assert suggested == datetime(2026, 11, 13, 15, 0, tzinfo=NEW_YORK)


def test_a_same_day_make_up_for_a_course_with_no_regular_session_follows_any_fraction(catalogue):
    schedule = plan(catalogue, fractions=1, adjustments=Adjustments(moves=(Move(AppointmentKey.fraction(1), datetime(2026, 11, 7, 9, 0)),)))
    assert suggest_make_up(schedule, date(2026, 11, 2), MakeUp.SAME_DAY) == datetime(2026, 11, 7, 15, 0, tzinfo=NEW_YORK)


def test_days_after_holds_at_the_calendars_last_day():
    assert days_after(date.max - timedelta(days=3), 3) == date.max
    assert days_after(date.max - timedelta(days=3), 7) == date.max
    assert days_after(date(2026, 11, 2), 7) == date(2026, 11, 9)




def test_a_follow_up_the_calendar_has_no_open_day_for_is_refused_naming_the_follow_up(catalogue):
    closed = {date(2026, 12, 1) + timedelta(days=n): "renovation" for n in range(SEARCH_DAYS + 10)}
    with pytest.raises(InputError) as caught:
        plan(catalogue, fractions=5, follow_up_weeks=4, closures=closed)
    assert str(caught.value) == "follow-up-weeks: the clinic calendar has no open day for the follow-up visit"
    follow_up = plan(catalogue, fractions=5, follow_up_weeks=4).find(AppointmentKey(AppointmentKind.FOLLOW_UP))
    assert follow_up is not None and (follow_up.number, follow_up.total) == (1, 1)


def test_moving_a_fraction_before_the_one_ahead_of_it_or_too_close_to_it_warns(catalogue):
    earlier = plan(catalogue, fractions=5, adjustments=Adjustments(moves=(Move(AppointmentKey.fraction(3), datetime(2026, 11, 2, 12, 0)),)))
    assert "Fraction 3 now comes after fraction 1." not in earlier.warnings
    assert "Fraction 2 now comes after fraction 3." in earlier.warnings
    assert "Fractions 1 and 3 are 3.0 hours apart; two sessions need at least 6 hours between them." in earlier.warnings
    apart = plan(catalogue, fractions=5, adjustments=Adjustments(moves=(Move(AppointmentKey.fraction(3), datetime(2026, 11, 3, 15, 0)),)))
    assert not [w for w in apart.warnings if "hours apart" in w or "comes after" in w]


def test_only_a_fraction_moved_to_a_closed_day_warns_and_the_day_is_the_course_zones(catalogue):
    late_friday = datetime(2026, 11, 7, 3, 0, tzinfo=UTC)  # Friday 22:00 in New York, Saturday in UTC
    friday = plan(catalogue, fractions=5, adjustments=Adjustments(moves=(Move(AppointmentKey.fraction(5), late_friday),)))
    assert not [w for w in friday.warnings if "does not treat" in w]
    review_on_saturday = plan(catalogue, fractions=5, review_weekday=2, adjustments=Adjustments(
        moves=(Move(AppointmentKey(AppointmentKind.REVIEW, 1), datetime(2026, 11, 7, 10, 0)),)))
    assert not [w for w in review_on_saturday.warnings if "does not treat" in w]
    saturday = plan(catalogue, fractions=5, adjustments=Adjustments(moves=(Move(AppointmentKey.fraction(1), datetime(2026, 11, 7, 10, 0)),)))
    assert [w for w in saturday.warnings if "does not treat" in w] == [
        "Fraction 1 was moved to a day the clinic does not treat: Sat 7 Nov 2026 is not a treatment day (no treatment on Saturdays)."]


def test_a_booked_weekend_make_up_does_not_warn(catalogue):
    """A move the booking put there (the store checked the day against the department's hours, its
    weekend make-up hours among them) is no coordinator's slip: every print and export warned of it."""
    booked = plan(catalogue, fractions=5, adjustments=Adjustments(
        moves=(Move(AppointmentKey.fraction(5), datetime(2026, 11, 7, 10, 0), BOOKED_REASON),)))
    assert not [w for w in booked.warnings if "does not treat" in w]
    last = plan(catalogue, fractions=5, adjustments=Adjustments(moves=(Move(AppointmentKey.fraction(5), datetime(2026, 11, 7, 10, 0)),)))
    assert [w for w in last.warnings if "does not treat" in w] == [
        "Fraction 5 was moved to a day the clinic does not treat: Sat 7 Nov 2026 is not a treatment day (no treatment on Saturdays)."]


def with_prostate_limit(catalogue, days: int):
    """The catalogue with the prostate 5-fraction alternate-day preset allowing `days` from first to last fraction."""
    sites = tuple(replace(s, presets=tuple(replace(p, max_span_days=days) if p.id == "sbrt-5-alternate" else p for p in s.presets))
                  if s.id == "prostate" else s for s in catalogue.sites)
    return replace(catalogue, sites=sites)


def test_a_course_may_span_exactly_the_catalogues_limit(catalogue):
    # Mon 2 Nov to Wed 11 Nov, alternate days: 10 days, first and last counted.
    at_limit = plan(with_prostate_limit(catalogue, 10), fractions=5, pattern=Pattern.ALTERNATE)
    assert at_limit.overall_days == 10
    assert not [w for w in at_limit.warnings if "spans" in w]
    over = plan(with_prostate_limit(catalogue, 9), fractions=5, pattern=Pattern.ALTERNATE)
    assert [w for w in over.warnings if "spans" in w] == [
        "The course spans 10 days, more than the 9 days the catalogue allows for Prostate (alternate)."]


def test_an_ordinary_course_in_a_zone_far_from_utc_has_no_warnings(catalogue):
    assert plan(catalogue, fractions=20).warnings == ()
    assert plan(catalogue, fractions=20, tz="Asia/Tokyo").warnings == ()


def test_a_missed_session_made_up_at_a_chosen_slot_of_a_gap_sensitive_course_is_not_added_at_the_end(catalogue):
    missed = MissedSession(date(2026, 11, 4), MakeUp.END, make_up_at=datetime(2026, 11, 7, 9, 0))
    schedule = plan(catalogue, site="head-neck", fractions=10, adjustments=Adjustments(missed=(missed,)))
    assert not [w for w in schedule.warnings if "added at the end" in w]
    assert schedule.last_fraction.start.date() == date(2026, 11, 13)


def test_each_session_missed_and_added_at_the_end_marks_one_of_the_last_fractions_as_a_make_up(catalogue):
    missed = (MissedSession(date(2026, 11, 4)), MissedSession(date(2026, 11, 5)))
    schedule = plan(catalogue, fractions=6, adjustments=Adjustments(missed=missed))
    assert [(f.start.date(), f.make_up) for f in schedule.fractions] == [
        (date(2026, 11, 2), False), (date(2026, 11, 3), False), (date(2026, 11, 6), False), (date(2026, 11, 9), False),
        (date(2026, 11, 10), True), (date(2026, 11, 11), True)]


def test_a_session_marked_missed_on_a_closed_day_adds_nothing(catalogue):
    schedule = plan(catalogue, fractions=5, closures={date(2026, 11, 4): "staff training"},
                    adjustments=Adjustments(missed=(MissedSession(date(2026, 11, 4)),)))
    assert not any(f.make_up for f in schedule.fractions) and len(schedule.fractions) == 5


def test_the_planning_scan_cannot_be_at_the_first_fractions_time(catalogue):
    with pytest.raises(InputError) as caught:
        plan(catalogue, fractions=5, simulation=datetime(2026, 11, 2, 9, 0))
    assert caught.value.field is Field.SIMULATION
    scan = plan(catalogue, fractions=5, simulation=datetime(2026, 11, 2, 8, 0)).appointments[0]
    assert (scan.kind, scan.phase, scan.total) == (AppointmentKind.SIMULATION, 1, 1)


def test_a_re_timed_twice_daily_course_keeps_the_gap_between_its_two_sessions(catalogue):
    # 08:10 and 14:25: 6 h 15 min apart. From fraction 3 (the morning of day 2) the first session is at 08:30.
    base = {"fractions": 6, "pattern": Pattern.TWICE_DAILY, "at": time(8, 10), "second_time": time(14, 25), "site": "lung"}
    schedule = plan(catalogue, **base, adjustments=Adjustments(retimes=(Retime(3, time(8, 30)),)))
    assert [f.start.strftime("%a %H:%M") for f in schedule.fractions] == [
        "Mon 08:10", "Mon 14:25", "Tue 08:30", "Tue 14:45", "Wed 08:30", "Wed 14:45"]
    with pytest.raises(InputError) as caught:
        plan(catalogue, **base, adjustments=Adjustments(retimes=(Retime(3, time(17, 45)),)))  # 17:45 + 6 h 15 min = midnight
    assert str(caught.value) == "retime-from: at 17:45 the second session would fall after midnight"


def test_a_planning_scan_on_a_closed_day_warns(catalogue):
    schedule = plan(catalogue, fractions=5, start=date(2026, 11, 9), closures={date(2026, 11, 4): "staff training"},
                    simulation=datetime(2026, 11, 4, 10, 0))
    assert "The planning scan on Wed 4 Nov 2026 falls on a closed day: clinic closure (staff training)." in schedule.warnings


def test_a_weekend_make_up_without_its_slot_and_a_missed_first_fraction_are_refused_naming_the_field(catalogue):
    for missed, message in ((MissedSession(date(2026, 11, 4), MakeUp.WEEKEND),
                             "missed: the make-up session for Wed 4 Nov 2026 needs a date and time"),
                            (MissedSession(date(2026, 11, 2)), "start: the first fraction cannot be marked missed; move the start instead")):
        with pytest.raises(InputError) as caught:
            plan(catalogue, fractions=5, adjustments=Adjustments(missed=(missed,)))
        assert str(caught.value) == message


def test_a_shift_pushes_the_course_and_says_why(catalogue):
    schedule = plan(catalogue, fractions=5, adjustments=Adjustments(shifts=(Shift(3, 1, "machine fault"), Shift(5, 1))))
    assert [(p.day, p.reason) for p in schedule.pushed] == [
        (date(2026, 11, 4), "course shifted by one open day (machine fault)"), (date(2026, 11, 9), "course shifted by one open day")]


def test_a_same_day_make_up_on_the_last_day_is_the_last_fraction(catalogue):
    missed = MissedSession(date(2026, 11, 3), MakeUp.SAME_DAY, make_up_at=datetime(2026, 11, 9, 15, 0))
    schedule = plan(catalogue, fractions=5, adjustments=Adjustments(missed=(missed,)))
    assert [(f.start.strftime("%a %d %H:%M"), f.make_up) for f in schedule.fractions] == [
        ("Mon 02 09:00", False), ("Wed 04 09:00", False), ("Thu 05 09:00", False), ("Fri 06 09:00", False), ("Mon 09 15:00", True)]
    assert not [w for w in schedule.warnings if "outside the course" in w]


def test_a_missed_session_is_kept_without_reminders_where_it_was_planned(catalogue):
    schedule = plan(catalogue, fractions=5, adjustments=Adjustments(missed=(MissedSession(date(2026, 11, 4)),)))
    assert [(m.start, m.reminders, m.phase, m.missed) for m in schedule.missed] == [
        (datetime(2026, 11, 4, 9, 0, tzinfo=NEW_YORK), (), 1, True)]


def test_a_request_for_a_site_the_catalogue_lacks_is_refused_listing_its_sites(catalogue):
    request = plan(catalogue, fractions=5).request
    with pytest.raises(InputError) as caught:
        build_schedule(replace(request, site_id="knee"), catalogue)
    assert str(caught.value) == f"site: 'knee' is not in the catalogue (known: {', '.join(s.id for s in catalogue.sites)})"


def test_a_fraction_comes_before_another_appointment_at_the_same_time(catalogue):
    schedule = plan(catalogue, fractions=5, review_weekday=2,
                    adjustments=Adjustments(moves=(Move(AppointmentKey(AppointmentKind.REVIEW, 1), datetime(2026, 11, 5, 9, 0)),)))
    at_nine = [a.kind for a in schedule.appointments if a.start == datetime(2026, 11, 5, 9, 0, tzinfo=NEW_YORK)]
    assert at_nine == [AppointmentKind.FRACTION, AppointmentKind.REVIEW]


def test_a_missed_session_of_a_later_phase_is_kept_with_its_phase(catalogue):
    schedule = plan(catalogue, fractions=3, later_phases=(Phase(3, Pattern.DAILY, 20),),
                    adjustments=Adjustments(missed=(MissedSession(date(2026, 11, 6)),)))
    assert [(m.start.date(), m.number, m.phase) for m in schedule.missed] == [(date(2026, 11, 6), 5, 2)]


def test_a_missed_last_day_of_an_odd_twice_daily_course_misses_only_the_session_left(catalogue):
    schedule = plan(catalogue, site="lung", fractions=5, pattern=Pattern.TWICE_DAILY, second_time=time(15, 0),
                    adjustments=Adjustments(missed=(MissedSession(date(2026, 11, 4)),)))
    assert [(m.start.strftime("%a %H:%M"), m.number) for m in schedule.missed] == [("Wed 09:00", 5)]


def test_weekly_reviews_follow_the_fraction_on_the_review_day_else_the_next_else_the_last_before():
    ny = ZoneInfo("America/New_York")
    monday = date(2026, 11, 30)

    def starts(*offsets: int) -> list[datetime]:
        return [datetime.combine(monday + timedelta(days=n), time(9), tzinfo=ny) for n in offsets]

    # Week 1: Mon, Wed, Fri; week 2: Tue, Thu; week 3: Mon only; week 4: Thu, Fri, given out of order.
    days = starts(0, 2, 4, 8, 10, 14, 25, 24)
    assert review_fractions(days, 2) == [1, 4, 5, 7]  # Wednesday: Wed; Thu (next); Mon (last before); Thu
    assert review_fractions(days, 0) == [0, 3, 5, 7]  # Monday: Mon; Tue; Mon; Thu
    assert review_fractions(days, 4) == [2, 4, 5, 6]  # Friday: Fri; Thu (last before); Mon; Fri
    assert review_fractions(days, 6) == [2, 4, 5, 6]  # Sunday: each week's last fraction
    new_year = [datetime(2026, 12, 31, 9, tzinfo=ny), datetime(2027, 1, 1, 9, tzinfo=ny), datetime(2027, 1, 4, 9, tzinfo=ny)]
    assert review_fractions(new_year, 0) == [0, 2]  # Thu 31 Dec and Fri 1 Jan are one week (ISO week 53 of 2026)
    assert review_fractions([], 0) == []


def test_a_same_day_make_up_after_that_days_session_is_numbered_after_it(catalogue):
    missed = MissedSession(date(2026, 11, 3), MakeUp.SAME_DAY, make_up_at=datetime(2026, 11, 4, 15, 0))
    schedule = plan(catalogue, fractions=5, adjustments=Adjustments(missed=(missed,)))
    assert [(f.number, f.start.strftime("%a %d %H:%M"), f.make_up) for f in schedule.fractions] == [
        (1, "Mon 02 09:00", False), (2, "Wed 04 09:00", False), (3, "Wed 04 15:00", True), (4, "Thu 05 09:00", False),
        (5, "Fri 06 09:00", False)]
    assert schedule.warnings == ()


def test_two_make_ups_on_a_day_with_one_fraction_left_keep_the_courses_fraction_count(catalogue):
    missed = (MissedSession(date(2026, 11, 3), MakeUp.SAME_DAY, make_up_at=datetime(2026, 11, 10, 15, 0)),
              MissedSession(date(2026, 11, 4), MakeUp.SAME_DAY, make_up_at=datetime(2026, 11, 10, 16, 0)))
    schedule = plan(catalogue, fractions=5, adjustments=Adjustments(missed=missed))
    assert [(f.number, f.start.strftime("%a %d %H:%M"), f.make_up) for f in schedule.fractions] == [
        (1, "Mon 02 09:00", False), (2, "Thu 05 09:00", False), (3, "Fri 06 09:00", False), (4, "Mon 09 09:00", False),
        (5, "Tue 10 15:00", True)]
    assert [w for w in schedule.warnings if "outside the course" in w] == [
        "The make-up slot Tue 10 Nov 2026 16:00 for the session missed on Wed 4 Nov 2026 is outside the course; "
        "the session was added at the end."]


def test_a_wall_clock_time_skipped_by_the_clocks_does_not_exist_locally():
    assert not exists_locally(datetime(2026, 3, 8, 2, 30, tzinfo=NEW_YORK))  # spring forward: 02:00 -> 03:00
    assert exists_locally(datetime(2026, 3, 8, 3, 30, tzinfo=NEW_YORK))
    assert exists_locally(datetime(2026, 11, 1, 1, 30, tzinfo=NEW_YORK))  # happens twice in autumn, but exists
    assert exists_locally(datetime(2026, 11, 1, 1, 30, tzinfo=NEW_YORK, fold=1))
    assert exists_locally(datetime(2026, 3, 29, 1, 30, tzinfo=UTC))
    assert not exists_locally(datetime(2026, 3, 29, 2, 30, tzinfo=ZoneInfo("Europe/Paris")))


@pytest.mark.parametrize(("zone", "wall", "is_repeated", "is_skipped"), [
    ("America/New_York", "2026-11-01T01:30", True, False),
    ("America/New_York", "2026-11-01T02:30", False, False),
    ("America/New_York", "2026-03-08T02:30", False, True),
    ("Australia/Lord_Howe", "2026-04-05T01:45", True, False),  # the clocks go back half an hour
    ("Australia/Lord_Howe", "2026-04-05T02:00", False, False),
    ("Europe/Brussels", "2026-10-25T02:30", True, False),
    ("UTC", "2026-10-25T02:30", False, False),
])
def test_a_repeated_or_skipped_wall_clock_time_is_told_in_any_zone(zone: str, wall: str, is_repeated: bool, is_skipped: bool):
    from planner.core.wall_clock import repeated, skipped

    for fold in (0, 1):
        moment = datetime.fromisoformat(wall).replace(tzinfo=ZoneInfo(zone), fold=fold)
        assert (repeated(moment), skipped(moment)) == (is_repeated, is_skipped)


def test_the_days_a_zones_clocks_go_back_are_found_for_any_year_and_zone():
    from planner.core.schedule import fall_back_days

    assert fall_back_days(ZoneInfo("Europe/London"), 2030) == {date(2030, 10, 26), date(2030, 10, 27)}
    assert fall_back_days(ZoneInfo("America/New_York"), 2026) == {date(2026, 10, 31), date(2026, 11, 1)}
    assert fall_back_days(ZoneInfo("Australia/Lord_Howe"), 2026) == {date(2026, 4, 4), date(2026, 4, 5)}  # half an hour
    assert fall_back_days(ZoneInfo("Europe/Dublin"), 2026) == {date(2026, 10, 24), date(2026, 10, 25)}  # "negative" summer time
    assert fall_back_days(ZoneInfo("Asia/Tokyo"), 2026) == frozenset()
    # Samoa skipped 30 Dec 2011 (forward); Moscow went back for good on 26 Oct 2014.
    assert fall_back_days(ZoneInfo("Europe/Moscow"), 2014) == {date(2014, 10, 25), date(2014, 10, 26)}
    assert fall_back_days(ZoneInfo("UTC"), 9999) == frozenset() and fall_back_days(ZoneInfo("UTC"), 1) == frozenset()
