"""The store itself refuses a booking outside its machine's hours, on a day the department is closed
or inside the machine's recorded downtime (issue 13: "the store enforces this, not only the engine"),
on both databases, inside the write transaction that refuses overlaps; a downtime make-up on a
weekend within the department's weekend hours is booked; an appointment written again where it
was stays, whatever changed since it was booked."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text

from planner.core.department import BookingRules, Downtime
from planner.core.kinds import AppointmentKind
from planner.store.db import Store
from planner.store.db import bookings as db

from .booking_scenario import stock

LONDON = ZoneInfo("Europe/London")  # the golden department: Mon-Fri, Linac 2 closes 16:00 on Fridays, closed Fri 8 Mar 2030


def at(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2030, month, day, hour, minute, tzinfo=LONDON)


def fraction(start: datetime, machine: str = "Linac 1", number: int = 1, minutes: int = 20) -> db.Booking:
    return db.Booking("course-prostate", AppointmentKind.FRACTION, number, machine, start, start + timedelta(minutes=minutes))


def place(store: Store, new: list[db.Booking], replacing: list[tuple[str, AppointmentKind, int]] | None = None) -> None:
    with db.writing(store.engine, store.display_url) as connection:
        db.place(connection, new, replacing=replacing or [])


def down(store: Store, machine: str, start: datetime, end: datetime, reason: str = "") -> None:
    with db.writing(store.engine, store.display_url) as connection:
        db.record_downtime(connection, Downtime(machine, start, end, reason), store.user)


def count(store: Store) -> int:
    with store.engine.connect() as connection:
        return int(connection.execute(text("SELECT COUNT(*) FROM bookings")).scalar_one())


@pytest.fixture
def store(store_url: str):
    with Store.open(stock(store_url)) as opened:
        yield opened


def test_a_booking_inside_downtime_recorded_meanwhile_is_refused_and_nothing_is_written(store):
    down(store, "Linac 1", at(3, 25, 8), at(3, 25, 12), "magnetron")
    with pytest.raises(db.SlotTaken) as refused:
        place(store, [fraction(at(3, 26, 9), number=2), fraction(at(3, 25, 11, 50))])
    assert str(refused.value) == "Linac 1 was taken down Mon 25 Mar 2030 08:00–12:00 meanwhile (magnetron)"
    assert refused.value.start == at(3, 25, 11, 50)
    assert count(store) == 0  # not the other fraction either
    place(store, [fraction(at(3, 25, 12)), fraction(at(3, 25, 9), machine="Linac 2", number=2)])  # from its end, and another machine
    assert count(store) == 2


def test_downtime_over_days_and_the_department_files_own_are_refused_too(store):
    down(store, "Linac 3", at(3, 26, 12), at(3, 28, 10))
    with pytest.raises(db.SlotTaken, match="^Linac 3 was taken down Tue 26 Mar 2030 12:00 – Thu 28 Mar 2030 10:00 meanwhile$"):
        place(store, [fraction(at(3, 27, 8), machine="Linac 3")])
    with pytest.raises(db.SlotTaken, match="Linac 2 was taken down Tue 5 Mar 2030 08:00–10:00 meanwhile .monthly QA."):
        place(store, [fraction(at(3, 5, 9, 50), machine="Linac 2")])  # the golden department file's downtime
    assert count(store) == 0


def test_a_booking_outside_its_machines_hours_is_refused(store):
    with pytest.raises(db.SlotTaken, match="^Linac 2's hours on Fri 29 Mar 2030 changed meanwhile to 08:00–16:00: 15:50 is outside them$"):
        place(store, [fraction(at(3, 29, 15, 50), machine="Linac 2")])  # ends 16:10
    with pytest.raises(db.SlotTaken, match="Linac 1's hours on Mon 25 Mar 2030 .* 07:50 is outside them"):
        place(store, [fraction(at(3, 25, 7, 50))])
    place(store, [fraction(at(3, 29, 15, 40), machine="Linac 2")])  # ends at closing time
    assert count(store) == 1


def test_a_booking_on_a_closed_day_is_refused(store):
    with pytest.raises(db.SlotTaken, match=r"^the department was closed on Fri 8 Mar 2030 meanwhile \(Staff training day\)$"):
        place(store, [fraction(at(3, 8, 9))])
    with pytest.raises(db.SlotTaken, match="^Sat 30 Mar 2030 is no treatment day of the department any more"):
        place(store, [fraction(at(3, 30, 9))])  # no weekend hours: no make-ups on a weekend
    department = store.department()
    assert department is not None
    store.set_department(replace(department, treatment_days=frozenset({0, 1, 2, 3})))  # no Fridays any more
    with pytest.raises(db.SlotTaken, match="Fri 29 Mar 2030 is no treatment day"):
        place(store, [fraction(at(3, 29, 9))])
    assert count(store) == 0


def test_a_weekend_make_up_within_the_weekend_hours_is_booked(store):
    department = store.department()
    assert department is not None
    store.set_department(replace(department, booking=BookingRules(weekend_hours=(time(9, 0), time(13, 0))),
                                 closures=((at(4, 6, 0).date(), "Open day"),)))
    # Sunday 31 March 2030: the clocks go forward, 09:00 is British Summer Time.
    place(store, [fraction(at(3, 30, 9)), fraction(at(3, 31, 12, 40), number=2)])
    assert count(store) == 2
    with pytest.raises(db.SlotTaken, match="^Linac 1's hours on Sat 30 Mar 2030 changed meanwhile to 09:00–13:00: 12:50 is outside them"):
        place(store, [fraction(at(3, 30, 12, 50), number=3)])
    with pytest.raises(db.SlotTaken, match="Sun 31 Mar 2030 .* 08:50 is outside them"):
        place(store, [fraction(at(3, 31, 8, 50), number=3)])
    with pytest.raises(db.SlotTaken, match=r"closed on Sat 6 Apr 2030 meanwhile \(Open day\)"):
        place(store, [fraction(at(4, 6, 9), number=3)])  # a weekend the department closed: no make-ups either
    assert count(store) == 2


def test_an_appointment_written_again_where_it_was_stays_though_downtime_covers_it_now(store):
    first, second = fraction(at(3, 25, 9)), fraction(at(3, 26, 9), number=2)
    place(store, [first, second])
    down(store, "Linac 1", at(3, 25, 8), at(3, 25, 12))  # recorded over it by hand, as an old store may hold
    place(store, [first, replace(second, start=second.start + timedelta(hours=1), end=second.end + timedelta(hours=1))],
          replacing=[first.key, second.key])  # a re-booking of the course that leaves fraction 1 where it was
    with pytest.raises(db.SlotTaken, match="taken down"):
        place(store, [replace(first, start=first.start + timedelta(minutes=30), end=first.end + timedelta(minutes=30))],
              replacing=[first.key])  # moved, it is written anew
    with store.engine.connect() as connection:
        held = db.course_bookings(connection, "course-prostate")
    assert [(b.number, b.start) for b in held] == [(1, at(3, 25, 9)), (2, at(3, 26, 10))]


def test_a_booking_on_a_machine_removed_meanwhile_is_refused(store):
    department = store.department()
    assert department is not None
    store.set_department(replace(department, machines=tuple(m for m in department.machines if m.name != "Linac 3")))
    with pytest.raises(db.SlotTaken, match="^Linac 3 is no longer a machine of the department$"):
        place(store, [fraction(at(3, 25, 9), machine="Linac 3")])
    assert count(store) == 0
