"""Manual changes through the booking desk: one appointment moved, the rest of a course moved to
another time or machine, all or nothing, refused with the reason when something is in the way."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest

from planner.app.booking import Relocation, open_desk
from planner.core.catalogue import load_catalogue
from planner.core.errors import InputError
from planner.core.kinds import AppointmentKind
from planner.resources_path import default_catalogue_path

from .booking_scenario import place_bookings, stock

LONDON = ZoneInfo("Europe/London")
FRACTION = AppointmentKind.FRACTION


@pytest.fixture
def desk(tmp_path):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    place_bookings(url, skip=("course-lung", "course-rectum", "course-spine"))  # two prostate courses and a breast course
    with open_desk(url, load_catalogue(default_catalogue_path())) as opened:
        yield opened


def at(day: int, hour: int, minute: int = 0, month: int = 3) -> datetime:
    return datetime(2030, month, day, hour, minute, tzinfo=LONDON)


def starts(desk, course_id: str) -> dict[int, tuple[str, datetime]]:
    agenda = desk.agenda(at(25, 0).date(), 40)
    return {e.number: (m.name, e.start) for m in agenda.machines for e in m.entries if e.course_id == course_id and e.kind is FRACTION}


def test_a_move_into_a_free_slot_is_booked(desk):
    desk.move("course-prostate", [Relocation(FRACTION, 3, "Linac 2", at(27, 14))])
    assert starts(desk, "course-prostate")[3] == ("Linac 2", at(27, 14))


def test_a_move_onto_another_booking_is_refused_with_the_reason_and_nothing_changes(desk):
    before = starts(desk, "course-prostate")
    with pytest.raises(InputError) as refused:
        desk.move("course-prostate", [Relocation(FRACTION, 3, "Linac 3", at(27, 8, 40))])
    assert "overlaps Amir Haddad's fraction 3 of 15 (08:30–08:50)" in refused.value.reason
    assert starts(desk, "course-prostate") == before


def test_a_machine_without_the_needed_capability_is_refused(desk):
    with pytest.raises(InputError, match="Linac 1 cannot treat this course .it lacks dibh."):
        desk.move("course-breast", [Relocation(FRACTION, 4, "Linac 1", at(28, 15))])


def test_the_rest_of_a_course_moves_to_another_machine_and_time_on_the_same_days(desk):
    moves = desk.rest_of_course("course-prostate", 10, "Linac 2", time(14, 0))
    assert [m.number for m in moves] == list(range(10, 21))
    desk.move("course-prostate", moves)
    after = starts(desk, "course-prostate")
    assert all(after[n][0] == "Linac 1" for n in range(1, 10))
    for n in range(10, 21):
        machine, start = after[n]
        assert machine == "Linac 2" and start.astimezone(LONDON).time() == time(14, 0)


def test_the_rest_of_a_course_is_refused_whole_when_one_day_is_taken(desk):
    before = starts(desk, "course-prostate")
    taken = before[12][1].astimezone(LONDON)
    desk.move("course-prostate-2", [Relocation(FRACTION, 12, "Linac 2", taken.replace(hour=15, minute=0))])
    with pytest.raises(InputError, match="fraction 12: overlaps Eamon O'Neill's"):
        desk.move("course-prostate", desk.rest_of_course("course-prostate", 10, "Linac 2", time(15, 0)))
    assert starts(desk, "course-prostate") == before


def test_outside_hours_is_refused(desk):
    with pytest.raises(InputError, match="outside Linac 2's open hours .08:00–16:00."):
        desk.move("course-prostate", [Relocation(FRACTION, 5, "Linac 2", at(29, 16, 30))])


def test_machine_down_refuses_to_write_over_a_course_changed_meanwhile(desk, monkeypatch):
    """Another coordinator unbooks a course after the re-booking read it: nothing is written, the
    caller is told to run it again (the CLI's exit 3), and the unbooked course stays unbooked."""
    from planner.app.booking import BookingDesk
    from planner.store.db.bookings import SlotTaken

    built = BookingDesk.engine_for

    def engine_then_unbook(self, course_ids):
        engine = built(self, course_ids)
        self.unbook("course-prostate")
        return engine

    monkeypatch.setattr(BookingDesk, "engine_for", engine_then_unbook)
    with pytest.raises(SlotTaken):
        desk.machine_down("Linac 1", at(27, 8), at(27, 12), "beam fault")
    assert starts(desk, "course-prostate") == {}
    assert [d.reason for d in desk.store.department().downtime] == ["monthly QA"]  # the new downtime was not recorded


def test_courses_finished_before_today_are_left_out_of_the_engine(desk):
    from datetime import date

    from planner.app.booking import BookingDesk

    assert set(desk.engine().booked_courses()) == {"course-prostate", "course-prostate-2", "course-breast"}
    later = BookingDesk(desk.store, desk.catalogue, today=date(2030, 4, 18))  # the breast course (15 fractions) has ended
    assert set(later.engine().booked_courses()) == {"course-prostate", "course-prostate-2"}


def test_waiting_lists_unstarted_courses_with_due_dates_and_leaves_out_old_unbooked_ones(desk):
    from datetime import date

    from .booking_scenario import course_spec

    old = course_spec("course-2020", "Old Course", "H9999", "prostate", "20-daily", None, start=date(2020, 1, 6))
    desk.store.save_course(old, span=(date(2020, 1, 6), date(2020, 2, 3)))
    waiting = {c.course_id: c for c in desk.waiting()}
    assert "course-2020" not in waiting
    assert waiting["course-prostate"].booked_first == date(2030, 3, 25)
    assert waiting["course-lung"].booked_first is None and waiting["course-lung"].due == date(2030, 4, 25)
