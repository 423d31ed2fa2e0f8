"""A Saturday or Sunday holding a weekend make-up, in a department that books weekend sessions in its weekend hours
(09:00–13:00 here): the Bookings window shows that day's hours as open, as the store accepts bookings then, so the
session can be seen and moved by hand there (a drag, "Move this session…") under the store's rules, and the day list
and the week's occupancy say them. Before, every machine was drawn closed that day, the status line said so, and any
move there was refused ("the department does not treat on Saturdays") though the store itself had booked it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from planner.app.booking import BookingDesk, Relocation
from planner.core.catalogue import load_catalogue
from planner.core.department import BookingRules
from planner.core.kinds import AppointmentKind
from planner.resources_path import default_catalogue_path
from planner.store.db import Store
from planner.ui.department_window import CLOSED_NOTE, DepartmentWindow

from .booking_scenario import place_bookings, stock
from .command_line import run

LONDON = ZoneInfo("Europe/London")
SATURDAY, SUNDAY = date(2030, 3, 30), date(2030, 3, 31)  # the clocks go forward on the Sunday
WEEKEND = (time(9), time(13))


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=LONDON)


@pytest.fixture
def url(capsys, tmp_path) -> str:
    """The golden department allowing weekend sessions; Zoë Ångström's course marks Wednesday 27 March missed, made up
    on the weekend: booked, its make-up lies on Saturday 30 March at 09:40 on Linac 2."""
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    place_bookings(url, skip=("course-prostate",))
    with Store.open(url) as store:
        department = store.department()
        assert department is not None
        store.set_department(replace(department, booking=BookingRules(weekend_hours=WEEKEND)))
    for argv in (["course", "save", "--course-id", "course-prostate", "--missed", "3=weekend", "--reason", "cannot come"],
                 ["book", "--course-id", "course-prostate", "--earliest", "2030-03-25", "--prefer-time", "08:30"]):
        status, _, err = run(capsys, *argv, "--db", url)
        assert status == 0, err
    return url


@pytest.fixture
def window(qtbot, url):
    with Store.open(url) as store:
        desk = BookingDesk(store, load_catalogue(default_catalogue_path()), today=date(2030, 3, 20))
        shown = DepartmentWindow(desk, SATURDAY)
        qtbot.addWidget(shown)
        shown.show()
        yield shown
        shown.close()


def make_up(window: DepartmentWindow):
    return next(e for m in window.day_view.machines for e in m.entries if e.course_id == "course-prostate" and e.make_up)


def placed(window: DepartmentWindow, number: int) -> tuple[str, datetime]:
    rules = window.desk.move_rules("course-prostate")
    booking = next(b for b in rules.held if b.kind is AppointmentKind.FRACTION and b.number == number)
    return booking.machine, booking.start


def test_the_saturday_shows_its_weekend_hours_open_and_says_so(window):
    view = window.day_view
    session = make_up(window)
    assert session.start == at(SATURDAY, 9, 40)
    for machine in view.machines:  # every machine, as the store books any of them then
        assert [(p.start, p.end) for p in machine.open_hours] == [(at(SATURDAY, 9), at(SATURDAY, 13))]
    assert window.message.text() == ("Sat 30 Mar 2030, no treatment on Saturdays: open 09:00–13:00 for weekend sessions only "
                                     "(make-ups); drag a booking, or Shift+arrows, within those hours.")
    assert window.occupancy.words_at(1, 5) == "Linac 2, Sat 30 Mar: 20 / 240 min booked · 8 %"
    document = window.day_list(None, discreet=False, page_per_machine=True)
    assert document.closed_words() == "No treatment on Saturdays: open 09:00–13:00 for weekend sessions only"
    window.show_day(SUNDAY)  # nothing booked: said so, not how to drag
    assert window.message.text() == ("Sun 31 Mar 2030, no treatment on Sundays: open 09:00–13:00 for weekend sessions only "
                                     "(make-ups); nothing is booked then.")


def test_the_weeks_occupancy_counts_weekend_hours_only_where_something_is_booked(window):
    """Weekend hours are for make-ups, not the department's weekly capacity: an empty weekend day reads 'weekend' and
    adds no open minutes to the week, so the week's share is not diluted by hours no one treats in."""
    view = window.occupancy
    agenda = view.agenda
    days = agenda.dates
    weekdays = [d for d in days if d.weekday() < 5]
    for row, machine in enumerate(agenda.machines):
        booked_saturday = machine.booked_minutes(SATURDAY, agenda.tz)
        assert view.words_at(row, days.index(SUNDAY)) == f"{machine.name}, Sun 31 Mar: weekend"
        if not booked_saturday:
            assert view.words_at(row, days.index(SATURDAY)) == f"{machine.name}, Sat 30 Mar: weekend"
        opened = sum(machine.open_minutes(d, agenda.tz) for d in weekdays) + (240 if booked_saturday else 0)
        booked = sum(machine.booked_minutes(d, agenda.tz) for d in days)
        assert view.words_at(row, len(days)).startswith(f"{machine.name}, the week: {booked} / {opened} min booked")
    assert any(m.booked_minutes(SATURDAY, agenda.tz) for m in agenda.machines)
    total = len(agenda.machines)  # the treatment machines' row: an empty Sunday is a weekend there too
    assert view.words_at(total, days.index(SUNDAY)) == "Treatment machines, Sun 31 Mar: weekend"


