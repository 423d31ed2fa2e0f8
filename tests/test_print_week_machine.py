"""The printed week names each booked appointment's machine where it survives: on its own line under
the title and before the location, which a block too small for every line leaves off first. The window's
print and the command line's say the same; a discreet print names no machine (a machine's name tells
the treatment)."""

from __future__ import annotations

import contextlib
import io
from dataclasses import replace

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage, QPageSize, QPainter

from planner.cli import main
from planner.ui.printing import WeekDocument, context_from, course_weeks, pdf_bytes
from planner.ui.printing.canvas import Canvas

from .store.booking_scenario import main_window_on, stock
from .test_app_booked_times import book, pdf_text

LOCATION = "Riverside Cancer Centre, 12 River Road, London SE1 9XX"
A4 = QPageSize.PageSizeId.A4


@pytest.fixture
def url(tmp_path) -> str:
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["course", "save", "--db", url, "--course-id", "course-prostate", "--location", LOCATION]) == 0
    book(url)
    return url


def cli_week(url: str, target, *extra: str) -> str:
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["print", "--db", url, "--course-id", "course-prostate", "--week", "2030-03-25", "-o", str(target), *extra]) == 0
    return pdf_text(target.read_bytes())


def test_the_command_lines_week_names_the_machine_of_every_fraction(url, tmp_path, qapp):
    text = cli_week(url, tmp_path / "week.pdf")
    assert text.count("Linac 1") == 5  # Monday to Friday, one fraction a day
    assert "Riverside Cancer Cen" in text  # the location still follows, cut to the column


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


class Recording(Canvas):
    """A canvas that keeps the words it draws."""

    def __init__(self, painter: QPainter) -> None:
        super().__init__(painter)
        self.said: list[str] = []

    def text(self, rect: QRectF, text: str, *args, **kwargs) -> None:  # type: ignore[override]
        self.said.append(text)
        super().text(rect, text, *args, **kwargs)


def test_a_block_too_small_for_every_line_leaves_off_the_location_before_the_machine(url, qtbot, monkeypatch, qapp):
    with main_window_on(qtbot, monkeypatch, url) as window:
        window.store_link.open_course("course-prostate")
        context = context_from(window.courses.print_context())
    fraction = context.schedule.fractions[1]
    document = WeekDocument(context, course_weeks(context.schedule)[:1])
    image = QImage(600, 600, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    try:
        canvas = Recording(painter)
        lines = document._block_lines(canvas, 150, fraction)
        assert [text for text, _ in lines][-2:] == ["Linac 1", canvas.elide(LOCATION, 150, canvas.font())]
        height = canvas.line_height(canvas.font())
        document._block(canvas, QRectF(0, 0, 160, (len(lines) - 1) * height + 4), fraction)
        small = list(canvas.said)
        canvas.said.clear()
        document._block(canvas, QRectF(0, 0, 160, len(lines) * height + 4), fraction)
    finally:
        painter.end()
    assert "Linac 1" in small and not any(text.startswith("Riverside") for text in small)
    assert "Linac 1" in canvas.said and any(text.startswith("Riverside") for text in canvas.said)


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
