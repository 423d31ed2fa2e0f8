"""The date pickers and the month view mark the clinic's days without treatment, not Qt's red weekend: a clinic
that treats on Saturdays sees Saturday written like Monday, Sunday muted and in italics, in a light, a dark and a
high-contrast palette alike (the muted tone at least 4.5:1 on the calendar's background)."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette

from planner.core.clinic import ClinicCalendar
from planner.ui.colours import AA_TEXT, contrast, dark_palette, high_contrast_palette
from planner.ui.course_form import ClinicCalendarPopup
from planner.ui.date_field import DateField
from planner.ui.month_view import MonthView
from planner.ui.weekday_marks import DAYS_OF_WEEK

from .helpers import plan

MON_TO_SAT = frozenset(range(6))
RED = QColor(Qt.GlobalColor.red)


def light_palette() -> QPalette:
    return QPalette(QColor("#efefef"))


def assert_marked(calendar, treated: frozenset[int]) -> None:
    """Treatment days in the palette's text colour, upright; the others muted, italic and readable."""
    palette = calendar.palette()
    base = palette.color(QPalette.ColorRole.Base)
    text = palette.color(QPalette.ColorRole.Text)
    for index, day in enumerate(DAYS_OF_WEEK):
        fmt = calendar.weekdayTextFormat(day)
        colour = fmt.foreground().color()
        assert colour != RED, day
        if index in treated:
            assert colour == text and not fmt.fontItalic(), day
        else:
            assert colour != text and fmt.fontItalic(), day
            assert contrast(colour, base) >= AA_TEXT, (day, colour.name(), base.name())


@pytest.mark.parametrize("palette", [light_palette, dark_palette, high_contrast_palette])
def test_the_date_picker_marks_the_clinics_days_without_treatment(qtbot, palette):
    popup = ClinicCalendarPopup()
    qtbot.addWidget(popup)
    popup.setPalette(palette())
    popup.set_clinic(ClinicCalendar(treatment_days=MON_TO_SAT))
    assert_marked(popup, MON_TO_SAT)
    sunday = popup.dateTextFormat(popup.selectedDate().addDays(6 - popup.selectedDate().dayOfWeek() + 1))
    assert sunday.toolTip().endswith("not a treatment day")
    popup.set_clinic(ClinicCalendar(treatment_days=frozenset({0, 2, 4})))  # three days a week
    assert_marked(popup, frozenset({0, 2, 4}))


def test_a_new_palette_marks_the_days_again(qtbot):
    popup = ClinicCalendarPopup()
    qtbot.addWidget(popup)
    popup.set_clinic(ClinicCalendar(treatment_days=MON_TO_SAT))
    popup.setPalette(high_contrast_palette())
    assert_marked(popup, MON_TO_SAT)


def test_a_date_field_without_a_clinic_has_no_red_weekend(qtbot):
    field = DateField()
    qtbot.addWidget(field)
    assert_marked(field.calendarWidget(), frozenset(range(7)))


@pytest.mark.parametrize("palette", [light_palette, dark_palette, high_contrast_palette])
def test_the_month_view_follows_the_courses_treatment_days(qtbot, catalogue, palette):
    view = MonthView()
    qtbot.addWidget(view)
    view.setPalette(palette())
    assert_marked(view, frozenset(range(7)))  # no course yet: every day alike
    view.set_schedule(plan(catalogue, days=MON_TO_SAT, start=date(2026, 11, 2)))
    assert_marked(view, MON_TO_SAT)
    view.set_schedule(plan(catalogue, start=date(2026, 11, 2)))  # Monday to Friday
    assert_marked(view, frozenset(range(5)))


def test_the_month_legend_says_what_the_italic_days_are(qtbot):
    from planner.ui.month_view import MonthPanel

    panel = MonthPanel()
    qtbot.addWidget(panel)
    assert "Grey italic</i>: no treatment that weekday" in panel.legend.text().replace("\u00a0", " ")
