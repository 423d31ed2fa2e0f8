"""Two coordinators, two windows on one store: when the other saves Department settings (the clinic's phone, a
closure), this window used to go on with the department it had read, until its own Department settings was opened: a
calendar exported here carried the old phone, and a course was planned around the old closures. The window now reads
the department again when it becomes active, and right before an export (one small query says whether it changed); the
course on screen is planned again, its unsaved edits kept, and the status line says what changed."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication, QFileDialog

from planner.app.course_booking import open_as_booked
from planner.core.catalogue import load_catalogue
from planner.core.dates import day_text
from planner.core.department import Department
from planner.resources_path import default_catalogue_path
from planner.store.db import Store, with_department_calendar
from planner.ui import dialogs

from .booking_scenario import main_window_on, stock

COURSE = "course-prostate"  # 20 daily fractions from Mon 25 Mar 2030, planned, not booked, on the department's calendar
OWN_CALENDAR = "course-prostate-2"  # the same, keeping a calendar of its own (no closures of its own)
POWER_CUT = (date(2030, 4, 3), "Power cut")  # a Wednesday of their third week


@pytest.fixture
def url(tmp_path: Path) -> str:
    made = stock(f"sqlite:///{tmp_path / 'department.db'}")
    with Store.open(made) as store:
        department, stored = store.department(), store.load_course(COURSE)
        assert department is not None
        store.save_course(with_department_calendar(stored.spec, department), stored.version, own_calendar=False)
    return made


def changed_elsewhere(url: str, **changes: object) -> Department:
    """Another coordinator, at another workstation (a Store of their own on the same file), saves Department settings."""
    with Store.open(url, user="coordinator-b") as other:
        department = other.department()
        assert department is not None
        if "closures" in changes:
            changes["closures"] = tuple(sorted(department.closures + changes["closures"]))  # type: ignore[operator]
        return other.set_department(replace(department, **changes), opened=department)  # type: ignore[arg-type]


def back_to_the_window(window) -> None:
    QApplication.sendEvent(window, QEvent(QEvent.Type.WindowActivate))  # the coordinator comes back to this window


def last_day(window) -> date:
    schedule = window.session.schedule
    assert schedule is not None
    return schedule.last_fraction.start.date()


def test_a_closure_saved_elsewhere_plans_the_open_course_again_when_the_window_is_active_again(qtbot, monkeypatch, url):
    with main_window_on(qtbot, monkeypatch, url) as window:
        qtbot.waitUntil(lambda: window.started, timeout=10_000)
        window.store_link.open_course(COURSE)
        before = last_day(window)
        changed_elsewhere(url, closures=(POWER_CUT,))
        back_to_the_window(window)
        assert POWER_CUT in window.session.department.closures  # the window's copy is the store's
        assert POWER_CUT in window.session.spec.closed
        assert last_day(window) > before  # the closed day pushed the rest of the course on
        said = window.statusBar().currentMessage()
        assert "changed elsewhere (closures)" in said and "planned again" in said and day_text(last_day(window)) in said
        assert not window.session.dirty  # shown as stored: nothing to save


@pytest.mark.parametrize("course_id", [COURSE, OWN_CALENDAR])
def test_unsaved_edits_are_kept_when_the_course_follows_a_closure_saved_elsewhere(qtbot, monkeypatch, url, course_id):
    with main_window_on(qtbot, monkeypatch, url) as window:
        qtbot.waitUntil(lambda: window.started, timeout=10_000)
        window.store_link.open_course(course_id)
        before = last_day(window)
        session = window.session
        session.edit(session.spec.updated(patient_name="Ann Other"), "patient_name", "patient")
        changed_elsewhere(url, closures=(POWER_CUT,))
        back_to_the_window(window)
        assert session.spec.patient_name == "Ann Other" and session.dirty  # the edit is still there, unsaved
        assert POWER_CUT in session.spec.closed and last_day(window) > before
        assert "your edits kept" in window.statusBar().currentMessage()
        window.undo_stack.undo()  # the step the department's change made, taken back alone
        assert POWER_CUT not in session.spec.closed and session.spec.patient_name == "Ann Other"
        window.undo_stack.redo()
        assert window.store_link.save()
        said = window.statusBar().currentMessage()
    assert ("keeps its own calendar" in said) == (course_id == OWN_CALENDAR)  # saving did not change which calendar it keeps
    with Store.open(url) as store:
        stored = open_as_booked(store, course_id, load_catalogue(default_catalogue_path()))
        assert stored.spec.patient_name == "Ann Other" and POWER_CUT in stored.spec.closed
        assert (POWER_CUT in store.load_course(course_id).spec.closed) == (course_id == COURSE)  # the department's stays its


def test_an_export_right_after_the_phone_changed_elsewhere_names_the_new_phone(qtbot, monkeypatch, url, tmp_path):
    target = tmp_path / "calendar.ics"
    with main_window_on(qtbot, monkeypatch, url) as window:
        qtbot.waitUntil(lambda: window.started, timeout=10_000)
        window.store_link.open_course(COURSE)
        changed_elsewhere(url, phone="+44 20 7946 0999")  # no coming back to the window: the export asks first
        monkeypatch.setattr(dialogs.ExportDialog, "exec", lambda self: True)
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
        window.courses.export_calendar()
    text = target.read_text(encoding="utf-8").replace("\r\n ", "")
    assert "+44 20 7946 0999" in text and "+44 20 7946 0000" not in text


def test_an_export_stops_when_a_closure_saved_elsewhere_moved_the_course(qtbot, monkeypatch, url):
    opened: list[bool] = []
    with main_window_on(qtbot, monkeypatch, url) as window:
        qtbot.waitUntil(lambda: window.started, timeout=10_000)
        window.store_link.open_course(COURSE)
        before = last_day(window)
        changed_elsewhere(url, closures=(POWER_CUT,))
        monkeypatch.setattr(dialogs.ExportDialog, "exec", lambda self: opened.append(True) or False)
        window.courses.export_calendar()
        assert opened == []  # the coordinator looks at the course as planned now before the patient is given it
        assert POWER_CUT in window.session.spec.closed and last_day(window) > before
        assert window.statusBar().currentMessage().endswith("then export again.")
        window.courses.export_calendar()  # asked again: nothing changed since, the export goes on
        assert opened == [True]



@pytest.mark.parametrize("action", ["print", "save", "book"])
def test_a_print_save_or_booking_stops_when_a_closure_saved_elsewhere_moved_the_course(qtbot, monkeypatch, url, action):
    from planner.ui import booking_dialogs

    opened: list[str] = []
    monkeypatch.setattr(dialogs.PrintDialog, "exec", lambda self: opened.append("print") or False)
    monkeypatch.setattr(booking_dialogs.BookDialog, "exec", lambda self: opened.append("book") or False)
    with main_window_on(qtbot, monkeypatch, url) as window:
        qtbot.waitUntil(lambda: window.started, timeout=10_000)
        window.store_link.open_course(COURSE)
        version = window.store_link.opened.version
        changed_elsewhere(url, closures=(POWER_CUT,))
        run = {"print": window.courses.print_course, "save": window.courses.save_course, "book": window.courses.book_this_course}
        run[action]()
        assert opened == [] and window.store_link.opened.version == version  # nothing printed, saved or booked yet
        assert POWER_CUT in window.session.spec.closed
        assert window.statusBar().currentMessage().endswith(f"then {action} again.")
        run[action]()  # asked again: nothing changed since, it goes on
        assert opened == ([action] if action != "save" else []) and (action != "save" or window.store_link.opened.version > version)


def test_a_window_on_each_kind_of_store_follows_a_phone_saved_elsewhere(qtbot, monkeypatch, store_url):
    url = stock(store_url)
    with main_window_on(qtbot, monkeypatch, url) as window:
        qtbot.waitUntil(lambda: window.started, timeout=10_000)
        changed_elsewhere(url, phone="+44 20 7946 0999")
        back_to_the_window(window)
        assert window.session.department.phone == "+44 20 7946 0999"
        assert window.statusBar().currentMessage() == "Department settings changed elsewhere (phone): this window uses them now."


def test_the_new_course_nobody_typed_into_follows_treatment_days_saved_elsewhere(qtbot, monkeypatch, url):
    with main_window_on(qtbot, monkeypatch, url) as window:
        qtbot.waitUntil(lambda: window.started and window.store_link.store is not None, timeout=10_000)
        assert window.courses.blank_course_shown()
        changed_elsewhere(url, treatment_days=frozenset(range(6)))  # Saturdays too
        back_to_the_window(window)
        assert window.session.spec.days == frozenset(range(6)) and not window.session.dirty
        assert "the new course follows them" in window.statusBar().currentMessage()


def test_unsaved_edits_follow_a_closure_saved_in_this_windows_department_settings(qtbot, monkeypatch, url):
    from planner.ui import department_settings

    def add_power_cut(dialog):
        dialog.closures.insertRows(0, 1)
        dialog.closures.setData(dialog.closures.index(0, 0), POWER_CUT[0].isoformat())
        dialog.closures.setData(dialog.closures.index(0, 1), POWER_CUT[1])
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(department_settings.DepartmentDialog, "exec", add_power_cut)
    with main_window_on(qtbot, monkeypatch, url) as window:
        qtbot.waitUntil(lambda: window.started, timeout=10_000)
        window.store_link.open_course(COURSE)
        before = last_day(window)
        session = window.session
        session.edit(session.spec.updated(patient_name="Ann Other"), "patient_name", "patient")
        window.store_link.edit_department()
        assert POWER_CUT in window.session.department.closures
        assert session.spec.patient_name == "Ann Other" and session.dirty
        assert POWER_CUT in session.spec.closed and last_day(window) > before
        assert "your edits kept" in window.statusBar().currentMessage()


def test_a_course_keeping_its_own_clock_says_so_once_a_print_read_the_departments_new_zone(qtbot, monkeypatch, url):
    with main_window_on(qtbot, monkeypatch, url) as window:
        qtbot.waitUntil(lambda: window.started, timeout=10_000)
        window.store_link.open_course(OWN_CALENDAR)
        session = window.session
        session.edit(session.spec.updated(patient_name="Ann Other"), "patient_name", "patient")
        assert "machines run on" not in window.results.notices.text()
        changed_elsewhere(url, timezone="America/New_York")
        monkeypatch.setattr(dialogs.PrintDialog, "exec", lambda self: False)
        window.courses.print_course()  # not back to the window: the print asks first
        assert session.spec.tz == "Europe/London" and session.dirty  # its own clock, the edit kept
        assert "the department's machines run on America/New_York time" in window.results.notices.text()


def test_a_new_course_typed_into_follows_a_closure_saved_elsewhere_and_a_course_file_keeps_its_own(qtbot, monkeypatch, url,
                                                                                                  tmp_path):
    with main_window_on(qtbot, monkeypatch, url) as window:
        qtbot.waitUntil(lambda: window.started and window.store_link.store is not None, timeout=10_000)
        session = window.session
        session.edit(session.spec.updated(patient_name="Ann Other"), "patient_name", "patient")
        third = session.schedule.fractions[2].start.date()
        closure = (third, "Power cut")
        changed_elsewhere(url, closures=(closure,))
        back_to_the_window(window)
        assert session.spec.patient_name == "Ann Other" and closure in session.spec.closed
        assert all(f.start.date() != third for f in session.schedule.fractions)
        assert "your edits kept" in window.statusBar().currentMessage()
        # A course file's calendar is the file's: it is not rewritten by the department's next change
        path = tmp_path / "ann.json"
        assert window.courses._save_to(path)
        later = (third + timedelta(days=7), "Flood")
        changed_elsewhere(url, closures=(later,))
        session.edit(session.spec.updated(patient_name="Ann Other-Smith"), "patient_name", "patient")
        back_to_the_window(window)
        assert later not in session.spec.closed and session.spec.patient_name == "Ann Other-Smith"
        assert window.statusBar().currentMessage().endswith("this window uses them now.")


def test_a_downtime_recorded_elsewhere_is_followed_without_a_word(qtbot, monkeypatch, url):
    """A machine's downtime (or the booking rules) changes nothing this window plans or prints: its copy follows, and
    the status line does not announce every downtime another coordinator records."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from planner.core.department import Downtime

    with main_window_on(qtbot, monkeypatch, url) as window:
        qtbot.waitUntil(lambda: window.started, timeout=10_000)
        window.store_link.open_course(COURSE)
        window.statusBar().clearMessage()
        london = ZoneInfo("Europe/London")
        service = Downtime("Linac 1", datetime(2030, 4, 9, 8, 0, tzinfo=london), datetime(2030, 4, 9, 12, 0, tzinfo=london),
                           "service")
        with Store.open(url, user="coordinator-b") as other:
            department = other.department()
            assert department is not None
            other.set_department(replace(department, downtime=(*department.downtime, service)), opened=department)
        back_to_the_window(window)
        assert service in window.session.department.downtime  # the window's copy is the store's
        assert "changed elsewhere" not in window.statusBar().currentMessage()
        changed_elsewhere(url, phone="+44 20 7946 0999")
        back_to_the_window(window)
        assert "changed elsewhere (phone)" in window.statusBar().currentMessage()  # what a printout names is said
