"""What the patient takes home: identification on every page, preparation printed whole, print
choices (days, hours, a course at a glance, the week on screen, remembered), the phone warning."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time

import pytest
from PySide6.QtGui import QPageSize
from PySide6.QtWidgets import QFileDialog, QMessageBox, QPushButton

from planner.core.kinds import Pattern
from planner.core.spec import CourseSpec
from planner.ui import dialogs
from planner.ui.printing import GlanceDocument, SheetDocument, WeekDocument, course_weeks, pdf_bytes
from tests.helpers import plan
from tests.test_printing import context, pages_text
from tests.window_helpers import open_window

BLADDER = "Empty your bladder, then drink 500 ml of water (about two cups) over the next 15 minutes"


def prostate(catalogue, fractions=20):
    return plan(catalogue, site="prostate", fractions=fractions, start=date(2026, 11, 16), at=time(8, 30), tz="America/New_York",
                holidays="US", simulation=datetime(2026, 11, 9, 10, 0), review_weekday=1, follow_up_weeks=6)


def test_every_printed_page_carries_the_hospital_number(qapp, catalogue):
    schedule = prostate(catalogue)
    ctx = context(catalogue, schedule, patient_id="RX-104233")
    for document in (WeekDocument(ctx, course_weeks(schedule)), SheetDocument(ctx), GlanceDocument(ctx, course_weeks(schedule))):
        texts = pages_text(pdf_bytes(document, QPageSize.PageSizeId.A4, "t"))
        assert texts and all("Hospital number RX-104233" in text and "Zoë Ångström" in text for text in texts)


def test_a_discreet_print_leaves_the_number_off_only_when_the_clinic_says_so(qapp, catalogue):
    schedule = prostate(catalogue)
    kept = context(catalogue, schedule, patient_id="RX-104233", discreet=True)
    (text,) = pages_text(pdf_bytes(WeekDocument(kept, [date(2026, 11, 23)]), QPageSize.PageSizeId.A4, "t"))
    assert "RX-104233" in text
    left_off = context(catalogue, schedule, patient_id="RX-104233", discreet=True, id_when_discreet=False)
    (text,) = pages_text(pdf_bytes(WeekDocument(left_off, [date(2026, 11, 23)]), QPageSize.PageSizeId.A4, "t"))
    assert "RX-104233" not in text and "Zoë Ångström" in text


def test_timed_preparation_is_printed_whole_once_a_week(qapp, catalogue):
    schedule = prostate(catalogue)
    (text,) = pages_text(pdf_bytes(WeekDocument(context(catalogue, schedule), [date(2026, 11, 23)]), QPageSize.PageSizeId.A4, "t"))
    assert text.count(BLADDER) == 1
    assert "Before each treatment session: 1 hour before: " + BLADDER in text


def test_five_or_seven_day_weeks_and_the_hours_shown(qapp, catalogue):
    schedule = prostate(catalogue)
    week = [date(2026, 11, 23)]
    (five,) = pages_text(pdf_bytes(WeekDocument(context(catalogue, schedule), week, week_days=5), QPageSize.PageSizeId.A4, "t"))
    (seven,) = pages_text(pdf_bytes(WeekDocument(context(catalogue, schedule), week, week_days=7, hours=(7.0, 19.0)),
                                    QPageSize.PageSizeId.A4, "t"))
    assert five.count("Sun 29 Nov") == 1  # the week's heading ("to Sun 29 Nov 2026"), no column
    assert seven.count("Sun 29 Nov") == 2
    assert "07:00" in seven and "18:00" in seven and "07:00" not in five


def test_a_short_course_fits_one_page_at_a_glance(qapp, catalogue):
    schedule = plan(catalogue, site="lung", fractions=5, pattern=Pattern.ALTERNATE, start=date(2026, 11, 20), at=time(9, 0),
                    tz="Europe/London", holidays="GB-ENG")  # Fri, Mon, Wed, Fri, Mon: three weeks
    weeks = course_weeks(schedule)
    assert len(pages_text(pdf_bytes(WeekDocument(context(catalogue, schedule), weeks), QPageSize.PageSizeId.A4, "t"))) == len(weeks) >= 2
    (page,) = pages_text(pdf_bytes(GlanceDocument(context(catalogue, schedule), weeks, 5), QPageSize.PageSizeId.A4, "t"))
    for fraction in schedule.fractions:
        assert f"{fraction.start:%H:%M}–{fraction.end:%H:%M}" in page
    assert "Radiotherapy 5 of 5" in page and "Page 1 of 1" in page


@pytest.fixture
def window(qtbot, monkeypatch):
    return open_window(qtbot, monkeypatch, CourseSpec(patient_name="Alex Example", patient_id="RX-1", site="prostate", fractions=20,
                                                      start=date(2026, 12, 7), tz="America/New_York", holidays="US-NY"))


def test_the_print_dialog_offers_the_whole_course_and_remembers_the_choice(window, monkeypatch, tmp_path):
    window.tabs.setCurrentIndex(1)
    window.week.go(date(2026, 12, 21))  # the week on screen does not cut the course's start off the print
    seen = []

    def choose(dialog):
        seen.append(dialog.choice())
        dialog.days.setCurrentIndex(dialog.days.findData(7))
        dialog.first.setCurrentIndex(dialog.weeks.index(date(2026, 12, 21)))
        dialog.action = "pdf"
        return True

    monkeypatch.setattr(dialogs.PrintDialog, "exec", choose)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "w.pdf"), ""))
    window.print_course()
    assert seen[0].mondays[0] == date(2026, 12, 7) and seen[0].layout == "week"
    window.week.go(date(2026, 12, 7))
    window.print_course()
    assert seen[1].mondays[0] == date(2026, 12, 21) and seen[1].week_days == 7  # the last choice, offered again


def click(text):
    def run(box):
        button = next(b for b in box.findChildren(QPushButton) if b.text() == text)
        button.click()
        return 0
    return run


def test_a_missing_clinic_phone_is_warned_about_before_export_or_print(window, monkeypatch, tmp_path):
    window.settings = replace(window.settings, clinic_phone="")
    asked = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (asked.append(a), ("", ""))[1])
    monkeypatch.setattr(QMessageBox, "exec", click("Cancel"))
    window.export_calendar()
    assert asked == []  # stopped before choosing where to write
    monkeypatch.setattr(QMessageBox, "exec", click("Export &without it"))
    monkeypatch.setattr(dialogs.ExportDialog, "exec", lambda self: True)
    window.export_calendar()
    assert len(asked) == 1
    printed = []
    monkeypatch.setattr(dialogs.PrintDialog, "exec", lambda self: (printed.append(1), False)[1])
    monkeypatch.setattr(QMessageBox, "exec", click("Cancel"))
    window.print_course()
    assert printed == []
    window.settings = replace(window.settings, clinic_phone="+1 212 555 0100")
    window.print_course()
    assert printed == [1]


def test_the_command_lines_print_carries_the_hospital_number_too(qapp, tmp_path):
    from planner.cli import main as cli_main
    from planner.store.course_file import save_course

    course = tmp_path / "alex.igrt.json"
    save_course(CourseSpec(patient_name="Alex Example", patient_id="RX-104233", site="prostate", fractions=5,
                           start=date(2026, 12, 7), tz="Europe/London"), course)
    out = tmp_path / "weeks.pdf"
    assert cli_main(["print", "--course", str(course), "-o", str(out)]) == 0
    texts = pages_text(out.read_bytes())
    assert texts and all("Hospital number RX-104233" in text for text in texts)


def test_the_missing_phone_question_is_answered_by_alt_letters(window, monkeypatch):
    """Open Settings (Alt+O), Export without it (Alt+W) and Cancel: each button its own letter."""
    window.settings = replace(window.settings, clinic_phone="")
    seen: list[list[str]] = []

    def look(box):
        seen.append([b.text() for b in box.findChildren(QPushButton)])
        return click("Cancel")(box)

    monkeypatch.setattr(QMessageBox, "exec", look)
    window.export_calendar()
    (texts,) = seen
    assert {"&Open Settings…", "Export &without it"} <= set(texts)
    letters = [t[t.index("&") + 1].lower() for t in texts if "&" in t]
    assert len(letters) == len(set(letters)), texts


def test_a_print_without_the_patients_name_is_asked_about_and_type_the_name_goes_to_the_field(window, monkeypatch):
    printed = []
    monkeypatch.setattr(dialogs.PrintDialog, "exec", lambda self: (printed.append(1), False)[1])
    asked: list[str] = []

    def answer(text):
        def run(box):
            asked.append(box.text())
            return click(text)(box)
        return run

    window.form.patient_name.setText("")
    window.form.patient_name.textEdited.emit("")
    assert window.session.spec.patient_name == ""
    monkeypatch.setattr(QMessageBox, "exec", answer("&Type the name"))
    window.print_course()
    assert printed == [] and "no patient name" in asked[-1]
    assert window.focusWidget() is window.form.patient_name
    monkeypatch.setattr(QMessageBox, "exec", answer("Cancel"))
    window.print_course()
    assert printed == []
    monkeypatch.setattr(QMessageBox, "exec", answer("Print &without it"))
    window.print_course()
    assert printed == [1]
    window.form.patient_name.setText("Zoë Ångström")
    window.form.patient_name.textEdited.emit("Zoë Ångström")
    asked.clear()
    window.print_course()
    assert printed == [1, 1] and asked == []
