"""The engine closes the whole department on some days (a snow day) and re-books every appointment then
by the downtime rules: no machine treats, so no same-day move; a gap-sensitive course gets a weekend or a
second session where the policy allows it; any other course a day at the end; numbering stays 1..N."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from planner.booking.model import CLOSED_DAY, BookableMachine, CourseNeed, ReviewNeed
from planner.booking.needs import daily_sessions
from planner.core.department import Downtime
from planner.core.kinds import AppointmentKind

from .test_booking_engine import MONDAY, TZ, WEEKDAYS, engine, linac, local, need

WEDNESDAY = MONDAY + timedelta(days=2)


def fractions(eng, course_id: str):
    return sorted((b for b in eng.bookings(course_id) if b.kind is AppointmentKind.FRACTION), key=lambda b: b.start)


def test_a_closed_day_sends_each_fraction_to_the_end_of_its_course_and_keeps_the_numbering():
    eng = engine(linac("Linac 1"), linac("Linac 2"))
    eng.book_best(need("a", count=5, preferred_machine="Linac 1", preferred_time=time(9, 0)), MONDAY)
    eng.book_best(need("b", count=5, preferred_machine="Linac 2", preferred_time=time(9, 0)), MONDAY)
    report = eng.close_days({WEDNESDAY: "snow"}, MONDAY)
    assert report.closed == ((WEDNESDAY, "snow"),)
    assert report.moved == () and report.unplaced == ()
    assert sorted((m.course_id, m.number, m.how) for m in report.appended) == [("a", 5, "end of course"), ("b", 5, "end of course")]
    assert set(report.updated_courses) == {"a", "b"}
    for course_id in ("a", "b"):
        held = fractions(eng, course_id)
        assert [b.number for b in held] == [1, 2, 3, 4, 5]
        assert WEDNESDAY not in {local(b.start).date() for b in held}
        assert local(held[-1].start).date() == MONDAY + timedelta(days=7)  # the next treatment day after Friday
        assert all(local(b.start).time() == time(9, 0) for b in held[1:])  # the usual daily time is kept
    assert eng.agenda(WEDNESDAY) == {"Linac 1": (), "Linac 2": ()}
    assert not eng.is_open(WEDNESDAY)


def test_a_closed_day_takes_no_booking_afterwards():
    eng = engine(linac("Linac 1"))
    eng.close_days({MONDAY: "power cut"}, MONDAY)
    proposal = eng.book_best(need("late", count=3, preferred_machine="Linac 1"), MONDAY)
    assert MONDAY not in {local(b.start).date() for b in proposal.bookings}
    assert eng.working_days(MONDAY - timedelta(days=3), MONDAY + timedelta(days=1)) == 1  # the open-day count forgot Monday


def test_a_gap_sensitive_course_gets_a_weekend_session_that_is_not_itself_closed():
    eng = engine(linac("Linac 1"), weekend_hours=(time(9, 0), time(13, 0)))
    course = need("hn", count=10, preferred_machine="Linac 1", preferred_time=time(11, 0), gap_sensitive=True)
    eng.book_best(course, MONDAY)
    saturday = MONDAY + timedelta(days=5)
    report = eng.close_days({WEDNESDAY: "snow", saturday: "snow"}, MONDAY)
    assert [m.how for m in report.moved] == ["weekend"]
    assert local(report.moved[0].to_start) == datetime(2026, 11, 8, 11, 0, tzinfo=TZ)  # Sunday: Saturday is closed too
    held = fractions(eng, "hn")
    assert [b.number for b in held] == list(range(1, 11))
    assert local(held[-1].start).date() == date(2026, 11, 13)  # the overall treatment time is kept


def test_a_gap_sensitive_course_gets_a_second_session_when_no_weekend_is_allowed():
    eng = engine(linac("Linac 1"), second_session=True)
    eng.book_best(need("hn", count=10, preferred_machine="Linac 1", preferred_time=time(8, 0), gap_sensitive=True), MONDAY)
    report = eng.close_days({WEDNESDAY: "snow"}, MONDAY)
    assert [m.how for m in report.moved] == ["second session"]
    assert local(report.moved[0].to_start) == datetime(2026, 11, 5, 14, 0, tzinfo=TZ)
    assert [b.number for b in fractions(eng, "hn")] == list(range(1, 11))


def test_several_days_closed_move_each_course_fraction_by_fraction():
    eng = engine(linac("Linac 1"), linac("Linac 2"))
    eng.book_best(need("a", count=10, preferred_machine="Linac 1", preferred_time=time(9, 0)), MONDAY)
    closed = {WEDNESDAY: "snow", WEDNESDAY + timedelta(days=1): "snow"}
    report = eng.close_days(closed, MONDAY)
    assert len(report.appended) == 2
    held = fractions(eng, "a")
    assert [b.number for b in held] == list(range(1, 11))
    assert not set(closed) & {local(b.start).date() for b in held}
    assert len({local(b.start).date() for b in held}) == 10  # one a day, as the course's pattern says


def test_a_review_on_a_closed_day_is_unplaced_with_the_reason():
    room = BookableMachine("Room 1", "rooms", frozenset({"room"}), WEEKDAYS)
    eng = engine(linac("Linac 1"), room)
    course = CourseNeed("r", need("r", count=5).sessions, earliest=MONDAY, reviews=ReviewNeed(2, 15))  # after Wednesday's session
    eng.book_best(course, MONDAY)
    review = next(b for b in eng.bookings("r") if b.kind is AppointmentKind.REVIEW)
    report = eng.close_days({local(review.start).date(): "power cut"}, MONDAY)
    assert [(u.course_id, u.reason) for u in report.unplaced] == [("r", CLOSED_DAY)]


def test_machine_downtime_still_moves_the_same_day_to_the_group():
    """The downtime re-booking the closure shares keeps its own first rule."""
    eng = engine(linac("Linac 1"), linac("Linac 2"))
    eng.book_best(need("a", count=5, preferred_machine="Linac 1", preferred_time=time(9, 0)), MONDAY)
    report = eng.add_downtime(Downtime("Linac 1", datetime(2026, 11, 4, 0, 0, tzinfo=TZ), datetime(2026, 11, 5, 0, 0, tzinfo=TZ)),
                              MONDAY)
    assert [(m.how, m.to_machine) for m in report.moved] == [("same day", "Linac 2")]


def test_a_gap_sensitive_course_not_begun_whose_first_days_are_closed_starts_later_with_no_weekend_or_second_session():
    # Before, its first session went to the Saturday (or a second session on its new first day): a course not begun
    # loses no treatment time by starting later, so it simply starts on the next open day and ends as much later.
    eng = engine(linac("Linac 1"), weekend_hours=(time(9, 0), time(13, 0)), second_session=True)
    eng.book_best(need("hn", count=10, earliest=WEDNESDAY, preferred_machine="Linac 1", preferred_time=time(9, 0),
                       gap_sensitive=True), MONDAY)
    booked_last = local(fractions(eng, "hn")[-1].start).date()
    report = eng.close_days({WEDNESDAY: "snow", WEDNESDAY + timedelta(days=1): "snow"}, MONDAY)
    assert report.moved == ()
    assert [(m.how, m.was) for m in report.appended] == [("end of course", 1), ("end of course", 2)]
    held = fractions(eng, "hn")
    days = [local(b.start).date() for b in held]
    assert [b.number for b in held] == list(range(1, 11))
    assert len(set(days)) == 10 and all(d.weekday() < 5 for d in days)
    assert days[0] == WEDNESDAY + timedelta(days=2)  # Friday, the next open day
    assert days[-1] == eng.add_working_days(booked_last, 2)  # two treatment days later, as it started two later


def test_a_twice_daily_course_s_whole_day_down_is_added_at_the_end_as_one_twice_daily_day():
    # Before, the two sessions went one a day at the end, both at the course's first time.
    eng = engine(linac("Linac 1"))  # alone in its group: no same-day room elsewhere
    eng.book_best(CourseNeed("bd", daily_sessions(10, 15, 10, twice_daily=True), earliest=MONDAY, preferred_machine="Linac 1",
                             preferred_time=time(8, 0)), MONDAY)
    booked = [local(b.start) for b in fractions(eng, "bd")]
    report = eng.add_downtime(Downtime("Linac 1", datetime(2026, 11, 4, 0, 0, tzinfo=TZ), datetime(2026, 11, 5, 0, 0, tzinfo=TZ)),
                              MONDAY)
    assert [m.how for m in report.appended] == ["end of course", "end of course"]
    added = sorted(local(m.to_start) for m in report.appended)
    assert added[0].date() == added[1].date() == eng.add_working_days(booked[-1].date(), 1)
    assert [t.time() for t in added] == [booked[0].time(), booked[1].time()]  # the course's two times
    assert added[1] - added[0] >= timedelta(hours=6)
    held = fractions(eng, "bd")
    assert [b.number for b in held] == list(range(1, 11))
    days = [local(b.start).date() for b in held]
    assert all(days.count(d) == 2 for d in days)


def test_an_odd_twice_daily_course_s_lost_session_joins_the_single_session_of_its_last_day_6_hours_apart():
    """Checked against the domain notes (twice-daily sessions on one day at least 6 hours apart; a course planned with an
    odd count ends on a day of one session): the lost morning session goes beside the last day's single one, 6 hours
    after it, on a treatment day; the course ends on the day it was booked to end, its other days keep two sessions."""
    eng = engine(linac("Linac 1"))
    eng.book_best(CourseNeed("bd", daily_sessions(9, 15, 10, twice_daily=True), earliest=MONDAY, preferred_machine="Linac 1",
                             preferred_time=time(8, 0)), MONDAY)
    booked = [local(b.start) for b in fractions(eng, "bd")]
    assert [t.date() for t in booked].count(booked[-1].date()) == 1  # Friday: one session
    tuesday = MONDAY + timedelta(days=1)
    report = eng.add_downtime(Downtime("Linac 1", datetime.combine(tuesday, time(7, 0), tzinfo=TZ),
                                       datetime.combine(tuesday, time(10, 0), tzinfo=TZ)), MONDAY)
    [added] = report.appended
    assert added.how == "end of course" and local(added.to_start).date() == booked[-1].date()
    assert local(added.to_start) - booked[-1] >= timedelta(hours=6) and local(added.to_start).weekday() < 5
    held = fractions(eng, "bd")
    assert [b.number for b in held] == list(range(1, 10))
    days = [local(b.start).date() for b in held]
    assert max(days) == booked[-1].date() and days.count(tuesday) == 1 and all(days.count(d) <= 2 for d in days)