def test_the_make_up_is_dragged_within_the_weekend_hours_and_not_past_them(window):
    view = window.day_view
    session = make_up(window)
    assert view.check_drop(session, "Linac 2", at(SATURDAY, 11)).free
    assert view.check_drop(session, "Linac 1", at(SATURDAY, 12, 40)).free  # beam-matched with Linac 2
    late = view.check_drop(session, "Linac 2", at(SATURDAY, 12, 50))
    assert late.reason() == "outside Linac 2's open hours (09:00–13:00)"  # as the store refuses it
    window.move_entry(session, "Linac 2", at(SATURDAY, 11))
    assert placed(window, session.number) == ("Linac 2", at(SATURDAY, 11))
    assert window.message.text().startswith("Moved Zoë Ångström (5 of 20 · Treatment · make-up) from Linac 2 at 09:40 to "
                                            "Linac 2 at 11:00.")  # not said over by the day's note


def test_move_this_session_takes_it_to_the_sunday_in_its_weekend_hours(qtbot, window):
    from PySide6.QtCore import QDate, QTime

    from planner.ui.booking_dialogs import MoveOneDialog

    session = make_up(window)
    # Sunday 31 March: the clocks go forward at 01:00, the weekend hours are British Summer Time
    assert window.desk.check_move("course-prostate", [Relocation(session.kind, session.number, "Linac 2", at(SUNDAY, 10))]) == []
    dialog = MoveOneDialog(window.desk, session, "Linac 2", window)
    qtbot.addWidget(dialog)
    dialog.day.setDate(QDate(2030, 3, 31))
    dialog.time.setTime(QTime(8, 30))  # before the weekend hours: refused, as the store would
    dialog.move()
    assert dialog.moved is None and "outside Linac 2's open hours (09:00–13:00)" in dialog.error.text()
    dialog.time.setTime(QTime(10, 0))
    dialog.move()
    assert dialog.moved == ("Linac 2", at(SUNDAY, 10)) and placed(window, session.number) == dialog.moved


