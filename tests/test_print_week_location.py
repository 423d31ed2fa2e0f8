"""The printed week says where once, whole, under its header: a course has one location, and each block's
column cut it to 'Riverside Cancer Cen…'. The blocks keep the time, title and machine; a discreet page's
location names no clinic."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QImage, QPainter

from planner.ui.printing import WeekDocument, context_from, course_weeks
from planner.ui.printing.canvas import Canvas

from .store.booking_scenario import main_window_on
from .test_print_week_machine import LOCATION, booked_with_location, cli_week


@pytest.fixture
def url(tmp_path) -> str:
    return booked_with_location(tmp_path)


def test_the_week_names_the_location_once_and_whole(url, tmp_path, qapp):
    text = cli_week(url, tmp_path / "week.pdf")
    assert text.count(f"Where: {LOCATION}") == 1
    assert "Cen…" not in text and text.count("12 River Road") == 1  # in no block of the five fractions
    assert text.count("Linac 1") == 5


def test_a_discreet_week_says_where_without_the_clinics_name(url, tmp_path, qapp):
    text = cli_week(url, tmp_path / "week.pdf", "--discreet")
    assert text.count("Where: 12 River Road, London SE1 9XX") == 1
    assert "Riverside" not in text and "Cancer" not in text


def test_no_block_repeats_the_location(url, qtbot, monkeypatch, qapp):
    with main_window_on(qtbot, monkeypatch, url) as window:
        window.store_link.open_course("course-prostate")
        context = context_from(window.courses.print_context())
    document = WeekDocument(context, course_weeks(context.schedule)[:1])
    assert document.where_line() == f"Where: {LOCATION}"
    image = QImage(600, 600, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    try:
        lines = [text for text, _ in document._block_lines(Canvas(painter), 150, context.schedule.fractions[1])]
    finally:
        painter.end()
    assert lines[-1] == "Linac 1" and not any("River" in line for line in lines)


def test_a_location_that_only_repeats_the_header_is_not_said_twice(url, qtbot, monkeypatch, qapp):
    from dataclasses import replace

    with main_window_on(qtbot, monkeypatch, url) as window:
        window.store_link.open_course("course-prostate")
        context = context_from(window.courses.print_context())
    assert WeekDocument(replace(context, location=f" {context.clinic_heading} "), []).where_line() == ""
    assert WeekDocument(replace(context, location=""), []).where_line() == ""
