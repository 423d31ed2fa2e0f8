"""A discreet export or print never names the clinic: "Riverside Cancer Centre" on a lock screen tells the
diagnosis. Every surface (the window's export, the command line's export and print, the store's calendar
updates) keeps the street address and the phone number, which is all the patient needs to come and call."""

from __future__ import annotations

import contextlib
import io
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from icalendar import Calendar
from PySide6.QtWidgets import QFileDialog

from planner.app.booking import BookingDesk
from planner.app.calendar_export import export_calendar
from planner.app.discretion import PatientContact, name_words_in, patient_contact, shown_contact, without_names
from planner.app.planning import clinic_spec, plan
from planner.app.print_facts import print_facts
from planner.cli import main
from planner.core.department import Department, load_department
from planner.core.spec import CourseSpec
from planner.store.db import Store
from planner.store.settings import Settings, save_settings
from planner.ui import dialogs

from .store.booking_scenario import COURSES, DEPARTMENT_FILE, course_spec, main_window_on
from .test_app_booked_times import book, pdf_text

CLINIC = "Riverside Cancer Centre"
ADDRESS = "1 River Road, Leeds LS1 4AB"
PHONE = "+44 20 7946 0000"
LOCATION = f"{CLINIC}, {ADDRESS}"  # the department's default location: its name and its address


def unfolded(data: bytes) -> str:
    return data.decode().replace("\r\n ", "").replace("\\,", ",").replace("\\;", ";")


def assert_discreet_ics(data: bytes) -> None:
    """No line of the file names the clinic (in any case); every appointment still has the address and phone."""
    text = unfolded(data)
    assert "riverside" not in text.lower() and "cancer" not in text.lower()
    events = [e for e in Calendar.from_ical(data).walk("VEVENT")
              if e.get("STATUS") != "CANCELLED" and "-p" not in str(e.get("X-PLANNER-ROLE"))]  # a preparation step has no place
    assert events
    for event in events:
        assert ADDRESS in str(event.get("LOCATION"))
        assert f"phone {PHONE}" in str(event.get("DESCRIPTION"))


def department() -> Department:
    return replace(load_department(DEPARTMENT_FILE), address=ADDRESS)


@pytest.fixture
def url(tmp_path) -> str:
    """The golden department with a street address; its prostate course discreet, at the department's location."""
    url = f"sqlite:///{tmp_path / 'department.db'}"
    with Store.open(url) as store:
        store.set_department(department())
        for entry in COURSES[:1]:
            store.save_course(course_spec(*entry).updated(discreet=True, location=LOCATION))
    book(url)
    return url


def cli(*arguments: str) -> None:
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(list(arguments)) == 0


# ---------------------------------------------------------------------- the rule
def test_a_discreet_contact_keeps_the_address_and_phone_and_drops_every_name():
    contact = PatientContact(CLINIC, PHONE, f"{CLINIC.upper()} - {ADDRESS}", f"Level 2, {CLINIC}, {ADDRESS}")
    shown = shown_contact(contact, ["Riverside Centre"], discreet=True)
    assert shown == PatientContact("", PHONE, ADDRESS, f"Level 2, {ADDRESS}")
    assert shown_contact(contact, [], discreet=False) == contact
    only_the_name = shown_contact(replace(contact, location=CLINIC.lower()), [], discreet=True)
    assert only_the_name.location == ADDRESS  # a location that was only the name: where to come is the address
    assert without_names("Wing B · Riverside Centre · 1 River Road", ["Riverside Centre"]) == "Wing B · 1 River Road"
    assert without_names("Wing B", [CLINIC, ""]) == "Wing B"


def test_the_words_of_the_clinics_name_left_in_a_typed_location_are_found():
    assert name_words_in("Cancer wing, 1 River Road", [CLINIC], ADDRESS) == ("Cancer",)
    assert name_words_in("Oncology day unit", ["Riverside Oncology Institute"]) == ("Oncology",)
    assert name_words_in(ADDRESS, [CLINIC], ADDRESS) == ()
    assert name_words_in("Level 2, Riverside Road", ["Riverside Centre"], "4 Riverside Road") == ()


