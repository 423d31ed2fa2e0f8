"""A print preview records each page and replays it on a painter of its own, whose pen is the
window palette's text colour (light grey in a dark palette). QPainter skips a pen equal to the one
it holds, so text drawn black before any other pen was not recorded as black: the day list's title
and clinic line came out nearly invisible on the preview's white paper. Every page must look the
same whatever pen the replaying painter holds."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QImage, QPainter, QPen, QPicture

from planner.ui.printing import SheetDocument, WeekDocument, course_weeks, paint_document
from planner.ui.printing.day_list import DayListDocument
from tests.department_sample import DAY, sample_agenda

from .test_printing import context, forty


class RecordedPages(QPicture):
    """A preview's recording, its pages drawn over one another (what matters is each page's first pen)."""

    def newPage(self) -> bool:  # noqa: N802 - Qt's name
        return True


def replayed(document, pen: QColor) -> QImage:
    recording = RecordedPages()
    recording.setBoundingRect(QRect(0, 0, 595, 842))
    assert paint_document(document, recording) >= 1
    image = QImage(595, 842, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    try:
        painter.setPen(QPen(pen))
        painter.drawPicture(0, 0, recording)
    finally:
        painter.end()
    return image


def documents(catalogue):
    schedule = forty(catalogue)
    yield DayListDocument(sample_agenda(), DAY, discreet=False, clinic_name="City", printed_on=date(2026, 11, 21))
    yield DayListDocument(sample_agenda(), DAY, discreet=True, clinic_name="City", printed_on=date(2026, 11, 21), page_per_machine=True)
    yield WeekDocument(context(catalogue, schedule), course_weeks(schedule))
    yield SheetDocument(context(catalogue, schedule))


@pytest.mark.parametrize("which", range(4))
def test_a_page_looks_the_same_whatever_pen_the_preview_holds(qapp, catalogue, which):
    document = list(documents(catalogue))[which]
    assert replayed(document, QColor("#dddddd")) == replayed(document, QColor("black"))
