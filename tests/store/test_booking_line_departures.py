"""The course's booking line ('Booked on Linac 1 at 08:30 from Mon 25 Mar 2030') also says what of the course is
booked otherwise: after a machine's downtime moved a fraction to another machine and time, the header named Linac 1
alone, while the list showed that fraction elsewhere."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from planner.app.course_booking import booking_facts, booking_line

from .booking_scenario import desk_on, place_bookings, stock

LONDON = ZoneInfo("Europe/London")


def test_the_booking_line_counts_fractions_on_another_machine_or_time(tmp_path):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    place_bookings(url)
    with desk_on(url) as desk:
        before = {course: booking_line(booking_facts(desk.store, course)) for course in ("course-prostate", "course-lung")}
        assert before["course-prostate"] == "Booked on Linac 1 at 08:30 from Mon 25 Mar 2030"
        report, _ = desk.machine_down("Linac 1", datetime(2030, 3, 27, 8, tzinfo=LONDON), datetime(2030, 3, 27, 18, tzinfo=LONDON),
                                      "beam fault")
        moved = [m for m in report.moved if m.course_id == "course-prostate"]
        assert len(moved) == 1 and moved[0].to_machine != "Linac 1"
        facts = booking_facts(desk.store, "course-prostate")
        assert (facts.elsewhere, facts.off_time) == (1, 1)
        assert booking_line(facts) == ("Booked on Linac 1 at 08:30 from Mon 25 Mar 2030; 1 fraction on another machine, "
                                       "1 at another time")
        assert booking_line(booking_facts(desk.store, "course-lung")) == before["course-lung"]  # not on Linac 1: unchanged
