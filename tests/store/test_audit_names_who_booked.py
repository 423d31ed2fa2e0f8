"""Two coordinators, one course: one books it, the other moves a session and then releases the bookings. The
course's audit trail (History, `course show`) names each, when, and what the booking was and became. Before,
booking, moving and unbooking left no entry at all: who released a patient's machine time could not be told."""

from __future__ import annotations

from datetime import date, datetime, time

from planner.app.audit_words import readable_change, readable_field
from planner.app.booking import Relocation, open_desk
from planner.core.catalogue import load_catalogue
from planner.core.kinds import AppointmentKind
from planner.resources_path import default_catalogue_path
from planner.store.db import CourseConflict, Store

from .booking_scenario import stock
from .command_line import run

FRIDAY = date(2030, 3, 22)


def desk_as(url: str, who: str):
    desk = open_desk(url, load_catalogue(default_catalogue_path()))
    desk.store.user = who
    desk.today = FRIDAY
    return desk


def test_booking_moving_and_unbooking_are_in_the_courses_audit_trail(store_url, capsys):
    url = stock(store_url)
    with desk_as(url, "alice") as alice:
        answer = alice.propose("course-prostate", earliest=date(2030, 3, 25), prefer_time=time(8, 30), machine="Linac 1")
        assert answer.best is not None
        alice.commit(answer.best)
    with desk_as(url, "bob") as bob:
        third = next(b for b in answer.best.bookings if b.kind is AppointmentKind.FRACTION and b.number == 3)
        later = datetime.combine(third.start.date(), time(11, 0), tzinfo=third.start.tzinfo)
        bob.move("course-prostate", [Relocation(AppointmentKind.FRACTION, 3, "Linac 1", later)])
        bob.unbook("course-prostate")
    with Store.open(url) as store:
        entries = [(e.who, e.field, e.old_value, e.new_value) for e in store.course_history("course-prostate")
                   if e.field == "booking"]
    assert [(who, readable_change("booking", old), readable_change("booking", new)) for who, _, old, new in entries] == [
        ("alice", "not booked", "Linac 1 at 08:30 from Mon 25 Mar 2030 (20 appointments)"),
        ("bob", "fraction 3: Linac 1 Wed 27 Mar 2030 08:30", "fraction 3: Linac 1 Wed 27 Mar 2030 11:00"),
        ("bob", "Linac 1 at 08:30 from Mon 25 Mar 2030 (20 appointments)", "not booked"),
    ]
    assert readable_field("booking") == "Booking"
    status, out, _ = run(capsys, "course", "show", "course-prostate", "--db", url)
    assert status == 0 and "alice  v1  booking" in out and out.count("bob  v1  booking") == 2


def test_a_booking_is_no_change_that_makes_a_save_lose(store_url):
    url = stock(store_url)
    with Store.open(url, user="carol") as carol, desk_as(url, "alice") as alice:
        opened = carol.load_course("course-prostate")
        assert carol.save_course(opened.spec.updated(location="Room 2"), opened.version) == opened.version + 1
        alice.commit(alice.propose("course-prostate", earliest=date(2030, 3, 25)).best)  # after carol's save
        other = Store.open(url, user="dave")
        try:
            try:
                other.save_course(opened.spec.updated(location="Room 3"), opened.version)
            except CourseConflict as lost:
                assert lost.details.fields == ("location",)  # the booking since is not named as a change of the course
            else:
                raise AssertionError("the second save should have lost")
        finally:
            other.close()


def test_a_machine_down_names_who_moved_each_patients_sessions(store_url):
    from zoneinfo import ZoneInfo

    london = ZoneInfo("Europe/London")
    url = stock(store_url)
    with desk_as(url, "alice") as alice:
        alice.commit(alice.propose("course-prostate", earliest=date(2030, 3, 25), prefer_time=time(8, 30), machine="Linac 1").best)
    with desk_as(url, "bob") as bob:
        bob.machine_down("Linac 1", datetime(2030, 3, 25, 8, 0, tzinfo=london), datetime(2030, 3, 25, 18, 0, tzinfo=london),
                         "magnetron")
    with Store.open(url) as store:
        entries = [(e.who, readable_change("booking", e.old_value), readable_change("booking", e.new_value))
                   for e in store.course_history("course-prostate") if e.field == "booking"]
    assert len(entries) == 2 and entries[1][0] == "bob"
    assert entries[1][1] == "fraction 1: Linac 1 Mon 25 Mar 2030 08:30"
    assert entries[1][2].startswith("fraction 1: ") and "Linac 1 Mon 25 Mar 2030" not in entries[1][2]
