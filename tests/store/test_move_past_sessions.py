"""A manual move never rewrites the past: a session that has begun (given, or missed) is the record of
what the patient had and stays where it was, and no session is moved to a time already gone (the patient
could not come then). The desk refuses both, naming the session and the time; the day view says so while
the booking is dragged; moving the rest of a course starts with its first session still to come."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from planner.app.booking import BookingDesk, Relocation
from planner.core.catalogue import load_catalogue
from planner.core.errors import InputError
from planner.core.kinds import AppointmentKind
from planner.resources_path import default_catalogue_path
from planner.store.db import Store
from planner.store.db import bookings as db
from planner.ui.department_window import DepartmentWindow

from .booking_scenario import place_bookings, stock

LONDON = ZoneInfo("Europe/London")
FRACTION = AppointmentKind.FRACTION
TODAY = date(2030, 3, 28)  # a Thursday: Zoë Ångström's prostate course (Linac 1, 08:30 from Mon 25 Mar) had fractions 1 to 3


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2030, 3, day, hour, minute, tzinfo=LONDON)


@pytest.fixture
def desk(tmp_path):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    place_bookings(url)
    store = Store.open(url)
    yield BookingDesk(store, load_catalogue(default_catalogue_path()), today=TODAY)
    store.close()


def places(desk) -> dict[int, tuple[str, datetime]]:
    with desk.store.engine.connect() as connection:
        return {b.number: (b.machine, b.start.astimezone(LONDON)) for b in db.course_bookings(connection, "course-prostate")
                if b.kind is FRACTION}


def test_a_session_given_yesterday_is_not_moved(desk):
    before = places(desk)
    assert before[3] == ("Linac 1", at(27, 8, 30))
    move = [Relocation(FRACTION, 3, "Linac 1", at(27, 12))]  # the same (past) day, a free hour
    assert desk.check_move("course-prostate", move) == [
        "fraction 3 (Wed 27 Mar 2030 08:30) has begun or is past: it stays as it was; only sessions still to come are moved"]
    with pytest.raises(InputError, match="fraction 3 .Wed 27 Mar 2030 08:30. has begun or is past"):
        desk.move("course-prostate", move)
    assert places(desk) == before


def test_a_session_still_to_come_is_not_moved_into_the_past(desk):
    before = places(desk)
    reasons = desk.check_move("course-prostate", [Relocation(FRACTION, 4, "Linac 2", at(27, 12))])
    assert reasons[0] == "fraction 4: Wed 27 Mar 2030 12:00 is past: move it to a time still to come"
    assert places(desk) == before


def test_the_rest_of_a_course_starts_with_its_first_session_still_to_come(desk):
    moves = desk.rest_of_course("course-prostate", 2, "Linac 2", time(14, 0))
    assert [m.number for m in moves] == list(range(4, 21))  # 2 and 3 were given on Tue 26 and Wed 27 Mar
    desk.move("course-prostate", moves)
    after = places(desk)
    assert after[2] == ("Linac 1", at(26, 8, 30)) and after[3] == ("Linac 1", at(27, 8, 30))
    assert after[4] == ("Linac 2", at(28, 14))


def test_the_rest_of_a_course_all_given_says_there_is_nothing_to_move(tmp_path):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    place_bookings(url)
    with Store.open(url) as store:
        late = BookingDesk(store, load_catalogue(default_catalogue_path()), today=date(2030, 6, 3))
        with pytest.raises(InputError, match="every fraction from 18 on has begun or is past"):
            late.rest_of_course("course-prostate", 18, "Linac 2", time(14, 0))


def test_dragging_a_given_session_is_refused_while_dragging(qtbot, desk):
    window = DepartmentWindow(desk, date(2030, 3, 27))
    qtbot.addWidget(window)
    view = window.day_view
    given = next(e for m in view.machines for e in m.entries if e.course_id == "course-prostate")
    check = view.check_drop(given, "Linac 1", at(27, 12))
    assert not check.free
    assert check.reason().startswith("fraction 3 (Wed 27 Mar 2030 08:30) has begun or is past")


def test_the_move_rest_dialog_on_a_given_session_says_the_move_starts_later(qtbot, desk):
    from PySide6.QtWidgets import QLabel

    from planner.ui.booking_dialogs import MoveRestDialog

    window = DepartmentWindow(desk, date(2030, 3, 27))
    qtbot.addWidget(window)
    given = next(e for m in window.day_view.machines for e in m.entries if e.course_id == "course-prostate")
    dialog = MoveRestDialog(desk, given, "Linac 1", window)
    qtbot.addWidget(dialog)
    words = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert "Those that have begun stay as they were: the move starts with the first still to come." in words
