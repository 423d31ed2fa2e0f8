"""A machine open overnight on the night the clocks go back: a booking dropped in the day view on the
row drawn as 01:40 GMT is stored at 01:40 GMT (the second run of the repeated hour, 01:40 UTC), not at
01:40 BST an hour earlier, and the status line says which run."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF

from planner.app.booking import BookingDesk
from planner.core.catalogue import load_catalogue
from planner.core.kinds import AppointmentKind
from planner.core.wall_clock import clock_text, same_instant
from planner.resources_path import default_catalogue_path
from planner.store.db import Store
from planner.ui.department_window import DepartmentWindow

from .booking_scenario import DEPARTMENT_FILE, course_spec
from .command_line import run

NIGHT = date(2030, 10, 27)  # London's clocks go back at 02:00 BST to 01:00 GMT
SECOND_RUN = datetime(2030, 10, 27, 1, 40, tzinfo=UTC)  # 01:40 GMT


@pytest.fixture
def url(tmp_path: Path, capsys) -> str:
    text = DEPARTMENT_FILE.read_text(encoding="utf-8").replace(
        'treatment_days = ["mon", "tue", "wed", "thu", "fri"]', 'treatment_days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]').replace(
        'hours = { mon = "08:00-18:00", tue = "08:00-18:00", wed = "08:00-18:00", thu = "08:00-18:00", fri = "08:00-18:00" }',
        'hours = { mon = "08:00-18:00", tue = "08:00-18:00", wed = "08:00-18:00", thu = "08:00-18:00", fri = "08:00-18:00", '
        'sat = "08:00-18:00", sun = "00:00-18:00" }', 1)
    night = tmp_path / "night.toml"
    night.write_text(text, encoding="utf-8")
    made = f"sqlite:///{tmp_path / 'department.db'}"
    assert run(capsys, "department", "import", str(night), "--db", made)[0] == 0
    course = course_spec("course-night", "Zoë Ångström", "H0001", "prostate", "20-daily", None, start=date(2030, 10, 21))
    with Store.open(made) as store:
        store.save_course(course.updated(days=frozenset(range(7))))
    status, _, err = run(capsys, "book", "--course-id", "course-night", "--earliest", "2030-10-21", "--prefer-time", "08:30",
                         "--machine", "Linac 1", "--db", made)
    assert status == 0, err
    return made


def test_a_drop_on_the_second_run_is_stored_there(qtbot, url):
    desk = BookingDesk(Store.open(url), load_catalogue(default_catalogue_path()), today=date(2030, 10, 20))
    window = DepartmentWindow(desk, NIGHT)
    qtbot.addWidget(window)
    window.resize(1200, 700)
    window.show()
    qtbot.waitExposed(window)
    view = window.day_view
    entry = next(e for m in view.machines if m.name == "Linac 1" for e in m.entries if e.kind is AppointmentKind.FRACTION)
    rect = view.block_rect(entry)
    assert rect is not None and same_instant(entry.start, datetime(2030, 10, 27, 8, 30, tzinfo=UTC))  # 08:30 GMT
    y = rect.top() - (entry.start - SECOND_RUN).total_seconds() / 60 * view.per_minute  # 6 h 50 min of elapsed time above it
    slot = view.slot_at(QPointF(rect.center().x(), y))
    assert slot is not None and slot[0] == "Linac 1" and clock_text(slot[1]) == "01:40 GMT"
    assert view.drop(entry, "Linac 1", *slot), window.message.text()
    stored = desk.agenda(NIGHT, 1, "Linac 1").machines[0].on(NIGHT, desk.zone)
    moved = next(e for e in stored if e.key == entry.key)
    assert same_instant(moved.start, SECOND_RUN), moved.start.isoformat()
    assert "to Linac 1 at 01:40 GMT" in window.message.text()
