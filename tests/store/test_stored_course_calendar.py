"""A stored course's calendar changed in the window (zone, treatment days, closures) is kept: the course
then keeps a calendar of its own; before, it was saved but the department's replaced it on the next
opening, so the change was lost without a word. Set back to the department's, it follows it again."""

from __future__ import annotations

import html
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from planner.app.stored_courses import keeps_own_calendar, open_stored, save_stored
from planner.store.db import Store
from planner.store.settings import Settings
from planner.ui.main_window import MainWindow, catalogue_at
from tests.questions import discard_unsaved

from .booking_scenario import stock
from .command_line import run


def _new_course(capsys, tmp_path: Path) -> tuple[str, str]:
    url = stock(f"sqlite:///{tmp_path / 'department.db'}", courses=())
    status, out, err = run(capsys, "course", "save", "--site", "prostate", "--preset", "20-daily", "--start", "2030-04-08",
                           "--patient", "Ann Smith", "--patient-id", "H1", "--db", url)
    assert status == 0, err
    return url, out.strip()


@contextmanager
def _window_on(url: str, qtbot, monkeypatch, settings: Settings | None = None) -> Iterator[tuple[MainWindow, Store]]:
    """The window on the store at `url`, shown; a question about unsaved changes answered Discard."""
    discard_unsaved(monkeypatch)
    with Store.open(url) as store:
        window = MainWindow(settings or Settings(time_zone="Europe/London"), catalogue_at(""), persist_settings=False,
                            open_store=lambda: store)
        qtbot.addWidget(window)
        window.show()
        yield window, store


def test_a_calendar_changed_in_the_form_is_kept_and_set_back_follows_the_department(capsys, tmp_path: Path):
    url, course_id = _new_course(capsys, tmp_path)
    with Store.open(url) as store:
        opened = open_stored(store, course_id)
        assert store.load_course(course_id).own_calendar is False
        six_days = frozenset(range(6))
        version = save_stored(store, opened.spec.updated(tz="America/New_York", days=six_days), opened.version, None,
                              opened.spec)
        again = open_stored(store, course_id)
        assert (again.spec.tz, again.spec.days) == ("America/New_York", six_days)
        assert store.load_course(course_id).own_calendar is True
        assert keeps_own_calendar(store, again.spec) is True
        back = again.spec.updated(tz="Europe/London", days=frozenset(range(5)))
        save_stored(store, back, version, None, again.spec)
        assert store.load_course(course_id).own_calendar is False
        assert keeps_own_calendar(store, open_stored(store, course_id).spec) is False


def test_a_save_that_leaves_the_calendar_alone_keeps_following_the_department(capsys, tmp_path: Path):
    url, course_id = _new_course(capsys, tmp_path)
    with Store.open(url) as store:
        opened = open_stored(store, course_id)
        save_stored(store, opened.spec.updated(location="Level 2"), opened.version, None, opened.spec)
        assert store.load_course(course_id).own_calendar is False


def test_a_department_closure_added_while_the_course_was_open_does_not_make_it_its_own(capsys, tmp_path: Path):
    """Opened before the department closed a day, saved after: its calendar was not changed, so it keeps
    following the department (and gets the closure), rather than keeping the calendar it was opened with."""
    url, course_id = _new_course(capsys, tmp_path)
    with Store.open(url) as store:
        opened = open_stored(store, course_id)
        status, _, err = run(capsys, "closure", "--date", "2030-04-10", "--reason", "snow", "--db", url)
        assert status == 0, err
        save_stored(store, opened.spec.updated(location="Level 2"), opened.version, None, opened.spec)
        assert store.load_course(course_id).own_calendar is False
        assert (date(2030, 4, 10), "snow") in open_stored(store, course_id).spec.closed


def test_the_window_says_a_saved_course_keeps_its_own_calendar(capsys, tmp_path: Path, qtbot, monkeypatch):
    url, course_id = _new_course(capsys, tmp_path)
    with _window_on(url, qtbot, monkeypatch) as (window, store):
        window.store_link.open_course(course_id)
        window.session.edit(window.session.spec.updated(location="Level 2"), "location")
        assert window.save_course() is True
        assert window.statusBar().currentMessage() == "Saved to the store (version 2)"
        window.session.edit(window.session.spec.updated(tz="America/New_York"), "tz")
        assert window.save_course() is True
        assert window.statusBar().currentMessage() == (
            "Saved to the store (version 3); it keeps its own calendar (time zone, holidays, closures, treatment days), "
            "not the department's")
        assert open_stored(store, course_id).spec.tz == "America/New_York"


def test_the_windows_import_names_the_courses_that_keep_their_files_calendar(tmp_path: Path, qtbot, monkeypatch):
    from dataclasses import replace

    from PySide6.QtWidgets import QFileDialog

    from planner.store.course_file import save_course

    from .booking_scenario import course_spec

    url = stock(f"sqlite:///{tmp_path / 'department.db'}", courses=())
    utc = tmp_path / "cy.igrt.json"
    save_course(replace(course_spec("course-utc", "Cy Gamma", "C1", "prostate", "20-daily", None), tz="Etc/UTC"), utc)
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(utc)], ""))
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, caption, text: said.append(text))
    with _window_on(url, qtbot, monkeypatch) as (window, _store):
        window.store_link.import_action.trigger()
    assert said == ["Imported 1 course.\nThese keep the calendar of their file, not the department's; open one and set its "
                    "time zone, holidays, closures and treatment days to the department's to make it follow the department:\n"
                    "Cy Gamma (C1): time zone Etc/UTC, not Europe/London; closures"]


def test_a_calendar_exported_before_the_course_was_stored_is_kept_with_it(tmp_path: Path, qtbot, monkeypatch):
    """Exported from the window, then added to the store: the store keeps that export, so a booking that
    moves an appointment owes the patient an update (it said no calendar had ever been exported)."""
    from datetime import UTC, datetime

    from planner.app.calendar_export import export_calendar
    from planner.app.stored_courses import last_stored_export

    url = stock(f"sqlite:///{tmp_path / 'department.db'}", courses=())
    settings = Settings(time_zone="Europe/London", clinic_phone="+44 20 7946 0000")
    with _window_on(url, qtbot, monkeypatch, settings) as (window, store):
        window.session.edit(window.session.spec.updated(patient_name="Ann Testpatient", patient_id="H100"), "patient")
        course_id = window.session.spec.course_id
        data = export_calendar(window.session.schedule, window.session.spec, settings, now=datetime.now(UTC), discreet=False)
        window.store_link.exported(data)  # what the window's Export does for a course not in the store
        window.store_link.add_action.trigger()
        kept = last_stored_export(store, course_id)
    assert kept is not None and kept.course_id == course_id


def test_the_window_says_which_clock_a_course_in_another_zone_is_shown_on(capsys, tmp_path: Path, qtbot, monkeypatch):
    url, course_id = _new_course(capsys, tmp_path)
    with _window_on(url, qtbot, monkeypatch) as (window, _store):
        window.store_link.open_course(course_id)
        assert "own time zone" not in window.results.notices.text()
        window.session.edit(window.session.spec.updated(tz="America/New_York"), "tz")
        text = html.unescape(window.results.notices.text())
    assert ("Times shown are in America/New_York, the course's own time zone; the department's machines run on "
            "Europe/London time (09:00 in America/New_York is 14:00 there).") in text  # 13:00 UTC