def test_a_closed_saturday_still_holding_a_booking_shows_it_and_says_what_to_do(qtbot, url):
    """The department stopped weekend sessions after the make-up was booked: the Saturday is closed, its booking shown
    (the axis spans it) and said; moving it within the Saturday is refused as the store would; a Sunday with nothing
    booked says plainly it is closed."""
    with Store.open(url) as store:
        department = store.department()
        assert department is not None
        store.set_department(replace(department, booking=BookingRules()))
        desk = BookingDesk(store, load_catalogue(default_catalogue_path()), today=date(2030, 3, 20))
        window = DepartmentWindow(desk, SATURDAY)
        qtbot.addWidget(window)
        session = make_up(window)
        assert window.day_view.block_rect(session) is not None
        assert window.message.text() == ("Sat 30 Mar 2030, no treatment on Saturdays: every machine is closed, yet 1 session "
                                         "is booked: choose one (arrows) and press Enter to move it to an open day.")
        assert window.day_view.check_drop(session, "Linac 2", at(SATURDAY, 11)).reason() == \
            "the department does not treat on Saturdays (its treatment days: Monday to Friday)"
        window.day_view.choose(session)  # chosen (arrows, Tab): what the keys can do with it on a closed day
        assert window.message.text().endswith(". The day is closed: Enter moves it to an open day; Ctrl+Shift+R moves the rest "
                                              "of the course.")
        window.show_day(SUNDAY)
        assert window.message.text() == f"Sun 31 Mar 2030, no treatment on Sundays: {CLOSED_NOTE}"
        window.close()


def test_a_session_of_a_treatment_day_still_keeps_to_the_courses_own_calendar(window):
    """Only a make-up goes on a day the course does not treat by choice: its Friday session dragged onto the Saturday's
    open hours is refused, as before, for the course's own calendar (Monday to Friday)."""
    friday = next(e for m in window.desk.agenda(date(2030, 3, 29), 1).machines for e in m.entries
                  if e.course_id == "course-prostate")
    reason = "fraction 4: the course keeps its own calendar, closed on Sat 30 Mar 2030: no treatment day"
    assert reason in window.day_view.check_drop(friday, "Linac 2", at(SATURDAY, 11)).reason()
    assert reason in window.desk.check_move("course-prostate", [Relocation(friday.kind, friday.number, "Linac 2", at(SATURDAY, 11))])


def test_a_weekend_make_up_marked_after_booking_is_booked_in_the_weekend_hours(capsys, tmp_path):
    """The course booked first, then a session marked missed with a weekend make-up: `book --make-ups` (and the Book
    dialog's 'Book the make-up') books it on the Saturday in the weekend hours, nearest the course's 08:30. Before, it
    looked for room in an agenda without weekend hours and refused: 'no machine ... has room on Sat 30 Mar 2030'."""
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    with Store.open(url) as store:
        department = store.department()
        assert department is not None
        store.set_department(replace(department, booking=BookingRules(weekend_hours=WEEKEND)))
    for argv in (["book", "--course-id", "course-prostate", "--earliest", "2030-03-25", "--prefer-time", "08:30"],
                 ["course", "save", "--course-id", "course-prostate", "--missed", "3=weekend", "--reason", "cannot come"],
                 ["book", "--course-id", "course-prostate", "--make-ups"]):
        status, out, err = run(capsys, *argv, "--db", url)
        assert status == 0, err
    assert "Linac 1 Sat 30 Mar 2030 09:00–09:20" in out, out


def test_on_a_saturday_holding_a_make_up_the_window_opens_on_that_saturday(qtbot, url):
    """Opened on a day the department does not treat, the window goes on to the next treatment day (Monday), saying
    'Today (Sat 30 Mar) the department is closed'; on a Saturday with a make-up booked, the coordinator wants that day."""
    with Store.open(url) as store:
        desk = BookingDesk(store, load_catalogue(default_catalogue_path()), today=SATURDAY)
        window = DepartmentWindow(desk)
        qtbot.addWidget(window)
        assert window.day == SATURDAY and make_up(window).start == at(SATURDAY, 9, 40)
        assert window.message.text().startswith("Sat 30 Mar 2030, no treatment on Saturdays: open 09:00–13:00 for weekend")
        window.close()
