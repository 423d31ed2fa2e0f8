"""A Bookings window left open while the coordinator changes Settings: the calendar updates it writes used the
clinic's phone and name read when it was opened (the old phone on the patient's calendar, and a discreet calendar
still naming the clinic by its new name); they now follow Settings as the window's own exports do. Its title follows
a department renamed in Department settings."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

from planner.store.db import Store
from planner.ui import dialogs
from planner.ui.department_window import DepartmentWindow

from .booking_scenario import main_window_on, place_bookings, stock

LONDON = ZoneInfo("Europe/London")
DAY = date(2030, 4, 2)


def department_without_phone(url: str) -> None:
    """The department's phone left empty (the desk's Settings give it) and the prostate course discreet, kept at
    a location that names the clinic as the new Settings call it."""
    with Store.open(url) as store:
        department = store.department()
        assert department is not None
        store.set_department(replace(department, phone=""))
        stored = store.load_course("course-prostate")
        store.save_course(stored.spec.updated(discreet=True, location="Hilltop Clinic, Level 2"), stored.version)


def test_an_open_bookings_window_writes_updates_with_the_new_settings(qtbot, monkeypatch, tmp_path):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    place_bookings(url)
    department_without_phone(url)
    with main_window_on(qtbot, monkeypatch, url, clinic_phone="555-0100", discreet_print_shows_id=True) as main:
        main.courses.open_department()
        (window,) = main.findChildren(DepartmentWindow)
        window.show_day(DAY)
        window.desk.export_calendar("course-prostate")  # the patient was given their calendar
        chosen = replace(main.settings, clinic_phone="555-0199", clinic_name="Hilltop Clinic", discreet_print_shows_id=False)

        def save_new(dialog) -> int:
            dialog.result_settings = chosen
            return 1

        monkeypatch.setattr(dialogs.SettingsDialog, "exec", save_new)
        main.courses.edit_settings()  # the Bookings window stays open meanwhile
        assert main.settings.clinic_phone == "555-0199"
        linac1 = next(m for m in window.day_view.machines if m.name == "Linac 1")
        zoe = next(e for e in linac1.on(DAY, LONDON) if e.course_id == "course-prostate")
        assert window.day_view.drop(zoe, "Linac 1", "Linac 2", datetime(2030, 4, 2, 15, 0, tzinfo=LONDON))
        folder = tmp_path / "updates"
        folder.mkdir()
        window.calendars.write_to(folder)
        (written,) = folder.iterdir()
        text = written.read_text(encoding="utf-8").replace("\r\n ", "")
    assert "555-0199" in text and "555-0100" not in text  # the phone the coordinator typed now
    assert "Hilltop" not in text and "Level 2" in text  # discreet: the clinic's new name left out, the rest kept
    assert "H0001" not in written.name  # a discreet calendar's file without the number, as Settings now say


def test_the_bookings_window_title_follows_a_renamed_department(qtbot, tmp_path):
    from planner.app.booking import open_desk
    from planner.core.catalogue import load_catalogue
    from planner.resources_path import default_catalogue_path

    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    with open_desk(url, load_catalogue(default_catalogue_path())) as desk:
        window = DepartmentWindow(desk, DAY)
        qtbot.addWidget(window)
        assert window.windowTitle() == "Department bookings — Riverside Cancer Centre"
        with Store.open(url) as store:  # Department settings, from the main window, rename it
            department = store.department()
            assert department is not None
            store.set_department(replace(department, name="Riverside Centre"))
        window.refresh()  # as when it is active again
        assert window.windowTitle() == "Department bookings — Riverside Centre"

