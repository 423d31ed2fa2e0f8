"""A booking moved by hand on the night the clocks go back keeps its length in elapsed time: an aware
time plus a timedelta in one zone is wall-clock arithmetic, so a 20-minute fraction moved to 01:50 on
New York's autumn night (01:00-02:00 is lived twice) was checked and stored as running 80 minutes.
And the checks compare instants: 01:50 before the change to 01:10 after it was refused as a session
"ending before it starts" (times in one zone compare by the clock), by the slot check and the store."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from planner.app.booking import Relocation
from planner.core.kinds import AppointmentKind
from planner.store.db import Store
from planner.store.db import bookings as db

from .booking_scenario import desk_on
from .test_booking_clock_change_nights import _book, _department, _hours

ZONE = "America/New_York"
NIGHT = date(2027, 11, 7)  # the clocks go back at 02:00 EDT to 01:00 EST


def test_a_fraction_moved_onto_the_autumn_night_keeps_its_length(capsys, tmp_path: Path):
    url = _department(capsys, tmp_path, ZONE, [("Linac 1", _hours("00:00-23:59"))])
    answer = _book(capsys, url, ZONE, date(2027, 11, 5), "10:00", 1, "--machine", "Linac 1")
    with Store.open(url) as store, store.engine.connect() as connection:
        held = db.course_bookings(connection, answer["course_id"])
    on_night = next(b for b in held if b.kind is AppointmentKind.FRACTION and b.start.astimezone(ZoneInfo(ZONE)).date() == NIGHT)
    length = on_night.end - on_night.start
    target = datetime(2027, 11, 7, 0, 30, tzinfo=ZoneInfo(ZONE))  # before the change: one offset all along
    with desk_on(url) as desk:
        desk.move(answer["course_id"], [Relocation(on_night.kind, on_night.number, "Linac 1", target)])
    with Store.open(url) as store, store.engine.connect() as connection:
        moved = next(b for b in db.course_bookings(connection, answer["course_id"]) if b.number == on_night.number
                     and b.kind is on_night.kind)
    assert moved.start == target and moved.end - moved.start == length
    late = datetime(2027, 11, 7, 1, 50, tzinfo=ZoneInfo(ZONE))  # 01:50 EDT, the first run: 20 minutes end at 01:10 EST
    with desk_on(url) as desk:
        assert desk.check_move(answer["course_id"], [Relocation(on_night.kind, on_night.number, "Linac 1", late)]) == []
        desk.move(answer["course_id"], [Relocation(on_night.kind, on_night.number, "Linac 1", late)])
    with Store.open(url) as store, store.engine.connect() as connection:
        after = next(b for b in db.course_bookings(connection, answer["course_id"]) if b.number == on_night.number
                     and b.kind is on_night.kind)
    assert after.start == late.astimezone(UTC) and after.end.astimezone(UTC) - after.start.astimezone(UTC) == length, after
