"""The printed week names each booked appointment's machine on its own line under the title (the
location is the page's, under the header: tests/test_print_week_location.py). The window's print and the
command line's say the same; a discreet print names no machine (a machine's name tells the treatment)."""

from __future__ import annotations

import contextlib
import io
from dataclasses import replace

import pytest
from PySide6.QtGui import QPageSize

from planner.cli import main
from planner.ui.printing import WeekDocument, context_from, course_weeks, pdf_bytes

from .store.booking_scenario import main_window_on, stock
from .test_app_booked_times import book, pdf_text

LOCATION = "Riverside Cancer Centre, 12 River Road, London SE1 9XX"
A4 = QPageSize.PageSizeId.A4


def booked_with_location(tmp_path) -> str:
    """The golden department's store, its prostate course booked and at a location too long for a block."""
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["course", "save", "--db", url, "--course-id", "course-prostate", "--location", LOCATION]) == 0
    book(url)
    return url


@pytest.fixture
def url(tmp_path) -> str:
    return booked_with_location(tmp_path)


def cli_week(url: str, target, *extra: str) -> str:
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["print", "--db", url, "--course-id", "course-prostate", "--week", "2030-03-25", "-o", str(target), *extra]) == 0
    return pdf_text(target.read_bytes())


def test_the_command_lines_week_names_the_machine_of_every_fraction(url, tmp_path, qapp):
    text = cli_week(url, tmp_path / "week.pdf")
    assert text.count("Linac 1") == 5  # Monday to Friday, one fraction a day


def test_a_discreet_week_names_no_machine(url, tmp_path, qapp):
    text = cli_week(url, tmp_path / "week.pdf", "--discreet")
    assert "Linac" not in text and "Clinic appointment" in text


def test_the_windows_week_names_the_machine_and_not_when_discreet(url, qtbot, monkeypatch, qapp):
    with main_window_on(qtbot, monkeypatch, url) as window:
        window.store_link.open_course("course-prostate")
        context = context_from(window.courses.print_context())
    first_week = course_weeks(context.schedule)[:1]
    assert pdf_text(pdf_bytes(WeekDocument(context, first_week), A4, "x")).count("Linac 1") == 5
    discreet = replace(context, discreet=True)
    assert "Linac" not in pdf_text(pdf_bytes(WeekDocument(discreet, first_week), A4, "x"))


def test_the_sheets_footer_keeps_the_printed_date_whole(url, tmp_path, qapp):
    # Portrait A4: "Printed on Sunday, 22 November 2026" after the name and number was cut before the year.
    from datetime import date

    from planner.core.dates import day_text

    target = tmp_path / "sheet.pdf"
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["print", "--db", url, "--course-id", "course-prostate", "--layout", "sheet", "--paper", "a4",
                     "-o", str(target)]) == 0
    text = pdf_text(target.read_bytes())
    assert text.count(f"Hospital number H0001 · Printed on {day_text(date.today())} ") >= 1
    assert f"{date.today().year} Page 1 of" in text and "…" not in text


LONG_MACHINE = "TrueBeam HyperArc Room 3 West Wing Bay 7"  # 40 letters, as a department may name a treatment room


def test_a_long_machine_name_is_printed_whole_on_the_week_and_the_sheet(url, qtbot, monkeypatch, qapp):
    # 'TrueBeam HyperArc R…' in a day's column of the week, 'Treatment, TrueBeam HyperArc …' on the sheet: the patient
    # could not tell which room to go to
    from planner.ui.printing import SheetDocument

    with main_window_on(qtbot, monkeypatch, url) as window:
        window.store_link.open_course("course-prostate")
        context = context_from(window.courses.print_context())
    context = replace(context, machines=tuple((key, LONG_MACHINE) for key, _ in context.machines), sheet_names_machine=True)
    week = pdf_text(pdf_bytes(WeekDocument(context, course_weeks(context.schedule)[:1]), A4, "x"))
    seven_days = pdf_text(pdf_bytes(WeekDocument(context, course_weeks(context.schedule)[:1], 7), A4, "x"))
    sheet = pdf_text(pdf_bytes(SheetDocument(context), A4, "x"))
    for text, count in ((week, 5), (seven_days, 5), (sheet, 20)):
        assert text.count(LONG_MACHINE) == count, text
        assert "HyperArc …" not in text and "HyperArc R…" not in text