def test_the_department_wins_and_the_desks_name_is_dropped_too():
    settings = Settings(clinic_name="Leeds Oncology Institute", clinic_address="9 Desk Street", clinic_phone="+1 555 0100")
    contact = patient_contact(settings, department(), location="Leeds Oncology Institute, Level 2", discreet=True)
    assert contact == PatientContact("", PHONE, ADDRESS, "Level 2")
    plain = patient_contact(settings, None, location="Anywhere", discreet=False)
    assert plain == PatientContact("Leeds Oncology Institute", "+1 555 0100", "9 Desk Street", "Anywhere")


# ---------------------------------------------------------------------- every surface
def test_the_application_layers_export_and_print_facts_name_no_clinic(catalogue):
    settings = Settings(clinic_name=CLINIC, clinic_address=ADDRESS, clinic_phone=PHONE, time_zone="Europe/London")
    spec = clinic_spec(settings).updated(site="prostate", preset="20-daily", start=date(2030, 3, 25), patient_name="A. Patient",
                                         discreet=True)
    assert spec.location == LOCATION  # the course starts at the clinic's default location
    schedule = plan(spec, catalogue)
    assert_discreet_ics(export_calendar(schedule, spec, settings, now=datetime(2030, 3, 1, tzinfo=UTC), discreet=True,
                                        prep_events=True))
    plain = export_calendar(schedule, spec, settings, now=datetime(2030, 3, 1, tzinfo=UTC), discreet=False)
    assert f"Questions or cannot come: {CLINIC}, phone {PHONE}" in unfolded(plain)
    facts = print_facts(schedule, spec, settings, catalogue, printed_on=date(2030, 3, 1))
    assert (facts.clinic_name, facts.clinic_address, facts.location, facts.clinic_phone) == ("", ADDRESS, ADDRESS, PHONE)


def test_the_windows_discreet_export_names_no_clinic(url, tmp_path, qtbot, monkeypatch):
    target = tmp_path / "window.ics"
    monkeypatch.setattr(dialogs.ExportDialog, "exec", lambda self: True)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    with main_window_on(qtbot, monkeypatch, url) as window:  # the desk's settings name the clinic "Riverside" too
        window.store_link.open_course("course-prostate")
        assert window.session.spec.discreet
        window.courses.export_calendar()
    assert_discreet_ics(target.read_bytes())


def test_the_command_lines_discreet_export_names_no_clinic(url, tmp_path):
    target = tmp_path / "cli.ics"
    cli("export", "--db", url, "--course-id", "course-prostate", "--discreet", "-o", str(target))
    assert_discreet_ics(target.read_bytes())
    assert target.name == "cli.ics"


def test_the_command_lines_discreet_export_of_a_course_file_names_no_clinic(tmp_path):
    save_settings(Settings(clinic_name=CLINIC, clinic_address=ADDRESS, clinic_phone=PHONE, time_zone="Europe/London"))
    target = tmp_path / "file.ics"
    cli("export", "--site", "prostate", "--preset", "20-daily", "--start", "2030-03-25", "--discreet", "-o", str(target))
    assert_discreet_ics(target.read_bytes())


@pytest.mark.parametrize("layout", ["week", "sheet"])
def test_the_command_lines_discreet_print_names_no_clinic(url, tmp_path, layout):
    target = tmp_path / f"{layout}.pdf"
    week = ["--week", "2030-03-25"] if layout == "week" else []
    cli("print", "--db", url, "--course-id", "course-prostate", "--discreet", "--layout", layout, "-o", str(target), *week)
    data = target.read_bytes()
    text = pdf_text(data)
    assert ADDRESS in text and PHONE in text
    assert "riverside" not in text.lower() and b"Riverside" not in data and b"Cancer" not in data  # pages and metadata
    plain = tmp_path / f"plain-{layout}.pdf"
    with Store.open(url) as store:
        stored = store.load_course("course-prostate")
        store.save_course(stored.spec.updated(discreet=False), stored.version)
    cli("print", "--db", url, "--course-id", "course-prostate", "--layout", layout, "-o", str(plain), *week)
    assert CLINIC in pdf_text(plain.read_bytes())


