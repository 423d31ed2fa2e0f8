"""A breakdown entered at 08:29 re-books the sessions it hits at times still to come: with Linac 2 down until
09:00, Linac 1 down from 08:30 moved Zoë's 08:30 session to 08:10 on Linac 1 (the nearest free time that day),
gone by the time she was phoned; the day list and her calendar said it too. Now: 09:40 on Linac 2."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from .booking_scenario import desk_on, place_bookings, stock

LONDON = ZoneInfo("Europe/London")
TUESDAY = date(2030, 3, 26)  # Zoë Ångström's fraction 2 on Linac 1 at 08:30–08:50
NOW = datetime(2030, 3, 26, 8, 29, tzinfo=LONDON)


def test_no_session_is_re_booked_to_a_time_already_gone(tmp_path, monkeypatch):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    place_bookings(url)
    with desk_on(url) as desk:
        desk.today = TUESDAY
        monkeypatch.setattr(desk, "now", lambda: NOW)
        desk.machine_down("Linac 2", datetime(2030, 3, 26, 8, 30, tzinfo=LONDON), datetime(2030, 3, 26, 9, 0, tzinfo=LONDON),
                          "service")
        report, _ = desk.machine_down("Linac 1", datetime(2030, 3, 26, 8, 30, tzinfo=LONDON),
                                      datetime(2030, 3, 26, 18, 0, tzinfo=LONDON), "beam fault")
    zoe = [m for m in report.moved + report.appended if m.course_id == "course-prostate"]
    assert [(m.from_start.astimezone(LONDON).time(), m.to_machine, m.to_start.astimezone(LONDON).time()) for m in zoe] == [
        (time(8, 30), "Linac 2", time(9, 40))]
    today = [m for m in report.moved if m.to_start.astimezone(LONDON).date() == TUESDAY]
    assert all(m.to_start >= NOW for m in today), [(m.course_id, m.to_machine, m.to_start.astimezone(LONDON)) for m in today]
