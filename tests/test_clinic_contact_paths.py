"""The window and the command line name the clinic alike, through one application-layer path
(planner.app.planning.clinic_contact): `--phone` when given, else the department's phone (the store's
department file sets "+44 20 7946 0000"), else the settings'. A course from the store exported by the
window and then by the command line gives the same bytes apart from DTSTAMP (so no SEQUENCE is raised)."""

from __future__ import annotations

import contextlib
import io
import re

import pytest
from PySide6.QtWidgets import QFileDialog

from planner.app.planning import clinic_contact
from planner.cli import main
from planner.core.department import Department
from planner.store.settings import Settings
from planner.ui import dialogs

from .store.booking_scenario import main_window_on, stock
from .test_app_booked_times import book, pdf_text

PHONE = "+44 20 7946 0000"
CONTACT = "Questions or cannot come: Riverside Cancer Centre, phone " + PHONE


def unfolded(data: bytes) -> str:
    return data.decode().replace("\r\n ", "").replace("\\,", ",")


@pytest.fixture
def url(tmp_path) -> str:
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    book(url)
    return url


def cli(*arguments: str) -> None:
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(list(arguments)) == 0


def test_the_command_lines_export_of_a_stored_course_has_the_departments_phone(url, tmp_path):
    target = tmp_path / "cli.ics"
    cli("export", "--db", url, "--course-id", "course-prostate", "-o", str(target))
    text = unfolded(target.read_bytes())
    assert text.count(CONTACT) == text.count("BEGIN:VEVENT") > 0


def test_the_phone_option_still_wins_over_the_departments(url, tmp_path):
    target = tmp_path / "cli.ics"
    cli("export", "--db", url, "--course-id", "course-prostate", "--phone", "+44 1 2345", "-o", str(target))
    text = unfolded(target.read_bytes())
    assert "phone +44 1 2345" in text and PHONE not in text


@pytest.mark.parametrize("layout", ["sheet", "week"])
def test_the_command_lines_print_of_a_stored_course_has_the_departments_phone(url, tmp_path, qapp, layout):
    target = tmp_path / f"{layout}.pdf"
    week = ["--week", "2030-03-25"] if layout == "week" else []
    cli("print", "--db", url, "--course-id", "course-prostate", "--layout", layout, "-o", str(target), *week)
    text = pdf_text(target.read_bytes())
    assert PHONE in text and "Riverside Cancer Centre" in text


def test_precedence_option_then_department_then_settings():
    settings = Settings(clinic_name="Desk clinic", clinic_phone="+1 555 0100")
    department = Department(name="Riverside Cancer Centre", timezone="Europe/London", phone=PHONE)
    assert clinic_contact(settings, department) == ("Riverside Cancer Centre", PHONE)
    assert clinic_contact(settings, department, "+9 9") == ("Riverside Cancer Centre", "+9 9")
    assert clinic_contact(settings, None) == ("Desk clinic", "+1 555 0100")
    unfilled = Department(name="Riverside Cancer Centre", timezone="Europe/London")
    assert clinic_contact(settings, unfilled) == ("Riverside Cancer Centre", "+1 555 0100")


def test_window_and_command_line_exports_of_a_booked_course_are_the_same_bytes(url, tmp_path, qtbot, monkeypatch):
    window_file, cli_file = tmp_path / "window.ics", tmp_path / "cli.ics"
    with main_window_on(qtbot, monkeypatch, url) as window:  # settings: another clinic name, no phone
        window.store_link.open_course("course-prostate")
        monkeypatch.setattr(dialogs.ExportDialog, "exec", lambda self: True)
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(window_file), ""))
        window.courses.export_calendar()
    cli("export", "--db", url, "--course-id", "course-prostate", "-o", str(cli_file))  # updates the window's export
    stamp = re.compile(rb"DTSTAMP:\d{8}T\d{6}Z")
    from_window, from_cli = (stamp.sub(b"DTSTAMP:-", path.read_bytes()) for path in (window_file, cli_file))
    assert CONTACT in unfolded(from_window)
    assert from_window == from_cli
    assert b"SEQUENCE:1" not in from_cli
