"""Printed pages write every date as the planner does ("Mon 11 Jan 2027"), whatever the machine's
locale: the sheet printed "11/01/2027" (11 Jan or 1 Nov?), and the weekly view, the glance, the
footers and the day list took their words from the locale or strftime."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, time

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtGui import QPageSize

from planner.core.dates import day_text
from planner.ui.printing import GlanceDocument, SheetDocument, WeekDocument, course_weeks, pdf_bytes
from planner.ui.printing.day_list import DayListDocument
from tests.department_sample import DAY, sample_agenda

from .helpers import plan
from .test_printing import context, pages_text

NUMERIC_DATE = re.compile(r"\b\d{1,4}[./-]\d{1,2}[./-]\d{1,4}\b")
LOCALES = {
    "en_US": QLocale(QLocale.Language.English, QLocale.Country.UnitedStates),  # 1/11/27, "Monday, January 11, 2027"
    "de_DE": QLocale(QLocale.Language.German, QLocale.Country.Germany),  # 11.01.27, "Montag, 11. Januar 2027"
    "en_GB": QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom),  # 11/01/2027
}


@pytest.fixture(params=sorted(LOCALES))
def machine_locale(request) -> Iterator[QLocale]:
    """The user's locale as Qt reports it, restored after the test."""
    before = QLocale()
    QLocale.setDefault(LOCALES[request.param])
    try:
        yield LOCALES[request.param]
    finally:
        QLocale.setDefault(before)


def locale_words(locale: QLocale, day: date) -> list[str]:
    """The locale's own names of the day and month ('Montag', 'Januar'; 'Monday', 'January')."""
    return [locale.dayName(day.isoweekday()), locale.monthName(day.month)]


def test_the_course_pages_write_dates_one_way(qapp, catalogue, machine_locale):
    schedule = plan(catalogue, site="breast", fractions=15, start=date(2027, 1, 11), at=time(10, 0), tz="Europe/London",
                    holidays="GB-ENG")
    ctx = context(catalogue, schedule)  # printed on Sat 21 Nov 2026
    sheet = " ".join(pages_text(pdf_bytes(SheetDocument(ctx), QPageSize.PageSizeId.A4, "t")))
    week = " ".join(pages_text(pdf_bytes(WeekDocument(ctx, course_weeks(schedule)[:1]), QPageSize.PageSizeId.A4, "t")))
    glance = " ".join(pages_text(pdf_bytes(GlanceDocument(ctx, course_weeks(schedule), 5), QPageSize.PageSizeId.A4, "t")))
    assert "15 treatment sessions, from Mon 11 Jan 2027 to Fri 29 Jan 2027" in sheet
    for fraction in schedule.fractions:
        assert f"{day_text(fraction.start.date())} {fraction.start:%H:%M}" in sheet
    assert "Week of Mon 11 Jan 2027 to Sun 17 Jan 2027" in week and "Wed 13 Jan" in week
    assert "Mon 11 Jan" in glance and "Fri 29 Jan" in glance
    for text in (sheet, week, glance):
        assert "Printed on Sat 21 Nov 2026" in text
        assert not NUMERIC_DATE.findall(text)
        assert not [word for word in locale_words(machine_locale, date(2027, 1, 11)) if word in text]


def test_the_day_list_writes_dates_one_way(qtbot, machine_locale):
    document = DayListDocument(sample_agenda(), DAY, discreet=False, clinic_name="City", printed_on=date(2026, 11, 7))
    (text,) = pages_text(pdf_bytes(document, QPageSize.PageSizeId.A4, "Day list"))
    assert "Day list Tue 24 Nov 2026" in text and "Printed on Sat 7 Nov 2026" in text
    assert not NUMERIC_DATE.findall(text) and "Tuesday" not in text and "07 Nov" not in text


def test_the_print_dialog_names_its_weeks_the_same_way(qtbot):
    from planner.ui.dialogs import PrintDialog

    dialog = PrintDialog([date(2027, 1, 4), date(2027, 1, 11)])
    qtbot.addWidget(dialog)
    assert [dialog.first.itemText(i) for i in range(2)] == ["Week of Mon 4 Jan 2027", "Week of Mon 11 Jan 2027"]
