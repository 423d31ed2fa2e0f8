"""A breakdown entered after it happened never re-books the sessions given before it: 'Linac 1 down from
08:00' typed at 10:00 moved Zoë's 08:30 session (given) to Linac 2, or would have added a fraction at the
end of her course. It is refused, naming the sessions and from when to take the machine down, and the
Machine down dialog opened on today starts from now rather than 08:00."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from planner.core.errors import Field, InputError
from planner.store.db import bookings as db
from planner.ui.booking_dialogs import MachineDownDialog

from .booking_scenario import desk_on, place_bookings, stock

LONDON = ZoneInfo("Europe/London")
TUESDAY = date(2030, 3, 26)  # Zoë Ångström's fraction 2 on Linac 1 at 08:30–08:50
TEN = datetime(2030, 3, 26, 10, 0, tzinfo=LONDON)


@pytest.fixture
def desk(tmp_path, monkeypatch):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    place_bookings(url)
    with desk_on(url) as opened:
        opened.today = TUESDAY
        monkeypatch.setattr(opened, "now", lambda: TEN)
        yield opened


def at(hour: int, minute: int = 0) -> datetime:
    return datetime(2030, 3, 26, hour, minute, tzinfo=LONDON)


def zoe_today(desk) -> tuple[str, datetime]:
    with desk.store.engine.connect() as connection:
        found = [b for b in db.course_bookings(connection, "course-prostate") if b.start.astimezone(LONDON).date() == TUESDAY]
    return found[0].machine, found[0].start.astimezone(LONDON)


def test_a_downtime_over_a_session_given_this_morning_is_refused(desk):
    with pytest.raises(InputError) as refused:
        desk.machine_down("Linac 1", at(8), at(12), "beam fault")
    assert refused.value.field is Field.FROM
    assert refused.value.reason == ("1 session on Linac 1 in that time began already (the first at 08:30): those were given, "
                                    "not lost; take it down from 10:00")
    assert zoe_today(desk) == ("Linac 1", at(8, 30))
    assert not [d for d in desk.store.department().downtime if d.start.date() == TUESDAY]


def test_a_downtime_from_now_is_taken(desk):
    desk.machine_down("Linac 1", at(10), at(12), "beam fault")
    assert zoe_today(desk) == ("Linac 1", at(8, 30))
    assert [d.reason for d in desk.store.department().downtime if d.start.date() == TUESDAY] == ["beam fault"]


def test_the_dialog_on_today_starts_from_now(qtbot, desk):
    dialog = MachineDownDialog(desk, TUESDAY)
    qtbot.addWidget(dialog)
    assert dialog.start.dateTime().toPython() == datetime(2030, 3, 26, 10, 0)
    assert dialog.end.dateTime().toPython() == datetime(2030, 3, 26, 13, 0)
    later = MachineDownDialog(desk, date(2030, 3, 27))  # another day: its morning, as before
    qtbot.addWidget(later)
    assert later.start.dateTime().toPython().time() == time(8, 0)
