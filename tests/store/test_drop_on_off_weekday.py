"""A machine that keeps Saturday hours in a department that treats Monday to Friday: a booking dragged onto the Saturday
is refused while dragging with the true reason, the department's treatment days, in the words `move` uses (it said
"outside Linac 1's open hours (closed that day)", which the machine's hours belie)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from planner.app.booking import BookingDesk
from planner.core.catalogue import load_catalogue
from planner.resources_path import default_catalogue_path
from planner.store.db import Store
from planner.ui.department_window import DepartmentWindow

from .booking_scenario import place_bookings, stock
from .command_line import run

LONDON = ZoneInfo("Europe/London")
SATURDAY = date(2030, 3, 30)
OFF_DAY = "the department does not treat on Saturdays (its treatment days: Monday to Friday)"


def test_a_drop_on_a_saturday_says_the_department_does_not_treat_then(qtbot, tmp_path, capsys):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    place_bookings(url)
    status, _, err = run(capsys, "course", "save", "--course-id", "course-prostate", "--department-calendar", "--db", url)
    assert status == 0, err  # the course follows the department's calendar (one keeping its own names that too)
    with Store.open(url) as store:
        department = store.department()
        assert department is not None
        store.set_department(replace(department, machines=tuple(
            replace(m, hours={**m.hours, 5: (time(9), time(13))}) if m.name == "Linac 1" else m for m in department.machines)))
        desk = BookingDesk(store, load_catalogue(default_catalogue_path()), today=date(2030, 3, 28))
        friday = desk.agenda(date(2030, 3, 29), 1).machine("Linac 1")
        assert friday is not None
        entry = next(e for e in friday.entries if e.course_id == "course-prostate")
        window = DepartmentWindow(desk, SATURDAY)
        qtbot.addWidget(window)
        check = window.day_view.check_drop(entry, "Linac 1", datetime(2030, 3, 30, 10, tzinfo=LONDON))
        assert check.reason() == OFF_DAY  # as `move` says it
        window.close()
