"""The department's day view draws a day by instants: on the night the clocks go back (Europe/London,
last Sunday of October) a machine open overnight shows 25 hours, the repeated hour twice and labelled
with its run ('01:00 BST', then '01:00 GMT'), so bookings in its two runs neither overlap nor hide each
other; on the spring night the hour the clocks skip is not drawn. A drag or Shift+arrow in the repeated
hour lands at the instant shown. Lengths, order and occupancy count elapsed time, not the clock's."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from PySide6.QtCore import QPointF, Qt

from planner.core.agenda import Agenda, AgendaEntry, MachineAgenda, Period
from planner.core.kinds import AppointmentKind
from planner.core.wall_clock import clock_text, same_instant
from planner.ui.department_views import AXIS_TOP, DayView, axis_ticks, day_instants
from planner.ui.printing.day_list import DayListDocument
from tests.department_sample import TZ

AUTUMN = date(2026, 10, 25)  # 01:00–02:00 BST, then 01:00–02:00 GMT
SPRING = date(2026, 3, 29)  # 01:00 GMT jumps to 02:00 BST


def utc(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


def booking(name: str, number: int, start: datetime, minutes: int) -> AgendaEntry:
    """As the desk gives it: aware in the department's zone."""
    return AgendaEntry(f"course-{name}", name, AppointmentKind.FRACTION, number, 20, start.astimezone(TZ),
                       (start + timedelta(minutes=minutes)).astimezone(TZ), f"RCC-{number:05d}")


FIRST_RUN = booking("Ada First", 1, utc(AUTUMN, 0, 10), 20)  # 01:10–01:30 BST
SECOND_RUN = booking("Ben Second", 2, utc(AUTUMN, 1, 10), 20)  # 01:10–01:30 GMT
LAST_BST = booking("Cai Last", 3, utc(AUTUMN, 0, 55), 5)  # 01:55 BST–01:00 GMT
ACROSS = booking("Dee Across", 4, utc(AUTUMN, 0, 40), 15)  # 01:40 BST–01:55 BST
OVER_THE_CHANGE = booking("Eli Over", 5, utc(AUTUMN, 0, 50), 15)  # 01:50 BST–01:05 GMT: 15 minutes


def night(day: date, entries: tuple[AgendaEntry, ...], opens: datetime, closes: datetime) -> Agenda:
    return Agenda(day, 1, TZ, (MachineAgenda("Night linac", (Period(opens.astimezone(TZ), closes.astimezone(TZ)),), (), entries),
                               MachineAgenda("Linac 2", (Period(opens.astimezone(TZ), closes.astimezone(TZ)),), (), ())))


@pytest.fixture
def autumn(qtbot) -> DayView:
    view = DayView()
    qtbot.addWidget(view)
    # open 00:00 BST to 06:00 GMT: seven hours of elapsed time, six on the clock
    view.set_agenda(night(AUTUMN, (FIRST_RUN, SECOND_RUN, LAST_BST), utc(date(2026, 10, 24), 23), utc(AUTUMN, 6)), AUTUMN)
    view.resize(700, view.sizeHint().height())
    return view


def test_the_day_the_clocks_go_back_is_25_hours_long_and_the_spring_day_23():
    start, end = day_instants(AUTUMN, TZ)
    assert end - start == timedelta(hours=25)
    start, end = day_instants(SPRING, TZ)
    assert end - start == timedelta(hours=23)


def test_the_two_runs_of_the_repeated_hour_are_drawn_one_below_the_other(autumn):
    first, second = autumn.block_rect(FIRST_RUN), autumn.block_rect(SECOND_RUN)
    assert first is not None and second is not None
    assert second.top() - first.top() == pytest.approx(60 * autumn.per_minute)  # an hour apart, as they are
    assert not first.intersects(second)
    assert autumn.height() == pytest.approx(AXIS_TOP + 7 * 60 * autumn.per_minute + autumn._foot_room(), abs=1)  # seven hours tall, the foot named


def test_the_axis_labels_each_run_of_the_repeated_hour(autumn):
    labels = [label for _, label in axis_ticks(autumn._top, autumn._bottom, TZ)]
    assert labels[:7] == ["00:00", "00:30", "01:00 BST", "01:30 BST", "01:00 GMT", "01:30 GMT", "02:00"]
    assert labels[-1] == "06:00" and len(labels) == 15  # 7 hours of half hours, both ends
    image = autumn.grab().toImage()
    assert image.width() == autumn.width()
    assert autumn._axis > 52  # widened for '01:00 BST' to read whole


def test_the_spring_night_skips_the_missing_hour(qtbot):
    view = DayView()
    qtbot.addWidget(view)
    late = booking("Fay Spring", 6, utc(SPRING, 1, 10), 20)  # 02:10 BST, the first moment after the jump is 02:00 BST
    view.set_agenda(night(SPRING, (late,), utc(SPRING, 0), utc(SPRING, 5)), SPRING)  # 00:00 GMT to 06:00 BST: 5 hours
    labels = [label for _, label in axis_ticks(view._top, view._bottom, TZ)]
    assert labels[:4] == ["00:00", "00:30", "02:00 BST", "02:30"]  # the first time after the jump says why 01:00 is missing
    assert not any(label.startswith("01:") for label in labels)
    assert labels[-1] == "06:00" and len(labels) == 11
    view.resize(700, view.sizeHint().height())
    rect = view.block_rect(late)
    assert rect is not None and rect.top() == pytest.approx(AXIS_TOP + 70 * view.per_minute)  # 70 minutes after midnight


