"""Printed weekly views and course sheets: page counts, every appointment's date and time in
the PDF's text, closed days named, paper sizes, and the CLI's print command."""

from __future__ import annotations

import io
import sys
from datetime import date, datetime, time

import pytest
from pypdf import PdfReader
from PySide6.QtGui import QPageSize

from planner.cli import main
from planner.core.dates import day_text
from planner.core.dates import short_day_text as short_day
from planner.core.kinds import Pattern
from planner.ui.printing import SheetDocument, WeekDocument, context_for, course_weeks, pdf_bytes

from .helpers import plan

LONG_NAME = "Maximiliana Ångström-Nguyễn de la Vega-Smythe"  # 46 characters


def context(catalogue, schedule, **changes):
    """The print's facts as the app gives them (app/print_facts.py): a discreet print's "when to call" lines are the
    neutral ones, so a discreet test built on this sees what a discreet page really holds."""
    discreet = bool(changes.get("discreet", False))
    values = dict(patient_name="Zoë Ångström", discreet=False, clinic_name="City Cancer Centre", clinic_phone="+44 20 7946 0000",
                  clinic_address="1 Hospital Road", location="Radiotherapy, Level -1",
                  call_team=catalogue.when_to_call(schedule.site, discreet),
                  missed_session=catalogue.missed_session, printed_on=date(2026, 11, 21))
    values.update(changes)
    return context_for(schedule, **values)


def pages_text(data: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(data))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def page_size(data: bytes) -> tuple[float, float]:
    box = PdfReader(io.BytesIO(data)).pages[0].mediabox
    return round(float(box.width)), round(float(box.height))


def forty(catalogue):
    return plan(catalogue, site="head-neck", fractions=40, start=date(2026, 11, 16), at=time(8, 30), tz="America/New_York",
                holidays="US", simulation=datetime(2026, 11, 9, 10, 0), review_weekday=1, follow_up_weeks=6)


def test_week_pages_hold_every_appointment_date_and_time(qapp, catalogue):
    schedule = forty(catalogue)
    mondays = course_weeks(schedule)
    data = pdf_bytes(WeekDocument(context(catalogue, schedule), mondays), QPageSize.PageSizeId.A4, "t")
    texts = pages_text(data)
    assert len(texts) == len(mondays) == 11
    for appointment in schedule.appointments:
        day = appointment.start.date()
        page = texts[mondays.index(date.fromordinal(day.toordinal() - day.weekday()))]
        assert short_day(day) in page
        assert f"{appointment.start:%H:%M}–{appointment.end:%H:%M}" in page
    assert "Radiotherapy 40 of 40" in "".join(texts)
    assert page_size(data) == (842, 595)  # A4 landscape
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of 11" in text
        assert "When to call your care team" in text
        assert "Zoë Ångström" in text and "City Cancer Centre" in text and "+44 20 7946 0000" in text
        assert "Head and neck" in text


def test_week_with_a_holiday_names_it(qapp, catalogue):
    schedule = forty(catalogue)
    data = pdf_bytes(WeekDocument(context(catalogue, schedule), [date(2026, 11, 23)]), QPageSize.PageSizeId.Letter, "t")
    (text,) = pages_text(data)
    assert "Closed: Thanksgiving Day" in text
    assert page_size(data) == (792, 612)  # US Letter landscape


def test_discreet_week_leaves_the_site_out(qapp, catalogue):
    schedule = forty(catalogue)
    ctx = context(catalogue, schedule, discreet=True, location="Level -1")
    data = pdf_bytes(WeekDocument(ctx, [date(2026, 11, 23)]), QPageSize.PageSizeId.A4, "t")
    (text,) = pages_text(data)
    assert "Head and neck" not in text and "Radiotherapy" not in text
    assert "Clinic appointment 6 of 40" in text


