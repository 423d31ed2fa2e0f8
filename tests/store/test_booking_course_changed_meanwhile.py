"""Two coordinators on one course: one books it while the other cancels it, or changes it (more fractions,
another time), between the first one's proposals and the booking. The booking is refused as lost (exit 3 on
the command line, nothing written): before, a course cancelled meanwhile was booked all the same (a cancelled
course holding 20 coming appointments), and one changed meanwhile was booked by its old plan."""

from __future__ import annotations

from datetime import date, time

import pytest

from planner.app.booking import BookingDesk
from planner.app.cancelling import cancel_course
from planner.store.db import Store
from planner.store.db.bookings import SlotTaken

from .booking_scenario import stock
from .command_line import run
from .test_booking_stale_desk import desk_on


def propose(desk: BookingDesk):
    answer = desk.propose("course-prostate", earliest=date(2030, 3, 25), prefer_time=time(8, 30))
    assert answer.best is not None
    return answer.best


def test_a_course_cancelled_between_the_proposals_and_the_booking_is_not_booked(store_url, catalogue):
    url = stock(store_url)
    with desk_on(url, catalogue) as mine, desk_on(url, catalogue) as theirs:
        proposal = propose(mine)
        cancel_course(theirs, "course-prostate")  # the other coordinator, meanwhile
        with pytest.raises(SlotTaken) as refused:
            mine.commit(proposal)
        assert "course course-prostate was cancelled meanwhile" in str(refused.value)
        assert mine.first_booked("course-prostate") is None
        with mine.store.engine.connect() as connection:
            from planner.store.db import bookings as db

            assert db.course_bookings(connection, "course-prostate") == []


def test_a_course_changed_between_the_proposals_and_the_booking_is_not_booked_by_its_old_plan(store_url, catalogue):
    url = stock(store_url)
    with desk_on(url, catalogue) as mine:
        proposal = propose(mine)
        with Store.open(url, user="bob") as other:  # the other coordinator adds five fractions meanwhile
            stored = other.load_course("course-prostate")
            other.save_course(stored.spec.updated(fractions=25), stored.version)
        with pytest.raises(SlotTaken) as refused:
            mine.commit(proposal)
        assert "course course-prostate was changed meanwhile by bob (fractions)" in str(refused.value)
        assert mine.first_booked("course-prostate") is None
        again = propose(mine)  # proposed again, by the course as it is now
        mine.commit(again)
        assert len(again.fractions) == 25 and mine.first_booked("course-prostate") is not None


def test_book_exits_3_when_the_course_was_cancelled_meanwhile(capsys, tmp_path, monkeypatch, catalogue):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    proposed = BookingDesk.propose

    def propose_then_cancel(desk: BookingDesk, *args, **kwargs):
        answer = proposed(desk, *args, **kwargs)
        with desk_on(url, catalogue) as other:
            cancel_course(other, "course-prostate")
        return answer

    monkeypatch.setattr(BookingDesk, "propose", propose_then_cancel)
    status, out, err = run(capsys, "book", "--db", url, "--course-id", "course-prostate", "--earliest", "2030-03-25",
                           "--prefer-time", "08:30")
    assert status == 3 and out == ""
    assert err.startswith("planner: conflict: booking lost: course course-prostate was cancelled meanwhile")
    assert len(err.strip().splitlines()) == 1
    with Store.open(url) as store:
        assert store.load_course("course-prostate").cancelled
    with desk_on(url, catalogue) as desk:
        assert desk.first_booked("course-prostate") is None
