"""A booked course's calendar and prints follow its bookings: the booked times, and the machine
named in the .ics and on the week print (on the patient's sheet only when the clinic wants it),
never in a discreet export."""

from __future__ import annotations

import contextlib
import io
from datetime import date

from pypdf import PdfReader
from PySide6.QtGui import QPageSize

from planner.app.booking import open_desk
from planner.cli import main
from planner.core.catalogue import load_catalogue
from planner.ics import read_export
from planner.resources_path import default_catalogue_path
from planner.ui.printing import SheetDocument, WeekDocument, context_for, course_weeks, pdf_bytes

from .booking_scenario import stock


def booked(tmp_path) -> str:
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["book", "--db", url, "--course-id", "course-prostate", "--earliest", "2030-03-25", "--prefer-time", "10:00",
                     "--machine", "Linac 3"]) == 0
    return url


def test_export_of_a_booked_course_names_its_machine_at_the_booked_times(tmp_path, capsys):
    url = booked(tmp_path)
    target = tmp_path / "course.ics"
    assert main(["export", "--db", url, "--course-id", "course-prostate", "-o", str(target)]) == 0
    events = read_export(target).events.values()
    fractions = sorted((e for e in events if e.role.startswith("t")), key=lambda e: e.start)
    assert len(fractions) == 20
    assert all(e.location.endswith("Linac 3") for e in fractions)
    assert all(f"{e.start:%H:%M}" == "10:00" for e in fractions)
    discreet = tmp_path / "discreet.ics"
    from planner.store.db import Store

    with Store.open(url) as store:
        stored = store.load_course("course-prostate")
        store.save_course(stored.spec.updated(discreet=True), stored.version)
    assert main(["export", "--db", url, "--course-id", "course-prostate", "-o", str(discreet)]) == 0
    text = discreet.read_text(encoding="utf-8")
    assert "Linac" not in text


def test_week_print_names_the_machine_and_the_sheet_only_when_the_clinic_wants_it(tmp_path, qapp):
    url = booked(tmp_path)
    catalogue = load_catalogue(default_catalogue_path())
    with open_desk(url, catalogue) as desk:
        course = desk.booked_course("course-prostate")

    def text_of(document) -> str:
        reader = PdfReader(io.BytesIO(pdf_bytes(document, QPageSize.PageSizeId.A4, "x")))
        return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)

    def context(**changes):
        values = dict(patient_name="Zoë Ångström", discreet=False, clinic_name="Riverside", clinic_phone="", clinic_address="",
                      location="", call_team=(), missed_session="", printed_on=date(2030, 3, 1), machines=course.machines)
        values.update(changes)
        return context_for(course.schedule, **values)

    week = text_of(WeekDocument(context(), course_weeks(course.schedule)[:1]))
    assert "Linac 3" in week and "10:00" in week
    assert "Linac 3" not in text_of(SheetDocument(context()))
    assert "Linac 3" in text_of(SheetDocument(context(sheet_names_machine=True)))
    assert "Linac" not in text_of(WeekDocument(context(discreet=True), course_weeks(course.schedule)[:1]))