@pytest.mark.parametrize("paper", [QPageSize.PageSizeId.A4, QPageSize.PageSizeId.Letter])
def test_sheet_lists_every_appointment_on_one_to_three_pages(qapp, catalogue, paper):
    schedule = forty(catalogue)
    ctx = context(catalogue, schedule, patient_name=LONG_NAME)
    data = pdf_bytes(SheetDocument(ctx), paper, "t")
    texts = pages_text(data)
    assert 1 <= len(texts) <= 3
    everything = "\n".join(texts)
    for appointment in schedule.appointments:
        assert day_text(appointment.start.date()) in everything
        assert f"{appointment.start:%H:%M}–{appointment.end:%H:%M}" in everything
    assert LONG_NAME in everything
    assert "If you miss a session" in everything and "Pain when swallowing" in everything
    assert "urine" not in everything  # a head-and-neck patient reads only what applies to them
    assert "Before each treatment session" in everything
    assert page_size(data) == ((595, 842) if paper is QPageSize.PageSizeId.A4 else (612, 792))


def test_single_fraction_and_twice_weekly_courses(qapp, catalogue):
    single = plan(catalogue, site="palliative", fractions=1, start=date(2026, 11, 2), at=time(14, 0))
    texts = pages_text(pdf_bytes(WeekDocument(context(catalogue, single), course_weeks(single)), QPageSize.PageSizeId.A4, "t"))
    assert len(texts) == 1 and "14:00–14:20" in texts[0] and "Radiotherapy 1 of 1" in texts[0]
    sheet = pages_text(pdf_bytes(SheetDocument(context(catalogue, single)), QPageSize.PageSizeId.A4, "t"))
    assert len(sheet) == 1 and "1 treatment session, on Mon 2 Nov 2026" in sheet[0]
    twice = plan(catalogue, site="palliative", fractions=5, pattern=Pattern.TWICE_WEEKLY, start=date(2026, 11, 2))
    texts = pages_text(pdf_bytes(WeekDocument(context(catalogue, twice), course_weeks(twice)), QPageSize.PageSizeId.A4, "t"))
    assert len(texts) == 3
    assert "Radiotherapy 5 of 5" in texts[2]


def test_print_command_writes_a_private_pdf(tmp_path, capsys, qapp):
    out = tmp_path / "week.pdf"
    args = ["print", "--site", "prostate", "--preset", "20-daily", "--start", "2026-11-23", "--holidays", "US", "--tz", "UTC"]
    assert main([*args, "-o", str(out)]) == 0
    assert (out.stat().st_mode & 0o777) == 0o600
    assert len(PdfReader(str(out)).pages) == 5
    assert main([*args, "--week", "2026-11-25", "--paper", "letter", "-o", str(out)]) == 0
    assert len(PdfReader(str(out)).pages) == 1
    assert main([*args, "--layout", "sheet", "-o", str(out)]) == 0
    assert "Radiotherapy appointments" in (PdfReader(str(out)).metadata.title or "")
    capsys.readouterr()
    assert main([*args, "--week", "2027-05-03", "-o", str(out)]) == 2
    assert "--week: the course has no appointment" in capsys.readouterr().err
    assert main([*args, "--week", "2026-11-25", "--layout", "sheet", "-o", str(out)]) == 2


def test_painting_keeps_references_to_none(qapp, catalogue):
    """PySide6 6.12.0 dropped a reference to None in every void call: Python 3.11 then crashed at exit."""
    schedule = forty(catalogue)
    before = sys.getrefcount(None)
    pdf_bytes(WeekDocument(context(catalogue, schedule), course_weeks(schedule)), QPageSize.PageSizeId.A4, "t")
    assert sys.getrefcount(None) >= before - 50


def test_the_printer_path_paints_the_same_pages(qapp, catalogue, tmp_path):
    """Print and preview paint on a QPrinter through the same render path as the PDF export."""
    from PySide6.QtPrintSupport import QPrinter

    from planner.ui.printing import paint_document
    from planner.ui.printing.output import page_layout

    schedule = forty(catalogue)
    document = WeekDocument(context(catalogue, schedule), course_weeks(schedule))
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printer.pdf"))
    printer.setPageLayout(page_layout(document, QPageSize.PageSizeId.Letter))
    assert paint_document(document, printer) == 11
    assert len(PdfReader(str(tmp_path / "printer.pdf")).pages) == 11