def test_the_stores_calendar_updates_of_a_discreet_course_name_no_clinic(url, catalogue):
    with Store.open(url) as store:
        desk = BookingDesk(store, catalogue, clinic_name="Riverside Cancer Centre (desk)")
        assert_discreet_ics(desk.export_calendar("course-prostate", now=datetime(2030, 3, 1, tzinfo=UTC)))
        first = desk.booked_course("course-prostate").schedule.appointments[0].start.date()
        _, updates = desk.close_days([(first, "Staff training")])  # every fraction moves on by a day
    assert [u.course_id for u in updates] == ["course-prostate"]
    assert_discreet_ics(updates[0].ics)


def test_a_course_spec_without_a_location_stays_without_one(catalogue):
    settings = Settings(clinic_name=CLINIC, clinic_address=ADDRESS, clinic_phone=PHONE, time_zone="Europe/London")
    spec = CourseSpec(site="prostate", preset="20-daily", start=date(2030, 3, 25), tz="Europe/London", discreet=True)
    data = export_calendar(plan(spec, catalogue), spec, settings, now=datetime(2030, 3, 1, tzinfo=UTC), discreet=True)
    assert "LOCATION" not in unfolded(data) and CLINIC not in unfolded(data) and f"phone {PHONE}" in unfolded(data)


@pytest.mark.parametrize("layout", ["week", "glance", "sheet"])
def test_the_windows_discreet_pages_name_no_clinic(catalogue, layout):
    from planner.ui.printing import GlanceDocument, SheetDocument, WeekDocument, context_from, course_weeks, pdf_bytes
    from planner.ui.printing.output import paper_size

    settings = Settings(clinic_name=CLINIC, clinic_address=ADDRESS, clinic_phone=PHONE, time_zone="Europe/London")
    spec = clinic_spec(settings).updated(site="prostate", preset="20-daily", start=date(2030, 3, 25), patient_name="A. Patient",
                                         discreet=True)
    schedule = plan(spec, catalogue)
    context = context_from(print_facts(schedule, spec, settings, catalogue, printed_on=date(2030, 3, 1)))
    mondays = course_weeks(schedule)
    document = {"week": lambda: WeekDocument(context, mondays[:1]), "glance": lambda: GlanceDocument(context, mondays),
                "sheet": lambda: SheetDocument(context)}[layout]()
    data = pdf_bytes(document, paper_size("a4"), "Appointments")
    text = pdf_text(data)
    assert ADDRESS in text and PHONE in text and "riverside" not in text.lower() and b"Cancer" not in data


def test_the_export_dialog_warns_of_the_clinics_words_left_in_a_typed_location(qtbot, tmp_path):
    from planner.app.discretion import words_left_in_location

    settings = Settings(clinic_name=CLINIC, clinic_address=ADDRESS)
    assert words_left_in_location(settings, None, LOCATION) == ()  # the default location: the whole name is left out
    words = words_left_in_location(settings, None, f"Riverside wing, {ADDRESS}")
    assert words == ("Riverside",)
    dialog = dialogs.ExportDialog(True, None, words)
    qtbot.addWidget(dialog)
    assert not dialog.location_hint.isHidden() and "“Riverside”" in dialog.location_hint.text()
    dialog.discreet.setChecked(False)
    assert dialog.location_hint.isHidden()
    dialog.discreet.setChecked(True)
    assert not dialog.location_hint.isHidden()
    dialog.grab().save(str(tmp_path / "export-dialog.png"))
    quiet = dialogs.ExportDialog(True, None, ())
    qtbot.addWidget(quiet)
    assert quiet.location_hint.isHidden()


def test_the_writer_itself_never_writes_the_clinics_name_in_a_discreet_file(catalogue):
    from planner.ics import ExportOptions, export_ics

    spec = CourseSpec(site="prostate", preset="20-daily", start=date(2030, 3, 25), tz="Europe/London")
    options = ExportOptions(course_id="c1", clinic_name=CLINIC, clinic_phone=PHONE, location=ADDRESS, discreet=True)
    text = unfolded(export_ics(plan(spec, catalogue), options, now=datetime(2030, 3, 1, tzinfo=UTC)))
    assert CLINIC not in text and f"Questions or cannot come: phone {PHONE}" in text
    plain = unfolded(export_ics(plan(spec, catalogue), replace(options, discreet=False), now=datetime(2030, 3, 1, tzinfo=UTC)))
    assert f"Questions or cannot come: {CLINIC}, phone {PHONE}" in plain
