"""A machine back sooner, in a Bookings window kept open: the desk (and any other open desk) reads the shorter downtime
at once. On SQLite the shortened downtime's new row took the old row's id, so the department looked unchanged: the day
view went on drawing the machine down over the sessions moved back onto it, and the next Machine down… in that window
failed every time with "Someone booked a time the re-booking needed ... Try again"."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from .booking_scenario import desk_on, place_bookings, stock

LONDON = ZoneInfo("Europe/London")
FRIDAY = date(2030, 3, 22)  # the desks' today: the Monday after is 25 March 2030


def linac_1_downtime(desk) -> list[tuple[datetime, datetime]]:
    return [(d.start, d.end) for d in desk.department.downtime if d.machine == "Linac 1"]


def test_an_open_desk_sees_the_machine_back_and_takes_it_down_again(store_url):
    url = stock(store_url)
    place_bookings(url)
    with desk_on(url) as window, desk_on(url) as other:
        window.today = other.today = FRIDAY
        start, end = datetime(2030, 3, 25, 8, 0, tzinfo=LONDON), datetime(2030, 3, 27, 18, 0, tzinfo=LONDON)
        window.machine_down("Linac 1", start, end, "beam fault")
        other.refresh()
        assert linac_1_downtime(other) == [(start, end)]

        back = datetime(2030, 3, 26, 7, 0, tzinfo=LONDON)
        report, _ = window.machine_up("Linac 1", back)
        assert report.back, "the sessions of Tuesday and Wednesday go back onto Linac 1"
        assert linac_1_downtime(window) == [(start, back)]
        other.refresh()
        assert linac_1_downtime(other) == [(start, back)]

        again = (datetime(2030, 3, 26, 7, 0, tzinfo=LONDON), datetime(2030, 3, 26, 18, 0, tzinfo=LONDON))
        down, _ = window.machine_down("Linac 1", *again, "magnetron")  # no SlotTaken: it re-books from the store as it is
        assert down.moved or down.appended
