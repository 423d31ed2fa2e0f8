"""A booking desk opened without a day of its own (the Bookings window's) takes the clock's day each time, so
a window left open overnight does not go on taking yesterday for today: yesterday's sessions would count as
still to come (movable, re-bookable by a downtime), and the waiting list's 'overdue' would lag a day."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import planner.app.booking as booking

from .booking_scenario import desk_on, place_bookings, stock

LONDON = ZoneInfo("Europe/London")


class Clock(datetime):
    shown = datetime(2030, 3, 25, 23, 59, tzinfo=LONDON)

    @classmethod
    def now(cls, tz=None):  # noqa: ANN001, ANN206 - datetime's own signature
        return cls.shown.astimezone(tz) if tz is not None else cls.shown.replace(tzinfo=None)


def test_the_desks_today_moves_on_at_midnight(tmp_path, monkeypatch):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    place_bookings(url)
    monkeypatch.setattr(booking, "datetime", Clock)
    with desk_on(url) as desk:
        assert desk.today == date(2030, 3, 25)
        Clock.shown = datetime(2030, 3, 26, 0, 1, tzinfo=LONDON)
        assert desk.today == date(2030, 3, 26)
        assert desk.now() == Clock.shown
        desk.today = date(2030, 4, 1)  # a day given stays given
        Clock.shown = datetime(2030, 3, 27, 9, 0, tzinfo=LONDON)
        assert desk.today == date(2030, 4, 1)
