"""A lung SBRT course, 5 fractions on alternate days on Linac 1, whose machine is down all of its second day: the
re-booking adds the lost session at the end and numbers the later ones one lower. Each of those is still where the plan
has a session; only the one added at the end is off the plan. The list marked all four after the first '(booked off the
planned time)' (it compared fraction 2's booking with the planned fraction 2), while the header said a count of its own;
both now say the one session truly off the plan."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

from planner.core.department import load_department
from planner.store.db import Store

from .booking_scenario import DEPARTMENT_FILE, course_spec, desk_on, main_window_on

LONDON = ZoneInfo("Europe/London")
LUNG = course_spec("course-lung", "Bea Lindqvist", "H0003", "lung", "sbrt-5-alternate", None, start=date(2030, 3, 28))
DOWN_DAY = date(2030, 4, 1)  # fraction 2's day (Thu 28 Mar, Mon 1 Apr, Wed 3, Fri 5, Mon 8 Apr)


def rebooked_store(tmp_path: Path) -> str:
    """The golden department with only Linac 1 able to treat SBRT, the course booked on it at 10:00, then Linac 1 down
    all of Monday 1 April: fraction 2 has no machine that day and goes to the end of the course."""
    url = f"sqlite:///{tmp_path / 'department.db'}"
    department = load_department(DEPARTMENT_FILE)
    machines = tuple(replace(m, capabilities=m.capabilities - {"sbrt"}) if m.name != "Linac 1" else m for m in department.machines)
    with Store.open(url) as store:
        store.set_department(replace(department, machines=machines))
        store.save_course(LUNG.updated(time=time(10, 0)))
    with desk_on(url) as desk:
        desk.today = date(2030, 3, 25)
        answer = desk.propose("course-lung", earliest=date(2030, 3, 28), prefer_time=time(10, 0), machine="Linac 1")
        assert answer.best is not None and answer.best.machine == "Linac 1"
        desk.commit(answer.best)
        report, _ = desk.machine_down("Linac 1", datetime.combine(DOWN_DAY, time(0), LONDON),
                                      datetime.combine(date(2030, 4, 2), time(0), LONDON), "beam fault",
                                      now=datetime(2030, 3, 25, 9, 0, tzinfo=LONDON))
    assert [(m.was, m.number, m.how) for m in report.appended] == [(2, 5, "end of course")]
    return url


def test_the_list_and_the_header_mark_only_the_session_added_at_the_end(tmp_path: Path, qtbot, monkeypatch):
    url = rebooked_store(tmp_path)
    with main_window_on(qtbot, monkeypatch, url) as window:
        window.store_link.open_course("course-lung")
        panel = window.results
        qtbot.waitUntil(lambda: "Booked on Linac 1" in panel.summary.text())
        titles = panel.model.titles()
        assert titles == ("Radiotherapy 1 of 5", "Radiotherapy 2 of 5", "Radiotherapy 3 of 5", "Radiotherapy 4 of 5",
                          "Radiotherapy 5 of 5 (booked off the planned time)")
        assert panel.summary.text().endswith("Booked on Linac 1 at 10:00 from Thu 28 Mar 2030; 1 fraction off the planned time")
        shown = panel.in_views(window.session.result.schedule)
        assert [f.start.date() for f in shown.fractions] == [date(2030, 3, 28), date(2030, 4, 3), date(2030, 4, 5),
                                                             date(2030, 4, 8), date(2030, 4, 10)]