def test_an_ordinary_day_is_drawn_as_before(qtbot):
    view = DayView()
    qtbot.addWidget(view)
    day = date(2026, 10, 27)
    ordinary = booking("Gil Tuesday", 7, utc(day, 9, 30), 15)  # 09:30 GMT
    view.set_agenda(night(day, (ordinary,), utc(day, 8), utc(day, 18)), day)
    assert [label for _, label in axis_ticks(view._top, view._bottom, TZ)][:3] == ["08:00", "08:30", "09:00"]
    assert view._axis == 52
    view.resize(700, view.sizeHint().height())
    assert view.block_rect(ordinary).top() == pytest.approx(AXIS_TOP + 90 * view.per_minute)


def test_a_drop_in_the_second_run_lands_there(autumn, qtbot):
    """Dragged onto the row drawn as 01:40 GMT, the booking moves to 01:40 GMT (01:40 UTC), not to 01:40 BST."""
    moved: list[tuple[AgendaEntry, str, datetime]] = []
    autumn.moveRequested.connect(lambda *a: moved.append(a))
    rect = autumn.block_rect(FIRST_RUN)
    press = rect.topLeft() + QPointF(10, 2)
    target_y = AXIS_TOP + (utc(AUTUMN, 1, 40) - autumn._top).total_seconds() / 60 * autumn.per_minute
    release = QPointF(press.x(), target_y + 2)
    qtbot.mousePress(autumn, Qt.MouseButton.LeftButton, pos=press.toPoint())
    check = autumn.drag_to(release)
    assert check is not None and check.free
    qtbot.mouseRelease(autumn, Qt.MouseButton.LeftButton, pos=release.toPoint())
    assert len(moved) == 1
    start = moved[0][2]
    assert same_instant(start, utc(AUTUMN, 1, 40)) and clock_text(start) == "01:40 GMT"


def test_a_slot_in_either_run_is_the_instant_drawn_there(autumn):
    for instant, words in ((utc(AUTUMN, 0, 40), "01:40 BST"), (utc(AUTUMN, 1, 40), "01:40 GMT"), (utc(AUTUMN, 2, 40), "02:40")):
        y = AXIS_TOP + (instant - autumn._top).total_seconds() / 60 * autumn.per_minute
        slot = autumn.slot_at(QPointF(200, y))
        assert slot is not None and same_instant(slot[1], instant) and clock_text(slot[1]) == words


def test_shift_arrows_step_in_elapsed_time_across_the_change(autumn, qtbot):
    moved: list[tuple[AgendaEntry, str, datetime]] = []
    autumn.moveRequested.connect(lambda *a: moved.append(a))
    autumn.show()
    qtbot.waitExposed(autumn)
    autumn.setFocus()
    autumn._select(LAST_BST)
    qtbot.keyClick(autumn, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)  # 01:55 BST + 5 minutes: 01:00 GMT
    qtbot.keyClick(autumn, Qt.Key.Key_Enter)
    autumn._select(SECOND_RUN)
    qtbot.keyClick(autumn, Qt.Key.Key_Up, Qt.KeyboardModifier.ShiftModifier)  # 01:10 GMT − 5 minutes: 01:05 GMT
    qtbot.keyClick(autumn, Qt.Key.Key_Enter)
    assert [(m[0].patient, m[2].astimezone(UTC)) for m in moved] == [("Cai Last", utc(AUTUMN, 1, 0)),
                                                                     ("Ben Second", utc(AUTUMN, 1, 5))]


def test_a_booking_over_the_change_keeps_its_length_when_dragged(autumn):
    """01:50 BST to 01:05 GMT is 15 minutes (by the clock: minus 45), so it fits a free quarter hour."""
    assert OVER_THE_CHANGE.minutes == 15
    check = autumn.check_drop(OVER_THE_CHANGE, "Linac 2", utc(AUTUMN, 3).astimezone(TZ))
    assert check.free, check.reason()


def test_bookings_of_the_night_are_listed_in_the_order_they_happen():
    agenda = night(AUTUMN, (SECOND_RUN, ACROSS, FIRST_RUN), utc(date(2026, 10, 24), 23), utc(AUTUMN, 6))
    machine = agenda.machines[0]
    assert [e.patient for e in machine.on(AUTUMN, TZ)] == ["Ada First", "Dee Across", "Ben Second"]
    assert machine.booked_minutes(AUTUMN, TZ) == 55
    assert machine.open_minutes(AUTUMN, TZ) == 7 * 60  # seven hours open, six on the clock
    document = DayListDocument(agenda, AUTUMN, discreet=False, clinic_name="", printed_on=AUTUMN)
    listed = [line.entry.patient for line in document.lines() if line.entry is not None]
    assert listed == ["Ada First", "Dee Across", "Ben Second"]


def test_a_day_open_to_midnight_ends_its_axis_at_24_00(qtbot):
    view = DayView()
    qtbot.addWidget(view)
    day = date(2026, 10, 27)
    late = booking("Hal Late", 8, utc(day, 23, 30), 15)  # 23:30 GMT
    view.set_agenda(night(day, (late,), utc(day, 20), utc(day + timedelta(days=1), 0)), day)  # open 20:00 to midnight
    labels = [label for _, label in axis_ticks(view._top, view._bottom, TZ)]
    assert labels[-3:] == ["23:00", "23:30", "24:00"]  # it read a second '00:00' at the foot of the day
    assert labels.count("00:00") == 0
